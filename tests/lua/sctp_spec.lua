-- Lua specs (busted) for require "sctp", against the kernel's SCTP.
local sctp = require "sctp"

local function pair(family)
  local host = family == "inet6" and "::1" or "127.0.0.1"
  local srv = assert(sctp.socket(family or "inet", "stream"))
  assert(srv:bind(host, 0))
  assert(srv:listen())
  local _, port = srv:getsockname()
  local cli = assert(sctp.socket(family or "inet", "stream"))
  assert(cli:setoption("SCTP_INITMSG", { num_ostreams = 8, max_instreams = 8 }))
  cli:settimeout(5)
  srv:settimeout(5)
  assert(cli:connect(host, port))
  local conn = assert(srv:accept())
  conn:settimeout(5)
  return srv, cli, conn
end

-- A listening one-to-many socket on 127.0.0.1, and its port.
local function seq_server()
  local srv = assert(sctp.seqpacket())
  assert(srv:bind("127.0.0.1", 0))
  assert(srv:listen())
  srv:settimeout(5)
  local _, port = srv:getsockname()
  return srv, port
end

describe("sctp", function()
  it("exchanges a message with stream and PPID over IPv4 and IPv6", function()
    for _, family in ipairs { "inet", "inet6" } do
      local srv, cli, conn = pair(family)
      assert.equal(5, cli:send("hello", { stream = 3, ppid = 46 }))
      local data, info = conn:recv()
      assert.equal("hello", data)
      assert.equal(3, info.stream)
      assert.equal(46, info.ppid)
      assert.is_true(info.eor)
      assert.equal(family, info.from.family)
      srv:close(); cli:close(); conn:close()
    end
  end)

  it("lists the host's associations and an association's status with its paths", function()
    local srv, cli, conn = pair("inet")
    local _, port = srv:getsockname()
    local list, source = sctp.associations { port = port }
    assert.equal("netlink", source)
    assert.equal(2, #list)
    for _, a in ipairs(list) do
      assert.equal("ESTABLISHED", a.state_name)
      assert.equal("127.0.0.1", a["local"][1].addr)
      assert.equal("127.0.0.1", a.peer[1].addr)
      assert.is_true(a.rto > 0 and a.inode > 0)
    end
    local proc = sctp.associations { port = port, source = "proc", state = "established" }
    assert.equal(2, #proc)
    assert.equal(0, #sctp.associations { port = port, state = "COOKIE_WAIT" })
    assert.has_error(function() sctp.associations { source = "ss" } end)
    local st = assert(cli:status())
    assert.equal(1, #st.paths)
    assert.is_true(st.paths[1].primary)
    assert.is_true(st.stats.opackets >= 1)
    srv:close(); cli:close(); conn:close()
  end)

  it("gives every message the same info fields, however the table is built", function()
    -- ordinary messages' tables are built in Lua, the others' in C (see lua/sctp.lua)
    local srv, cli, conn = pair()
    local function keys(t)
      local k = {}
      for name in pairs(t) do k[#k + 1] = name end
      table.sort(k)
      return table.concat(k, " ")
    end
    local common = { "assoc_id", "context", "cumtsn", "eor", "flags", "from", "msg_flags", "ppid",
                     "ssn", "stream", "timetolive", "tsn" }
    assert(cli:send("fast", { stream = 2, ppid = 7 }))
    local data, info = assert(conn:recv())
    assert.equal("fast", data)
    assert.equal(table.concat(common, " "), keys(info))
    assert.same({ 2, 7, 0x80, true, "127.0.0.1", "inet" },
                { info.stream, info.ppid, info.msg_flags, info.eor, info.from.addr, info.from.family })
    assert.equal(select(2, cli:getsockname()), info.from.port)
    -- with the next message's info the table comes from C, with the same fields and five more
    assert(conn:setoption("SCTP_RECVNXTINFO", { value = 1 }))
    assert(cli:send("one", { stream = 2, ppid = 7 }))
    assert(cli:send("two", { stream = 5, ppid = 9 }))
    require("socket").sleep(0.2)
    data, info = assert(conn:recv())
    assert.equal("one", data)
    for _, k in ipairs { "nxt_assoc_id", "nxt_flags", "nxt_length", "nxt_ppid", "nxt_stream" } do
      common[#common + 1] = k
    end
    table.sort(common)
    assert.equal(table.concat(common, " "), keys(info))
    assert.same({ 2, 7, 5, 9 }, { info.stream, info.ppid, info.nxt_stream, info.nxt_ppid })
    srv:close(); cli:close(); conn:close()
  end)

  it("keeps PPIDs as integers over the full unsigned 32-bit range", function()
    local srv, cli, conn = pair()
    for _, ppid in ipairs { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff } do
      cli:send("p", { ppid = ppid })
      local _, info = conn:recv()
      assert.equal(ppid, info.ppid)
      assert.equal("integer", math.type(info.ppid))
      assert.equal("integer", math.type(info.tsn))
    end
    assert.has_error(function() cli:send("p", { ppid = 2 ^ 32 }) end)
    srv:close(); cli:close(); conn:close()
  end)

  it("sends unordered messages, alone, gathered and in batches, with every SNDRCV field", function()
    local srv, cli, conn = pair()
    local U = sctp.SCTP_UNORDERED
    assert(cli:send("u", { unordered = true, stream = 2, ppid = 5, context = 9, ttl = 0 }))
    local _, info = assert(conn:recv())
    assert.same({ U, 2, 5 }, { info.flags & U, info.stream, info.ppid })
    assert(cli:send("o", { unordered = false, flags = 0, stream = 3 }))
    _, info = assert(conn:recv())
    assert.same({ 0, 3 }, { info.flags & U, info.stream })
    assert(cli:send("f", { flags = U }))       -- the flag itself works as well
    _, info = assert(conn:recv())
    assert.equal(U, info.flags & U)
    assert(cli:sendv({ "s", "v" }, { unordered = true, ppid = 7 }))
    _, info = assert(conn:recv())
    assert.same({ U, 7 }, { info.flags & U, info.ppid })
    assert.equal(2, cli:send_many({ "a", "b" }, { unordered = true, ppid = 6 }))
    for _, want in ipairs { "a", "b" } do
      local data
      data, info = assert(conn:recv())
      assert.same({ want, U, 6 }, { data, info.flags & U, info.ppid })
    end
    srv:close(); cli:close(); conn:close()
  end)

  it("reads send options from a plain table and through a metatable's __index", function()
    local srv, cli, conn = pair()
    local U = sctp.SCTP_UNORDERED
    assert(cli:send("plain", { ppid = 11, stream = 4, unordered = true }))
    local data, info = assert(conn:recv())
    assert.same({ "plain", 11, 4, U }, { data, info.ppid, info.stream, info.flags & U })
    -- defaults behind __index count, and the table's own fields win over them
    local defaults = { ppid = 60, stream = 5, unordered = true }
    assert(cli:send("inherited", setmetatable({ stream = 6 }, { __index = defaults })))
    data, info = assert(conn:recv())
    assert.same({ "inherited", 60, 6, U }, { data, info.ppid, info.stream, info.flags & U })
    -- a key that is no option raises naming it (a misspelt option is never sent silently)
    for _, bad in ipairs { { strem = 3 }, { ppdi = 46 }, { [1] = "x" } } do
      assert.has_error(function() cli:send("x", bad) end)
      assert.has_error(function() cli:send_many({ "x" }, bad) end)
      assert.has_error(function() cli:sendv("x", bad) end)
    end
    local ok, err = pcall(function() return cli:send("x", { strem = 3, ppid = 46 }) end)
    assert.is_false(ok)
    assert.matches("bad argument #2 to 'send' (unknown option 'strem')", err, 1, true)
    -- a bad field raises naming it, either way
    assert.has_error(function() cli:send("x", { ppid = -1 }) end)
    assert.matches("'ppid' is out of range", select(2, pcall(cli.send, cli, "x", { ppid = -1 })), 1, true)
    assert.matches("'stream' must be an integer, got string",
                   select(2, pcall(cli.send, cli, "x", setmetatable({}, { __index = { stream = "2" } }))), 1, true)
    srv:close(); cli:close(); conn:close()
  end)

  it("returns nil, 'timeout' when a timeout expires, and honours non-blocking mode", function()
    local srv, cli, conn = pair()
    conn:settimeout(0.1)
    local data, err, errno = conn:recv()
    assert.is_nil(data)
    assert.equal("timeout", err)
    assert.is_number(errno)
    conn:settimeout(0)
    data, err, errno = conn:recv()
    assert.is_nil(data)
    assert.equal(11, errno)   -- EAGAIN
    srv:close(); cli:close(); conn:close()
  end)

  it("send returns nil, 'timeout' when the peer's window and its buffer are full", function()
    local srv, cli, conn = pair()
    local big, sent, ok, err, errno = string.rep("x", 65536), 0, nil, nil, nil
    cli:settimeout(0.2)
    repeat               -- nobody reads conn: the send buffer fills after a few hundred KiB
      ok, err, errno = cli:send(big)
      sent = sent + 1
    until not ok or sent > 1000
    assert.is_nil(ok)
    assert.equal("timeout", err)
    assert.is_number(errno)
    cli:settimeout(0)         -- space may have freed meanwhile: fill it again, never waiting
    repeat
      ok, err, errno = cli:send(big)
      sent = sent + 1
    until not ok or sent > 2000
    assert.is_nil(ok)
    assert.equal(11, errno)   -- EAGAIN
    assert.equal(big, (conn:recv(70000)))     -- what was sent before still arrives
    srv:close(); cli:close(); conn:close()
  end)

  it("returns nil, message, errno for OS errors", function()
    local s = assert(sctp.tcp())
    s:settimeout(5)
    local ok, err, errno = s:connect("127.0.0.1", 9)
    assert.is_nil(ok)
    assert.is_string(err)
    assert.equal(111, errno)   -- ECONNREFUSED
    s:close()
  end)

  it("raises on misuse", function()
    local s = assert(sctp.tcp())
    assert.has_error(function() s:send(42) end)
    assert.has_error(function() s:bind({}, "x") end)
    assert.has_error(function() s:setoption("SCTP_NO_SUCH_OPTION", {}) end)
    assert.has_error(function() s:setoption("SCTP_INITMSG", { num_ostreams = 70000 }) end)
    assert.has_error(function() s:subscribe("no_such_event") end)
    assert.has_error(function() sctp.socket("inet9") end)
    s:close()
    assert.has_error(function() s:recv() end)
  end)

  it("reports notifications as tables, and replies by association id (one-to-many)", function()
    local srv = assert(sctp.seqpacket())
    assert(srv:bind("127.0.0.1", 0))
    assert(srv:listen())
    assert(srv:subscribe("association"))
    srv:settimeout(5)
    local host, port = srv:getsockname()
    local cli = assert(sctp.seqpacket())
    cli:settimeout(5)
    assert(cli:send("hi", { to = { host, port }, ppid = 18 }))
    local _, info = assert(srv:recv())
    assert.equal("ASSOC_CHANGE", info.notification.type_name)
    assert.equal("COMM_UP", info.notification.state_name)
    local data, minfo = assert(srv:recv())
    assert.equal("hi", data)
    assert.equal(18, minfo.ppid)
    assert(srv:send("back", { assoc_id = minfo.assoc_id }))
    assert.equal("back", (cli:recv()))
    local branch = assert(srv:peeloff(minfo.assoc_id))
    assert.matches("^sctp{inet,seqpacket}: fd=%d+$", tostring(branch))
    branch:close(); srv:close(); cli:close()
  end)

  it("binds several addresses with bindx, connects with connectx and lists addresses", function()
    local srv = assert(sctp.tcp())
    assert(srv:bindx({ { "127.0.0.1", 0 } }))
    local _, port = srv:getsockname()
    assert(srv:bindx({ { "127.0.0.2", port }, { "127.0.0.3", port } }))
    assert.equal(3, #srv:getladdrs())
    assert(srv:bindx({ { "127.0.0.3", port } }, "remove"))
    assert.equal(2, #srv:getladdrs())
    assert(srv:listen())
    local cli = assert(sctp.tcp())
    cli:settimeout(5)
    local id = assert(cli:connectx({ { "127.0.0.1", port }, { addr = "127.0.0.2", port = port } }))
    assert.is_true(id > 0)
    local paddrs = cli:getpaddrs()
    assert.equal(2, #paddrs)
    assert.equal(port, paddrs[1].port)
    cli:close(); srv:close()
  end)

  it("reads and writes options with named fields", function()
    local srv, cli, conn = pair()
    local st = assert(cli:getoption("SCTP_STATUS"))
    assert.equal(sctp.SCTP_ESTABLISHED, st.state)
    assert.equal(8, st.outstrms)
    assert(cli:setoption("SCTP_NODELAY", { value = 1 }))
    assert.equal(1, cli:getoption("SCTP_NODELAY").value)
    assert.is_true(#sctp.options() > 40)
    srv:close(); cli:close(); conn:close()
  end)

  it("sets and reads variable-length options as lists and strings", function()
    local s = assert(sctp.tcp())
    assert(s:setoption("SCTP_AUTH_SUPPORTED", { assoc_id = 0, value = 1 }))
    assert(s:setoption("SCTP_HMAC_IDENT", { idents = { sctp.SCTP_AUTH_HMAC_ID_SHA256,
                                                      sctp.SCTP_AUTH_HMAC_ID_SHA1 } }))
    assert.same({ 3, 1 }, s:getoption("SCTP_HMAC_IDENT").idents)
    assert(s:setoption("SCTP_AUTH_KEY", { keynumber = 1, key = "a shared secret" }))
    assert(s:setoption("SCTP_AUTH_CHUNK", { chunk = 0 }))
    local chunks = s:getoption("SCTP_LOCAL_AUTH_CHUNKS").chunks
    assert.is_true(#chunks >= 1)
    assert.has_error(function() s:setoption("SCTP_HMAC_IDENT", { idents = { "sha1" } }) end)
    assert.has_error(function() s:setoption("SCTP_AUTH_KEY", { key = {} }) end)
    s:close()
  end)

  it("resets streams and sees the event on both sides", function()
    local function reconf(s)
      assert(s:setoption("SCTP_RECONFIG_SUPPORTED", { assoc_id = 0, value = 1 }))
      assert(s:setoption("SCTP_ENABLE_STREAM_RESET", { assoc_id = 0, value = 7 }))
      assert(s:subscribe("stream_reset"))
    end
    local srv = assert(sctp.tcp()); reconf(srv)
    assert(srv:bind("127.0.0.1", 0)); assert(srv:listen())
    local cli = assert(sctp.tcp()); reconf(cli)
    cli:settimeout(5); srv:settimeout(5)
    assert(cli:connect(srv:getsockname()))
    local conn = assert(srv:accept()); conn:settimeout(5)
    assert(cli:setoption("SCTP_RESET_STREAMS", { flags = sctp.SCTP_STREAM_RESET_OUTGOING,
                                                 streams = { 1, 3 } }))
    local _, mine = assert(cli:recv())
    local _, theirs = assert(conn:recv())
    assert.equal("STREAM_RESET_EVENT", mine.notification.type_name)
    assert.same({ 1, 3 }, mine.notification.streams)
    assert.same({ 1, 3 }, theirs.notification.streams)
    assert.is_true(theirs.notification.flags & sctp.SCTP_STREAM_RESET_INCOMING_SSN ~= 0)
    srv:close(); cli:close(); conn:close()
  end)

  it("closes sockets that are garbage-collected", function()
    local function count_fds()
      local n = 0
      for _ in io.popen("ls /proc/self/fd"):lines() do n = n + 1 end
      return n
    end
    collectgarbage()
    local before = count_fds()
    for _ = 1, 50 do assert(sctp.tcp()) end
    collectgarbage(); collectgarbage()
    assert.is_true(count_fds() <= before + 1)
  end)

  it("closes with <close>, and works with LuaSocket's select", function()
    local socket = require "socket"
    local srv, cli, conn = pair()
    do
      local c <close> = cli
      c:send("sel")
      local r = socket.select({ conn }, nil, 5)
      assert.equal(conn, r[1])
    end
    assert.equal(-1, cli:getfd())
    assert.equal("userdata", type(cli))
    srv:close(); conn:close()
  end)
end)

describe("README", function()
  it("has a Lua example that runs as written", function()
    local dir = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
    local f = assert(io.open(dir .. "/../../README.md"))
    local text = f:read("a")
    f:close()
    local code = assert(text:match("```lua\n(.-)```"), "README has no Lua example")
    local printed = {}
    local function capture(...)
      local parts = table.pack(...)
      for i = 1, parts.n do parts[i] = tostring(parts[i]) end
      printed[#printed + 1] = table.concat(parts, "\t", 1, parts.n)
    end
    local env = setmetatable({ print = capture },
                             { __index = _G })
    assert(load(code, "README.md", "t", env))()
    assert.matches("S1 Setup Request\t1\t18\t127.0.0.1", printed[1], 1, true)
    assert.same({ "one\t2\t60", "two\t2\t60" }, { printed[2], printed[3] })
    assert.matches("bad argument #2 to 'send' (unknown option 'strem')", printed[4], 1, true)
    assert.equal("nil\ttimeout\t62", printed[5])
  end)
end)

describe("sendv", function()
  it("sets up a multi-homed association implicitly with INIT parameters and PR-SCTP", function()
    local srv = assert(sctp.seqpacket())
    assert(srv:bindx({ { "127.0.0.1", 0 } }))
    local _, port = srv:getsockname()
    assert(srv:bindx({ { "127.0.0.2", port } }))
    assert(srv:listen())
    assert(srv:subscribe("association"))
    srv:settimeout(5)
    local cli = assert(sctp.seqpacket())
    cli:settimeout(5)
    assert(cli:sendv("hello", { to = { { "127.0.0.1", port }, { "127.0.0.2", port } }, stream = 1,
                                ppid = 60, pr_policy = "rtx", pr_value = 3,
                                init = { num_ostreams = 3, max_instreams = 3 } }))
    local _, info = assert(srv:recv())
    assert.equal("COMM_UP", info.notification.state_name)
    assert.equal(3, info.notification.inbound_streams)
    local data, minfo = assert(srv:recv())
    assert.equal("hello", data)
    assert.equal(1, minfo.stream)
    assert.equal(60, minfo.ppid)
    local ok, err, errno = cli:sendv("x", { assoc_id = 424242 })
    assert.is_nil(ok)
    assert.is_string(err)
    assert.is_number(errno)
    assert.has_error(function() cli:sendv("x", { stream = 70000 }) end)
    srv:close(); cli:close()
  end)
end)

describe("batches and gathered sends", function()
  it("sends a list of strings as one message, and many messages in one call each way", function()
    local srv, cli, conn = pair()
    assert(cli:setoption("SCTP_NODELAY", { value = 1 }))
    assert.equal(12, cli:sendv({ "hello", ", ", "world" }, { stream = 2, ppid = 7 }))
    local data, info = assert(conn:recv())
    assert.equal("hello, world", data)
    assert.equal(2, info.stream)
    assert.equal(7, info.ppid)
    assert.equal(3, cli:send_many({ "one", "two", "three" }, { stream = 1, ppid = 60 }))
    local got = {}
    while #got < 3 do          -- recv_many returns what has arrived (at least one)
      local list = assert(conn:recv_many(8, 100))
      for _, m in ipairs(list) do
        assert.equal(1, m.stream)
        assert.equal(60, m.ppid)
        assert.is_true(m.eor)
        got[#got + 1] = m.data
      end
    end
    assert.same({ "one", "two", "three" }, got)
    conn:settimeout(0.2)
    local list, err = conn:recv_many()
    assert.is_nil(list)
    assert.equal("timeout", err)
    srv:close(); cli:close(); conn:close()
  end)

  it("gives recv_many's and a batch's message tables recv's fields, each its own", function()
    -- recv builds its table in Lua, recv_many and batch:message in C (swig/lua/runtime.i)
    local srv, port = seq_server()
    local a, b = assert(sctp.seqpacket()), assert(sctp.seqpacket())
    for _, c in ipairs { a, b } do assert(c:setoption("SCTP_NODELAY", { value = 1 })) end
    local to = { "127.0.0.1", port }
    assert(a:send("ref", { to = to, stream = 1, ppid = 5 }))
    local _, ref = assert(srv:recv())
    local function names(t, extra)
      local k = { extra }
      for name in pairs(t) do k[#k + 1] = name end
      table.sort(k)
      return k
    end
    local want = names(ref, "data")
    -- two senders in turn: the table's from follows each message's own sender
    assert(a:send("a1", { to = to, stream = 1, ppid = 6 }))
    assert(b:send("b1", { to = to, stream = 2, ppid = 7 }))
    assert(a:send("a2", { to = to, stream = 1, ppid = 8 }))
    require("socket").sleep(0.2)
    local list = assert(srv:recv_many(8, 100))
    assert.equal(3, #list)
    local _, aport = a:getsockname()
    local _, bport = b:getsockname()
    for i, m in ipairs(list) do
      assert.same(want, names(m))
      for _, name in ipairs { "context", "flags", "timetolive", "cumtsn", "msg_flags" } do
        assert.equal(ref[name], m[name], name)
      end
      assert.same({ ({ "a1", "b1", "a2" })[i], ({ 1, 2, 1 })[i], ({ 6, 7, 8 })[i], true },
                  { m.data, m.stream, m.ppid, m.eor })
      assert.same({ addr = "127.0.0.1", family = "inet", port = ({ aport, bport, aport })[i] },
                  m.from)
    end
    assert.equal(ref.assoc_id, list[3].assoc_id)
    assert.equal(list[1].tsn + 1, list[3].tsn)
    list[1].from.port = 1
    assert.equal(aport, list[3].from.port)          -- not a shared table
    -- the same from a batch
    assert(b:send("b2", { to = to, stream = 3, ppid = 9 }))
    local batch = sctp.batch(4, 100)
    assert.equal(1, srv:recv_many_into(batch))
    local m = batch:message(1)
    assert.same(want, names(m))
    assert.same({ "b2", 3, 9, bport }, { m.data, m.stream, m.ppid, m.from.port })
    assert.are_not.equal(m, batch:message(1))
    srv:close(); a:close(); b:close()
  end)

  it("iterates over messages one per step, reading ahead in batches", function()
    local srv, cli, conn = pair()
    assert(cli:setoption("SCTP_NODELAY", { value = 1 }))
    assert(conn:subscribe("shutdown"))
    local sent = {}
    for i = 1, 40 do sent[i] = ("step %02d"):format(i) end
    assert.equal(40, cli:send_many(sent, { stream = 2, ppid = 7 }))
    require("socket").sleep(0.5)      -- all 40 queued: the first receive takes 16
    local got = {}
    for data, info in conn:messages(16, 64) do
      assert.same({ 2, 7, true, #got }, { info.stream, info.ppid, info.eor, info.ssn })
      got[#got + 1] = data
      if #got == 10 then break end
    end
    -- the socket keeps its iterator: six read ahead are still in it
    assert.has_error(function() conn:messages(8, 64) end,
      "bad argument to 'messages' (the socket's iterator still holds 6 messages read ahead " ..
      "with count 16, size 64)")
    for data, info in conn:messages(16, 64) do
      assert.same({ 2, 7, #got }, { info.stream, info.ppid, info.ssn })
      got[#got + 1] = data
      if #got == 40 then break end
    end
    assert.same(sent, got)
    -- a timeout is raised as recv's message; the iterator goes on afterwards
    conn:settimeout(0.2)
    local step = conn:messages(16, 64)
    local ok, err = pcall(step)
    assert.same({ false, "timeout" }, { ok, err })
    conn:settimeout(5)
    assert(cli:send("after", { ppid = 8 }))
    local data, info = step()
    assert.same({ "after", 8 }, { data, info.ppid })
    -- a notification is a step too; the end of the stream ends the loop
    assert(cli:send("last"))
    assert(cli:shutdown("send"))
    local kinds = {}
    for d, i in conn:messages(16, 64) do
      kinds[#kinds + 1] = i.notification and i.notification.type_name or d
    end
    assert.same({ "last", "SHUTDOWN_EVENT" }, kinds)
    assert.is_nil(step())
    conn:close()
    assert.has_error(function() conn:messages() end, "attempt to use a closed sctp socket")
    assert.has_error(function() step() end, "attempt to use a closed sctp socket")
    srv:close(); cli:close()
  end)

  it("names each message's sender as senders alternate", function()
    local srv, port = seq_server()
    local a, b = assert(sctp.seqpacket()), assert(sctp.seqpacket())
    assert(a:bind("127.0.0.2", 0))
    assert(b:bind("127.0.0.3", 0))
    local senders = {}
    for _, c in ipairs({ a, b }) do
      c:settimeout(5)
      assert(c:setoption("SCTP_NODELAY", { value = 1 }))
      assert(c:send("hello", { to = { "127.0.0.1", port } }))
      assert(srv:recv())
      local host, cport = c:getsockname()
      senders[#senders + 1] = host .. " " .. cport
    end
    local function send_alternately(n)
      for k = 1, n do
        assert((k % 2 == 1 and a or b):send(("m%d"):format(k), { to = { "127.0.0.1", port } }))
      end
      require("socket").sleep(0.3)
    end
    -- mN came from senders[1] when N is odd: order across associations is not kept
    local function check(data, info)
      local n = assert(tonumber(data:match("^m(%d)$")))
      assert.same({ senders[2 - n % 2], "inet" },
                  { info.from.addr .. " " .. info.from.port, info.from.family })
    end
    send_alternately(6)
    local k = 0
    for data, info in srv:messages(4, 64) do   -- the sender cache sees every change
      k = k + 1
      check(data, info)
      if k == 6 then break end
    end
    a:close(); b:close(); srv:close()
  end)

  it("receives many messages into a batch", function()
    local srv, cli, conn = pair()
    assert(cli:setoption("SCTP_NODELAY", { value = 1 }))
    assert(conn:subscribe("shutdown"))
    local b = sctp.batch(8, 64)
    assert.equal(0, #b)
    assert.equal(3, cli:send_many({ "one", "two", "three" }, { stream = 1, ppid = 0xDEADBEEF }))
    local got = {}
    while #got < 3 do
      local n = assert(conn:recv_many_into(b))
      assert.equal(n, #b)
      assert.equal("sctp.batch: " .. n .. " of 8 messages, size 64", tostring(b))
      for i = 1, n do
        local m = b:message(i)          -- recv_many's table
        assert.is_nil(m.notification)
        assert.is_true(m.assoc_id > 0)
        assert.same({ 1, 0xDEADBEEF, true }, { m.stream, m.ppid, m.eor })
        got[#got + 1] = m.data
      end
    end
    assert.same({ "one", "two", "three" }, got)
    assert.is_nil(b:message(#b + 1))
    assert.is_nil(b:message(0))
    assert.has_error(function() b:message("1") end)
    conn:settimeout(0.2)
    local n, err, errno = conn:recv_many_into(b)
    assert.same({ nil, "timeout" }, { n, err })
    assert.is_number(errno)
    assert.equal(0, #b)                 -- a failed receive leaves it empty
    -- a notification in a batch; the end of the stream (an empty message) ends it
    conn:settimeout(5)
    assert(cli:send_many({ "last" }))
    assert(cli:shutdown("send"))
    local kinds = {}
    repeat
      assert(conn:recv_many_into(b))
      for i = 1, #b do
        local m = b:message(i)
        kinds[#kinds + 1] = m.notification and m.notification.type_name or m.data
      end
    until kinds[#kinds] == ""
    assert.same({ "last", "SHUTDOWN_EVENT", "" }, kinds)
    srv:close(); cli:close(); conn:close()
  end)
end)
