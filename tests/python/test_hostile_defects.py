"""The defects hostile use found (issue 36), each made impossible: a closed socket's blocked
reader never takes another socket's data, a notification is never typed as data, a shared
iterator hands each message to one thread, a connect that a signal interrupts still
connects, a waiting receive keeps the socket it reads."""
import errno
import json
import socket
import subprocess
import sys
import threading
import time

import pytest

import sctp


def test_close_wakes_a_blocked_reader_which_never_reads_the_reused_descriptor(pair):
    for receive in ("sctp_recv", "messages", "recv_many_into"):
        conn, cli = pair()
        conn.settimeout(None)
        result = []

        def reader():
            try:
                if receive == "sctp_recv":
                    result.append(conn.sctp_recv())
                elif receive == "messages":
                    result.append(next(conn.messages()))
                else:
                    result.append(conn.recv_many_into(sctp.Batch(4, 64)))
            except OSError as e:
                result.append(e)

        t = threading.Thread(target=reader)
        t.start()
        time.sleep(0.3)
        started = time.monotonic()
        conn.close()                        # wakes the reader at once
        t.join(5)
        assert not t.is_alive() and time.monotonic() - started < 2
        assert isinstance(result[0], OSError) and result[0].errno == errno.EBADF, receive
        # new sockets reuse the freed number (the C test checks it is the same): the data
        # of a new association goes to its owner only
        conn2, cli2 = pair()
        cli2.sctp_send(b"SECRET")
        assert conn2.sctp_recv().data == b"SECRET"
        with pytest.raises(OSError):
            conn.sctp_recv()


@pytest.mark.parametrize("size", range(1, 13))
def test_a_notification_that_does_not_fit_is_never_data(pair, size):
    conn, cli = pair()
    conn.subscribe("shutdown")
    cli.sctp_send(b"x")
    cli.shutdown(socket.SHUT_WR)
    time.sleep(0.2)
    paths = {
        "sctp_recv": lambda: conn.sctp_recv(size),
        "sctp_recv_into": lambda: conn.sctp_recv_into(bytearray(size)),
    }
    path = ["sctp_recv", "sctp_recv_into", "recv_many", "batch", "messages"][size % 5]
    if path in paths:
        got = [paths[path]() for _ in range(3)]
    elif path == "recv_many":
        got = []
        while len(got) < 3:
            got += conn.recv_many(4, size)
    elif path == "batch":
        batch, got = sctp.Batch(4, size), []
        while len(got) < 3:
            conn.recv_many_into(batch)
            got += list(batch)
    else:
        got = list(conn.messages(4, size))
    # a view in sctp_recv_into's Message makes it the GC-tracked subclass; still a Message
    kinds = [sctp.Message if isinstance(m, sctp.Message) else type(m) for m in got]
    assert kinds[:3] == [sctp.Message, sctp.api.Shutdown, sctp.Message] or \
        kinds == [sctp.Message, sctp.api.Shutdown], (path, kinds)
    note = got[1]
    assert note.type_name == "SHUTDOWN_EVENT" and len(note.raw) == note.length
    assert not any(isinstance(m, sctp.Message) and m.msg_flags & sctp.MSG_NOTIFICATION for m in got)
    # the pysctp API: FLAG_NOTIFICATION with a decoded notification object
    if size == 4:
        c2, k2 = pair()
        cc, kk = sctp.sctpsocket_tcp(socket.AF_INET, c2), k2
        cc.events.shutdown = True
        cc.events.flush()
        kk.close()
        fromaddr, flags, msg, notif = cc.sctp_recv(4)
        assert flags & sctp.FLAG_NOTIFICATION and type(notif) is sctp.shutdown_event


def test_threads_share_one_messages_iterator(pair):
    conn, cli = pair()
    cli.setsockopt(132, sctp.SCTP_NODELAY, 1)
    total = 2000
    it = conn.messages(16, 64)
    got, errors = [], []

    def consume():
        try:
            for m in it:
                if not m.data:
                    return
                got.append(m.data)
        except Exception as e:       # noqa: BLE001 - any error fails the test below
            errors.append(e)

    threads = [threading.Thread(target=consume) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(0, total, 50):
        cli.send_many([b"%05d" % k for k in range(i, i + 50)])
    cli.shutdown(socket.SHUT_WR)      # the end of the stream ends every loop
    for t in threads:
        t.join(30)
    assert errors == [] and not any(t.is_alive() for t in threads)
    assert sorted(got) == [b"%05d" % k for k in range(total)]   # each once, none lost


def test_a_pysctp_socket_whose_socket_is_replaced_mid_recv_reads_the_old_one():
    """The pysctp API's sctp_recv (a C method) holds the socket it reads from while it waits
    without the GIL: replacing _sk then frees nothing under it."""
    lsn = sctp.sctpsocket_tcp(socket.AF_INET)
    lsn.bind(("127.0.0.1", 0))
    lsn.listen(1)
    cli = sctp.sctpsocket_tcp(socket.AF_INET)
    cli.connect(lsn.getsockname())
    conn, _ = lsn.accept()
    conn.settimeout(10)
    got = []
    t = threading.Thread(target=lambda: got.append(conn.sctp_recv(100)))
    t.start()
    time.sleep(0.3)                   # the reader waits
    conn._sk = sctp.SCTPSocket()      # the old socket's last reference is the waiting call's
    cli.sctp_send(b"still here", ppid=46)
    t.join(10)
    assert not t.is_alive() and got and got[0][2] == b"still here"
    assert got[0][3].ppid == socket.htonl(46)
    for s in (conn, cli, lsn):
        s.close()


# Run in a network namespace whose loopback delays every packet, so the handshake takes long
# enough for a signal to arrive in the middle; the handler is installed with SA_RESTART
# (siginterrupt False), as libuv and many C libraries install theirs.
INTERRUPTED_CONNECT = r"""if True:
    import errno, json, signal, socket, sys, time
    import sctp
    fired = []
    signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    signal.siginterrupt(signal.SIGALRM, False)
    srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET)
    srv.bind(("127.0.0.1", 0)); srv.listen(8)
    out = {}
    for name in ("socket module", "connect", "connectx"):
        if name == "socket module":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
        else:
            s = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        fired.clear()
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        try:
            if name == "connectx":
                s.connectx([srv.getsockname()])
            else:
                s.connect(srv.getsockname())
            out[name] = ["connected", s.getpeername()[1] == srv.getsockname()[1]]
        except OSError as e:
            out[name] = [errno.errorcode[e.errno], False]
        time.sleep(0.01)          # the Python-level handler runs between bytecodes
        out[name].append(len(fired))
        s.close()
    print(json.dumps(out))
"""


def test_a_blocking_connect_that_a_signal_interrupts_still_connects():
    """The kernel restarts a connect() that a signal with SA_RESTART interrupted, and the
    restart finds the association the first attempt began: the socket module's connect
    reports EALREADY (or EISCONN once it is up) for a connect that is working.  Ours never
    blocks in the kernel, so it connects (connect and connectx alike)."""
    shell = 'ip link set lo up && tc qdisc add dev lo root netem delay 250ms && exec "$0" -c "$1"'
    out = subprocess.run(["unshare", "-n", "sh", "-c", shell, sys.executable, INTERRUPTED_CONNECT],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["socket module"][0] in ("EALREADY", "EISCONN"), report  # the restart
    assert report["socket module"][2] == 1, report
    assert report["connect"] == ["connected", True, 1]
    assert report["connectx"] == ["connected", True, 1]
