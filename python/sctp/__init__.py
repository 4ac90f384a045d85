"""SCTP for Python on Linux: a drop-in replacement for pysctp, and a modern API.

pysctp-compatible (``import sctp`` as before)::

    sk = sctp.sctpsocket_tcp(socket.AF_INET)
    sk.connect(("127.0.0.1", 36412))
    sk.sctp_send(b"hello", ppid=18, stream=1)

Modern::

    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(("127.0.0.1", 36412))
        s.sctp_send(b"hello", ppid=18, stream=1)      # ppid in host byte order
        msg = s.sctp_recv()                             # Message or Notification

Every name of the ``socket`` module is re-exported, as pysctp does.
"""
from socket import *  # noqa: F401,F403  (pysctp's namespace includes the socket module's)
import socket  # noqa: F401

from . import lowlevel
from .api import (ASSOC_STATES, EVENTS, NOTIFICATION_CLASSES, AdaptationIndication, AssocChange,
                  AssocReset, Association, Batch, associations,
                  Authentication, Message, MessageIterator, Notification, PartialDelivery,
                  PeerAddrChange, RemoteError, SCTPSocket, SendFailed, SendFailedEvent, SenderDry,
                  Shutdown, StreamChange, StreamReset, TrackedMessage, constants,
                  decode_notification, kernel_support, options)
from .compat import *  # noqa: F401,F403
from .compat import (BINDX_ADD, BINDX_REM, BINDX_REMOVE, FLAG_DONTROUTE, FLAG_EOR,
                     FLAG_NOTIFICATION, IPPROTO_SCTP, MSG_ABORT, MSG_ADDR_OVER,
                     MSG_ADDR_OVERRIDE, MSG_EOF, MSG_FIN, MSG_SENDALL, MSG_UNORDERED, SOL_SCTP,
                     STYLE_TCP, STYLE_UDP, TCP_STYLE, UDP_STYLE, assoc_change, assocparams,
                     adaptation_event, event_subscribe, features, initmsg, initparams,
                     notification, notification_factory, paddr_change, paddrinfo, paddrparams,
                     pdapi_event, remote_error, rtoinfo, sctpsocket, sctpsocket_tcp,
                     sctpsocket_udp, send_failed, shutdown_event, sndrcvinfo, status)

# Every SCTP_* / SPP_* constant of the kernel API, by its C name.
from .compat import _C as _constants  # the one walk of the core's constant table
globals().update({k: v for k, v in _constants.items()
                  if k.startswith(("SCTP_", "SPP_")) or k == "MSG_NOTIFICATION"})

__version__ = lowlevel.version()


def __getattr__(name: str):
    # sctp.aio loads asyncio, which costs more than the rest of the package; a program
    # that never touches it should not pay for it (PEP 562 makes the attribute lazy).
    if name == "aio":
        import importlib
        return importlib.import_module(".aio", __name__)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
