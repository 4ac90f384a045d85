-- Table of hostile calls in Lua (types, ranges, lifecycle, styles, tiny buffers): misuse
-- raises, OS errors return nil, message, errno, allowed edge cases give their documented
-- result; the process goes on, nothing is sent that was not asked for, and running them
-- all again loses no descriptor and no memory.
local sctp = require "sctp"

describe("bad input", function()
  local srv = assert(sctp.tcp())
  assert(srv:bind("127.0.0.1", 0))
  assert(srv:listen())
  local host, port = srv:getsockname()
  local cli = assert(sctp.tcp())
  cli:settimeout(5); srv:settimeout(5)
  assert(cli:connect(host, port))
  local conn = assert(srv:accept())
  conn:settimeout(5)
  local udp = assert(sctp.seqpacket())
  assert(udp:bind("127.0.0.1", 0))
  local closed = assert(sctp.tcp())
  closed:close()
  local udp6 = assert(sctp.seqpacket6())
  assert(udp6:bind("::1", 0))
  local function fresh(make)
    local s = assert((make or sctp.tcp)())
    s:settimeout(0)
    return s
  end
  local core = sctp.core
  local MANY = {}
  for i = 1, 65536 do MANY[i] = { "127.0.0.1", 1 } end   -- more than a list may hold

  local raises = {   -- misuse: an error is raised
    { "send number", function() cli:send(42) end },
    { "send nil", function() cli:send(nil) end },
    { "send table", function() cli:send({}) end },
    { "send opts string", function() cli:send("x", "opts") end },
    { "send ppid float", function() cli:send("x", { ppid = 1.5 }) end },
    { "send ppid negative", function() cli:send("x", { ppid = -1 }) end },
    { "send ppid 2^32", function() cli:send("x", { ppid = 1 << 32 }) end },
    { "send ppid string", function() cli:send("x", { ppid = "46" }) end },
    { "send stream 65536", function() cli:send("x", { stream = 65536 }) end },
    { "send stream -1", function() cli:send("x", { stream = -1 }) end },
    { "send stream float", function() cli:send("x", { stream = 0.5 }) end },
    { "send flags 65536", function() cli:send("x", { flags = 65536 }) end },
    { "send ttl 2^32", function() cli:send("x", { ttl = 1 << 32 }) end },
    { "send context -1", function() cli:send("x", { context = -1 }) end },
    { "send assoc_id 2^31", function() cli:send("x", { assoc_id = 1 << 31 }) end },
    { "send to string", function() cli:send("x", { to = "127.0.0.1" }) end },
    { "send to bad port", function() cli:send("x", { to = { "127.0.0.1", 70000 } }) end },
    { "send to port string", function() cli:send("x", { to = { "127.0.0.1", "x" } }) end },
    { "send to unresolvable", function() udp:send("x", { to = { "no-such-host.invalid", 1 } }) end },
    { "send to bad address", function() udp:send("x", { to = { "300.1.1.1", 1 } }) end },
    { "recv size 0", function() conn:recv(0) end },
    { "recv size -1", function() conn:recv(-1) end },
    { "recv size float", function() conn:recv(1.5) end },
    { "recv size string", function() conn:recv("x") end },
    { "recv size 2^40", function() conn:recv(1 << 40) end },
    { "sendv list with a number", function() cli:sendv({ "a", 2 }) end },
    { "sendv empty list", function() cli:sendv({}) end },
    { "sendv 1025 buffers", function() local t = {} for i = 1, 1025 do t[i] = "x" end cli:sendv(t) end },
    { "send_many string", function() cli:send_many("x") end },
    { "send_many empty list", function() cli:send_many({}) end },
    { "send_many 65 messages", function() local t = {} for i = 1, 65 do t[i] = "x" end cli:send_many(t) end },
    { "send_many list with a table", function() cli:send_many({ "a", {} }) end },
    { "recv_many count 0", function() conn:recv_many(0) end },
    { "recv_many count 65", function() conn:recv_many(65) end },
    { "recv_many size 0", function() conn:recv_many(1, 0) end },
    { "recv_many size 2^40", function() conn:recv_many(1, 1 << 40) end },
    { "recv_many 64 x 2 MiB", function() conn:recv_many(64, 2 << 20) end },
    { "batch count 0", function() sctp.batch(0) end },
    { "batch count 65", function() sctp.batch(65) end },
    { "batch size 0", function() sctp.batch(1, 0) end },
    { "batch 64 x 2 MiB", function() sctp.batch(64, 2 << 20) end },
    { "batch size string", function() sctp.batch(1, "x") end },
    { "recv_many_into a table", function() conn:recv_many_into({}) end },
    { "recv_many_into nothing", function() conn:recv_many_into() end },
    { "batch index string", function() sctp.batch(1, 8):message("x") end },
    { "messages count 0", function() conn:messages(0) end },
    { "messages count 65", function() conn:messages(65) end },
    { "messages size string", function() conn:messages(1, "x") end },
    { "batch_take of a table", function() core.batch_take(conn, {}) end },
    { "batch method on a table", function() sctp.batch(1, 8).message({}, 1) end },
    { "send unknown option", function() cli:send("x", { strem = 3 }) end },
    { "send_many unknown option", function() cli:send_many({ "x" }, { ppdi = 3 }) end },
    { "sendv unknown option", function() cli:sendv("x", { stream = 1, pr_polcy = "ttl" }) end },
    { "sendv bad pr_policy", function() cli:sendv("x", { pr_policy = "often" }) end },
    { "sendv unknown init field", function() cli:sendv("x", { init = { num_streams = 2 } }) end },
    { "bind host number", function() udp:bind(1, 2) end },
    { "bind port string", function() udp:bind("127.0.0.1", "x") end },
    { "bind port 70000", function() udp:bind("127.0.0.1", 70000) end },
    { "bind port -1", function() udp:bind("127.0.0.1", -1) end },
    { "bind unresolvable", function() udp:bind("no-such-host.invalid", 0) end },
    { "bindx empty", function() udp:bindx({}) end },
    { "bindx string", function() udp:bindx("127.0.0.1") end },
    { "bindx 65536 addresses", function() udp:bindx(MANY) end },
    { "bindx bad entry", function() udp:bindx({ 42 }) end },
    { "bindx entry without port", function() udp:bindx({ { "127.0.0.1" } }) end },
    { "bindx bad action", function() udp:bindx({ { "127.0.0.1", 0 } }, "drop") end },
    { "connectx empty", function() assert(sctp.tcp()):connectx({}) end },
    { "connectx nil", function() assert(sctp.tcp()):connectx(nil) end },
    { "connectx 65536 addresses", function() assert(sctp.tcp()):connectx(MANY) end },
    { "getoption unknown", function() cli:getoption("SCTP_NO_SUCH") end },
    { "getoption lowercase", function() cli:getoption("sctp_status") end },
    { "getoption unknown field", function() cli:getoption("SCTP_STATUS", { nope = 1 }) end },
    { "getoption field string", function() cli:getoption("SCTP_STATUS", { assoc_id = "1" }) end },
    { "getoption field range", function() cli:getoption("SCTP_STATUS", { assoc_id = 1 << 40 }) end },
    { "setoption range u16", function() cli:setoption("SCTP_INITMSG", { num_ostreams = 65536 }) end },
    { "setoption negative", function() cli:setoption("SCTP_INITMSG", { num_ostreams = -1 }) end },
    { "setoption float", function() cli:setoption("SCTP_NODELAY", { value = 1.5 }) end },
    { "setoption address number", function() cli:setoption("SCTP_PRIMARY_ADDR", { addr = { 1, 2 } }) end },
    { "setoption unknown", function() cli:setoption("NOPE", {}) end },
    { "subscribe unknown", function() cli:subscribe("nope") end },
    { "subscribe number", function() cli:subscribe(1) end },
    { "unsubscribe unknown", function() cli:unsubscribe("nope") end },
    { "settimeout string", function() cli:settimeout("1") end },
    { "socket bad family", function() sctp.socket("inet9") end },
    { "socket bad style", function() sctp.socket("inet", "dgram") end },
    { "closed send", function() closed:send("x") end },
    { "closed recv", function() closed:recv() end },
    { "closed messages", function() closed:messages() end },
    { "closed bind", function() closed:bind("127.0.0.1", 0) end },
    { "closed connect", function() closed:connect("127.0.0.1", 1) end },
    { "closed getoption", function() closed:getoption("SCTP_NODELAY") end },
    { "closed subscribe", function() closed:subscribe("association") end },
    { "closed getpaddrs", function() closed:getpaddrs() end },
    { "closed settimeout", function() closed:settimeout(1) end },
    { "method on non-socket", function() sctp.Socket.send({}, "x") end },
    { "core socket as fd", function() core.recv(3, 0, 10) end },
    { "core fd string", function() core.sock_new("3") end },
    { "core fd float", function() core.sock_new(3.5) end },
    { "core fd 2^40", function() core.sock_new(1 << 40) end },
    { "core send info string", function() core.send(cli, nil, "info", 0, "x") end },
    { "core decode number", function() core.decode_notification({}) end },
    { "core getopt name number", function() core.getopt(cli:getfd(), { 5 }) end },
    -- lifecycle: every call of a closed socket
    { "closed sendv", function() closed:sendv("x") end },
    { "closed send_many", function() closed:send_many({ "x" }) end },
    { "closed recv_many", function() closed:recv_many(1, 8) end },
    { "closed recv_many_into", function() closed:recv_many_into(sctp.batch(1, 8)) end },
    { "closed getladdrs", function() closed:getladdrs() end },
    { "closed setoption", function() closed:setoption("SCTP_NODELAY", { value = 1 }) end },
    { "closed unsubscribe", function() closed:unsubscribe("association") end },
    { "closed peeloff", function() closed:peeloff(1) end },
    { "closed accept", function() closed:accept() end },
    { "closed listen", function() closed:listen() end },
    { "closed bindx", function() closed:bindx({ { "127.0.0.1", 0 } }) end },
    { "closed connectx", function() closed:connectx({ { "127.0.0.1", 9 } }) end },
    { "closed getsockname", function() closed:getsockname() end },
    { "closed getpeername", function() closed:getpeername() end },
    { "closed shutdown", function() closed:shutdown() end },
    { "closed status", function() closed:status() end },
    { "closed recv sized", function() closed:recv(1) end },
    -- batches and iterators
    { "batch count -1", function() sctp.batch(-1) end },
    { "batch count float", function() sctp.batch(1.5) end },
    { "batch count string", function() sctp.batch("x") end },
    { "batch size 2^40", function() sctp.batch(1, 1 << 40) end },
    { "batch message float", function() sctp.batch(1, 8):message(1.5) end },
    { "batch message nil", function() sctp.batch(1, 8):message() end },
    { "messages count -1", function() conn:messages(-1) end },
    { "messages count float", function() conn:messages(1.5) end },
    { "messages size 0", function() conn:messages(1, 0) end },
    { "messages size 2^40", function() conn:messages(1, 1 << 40) end },
    { "recv_many count float", function() conn:recv_many(1.5) end },
    { "recv_many count string", function() conn:recv_many("x") end },
    { "recv_many count -1", function() conn:recv_many(-1) end },
    -- send options: types and ranges
    { "send unordered string", function() cli:send("x", { unordered = "yes" }) end },
    { "send to empty table", function() udp:send("x", { to = {} }) end },
    { "send to port float", function() udp:send("x", { to = { "127.0.0.1", 1.5 } }) end },
    { "send to host number", function() udp:send("x", { to = { 127, 1 } }) end },
    { "send IPv6 flowinfo -1", function() udp6:send("x", { to = { "::1", 9, -1, 0 } }) end },
    { "send IPv6 flowinfo 2^20", function() udp6:send("x", { to = { "::1", 9, 1 << 20, 0 } }) end },
    { "send IPv6 flowinfo 2^32", function() udp6:send("x", { to = { "::1", 9, 1 << 32, 0 } }) end },
    { "send IPv6 scope 2^32", function() udp6:send("x", { to = { "::1", 9, 0, 1 << 32 } }) end },
    { "send IPv6 scope -1", function() udp6:send("x", { to = { "::1", 9, 0, -1 } }) end },
    { "send context 2^32", function() cli:send("x", { context = 1 << 32 }) end },
    { "send ttl -1", function() cli:send("x", { ttl = -1 }) end },
    { "send assoc_id string", function() udp:send("x", { assoc_id = "1" }) end },
    { "send data boolean", function() cli:send(true) end },
    { "sendv pr_value -1", function() cli:sendv("x", { pr_policy = "ttl", pr_value = -1 }) end },
    { "sendv auth_key 65536", function() cli:sendv("x", { auth_key = 65536 }) end },
    { "sendv stream string", function() cli:sendv("x", { stream = "1" }) end },
    { "sendv init not a table", function() cli:sendv("x", { init = 5 }) end },
    { "sendv init num_ostreams 65536", function() udp:sendv("x", { to = { "127.0.0.1", 9 }, init = { num_ostreams = 65536 } }) end },
    { "sendv data number", function() cli:sendv(5) end },
    { "sendv to list with junk", function() udp:sendv("x", { to = { { "127.0.0.1", 9 }, 5 } }) end },
    { "send_many nil", function() cli:send_many(nil) end },
    { "send_many stream -1", function() cli:send_many({ "a" }, { stream = -1 }) end },
    { "send_many opts string", function() cli:send_many({ "a" }, "opts") end },
    -- addresses, options, events
    { "connect port string", function() fresh():connect("127.0.0.1", "x") end },
    { "connect nil host", function() fresh():connect(nil, 9) end },
    { "connect port 70000", function() fresh():connect("127.0.0.1", 70000) end },
    { "bind nil host", function() fresh():bind(nil, 0) end },
    { "bindx action number", function() udp:bindx({ { "127.0.0.1", 0 } }, 5) end },
    { "bindx port float", function() udp:bindx({ { "127.0.0.1", 0.5 } }) end },
    { "connectx entry string", function() fresh():connectx({ "127.0.0.1" }) end },
    { "connectx port 2^40", function() fresh():connectx({ { "127.0.0.1", 1 << 40 } }) end },
    { "getoption nil", function() cli:getoption(nil) end },
    { "getoption number", function() cli:getoption(5) end },
    { "setoption fields string", function() cli:setoption("SCTP_NODELAY", "1") end },
    { "setoption value string", function() cli:setoption("SCTP_NODELAY", { value = "1" }) end },
    { "setoption rtoinfo field unknown", function() cli:setoption("SCTP_RTOINFO", { minimum = 1 }) end },
    { "subscribe table", function() cli:subscribe({}) end },
    { "unsubscribe number", function() cli:unsubscribe(5) end },
    { "status string", function() cli:status("x") end },
    { "getpaddrs string", function() cli:getpaddrs("x") end },
    { "peeloff string", function() udp:peeloff("x") end },
    { "peeloff float", function() udp:peeloff(1.5) end },
    { "peeloff 2^40", function() udp:peeloff(1 << 40) end },
    { "shutdown sideways", function() cli:shutdown("sideways") end },
    { "settimeout NaN", function() cli:settimeout(0 / 0) end },
    { "settimeout table", function() cli:settimeout({}) end },
    { "socket family number", function() sctp.socket(2) end },
    { "socket style table", function() sctp.socket("inet", {}) end },
    { "associations string", function() sctp.associations("all") end },
    { "associations bad source", function() sctp.associations({ source = "guess" }) end },
    { "method on a batch", function() sctp.Socket.recv(sctp.batch(1, 8)) end },
  }
  local oserr = {    -- OS errors: nil, message, errno
    { "bindx foreign address", function() return udp:bindx({ { "192.0.2.1", 0 } }) end },
    { "bindx IPv6 on IPv4", function() return udp:bindx({ { "::1", 0 } }) end },
    { "bindx remove unbound", function() return udp:bindx({ { "127.0.0.9", 0 } }, "remove") end },
    { "connect refused", function() local s = assert(sctp.tcp()); s:settimeout(5); return s:connect("127.0.0.1", 9) end },
    { "connectx refused", function() local s = assert(sctp.tcp()); s:settimeout(5); return s:connectx({ { "127.0.0.1", 9 } }) end },
    { "connect IPv6 on IPv4", function() return assert(sctp.tcp()):connect("::1", 9) end },
    { "listen twice on connected", function() return cli:listen() end },
    { "accept on connected", function() return cli:accept() end },
    { "peeloff unknown assoc", function() return udp:peeloff(424242) end },
    { "peeloff on one-to-one", function() return cli:peeloff(1) end },
    { "getpaddrs unknown assoc", function() return udp:getpaddrs(424242) end },
    { "getoption status unknown assoc", function() return udp:getoption("SCTP_STATUS", { assoc_id = 424242 }) end },
    { "getoption write-only", function() return cli:getoption("SCTP_AUTH_CHUNK") end },
    { "setoption read-only", function() return cli:setoption("SCTP_STATUS", {}) end },
    { "setoption primary foreign", function() return cli:setoption("SCTP_PRIMARY_ADDR", { addr = { "192.0.2.7", 1 } }) end },
    { "send unknown assoc", function() return udp:send("x", { assoc_id = 424242 }) end },
    { "send empty message", function() return cli:send("") end },
    { "send IPv6 destination on IPv4", function() return udp:send("x", { to = { "::1", 9 } }) end },
    { "recv nothing queued", function() conn:settimeout(0); local a, b, c = conn:recv(); conn:settimeout(5); return a, b, c end },
    { "recv timeout", function() conn:settimeout(0.05); local a, b, c = conn:recv(); conn:settimeout(5); return a, b, c end },
    { "send on unconnected", function() return assert(sctp.tcp()):send("x") end },
    { "recv on unconnected", function() local s = assert(sctp.tcp()); s:settimeout(0); return s:recv() end },
    { "getpeername unconnected", function() return assert(sctp.tcp()):getpeername() end },
    { "shutdown unconnected", function() return assert(sctp.tcp()):shutdown() end },
    { "core recv bad fd", function() return core.recv(core.sock_new(999), 0, 10) end },
    { "core send bad fd", function() return core.send(core.sock_new(999), nil, nil, 0, "x") end },
    { "core getopt bad fd", function() return core.getopt(999, { "SCTP_STATUS" }) end },
    { "core subscribe bad fd", function() return core.subscribe(-1, 0x8001, 1, 0) end },
    { "core close bad fd", function() return core.close(999) end },
    { "core batch_receive bad fd", function() return core.batch_receive(core.sock_new(999), sctp.batch(1, 8), 0) end },
    { "core decode short", function() return core.decode_notification("\1") end },
  }

  -- allowed edge cases: each checks its result
  local works = {
    { "double close", function()
      local s = fresh(); s:close(); assert(s:close() == 1); assert(s:getfd() == -1)
      assert(tostring(s):find("closed", 1, true))
    end },
    { "closed gettimeout", function() assert(closed:gettimeout() == nil) end },
    { "closed dirty", function() assert(closed:dirty() == false) end },
    { "a socket collected while its iterator lives", function()
      local it = fresh():messages(1, 8)
      collectgarbage(); collectgarbage()
      assert(not pcall(it))          -- not connected: an error, not a crash
    end },
    { "a batch outliving its socket", function()
      local b = sctp.batch(2, 8)
      local s = fresh(sctp.seqpacket)
      assert(s:recv_many_into(b) == nil)
      s:close(); s = nil
      collectgarbage()
      assert(#b == 0)
    end },
    { "batch message out of range", function()
      local b = sctp.batch(2, 8)
      assert(b:message(1) == nil and b:message(0) == nil and b:message(3) == nil)
    end },
    { "partial delivery through a 1-byte buffer", function()
      assert(cli:send(("p"):rep(100), { ppid = 7 }))
      local first, i1 = assert(conn:recv(1))
      local rest, i2 = assert(conn:recv())
      assert(first == "p" and not i1.eor and rest == ("p"):rep(99) and i2.eor)
      assert(i1.ppid == 7 and i2.ppid == 7)
    end },
    { "recv_many with 1-byte buffers", function()
      assert(cli:send("abc"))
      local got = assert(conn:recv_many(4, 1))
      while not got[#got].eor do
        local d, i = assert(conn:recv(1)); i.data = d; got[#got + 1] = i
      end
      local t = {}
      for k, m in ipairs(got) do t[k] = m.data end
      assert(table.concat(t) == "abc" and #got == 3)
    end },
    { "ints at the top of their ranges", function()
      assert(cli:send("w", { ppid = (1 << 32) - 1, context = (1 << 32) - 1, ttl = (1 << 32) - 1 }))
      local d, info = assert(conn:recv())
      assert(d == "w" and info.ppid == (1 << 32) - 1)
    end },
    { "a 25-day timeout", function()
      cli:settimeout(2147484)
      assert(cli:send_many({ "a", "b" }) == 2)
      assert(cli:sendv("c"))
      cli:settimeout(5)
      for _, want in ipairs { "a", "b", "c" } do assert((conn:recv()) == want) end
    end },
    { "negative timeout blocks", function()
      local s = fresh(); s:settimeout(-1); assert(s:gettimeout() == -1); s:close()
    end },
    { "assoc_id on one-to-one", function()
      assert(cli:send("id", { assoc_id = 77 })); assert((conn:recv()) == "id")
    end },
    { "unordered message", function()
      assert(cli:send("u", { unordered = true }))
      local d, info = assert(conn:recv()); assert(d == "u" and info.flags & sctp.SCTP_UNORDERED ~= 0)
    end },
  }

  it("has at least 200 cases", function()
    assert.is_true(#raises + #oserr + #works >= 200)
  end)

  for _, case in ipairs(works) do
    it("works: " .. case[1], function()
      case[2]()
      assert(cli:send("ok"))
      assert.equal("ok", (conn:recv()))
    end)
  end

  for _, case in ipairs(raises) do
    it("raises: " .. case[1], function()
      local ok, err = pcall(case[2])
      assert.is_false(ok)
      -- the library's own words, not a Lua runtime error from inside it
      assert.is_nil(tostring(err):match("attempt to (%a+ a %a+ value)"), tostring(err))
      assert(cli:send("ok"))
      assert.equal("ok", (conn:recv()))
    end)
  end
  it("names the bad field of send's opts", function()
    local function message(f) local ok, err = pcall(f); assert.is_false(ok); return err end
    assert.matches("'ppid' must be an integer, got a float", message(function() cli:send("x", { ppid = 1.5 }) end), 1, true)
    assert.matches("'ppid' must be an integer, got string", message(function() cli:send("x", { ppid = "46" }) end), 1, true)
    assert.matches("'stream' is out of range", message(function() cli:send("x", { stream = 65536 }) end), 1, true)
    assert.matches("bad argument #2 to 'send' (unknown option 'strem')", message(function() cli:send("x", { strem = 3 }) end), 1, true)
    assert.matches("bad argument #1 to 'recv_many_into' (sctp.batch expected, got nil)", message(function() conn:recv_many_into(nil) end), 1, true)
    assert.matches("bad argument #1 to 'send' (string expected, got number)", message(function() cli:send(42, {}) end), 1, true)
    assert.matches("bad argument #2 to 'send' (table expected, got string)", message(function() cli:send("x", "opts") end), 1, true)
    assert.matches("sctp socket expected", message(function() cli.send({}, "x") end), 1, true)
    local gone = assert(sctp.tcp())
    gone:close()
    assert.matches("attempt to use a closed sctp socket", message(function() gone:send("x") end), 1, true)
    assert(cli:send("ok"))
    assert.equal("ok", (conn:recv()))
  end)
  for _, case in ipairs(oserr) do
    it("returns nil, message, errno: " .. case[1], function()
      local ok, msg, errno = case[2]()
      assert.is_nil(ok)
      assert.is_string(msg)
      assert.equal("integer", math.type(errno))
      assert(cli:send("ok"))
      assert.equal("ok", (conn:recv()))
    end)
  end

  local function descriptors()
    local n = 0
    for _ in io.popen("ls /proc/self/fd"):lines() do n = n + 1 end
    return n
  end
  local function rss_kib()
    local f = assert(io.open("/proc/self/status"))
    local kib = f:read("a"):match("VmRSS:%s*(%d+)")
    f:close()
    return tonumber(kib)
  end
  local function run_all()
    for _, case in ipairs(raises) do pcall(case[2]) end
    for _, case in ipairs(oserr) do case[2]() end
    for _, case in ipairs(works) do case[2]() end
  end
  it("loses no descriptor and no memory running every case again", function()
    run_all(); run_all()                           -- caches and the allocator settle first
    collectgarbage(); collectgarbage()
    local fds, rss = descriptors(), rss_kib()
    for _ = 1, 5 do run_all() end
    collectgarbage(); collectgarbage()
    assert.equal(fds, descriptors())
    assert.is_true(rss_kib() - rss < 8 * 1024, "RSS grew by " .. (rss_kib() - rss) .. " KiB")
  end)

  it("sent nothing that was not asked for", function()
    conn:settimeout(0)
    local data, err = conn:recv()
    assert.is_nil(data)
    assert.equal(11, select(3, conn:recv()))
    srv:close(); cli:close(); conn:close(); udp:close(); udp6:close()
  end)
end)
