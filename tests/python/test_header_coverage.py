"""A new user's check: every socket option and notification type that <linux/sctp.h> names
is reachable by that name from Python and from Lua, on the running kernel."""
import errno
import os
import re
import socket
import subprocess


import sctp

HEADER = "/usr/include/linux/sctp.h"

# Options the kernel implements as library calls rather than as options to set or get.
AS_CALLS = {
    "SCTP_SOCKOPT_BINDX_ADD": "bindx", "SCTP_SOCKOPT_BINDX_REM": "bindx",
    "SCTP_SOCKOPT_PEELOFF": "peeloff", "SCTP_SOCKOPT_PEELOFF_FLAGS": "peeloff",
    "SCTP_SOCKOPT_CONNECTX_OLD": "connectx", "SCTP_SOCKOPT_CONNECTX": "connectx",
    "SCTP_SOCKOPT_CONNECTX3": "connectx",
    "SCTP_GET_PEER_ADDRS": "getpaddrs", "SCTP_GET_LOCAL_ADDRS": "getladdrs",
}
LUA_METHODS = {"bindx": "bindx", "peeloff": "peeloff", "connectx": "connectx",
               "getpaddrs": "getpaddrs", "getladdrs": "getladdrs"}


def header_options():
    """Every socket option name: the #defines from SCTP_RTOINFO to SCTP_PLPMTUD_PROBE_INTERVAL,
    the last option of Linux 6.1 (aliases defined as another name included)."""
    text = open(HEADER).read()
    start = text.index("#define SCTP_RTOINFO")
    end = text.index("\n", text.index("#define SCTP_PLPMTUD_PROBE_INTERVAL"))
    return re.findall(r"^#define (SCTP_\w+)\s", text[start:end], re.M)


def header_notifications():
    text = open(HEADER).read()
    enum = text[text.index("enum sctp_sn_type {"):]
    enum = enum[:enum.index("};")]
    return [n for n in re.findall(r"^\s(SCTP_\w+)[,\s]", enum, re.M)
            if n not in ("SCTP_SN_TYPE_BASE", "SCTP_SN_TYPE_MAX", "SCTP_DATA_IO_EVENT")]


def kernel_lacks(number):
    """True if the running kernel handles the option neither way (ENOPROTOOPT)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132) as s:
        for call in (lambda: s.getsockopt(132, number, 64), lambda: s.setsockopt(132, number, bytes(64))):
            try:
                call()
                return False
            except OSError as e:
                if e.errno != errno.ENOPROTOOPT:
                    return False
    return True


def test_the_header_scan_finds_what_it_should():
    opts = header_options()
    assert {"SCTP_RTOINFO", "SCTP_DELAYED_ACK_TIME", "SCTP_RESET_STREAMS", "SCTP_EVENT",
            "SCTP_PLPMTUD_PROBE_INTERVAL"} <= set(opts)
    assert len(header_notifications()) == 13


def test_every_header_option_is_reachable_from_python():
    unreachable = []
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as s:
        for name in header_options():
            if name in AS_CALLS:
                assert callable(getattr(s, AS_CALLS[name])), name
                continue
            try:
                s.get_option(name)
            except ValueError:                 # "unknown socket option": not reachable
                number = getattr(sctp, name, None)
                if number is None or not kernel_lacks(number):
                    unreachable.append(name)
            except OSError:
                pass                           # known to us; the kernel wanted other args
    assert unreachable == []


def test_every_notification_type_is_reachable_from_python():
    for name in header_notifications():
        number = getattr(sctp, name)
        assert number in sctp.EVENTS.values(), name
        assert issubclass(sctp.NOTIFICATION_CLASSES[number], sctp.Notification), name


def test_sendmsg_connect_is_in_the_header_but_not_in_the_kernel():
    # SCTP_SENDMSG_CONNECT is defined but neither direction is implemented in Linux 6.1
    assert kernel_lacks(sctp.SCTP_SENDMSG_CONNECT)


LUA_CHECK = r"""
local sctp = require "sctp"
local s = assert(sctp.tcp())
local calls = {}
for k, v in pairs(%s) do calls[k] = v end
for name in io.read("a"):gmatch("%%S+") do
  local kind, detail = "ok", ""
  if calls[name] then
    if type(s[calls[name]]) ~= "function" then kind = "missing-method" end
  elseif name:match("^NOTIFY:") then
    local n = sctp[name:sub(8)]
    local found = false
    for _, v in pairs(sctp.EVENTS) do found = found or v == n end
    if not found then kind = "missing-event" end
  else
    local ok, err = pcall(s.getoption, s, name)
    if not ok and tostring(err):match("unknown socket option") then kind = "unknown" end
  end
  print(kind, name)
end
"""


def test_every_header_option_and_notification_is_reachable_from_lua():
    table = "{" + ", ".join('%s = "%s"' % (k, LUA_METHODS[v]) for k, v in AS_CALLS.items()) + "}"
    names = header_options() + ["NOTIFY:" + n for n in header_notifications()]
    out = subprocess.run(["lua5.4", "-e", LUA_CHECK % table], input=" ".join(names),
                         capture_output=True, text=True, env=os.environ, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert len(rows) == len(names)
    bad = [name for kind, name in rows if kind != "ok"
           and not (kind == "unknown" and kernel_lacks(getattr(sctp, name)))]
    assert bad == []


def header_constants():
    """Every #define SCTP_* / SPP_* of the header whose value can be evaluated (numbers,
    shifts, other names of the header), with its value: options, notification types, their
    flag and state values, aliases."""
    with open(HEADER) as f:
        text = f.read()
    values = {}
    known = {n: getattr(sctp, n) for n in dir(sctp) if n.startswith(("SCTP_", "SPP_"))}
    for name, expr in re.findall(r"^#define\s+((?:SCTP|SPP)_\w+)[ \t]+([^/\n]+)", text, re.M):
        try:
            values[name] = eval(expr.replace("U", ""), {"__builtins__": {}}, {**known, **values})
        except Exception:
            pass            # function-like or typed macros: not integer constants
    return values


def test_every_header_constant_is_in_both_modules_with_its_value():
    values = header_constants()
    assert len(values) > 100 and "SCTP_ADDR_PF" in values and "SCTP_ENABLE_STRRESET_MASK" in values
    assert {n: getattr(sctp, n, None) for n in values} == values
    lua = "local s = require 'sctp'\nfor n, v in io.read('a'):gmatch('(%S+)=(%S+)') do\n" \
          "  if s[n] ~= math.tointeger(v) then print(n, s[n], v) end\nend\n"
    out = subprocess.run(["lua5.4", "-e", lua], input=" ".join("%s=%d" % kv for kv in values.items()),
                         capture_output=True, text=True, env=os.environ, timeout=60)
    assert out.returncode == 0 and out.stdout == "", out.stdout + out.stderr
