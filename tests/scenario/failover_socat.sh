#!/bin/sh
# Failover as a new user would check it, against a peer that is not ours: socat listens on
# every address of its namespace (so the association is multi-homed) and writes what it
# receives to a file; our client, written from the README's multi-homing example, sends
# numbered lines while its primary link goes down and comes back.  Every line must arrive
# exactly once, in order, and the client must have seen the path fail and recover.
# Needs root (network namespaces) and PYTHONPATH pointing at the built module.
set -eu
drop_namespaces() {
    ip netns del fo-client 2>/dev/null || true
    ip netns del fo-server 2>/dev/null || true
}
drop_namespaces                                 # left over from an interrupted run
work=$(mktemp -d)
trap 'drop_namespaces; rm -rf "$work"' EXIT

# Two paths: 10.1.0.0/24 (c1 - s1) and 10.2.0.0/24 (c2 - s2).
for ns in fo-client fo-server; do ip netns add $ns; ip -n $ns link set lo up; done
for i in 1 2; do
    ip link add c$i netns fo-client type veth peer s$i netns fo-server
    ip -n fo-client addr add 10.$i.0.1/24 dev c$i; ip -n fo-client link set c$i up
    ip -n fo-server addr add 10.$i.0.2/24 dev s$i; ip -n fo-server link set s$i up
done

ip netns exec fo-server socat -u SCTP-LISTEN:3868 CREATE:"$work/received" &
server=$!
until ip netns exec fo-server ss -lnS | grep -q ':3868'; do sleep 0.1; done

ip netns exec fo-client /usr/bin/python3 - > "$work/client.log" <<'PY' &
import socket, time
import sctp

s = sctp.SCTPSocket(socket.AF_INET, socket.SOCK_STREAM)
s.bindx([("10.1.0.1", 0), ("10.2.0.1", 0)])
s.set_option("SCTP_RTOINFO", initial=200, min=100, max=400)
s.set_option("SCTP_PEER_ADDR_PARAMS", hbinterval=200, pathmaxrxt=2, flags=sctp.SPP_HB_ENABLE)
s.set_option("SCTP_ASSOCINFO", asocmaxrxt=100)    # the association outlives the outage
s.subscribe("address")
s.connectx([("10.1.0.2", 3868), ("10.2.0.2", 3868)])
for n in range(1000):
    s.sctp_send(b"%d\n" % n, ppid=46)
    time.sleep(0.01)
s.settimeout(3)
try:
    while True:
        event = s.sctp_recv()
        print(event.state_name, event.addr[0], flush=True)
except TimeoutError:
    pass
s.close()
PY
client=$!

sleep 2;  ip -n fo-client link set c1 down      # the primary path dies ...
sleep 4;  ip -n fo-client link set c1 up        # ... and comes back
wait $client
wait $server

cat "$work/client.log"
seq 0 999 | cmp - "$work/received"
grep -q "ADDR_UNREACHABLE 10.1.0.2" "$work/client.log"
grep -q "ADDR_AVAILABLE 10.1.0.2" "$work/client.log"
echo "failover_socat: 1000 lines delivered once each, in order, across a path failure"
