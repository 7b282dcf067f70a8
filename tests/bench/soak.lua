-- soak.lua: the mixed S3, DynamoDB and SQS traffic of soak.sh, one wrk connection, in a fixed
-- cycle whose every answer is known, so any non-2xx answer is a server fault:
--   S3 PUT k, GET k, DELETE k-250, ListObjectsV2 (100 keys);
--   DynamoDB PutItem k, GetItem k, DeleteItem k-250, Query (the key's partition);
--   SQS SendMessage, ReceiveMessage, DeleteMessage of the handle just received.
-- k cycles over SOAK_KEYS keys (default 500), so the live data set is bounded: a growing data
-- directory means deleted data is not reclaimed, a growing RSS means a leak.
-- soak.sh runs several threads of one connection each; every thread names its own keys
-- (thread_tag, set by setup) and they share the queue.
-- SOAK_DELAY_MS (default 1) paces the connection: the next request leaves that long after the
-- previous answer. Every 1,000 answers a thread rewrites the file SOAK_PROGRESS.<thread_tag>
-- with "<answers> <non2xx>". Needs one connection per thread (-tN -cN): the cycle relies on answers in order.
local bucket = os.getenv("SOAK_BUCKET") or "soak"
local table_name = os.getenv("SOAK_TABLE") or "soak"
local queue_url = os.getenv("SOAK_QUEUE_URL") or ""
local keys = tonumber(os.getenv("SOAK_KEYS") or "500")
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "1")
local progress = os.getenv("SOAK_PROGRESS")
local object = string.rep("o", 1024)
local note = string.rep("n", 100)

local threads_made = 0
function setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_tag", "t" .. threads_made)
end

local function signed(service, extra)
  local h = {
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" .. service ..
        "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000",
    ["X-Amz-Date"] = "20260101T000000Z",
  }
  for name, value in pairs(extra or {}) do h[name] = value end
  return h
end

local function json_call(service, target, body)
  return wrk.format("POST", "/", signed(service, {
    ["Content-Type"] = "application/x-amz-json-1.0", ["X-Amz-Target"] = target }), body)
end

local function ddb_key(k)
  return '{"pk":{"S":"p' .. (k % 10) .. '"},"sk":{"S":"' .. thread_tag .. 'k' .. k .. '"}}'
end

local steps = {
  function(k) return wrk.format("PUT", "/" .. bucket .. "/" .. thread_tag .. "k" .. k, signed("s3"),
                                object) end,
  function(k) return wrk.format("GET", "/" .. bucket .. "/" .. thread_tag .. "k" .. k, signed("s3")) end,
  function(k) return wrk.format("DELETE", "/" .. bucket .. "/" .. thread_tag .. "k" .. ((k + keys - 250) % keys),
                                signed("s3")) end,
  function(k) return wrk.format("GET", "/" .. bucket .. "?list-type=2&max-keys=100&prefix=" .. thread_tag .. "k" ..
                                (k % 10), signed("s3")) end,
  function(k)
    return json_call("dynamodb", "DynamoDB_20120810.PutItem", '{"TableName":"' .. table_name ..
      '","Item":{"pk":{"S":"p' .. (k % 10) .. '"},"sk":{"S":"' .. thread_tag .. 'k' .. k ..
      '"},"n":{"N":"' .. k .. '"},"note":{"S":"' .. note .. '"}}}')
  end,
  function(k)
    return json_call("dynamodb", "DynamoDB_20120810.GetItem", '{"TableName":"' .. table_name ..
      '","Key":' .. ddb_key(k) .. '}')
  end,
  function(k)
    return json_call("dynamodb", "DynamoDB_20120810.DeleteItem", '{"TableName":"' .. table_name ..
      '","Key":' .. ddb_key((k + keys - 250) % keys) .. '}')
  end,
  function(k)
    return json_call("dynamodb", "DynamoDB_20120810.Query", '{"TableName":"' .. table_name ..
      '","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p' ..
      (k % 10) .. '"}},"Limit":50}')
  end,
  function(k)
    return json_call("sqs", "AmazonSQS.SendMessage", '{"QueueUrl":"' .. queue_url ..
      '","MessageBody":"soak ' .. k .. ' ' .. note .. '"}')
  end,
  function(k)
    return json_call("sqs", "AmazonSQS.ReceiveMessage", '{"QueueUrl":"' .. queue_url ..
      '","MaxNumberOfMessages":1}')
  end,
}
local delete_message_step = #steps + 1

-- The cycle advances on answers, not on requests: wrk may ask for a request it never sends
-- (the connection's first), and the next one must still be the step after the last answer.
local tick = 0
local handle = nil
local answers = 0
local non2xx = 0

local function current_step() return tick % delete_message_step + 1 end

function request()
  local step = current_step()
  local k = math.floor(tick / delete_message_step) % keys
  if step == delete_message_step then
    -- The receive just before took the one message the send put there.
    if handle then
      return json_call("sqs", "AmazonSQS.DeleteMessage", '{"QueueUrl":"' .. queue_url ..
        '","ReceiptHandle":"' .. handle .. '"}')
    end
    return json_call("sqs", "AmazonSQS.GetQueueAttributes", '{"QueueUrl":"' .. queue_url ..
      '","AttributeNames":["ApproximateNumberOfMessages"]}')
  end
  return steps[step](k)
end

function delay()
  return pause
end

function response(status, headers, body)
  local step = current_step()
  tick = tick + 1
  answers = answers + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 5 then
      io.stderr:write("soak.lua: step " .. step .. " answered " .. status .. ": " ..
                      (body or ""):sub(1, 300) .. "\n")
    end
  end
  if step == delete_message_step - 1 then
    handle = body and body:match('"ReceiptHandle":"([^"]+)"')
  elseif step == delete_message_step then
    handle = nil
  end
  if progress and answers % 1000 == 0 then
    local f = io.open(progress .. "." .. thread_tag, "w")
    if f then
      f:write(answers .. " " .. non2xx .. "\n")
      f:close()
    end
  end
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_result.lua")
