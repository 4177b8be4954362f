#!/usr/bin/env bash
# A three-node lango-node mesh on loopback: initialises three data dirs, starts the
# daemons, makes them trust each other, shows the sessions form, has alice invoke two of
# carol's tools (a subprocess and a wasm one, each in its sandbox, with a signed receipt
# that alice verifies) while bob, who may call none, is refused; then revokes one
# session, shows the revocation take effect on both sides, and unblocks it.
#
#   testnet/mesh.sh          run the demo, stop the nodes at the end
#   testnet/mesh.sh --keep   leave the nodes running (data in testnet/.data)
#
# It builds the release binary first; LANGO_NODE_BIN=path runs that binary instead
# (scripts/test runs the demo with the debug build, so CI checks this script). Exits
# non-zero if any step of the demo does not go as shown.
#
# The passphrase is LANGO_PASSPHRASE if set, else a fixed demo value: this is a local
# demonstration, not a deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
export LANGO_PASSPHRASE="${LANGO_PASSPHRASE:-testnet-demo-passphrase}"

if [[ -n "${LANGO_NODE_BIN:-}" ]]; then
  bin=$LANGO_NODE_BIN
else
  cargo build --release -q -p lango-node
  bin=target/release/lango-node
fi
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
  if [[ ${names[$i]} == carol ]]; then
    cat >"$d/config.toml" <<TOOLS
[[tools]]
name = "echo"
sandbox = "subprocess"
command = ["$PWD/examples/tools/subprocess/echo.sh"]
safety = "safe"

[[tools]]
name = "echo.wasm"
sandbox = "wasm"
module = "$PWD/examples/tools/wasm/echo.wat"
safety = "safe"
TOOLS
  fi
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
    # carol lets alice call her echo tools and bob none; the others allow everything.
    tools='*'
    if [[ ${names[$i]} == carol ]]; then
      if [[ ${names[$j]} == alice ]]; then tools='echo,echo.*'; else tools=''; fi
    fi
    $bin --data-dir "$root/${names[$i]}" trust add "${dids[$j]}" --addr "/ip4/127.0.0.1/tcp/${ports[$j]}" --tools "$tools" --name "${names[$j]}" >/dev/null
  done
done

sessions() { $bin --data-dir "$root/$1" session list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
fail() { echo "testnet/mesh.sh: $*" >&2; exit 1; }
echo "waiting for sessions to form..."
for _ in $(seq 100); do
  [[ $(sessions alice) == 2 && $(sessions bob) == 2 && $(sessions carol) == 2 ]] && break
  sleep 0.2
done
[[ $(sessions alice) == 2 && $(sessions bob) == 2 && $(sessions carol) == 2 ]] ||
  fail "the three sessions did not form within 20 s (logs in $root)"
for n in "${names[@]}"; do echo "== $n"; $bin --data-dir "$root/$n" session list; done

echo
echo "== alice asks carol which tools she may call"
$bin --data-dir "$root/alice" tools list --peer "${dids[2]}"
echo "== alice invokes carol's echo.wasm (wasmtime) and echo (subprocess sandbox)"
$bin --data-dir "$root/alice" invoke "${dids[2]}" echo.wasm --input '{"hello":"from alice"}'
echo
$bin --data-dir "$root/alice" invoke "${dids[2]}" echo --input '{"x":1}' --json >"$root/call.json"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("status", r["status"], "output", r["output"])
sys.exit(0 if r["status"] == "ok" and json.loads(r["output"]) == {"x": 1} else 1)
' "$root/call.json" || fail "carol's echo did not echo"
echo "== alice checks the receipt carol signed"
$bin --data-dir "$root/alice" receipt verify "$root/call.json" --callee "${dids[2]}"
echo "== bob may call none of carol's tools"
code=0
$bin --data-dir "$root/bob" invoke "${dids[2]}" echo --input '{}' 2>&1 || code=$?
echo "(exit $code)"
[[ $code == 3 ]] || fail "bob's call should be denied (exit 3), got exit $code"
echo "== carol's security events"
$bin --data-dir "$root/carol" events

echo
echo "== alice revokes bob (blocked for 1h)"
$bin --data-dir "$root/alice" session revoke "${dids[1]}" --block 1h --reason "testnet demo"
for _ in $(seq 50); do [[ $(sessions alice) == 1 && $(sessions bob) == 1 ]] && break; sleep 0.2; done
for n in alice bob; do echo "== $n"; $bin --data-dir "$root/$n" session list; done
[[ $(sessions alice) == 1 && $(sessions bob) == 1 ]] ||
  fail "after the revoke alice and bob should each hold one session (with carol)"
echo "== alice's security events"
$bin --data-dir "$root/alice" events

echo
echo "== alice unblocks bob; the session comes back"
$bin --data-dir "$root/alice" session unblock "${dids[1]}"
for _ in $(seq 50); do [[ $(sessions alice) == 2 ]] && break; sleep 0.2; done
$bin --data-dir "$root/alice" session list
[[ $(sessions alice) == 2 ]] || fail "alice's session with bob did not come back after the unblock"
$bin --data-dir "$root/alice" audit verify
if ((keep)); then
  echo "nodes left running; data and logs in $root"
fi
