"""``sctp``: listen, connect, look at associations and the kernel's SCTP, from the shell.

    sctp listen -p 36412 --echo             sctp connect 10.0.0.1,10.0.0.2 36412 --ppid 18
    sctp assocs --state established         sctp status --port 36412
    sctp info                               any of them with --json: one JSON object a line

Exit status: 0 done, 1 an OS error (one line on stderr naming the errno), 2 a usage error.
Ctrl-C ends cleanly: associations are shut down (``--abort`` on connect aborts them).
A client of the public sctp API only.
"""
import argparse
import errno
import json
import os
import socket
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence

from . import api

PROG = "sctp"


def _addr_text(a: Any) -> str:
    if not a:
        return "-"
    host, port = a[0], a[1]
    return "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)


def _jsonable(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode("latin-1")
    if isinstance(v, tuple):
        return {"addr": v[0], "port": v[1]}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


class Out:
    """One line per event: text for people, or one JSON object (--json)."""

    def __init__(self, as_json: bool):
        self.json = as_json

    def emit(self, event: str, text: str, **fields: Any) -> None:
        if self.json:
            print(json.dumps(dict(event=event, **_jsonable(fields)), sort_keys=True), flush=True)
        else:
            print(text, flush=True)


def _payload_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
        if text.isprintable():
            return repr(text)
    except UnicodeDecodeError:
        pass
    return "<%d bytes>" % len(data)


def _message_fields(m: api.Message) -> Dict[str, Any]:
    return dict(assoc_id=m.assoc_id, stream=m.stream, ppid=m.ppid, length=len(m.data),
                unordered=m.unordered, sender=m.addr, data=m.data.decode("latin-1"))


def _hosts(text: str) -> List[str]:
    hosts = [h.strip() for h in text.split(",") if h.strip()]
    if not hosts:
        raise argparse.ArgumentTypeError("no address in %r" % text)
    return hosts


def _family(hosts: Sequence[str]) -> int:
    return socket.AF_INET6 if any(":" in h for h in hosts) else socket.AF_INET


# ------------------------------------------------------------------ listen
def cmd_listen(args: argparse.Namespace, out: Out) -> int:
    hosts = args.bind or ["0.0.0.0"]
    style = socket.SOCK_SEQPACKET if args.one_to_many else socket.SOCK_STREAM
    srv = api.SCTPSocket(_family(hosts), style)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.streams:
        srv.set_option("SCTP_INITMSG", num_ostreams=args.streams, max_instreams=args.streams)
    srv.bindx([(h, args.port) for h in hosts])
    srv.listen(16)
    srv.subscribe("association", "address", "shutdown")
    port = srv.getsockname()[1]
    out.emit("listening", "listening on %s port %d (%s)" % (",".join(hosts), port,
             "one-to-many" if args.one_to_many else "one-to-one"), addresses=hosts, port=port,
             one_to_many=args.one_to_many)
    seen = 0
    conns = []
    try:
        while args.count is None or seen < args.count:
            if args.one_to_many:
                sock = srv
            else:
                sock, peer = srv.accept()
                conns.append(sock)
                sock.subscribe("association", "address", "shutdown")
                out.emit("accepted", "accepted %s" % _addr_text(peer), peer=peer)
            for m in sock.messages():
                if isinstance(m, api.Notification):
                    out.emit("notification", "notification %s %s" % (m.type_name, " ".join(
                        "%s=%s" % (k, v) for k, v in m.fields.items()
                        if k.endswith("_name") or k == "assoc_id")), **m.fields)
                    continue
                seen += 1
                out.emit("message", "message assoc=%d stream=%d ppid=%d from=%s %s" % (
                    m.assoc_id, m.stream, m.ppid, _addr_text(m.addr), _payload_text(m.data)),
                    **_message_fields(m))
                if args.echo:
                    if args.one_to_many:
                        sock.sctp_send(m.data, stream=m.stream, ppid=m.ppid, assoc_id=m.assoc_id)
                    else:
                        sock.sctp_send(m.data, stream=m.stream, ppid=m.ppid)
                if args.count is not None and seen >= args.count:
                    break
            else:
                out.emit("closed", "association closed")
    finally:
        for c in conns:
            c.close()
        srv.close()
    return 0


# ------------------------------------------------------------------ connect
def _messages(args: argparse.Namespace) -> Iterable[bytes]:
    if args.file:
        with open(args.file, "rb") as f:
            while True:
                chunk = f.read(args.size or 65536)
                if not chunk:
                    return
                yield chunk
    elif args.count is not None:
        payload = b"x" * (args.size if args.size is not None else 100)
        for _ in range(args.count):
            yield payload
    else:
        for line in sys.stdin.buffer:
            yield line.rstrip(b"\n")


def _batches(messages: Iterable[bytes], size: int = 64) -> Iterator[List[bytes]]:
    batch: List[bytes] = []
    for m in messages:
        batch.append(m)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def cmd_connect(args: argparse.Namespace, out: Out) -> int:
    hosts = args.host
    if not 0 < args.port < 65536:
        raise SystemExit(_usage("connect: port must be 1-65535"))
    sock = api.SCTPSocket(_family(hosts), socket.SOCK_STREAM)
    try:
        if args.streams:
            sock.set_option("SCTP_INITMSG", num_ostreams=args.streams, max_instreams=args.streams)
        if not args.nagle:
            # held back for bundling, a stream of small messages waits on the peer's delayed
            # acknowledgements and crawls
            sock.set_option("SCTP_NODELAY", value=1)
        sock.settimeout(args.timeout)
        addrs = [(h, args.port) for h in hosts]
        if len(addrs) == 1:
            sock.connect(addrs[0])
        else:
            sock.connectx(addrs)
        sock.settimeout(None)
        out.emit("connected", "connected to %s (%d outbound streams)" % (
            ",".join(_addr_text(a) for a in sock.getpaddrs()), sock.status()["outstrms"]),
            peers=sock.getpaddrs())
        bar = sys.stderr.isatty() and not out.json and args.count is not None
        sent = nbytes = 0
        start = last = time.monotonic()
        info = dict(stream=args.stream, ppid=args.ppid, unordered=args.unordered)
        # generated or read from a file, without replies to wait for: up to 64 messages per
        # system call (sendmmsg); lines typed in go one by one
        one_by_one = args.wait_replies or (args.count is None and not args.file)
        batches = ([d] for d in _messages(args)) if one_by_one else _batches(_messages(args))
        for batch in batches:
            if len(batch) == 1:
                sock.sctp_send(batch[0], **info)
            else:
                sock.send_many(batch, **info)
            sent += len(batch)
            nbytes += sum(map(len, batch))
            if args.wait_replies:
                m = sock.sctp_recv()
                while isinstance(m, api.Notification):
                    m = sock.sctp_recv()
                out.emit("message", "reply stream=%d ppid=%d %s" % (m.stream, m.ppid,
                         _payload_text(m.data)), **_message_fields(m))
            now = time.monotonic()
            if bar and now - last > 0.2:
                last = now
                done = sent / args.count
                sys.stderr.write("\r[%-30s] %d/%d %.0f msg/s" % ("#" * int(30 * done), sent,
                                 args.count, sent / (now - start)))
        elapsed = max(time.monotonic() - start, 1e-9)
        if bar:
            sys.stderr.write("\n")
        out.emit("sent", "sent %d messages, %d bytes in %.3f s: %.0f msg/s, %.0f B/s" % (
            sent, nbytes, elapsed, sent / elapsed, nbytes / elapsed), messages=sent,
            bytes=nbytes, seconds=round(elapsed, 6), messages_per_s=round(sent / elapsed, 1),
            bytes_per_s=round(nbytes / elapsed, 1))
    except KeyboardInterrupt:
        if args.abort:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        sock.close()
        return 130
    if args.abort:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
    sock.close()
    return 0


# ------------------------------------------------------------------ assocs and status
_PATH_STATES = {0: "INACTIVE", 1: "PF", 2: "ACTIVE", 3: "UNCONFIRMED"}


def _select(args: argparse.Namespace) -> List[api.Association]:
    found = api.associations(port=args.port, state=getattr(args, "state", None))
    ids = getattr(args, "assoc", None)
    return [a for a in found if not ids or a.assoc_id in ids]


def cmd_assocs(args: argparse.Namespace, out: Out) -> int:
    found = _select(args)
    if not out.json:
        print("%-18s %-6s %-32s %-32s %s" % ("State", "Id", "Local", "Peer", "Inode"))
    for a in found:
        out.emit("association", "%-18s %-6s %-32s %-32s %d" % (
            a.state_name, a.assoc_id if a.assoc_id >= 0 else "-",
            ",".join(h for h, *_ in a.local) + ":%d" % a.lport,
            ",".join(("*" if (h, a.rport) == tuple(a.primary[:2]) else "") + h
                     for h, *_ in a.peer) + ":%d" % a.rport, a.inode), **a.as_dict())
    return 0


def cmd_status(args: argparse.Namespace, out: Out) -> int:
    found = _select(args)
    if not found:
        print("%s: no such association" % PROG, file=sys.stderr)
        return 1
    for a in found:
        lines = ["association %s %s:%d <-> %s:%d %s" % (
            a.assoc_id, ",".join(h for h, *_ in a.local), a.lport,
            ",".join(h for h, *_ in a.peer), a.rport, a.state_name),
            "  primary %s  streams in %d out %d" % (_addr_text(a.primary), a.instreams, a.outstreams)]
        if hasattr(a, "rto"):
            lines.append("  primary path %s rto %d ms srtt %d ms cwnd %d" % (
                _PATH_STATES.get(a.path_state, a.path_state), a.rto, a.srtt, a.cwnd))
            lines.append("  retransmits %d gap acks %d out-of-sequence tsns %d unacked %d" % (
                a.retransmits, a.gap_acks, a.out_of_seq_tsns, a.unacked))
        for p in a.peer:
            lines.append("  path %s%s" % (_addr_text(p), " (primary)" if tuple(p) == tuple(a.primary) else ""))
        out.emit("status", "\n".join(lines), **a.as_dict())
    return 0


# ------------------------------------------------------------------ info
def _sysctls() -> Dict[str, str]:
    base = "/proc/sys/net/sctp"
    out = {}
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        try:
            with open(os.path.join(base, name)) as f:
                out["net.sctp." + name] = f.read().strip()
        except OSError:
            pass
    return out


def cmd_info(args: argparse.Namespace, out: Out) -> int:
    loaded = os.path.isdir("/sys/module/sctp")
    try:
        api.SCTPSocket(socket.AF_INET, socket.SOCK_SEQPACKET).close()
        speaks = True
    except OSError:
        speaks = False
    support = api.kernel_support() if speaks else {}
    sysctls = _sysctls()
    from . import __version__
    fields = dict(sctp_available=speaks, module_loaded=loaded, kernel=os.uname().release,
                  library_version=__version__, sysctls=sysctls,
                  udp_port=sysctls.get("net.sctp.udp_port"),
                  options=sorted(k for k, v in support.items() if v and not k.startswith("event:")),
                  notifications=sorted(k[6:] for k, v in support.items() if v and k.startswith("event:")))
    text = ["SCTP: %s (module %s), kernel %s, sctp %s" % (
        "available" if speaks else "not available (modprobe sctp)",
        "loaded" if loaded else "not loaded", fields["kernel"], __version__)]
    text += ["  %s = %s" % kv for kv in sysctls.items()]
    text.append("  options: %s" % " ".join(fields["options"]))
    text.append("  notifications: %s" % " ".join(fields["notifications"]))
    out.emit("info", "\n".join(text), **fields)
    return 0


# ------------------------------------------------------------------ the parser
def _usage(message: str) -> int:
    print("%s: %s" % (PROG, message), file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="SCTP from the command line.")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    # --json may also follow the subcommand (sctp info --json); SUPPRESS keeps
    # a subcommand without it from resetting one given before.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="one JSON object per line")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, helptext: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=helptext, parents=[common])

    s = command("listen", "print what arrives (messages and notifications)")
    s.add_argument("-b", "--bind", type=_hosts, metavar="ADDR[,ADDR...]", help="addresses (default all)")
    s.add_argument("-p", "--port", type=int, default=0, help="port (default: any)")
    s.add_argument("--one-to-many", action="store_true", help="one socket for every association")
    s.add_argument("--echo", action="store_true", help="send each message back")
    s.add_argument("--streams", type=int, help="streams to ask for each way")
    s.add_argument("--count", type=int, help="stop after COUNT messages")
    s.set_defaults(run=cmd_listen)

    s = command("connect", "send messages (stdin lines, a file or --count)")
    s.add_argument("host", type=_hosts, metavar="HOST[,HOST...]", help="peer address(es)")
    s.add_argument("port", type=int)
    s.add_argument("--stream", type=int, default=0)
    s.add_argument("--ppid", type=int, default=0, help="payload protocol id (host order)")
    s.add_argument("--unordered", action="store_true")
    s.add_argument("--nagle", action="store_true",
                   help="let the kernel hold small messages back to bundle them (by default "
                        "each goes at once: SCTP_NODELAY)")
    s.add_argument("--streams", type=int, help="streams to ask for each way")
    s.add_argument("--count", type=int, help="send COUNT messages of --size bytes")
    s.add_argument("--size", type=int, help="message size (default 100)")
    s.add_argument("--file", help="send this file, in messages of --size bytes")
    s.add_argument("--wait-replies", action="store_true", help="print one reply per message")
    s.add_argument("--timeout", type=float, default=10.0, help="seconds to set up (default 10)")
    s.add_argument("--abort", action="store_true", help="abort the association at the end")
    s.set_defaults(run=cmd_connect)

    for name, helptext, run in (("assocs", "the host's associations (like ss --sctp)", cmd_assocs),
                                ("status", "association and path state, statistics", cmd_status)):
        s = command(name, helptext)
        s.add_argument("--port", type=int, help="local or peer port")
        if name == "assocs":
            s.add_argument("--state", help="e.g. ESTABLISHED")
        else:
            s.add_argument("--assoc", type=int, action="append", metavar="ID", help="association id")
        s.set_defaults(run=run)

    s = command("info", "what this kernel's SCTP can do")
    s.set_defaults(run=cmd_info)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    out = Out(args.json)
    try:
        return args.run(args, out)
    except KeyboardInterrupt:
        return 130
    except ValueError as e:
        return _usage("%s: %s" % (args.command, e))
    except OSError as e:
        name = errno.errorcode.get(e.errno or 0, "")
        print("%s: %s: %s%s" % (PROG, args.command, e.strerror or e, " (%s)" % name if name else ""),
              file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
