"""The vertical slice through the modern API and the low-level module, on real SCTP."""
import errno
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

import sctp
from sctp import lowlevel


class Spinner:
    """A thread counting while the test blocks: proof that the GIL was released."""

    def __enter__(self):
        self.ticks, self.stop = 0, threading.Event()

        def spin():
            while not self.stop.is_set():
                self.ticks += 1
                time.sleep(0.001)
        self.thread = threading.Thread(target=spin)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def test_kernel_has_sctp():
    # Never skipped: where the host lacks SCTP the test command runs us in a VM that has it.
    with socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET, socket.IPPROTO_SCTP) as s:
        assert s.proto == socket.IPPROTO_SCTP


@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6])
def test_one_to_one_stream_and_ppid(pair, family):
    conn, cli = pair(family)
    assert cli.sctp_send(b"hello", stream=3, ppid=46, context=9) == 5
    msg = conn.sctp_recv()
    assert isinstance(msg, sctp.Message)
    assert (msg.data, msg.stream, msg.ppid, msg.eor) == (b"hello", 3, 46, True)
    assert msg.addr[0] == ("::1" if family == socket.AF_INET6 else "127.0.0.1")


def test_ppid_on_the_wire_is_network_order(pair):
    conn, cli = pair()
    cli.sctp_send(b"x", ppid=46)
    # the raw kernel field, read with the socket module: struct sctp_rcvinfo's rcv_ppid
    data, ancillary, _, _ = conn.recvmsg(100, socket.CMSG_SPACE(64))
    (level, kind, rcvinfo), = ancillary
    assert (level, kind) == (sctp.IPPROTO_SCTP, sctp.SCTP_RCVINFO)
    assert struct.unpack_from("=HHH2xI", rcvinfo)[3] == socket.htonl(46)


def test_ppid_full_unsigned_range(pair):
    conn, cli = pair()
    for ppid in (0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF):
        cli.sctp_send(b"p", ppid=ppid)
        assert conn.sctp_recv().ppid == ppid
    with pytest.raises(OverflowError):
        cli.sctp_send(b"p", ppid=2 ** 32)
    with pytest.raises(OverflowError):
        cli.sctp_send(b"p", ppid=-1)


def test_lowlevel_recv_returns_a_message(pair):
    conn, cli = pair()
    cli.sctp_send(b"abc", stream=1, unordered=True)
    m = lowlevel.recv(conn._h, 0, 100)
    assert type(m) is sctp.Message and m.data == b"abc" and m.msg_flags & sctp.FLAG_EOR
    assert m.stream == 1 and m.flags & sctp.SCTP_UNORDERED and m.unordered


def test_one_to_many_notification_and_reply_by_assoc_id(seqpacket_server):
    srv, addr = seqpacket_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.settimeout(5)
        cli.sctp_send(b"hi", to=addr, ppid=18, stream=0)
        note = srv.sctp_recv()
        assert isinstance(note, sctp.Notification)
        assert note.type_name == "ASSOC_CHANGE" and note.state_name == "COMM_UP"
        msg = srv.sctp_recv()
        assert msg.data == b"hi" and msg.ppid == 18 and msg.assoc_id == note.assoc_id
        srv.sctp_send(b"back", assoc_id=msg.assoc_id, stream=0)
        assert cli.sctp_recv().data == b"back"


def test_send_to_address_on_one_to_many(seqpacket_server):
    srv, addr = seqpacket_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.settimeout(5)
        cli.sctp_send(b"one", to=addr)
        assert srv.sctp_recv().type_name == "ASSOC_CHANGE"
        peer = srv.sctp_recv().addr
        srv.sctp_send(b"two", to=peer)
        assert cli.sctp_recv().data == b"two"


def test_connectx_several_addresses_returns_assoc_id():
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as srv, \
            sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as cli:
        srv.bindx([("127.0.0.1", 0)])
        port = srv.getsockname()[1]
        srv.bindx([("127.0.0.2", port)])
        srv.listen(1)
        cli.settimeout(5)
        assoc_id = cli.connectx([("127.0.0.1", port), ("127.0.0.2", port)])
        assert assoc_id > 0
        assert sorted(a[0] for a in cli.getpaddrs()) == ["127.0.0.1", "127.0.0.2"]


