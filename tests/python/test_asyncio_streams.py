"""sctp.aio on real associations, on asyncio's default loop and on uvloop: streams, servers
(one-to-one and one-to-many), the end of the stream, aborts, back-pressure, cancellation."""
import asyncio
import os
import socket

import pytest
import uvloop

import sctp
from sctp import aio

LOOPS = {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}


@pytest.fixture(params=sorted(LOOPS))
def run(request):
    """run(coro) on the loop the test is parametrized with, bounded in time."""
    def runner(coro, timeout=60):
        with asyncio.Runner(loop_factory=LOOPS[request.param]) as r:
            return r.run(asyncio.wait_for(coro, timeout))
    runner.kind = request.param
    return runner


async def echo(reader, writer):
    async with writer:
        async for m in reader:
            if isinstance(m, sctp.Message):
                writer.send(m.data.upper(), stream=m.stream, ppid=m.ppid + 1)
                await writer.drain()


@pytest.mark.parametrize("one_to_many", [False, True], ids=["one-to-one", "one-to-many"])
def test_stream_client_and_server_exchange_on_several_streams(run, one_to_many):
    async def main():
        server = await aio.start_server(echo, "127.0.0.1", 0, one_to_many=one_to_many, streams=8)
        port = server.sockets[0].getsockname()[1]
        async with server:
            reader, writer = await aio.open_connection("127.0.0.1", port, streams=8, timeout=10)
            assert writer.get_extra_info("peername") == ("127.0.0.1", port)
            assert isinstance(writer.get_extra_info("socket"), sctp.SCTPSocket)
            for i in range(8):
                writer.send(b"msg %d" % i, stream=i, ppid=100 + i)
            await writer.drain()
            got = []
            while len(got) < 8:
                m = await reader.recv()
                if isinstance(m, sctp.Message):
                    got.append((m.data, m.stream, m.ppid))
            assert sorted(got) == [(b"MSG %d" % i, i, 101 + i) for i in range(8)]
            writer.close()
            await writer.wait_closed()
            assert writer.is_closing()
        assert server.sockets == () and not server.is_serving()
    run(main())


def test_a_second_client_is_served_while_the_first_is_connected(run):
    async def main():
        server = await aio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            pairs = [await aio.open_connection("127.0.0.1", port) for _ in range(3)]
            for k, (r, w) in enumerate(pairs):
                w.send(b"client %d" % k)
            for k, (r, w) in enumerate(pairs):
                m = await r.recv()
                assert m.data == b"CLIENT %d" % k
                async with w:
                    pass
    run(main())


class Recorder(aio.SCTPProtocol):
    def __init__(self):
        self.events = []
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("made")

    def message_received(self, message):
        self.events.append(("message", message.data))

    def notification_received(self, notification):
        self.events.append(("notification", notification.type_name))

    def eof_received(self):
        self.events.append("eof")

    def connection_lost(self, exc):
        self.events.append(("lost", type(exc).__name__ if exc else None))
        if not self.lost.done():
            self.lost.set_result(exc)


def connected_pair(rcvbuf=None):
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    cli.connect(srv.getsockname())
    conn, _ = srv.accept()
    srv.close()
    return conn, cli


def test_the_peer_closing_ends_the_endpoint_once(run):
    """The end of the stream: eof_received, then connection_lost(None), each once; no flood of
    empty messages, and the reader is no longer registered."""
    async def main():
        conn, cli = connected_pair()
        transport, proto = await aio.create_endpoint(Recorder, conn)
        cli.sctp_send(b"last words")
        cli.close()
        assert await asyncio.wait_for(proto.lost, 10) is None
        await asyncio.sleep(0.3)        # would a flood of callbacks follow?
        assert proto.events == ["made", ("message", b"last words"), "eof", ("lost", None)]
        assert transport.is_closing() and conn.fileno() == -1
    run(main())


