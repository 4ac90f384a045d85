"""sctp.Message: a received message reads like the tuple of its eleven fields, and the
handle's receive buffer is never handed to two receives at once."""
import gc
import pickle
import socket
import threading
import weakref

import pytest

import sctp


def test_a_received_message_reads_like_a_tuple(pair):
    conn, cli = pair()
    cli.sctp_send(b"tuple-like", stream=3, ppid=2**32 - 1, context=7)
    m = conn.sctp_recv()
    assert len(m) == 11 and m[0] == b"tuple-like" and m[-1] == m.assoc_id
    assert m[3:7] == (3, m.ssn, m.flags, 2**32 - 1) and m[6] == m.ppid == 2**32 - 1
    data, addr, msg_flags, stream, ssn, flags, ppid, context, tsn, cumtsn, assoc_id = m
    assert (data, stream, ppid) == (b"tuple-like", 3, 2**32 - 1)
    assert addr == cli.getsockname() and msg_flags & sctp.MSG_EOR
    assert tuple(m) == (data, addr, msg_flags, stream, ssn, flags, ppid, context, tsn,
                        cumtsn, assoc_id)
    with pytest.raises(IndexError):
        m[11]
    with pytest.raises(AttributeError):
        m.stream = 4                    # read-only, like a tuple
    copy = pickle.loads(pickle.dumps(m))
    assert copy == m and hash(copy) == hash(m) and copy is not m and copy.nxt is None
    assert m != tuple(m)                # a Message equals Messages only
    match m:
        case sctp.Message(b"tuple-like", _, _, 3, ppid=p):
            assert p == 2**32 - 1
        case _:
            pytest.fail("positional match failed: %r" % (m,))


def test_message_checks_the_values_it_is_made_of():
    made = sctp.Message(b"x", ("127.0.0.1", 9), 128, 1, 2, 0, 46, 0, 10, 9, 3, nxt={"a": 1})
    assert (made.stream, made.ppid, made.nxt, made.eor) == (1, 46, {"a": 1}, True)
    for bad, field in ((dict(stream=65536), "stream"), (dict(ppid=-1), "ppid"),
                       (dict(tsn=2**32), "tsn"), (dict(assoc_id=2**31), "assoc_id")):
        fields = dict(data=b"", addr=None, msg_flags=0, stream=0, ssn=0, flags=0, ppid=0,
                      context=0, tsn=0, cumtsn=0, assoc_id=0)
        fields.update(bad)
        with pytest.raises(OverflowError, match=field):
            sctp.Message(**fields)
    with pytest.raises(TypeError):
        sctp.Message(b"x", None, "not an int", 0, 0, 0, 0, 0, 0, 0, 0)
    with pytest.raises(TypeError):
        sctp.Message(b"x")


def test_a_message_in_a_cycle_is_collected():
    class Marker:
        pass
    m = sctp.Message(b"x", None, 0, 0, 0, 0, 0, 0, 0, 0, 0, {"marker": Marker()})
    m.nxt["self"] = m
    ref = weakref.ref(m.nxt["marker"])
    del m
    gc.collect()
    assert ref() is None