def test_bindx_add_and_remove():
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as s:
        s.bindx([("127.0.0.1", 0)])
        port = s.getsockname()[1]
        s.bindx([("127.0.0.2", port), ("127.0.0.3", port)])
        assert sorted(a[0] for a in s.getladdrs()) == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
        s.bindx([("127.0.0.3", port)], remove=True)
        assert sorted(a[0] for a in s.getladdrs()) == ["127.0.0.1", "127.0.0.2"]


def test_ipv6_socket_takes_mixed_and_4tuple_addresses():
    with sctp.SCTPSocket(socket.AF_INET6, socket.SOCK_SEQPACKET) as s:
        s.bindx([("::1", 0, 0, 0)])
        port = s.getsockname()[1]
        s.bindx([("127.0.0.1", port)])
        laddrs = s.getladdrs()
        assert ("::1", port, 0, 0) in laddrs
        assert any(a[0] in ("127.0.0.1", "::ffff:127.0.0.1") for a in laddrs)


def test_getpaddrs_getladdrs_tuples(pair):
    conn, cli = pair()
    (peer,) = cli.getpaddrs()
    assert peer == conn.getsockname()
    assert cli.getladdrs()[0][1] == cli.getsockname()[1]


def test_timeout_raises_timeouterror(pair):
    conn, _ = pair()
    conn.settimeout(0.2)
    start = time.monotonic()
    with pytest.raises(socket.timeout):
        conn.sctp_recv()
    assert 0.15 < time.monotonic() - start < 3


def test_nonblocking_raises_blockingioerror(pair):
    conn, _ = pair()
    conn.setblocking(False)
    with pytest.raises(BlockingIOError) as e:
        conn.sctp_recv()
    assert e.value.errno == errno.EAGAIN


def test_blocking_recv_releases_the_gil(pair):
    conn, cli = pair()
    conn.settimeout(None)
    threading.Timer(0.5, lambda: cli.sctp_send(b"wake")).start()
    with Spinner() as spinner:
        assert conn.sctp_recv().data == b"wake"
    assert spinner.ticks > 50      # the other thread ran while we waited


ALONE = r"""
import os, signal, socket, threading, time, sctp
assert threading.active_count() == 1        # no other thread: the calls keep the GIL
srv = sctp.SCTPSocket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
pid = os.fork()
if pid == 0:                                # the peer, a process: each send after a pause
    with sctp.SCTPSocket() as c:
        c.connectx([srv.getsockname()])
        for data in (b"late", b"later", b"after the signal", b"in a batch"):
            time.sleep(0.4)
            c.sctp_send(data)
        c.settimeout(10)
        c.sctp_recv()                       # until the parent closes
    os._exit(0)
conn, _ = srv.accept()
conn.settimeout(None)
start = time.monotonic()
assert conn.sctp_recv().data == b"late"     # nothing there yet: it waits
assert time.monotonic() - start > 0.2
conn.settimeout(0.05)
try:
    conn.sctp_recv()
    raise SystemExit("no timeout")
except socket.timeout:
    pass
conn.settimeout(5)
assert conn.sctp_recv().data == b"later"
seen = []
signal.signal(signal.SIGALRM, lambda *a: seen.append(1))
signal.setitimer(signal.ITIMER_REAL, 0.1)
assert conn.sctp_recv().data == b"after the signal" and seen == [1]
assert next(conn.messages()).data == b"in a batch"
conn.setblocking(False)
try:
    conn.sctp_recv()
    raise SystemExit("no BlockingIOError")
except BlockingIOError:
    pass
conn.close()
os.waitpid(pid, 0)
print("ok")
"""


