"""pysctp's low-level module, for programs that import ``_sctp`` directly.

Each function takes a file descriptor like pysctp's did; they are thin adapters over
``sctp.lowlevel``.  New code should use the ``sctp`` package instead.
"""
import socket as _socket

from sctp import compat as _compat
from sctp import lowlevel as _ll
from sctp import Message as _Message

_C = _compat._C
# pysctp's names for the constants it exposed (its C layer's table).
_NAMES = dict(BINDX_ADD="SCTP_BINDX_ADD_ADDR", BINDX_REMOVE="SCTP_BINDX_REM_ADDR",
              MSG_UNORDERED="SCTP_UNORDERED", MSG_ADDR_OVER="SCTP_ADDR_OVER",
              MSG_SENDALL="SCTP_SENDALL", MSG_ABORT="SCTP_ABORT", MSG_EOF="SCTP_EOF",
              SPP_HB_DISABLED="SPP_HB_DISABLE", SPP_HB_ENABLED="SPP_HB_ENABLE",
              SPP_PMTUD_DISABLED="SPP_PMTUD_DISABLE", SPP_PMTUD_ENABLED="SPP_PMTUD_ENABLE",
              SPP_SACKDELAY_DISABLED="SPP_SACKDELAY_DISABLE",
              SPP_SACKDELAY_ENABLED="SPP_SACKDELAY_ENABLE")


def getconstant(name):
    """The value of a constant by pysctp's name (None if unknown, as pysctp)."""
    if name in ("SCTP_BOUND", "SCTP_LISTEN"):
        return -1
    return _C.get(_NAMES.get(name, name))


def _yes(*args):
    return True


have_sctp_multibuf = have_sctp_noconnect = have_sctp_prsctp = _yes
have_sctp_addip = have_sctp_setprimary = _yes


def have_sctp_sat_network(*args):
    return False


def _wrap(fd, style=_socket.SOCK_STREAM):
    s = _compat.sctpsocket.__new__(_compat.sctpsocket)
    s.__dict__.update(_sk=_socket.socket(fileno=fd), _style=style, _ttl=0, _streamid=0)
    return s


def _detach(s):
    s._sk.detach()


def _call(fd, fn, *args):
    s = _wrap(fd)
    try:
        return fn(s, *args)
    finally:
        _detach(s)


def bindx(fd, addrs, action):
    _ll.bindx(fd, addrs, action)


def _handle(fd):
    """A core handle on the caller's descriptor (blocking; never closes it)."""
    return _ll.sock_new(fd)


def connectx(fd, addrs, assoc_id=None):
    return _ll.connectx(_handle(fd), addrs)


def getpaddrs(fd, assoc_id):
    return tuple(a[:2] for a in _ll.getpaddrs(fd, assoc_id))


def getladdrs(fd, assoc_id):
    return tuple(a[:2] for a in _ll.getladdrs(fd, assoc_id))


def peeloff(fd, assoc_id):
    return _ll.peeloff(fd, assoc_id, _socket.SOCK_CLOEXEC)


def sctp_send_msg(fd, msg, to, ppid, flags, stream, ttl, context):
    assoc_id = 0
    if isinstance(to, int):
        assoc_id, to = to, None
    elif to is None or tuple(to[:2]) == ("", 0):
        to = None
    info = dict(stream=stream, flags=flags, ppid=_socket.ntohl(ppid), context=context, ttl=ttl,
                assoc_id=assoc_id)      # pysctp passes the ppid to the kernel as given
    return _ll.send(_handle(fd), to, info, 0, msg)


def sctp_recv_msg(fd, maxlen):
    m = _ll.recv(_handle(fd), 0, maxlen)
    if isinstance(m, _Message):
        info = dict(stream=m.stream, ssn=m.ssn, flags=m.flags, ppid=_socket.htonl(m.ppid),
                    context=m.context, timetolive=0, tsn=m.tsn, cumtsn=m.cumtsn,
                    assoc_id=m.assoc_id)
        return (m.addr[:2] if m.addr else m.addr, m.msg_flags, m.data, info)
    return (m.addr[:2] if m.addr else m.addr, 0x8080, m.raw, m.fields)


def _getopt_value(opt, field="value"):
    return lambda fd: _ll.getopt(fd, (opt, None))[field]


def _setopt_value(opt, field="value"):
    return lambda fd, v: _ll.setopt(fd, (opt, {field: int(v)}))


get_nodelay, set_nodelay = _getopt_value("SCTP_NODELAY"), _setopt_value("SCTP_NODELAY")
get_autoclose, set_autoclose = _getopt_value("SCTP_AUTOCLOSE"), _setopt_value("SCTP_AUTOCLOSE")
get_disable_fragments = _getopt_value("SCTP_DISABLE_FRAGMENTS")
set_disable_fragments = _setopt_value("SCTP_DISABLE_FRAGMENTS")
get_mappedv4 = _getopt_value("SCTP_I_WANT_MAPPED_V4_ADDR")
set_mappedv4 = _setopt_value("SCTP_I_WANT_MAPPED_V4_ADDR")
get_maxseg, set_maxseg = _getopt_value("SCTP_MAXSEG"), _setopt_value("SCTP_MAXSEG")
get_adaptation = _getopt_value("SCTP_ADAPTATION_LAYER", "adaptation_ind")
set_adaptation = _setopt_value("SCTP_ADAPTATION_LAYER", "adaptation_ind")
get_sndbuf, set_sndbuf = _getopt_value("SO_SNDBUF"), _setopt_value("SO_SNDBUF")
get_rcvbuf, set_rcvbuf = _getopt_value("SO_RCVBUF"), _setopt_value("SO_RCVBUF")


def get_initparams(fd):
    return {"_" + k: v for k, v in _ll.getopt(fd, ("SCTP_INITMSG", None)).items()}


def set_initparams(fd, d):
    _ll.setopt(fd, ("SCTP_INITMSG", {k.lstrip("_"): v for k, v in d.items()
                                     if k.lstrip("_") in _compat.initparams._fields}))


def get_events(fd):
    return {"_" + k: v for k, v in _call(fd, _compat.sctpsocket._get_events).items()}


def set_events(fd, d):
    _call(fd, _compat.sctpsocket._set_events, {k.lstrip("_"): v for k, v in d.items()
                                               if k.lstrip("_") in _compat.event_subscribe._fields})


def set_peer_primary(fd, assoc_id, addr):
    _ll.setopt(fd, ("SCTP_SET_PEER_PRIMARY_ADDR", {"assoc_id": assoc_id, "addr": addr}))


def set_primary(fd, assoc_id, addr):
    _ll.setopt(fd, ("SCTP_PRIMARY_ADDR", {"assoc_id": assoc_id, "addr": addr}))
