-- request.lua: the one request a wrk run of tests/bench/run.sh repeats, chosen by BENCH_KIND:
--   sts     STS GetCallerIdentity, query protocol (form POST), SigV4-shaped Authorization
--   ddb     DynamoDB ListTables, JSON 1.0 protocol (X-Amz-Target), SigV4-shaped Authorization
--   health  GET /_terrarium/health (admin API, no codec)
-- The request is static (no request() function), so wrk builds it once and spends no Lua per
-- request. done() prints one RESULT line that run.sh parses; latencies are in milliseconds.
local kind = os.getenv("BENCH_KIND") or "sts"

local function signed(service, headers)
  headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" .. service ..
      "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000"
  headers["X-Amz-Date"] = "20260101T000000Z"
  return headers
end

if kind == "health" then
  wrk.method, wrk.path = "GET", "/_terrarium/health"
elseif kind == "sts" then
  wrk.method, wrk.path = "POST", "/"
  wrk.body = "Action=GetCallerIdentity&Version=2011-06-15"
  wrk.headers = signed("sts", {["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"})
elseif kind == "ddb" then
  wrk.method, wrk.path = "POST", "/"
  wrk.body = "{}"
  wrk.headers = signed("dynamodb", {["Content-Type"] = "application/x-amz-json-1.0",
                                    ["X-Amz-Target"] = "DynamoDB_20120810.ListTables"})
else
  error("BENCH_KIND must be sts, ddb or health, not " .. kind)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      "RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f non2xx=%d sockerr=%d\n",
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
