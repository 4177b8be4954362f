#!/usr/bin/env bash
# The container sandbox's default tool image (sandbox/src/container/image.rs) is built
# locally, FROM scratch, from Debian's static busybox at /bin/busybox (package
# busybox-static): no registry is reachable. This installs busybox-static when
# /bin/busybox is missing; the tests (sandbox/tests/container.rs) and `prepare` build the
# image `lango-tools:1` themselves through the Docker API. Idempotent; run as root.
set -euo pipefail

# A static binary: ldd refuses it ("not a dynamic executable"). Debian's plain `busybox`
# package is dynamic and would not run in a FROM scratch image.
static_busybox() {
  [[ -x /bin/busybox ]] && /bin/busybox --list-full >/dev/null 2>&1 && ! ldd /bin/busybox >/dev/null 2>&1
}
if static_busybox; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "docker-image.sh: /bin/busybox is missing and there is no apt-get to install it" >&2
  exit 1
fi
echo "docker-image.sh: installing busybox-static" >&2
# Another apt/dpkg may hold the lock for a while: retry rather than fail.
for attempt in 1 2 3 4 5 6; do
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null; then
    break
  fi
  if ((attempt == 6)); then
    echo "docker-image.sh: apt-get install busybox-static failed" >&2
    exit 1
  fi
  sleep 10
done
static_busybox || { echo "docker-image.sh: no static /bin/busybox after installing busybox-static" >&2; exit 1; }
