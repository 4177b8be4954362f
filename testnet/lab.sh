#!/usr/bin/env bash
# The NAT lab: real lango-node daemons in network namespaces behind NAT routers, a relay
# on a shared "internet" bridge, and a stranger beside it. Each scenario is tried several
# times from a cold start (daemons restarted, NAT mappings flushed with conntrack -F) and
# reported as a table, or as one JSON object with --json.
#
#   testnet/lab.sh                 every scenario, 10 tries each (release build)
#   testnet/lab.sh --short         the CI form: eim-tcp, symmetric, lan, untrusted, 3 tries
#   testnet/lab.sh --demo          two NATed nodes find each other by DID alone, go
#                                  direct and call a tool; prints what happens
#   testnet/lab.sh --only a,b      only the named scenarios
#   testnet/lab.sh --tries N       N tries each
#   testnet/lab.sh --json          the report as JSON
#   (reservations runs once whatever --tries says: 60 probes over 10 minutes, then a
#   relay restart)
#
# Needs root, iproute2, iptables and conntrack (Debian: iproute2 iptables conntrack).
# LANGO_NODE_BIN=path runs that binary (default target/release/lango-node).
#
# Topology (docs/networking.md draws it):
#   internet bridge 198.51.100.0/24 (namespace ${P}i)
#     relay    198.51.100.1                 [relay] serve = true
#     router1  198.51.100.2 / 10.1.0.1  NAT  h1 10.1.0.2
#     router2  198.51.100.3 / 10.2.0.1  NAT  h2 10.2.0.2
#     public   198.51.100.4                 (h2 in the one-side-public scenario)
#     stranger 198.51.100.9                 trusted by nobody
#   netchange: h1 is moved from router1's LAN to a second LAN of router2 (10.2.1.2)
#   a LAN 10.9.0.0/24 with no route anywhere (the relay is unreachable from it)
#     m1 10.9.0.1, m2 10.9.0.2                find each other by mDNS
# Routers masquerade (endpoint-independent; --random-fully for the symmetric scenario)
# and drop unsolicited inbound without answering.
set -uo pipefail
cd "$(dirname "$0")/.."

TRIES=10; JSON=0; DEMO=0; ONLY=""
ALL="eim-tcp eim-quic symmetric public loss lan netchange untrusted reservations"
SHORT="eim-tcp symmetric lan untrusted"
SCEN=$ALL
while (($#)); do
  case $1 in
    --short) SCEN=$SHORT; TRIES=3 ;;
    --json) JSON=1 ;;
    --demo) DEMO=1 ;;
    --tries) TRIES=$2; shift ;;
    --only) ONLY=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "lab.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ -n $ONLY ]] && SCEN=${ONLY//,/ }
[[ $(id -u) == 0 ]] || { echo "lab.sh: needs root (network namespaces, iptables)" >&2; exit 2; }
for c in ip iptables conntrack python3; do
  command -v $c >/dev/null || { echo "lab.sh: needs $c (Debian: iproute2 iptables conntrack python3)" >&2; exit 2; }
done
BIN=${LANGO_NODE_BIN:-target/release/lango-node}
[[ -x $BIN ]] || { echo "lab.sh: no binary at $BIN (cargo build --release -p lango-node, or set LANGO_NODE_BIN)" >&2; exit 2; }
BIN=$(realpath "$BIN")
export LANGO_PASSPHRASE=${LANGO_PASSPHRASE:-lab-passphrase}
P=lab$$
ROOT=$(mktemp -d -t lango-lab.XXXXXX)
NSS=()
PIDS=()
say() { ((JSON)) || echo "$@" >&2; }

