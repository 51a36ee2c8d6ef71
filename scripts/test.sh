#!/usr/bin/env bash
# The test command (README, .ci/run): installs/checks the outside tools, then runs every test project.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scripts/ensure-test-tools.sh
dotnet test functions.sln --nologo "$@"