def test_only_a_message_that_can_be_in_a_cycle_is_tracked_by_the_gc(pair):
    """Bytes and the sender's tuple cannot lead back to a Message: such a Message is a
    plain sctp.Message, left to reference counting; one holding a view, a dict (NXTINFO)
    or other objects is a TrackedMessage (a subclass), so a cycle through it is collected."""
    conn, cli = pair()
    for _ in range(3):
        cli.sctp_send(b"gc")
    plain = [conn.sctp_recv(), next(iter(conn.messages())),
             sctp.Message(b"x", ("::1", 9, 0, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0)]
    assert [(type(m), gc.is_tracked(m)) for m in plain] == [(sctp.Message, False)] * 3
    tracked = [conn.sctp_recv_into(bytearray(10)),
               sctp.Message(b"x", None, 0, 0, 0, 0, 0, 0, 0, 0, 0, {"stream": 1}),
               sctp.Message(bytearray(b"x"), None, 0, 0, 0, 0, 0, 0, 0, 0, 0),
               sctp.Message(b"x", ("h", [9]), 0, 0, 0, 0, 0, 0, 0, 0, 0)]
    assert all(isinstance(m, sctp.Message) and type(m) is not sctp.Message and gc.is_tracked(m)
               for m in tracked)
    assert tracked[1] == sctp.Message(b"x", None, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def two_readers(conn, cli, payloads, messages):
    """Two threads take messages(conn) until b"end" while payloads are sent: what each got."""
    got, errors = [[], []], []

    def reader(k):
        try:
            for m in messages(conn):
                if m.data == b"end":
                    return
                got[k].append(bytes(m.data))
        except Exception as e:          # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for p in payloads:
        cli.sctp_send(p)
    cli.sctp_send(b"end")
    cli.sctp_send(b"end")
    for t in threads:
        t.join(20)
    assert not errors and not any(t.is_alive() for t in threads)
    return got


def test_two_threads_receiving_on_one_socket_each_get_whole_messages(pair):
    """Both threads receive at once (one in the handle's buffer, the other in its own):
    every message arrives once, intact."""
    conn, cli = pair()
    conn.settimeout(10)
    payloads = [bytes([i % 251]) * (50 + i) for i in range(400)]
    got = two_readers(conn, cli, payloads, lambda c: iter(c.sctp_recv, None))
    assert sorted(got[0] + got[1]) == sorted(payloads)


def test_messages_longer_shorter_and_as_long_as_the_last_arrive_whole(pair):
    """A receive starts in a bytes object of the last message's size and goes on in the
    handle's buffer: every order of sizes gives each message whole, whatever bufsize."""
    conn, cli = pair()
    sizes = [100, 100, 1000, 50, 4097, 4096, 1, 65536, 70000, 3, 65535, 100, 99, 101]
    for i, n in enumerate(sizes):       # one at a time: the largest fill the send buffer
        cli.sctp_send(bytes([i + 1]) * n, ppid=i)
        m = conn.sctp_recv(70000 if n > 65536 else 65536)
        assert (m.data, m.ppid, m.msg_flags & socket.MSG_EOR) == (bytes([i + 1]) * n, i, socket.MSG_EOR)
    cli.sctp_send(b"a" * 300)
    cli.sctp_send(b"b" * 300)
    m = conn.sctp_recv(120)             # shorter than the last message: cut, no MSG_EOR
    assert m.data == b"a" * 120 and not m.msg_flags & socket.MSG_EOR
    assert conn.sctp_recv().data == b"a" * 180
    assert conn.sctp_recv().data == b"b" * 300


def test_a_notification_longer_than_the_last_message_is_decoded_whole(pair):
    """After a 1-byte message the next receive's bytes object holds one byte: the
    association events after it are still whole Notifications, not peer data."""
    conn, cli = pair(setup=lambda s: s.subscribe("association", "shutdown"))
    first = conn.sctp_recv()
    assert isinstance(first, sctp.AssocChange) and first.state_name == "COMM_UP"
    cli.sctp_send(b"x")
    assert conn.sctp_recv().data == b"x"
    cli.close()
    events = [conn.sctp_recv() for _ in range(2)]
    assert [type(e) for e in events] == [sctp.Shutdown, sctp.AssocChange]
    assert events[1].state_name == "SHUTDOWN_COMP" and len(events[1].raw) >= 20


def test_messages_from_the_iterator_are_whole_and_their_own_across_refills(pair):
    """The iterator receives each message into a bytes object of its own made before the
    batch (a head sized by the last message in that slot) and the rest into the batch:
    messages longer, shorter and as long as their slot's last, over many refills of a small
    batch and with notifications between them, are each whole and never overwritten by a
    later receive, and a notification is never taken for data."""
    conn, cli = pair(setup=lambda s: s.subscribe("shutdown"))
    sizes = [100] * 9 + [101, 99, 1, 4000, 125, 126, 127, 300, 16384, 20000, 2, 100, 100]
    for i, n in enumerate(sizes * 3):
        cli.sctp_send(bytes([i % 251 + 1]) * n, ppid=i)
    cli.close()
    got = [m for m in conn.messages(count=4, bufsize=16384)]    # all kept: none may change
    notes = [m for m in got if isinstance(m, sctp.Notification)]
    data = [m for m in got if not isinstance(m, sctp.Notification)]
    assert [type(n) for n in notes] == [sctp.Shutdown]
    parts, i = [], 0
    for m in data:                  # the 20000-byte ones come in two parts
        parts.append(m.data)
        if m.msg_flags & socket.MSG_EOR:
            n = (sizes * 3)[i]
            assert b"".join(parts) == bytes([i % 251 + 1]) * n and m.ppid == i, i
            parts, i = [], i + 1
    assert i == len(sizes) * 3 and not parts


def test_two_threads_sharing_the_iterator_get_every_message_once(pair):
    """Two threads take from one socket's iterator while it refills: each message, of
    sizes that change from one to the next, reaches one of them once and intact."""
    conn, cli = pair()
    conn.settimeout(10)
    payloads = [bytes([i % 251]) * (50 + (i * 37) % 400) for i in range(1500)]
    got = two_readers(conn, cli, payloads, lambda c: c.messages(count=8))
    assert sorted(got[0] + got[1]) == sorted(payloads)
