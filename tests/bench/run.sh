#!/usr/bin/env bash
# tests/bench/run.sh: Terrarium's hand-run benchmark (README.md next to this file explains it).
#
#   tests/bench/run.sh [--binary PATH] [--floor PATH|SRC.cpp] [--reps N] [--duration S] [--starts N]
#                      [--codec sts|ddb] [--services yes] [--kinds "K..."] [--endpoint URL [--pid PID]]
#                      [--out DIR]
#
# Needs bash, cc, curl and wrk. Every wrk run is bounded by -d (plus an outer timeout), every
# start by 10 s. The servers it starts listen on free ports of 127.0.0.1 and are stopped at exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=$HERE/../../build/terrarium
FLOOR="" ENDPOINT="" SPID="" OUT="" REPS=1 DUR=10 STARTS=5 CODEC=sts

usage() { sed -n '4,6p' "$0" | sed 's/^# //' >&2; exit 2; }
SERVICES=no
# The service workloads of --services (request.lua), in an order where each reads what the one
# before it wrote: GETs read the PUTs' keys, receive/delete drains what send queued.
SERVICE_KINDS="s3_put s3_get sqs_send sqs_recv_del ddb_put ddb_get"
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --binary) BINARY=$2 ;;
    --floor) FLOOR=$2 ;;
    --reps) REPS=$2 ;;
    --duration) DUR=$2 ;;
    --starts) STARTS=$2 ;;
    --codec) CODEC=$2 ;;
    --services) SERVICES=$2 ;;
    --kinds) SERVICE_KINDS=$2 ;; # a subset of the service workloads, e.g. "sqs_send sqs_recv_del"
    --endpoint) ENDPOINT=${2%/} ;;
    --pid) SPID=$2 ;;
    --out) OUT=$2 ;;
    *) usage ;;
  esac
  shift 2
done
case $CODEC in sts | ddb) ;; *) usage ;; esac
for tool in cc curl wrk; do
  command -v $tool >/dev/null || { echo "run.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
if [ -z "$ENDPOINT" ] && [ ! -x "$BINARY" ]; then
  echo "run.sh: no server binary at $BINARY (build it, or give --binary or --endpoint)" >&2
  exit 1
fi

TMP=$(mktemp -d /tmp/terrarium-bench.XXXXXX)
OUT=${OUT:-$TMP}
mkdir -p "$OUT/raw"
: >"$OUT/load.tsv"; : >"$OUT/startup.tsv"; : >"$OUT/rss.tsv"
STARTED=()
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do stop "$pid"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
cc -O2 -o "$TMP/startup" "$HERE/startup.c"
if [[ $FLOOR == *.cpp ]]; then # a floor given as source is built here
  c++ -O2 -std=c++17 -o "$TMP/floor" "$FLOOR"
  FLOOR=$TMP/floor
fi
CLK=$(getconf CLK_TCK)

# /proc/PID/stat without "pid (comm) ": $1 is the state, $12 utime and $13 stime (clock ticks,
# summed over all threads of the process).
stat_field() { awk -v f="$2" '{ sub(/^.*\) /, ""); print (f == "cpu") ? $12 + $13 : $1 }' "/proc/$1/stat" 2>/dev/null; }
alive() { local s; s=$(stat_field "$1" state) && [ -n "$s" ] && [ "$s" != Z ]; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# SIGTERM, then SIGKILL after 15 s: a clean stop removes the server's temporary state directory.
stop() {
  local i
  kill -TERM "$1" 2>/dev/null || return 0
  for i in $(seq 150); do alive "$1" || return 0; sleep 0.1; done
  echo "# pid $1 ignored SIGTERM for 15 s: killed" >&2
  kill -KILL "$1" 2>/dev/null || true
}

# launch TARGET LOG CMD... (@PORT@ in CMD becomes a free port): starts the server through the
# probe and records the wall and CPU time to its first 200; sets PID and URL.
launch() {
  local target=$1 log=$2 port result
  shift 2
  port=$("$TMP/startup" --free-port)
  result=$("$TMP/startup" "$port" /_terrarium/health "$log" "${@//@PORT@/$port}")
  PID=${result%% *} URL=http://127.0.0.1:$port
  STARTED+=("$PID")
  printf '%s\t%s\n' "$target" "${result#* }" | tr ' ' '\t' >>"$OUT/startup.tsv"
}

# Wait (at most 30 s) until the server is idle: wrk abandons in-flight requests when it stops.
settle() {
  local i a b
  for i in $(seq 120); do
    a=$(stat_field "$1" cpu); sleep 0.25; b=$(stat_field "$1" cpu)
    [ $((b - a)) -le 1 ] && return 0
  done
  echo "# settle: pid $1 still busy after 30 s" >&2
}

# The workload's request, once with curl: "STATUS BYTES".
once() {
  local common=(-s -o "$TMP/once.body" -w '%{http_code} %{size_download}' --max-time 10
    -H 'X-Amz-Date: 20260101T000000Z')
  local service=${2/ddb/dynamodb}
  local auth="Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/$service/aws4_request,\
 SignedHeaders=host;x-amz-date, Signature=0000"
  case $2 in
    health) curl "${common[@]}" "$1/_terrarium/health" ;;
    sts) curl "${common[@]}" -H "$auth" \
      -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' \
      --data-binary 'Action=GetCallerIdentity&Version=2011-06-15' "$1/" ;;
    ddb) curl "${common[@]}" -H "$auth" \
      -H 'Content-Type: application/x-amz-json-1.0' \
      -H 'X-Amz-Target: DynamoDB_20120810.ListTables' --data-binary '{}' "$1/" ;;
  esac
}

