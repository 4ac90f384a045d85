"""Round trips per second through a one-to-many echo server with many associations: an
sctp.aio endpoint (asyncio's default loop, and uvloop) against the same server on the C
core (echo_c).  Run by run_bench.py; prints one JSON line.

    echo.py ASSOCS MSGS ECHO_C      the load, against each server in turn
    echo.py serve LOOP              an aio echo server (LOOP: asyncio or uvloop)
"""
import asyncio
import json
import resource
import socket
import subprocess
import sys
import time

import sctp

MSG = b"x" * 100


def serve(loop):
    """The aio echo endpoint, in a process of its own (the load generator is another
    process, so they do not share a GIL): prints its port, serves until killed."""
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1000)
    srv.set_option("SCTP_NODELAY", value=1)

    class Echo(sctp.aio.SCTPProtocol):
        def connection_made(self, transport):
            self.t = transport

        def message_received(self, m):
            self.t.send(m.data, assoc_id=m.assoc_id, stream=m.stream, ppid=m.ppid)

    async def main():
        await sctp.aio.create_endpoint(Echo, srv)
        print(srv.getsockname()[1], flush=True)
        await asyncio.Event().wait()

    if loop == "uvloop":
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())


def echo_rate(server, assocs, msgs):
    """Round trips per second through the server the command `server` starts, from
    `assocs` client associations, one message on each per round."""
    proc = subprocess.Popen(server, stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, assocs + 100)), hard))
        clients = []
        for _ in range(assocs):
            c = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
            c.set_option("SCTP_NODELAY", value=1)
            c.settimeout(30)
            c.connect(("127.0.0.1", port))
            clients.append(c)
        rounds = max(1, msgs // assocs)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for c in clients:
                c.sctp_send(MSG, stream=1, ppid=46)
            for c in clients:
                while not isinstance(c.sctp_recv(200), sctp.Message):
                    pass
        rate = rounds * assocs / (time.perf_counter() - t0)
        for c in clients:
            c.close()
        return rate
    finally:
        proc.kill()
        proc.wait()


def main():
    if sys.argv[1] == "serve":
        return serve(sys.argv[2])
    assocs, msgs, echo_c = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rates = {name: echo_rate(cmd, assocs, msgs) for name, cmd in (
        ("c", [echo_c]),
        ("asyncio", [sys.executable, __file__, "serve", "asyncio"]),
        ("uvloop", [sys.executable, __file__, "serve", "uvloop"]))}
    print(json.dumps({"associations": assocs, "round_trips_per_s": rates}))


if __name__ == "__main__":
    main()
