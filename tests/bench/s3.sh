#!/usr/bin/env bash
# tests/bench/s3.sh: S3's figures for docs/performance.md (by hand, not a ctest test).
#
#   tests/bench/s3.sh [--binary PATH] [--reps N] [--duration S] [--only small|big]
#                     [--skip-stream] [--skip-scale]
#
# 1. 1 KiB PUT (one body for every key, and a distinct body per key) and GET with wrk
#    (request.lua, 16 connections), then 64 MiB PUT and GET with curl (3 transfers each), against
#    Terrarium and the floor (floor_server.cpp, a trivial epoll server answering 200, built here),
#    interleaved per repetition. Server CPU per request is utime+stime from /proc/PID/stat over the
#    run divided by the requests wrk completed.
# 2. tests/bench/s3_scale.py: a ListObjectsV2 page as the bucket grows to 100,000 keys, and
#    1 KiB GET/PUT with 100,000 keys and 1,001 buckets.
# 3. Streaming, on a fresh server: peak RSS (VmHWM, reset before each step) while a 1 GiB object
#    is PUT in one request, downloaded, and uploaded multipart by `aws s3 cp`.
#
# Needs bash, c++, curl, wrk (apt-get install -y wrk), python3; the aws CLI for step 3.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=$ROOT/build/terrarium
REPS=1
DUR=${BENCH_DURATION:-10}
ONLY=""
STREAM=1
SCALE=1
usage() { sed -n '4,5p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BIN=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --duration) DUR=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --skip-stream) STREAM=0; shift ;;
    --skip-scale) SCALE=0; shift ;;
    *) usage ;;
  esac
done
for tool in c++ curl wrk python3; do
  command -v $tool >/dev/null || { echo "s3.sh: needs $tool" >&2; exit 1; }
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
CLK=$(getconf CLK_TCK)
# utime+stime of all the process's threads, in clock ticks (/proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# Waits (at most 30 s) until the server is idle: wrk abandons in-flight requests when it stops.
settle() {
  local a b
  for _ in $(seq 120); do
    a=$(cpu_ticks "$1"); sleep 0.25; b=$(cpu_ticks "$1")
    [ $((b - a)) -le 1 ] && return 0
  done
  echo "# settle: pid $1 still busy after 30 s" >&2
}
kv() { grep -o "$2=[^ ]*" <<<"$1" | cut -d= -f2; }
AUTH="Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"

c++ -O2 -std=c++17 -o "$WORK/floor" "$HERE/floor_server.cpp"
TPORT=$(free_port)
"$BIN" serve --port "$TPORT" --log-level warn > "$WORK/terrarium.log" 2>&1 &
TPID=$!; PIDS+=("$TPID")
FPORT=$(free_port)
"$WORK/floor" "$FPORT" > /dev/null 2>&1 &
FPID=$!; PIDS+=("$FPID")
TEP=http://127.0.0.1:$TPORT
FEP=http://127.0.0.1:$FPORT
wait_up "$TEP/_terrarium/health"
wait_up "$FEP/"
export BENCH_BUCKET=bench
curl -sS -f -o /dev/null -X PUT -H "$AUTH" "$TEP/$BENCH_BUCKET"

ROWS=()
# small TARGET PID URL KIND: one wrk run of request.lua's KIND at 16 connections, one table row.
small() {
  local target=$1 pid=$2 url=$3 kind=$4 raw t0 t1 res reqs
  raw=$WORK/$target-$kind-$RANDOM.txt
  settle "$pid"
  t0=$(cpu_ticks "$pid")
  BENCH_KIND=$kind timeout $((DUR + 30)) wrk -t1 -c16 -d"${DUR}s" --timeout 10s --latency \
    -s "$HERE/request.lua" "$url" > "$raw" 2>&1 || true
  t1=$(cpu_ticks "$pid")
  res=$(grep '^RESULT' "$raw" | tail -1) || { echo "# $target $kind: no result, see $raw" >&2; return 0; }
  reqs=$(kv "$res" requests)
  ROWS+=("$(printf '| %s | %s | %.0f req/s | %s | %s | %s |' "$target" "$kind" \
    "$(awk -v n="$reqs" -v s="$(kv "$res" seconds)" 'BEGIN { print n / s }')" \
    "$(awk -v d=$((t1 - t0)) -v c="$CLK" -v n="$reqs" 'BEGIN { printf "%.1f", n ? d / c * 1e6 / n : 0 }')" \
    "$(kv "$res" p50_ms)" "$(($(kv "$res" non2xx) + $(kv "$res" sockerr)))")")
  echo "${ROWS[-1]}" >&2
}
# big TARGET PID URL: 3 PUTs and GETs of a 64 MiB object with curl; rows give the median wall
# rate and the server CPU per transfer.
BIGFILE=$WORK/big64.bin
big() {
  local target=$1 pid=$2 url=$3 i r t0 puts=() gets=() put_cpu=() get_cpu=() bad=0
  [ -s "$BIGFILE" ] || head -c $((64 << 20)) /dev/urandom > "$BIGFILE"
  settle "$pid"
  for i in 1 2 3; do
    t0=$(cpu_ticks "$pid")
    r=$(curl -sS --max-time 300 -o /dev/null -w '%{http_code} %{time_total}' -X PUT -T "$BIGFILE" \
      -H "$AUTH" -H 'Content-Type: application/octet-stream' -H 'Expect:' "$url/$BENCH_BUCKET/big$i")
    put_cpu+=($(($(cpu_ticks "$pid") - t0))); puts+=("${r#* }")
    [ "${r%% *}" = 200 ] || bad=$((bad + 1))
    t0=$(cpu_ticks "$pid")
    r=$(curl -sS --max-time 300 -o /dev/null -w '%{http_code} %{time_total} %{size_download}' \
      -H "$AUTH" "$url/$BENCH_BUCKET/big$i")
    get_cpu+=($(($(cpu_ticks "$pid") - t0)))
    set -- $r; gets+=("$2")
    { [ "$1" = 200 ] && [ "$3" = $((64 << 20)) ]; } || bad=$((bad + 1))
  done
  med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
  for op in PUT GET; do
    local times cpus
    if [ $op = PUT ]; then times=("${puts[@]}") cpus=("${put_cpu[@]}"); else times=("${gets[@]}") cpus=("${get_cpu[@]}"); fi
    ROWS+=("$(printf '| %s | %s 64 MiB | %s MiB/s | %s ms per transfer | - | %s |' "$target" "$op" \
      "$(awk -v t="$(med "${times[@]}")" 'BEGIN { printf "%.0f", 64 / t }')" \
      "$(awk -v t="$(med "${cpus[@]}")" -v c="$CLK" 'BEGIN { printf "%.0f", t / c * 1000 }')" "$bad")")
    echo "${ROWS[-1]}" >&2
  done
}

echo "## 1 KiB and 64 MiB PUT/GET (server CPU; floor = floor_server.cpp)"
for rep in $(seq 1 "$REPS"); do
  for target in floor terrarium; do
    if [ "$target" = floor ]; then ep=$FEP; pid=$FPID; else ep=$TEP; pid=$TPID; fi
    if [ "$ONLY" != big ]; then
      for kind in s3_put s3_put_unique s3_get; do small "$target" "$pid" "$ep" "$kind"; done
    fi
    [ "$ONLY" = small ] || big "$target" "$pid" "$ep"
  done
done
echo "| target | workload | rate | server CPU us/req | p50 ms | errors |"
echo "|---|---|---|---|---|---|"
for row in "${ROWS[@]}"; do echo "$row"; done

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