# ---- topology -------------------------------------------------------------------------
ns() { ip netns add "$P$1" && ip -n "$P$1" link set lo up && NSS+=("$P$1"); }
wan() {   # wan NS IP: a veth from namespace NS to the internet bridge
  ip link add "w$P$1" netns "${P}i" type veth peer name wan netns "$P$1"
  ip -n "${P}i" link set "w$P$1" master br0 up
  ip -n "$P$1" addr add "$2/24" dev wan && ip -n "$P$1" link set wan up
}
router() {   # router N [NAT options]: router N with host hN behind it
  local s=$1 opts=${2:-}
  iptables_nat "$s" "$opts"
}
iptables_nat() {
  local s=$1 opts=$2
  ip netns exec "${P}r$s" sh -c "
    iptables -F; iptables -t nat -F
    sysctl -qw net.ipv4.ip_forward=1
    iptables -P FORWARD DROP
    iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    iptables -A FORWARD -i lan+ -o wan -j ACCEPT
    iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    iptables -A INPUT -i wan -j DROP
    iptables -t nat -A POSTROUTING -s 10.$s.0.0/16 -o wan -j MASQUERADE $opts"
}
loss() {   # loss N PERCENT: drop that share of packets each way through router N
  local s=$1 pct=$2
  [[ $pct == 0 ]] && return
  ip netns exec "${P}r$s" sh -c "
    iptables -I FORWARD 1 -i wan -m statistic --mode random --probability 0.0$pct -j DROP
    iptables -I FORWARD 1 -i lan -m statistic --mode random --probability 0.0$pct -j DROP"
}
topology() {
  ns i; ip -n "${P}i" link add br0 type bridge; ip -n "${P}i" link set br0 up
  ns rl; wan rl 198.51.100.1
  ns x; wan x 198.51.100.9
  ns p; wan p 198.51.100.4
  local s
  for s in 1 2; do
    ns "r$s"; ns "h$s"; wan "r$s" "198.51.100.$((s + 1))"
    ip link add lan netns "${P}r$s" type veth peer name eth0 netns "${P}h$s"
    ip -n "${P}r$s" addr add "10.$s.0.1/24" dev lan; ip -n "${P}r$s" link set lan up
    ip -n "${P}h$s" addr add "10.$s.0.2/24" dev eth0; ip -n "${P}h$s" link set eth0 up
    ip -n "${P}h$s" route add default via "10.$s.0.1"
    router "$s"
  done
  # The LAN: two hosts on one link, nothing else.
  ns m1; ns m2
  ip link add eth0 netns "${P}m1" type veth peer name eth0 netns "${P}m2"
  ip -n "${P}m1" addr add 10.9.0.1/24 dev eth0; ip -n "${P}m1" link set eth0 up
  ip -n "${P}m2" addr add 10.9.0.2/24 dev eth0; ip -n "${P}m2" link set eth0 up
}
teardown() {
  stop_all
  for n in "${NSS[@]}"; do ip netns del "$n" 2>/dev/null; done
  if [[ -n ${LAB_KEEP:-} ]]; then echo "lab.sh: data and logs kept in $ROOT" >&2; else rm -rf "$ROOT"; fi
}
trap teardown EXIT

# ---- nodes ----------------------------------------------------------------------------
ln_() { "$BIN" --data-dir "$ROOT/$1" "${@:2}"; }
jget() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
now_ms() { date +%s%3N; }
init_node() { mkdir -p -m 700 "$ROOT/$1" && ln_ "$1" init >"$ROOT/$1.init.log" 2>&1 || { echo "lab.sh: init $1 failed: $(tail -1 "$ROOT/$1.init.log")" >&2; exit 1; }; }
start() {   # start NAME NS LISTEN...: run a daemon in namespace NS
  local n=$1 nsn=$2; shift 2
  local args=()
  for l in "$@"; do args+=(--listen "$l"); done
  ip netns exec "$P$nsn" "$BIN" --data-dir "$ROOT/$n" run "${args[@]}" >>"$ROOT/$n.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$n=$!"
  local i
  for i in $(seq 1 100); do ln_ "$n" status --json >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "lab.sh: node $n did not start: $(grep -v '^$' "$ROOT/$n.log" | tail -1)" >&2; exit 1
}
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  PIDS=()
}
flush_nat() { local s; for s in 1 2; do ip netns exec "${P}r$s" conntrack -F >/dev/null 2>&1; done; }
session_json() { ln_ "$1" session list --json 2>/dev/null; }
field_of() {   # field_of NODE DID FIELD
  session_json "$1" | python3 -c '
import json,sys
for s in json.load(sys.stdin):
    if s.get("did")==sys.argv[1]: print(s.get(sys.argv[2]) or ""); break' "$2" "$3" 2>/dev/null
}
relay_bytes() { ip netns exec "${P}rl" sh -c 'echo $(( $(cat /sys/class/net/wan/statistics/rx_bytes) + $(cat /sys/class/net/wan/statistics/tx_bytes) ))'; }

TOOLS='[[tools]]
name = "echo"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"
output_cap = "32MiB"
timeout = "60s"

[invoke]
max_input = "16MiB"'

