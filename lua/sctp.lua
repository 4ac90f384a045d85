--- SCTP for Lua 5.4 on Linux, with LuaSocket manners.
--
--   local sctp = require "sctp"
--   local srv = assert(sctp.tcp())            -- one-to-one; sctp.seqpacket() for one-to-many
--   assert(srv:bind("127.0.0.1", 0)); assert(srv:listen())
--
-- OS errors return nil, message, errno ("timeout" when a timeout expires); misuse (wrong
-- argument types, a closed socket) raises.  PPIDs are integers in host byte order.
local core = require "sctp.core"

local M = { _VERSION = "0.1.0", core = core }

-- Every constant of the C core by its C name (SCTP_*, MSG_*, ...).
do
  local i = 0
  while true do
    local name, value = core.constant_at(i)
    if not name then break end
    M[name] = value
    i = i + 1
  end
end

local EVENTS = {
  data_io = 0x8000, association = 0x8001, address = 0x8002, send_failure = 0x8003,
  peer_error = 0x8004, shutdown = 0x8005, partial_delivery = 0x8006, adaptation_layer = 0x8007,
  authentication = 0x8008, sender_dry = 0x8009, stream_reset = 0x800a, assoc_reset = 0x800b,
  stream_change = 0x800c, send_failure_event = 0x800d,
}
M.EVENTS = EVENTS

-- Sockets are userdata (made by core.new_object) whose state (fd, timeout, family, style)
-- lives in this weak-keyed table; it is still there when __gc runs.
local Socket = {}
Socket.__index = Socket
Socket.__name = "sctp.socket"
M.Socket = Socket
local state = setmetatable({}, { __mode = "k" })

local function checksock(self, level)
  local st = state[self]
  if not st then error("bad argument #1 (sctp socket expected)", (level or 1) + 2) end
  if not st.fd then error("attempt to use a closed sctp socket", (level or 1) + 2) end
  return st.fd, st
end

local function timeout_ms(self)
  local t = state[self].timeout
  if t == nil or t < 0 then return -1 end
  return math.ceil(t * 1000)
end

local function wrap(fd, family, style)
  core.set_nonblocking(fd, 1)     -- waits are done by the core with poll(), see settimeout
  core.setopt(fd, { "SCTP_RECVRCVINFO", value = 1 })   -- info with every message
  local s = core.new_object(Socket)
  state[s] = { fd = fd, family = family, style = style, timeout = nil }
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
  local fd, err, errno = core.socket(af, ty)
  if not fd then return nil, err, errno end
  return wrap(fd, family, style)
end
function M.tcp() return M.socket("inet", "stream") end
function M.tcp6() return M.socket("inet6", "stream") end
function M.seqpacket() return M.socket("inet", "seqpacket") end
function M.seqpacket6() return M.socket("inet6", "seqpacket") end

--- batch([count [, size]]) -> a batch for Socket:recv_many_into: room for count (at most 64,
-- default 16) messages of size bytes (default 65536; count * size at most 64 MiB).  #b is
-- how many the last receive brought; b:message(i) is recv_many's table for message i (with
-- `data`), b:data(i) its payload; b:stream(i), b:ppid(i), b:assoc_id(i), b:is_notification(i).
function M.batch(count, size) return core.batch_new(count or 16, size or 65536) end

local function addr(host, port)
  if host == "*" then host = "" end
  return { host or "", port or 0 }
end

--- settimeout(t): nil or negative blocks, 0 never waits, t > 0 waits at most t seconds.
function Socket:settimeout(t)
  local _, st = checksock(self)
  if t ~= nil and (type(t) ~= "number" or t ~= t) then error("bad argument #1 to 'settimeout' (number expected)", 2) end
  st.timeout = t
  return 1
end
function Socket:gettimeout() local _, st = checksock(self); return st.timeout end
function Socket:getfd() local st = state[self]; return st and st.fd or -1 end
function Socket:dirty() return false end           -- nothing is buffered on our side
function Socket:bind(host, port) return core.bind((checksock(self)), addr(host, port)) end
function Socket:listen(backlog) return core.listen((checksock(self)), backlog or 32) end
function Socket:connect(host, port) return core.connect((checksock(self)), addr(host, port), timeout_ms(self)) end
function Socket:getsockname() local a, e, n = core.getsockname((checksock(self))); if not a then return nil, e, n end; return a.addr, a.port, a.family end
function Socket:getpeername() local a, e, n = core.getpeername((checksock(self))); if not a then return nil, e, n end; return a.addr, a.port, a.family end
function Socket:shutdown(how)
  local h = ({ receive = 0, send = 1, both = 2 })[how or "both"]
  return core.shutdown((checksock(self)), h)
