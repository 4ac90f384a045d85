-- SCTP client in Lua for echo_server.lua / echo_server.py: multi-homed connect, messages on
-- several streams with PPIDs, notifications, then a graceful close.
-- usage: lua5.4 echo_client.lua port
local sctp = require "sctp"
local port = assert(tonumber(arg[1]), "usage: echo_client.lua port")

local c <close> = assert(sctp.tcp())
assert(c:setoption("SCTP_INITMSG", { num_ostreams = 5, max_instreams = 5 }))
assert(c:subscribe("association", "address"))
c:settimeout(10)
local assoc = assert(c:connectx({ { "127.0.0.1", port }, { "127.0.0.2", port } }))
local peers = {}
for _, a in ipairs(assert(c:getpaddrs())) do peers[#peers + 1] = a.addr end
print(("association %d up; peer addresses %s"):format(assoc, table.concat(peers, ", ")))

local function receive()
  while true do
    local data, info = assert(c:recv())
    if not info.notification then return data, info end
    local n = info.notification
    print(("notification: %s %s%s"):format(n.type_name, n.state_name or "",
      n.addr and (" " .. n.addr.addr .. ":" .. n.addr.port) or ""))
  end
end

for _, m in ipairs { { 0, 18, "S1 Setup Request" }, { 1, 60, "NG Setup Request" }, { 2, 46, "Capabilities-Exchange-Request" } } do
  local stream, ppid, payload = m[1], m[2], m[3]
  assert(c:send(payload, { stream = stream, ppid = ppid }))
  print(("sent     %-32s stream %d  ppid %d"):format(("%q"):format(payload), stream, ppid))
  local data, info = receive()
  print(("echoed   %-32s stream %d  ppid %d  ssn %d  tsn %d"):format(("%q"):format(data), info.stream, info.ppid, info.ssn, info.tsn))
end
print("closing: the association shuts down gracefully")
