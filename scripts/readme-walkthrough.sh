#!/usr/bin/env bash
# Follows the README's first lines literally on a fresh clone in an empty folder (nothing beside it):
#   ./conveyor up, drop the shipped samples, see the tasks, the command, the failed import, the notifications, Ctrl+C.
# Prints the time to the first "Conveyor is ready." (first run: includes building the CLI) and to a second start.
# Usage: scripts/readme-walkthrough.sh [git-ref]   (default HEAD of this repository; only committed work is cloned)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:-HEAD}"
work="$(mktemp -d /tmp/conveyor-walkthrough-XXXXXX)"
up_pid=""
cleanup() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then kill -INT "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "walkthrough: FAILED: $*" >&2; [ -f "$work/up.log" ] && { echo "--- up log ---" >&2; tail -30 "$work/up.log" >&2; }; exit 1; }

git clone --quiet --no-hardlinks "$repo" "$work/conveyor"
git -C "$work/conveyor" checkout --quiet "$ref"
cd "$work/conveyor"
echo "walkthrough: fresh clone of $(git rev-parse --short HEAD) in $work/conveyor"

# The README's port is 8080; another process may hold it on a shared machine, then any free port is used (said below).
port_args=()
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  echo "walkthrough: port 8080 is taken here; running 'up --port 0' instead"
  port_args=(--port 0)
fi

# Sets up_pid and ready_ms (not in a subshell: the caller must keep the pid to stop it).
start_up() {
  : > "$work/up.log"
  local started=${EPOCHREALTIME/./}
  # A background job of a script starts with SIGINT ignored; restore its default so the SIGINT below acts as Ctrl+C.
  env --default-signal=INT ./conveyor up "${port_args[@]}" > "$work/up.log" 2>&1 &
  up_pid=$!
  until grep -q "^Conveyor is ready.$" "$work/up.log"; do
    kill -0 "$up_pid" 2>/dev/null || fail "conveyor up exited before it was ready"
    sleep 0.2
  done
  local now=${EPOCHREALTIME/./}
  ready_ms=$(( (now - started) / 1000 ))
}
stop_up() {
  kill -INT "$up_pid"; local code=0; wait "$up_pid" || code=$?; up_pid=""
  [ "$code" = 0 ] || fail "conveyor up exited $code on Ctrl+C"
}

start_up; first=$ready_ms
echo "walkthrough: first ./conveyor up ready after $((first / 1000)).$(( (first % 1000) / 100 )) s (fresh clone: restore + build + start)"

cp samples/123.jpg .conveyor/buckets/profile-pictures/
cp samples/customers.csv samples/broken.csv .conveyor/buckets/csv-import/

deadline=$((SECONDS + 120))
until ./conveyor tasks list > "$work/tasks.txt" 2>&1 \
      && grep -q "^COMPLETED .*SFN_TASK#default#csv-import#" "$work/tasks.txt" \
      && grep -q "^FAILED .*TASK#default#rejected-file#" "$work/tasks.txt"; do
  [ $SECONDS -lt $deadline ] || { cat "$work/tasks.txt" >&2; fail "the import and the rejected file did not show up in 'tasks list'"; }
  sleep 0.5
done
echo "walkthrough: ./conveyor tasks list"; sed 's/^/    /' "$work/tasks.txt"

rejected=$(grep -o "TASK#default#rejected-file#[0-9A-Z]*" "$work/tasks.txt" | head -1)
./conveyor tasks show "$rejected" > "$work/show.txt"
grep -q "never closed" "$work/show.txt" || { cat "$work/show.txt" >&2; fail "the rejected file's error does not say what is wrong"; }
echo "walkthrough: ./conveyor tasks show $rejected"; sed 's/^/    /' "$work/show.txt"

./conveyor commands > "$work/commands.txt"
grep -q "ChangeProfilePicture" "$work/commands.txt" || { cat "$work/commands.txt" >&2; fail "no ChangeProfilePicture command for 123.jpg"; }
echo "walkthrough: ./conveyor commands"; sed 's/^/    /' "$work/commands.txt"

./conveyor notifications --action task-status > "$work/notes.txt"
grep -q "FAILED .*rejected-file" "$work/notes.txt" || { cat "$work/notes.txt" >&2; fail "no task-status FAILED notification for the rejected file"; }
grep -q "COMPLETED .*csv-import" "$work/notes.txt" || { cat "$work/notes.txt" >&2; fail "no task-status COMPLETED notification for the import"; }
echo "walkthrough: ./conveyor notifications --action task-status"; sed 's/^/    /' "$work/notes.txt"

stop_up
start_up; second=$ready_ms
echo "walkthrough: second ./conveyor up ready after $((second / 1000)).$(( (second % 1000) / 100 )) s (already built)"
stop_up
echo "walkthrough: OK"
