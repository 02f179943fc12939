#!/bin/bash
set -e
npm run build
tar czf site.tgz -C dist .
scp site.tgz deploy@web.example.com:/srv/site/
ssh deploy@web.example.com 'cd /srv/site && tar xzf site.tgz && rm site.tgz'
