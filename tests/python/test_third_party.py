"""Other SCTP stacks' programs as peers, through the public API: Erlang's gen_sctp (from
Python and from Lua), ncat, Osmocom's osmo-stp (M3UA) and freeDiameter (Diameter CER/CEA)."""
import os
import socket
import struct
import subprocess
import time

import pytest

import sctp
from helpers import TOOL_ENV, free_port

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "..", "peers")


def connect_when_listening(port, timeout=30):
    """A one-to-one association with 127.0.0.1:port, once something listens there."""
    end = time.monotonic() + timeout
    while True:
        s = sctp.SCTPSocket()
        s.settimeout(10)
        try:
            s.connect(("127.0.0.1", port))
            return s
        except OSError:
            s.close()
            assert time.monotonic() < end, "nothing listens on port %d" % port
            time.sleep(0.2)


def data_only(sock):
    """The next message that is not a notification."""
    while True:
        m = sock.sctp_recv()
        if not isinstance(m, sctp.Notification):
            return m


@pytest.fixture(scope="module")
def erlang():
    """An Erlang gen_sctp one-to-many echo peer: its port, and what it printed."""
    peer = subprocess.Popen(["escript", os.path.join(PEERS, "gen_sctp_echo.escript")],
                            stdout=subprocess.PIPE, text=True, env=TOOL_ENV)
    port = int(peer.stdout.readline())
    yield port, peer.stdout
    peer.kill()
    peer.wait()


def test_erlang_gen_sctp_exchanges_streams_and_ppids_with_python(erlang):
    port, said = erlang
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as s:
        s.settimeout(20)
        for stream, ppid in ((0, 46), (3, 18), (7, 60)):
            s.sctp_send(b"python %d" % stream, to=("127.0.0.1", port), stream=stream, ppid=ppid)
            m = data_only(s)
            assert (m.data, m.stream, m.ppid) == (b"erlang:python %d" % stream, stream, ppid)
            assert m.addr == ("127.0.0.1", port)
            # Erlang saw the same stream and PPID (both stacks give PPIDs in host order)
            assert said.readline().split() == ["got", "python", str(stream), "stream",
                                               str(stream), "ppid", str(ppid)]


