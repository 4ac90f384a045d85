"""The modern Python API: :class:`SCTPSocket`, a real ``socket.socket`` for SCTP.

Everything a ``socket.socket`` does works (``with``, ``settimeout``, ``selectors``,
``asyncio`` ``loop.sock_*``); the SCTP calls below honour the socket's timeout and
blocking mode exactly like ``recv``/``send`` do, and release the GIL while they wait.

PPIDs are integers in host byte order: ``ppid=46`` puts 46 (Diameter) on the wire.
"""
from __future__ import annotations

import errno
import operator
import os
import socket as _socket
import sys as _sys
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple, Union

from . import lowlevel as _ll
from . import _lowlevel as _ll_c
from ._lowlevel import send as _send  # a hot path

Address = Tuple[Any, ...]
Buffer = Union[bytes, bytearray, memoryview]

IPPROTO_SCTP = 132
_SOL_SCTP = 132
_SCTP_RECVRCVINFO = 32
_MSG_EOR = 0x80
_SCTP_UNORDERED = 1


def _table(at: Any) -> List[Any]:
    """A table of the C core, walked by index until it ends."""
    out, i = [], 0
    while True:
        row = at(i)
        if row is None:
            return out
        out.append(row)
        i += 1


#: Notification names accepted by :meth:`SCTPSocket.subscribe`, with their type numbers.
EVENTS: Dict[str, int] = dict(_table(_ll.event_at))


if TYPE_CHECKING:
    class Message(Tuple[Any, ...]):
        """What type checkers see of sctp.Message (its documentation is the C type's)."""
        data: bytes
        addr: Optional[Address]
        msg_flags: int
        stream: int
        ssn: int
        flags: int
        ppid: int
        context: int
        tsn: int
        cumtsn: int
        assoc_id: int
        eor: bool
        unordered: bool
        nxt: Optional[Dict[str, int]]

    class TrackedMessage(Message):
        """A Message that could be part of a reference cycle, so the GC tracks it."""
else:
    # The low-level module's type (its numbers are read as attributes), made to read like
    # the tuple of its first eleven fields: len, [i] and slices, unpacking, ==, hash, match.
    from ._lowlevel import Message, TrackedMessage

    _MESSAGE_FIELDS = ("data", "addr", "msg_flags", "stream", "ssn", "flags", "ppid",
                       "context", "tsn", "cumtsn", "assoc_id")
    _message_tuple = operator.attrgetter(*_MESSAGE_FIELDS)

    def _message_eq(self: Message, other: Any) -> Any:
        return _message_tuple(self) == _message_tuple(other) if isinstance(other, Message) \
            else NotImplemented

    def _message_repr(self: Message) -> str:
        return ("Message(data=%r, stream=%d, ppid=%d, assoc_id=%d, addr=%r%s)"
                % (self.data[:40], self.stream, self.ppid, self.assoc_id, self.addr,
                   "" if self.msg_flags & _MSG_EOR else ", partial"))

    Message.eor = property(
        lambda self: bool(self.msg_flags & _MSG_EOR),
        doc="True when this is the end of the message (False: more parts follow).")
    Message.unordered = property(lambda self: bool(self.flags & _SCTP_UNORDERED),
                                 doc="True if the message was sent unordered.")
    Message.__repr__ = _message_repr
    Message.__len__ = lambda self: len(_MESSAGE_FIELDS)
    Message.__getitem__ = lambda self, i: _message_tuple(self)[i]
    Message.__iter__ = lambda self: iter(_message_tuple(self))
    Message.__eq__ = _message_eq
    Message.__hash__ = lambda self: hash(_message_tuple(self))
    def _message_new(cls: Any, data: Any, addr: Any, msg_flags: int, stream: int, ssn: int,
                     flags: int, ppid: int, context: int, tsn: int, cumtsn: int, assoc_id: int,
                     nxt: Optional[Dict[str, int]] = None) -> Message:
        return _ll_c.message(data, addr, msg_flags, stream, ssn, flags, ppid, context, tsn,
                             cumtsn, assoc_id, nxt)

    Message.__new__ = _message_new
    Message.__reduce__ = lambda self: (Message, _message_tuple(self) + (self.nxt,))
    Message.__match_args__ = _MESSAGE_FIELDS
    TrackedMessage.__doc__ = ("A Message the GC tracks, because it could be part of a reference "
                              "cycle: it holds a memoryview, a dict or objects made in Python.")


