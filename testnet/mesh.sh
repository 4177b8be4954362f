#!/usr/bin/env bash
# A three-node lango-node mesh on loopback: initialises three data dirs, starts the
# daemons, makes them trust each other, shows the sessions form, revokes one session
# and shows the revocation take effect on both sides, then unblocks it.
#
#   testnet/mesh.sh          run the demo, stop the nodes at the end
#   testnet/mesh.sh --keep   leave the nodes running (data in testnet/.data)
#
# The passphrase is LANGO_PASSPHRASE if set, else a fixed demo value: this is a local
# demonstration, not a deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
export LANGO_PASSPHRASE="${LANGO_PASSPHRASE:-testnet-demo-passphrase}"

cargo build --release -q -p lango-node
bin=target/release/lango-node
root=testnet/.data
rm -rf "$root"
mkdir -p "$root"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
((keep)) || trap stop EXIT

names=(alice bob carol)
ports=(4101 4102 4103)
dids=()
for i in 0 1 2; do
  d="$root/${names[$i]}"
  $bin --data-dir "$d" init --json >/dev/null
  $bin --data-dir "$d" run --listen "/ip4/127.0.0.1/tcp/${ports[$i]}" >"$root/${names[$i]}.log" 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 100); do
    $bin --data-dir "$root/${names[$i]}" id --json >/dev/null 2>&1 && break
    sleep 0.1
  done
  dids+=("$($bin --data-dir "$root/${names[$i]}" id --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["did"])')")
  echo "${names[$i]}: ${dids[$i]}"
done

for i in 0 1 2; do
  for j in 0 1 2; do
    [[ $i == "$j" ]] && continue
    $bin --data-dir "$root/${names[$i]}" trust add "${dids[$j]}" --addr "/ip4/127.0.0.1/tcp/${ports[$j]}" --tools '*' --name "${names[$j]}" >/dev/null
  done
done

sessions() { $bin --data-dir "$root/$1" session list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
echo "waiting for sessions to form..."
for _ in $(seq 100); do
  [[ $(sessions alice) == 2 && $(sessions bob) == 2 && $(sessions carol) == 2 ]] && break
  sleep 0.2
done
for n in "${names[@]}"; do echo "== $n"; $bin --data-dir "$root/$n" session list; done

echo
echo "== alice revokes bob (blocked for 1h)"
$bin --data-dir "$root/alice" session revoke "${dids[1]}" --block 1h --reason "testnet demo"
sleep 1
for n in alice bob; do echo "== $n"; $bin --data-dir "$root/$n" session list; done
echo "== alice's security events"
$bin --data-dir "$root/alice" events

echo
echo "== alice unblocks bob; the session comes back"
$bin --data-dir "$root/alice" session unblock "${dids[1]}"
for _ in $(seq 50); do [[ $(sessions alice) == 2 ]] && break; sleep 0.2; done
$bin --data-dir "$root/alice" session list
$bin --data-dir "$root/alice" audit verify
((keep)) && echo "nodes left running; data and logs in $root"
