#!/usr/bin/env bash
# Makes sure the outside tools the test suite needs are present, installing them where this machine allows.
# Never skips silently: a missing tool that cannot be installed stops the run with a message saying what to do.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

find_moto() {
  if [ -n "${MOTO_SERVER:-}" ] && [ -x "$MOTO_SERVER" ]; then echo "$MOTO_SERVER"; return 0; fi
  for candidate in "$(command -v moto_server 2>/dev/null || true)" "$HOME/.pyenv/shims/moto_server" "$HOME/.local/bin/moto_server"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! find_moto >/dev/null; then
  echo "ensure-test-tools: moto_server (local AWS emulator) not found; trying pip install 'moto[server]'..." >&2
  if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 \
     && timeout 300 python3 -m pip install --quiet 'moto[server]' >&2; then
    echo "ensure-test-tools: installed moto." >&2
  fi
fi
if ! moto="$(find_moto)"; then
  cat >&2 <<'MSG'
ensure-test-tools: moto_server is required by the AWS integration tests and could not be installed here.
  Install it with:  python3 -m pip install 'moto[server]'   (needs PyPI access)
  or point MOTO_SERVER at an existing moto_server executable, then run the tests again.
MSG
  exit 1
fi
echo "ensure-test-tools: moto_server at $moto" >&2

# cfn-lint (Python, SAM-aware) lints template.yaml in the test suite.
find_cfn_lint() {
  for candidate in "$(command -v cfn-lint 2>/dev/null || true)" "$HOME/.pyenv/shims/cfn-lint" "$HOME/.local/bin/cfn-lint"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! find_cfn_lint >/dev/null; then
  echo "ensure-test-tools: cfn-lint not found; trying pip install cfn-lint..." >&2
  if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 \
     && timeout 300 python3 -m pip install --quiet cfn-lint >&2; then
    echo "ensure-test-tools: installed cfn-lint." >&2
  fi
fi
if ! cfn="$(find_cfn_lint)"; then
  echo "ensure-test-tools: cfn-lint is required to lint template.yaml and could not be installed here. Install it with: python3 -m pip install cfn-lint" >&2
  exit 1
fi
echo "ensure-test-tools: cfn-lint at $cfn" >&2

# asl-validator (npm) validates statemachines/*.asl.json in the test suite.
tools="$repo/scripts/node-tools"
if [ ! -x "$tools/node_modules/.bin/asl-validator" ]; then
  if ! command -v npm >/dev/null; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      echo "ensure-test-tools: npm not found; installing nodejs and npm with apt-get..." >&2
      (apt-get update -qq && apt-get install -y -qq nodejs npm) >&2
    fi
  fi
  if ! command -v npm >/dev/null; then
    echo "ensure-test-tools: npm is required to install asl-validator (the state machine linter). Install Node.js and npm, then run again." >&2
    exit 1
  fi
  echo "ensure-test-tools: installing asl-validator with npm..." >&2
  (cd "$tools" && npm ci --no-audit --no-fund --silent) >&2
fi
echo "ensure-test-tools: asl-validator at $tools/node_modules/.bin/asl-validator" >&2

# Chromium (Debian's package) runs the dashboard's end-to-end test headless (tests/Local.EndToEnd.Tests/Browser).
find_chromium() {
  for candidate in "${CONVEYOR_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! find_chromium >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "ensure-test-tools: chromium not found; installing it with apt-get (Debian's package)..." >&2
    (apt-get update -qq && apt-get install -y -qq chromium) >&2 || true
  fi
fi
if ! chromium="$(find_chromium)"; then
  cat >&2 <<'MSG'
ensure-test-tools: Chromium is required by the dashboard's end-to-end test and could not be installed here.
  Install it with:  sudo apt-get install chromium   (Debian/Ubuntu; any Chromium or Chrome works)
  or point CONVEYOR_CHROMIUM at an existing chromium/chrome executable, then run the tests again.
MSG
  exit 1
fi
echo "ensure-test-tools: chromium at $chromium" >&2

# make, clang and zlib: the SAM build route (Makefile) publishes the functions as Native AOT executables, which the
# end-to-end suite builds exactly as `sam build` does.
needs=()
command -v make >/dev/null || needs+=(make)
command -v clang >/dev/null || needs+=(clang)
{ [ -e /usr/include/zlib.h ] || ldconfig -p 2>/dev/null | grep -q 'libz\.so '; } || needs+=(zlib1g-dev)
if [ ${#needs[@]} -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "ensure-test-tools: installing ${needs[*]} with apt-get (Native AOT toolchain)..." >&2
  (apt-get update -qq && apt-get install -y -qq "${needs[@]}") >&2
fi
for tool in make clang; do
  if ! command -v "$tool" >/dev/null; then
    echo "ensure-test-tools: $tool is required to build the functions as sam build does (Native AOT). Install it (Debian/Ubuntu: apt-get install make clang zlib1g-dev), then run again." >&2
    exit 1
  fi
done
echo "ensure-test-tools: make and clang at $(command -v make), $(command -v clang)" >&2
