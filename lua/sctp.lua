--- SCTP for Lua 5.4 on Linux, with LuaSocket manners.
--
--   local sctp = require "sctp"
--   local srv = assert(sctp.tcp())            -- one-to-one; sctp.seqpacket() for one-to-many
--   assert(srv:bind("127.0.0.1", 0)); assert(srv:listen())
--
-- OS errors return nil, message, errno ("timeout" when a timeout expires); misuse (wrong
-- argument types, unknown options, a closed socket) raises.  PPIDs are integers in host
-- byte order.  A socket is a userdata holding the C core's handle; its methods call the core.
local core = require "sctp.core"

local M = { _VERSION = core.version(), core = core }

-- A table of the C core, walked by index until it ends.
local function walk(at, each)
  local i = 0
  while true do
    local a, b, c = at(i)
    if a == nil then return end
    each(a, b, c)
    i = i + 1
  end
end

-- Every constant of the C core by its C name (SCTP_*, MSG_*, ...).
walk(core.constant_at, function(name, value) M[name] = value end)

--- The notification names subscribe() takes, with their type numbers.
M.EVENTS = {}
walk(core.event_at, function(name, type) M.EVENTS[name] = type end)

local Socket = {}
M.Socket = Socket
-- The C module made the metatables (luaL_newmetatable keeps them in the registry by name).
local registry = debug.getregistry()
local mt = registry["sctp.socket"]
mt.__index = Socket
mt.__name = "sctp.socket"
-- Each socket's Lua-side fields (family, style, timeout, ...), gone with the socket.
local states = setmetatable({}, { __mode = "k" })
local function state(s) return states[s] end

local function fd(self) return core.sock_fd(self) end
local function open_fd(self)
  local n = core.sock_fd(self)
  if n < 0 then error("attempt to use a closed sctp socket", 3) end
  return n
end

local function wrap(newfd, family, style)
  local s = core.sock_new(newfd)
  states[s] = { family = family, style = style }
  core.setopt(newfd, { "SCTP_RECVRCVINFO", value = 1 })   -- info with every message
  return s
end

--- Create a socket.  family: "inet" (default) or "inet6"; style: "stream" (one-to-one,
-- default) or "seqpacket" (one-to-many).
function M.socket(family, style)
  family = family or "inet"
  style = style or "stream"
  local af = ({ inet = M.AF_INET, inet6 = M.AF_INET6 })[family]
  local ty = ({ stream = M.SOCK_STREAM, seqpacket = M.SOCK_SEQPACKET })[style]
  if not af then error("bad argument #1 to 'socket' (\"inet\" or \"inet6\" expected)", 2) end
  if not ty then error("bad argument #2 to 'socket' (\"stream\" or \"seqpacket\" expected)", 2) end
  local n, err, errno = core.socket(af, ty)
  if not n then
    local hint = core.no_sctp_hint(errno)
    if hint then err = err .. ": " .. hint end
    return nil, err, errno
  end
  return wrap(n, family, style)
end
function M.tcp() return M.socket("inet", "stream") end
function M.tcp6() return M.socket("inet6", "stream") end
function M.seqpacket() return M.socket("inet", "seqpacket") end
function M.seqpacket6() return M.socket("inet6", "seqpacket") end

-- Batches: room for count messages of size bytes, filled by Socket:recv_many_into.
local Batch = {}
M.Batch = Batch
local bmt = registry["sctp.batch"]
bmt.__index = Batch
bmt.__name = "sctp.batch"
bmt.__len = function(b) return core.batch_received(b) end   -- (Lua passes the operand twice)

--- batch([count [, size]]) -> a batch for Socket:recv_many_into: room for count (at most 64,
-- default 16) messages of size bytes (default 65536; count * size at most 64 MiB).  #b is
-- how many the last receive brought; b:message(i) is recv_many's table for message i.
function M.batch(count, size)
  if count ~= nil and math.type(count) ~= "integer" then
    error("bad argument #1 to 'batch' (integer expected)", 2)
  end
  if size ~= nil and math.type(size) ~= "integer" then
    error("bad argument #2 to 'batch' (integer expected)", 2)
  end
  return core.batch_new(count or 16, size or 65536)
end
function Batch:message(i)
  if math.type(i) ~= "integer" then error("bad argument #1 to 'message' (integer expected)", 2) end
  return core.batch_at(self, i - 1)
