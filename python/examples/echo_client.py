#!/usr/bin/env python3
"""SCTP client for echo_server.py: connects to both server addresses (multi-homing), sends
signalling-like messages on several streams with their PPIDs, prints the echoes and the
notifications, moves the primary path to the second address, and shuts down."""
import socket
import sys

import sctp

MESSAGES = [  # (stream, ppid, payload)
    (0, 18, b"S1 Setup Request"),
    (1, 60, b"NG Setup Request"),
    (2, 46, b"Capabilities-Exchange-Request"),
]


def receive(c: sctp.SCTPSocket) -> sctp.Message:
    """The next data message, printing the notifications that come before it."""
    while True:
        m = c.sctp_recv()
        if isinstance(m, sctp.Notification):
            extra = getattr(m, "state_name", "")
            addr = getattr(m, "addr", None)
            print("notification: %s %s%s" % (m.type_name, extra,
                                              " %s:%d" % addr[:2] if m.type_name == "PEER_ADDR_CHANGE" else ""),
                  flush=True)
            continue
        return m


def main() -> None:
    port = int(sys.argv[1])
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.set_option("SCTP_INITMSG", num_ostreams=5, max_instreams=5)
        c.subscribe("association", "address", "shutdown")
        c.settimeout(10)
        assoc = c.connectx([("127.0.0.1", port), ("127.0.0.2", port)])
        st = c.status()
        print("association %d up: %d streams out, %d in; peer addresses %s; primary %s"
              % (assoc, st["outstrms"], st["instrms"],
                 ", ".join(a[0] for a in c.getpaddrs()), st["primary_address"][0]), flush=True)
        for stream, ppid, payload in MESSAGES:
            c.sctp_send(payload, stream=stream, ppid=ppid)
            print("sent     %-32r stream %d  ppid %d" % (payload, stream, ppid), flush=True)
            m = receive(c)
            print("echoed   %-32r stream %d  ppid %d  ssn %d  tsn %d"
                  % (m.data, m.stream, m.ppid, m.ssn, m.tsn), flush=True)

        c.set_option("SCTP_PRIMARY_ADDR", addr=("127.0.0.2", port))
        print("primary path moved to %s" % c.status()["primary_address"][0], flush=True)
        c.sctp_send(b"over the second path", stream=0, ppid=18)
        m = receive(c)
        print("echoed   %-32r stream %d  ppid %d" % (m.data, m.stream, m.ppid), flush=True)
    print("closed: the association shuts down gracefully", flush=True)


if __name__ == "__main__":
    main()
