"""asyncio helpers for SCTPSocket: await a message or a send without blocking the loop.

    sock.setblocking(False)
    msg = await sctp.aio.recv(sock)
    await sctp.aio.send(sock, b"data", stream=1, ppid=60)

They retry the socket's own non-blocking call when the loop says the descriptor is ready,
so every SCTPSocket keyword works here too.
"""
import asyncio
from typing import Any, Union

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