def test_an_aborting_peer_ends_the_stream_with_connection_reset(run):
    async def main():
        server_side = asyncio.get_running_loop().create_future()

        async def handler(reader, writer):
            server_side.set_result((reader, writer))
        server = await aio.start_server(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            reader, writer = await aio.open_connection("127.0.0.1", port)
            s_reader, s_writer = await server_side
            writer.send(b"before the abort")
            await writer.drain()
            await asyncio.sleep(0.1)
            writer.abort()
            got = []            # the kernel may report the abort before what was queued
            with pytest.raises(ConnectionResetError):
                while True:
                    got.append((await s_reader.recv()).data)
            assert got in ([], [b"before the abort"])
            with pytest.raises(ConnectionResetError):
                await s_reader.recv()       # it stays ended
            await s_writer.wait_closed()
    run(main())


def test_endpoints_refuse_sockets_they_cannot_serve(run):
    async def main():
        listening = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        with pytest.raises(ValueError, match="start_server"):
            await aio.create_endpoint(aio.SCTPProtocol, listening)
        listening.close()
        with pytest.raises(ValueError, match="closed"):
            await aio.create_endpoint(aio.SCTPProtocol, listening)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            with pytest.raises(ValueError, match="SCTPSocket"):
                await aio.create_endpoint(aio.SCTPProtocol, udp)
        with pytest.raises(TypeError):
            await aio.open_connection("127.0.0.1", "not a port")
        with pytest.raises(ValueError):
            await aio.start_server(echo, "127.0.0.1", 70000)
    run(main())


def test_one_to_many_endpoint_reports_association_ends_as_notifications(run):
    async def main():
        srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
        srv.bind(("127.0.0.1", 0))
        srv.listen(4)
        srv.subscribe("association")
        transport, proto = await aio.create_endpoint(Recorder, srv)
        cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        cli.connect(srv.getsockname())
        cli.sctp_send(b"hi")
        cli.close()
        for _ in range(100):
            if ("notification", "ASSOC_CHANGE") in proto.events[2:]:
                break
            await asyncio.sleep(0.05)
        kinds = [e for e in proto.events if e != "made"]
        assert kinds[0] == ("notification", "ASSOC_CHANGE") and ("message", b"hi") in kinds
        assert kinds.count(("notification", "ASSOC_CHANGE")) == 2 and "eof" not in kinds
        assert not proto.lost.done() and not transport.is_closing()
        transport.close()
        assert await asyncio.wait_for(proto.lost, 5) is None
    run(main())


def test_a_cancelled_recv_loses_no_message(run):
    async def main():
        conn, cli = connected_pair()
        reader, protocol, transport = aio._streams_of(conn, 16)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(reader.recv(), 0.2)
        task = asyncio.ensure_future(reader.recv())
        await asyncio.sleep(0.05)
        task.cancel()
        cli.sctp_send(b"one")
        cli.sctp_send(b"two")
        await asyncio.sleep(0.2)
        assert (await reader.recv()).data == b"one"
        assert (await reader.recv()).data == b"two"
        cli.close()
        assert await reader.recv() is None and reader.at_eof()
    run(main())


def test_drain_waits_for_a_slow_reader_and_nothing_is_lost(run):
    """100,000 messages through a transport whose peer reads slowly: send() queues, drain()
    blocks above the high-water mark and returns once the peer reads; every message
    arrives once, in order.  (20,000 under the sanitizers, for time: the path is the same.)"""
    count = 20_000 if "asan" in os.environ.get("LD_PRELOAD", "") else 100_000

    async def main():
        conn, cli = connected_pair()
        for s in (conn, cli):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        # small messages held back for bundling would wait on delayed acknowledgements
        cli.set_option("SCTP_NODELAY", value=1)
        # The small receive buffer fills with tiny messages and the peer drops some; they
        # come again when the sender's RTO expires, and a short one keeps the test quick.
        cli.set_option("SCTP_RTOINFO", min=20, max=40)
        reader, protocol, transport = aio._streams_of(cli, 64)
        writer = aio.SCTPStreamWriter(transport, protocol, reader)
        transport.set_write_buffer_limits(high=32768)
        assert transport.get_write_buffer_limits() == (8192, 32768)
        blocked = asyncio.Event()
        conn.setblocking(False)
        received = []

        async def slow_reader():
            await blocked.wait()
            while len(received) < count:
                try:
                    batch = conn.recv_many(64)
                except BlockingIOError:
                    await asyncio.sleep(0.001)
                    continue
                received.extend(int(m.data) for m in batch)

        reading = asyncio.ensure_future(slow_reader())
        drains_that_waited = 0
        for i in range(count):
            writer.send(b"%d" % i, stream=0)
            if transport.get_write_buffer_size() > 32768:
                d = asyncio.ensure_future(writer.drain())
                await asyncio.sleep(0.05)
                if not d.done():
                    drains_that_waited += 1
                blocked.set()
                await d
        await asyncio.wait_for(reading, 120)
        assert drains_that_waited > 0
        assert received == list(range(count))
        writer.close()
        await writer.wait_closed()
        conn.close()
    run(main(), timeout=300)


def test_a_cancelled_drain_leaves_the_queue_intact(run):
    async def main():
        conn, cli = connected_pair(rcvbuf=4096)     # a small window: the queue stays
        cli.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
        reader, protocol, transport = aio._streams_of(cli, 64)
        writer = aio.SCTPStreamWriter(transport, protocol, reader)
        transport.set_write_buffer_limits(high=1000)
        i = 0
        while transport.get_write_buffer_size() <= 1000:
            writer.send(b"%06d" % i)
            i += 1
        queued = transport.get_write_buffer_size()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(writer.drain(), 0.2)
        assert 0 < transport.get_write_buffer_size() <= queued   # sent ones leave, none lost
        conn.setblocking(False)
        got = []
        while len(got) < i:         # the loop runs meanwhile: the queue goes out
            try:
                got.extend(int(m.data) for m in conn.recv_many(64))
            except BlockingIOError:
                await asyncio.sleep(0.01)
        assert got == list(range(i))
        await writer.drain()
        assert transport.get_write_buffer_size() == 0
        writer.close()
        await writer.wait_closed()
        conn.close()
    run(main())


def test_messages_read_with_their_association_start_reach_its_handler(run):
    """One-to-many server: messages that arrive before the server peels the association
    off (read in the same batch as its COMM_UP) still go to that association's reader."""
    async def main():
        server = await aio.start_server(echo, "127.0.0.1", 0, one_to_many=True,
                                        start_serving=False)
        port = server.sockets[0].getsockname()[1]
        async with server:
            cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
            cli.connect(("127.0.0.1", port))
            for i in range(3):
                cli.sctp_send(b"early %d" % i, ppid=i)
            await asyncio.sleep(0.2)            # all of it queued on the server socket
            await server.start_serving()
            cli.setblocking(False)
            got = [await aio.recv(cli) for _ in range(3)]
            assert [(m.data, m.ppid) for m in got] == [(b"EARLY %d" % i, i + 1) for i in range(3)]
            cli.close()
    run(main())
