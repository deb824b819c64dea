#!/usr/bin/env bash
# Install what the test suite needs (system packages when run as root, the package with its
# test extras), then run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || apt_packages+=(redis-server)  # tests/index (Redis backend)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tests/run.sh: installing ${apt_packages[*]} with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "tests/run.sh: please install ${apt_packages[*]} (needs root); tests that use them will fail" >&2
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"
python -m pytest "$@"
