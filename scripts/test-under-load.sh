#!/usr/bin/env bash
# `npm test` on a machine whose cores are busy: two busy-loop processes this
# script starts take both cores of a 2-core machine while the suite runs, and
# the wall time is printed at the end. Arguments go to jest:
#
#   scripts/test-under-load.sh
#   scripts/test-under-load.sh packages/core
#
# The busy loops are stopped by their pids when the tests end, fail, or the
# script is interrupted. Exits with the status of `npm test`.
set -uo pipefail
cd "$(dirname "$0")/.."

busy=()
stop_busy() {
  if ((${#busy[@]} > 0)); then
    kill "${busy[@]}" 2>/dev/null
    wait "${busy[@]}" 2>/dev/null
    busy=()
  fi
}
trap stop_busy EXIT
trap 'stop_busy; exit 130' INT
trap 'stop_busy; exit 143' TERM

for _ in 1 2; do
  (while :; do :; done) &
  busy+=("$!")
done
echo "test-under-load: busy loops ${busy[*]} take both cores; running npm test $*"

started=$(date +%s%N)
npm test -- "$@"
status=$?
ended=$(date +%s%N)
stop_busy

elapsed_ms=$(((ended - started) / 1000000))
verdict=$([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)")
printf 'test-under-load: npm test %s in %d.%d s wall, beside two busy loops\n' "$verdict" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
exit "$status"