kv() { grep -o "$2=[^ ]*" <<<"$1" | cut -d= -f2; }

# The bucket, table and queue the service workloads use, made through the API; exports their names.
make_resources() { # URL
  local auth="AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1" json=application/x-amz-json-1.0
  export BENCH_BUCKET=bench BENCH_TABLE=bench
  curl -s -o /dev/null --max-time 10 -X PUT -H "Authorization: $auth/s3/aws4_request, \
SignedHeaders=host, Signature=0" "$1/$BENCH_BUCKET"
  curl -s -o /dev/null --max-time 10 -H "Authorization: $auth/dynamodb/aws4_request, \
SignedHeaders=host, Signature=0" -H "Content-Type: $json" \
    -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' --data-binary '{"TableName":"bench",
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
      {"AttributeName":"sk","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
    "BillingMode":"PAY_PER_REQUEST"}' "$1/"
  BENCH_QUEUE_URL=$(curl -s --max-time 10 -H "Authorization: $auth/sqs/aws4_request, \
SignedHeaders=host, Signature=0" -H "Content-Type: $json" \
    -H 'X-Amz-Target: AmazonSQS.CreateQueue' --data-binary '{"QueueName":"bench"}' "$1/" |
    grep -o '"QueueUrl" *: *"[^"]*"' | sed 's/.*"\(http[^"]*\)"$/\1/') || true
  export BENCH_QUEUE_URL
  [ -n "$BENCH_QUEUE_URL" ] || echo "# CreateQueue gave no QueueUrl: the sqs rows will fail" >&2
}

# load REP TARGET PID URL KIND CONNS: one wrk run, one row of load.tsv.
load() {
  local rep=$1 target=$2 pid=$3 url=$4 kind=$5 conns=$6 raw t0=0 t1=0 res tm reqs us=-
  raw=$OUT/raw/$rep-$target-$kind-c$conns.txt
  if [ -n "$pid" ] && ! alive "$pid"; then echo "run.sh: server pid $pid is gone" >&2; exit 1; fi
  [ -n "$pid" ] && settle "$pid" && t0=$(stat_field "$pid" cpu)
  { TIMEFORMAT='TIME %U %S %R'
    time BENCH_KIND=$kind timeout $((DUR + 30)) wrk -t1 -c"$conns" -d"${DUR}s" --timeout 10s \
      --latency -s "$HERE/request.lua" "$url"; } >"$raw" 2>&1 || true
  [ -n "$pid" ] && t1=$(stat_field "$pid" cpu)
  res=$(grep '^RESULT' "$raw" | tail -1) || true
  tm=$(grep '^TIME' "$raw" | tail -1) || true
  if [ -z "$res" ]; then echo "# $target $kind c$conns: wrk gave no result, see $raw" >&2; return; fi
  reqs=$(kv "$res" requests)
  [ -n "$pid" ] && [ "$reqs" -gt 0 ] && us=$(awk -v d=$((t1 - t0)) -v c="$CLK" -v n="$reqs" \
    'BEGIN { printf "%.1f", d / c * 1e6 / n }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$target" "$kind" "$conns" \
    "$(awk -v n="$reqs" -v s="$(kv "$res" seconds)" 'BEGIN { printf "%.0f", n / s }')" \
    "$(kv "$res" p50_ms)" "$(kv "$res" p99_ms)" "$us" \
    "$(($(kv "$res" non2xx) + $(kv "$res" sockerr)))" \
    "$(awk -v u="${tm#TIME }" 'BEGIN { split(u, t, " "); printf "%.0f", (t[1] + t[2]) / t[3] * 100 }')" \
    | tee -a "$OUT/load.tsv" >&2
}

load_all() { # REP TARGET PID URL KIND...
  local rep=$1 target=$2 pid=$3 url=$4 kind conns
  shift 4
  for kind in "$@"; do for conns in 1 16; do load "$rep" "$target" "$pid" "$url" "$kind" "$conns"; done; done
}

bench_terrarium() { # REP
  local i first
  for i in $(seq "$STARTS"); do
    [ "$i" -gt 1 ] && stop "$PID"
    launch terrarium "$TMP/warn.log" "$BINARY" serve --port @PORT@ --log-level warn
  done
  sleep 2
  printf 'terrarium\tidle\t%s\n' "$(rss_kib "$PID")" >>"$OUT/rss.tsv"
  first=$(once "$URL" "$CODEC")
  printf 'terrarium\tfirst %s\t%s\n' "$CODEC" "$(rss_kib "$PID")" >>"$OUT/rss.tsv"
  case "$CODEC ${first% *}" in
    "sts 200" | "ddb 501") ;;
    *) echo "# unexpected answer to $CODEC: $first $(head -c 300 "$TMP/once.body")" >&2 ;;
  esac
  load_all "$1" terrarium "$PID" "$URL" "$CODEC" health
  if [ "$SERVICES" = yes ]; then
    make_resources "$URL"
    # shellcheck disable=SC2086
    load_all "$1" terrarium "$PID" "$URL" $SERVICE_KINDS
  fi
  stop "$PID"
  # The same requests with the request log on (one line per request to a file).
  launch terrarium-info "$TMP/info.log" "$BINARY" serve --port @PORT@ --log-level info
  load_all "$1" terrarium-info "$PID" "$URL" "$CODEC"
  stop "$PID"
}

