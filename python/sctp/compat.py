"""The pysctp-compatible API (pysctp 0.7.x): ``sctpsocket_tcp``, ``sctpsocket_udp`` and friends.

Programs written for pysctp run unchanged.  The differences are fixes: blocking calls
release the GIL and honour ``settimeout()``, IPv6 address lists are safe, notification
payloads are ``bytes``, ``sndrcvinfo`` is always filled, ``sctp_send`` accepts an
association id as ``to``.  See "Migrating from pysctp" in the README.
"""
from __future__ import annotations

import copyreg
import datetime
import os
import socket as _socket
import sys
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from . import lowlevel as _ll
from . import _lowlevel as _ll_c
from ._lowlevel import send as _send
from .api import SCTPSocket, constants


_C = constants()

BINDX_ADD = _C["SCTP_BINDX_ADD_ADDR"]
BINDX_REMOVE = BINDX_REM = _C["SCTP_BINDX_REM_ADDR"]
MSG_UNORDERED = _C["SCTP_UNORDERED"]
MSG_ADDR_OVER = MSG_ADDR_OVERRIDE = _C["SCTP_ADDR_OVER"]
MSG_ABORT = _C["SCTP_ABORT"]
MSG_EOF = _C["SCTP_EOF"]
MSG_FIN = _C["MSG_FIN"]
MSG_SENDALL = _C["SCTP_SENDALL"]
FLAG_NOTIFICATION = _C["MSG_NOTIFICATION"]
FLAG_EOR = _C["MSG_EOR"]
FLAG_DONTROUTE = _C["MSG_DONTROUTE"]
(HAVE_SCTP, HAVE_KERNEL_SCTP, HAVE_SCTP_MULTIBUF, HAVE_SCTP_NOCONNECT, HAVE_SCTP_PRSCTP,
 HAVE_SCTP_ADDIP, HAVE_SCTP_CANSET_PRIMARY, HAVE_SCTP_SAT_NETWORK_CAPABILITY) = \
    (1, 2, 4, 8, 16, 32, 64, 128)
SOL_SCTP = _C["SOL_SCTP"]
IPPROTO_SCTP = _C["IPPROTO_SCTP"]
SOCK_SEQPACKET = _C["SOCK_SEQPACKET"]
SOCK_STREAM = _C["SOCK_STREAM"]
STYLE_TCP, STYLE_UDP = SOCK_STREAM, SOCK_SEQPACKET
TCP_STYLE, UDP_STYLE = STYLE_TCP, STYLE_UDP


def features() -> int:
    """Bitmap of HAVE_* features of the SCTP implementation (Linux has them all but
    satellite-network capability)."""
    return (HAVE_SCTP | HAVE_KERNEL_SCTP | HAVE_SCTP_MULTIBUF | HAVE_SCTP_NOCONNECT
            | HAVE_SCTP_PRSCTP | HAVE_SCTP_ADDIP | HAVE_SCTP_CANSET_PRIMARY)


def _addr2(addr: Any) -> Any:
    """pysctp reports every address as (host, port), IPv6 included."""
    return tuple(addr[:2]) if isinstance(addr, tuple) else addr


class _Record(object):
    """A plain object whose attributes are filled from a dict."""

    def __init__(self, values: Optional[Dict[str, Any]] = None):
        if values:
            self.__dict__.update(values)

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % kv for kv in sorted(self.__dict__.items()) if not kv[0].startswith("_")))


# ------------------------------------------------------------------ messages and events
class initmsg(_Record):
    """Parameters for opening one association (see initparams.initmsg())."""

    def __init__(self):
        super().__init__(dict(num_ostreams=0, max_instreams=0, max_attempts=0, max_init_timeo=0))


class _sndrcvinfo(_Record):
    """SCTP information of a received message: stream, ssn, flags, context, timetolive,
    tsn, cumtsn, assoc_id and ppid (as pysctp gives it: in network byte order)."""

    def __init__(self, values: Optional[Dict[str, Any]] = None):
        self.stream = self.ssn = self.flags = self.context = 0
        self.timetolive = self.tsn = self.cumtsn = self.assoc_id = 0
        if values:
            self.__dict__.update(values)

    def __reduce__(self) -> Any:
        return (copyreg.__newobj__, (type(self),), self.__dict__)


