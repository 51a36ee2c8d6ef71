#!/usr/bin/env bash
# Publishes every function as a Native AOT executable for provided.al2023 and prints each binary's size and the
# number of trim/AOT warnings. Output: artifacts/aot/<Function>/bootstrap (the name provided.al2023 runs).
# Usage: scripts/publish-aot.sh [Function ...]   (default: all seven)   RID=linux-arm64 to cross-target.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="${RID:-linux-x64}"
functions=("$@")
if [ ${#functions[@]} -eq 0 ]; then
  functions=(FileTrigger TaskWorker StreamFanOut MapItem Finalize ScheduleTarget Api DocumentReview)
fi

total_warnings=0
summary=()
for fn in "${functions[@]}"; do
  project="$root/functions/$fn/$fn.csproj"
  [ -f "$project" ] || { echo "unknown function: $fn" >&2; exit 2; }
  out="$root/artifacts/aot/$fn"
  log="$root/artifacts/aot/$fn.publish.log"
  mkdir -p "$out"
  echo "== publishing $fn ($rid)" >&2
  # TreatWarningsAsErrors off here so every warning is counted and shown instead of stopping at the first.
  if ! dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -p:TreatWarningsAsErrors=false \
      -o "$out" -nologo -clp:NoSummary > "$log" 2>&1; then
    cat "$log" >&2
    echo "publish of $fn failed" >&2
    exit 1
  fi
  # Unique lines: MSBuild repeats each warning in its summary.
  unique="$(grep -E 'warning [A-Z]+[0-9]+' "$log" | sort -u || true)"
  warnings=$(printf '%s' "$unique" | grep -c . || true)
  [ -z "$unique" ] || printf '%s\n' "$unique" >&2
  total_warnings=$((total_warnings + warnings))
  cp -f "$out/$fn" "$out/bootstrap"
  size=$(stat -c %s "$out/bootstrap")
  summary+=("$(printf '%-15s %10s bytes  %6.1f MB  %d warnings' "$fn" "$size" "$(echo "$size / 1048576" | bc -l)" "$warnings")")
done

printf '%s\n' "${summary[@]}"
echo "total trim/AOT warnings: $total_warnings"
[ "$total_warnings" -eq 0 ]
