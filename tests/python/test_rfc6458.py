"""RFC 6458 sending: SCTP_SNDINFO, SCTP_PRINFO, SCTP_INIT, SCTP_DSTADDRV4 (sendv)."""
import ctypes
import errno
import gc
import pickle
import socket
import threading
import time

import pytest

import sctp


@pytest.fixture
def multihomed_server():
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bindx([("127.0.0.1", 0)])
    port = srv.getsockname()[1]
    srv.bindx([("127.0.0.2", port)])
    srv.listen(4)
    srv.subscribe("association")
    srv.settimeout(5)
    yield srv, port
    srv.close()


def test_implicit_multihomed_setup_with_init_parameters(multihomed_server):
    srv, port = multihomed_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.settimeout(5)
        cli.sendv(b"hello", to=[("127.0.0.1", port), ("127.0.0.2", port)], stream=1, ppid=60,
                  init=dict(num_ostreams=3, max_instreams=3))
        up = srv.sctp_recv()
        assert up.type_name == "ASSOC_CHANGE" and up.inbound_streams == 3
        msg = srv.sctp_recv()
        assert (msg.data, msg.stream, msg.ppid) == (b"hello", 1, 60)
        assert sorted(a[0] for a in srv.getpaddrs(msg.assoc_id)) == ["127.0.0.1"]
        # the client's association knows both server addresses from the one sendv
        srv.sctp_send(b"x", assoc_id=msg.assoc_id)
        reply = cli.sctp_recv()
        while isinstance(reply, sctp.Notification):
            reply = cli.sctp_recv()
        assert sorted(a[0] for a in cli.getpaddrs(reply.assoc_id)) == ["127.0.0.1", "127.0.0.2"]


@pytest.mark.parametrize("policy", ["none", "ttl", "rtx", "prio", sctp.SCTP_PR_SCTP_RTX])
def test_partially_reliable_messages_are_delivered(pair, policy):
    conn, cli = pair()
    cli.sendv(b"pr", stream=2, ppid=46, pr_policy=policy, pr_value=1000 if policy != "none" else 0,
              unordered=True)
    msg = conn.sctp_recv()
    assert (msg.data, msg.stream, msg.ppid, msg.unordered) == (b"pr", 2, 46, True)


def test_sendv_to_association_id(multihomed_server):
    srv, port = multihomed_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.settimeout(5)
        cli.sendv(b"one", to=("127.0.0.1", port))
        assert srv.sctp_recv().type_name == "ASSOC_CHANGE"
        first = srv.sctp_recv()
        srv.sendv(b"by id", assoc_id=first.assoc_id, ppid=7)
        reply = cli.sctp_recv()
        assert (reply.data, reply.ppid) == (b"by id", 7)


def test_sendv_errors(pair):
    conn, cli = pair()
    with pytest.raises(OSError) as e:
        cli.sendv(b"x", pr_policy=0x40)           # not a PR-SCTP policy
    assert e.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        cli.sendv(b"x", pr_policy="sometimes")
    with pytest.raises(TypeError, match="num_streams"):
        cli.sendv(b"x", init=dict(num_streams=3))
    with pytest.raises(OverflowError):
        cli.sendv(b"x", stream=70000)
    with pytest.raises(TypeError):
        cli.sendv("text")
    with pytest.raises(ValueError):
        cli.sendv(b"x", to=[("127.0.0.1", 1)] * 65536)
    cli.sendv(b"still fine")
    assert conn.sctp_recv().data == b"still fine"


def test_sendv_gathers_a_message_from_several_buffers(pair):
    conn, cli = pair()
    header = bytearray(b"HDR:")
    assert cli.sendv([header, memoryview(b"--body--")[2:6], b"!"], stream=2, ppid=9) == 9
    m = conn.sctp_recv()
    assert (m.data, m.stream, m.ppid, m.eor) == (b"HDR:body!", 2, 9, True)
    with pytest.raises(ValueError):
        cli.sendv([])
    with pytest.raises(ValueError):
        cli.sendv([b"x"] * 1025)      # more buffers than one sendmsg takes
    with pytest.raises(TypeError):
        cli.sendv([b"x", "text"])
    with pytest.raises(TypeError):
        cli.sendv([b"x", 5])