if TYPE_CHECKING:
    sndrcvinfo = _sndrcvinfo
else:
    # a plain object with its attributes in __dict__ as pysctp's, made in C for the receive
    # (a measured hot path): it makes its dict only when something needs it
    sndrcvinfo = _ll_c.sndrcvinfo
    for _name in ("__doc__", "__init__", "__repr__", "__reduce__"):
        setattr(sndrcvinfo, _name, getattr(_sndrcvinfo, _name))
    del _sndrcvinfo, _name


class notification(_Record):
    """Base class of notifications; an unknown event type arrives as this class."""

    def __init__(self, values: Optional[Dict[str, Any]] = None):
        self.type = 0
        self.flags = 0
        super().__init__(values)

    type_SN_TYPE_BASE = _C["SCTP_SN_TYPE_BASE"]
    type_ASSOC_CHANGE = _C["SCTP_ASSOC_CHANGE"]
    type_PEER_ADDR_CHANGE = _C["SCTP_PEER_ADDR_CHANGE"]
    type_SEND_FAILED = _C["SCTP_SEND_FAILED"]
    type_REMOTE_ERROR = _C["SCTP_REMOTE_ERROR"]
    type_SHUTDOWN_EVENT = _C["SCTP_SHUTDOWN_EVENT"]
    type_PARTIAL_DELIVERY_EVENT = _C["SCTP_PARTIAL_DELIVERY_EVENT"]
    type_ADAPTATION_INDICATION = _C["SCTP_ADAPTATION_INDICATION"]


_ERRORS = dict(error_FAILED_THRESHOLD=_C["SCTP_FAILED_THRESHOLD"],
               error_RECEIVED_SACK=_C["SCTP_RECEIVED_SACK"],
               error_HEARTBEAT_SUCCESS=_C["SCTP_HEARTBEAT_SUCCESS"],
               error_RESPONSE_TO_USER_REQ=_C["SCTP_RESPONSE_TO_USER_REQ"],
               error_INTERNAL_ERROR=_C["SCTP_INTERNAL_ERROR"],
               error_SHUTDOWN_GUARD_EXPIRES=_C["SCTP_SHUTDOWN_GUARD_EXPIRES"],
               error_PEER_FAULTY=_C["SCTP_PEER_FAULTY"])


class assoc_change(notification):
    """An association came up, went down, restarted or could not start."""

    def __init__(self, values=None):
        self.state = self.error = self.outbound_streams = self.inbound_streams = 0
        self.assoc_id = 0
        super().__init__(values)

    state_COMM_UP = _C["SCTP_COMM_UP"]
    state_COMM_LOST = _C["SCTP_COMM_LOST"]
    state_RESTART = _C["SCTP_RESTART"]
    state_SHUTDOWN_COMP = _C["SCTP_SHUTDOWN_COMP"]
    state_CANT_STR_ASSOC = state_CANT_START_ASSOCIATION = _C["SCTP_CANT_STR_ASSOC"]
    locals().update(_ERRORS)


class paddr_change(notification):
    """A peer address changed state (available, unreachable, added, removed, primary)."""

    def __init__(self, values=None):
        self.addr = ("", 0)
        self.state = self.error = self.assoc_id = 0
        super().__init__(values)

    state_ADDR_AVAILABLE = _C["SCTP_ADDR_AVAILABLE"]
    state_ADDR_UNREACHABLE = _C["SCTP_ADDR_UNREACHABLE"]
    state_ADDR_REMOVED = _C["SCTP_ADDR_REMOVED"]
    state_ADDR_ADDED = _C["SCTP_ADDR_ADDED"]
    state_ADDR_MADE_PRIM = _C["SCTP_ADDR_MADE_PRIM"]
    locals().update(_ERRORS)


