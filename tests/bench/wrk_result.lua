-- wrk_result.lua: the done() every wrk script here shares. It prints one RESULT line the shell
-- scripts parse. done() runs in wrk's main Lua state, not a thread's, so it reads wrk's own
-- counts. Latencies in milliseconds. Load it with
--   dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_result.lua")
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      "RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f non2xx=%d sockerr=%d\n",
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
