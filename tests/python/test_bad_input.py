"""Table of hostile calls (types, ranges, lifecycle, styles, tiny buffers): each gets its
documented error, or its documented result where the call is allowed, the process goes on,
nothing is sent, and running them all again loses no descriptor and no memory."""
import copy
import gc
import math
import os
import pickle
import resource
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
    udp6 = sctp.SCTPSocket(socket.AF_INET6, socket.SOCK_SEQPACKET)
    udp6.bind(("::1", 0))
    closed_compat = sctp.sctpsocket_tcp(socket.AF_INET)
    closed_compat.close()
    yield dict(cli=cli, conn=conn, udp=udp, closed=closed, plain_udp=plain_udp, pipe=r,
               tcp=compat_tcp, cudp=compat_udp, srv=srv, udp6=udp6, ccl=closed_compat)
    # nothing that was not asked for reached the peer
    conn.setblocking(False)
    with pytest.raises(BlockingIOError):
        conn.sctp_recv()
    for s in (srv, cli, conn, udp, plain_udp, compat_tcp, compat_udp, udp6):
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


def fresh(type_=socket.SOCK_STREAM, family=socket.AF_INET):
    s = sctp.SCTPSocket(family, type_)
    s.settimeout(0)
    return s


def closed_socket():
    s = fresh()
    s.close()
    return s


def double_close(e):
    s = fresh()
    s.close()
    s.close()                                   # like socket.socket: nothing happens
    assert s.fileno() == -1


def closed_fileno(e):
    assert e["closed"].fileno() == -1


def assoc_id_on_one_to_one(e):
    """A one-to-one socket has one association: the kernel ignores the id."""
    e["cli"].sctp_send(b"id", assoc_id=77)
    assert e["conn"].sctp_recv().data == b"id"


def iterator_outlives_socket(e):
    s = fresh()
    it = s.messages(1, 8)
    del s
    gc.collect()
    next(it)                   # the iterator keeps its socket: not connected, not a crash


def batch_outlives_socket(e):
    s = fresh(socket.SOCK_SEQPACKET)
    b = sctp.Batch(2, 8)
    try:
        s.recv_many_into(b)
    except BlockingIOError:
        pass
    s.close()
    del s
    gc.collect()
    assert len(b) == 0 and list(b) == []


def batch_index(i):
    def f(e):
        return sctp.Batch(2, 8)[i]
    return f


def partial_delivery(e):
    """A 100-byte message read through a 1-byte buffer: one byte, not the end of record,
    then the rest with it."""
    e["cli"].sctp_send(b"p" * 100, ppid=7)
    first = e["conn"].sctp_recv(1)
    rest = e["conn"].sctp_recv()
    assert (first.data, first.eor, rest.data, rest.eor) == (b"p", False, b"p" * 99, True)
    assert rest.ppid == first.ppid == 7


def tiny_batch(e):
    e["cli"].sctp_send(b"abc")
    got = e["conn"].recv_many(4, 1)
    while not got[-1].eor:
        got.append(e["conn"].sctp_recv(1))
    assert [(m.data, m.eor) for m in got] == [(b"a", False), (b"b", False), (b"c", True)]


def pickled(obj_of):
    return lambda e: pickle.dumps(obj_of(e))


def message_pickles(e):
    e["cli"].sctp_send(b"keep", stream=1, ppid=9)
    m = e["conn"].sctp_recv()
    assert pickle.loads(pickle.dumps(m)) == m and copy.copy(m) == m


def long_timeout_send_many(e):
    """Any timeout the socket module takes works (25 days here), for every call."""
    e["cli"].settimeout(2147484)
    try:
        assert e["cli"].send_many([b"a", b"b"]) == 2
        assert e["cli"].sendv(b"c") == 1
        assert [e["conn"].sctp_recv().data for _ in range(3)] == [b"a", b"b", b"c"]
    finally:
        e["cli"].settimeout(5)


