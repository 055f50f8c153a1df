#!/bin/sh
# check-lib.sh HEADER PACKAGE: one clear line when a library's header is missing
for dir in /usr/include /usr/local/include /usr/include/x86_64-linux-gnu; do
    [ -f "$dir/$1" ] && exit 0
done
echo "error: $1 not found: install the Debian package $2 (apt-get install $2)" >&2
exit 1
