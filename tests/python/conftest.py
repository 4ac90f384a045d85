"""Fixtures: real SCTP sockets over loopback, ephemeral ports, closed after each test."""
import socket

import pytest

import sctp


@pytest.fixture
def pair():
    """Factory: pair(family, setup) -> (server-side, client) connected one-to-one SCTPSockets.
    setup(sock), if given, runs on the listener and then on the client before the
    association exists (endpoint options are copied into it)."""
    opened = []

    def make(family=socket.AF_INET, setup=None):
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        srv = sctp.SCTPSocket(family, socket.SOCK_STREAM)
        opened.append(srv)
        if setup:
            setup(srv)
        srv.bind((host, 0))
        srv.listen(4)
        cli = sctp.SCTPSocket(family, socket.SOCK_STREAM)
        opened.append(cli)
        cli.set_option("SCTP_INITMSG", num_ostreams=8, max_instreams=8)
        if setup:
            setup(cli)
        cli.settimeout(5)
        cli.connect(srv.getsockname()[:2])
        srv.settimeout(5)
        conn, _ = srv.accept()
        conn.settimeout(5)
        opened.append(conn)
        return conn, cli

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def seqpacket_server():
    """A listening one-to-many socket subscribed to association events, and its address."""
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.subscribe("association", "shutdown")
    srv.settimeout(5)
    yield srv, srv.getsockname()
    srv.close()
