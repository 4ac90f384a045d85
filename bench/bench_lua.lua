-- Per-call cost of the Lua API (same protocol as bench_c.c).
--   lua5.4 bench_lua.lua STYLE SIZE COUNT REPS [batch|batch_into|iter]
-- recv and send as a user calls them (recv() with its default size); with "batch", messages
-- go by send_many and come by recv_many, 64 per call (one-to-one); "batch_into" receives
-- them with recv_many_into into one sctp.batch; with "iter", a loop over rx:messages() takes
-- one message per step (read ahead 16 at a time, the default).
-- REPS 0 runs one rep per line read from stdin (run_bench.py takes turns).
-- With BENCH_RECEIVE_ONLY=1 or BENCH_SEND_TO=PORT the other end is another process, as in
-- bench_c.
local sctp = require "sctp"
local style, size, count, reps = arg[1], tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4])
local batch_into = arg[5] == "batch_into"
local iter = arg[5] == "iter"
local batch = arg[5] == "batch" or batch_into
local impl = batch_into and "lua_batch_into" or batch and "lua_batch" or iter and "lua_iter" or "lua"
local seq = style == "seqpacket"
local receive_only = os.getenv("BENCH_RECEIVE_ONLY") == "1"
local send_to = tonumber(os.getenv("BENCH_SEND_TO"))
local msg = string.rep("x", size)
local clock = require("socket").gettime     -- LuaSocket's wall clock, microsecond resolution

-- The buffers bench_c.c and bench_py.py ask for: 32 MiB, which the kernel doubles.  They use
-- SO_*BUFFORCE; the plain options get the same here, as run_bench.py raises rmem_max and
-- wmem_max to 64 MiB.
local function big(s)
  s:setoption("SO_RCVBUF", { value = 32 << 20 })
  s:setoption("SO_SNDBUF", { value = 32 << 20 })
end
-- Until every association's send queue is empty (see bench_c.c), at most 10 s.
local function settle()
  for _ = 1, 1000 do
    local busy = false
    local f = io.open("/proc/net/sctp/assocs")
    f:read("l")
    for line in f:lines() do
      local n = 0
      for w in line:gmatch("%S+") do
        n = n + 1
        if n == 8 then busy = busy or tonumber(w) > 0 break end
      end
    end
    f:close()
    if not busy then return end
    local t = clock(); while clock() - t < 0.01 do end
  end
end

local srv = assert(sctp.socket("inet", style))
big(srv)
assert(srv:bind("127.0.0.1", 0))
assert(srv:listen())
local host, port = srv:getsockname()
local tx = assert(sctp.socket("inet", style))
big(tx)
assert(tx:setoption("SCTP_NODELAY", { value = 1 }))
tx:settimeout(5); srv:settimeout(5)
local rx, opts
if send_to then         -- the receiver is the process that named its port; srv is unused
  port = send_to
  if not seq then assert(tx:connect(host, port)) end
  io.write('{"ready": true}\n'); io.flush()
elseif receive_only then    -- tx stays unused: the sender is the process told the port
  io.write(('{"port": %d}\n'):format(port)); io.flush()
elseif seq then
  assert(tx:send(msg, { to = { host, port } }))
  assert(srv:recv(size + 1))
else
  assert(tx:connect(host, port))
end
if seq then
  rx = srv
  opts = { stream = 1, ppid = 46, to = { host, port } }
elseif send_to then
  rx = srv
  opts = { stream = 1, ppid = 46 }
else
  rx = assert(srv:accept())
  big(rx)
  opts = { stream = 1, ppid = 46 }
end
-- the timed calls block without a timeout, as in bench_c.c and bench_py.py
tx:settimeout(nil); rx:settimeout(nil)
local function send_all()
  for _ = 1, count do assert(tx:send(msg, opts)) end
end
local function recv_all()
  for _ = 1, count do assert(rx:recv()) end
end
if iter then
  function recv_all()       -- a user's loop: for data, info in sock:messages() do ... end
    local n = 0
    for _ in rx:messages() do
      n = n + 1
      if n == count then break end
    end
  end
end
if batch then
  local full = {}
  for i = 1, 64 do full[i] = msg end
  function send_all()
    local n = 0
    while n < count do
      local list = full
      if count - n < 64 then list = table.move(full, 1, count - n, 1, {}) end
      n = n + assert(tx:send_many(list, opts))
    end
  end
  function recv_all()
    local n = 0
    while n < count do n = n + #assert(rx:recv_many(math.min(64, count - n), size + 1)) end
  end
  if batch_into then
    local room = sctp.batch(64, size + 1)
    function recv_all()
      local n = 0
      while n < count do n = n + assert(rx:recv_many_into(room)) end
    end
  end
end
local function one_rep()
  if receive_only then
    local t0 = clock()
    recv_all()
    return 0, math.floor((clock() - t0) * 1e9 / count)
  elseif send_to then
    local t0 = clock()
    send_all()
    return math.floor((clock() - t0) * 1e9 / count), 0
  end
  local t0 = clock()
  send_all()
  local send = math.floor((clock() - t0) * 1e9 / count)
  settle()
  t0 = clock()
  recv_all()
  return send, math.floor((clock() - t0) * 1e9 / count)
end
if reps == 0 then       -- one rep per line read from stdin (run_bench.py takes turns)
  for _ in io.lines() do
    local send, recv = one_rep()
    io.write(('{"impl": "%s", "send": %d, "recv": %d}\n'):format(impl, send, recv))
    io.flush()
  end
  return
end
local send_ns, recv_ns = {}, {}
for r = 1, reps do send_ns[r], recv_ns[r] = one_rep() end
print(('{"impl": "%s", "op": "send", "ns": [%s]}'):format(impl, table.concat(send_ns, ", ")))
print(('{"impl": "%s", "op": "recv", "ns": [%s]}'):format(impl, table.concat(recv_ns, ", ")))
