"""Table of bad calls: each gets its documented error, the process goes on, nothing is sent."""
import os
import socket

import pytest

import sctp
from sctp import lowlevel

LOOP = ("127.0.0.1", 9)
MANY = [("127.0.0.1", 1)] * 65536     # more than any list the kernel takes


@pytest.fixture(scope="module")
def env():
    srv = sctp.SCTPSocket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    cli = sctp.SCTPSocket()
    cli.settimeout(5)
    cli.connect(srv.getsockname())
    conn, _ = srv.accept()
    udp = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    udp.bind(("127.0.0.1", 0))
    closed = sctp.SCTPSocket()
    closed.close()
    plain_udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r, w = os.pipe()
    compat_tcp = sctp.sctpsocket_tcp(socket.AF_INET)
    compat_udp = sctp.sctpsocket_udp(socket.AF_INET)
    yield dict(cli=cli, conn=conn, udp=udp, closed=closed, plain_udp=plain_udp, pipe=r,
               tcp=compat_tcp, cudp=compat_udp, srv=srv)
    # nothing that was not asked for reached the peer
    conn.setblocking(False)
    with pytest.raises(BlockingIOError):
        conn.sctp_recv()
    for s in (srv, cli, conn, udp, plain_udp, compat_tcp, compat_udp):
        s.close()
    os.close(r)
    os.close(w)


def handle(fd):
    """A core handle on a descriptor the caller owns (never closed by it), never waiting."""
    h = lowlevel.sock_new(fd)
    lowlevel.sock_settimeout(h, 0)
    return h


def send(**kw):
    return lambda e: e["cli"].sctp_send(b"x", **kw)