def test_receive_into_a_buffer_without_allocating_the_payload(pair):
    conn, cli = pair()
    buf = bytearray(64)
    cli.sctp_send(b"into the buffer", stream=3, ppid=77)
    m = conn.sctp_recv_into(buf)
    assert isinstance(m.data, memoryview) and m.data.obj is buf
    assert (bytes(m.data), m.stream, m.ppid, m.eor) == (b"into the buffer", 3, 77, True)
    assert buf[:15] == b"into the buffer"
    # a smaller buffer gets part of the message; the rest follows
    cli.sctp_send(b"0123456789")
    small = bytearray(4)
    parts = []
    while True:
        m = conn.sctp_recv_into(small)
        parts.append(bytes(m.data))
        if m.eor:
            break
    assert b"".join(parts) == b"0123456789" and len(parts) == 3
    with pytest.raises(TypeError):
        conn.sctp_recv_into(b"read-only bytes")
    with pytest.raises(ValueError):
        conn.sctp_recv_into(bytearray())
    with pytest.raises(TypeError):
        conn.sctp_recv_into()
    conn.settimeout(0.2)
    with pytest.raises(TimeoutError):
        conn.sctp_recv_into(buf)
    # a notification is decoded from the buffer; then the end of the stream, empty
    conn.subscribe("shutdown")
    cli.shutdown(socket.SHUT_WR)
    assert isinstance(conn.sctp_recv_into(buf), sctp.api.Shutdown)
    end = conn.sctp_recv_into(memoryview(buf)[8:])
    assert isinstance(end, sctp.Message) and bytes(end.data) == b""


def test_large_receive_sizes_reuse_one_buffer_without_aliasing(pair):
    """With a large bufsize (the default 64 KiB) small messages are copied out of one spare
    buffer and larger ones take it; a small bufsize receives on the C stack: every message
    keeps its own bytes."""
    conn, cli = pair()
    sent = [bytes([65 + i % 26]) * n
            for i, n in enumerate((5, 3000, 7, 2048, 2049, 8192, 65536, 1, 9, 8193))]
    for data in sent:
        cli.sctp_send(data)
    got = [conn.sctp_recv() if i % 2 else conn.sctp_recv(70000 if i == 6 else 8192)
           for i in range(len(sent))]
    assert [m.data for m in got] == sent
    # a size the spare buffer is too small for, and one below its range, still fit exactly
    cli.sctp_send(b"z" * 100)
    assert conn.sctp_recv(100).data == b"z" * 100
    # a small size is received on the stack: a longer message comes in parts, MSG_EOR last
    cli.sctp_send(b"0123456789")
    first, rest = conn.sctp_recv(4), conn.sctp_recv(2048)
    assert (first.data, first.eor, rest.data, rest.eor) == (b"0123", False, b"456789", True)
    conn.settimeout(0.1)
    with pytest.raises(TimeoutError):
        conn.sctp_recv()
    conn.settimeout(5)            # the next message may wait for a delayed SACK (Nagle)
    cli.sctp_send(b"after a timeout")
    assert conn.sctp_recv().data == b"after a timeout"


def test_freed_messages_are_reused_whole(pair):
    """A dropped Message is kept for the next receive (a free list): every field of a
    received one is its own, whatever the reused object held, and kept ones stay intact."""
    conn, cli = pair()
    cli.sctp_send(b"first", stream=2, ppid=70000, context=0)
    old = conn.sctp_recv(64)
    assert (old.stream, old.ppid) == (2, 70000)
    del old                         # kept, holding other values than those that follow
    for i in range(30):
        cli.sctp_send(b"m%d" % i, stream=i % 3, ppid=100 + i)
    kept = []
    for i in range(30):
        m = conn.sctp_recv(64)
        assert (m.data, m.stream, m.ppid, m.flags, m.context) == (b"m%d" % i, i % 3, 100 + i, 0, 0)
        assert m.addr == cli.getsockname() and m.msg_flags & socket.MSG_EOR and m.eor
        if i % 2:
            kept.append(m)          # every other one is kept, the rest freed and reused
    assert [m.data for m in kept] == [b"m%d" % i for i in range(1, 30, 2)]
    assert len({m.tsn for m in kept}) == 15 and {m.cumtsn for m in kept} == {0}  # ordered
    assert len({m.assoc_id for m in kept}) == 1 and kept[0].assoc_id not in (0, 99)


def test_a_dropped_payload_is_reused_only_when_nothing_else_holds_it(pair):
    """The payload of a dropped Message may become the next one's of the same length: one
    still held elsewhere keeps its bytes, and a reused one hashes as its new bytes."""
    conn, cli = pair()
    for i in range(6):
        cli.sctp_send(b"payload-%d" % i)
    first = conn.sctp_recv(64)
    held, held_hash = first.data, hash(first.data)
    del first                       # its payload lives on in `held`
    second = conn.sctp_recv(64)
    assert (held, hash(held), second.data) == (b"payload-0", held_hash, b"payload-1")
    table = {second.data: 1}        # its hash is computed and cached in the object
    del second, table               # nothing else holds its payload now
    for i in range(2, 6):
        m = conn.sctp_recv(64)
        expected = bytes(b"payload-%d" % i)
        assert m.data == expected and hash(m.data) == hash(expected)
        assert {expected: i}[m.data] == i
        del m
    assert held == b"payload-0"