end
function bmt:__tostring()
  return ("sctp.batch: %d of %d messages, size %d"):format(#self, core.batch_count(self),
                                                                   core.batch_size(self))
end

local function addr(host, port, name)
  if type(host) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(name, type(host)), 3)
  end
  if host == "*" then host = "" end
  return { host, port or 0 }
end

--- settimeout(t): nil or negative blocks, 0 never waits, t > 0 waits at most t seconds.
function Socket:settimeout(t)
  if t ~= nil and (type(t) ~= "number" or t ~= t) then
    error("bad argument #1 to 'settimeout' (number expected)", 2)
  end
  core.sock_settimeout(self, t)
  state(self).timeout = t
  return 1
end
function Socket:gettimeout() return state(self).timeout end
function Socket:getfd() return fd(self) end
function Socket:dirty() return false end           -- nothing is buffered on our side
function Socket:bind(host, port) return core.bind(open_fd(self), addr(host, port, "bind")) end
function Socket:listen(backlog) return core.listen(open_fd(self), backlog or 32) end
function Socket:connect(host, port) return core.connect(self, addr(host, port, "connect")) end
function Socket:getsockname()
  local a, e, n = core.getsockname(open_fd(self))
  if not a then return nil, e, n end
  return a.addr, a.port, a.family
end
function Socket:getpeername()
  local a, e, n = core.getpeername(open_fd(self))
  if not a then return nil, e, n end
  return a.addr, a.port, a.family
end
function Socket:shutdown(how)
  local h = ({ receive = 0, send = 1, both = 2 })[how or "both"]
  if not h then error("bad argument #1 to 'shutdown' (\"receive\", \"send\" or \"both\" expected)", 2) end
  return core.shutdown(open_fd(self), h)
end

function Socket:accept()
  local n, peer_or_err, errno = core.accept(self)
  if not n then return nil, peer_or_err, errno end
  local st = state(self)
  local c = wrap(n, st.family, "stream")
  if st.timeout then c:settimeout(st.timeout) end
  return c, peer_or_err
end

-- Address lists as given, or as getpaddrs/getladdrs return them ({addr =, port =}).
local function addr_list(addrs, name)
  if type(addrs) ~= "table" then error(("bad argument #1 to '%s' (table expected)"):format(name), 3) end
  local out = {}
  for i, a in ipairs(addrs) do
    out[i] = type(a) == "table" and a.addr ~= nil and { a.addr, a.port } or a
  end
  return out
end

--- bindx(addrs, action): addrs is a list of {host, port}; action "add" (default) or "remove".
function Socket:bindx(addrs, action)
  local flag = ({ add = M.SCTP_BINDX_ADD_ADDR, remove = M.SCTP_BINDX_REM_ADDR })[action or "add"]
  if not flag then error("bad argument #2 to 'bindx' (\"add\" or \"remove\" expected)", 2) end
  return core.bindx(open_fd(self), addr_list(addrs, "bindx"), flag)
end
--- connectx(addrs) -> association id
function Socket:connectx(addrs)
  return core.connectx(self, addr_list(addrs, "connectx"))
end
function Socket:getpaddrs(assoc_id) return core.getpaddrs(open_fd(self), assoc_id or 0) end
function Socket:getladdrs(assoc_id) return core.getladdrs(open_fd(self), assoc_id or 0) end

function Socket:peeloff(assoc_id)
  local n, err, errno = core.peeloff(open_fd(self), assoc_id, M.SOCK_CLOEXEC)
  if not n then return nil, err, errno end
  return wrap(n, state(self).family, "seqpacket")     -- the kernel's type for peeled-off sockets
end

local function opts_to(opts, name)
  if opts == nil then return nil end
  if type(opts) ~= "table" then
    error(("bad argument #2 to '%s' (table expected, got %s)"):format(name, type(opts)), 3)
  end
  local to = opts.to
  if to ~= nil and type(to) ~= "table" then
    error(("bad argument #2 to '%s' (to must be an address {host, port})"):format(name), 3)
  end
  return to
end

--- send(data [, opts]) -> bytes sent.  opts: stream, ppid, flags, unordered, ttl, context,
-- to = {host, port}, assoc_id.  An unknown option raises.
function Socket:send(data, opts)
  return core.send(self, opts_to(opts, "send"), opts, 0, data)
