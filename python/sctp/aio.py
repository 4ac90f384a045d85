"""asyncio for SCTP: streams for one-to-one associations, a server, and a protocol/transport
pair, on the default loop and on uvloop.

A client::

    reader, writer = await sctp.aio.open_connection("10.0.0.1", 36412, streams=4)
    writer.send(b"request", stream=1, ppid=18)
    await writer.drain()
    async for msg in reader:            # Message or Notification, until the peer closes
        ...
    writer.close()
    await writer.wait_closed()

A server (one task per association, accepted or, with ``one_to_many=True``, peeled off a
one-to-many socket)::

    async def handle(reader, writer):
        async for msg in reader:
            writer.send(msg.data, stream=msg.stream, ppid=msg.ppid)
            await writer.drain()

    server = await sctp.aio.start_server(handle, "0.0.0.0", 36412)
    async with server:
        await server.serve_forever()

Lower down, :func:`create_endpoint` serves one socket with an :class:`SCTPProtocol` (a
one-to-many socket: every association's messages, and their ends as notifications), and
:func:`recv` / :func:`send` / :func:`sendv` await one call on a non-blocking socket.
"""
import asyncio
import collections
import errno
import os
import socket as _socket
from typing import (Any, Callable, Deque, Dict, List, Optional, Sequence, Tuple,
                    Union)

from .api import AssocChange, Message, Notification, SCTPSocket

Received = Union[Message, Notification]
_COMM_UP = 0                        # SCTP_COMM_UP
_HIGH_WATER = 64 * 1024             # asyncio's own default
_READ_LIMIT = 256                   # messages a reader holds before reading pauses


async def _when_ready(sock: SCTPSocket, writer: bool) -> None:
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fd = sock.fileno()
    add, remove = (loop.add_writer, loop.remove_writer) if writer else (loop.add_reader, loop.remove_reader)
    add(fd, lambda: fut.done() or fut.set_result(None))
    try:
        await fut
    finally:
        remove(fd)


async def _retry(sock: SCTPSocket, writer: bool, call: Any) -> Any:
    """call() until it does not raise BlockingIOError, waiting for readiness in between."""
    if sock.gettimeout() != 0:
        raise ValueError("the socket must be non-blocking (sock.setblocking(False))")
    while True:
        try:
            return call()
        except BlockingIOError:
            await _when_ready(sock, writer)


async def recv(sock: SCTPSocket, bufsize: int = 65536) -> Received:
    """The next message or notification (the socket must be non-blocking)."""
    return await _retry(sock, False, lambda: sock.sctp_recv(bufsize))


