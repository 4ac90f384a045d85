"""One side of the multi-homing scenario (run by test_multihoming.py in a network namespace).

    mh_peer.py server ADDR1 ADDR2 PORT COUNT       receive COUNT numbered messages, report
    mh_peer.py client ADDR1 ADDR2 PEER1 PEER2 PORT COUNT PLAN
PLAN: "failover" (primary link down after a third, back up after two thirds) or "plain".
Each side prints one JSON line at the end: what it saw.
"""
import json
import socket
import subprocess
import sys
import time

import sctp


def fast_failover(s):
    # Short timers so a dead path is noticed in about a second, even under emulation.
    s.set_option("SCTP_RTOINFO", initial=200, min=100, max=400)
    s.set_option("SCTP_PEER_ADDR_PARAMS", hbinterval=200, pathmaxrxt=2,
                 flags=sctp.SPP_HB_ENABLE)


def outlive_outages(s):
    # Before the association exists (the kernel caps a live one at the sum of its paths'
    # limits): with the default 10 retransmissions at fast_failover's timers the association
    # itself could give up after 4 s when the VM is starved.
    s.set_option("SCTP_ASSOCINFO", asocmaxrxt=100)


def server(a1, a2, port, count):
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bindx([(a1, port), (a2, port)])
    srv.set_option("SCTP_INITMSG", num_ostreams=4, max_instreams=4)
    outlive_outages(srv)
    srv.listen(1)
    print("ready", flush=True)
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(60)
    fast_failover(conn)
    expected = {}
    got, errors, dups = 0, [], 0
    while got < count:
        m = conn.sctp_recv()
        if isinstance(m, sctp.Notification):
            continue
        n = int(m.data)
        if n % 4 != m.stream or m.ppid != 1000 + m.stream:
            errors.append("bad stream/ppid for %d" % n)
        want = expected.get(m.stream, m.stream)
        if n < want:
            dups += 1
        elif n != want:
            errors.append("stream %d: got %d, expected %d" % (m.stream, n, want))
        expected[m.stream] = n + 4
        got += 1
    conn.sctp_send(b"done")
    time.sleep(0.5)
    print(json.dumps({"received": got, "errors": errors, "duplicates": dups}), flush=True)


def client(a1, a2, p1, p2, port, count, plan):
    c = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    c.bindx([(a1, 0), (a2, 0)])
    c.set_option("SCTP_INITMSG", num_ostreams=4, max_instreams=4)
    c.settimeout(60)
    outlive_outages(c)
    c.connectx([(p1, port), (p2, port)])
    fast_failover(c)
    c.subscribe("address")
    seen = []

    def drain(until=None, seconds=0.0):
        """Collect address notifications; stop at the state `until` or after `seconds`."""
        end = time.monotonic() + seconds
        c.settimeout(0.05)
        try:
            while True:
                try:
                    m = c.sctp_recv()
                except socket.timeout:
                    if until is None and time.monotonic() > end:
                        return True
                    if until is not None and time.monotonic() > end + 30:
                        return False
                    continue
                if isinstance(m, sctp.Notification):
                    seen.append((m.state_name, m.addr[0]))
                    if until and m.state_name == until and m.addr[0] == p1:
                        return True
        finally:
            c.settimeout(60)

    def send(lo, hi):
        for n in range(lo, hi):
            c.sctp_send(str(n).encode(), stream=n % 4, ppid=1000 + n % 4)

    third = count // 3
    send(0, third)
    if plan == "failover":
        subprocess.run(["ip", "link", "set", "a1", "down"], check=True)
        send(third, 2 * third)                      # queued while the primary path dies
        down = drain(until="ADDR_UNREACHABLE")
        subprocess.run(["ip", "link", "set", "a1", "up"], check=True)
        up = drain(until="ADDR_AVAILABLE")
        c.set_option("SCTP_PRIMARY_ADDR", addr=(p2, port))
        primary = c.status()["primary_address"][0]
    else:
        send(third, 2 * third)
        down = up = True
        primary = c.status()["primary_address"][0]
    send(2 * third, count)
    c.settimeout(60)
    while True:
        m = c.sctp_recv()
        if isinstance(m, sctp.Notification):
            seen.append((m.state_name, m.addr[0]))
        elif m.data == b"done":
            break
    print(json.dumps({"unreachable": down, "available": up, "primary": primary,
                      "notifications": seen}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        client(*sys.argv[2:6], int(sys.argv[6]), int(sys.argv[7]), sys.argv[8])