end

function Socket:accept()
  local lfd, st = checksock(self)
  local fd, peer_or_err, errno = core.accept(lfd, timeout_ms(self))
  if not fd then return nil, peer_or_err, errno end
  local c = wrap(fd, st.family, "stream")
  state[c].timeout = st.timeout
  return c, peer_or_err
end

--- bindx(addrs, action): addrs is a list of {host, port}; action "add" (default) or "remove".
function Socket:bindx(addrs, action)
  local flag = ({ add = M.SCTP_BINDX_ADD_ADDR, remove = M.SCTP_BINDX_REM_ADDR })[action or "add"]
  if not flag then error("bad argument #2 to 'bindx' (\"add\" or \"remove\" expected)", 2) end
  return core.bindx((checksock(self)), addrs, flag)
end
--- connectx(addrs) -> association id
function Socket:connectx(addrs) return core.connectx((checksock(self)), addrs, timeout_ms(self)) end
function Socket:getpaddrs(assoc_id) return core.getpaddrs((checksock(self)), assoc_id or 0) end
function Socket:getladdrs(assoc_id) return core.getladdrs((checksock(self)), assoc_id or 0) end

function Socket:peeloff(assoc_id)
  local sfd, st = checksock(self)
  local fd, err, errno = core.peeloff(sfd, assoc_id, M.SOCK_CLOEXEC)
  if not fd then return nil, err, errno end
  return wrap(fd, st.family, "seqpacket")     -- the kernel's type for peeled-off sockets
end

-- What each send takes as data (the core checks the elements of a table).
local STRINGS = { table = true, what = "table of strings" }
local STRING_OR_STRINGS = { string = true, table = true, what = "string or table of strings" }

-- The checks sendv and send_many share (send's are inlined, and the core checks its opts):
-- the data, the opts table, its PPID.  Errors point at their caller.  Returns opts.
local function send_args(fname, data, opts, takes)
  if not takes[type(data)] then
    error(("bad argument #1 to '%s' (%s expected, got %s)"):format(fname, takes.what, type(data)), 3)
  end
  opts = opts or {}
  if type(opts) ~= "table" then error(("bad argument #2 to '%s' (table expected)"):format(fname), 3) end
  local ppid = opts.ppid or 0
  if math.type(ppid) ~= "integer" or ppid < 0 or ppid > 0xffffffff then
    error(("bad argument #2 to '%s' (ppid must be an integer in [0, 2^32))"):format(fname), 3)
  end
  return opts
end

--- send(data [, opts]) -> bytes sent.  opts: stream, ppid, flags, unordered, ttl, context,
-- to = {host, port}, assoc_id.  In C (the hot path): core.send_method reads this layer's
-- state table as checksock and timeout_ms do, and raises as they do.
Socket.send = core.send_method(state)

--- send_many(list, opts) -> how many were sent: up to 64 strings, one message each, in one
-- call (sendmmsg), all with the same opts (stream, ppid, flags, unordered, ttl, context,
-- assoc_id); fewer when the timeout expired mid-batch.
function Socket:send_many(list, opts)
  local fd = checksock(self)
  opts = send_args("send_many", list, opts, STRINGS)
  return core.send_many(fd, opts, 0, timeout_ms(self), list)
end

local PR_POLICIES = { none = 0x00, ttl = 0x10, rtx = 0x20, prio = 0x30 }

--- sendv(data, opts) -> bytes sent, the RFC 6458 way.  data: a string, or a list of up to 64
-- strings gathered into one message.  opts: stream, ppid, flags, unordered,
-- context, assoc_id, to (one {host, port} or a list of them: the extra ones join an implicit
-- multi-homed set-up), pr_policy ("ttl", "rtx", "prio") with pr_value, auth_key, init
-- ({num_ostreams =, max_instreams =, max_attempts =, max_init_timeo =}).
function Socket:sendv(data, opts)
  local fd = checksock(self)
  opts = send_args("sendv", data, opts, STRING_OR_STRINGS)
  local flags = opts.flags or 0     -- sendv's info has no `unordered`: it goes into flags here
  if opts.unordered then flags = flags | M.SCTP_UNORDERED end
  local info = { sid = opts.stream or 0, flags = flags, ppid = opts.ppid or 0,
                 context = opts.context, assoc_id = opts.assoc_id }
  if opts.pr_policy ~= nil then
    info.pr_policy = PR_POLICIES[opts.pr_policy] or opts.pr_policy
    info.pr_value = opts.pr_value or 0
  end
  info.auth_keynumber = opts.auth_key
  for k, v in pairs(opts.init or {}) do info[k] = v end
  local to = opts.to
  if to ~= nil and type(to) ~= "table" then error("bad argument #2 to 'sendv' (opts.to must be a table)", 2) end
  if to and type(to[1]) ~= "table" then to = { to } end
  if type(data) == "table" then return core.sendv_iov(fd, to, info, 0, timeout_ms(self), data) end
  return core.sendv(fd, to, info, 0, timeout_ms(self), data)
end

-- The read-ahead's values (message_values' step) as messages() hands them out, recv's
-- data, info: an ordinary message's table is built here, by a constructor; a notification
-- (data, info) passes as it is.
local function received(data, note, stream, ppid, assoc_id, host, port, family, ssn, tsn,
                        cumtsn, flags, context, ttl, msg_flags, eor)
  if note ~= nil or data == nil then return data, note, stream end
  return data, { stream = stream, ssn = ssn, flags = flags, ppid = ppid, context = context,
                 timetolive = ttl, tsn = tsn, cumtsn = cumtsn, assoc_id = assoc_id,
                 msg_flags = msg_flags, eor = eor,
                 from = host and { addr = host, port = port, family = family } }