CASES = [
    # message types
    *[(f"message {v!r}", lambda e, v=v: e["cli"].sctp_send(v), TypeError)
      for v in ("text", 1, None, [1], {"a": 1}, 1.5, object())],
    # integer ranges of the send info
    *[(f"send {k}={v}", send(**{k: v}), OverflowError) for k, v in [
        ("stream", -1), ("stream", 65536), ("stream", 2 ** 40), ("ppid", -1), ("ppid", 2 ** 32),
        ("ppid", 2 ** 64), ("ttl", -1), ("ttl", 2 ** 32), ("context", -1), ("context", 2 ** 32),
        ("flags", -1), ("flags", 65536), ("assoc_id", 2 ** 31), ("assoc_id", -2 ** 31 - 1)]],
    # types of the send info
    *[(f"send {k}={v!r}", send(**{k: v}), TypeError) for k, v in [
        ("stream", "1"), ("ppid", 1.5), ("ttl", None), ("context", []), ("assoc_id", "3")]],
    # destinations
    *[(f"send to={v!r}", send(to=v), exc) for v, exc in [
        ("127.0.0.1", TypeError), (("127.0.0.1",), TypeError), (("127.0.0.1", "x"), TypeError),
        (("127.0.0.1", 70000), OverflowError), (("127.0.0.1", -1), OverflowError),
        (("300.1.1.1", 1), socket.gaierror), (("", 1, 2, 3, 4), TypeError), ((1, 2), TypeError),
        (("no-such-host.invalid", 1), socket.gaierror), ([("127.0.0.1", 1)], TypeError)]],
    # receive sizes
    *[(f"recv({v!r})", lambda e, v=v: e["conn"].sctp_recv(v), exc) for v, exc in [
        (0, ValueError), (-1, ValueError), ("10", TypeError), (None, TypeError),
        (1.5, TypeError), (2 ** 63, OverflowError), (2 ** 40, ValueError)]],
    # sctp_send and the receive methods are C functions: arguments checked as a signature's
    ("send strem=", lambda e: e["cli"].sctp_send(b"x", strem=1), TypeError),
    ("send no data", lambda e: e["cli"].sctp_send(), TypeError),
    ("send stream positional", lambda e: e["cli"].sctp_send(b"x", 1), TypeError),
    ("send data twice", lambda e: e["cli"].sctp_send(b"x", data=b"y"), TypeError),
    ("recv size=", lambda e: e["conn"].sctp_recv(size=10), TypeError),
    ("recv bufsize twice", lambda e: e["conn"].sctp_recv(10, bufsize=10), TypeError),
    ("recv two args", lambda e: e["conn"].sctp_recv(10, 2), TypeError),
    ("recv bufsize='1'", lambda e: e["conn"].sctp_recv(bufsize="1"), TypeError),
    *[(f"recv_many{v!r}", lambda e, v=v: e["conn"].recv_many(*v), exc) for v, exc in [
        ((0,), ValueError), ((65,), ValueError), ((-1,), ValueError), (("1",), TypeError),
        ((1, 0), ValueError), ((1, 2 ** 40), ValueError), ((1, 1.5), TypeError),
        ((1, 10, 3), TypeError)]],
    ("recv_many counts=", lambda e: e["conn"].recv_many(counts=1), TypeError),
    *[(f"Batch{v!r}", lambda e, v=v: sctp.Batch(*v), exc) for v, exc in [
        ((0,), ValueError), ((65,), ValueError), ((-1,), ValueError), (("1",), TypeError),
        ((1, 0), ValueError), ((1, 2 ** 40), ValueError), ((1, 1.5), TypeError),
        ((1, 10, 3), TypeError), ((2 ** 70,), OverflowError)]],
    *[(f"recv_many_into({v!r})", lambda e, v=v: e["conn"].recv_many_into(v), TypeError)
      for v in (bytearray(64), None, 64, [sctp.Batch(1, 8)])],
    ("Batch['0']", lambda e: sctp.Batch(1, 8)["0"], TypeError),
    *[(f"messages{v!r}", lambda e, v=v: e["conn"].messages(*v), exc) for v, exc in [
        ((0,), ValueError), ((65,), ValueError), (("1",), TypeError), ((1, 0), ValueError),
        ((1, 2 ** 40), ValueError), ((1, 1.5), TypeError), ((1, 10, 3), TypeError)]],
    ("MessageIterator(5)", lambda e: sctp.MessageIterator(5), TypeError),
    ("MessageIterator over no socket", lambda e: next(sctp.MessageIterator(len)),
     TypeError),
    # bindx
    *[(f"bindx({v!r})", lambda e, v=v: e["udp"].bindx(v), exc) for v, exc in [
        ([], ValueError), ("127.0.0.1", TypeError), ([("x",)], TypeError), (MANY, ValueError),
        (None, TypeError), ([("127.0.0.1", 70000)], OverflowError), ([("::1", 0, "a", 0)], TypeError),
        ([("256.0.0.1", 0)], socket.gaierror), ([123], TypeError), ([("::1", 0)], OSError),
        ([("192.0.2.1", 0)], OSError)]],
    ("bindx remove unbound", lambda e: e["udp"].bindx([("127.0.0.9", 0)], remove=True), OSError),
    ("bindx action 3", lambda e: e["cudp"].bindx([("127.0.0.1", 0)], 3), OSError),
    # connectx
    *[(f"connectx({v!r:.40})", lambda e, v=v: sctp.SCTPSocket().connectx(v), exc) for v, exc in [
        ([], ValueError), ([LOOP], ConnectionRefusedError), (MANY, ValueError),
        ([("127.0.0.1", 1, "2")], TypeError), (None, TypeError), ([("::1", 9)], OSError)]],
    # options
    *[(f"get_option {n} {kw}", lambda e, n=n, kw=kw: e["cli"].get_option(n, **kw), exc) for n, kw, exc in [
        ("SCTP_NO_SUCH", {}, ValueError), ("", {}, ValueError), ("sctp_status", {}, ValueError),
        ("SCTP_STATUS", {"nope": 1}, ValueError), ("SCTP_STATUS", {"assoc_id": "1"}, TypeError),
        ("SCTP_STATUS", {"assoc_id": 2 ** 40}, OverflowError),
        ("SCTP_GET_PEER_ADDR_INFO", {"address": "127.0.0.1"}, TypeError),
        ("SCTP_GET_PEER_ADDR_INFO", {"address": ("192.0.2.1", 1)}, OSError),
        ("SCTP_AUTH_CHUNK", {}, OSError), ("SCTP_SET_PEER_PRIMARY_ADDR", {}, OSError)]],
    *[(f"set_option {n} {kw}", lambda e, n=n, kw=kw: e["cli"].set_option(n, **kw), exc) for n, kw, exc in [
        ("SCTP_STATUS", {}, OSError), ("SCTP_INITMSG", {"num_ostreams": 65536}, OverflowError),
        ("SCTP_INITMSG", {"num_ostreams": -1}, OverflowError), ("SCTP_NODELAY", {"value": 1.0}, TypeError),
        ("SCTP_NODELAY", {"value": 2 ** 31}, OverflowError), ("SCTP_MAXSEG", {"value": 2 ** 32}, OverflowError),
        ("SCTP_PRIMARY_ADDR", {"addr": ("192.0.2.7", 1)}, OSError),
        ("SCTP_PRIMARY_ADDR", {"addr": 5}, TypeError), ("SCTP_RTOINFO", {"min": "1"}, TypeError),
        ("SCTP_INITMSG", {1: 2}, TypeError)]],
    # events
    *[(f"subscribe {v!r}", lambda e, v=v: e["cli"].subscribe(v), ValueError)
      for v in ("nope", "", "ASSOCIATION", 123)],
    ("subscribed nope", lambda e: e["cli"].subscribed("nope"), ValueError),
    # a closed socket
    *[(f"closed {name}", lambda e, f=f: f(e["closed"]), OSError) for name, f in [
        ("sctp_send", lambda s: s.sctp_send(b"x")), ("sctp_recv", lambda s: s.sctp_recv()),
        ("recv_many", lambda s: s.recv_many()),
        ("recv_many_into", lambda s: s.recv_many_into(sctp.Batch(1, 8))),
        ("messages", lambda s: next(s.messages(1, 8))),
        ("bindx", lambda s: s.bindx([("127.0.0.1", 0)])), ("connectx", lambda s: s.connectx([LOOP])),
        ("getpaddrs", lambda s: s.getpaddrs()), ("getladdrs", lambda s: s.getladdrs()),
        ("get_option", lambda s: s.get_option("SCTP_NODELAY")),
        ("set_option", lambda s: s.set_option("SCTP_NODELAY", value=1)),
        ("subscribe", lambda s: s.subscribe("association")), ("peeloff", lambda s: s.peeloff(1)),
        ("status", lambda s: s.status())]],
    # foreign descriptors: a UDP socket, a pipe, a number that is no descriptor
    *[(f"foreign {name}", f, OSError) for name, f in [
        ("udp recv", lambda e: lowlevel.recv(handle(e["plain_udp"].fileno()), 0, 10)),
        ("udp getopt", lambda e: lowlevel.getopt(e["plain_udp"].fileno(), ("SCTP_STATUS", None))),
        ("udp bindx", lambda e: lowlevel.bindx(e["plain_udp"].fileno(), [("127.0.0.1", 0)], 1)),
        ("udp peeloff", lambda e: lowlevel.peeloff(e["plain_udp"].fileno(), 1, 0)),
        ("pipe recv", lambda e: lowlevel.recv(handle(e["pipe"]), 0, 10)),
        ("pipe getpaddrs", lambda e: lowlevel.getpaddrs(e["pipe"], 0)),
        ("fd 999 send", lambda e: lowlevel.send(handle(999), None, None, 0, b"x")),
        ("fd -1 subscribe", lambda e: lowlevel.subscribe(-1, sctp.SCTP_ASSOC_CHANGE, 1, 0))]],
    # associations that do not exist, and wrong styles
    ("peeloff unknown assoc", lambda e: e["udp"].peeloff(424242), OSError),
    ("peeloff on one-to-one", lambda e: e["cli"].peeloff(1), OSError),
    ("peeloff negative id", lambda e: e["udp"].peeloff(-5), OSError),
    ("getpaddrs unknown assoc", lambda e: e["udp"].getpaddrs(424242), OSError),
    ("status unknown assoc", lambda e: e["udp"].status(424242), OSError),
    ("send to unknown assoc", lambda e: e["udp"].sctp_send(b"x", assoc_id=424242), OSError),
    ("zero-length message", lambda e: e["cli"].sctp_send(b""), OSError),
    ("IPv6 destination on IPv4 socket", lambda e: e["udp"].sctp_send(b"x", to=("::1", 9)), OSError),
    # the low-level layer's own argument checks
    ("send info of 5", lambda e: lowlevel.send(e["cli"]._h, None, (0, 0, 0, 0, 0), 0, b"x"), TypeError),
    ("send info str", lambda e: lowlevel.send(e["cli"]._h, None, "info", 0, b"x"), TypeError),
    ("send info key", lambda e: lowlevel.send(e["cli"]._h, None, {1: 2}, 0, b"x"), TypeError),
    ("handle as fd", lambda e: lowlevel.recv(3, 0, 10), ValueError),
    ("fd as str", lambda e: lowlevel.sock_new("3"), TypeError),
    ("fd too big", lambda e: lowlevel.sock_new(2 ** 40), OverflowError),
    ("decode short", lambda e: lowlevel.decode_notification(b"\x01"), OSError),
    ("decode str", lambda e: lowlevel.decode_notification("text"), TypeError),
    ("option tuple", lambda e: lowlevel.getopt(e["cli"].fileno(), "SCTP_STATUS"), TypeError),
    ("option fields list", lambda e: lowlevel.getopt(e["cli"].fileno(), ("SCTP_STATUS", [1])), TypeError),
    # the pysctp-compatible layer
    ("compat streamid", lambda e: setattr(e["tcp"], "streamid", 70000), ValueError),
    ("compat ttl", lambda e: setattr(e["tcp"], "ttl", 256), ValueError),
    ("compat ttl str", lambda e: setattr(e["tcp"], "ttl", "x"), ValueError),
    ("compat ppid", lambda e: e["tcp"].sctp_send(b"x", ppid=2 ** 32), OverflowError),
    ("compat ppid str", lambda e: e["tcp"].sctp_send(b"x", ppid="46"), TypeError),
    ("compat stream", lambda e: e["tcp"].sctp_send(b"x", stream=70000), OverflowError),
    ("compat send to bool", lambda e: e["tcp"].sctp_send(b"x", to=True), TypeError),
    ("compat send to dict", lambda e: e["tcp"].sctp_send(b"x", to={}), TypeError),
    ("compat send to bad host", lambda e: e["tcp"].sctp_send(b"x", to=("no such", 9)), OSError),
    ("compat send msg int", lambda e: e["tcp"].sctp_send(12), TypeError),
    ("compat send no msg", lambda e: e["tcp"].sctp_send(), TypeError),
    ("compat send unknown keyword", lambda e: e["tcp"].sctp_send(b"x", streams=1), TypeError),
    ("compat recv 0", lambda e: e["tcp"].sctp_recv(0), ValueError),
    ("compat set_primary no assoc", lambda e: e["cudp"].set_primary(0, LOOP), ValueError),
    ("compat set_peer_primary tcp id", lambda e: e["tcp"].set_peer_primary(3, LOOP), ValueError),
    ("compat peeloff tcp", lambda e: e["tcp"].peeloff(1), IOError),
    ("compat autoclose tcp", lambda e: e["tcp"].autoclose, IOError),
    ("compat factory", lambda e: sctp.notification_factory({}), ValueError),
    ("compat send unconnected", lambda e: e["tcp"].sctp_send(b"x"), OSError),
    ("compat connectx refused", lambda e: sctp.sctpsocket_tcp(socket.AF_INET).connectx([LOOP]), OSError),
]


def test_there_are_at_least_100_cases():
    assert len(CASES) >= 100


@pytest.mark.parametrize("name,call,exc", CASES, ids=[c[0] for c in CASES])
def test_bad_call(env, name, call, exc):
    with pytest.raises(exc):
        call(env)
    # the process goes on: the connected pair still works
    env["cli"].sctp_send(b"ok")
    assert env["conn"].sctp_recv().data == b"ok"


def test_a_call_sites_keywords_bound_from_memory_still_catch_a_value_given_twice(env):
    """The C methods keep the last tuple of keyword names they bound and where each went; two
    calls in one function share the constant ("ppid",), the second giving ppid by position
    too: it must still be refused, and the first still bind after it."""
    s = env["tcp"]          # unconnected: a call that binds its arguments fails sending

    def calls(twice):
        if twice:
            return s.sctp_send(b"x", ("", 0), 5, ppid=1)
        return s.sctp_send(b"x", ppid=1)

    assert [c for c in calls.__code__.co_consts if c == ("ppid",)] == [("ppid",)]
    for twice in (False, False, True, False):
        with pytest.raises(TypeError if twice else OSError) as e:
            calls(twice)
        if twice:
            assert "multiple values for argument 'ppid'" in str(e.value)
