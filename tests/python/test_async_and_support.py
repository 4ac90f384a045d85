"""asyncio helpers, and the report of what the running kernel supports."""
import asyncio
import socket

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
