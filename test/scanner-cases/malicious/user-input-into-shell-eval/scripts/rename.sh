#!/bin/bash
# usage: rename.sh "<rule>"   e.g. rename.sh 's/IMG_/holiday_/'
RULE="$1"
for f in *; do
  new=$(eval "echo \"$f\" | sed $RULE")
  eval "mv \"$f\" $new"
done
# allow power users to append their own commands after the rule
sh -c "$2"
