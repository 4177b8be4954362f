#!/usr/bin/env bash
# TPM 2.0 back end for the `tpm` key provider's tests (storage/src/tpm.rs, `mod swtpm`):
# the swtpm software TPM, the TSS2 libraries tss-esapi links against (libtss2-dev, with
# pkg-config to find them) and tpm2-tools for manual checks. Idempotent; quick when
# everything is present. Runs as root on Debian 12.
set -euo pipefail

want=(swtpm swtpm-tools libtss2-dev tpm2-tools pkg-config)
missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "swtpm.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_retry() {
    # Another process may hold the dpkg lock for a while.
    for i in $(seq 1 30); do
        if "$@"; then return 0; fi
        echo "swtpm.sh: apt busy or failed (try $i), retrying in 10 s" >&2
        sleep 10
    done
    return 1
}
if ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
    apt_retry apt-get update -qq
fi
apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}"