# host_config NAME RELAY_ADDR: a host's config with the relay in [[relays]]
host_config() { printf '[[relays]]\naddr = "%s"\n\n%s\n' "$2" "$TOOLS" > "$ROOT/$1/config.toml"; }

setup() {
  topology
  local n
  for n in relay h1 h2 q1 q2 x m1 m2; do init_node $n; done
  printf '[relay]\nserve = true\n' > "$ROOT/relay/config.toml"
  # The CLI talks to a running daemon: start each once to read ids and set trust.
  # h1/h2 reach the relay over TCP, q1/q2 over QUIC (one pair per transport, so each
  # scenario measures one).
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  start h1 h1 /ip4/0.0.0.0/tcp/4001; start h2 h2 /ip4/0.0.0.0/tcp/4001
  start q1 h1 /ip4/0.0.0.0/udp/4001/quic-v1; start q2 h2 /ip4/0.0.0.0/udp/4001/quic-v1
  start x x /ip4/0.0.0.0/tcp/4001
  start m1 m1 /ip4/0.0.0.0/tcp/4001; start m2 m2 /ip4/0.0.0.0/tcp/4001
  R=$(ln_ relay id --json | jget 'd["did"]'); RPEER=$(ln_ relay id --json | jget 'd["peer_id"]')
  for n in h1 h2 q1 q2 x m1 m2; do eval "DID_$n=$(ln_ $n id --json | jget 'd["did"]')"; done
  H1=$DID_h1; H2=$DID_h2
  local ok=1
  for n in h1 h2 q1 q2; do ln_ relay trust add "$(eval echo \$DID_$n)" >/dev/null || ok=0; done
  ln_ h1 trust add "$DID_h2" --tools echo >/dev/null && ln_ h2 trust add "$DID_h1" --tools echo >/dev/null &&
    ln_ q1 trust add "$DID_q2" --tools echo >/dev/null && ln_ q2 trust add "$DID_q1" --tools echo >/dev/null &&
    ln_ m1 trust add "$DID_m2" --tools echo >/dev/null && ln_ m2 trust add "$DID_m1" --tools echo >/dev/null || ok=0
  for n in h1 h2 x m1 m2; do ln_ $n trust add "$R" --addr /ip4/198.51.100.1/tcp/4001 >/dev/null || ok=0; done
  for n in q1 q2; do ln_ $n trust add "$R" --addr /ip4/198.51.100.1/udp/4001/quic-v1 >/dev/null || ok=0; done
  # The stranger lists the relay and trusts everyone; nobody trusts it.
  for n in h1 h2; do ln_ x trust add "$(eval echo \$DID_$n)" >/dev/null || ok=0; done
  ((ok)) || { echo "lab.sh: trust set-up failed" >&2; exit 1; }
  stop_all
  # m1 and m2 list the relay too, and cannot reach it: only mDNS can bring them together.
  for n in h1 h2 x m1 m2; do host_config $n "/ip4/198.51.100.1/tcp/4001/p2p/$RPEER"; done
  for n in q1 q2; do host_config $n "/ip4/198.51.100.1/udp/4001/quic-v1/p2p/$RPEER"; done
}

big_input() { python3 -c "import json,sys; print(json.dumps({'blob': 'a' * int(sys.argv[1])}))" "$1" > "$ROOT/in-$1.json"; }