def test_a_receive_into_a_dropped_payload_gives_exact_nul_terminated_bytes(pair):
    """A small receive may land in a dropped Message's payload itself, which has room for its
    length plus the closing NUL.  Whatever the lengths (shorter, filling that NUL's byte, one
    byte), each payload is its message's bytes, ends with the NUL that C code reading bytes
    relies on (ctypes stops there), and hashes as it is; a payload still held is untouched."""
    conn, cli = pair()
    steps = [(b"abcdefgh", 9, False),      # kept: 8 bytes
             (b"ABCDEFGHI", 9, True),      # into those 8 + the NUL's byte: copied out, held
             (b"zyxwvuts", 64, False),     # asks for more than the kept 8 can take: on
                                           # the stack, then copied into it (same length)
             (b"xyz", 4, False),           # into the kept 8, shrunk to 3
             (b"q", 2, False),             # one byte: CPython's shared object
             (b"0123456789", 11, False),   # the kept 3 is too small
             (b"12345678", 9, False)]      # into the kept 10, shrunk
    held = []
    for data, _, _ in steps:
        cli.sctp_send(data)
    for data, bufsize, hold in steps:
        m = conn.sctp_recv(bufsize)
        assert m.data == data and ctypes.c_char_p(m.data).value == data and m.eor
        assert hash(m.data) == hash(bytes(bytearray(data)))
        if hold:
            held.append(m.data)
        del m                              # its payload is kept for the next receive
    assert held == [b"ABCDEFGHI"] and ctypes.c_char_p(held[0]).value == b"ABCDEFGHI"


def test_messages_from_two_senders_each_carry_their_own_address(seqpacket_server):
    """The last sender's address tuple is reused for the next message from it: messages
    from two senders interleaved each carry their own."""
    srv, addr = seqpacket_server
    senders = [sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) for _ in range(2)]
    try:
        for s in senders:
            s.bind(("127.0.0.1", 0))
            s.setsockopt(132, sctp.SCTP_NODELAY, 1)    # each message out as it is sent
        for i in range(20):         # each received before the next is sent: interleaved
            senders[i % 2].sctp_send(b"%d" % i, to=addr, ppid=i)
            m = srv.sctp_recv(64)
            while not isinstance(m, sctp.Message):      # COMM_UP and the like
                m = srv.sctp_recv(64)
            assert (m.data, m.ppid, m.addr) == (b"%d" % i, i, senders[i % 2].getsockname())
            del m
    finally:
        for s in senders:
            s.close()


def test_a_messages_ints_are_its_own_when_freed_messages_pass_theirs_on(pair):
    """A freed Message keeps its ints that nothing else holds (SSN, TSN) and the next message
    writes its values into them: values are right past the small ints (SSN > 256), and an int
    taken from a message keeps its value, whatever arrives after the message is dropped."""
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    for i in range(300):
        cli.sctp_send(b"%d" % i, stream=1, ppid=70000 + i)
    taken, ssns, tsns = [], [], []
    it = conn.messages(16, 64)      # after the first 150 (it reads ahead: not mixed)
    for i in range(300):
        m = conn.sctp_recv(64) if i < 150 else next(it)
        assert (m.data, m.ssn, m.ppid) == (b"%d" % i, i, 70000 + i)
        ssns.append(m.ssn + 0)      # a new int of the same value, not the message's own
        tsns.append(m.tsn + 0)
        if i % 3 == 0:
            taken.append((m.ssn, m.tsn, m.ppid))        # the message's own ints, held on
        del m
    assert ssns == list(range(300))
    assert tsns == [(tsns[0] + i) % 2**32 for i in range(300)]
    assert taken == [(i, tsns[i], 70000 + i) for i in range(0, 300, 3)]
    assert {hash(t[1]) for t in taken} == {hash(tsns[i]) for i in range(0, 300, 3)}


