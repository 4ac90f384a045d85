"""One side of the ASCONF scenario (run by test_multihoming.py in a network namespace).

    asconf_peer.py server ADDR PORT            accept one association, answer queries
    asconf_peer.py client ADDR1 ADDR2 PEER PORT
The client starts on ADDR1 only, then adds ADDR2 to the live association with bindx,
asks the server to make ADDR2 its primary path, and removes ADDR2 again.  After each step
it asks the server (a message) until the server's answer (its peer addresses and primary
path) shows the step, or 20 s pass; it prints those answers as one JSON line.  The server
prints the address notifications it received as one JSON line.
"""
import json
import socket
import sys
import time

import sctp


def allow_asconf(s):
    # RFC 5061 needs AUTH unless a sysctl says otherwise; both are per-socket options.
    s.set_option("SCTP_AUTH_SUPPORTED", value=1)
    s.set_option("SCTP_ASCONF_SUPPORTED", value=1)


def server(addr, port):
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    allow_asconf(srv)
    srv.bind((addr, port))
    srv.listen(1)
    print("ready", flush=True)
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(60)
    conn.subscribe("address")
    events = []
    while True:
        m = conn.sctp_recv()
        if isinstance(m, sctp.Notification):
            events.append([m.state_name, m.addr[0]])
        elif m.data == b"bye":
            break
        else:
            conn.sctp_send(json.dumps({"paddrs": sorted(a[0] for a in conn.getpaddrs()),
                                       "primary": conn.status()["primary_address"][0]}).encode())
    print(json.dumps(events), flush=True)


def client(a1, a2, peer, port):
    c = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    allow_asconf(c)
    c.bind((a1, 0))
    c.settimeout(60)
    c.connect((peer, port))
    local_port = c.getsockname()[1]
    seen = {}

    def server_sees(step, done):
        """Ask the server until its answer satisfies done(answer); keep the last answer."""
        end = time.monotonic() + 20
        while True:
            c.sctp_send(step.encode())
            seen[step] = json.loads(c.sctp_recv().data)
            if done(seen[step]) or time.monotonic() > end:
                return
            time.sleep(0.1)

    server_sees("before", lambda s: True)
    c.bindx([(a2, local_port)])                      # ASCONF ADD-IP on the live association
    server_sees("added", lambda s: a2 in s["paddrs"])
    c.set_option("SCTP_SET_PEER_PRIMARY_ADDR", addr=(a2, local_port))   # ASCONF SET-PRIMARY
    server_sees("peer-primary", lambda s: s["primary"] == a2)
    c.bindx([(a2, local_port)], remove=True)         # ASCONF DEL-IP
    server_sees("removed", lambda s: a2 not in s["paddrs"])
    c.sctp_send(b"bye")
    print(json.dumps(seen), flush=True)
    time.sleep(0.5)
    c.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        client(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
