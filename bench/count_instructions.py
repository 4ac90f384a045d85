#!/usr/bin/env python3
"""Instructions per message received and sent: the program's own (valgrind's callgrind), or,
with --whole-vm, every one the VM runs, the kernel's included (a QEMU plugin).

Timings in an emulated VM move with the host's load; an instruction count does not.  Each
implementation's benchmark program (bench_c, bench_py.py, bench_lua.lua: the loops
run_bench.py times) runs under callgrind with this process as the other end.  To count a
receive, the program runs with BENCH_RECEIVE_ONLY=1 and prints its port; this process opens
the association, sends COUNT messages (stream 1, PPID 46), waits until all are acknowledged
and writes a line; the program then receives them and writes its result.  To count a send,
the program runs with BENCH_SEND_TO=PORT, this process's port, says it is ready, and sends
COUNT messages there when the line comes; they queue at this process, which reads them only
after the count (a reader waking per message would add work that depends on the program's
pace, not its calls).  Callgrind zeroes its counters whenever the program enters read() (the
last time: reading that line) and dumps them whenever it enters write(), so one dump holds
the loop alone, plus the few thousand instructions of taking the line and formatting the
result (under one per message at the default count).  The kernel's share is not counted.

With --whole-vm the program runs as it is, in a VM started with SCTP_VM_PLUGIN naming
qemu_count_plugin (./run instructions does both passes), and the count runs from this
process's writing that line to its reading the result (see WholeVM): a receive is mostly the
kernel's work, and this says how much of the machine's a call takes, free of the host's load
and of the emulator's uneven cost per instruction.

    count_instructions.py [--build DIR] [--size 100] [--style stream] [--count N]
                          [--ops recv,send] [--impls a,b,...] [--reps N]
                          [--annotate | --whole-vm]
"""
import argparse
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

import run_bench

HERE = os.path.dirname(os.path.abspath(__file__))
SOL_SCTP, SCTP_SNDRCV, SCTP_NODELAY = 132, 1, 3
KINDS = {"stream": socket.SOCK_STREAM, "seqpacket": socket.SOCK_SEQPACKET}
RECEIVERS = ["c", "c_batch", "c_plain", "modern", "modern_iter", "modern_into", "modern_batch",
             "compat", "lua", "lua_into", "lua_iter", "lua_values", "lua_batch_into",
             "lua_batch", "socket", "socket_cmsg", "pysctp"]
# the others send as one of these: modern_iter as modern, lua_iter as lua, *_into as *_batch
SENDERS = ["c", "c_batch", "c_plain", "modern", "modern_batch", "compat", "lua", "lua_batch",
           "socket", "socket_cmsg", "pysctp"]
BATCHES = {"c_batch", "modern_into", "modern_batch", "lua_batch_into", "lua_batch"}


def drain(peer, style, size, count):
    """Receive count messages sent to peer (accepting the association first, one-to-one)."""
    rx = peer.accept()[0] if style == "stream" else peer
    rx.settimeout(600)
    for _ in range(count):
        rx.recv(size + 1)


def send_to(port, style, size, count):
    """Send count messages to the program's port and wait until all are acknowledged."""
    tx = socket.socket(socket.AF_INET, KINDS[style], socket.IPPROTO_SCTP)
    tx.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 << 20)
    tx.setsockopt(SOL_SCTP, SCTP_NODELAY, 1)
    sndrcv = [(SOL_SCTP, SCTP_SNDRCV,
               struct.pack("=HHHxxIIIIIi", 1, 0, 0, socket.htonl(46), 0, 0, 0, 0, 0))]
    msg, addr = b"x" * size, ("127.0.0.1", port)
    if style == "seqpacket":
        for _ in range(count):
            tx.sendmsg([msg], sndrcv, 0, addr)
    else:
        tx.connect(addr)
        for _ in range(count):
            tx.sendmsg([msg], sndrcv)
    if not run_bench.settle(60):
        raise RuntimeError("the messages were not acknowledged in 60 s")
    return tx


