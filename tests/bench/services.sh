#!/usr/bin/env bash
# tests/bench/services.sh: what SQS and DynamoDB operations cost the server (README.md, "Services").
#
#   tests/bench/services.sh [--binary PATH] [--duration S] [--sqs-depth N] [--ddb-items N]
#                           [--waiters N] [--only sqs|ddb|poll] [--out DIR]
#
# Starts the built server on a free port, creates queues and a table (services_setup.py), fills a
# queue to --sqs-depth messages and a partition to --ddb-items items (wrk, services.lua), then
# runs each workload with wrk (-t1) and prints a markdown table of req/s, latency and the
# server's CPU per request (utime+stime from /proc/PID/stat over the run / requests). Finally
# sqs_long_poll.py holds --waiters concurrent 20 s long polls. Needs bash, curl, wrk, python3.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=$HERE/../../build/terrarium
DUR=10 SQS_DEPTH=1000000 DDB_ITEMS=1000000 WAITERS=5000 ONLY="" OUT=""
usage() { sed -n '4,5p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --binary) BINARY=$2 ;;
    --duration) DUR=$2 ;;
    --sqs-depth) SQS_DEPTH=$2 ;;
    --ddb-items) DDB_ITEMS=$2 ;;
    --waiters) WAITERS=$2 ;;
    --only) ONLY=$2 ;;
    --out) OUT=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for tool in curl wrk python3; do
  command -v $tool >/dev/null || { echo "services.sh: needs $tool" >&2; exit 1; }
done
[ -x "$BINARY" ] || { echo "services.sh: no server binary at $BINARY" >&2; exit 1; }

TMP=$(mktemp -d /tmp/terrarium-services.XXXXXX)
OUT=${OUT:-$TMP}
mkdir -p "$OUT"
CLK=$(getconf CLK_TCK)
PID=""
cleanup() {
  if [ -n "$PID" ]; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$PID/stat"; }
# Waits (at most 30 s) until the server is idle, so a run counts only its own requests.
settle() {
  local a b
  for _ in $(seq 120); do
    a=$(cpu_ticks); sleep 0.25; b=$(cpu_ticks)
    [ $((b - a)) -le 1 ] && return 0
  done
}
kv() { grep -o "$2=[^ ]*" <<<"$1" | cut -d= -f2; }

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
"$BINARY" serve --port "$PORT" --log-level warn >"$OUT/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf "$URL/_terrarium/health" >/dev/null && break; sleep 0.1; done

python3 "$HERE/services_setup.py" "$URL" >"$TMP/setup.env"
setup() { grep "^$1=" "$TMP/setup.env" | cut -d= -f2-; }

# run OP CONNS [VAR=VALUE...]: one wrk run; sets RES (its RESULT line) and US (server µs/request).
run() {
  local op=$1 conns=$2 t0 t1 raw
  shift 2
  raw=$OUT/$op-c$conns-$RANDOM.txt
  settle
  t0=$(cpu_ticks)
  env BENCH_OP="$op" "$@" timeout $((DUR + 60)) wrk -t1 -c"$conns" -d"${DUR}s" --timeout 30s \
    --latency -s "$HERE/services.lua" "$URL" >"$raw" 2>&1 || true
  t1=$(cpu_ticks)
  RES=$(grep '^RESULT' "$raw" | tail -1) || { echo "# $op: no result, see $raw" >&2; RES=""; US=-; return; }
  US=$(awk -v d=$((t1 - t0)) -v c="$CLK" -v n="$(kv "$RES" requests)" \
    'BEGIN { printf "%.1f", n ? d / c * 1e6 / n : 0 }')
}

ROWS=()
# row LABEL OP CONNS [VAR=VALUE...]: a measured workload, one table row.
row() {
  local label=$1
  shift
  run "$@"
  [ -n "$RES" ] || return 0
  local line
  line=$(printf '| %s | %s | %s | %.0f | %s | %s | %s | %s |' "$label" "$1" "$2" \
    "$(awk -v n="$(kv "$RES" requests)" -v s="$(kv "$RES" seconds)" 'BEGIN { print n / s }')" \
    "$(kv "$RES" p50_ms)" "$(kv "$RES" p99_ms)" "$US" \
    "$(($(kv "$RES" non2xx) + $(kv "$RES" sockerr)))")
  echo "$line" >&2
  ROWS+=("$line")
}

# fill OP PER_REQUEST TARGET [VAR=VALUE...]: repeats OP until PER_REQUEST x requests >= TARGET;
# prints how many it added.
fill() {
  local op=$1 per=$2 target=$3 added=0 saved=$DUR
  shift 3
  DUR=5
  while [ "$added" -lt "$target" ]; do
    run "$op" 8 "$@"
    [ -n "$RES" ] || break
    added=$((added + ($(kv "$RES" requests) - $(kv "$RES" non2xx)) * per))
    echo "# $op: $added of $target" >&2
  done
  DUR=$saved
  echo "$added"
}

if [ -z "$ONLY" ] || [ "$ONLY" = sqs ]; then
  row "send" sqs_send 16 BENCH_QUEUE_URL="$(setup queue_send)"
  row "send, receive, delete at depth 100" sqs_cycle 16 BENCH_QUEUE_URL="$(setup queue_shallow)"
  deep=$(fill sqs_send_batch 10 "$SQS_DEPTH" BENCH_QUEUE_URL="$(setup queue_deep)")
  # Again once the store holds the deep queue too: the store's size alone (a deeper B-tree)
  # versus this queue's depth.
  row "send, receive, delete at depth 100, store holding $deep more" sqs_cycle 16 \
    BENCH_QUEUE_URL="$(setup queue_shallow)"
  row "send, receive, delete at depth $deep" sqs_cycle 16 BENCH_QUEUE_URL="$(setup queue_deep)"
  row "receive (hides 1) at depth $deep" sqs_recv 16 BENCH_QUEUE_URL="$(setup queue_deep)"
  row "receive + delete at depth $deep" sqs_recv_del 16 BENCH_QUEUE_URL="$(setup queue_deep)"
fi
if [ -z "$ONLY" ] || [ "$ONLY" = ddb ]; then
  row "PutItem" ddb_put 16
  row "GetItem" ddb_get 16
  row "Query, 1,000 items ($(setup query_1k_bytes) bytes)" ddb_query 2 BENCH_PARTITION=q1k
  row "Query page (Limit 100), partition of 1,000" ddb_query 16 BENCH_PARTITION=q1k BENCH_LIMIT=100
  row "Query page (Limit 100) descending, partition of 1,000" ddb_query 16 BENCH_PARTITION=q1k \
    BENCH_LIMIT=100 BENCH_FORWARD=false
  big=$(fill ddb_fill 25 "$DDB_ITEMS" BENCH_PARTITION=big)
  row "Query page (Limit 100), partition of $big" ddb_query 16 BENCH_PARTITION=big BENCH_LIMIT=100
  row "Query page (Limit 100) descending, partition of $big" ddb_query 16 BENCH_PARTITION=big \
    BENCH_LIMIT=100 BENCH_FORWARD=false
fi

echo
echo "| workload | op | conns | req/s | p50 ms | p99 ms | server CPU us/req | errors |"
echo "|---|---|---|---|---|---|---|---|"
for line in "${ROWS[@]}"; do echo "$line"; done

if [ -z "$ONLY" ] || [ "$ONLY" = poll ]; then
  settle
  echo
  python3 "$HERE/sqs_long_poll.py" "$URL" "$PID" --waiters "$WAITERS"
fi
[ "$OUT" = "$TMP" ] || echo "(raw wrk output in $OUT)"