end

--- send_many(list, opts) -> how many were sent: up to 64 strings, one message each, in one
-- call (sendmmsg), all with the same opts (as send's, without to); fewer when the timeout
-- expired mid-batch.
function Socket:send_many(list, opts)
  if opts_to(opts, "send_many") then error("bad argument #2 to 'send_many' (no 'to' here)", 2) end
  return core.send_many(self, opts, 0, list)
end

--- sendv(data, opts) -> bytes sent, the RFC 6458 way.  data: a string, or a list of strings
-- gathered into one message.  opts: stream, ppid, flags, unordered, context, assoc_id, to
-- (one {host, port} or a list of them: the extra ones join an implicit multi-homed set-up),
-- pr_policy ("ttl", "rtx", "prio") with pr_value, auth_key, init ({num_ostreams =,
-- max_instreams =, max_attempts =, max_init_timeo =}).
function Socket:sendv(data, opts)
  local to = opts_to(opts, "sendv")
  if to and type(to[1]) ~= "table" then to = { to } end
  if type(data) == "string" then data = { data } end
  return core.sendv(self, to, opts, 0, data)
end

--- recv([size]) -> data, info.  info has stream, ppid, ssn, tsn, cumtsn, flags, context,
-- timetolive, assoc_id, from = {addr, port, family}, eor, msg_flags; a notification comes
-- whole (whatever size) with its decoded fields in info.notification and its bytes as data.
function Socket:recv(size)
  return core.recv(self, 0, size or 65536)
end

--- recv_many([count [, size]]) -> { message, ... }: up to count (at most 64, default 16)
-- messages or notifications of up to size bytes (default 65536) in one call (recvmmsg); each
-- is recv's info table with the payload as `data`.  Waits, as recv does, for the first only.
function Socket:recv_many(count, size)
  local st = state(self)
  local b = st.spare         -- kept for the next call: one allocation per socket, not per call
  if not b or core.batch_count(b) ~= (count or 16) or core.batch_size(b) ~= (size or 65536) then
    b = M.batch(count, size)
    st.spare = b
  end
  local n, err, errno = core.batch_receive(self, b, 0)
  if not n then return nil, err, errno end
  local out = {}
  for i = 1, n do out[i] = core.batch_at(b, i - 1) end
  return out
end

--- recv_many_into(batch) -> n: up to #batch slots of messages (recvmmsg) into a batch from
-- sctp.batch, read with batch:message(i).  Waits, as recv does, for the first only.
function Socket:recv_many_into(batch)
  if getmetatable(batch) ~= bmt then
    error(("bad argument #1 to 'recv_many_into' (sctp.batch expected, got %s)"):format(type(batch)), 2)
  end
  return core.batch_receive(self, batch, 0)
end

--- messages([count [, size]]) -> an iterator: `for data, info in s:messages() do` gives one
-- message or notification per step, as recv does, reading up to count (default 16) ahead
-- with one recvmmsg, so a loop makes one system call per batch; size (default 65536) is the
-- room for each.  The loop ends at the end of the stream; an error of the receive is raised
-- as recv's message ("timeout"), and the iterator can go on after it.  Each socket keeps its
-- iterator: calling messages again (after a break, say) goes on with what it read ahead;
-- asking for another count or size while it holds some raises.  What it read ahead is its
-- own: do not mix it with recv on the same socket.
function Socket:messages(count, size)
  open_fd(self)
  count, size = count or 16, size or 65536
  local st = state(self)
  local r = st.reader
  if not r or r.count ~= count or r.size ~= size then
    if r and core.batch_pending(r.batch) > 0 then
      error(("bad argument to 'messages' (the socket's iterator still holds %d messages read "
             .. "ahead with count %d, size %d)"):format(core.batch_pending(r.batch), r.count, r.size), 2)
    end
    local b = M.batch(count, size)
    local take = core.batch_take
    r = { count = count, size = size, batch = b, step = function()
      local data, info, errno = take(self, b)
      if data == nil and info ~= nil then error(info, 2) end
      return data, info
    end }
    st.reader = r
  end
  return r.step
end

--- subscribe(name, ...) turns notifications on ("association", "address", "shutdown", ...).
function Socket:subscribe(...)
  local n = open_fd(self)
  for i = 1, select("#", ...) do
    local name = select(i, ...)
    local t = M.EVENTS[name]
    if not t then error("bad argument #" .. i .. " to 'subscribe' (unknown event '" .. tostring(name) .. "')", 2) end
    local ok, err, errno = core.subscribe(n, t, 1, 0)
    if not ok then return nil, err, errno end
  end
  return true
end
function Socket:unsubscribe(name)
  local t = M.EVENTS[name] or error("bad argument #1 to 'unsubscribe' (unknown event)", 2)
  return core.subscribe(open_fd(self), t, 0, 0)
end

--- getoption(name, fields) / setoption(name, fields): any option of sctp.options(), with
-- named fields, e.g. s:setoption("SCTP_INITMSG", {num_ostreams = 10}).
local function option(name, fields, fname)
  if fields ~= nil and type(fields) ~= "table" then
    error(("bad argument #2 to '%s' (table expected)"):format(fname), 3)
  end
  local t = { name }
  for k, v in pairs(fields or {}) do t[k] = v end
  return t
end
function Socket:getoption(name, fields) return core.getopt(open_fd(self), option(name, fields, "getoption")) end
function Socket:setoption(name, fields) return core.setopt(open_fd(self), option(name, fields, "setoption")) end

--- status([assoc_id]) -> SCTP_STATUS's fields, with stats (SCTP_GET_ASSOC_STATS, or nil
-- where the kernel lacks it) and paths (SCTP_GET_PEER_ADDR_INFO of every peer address,
-- primary = true for the primary path); nil, message, errno on errors.
function Socket:status(assoc_id)
  assoc_id = assoc_id or 0
  local st, err, code = self:getoption("SCTP_STATUS", { assoc_id = assoc_id })
  if not st then return nil, err, code end
  st.stats = self:getoption("SCTP_GET_ASSOC_STATS", { assoc_id = assoc_id }) or nil
  st.paths = {}
  for _, a in ipairs(self:getpaddrs(assoc_id) or {}) do
    local p, perr, pcode = self:getoption("SCTP_GET_PEER_ADDR_INFO",
                                          { assoc_id = assoc_id, address = { a.addr, a.port } })
    if not p then return nil, perr, pcode end
    p.primary = p.address.addr == st.primary_address.addr and p.address.port == st.primary_address.port
    st.paths[#st.paths + 1] = p
  end
  return st
end

--- close(): wakes any call of this socket waiting in another coroutine's C stack (none in
-- plain Lua) and closes the descriptor once no call is inside.  Closing twice is fine.
function Socket:close()
  if fd(self) >= 0 then core.sock_close(self, 1) end
  return 1