def test_erlang_gen_sctp_exchanges_streams_and_ppids_with_lua(erlang):
    port, said = erlang
    out = subprocess.run(["lua5.4", "-e", """
        local sctp = require "sctp"
        local s <close> = assert(sctp.seqpacket())
        s:settimeout(20)
        for _, sp in ipairs { {1, 3}, {4, 5} } do
          assert(s:send("lua " .. sp[1], { to = { "127.0.0.1", %d }, stream = sp[1], ppid = sp[2] }))
          local data, info
          repeat data, info = assert(s:recv()) until not info.notification
          assert(data == "erlang:lua " .. sp[1] and info.stream == sp[1] and info.ppid == sp[2],
                 data .. " " .. info.stream .. " " .. info.ppid)
          print(data, info.stream, info.ppid)
        end""" % port], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["erlang:lua", "1", "1", "3", "erlang:lua", "4", "4", "5"]
    assert said.readline().split() == ["got", "lua", "1", "stream", "1", "ppid", "3"]
    assert said.readline().split() == ["got", "lua", "4", "stream", "4", "ppid", "5"]


def test_ncat_receives_a_file_byte_exact(tmp_path):
    payload = os.urandom(300_000)
    port = free_port()
    out = tmp_path / "received.bin"
    with open(out, "wb") as f:
        # stdin a pipe left open: ncat's SCTP listener quits at EOF on its stdin without
        # reading the association (nmap issues 1672, 2829)
        ncat = subprocess.Popen(["ncat", "--sctp", "--recv-only", "-l", "127.0.0.1", str(port)],
                                stdin=subprocess.PIPE, stdout=f, env=TOOL_ENV)
        try:
            with connect_when_listening(port) as s:
                for i in range(0, len(payload), 4096):
                    s.sctp_send(payload[i:i + 4096])
            assert ncat.wait(30) == 0              # our close ends its one connection
        finally:
            ncat.kill()
            ncat.stdin.close()
    assert out.read_bytes() == payload


def test_ncat_sends_a_file_byte_exact(tmp_path):
    payload = os.urandom(300_000)
    (tmp_path / "sent.bin").write_bytes(payload)
    with sctp.SCTPSocket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(30)
        with open(tmp_path / "sent.bin", "rb") as f:
            ncat = subprocess.Popen(["ncat", "--sctp", "--send-only", "127.0.0.1",
                                     str(srv.getsockname()[1])], stdin=f, env=TOOL_ENV)
        try:
            conn, _ = srv.accept()
            with conn:
                conn.settimeout(30)
                got = b"".join(m.data for m in conn.messages())   # until the end of stream
            assert ncat.wait(30) == 0
        finally:
            ncat.kill()
    assert got == payload


M3UA_PPID = 3


def m3ua(msg_class, msg_type, params=b""):
    """An M3UA message (RFC 4666 1.3.1): version 1, class, type, length, parameters."""
    return struct.pack("!BBBBI", 1, 0, msg_class, msg_type, 8 + len(params)) + params


def test_osmo_stp_answers_asp_up_and_asp_active(tmp_path):
    port = free_port()
    cfg = tmp_path / "osmo-stp.cfg"
    cfg.write_text("log stderr\n logging level set-all notice\n"
                   "cs7 instance 0\n xua rkm routing-key-allocation dynamic-permitted\n"
                   " listen m3ua %d\n  accept-asp-connections dynamic-permitted\n"
                   "  local-ip 127.0.0.1\n" % port)
    log = open(tmp_path / "osmo-stp.log", "w")
    stp = subprocess.Popen(["osmo-stp", "-c", str(cfg)], stdout=log, stderr=subprocess.STDOUT,
                           cwd=tmp_path, env=TOOL_ENV)
    try:
        with connect_when_listening(port) as s:
            s.sctp_send(m3ua(3, 1), ppid=M3UA_PPID, stream=0)            # ASPSM ASP Up
            ack = data_only(s)
            assert (ack.data[2:4], ack.ppid, ack.stream) == (b"\x03\x04", M3UA_PPID, 0)  # Up Ack
            assert struct.unpack("!I", ack.data[4:8])[0] == len(ack.data)
            # ASPTM ASP Active, traffic mode override
            s.sctp_send(m3ua(4, 1, struct.pack("!HHI", 0x000B, 8, 1)), ppid=M3UA_PPID, stream=0)
            ack = data_only(s)
            assert (ack.data[2:4], ack.ppid) == (b"\x04\x03", M3UA_PPID)  # ASP Active Ack
    finally:
        stp.kill()
        stp.wait()
        log.close()


def diameter_avp(code, data, flags=0x40):
    """One AVP (RFC 6733 4.1), M flag set by default, padded to four bytes."""
    length = 8 + len(data)
    return (struct.pack("!IB", code, flags) + length.to_bytes(3, "big") + data +
            b"\0" * (-length % 4))


def diameter_avps(data):
    found = {}
    while data:
        code, length = struct.unpack("!I", data[:4])[0], int.from_bytes(data[5:8], "big")
        found[code] = data[8:length]
        data = data[(length + 3) & ~3:]
    return found


def sh(*cmd):
    subprocess.run(cmd, check=True)


def test_freediameter_answers_a_capabilities_exchange(tmp_path):
    """freeDiameterd leaves loopback addresses out of its CER/CEA, so it gets a veth link in
    a network namespace of its own: 10.77.0.2 there, ours 10.77.0.1."""
    subprocess.run(["ip", "netns", "del", "sctp-fd"], stderr=subprocess.DEVNULL)
    sh("ip", "netns", "add", "sctp-fd")
    try:
        sh("ip", "link", "add", "sctpfd0", "type", "veth", "peer", "name", "sctpfd1",
           "netns", "sctp-fd")
        sh("ip", "addr", "add", "10.77.0.1/24", "dev", "sctpfd0")
        sh("ip", "link", "set", "sctpfd0", "up")
        sh("ip", "-n", "sctp-fd", "addr", "add", "10.77.0.2/24", "dev", "sctpfd1")
        sh("ip", "-n", "sctp-fd", "link", "set", "sctpfd1", "up")
        conf = tmp_path / "freeDiameter.conf"
        conf.write_text('Identity = "dia.test"; Realm = "test"; Port = 3868; SecPort = 0;\n'
                        'No_TCP; No_IPv6; ListenOn = "10.77.0.2";\n'
                        'ConnectPeer = "client.test" { ConnectTo = "10.77.0.1"; No_TLS; };\n')
        log = open(tmp_path / "freeDiameterd.log", "w")
        peer = subprocess.Popen(["ip", "netns", "exec", "sctp-fd", "freeDiameterd", "-c",
                                 str(conf)], stdout=log, stderr=subprocess.STDOUT, env=TOOL_ENV)
        try:
            avps = (diameter_avp(264, b"client.test") + diameter_avp(296, b"test") +
                    diameter_avp(257, struct.pack("!H4s", 1, socket.inet_aton("10.77.0.1"))) +
                    diameter_avp(266, struct.pack("!I", 0)) +
                    diameter_avp(269, b"sctp tests", flags=0) +
                    diameter_avp(258, struct.pack("!I", 0xFFFFFFFF)))      # relay
            cer = (bytes([1]) + (20 + len(avps)).to_bytes(3, "big") + bytes([0x80]) +
                   (257).to_bytes(3, "big") + struct.pack("!III", 0, 0x1234, 0x5678) + avps)
            end = time.monotonic() + 30
            while True:                                  # until freeDiameterd listens
                s = sctp.SCTPSocket()
                s.settimeout(10)
                s.bind(("10.77.0.1", 0))
                try:
                    s.connect(("10.77.0.2", 3868))
                    break
                except OSError:
                    s.close()
                    assert time.monotonic() < end, (tmp_path / "freeDiameterd.log").read_text()
                    time.sleep(0.3)
            with s:
                s.sctp_send(cer, ppid=46, stream=0)       # PPID 46: Diameter
                cea = data_only(s).data
            flags, code = cea[4], int.from_bytes(cea[5:8], "big")
            assert (cea[0], flags & 0x80, code) == (1, 0, 257)       # an answer to our CER
            assert cea[12:20] == struct.pack("!II", 0x1234, 0x5678)  # same hop-by-hop, end-to-end
            found = diameter_avps(cea[20:])
            assert struct.unpack("!I", found[268])[0] == 2001          # DIAMETER_SUCCESS
            assert found[264] == b"dia.test" and found[296] == b"test"
        finally:
            peer.kill()
            peer.wait()
            log.close()
    finally:
        subprocess.run(["ip", "netns", "del", "sctp-fd"])