async def send(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sctp_send(data, **kwargs), waiting for room in the send buffer."""
    return await _retry(sock, True, lambda: sock.sctp_send(data, **kwargs))


async def sendv(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sendv(data, **kwargs), waiting for room in the send buffer."""
    return await _retry(sock, True, lambda: sock.sendv(data, **kwargs))


# ------------------------------------------------------------------ protocol and transport
class SCTPProtocol(asyncio.BaseProtocol):
    """Callbacks of an :class:`SCTPTransport`; override what you need.  Besides asyncio's
    ``connection_made``, ``connection_lost``, ``pause_writing`` and ``resume_writing``:"""

    def message_received(self, message: Message) -> None:
        """A data message (``message.assoc_id`` says from which association)."""

    def notification_received(self, notification: Notification) -> None:
        """A notification (subscribe to the ones you want on the socket first)."""

    def eof_received(self) -> None:
        """The peer shut the one-to-one association down; ``connection_lost(None)``
        follows."""

    def error_received(self, exc: OSError) -> None:
        """A receive on a one-to-many socket failed (the endpoint goes on)."""


class SCTPTransport(asyncio.BaseTransport):
    """One SCTPSocket served by the loop for a protocol.

    Reads in batches (one ``recvmmsg`` per wake-up) and hands each message or notification
    to the protocol.  On a one-to-one socket the end of the stream calls
    ``eof_received()`` and ``connection_lost(None)``, an abort or reset
    ``connection_lost(exc)``, each once, and reading stops; a one-to-many socket reports
    each association's end as its notification and goes on.  Sends that do not fit the
    send buffer are queued and sent in order when it has room; ``pause_writing()`` is
    called when the queue passes the high-water mark, ``resume_writing()`` when it falls to
    the low one (:meth:`set_write_buffer_limits`)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, sock: SCTPSocket,
                 protocol: SCTPProtocol, batch: int = 64):
        if not isinstance(sock, SCTPSocket):
            raise ValueError("an SCTP endpoint needs an sctp.SCTPSocket, not %s"
                             % type(sock).__name__)
        if sock.fileno() < 0:
            raise ValueError("the socket is closed")
        self._one_to_many = sock.type == _socket.SOCK_SEQPACKET
        if not self._one_to_many:
            try:
                sock.getpeername()
            except OSError:
                raise ValueError("a one-to-one socket must be connected (accepted or "
                                 "connect()ed); serve a listening one with start_server()")
        super().__init__()
        sock.setblocking(False)
        self._loop, self._sock, self._protocol, self._batch = loop, sock, protocol, batch
        self._fd = sock.fileno()
        self._queue: Deque[Tuple[Any, Dict[str, Any], int]] = collections.deque()
        self._queued = 0
        self._high, self._low = _HIGH_WATER, _HIGH_WATER // 4
        self._paused_writing = self._reading = self._closing = self._lost = False
        self._closing_after_queue = False
        loop.call_soon(protocol.connection_made, self)
        loop.call_soon(self.resume_reading)

    # -- asyncio's transport interface
    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """``"socket"``, ``"sockname"``, ``"peername"`` (one-to-one), ``"peeraddrs"``
        (every address of a one-to-one peer)."""
        try:
            if name == "socket":
                return self._sock
            if name == "sockname":
                return self._sock.getsockname()
            if name == "peername" and not self._one_to_many:
                return self._sock.getpeername()
            if name == "peeraddrs" and not self._one_to_many:
                return self._sock.getpaddrs()
        except OSError:
            pass
        return default

    def is_closing(self) -> bool:
        return self._closing

    def get_protocol(self) -> SCTPProtocol:
        return self._protocol

    def set_protocol(self, protocol: SCTPProtocol) -> None:
        self._protocol = protocol

    def is_reading(self) -> bool:
        """True while the loop reads the socket for the protocol."""
        return self._reading

    def pause_reading(self) -> None:
        """Stop reading until resume_reading(): the kernel queues (and its window closes)."""
        if self._reading:
            self._reading = False
            self._loop.remove_reader(self._fd)

    def resume_reading(self) -> None:
        """Read again after pause_reading() (nothing once closing)."""
        if not self._reading and not self._closing:
            self._reading = True
            self._loop.add_reader(self._fd, self._read_ready)

    def set_write_buffer_limits(self, high: Optional[int] = None, low: Optional[int] = None) -> None:
        """Queue limits in bytes (asyncio's defaults: 64 KiB high, a quarter of it low)."""
        if high is None:
            high = _HIGH_WATER if low is None else 4 * low
        if low is None:
            low = high // 4
        if not 0 <= low <= high:
            raise ValueError("high (%r) must be >= low (%r) >= 0" % (high, low))
        self._high, self._low = high, low
        self._check_pause()

    def get_write_buffer_limits(self) -> Tuple[int, int]:
        """(low, high) in bytes, as asyncio's transports give them."""
        return self._low, self._high

    def get_write_buffer_size(self) -> int:
        """Bytes queued, waiting for room in the send buffer."""
        return self._queued

    def send(self, data: Any, **kwargs: Any) -> None:
        """Send one message: ``sctp_send``'s keywords (``stream=``, ``ppid=``,
        ``unordered=``, ``assoc_id=`` or ``to=`` on one-to-many sockets, ...).  Wrong
        keywords and values raise here, not later."""
        if self._closing:
            raise ConnectionResetError("the SCTP transport is closing")
        if not self._queue:
            try:
                self._sock.sctp_send(data, **kwargs)
                return
            except BlockingIOError:
                self._loop.add_writer(self._fd, self._write_ready)
            except OSError as exc:
                self._fatal(exc)
                return
        n = memoryview(data).nbytes
        self._queue.append((data, kwargs, n))
        self._queued += n
        self._check_pause()

    write = send

    def close(self) -> None:
        """Stop reading; send what is queued, then close the socket (a graceful SHUTDOWN)
        and call ``connection_lost(None)``."""
        if self._closing:
            return
        self._closing = True
        self.pause_reading()
        if not self._queue:
            self._loop.call_soon(self._finish, None)

    def abort(self) -> None:
        """Close now: drop the queue and abort the association (an ABORT chunk)."""
        if self._lost:
            return
        self._closing = True
        self._queue.clear()
        self._queued = 0
        try:
            self._sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        except OSError:
            pass
        self._finish(None)

    # -- the loop's callbacks
    def _read_ready(self) -> None:
        try:
            batch = self._sock.recv_many(self._batch)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            if self._one_to_many:
                self._protocol.error_received(exc)
            else:
                self._fatal(exc)
            return
        for m in batch:
            if isinstance(m, Message):
                if not m.data and not self._one_to_many:    # the end of the stream
                    self.pause_reading()
                    self._protocol.eof_received()
                    self._closing = True        # the peer takes no more data
                    self._queue.clear()
                    self._queued = 0
                    self._finish(None)
                    return
                self._protocol.message_received(m)
            else:
                self._protocol.notification_received(m)
            if not self._reading:       # the protocol paused reading, or closed
                return

    def _write_ready(self) -> None:
        while self._queue:
            data, kwargs, n = self._queue[0]
            try:
                self._sock.sctp_send(data, **kwargs)
            except BlockingIOError:
                return
            except OSError as exc:
                self._fatal(exc)
                return
            self._queue.popleft()
            self._queued -= n
            self._check_pause()
        self._loop.remove_writer(self._fd)
        if self._closing:
            self._finish(None)

    def _check_pause(self) -> None:
        if not self._paused_writing and self._queued > self._high:
            self._paused_writing = True
            self._protocol.pause_writing()
        elif self._paused_writing and self._queued <= self._low:
            self._paused_writing = False
            self._protocol.resume_writing()

    def _fatal(self, exc: BaseException) -> None:
        self._queue.clear()
        self._queued = 0
        self._closing = True
        self._finish(exc)

    def _finish(self, exc: Optional[BaseException]) -> None:
        """Close the socket and tell the protocol, once."""
        if self._lost:
            return
        self._lost = True
        self.pause_reading()
        self._loop.remove_writer(self._fd)
        self._sock.close()
        self._loop.call_soon(self._protocol.connection_lost, exc)


async def create_endpoint(protocol_factory: Callable[[], SCTPProtocol], sock: SCTPSocket,
                          ) -> Tuple[SCTPTransport, SCTPProtocol]:
    """Serve an SCTPSocket with a protocol: a bound, listening one-to-many socket (every
    association's messages and notifications), or a connected one-to-one socket.  Returns
    (transport, protocol); a socket it cannot serve is a ValueError."""
    loop = asyncio.get_running_loop()
    protocol = protocol_factory()
    transport = SCTPTransport(loop, sock, protocol)
    return transport, protocol


# ------------------------------------------------------------------ streams
class SCTPStreamReader:
    """Messages of one association as they arrive: ``await reader.recv()``, or
    ``async for msg in reader`` until the end of the stream."""

    def __init__(self, limit: int = _READ_LIMIT):
        self._limit = limit
        self._messages: Deque[Received] = collections.deque()
        self._eof = False
        self._exception: Optional[BaseException] = None
        self._waiter: Optional[asyncio.Future] = None
        self._transport: Optional[SCTPTransport] = None

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def _feed(self, m: Received) -> None:
        self._messages.append(m)
        if len(self._messages) >= self._limit and self._transport is not None:
            self._transport.pause_reading()
        self._wake()

    def _feed_eof(self) -> None:
        self._eof = True
        self._wake()

    def _set_exception(self, exc: BaseException) -> None:
        self._exception = exc
        self._wake()

    def at_eof(self) -> bool:
        """True once the peer has closed and every message has been taken."""
        return self._eof and not self._messages

    def exception(self) -> Optional[BaseException]:
        """What ended the association (an abort's ConnectionResetError), or None."""
        return self._exception

    async def recv(self) -> Optional[Received]:
        """The next Message or Notification; None at the end of the stream.  Raises what
        ended the association (ConnectionResetError for an abort).  Cancelling it loses
        nothing: a message is taken only when this returns it."""
        while not self._messages:
            if self._exception is not None:
                raise self._exception
            if self._eof:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        m = self._messages.popleft()
        if (self._transport is not None and not self._transport.is_reading()
                and len(self._messages) < self._limit // 2 and not self._eof):
            self._transport.resume_reading()
        return m

    def __aiter__(self) -> "SCTPStreamReader":
        return self

    async def __anext__(self) -> Received:
        m = await self.recv()
        if m is None:
            raise StopAsyncIteration
        return m


class _StreamProtocol(SCTPProtocol):
    """Feeds a reader and lets writers drain: the streams' side of a transport."""

    def __init__(self, reader: SCTPStreamReader,
                 connected: Optional[Callable[[SCTPStreamReader, "SCTPStreamWriter"], Any]] = None):
        self._reader = reader
        self._connected = connected
        self._paused = False
        self._drain_waiters: List[asyncio.Future] = []
        self._closed: Optional[asyncio.Future] = None
        self._task: Optional[asyncio.Task] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, SCTPTransport)
        self._reader._transport = transport
        loop = asyncio.get_running_loop()
        self._closed = loop.create_future()
        if self._connected is not None:
            writer = SCTPStreamWriter(transport, self, self._reader)
            res = self._connected(self._reader, writer)
            if asyncio.iscoroutine(res):
                self._task = loop.create_task(res)

    def message_received(self, message: Message) -> None:
        self._reader._feed(message)

    def notification_received(self, notification: Notification) -> None:
        self._reader._feed(notification)

    def eof_received(self) -> None:
        self._reader._feed_eof()

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        if exc is None:
            self._reader._feed_eof()
        else:
            self._reader._set_exception(exc)
        for w in self._drain_waiters:
            if not w.done():
                w.set_exception(exc) if exc else w.set_result(None)
        self._drain_waiters.clear()
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(None)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        for w in self._drain_waiters:
            if not w.done():
                w.set_result(None)
        self._drain_waiters.clear()

    async def _drain(self) -> None:
        while self._paused:
            w = asyncio.get_running_loop().create_future()
            self._drain_waiters.append(w)
            try:
                await w
            finally:
                if w in self._drain_waiters:
                    self._drain_waiters.remove(w)


class SCTPStreamWriter:
    """Sends on one association: ``send()`` (never blocks; queues when the send buffer is
    full), ``await drain()`` (waits while the queue is above its high-water mark),
    ``close()`` and ``await wait_closed()``; ``async with writer:`` closes at the end."""

    def __init__(self, transport: SCTPTransport, protocol: _StreamProtocol,
                 reader: SCTPStreamReader):
        self._transport, self._protocol, self._reader = transport, protocol, reader

    @property
    def transport(self) -> SCTPTransport:
        return self._transport

    def send(self, data: Any, **kwargs: Any) -> None:
        """One message with ``sctp_send``'s keywords (``stream=``, ``ppid=``,
        ``unordered=``, ``ttl=``, ``context=``, ``flags=``)."""
        self._transport.send(data, **kwargs)

    write = send

    async def drain(self) -> None:
        """Wait until the queue of unsent messages is at its low-water mark; raises what
        ended the association.  Cancelling it leaves the queue as it is."""
        exc = self._reader.exception()
        if exc is not None:
            raise exc
        await self._protocol._drain()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """As the transport's: ``"peername"``, ``"peeraddrs"``, ``"sockname"``, ``"socket"``."""
        return self._transport.get_extra_info(name, default)

    def is_closing(self) -> bool:
        """True once closing (by either end)."""
        return self._transport.is_closing()

    def close(self) -> None:
        """Send what is queued, then shut the association down (SHUTDOWN, not ABORT)."""
        self._transport.close()

    def abort(self) -> None:
        """Drop the queue and abort the association now."""
        self._transport.abort()

    async def wait_closed(self) -> None:
        """Wait until the socket is closed and the protocol told."""
        assert self._protocol._closed is not None
        await asyncio.shield(self._protocol._closed)

    async def __aenter__(self) -> "SCTPStreamWriter":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()
        await self.wait_closed()


def _streams_of(sock: SCTPSocket, limit: int, connected: Any = None
                ) -> Tuple[SCTPStreamReader, _StreamProtocol, SCTPTransport]:
    reader = SCTPStreamReader(limit)
    protocol = _StreamProtocol(reader, connected)
    transport = SCTPTransport(asyncio.get_running_loop(), sock, protocol)
    return reader, protocol, transport


async def _addresses(hosts: Union[str, Sequence[str], None], port: int, family: int,
                     passive: bool) -> List[Tuple[Any, ...]]:
    """Each host resolved by the loop (never blocking it) to one address of family."""
    loop = asyncio.get_running_loop()
    if hosts is None:
        hosts = ["::" if family == _socket.AF_INET6 else "0.0.0.0"]
    elif isinstance(hosts, str):
        hosts = hosts.split(",")
    out = []
    for h in hosts:
        infos = await loop.getaddrinfo(h, port, family=family, type=_socket.SOCK_STREAM,
                                       proto=0, flags=_socket.AI_PASSIVE if passive else 0)
        if not infos:
            raise OSError(errno.EADDRNOTAVAIL, "no address for %r" % h)
        out.append(infos[0][4])
    return out


def _family_of(hosts: Union[str, Sequence[str], None], family: int) -> int:
    if family != _socket.AF_UNSPEC:
        return family
    first = hosts if isinstance(hosts, str) else hosts[0] if hosts else ""
    return _socket.AF_INET6 if ":" in first.split(",")[0] else _socket.AF_INET


def _check_port(port: Any) -> None:
    if not isinstance(port, int) or isinstance(port, bool):
        raise TypeError("port must be an int, not %s" % type(port).__name__)
    if not 0 <= port <= 65535:
        raise ValueError("port must be 0-65535, not %d" % port)


def _streams_option(sock: SCTPSocket, streams: Optional[int]) -> None:
    if streams is not None:
        sock.set_option("SCTP_INITMSG", num_ostreams=streams, max_instreams=streams)


async def open_connection(host: Union[str, Sequence[str]], port: int, *,
                          streams: Optional[int] = None,
                          local_addresses: Optional[Sequence[Tuple[Any, ...]]] = None,
                          family: int = _socket.AF_UNSPEC, timeout: Optional[float] = None,
                          limit: int = _READ_LIMIT) -> Tuple[SCTPStreamReader, SCTPStreamWriter]:
    """Open a one-to-one association and return its (reader, writer).

    ``host`` is a name or address, or several (a list, or "a,b"): a multi-homed peer,
    reached with ``connectx``.  ``streams`` asks for that many streams each way
    (``SCTP_INITMSG``); ``local_addresses`` are bound first (``bindx``); ``timeout``
    bounds the set-up (TimeoutError).  ``limit``: messages the reader holds before reading
    pauses."""
    _check_port(port)
    family = _family_of(host, family)
    sock = SCTPSocket(family, _socket.SOCK_STREAM)
    try:
        _streams_option(sock, streams)
        if local_addresses:
            sock.bindx(list(local_addresses))
        sock.setblocking(False)

        async def connect() -> None:
            addrs = await _addresses(host, port, family, False)
            try:
                if len(addrs) == 1:
                    sock.connect(addrs[0])
                else:
                    sock.connectx(addrs)
            except BlockingIOError:
                await _when_ready(sock, True)
                err = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_ERROR)
                if err:
                    raise OSError(err, "%s (connecting to %r)" % (os.strerror(err), host))
        await asyncio.wait_for(connect(), timeout)
        reader, protocol, transport = _streams_of(sock, limit)
    except BaseException:
        sock.close()
        raise
    await asyncio.sleep(0)              # connection_made runs
    return reader, SCTPStreamWriter(transport, protocol, reader)


class SCTPServer:
    """What :func:`start_server` returns: ``async with server``, ``await
    server.serve_forever()``, ``server.close()``, ``await server.wait_closed()``,
    ``server.sockets``."""

    def __init__(self, sock: SCTPSocket, connected: Callable[..., Any], limit: int,
                 one_to_many: bool):
        self._sock, self._connected, self._limit = sock, connected, limit
        self._one_to_many = one_to_many
        self._loop = asyncio.get_running_loop()
        self._serving = False
        self._closed = self._loop.create_future()
        self._forever: Optional[asyncio.Future] = None
        self._peeled: Dict[int, SCTPStreamReader] = {}

    @property
    def sockets(self) -> Tuple[SCTPSocket, ...]:
        return () if self._closed.done() else (self._sock,)

    def get_loop(self) -> asyncio.AbstractEventLoop:
        """The loop the server runs on."""
        return self._loop

    def is_serving(self) -> bool:
        """True while new associations are taken."""
        return self._serving

    async def start_serving(self) -> None:
        """Take new associations (start_server does, unless start_serving=False)."""
        if not self._serving and not self._closed.done():
            self._serving = True
            self._loop.add_reader(self._sock.fileno(), self._ready)

    async def serve_forever(self) -> None:
        """Serve until cancelled (then close)."""
        await self.start_serving()
        self._forever = self._loop.create_future()
        try:
            await self._forever
        finally:
            self.close()

    def close(self) -> None:
        """Stop accepting and close the listening socket; associations already served
        go on until their handlers close them."""
        if self._closed.done():
            return
        if self._serving:
            self._loop.remove_reader(self._sock.fileno())
        self._serving = False
        self._sock.close()
        self._closed.set_result(None)
        if self._forever is not None and not self._forever.done():
            self._forever.cancel()

    async def wait_closed(self) -> None:
        """Wait until close() has closed the listening socket."""
        await asyncio.shield(self._closed)

    async def __aenter__(self) -> "SCTPServer":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()
        await self.wait_closed()

    def _serve(self, sock: SCTPSocket) -> SCTPStreamReader:
        return _streams_of(sock, self._limit, self._connected)[0]

    def _ready(self) -> None:
        if not self._one_to_many:
            for _ in range(16):
                try:
                    sock, _addr = self._sock.accept()
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:
                    return          # ECONNABORTED and the like: the next one may work
                self._serve(sock)
            return
        try:
            batch = self._sock.recv_many(64)
        except (BlockingIOError, InterruptedError, OSError):
            return
        peeled: Dict[int, SCTPStreamReader] = {}
        for m in batch:
            if isinstance(m, AssocChange) and m.state == _COMM_UP:
                try:
                    sock = self._sock.peeloff(m.assoc_id)
                except OSError:
                    continue
                peeled[m.assoc_id] = self._serve(sock)
            elif isinstance(m, Message) and m.assoc_id in peeled:
                # read in the same batch as its COMM_UP, before the peel-off: it is that
                # association's, ahead of what the kernel moved to the new socket
                peeled[m.assoc_id]._feed(m)


async def start_server(client_connected_cb: Callable[[SCTPStreamReader, SCTPStreamWriter], Any],
                       host: Union[str, Sequence[str], None] = None, port: int = 0, *,
                       one_to_many: bool = False, family: int = _socket.AF_UNSPEC,
                       streams: Optional[int] = None, backlog: int = 100,
                       limit: int = _READ_LIMIT, start_serving: bool = True) -> SCTPServer:
    """Listen on host (one or several addresses: a multi-homed endpoint) and port, and call
    ``client_connected_cb(reader, writer)`` for each association (a coroutine runs as a
    task).  One-to-one by default (``accept``); ``one_to_many=True`` listens on one
    one-to-many socket and peels each new association off it."""
    _check_port(port)
    family = _family_of(host, family)
    sock = SCTPSocket(family, _socket.SOCK_SEQPACKET if one_to_many else _socket.SOCK_STREAM)
    try:
        sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
        _streams_option(sock, streams)
        addrs = await _addresses(host, port, family, True)
        if len(addrs) == 1:
            sock.bind(addrs[0])
        else:
            sock.bindx(addrs)
        if one_to_many:
            sock.subscribe("association")
        sock.listen(backlog)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    server = SCTPServer(sock, client_connected_cb, limit, one_to_many)
    if start_serving:
        await server.start_serving()
    return server
