"""Multi-homing between two network namespaces joined by two veth pairs (two paths).

Needs root (ip netns); the test command runs the suite as root in the VM."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
A1, A2, B1, B2 = "192.0.2.1", "198.51.100.1", "192.0.2.2", "198.51.100.2"

if os.geteuid() != 0 and not os.environ.get("SCTP_IN_VM"):
    pytest.skip("network namespaces need root (./run test runs as root)", allow_module_level=True)


def sh(*cmd):
    subprocess.run(cmd, check=True)


@pytest.fixture
def paths():
    """Namespaces mhA and mhB; path 1 = a1/b1 (192.0.2.0/24), path 2 = a2/b2 (198.51.100.0/24)."""
    for ns in ("mhA", "mhB"):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        sh("ip", "netns", "add", ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    for i, (a, b) in enumerate([(A1, B1), (A2, B2)], 1):
        sh("ip", "link", "add", "a%d" % i, "netns", "mhA", "type", "veth", "peer", "b%d" % i,
           "netns", "mhB")
        sh("ip", "-n", "mhA", "addr", "add", a + "/24", "dev", "a%d" % i)
        sh("ip", "-n", "mhB", "addr", "add", b + "/24", "dev", "b%d" % i)
        sh("ip", "-n", "mhA", "link", "set", "a%d" % i, "up")
        sh("ip", "-n", "mhB", "link", "set", "b%d" % i, "up")
    yield
    for ns in ("mhA", "mhB"):
        subprocess.run(["ip", "netns", "del", ns])


def run_pair(count, plan, port=36412, lua=False):
    """Server (Python) in mhB, client (Python, or Lua with lua=True) in mhA; their reports."""
    env = dict(os.environ)
    py = [sys.executable, os.path.join(HERE, "mh_peer.py")]
    server = subprocess.Popen(["ip", "netns", "exec", "mhB"] + py +
                              ["server", B1, B2, str(port), str(count)],
                              stdout=subprocess.PIPE, text=True, env=env)
    assert server.stdout.readline().strip() == "ready"
    if lua:
        cmd = ["lua5.4", os.path.join(HERE, "..", "lua", "mh_client.lua"), A1, A2, B1, B2,
               str(port), str(count)]
    else:
        cmd = py + ["client", A1, A2, B1, B2, str(port), str(count), plan]
    client = subprocess.run(["ip", "netns", "exec", "mhA"] + cmd,
                            capture_output=True, text=True, env=env, timeout=240)
    assert client.returncode == 0, client.stderr
    out, _ = server.communicate(timeout=120)
    assert server.returncode == 0
    last = client.stdout.strip().splitlines()[-1]
    return json.loads(out.strip().splitlines()[-1]), (last if lua else json.loads(last))


def test_failover_keeps_every_message_in_order(paths):
    srv, cli = run_pair(300, "failover")
    assert srv == {"received": 300, "errors": [], "duplicates": 0}
    assert cli["unreachable"], cli["notifications"]     # the primary path went down ...
    assert cli["available"], cli["notifications"]       # ... and came back
    assert cli["primary"] == B2                         # set_primary moved the traffic


def test_loss_and_reordering_lose_and_duplicate_nothing(paths):
    for dev in ("a1", "a2"):
        sh("ip", "netns", "exec", "mhA", "tc", "qdisc", "add", "dev", dev, "root", "netem",
           "loss", "20%", "delay", "5ms", "reorder", "25%", "50%")
    srv, _ = run_pair(200, "plain", port=36413)
    assert srv == {"received": 200, "errors": [], "duplicates": 0}


def test_connectx_succeeds_over_the_second_path_when_the_first_is_dead(paths):
    """Path 1 drops everything, ARP too: its neighbour lookup fails after a second (one probe)
    and the kernel reports an ICMP host-unreachable for the INIT, a soft error on the socket.
    The INIT's retransmission (3 s) goes over path 2 and the association comes up: connectx
    must succeed, not report that soft error, and every message must still arrive."""
    sh("ip", "netns", "exec", "mhA", "tc", "qdisc", "add", "dev", "a1", "root", "netem",
       "loss", "100%")
    sh("ip", "netns", "exec", "mhA", "sysctl", "-qw", "net.ipv4.neigh.a1.mcast_solicit=1")
    srv, cli = run_pair(60, "plain", port=36416)
    assert srv == {"received": 60, "errors": [], "duplicates": 0}
    assert cli["primary"] == B2                         # the path that answered


def test_failover_seen_from_lua(paths):
    srv, report = run_pair(300, "failover", port=36414, lua=True)
    assert srv == {"received": 300, "errors": [], "duplicates": 0}
    assert report == "unreachable=true available=true primary=%s" % B2


def test_bindx_on_a_live_association_is_seen_by_the_peer(paths):
    """ASCONF (RFC 5061): the client adds A2, makes it the server's primary, removes it."""
    py = [sys.executable, os.path.join(HERE, "asconf_peer.py")]
    server = subprocess.Popen(["ip", "netns", "exec", "mhB"] + py + ["server", B1, "36415"],
                              stdout=subprocess.PIPE, text=True)
    assert server.stdout.readline().strip() == "ready"
    client = subprocess.run(["ip", "netns", "exec", "mhA"] + py + ["client", A1, A2, B1, "36415"],
                            capture_output=True, text=True, timeout=120)
    assert client.returncode == 0, client.stderr
    out, _ = server.communicate(timeout=60)
    assert server.returncode == 0
    steps = json.loads(client.stdout.strip().splitlines()[-1])
    events = json.loads(out.strip().splitlines()[-1])
    assert steps["before"]["paddrs"] == [A1]
    assert steps["added"]["paddrs"] == [A1, A2]
    assert steps["peer-primary"]["primary"] == A2
    assert steps["removed"]["paddrs"] == [A1]
    assert steps["removed"]["primary"] == A1
    for event in (["ADDR_ADDED", A2], ["ADDR_MADE_PRIM", A2], ["ADDR_REMOVED", A2]):
        assert event in events, events
