"""pysctp programs run unchanged, without pysctp's defects."""
import copy
import gc
import os
import pickle
import socket
import weakref

import pytest

import sctp
import _sctp


@pytest.fixture
def tcp():
    """A connected one-to-one pair of pysctp-style sockets: (server, client, accepted);
    all three are closed afterwards."""
    socks = tcp_pair()
    yield socks
    for s in socks:
        s.close()


@pytest.fixture
def udp():
    """A listening one-to-many pysctp-style server subscribed to association events, and a
    one-to-many client: (server, client); both closed afterwards."""
    srv = sctp.sctpsocket_udp(socket.AF_INET)
    cli = sctp.sctpsocket_udp(socket.AF_INET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.events.association = 1
    yield srv, cli
    srv.close()
    cli.close()


def tcp_pair(family=socket.AF_INET):
    host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
    srv = sctp.sctpsocket_tcp(family)
    srv.bind((host, 0))
    srv.listen(1)
    cli = sctp.sctpsocket_tcp(family)
    cli.initparams.max_instreams = 4
    cli.initparams.num_ostreams = 4
    cli.connect(srv.getsockname()[:2])
    conn, _ = srv.accept()
    return srv, cli, conn


def test_module_level_names():
    for name in ("BINDX_ADD", "BINDX_REMOVE", "BINDX_REM", "MSG_UNORDERED", "MSG_ADDR_OVER",
                 "MSG_ABORT", "MSG_EOF", "MSG_FIN", "MSG_SENDALL", "MSG_ADDR_OVERRIDE",
                 "FLAG_NOTIFICATION", "FLAG_EOR", "FLAG_DONTROUTE", "HAVE_SCTP", "SOL_SCTP",
                 "IPPROTO_SCTP", "SOCK_SEQPACKET", "SOCK_STREAM", "STYLE_TCP", "STYLE_UDP",
                 "TCP_STYLE", "UDP_STYLE", "AF_INET6", "gethostname"):
        assert hasattr(sctp, name), name
    assert sctp.features() & sctp.HAVE_KERNEL_SCTP
    assert _sctp.getconstant("IPPROTO_SCTP") == 132
    assert _sctp.getconstant("BINDX_ADD") == sctp.BINDX_ADD


def test_the_low_level_shim_sends_and_receives_as_pysctps(tcp):
    """_sctp.sctp_send_msg passes the ppid as given; sctp_recv_msg gives it back raw."""
    srv, cli, conn = tcp
    sent = _sctp.sctp_send_msg(cli.fileno(), b"raw", ("", 0), socket.htonl(46), 0, 2, 0, 0)
    assert sent == 3
    fromaddr, flags, data, info = _sctp.sctp_recv_msg(conn.fileno(), 100)
    assert (data, info["stream"], socket.ntohl(info["ppid"])) == (b"raw", 2, 46)
    assert flags & sctp.FLAG_EOR and fromaddr[0] == "127.0.0.1"
    assert _sctp.getpaddrs(cli.fileno(), 0)[0][0] == "127.0.0.1"


def test_tcp_style_exchange_and_ppid_semantics(tcp):
    srv, cli, conn = tcp
    assert cli.sctp_send(b"hello", ppid=46, stream=2) == 5
    fromaddr, flags, msg, notif = conn.sctp_recv(1024)
    assert msg == b"hello" and flags & sctp.FLAG_EOR
    assert isinstance(notif, sctp.sndrcvinfo) and notif.stream == 2
    # like pysctp 0.7: sent with htonl, received as the raw (network order) value
    assert notif.ppid == socket.htonl(46)
    assert fromaddr == cli.getsockname()


def test_sndrcvinfo_is_a_plain_object_of_its_own(tcp):
    """notif carries pysctp's nine attributes in its __dict__ (vars() works as with pysctp),
    each message's its own: changing one does not show in the next."""
    srv, cli, conn = tcp
    cli.sctp_send(b"one", ppid=7, stream=1, context=5)
    cli.sctp_send(b"two", ppid=8, stream=2)
    first = conn.sctp_recv(100)[3]
    assert sorted(vars(first)) == sorted(["stream", "ssn", "flags", "ppid", "context",
                                          "timetolive", "tsn", "cumtsn", "assoc_id"])
    assert (first.stream, first.ppid, first.timetolive) == (1, socket.htonl(7), 0)
    assert first.tsn > 0 and first.assoc_id > 0
    first.stream = 99
    first.note = "mine"
    second = conn.sctp_recv(100)[3]
    assert (second.stream, second.ppid, second.tsn) == (2, socket.htonl(8), first.tsn + 1)
    assert second.context == 0 and not hasattr(second, "note")
    assert "stream=2" in repr(second) and type(second) is sctp.sndrcvinfo


def test_sndrcvinfo_made_by_hand_pickles_and_is_collected_like_a_plain_object(tcp):
    """pysctp's constructor (values as a dict, like its __dict__.update; no ppid unless
    given, as in pysctp), pickling and copying carry every attribute, and a cycle through a
    received one is collected."""
    srv, cli, conn = tcp
    made = sctp.sndrcvinfo({"stream": 4, "extra": "x"})
    assert (made.stream, made.extra) == (4, "x") and not hasattr(made, "ppid")
    with pytest.raises((TypeError, ValueError)):
        sctp.sndrcvinfo(5)                          # as dict.update(5)
    cli.sctp_send(b"p", ppid=9, stream=3)
    got = conn.sctp_recv(100)[3]
    back = pickle.loads(pickle.dumps(got))
    assert type(back) is sctp.sndrcvinfo and vars(back) == vars(got)
    assert vars(copy.copy(got)) == vars(got) and copy.copy(got) is not got
    del got.ssn
    assert not hasattr(got, "ssn") and "ssn" not in vars(got) and got.stream == 3

    got.me = got
    ref = weakref.ref(got)
    del got
    alive = ref() is not None       # (not in an assert: pytest would keep what ref() gives)
    assert alive and gc.collect() >= 1 and ref() is None


def test_a_received_sndrcvinfo_is_the_same_whatever_is_done_with_it_first(tcp):
    """A received sndrcvinfo makes its __dict__ only when something needs it: whatever is
    done first (a field read, a write, a delete, vars, repr, pickling, a weak reference,
    getattr by a built name), the object then behaves as the plain one pysctp gives."""
    srv, cli, conn = tcp
    order = ["stream", "ssn", "flags", "context", "timetolive", "tsn", "cumtsn", "assoc_id",
             "ppid"]
    firsts = [lambda i: i.stream, lambda i: setattr(i, "stream", 99),
              lambda i: delattr(i, "ssn"), vars, repr, lambda i: pickle.dumps(i),
              weakref.ref, lambda i: getattr(i, "".join(["pp", "id"])),
              lambda i: hasattr(i, "note"), lambda i: i.__dict__]
    for k, first in enumerate(firsts):
        cli.sctp_send(b"m%d" % k, ppid=1000 + k, stream=k % 3)
        info = conn.sctp_recv(100)[3]
        assert not gc.is_tracked(info)     # holds no object yet
        first(info)
        assert gc.is_tracked(info) == (k not in (0, 6))     # a read, a weak reference: not
        d = vars(info)
        assert type(info) is sctp.sndrcvinfo and d is info.__dict__
        assert list(d) == [n for n in order if n in d]
        assert info.ppid == socket.htonl(1000 + k) and info.timetolive == 0
        assert info.stream == (99 if k == 1 else k % 3)
        assert ("ssn" in d) == (k != 2) and len(d) == (8 if k == 2 else 9)
        assert pickle.loads(pickle.dumps(info)).__dict__ == d
        info.mine = info            # a cycle, collected once the dict is made
        ref = weakref.ref(info)
        del info, d
        gone = gc.collect() >= 1 and ref() is None
        assert gone, firsts[k]


def test_each_received_sndrcvinfo_has_its_own_values(tcp):
    """Forty receives: each notif carries its message's stream, ssn, ppid and tsn, in
    pysctp's attribute order."""
    srv, cli, conn = tcp
    for i in range(40):
        cli.sctp_send(b"%d" % i, ppid=70000 + i, stream=i % 3)
    got = [conn.sctp_recv(100)[3] for i in range(40)]
    for i, notif in enumerate(got):
        assert (notif.stream, notif.ssn, socket.ntohl(notif.ppid)) == (i % 3, i // 3, 70000 + i)
        assert notif.context == notif.timetolive == 0
        assert list(vars(notif)) == ["stream", "ssn", "flags", "context", "timetolive", "tsn",
                                     "cumtsn", "assoc_id", "ppid"]
    assert [n.tsn for n in got] == [(got[0].tsn + i) % 2**32 for i in range(40)]


def test_send_ppid_as_is_restores_old_behaviour(tcp):
    srv, cli, conn = tcp
    cli.send_ppid_as_is = True
    cli.sctp_send(b"x", ppid=46)
    assert conn.sctp_recv(100)[3].ppid == 46


def test_send_defaults_come_from_the_socket(tcp):
    srv, cli, conn = tcp
    cli.streamid = 3
    cli.adaptation = 77
    assert cli.sctp_send("text") == 4                     # str is sent UTF-8 encoded
    _, _, msg, notif = conn.sctp_recv(100)
    assert (msg, notif.stream, notif.ppid) == (b"text", 3, socket.htonl(77))
    # the connected peer named as pysctp programs do, in any sequence; None too
    for to in (("", 0), ["", 0], ("", 0, 0, 0), None):
        cli.sctp_send(b"to %r" % (to,), to=to, ppid=5, stream=1)
        _, _, msg, notif = conn.sctp_recv(100)
        assert msg == b"to %r" % (to,) and notif.stream == 1, to


def test_send_datalogging_records_each_message(tcp, tmp_path):
    srv, cli, conn = tcp
    prefix = str(tmp_path / "log")
    cli.sctp_send(b"one", datalogging=True, record_file_prefix=prefix)
    cli.datalogging = True                                # the socket's switch does the same
    cli.sctp_send("two", record_file_prefix=prefix)
    # prefix-YYYYmmddHHMMSS-c2s.N, N counting up within the second
    recorded = list(tmp_path.iterdir())
    assert all(p.name.startswith("log-") and "-c2s." in p.name for p in recorded)
    assert sorted(p.read_bytes() for p in recorded) == [b"one", b"two"]
    assert [conn.sctp_recv(100)[2] for _ in range(2)] == [b"one", b"two"]


def test_socket_state_lives_in_slots_with_clear_errors_and_is_collected(tcp):
    """_sk, _ttl, _streamid and datalogging are CompatBase's slots (sctp_send and sctp_recv
    read them without an attribute lookup): they read and write as attributes, a missing one
    is an AttributeError, never a crash, and a cycle through them is collected."""
    srv, cli, conn = tcp
    assert cli._sk is cli.sock() and (cli._ttl, cli._streamid, cli.datalogging) == (0, 0, False)
    cli.ttl, cli.streamid = 5, 2
    assert (cli._ttl, cli._streamid) == (5, 2)
    cli.sctp_send(b"slot")
    assert conn.sctp_recv(100)[3].stream == 2
    # the socket's attributes are read from it by descriptors: no __getattr__, which would
    # take every method call on the class through the slow lookup
    assert not any("__getattr__" in vars(c) for c in type(cli).__mro__)
    assert all(hasattr(cli, n) for n in dir(sctp.SCTPSocket) if not n.startswith("__"))
    sk = cli._sk
    assert (cli.fileno(), cli.gettimeout(), cli.family) == (sk.fileno(), sk.gettimeout(), sk.family)
    bare = sctp.sctpsocket_tcp.__new__(sctp.sctpsocket_tcp)    # __init__ never ran
    with pytest.raises(AttributeError):
        bare.fileno()                                   # no _sk yet: AttributeError
    with pytest.raises(AttributeError, match="_sk"):
        bare.sctp_recv(10)
    with pytest.raises(AttributeError, match="datalogging"):
        bare.sctp_send(b"x", ppid=1, stream=0, timetolive=0)
    del cli._ttl
    with pytest.raises(AttributeError, match="_ttl"):
        cli.sctp_send(b"x")
    cli._ttl = 0
    loop = sctp.sctpsocket_tcp(socket.AF_INET)
    loop._streamid = loop                               # a cycle through a slot
    gone = weakref.ref(loop)
    loop.close()
    del loop
    gc.collect()
    assert gone() is None


def test_udp_style_events_and_send_to_assoc_id(udp):
    srv, cli = udp
    srv.events.clear()
    srv.events.association = 1
    cli.sctp_send(b"ping", to=srv.getsockname())
    _, flags, _, notif = srv.sctp_recv(1024)
    assert flags & sctp.FLAG_NOTIFICATION
    assert isinstance(notif, sctp.assoc_change)
    assert notif.state == sctp.assoc_change.state_COMM_UP
    _, _, msg, info = srv.sctp_recv(1024)
    assert msg == b"ping" and info.assoc_id == notif.assoc_id
    srv.sctp_send(b"pong", to=notif.assoc_id)        # pysctp could not do this
    assert cli.sctp_recv(1024)[2] == b"pong"


def test_every_initparams_field_reads_back():
    s = sctp.sctpsocket_tcp(socket.AF_INET)
    try:
        s.initparams.num_ostreams = 11
        s.initparams.max_instreams = 12
        s.initparams.max_attempts = 3
        s.initparams.max_init_timeo = 1500
        fresh = sctp.initparams(s)
        assert (fresh.num_ostreams, fresh.max_instreams, fresh.max_attempts,
                fresh.max_init_timeo) == (11, 12, 3, 1500)
    finally:
        s.close()


def test_every_event_field_reaches_the_kernel():
    s = sctp.sctpsocket_udp(socket.AF_INET)
    try:
        for field in sctp.event_subscribe._fields:
            setattr(s.events, field, 1)
            assert getattr(sctp.event_subscribe(s), field) == 1, field
            setattr(s.events, field, 0)
            assert getattr(sctp.event_subscribe(s), field) == 0, field
    finally:
        s.close()


def test_peeloff_type_and_no_fd_leak(udp):
    srv, cli = udp
    before = len(os.listdir("/proc/self/fd"))
    cli.sctp_send(b"x", to=srv.getsockname())
    notif = srv.sctp_recv(1024)[3]
    branch = srv.peeloff(notif.assoc_id)
    assert isinstance(branch, sctp.sctpsocket_tcp)
    assert branch.sock().type == socket.SOCK_SEQPACKET
    assert branch.sctp_recv(100)[2] == b"x"
    branch.close()
    assert len(os.listdir("/proc/self/fd")) == before
    with pytest.raises(IOError):
        sctp.sctpsocket_tcp(socket.AF_INET).peeloff(1)


def test_properties_round_trip(tcp):
    srv, cli, conn = tcp
    cli.nodelay = True
    assert cli.nodelay
    cli.adaptation = 0xDEADBEEF
    assert cli.adaptation == 0xDEADBEEF
    cli.disable_fragments = 1
    assert cli.disable_fragments
    assert cli.mappedv4 in (0, 1)
    cli.ttl = 100
    cli.streamid = 3
    with pytest.raises(ValueError):
        cli.streamid = 70000
    st = cli.get_status()
    assert st.state == sctp.status.state_ESTABLISHED and st.outstrms == 4
    assert st.primary.sockaddr == conn.getsockname()
    info = cli.get_paddrinfo(0, conn.getsockname())
    assert info.state == sctp.paddrinfo.state_ACTIVE
    rto = cli.get_rtoinfo()
    rto.max = 5000
    cli.set_rtoinfo(rto)
    assert cli.get_rtoinfo().max == 5000
    ap = cli.get_assocparams()
    assert ap.number_peer_destinations == 1
    pp = cli.get_paddrparams(0, conn.getsockname())
    pp.hbinterval = 4000
    cli.set_paddrparams(pp)
    assert cli.get_paddrparams(0, conn.getsockname()).hbinterval == 4000
    with pytest.raises(IOError):
        cli.autoclose = 5


def test_timeout_and_select_work_through_delegation(tcp):
    import select
    srv, cli, conn = tcp
    conn.settimeout(0.1)
    with pytest.raises(socket.timeout):
        conn.sctp_recv(100)
    cli.sctp_send(b"sel")
    r, _, _ = select.select([conn], [], [], 5)
    assert r == [conn]
    assert conn.sctp_recv(100)[2] == b"sel"


def test_ipv6_bindx_many_addresses_no_overrun():
    s = sctp.sctpsocket_udp(socket.AF_INET6)
    try:
        s.bindx([("::1", 0)])
        port = s.getsockname()[1]
        s.bindx([("127.0.0.1", port), ("127.0.0.2", port), ("127.0.0.3", port)])
        assert len(s.getladdrs()) == 4
        assert all(len(a) == 2 for a in s.getladdrs())
    finally:
        s.close()


def test_notification_payloads_are_bytes_never_text():
    import struct
    payload = b"\xff\xfe\x00binary"
    # SCTP_SEND_FAILED: header, ssf_error, sctp_sndrcvinfo (32 bytes), assoc id, data
    sndrcv = struct.pack("=HHHxxIIIIIi", 1, 0, 0, 46, 7, 0, 0, 0, 5)
    body = struct.pack("=I", 3) + sndrcv + struct.pack("=i", 5) + payload
    raw = struct.pack("=HHI", sctp.SCTP_SEND_FAILED, 0, 8 + len(body)) + body
    note = sctp.notification_factory(sctp.lowlevel.decode_notification(raw))
    assert isinstance(note, sctp.send_failed)
    assert note.data == payload and isinstance(note.data, bytes)
    assert note.error == 3 and note.assoc_id == 5 and note.info.context == 7
    # SCTP_REMOTE_ERROR: the cause code arrives big-endian; data is bytes
    body = struct.pack("!H", 0x0d) + b"\x00\x00" + struct.pack("=i", 9) + payload
    raw = struct.pack("=HHI", sctp.SCTP_REMOTE_ERROR, 0, 8 + len(body)) + body
    note = sctp.notification_factory(sctp.lowlevel.decode_notification(raw))
    assert isinstance(note, sctp.remote_error)
    assert (note.error, note.assoc_id, note.data) == (0x0d, 9, payload)


def test_ppid_context_ttl_are_unsigned_32_bit(tcp):
    srv, cli, conn = tcp
    cli.sctp_send(b"max", ppid=0xFFFFFFFF, context=0xFFFFFFFF, timetolive=0xFFFFFFFF)
    assert conn.sctp_recv(100)[3].ppid == 0xFFFFFFFF
    cli.sctp_send(b"x", ppid=0x01020304)
    assert conn.sctp_recv(100)[3].ppid == 0x04030201      # raw, as pysctp reports it
    for bad in (dict(ppid=2 ** 32), dict(ppid=-1), dict(context=2 ** 32),
                dict(timetolive=2 ** 32), dict(stream=65536)):
        with pytest.raises((OverflowError, ValueError)):
            cli.sctp_send(b"x", **bad)


def test_bytearray_and_memoryview_through_sctp_send(tcp):
    srv, cli, conn = tcp
    cli.sctp_send(bytearray(b"ba"))
    cli.sctp_send(memoryview(b"mv"))
    assert conn.sctp_recv(100)[2] == b"ba"
    assert conn.sctp_recv(100)[2] == b"mv"
