#!/usr/bin/env python3
"""Multi-homed SCTP echo server (one-to-many socket on 127.0.0.1 and 127.0.0.2).

Every message is echoed back upper-cased on the stream it came on, with its PPID; every
association notification is printed.  Stops after --associations associations ended.
"""
import argparse
import socket

import sctp

PPIDS = {3: "M3UA", 18: "S1AP", 46: "Diameter", 60: "NGAP"}


def describe(note: sctp.Notification) -> str:
    fields = {k: v for k, v in note.fields.items()
              if k not in ("type", "type_name", "flags", "length", "state", "info")}
    return "%s %s" % (note.type_name, " ".join("%s=%s" % kv for kv in fields.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--associations", type=int, default=1)
    args = ap.parse_args()

    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as srv:
        srv.bindx([("127.0.0.1", args.port)])
        port = srv.getsockname()[1]
        srv.bindx([("127.0.0.2", port)])                  # a second address: multi-homing
        srv.set_option("SCTP_INITMSG", num_ostreams=5, max_instreams=5)
        srv.subscribe("association", "address", "shutdown", "send_failure", "peer_error")
        srv.listen(8)
        srv.settimeout(30)
        print("listening on %s, port %d" % (" and ".join(a[0] for a in srv.getladdrs()), port),
              flush=True)
        if args.port_file:
            with open(args.port_file, "w") as f:
                f.write(str(port))

        ended = 0
        while ended < args.associations:
            m = srv.sctp_recv()
            if isinstance(m, sctp.Notification):
                print("notification: %s" % describe(m), flush=True)
                if m.type_name == "ASSOC_CHANGE" and m.state_name in ("SHUTDOWN_COMP", "COMM_LOST"):
                    ended += 1
                continue
            print("received %-32r stream %d  ppid %d (%s)  from %s:%d  association %d"
                  % (m.data, m.stream, m.ppid, PPIDS.get(m.ppid, "?"), m.addr[0], m.addr[1],
                     m.assoc_id), flush=True)
            srv.sctp_send(m.data.upper(), stream=m.stream, ppid=m.ppid, assoc_id=m.assoc_id)


if __name__ == "__main__":
    main()
