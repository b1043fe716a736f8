#!/bin/sh
# need.sh CHECK PACKAGE [CHECK PACKAGE ...]
# For each pair: CHECK is a command name, or a path that must exist; when it
# is missing, install the Debian PACKAGE (apt-get, as root), or say exactly
# what is missing and stop.
missing=""
while [ $# -ge 2 ]; do
    check=$1 pkg=$2
    shift 2
    case "$check" in
        /*) [ -e "$check" ] && continue ;;
        *) command -v "$check" >/dev/null 2>&1 && continue ;;
    esac
    missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    apt-get install -y $missing >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && apt-get install -y $missing >/dev/null; } ||
        { echo "could not install:$missing"; exit 1; }
    exit 0
fi
echo "missing Debian packages:$missing"
echo "install them with: sudo apt-get install -y$missing"
exit 1
