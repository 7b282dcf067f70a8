-- request.lua: the one request a wrk run of tests/bench/run.sh repeats, chosen by BENCH_KIND:
--   sts     STS GetCallerIdentity, query protocol (form POST), SigV4-shaped Authorization
--   ddb     DynamoDB ListTables, JSON 1.0 protocol (X-Amz-Target), SigV4-shaped Authorization
--   health  GET /_terrarium/health (admin API, no codec)
-- and, for run.sh --services (the resources are made by run.sh; names from BENCH_BUCKET,
-- BENCH_TABLE, BENCH_QUEUE_URL):
--   s3_put        S3 PutObject, path style, 1 KiB body, key put/<n> (n counts up, so distinct)
--   s3_put_unique the same, but every body differs (its first bytes are n), so no two PUTs
--                 share stored content
--   s3_get        S3 GetObject of put/<100 + n mod 1000> (keys s3_put wrote; wrk may not send its first)
--   sqs_send      SQS SendMessage, JSON protocol, 128-byte body
--   sqs_recv_del  SQS ReceiveMessage (one message), then DeleteMessage of each receipt handle
--   ddb_put       DynamoDB PutItem, ~150-byte item, key pk=k<n>, sk=s
--   ddb_get       DynamoDB GetItem of pk=k<100 + n mod 1000> (items ddb_put wrote)
-- The fixed requests are static (no request() function), so wrk builds them once and spends no
-- Lua per request; the service kinds build each request in request(). done() prints one RESULT
-- line that run.sh parses; latencies are in milliseconds.
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
elseif kind:match("^s3_") or kind:match("^sqs_") or kind:match("^ddb_") then
  -- Deterministic printable bytes, safe inside a JSON string.
  local function payload(size)
    local alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    local out = {}
    for i = 1, size do
      local j = (i * 7919) % #alphabet + 1
      out[i] = alphabet:sub(j, j)
    end
    return table.concat(out)
  end
  local bucket = os.getenv("BENCH_BUCKET") or "bench"
  local table_name = os.getenv("BENCH_TABLE") or "bench"
  local queue = os.getenv("BENCH_QUEUE_URL") or ""
  local function json_headers(service, target)
    return signed(service, {["Content-Type"] = "application/x-amz-json-1.0",
                            ["X-Amz-Target"] = target})
  end
  local n = 0
  local build
  if kind == "s3_put" then
    local headers, body = signed("s3", {["Content-Type"] = "application/octet-stream"}), payload(1024)
    build = function() return wrk.format("PUT", "/" .. bucket .. "/put/" .. n, headers, body) end
  elseif kind == "s3_put_unique" then
    local headers, body = signed("s3", {["Content-Type"] = "application/octet-stream"}), payload(1024)
    build = function()
      local stamp = string.format("%012d", n)
      return wrk.format("PUT", "/" .. bucket .. "/unique/" .. n, headers, stamp .. body:sub(13))
    end
  elseif kind == "s3_get" then
    local headers = signed("s3", {})
    build = function() return wrk.format("GET", "/" .. bucket .. "/put/" .. n % 1000 + 100, headers) end
  elseif kind == "sqs_send" then
    local headers = json_headers("sqs", "AmazonSQS.SendMessage")
    local pre, post = '{"QueueUrl":"' .. queue .. '","MessageBody":"m', " " .. payload(120) .. '"}'
    build = function() return wrk.format("POST", "/", headers, pre .. n .. post) end
  elseif kind == "sqs_recv_del" then
    local receive = json_headers("sqs", "AmazonSQS.ReceiveMessage")
    local delete = json_headers("sqs", "AmazonSQS.DeleteMessage")
    local receive_body = '{"QueueUrl":"' .. queue .. '","MaxNumberOfMessages":1,"WaitTimeSeconds":0}'
    local pre = '{"QueueUrl":"' .. queue .. '","ReceiptHandle":"'
    local handles = {}
    build = function()
      local handle = table.remove(handles)
      if handle then return wrk.format("POST", "/", delete, pre .. handle .. '"}') end
      return wrk.format("POST", "/", receive, receive_body)
    end
    function response(status, headers, body)
      if status ~= 200 or not body then return end
      for handle in body:gmatch('"ReceiptHandle"%s*:%s*"(.-[^\\])"') do
        handles[#handles + 1] = handle:gsub("\\/", "/")
      end
    end
  elseif kind == "ddb_put" then
    local headers = json_headers("dynamodb", "DynamoDB_20120810.PutItem")
    local pre = '{"TableName":"' .. table_name .. '","Item":{"pk":{"S":"k'
    local post = '"},"sk":{"S":"s"},"n":{"N":"42"},"v":{"S":"' .. payload(100) .. '"}}}'
    build = function() return wrk.format("POST", "/", headers, pre .. n .. post) end
  elseif kind == "ddb_get" then
    local headers = json_headers("dynamodb", "DynamoDB_20120810.GetItem")
    local pre, post = '{"TableName":"' .. table_name .. '","Key":{"pk":{"S":"k', '"},"sk":{"S":"s"}}}'
    build = function() return wrk.format("POST", "/", headers, pre .. n % 1000 + 100 .. post) end
  else
    error("unknown BENCH_KIND " .. kind)
  end
  function request()
    n = n + 1
    return build()
  end
else
  error("BENCH_KIND must be sts, ddb, health or a service kind, not " .. kind)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_result.lua")
