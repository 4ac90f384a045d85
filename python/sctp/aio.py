"""asyncio helpers for SCTPSocket: await a message or a send without blocking the loop.

    sock.setblocking(False)
    msg = await sctp.aio.recv(sock)
    await sctp.aio.send(sock, b"data", stream=1, ppid=60)

They retry the socket's own non-blocking call when the loop says the descriptor is ready,
so every SCTPSocket keyword works here too.

For servers, :func:`create_endpoint` is the ``loop.create_datagram_endpoint`` of SCTP: a
protocol object gets every message and notification of a socket (typically one-to-many,
serving any number of associations) and answers through its transport.
"""
import asyncio
import collections
from typing import Any, Callable, Deque, Dict, Optional, Tuple, Union

from .api import Message, Notification, SCTPSocket


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


async def recv(sock: SCTPSocket, bufsize: int = 65536) -> Union[Message, Notification]:
    """The next message or notification (the socket must be non-blocking)."""
    return await _retry(sock, False, lambda: sock.sctp_recv(bufsize))


async def send(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sctp_send(data, **kwargs), waiting for room in the send buffer."""
    return await _retry(sock, True, lambda: sock.sctp_send(data, **kwargs))


async def sendv(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sendv(data, **kwargs), waiting for room in the send buffer."""
    return await _retry(sock, True, lambda: sock.sendv(data, **kwargs))


class SCTPProtocol:
    """Callbacks of :func:`create_endpoint`; override what you need."""

    def connection_made(self, transport: "SCTPTransport") -> None:
        """The endpoint is ready; keep the transport to send."""

    def message_received(self, message: Message) -> None:
        """A data message (``message.assoc_id`` says from which association)."""

    def notification_received(self, notification: Notification) -> None:
        """A notification (subscribe to the ones you want on the socket first)."""

    def error_received(self, exc: OSError) -> None:
        """A receive failed (the endpoint goes on)."""

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        """The transport was closed."""


class SCTPTransport:
    """Sends for an :class:`SCTPProtocol`: messages that do not fit the send buffer now are
    queued and sent, in order, as soon as the socket is writable again."""

    def __init__(self, loop: asyncio.AbstractEventLoop, sock: SCTPSocket,
                 protocol: SCTPProtocol, batch: int = 64):
        self._loop, self._sock, self._protocol, self._batch = loop, sock, protocol, batch
        self._pending: Deque[Tuple[Any, Dict[str, Any]]] = collections.deque()
        self._closed = False
        loop.add_reader(sock.fileno(), self._read_ready)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """``"socket"`` gives the SCTPSocket, ``"sockname"`` its address."""
        if name == "socket":
            return self._sock
        if name == "sockname":
            return self._sock.getsockname()
        return default

    def send(self, data: Any, **kwargs: Any) -> None:
        """Send one message (``sctp_send`` keywords: ``assoc_id=``, ``stream=``, ``ppid=``...)."""
        if self._closed:
            raise OSError("the transport is closed")
        if not self._pending:
            try:
                self._sock.sctp_send(data, **kwargs)
                return
            except BlockingIOError:
                self._loop.add_writer(self._sock.fileno(), self._write_ready)
        self._pending.append((data, kwargs))

    def get_write_buffer_size(self) -> int:
        """Messages waiting for room in the send buffer."""
        return len(self._pending)

    def close(self) -> None:
        """Stop reading, drop queued messages, close the socket."""
        if self._closed:
            return
        self._closed = True
        fd = self._sock.fileno()
        self._loop.remove_reader(fd)
        self._loop.remove_writer(fd)
        self._pending.clear()
        self._sock.close()
        self._loop.call_soon(self._protocol.connection_lost, None)

    def _read_ready(self) -> None:
        try:
            batch = self._sock.recv_many(self._batch)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._protocol.error_received(exc)
            return
        for m in batch:
            if isinstance(m, Notification):
                self._protocol.notification_received(m)
            else:
                self._protocol.message_received(m)

    def _write_ready(self) -> None:
        while self._pending:
            data, kwargs = self._pending[0]
            try:
                self._sock.sctp_send(data, **kwargs)
            except BlockingIOError:
                return
            except OSError as exc:
                self._protocol.error_received(exc)
            self._pending.popleft()
        self._loop.remove_writer(self._sock.fileno())


async def create_endpoint(protocol_factory: Callable[[], SCTPProtocol], sock: SCTPSocket,
                          ) -> Tuple[SCTPTransport, SCTPProtocol]:
    """Serve a bound (and for servers listening) SCTPSocket with a protocol: returns
    (transport, protocol).  The socket is made non-blocking; messages are read in batches."""
    loop = asyncio.get_running_loop()
    sock.setblocking(False)
    protocol = protocol_factory()
    transport = SCTPTransport(loop, sock, protocol)
    protocol.connection_made(transport)
    return transport, protocol
