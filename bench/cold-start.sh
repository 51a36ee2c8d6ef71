#!/usr/bin/env bash
# Cold start of every function as deployed: builds each through the deploy route (the Makefile target sam build runs,
# same working directory and ARTIFACTS_DIR), plus an echo bootstrap built the same way, then starts each N times
# against the Runtime API emulator and prints the median init (process start -> first `next`) and first invocation,
# and init as a multiple of the echo bootstrap's (this machine is noisy: the ratio is the figure), plus the CPU time
# init used (all threads, from /proc), which other processes' load inflates far less than elapsed time, and figures no
# load moves: the page faults init took, the executable's size and its type data: the ELF section .hydrated, which the
# runtime rebuilds from the binary at every start, in the default position-independent layout (CONVEYOR_PIE=true); in the
# fixed-address layout the functions use (functions/Function.props) the type data is stored ready to use in .data, which
# also holds the executable's other writable data (≈ 0.2 MB), and is paged in as touched.
# Usage: bench/cold-start.sh [runs=10]    CONVEYOR_PUBLISH=jit for the JIT route; FUNCTIONS="FileTriggerFunction ..."
# to measure only some (the echo bootstrap always runs first); NO_BUILD=1 re-measures the last build. Output:
# artifacts/bench/cold-start/
# The sample events stay away from AWS (an S3 test event, empty batches, inputs the handlers reject) and the AWS
# endpoint is a closed local port, so the first invocation measures the function's own path, not the network.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
out="$root/artifacts/bench/cold-start/${CONVEYOR_PUBLISH:-aot}"
events="$root/bench/cold-start"
declare -A event=(
  [EchoBootstrap]="$root/events/s3-test-event.json"
  [FileTriggerFunction]="$root/events/s3-test-event.json"
  [StreamFanOutFunction]="$events/empty-batch.json"
  [TaskWorkerFunction]="$events/empty-batch.json"
  [MapItemFunction]="$events/map-item-not-a-step-function-task.json"
  [FinalizeFunction]="$events/finalize-empty.json"
  [ScheduleTargetFunction]="$root/events/schedule-unknown-type.json"
  [ApiFunction]="$root/events/api-rest-v1-list-tasks.json"
  [DocumentReviewFunction]="$events/durable-not-an-envelope.json"
)
read -r -a selected <<< "${FUNCTIONS:-FileTriggerFunction StreamFanOutFunction TaskWorkerFunction MapItemFunction FinalizeFunction ScheduleTargetFunction ApiFunction DocumentReviewFunction}"
order=(EchoBootstrap "${selected[@]}")

cd "$root"
for id in "${order[@]}"; do
  # NO_BUILD=1 measures the artefacts of an earlier run again (e.g. when the machine is quieter).
  [ "${NO_BUILD:-0}" = 1 ] && [ -x "$out/$id/bootstrap" ] && continue
  echo "== make build-$id" >&2
  mkdir -p "$out/$id"
  ARTIFACTS_DIR="$out/$id" make --makefile "$root/Makefile" "build-$id" > "$out/$id.build.log" 2>&1 \
    || { cat "$out/$id.build.log" >&2; exit 1; }
done
dotnet build -c Release bench/Conveyor.Lambda.Bench -nologo -v q > "$out/bench.build.log" 2>&1 || { cat "$out/bench.build.log" >&2; exit 1; }
bench="$root/bench/Conveyor.Lambda.Bench/bin/Release/net10.0/Conveyor.Lambda.Bench.dll"
env_file="$out/env.json"
# env.json's names, the AWS endpoint on a closed port.
sed 's#http://host.docker.internal:5000#http://127.0.0.1:9#g' "$root/events/env.json" > "$env_file"

echo "load before: $(uptime)"
printf '%-24s %10s %16s %10s %12s %10s %12s %12s %8s %16s\n' \
  function init_ms first_invoke_ms init/echo init_cpu_ms cpu/echo init_faults faults/echo size_MB type_data_MB
echo_init=""
echo_cpu=""
echo_faults=""
# The size of the section holding the executable's type data in MB, with the section's name: .hydrated (rebuilt at every
# start) or, without it, .data (mapped from the file); "-" without readelf (binutils).
type_data_mb() {
  command -v readelf > /dev/null 2>&1 || { echo -; return; }
  local section hex
  for section in .hydrated .data; do
    hex="$(readelf -SW "$1" | awk -v name="$section" '{ for (i = 1; i + 4 <= NF; i++) if ($i == name) print $(i + 4) }')"
    if [ -n "$hex" ]; then printf '%.1f(%s)' "$(echo "$((16#$hex)) / 1048576" | bc -l)" "$section"; return; fi
  done
  echo -
}
for id in "${order[@]}"; do
  line="$(dotnet "$bench" "$out/$id/bootstrap" "$runs" --event "${event[$id]}" --env-vars "$env_file" --allow-error | tee "$out/$id.bench.log" | grep '^RESULT ')"
  init="$(sed -E 's/.*init_ms=([0-9.]+).*/\1/' <<< "$line")"
  invoke="$(sed -E 's/.*first_invoke_ms=([0-9.]+).*/\1/' <<< "$line")"
  cpu="$(sed -E 's/.*init_cpu_ms=([0-9.]+).*/\1/' <<< "$line")"
  faults="$(sed -E 's/.*init_faults=([0-9]+).*/\1/' <<< "$line")"
  [ -n "$echo_init" ] || echo_init="$init"
  [ -n "$echo_cpu" ] || echo_cpu="$cpu"
  [ -n "$echo_faults" ] || echo_faults="$faults"
  size="$(stat -c %s "$out/$id/bootstrap")"
  printf '%-24s %10s %16s %9.2fx %12s %9.2fx %12s %11.2fx %8.1f %16s\n' "$id" "$init" "$invoke" "$(echo "$init / $echo_init" | bc -l)" \
    "$cpu" "$(echo "$cpu / $echo_cpu" | bc -l)" "$faults" "$(echo "$faults / $echo_faults" | bc -l)" \
    "$(echo "$size / 1048576" | bc -l)" "$(type_data_mb "$out/$id/bootstrap")"
done
echo "load after: $(uptime)"