bench_floor() { # REP
  launch floor /dev/null "$FLOOR" @PORT@
  sleep 2
  printf 'floor\tidle\t%s\n' "$(rss_kib "$PID")" >>"$OUT/rss.tsv"
  load_all "$1" floor "$PID" "$URL" "$CODEC" health
  # The floor answers every service request with a fixed 200: the same wire cost, no work.
  # shellcheck disable=SC2086
  [ "$SERVICES" = yes ] && load_all "$1" floor "$PID" "$URL" $SERVICE_KINDS
  stop "$PID"
}

echo "# rep target request conns req/s p50_ms p99_ms cpu_us/req errors wrk_cpu%" >&2
for rep in $(seq "$REPS"); do
  if [ -n "$ENDPOINT" ]; then
    load_all "$rep" endpoint "$SPID" "$ENDPOINT" "$CODEC" health
  elif [ -z "$FLOOR" ]; then
    bench_terrarium "$rep"
  elif [ $((rep % 2)) -eq 1 ]; then # alternate the order, so neither side always goes first
    bench_terrarium "$rep"; bench_floor "$rep"
  else
    bench_floor "$rep"; bench_terrarium "$rep"
  fi
done

# Markdown summary: median (min-max) over repetitions (start-up: over every start); the load table
# gives medians, and its ratio to the floor is the median of the ratios within each repetition.
echo
awk -F'\t' -v reps="$REPS" -v codec="$CODEC" '
  function median(list,   v, n, i, j, x) {
    n = split(list, v, " ")
    if (n == 0) return "-"
    for (i = 2; i <= n; i++) { x = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function m(list, fmt) { return list == "" ? "-" : sprintf(fmt, median(list)) }
  function range(list, fmt,   v, n, i, lo, hi) {
    n = split(list, v, " "); lo = hi = v[1]
    for (i = 2; i <= n; i++) { if (v[i] + 0 < lo + 0) lo = v[i]; if (v[i] + 0 > hi + 0) hi = v[i] }
    return sprintf(fmt " (" fmt "-" fmt ")", median(list), lo, hi)
  }
  FILENAME ~ /startup.tsv$/ {
    if (!($1 in ms)) starts[++ns] = $1
    ms[$1] = ms[$1] " " $2; cpums[$1] = cpums[$1] " " $3; next
  }
  FILENAME ~ /rss.tsv$/ { k = $1 SUBSEP $2; if (!(k in rss)) rows[++nr] = k; rss[k] = rss[k] " " $3 / 1024; next }
  {
    k = $2 SUBSEP $3 SUBSEP $4
    if (!(k in rps)) keys[++nk] = k
    rps[k] = rps[k] " " $5; p50[k] = p50[k] " " $6; p99[k] = p99[k] " " $7
    err[k] = err[k] " " $9; cli[k] = cli[k] " " $10
    if ($8 != "-") { us[k] = us[k] " " $8; cpu[$1, k] = $8 }
  }
  END {
    if (ns) {
      print "| target | start to first 200, wall ms | CPU ms used by then | starts |"
      print "|---|---|---|---|"
      for (i = 1; i <= ns; i++)
        print "| " starts[i] " | " range(ms[starts[i]], "%.1f") " | " range(cpums[starts[i]], "%.1f") " | " split(ms[starts[i]], t, " ") " |"
      print ""
      print "| target | RSS | MiB |"
      print "|---|---|---|"
      for (i = 1; i <= nr; i++) { split(rows[i], f, SUBSEP); print "| " f[1] " | " f[2] " | " range(rss[rows[i]], "%.1f") " |" }
      print ""
    }
    print "| target | request | conns | req/s | p50 ms | p99 ms | server CPU us/req | x floor | errors | wrk CPU % |"
    print "|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= nk; i++) {
      k = keys[i]; split(k, f, SUBSEP); ratios = ""
      if (f[1] != "floor")
        for (r = 1; r <= reps; r++)
          if (((r, k) in cpu) && ((r, "floor", f[2], f[3]) in cpu) && cpu[r, "floor", f[2], f[3]] > 0)
            ratios = ratios " " sprintf("%.2f", cpu[r, k] / cpu[r, "floor", f[2], f[3]])
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], m(rps[k], "%.0f"),
        m(p50[k], "%.3f"), m(p99[k], "%.3f"), m(us[k], "%.1f"), m(ratios, "%.2f"), m(err[k], "%d"),
        m(cli[k], "%.0f")
    }
  }' "$OUT/startup.tsv" "$OUT/rss.tsv" "$OUT/load.tsv"
[ "$OUT" = "$TMP" ] || echo "(raw wrk output and TSV files in $OUT)"
