#!/bin/sh
# install-deps.sh PACKAGE...: install the Debian packages that are missing.
# Needs root (or sudo) only when something is missing.
missing=
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=
elif command -v sudo >/dev/null; then
    SUDO=sudo
else
    echo "error: run as root, or install them: apt-get install$missing" >&2
    exit 1
fi
case "$missing" in *:i386*) $SUDO dpkg --add-architecture i386 ;; esac
# a partly failed update (a mirror mid-sync) still lets most installs work
$SUDO apt-get update -q >/dev/null ||
    echo "warning: apt-get update failed in part; trying the install anyway" >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=300 \
    $missing >/dev/null || {
    echo "error: apt-get install$missing failed" >&2
    exit 1
}
