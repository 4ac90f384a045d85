#!/usr/bin/env python3
"""Benchmark driver: per-message send and receive cost of every implementation, in one run.

Each implementation runs in its own process over one loopback association (one-to-one and
one-to-many), COUNT messages per repetition, data queued before it is read; the processes
take turns, one repetition each, so a slow spell of the host is shared; the table gives
the median per-call cost, its spread over the repetitions, the ratio to the C core, and the
messages and bytes per second that cost allows.  Timings under an emulated VM only mean
something as ratios within one run.
"""
import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = {
    "c": "C core",
    "c_batch": "C core, 64 per call",
    "c_plain": "C send()/recv(), no SCTP info",
    "c_libsctp": "C libsctp sctp_recvmsg",
    "modern_batch": "Python recv_many/send_many",
    "modern_into": "Python recv_many_into a Batch",
    "modern": "Python sctp.SCTPSocket",
    "modern_iter": "Python messages() iterator",
    "compat": "Python sctp (pysctp API)",
    "lua": "Lua sctp",
    "lua_iter": "Lua messages() iterator",
    "lua_batch": "Lua recv_many/send_many",
    "lua_batch_into": "Lua recv_many_into a batch",
    "socket": "Python socket, no SCTP info",
    "socket_cmsg": "Python socket + SCTP_SNDRCV",
    "pysctp": "pysctp 0.7.3",
}


def settle(seconds):
    """Wait until no association has data unacknowledged (see bench_c.c), at most `seconds`;
    whether it got there.  Shared with the Python benchmark."""
    for _ in range(int(seconds * 100)):
        with open("/proc/net/sctp/assocs") as f:
            if all(int(line.split()[7]) == 0 for line in f.read().splitlines()[1:]):
                return True
        time.sleep(0.01)
    return False


def command(impl, build, common, python=(sys.executable,)):
    """The program that measures impl, with its arguments (common: style, size, count, reps;
    python: how to start the interpreter for bench_py.py)."""
    if impl in ("c", "c_batch", "c_plain", "c_libsctp"):
        mode = [impl[2:]] if impl != "c" else []
        return [os.path.join(build, "bench", "bench_c")] + common + mode
    if impl.startswith("lua"):
        mode = {"lua_batch": "batch", "lua_batch_into": "batch_into", "lua_iter": "iter"}.get(impl)
        return ["lua5.4", os.path.join(HERE, "bench_lua.lua")] + common + ([mode] if mode else [])
    return list(python) + [os.path.join(HERE, "bench_py.py"), impl] + common