class Notification:
    """A decoded SCTP notification: every field of the kernel's event as an attribute
    (``type``, ``type_name`` such as ``"ASSOC_CHANGE"``, ``flags``, ``assoc_id``, ...).

    Received notifications are instances of the subclass for their type
    (:class:`AssocChange`, :class:`PeerAddrChange`, ...), so ``isinstance`` or ``match``
    can dispatch on them; the attributes are the same as the dict / Lua table fields.
    ``addr`` is the address the event is about (:class:`PeerAddrChange`), and for the other
    events the address the notification came from."""

    type: int
    type_name: str
    flags: int
    length: int
    addr: Optional[Address]

    def __init__(self, fields: Dict[str, Any], addr: Optional[Address] = None,
                 raw: Optional[bytes] = None):
        self._fields = fields
        self.__dict__.update(fields)
        if "addr" not in fields:
            self.addr = addr        # the event names no address of its own: the sender's
        self._raw = raw

    @property
    def raw(self) -> Optional[bytes]:
        """The notification's bytes as the kernel delivered them (None when decoded from
        elsewhere)."""
        return self._raw

    @property
    def fields(self) -> Dict[str, Any]:
        """The notification's fields as a dict (as the kernel's event has them)."""
        return dict(self._fields)

    def __repr__(self) -> str:
        body = ", ".join("%s=%r" % kv for kv in self.fields.items()
                         if kv[0] not in ("type", "type_name", "length"))
        return "%s(%s)" % (type(self).__name__, body)


class AssocChange(Notification):
    """SCTP_ASSOC_CHANGE: an association came up (``state_name`` ``"COMM_UP"``), was lost,
    restarted, shut down or could not start; ``info`` holds the ABORT's causes if any."""
    state: int
    state_name: str
    error: int
    outbound_streams: int
    inbound_streams: int
    assoc_id: int
    info: bytes


class PeerAddrChange(Notification):
    """SCTP_PEER_ADDR_CHANGE: a peer address (``addr``) became available, unreachable,
    potentially failed, was added, removed or made primary (``state_name``)."""
    state: int
    state_name: str
    error: int
    assoc_id: int


class SendFailed(Notification):
    """SCTP_SEND_FAILED (legacy): a message could not be delivered; ``data`` is its payload."""
    error: int
    assoc_id: int
    info_stream: int
    info_ppid: int
    info_context: int
    data: bytes


class RemoteError(Notification):
    """SCTP_REMOTE_ERROR: the peer sent an ERROR chunk (``error`` is the cause code)."""
    error: int
    assoc_id: int
    data: bytes


class Shutdown(Notification):
    """SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no more data will arrive."""
    assoc_id: int


class PartialDelivery(Notification):
    """SCTP_PARTIAL_DELIVERY_EVENT: a partially delivered message was aborted."""
    indication: int
    assoc_id: int
    stream: int
    seq: int


class AdaptationIndication(Notification):
    """SCTP_ADAPTATION_INDICATION: the peer's adaptation layer indication."""
    adaptation_ind: int
    assoc_id: int


class Authentication(Notification):
    """SCTP_AUTHENTICATION_EVENT: a new key is in use (``AUTH_NEW_KEY``), a deactivated key
    is no longer used (``AUTH_FREE_KEY``) or the peer does not do AUTH (``AUTH_NO_AUTH``)."""
    keynumber: int
    altkeynumber: int
    indication: int
    indication_name: str
    assoc_id: int


class SenderDry(Notification):
    """SCTP_SENDER_DRY_EVENT: everything sent has been acknowledged."""
    assoc_id: int


class StreamReset(Notification):
    """SCTP_STREAM_RESET_EVENT: ``streams`` were reset (flags tell incoming/outgoing,
    denied, failed; an empty list means all)."""
    assoc_id: int
    streams: List[int]


class AssocReset(Notification):
    """SCTP_ASSOC_RESET_EVENT: the association's TSNs were reset."""
    assoc_id: int
    local_tsn: int
    remote_tsn: int


class StreamChange(Notification):
    """SCTP_STREAM_CHANGE_EVENT: streams were added (new ``instrms``/``outstrms``)."""
    assoc_id: int
    instrms: int
    outstrms: int


