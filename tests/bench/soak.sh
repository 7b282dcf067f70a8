#!/usr/bin/env bash
# tests/bench/soak.sh: an hour (or --duration S) of mixed S3, DynamoDB and SQS traffic from wrk
# (soak.lua: --threads paced connections, default 4, a bounded data set, every answer checked)
# against one persistent server, sampling its RSS, data directory and CPU every --interval s.
#
#   tests/bench/soak.sh [--binary PATH] [--duration S] [--interval S] [--delay-ms MS]
#                       [--threads N] [--out CSV]
#
# Prints one CSV row per sample (t_s, rss_kib, anon_kib, file_kib, data_kib, answers, non2xx,
# server_cpu_s), then wrk's RESULT line and the RSS growth between minute 10 and the end.
# anon_kib is the heap and stacks (a leak shows there); file_kib is mostly the store's
# memory-mapped data file, which stays as large as LMDB's file has ever been (LMDB reuses freed
# pages but cannot reuse them while any reader still sees them, so a reader held up by the
# scheduler lets the file, and its resident pages, grow). Needs curl, wrk, python3.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=$HERE/../../build/terrarium
DUR=3600 INTERVAL=30 DELAY_MS=1 THREADS=4 CSV=""
usage() { sed -n '5,7p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --binary) BINARY=$2 ;;
    --duration) DUR=$2 ;;
    --interval) INTERVAL=$2 ;;
    --delay-ms) DELAY_MS=$2 ;;
    --threads) THREADS=$2 ;;
    --out) CSV=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for tool in curl wrk python3; do
  command -v $tool >/dev/null || { echo "soak.sh: needs $tool" >&2; exit 1; }
done
[ -x "$BINARY" ] || { echo "soak.sh: no server binary at $BINARY" >&2; exit 1; }

TMP=$(mktemp -d /tmp/terrarium-soak.XXXXXX)
CSV=${CSV:-$TMP/soak.csv}
PID="" WRK=""
cleanup() {
  [ -z "$WRK" ] || kill "$WRK" 2>/dev/null || true
  if [ -n "$PID" ]; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
mkdir -p "$TMP/data"
"$BINARY" serve --port "$PORT" --log-level warn --data-dir "$TMP/data" >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf "$URL/_terrarium/health" >/dev/null && break; sleep 0.1; done

AUTH_PREFIX="AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1"
AUTH_SUFFIX="aws4_request, SignedHeaders=host;x-amz-date, Signature=0000"
# call SERVICE TARGET BODY: one JSON-protocol request; prints the answer.
call() {
  curl -sf -X POST "$URL/" -H "Authorization: $AUTH_PREFIX/$1/$AUTH_SUFFIX" \
    -H "X-Amz-Date: 20260101T000000Z" -H "Content-Type: application/x-amz-json-1.0" \
    -H "X-Amz-Target: $2" --data-binary "$3"
}
curl -sf -X PUT "$URL/soak" -H "Authorization: $AUTH_PREFIX/s3/$AUTH_SUFFIX" \
  -H "X-Amz-Date: 20260101T000000Z" >/dev/null
call dynamodb DynamoDB_20120810.CreateTable '{"TableName":"soak","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                          {"AttributeName":"sk","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}' \
  >/dev/null
QUEUE_URL=$(call sqs AmazonSQS.CreateQueue '{"QueueName":"soak"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["QueueUrl"])')

CLK=$(getconf CLK_TCK)
cpu_s() { awk -v c="$CLK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / c }' "/proc/$PID/stat"; }
# VmRSS, RssAnon and RssFile + RssShmem, in KiB, comma-separated.
rss_kib() {
  awk '/^VmRSS:/ { t = $2 } /^RssAnon:/ { a = $2 } /^Rss(File|Shmem):/ { f += $2 }
       END { print t "," a "," f }' "/proc/$PID/status"
}

SOAK_QUEUE_URL=$QUEUE_URL SOAK_DELAY_MS=$DELAY_MS SOAK_PROGRESS=$TMP/progress \
  timeout $((DUR + 120)) wrk -t"$THREADS" -c"$THREADS" -d"${DUR}s" --timeout 30s --latency -s "$HERE/soak.lua" \
  "$URL" >"$TMP/wrk.txt" 2>&1 &
WRK=$!

echo "t_s,rss_kib,anon_kib,file_kib,data_kib,answers,non2xx,server_cpu_s" | tee "$CSV"
start=$(date +%s)
while kill -0 "$WRK" 2>/dev/null; do
  now=$(($(date +%s) - start))
  read -r answers non2xx < <(cat "$TMP"/progress.* 2>/dev/null |
    awk '{ a += $1; n += $2 } END { print a + 0, n + 0 }')
  echo "$now,$(rss_kib),$(du -sk "$TMP/data" | cut -f1),$answers,$non2xx,$(cpu_s)" | tee -a "$CSV"
  for _ in $(seq "$INTERVAL"); do kill -0 "$WRK" 2>/dev/null || break; sleep 1; done
done
wait "$WRK" || true
WRK=""
grep '^RESULT' "$TMP/wrk.txt" || echo "soak.sh: wrk gave no result" >&2
grep '^soak.lua' "$TMP/wrk.txt" >&2 || true
python3 - "$CSV" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
warm = next((r for r in rows if int(r["t_s"]) >= 600), rows[0])
last = rows[-1]


def growth(column):
    before, after = int(warm[column]), int(last[column])
    return (f"{before / 1024:.1f} MiB at {warm['t_s']} s, {after / 1024:.1f} MiB at "
            f"{last['t_s']} s: {(after - before) / before * 100:+.1f} %")


print(f"RSS {growth('rss_kib')} (anonymous {growth('anon_kib')}; file-backed "
      f"{growth('file_kib')}); {last['answers']} answers, {last['non2xx']} non-2xx, "
      f"server CPU {last['server_cpu_s']} s")
EOF