def take_turns(cmds, reps, env):
    """Start every implementation's process (each sets its association up), then have each
    run one repetition in turn, reps times, the order rotating: a slow spell of a shared
    host then falls on all of them alike instead of on whichever ran during it."""
    procs = {impl: subprocess.Popen(cmd, env=env, text=True, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for impl, cmd in cmds.items()}
    results = {}
    order = list(procs)
    try:
        for rep in range(reps):
            for impl in order[rep % len(order):] + order[:rep % len(order)]:
                p = procs[impl]
                p.stdin.write("\n")
                p.stdin.flush()
                line = p.stdout.readline()
                if not line.startswith("{"):
                    p.kill()
                    sys.exit("bench: %s failed:\n%s%s" % (" ".join(cmds[impl]), line,
                                                          p.stderr.read()))
                r = json.loads(line)
                for op in ("send", "recv"):
                    results.setdefault((impl, op), []).append(r[op])
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.stdin.close()         # end of input: the process exits
            p.wait(timeout=60)
    return results


def run(cmd, env):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit("bench: %s failed:\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def raise_buffer_limits():
    """As root, let sockets ask for 64 MiB buffers so large messages can be queued."""
    for name in ("rmem_max", "wmem_max"):
        try:
            with open("/proc/sys/net/core/" + name, "w") as f:
                f.write(str(64 << 20))
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build-release"))
    ap.add_argument("--sizes", default="16,100,1024,16384,65536")
    ap.add_argument("--styles", default="stream,seqpacket")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--assocs", type=int, default=1000, help="associations of the echo benchmark")
    ap.add_argument("--csv")
    ap.add_argument("--json")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    raise_buffer_limits()
    env = dict(os.environ, PYTHONPATH=os.path.join(build, "python"),
               LUA_PATH=os.path.join(build, "lua", "?.lua") + ";;",
               LUA_CPATH=os.path.join(build, "lua", "?.so") + ";;")
    impls = ["c", "c_libsctp", "c_plain", "modern", "modern_iter", "compat", "lua", "lua_iter",
             "socket", "socket_cmsg"]
    pysctp = os.environ.get("PYSCTP_PATH")
    if pysctp and os.path.exists(pysctp):
        impls.append("pysctp")
    else:
        print("bench: pysctp not measured (set PYSCTP_PATH to a folder where its `sctp` and "
              "`_sctp` modules import)", file=sys.stderr)

    rows = []
    for style in args.styles.split(","):
        for size in map(int, args.sizes.split(",")):
            count = max(50, min(args.count, (8 << 20) // (size + 64)))
            common = [style, str(size), str(count), "0"]      # 0: one rep per turn
            cmds = {}
            # batches (recvmmsg / sendmmsg) are measured one-to-one
            batches = ["c_batch", "modern_batch", "modern_into", "lua_batch", "lua_batch_into"]
            here = impls + (batches if style == "stream" else [])
            for impl in here:
                cmds[impl] = command(impl, build, common)
            results = take_turns(cmds, args.reps, env)
            for op in ("send", "recv"):
                ref = statistics.median(results[("c", op)])
                best = min(results[("c", op)])
                for impl in here:
                    ns = results[(impl, op)]
                    med = statistics.median(ns)
                    # ratio_best: best rep against the C core's best, what noise cannot inflate
                    rows.append(dict(style=style, size=size, op=op, impl=impl,
                                     median_us=med / 1000, min_us=min(ns) / 1000,
                                     max_us=max(ns) / 1000, ratio=med / ref,
                                     ratio_best=min(ns) / best,
                                     msgs_per_s=1e9 / med, mbytes_per_s=size * 1e3 / med,
                                     count=count, reps=args.reps))

    print("Per-message cost, %s, kernel %s, %d repetitions (median, min-max; x: median over "
          "the C core's median, best: fastest rep over the C core's fastest)"
          % (platform.machine(), platform.release(), args.reps))
    last = None
    for r in rows:
        key = (r["style"], r["size"], r["op"])
        if key != last:
            print("\n%s, %s, %d B:" % ("one-to-one" if r["style"] == "stream" else "one-to-many",
                                        r["op"], r["size"]))
            last = key
        print("  %-30s %8.2f us (%6.2f-%6.2f)  x%5.2f (best x%5.2f)  %9.0f msg/s  %8.1f MB/s"
              % (NAMES[r["impl"]], r["median_us"], r["min_us"], r["max_us"], r["ratio"],
                 r["ratio_best"], r["msgs_per_s"], r["mbytes_per_s"]))
    # Many associations on one socket: the asyncio endpoint against the C core's server.
    extra = []
    echo = subprocess.run([sys.executable, os.path.join(HERE, "echo.py"), str(args.assocs),
                           str(args.assocs * 5), os.path.join(build, "bench", "echo_c")],
                          env=env, capture_output=True, text=True)
    if echo.returncode == 0:
        e = json.loads(echo.stdout.splitlines()[-1])
        rt = e["round_trips_per_s"]
        print("\none-to-many echo server, %d associations, round trips/s: C core %.0f, "
              "sctp.aio on asyncio %.0f (x%.2f), on uvloop %.0f (x%.2f)"
              % (args.assocs, rt["c"], rt["asyncio"], rt["asyncio"] / rt["c"], rt["uvloop"],
                 rt["uvloop"] / rt["c"]))
        extra.append(dict(bench="echo", **e))
    else:
        print("bench: the echo benchmark failed: %s" % echo.stderr.strip()[-500:], file=sys.stderr)
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows + extra, f, indent=1)


if __name__ == "__main__":
    main()