class SendFailedEvent(Notification):
    """SCTP_SEND_FAILED_EVENT (RFC 6458): a message could not be delivered; ``data`` is
    its payload, ``info_*`` its send info."""
    error: int
    assoc_id: int
    info_sid: int
    info_flags: int
    info_ppid: int
    info_context: int
    data: bytes


#: The Notification subclass for each notification type number.
NOTIFICATION_CLASSES: Dict[int, type] = {
    0x8001: AssocChange, 0x8002: PeerAddrChange, 0x8003: SendFailed, 0x8004: RemoteError,
    0x8005: Shutdown, 0x8006: PartialDelivery, 0x8007: AdaptationIndication,
    0x8008: Authentication, 0x8009: SenderDry, 0x800a: StreamReset, 0x800b: AssocReset,
    0x800c: StreamChange, 0x800d: SendFailedEvent,
}
_notification_class = NOTIFICATION_CLASSES.get


def _notification(fields: Dict[str, Any], addr: Optional[Address] = None,
                  raw: Optional[bytes] = None) -> Notification:
    return _notification_class(fields["type"], Notification)(fields, addr, raw)


# Received notifications are built by the low-level module through this.
_ll.set_notification_factory(_notification)


class Batch:
    """Room for ``count`` (1-64) messages of up to ``bufsize`` bytes each, filled by
    :meth:`SCTPSocket.recv_many_into` with one ``recvmmsg``: ``len(batch)`` messages came,
    ``batch[i]`` (a :class:`Message` or :class:`Notification`) or ``for m in batch`` hand
    them out.  The room is allocated once and reused by every receive into it."""

    __slots__ = ("_b", "count", "bufsize")

    def __init__(self, count: int = 16, bufsize: int = 65536):
        self._b = _ll.batch_new(count, bufsize)
        self.count = count
        self.bufsize = bufsize

    def __len__(self) -> int:
        return _ll.batch_received(self._b)

    def __getitem__(self, i: int) -> Union["Message", Notification]:
        n = _ll.batch_received(self._b)
        if not isinstance(i, int):
            raise TypeError("batch indices must be integers, not %s" % type(i).__name__)
        if not -n <= i < n:
            raise IndexError("batch index out of range")
        return _ll.batch_at(self._b, i + n if i < 0 else i)

    def __iter__(self) -> Iterator[Union["Message", Notification]]:
        for i in range(_ll.batch_received(self._b)):
            yield _ll.batch_at(self._b, i)

    def __repr__(self) -> str:
        return "<sctp.Batch: %d of %d messages of up to %d bytes>" % (
            len(self), self.count, self.bufsize)


class MessageIterator:
    """The messages and notifications of a socket, one per step, read ahead in batches
    (see :meth:`SCTPSocket.messages`).  Threads may share one: each message goes to one of
    them, and a thread waits its turn while another receives."""

    __slots__ = ("_b", "_it", "count", "bufsize")

    def __init__(self, sock: "SCTPSocket", count: int = 64, bufsize: int = 65536):
        if not isinstance(sock, SCTPSocket):
            raise TypeError("MessageIterator needs an sctp.SCTPSocket, not %s"
                            % type(sock).__name__)
        self._b = _ll.batch_new(count, bufsize)
        self._it = _ll_c.messages(sock._h, self._b)     # holds the handle and the batch
        self.count = count
        self.bufsize = bufsize

    @property
    def pending(self) -> int:
        """Messages read ahead and not handed out yet."""
        return _ll.batch_pending(self._b)

    def __iter__(self) -> Iterator[Union["Message", Notification]]:
        # The loop's steps are the C iterator's: no Python frame per message.
        return self._it

    def __next__(self) -> Union["Message", Notification]:
        return next(self._it)


def _addresses(addrs: Any) -> Any:
    if addrs is None:
        raise TypeError("addresses must be a list of (host, port) tuples, not None")
    return addrs