def test_a_thread_alone_waits_times_out_and_is_interrupted():
    """With no other thread a call first tries without waiting, keeping the GIL; when
    nothing is there it must still wait, time out, run signal handlers, or raise."""
    out = subprocess.run([sys.executable, "-c", ALONE], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout == "ok\n", out.stderr


def test_os_errors_carry_errno():
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as s:
        with pytest.raises(OSError) as e:
            s.sctp_send(b"not connected")
        assert e.value.errno in (errno.EPIPE, errno.ENOTCONN)
        s.settimeout(5)
        with pytest.raises(ConnectionRefusedError):
            s.connectx([("127.0.0.1", 9)])


def test_bad_arguments_raise_type_and_value_errors(pair):
    conn, cli = pair()
    with pytest.raises(TypeError):
        cli.sctp_send("text is not bytes")
    with pytest.raises(TypeError):
        cli.bindx(["127.0.0.1"])
    with pytest.raises(ValueError):
        conn.sctp_recv(0)
    with pytest.raises(OverflowError):
        cli.sctp_send(b"x", stream=70000)
    with pytest.raises(OverflowError):
        cli.bindx([("127.0.0.1", 70000)])
    with pytest.raises(ValueError):
        cli.bindx([])
    with pytest.raises(socket.gaierror):
        cli.bindx([("no-such-host.invalid", 0)])
    with pytest.raises(ValueError):
        cli.get_option("SCTP_NO_SUCH_OPTION")
    with pytest.raises(ValueError):
        cli.set_option("SCTP_INITMSG", no_such_field=1)
    with pytest.raises(ValueError):
        cli.subscribe("no_such_event")


def test_closed_socket_is_an_oserror():
    s = sctp.SCTPSocket()
    s.close()
    with pytest.raises(OSError) as e:
        s.sctp_recv()
    assert e.value.errno == errno.EBADF


def test_bytes_bytearray_memoryview_messages(pair):
    conn, cli = pair()
    for payload in (b"bytes", bytearray(b"bytearray"), memoryview(b"xxmemoryview")[2:]):
        cli.sctp_send(payload)
        assert conn.sctp_recv().data == bytes(payload)


def test_options_round_trip(pair):
    conn, cli = pair()
    cli.set_option("SCTP_NODELAY", value=1)
    assert cli.get_option("SCTP_NODELAY")["value"] == 1
    st = cli.status()
    assert st["state"] == sctp.SCTP_ESTABLISHED and st["outstrms"] == 8
    rto = cli.get_option("SCTP_RTOINFO")
    assert rto["min"] <= rto["initial"] <= rto["max"]
    names = [o[0] for o in sctp.options()]
    assert "SCTP_EVENT" in names and "SCTP_PEER_ADDR_THLDS_V2" in names


def test_shutdown_notification(pair):
    conn, cli = pair()
    conn.subscribe("shutdown")
    assert conn.subscribed("shutdown")
    cli.close()
    note = conn.sctp_recv()
    assert isinstance(note, sctp.Notification) and note.type_name == "SHUTDOWN_EVENT"


def test_peeloff_gives_seqpacket_socket(seqpacket_server):
    srv, addr = seqpacket_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.settimeout(5)
        cli.sctp_send(b"peel", to=addr)
        note = srv.sctp_recv()
        with srv.peeloff(note.assoc_id) as branch:
            assert branch.type == socket.SOCK_SEQPACKET
            branch.settimeout(5)
            assert branch.sctp_recv().data == b"peel"


def test_message_bigger_than_buffer_arrives_in_parts(pair):
    conn, cli = pair()
    cli.sctp_send(b"a" * 3000)
    first = conn.sctp_recv(1000)
    assert len(first.data) == 1000 and not first.eor
    rest = b""
    while True:
        part = conn.sctp_recv(1000)
        rest += part.data
        if part.eor:
            break
    assert first.data + rest == b"a" * 3000


def test_signal_handler_runs_and_receive_resumes(pair):
    """PEP 475: an interrupted wait runs the handler, then goes on waiting."""
    import signal
    conn, cli = pair()
    conn.settimeout(5)
    seen = []
    old = signal.signal(signal.SIGALRM, lambda *a: seen.append(time.monotonic()))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        threading.Timer(0.6, lambda: cli.sctp_send(b"after the signal")).start()
        assert conn.sctp_recv().data == b"after the signal"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert len(seen) == 1


def test_keyboard_interrupt_ends_a_blocking_receive_promptly(pair):
    import signal
    conn, _ = pair()
    conn.settimeout(None)
    main = threading.get_ident()
    threading.Timer(0.3, lambda: signal.pthread_kill(main, signal.SIGINT)).start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        conn.sctp_recv()
    assert time.monotonic() - start < 2


def test_blocking_connectx_and_accept_release_the_gil():
    def connect_later():
        time.sleep(0.4)
        with sctp.SCTPSocket() as c:
            c.connectx([srv.getsockname()])
            time.sleep(0.1)

    with sctp.SCTPSocket() as srv, Spinner() as spinner:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        threading.Thread(target=connect_later).start()
        conn, _ = srv.accept()           # blocks ~0.4 s without the GIL
        conn.close()
    assert spinner.ticks > 50
