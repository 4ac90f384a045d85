-- The Lua client of test_multihoming.py's failover scenario (runs in namespace mhA):
--   lua5.4 mh_client.lua A1 A2 PEER1 PEER2 PORT COUNT
-- Sends COUNT numbered messages, takes path 1 down after a third and up after two thirds,
-- and prints one line: "unreachable=<bool> available=<bool> primary=<addr>".
local sctp = require "sctp"
local a1, a2, p1, p2, port, count = arg[1], arg[2], arg[3], arg[4], tonumber(arg[5]), tonumber(arg[6])

local c = assert(sctp.tcp())
assert(c:bindx({ { a1, 0 }, { a2, 0 } }))
assert(c:setoption("SCTP_INITMSG", { num_ostreams = 4, max_instreams = 4 }))
c:settimeout(60)
-- the association outlives the outage (10 retransmissions at the timers below can be 4 s);
-- set before it exists: the kernel caps a live one at the sum of its paths' limits
assert(c:setoption("SCTP_ASSOCINFO", { asocmaxrxt = 100 }))
assert(c:connectx({ { p1, port }, { p2, port } }))
assert(c:setoption("SCTP_RTOINFO", { initial = 200, min = 100, max = 400 }))
assert(c:setoption("SCTP_PEER_ADDR_PARAMS", { hbinterval = 200, pathmaxrxt = 2, flags = sctp.SPP_HB_ENABLE }))
assert(c:subscribe("address"))

local function send(lo, hi)
  for n = lo, hi - 1 do assert(c:send(tostring(n), { stream = n % 4, ppid = 1000 + n % 4 })) end
end

-- Wait (at most 30 s) for an address notification of that state for path 1's peer address.
local function await(state)
  c:settimeout(0.1)
  local deadline = os.time() + 30
  while os.time() < deadline do
    local data, info = c:recv()
    local n = data and info.notification
    if n and n.state_name == state and n.addr.addr == p1 then c:settimeout(60) return true end
  end
  c:settimeout(60)
  return false
end

local third = count // 3
send(0, third)
assert(os.execute("ip link set a1 down"))
send(third, 2 * third)
local down = await("ADDR_UNREACHABLE")
assert(os.execute("ip link set a1 up"))
local up = await("ADDR_AVAILABLE")
assert(c:setoption("SCTP_PRIMARY_ADDR", { addr = { p2, port } }))
local primary = c:getoption("SCTP_STATUS").primary_address.addr
send(2 * third, count)
repeat
  local data, info = assert(c:recv())
until data == "done" and not info.notification
print(("unreachable=%s available=%s primary=%s"):format(down, up, primary))
c:close()
