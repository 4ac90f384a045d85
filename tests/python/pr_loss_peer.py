"""PR-SCTP under loss, run by test_linux_api in a network namespace of its own whose
loopback drops packets (netem): both ends in one process, a JSON report on stdout."""
import json
import socket
import sys
import threading
import time

import sctp

COUNT = int(sys.argv[1])

srv = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
cli = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
for s in (srv, cli):
    s.set_option("SCTP_PR_SUPPORTED", assoc_id=0, value=1)
    s.set_option("SCTP_NODELAY", value=1)
    s.set_option("SCTP_RTOINFO", initial=100, min=50, max=300)   # quick retransmissions
    s.set_option("SCTP_ASSOCINFO", asocmaxrxt=100)               # never give up on the peer
    s.settimeout(30)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
cli.connect(srv.getsockname())
conn, _ = srv.accept()



def send():
    # Even messages are reliable (stream 0), odd ones may be abandoned after their first
    # transmission (stream 1, PR-SCTP "rtx" policy with 0 retransmissions).
    for i in range(COUNT):
        if i % 2:
            cli.sendv(b"%06d" % i + bytes(500), stream=1, pr_policy="rtx", pr_value=0)
        else:
            cli.sendv(b"%06d" % i + bytes(500), stream=0)


sender = threading.Thread(target=send)
sender.start()

received = {0: [], 1: []}
conn.settimeout(8)
try:
    while True:
        m = conn.sctp_recv()
        received[m.stream].append(int(m.data[:6]))
except TimeoutError:       # 8 s without anything: all that will come has come
    pass
sender.join()
deadline = time.monotonic() + 30          # until every message is acked or abandoned
while cli.status()["unackdata"] and time.monotonic() < deadline:
    time.sleep(0.1)
status = cli.get_option("SCTP_PR_ASSOC_STATUS", policy=sctp.SCTP_PR_SCTP_RTX)
streams = cli.get_option("SCTP_PR_STREAM_STATUS", sid=1, policy=sctp.SCTP_PR_SCTP_RTX)
print(json.dumps({"received": received, "abandoned_sent": status["abandoned_sent"],
                  "abandoned_unsent": status["abandoned_unsent"],
                  "stream1_abandoned": streams["abandoned_sent"] + streams["abandoned_unsent"]}))
