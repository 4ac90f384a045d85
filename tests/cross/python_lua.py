"""Cross-language: a Python one-to-one server talks to a Lua client, and back."""
import os
import socket
import subprocess
import sys

import sctp

srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
srv.settimeout(20)
lua = subprocess.Popen(["lua5.4", os.path.join(os.environ["SCTP_LUA_DIR"], "lua_client.lua"),
                        str(srv.getsockname()[1])])
conn, _ = srv.accept()
conn.settimeout(20)
msg = conn.sctp_recv()
assert (msg.data, msg.stream, msg.ppid) == (b"from lua", 1, 0xC0FFEE), msg
conn.sctp_send(b"from python", stream=2, ppid=60)
assert lua.wait(20) == 0, "the Lua client failed"
print("1 passed, 0 failed")
