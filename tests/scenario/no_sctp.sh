#!/bin/sh
# On a kernel without SCTP (the VM booted with SCTP_VM_NO_SCTP=1), every way in says so and
# says what to do:   no_sctp.sh BUILD
set -u
BUILD=$1
export PYTHONPATH="$BUILD/python" LUA_PATH="$BUILD/lua/?.lua;;" LUA_CPATH="$BUILD/lua/?.so;;"
pass=0 fail=0
check() {
    if [ "$2" = 0 ]; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi
}

# the kernel really has none: the standard socket module cannot make one either
/usr/bin/python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132)' 2>/dev/null
check "this kernel has no SCTP" $((1 - $?))

/usr/bin/python3 -c '
import errno, socket, sctp
for make in (lambda: sctp.SCTPSocket(), lambda: sctp.sctpsocket_tcp(socket.AF_INET),
             lambda: sctp.sctpsocket_udp(socket.AF_INET)):
    try:
        make()
    except OSError as e:
        assert e.errno == errno.EPROTONOSUPPORT and "modprobe sctp" in str(e), e
        message = str(e)
    else:
        raise AssertionError("a socket without SCTP")
print("#", message)'
check "Python: OSError(EPROTONOSUPPORT) saying modprobe sctp" $?

lua5.4 -e '
local sctp = require "sctp"
for _, make in ipairs { sctp.tcp, sctp.seqpacket6 } do
  local s, err, errno = make()
  assert(s == nil and errno == 93 and err:find("modprobe sctp", 1, true), err)
end
print("# " .. select(2, sctp.tcp()))'
check "Lua: nil, message saying modprobe sctp, EPROTONOSUPPORT" $?

out=$(/usr/bin/python3 -m sctp info 2>&1)
check "sctp info says SCTP is not available" $(echo "$out" | grep -q "not available (modprobe sctp)"; echo $?)
/usr/bin/python3 -m sctp listen -p 5000 2> "$BUILD/no_sctp.err"
rc=$?
check "sctp listen: exit 1, one line naming the errno" \
    $([ $rc = 1 ] && [ "$(wc -l < "$BUILD/no_sctp.err")" = 1 ] && grep -q EPROTONOSUPPORT "$BUILD/no_sctp.err"; echo $?)
sed 's/^/# /' "$BUILD/no_sctp.err"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