# one_try SCENARIO: writes to $ROOT/result "session_ms direct_ms relay_bytes calls_ok first_call_ms failures"
# (direct_ms -1: stayed relayed; session_ms -1: no session)
TRY_SEQ=0
one_try() {
  # Each try's hosts listen on a port no recent try used: a try starts within 60 s of the
  # last, whose direct connection (same ports, same public addresses: the routers keep
  # the port) left a TIME_WAIT socket on the side that closed it, and a punch from that
  # side would find its 4-tuple taken and leave from a new port (a cold start has no
  # such socket; a restart within 60 s does, see docs/networking.md).
  TRY_SEQ=$((TRY_SEQ + 1))
  local port=$((4101 + TRY_SEQ % 400))
  local scen=$1 a=h1 b=h2 lst=/ip4/0.0.0.0/tcp/$port bns=h2 call_bytes=10000000 calls=1 symmetric=""
  case $scen in
    eim-quic) a=q1 b=q2 lst=/ip4/0.0.0.0/udp/$port/quic-v1 ;;
    symmetric) symmetric="--random-fully"; calls=10; call_bytes=100000 ;;
    public) bns=p ;;
  esac
  ((SHORT_CALL)) && [[ $scen != symmetric ]] && call_bytes=1000000
  local bdid; bdid=$(eval echo "\$DID_$b")
  stop_all
  router 1 "$symmetric"; router 2 "$symmetric"
  [[ $scen == loss ]] && { loss 1 1; loss 2 1; }
  flush_nat
  [[ -e $ROOT/in-$call_bytes.json ]] || big_input "$call_bytes"
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  local t0; t0=$(now_ms)
  start "$a" h1 "$lst"
  start "$b" "$bns" "$lst"
  local s_ms=-1 d_ms=-1 end=$((SECONDS + 30))
  while ((SECONDS < end)); do
    [[ -n $(field_of "$a" "$bdid" path) ]] && { s_ms=$(($(now_ms) - t0)); break; }
    sleep 0.1
  done
  if ((s_ms < 0)); then echo "-1 -1 0 0 -1 0" >"$ROOT/result"; echo "none" >"$ROOT/reach"; return; fi
  local ts; ts=$(now_ms); end=$((SECONDS + 15))
  while ((SECONDS < end)); do
    [[ $(field_of "$a" "$bdid" path) == direct ]] && { d_ms=$(($(now_ms) - ts)); break; }
    sleep 0.1
  done
  local b0 ok=0 first=-1 i c0
  b0=$(relay_bytes)
  for ((i = 0; i < calls; i++)); do
    c0=$(now_ms)
    if ln_ "$a" invoke "$bdid" echo --input-file "$ROOT/in-$call_bytes.json" --timeout 60s >/dev/null 2>"$ROOT/call.err"; then
      ok=$((ok + 1))
      ((first < 0)) && first=$(($(now_ms) - c0))
    fi
  done
  # Failed punches in a row, as either side saw them (the side that accepted the
  # relayed connection starts the punch). Behind symmetric NAT each of DCUtR's three
  # attempts waits out the 10 s connection timeout: wait for the outcome.
  local fails=0 f n did
  if [[ $scen == symmetric ]]; then
    end=$((SECONDS + 45))
    while ((SECONDS < end)); do
      [[ -n $(field_of "$a" "$bdid" punch) || -n $(field_of "$b" "$(eval echo "\$DID_$a")" punch) ]] && break
      sleep 0.5
    done
  fi
  for n in "$a" "$b"; do
    did=$bdid; [[ $n == "$b" ]] && did=$(eval echo "\$DID_$a")
    f=$(session_json "$n" | python3 -c '
import json,sys
for s in json.load(sys.stdin):
    if s.get("did")==sys.argv[1]: print((s.get("punch") or {}).get("failures", 0)); break
else: print(0)' "$did" 2>/dev/null)
    ((${f:-0} > fails)) && fails=$f
  done
  # Reachability as each side reports it (AutoNAT through the relay), before any
  # revoke: "a,b", each "reachability:tested:reachable". The one-side-public scenario
  # waits for b's answer.
  if [[ $scen == public ]]; then
    end=$((SECONDS + 25))
    while ((SECONDS < end)); do
      [[ $(ln_ "$b" status --json 2>/dev/null | jget 'd["reachability"]' 2>/dev/null) == public ]] && break
      sleep 0.5
    done
  fi
  local reach=""
  for n in "$a" "$b"; do
    reach+="$(ln_ "$n" status --json 2>/dev/null | jget '"%s:%d:%d" % (d["reachability"], len(d["autonat"]), sum(1 for t in d["autonat"] if t["reachable"]))' 2>/dev/null || echo none:0:0),"
  done
  echo "${reach%,}" >"$ROOT/reach"
  # Symmetric NAT (the pair is relayed): a revoke on the relay must cut the circuit.
  local cut=-1
  if [[ $scen == symmetric && $(field_of "$a" "$bdid" path) == relayed ]]; then
    ln_ relay session revoke "$bdid" --block 1m --reason "lab: revoke cuts circuits" >/dev/null
    local tr; tr=$(now_ms); end=$((SECONDS + 15))
    while ((SECONDS < end)); do
      [[ -z $(field_of "$a" "$bdid" path) ]] && { cut=$(($(now_ms) - tr)); break; }
      sleep 0.1
    done
  fi
  # The block is kept on disk by the relay: lift it for the next try (whether or not the
  # revoke cut the session in time: a block left in force would fail the next try).
  [[ $scen == symmetric ]] && ln_ relay session unblock "$bdid" >/dev/null 2>&1
  echo "$cut" >"$ROOT/cut"
  echo "$s_ms $d_ms $(($(relay_bytes) - b0)) $ok $first ${fails:-0}" >"$ROOT/result"
}