def test_batches_send_and_receive_many_messages_per_call(pair):
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    msgs = [b"batch %02d" % i for i in range(40)]
    assert cli.send_many(msgs, stream=4, ppid=1234) == 40
    got = []
    while len(got) < 40:
        got.extend(conn.recv_many(64))
    assert [m.data for m in got] == msgs
    assert {(m.stream, m.ppid, m.eor) for m in got} == {(4, 1234, True)}
    assert [m.ssn for m in got] == list(range(40))
    conn.settimeout(0.2)
    with pytest.raises(TimeoutError):
        conn.recv_many(8)
    with pytest.raises(ValueError):
        conn.recv_many(0)
    with pytest.raises(ValueError):
        conn.recv_many(65)
    with pytest.raises(ValueError):
        cli.send_many([])
    with pytest.raises(TypeError):
        cli.send_many(b"not a list")


def test_recv_many_into_fills_a_batch(pair):
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    conn.subscribe("shutdown")
    batch = sctp.Batch(16, 64)
    assert (len(batch), batch.count, batch.bufsize) == (0, 16, 64)
    msgs = [b"into %02d" % i for i in range(40)]
    assert cli.send_many(msgs, stream=3, ppid=0xDEADBEEF) == 40
    got = []
    while len(got) < 40:
        n = conn.recv_many_into(batch)
        assert 1 <= n <= 16 and len(batch) == n and repr(batch).startswith("<sctp.Batch: %d of 16" % n)
        assert [type(m) for m in batch] == [sctp.Message] * n
        assert batch[-1] == batch[n - 1]
        assert {(m.stream, m.ppid, m.eor) for m in batch} == {(3, 0xDEADBEEF, True)}
        got += [m.data for m in batch]
    assert got == msgs
    with pytest.raises(IndexError):
        batch[len(batch)]
    with pytest.raises(IndexError):
        batch[-len(batch) - 1]
    # a timeout leaves the batch empty
    conn.settimeout(0.2)
    with pytest.raises(TimeoutError):
        conn.recv_many_into(batch)
    assert len(batch) == 0
    with pytest.raises(IndexError):
        batch[0]
    conn.settimeout(5)
    # a message taken out stays valid after the batch is reused and gone
    cli.send_many([b"again"])
    assert conn.recv_many_into(batch) == 1
    kept = batch[0]
    cli.send_many([b"other"])
    conn.recv_many_into(batch)
    del batch
    gc.collect()
    assert kept.data == b"again"
    # a notification in a batch; the end of the stream ends it
    batch = sctp.Batch(8, 64)
    cli.send_many([b"last"])
    cli.shutdown(socket.SHUT_WR)
    got = []
    while not got or isinstance(got[-1], sctp.Notification) or got[-1].data:
        conn.recv_many_into(batch)
        got += list(batch)
    assert [type(x) for x in got] == [sctp.Message, sctp.api.Shutdown, sctp.Message]
    assert (got[0].data, got[-1].data) == (b"last", b"")


def test_receives_into_one_batch_take_turns(pair):
    """A second receive into a batch another thread is filling waits for it to finish."""
    conn, cli = pair()
    batch = sctp.Batch(4, 32)
    result = []
    t = threading.Thread(target=lambda: result.append(conn.recv_many_into(batch)))
    t.start()
    time.sleep(0.3)                     # the thread waits inside the receive, GIL released
    threading.Timer(0.5, lambda: cli.sctp_send(b"wake")).start()
    cli.settimeout(0.3)
    started = time.monotonic()
    with pytest.raises(TimeoutError):   # its turn came after the other receive ended
        cli.recv_many_into(batch)
    assert time.monotonic() - started >= 0.7
    t.join(5)
    assert result == [1]


def test_messages_hands_out_one_message_per_step_from_batches_read_ahead(pair):
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    conn.subscribe("shutdown")
    msgs = [b"step %02d" % i for i in range(40)]
    assert cli.send_many(msgs, stream=2, ppid=7) == 40
    time.sleep(0.5)                     # all 40 queued: the first receive takes 16
    it = conn.messages(16, 64)
    assert (it.count, it.bufsize, it.pending) == (16, 64, 0)
    got = []
    for m in it:
        got.append(m)
        if len(got) == 10:
            break
    assert it.pending == 6
    # the socket keeps its iterator: a second loop goes on with what was read ahead
    assert conn.messages(16, 64) is it
    with pytest.raises(ValueError, match="6 messages read ahead"):
        conn.messages(8, 64)
    for m in conn.messages(16, 64):
        got.append(m)
        if len(got) == 40:
            break
    assert [m.data for m in got] == msgs
    assert {(type(m), m.stream, m.ppid, m.eor) for m in got} == {(sctp.Message, 2, 7, True)}
    assert [m.ssn for m in got] == list(range(40))
    # a timeout raises from the step; the iterator goes on afterwards
    conn.settimeout(0.2)
    with pytest.raises(TimeoutError):
        next(it)
    conn.settimeout(5)
    cli.sctp_send(b"after", ppid=8)
    assert (next(it).data, it.pending) == (b"after", 0)
    # a notification is handed out too; the end of the stream ends the iteration, for good
    cli.sctp_send(b"last")
    cli.shutdown(socket.SHUT_WR)
    rest = list(it)
    assert [type(x) for x in rest] == [sctp.Message, sctp.api.Shutdown] and rest[0].data == b"last"
    assert list(it) == [] and it.pending == 0
    # a drained iterator gives way to one of another size
    assert conn.messages(4, 32) is not it and conn.messages(4, 32).count == 4