end
mt.__close = Socket.close
function mt:__tostring()
  local st = state(self)
  local n = fd(self)
  return string.format("sctp{%s,%s}: fd=%s", st.family, st.style, n >= 0 and n or "closed")
end

--- associations([{port = n, state = "ESTABLISHED", source = "proc"}]) -> list, source: every SCTP
-- association the kernel shows this process (all sockets and processes it may see), each
-- a table (local, peer, primary, lport, rport, state_name, assoc_id, inode, uid, rto, srtt,
-- cwnd, retransmits, ...), from the socket diagnostics ("netlink") or /proc ("proc").
function M.associations(filter)
  filter = filter or {}
  if type(filter) ~= "table" then error("bad argument #1 to 'associations' (table expected)", 2) end
  local state = filter.state and tostring(filter.state):upper()
  local from = ({ netlink = core.SCTPC_FROM_NETLINK, proc = core.SCTPC_FROM_PROC })[filter.source]
  if filter.source ~= nil and not from then
    error("bad argument #1 to 'associations' (source must be 'netlink' or 'proc')", 2)
  end
  local list, source, code = core.assocs(from or core.SCTPC_FROM_ANY)
  if not list then return nil, source, code end
  local out = {}
  for _, a in ipairs(list) do
    if (filter.port == nil or a.lport == filter.port or a.rport == filter.port)
        and (state == nil or a.state_name == state) then
      out[#out + 1] = a
    end
  end
  return out, source
end

--- options() -> list of {name, readable, writable}
function M.options()
  local out = {}
  walk(core.optdesc_at, function(name, r, w)
    out[#out + 1] = { name = name, readable = r, writable = w }
  end)
  return out
end

return M
