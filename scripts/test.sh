#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and end-to-end) with ctest.
# Ends with ctest's summary and exits non-zero when a test fails.
#   TERRARIUM_ASAN=1  also builds build-asan/ (ASan + UBSan) and runs the whole suite there.
#   Extra arguments go to every ctest run, e.g. ./scripts/test.sh -L e2e
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"

run_suite() {
  local flavour="$1" build_dir="$2"
  shift 2
  "$root/scripts/build.sh" "$flavour"
  # Two CPU-bound tests at a time, and up to four Terraform tests beside them (they mostly sleep
  # in the provider's own waits): see tests/ctest-resources.json.
  ctest --test-dir "$build_dir" --output-on-failure -j6 \
    --resource-spec-file "$root/tests/ctest-resources.json" "$@"
}

status=0
if [[ "${TERRARIUM_ASAN:-0}" == "1" ]]; then
  # Run both passes even when the first fails, so one CI run reports everything.
  run_suite asan "$root/build-asan" "$@" || status=$?
fi
run_suite release "$root/build" "$@" || status=$?
exit "$status"
