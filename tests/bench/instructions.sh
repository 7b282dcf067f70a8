#!/usr/bin/env bash
# tests/bench/instructions.sh BINARY [PORT]: user-space instructions per request of the server
# under callgrind, for STS GetCallerIdentity and SQS SendMessage (request.lua's sts and
# sqs_send), or for the request.lua kinds in KINDS (e.g. KINDS="s3_put ddb_put sqs_recv_del";
# sqs_recv_del first fills the queue with 10 s of sqs_send; with s3_get, the keys it reads are
# written first); with KEEP=DIR, each kind's callgrind dump is kept as DIR/KIND.callgrind.
# Unlike CPU time on a shared machine, the count does not depend on what else runs,
# so two binaries compare exactly (docs/performance.md, "Shared request path, 2026-11-27").
# Needs valgrind, wrk and curl; about a minute per binary. Kernel work is not counted.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=$1
PORT=${2:-45190}
OUT=$(mktemp -d /tmp/terrarium-instructions.XXXXXX)
valgrind --tool=callgrind --separate-threads=no --callgrind-out-file="$OUT/cg.%p" \
  "$BINARY" serve --port "$PORT" --log-level warn >"$OUT/server.log" 2>&1 &
VG=$!
trap 'kill $VG 2>/dev/null || true; wait $VG 2>/dev/null || true; rm -rf "$OUT"' EXIT
for _ in $(seq 150); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/_terrarium/health" && break
  sleep 0.2
done
AUTH="AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
BENCH_QUEUE_URL=$(curl -s -H "Authorization: $AUTH" -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: AmazonSQS.CreateQueue' --data '{"QueueName":"bench"}' \
  "http://127.0.0.1:$PORT/" | sed 's/.*"QueueUrl":"\([^"]*\)".*/\1/')
export BENCH_QUEUE_URL
export BENCH_BUCKET=bench BENCH_TABLE=bench
SCOPE="AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1"
curl -s -o /dev/null -X PUT -H "Authorization: $SCOPE/s3/aws4_request, SignedHeaders=host, Signature=0" \
  "http://127.0.0.1:$PORT/$BENCH_BUCKET"
curl -s -o /dev/null -H "Authorization: $SCOPE/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
  -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  --data '{"TableName":"bench","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}' \
  "http://127.0.0.1:$PORT/"
if [[ " ${KINDS:-} " == *" s3_get "* ]]; then
  # s3_get reads put/100..put/1099: all there, or some GETs would measure NoSuchKey instead.
  head -c 1024 /dev/zero > "$OUT/body"
  seq 0 1099 | xargs -P 4 -I{} curl -s -o /dev/null -X PUT --data-binary @"$OUT/body" \
    -H "Authorization: $SCOPE/s3/aws4_request, SignedHeaders=host, Signature=0" \
    "http://127.0.0.1:$PORT/$BENCH_BUCKET/put/{}"
fi
for kind in ${KINDS:-sts sqs_send}; do
  if [ "$kind" = sqs_recv_del ]; then
    BENCH_KIND=sqs_send wrk -t1 -c4 -d10s -s "$HERE/request.lua" "http://127.0.0.1:$PORT" >/dev/null
  fi
  # A warm-up (models compiled, caches filled), then counters zeroed, a measured run, a dump.
  BENCH_KIND=$kind wrk -t1 -c4 -d3s -s "$HERE/request.lua" "http://127.0.0.1:$PORT" >/dev/null
  callgrind_control --zero $VG >/dev/null 2>&1
  BENCH_KIND=$kind wrk -t1 -c4 -d8s -s "$HERE/request.lua" "http://127.0.0.1:$PORT" >"$OUT/wrk.txt"
  callgrind_control --dump=$kind $VG >/dev/null 2>&1
  sleep 1
  requests=$(grep -o 'requests=[0-9]*' "$OUT/wrk.txt" | cut -d= -f2)
  dump=$(ls -t "$OUT"/cg.$VG.* | head -1)
  [ -z "${KEEP:-}" ] || cp "$dump" "$KEEP/$kind.callgrind"  # for callgrind_annotate
  total=$(callgrind_annotate "$dump" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{ gsub(",", "", $1); print $1 }')
  awk -v k=$kind -v t="$total" -v n="$requests" \
    'BEGIN { printf "%s\trequests %d\tinstructions per request %.0f\n", k, n, t / n }'
done