class SCTPSocket(_socket.socket):
    """An SCTP socket: ``SOCK_STREAM`` is one-to-one, ``SOCK_SEQPACKET`` one-to-many.

    >>> s = SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)

    ``close()`` from one thread wakes the calls of this library blocked in another
    (``sctp_recv``, ``messages()``, ``recv_many_into``, ``accept``, connects, sends): they raise
    ``OSError(EBADF)`` at once, and none of them touches the descriptor number again, so they
    can never receive what arrives on a socket opened later with the same number."""

    __slots__ = ("_h", "_messages", "_spare")

    def __init__(self, family: int = _socket.AF_INET, type: int = _socket.SOCK_STREAM,
                 proto: int = IPPROTO_SCTP, fileno: Optional[int] = None):
        try:
            super().__init__(family, type, proto, fileno)
        except OSError as e:
            hint = _ll.no_sctp_hint(e.errno)
            if hint is None:
                raise
            raise OSError(errno.EPROTONOSUPPORT, "%s: %s" % (
                os.strerror(errno.EPROTONOSUPPORT), hint)) from None
        self._messages: Optional[MessageIterator] = None
        self._spare: Optional[Batch] = None
        self._h = _ll.sock_new(self.fileno())
        _ll.sock_settimeout(self._h, self.gettimeout())
        # SCTP_RCVINFO with every message, so receive info never depends on the legacy
        # data_io subscription.
        _ll.setopt_int(self.fileno(), _SOL_SCTP, _SCTP_RECVRCVINFO, 1)

    # -- the socket module's calls that change what the handle must know
    def settimeout(self, value: Optional[float]) -> None:
        super().settimeout(value)
        _ll.sock_settimeout(self._h, self.gettimeout())

    def setblocking(self, flag: bool) -> None:
        super().setblocking(flag)
        _ll.sock_settimeout(self._h, self.gettimeout())

    def _real_close(self, _ss: Any = _socket.socket) -> None:
        h = getattr(self, "_h", None)
        if h is None:
            _ss.close(self)
        elif _ss.detach(self) >= 0:    # the descriptor is the handle's alone now
            _ll.sock_close(h, 1)

    def detach(self) -> int:
        fd = super().detach()
        _ll.sock_close(self._h, 0)
        return fd

    # -- addresses and associations ------------------------------------------------
    def connect(self, address: Address) -> None:
        """Connect to ``address`` (a ``socket.connect`` address), honouring the timeout and
        non-blocking mode like the ``socket`` module; ``close()`` from another thread ends
        the wait with ``OSError(EBADF)``.  The C core does it: the kernel never blocks in
        ``connect()``, whose restart after an interruption would report ``EISCONN`` for an
        association that came up."""
        _sys.audit("socket.connect", self, address)
        _ll.connect(self._h, address)

    def connect_ex(self, address: Address) -> int:
        """:meth:`connect`, returning an errno (0 once connected) where it would raise
        ``OSError``; ``EAGAIN`` when the timeout ran out, as ``socket.connect_ex`` does."""
        try:
            self.connect(address)
        except TimeoutError as e:
            return e.errno or errno.EAGAIN
        except OSError as e:
            if e.errno is None:
                raise
            return e.errno
        return 0

    def bindx(self, addrs: List[Address], remove: bool = False) -> None:
        """Bind to (or with ``remove=True`` unbind from) several local addresses."""
        _ll.bindx(self.fileno(), _addresses(addrs), 2 if remove else 1)

    def connectx(self, addrs: List[Address]) -> int:
        """Connect to a peer known by several addresses; returns the association id."""
        return _ll.connectx(self._h, _addresses(addrs))

    def getpaddrs(self, assoc_id: int = 0) -> List[Address]:
        """The peer's addresses of an association (one-to-one sockets: ``assoc_id=0``)."""
        return _ll.getpaddrs(self.fileno(), assoc_id)

    def getladdrs(self, assoc_id: int = 0) -> List[Address]:
        """Our addresses of an association (``assoc_id=0``: the socket's bound addresses)."""
        return _ll.getladdrs(self.fileno(), assoc_id)

    def peeloff(self, assoc_id: int) -> "SCTPSocket":
        """Branch an association of a one-to-many socket off into a one-to-one socket."""
        fd = _ll.peeloff(self.fileno(), assoc_id, _socket.SOCK_CLOEXEC)
        # family and type are read back from the kernel (Linux says SOCK_SEQPACKET)
        return SCTPSocket(-1, -1, -1, fileno=fd)

    def accept(self) -> Tuple["SCTPSocket", Address]:
        """Accept an association of a listening one-to-one socket: (SCTPSocket, address)."""
        fd, addr = _ll.accept(self._h)
        sock = SCTPSocket(self.family, self.type, self.proto, fileno=fd)
        if _socket.getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, addr

    # -- messages ------------------------------------------------------------------
    def sctp_send(self, data: Buffer, *, to: Optional[Address] = None, **info: int) -> int:
        """Send one message; returns the bytes sent.

        Keywords: ``stream``, ``ppid`` (host byte order), ``unordered``, ``flags`` (further
        ``SCTP_*`` send flags: ``SCTP_EOF``, ``SCTP_ABORT``, ``SCTP_ADDR_OVER``,
        ``SCTP_SENDALL``, a PR-SCTP policy), ``ttl``, ``context``; on one-to-many sockets
        name the association by ``assoc_id`` or the peer by ``to``.
        """
        return _send(self._h, to, info, 0, data)

    def sendv(self, data: Union[Buffer, List[Buffer]], *,
              to: Union[None, Address, List[Address]] = None,
              init: Optional[Dict[str, int]] = None, **info: Any) -> int:
        """Send one message the RFC 6458 way (SCTP_SNDINFO, SCTP_PRINFO, SCTP_AUTHINFO,
        SCTP_INIT, SCTP_DSTADDRV4/V6); returns the bytes sent.  ``data`` may be a list of
        buffers, sent as one message (scatter/gather, no joining copy).

        ``to`` is an address or a list of them: on a one-to-many socket without an
        association the first is the destination and the others join the implicit set-up
        (multi-homing without connectx).  Keywords: ``stream``, ``ppid``, ``unordered``,
        ``flags``, ``context``, ``assoc_id``; ``pr_policy`` ("ttl", "rtx", "prio" or an
        ``SCTP_PR_SCTP_*`` value) with ``pr_value`` makes the message partially reliable;
        ``auth_key`` picks the SCTP-AUTH key; ``init`` sets the INIT parameters
        (``num_ostreams``, ``max_instreams``, ``max_attempts``, ``max_init_timeo``).
        """
        info = {k: v for k, v in info.items() if v is not None}
        if init:
            info.update(init)
        dests = [to] if isinstance(to, tuple) else to
        iov = data if isinstance(data, (list, tuple)) else [data]
        return _ll.sendv(self._h, dests, info, 0, iov)

    def send_many(self, messages: List[Buffer], **info: int) -> int:
        """Send up to 64 messages in one call (``sendmmsg``), all with the same send info
        (the keywords of :meth:`sctp_send` but ``to``); returns how many were sent (fewer
        when the timeout expired mid-batch)."""
        if isinstance(messages, (bytes, bytearray, memoryview, str)):
            raise TypeError("send_many takes a list of messages, not %s" % type(messages).__name__)
        return _ll.send_many(self._h, info, 0, messages)

    if TYPE_CHECKING:
        def sctp_recv(self, bufsize: int = 65536) -> Union["Message", Notification]:
            """Receive one message (:class:`Message`) or notification (:class:`Notification`,
            always whole, whatever ``bufsize``); waits as the socket's timeout says."""

    def sctp_recv_into(self, buffer: Any) -> Union["Message", Notification]:
        """Receive one message into a writable buffer (``bytearray``, ``memoryview``, ...)
        without allocating its payload: the :class:`Message`'s ``data`` is a memoryview of
        the part of ``buffer`` that was filled."""
        return _ll_c.recv_into(self._h, 0, buffer)

    def recv_many(self, count: int = 64, bufsize: int = 65536) -> List[Union["Message", Notification]]:
        """Receive up to ``count`` (at most 64) messages or notifications of up to ``bufsize``
        bytes in one call (``recvmmsg``; ``count * bufsize`` at most 64 MiB): waits, as
        :meth:`sctp_recv` does, for the first one only."""
        # A batch kept for the next call (taken while in use, so threads never share one)
        b, self._spare = self._spare, None
        if b is None or (b.count, b.bufsize) != (count, bufsize):
            b = Batch(count, bufsize)
        try:
            self.recv_many_into(b)
            return list(b)
        finally:
            self._spare = b

    def recv_many_into(self, batch: Batch) -> int:
        """Receive up to ``batch.count`` messages or notifications into a :class:`Batch` in
        one call (``recvmmsg``) and return how many came (``len(batch)``): waits, as
        :meth:`sctp_recv` does, for the first one only."""
        if not isinstance(batch, Batch):
            raise TypeError("recv_many_into needs an sctp.Batch, not %s" % type(batch).__name__)
        return _ll.batch_receive(self._h, batch._b, 0)

    def messages(self, count: int = 64, bufsize: int = 65536) -> MessageIterator:
        """Iterate over received messages and notifications, one per step, until the end of
        the stream::

            for msg in sock.messages():
                handle(msg)

        The iterator reads ahead: up to ``count`` at a time with one ``recvmmsg`` into room
        of ``bufsize`` bytes per message, so a loop costs one system call per batch, not per
        message.  Steps wait as :meth:`sctp_recv` does (the socket's timeout raises
        TimeoutError, non-blocking BlockingIOError; iterating can go on after either).
        Each socket keeps its iterator: calling ``messages()`` again, after a ``break`` say,
        goes on with what it read ahead (``pending``); asking for another ``count`` or
        ``bufsize`` then is a ValueError.  Threads may share it.  What it has read ahead is
        its own, so do not mix it with :meth:`sctp_recv` on the same socket."""
        it = self._messages
        if it is None or (it.count, it.bufsize) != (count, bufsize):
            if it is not None and it.pending:
                raise ValueError("the socket's message iterator still holds %d messages read "
                                 "ahead with count=%d, bufsize=%d"
                                 % (it.pending, it.count, it.bufsize))
            it = self._messages = MessageIterator(self, count, bufsize)
        return it

    # -- options and events --------------------------------------------------------
    def subscribe(self, *events: str, assoc_id: int = 0, on: bool = True) -> None:
        """Turn notifications on (or off with ``on=False``), by name: ``"association"``,
        ``"address"``, ``"shutdown"``, ``"send_failure"``, ... (see :data:`EVENTS`)."""
        for name in events:
            if name not in EVENTS:
                raise ValueError("unknown event %r (known: %s)" % (name, ", ".join(EVENTS)))
            _ll.subscribe(self.fileno(), EVENTS[name], int(on), assoc_id)

    def subscribed(self, event: str, assoc_id: int = 0) -> bool:
        """True if notifications of that kind are on."""
        if event not in EVENTS:
            raise ValueError("unknown event %r" % (event,))
        return bool(_ll.subscribed(self.fileno(), EVENTS[event], assoc_id))

    def get_option(self, name: str, **fields: Any) -> Dict[str, Any]:
        """Read a socket option by name (``"SCTP_STATUS"``, ``"SCTP_RTOINFO"``, ...);
        keyword fields select what to read (``assoc_id=``, ``address=``)."""
        return _ll.getopt(self.fileno(), (name, fields))

    def set_option(self, name: str, **fields: Any) -> None:
        """Write a socket option by name with named fields, e.g.
        ``set_option("SCTP_INITMSG", num_ostreams=10, max_instreams=10)``."""
        _ll.setopt(self.fileno(), (name, fields))

    def status(self, assoc_id: int = 0) -> Dict[str, Any]:
        """An association's ``SCTP_STATUS`` as a dict, with ``stats``
        (``SCTP_GET_ASSOC_STATS``: retransmissions, gap acks, out-of-sequence TSNs, the
        largest RTO seen and its path, chunk counts; None where the kernel lacks it) and
        ``paths`` (``SCTP_GET_PEER_ADDR_INFO`` of every peer address: state, cwnd, srtt,
        rto, mtu; ``primary`` True for the primary path)."""
        out = self.get_option("SCTP_STATUS", assoc_id=assoc_id)
        try:
            out["stats"] = self.get_option("SCTP_GET_ASSOC_STATS", assoc_id=assoc_id)
        except OSError as e:
            if e.errno not in (errno.ENOPROTOOPT, errno.EINVAL):
                raise
            out["stats"] = None
        out["paths"] = []
        for addr in self.getpaddrs(assoc_id):
            path = self.get_option("SCTP_GET_PEER_ADDR_INFO", assoc_id=assoc_id, address=addr)
            path["primary"] = path["address"] == out["primary_address"]
            out["paths"].append(path)
        return out


