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


async def recv(sock: SCTPSocket, bufsize: int = 65536) -> Union[Message, Notification]:
    """The next message or notification (the socket must be non-blocking)."""
    if sock.gettimeout() != 0:
        raise ValueError("the socket must be non-blocking (sock.setblocking(False))")
    while True:
        try:
            return sock.sctp_recv(bufsize)
        except BlockingIOError:
            await _when_ready(sock, writer=False)


async def send(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sctp_send(data, **kwargs), waiting for room in the send buffer."""
    if sock.gettimeout() != 0:
        raise ValueError("the socket must be non-blocking (sock.setblocking(False))")
    while True:
        try:
            return sock.sctp_send(data, **kwargs)
        except BlockingIOError:
            await _when_ready(sock, writer=True)


async def sendv(sock: SCTPSocket, data: Any, **kwargs: Any) -> int:
    """sock.sendv(data, **kwargs), waiting for room in the send buffer."""
    if sock.gettimeout() != 0:
        raise ValueError("the socket must be non-blocking (sock.setblocking(False))")
    while True:
        try:
            return sock.sendv(data, **kwargs)
        except BlockingIOError:
            await _when_ready(sock, writer=True)