class Callgrind:
    """The program's own instructions (user space), counted by valgrind's callgrind."""

    def __init__(self, annotate=False):
        self.annotate = annotate
        self.out = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)

    def wrap(self, cmd):
        return ["valgrind", "--tool=callgrind",
                "--callgrind-out-file=" + os.path.join(self.out, "cg"), "--compress-strings=no",
                "--zero-before=read", "--dump-before=write"] + cmd

    def start(self):
        # the dumps so far came from writing the port; the next one is the loop's
        self.first = sum(name.startswith("cg.") for name in os.listdir(self.out)) + 1

    def stop(self):
        pass

    def result(self):
        """The loop's instructions (after the program has ended), or None."""
        dump = os.path.join(self.out, "cg.%d" % self.first)
        with open(dump) as f:
            found = re.search(r"^summary: (\d+)$", f.read(), re.M)
        if found and self.annotate:
            # a call in progress when the counters were zeroed is left as "calls=0", and
            # callgrind_annotate 3.19 then takes its inclusive cost for the caller's own
            with open(dump) as f, open(dump + ".fixed", "w") as g:
                g.write(re.sub(r"^calls=0 ", "calls=1 ", f.read(), flags=re.M))
            print(subprocess.run(["callgrind_annotate", dump + ".fixed"], capture_output=True,
                                 text=True).stdout, flush=True)
        return (int(found.group(1)), 0) if found else None

    def close(self):
        shutil.rmtree(self.out)


class WholeVM:
    """Every instruction the VM runs, user space and kernel, on both vCPUs, from just before
    this process writes the line that starts the loop to just after it reads the result: the
    QEMU plugin (qemu_count_plugin.c) writes its totals when this process calls count_mark().
    Besides the loop the interval holds the exchange of those two lines and the kernel's timer
    ticks, and for a send the kernel's delivering each message to this process's queue and
    acknowledging it: the same for every program."""

    def __init__(self, build):
        self.path = os.environ.get("SCTP_VM_PLUGIN_OUT")
        if not self.path:
            sys.exit("count_instructions: --whole-vm needs the VM started with the plugin "
                     "(./run instructions does it)")
        import ctypes
        self.mark = ctypes.CDLL(os.path.join(build, "bench", "libcount_mark.so")).count_mark

    def wrap(self, cmd):
        return cmd

    def start(self):
        self.mark()

    def stop(self):
        self.mark()

    def result(self):
        """The difference between the plugin's last two lines (read only now: reading the
        file is work of the kernel's too)."""
        with open(self.path) as f:
            before, after = (line.split()[2:] for line in f.read().splitlines()[-2:])
        return tuple(int(b) - int(a) for a, b in zip(before, after))

    def close(self):
        pass