# h1's link: behind router1 (home) or behind router2 on its second LAN (moved).
h1_home() {
  ip -n "${P}h1" link del eth0 2>/dev/null
  ip link add lan netns "${P}r1" type veth peer name eth0 netns "${P}h1"
  ip -n "${P}r1" addr add 10.1.0.1/24 dev lan; ip -n "${P}r1" link set lan up
  ip -n "${P}h1" addr add 10.1.0.2/24 dev eth0; ip -n "${P}h1" link set eth0 up
  ip -n "${P}h1" route add default via 10.1.0.1
}
h1_moved() {
  ip -n "${P}h1" link del eth0
  ip link add lan1 netns "${P}r2" type veth peer name eth0 netns "${P}h1"
  ip -n "${P}r2" addr add 10.2.1.1/24 dev lan1; ip -n "${P}r2" link set lan1 up
  ip -n "${P}h1" addr add 10.2.1.2/24 dev eth0; ip -n "${P}h1" link set eth0 up
  ip -n "${P}h1" route add default via 10.2.1.1
}

netchange_try() {
  # writes "back_ms path_after calls_ok": the time from h1's move to its first call to
  # h2 that works again (-1: none within 30 s)
  stop_all; router 1; router 2; flush_nat
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  start h1 h1 /ip4/0.0.0.0/tcp/4001; start h2 h2 /ip4/0.0.0.0/tcp/4001
  local end=$((SECONDS + 30)) back=-1 ok=0
  [[ -e $ROOT/in-1000.json ]] || big_input 1000
  while ((SECONDS < end)); do
    ln_ h1 invoke "$H2" echo --input-file "$ROOT/in-1000.json" --timeout 5s >/dev/null 2>&1 && { ok=1; break; }
    sleep 0.2
  done
  if ((ok == 0)); then echo "-1 none 0" >"$ROOT/result"; return; fi
  local t0; t0=$(now_ms)
  h1_moved
  end=$((SECONDS + 30))
  while ((SECONDS < end)); do
    if ln_ h1 invoke "$H2" echo --input-file "$ROOT/in-1000.json" --timeout 3s >/dev/null 2>"$ROOT/call.err"; then
      back=$(($(now_ms) - t0)); break
    fi
    sleep 0.2
  done
  local path; path=$(field_of h1 "$H2" path)
  echo "$back ${path:-none} $((back >= 0))" >"$ROOT/result"
  stop_all
  h1_home
}

reservations_run() {
  # A 60 s reservation; every 10 s for 10 min a fresh start of h2 must reach h1 (behind
  # NAT, so through its reservation on the relay); then the relay restarts and h2 must
  # reach h1 again. Writes "reached probes p50_ms max_ms restart_ms" (restart_ms -1:
  # not within 30 s).
  stop_all; router 1; router 2; flush_nat
  local relay_cfg; relay_cfg=$(cat "$ROOT/relay/config.toml")
  printf '[relay]\nserve = true\nreservation_duration = "60s"\n' >"$ROOT/relay/config.toml"
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  start h1 h1 /ip4/0.0.0.0/tcp/4001
  sleep 5
  local n=${RES_PROBES:-60} i reached=0 times=() slot t0 ms end
  for ((i = 0; i < n; i++)); do
    slot=$((SECONDS + 10)); t0=$(now_ms); ms=-1
    start h2 h2 /ip4/0.0.0.0/tcp/4001
    end=$((SECONDS + 8))
    while ((SECONDS < end)); do
      [[ -n $(field_of h2 "$H1" path) ]] && { ms=$(($(now_ms) - t0)); break; }
      sleep 0.1
    done
    kill "$PID_h2" 2>/dev/null; wait "$PID_h2" 2>/dev/null
    if ((ms >= 0)); then reached=$((reached + 1)); times+=("$ms"); fi
    say "  probe $((i + 1)): $( ((ms >= 0)) && echo "reached in $ms ms" || echo "NOT reached")"
    while ((SECONDS < slot)); do sleep 0.2; done
  done
  # The relay restarts: h1 must reserve again, and h2 reach it.
  kill "$PID_relay"; wait "$PID_relay" 2>/dev/null
  t0=$(now_ms)
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  start h2 h2 /ip4/0.0.0.0/tcp/4001
  local back=-1; end=$((SECONDS + 30))
  while ((SECONDS < end)); do
    [[ -n $(field_of h2 "$H1" path) ]] && { back=$(($(now_ms) - t0)); break; }
    sleep 0.1
  done
  say "  after the relay restart: $( ((back >= 0)) && echo "reached in $back ms" || echo "NOT reached within 30 s")"
  stop_all
  printf '%s\n' "$relay_cfg" >"$ROOT/relay/config.toml"
  python3 -c 'import statistics,sys; v=[int(x) for x in sys.argv[3:]]; print(sys.argv[1], sys.argv[2], int(statistics.median(v)) if v else -1, max(v) if v else -1)' "$reached" "$n" "${times[@]}" | tr '\n' ' ' >"$ROOT/result"
  echo "$back" >>"$ROOT/result"
}

