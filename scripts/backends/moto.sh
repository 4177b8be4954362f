#!/usr/bin/env bash
# Installs moto's server (a local AWS emulator that implements KMS Encrypt/Decrypt with
# EncryptionContext, Sign/GetPublicKey for ECC_NIST_P256, CreateKey, ScheduleKeyDeletion)
# into a venv at /opt/lango-backends/venv. The aws-kms key provider's tests start
# /opt/lango-backends/venv/bin/moto_server themselves (or $LANGO_MOTO_SERVER).
# Idempotent: does nothing when moto_server is already there.
set -euo pipefail

VENV=${LANGO_BACKENDS_VENV:-/opt/lango-backends/venv}

if [[ -x "$VENV/bin/moto_server" ]]; then
  exit 0
fi

need() { command -v "$1" >/dev/null 2>&1; }

# Debian's python3 needs python3-venv for `python3 -m venv` (ensurepip).
PY=/usr/bin/python3
if ! [[ -x $PY ]] || ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if need apt-get; then
    echo "scripts/backends/moto.sh: installing python3 python3-venv" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  else
    echo "scripts/backends/moto.sh: python3 with the venv module is missing and there is no apt-get" >&2
    exit 1
  fi
fi

mkdir -p "$(dirname "$VENV")"
if ! [[ -x "$VENV/bin/pip" ]]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check 'moto[server]>=5,<6'
test -x "$VENV/bin/moto_server"
echo "scripts/backends/moto.sh: moto_server installed at $VENV/bin/moto_server" >&2
