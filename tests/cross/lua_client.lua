-- The Lua side of python_lua.py: send one message, check the Python server's answer.
local sctp = require "sctp"
local c = assert(sctp.tcp())
c:settimeout(20)
assert(c:connect("127.0.0.1", tonumber(arg[1])))
assert(c:send("from lua", { stream = 1, ppid = 0xC0FFEE }))
local data, info = assert(c:recv())
assert(data == "from python" and info.stream == 2 and info.ppid == 60, "unexpected answer")
c:close()