lan_try() {
  # writes "session_ms path calls_ok" of m1 -> m2 (session_ms -1: none within 30 s)
  stop_all
  local t0 s_ms=-1 end; t0=$(now_ms)
  start m1 m1 /ip4/0.0.0.0/tcp/4001; start m2 m2 /ip4/0.0.0.0/tcp/4001
  end=$((SECONDS + 30))
  while ((SECONDS < end)); do
    [[ -n $(field_of m1 "$DID_m2" path) ]] && { s_ms=$(($(now_ms) - t0)); break; }
    sleep 0.1
  done
  local path ok=0
  path=$(field_of m1 "$DID_m2" path)
  [[ -e $ROOT/in-1000.json ]] || big_input 1000
  ((s_ms >= 0)) && ln_ m1 invoke "$DID_m2" echo --input-file "$ROOT/in-1000.json" >/dev/null 2>"$ROOT/call.err" && ok=1
  echo "$s_ms ${path:-none} $ok" >"$ROOT/result"
}

untrusted_try() {
  # prints "sessions reservations" of the stranger
  stop_all; router 1; router 2; flush_nat
  start relay rl /ip4/0.0.0.0/tcp/4001 /ip4/0.0.0.0/udp/4001/quic-v1
  start h1 h1 /ip4/0.0.0.0/tcp/4001
  start h2 h2 /ip4/0.0.0.0/tcp/4001
  start x x /ip4/0.0.0.0/tcp/4001
  sleep 8
  local n r
  n=$(session_json x | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  r=$(ln_ x status --json | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["relays"] if r["reserved"]))')
  echo "$n $r" >"$ROOT/result"
}

SHORT_CALL=0
[[ $SCEN == "$SHORT" && $TRIES == 3 ]] && SHORT_CALL=1

setup

if ((DEMO)); then
  echo "relay $R" ; echo "h1    $H1 (10.1.0.2 behind NAT)"; echo "h2    $H2 (10.2.0.2 behind NAT)"
  echo "h1 and h2 trust each other by DID alone; both list the relay in [[relays]]."
  one_try eim-tcp; read -r s d b ok first _ <"$ROOT/result"
  ((s >= 0)) || { echo "no session within 30 s"; exit 1; }
  echo "session h1 -> h2 by DID alone after $s ms"
  ((d >= 0)) && echo "direct path (hole punched) $d ms later" || echo "still relayed after 15 s"
  ln_ h1 session list
  echo "a 10 MB echo call: $ok of 1 succeeded; the relay carried $b bytes during it"
  exit 0
fi