end

-- The same into the caller's table (messages(count, size, info)): no table is made per
-- message.  One field per statement: a multiple assignment first copies its values to new
-- registers.
local checked = setmetatable({}, { __mode = "v" })  -- the last from table seen
local function received_into(into, data, note, stream, ppid, assoc_id, host, port, family, ssn,
                             tsn, cumtsn, flags, context, ttl, msg_flags, eor)
  if note ~= nil or data == nil then return data, note, stream end
  into.stream = stream; into.ssn = ssn; into.flags = flags; into.ppid = ppid
  into.context = context; into.timetolive = ttl; into.tsn = tsn; into.cumtsn = cumtsn
  into.assoc_id = assoc_id; into.msg_flags = msg_flags; into.eor = eor
  if host then
    local from = into.from
    if from == nil or from ~= checked.from then  -- type() is a C call: once per new from table
      if type(from) ~= "table" then from = {}; into.from = from end
      checked.from = from
    end
    from.addr = host; from.port = port; from.family = family
  else
    into.from = nil
  end
  return data, into
end

--- recv([size [, info]]) -> data, info.  info has stream, ppid, ssn, tsn, flags, assoc_id,
-- from, eor, msg_flags, and for a notification `notification` (a table with type_name, ...).
-- Given a table as info, an ordinary message's fields are written into it (and into its
-- `from` table) instead of new tables; a notification still comes as a new table.  In C, as
-- send is: core.recv_method reads this layer's state table.
Socket.recv = core.recv_method(state)

--- recv_many([count [, size]]) -> { message, ... }: up to count (at most 64, default 16)
-- messages or notifications of up to size bytes (default 65536) in one call (recvmmsg); each
-- is recv's info table with the payload as `data`.  Waits, as recv does, for the first only.
function Socket:recv_many(count, size)
  local fd = checksock(self)
  return core.recv_many(fd, 0, timeout_ms(self), count or 16, size or 65536)
end

--- recv_many_into(batch) -> n: up to #slots messages into a batch from sctp.batch (recvmmsg),
-- nothing made per message until asked for (batch:message(i), batch:data(i), ...).  Waits,
-- as recv does, for the first only.
function Socket:recv_many_into(batch)
  local fd = checksock(self)
  return core.batch_receive(fd, 0, timeout_ms(self), batch)
end

