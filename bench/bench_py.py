"""Per-call cost of one Python implementation (same protocol as bench_c.c).

    bench_py.py IMPL STYLE SIZE COUNT REPS
IMPL: compat (our pysctp-compatible API), modern (sctp.SCTPSocket), modern_batch (its
send_many / recv_many, 64 messages per call, one-to-one), modern_into (send_many and
recv_many_into a preallocated sctp.Batch), modern_iter (sctp_send, and a loop over
messages(): one message per step, read ahead 64 at a time), socket (the standard module's
send/recv, no SCTP info), socket_cmsg (the standard module's sendmsg/recvmsg with SCTP_SNDRCV
packed by hand), pysctp (the real pysctp, found on PYSCTP_PATH).
Prints one JSON line per operation, like bench_c; REPS 0 runs one rep per line of stdin.
With BENCH_RECEIVE_ONLY=1 or BENCH_SEND_TO=PORT the other end is another process
, as in bench_c.
"""
import json
import os
import socket
import struct
import sys
import time

from run_bench import settle   # the wait for acknowledgements, shared with the driver

IMPL, STYLE, SIZE, COUNT, REPS = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
if IMPL == "pysctp":
    sys.path.insert(0, os.environ["PYSCTP_PATH"])
    for p in list(sys.path):          # make sure ours is not the one imported
        if p.endswith("build/python") or p.endswith("build-release/python"):
            sys.path.remove(p)
if IMPL in ("compat", "modern", "modern_batch", "modern_into", "modern_iter", "pysctp"):
    import sctp

SOL_SCTP, SCTP_SNDRCV, SCTP_EVENTS, SCTP_RECVRCVINFO = 132, 1, 11, 32
SEQ = STYLE == "seqpacket"
RECEIVE_ONLY = os.environ.get("BENCH_RECEIVE_ONLY") == "1"
SEND_TO = os.environ.get("BENCH_SEND_TO")
TYPE = socket.SOCK_SEQPACKET if SEQ else socket.SOCK_STREAM
PPID = 46
MSG = b"x" * SIZE


def big(s):
    # SO_RCVBUFFORCE / SO_SNDBUFFORCE work as root (the VM); else the capped plain options
    for force, plain in ((33, socket.SO_RCVBUF), (32, socket.SO_SNDBUF)):
        try:
            s.setsockopt(socket.SOL_SOCKET, force, 32 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, plain, 32 << 20)


def make_pair():
    cls = sctp.SCTPSocket if IMPL.startswith("modern") else socket.socket
    srv = cls(socket.AF_INET, TYPE, socket.IPPROTO_SCTP)
    big(srv)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    tx = cls(socket.AF_INET, TYPE, socket.IPPROTO_SCTP)
    big(tx)
    tx.setsockopt(SOL_SCTP, 3, 1)     # SCTP_NODELAY, as in bench_c.c
    addr = srv.getsockname()
    def info(s):
        """Every receiver reports SCTP info once: SCTPSocket asks for RCVINFO itself (as the
        C core's bench does), the others subscribe to data_io (SNDRCV); both would put two
        control messages in every receive."""
        if not IMPL.startswith("modern"):
            s.setsockopt(SOL_SCTP, SCTP_EVENTS, b"\x01")

    info(srv)
    if SEND_TO:             # the receiver is the process that named its port; srv is unused
        addr = ("127.0.0.1", int(SEND_TO))
        if not SEQ:
            tx.connect(addr)
        print(json.dumps({"ready": True}), flush=True)
        return srv, tx, srv, addr
    if RECEIVE_ONLY:        # tx stays unused: the sender is the process told the port
        print(json.dumps({"port": addr[1]}), flush=True)
    elif SEQ:
        tx.sendto(MSG, addr)
        srv.recv(SIZE + 1)
    else:
        tx.connect(addr)
    if SEQ:
        rx = srv
    else:
        rx, _ = srv.accept()
        if IMPL.startswith("modern"):
            rx = sctp.SCTPSocket(fileno=rx.detach())
        big(rx)
        info(rx)
    return srv, tx, rx, addr


srv, tx, rx, addr = make_pair()
cmsg_space = socket.CMSG_SPACE(32)
SNDRCV = [(SOL_SCTP, SCTP_SNDRCV, struct.pack("=HHHxxIIIIIi", 1, 0, 0, socket.htonl(PPID), 0, 0, 0, 0, 0))]