if not TYPE_CHECKING:
    # written in C, as a method of SCTPSocket's own: a call binds no method object
    SCTPSocket.sctp_recv = _ll_c.recv_method(SCTPSocket, SCTPSocket._h)


#: The association states the kernel reports, by name (RFC 9260's, as Linux numbers them).
ASSOC_STATES = ("CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED", "SHUTDOWN_PENDING",
                "SHUTDOWN_SENT", "SHUTDOWN_RECEIVED", "SHUTDOWN_ACK_SENT")


class Association:
    """One SCTP association of the host, as :func:`associations` lists it: ``local`` and
    ``peer`` (every address, tuples), ``primary``, ``lport``, ``rport``, ``state_name``
    (``"ESTABLISHED"``, ...), ``assoc_id`` (-1 where not known), ``inode``, ``uid``,
    ``instreams``, ``outstreams`` and, from the socket diagnostics, the primary path's
    ``rto``, ``srtt``, ``cwnd``, ``path_state`` and the counters (``retransmits``,
    ``gap_acks``, ``out_of_seq_tsns``, ``unacked``, ...); ``source`` is ``"netlink"`` or
    ``"proc"``."""

    def __init__(self, fields: Dict[str, Any], source: str):
        self.__dict__.update(fields)
        self.source = source

    def as_dict(self) -> Dict[str, Any]:
        """The fields as a dict (stable names, for JSON)."""
        return dict(self.__dict__)

    def __repr__(self) -> str:
        return "Association(%s %r <-> %r %s)" % (self.state_name, self.local, self.peer,
                                                 "assoc_id=%d" % self.assoc_id)