def count_loop(op, cmd, env, style, size, count, counter):
    """(user, kernel) instructions counter counts while cmd sends or receives (op) count
    messages."""
    peer = socket.socket(socket.AF_INET, KINDS[style], socket.IPPROTO_SCTP)
    peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
    if op == "send":
        peer.bind(("127.0.0.1", 0))
        peer.listen(4)
        peer.settimeout(600)
        env = dict(env, BENCH_SEND_TO=str(peer.getsockname()[1]))
    else:
        env = dict(env, BENCH_RECEIVE_ONLY="1")
    p = subprocess.Popen(counter.wrap(cmd), env=env, text=True, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline()      # its port, or that it is ready to send
        if not line.startswith("{"):
            raise RuntimeError("not ready: " + line)
        if op == "recv":
            tx = send_to(json.loads(line)["port"], style, size, count)
        counter.start()
        p.stdin.write("\n")
        p.stdin.flush()
        if not p.stdout.readline().startswith("{"):
            raise RuntimeError("no result")
        counter.stop()
        p.stdin.close()
        p.wait(timeout=600)
        if op == "send":
            drain(peer, style, size, count)     # queued meanwhile: read only now, uncounted
        else:
            tx.close()
        found = counter.result()
        if p.returncode != 0 or not found:
            raise RuntimeError("exit status %d" % p.returncode)
        return found
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        p.kill()
        sys.exit("count_instructions: %s failed (%s):\n%s" % (" ".join(cmd), e, p.stderr.read()))
    finally:
        peer.close()
        counter.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build-release"))
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--style", default="stream", choices=["stream", "seqpacket"])
    ap.add_argument("--count", type=int, default=12000)
    ap.add_argument("--annotate", action="store_true",
                    help="print each loop's instructions function by function (callgrind)")
    ap.add_argument("--whole-vm", action="store_true",
                    help="count the kernel's instructions too, every one the VM runs (QEMU "
                    "plugin; in a VM started with SCTP_VM_PLUGIN)")
    ap.add_argument("--reps", type=int, default=1,
                    help="count each loop this many times and report the median")
    ap.add_argument("--ops", default="recv,send", help="recv, send or both")
    ap.add_argument("--impls", help="comma-separated, as run_bench.py names them "
                    "(default: every receiver, then every sender)")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    run_bench.raise_buffer_limits()
    env = dict(os.environ, PYTHONPATH=os.path.join(build, "python"),
               LUA_PATH=os.path.join(build, "lua", "?.lua") + ";;",
               LUA_CPATH=os.path.join(build, "lua", "?.so") + ";;")
    skip = set() if os.path.exists(os.environ.get("PYSCTP_PATH", "")) else {"pysctp"}
    if skip:
        print("count_instructions: pysctp not counted (set PYSCTP_PATH)", file=sys.stderr)
    if args.style == "seqpacket":       # batches are measured one-to-one, as in run_bench.py
        skip |= BATCHES
    new_counter = (lambda: WholeVM(build)) if args.whole_vm else (lambda: Callgrind(args.annotate))
    for op, impls in (("recv", RECEIVERS), ("send", SENDERS)):
        if op not in args.ops.split(","):
            continue
        impls = [i for i in (args.impls.split(",") if args.impls else impls)
                 if i not in skip and (op == "recv" or i in SENDERS)]
        print("%s instructions per %s %d B message, %s (%s, %d messages%s)"
              % ("User-space and kernel" if args.whole_vm else "User-space",
                 "received" if op == "recv" else "sent", args.size,
                 "one-to-one" if args.style == "stream" else "one-to-many",
                 "QEMU plugin" if args.whole_vm else "callgrind", args.count,
                 ", median of %d" % args.reps if args.reps > 1 else ""), flush=True)
        if args.whole_vm:
            print("  %-30s %7s %7s %7s" % ("", "user", "kernel", "total"))
        c = None
        for impl in impls:
            # -S: no site module, a shorter start under valgrind; the loop is the same
            cmd = run_bench.command(impl, build, [args.style, str(args.size), str(args.count), "0"],
                                    python=(sys.executable, "-S"))
            # the kernel's part moves by a few percent (acknowledgements, timers): the median
            counts = sorted(((u + k) / args.count, u / args.count, k / args.count) for u, k in (
                count_loop(op, cmd, env, args.style, args.size, args.count, new_counter())
                for _ in range(args.reps)))
            total, user, kernel = counts[len(counts) // 2]
            c = total if impl == "c" else c
            if args.whole_vm:
                ratio = "  (%.2fx the C core)" % (total / c) if c and impl != "c" else ""
                spread = "  [%.0f-%.0f]" % (counts[0][0], counts[-1][0]) if args.reps > 1 else ""
                print("  %-30s %7.0f %7.0f %7.0f%s%s" % (run_bench.NAMES[impl], user, kernel,
                                                         total, ratio, spread), flush=True)
            else:
                over = "  (+%5.0f over the C core)" % (total - c) if c and impl != "c" else ""
                print("  %-30s %6.0f%s" % (run_bench.NAMES[impl], total, over), flush=True)


if __name__ == "__main__":
    main()
