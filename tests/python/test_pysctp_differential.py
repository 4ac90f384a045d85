"""pysctp, value for value: one pysctp-API program run against pysctp 0.7.3 (built here from
its source, never committed) and against this package prints the same lines."""
import os
import shutil
import subprocess
import sys
import textwrap

# Beside the checkout in this workplace; SCTP_PYSCTP_SOURCE names it for a clone elsewhere.
REFERENCE = os.environ.get("SCTP_PYSCTP_SOURCE") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "reference", "pysctp-0.7.3")

# Values that differ from run to run (ports, TSNs, association ids) are printed as their type.
PROGRAM = textwrap.dedent(r'''
    import socket, sys
    import sctp

    def show(label, value):
        print(label, type(value).__name__, value if isinstance(value, (bool, str, bytes)) else "")

    def attrs(label, obj):
        print(label, type(obj).__name__, sorted(k for k in vars(obj) if not k.startswith("_")))

    srv = sctp.sctpsocket_tcp(socket.AF_INET)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    cli = sctp.sctpsocket_tcp(socket.AF_INET)
    cli.settimeout(5)
    cli.connect(srv.getsockname())
    conn, addr = srv.accept()
    conn.settimeout(5)
    # pysctp fills sndrcvinfo only with data_io on (this package always does)
    conn.events.data_io = True
    conn.events.flush()
    show("accept addr", addr[0])
    for name in ("nodelay", "disable_fragments", "mappedv4"):
        show("get_" + name, getattr(cli, "get_" + name)())
        show(name, getattr(cli, name))
    cli.set_nodelay(True)
    show("nodelay after set", cli.get_nodelay())
    attrs("assocparams", cli.get_assocparams())
    attrs("rtoinfo", cli.get_rtoinfo())
    attrs("status", cli.get_status())
    attrs("initmsg", cli.initparams.initmsg())
    show("streamid", cli.streamid)
    show("ttl", cli.ttl)
    cli.sctp_send(b"hello", ppid=socket.htonl(46), stream=1)
    fromaddr, flags, msg, notif = conn.sctp_recv(1000)
    show("msg", msg)
    show("flags eor", bool(flags & sctp.FLAG_EOR))
    show("fromaddr len", str(len(fromaddr)))
    attrs("sndrcvinfo", notif)
    print("sndrcvinfo order", list(vars(notif)))
    show("ppid", socket.ntohl(notif.ppid) == 46)
    show("stream", notif.stream == 1)
    conn.events.shutdown = True
    conn.events.flush()
    show("events.shutdown", conn.events.shutdown)
    cli.close()
    fromaddr, flags, msg, notif = conn.sctp_recv(1000)
    show("notification flag", bool(flags & sctp.FLAG_NOTIFICATION))
    print("notification", type(notif).__name__)
    attrs("shutdown_event", notif)
    for c in ("MSG_UNORDERED", "MSG_ABORT", "MSG_EOF", "FLAG_NOTIFICATION", "FLAG_EOR",
              "BINDX_ADD", "BINDX_REMOVE", "TCP_STYLE", "UDP_STYLE"):
        print(c, getattr(sctp, c))
''')


def run(pythonpath, tmp, sanitized=True):
    env = dict(os.environ, PYTHONPATH=pythonpath, PYTHONDONTWRITEBYTECODE="1")
    if not sanitized:
        env.pop("LD_PRELOAD", None)     # pysctp is not built with the sanitizers
    out = subprocess.run([sys.executable, "-c", PROGRAM], env=env, cwd=tmp, text=True,
                         capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_pysctp_programs_print_the_same_lines(tmp_path):
    assert os.path.isdir(REFERENCE), "pysctp 0.7.3's source is needed at " + REFERENCE
    ref = tmp_path / "pysctp"
    shutil.copytree(REFERENCE, ref)
    build = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=ref,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    ours_path = os.path.dirname(os.path.dirname(os.path.abspath(__import__("sctp").__file__)))
    theirs = run(str(ref), str(tmp_path), sanitized=False)
    ours = run(ours_path, str(tmp_path))
    assert theirs[0].startswith("accept addr") and len(theirs) > 20
    assert ours == theirs
