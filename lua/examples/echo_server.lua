-- Multi-homed SCTP echo server in Lua (one-to-many socket on 127.0.0.1 and 127.0.0.2).
-- usage: lua5.4 echo_server.lua [port-file]
local sctp = require "sctp"
local PPIDS = { [3] = "M3UA", [18] = "S1AP", [46] = "Diameter", [60] = "NGAP" }

local srv <close> = assert(sctp.seqpacket())
assert(srv:bindx({ { "127.0.0.1", 0 } }))
local _, port = srv:getsockname()
assert(srv:bindx({ { "127.0.0.2", port } }))
assert(srv:setoption("SCTP_INITMSG", { num_ostreams = 5, max_instreams = 5 }))
assert(srv:subscribe("association", "address", "shutdown"))
assert(srv:listen())
srv:settimeout(30)
print(("listening on 127.0.0.1 and 127.0.0.2, port %d"):format(port))
if arg[1] then local f = assert(io.open(arg[1], "w")); f:write(port); f:close() end

while true do
  local data, info = assert(srv:recv())
  local n = info.notification
  if n then
    print(("notification: %s%s association %d"):format(n.type_name, n.state_name and (" " .. n.state_name) or "", n.assoc_id or 0))
    if n.type_name == "ASSOC_CHANGE" and (n.state_name == "SHUTDOWN_COMP" or n.state_name == "COMM_LOST") then break end
  else
    print(("received %-32s stream %d  ppid %d (%s)  from %s:%d  association %d"):format(
      ("%q"):format(data), info.stream, info.ppid, PPIDS[info.ppid] or "?", info.from.addr, info.from.port, info.assoc_id))
    assert(srv:send(data:upper(), { stream = info.stream, ppid = info.ppid, assoc_id = info.assoc_id }))
  end
end
