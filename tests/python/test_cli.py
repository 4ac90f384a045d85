"""The `sctp` command (python -m sctp) against real associations: listen and connect with
each other, assocs, status, info, --json, exit codes."""
import json
import os
import subprocess
import sys
import time

from helpers import free_port


def sctp_cmd(*args, **kw):
    return subprocess.run([sys.executable, "-m", "sctp", *args], capture_output=True,
                          text=True, timeout=60, **kw)


def start_listener(*args):
    p = subprocess.Popen([sys.executable, "-m", "sctp", "--json", "listen", *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = json.loads(p.stdout.readline())
    assert first["event"] == "listening"
    return p, first["port"]


def events(p):
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_listen_receives_what_connect_sends_with_stream_and_ppid():
    p, port = start_listener("-b", "127.0.0.1", "--count", "3", "--streams", "4")
    r = sctp_cmd("connect", "127.0.0.1", str(port), "--stream", "2", "--ppid", "46",
                 input="one\ntwo\nthree\n")
    assert r.returncode == 0, r.stderr
    assert "sent 3 messages" in r.stdout
    got = [e for e in events(p) if e["event"] == "message"]
    assert [(e["data"], e["stream"], e["ppid"]) for e in got] == [
        ("one", 2, 46), ("two", 2, 46), ("three", 2, 46)]


def test_connect_count_reports_a_rate_and_echo_replies():
    p, port = start_listener("-b", "127.0.0.1", "--echo", "--count", "5")
    r = sctp_cmd("--json", "connect", "127.0.0.1", str(port), "--count", "5", "--size", "10",
                 "--wait-replies")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["length"] for e in lines if e["event"] == "message"] == [10] * 5
    sent = lines[-1]
    assert sent["event"] == "sent" and sent["messages"] == 5 and sent["messages_per_s"] > 0
    events(p)


def test_assocs_and_status_show_a_live_association():
    p, port = start_listener("-b", "127.0.0.1", "--count", "1")
    client = subprocess.Popen([sys.executable, "-c", """if True:
        import socket, sys, sctp
        s = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        s.connect(("127.0.0.1", %d)); print("up", flush=True); sys.stdin.read()
        s.sctp_send(b"bye")""" % port], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert client.stdout.readline().strip() == "up"
        time.sleep(0.2)
        r = sctp_cmd("--json", "assocs", "--port", str(port))
        rows = [json.loads(line) for line in r.stdout.splitlines()]
        assert r.returncode == 0 and len(rows) == 2
        assert {row["state_name"] for row in rows} == {"ESTABLISHED"}
        assert all(row["local"][0]["addr"] == "127.0.0.1" for row in rows)
        text = sctp_cmd("assocs", "--port", str(port)).stdout
        assert text.startswith("State") and text.count("ESTABLISHED") == 2
        st = sctp_cmd("--json", "status", "--port", str(port))
        assert st.returncode == 0
        assert all("rto" in json.loads(line) for line in st.stdout.splitlines())
        assert "primary path" in sctp_cmd("status", "--port", str(port)).stdout
    finally:
        client.stdin.close()
        client.wait(10)
        events(p)


def test_info_says_what_the_kernel_speaks():
    r = sctp_cmd("--json", "info")
    info = json.loads(r.stdout)
    assert r.returncode == 0 and info["sctp_available"] is True
    assert "SCTP_STATUS" in info["options"] and "association" in info["notifications"]
    assert info["kernel"] == os.uname().release
    assert "net.sctp.rto_min" in info["sysctls"]
    # --json is accepted after the subcommand too, as the install check writes it
    assert json.loads(sctp_cmd("info", "--json").stdout) == info


def test_errors_and_usage_have_their_exit_status():
    r = sctp_cmd("connect", "127.0.0.1", "9", "--count", "1", "--timeout", "5")
    assert r.returncode == 1 and "ECONNREFUSED" in r.stderr and "Traceback" not in r.stderr
    r = sctp_cmd("connect", "no-such-host.invalid", "9", "--count", "1")
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr
    for bad in (["frobnicate"], ["connect", "127.0.0.1", "port"], ["connect", ",", "9"],
                ["connect", "127.0.0.1", "70000", "--count", "1"], ["assocs", "--state", "UP"],
                []):
        r = sctp_cmd(*bad)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (bad, r.stderr)
    r = sctp_cmd("status", "--assoc", "999999")
    assert r.returncode == 1 and "no such association" in r.stderr
    for sub in ("listen", "connect", "assocs", "status", "info"):
        assert sctp_cmd(sub, "--help").returncode == 0


def test_listen_receives_what_sctp_darn_and_sctp_test_send():
    p, port = start_listener("-b", "127.0.0.1", "--count", "2")
    # sctp_darn sends the line, then ends with a status of its own at the end of its input
    subprocess.run(["sctp_darn", "-H", "127.0.0.1", "-P", str(free_port()), "-h", "127.0.0.1",
                    "-p", str(port), "-s"], input=b"from darn\n", capture_output=True, timeout=60)
    # sctp_test sends its test pattern's first message once
    tester = subprocess.run(["sctp_test", "-H", "127.0.0.1", "-P", str(free_port()), "-h", "127.0.0.1",
                             "-p", str(port), "-s", "-x", "1", "-c", "1"],
                            capture_output=True, timeout=60)
    got = [e for e in events(p) if e["event"] == "message"]
    assert got[0]["data"].startswith("from darn") and got[0]["stream"] == 0
    assert got[1]["length"] > 0 and got[1]["stream"] >= 0, (got, tester.stdout)


def test_connect_reaches_socat_and_sctp_test_servers(tmp_path):
    port = free_port()
    echo = subprocess.Popen(["socat", "SCTP-LISTEN:%d,bind=127.0.0.1,reuseaddr" % port,
                             "EXEC:cat"])
    try:
        deadline = time.monotonic() + 20
        while True:
            r = sctp_cmd("--json", "connect", "127.0.0.1", str(port), "--wait-replies",
                         "--timeout", "10", input="through socat\n")
            if r.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.3)                 # socat not listening yet
        assert r.returncode == 0, r.stderr
        lines = [json.loads(line) for line in r.stdout.splitlines()]
        assert [e["data"] for e in lines if e["event"] == "message"] == ["through socat"]
    finally:
        echo.kill()
        echo.wait()
    log = open(tmp_path / "sctp_test.log", "w")
    server = subprocess.Popen(["sctp_test", "-H", "127.0.0.1", "-P", str(port), "-l"],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(1)
        r = sctp_cmd("connect", "127.0.0.1", str(port), "--stream", "0", "--ppid", "18",
                     "--timeout", "10", input="to sctp_test\n")
        assert r.returncode == 0, r.stderr
        deadline = time.monotonic() + 20
        while b"Data 12 bytes" not in (tmp_path / "sctp_test.log").read_bytes():
            assert time.monotonic() < deadline, (tmp_path / "sctp_test.log").read_text()
            time.sleep(0.1)
    finally:
        server.kill()
        server.wait()
        log.close()


def test_connect_count_100000_reports_a_rate():
    sink = subprocess.Popen([sys.executable, "-c", """if True:
        import socket, sys, sctp
        srv = sctp.SCTPSocket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
        print(srv.getsockname()[1], flush=True)
        conn, _ = srv.accept()
        print(sum(1 for m in conn.messages() if isinstance(m, sctp.Message)), flush=True)"""],
        stdout=subprocess.PIPE, text=True)
    port = sink.stdout.readline().strip()
    r = subprocess.run([sys.executable, "-m", "sctp", "--json", "connect", "127.0.0.1", port,
                        "--count", "100000", "--size", "100"], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    sent = json.loads(r.stdout.splitlines()[-1])
    assert sent["event"] == "sent" and sent["messages"] == 100000
    assert sent["messages_per_s"] > 0 and sent["bytes_per_s"] > 0
    assert int(sink.stdout.readline()) == 100000       # every one arrived
    sink.wait(60)


def test_status_of_a_multihomed_pair_shows_both_paths():
    p, port = start_listener("-b", "127.0.0.1,127.0.0.2", "--count", "1")
    client = subprocess.Popen([sys.executable, "-m", "sctp", "connect", "127.0.0.1,127.0.0.2",
                               str(port), "--timeout", "10"], stdin=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            st = sctp_cmd("--json", "status", "--port", str(port))
            rows = [json.loads(line) for line in st.stdout.splitlines()]
            client_side = [r for r in rows if r["rport"] == port]
            if client_side or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert st.returncode == 0 and client_side, st.stderr
        peers = {a["addr"] for a in client_side[0]["peer"]}
        assert peers == {"127.0.0.1", "127.0.0.2"}
        text = sctp_cmd("status", "--port", str(port)).stdout
        assert "path 127.0.0.1:%d" % port in text and "path 127.0.0.2:%d" % port in text
        assert "(primary)" in text
    finally:
        client.communicate("bye\n", timeout=30)
        events(p)
