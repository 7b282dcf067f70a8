#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang) and runs each one briefly on its corpus.
# CI-friendly: exits non-zero when a target crashes, hangs, leaks or trips a sanitizer.
# Not part of .ci/run (it takes about SECONDS x 13 targets).
#   FUZZ_SECONDS=60 (per target)  FUZZ_TARGETS="fuzz_partiql fuzz_sigv4" (default: all)
#   FUZZ_RUNS=10000000: stop each target after that many executions instead (the long runs of
#   docs/reliability.md); FUZZ_SECONDS then only bounds the time (default 3 hours)
#   FUZZ_JOBS=2 (build parallelism)
#   FUZZ_TIMEOUT=10: seconds one input may take before it counts as a hang (raise it for long runs
#   beside other work: a starved process is not a hung one)
# New inputs the fuzzer finds go to a scratch copy of the corpus; crashes go to build-fuzz/crashes/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/build-fuzz"
runs="${FUZZ_RUNS:-}"
seconds="${FUZZ_SECONDS:-$([ -n "$runs" ] && echo 10800 || echo 60)}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"

CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
  -DCMAKE_C_FLAGS="-O1" -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
  -DTERRARIUM_FUZZ=ON -DTERRARIUM_TESTS=OFF >/dev/null

targets="${FUZZ_TARGETS:-$(cd "$root/tests/fuzz" && ls fuzz_*.cc | sed 's/\.cc$//')}"
# shellcheck disable=SC2086
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target $targets

# Which dictionary each target uses (see dict/).
dict_of() {
  case "$1" in
    fuzz_http_request | fuzz_codec_*) echo http ;;
    fuzz_json_reader) echo json ;;
    fuzz_s3_xml) echo xml ;;
    fuzz_ddb_expression) echo ddb_expression ;;
    fuzz_partiql) echo partiql ;;
    fuzz_cfn_template) echo cfn ;;
    fuzz_aws_chunked) echo aws_chunked ;;
    fuzz_sigv4) echo sigv4 ;;
    fuzz_tfstate) echo tfstate ;;
  esac
}

mkdir -p "$build/crashes"
status=0
for target in $targets; do
  scratch="$build/corpus/$target"
  mkdir -p "$scratch"
  cp -n "$root/tests/fuzz/corpus/$target/"* "$scratch/" 2>/dev/null || true
  echo "== $target: $seconds s${runs:+, at most $runs executions}"
  # -rss_limit_mb: ASan's shadow memory counts too; -timeout: a hang is a failure.
  if ! "$build/fuzz/$target" "$scratch" -dict="$root/tests/fuzz/dict/$(dict_of "$target").dict" \
      -max_total_time="$seconds" ${runs:+-runs="$runs"} -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 2>"$build/$target.log"; then
    echo "FAILED: $target (log: $build/$target.log, inputs: $build/crashes/)"
    tail -40 "$build/$target.log"
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$target.log" || true
done
exit "$status"
