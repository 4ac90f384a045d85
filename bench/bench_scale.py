"""Scaling and memory of the Python binding (run by run_bench.py, prints JSON lines).

    bench_scale.py threads SECONDS THREADS_C
                                       messages/s with 1 and 2 threads, each on its own
                                       association, and the same in C (THREADS_C)
    bench_scale.py memory COUNT        bytes per open association and per received message
    bench_scale.py asyncio ASSOCS MSGS ECHO_C
                                       round trips/s through an asyncio echo endpoint serving
                                       ASSOCS associations, and through the C one (ECHO_C)
"""
import asyncio
import gc
import json
import resource
import socket
import subprocess
import sys
import threading
import time
import tracemalloc

import sctp

MSG = b"x" * 100


def pair():
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    cli.connect(srv.getsockname())
    conn, _ = srv.accept()
    srv.close()
    return cli, conn


def socket_pair():
    """pair(), with the standard socket module (SOCK_STREAM, IPPROTO_SCTP)."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
    cli.setsockopt(socket.IPPROTO_SCTP, sctp.SCTP_NODELAY, 1)
    cli.connect(srv.getsockname())
    conn, _ = srv.accept()
    srv.close()
    return cli, conn


def threads(seconds, threads_c):
    """Each thread sends 32 messages on its association, then receives them, until time is
    up: with our SCTPSocket one call per message ("ours"), 32 per call ("batch": fewer
    GIL hand-overs; "into": received into an sctp.Batch, so nothing is built with the GIL
    held), with the standard socket module for comparison (whose calls release the
    GIL too, but carry no SCTP info), and in C (threads_c: the machine's own ceiling)."""
    def worker(counts, i, stop, how):
        cli, conn = socket_pair() if how == "socket" else pair()
        burst, room = [MSG] * 32, sctp.Batch(32, 200)

        def exchange():
            if how in ("batch", "into"):
                sent = got = 0
                while sent < 32:
                    sent += cli.send_many(burst[sent:], stream=1, ppid=46)
                while got < 32:
                    got += (len(conn.recv_many(32, 200)) if how == "batch"
                            else conn.recv_many_into(room))
            elif how == "ours":
                for _ in range(32):
                    cli.sctp_send(MSG, stream=1, ppid=46)
                for _ in range(32):
                    conn.sctp_recv(200)
            else:
                for _ in range(32):
                    cli.send(MSG)
                for _ in range(32):
                    conn.recv(200)
        n = 0
        while not stop.is_set():
            exchange()
            n += 32
        counts[i] = n
        cli.close()
        conn.close()

    def rate(nthreads, how):
        counts, stop = [0] * nthreads, threading.Event()
        ts = [threading.Thread(target=worker, args=(counts, i, stop, how))
              for i in range(nthreads)]
        for t in ts:
            t.start()
        time.sleep(seconds)
        stop.set()
        for t in ts:
            t.join()
        return sum(counts) / seconds

    def c_rate(nthreads):
        out = subprocess.run([threads_c, str(nthreads), str(seconds)], capture_output=True,
                             text=True, check=True, timeout=60 + seconds)
        return json.loads(out.stdout)["msgs_per_s"]

    r = {(n, how): rate(n, how) for how in ("ours", "batch", "into", "socket") for n in (1, 2)}
    c = {n: c_rate(n) for n in (1, 2)}
    print(json.dumps({"bench": "threads", "msgs_per_s_1": r[1, "ours"],
                      "msgs_per_s_2": r[2, "ours"], "speedup": r[2, "ours"] / r[1, "ours"],
                      "batch_msgs_per_s_1": r[1, "batch"],
                      "batch_speedup": r[2, "batch"] / r[1, "batch"],
                      "into_msgs_per_s_1": r[1, "into"], "into_speedup": r[2, "into"] / r[1, "into"],
                      "socket_speedup": r[2, "socket"] / r[1, "socket"],
                      "c_msgs_per_s_1": c[1], "c_speedup": c[2] / c[1]}))


def memory(count):
    def rss():
        with open("/proc/self/status") as f:
            return int(next(l for l in f if l.startswith("VmRSS")).split()[1]) * 1024

    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    pairs = [pair() for _ in range(count)]
    per_assoc = (tracemalloc.get_traced_memory()[0] - before) / count
    cli, conn = pairs[0]
    n = 100                   # fits the receive window: the sends never wait
    for i in range(n):
        cli.sctp_send(MSG, stream=1)
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    kept = [conn.sctp_recv(200) for _ in range(n)]
    per_msg = (tracemalloc.get_traced_memory()[0] - before) / n
    del kept
    # the same into a Batch: what it costs once, and what a receive into it adds
    for i in range(64):
        cli.sctp_send(MSG, stream=1)
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    batch = sctp.Batch(64, 200)
    batch_bytes = tracemalloc.get_traced_memory()[0] - before
    got = 0
    while got < 64:
        got += conn.recv_many_into(batch)
    batch_growth = tracemalloc.get_traced_memory()[0] - before - batch_bytes

    def exchange(count):         # rounds of 64: by sctp_recv and into the Batch in turn
        for k in range(count // 64):
            for _ in range(64):
                cli.sctp_send(MSG, stream=1)
            if k % 2:
                got = 0
                while got < 64:
                    got += conn.recv_many_into(batch)
            else:
                for _ in range(64):
                    conn.sctp_recv(200)
        return count // 64 * 64

    # a million messages, after a warm-up that lets the allocators (and tracemalloc's own
    # tables) reach their working size: nothing may stay behind
    exchange(50000)
    gc.collect()
    start_py, start_rss = tracemalloc.get_traced_memory()[0], rss()
    total = exchange(1000000)
    gc.collect()
    growth_py, growth_rss = tracemalloc.get_traced_memory()[0] - start_py, rss() - start_rss
    for c, s in pairs:
        c.close()
        s.close()
    print(json.dumps({"bench": "memory", "bytes_per_assoc": per_assoc,
                      "bytes_per_message": per_msg, "batch_bytes": batch_bytes,
                      "batch_growth_64": batch_growth, "messages": total,
                      "growth_tracemalloc": growth_py, "growth_rss": growth_rss}))


def serve_asyncio():
    """The asyncio echo endpoint, in a process of its own: prints its port, serves until
    killed (the load generator is another process, so it does not share this GIL)."""
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1000)
    srv.setsockopt(132, sctp.SCTP_NODELAY, 1)

    class Echo(sctp.aio.SCTPProtocol):
        def connection_made(self, transport):
            self.t = transport

        def message_received(self, m):
            self.t.send(m.data, assoc_id=m.assoc_id, stream=m.stream, ppid=m.ppid)

    async def main():
        await sctp.aio.create_endpoint(Echo, srv)
        print(srv.getsockname()[1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def echo_rate(server, assocs, msgs):
    """Round trips per second through the one-to-many echo server started by the command
    `server`, from `assocs` client associations, a round of one message each at a time."""
    proc = subprocess.Popen(server, stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, assocs + 100)), hard))
        clients = []
        for _ in range(assocs):
            c = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
            c.setsockopt(132, sctp.SCTP_NODELAY, 1)
            c.settimeout(30)
            c.connect(("127.0.0.1", port))
            clients.append(c)
        per = msgs // assocs
        t0 = time.perf_counter()
        for _ in range(per):
            for c in clients:
                c.sctp_send(MSG, stream=1, ppid=46)
            for c in clients:
                while not isinstance(c.sctp_recv(200), sctp.Message):
                    pass
        rate = per * assocs / (time.perf_counter() - t0)
        for c in clients:
            c.close()
        return rate
    finally:
        proc.kill()
        proc.wait()


def asyncio_endpoint(assocs, msgs, echo_c):
    """The same load served by sctp.aio.create_endpoint and by the C core (echo_c)."""
    ours = echo_rate([sys.executable, __file__, "serve-asyncio"], assocs, msgs)
    c = echo_rate([echo_c], assocs, msgs)
    print(json.dumps({"bench": "asyncio", "associations": assocs, "messages": msgs // assocs * assocs,
                      "round_trips_per_s": ours, "c_round_trips_per_s": c}))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "threads":
        threads(float(sys.argv[2]), sys.argv[3])
    elif what == "memory":
        memory(int(sys.argv[2]))
    elif what == "asyncio":
        asyncio_endpoint(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif what == "serve-asyncio":
        serve_asyncio()
