"""sctp.associations() against `ss --sctp` and /proc, with associations of this process
(one-to-one, one-to-many, multi-homed) and of another; SCTPSocket.status() with its
statistics and paths."""
import re
import socket
import subprocess
import sys
import time

import pytest

import sctp


def ss_associations():
    """(local port, peer port, state, local addresses, peer addresses) of every association
    line of `ss --sctp -n -a -i` (the lines under a socket that start with "`-")."""
    out = subprocess.run(["ss", "--sctp", "-n", "-a", "-i"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    found = set()
    for line, info in zip(out, out[1:] + [""]):
        m = re.match(r"\s*`-\s*(\S+)\s+\d+\s+\d+\s+(\S+):(\d+)\s+(\S+):(\d+)", line)
        if not m:
            continue
        state = {"ESTAB": "ESTABLISHED"}.get(m.group(1), m.group(1))
        locals_ = frozenset(re.search(r"locals:(\S+)", info).group(1).split(","))
        peers = frozenset(re.search(r"peers:(\S+)", info).group(1).split(","))
        found.add((int(m.group(3)), int(m.group(5)), state, locals_, peers))
    return found


def ours(records):
    return {(a.lport, a.rport, a.state_name, frozenset(h for h, *_ in a.local),
             frozenset(h for h, *_ in a.peer)) for a in records}


@pytest.fixture
def several():
    """A one-to-one pair, a one-to-many server with two clients, and a multi-homed pair."""
    socks = []

    def sock(type_):
        s = sctp.SCTPSocket(socket.AF_INET, type_)
        socks.append(s)
        return s
    srv = sock(socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    cli = sock(socket.SOCK_STREAM)
    cli.connect(srv.getsockname())
    socks.append(srv.accept()[0])
    many = sock(socket.SOCK_SEQPACKET)
    many.bind(("127.0.0.1", 0))
    many.listen(4)
    for _ in range(2):
        c = sock(socket.SOCK_STREAM)
        c.connect(many.getsockname())
    mh = sock(socket.SOCK_STREAM)
    mh.bindx([("127.0.0.1", 0)])
    port = mh.getsockname()[1]
    mh.bindx([("127.0.0.2", port)])
    mh.listen(4)
    mc = sock(socket.SOCK_STREAM)
    mc.connectx([("127.0.0.1", port), ("127.0.0.2", port)])
    socks.append(mh.accept()[0])
    time.sleep(0.3)
    yield {"one_to_one": srv.getsockname()[1], "one_to_many": many.getsockname()[1],
           "multihomed": port, "client": mc}
    for s in socks:
        s.close()


def test_associations_agree_with_ss(several):
    mine = sctp.associations()
    assert mine and {a.source for a in mine} == {"netlink"}
    # associations of earlier tests may still be shutting down (ss omits those whose
    # socket is gone): compare the established ones, which include the fixture's
    def established(found):
        return {a for a in found if a[2] == "ESTABLISHED"}
    assert len(established(ours(mine))) >= 8
    assert established(ours(mine)) == established(ss_associations())
    by_port = sctp.associations(port=several["multihomed"])
    assert len(by_port) == 2                    # both ends of the multi-homed association
    assert all({h for h, *_ in a.local} == {"127.0.0.1", "127.0.0.2"} or
               {h for h, *_ in a.peer} == {"127.0.0.1", "127.0.0.2"} for a in by_port)
    fixture_ports = {several["one_to_one"], several["one_to_many"], several["multihomed"]}
    of_fixture = [a for a in mine
                  if {a.lport, a.rport} & fixture_ports and a.state_name == "ESTABLISHED"]
    assert len(of_fixture) == 8
    assert all(a.primary in a.peer and a.assoc_id > 0 and a.inode > 0 for a in of_fixture)
    assert len(sctp.associations(port=several["one_to_many"])) == 4   # two clients, both ends
    established = sctp.associations(state="established")
    assert established and all(a.state_name == "ESTABLISHED" for a in established)
    assert sctp.associations(state="COOKIE_WAIT") == []


def test_the_proc_fallback_finds_the_same_associations(several):
    # established only: those of earlier tests may end between the two reads
    netlink = sctp.associations(state="ESTABLISHED")
    proc = sctp.associations(state="ESTABLISHED", source="proc")
    assert len(proc) >= 8 and {a.source for a in proc} == {"proc"}
    assert ours(proc) == ours(netlink)
    assert ({(a.assoc_id, a.inode, a.lport, a.rport, a.primary) for a in proc} ==
            {(a.assoc_id, a.inode, a.lport, a.rport, a.primary) for a in netlink})


def test_an_association_of_another_process_is_listed():
    child = subprocess.Popen([sys.executable, "-c", """if True:
        import socket, sys, time
        import sctp
        srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        srv.bind(("127.0.0.1", 0)); srv.listen(1)
        cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
        cli.connect(srv.getsockname())
        conn, _ = srv.accept()
        print(srv.getsockname()[1], flush=True)
        sys.stdin.read()
        """], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline())
        found = sctp.associations(port=port)
        assert len(found) == 2 and {a.state_name for a in found} == {"ESTABLISHED"}
    finally:
        child.stdin.close()
        child.wait(10)


def test_association_filters_reject_bad_values():
    with pytest.raises(ValueError, match="ESTABLISHED"):
        sctp.associations(state="UP")
    with pytest.raises(ValueError):
        sctp.associations(port=70000)
    with pytest.raises(ValueError):
        sctp.associations(source="ss")


def test_status_has_statistics_and_every_path(several):
    mc = several["client"]
    mc.sctp_send(b"x" * 1000)
    st = mc.status()
    assert st["state"] == sctp.SCTP_ESTABLISHED and st["stats"]["opackets"] >= 1
    assert {p["address"][0] for p in st["paths"]} == {"127.0.0.1", "127.0.0.2"}
    assert [p["primary"] for p in st["paths"]].count(True) == 1
    assert all(p["rto"] > 0 and p["cwnd"] > 0 for p in st["paths"])