def test_long_messages_are_handed_out_as_received_and_stay_intact(pair):
    """With a bufsize over 8 KiB, messages() and recv_many receive into a bytes object per
    slot and hand a message longer than 8 KiB out as that object: each keeps its own content
    while later batches arrive, sizes around the 8 KiB line come out exact, a message larger
    than bufsize comes in parts, and a notification among them is decoded."""
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    conn.subscribe("shutdown")
    sizes = [100, 8191, 8192, 8193, 2049, 16384, 20000, 1, 1000]    # 62 KiB: in the window
    msgs = [bytes([65 + i % 26]) * n for i, n in enumerate(sizes)]
    kept = []
    it = conn.messages(4, 65536)
    for _ in range(3):                          # 3 refills a round: handed-out objects stay
        for m in msgs:
            cli.sctp_send(m, stream=5, ppid=99)
        kept += [next(it) for _ in msgs]
    for i in range(3):
        for m in msgs:
            cli.sctp_send(m, stream=5, ppid=99)
        got = []
        while len(got) < len(msgs):
            got += conn.recv_many(5, 40000 if i == 1 else 65536)   # the kept slots' size changes
        kept += got
    assert [m.data for m in kept] == msgs * 6 and all(m.eor for m in kept)
    assert {(m.stream, m.ppid) for m in kept} == {(5, 99)}
    # a message longer than bufsize arrives in parts, each part exact
    cli.sctp_send(b"x" * 20000, stream=5, ppid=99)
    cli.sctp_send(b"tail", stream=5, ppid=99)
    parts = conn.recv_many(8, 9000)
    while len(parts) < 4:
        parts += conn.recv_many(8, 9000)
    assert [(len(p.data), p.eor) for p in parts] == [(9000, False), (9000, False), (2000, True),
                                                    (4, True)]
    cli.shutdown(socket.SHUT_WR)
    rest = list(conn.messages(4, 9000))
    assert [type(x) for x in rest] == [sctp.api.Shutdown]


def test_messages_of_a_closed_or_collected_socket_raise_ebadf():
    s = sctp.SCTPSocket()
    it = s.messages(2, 16)
    s.close()
    with pytest.raises(OSError) as closed:
        next(it)
    del s
    gc.collect()                        # the iterator holds its socket weakly
    with pytest.raises(OSError) as gone:
        next(it)
    assert closed.value.errno == gone.value.errno == errno.EBADF


def test_receives_build_messages_in_place_and_hand_notifications_to_python(pair):
    """sctp_recv and recv_many are C methods: data arrives as sctp.Message itself (no copy),
    a notification in the same batch as its Notification subclass, keywords work; the end
    of the stream ends a batch."""
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    conn.subscribe("shutdown")
    cli.sctp_send(b"one", ppid=5)
    m = conn.sctp_recv(bufsize=16)
    assert type(m) is sctp.Message and (m.data, m.ppid) == (b"one", 5)
    # a tuple with named fields: unpacking, match by keyword, pickling all work
    data, addr, msg_flags, stream, *_ = m
    assert (data, stream, m.eor, m.unordered) == (b"one", 0, True, False)
    match m:
        case sctp.Message(data=b"one", ppid=5, stream=0):
            pass
        case _:
            pytest.fail("Message did not match by keyword: %r" % (m,))
    assert pickle.loads(pickle.dumps(m)) == m and repr(m).startswith("Message(data=b'one'")
    cli.send_many([b"two", b"three"])
    cli.shutdown(socket.SHUT_WR)          # the peer's SHUTDOWN_EVENT follows the data
    got = []
    while not got or isinstance(got[-1], sctp.Notification) or got[-1].data:
        got.extend(conn.recv_many(count=8, bufsize=16))
    # the end of the stream (one empty message) ends a batch: recvmmsg would repeat it
    assert [type(x) for x in got] == [sctp.Message, sctp.Message, sctp.api.Shutdown, sctp.Message]
    assert got[-1].data == b""
    assert [x.data for x in got[:2]] == [b"two", b"three"]
