#!/bin/bash
env | grep -i _proxy || echo "no proxy variables set"
curl -s -o /dev/null -w "%{http_code}\n" https://www.example.com/
