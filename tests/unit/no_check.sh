#!/bin/sh
# no_check.sh: registered instead of the unit tests when configure did not
# find the Check library.  Their absence is a failure, not a quiet pass:
# a suite that has lost its unit tests must not look green.
echo "not ok 1 - unit tests: configure did not find the Check library, so none were built (install the Debian package check, then run configure again)"
echo "1..1"
