"""Instructions one receive costs outside the kernel, counted by callgrind (repeatable where
timings on a shared host are not).

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=ffi_call \\
        /usr/bin/python3 bench/instructions.py PATH [COUNT]

PATH: recv (``sock.sctp_recv()``), iter (``for msg in sock.messages()``) or pysctp
(the pysctp API's ``sctp_recv(65536)``).  COUNT (2000) 100-byte messages are queued on a
one-to-one association, then received by a loop written as user code writes it.  The loop
is entered through ctypes, so callgrind collects inside ``ffi_call`` only: the loop and
nothing else.  "Collected" divided by COUNT is the cost of one receive; libsctp's
``sctp_recvmsg`` from C, counted with ``--toggle-collect=sctp_recvmsg``, is the reference.
Needs kernel SCTP (run it in the VM: tests/vm/sctp-vm 'valgrind ...').
"""
import ctypes
import socket
import sys
import time

import sctp

PATH = sys.argv[1]
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 2000

if PATH == "pysctp":
    lsn, tx = sctp.sctpsocket_tcp(socket.AF_INET), sctp.sctpsocket_tcp(socket.AF_INET)
else:
    lsn, tx = sctp.SCTPSocket(), sctp.SCTPSocket()
lsn.bind(("127.0.0.1", 0))
lsn.listen(1)
tx.connect(lsn.getsockname())
rx, _ = lsn.accept()
for s in (rx, tx):      # room for them all: SO_RCVBUFFORCE / SO_SNDBUFFORCE (root, the VM)
    for force, plain in ((33, socket.SO_RCVBUF), (32, socket.SO_SNDBUF)):
        try:
            s.setsockopt(socket.SOL_SOCKET, force, 8 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, plain, 8 << 20)
for _ in range(COUNT):
    tx.sctp_send(b"x" * 100, ppid=46, stream=1)
time.sleep(0.5)          # acknowledged and queued


def recv():
    for _ in range(COUNT):
        m = rx.sctp_recv()
    return m.data


def iterate():
    i = 0
    for m in rx.messages():
        i += 1
        if i == COUNT:
            break
    return m.data


def pysctp():
    for _ in range(COUNT):
        m = rx.sctp_recv(65536)
    return m[2]


loop = {"recv": recv, "iter": iterate, "pysctp": pysctp}[PATH]
run = ctypes.pythonapi.PyEval_EvalCodeEx
run.restype = ctypes.py_object
run.argtypes = [ctypes.py_object, ctypes.py_object, ctypes.c_void_p, ctypes.c_void_p,
                ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                ctypes.c_void_p, ctypes.c_void_p]
assert run(loop.__code__, globals(), None, None, 0, None, 0, None, 0, None, None) == b"x" * 100
