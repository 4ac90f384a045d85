"""Interoperability with third-party SCTP peers, and what reaches the wire (tshark)."""
import json
import socket
import struct
import subprocess
import time

import sctp
from helpers import TOOL_ENV, free_port


def wait_listening(port, timeout=20):
    """Until something accepts SCTP associations on 127.0.0.1:port."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with sctp.SCTPSocket() as s:
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
                return
            except OSError:
                time.sleep(0.1)
    raise AssertionError("nothing listens on port %d" % port)


def test_socat_echoes_our_messages():
    port = free_port()
    echo = subprocess.Popen(["socat", "SCTP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork" % port,
                             "EXEC:cat"], env=TOOL_ENV)
    try:
        wait_listening(port)
        with sctp.SCTPSocket() as s:
            s.settimeout(10)
            s.connect(("127.0.0.1", port))
            s.sctp_send(b"ping through socat", ppid=46)
            assert s.sctp_recv().data == b"ping through socat"
    finally:
        echo.kill()
        echo.wait()


def test_socat_client_reaches_our_server():
    with sctp.SCTPSocket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(20)
        port = srv.getsockname()[1]
        client = subprocess.Popen(["socat", "-", "SCTP-CONNECT:127.0.0.1:%d" % port],
                                  stdin=subprocess.PIPE, env=TOOL_ENV)
        client.stdin.write(b"hello from socat\n")
        client.stdin.flush()
        conn, _ = srv.accept()
        with conn:
            conn.settimeout(20)
            assert conn.sctp_recv().data == b"hello from socat\n"
        client.stdin.close()
        client.wait(20)


def test_lksctp_sctp_test_receives_our_message(tmp_path):
    port = free_port()
    log = open(tmp_path / "sctp_test.log", "w")
    peer = subprocess.Popen(["sctp_test", "-H", "127.0.0.1", "-P", str(port), "-l"],
                            stdout=log, stderr=subprocess.STDOUT, env=TOOL_ENV)
    try:
        time.sleep(1)
        with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as s:
            s.settimeout(10)
            s.sctp_send(b"INTEROP-0123456789", to=("127.0.0.1", port), ppid=18)
            end = time.monotonic() + 20
            # sctp_test reports the size and the first bytes of what it received
            while b"Data 18 bytes. First 10 bytes: INTEROP-0" not in (tmp_path / "sctp_test.log").read_bytes():
                assert time.monotonic() < end, (tmp_path / "sctp_test.log").read_text()
                time.sleep(0.1)
    finally:
        peer.kill()
        peer.wait()
        log.close()


def test_lksctp_sctp_darn_sends_to_our_server():
    with sctp.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET) as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(30)
        port = srv.getsockname()[1]
        darn = subprocess.Popen(["sctp_darn", "-H", "127.0.0.1", "-P", str(free_port()),
                                 "-h", "127.0.0.1", "-p", str(port), "-s"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=TOOL_ENV)
        darn.stdin.write(b"darn says hello\n")
        darn.stdin.flush()
        msg = srv.sctp_recv()
        while isinstance(msg, sctp.Notification):
            msg = srv.sctp_recv()
        assert msg.data.startswith(b"darn says hello")
        darn.stdin.close()
        darn.kill()
        darn.wait()


def test_wire_carries_streams_ppids_and_unordered_flags(tmp_path):
    pcap = tmp_path / "sctp.pcap"
    log = tmp_path / "tshark.log"
    cap = subprocess.Popen(["tshark", "-i", "lo", "-f", "sctp", "-w", str(pcap)],
                           stderr=open(log, "w"), env=TOOL_ENV)
    try:
        # capturing once the file has its header (tshark's words for it differ by version);
        # it takes some seconds to start under emulation
        end = time.monotonic() + 60
        while not (pcap.exists() and pcap.stat().st_size > 0):
            assert cap.poll() is None and time.monotonic() < end, log.read_text()
            time.sleep(0.2)
        with sctp.SCTPSocket() as srv, sctp.SCTPSocket() as cli:
            srv.bind(("127.0.0.1", 0))
            srv.listen(1)
            cli.set_option("SCTP_INITMSG", num_ostreams=8, max_instreams=8)
            cli.settimeout(10)
            cli.connect(srv.getsockname())
            conn, _ = srv.accept()
            conn.settimeout(10)
            cli.sctp_send(b"diameter", stream=3, ppid=46)
            cli.sctp_send(b"ngap", stream=5, ppid=60, unordered=True)
            cli.sctp_send(b"big ppid", stream=0, ppid=0xDEADBEEF)
            for _ in range(3):
                conn.sctp_recv()
            conn.close()
        time.sleep(2)
    finally:
        cap.terminate()
        cap.wait(30)
    out = subprocess.run(["tshark", "-r", str(pcap), "-Y", "sctp.data_payload_proto_id",
                          "-T", "fields", "-e", "sctp.data_sid", "-e", "sctp.data_payload_proto_id",
                          "-e", "sctp.data_u_bit"],
                         capture_output=True, text=True, check=True, env=TOOL_ENV)
    # tshark prints stream ids in hex and booleans as 1/0 or True/False: compare numbers
    bits = {"True": "1", "False": "0"}
    rows = [[int(bits.get(f, f), 0) for f in line.split("\t")]
            for line in out.stdout.split("\n") if line]
    assert [3, 46, 0] in rows, rows            # PPID 46 in network byte order on the wire
    assert [5, 60, 1] in rows, rows            # the unordered bit is set
    assert [0, 0xDEADBEEF, 0] in rows, rows


def test_iperf3_server_counts_what_we_send():
    """We are an iperf3 client asking `iperf3 -s` for an SCTP test: its control protocol over
    TCP (state bytes, length-prefixed JSON), our association for the data; iperf3 counts it."""
    port = free_port()
    server = subprocess.Popen(["iperf3", "-s", "-1", "-J", "-B", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.PIPE, text=True, env=TOOL_ENV)
    try:
        end = time.monotonic() + 20
        while True:                                # until iperf3 listens
            try:
                ctrl = socket.create_connection(("127.0.0.1", port), timeout=20)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < end
                time.sleep(0.1)
        cookie = b"sctp-binding-interop-test-0123456789\0"      # 37 bytes, NUL-terminated

        def state():
            return struct.unpack("b", ctrl.recv(1))[0]

        def send_json(obj):
            text = json.dumps(obj).encode()
            ctrl.sendall(struct.pack("!I", len(text)) + text)

        def read_json():
            size = struct.unpack("!I", ctrl.recv(4, socket.MSG_WAITALL))[0]
            return json.loads(ctrl.recv(size, socket.MSG_WAITALL))

        ctrl.sendall(cookie)
        assert state() == 9                                       # PARAM_EXCHANGE
        send_json({"sctp": True, "omit": 0, "time": 5, "num": 0, "blockcount": 0,
                   "parallel": 1, "len": 1000, "pacing_timer": 1000, "client_version": "3.12"})
        assert state() == 10                                      # CREATE_STREAMS
        data = sctp.SCTPSocket()
        data.settimeout(20)
        data.connect(("127.0.0.1", port))
        data.sctp_send(cookie)
        assert state() == 1 and state() == 2                      # TEST_START, TEST_RUNNING
        sent = 0
        for i in range(2000):
            data.sctp_send(bytes([i % 256]) * 1000, stream=0, ppid=i)
            sent += 1000
        while data.status()["unackdata"]:                         # all of it acknowledged
            time.sleep(0.05)
        time.sleep(0.5)                                           # and read by iperf3
        ctrl.sendall(struct.pack("b", 4))                         # TEST_END
        assert state() == 13                                      # EXCHANGE_RESULTS
        send_json({"cpu_util_total": 0, "cpu_util_user": 0, "cpu_util_system": 0,
                   "sender_has_retransmits": 0,
                   "streams": [{"id": 1, "bytes": sent, "retransmits": 0, "jitter": 0,
                                "errors": 0, "packets": 2000, "start_time": 0, "end_time": 1}]})
        theirs = read_json()
        assert state() == 14                                      # DISPLAY_RESULTS
        ctrl.sendall(struct.pack("b", 16))                        # IPERF_DONE
        assert theirs["streams"][0]["bytes"] == sent              # what iperf3 received
        report = json.loads(server.communicate(timeout=30)[0])
        assert report["start"]["test_start"]["protocol"] == "SCTP"
        assert report["end"]["sum_received"]["bytes"] == sent
        data.close()
        ctrl.close()
    finally:
        server.kill()
        server.wait()