class remote_error(notification):
    """The peer sent an ERROR chunk: ``error`` is its cause code, ``data`` the causes
    (bytes)."""

    def __init__(self, values=None):
        self.error = self.assoc_id = 0
        self.data = b""
        super().__init__(values)


class send_failed(notification):
    """A message could not be delivered; ``data`` (bytes) is its payload and ``info``
    its sndrcvinfo."""

    def __init__(self, values=None):
        self.error = self.assoc_id = 0
        self.data = b""
        values = dict(values or {})
        info = {k[5:]: values.pop(k) for k in list(values) if k.startswith("info_")}
        super().__init__(values)
        self.info = sndrcvinfo(info)

    flag_DATA_UNSENT = _C["SCTP_DATA_UNSENT"]
    flag_DATA_SENT = _C["SCTP_DATA_SENT"]


class shutdown_event(notification):
    """The peer began a graceful shutdown of the association."""

    def __init__(self, values=None):
        self.assoc_id = 0
        super().__init__(values)


class adaptation_event(notification):
    """The peer announced an adaptation layer indication."""

    def __init__(self, values=None):
        self.adaptation_ind = self.assoc_id = 0
        super().__init__(values)


class pdapi_event(notification):
    """Partial delivery of a message was aborted."""

    def __init__(self, values=None):
        self.indication = self.assoc_id = 0
        super().__init__(values)

    indication_PD_ABORTED = indication_PARTIAL_DELIVERY_ABORTED = _C["SCTP_PARTIAL_DELIVERY_ABORTED"]


notification_table = {
    notification.type_ASSOC_CHANGE: assoc_change,
    notification.type_PEER_ADDR_CHANGE: paddr_change,
    notification.type_SEND_FAILED: send_failed,
    notification.type_REMOTE_ERROR: remote_error,
    notification.type_SHUTDOWN_EVENT: shutdown_event,
    notification.type_PARTIAL_DELIVERY_EVENT: pdapi_event,
    notification.type_ADAPTATION_INDICATION: adaptation_event,
}


def notification_factory(raw_notification: Dict[str, Any]) -> notification:
    """Build the notification object for a decoded notification dict (with "type")."""
    if "type" not in raw_notification:
        raise ValueError("Dictionary passed as parameter has no 'type' attribute")
    cls = notification_table.get(raw_notification["type"])
    if cls is None:
        print("Warning: an unknown notification event (value %d) has arrived"
              % raw_notification["type"], file=sys.stderr)
        return notification(raw_notification)
    values = dict(raw_notification)
    if "addr" in values:
        values["addr"] = _addr2(values["addr"])
    return cls(values)


_ntohl = _socket.ntohl


# ------------------------------------------------------------------ option objects
def _flushing(field: str) -> property:
    """A sub-property stored as "_field" (pysctp's layout) and flushed when set."""
    def get(self):
        return self.__dict__["_" + field]

    def set(self, value):
        self.__dict__["_" + field] = value
        if self.autoflush:
            self.flush()
    return property(get, set)


class _AutoFlushed(object):
    """An option object of pysctp's kind: its _fields are read from the container socket
    with the method named by _read, and written back with _write by flush()."""

    _fields: Tuple[str, ...] = ()
    _read = _write = ""

    def __init__(self, container: "sctpsocket"):
        self.autoflush = True
        self.container = container
        self.__dict__.update({"_" + k: v for k, v in getattr(container, self._read)().items()})

    def flush(self) -> None:
        """Write the fields to the socket."""
        getattr(self.container, self._write)({k: getattr(self, k) for k in self._fields})


class initparams(_AutoFlushed):
    """Default INIT parameters of the socket (num_ostreams, max_instreams, max_attempts,
    max_init_timeo); setting one writes SCTP_INITMSG unless autoflush is False."""

    _fields = ("num_ostreams", "max_instreams", "max_attempts", "max_init_timeo")
    _read, _write = "_get_initparams", "_set_initparams"

    def initmsg(self) -> initmsg:
        """An initmsg holding these parameters."""
        r = initmsg()
        for k in self._fields:
            setattr(r, k, getattr(self, k))
        return r

    num_ostreams = _flushing("num_ostreams")
    max_instreams = _flushing("max_instreams")
    max_attempts = _flushing("max_attempts")
    max_init_timeo = _flushing("max_init_timeo")


