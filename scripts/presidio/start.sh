#!/usr/bin/env bash
# Starts Microsoft Presidio's analyzer (scripts/presidio/server.py) on 127.0.0.1:PORT in the
# background for lango-node's PII tests and benchmark, installing it first when needed
# (scripts/presidio/install.sh). Writes the server's pid to $PIDFILE when set, waits up to
# 120 s for GET /health, then prints the base URL on stdout.
# The server's log goes to $LANGO_PRESIDIO_LOG (default /tmp/lango-presidio-PORT.log), not to
# this script's stdout/stderr, so a caller capturing them (`$(...)`, Command::output) is not
# left waiting on a pipe the background server holds open.
# usage: start.sh [PORT]   (default 5002)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${1:-5002}
VENV=${LANGO_PRESIDIO_VENV:-$HOME/.cache/lango-node/presidio-venv}
LOG=${LANGO_PRESIDIO_LOG:-${TMPDIR:-/tmp}/lango-presidio-$PORT.log}
URL=http://127.0.0.1:$PORT
die() { echo "scripts/presidio/start.sh: $*" >&2; exit 1; }

"$HERE/install.sh" >&2 || die "install.sh failed"
PY=$VENV/bin/python
health() { "$PY" -c 'import sys, urllib.request as u; sys.exit(u.urlopen(sys.argv[1] + "/health", timeout=2).status != 200)' "$URL" 2>/dev/null; }
if health; then die "something already answers on $URL"; fi

nohup "$PY" "$HERE/server.py" --host 127.0.0.1 --port "$PORT" </dev/null >>"$LOG" 2>&1 &
pid=$!
if [[ -n ${PIDFILE:-} ]]; then echo "$pid" >"$PIDFILE"; fi
deadline=$((SECONDS + 120))
while ((SECONDS < deadline)); do
  if health; then echo "$URL"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || die "server.py (pid $pid) exited before $URL/health answered; see $LOG"
  sleep 0.5
done
kill "$pid" 2>/dev/null || true
die "server.py did not answer $URL/health within 120 s; see $LOG"
