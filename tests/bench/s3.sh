#!/usr/bin/env bash
# tests/bench/s3.sh: S3's figures for docs/performance.md (by hand, not a ctest test).
#
#   tests/bench/s3.sh [--reps N] [--skip-stream] [--skip-scale]
#
# 1. 1 KiB PUT and GET (wrk, 16 connections) and 64 MiB PUT and GET (curl) through the shared
#    harness ../shared/bench/run.sh against Terrarium and the floor (epoll_fixed, a trivial
#    epoll server answering 200), interleaved, server CPU per request from BENCH_SERVER_PID.
# 2. tests/bench/s3_scale.py: a ListObjectsV2 page as the bucket grows to 100,000 keys, and
#    1 KiB GET/PUT with 100,000 keys and 1,001 buckets.
# 3. Streaming, on a fresh server: peak RSS (VmHWM, reset before each step) while a 1 GiB object
#    is PUT in one request, downloaded, and uploaded multipart by `aws s3 cp`.
#
# Env: BIN (build/terrarium), SHARED_BENCH (../shared/bench), FLOOR (/tmp/bench-bin/epoll_fixed,
# built by $SHARED_BENCH/servers/build.sh when missing), BENCH_DURATION (10).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/build/terrarium}
SHARED=${SHARED_BENCH:-$(cd "$ROOT/.." && pwd)/shared/bench}
FLOOR=${FLOOR:-/tmp/bench-bin/epoll_fixed}
REPS=1
STREAM=1
SCALE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --skip-stream) STREAM=0; shift ;;
    --skip-scale) SCALE=0; shift ;;
    *) echo "usage: $0 [--reps N] [--skip-stream] [--skip-scale]" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/terrarium-s3-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_up() {  # URL
  for _ in $(seq 1 200); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.05
  done
  echo "server at $1 did not come up" >&2; exit 1
}

[ -x "$FLOOR" ] || "$SHARED/servers/build.sh"
TPORT=$(free_port)
"$BIN" serve --port "$TPORT" --log-level warn > "$WORK/terrarium.log" 2>&1 &
TPID=$!; PIDS+=("$TPID")
FPORT=$(free_port)
"$FLOOR" "$FPORT" > /dev/null 2>&1 &
FPID=$!; PIDS+=("$FPID")
TEP=http://127.0.0.1:$TPORT
FEP=http://127.0.0.1:$FPORT
wait_up "$TEP/_terrarium/health"
wait_up "$FEP/"

echo "## 1 KiB and 64 MiB PUT/GET (server CPU per request; floor = epoll_fixed)"
for rep in $(seq 1 "$REPS"); do
  for target in floor terrarium; do
    if [ "$target" = floor ]; then ep=$FEP; pid=$FPID; else ep=$TEP; pid=$TPID; fi
    BENCH_WORKLOADS="s3_put s3_get s3_big" BENCH_LAT1_DUR=0 BENCH_SERVER_PID=$pid \
      BENCH_RUNID=$rep "$SHARED/run.sh" "$ep" "$target"
  done
done

if [ "$SCALE" = 1 ]; then
  echo
  echo "## Listing and small requests as objects and buckets accumulate"
  python3 "$ROOT/tests/bench/s3_scale.py" "$TEP" "$TPID"
fi

if [ "$STREAM" = 1 ]; then
  echo
  echo "## 1 GiB streaming: peak RSS of the server (VmHWM, reset before each step)"
  # A fresh server, so that the LMDB pages the runs above mapped do not count.
  kill "$TPID"; wait "$TPID" 2>/dev/null || true
  TPORT=$(free_port)
  "$BIN" serve --port "$TPORT" --log-level warn > "$WORK/terrarium-stream.log" 2>&1 &
  TPID=$!; PIDS+=("$TPID")
  TEP=http://127.0.0.1:$TPORT
  wait_up "$TEP/_terrarium/health"
  BIG=$WORK/big.bin
  head -c $((1 << 30)) /dev/urandom > "$BIG"
  AUTH="Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"
  curl -sS -f -X PUT -H "$AUTH" "$TEP/stream" > /dev/null
  hwm() { awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$TPID/status"; }
  reset_hwm() { echo 5 > "/proc/$TPID/clear_refs"; }
  step() {  # LABEL COMMAND...
    local label=$1; shift
    reset_hwm
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null
    t1=$(date +%s.%N)
    printf '| %s | %s | %s |\n' "$label" "$(hwm)" \
      "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f MiB/s", 1024 / (b - a)}')"
  }
  echo "| step | peak RSS | throughput |"
  echo "|---|---|---|"
  printf '| fresh server, one bucket created | %s | - |\n' "$(hwm)"
  step "PUT 1 GiB, one request (curl)" \
    curl -sS -f -X PUT -H "$AUTH" -H "Expect:" -T "$BIG" "$TEP/stream/single"
  step "GET 1 GiB (curl)" curl -sS -f -H "$AUTH" -o /dev/null "$TEP/stream/single"
  step "PUT 1 GiB multipart (aws s3 cp, 8 MiB parts)" \
    env AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    aws --endpoint-url "$TEP" s3 cp --only-show-errors "$BIG" s3://stream/multipart
  step "GET 1 GiB multipart object (curl)" \
    curl -sS -f -H "$AUTH" -o /dev/null "$TEP/stream/multipart"
fi
