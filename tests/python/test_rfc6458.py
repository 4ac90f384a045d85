"""RFC 6458 sending: SCTP_SNDINFO, SCTP_PRINFO, SCTP_INIT, SCTP_DSTADDRV4 (sendv)."""
import errno
import socket

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
    with pytest.raises(KeyError):
        cli.sendv(b"x", pr_policy="sometimes")
    with pytest.raises(ValueError):
        cli.sendv(b"x", init=dict(num_streams=3))
    with pytest.raises(OverflowError):
        cli.sendv(b"x", stream=70000)
    with pytest.raises(TypeError):
        cli.sendv("text")
    with pytest.raises(ValueError):
        cli.sendv(b"x", to=[("127.0.0.1", 1)] * 65)
    cli.sendv(b"still fine")
    assert conn.sctp_recv().data == b"still fine"
