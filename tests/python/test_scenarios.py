"""Scenarios of the kind lksctp-tools' functional tests cover, written for this library."""
import errno
import socket
import time

import pytest

import sctp
from sctp import lowlevel


def test_autoclose_ends_idle_associations(seqpacket_server):
    srv, addr = seqpacket_server
    srv.set_option("SCTP_AUTOCLOSE", value=1)
    assert srv.get_option("SCTP_AUTOCLOSE")["value"] == 1
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.sctp_send(b"then silence", to=addr)
        states = []
        srv.settimeout(10)
        while "SHUTDOWN_COMP" not in states:
            m = srv.sctp_recv()
            if isinstance(m, sctp.Notification) and m.type_name == "ASSOC_CHANGE":
                states.append(m.state_name)
        assert states[0] == "COMM_UP"


def test_large_messages_fragment_and_reassemble(pair):
    conn, cli = pair()
    big = bytes(range(256)) * 256                    # 64 KiB: many DATA chunks
    cli.set_option("SCTP_MAXSEG", value=1000)
    cli.sctp_send(big)
    assert conn.sctp_recv(len(big) + 1).data == big


def test_disable_fragments_refuses_oversize_messages(pair):
    conn, cli = pair()
    cli.set_option("SCTP_DISABLE_FRAGMENTS", value=1)
    frag = cli.status()["fragmentation_point"]
    with pytest.raises(OSError) as e:
        cli.sctp_send(b"x" * (frag + 1))
    assert e.value.errno == errno.EMSGSIZE
    cli.sctp_send(b"x" * 100)
    assert len(conn.sctp_recv().data) == 100


@pytest.mark.parametrize("flag,state", [("SCTP_EOF", "SHUTDOWN_COMP"), ("SCTP_ABORT", "COMM_LOST")])
def test_eof_and_abort_end_one_association(seqpacket_server, flag, state):
    srv, addr = seqpacket_server
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as cli:
        cli.subscribe("association")
        cli.settimeout(10)
        cli.sctp_send(b"hi", to=addr)
        up = srv.sctp_recv()
        assoc = srv.sctp_recv().assoc_id
        srv.sctp_send(b"bye" if flag == "SCTP_ABORT" else b"", assoc_id=assoc,
                      flags=getattr(sctp, flag))
        seen = []
        while state not in seen:
            m = cli.sctp_recv()
            if isinstance(m, sctp.Notification) and m.type_name == "ASSOC_CHANGE":
                seen.append(m.state_name)
        assert up.state_name == "COMM_UP"
        with pytest.raises(OSError):
            srv.getpaddrs(assoc)                  # the association is gone


def test_peek_leaves_the_message_queued(pair):
    conn, cli = pair()
    cli.sctp_send(b"peek at me", ppid=5)
    m = lowlevel.recv(conn._h, socket.MSG_PEEK, 100)
    assert m.data == b"peek at me" and m.ppid == 5
    assert conn.sctp_recv().data == b"peek at me"


def test_names_of_both_ends(pair):
    conn, cli = pair()
    assert cli.getpeername() == conn.getsockname()
    assert conn.getpeername() == cli.getsockname()
    assert cli.getpaddrs() == [conn.getsockname()]
    assert conn.getpaddrs() == [cli.getsockname()]


def test_shutdown_completes_on_one_to_one(pair):
    conn, cli = pair()
    conn.subscribe("association", "shutdown")
    cli.sctp_send(b"last")
    cli.shutdown(socket.SHUT_WR)
    assert conn.sctp_recv().data == b"last"
    names = []
    while "SHUTDOWN_EVENT" not in names:
        names.append(conn.sctp_recv().type_name)


def test_next_message_info(pair):
    conn, cli = pair()
    conn.set_option("SCTP_RECVNXTINFO", value=1)
    cli.sctp_send(b"first", stream=1)
    cli.sctp_send(b"second", stream=4, ppid=9)
    time.sleep(0.2)
    first = conn.sctp_recv()
    assert first.nxt["stream"] == 4 and first.nxt["ppid"] == 9 and first.nxt["length"] == 6
    assert conn.sctp_recv().nxt is None           # nothing queued after the second
