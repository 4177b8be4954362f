#!/usr/bin/env bash
# The `keyring` key provider (storage/src/keyring.rs) talks to the Linux kernel keyring
# through the keyctl/add_key syscalls and needs no package. This installs Debian's
# `keyutils` for the `keyctl` command, which operators use to inspect the slots
# (`keyctl show @u`); the tests (`mod keyutils`) do not need it. Optional: failing to
# install it is reported, not fatal. Idempotent; run as root.
set -euo pipefail

if command -v keyctl >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "keyutils.sh: keyctl is missing and there is no apt-get (optional; skipped)" >&2
  exit 0
fi
echo "keyutils.sh: installing keyutils (the keyctl CLI)" >&2
for attempt in 1 2 3 4 5 6; do
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keyutils >/dev/null; then
    exit 0
  fi
  ((attempt == 6)) || sleep 10
done
echo "keyutils.sh: could not install keyutils (optional; the provider does not need it)" >&2
