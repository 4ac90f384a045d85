"""asyncio helpers, and the report of what the running kernel supports."""
import asyncio
import socket
import subprocess
import sys

import pytest

import sctp


def test_asyncio_server_and_client_exchange(pair):
    conn, cli = pair()
    conn.setblocking(False)
    cli.setblocking(False)

    async def main():
        async def serve():
            for _ in range(3):
                m = await sctp.aio.recv(conn)
                await sctp.aio.send(conn, m.data.upper(), stream=m.stream, ppid=m.ppid)

        server = asyncio.create_task(serve())
        answers = []
        for i in range(3):
            await sctp.aio.sendv(cli, b"msg%d" % i, stream=i, ppid=100 + i)
            m = await asyncio.wait_for(sctp.aio.recv(cli), 10)
            answers.append((m.data, m.stream, m.ppid))
        await server
        return answers

    assert asyncio.run(main()) == [(b"MSG0", 0, 100), (b"MSG1", 1, 101), (b"MSG2", 2, 102)]


def test_import_sctp_leaves_asyncio_until_sctp_aio_is_used():
    code = ("import sys, sctp; assert 'asyncio' not in sys.modules, 'eager'; "
            "assert sctp.aio.open_connection and 'asyncio' in sys.modules; "
            "from sctp import aio; assert aio is sctp.aio\n"
            "try: sctp.no_such_name\nexcept AttributeError as e: print(e)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "module 'sctp' has no attribute 'no_such_name'\n"


def test_asyncio_helpers_need_non_blocking_sockets(pair):
    conn, _ = pair()
    with pytest.raises(ValueError):
        asyncio.run(sctp.aio.recv(conn))


def test_kernel_support_report():
    support = sctp.kernel_support()
    # Linux 6.1 in the test VM has all of these (5.0 .. 5.14 additions)
    for name in ("SCTP_STATUS", "SCTP_EVENT", "SCTP_PEER_ADDR_THLDS_V2", "SCTP_ECN_SUPPORTED",
                 "SCTP_REMOTE_UDP_ENCAPS_PORT", "SCTP_PLPMTUD_PROBE_INTERVAL",
                 "event:association", "event:send_failure_event"):
        assert support[name] is True, name
    assert all(isinstance(v, bool) for v in support.values())


def test_asyncio_endpoint_serves_many_associations_on_one_socket():
    """An echo protocol on one one-to-many socket answers 50 client associations."""
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    srv.subscribe("association")
    seen = {"up": 0, "messages": 0}

    class Echo(sctp.aio.SCTPProtocol):
        def connection_made(self, transport):
            self.transport = transport

        def message_received(self, m):
            seen["messages"] += 1
            self.transport.send(m.data.upper(), assoc_id=m.assoc_id, stream=m.stream, ppid=m.ppid)

        def notification_received(self, n):
            seen["up"] += isinstance(n, sctp.AssocChange) and n.state_name == "COMM_UP"

    async def client(i):
        c = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        loop = asyncio.get_running_loop()
        await loop.sock_connect(c, srv.getsockname())
        await sctp.aio.send(c, b"hello %d" % i, stream=1, ppid=i)
        m = await asyncio.wait_for(sctp.aio.recv(c), 20)
        c.close()
        return m.data, m.stream, m.ppid

    async def main():
        transport, _ = await sctp.aio.create_endpoint(Echo, srv)
        answers = await asyncio.gather(*(client(i) for i in range(50)))
        assert transport.get_write_buffer_size() == 0
        transport.close()
        return answers

    answers = asyncio.run(main())
    assert answers == [(b"HELLO %d" % i, 1, i) for i in range(50)]
    assert seen == {"up": 50, "messages": 50}
    assert srv.fileno() == -1                 # the transport closed it
