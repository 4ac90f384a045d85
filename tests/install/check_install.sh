#!/bin/sh
# `cmake --install` puts a working C library + header (with CMake and pkg-config files),
# Python package and Lua module in place.
set -eu
BUILD=$1
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT
cmake --install "$BUILD" --prefix "$PREFIX" > /dev/null
fail=0
check() { if [ -e "$PREFIX/$1" ]; then echo "ok - installed $1"; else echo "not ok - missing $1"; fail=1; fi; }
check include/sctp_core.h
check lib/libsctp_core.a
check share/lua/5.4/sctp.lua
check lib/lua/5.4/sctp/core.so
pydir=$(cd "$PREFIX" && find . -path '*/sctp/__init__.py' | head -1 | xargs dirname | xargs dirname)
check "$pydir/_sctp.py"
# The installed modules load and see the kernel's constants.
if PYTHONPATH="$PREFIX/$pydir" /usr/bin/python3 -c 'import sctp, _sctp; assert sctp.__file__.startswith("'"$PREFIX"'"); assert _sctp.getconstant("IPPROTO_SCTP") == 132'; then
    echo "ok - installed Python package imports"; else echo "not ok - Python import"; fail=1; fi
if LUA_PATH="$PREFIX/share/lua/5.4/?.lua" LUA_CPATH="$PREFIX/lib/lua/5.4/?.so" lua5.4 -e 'local s = require "sctp"; assert(s.IPPROTO_SCTP == 132); assert(s.tcp()):close()'; then
    echo "ok - installed Lua module loads"; else echo "not ok - Lua require"; fail=1; fi
# C programs build against the installed core both ways, and run (a real SCTP socket).
check lib/cmake/sctp/sctpConfig.cmake
check lib/pkgconfig/sctp_core.pc
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
HERE=$(dirname "$(readlink -f "$0")")
if cmake -S "$HERE/consumer" -B "$PREFIX/consumer" -DCMAKE_PREFIX_PATH="$PREFIX" > /dev/null &&
   cmake --build "$PREFIX/consumer" > /dev/null && "$PREFIX/consumer/consumer" "$version"; then
    echo "ok - a C program builds with find_package(sctp) and runs"; else echo "not ok - find_package(sctp)"; fail=1; fi
if cc -o "$PREFIX/consumer-pc" "$HERE/consumer/main.c" \
       $(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --cflags --libs sctp_core) &&
   "$PREFIX/consumer-pc" "$version"; then
    echo "ok - a C program builds with pkg-config sctp_core and runs"; else echo "not ok - pkg-config"; fail=1; fi
[ $fail = 0 ] && echo "11 passed, 0 failed" || echo "install check failed"
exit $fail