_SOURCES = {None: _ll.SCTPC_FROM_ANY, "netlink": _ll.SCTPC_FROM_NETLINK, "proc": _ll.SCTPC_FROM_PROC}


def associations(port: Optional[int] = None, state: Optional[str] = None,
                 source: Optional[str] = None) -> List[Association]:
    """Every SCTP association the kernel shows this process (all sockets, all processes it
    may see), read from the kernel's socket diagnostics (``NETLINK_SOCK_DIAG``, what ``ss
    --sctp`` reads) or, where they are missing, from ``/proc/net/sctp/assocs``.  ``port``
    keeps those with that local or peer port, ``state`` those in that state (a name of
    :data:`ASSOC_STATES`, any case); ``source="netlink"`` or ``"proc"`` reads only that
    one (an OSError if it is missing)."""
    if source not in _SOURCES:
        raise ValueError("source must be None, 'netlink' or 'proc', not %r" % (source,))
    if state is not None and str(state).upper() not in ASSOC_STATES:
        raise ValueError("unknown association state %r (one of %s)" % (state, ", ".join(ASSOC_STATES)))
    if port is not None and not (isinstance(port, int) and 0 <= port <= 65535):
        raise ValueError("port must be an int 0-65535, not %r" % (port,))
    records, used = _ll.assocs(_SOURCES[source])
    return [Association(r, used) for r in records
            if (port is None or port in (r["lport"], r["rport"]))
            and (state is None or r["state_name"] == str(state).upper())]


