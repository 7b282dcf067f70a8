#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and end-to-end) with ctest.
# Ends with ctest's summary and exits non-zero when a test fails.
#   TERRARIUM_ASAN=ci (default, what .ci/run runs) the release server (build/terrarium, -O3,
#                    warnings are errors), then the sanitizer build (build-asan/, ASan + UBSan) and
#                    the whole suite under it: a fresh clone's run took 12 min of CI's 20
#                    (docs/reliability.md, "Sanitizers in CI")
#   TERRARIUM_ASAN=0 the release build (build/) and the whole suite there (9 min)
#   TERRARIUM_ASAN=only the sanitizer build and the whole suite under it, nothing else
#   TERRARIUM_ASAN=1 both builds, the whole suite under each
#   TERRARIUM_ASAN=subset both builds: the whole suite on the release build, and the unit tests plus
#                    the e2e modules of ASAN_E2E_SUBSET on the sanitizer build
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

# The e2e modules TERRARIUM_ASAN=subset runs under the sanitizers: the parsers, the body and storage
# paths and the hostile inputs, without the slow external runtimes (Lambda, Terraform, Node).
ASAN_E2E_SUBSET="test_errors|test_hostile_parsers|test_hostile_s3_keys|test_s3_objects|\
test_s3_multipart|test_dynamodb_items|test_dynamodb_query|test_dynamodb_partiql|test_sqs_messages|\
test_sqs_query|test_sts"

# A UBSan report carries its stack (ASan's always do); LeakSanitizer is on by default.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
# Leaks inside system libraries, not ours (tests/lsan-suppressions.txt says which and why).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/lsan-suppressions.txt}"

status=0
# Run every pass even when one fails, so one CI run reports everything.
case "${TERRARIUM_ASAN:-ci}" in
  ci)
    # The release server first: -O3 brings warnings of its own, and a fresh clone builds it first
    # (scripts/serve.sh). Its tests are the sanitizer build's.
    "$root/scripts/build.sh" release terrarium
    run_suite asan "$root/build-asan" "$@" || status=$?
    ;;
  only) run_suite asan "$root/build-asan" "$@" || status=$? ;;
  0) run_suite release "$root/build" "$@" || status=$? ;;
  1)
    run_suite asan "$root/build-asan" "$@" || status=$?
    run_suite release "$root/build" "$@" || status=$?
    ;;
  subset)
    run_suite asan "$root/build-asan" -L unit "$@" || status=$?
    ctest --test-dir "$root/build-asan" --output-on-failure -j2 -R "^e2e\\.($ASAN_E2E_SUBSET)\$" "$@" ||
      status=$?
    run_suite release "$root/build" "$@" || status=$?
    ;;
  *)
    echo "TERRARIUM_ASAN must be ci, only, 0, 1 or subset" >&2
    exit 2
    ;;
esac
exit "$status"