class event_subscribe(_AutoFlushed):
    """Which notifications the socket receives; setting one writes it to the kernel unless
    autoflush is False.  clear() turns everything off but data_io."""

    _fields = ("data_io", "association", "address", "send_failure", "peer_error", "shutdown",
               "partial_delivery", "adaptation_layer")
    _read, _write = "_get_events", "_set_events"

    def clear(self) -> None:
        """Unsubscribe everything except data_io (flushed if autoflush)."""
        for k in self._fields:
            self.__dict__["_" + k] = 1 if k == "data_io" else 0
        if self.autoflush:
            self.flush()

    data_io = dataio = sndrcvinfo = _flushing("data_io")
    association = _flushing("association")
    address = _flushing("address")
    send_failure = sendfailure = _flushing("send_failure")
    peer_error = peererror = _flushing("peer_error")
    shutdown = _flushing("shutdown")
    partial_delivery = partialdelivery = _flushing("partial_delivery")
    adaptation_layer = adaptationlayer = _flushing("adaptation_layer")


class rtoinfo(_Record):
    """Retransmission timeout bounds in ms (assoc_id, initial, max, min); 0 = unchanged."""

    def __init__(self):
        super().__init__(dict(assoc_id=0, initial=0, max=0, min=0))


class assocparams(_Record):
    """Association parameters: assocmaxrxt and cookie_life are writable (0 = unchanged);
    number_peer_destinations, peer_rwnd, local_rwnd are read-only."""

    def __init__(self):
        super().__init__(dict(assoc_id=0, assocmaxrxt=0, number_peer_destinations=0,
                              peer_rwnd=0, local_rwnd=0, cookie_life=0))


class paddrparams(_Record):
    """Per peer-address parameters (heartbeat, path retransmissions, PMTU, SACK delay)."""

    def __init__(self):
        super().__init__(dict(assoc_id=0, sockaddr=("", 0), hbinterval=0, pathmaxrxt=0,
                              pathmtu=0, sackdelay=0, flags=0))

    flags_HB_DISABLED = flags_HB_DISABLE = _C["SPP_HB_DISABLE"]
    flags_HB_ENABLED = flags_HB_ENABLE = _C["SPP_HB_ENABLE"]
    flags_PMTUD_DISABLED = flags_PMTUD_DISABLE = _C["SPP_PMTUD_DISABLE"]
    flags_PMTUD_ENABLED = flags_PMTUD_ENABLE = _C["SPP_PMTUD_ENABLE"]
    flags_SACKDELAY_DISABLED = flags_SACKDELAY_DISABLE = _C["SPP_SACKDELAY_DISABLE"]
    flags_SACKDELAY_ENABLED = flags_SACKDELAY_ENABLE = _C["SPP_SACKDELAY_ENABLE"]


class paddrinfo(_Record):
    """State of one peer address (sockaddr, state, cwnd, srtt, rto, mtu); read-only."""

    def __init__(self):
        super().__init__(dict(assoc_id=0, sockaddr=("", 0), state=0, cwnd=0, srtt=0, rto=0,
                              mtu=0))

    state_INACTIVE = _C["SCTP_INACTIVE"]
    state_ACTIVE = _C["SCTP_ACTIVE"]


class status(_Record):
    """Association status (state, rwnd, unackdata, penddata, instrms, outstrms,
    fragmentation_point, primary: a paddrinfo); read-only."""

    def __init__(self):
        super().__init__(dict(assoc_id=0, state=0, rwnd=0, unackdata=0, penddata=0, instrms=0,
                              outstrms=0, fragmentation_point=0))
        self.primary = paddrinfo()

    state_EMPTY = _C["SCTP_EMPTY"]
    state_CLOSED = _C["SCTP_CLOSED"]
    state_COOKIE_WAIT = _C["SCTP_COOKIE_WAIT"]
    state_COOKIE_ECHOED = _C["SCTP_COOKIE_ECHOED"]
    state_ESTABLISHED = _C["SCTP_ESTABLISHED"]
    state_SHUTDOWN_PENDING = _C["SCTP_SHUTDOWN_PENDING"]
    state_SHUTDOWN_SENT = _C["SCTP_SHUTDOWN_SENT"]
    state_SHUTDOWN_RECEIVED = _C["SCTP_SHUTDOWN_RECEIVED"]
    state_SHUTDOWN_ACK_SENT = _C["SCTP_SHUTDOWN_ACK_SENT"]
    state_BOUND = state_LISTEN = -1     # Linux has no such association states