def kernel_support() -> Dict[str, bool]:
    """Which readable socket options and notification types the running kernel knows.

    An option the kernel lacks fails with ENOPROTOOPT (False); any other outcome, success or
    an error about the arguments, means it is there (True)."""
    out: Dict[str, bool] = {}
    with SCTPSocket(_socket.AF_INET, _socket.SOCK_SEQPACKET) as s:
        for name, readable, _ in options():
            if not readable:
                continue
            try:
                _ll.getopt(s.fileno(), (name, None))
                out[name] = True
            except OSError as e:
                out[name] = e.errno != errno.ENOPROTOOPT
        for event in EVENTS:
            try:
                s.subscribed(event)
                out["event:" + event] = True
            except OSError as e:
                out["event:" + event] = e.errno not in (errno.ENOPROTOOPT, errno.EINVAL)
    return out


def options() -> List[Tuple[str, bool, bool]]:
    """Every socket option the library knows: (name, readable, writable)."""
    return _table(_ll.optdesc_at)


def constants() -> Dict[str, int]:
    """Every SCTP constant of the C core by name."""
    return dict(_table(_ll.constant_at))


def decode_notification(data: Buffer) -> Notification:
    """Decode a notification's bytes (e.g. reassembled from parts) into a Notification."""
    return _notification(_ll.decode_notification(data), None, bytes(data))