def each_message(c):
    """COUNT calls, one per message, compiled as a user's loop calling the bound method with
    literal keywords would be: no wrapper, frame or keyword dict of the benchmark's own."""
    f, args, kwargs = c if isinstance(c, tuple) else (c, (), {})
    names = dict(f=f, **{"a%d" % i: a for i, a in enumerate(args)},
                 **{"k_" + k: v for k, v in kwargs.items()})
    params = ", ".join("%s=%s" % (n, n) for n in names)
    argv = ", ".join(["a%d" % i for i in range(len(args))] +
                     ["%s=k_%s" % (k, k) for k in kwargs])
    code = "def run(%s):\n    for _ in range(%d):\n        f(%s)\n" % (params, COUNT, argv)
    exec(code, names)
    return names["run"]


def call(f, *args, **kwargs):
    """f(*args, **kwargs), for each_message to compile into its loop."""
    return f, args, kwargs


if IMPL in ("compat", "pysctp"):
    mk = sctp.sctpsocket_udp if SEQ else sctp.sctpsocket_tcp
    wtx, wrx = mk(socket.AF_INET, tx), mk(socket.AF_INET, rx)
    to = addr if SEQ else ("", 0)
    send = call(wtx.sctp_send, MSG, to=to, ppid=PPID, stream=1)
    recv = call(wrx.sctp_recv, SIZE + 1)
elif IMPL == "modern":
    to = addr if SEQ else None
    send = call(tx.sctp_send, MSG, stream=1, ppid=PPID, to=to)
    recv = call(rx.sctp_recv)           # as a user calls it: the default buffer size
elif IMPL in ("modern_batch", "modern_into"):
    batch = [MSG] * 64
    room = sctp.Batch(64, SIZE + 1)

    def send_batch():
        n = 0
        while n < COUNT:
            n += tx.send_many(batch[:min(64, COUNT - n)], stream=1, ppid=PPID)

    if IMPL == "modern_batch":
        def recv_batch():
            n = 0
            while n < COUNT:
                n += len(rx.recv_many(64, SIZE + 1))
    else:       # the messages stay in the Batch: nothing is built per message
        def recv_batch():
            n = 0
            while n < COUNT:
                n += rx.recv_many_into(room)
elif IMPL == "modern_iter":
    send = call(tx.sctp_send, MSG, stream=1, ppid=PPID, to=addr if SEQ else None)
    messages = rx.messages()            # the defaults: 64 read ahead, 64 KiB each

    def recv_iter():        # a user's loop: for msg in sock.messages(): ...
        n = 0
        for msg in messages:
            n += 1
            if n == COUNT:
                break
elif IMPL == "socket":
    send = call(tx.sendto, MSG, addr) if SEQ else call(tx.send, MSG)
    recv = call(rx.recv, SIZE + 1)
elif IMPL == "socket_cmsg":
    dest = addr if SEQ else None
    send = call(tx.sendmsg, [MSG], SNDRCV, 0, dest) if SEQ else call(tx.sendmsg, [MSG], SNDRCV)

    def recv():
        data, anc, flags, frm = rx.recvmsg(SIZE + 1, cmsg_space)
        for level, kind, blob in anc:
            if level == SOL_SCTP and kind == SCTP_SNDRCV:
                return data, struct.unpack_from("=HHHxxIIIIIi", blob)
        return data, None
else:
    sys.exit("unknown implementation " + IMPL)


if IMPL in ("modern_batch", "modern_into"):
    send_all, recv_all = send_batch, recv_batch
elif IMPL == "modern_iter":
    send_all, recv_all = each_message(send), recv_iter
else:
    send_all, recv_all = each_message(send), each_message(recv)


def per_message_ns(run):
    t0 = time.perf_counter_ns()
    run()
    return (time.perf_counter_ns() - t0) // COUNT


def one_rep():
    if RECEIVE_ONLY:
        return 0, per_message_ns(recv_all)
    if SEND_TO:
        return per_message_ns(send_all), 0
    send = per_message_ns(send_all)
    settle(10)        # every send acknowledged (at most 10 s) before the timed receive
    return send, per_message_ns(recv_all)


if REPS == 0:       # one rep per line read from stdin (run_bench.py takes turns)
    for _ in sys.stdin:
        send, recv = one_rep()
        print(json.dumps({"impl": IMPL, "send": send, "recv": recv}), flush=True)
else:
    send_ns, recv_ns = zip(*(one_rep() for _ in range(REPS)))
    print(json.dumps({"impl": IMPL, "op": "send", "ns": list(send_ns)}))
    print(json.dumps({"impl": IMPL, "op": "recv", "ns": list(recv_ns)}))