-- A socket's read-ahead (see messages): a batch, and the core's reader over it: next()
-- hands out its next message as values (message_values' step), refilling the batch with one
-- recvmmsg when all are handed out; held() is how many are left.  start(info) gives the
-- step messages() makes of next, writing into info when it is a table.
local function new_reader(sock, count, size)
  local b = core.batch_new(count, size)
  local next_values, held = core.batch_reader(b, function()
    local n, err = sock:recv_many_into(b)
    if not n then error(err, 0) end  -- the bare message ("timeout"), as recv returns it
  end)
  local into
  local function step()
    if into then return received_into(into, next_values()) end
    return received(next_values())
  end
  return { count = count, size = size, held = held, next_values = next_values,
           start = function(t) into = t; return step end }
end

-- The socket's reader for count and size (a new one if it has none, or one for others that
-- holds nothing); name is the asking method's, for the error.
local function reader(self, st, count, size, name)
  local r = st.reader
  if not r or r.count ~= count or r.size ~= size then
    if r and r.held() > 0 then
      error(("bad argument to '%s' (the socket's iterator still holds %d messages read "
             .. "ahead with count %d, size %d)"):format(name, r.held(), r.count, r.size), 3)
    end
    r = new_reader(self, count, size)
    st.reader = r
  end
  return r
end

--- messages([count [, size [, info]]]) -> an iterator: `for data, info in s:messages() do`
-- gives one message or notification per step, as recv does, reading up to count (default
-- 16) ahead with one recvmmsg, so a loop makes one system call per batch; size (default
-- 65536) is the room for each.  The loop ends at the end of the stream; an error of the
-- receive is raised as recv's message ("timeout"), and the iterator can go on after it.
-- Given a table as info, ordinary messages' fields are written into it, as recv(size, info)
-- does.  Each socket keeps its iterator: calling messages again (after a break, say) goes on
-- with what it read ahead; asking for another count or size while it holds some raises.
-- What it read ahead is its own: do not mix it with recv on the same socket.
function Socket:messages(count, size, into)
  local _, st = checksock(self)
  if into ~= nil and type(into) ~= "table" then
    error("bad argument #3 to 'messages' (table expected)", 2)
  end
  return reader(self, st, count or 16, size or 65536, "messages").start(into)
end

--- message_values([count [, size]]) -> an iterator for the hot path: messages() without
-- tables, each step gives a message as values,
--   for data, note, stream, ppid, assoc_id, addr, port, family, ssn, tsn, cumtsn, flags,
--       context, timetolive, msg_flags, eor in s:message_values() do
-- (name as many as the loop needs).  note is nil for a data message; a notification (or a
-- message without SCTP info) comes as data and recv's info table in note, nothing after.  It
-- reads ahead, raises and ends as messages() does, and shares the socket's read-ahead with
-- it.
function Socket:message_values(count, size)
  local _, st = checksock(self)
  return reader(self, st, count or 16, size or 65536, "message_values").next_values
end

--- subscribe(name, ...) turns notifications on ("association", "address", "shutdown", ...).
function Socket:subscribe(...)
  local fd = checksock(self)
  for i = 1, select("#", ...) do
    local name = select(i, ...)
    local t = EVENTS[name]
    if not t then error("bad argument #" .. i .. " to 'subscribe' (unknown event '" .. tostring(name) .. "')", 2) end
    local ok, err, errno = core.subscribe(fd, t, 1, 0)
    if not ok then return nil, err, errno end
  end
  return true
end
function Socket:unsubscribe(name)
  local t = EVENTS[name] or error("bad argument #1 to 'unsubscribe' (unknown event)", 2)
  return core.subscribe((checksock(self)), t, 0, 0)
end

--- getoption(name, fields) / setoption(name, fields): any option of sctp.options(), with
-- named fields, e.g. s:setoption("SCTP_INITMSG", {num_ostreams = 10}).
function Socket:getoption(name, fields)
  local t = { name }
  for k, v in pairs(fields or {}) do t[k] = v end
  return core.getopt((checksock(self)), t)
end
function Socket:setoption(name, fields)
  local t = { name }
  for k, v in pairs(fields or {}) do t[k] = v end
  return core.setopt((checksock(self)), t)
end

function Socket:close()
  local st = state[self]
  if not st or not st.fd then return 1 end
  local fd = st.fd
  st.fd = nil
  return core.close(fd)
end
Socket.__gc = Socket.close
Socket.__close = Socket.close
function Socket:__tostring()
  local st = state[self]
  return string.format("sctp{%s,%s}: fd=%s", st.family, st.style, tostring(st.fd or "closed"))
end

--- options() -> list of {name, readable, writable}
function M.options()
  local out, i = {}, 0
  while true do
    local name, r, w = core.optdesc_at(i)
    if not name then return out end
    out[#out + 1] = { name = name, readable = r, writable = w }
    i = i + 1
  end
end

return M
