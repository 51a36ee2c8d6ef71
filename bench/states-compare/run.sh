#!/usr/bin/env bash
# Runs the same definitions and inputs with Conveyor.States and with aws-local-stepfunctions (npm) and prints a table:
# in-process wall time (load + run), whole-process wall time and peak RSS (from /usr/bin/time -v), one process per case.
# Usage: bench/states-compare/run.sh [item counts...]   (default: 10000 100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
counts=("${@:-10000 100000}")
[[ $# -eq 0 ]] && counts=(10000 100000)

if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
  echo "installing GNU time (apt-get) for peak-memory figures..." >&2
  (apt-get update -qq && apt-get install -y -qq time) >&2 || true
fi
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time for peak memory: apt-get install -y time" >&2; exit 2; }
command -v npm >/dev/null || { echo "needs Node.js and npm for aws-local-stepfunctions: apt-get install -y nodejs npm" >&2; exit 2; }
[[ -d "$here/node_modules/aws-local-stepfunctions" ]] || (cd "$here" && npm install --no-audit --no-fund >/dev/null)
dotnet build -c Release "$repo/bench/Conveyor.States.Bench" >/dev/null
bench_dll="$repo/bench/Conveyor.States.Bench/bin/Release/net10.0/Conveyor.States.Bench.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # tool-label, command...  → prints "label|inner ms|process s|peak RSS MB|count"
  local label="$1"; shift
  local out="$work/out.txt" tv="$work/time.txt"
  if ! /usr/bin/time -v -o "$tv" "$@" >"$out" 2>"$work/err.txt"; then
    echo "$label|failed: $(tail -c 300 "$work/err.txt" | tr '\n' ' ')|||"
    return
  fi
  local inner count rss elapsed
  inner=$(grep -o '"wallMs":[0-9]*' "$out" | cut -d: -f2)
  count=$(grep -o '"count":[0-9]*' "$out" | cut -d: -f2)
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$tv")
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tv")
  echo "$label|$inner|$elapsed|$rss|$count"
}

printf '%-28s %-8s %-24s %10s %14s %10s %8s\n' definition items tool "run ms" "process m:s" "peak MB" results
for definition in "$here"/definitions/*.asl.json; do
  for n in "${counts[@]}"; do
    input="$work/input-$n.json"
    [[ -f "$input" ]] || node "$here/make-input.mjs" "$n" "$input"
    for tool in conveyor aws-local-stepfunctions; do
      if [[ $tool == conveyor ]]; then
        row=$(measure "Conveyor.States" dotnet "$bench_dll" "$definition" "$input")
      else
        row=$(cd "$here" && measure "aws-local-stepfunctions" node --max-old-space-size=8192 run-aws-local-stepfunctions.mjs "$definition" "$input")
      fi
      IFS='|' read -r label inner elapsed rss count <<<"$row"
      printf '%-28s %-8s %-24s %10s %14s %10s %8s\n' "$(basename "$definition" .asl.json)" "$n" "$label" "$inner" "$elapsed" "$rss" "$count"
    done
  done
done