REPORT=()
for scen in $SCEN; do
  say "== $scen ($TRIES tries)"
  direct=0 relayed=0 failed=0 s_list=() d_list=() rbytes=0 extra="" reaches=""
  if [[ $scen == reservations ]]; then
    reservations_run; read -r reached probes p50 pmax back <"$ROOT/result"
    REPORT+=("$(python3 -c 'import json,sys; r,n,p50,mx,back=map(int,sys.argv[1:6]); print(json.dumps({"name":"reservations","tries":n,"direct":0,"relayed":r,"reached":r,"failed":n-r,"session_p50_ms":p50 if p50>=0 else None,"session_max_ms":mx if mx>=0 else None,"direct_p50_ms":None,"direct_max_ms":None,"relay_bytes":0,"relay_restart_ms":back if back>=0 else None}))' "$reached" "$probes" "$p50" "$pmax" "$back")")
    continue
  fi
  for ((k = 1; k <= TRIES; k++)); do
    if [[ $scen == netchange ]]; then
      netchange_try; read -r s path ok <"$ROOT/result"
      say "  try $k: sessions back ${s} ms after the move, path $path"
      if ((s < 0)); then failed=$((failed + 1)); continue; fi
      s_list+=("$s")
      if [[ $path == direct ]]; then direct=$((direct + 1)); else relayed=$((relayed + 1)); fi
      extra+="$ok:-1:0:-1 "
      continue
    fi
    if [[ $scen == lan ]]; then
      lan_try; read -r s path ok <"$ROOT/result"
      say "  try $k: session ${s} ms, path $path, call ok $ok"
      if ((s < 0)) || ((ok == 0)); then failed=$((failed + 1)); continue; fi
      s_list+=("$s")
      if [[ $path == direct ]]; then direct=$((direct + 1)); else relayed=$((relayed + 1)); fi
      extra+="$ok:-1:0:-1 "
      continue
    fi
    if [[ $scen == untrusted ]]; then
      untrusted_try; read -r n r <"$ROOT/result"
      if [[ $n == 0 && $r == 0 ]]; then relayed=$((relayed + 0)); direct=$((direct + 0)); else failed=$((failed + 1)); fi
      say "  try $k: stranger sessions=$n reservations=$r"
      continue
    fi
    one_try "$scen"; read -r s d b ok first fails <"$ROOT/result"
    say "  try $k: session ${s} ms, direct ${d} ms, relay bytes $b, calls ok $ok, first call ${first} ms, failed punches $fails, reachability (a,b) $(cat "$ROOT/reach")$([[ $scen == symmetric ]] && echo ", relay revoke cut the session in $(cat "$ROOT/cut") ms")"
    if ((s < 0)) || ((ok == 0)); then failed=$((failed + 1)); continue; fi
    s_list+=("$s"); rbytes=$((rbytes > b ? rbytes : b))
    if ((d >= 0)); then direct=$((direct + 1)); d_list+=("$d"); else relayed=$((relayed + 1)); fi
    extra+="$ok:$first:$fails:$(cat "$ROOT/cut") "
    reaches+="$(cat "$ROOT/reach") "
  done
  REPORT+=("$(python3 - "$scen" "$TRIES" "$direct" "$relayed" "$failed" "$rbytes" "${s_list[*]:-}" "${d_list[*]:-}" "$extra" "$reaches" <<'PY'
import json, statistics, sys
name, tries, direct, relayed, failed, rbytes, s, d, extra, reaches = sys.argv[1:11]
s = [int(x) for x in s.split()]; d = [int(x) for x in d.split()]
calls = [tuple(int(v) for v in e.split(":")) for e in extra.split()]
p50 = lambda v: int(statistics.median(v)) if v else None
print(json.dumps({"name": name, "tries": int(tries), "direct": int(direct), "relayed": int(relayed),
  "failed": int(failed), "session_p50_ms": p50(s), "session_max_ms": max(s) if s else None,
  "direct_p50_ms": p50(d), "direct_max_ms": max(d) if d else None, "relay_bytes": int(rbytes),
  "calls_ok": sum(c[0] for c in calls), "first_call_max_ms": max((c[1] for c in calls), default=None),
  "max_failed_punches": max((c[2] for c in calls), default=None),
  "revoke_cut_ms": [c[3] for c in calls] if name == "symmetric" else None,
  "reachability": reaches.split() or None}))
PY
)")
done
if ((JSON)); then
  printf '%s\n' "${REPORT[@]}" | python3 -c 'import json,sys; print(json.dumps({"scenarios": [json.loads(l) for l in sys.stdin]}, indent=2))'
else
  printf '%s\n' "${REPORT[@]}" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
cols = ("scenario", "tries", "direct", "relayed", "failed", "session p50/max ms", "direct p50/max ms", "relay bytes")
print("%-11s %5s %6s %7s %6s %19s %18s %11s" % cols)
dash = lambda v: "-" if v is None else v
for r in rows:
    print("%-11s %5d %6d %7d %6d %19s %18s %11d" % (r["name"], r["tries"], r["direct"], r["relayed"], r["failed"],
        "%s/%s" % (dash(r["session_p50_ms"]), dash(r["session_max_ms"])),
        "%s/%s" % (dash(r["direct_p50_ms"]), dash(r["direct_max_ms"])), r["relay_bytes"]))'
fi
