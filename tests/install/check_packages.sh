#!/bin/sh
# The packages a user installs, each with a real exchange over kernel SCTP:
#   check_packages.sh DIR
# DIR/venv-pip (`pip install .`), DIR/venv-wheel (the wheel of `python -m build`) and
# DIR/rocks (a tree of `luarocks make`), as `./run test --all` makes them.
set -u
DIR=$1
pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
notok() { echo "not ok - $1"; fail=$((fail + 1)); }

EXCHANGE='
import socket, sys
import sctp
assert sctp.__file__.startswith(sys.prefix), sctp.__file__      # the venv'"'"'s copy
srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0)); srv.listen(1)
cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
cli.settimeout(5); cli.connect(srv.getsockname())
conn, _ = srv.accept(); conn.settimeout(5)
cli.sctp_send(b"S1 Setup Request", stream=1, ppid=18)
m = conn.sctp_recv()
assert (m.data, m.stream, m.ppid) == (b"S1 Setup Request", 1, 18), m
old = sctp.sctpsocket_tcp(socket.AF_INET)                          # the pysctp API too
print(sctp.__version__, sys.version.split()[0])
'
for v in venv-pip venv-wheel; do
    py=$DIR/$v/bin/python
    if out=$(cd / && "$py" -c "$EXCHANGE" 2>&1); then
        ok "$v: Python $out: an exchange through the installed package"
    else
        notok "$v: exchange"; echo "$out" | sed 's/^/# /'
    fi
    if "$DIR/$v/bin/sctp" info --json | "$py" -c 'import json, sys; assert json.loads(sys.stdin.readline())'; then
        ok "$v: the sctp command runs"; else notok "$v: the sctp command"; fi
    meta=$("$py" -m pip show sctp 2>/dev/null)
    if echo "$meta" | grep -q '^Name: sctp' && echo "$meta" | grep -q '^License: MIT' &&
       echo "$meta" | grep -q "^Version: $("$py" -c 'import sctp; print(sctp.__version__)')"; then
        ok "$v: pip show sctp gives the metadata"; else notok "$v: pip show"; echo "$meta" | sed 's/^/# /'; fi
done

if out=$(cd / && eval "$(luarocks --lua-version 5.4 --tree "$DIR/rocks" path)" && ROCKS=$DIR/rocks lua5.4 -e '
    local sctp = require "sctp"
    assert(package.searchpath("sctp", package.path):find(os.getenv("ROCKS"), 1, true), "not the rock")
    local server <close> = assert(sctp.tcp())
    assert(server:bind("127.0.0.1", 0)); assert(server:listen())
    local _, port = server:getsockname()
    local client <close> = assert(sctp.tcp())
    client:settimeout(5)
    assert(client:connect("127.0.0.1", port))
    local conn <close> = assert(server:accept())
    conn:settimeout(5)
    assert(client:send("S1 Setup Request", { stream = 1, ppid = 18 }))
    local data, info = assert(conn:recv())
    assert(data == "S1 Setup Request" and info.stream == 1 and info.ppid == 18)
    print(sctp._VERSION)' 2>&1); then
    ok "luarocks make: sctp $out: an exchange through the installed rock"
else
    notok "luarocks make: exchange"; echo "$out" | sed 's/^/# /'
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