# ------------------------------------------------------------------ sockets
def _fill(obj: Any, fields: Dict[str, Any], rename: Dict[str, str] = {}) -> Any:
    for k, v in fields.items():
        k = rename.get(k, k)
        setattr(obj, k, _addr2(v) if isinstance(v, tuple) else v)
    return obj


class sctpsocket(object):
    """An SCTP socket wrapping a standard socket; the socket's other attributes (bind, listen,
    connect, send, recv, settimeout, fileno, close, ...) are read from it, so select() works."""

    #: Set True (on the class or one socket) for the behaviour of pysctp before 0.7:
    #: sctp_send passes the ppid to the kernel as given, without converting it.
    send_ppid_as_is = False

    def __init__(self, family: int, style: int, sk: Optional[_socket.socket]):
        if sk is None:
            sk = SCTPSocket(family, style)
        elif not isinstance(sk, SCTPSocket):   # a plain socket: it becomes an SCTPSocket
            sk = SCTPSocket(sk.family, sk.type, sk.proto, fileno=sk.detach())
        self._style = style
        self._sk = sk
        self._family = family
        self._ttl = 0
        self._streamid = 0
        self.unexpected_event_raises_exception = False
        self.datalogging = False
        self.initparams = initparams(self)
        self.events = event_subscribe(self)

    def _opt(self, name: str, **fields: Any) -> Dict[str, Any]:
        return _ll.getopt(self._sk.fileno(), (name, fields))

    def _setopt(self, name: str, **fields: Any) -> None:
        _ll.setopt(self._sk.fileno(), (name, fields))

    # -- addresses and associations
    def bindx(self, sockaddrs: List[Tuple[Any, ...]], action: int = BINDX_ADD) -> None:
        """Bind to (action=BINDX_ADD) or unbind from (BINDX_REMOVE) a list of addresses."""
        _ll.bindx(self._sk.fileno(), sockaddrs, action)

    def connectx(self, sockaddrs: List[Tuple[Any, ...]], assoc_id: Any = None) -> int:
        """Connect to a peer by a list of its addresses; returns the association id."""
        return self._sk.connectx(sockaddrs)

    def getpaddrs(self, assoc_id: int = 0) -> List[Tuple[str, int]]:
        """The peer's addresses of an association, as (host, port) tuples."""
        return [_addr2(a) for a in _ll.getpaddrs(self._sk.fileno(), assoc_id)]

    def getladdrs(self, assoc_id: int = 0) -> List[Tuple[str, int]]:
        """Our addresses of an association (0: the socket's), as (host, port) tuples."""
        return [_addr2(a) for a in _ll.getladdrs(self._sk.fileno(), assoc_id)]

    # -- messages
    def sctp_send(self, msg: Any, to: Any = ("", 0), ppid: Optional[int] = None,
                  flags: int = 0, stream: Optional[int] = None,
                  timetolive: Optional[int] = None, context: int = 0,
                  record_file_prefix: str = "RECORD_sctp_traffic",
                  datalogging: bool = False) -> int:
        """Send a message with SCTP parameters; returns the bytes sent.  ``to`` is ("", 0)
        for the connected peer, an address, or an association id; ppid, stream and
        timetolive default to the socket's adaptation, streamid and ttl."""
        if isinstance(msg, str):
            msg = msg.encode()
        if ppid is None:
            ppid = self.adaptation
        if self.send_ppid_as_is:    # before pysctp 0.7: the value goes to the kernel as given
            ppid = _ntohl(ppid)
        # the core takes host byte order, as pysctp 0.7 does (it converts with htonl)
        info = {"stream": self._streamid if stream is None else stream, "flags": flags,
                "ppid": ppid, "context": context,
                "ttl": self._ttl if timetolive is None else timetolive}
        dest = None
        if isinstance(to, int) and not isinstance(to, bool):
            info["assoc_id"] = to
        elif to is not None and not (isinstance(to, (tuple, list)) and tuple(to[:2]) == ("", 0)):
            dest = to               # the core refuses what is no address, with TypeError
        if datalogging or self.datalogging:
            self._record(msg, record_file_prefix)
        return _send(self._sk._h, dest, info, 0, msg)

    if TYPE_CHECKING:
        def sctp_recv(self, maxlen: int) -> Tuple[Any, int, bytes, Any]:
            """Receive a message or notification: (fromaddr, flags, msg, notif); notif is a
            sndrcvinfo for data, a notification object for an event."""

    def _notified(self, m: Any) -> Tuple[Any, int, bytes, Any]:
        """sctp_recv's result for a Notification (sctp_recv itself is written in C)."""
        # pysctp's fields: the event's numbers, without this package's symbolic names
        notif = notification_factory({k: v for k, v in m._fields.items()
                                      if not k.endswith("_name")})
        if type(notif) is notification and self.unexpected_event_raises_exception:
            raise IOError("An unknown event notification has arrived")
        return (_addr2(m.addr), FLAG_NOTIFICATION | FLAG_EOR, m.raw, notif)

    @staticmethod
    def _record(msg: bytes, prefix: str) -> None:
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        base, i = "%s-%s-c2s." % (prefix, stamp), 1
        while os.path.exists(base + str(i)):
            i += 1
        with open(base + str(i), "wb") as f:
            f.write(bytes(msg))

    def peeloff(self, assoc_id: int) -> "sctpsocket_tcp":
        """Branch an association off this one-to-many socket into its own socket."""
        fd = _ll.peeloff(self._sk.fileno(), assoc_id, _socket.SOCK_CLOEXEC)
        return sctpsocket_tcp(self._family, SCTPSocket(-1, -1, -1, fileno=fd))

    def accept(self) -> Tuple["sctpsocket_tcp", Any]:
        """Accept an association: (sctpsocket_tcp, address)."""
        sk, fromaddr = self._sk.accept()
        return (sctpsocket_tcp(self._family, sk), fromaddr)

    def set_peer_primary(self, assoc_id: int, addr: Tuple[Any, ...]) -> None:
        """Ask the peer to use our address addr as its primary destination."""
        if self._style == TCP_STYLE and assoc_id != 0:
            raise ValueError("assoc_id is ignored for TCP-style sockets, pass 0")
        self._setopt("SCTP_SET_PEER_PRIMARY_ADDR", assoc_id=assoc_id, addr=addr)

    def set_primary(self, assoc_id: int, addr: Tuple[Any, ...]) -> None:
        """Use the peer's address addr as the primary path."""
        if self._style == TCP_STYLE and assoc_id != 0:
            raise ValueError("assoc_id is ignored for TCP-style sockets, pass 0")
        if self._style != TCP_STYLE and assoc_id == 0:
            raise ValueError("assoc_id is needed for UDP-style sockets")
        self._setopt("SCTP_PRIMARY_ADDR", assoc_id=assoc_id, addr=addr)

    # -- options behind the properties
    def _get_initparams(self) -> Dict[str, int]:
        return self._opt("SCTP_INITMSG")

    def _set_initparams(self, d: Dict[str, int]) -> None:
        self._setopt("SCTP_INITMSG", **{k: d[k] for k in initparams._fields})

    def _get_events(self) -> Dict[str, int]:
        return {k: _ll.subscribed(self._sk.fileno(), 0x8000 + i, 0)
                for i, k in enumerate(event_subscribe._fields)}

    def _set_events(self, d: Dict[str, Any]) -> None:
        for i, k in enumerate(event_subscribe._fields):
            _ll.subscribe(self._sk.fileno(), 0x8000 + i, 1 if d[k] else 0, 0)

    def _int(name: str, doc: str, kind: Any = int) -> property:  # noqa: N805 - a class-body helper
        def get(self):
            return kind(self._opt(name)["value"])

        def set(self, value):
            self._setopt(name, value=int(value))
        return property(get, set, doc=doc)

    # pysctp gives the three switches as bools, autoclose as an int
    nodelay = _int("SCTP_NODELAY", "True disables the bundling delay (SCTP_NODELAY).", bool)
    disable_fragments = _int("SCTP_DISABLE_FRAGMENTS", "True refuses to fragment messages.", bool)
    mappedv4 = _int("SCTP_I_WANT_MAPPED_V4_ADDR", "IPv4 peers as IPv4-mapped IPv6 addresses.",
                    bool)
    autoclose = _int("SCTP_AUTOCLOSE", "Seconds before an idle association closes (one-to-many).")

    del _int

    def get_nodelay(self): return self.nodelay
    def set_nodelay(self, v): self.nodelay = v
    def get_disable_fragments(self): return self.disable_fragments
    def set_disable_fragments(self, v): self.disable_fragments = v
    def get_mappedv4(self): return self.mappedv4
    def set_mappedv4(self, v): self.mappedv4 = v
    def get_autoclose(self): return self.autoclose
    def set_autoclose(self, v): self.autoclose = v

    def get_adaptation(self) -> int:
        """The adaptation layer indication sent at association start-up."""
        return self._opt("SCTP_ADAPTATION_LAYER")["adaptation_ind"]

    def set_adaptation(self, value: int) -> None:
        self._setopt("SCTP_ADAPTATION_LAYER", adaptation_ind=value)

    adaptation = property(get_adaptation, set_adaptation)

    def get_maxseg(self) -> int:
        """Largest DATA chunk (bytes); 0 = the path MTU decides."""
        return self._opt("SCTP_MAXSEG")["value"]

    def set_maxseg(self, value: int) -> None:
        self._setopt("SCTP_MAXSEG", value=value)

    maxseg = property(get_maxseg, set_maxseg)

    def get_sndbuf(self) -> int:
        return self._opt("SO_SNDBUF")["value"]

    def set_sndbuf(self, value: int) -> None:
        # Linux doubles what is set, so half is asked for, as pysctp does
        self._setopt("SO_SNDBUF", value=value // 2)

    def get_rcvbuf(self) -> int:
        return self._opt("SO_RCVBUF")["value"]

    def set_rcvbuf(self, value: int) -> None:
        self._setopt("SO_RCVBUF", value=value // 2)

    def get_status(self, assoc_id: int = 0) -> status:
        """The association's status (see the status class)."""
        d = self._opt("SCTP_STATUS", assoc_id=assoc_id)
        s = status()
        _fill(s, {k: v for k, v in d.items() if not k.startswith("primary_")})
        _fill(s.primary, {k[8:]: v for k, v in d.items() if k.startswith("primary_")},
              {"address": "sockaddr"})
        s.primary.assoc_id = d["assoc_id"]
        return s

    def get_paddrinfo(self, assoc_id: int, sockaddr: Tuple[Any, ...]) -> paddrinfo:
        """State of one peer address (see the paddrinfo class)."""
        d = self._opt("SCTP_GET_PEER_ADDR_INFO", assoc_id=assoc_id, address=sockaddr)
        return _fill(paddrinfo(), d, {"address": "sockaddr"})

    def get_assocparams(self, assoc_id: int = 0) -> assocparams:
        """Association parameters (see the assocparams class)."""
        return _fill(assocparams(), self._opt("SCTP_ASSOCINFO", assoc_id=assoc_id),
                     {"asocmaxrxt": "assocmaxrxt"})

    def set_assocparams(self, o: assocparams) -> None:
        """Write the writable association parameters of o."""
        self._setopt("SCTP_ASSOCINFO", assoc_id=o.assoc_id, asocmaxrxt=o.assocmaxrxt,
                     cookie_life=o.cookie_life)

    def get_paddrparams(self, assoc_id: int, sockaddr: Tuple[Any, ...]) -> paddrparams:
        """Parameters of one peer address (see the paddrparams class)."""
        d = self._opt("SCTP_PEER_ADDR_PARAMS", assoc_id=assoc_id, address=sockaddr)
        d = {k: v for k, v in d.items() if k not in ("ipv6_flowlabel", "dscp")}
        return _fill(paddrparams(), d, {"address": "sockaddr"})

    def set_paddrparams(self, o: paddrparams) -> None:
        """Write peer address parameters (fields left 0 are unchanged)."""
        fields = dict(assoc_id=o.assoc_id, hbinterval=o.hbinterval, pathmaxrxt=o.pathmaxrxt,
                      pathmtu=o.pathmtu, sackdelay=o.sackdelay, flags=o.flags)
        if o.sockaddr and o.sockaddr[0]:
            fields["address"] = tuple(o.sockaddr)
        self._setopt("SCTP_PEER_ADDR_PARAMS", **fields)

    def get_rtoinfo(self, assoc_id: int = 0) -> rtoinfo:
        """Retransmission timeout bounds (see the rtoinfo class)."""
        return _fill(rtoinfo(), self._opt("SCTP_RTOINFO", assoc_id=assoc_id))

    def set_rtoinfo(self, o: rtoinfo) -> None:
        """Write retransmission timeout bounds (fields left 0 are unchanged)."""
        self._setopt("SCTP_RTOINFO", assoc_id=o.assoc_id, initial=o.initial, max=o.max, min=o.min)

    def get_ttl(self) -> int:
        """Default time to live for sctp_send (ms, 0 = none)."""
        return self._ttl

    def set_ttl(self, value: int) -> None:
        if not isinstance(value, int) or not 0 <= value <= 255:
            raise ValueError("TTL shall be >= 0 and <= 255")
        self._ttl = value

    ttl = property(get_ttl, set_ttl)

    def get_streamid(self) -> int:
        """Default stream for sctp_send."""
        return self._streamid

    def set_streamid(self, value: int) -> None:
        if not isinstance(value, int) or not 0 <= value <= 65535:
            raise ValueError("streamid shall be a valid unsigned 16bits integer")
        self._streamid = value

    streamid = property(get_streamid, set_streamid)

    def sock(self) -> _socket.socket:
        """The wrapped socket (an sctp.SCTPSocket, itself a socket.socket)."""
        return self._sk

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...


class _OfSocket:
    """An attribute of the wrapped socket, read from it.  A descriptor per name rather than
    ``__getattr__``, whose presence would make every method call on the class slower."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        return self if obj is None else getattr(obj._sk, self.name)


if not TYPE_CHECKING:
    # written in C (a measured hot path): pysctp's tuple, the ppid in network byte order;
    # notifications through _notified
    sctpsocket.sctp_recv = _ll_c.recv_method(sctpsocket)
    for _name in dir(SCTPSocket):   # its instances have slots only: these are all it has
        if not _name.startswith("__") and not hasattr(sctpsocket, _name):
            setattr(sctpsocket, _name, _OfSocket(_name))
    del _name


class sctpsocket_tcp(sctpsocket):
    """A one-to-one (TCP-style) SCTP socket."""

    def __init__(self, family: int, sk: Optional[_socket.socket] = None):
        sctpsocket.__init__(self, family, TCP_STYLE, sk)

    def peeloff(self, *params: Any) -> Any:
        raise IOError("TCP-style sockets have no peeloff operation")

    def get_autoclose(self) -> int:
        raise IOError("TCP-style sockets do not support AUTOCLOSE")

    def set_autoclose(self, rvalue: int) -> None:
        raise IOError("TCP-style sockets do not support AUTOCLOSE")

    autoclose = property(get_autoclose, set_autoclose)


class sctpsocket_udp(sctpsocket):
    """A one-to-many (UDP-style) SCTP socket."""

    def __init__(self, family: int, sk: Optional[_socket.socket] = None):
        sctpsocket.__init__(self, family, UDP_STYLE, sk)