def ints_at_the_top_of_their_range(e):
    e["cli"].sctp_send(b"w", ppid=2 ** 32 - 1, context=2 ** 32 - 1, ttl=2 ** 32 - 1)
    m = e["conn"].sctp_recv()
    assert (m.data, m.ppid) == (b"w", 2 ** 32 - 1)


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
    ("handle as fd", lambda e: lowlevel.recv(3, 0, 10), TypeError),
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
    # the pysctp API's sctp_recv is a C method too: pysctp's signature, sctp_recv(maxlen)
    ("compat recv no maxlen", lambda e: e["tcp"].sctp_recv(), TypeError),
    ("compat recv two args", lambda e: e["tcp"].sctp_recv(10, 2), TypeError),
    ("compat recv bufsize=", lambda e: e["tcp"].sctp_recv(bufsize=10), TypeError),
    ("compat recv maxlen='1'", lambda e: e["tcp"].sctp_recv(maxlen="1"), TypeError),
    ("compat recv on another class", lambda e: sctp.sctpsocket.sctp_recv(e["conn"], 10), TypeError),
    ("recv on another class", lambda e: sctp.SCTPSocket.sctp_recv(object()), TypeError),
    ("compat set_primary no assoc", lambda e: e["cudp"].set_primary(0, LOOP), ValueError),
    ("compat set_peer_primary tcp id", lambda e: e["tcp"].set_peer_primary(3, LOOP), ValueError),
    ("compat peeloff tcp", lambda e: e["tcp"].peeloff(1), IOError),
    ("compat autoclose tcp", lambda e: e["tcp"].autoclose, IOError),
    ("compat factory", lambda e: sctp.notification_factory({}), ValueError),
    ("compat send unconnected", lambda e: e["tcp"].sctp_send(b"x"), OSError),
    ("compat connectx refused", lambda e: sctp.sctpsocket_tcp(socket.AF_INET).connectx([LOOP]), OSError),
    # lifecycle: closed sockets (every call), double close, objects outliving their socket
    *[(f"closed socket {name}", lambda e, f=f: f(e["closed"]), OSError) for name, f in [
        ("sendv", lambda s: s.sendv(b"x")), ("send_many", lambda s: s.send_many([b"x"])),
        ("sctp_recv_into", lambda s: s.sctp_recv_into(bytearray(8))),
        ("subscribed", lambda s: s.subscribed("association")),
        ("accept", lambda s: s.accept()), ("listen", lambda s: s.listen(1)),
        ("bind", lambda s: s.bind(("127.0.0.1", 0))), ("connect", lambda s: s.connect(LOOP)),
        ("getsockname", lambda s: s.getsockname()), ("getpeername", lambda s: s.getpeername()),
        ("shutdown", lambda s: s.shutdown(socket.SHUT_RDWR)),
        ("settimeout", lambda s: s.settimeout(1)), ("setblocking", lambda s: s.setblocking(True)),
        ("unsubscribe", lambda s: s.subscribe("association", on=False)),
        ("status of an id", lambda s: s.status(3)), ("recv_many 1", lambda s: s.recv_many(1, 8)),
        ("messages again", lambda s: next(s.messages(2, 8))),
        ("peeloff 0", lambda s: s.peeloff(0))]],
    *[(f"closed compat {name}", lambda e, f=f: f(e["ccl"]), OSError) for name, f in [
        ("sctp_send", lambda s: s.sctp_send(b"x")), ("sctp_recv", lambda s: s.sctp_recv(10)),
        ("get_status", lambda s: s.get_status()), ("set_nodelay", lambda s: s.set_nodelay(True)),
        ("get_nodelay", lambda s: s.get_nodelay()), ("bindx", lambda s: s.bindx([("127.0.0.1", 0)])),
        ("connectx", lambda s: s.connectx([LOOP])), ("getpaddrs", lambda s: s.getpaddrs()),
        ("getladdrs", lambda s: s.getladdrs()), ("get_rtoinfo", lambda s: s.get_rtoinfo()),
        ("events.flush", lambda s: s.events.flush()), ("listen", lambda s: s.listen(1))]],
    ("double close", double_close, None),
    ("close after detach", lambda e: (lambda s: (os.close(s.detach()), s.close()))(fresh()), None),
    ("closed socket fileno", lambda e: closed_fileno(e), None),
    ("iterator outlives its socket", iterator_outlives_socket, OSError),
    ("batch outlives its socket", batch_outlives_socket, None),
    *[(f"batch[{i}]", batch_index(i), IndexError) for i in (0, 1, 2, -1, -3, 2 ** 40)],
    ("batch[1.5]", batch_index(1.5), TypeError),
    # pickling and copying: sockets, batches and iterators cannot; messages can
    ("pickle socket", pickled(lambda e: e["cli"]), TypeError),
    ("pickle compat socket", pickled(lambda e: e["tcp"]), TypeError),
    ("pickle batch", pickled(lambda e: sctp.Batch(1, 8)), TypeError),
    ("pickle iterator", pickled(lambda e: fresh().messages(1, 8)), TypeError),
    ("copy socket", lambda e: copy.copy(e["cli"]), TypeError),
    ("deepcopy batch", lambda e: copy.deepcopy(sctp.Batch(1, 8)), TypeError),
    ("pickle message", message_pickles, None),
    # one-to-one calls on one-to-many sockets and back
    ("accept on one-to-many", lambda e: e["udp"].accept(), OSError),
    ("accept on listening one-to-many", lambda e: (lambda s: (s.bind(("127.0.0.1", 0)),
                                                   s.listen(1), s.accept()))(fresh(socket.SOCK_SEQPACKET)), OSError),
    ("listen on connected", lambda e: e["cli"].listen(1), OSError),
    ("connect twice", lambda e: e["cli"].connect(e["srv"].getsockname()), OSError),
    ("connectx twice", lambda e: e["cli"].connectx([e["srv"].getsockname()]), OSError),
    ("one-to-many send without destination", lambda e: e["udp"].sctp_send(b"x"), OSError),
    ("one-to-many sendv without destination", lambda e: e["udp"].sendv(b"x"), OSError),
    ("peeloff on listening one-to-one", lambda e: e["srv"].peeloff(1), OSError),
    ("accept on unlistening one-to-one", lambda e: fresh().accept(), OSError),
    ("recv on unconnected one-to-one", lambda e: fresh().sctp_recv(), OSError),
    ("send on unconnected one-to-one", lambda e: fresh().sctp_send(b"x"), OSError),
    ("send_many on unconnected one-to-one", lambda e: fresh().send_many([b"x"]), OSError),
    ("assoc_id on one-to-one", assoc_id_on_one_to_one, None),
    ("shutdown how 99", lambda e: e["cli"].shutdown(99), OSError),
    ("shutdown how str", lambda e: e["cli"].shutdown("rw"), TypeError),
    # tiny buffers and partial delivery
    ("partial delivery through a 1-byte buffer", partial_delivery, None),
    ("recv_many with 1-byte buffers", tiny_batch, None),
    *[(f"recv_into {type(v).__name__}", lambda e, v=v: e["conn"].sctp_recv_into(v), exc) for v, exc in [
        (bytearray(0), ValueError), (bytes(8), TypeError), (memoryview(b"12345678"), TypeError),
        ("text", TypeError), (None, TypeError)]],
    # timeouts: what socket.settimeout refuses, refused the same way; the rest works
    *[(f"settimeout({v!r})", lambda e, v=v: e["tcp"].settimeout(v), exc) for v, exc in [
        (-1, ValueError), (math.nan, ValueError), ("1", TypeError), (1e300, OverflowError),
        (math.inf, OverflowError), ([1], TypeError)]],
    ("a 25-day timeout", long_timeout_send_many, None),
    # ints of every width: the top of each range works, one more is refused
    ("ints at the top of their ranges", ints_at_the_top_of_their_range, None),
    *[(f"IPv6 to={v!r}", lambda e, v=v: e["udp6"].sctp_send(b"x", to=v), OverflowError) for v in [
        ("::1", 9, -1, 0), ("::1", 9, 2 ** 20, 0), ("::1", 9, 2 ** 32, 0), ("::1", 9, 0, 2 ** 32),
        ("::1", 9, 0, -1), ("::1", 2 ** 16, 0, 0)]],
    *[(f"bind({v!r})", lambda e, v=v: fresh().bind(v), exc) for v, exc in [
        (("127.0.0.1", 65536), OverflowError), (("127.0.0.1", -1), OverflowError),
        ("127.0.0.1", TypeError), (("127.0.0.1", "80"), TypeError), (None, TypeError),
        (("::1", 0), OSError)]],
    *[(f"connectx entry {v!r}", lambda e, v=v: fresh().connectx([v]), exc) for v, exc in [
        (("127.0.0.1", 1.5), TypeError), (("127.0.0.1", True, 0, 0, 0), TypeError),
        (b"127.0.0.1", TypeError), (("127.0.0.1", 2 ** 70), OverflowError)]],
    # sendv and send_many
    *[(f"sendv {name}", f, exc) for name, f, exc in [
        ("str", lambda e: e["cli"].sendv("text"), TypeError),
        ("list with int", lambda e: e["cli"].sendv([b"a", 1]), TypeError),
        ("pr_policy nope", lambda e: e["cli"].sendv(b"x", pr_policy="nope"), ValueError),
        ("pr_value -1", lambda e: e["cli"].sendv(b"x", pr_policy="ttl", pr_value=-1), OverflowError),
        ("auth_key 2**16", lambda e: e["cli"].sendv(b"x", auth_key=2 ** 16), OverflowError),
        ("init num_ostreams 2**16", lambda e: e["udp"].sendv(b"x", to=LOOP, init={"num_ostreams": 2 ** 16}), OverflowError),
        ("init bogus", lambda e: e["udp"].sendv(b"x", to=LOOP, init={"bogus": 1}), TypeError),
        ("unknown keyword", lambda e: e["cli"].sendv(b"x", nope=1), TypeError),
        ("stream str", lambda e: e["cli"].sendv(b"x", stream="1"), TypeError),
        ("ppid 2**32", lambda e: e["cli"].sendv(b"x", ppid=2 ** 32), OverflowError),
        ("IPv6 destination on IPv4", lambda e: e["udp"].sendv(b"x", to=[("::1", 9)]), OSError),
        ("destination list with junk", lambda e: e["udp"].sendv(b"x", to=[LOOP, 5]), TypeError)]],
    *[(f"send_many {name}", f, exc) for name, f, exc in [
        ("bytes", lambda e: e["cli"].send_many(b"abc"), TypeError),
        ("65 messages", lambda e: e["cli"].send_many([b"a"] * 65), ValueError),
        ("no messages", lambda e: e["cli"].send_many([]), ValueError),
        ("str inside", lambda e: e["cli"].send_many([b"a", "b"]), TypeError),
        ("stream -1", lambda e: e["cli"].send_many([b"a"], stream=-1), OverflowError),
        ("misspelt keyword", lambda e: e["cli"].send_many([b"a"], strem=1), TypeError),
        ("to keyword", lambda e: e["cli"].send_many([b"a"], to=LOOP), TypeError),
        ("None", lambda e: e["cli"].send_many(None), TypeError)]],
    # more argument types
    *[(f"{name}", f, exc) for name, f, exc in [
        ("subscribe assoc_id str", lambda e: e["cli"].subscribe("association", assoc_id="x"), TypeError),
        ("subscribed ''", lambda e: e["cli"].subscribed(""), ValueError),
        ("get_option 123", lambda e: e["cli"].get_option(123), TypeError),
        ("status assoc_id str", lambda e: e["cli"].status("x"), TypeError),
        ("getpaddrs str", lambda e: e["cli"].getpaddrs("x"), TypeError),
        ("peeloff str", lambda e: e["udp"].peeloff("x"), TypeError),
        ("peeloff 2**40", lambda e: e["udp"].peeloff(2 ** 40), OverflowError),
        ("socket family 99", lambda e: sctp.SCTPSocket(99), OSError),
        ("socket type 99", lambda e: sctp.SCTPSocket(socket.AF_INET, 99), OSError),
        ("socket AF_UNIX", lambda e: sctp.SCTPSocket(socket.AF_UNIX), OSError),
        ("socket fileno str", lambda e: sctp.SCTPSocket(fileno="x"), TypeError),
        ("socket fileno unknown", lambda e: sctp.SCTPSocket(fileno=999999), OSError),
        ("compat family str", lambda e: sctp.sctpsocket_tcp("inet"), TypeError)]],
]


def test_there_are_at_least_200_cases():
    assert len(CASES) >= 200
    assert len({c[0] for c in CASES}) == len(CASES)


def run_case(env, call, exc):
    if exc is None:
        call(env)
    else:
        with pytest.raises(exc):
            call(env)


@pytest.mark.parametrize("name,call,exc", CASES, ids=[c[0] for c in CASES])
def test_bad_call(env, name, call, exc):
    run_case(env, call, exc)
    # the process goes on: the connected pair still works
    env["cli"].sctp_send(b"ok")
    assert env["conn"].sctp_recv().data == b"ok"


def open_descriptors():
    return len(os.listdir("/proc/self/fd"))


def test_running_every_case_again_loses_no_descriptor_and_no_memory(env):
    for _ in range(2):                                  # warm caches and free lists first
        for _, call, exc in CASES:
            run_case(env, call, exc)
    gc.collect()
    fds, rss = open_descriptors(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(5):
        for _, call, exc in CASES:
            run_case(env, call, exc)
    gc.collect()
    assert open_descriptors() == fds
    # ru_maxrss is in KiB: a leak of a few hundred bytes per case would show here
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 8 * 1024


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
