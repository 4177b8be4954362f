#!/usr/bin/env bash
# SoftHSM2, the software PKCS#11 token the `pkcs11` key provider's tests run against
# (storage/src/pkcs11.rs, `mod softhsm`). Installs Debian's softhsm2 (the module
# /usr/lib/softhsm/libsofthsm2.so and softhsm2-util) when missing. Idempotent; run as root.
set -euo pipefail

MODULE=/usr/lib/softhsm/libsofthsm2.so
if [[ -e $MODULE ]] && command -v softhsm2-util >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "softhsm.sh: softhsm2 is missing and there is no apt-get to install it" >&2
  exit 1
fi
echo "softhsm.sh: installing softhsm2" >&2
# Another apt/dpkg may hold the lock for a while: retry rather than fail.
for attempt in 1 2 3 4 5 6; do
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null; then
    break
  fi
  if ((attempt == 6)); then
    echo "softhsm.sh: apt-get install softhsm2 failed" >&2
    exit 1
  fi
  sleep 10
done
[[ -e $MODULE ]] || { echo "softhsm.sh: $MODULE missing after install" >&2; exit 1; }
