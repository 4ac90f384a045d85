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
    assert.equal("nil\ttimeout\t62", printed[2])
  end)
end)
