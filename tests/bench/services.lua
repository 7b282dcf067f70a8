-- services.lua: the SQS and DynamoDB requests services.sh drives wrk with, chosen by BENCH_OP.
--   sqs_send         SendMessage of a 128-byte body to BENCH_QUEUE_URL
--   sqs_send_batch   SendMessageBatch of 10 such messages (fills a queue)
--   sqs_recv         ReceiveMessage (1 message, VisibilityTimeout 43200: nothing comes back)
--   sqs_recv_del     ReceiveMessage, then DeleteMessage of every receipt handle received
--   sqs_cycle        SendMessage, ReceiveMessage, DeleteMessage in turn: the depth stays put
--   ddb_put          PutItem of a ~150-byte item under a new key each time
--   ddb_fill         BatchWriteItem of 25 items into partition BENCH_PARTITION (sort keys count up)
--   ddb_get          GetItem over the 1,000 items services.sh loads into partition "get"
--   ddb_query        Query of partition BENCH_PARTITION, Limit BENCH_LIMIT (0: none),
--                    BENCH_FORWARD=false for a descending query
-- Every request carries a SigV4-shaped Authorization header (nothing is signed). done() prints
-- one RESULT line; services.sh parses it. Latencies in milliseconds.
local op = os.getenv("BENCH_OP") or "sqs_send"
local queue_url = os.getenv("BENCH_QUEUE_URL") or ""
local partition = os.getenv("BENCH_PARTITION") or "p"
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
local forward = os.getenv("BENCH_FORWARD") ~= "false"
local body128 = string.rep("m", 128)

local function headers(service, target, content_type)
  return {
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" .. service ..
        "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000",
    ["X-Amz-Date"] = "20260101T000000Z",
    ["Content-Type"] = content_type,
    ["X-Amz-Target"] = target,
  }
end

local function sqs(action, body)
  return wrk.format("POST", "/", headers("sqs", "AmazonSQS." .. action,
                                         "application/x-amz-json-1.0"), body)
end

local function ddb(action, body)
  return wrk.format("POST", "/", headers("dynamodb", "DynamoDB_20120810." .. action,
                                         "application/x-amz-json-1.0"), body)
end

local send = sqs("SendMessage", '{"QueueUrl":"' .. queue_url .. '","MessageBody":"' .. body128 .. '"}')
local receive = sqs("ReceiveMessage", '{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":1}')
local receive_hidden = sqs("ReceiveMessage", '{"QueueUrl":"' .. queue_url ..
                           '","MaxNumberOfMessages":1,"VisibilityTimeout":43200}')
local function delete(handle)
  return sqs("DeleteMessage", '{"QueueUrl":"' .. queue_url .. '","ReceiptHandle":"' .. handle .. '"}')
end
local batch_entries = {}
for i = 1, 10 do
  batch_entries[i] = '{"Id":"m' .. i .. '","MessageBody":"' .. body128 .. '"}'
end
local send_batch = sqs("SendMessageBatch", '{"QueueUrl":"' .. queue_url .. '","Entries":[' ..
                       table.concat(batch_entries, ",") .. ']}')

local function item(pk, sk)
  return '{"pk":{"S":"' .. pk .. '"},"sk":{"S":"' .. sk .. '"},"owner":{"S":"someone@example.com"},' ..
      '"count":{"N":"42"},"flag":{"BOOL":true},"note":{"S":"' .. string.rep("n", 60) .. '"}}'
end

local query_body = '{"TableName":"bench","KeyConditionExpression":"pk = :p",' ..
    '"ExpressionAttributeValues":{":p":{"S":"' .. partition .. '"}}' ..
    (limit > 0 and (',"Limit":' .. limit) or "") ..
    (forward and "" or ',"ScanIndexForward":false') .. '}'
local query = ddb("Query", query_body)

-- Per-thread state (wrk runs each thread's Lua apart; services.sh uses one thread).
local counter = 0
local handles = {}
local turn = 0
local thread_tag = tostring(math.random(1, 1e9))

function request()
  counter = counter + 1
  if op == "sqs_send" then return send
  elseif op == "sqs_send_batch" then return send_batch
  elseif op == "sqs_recv" then return receive_hidden
  elseif op == "sqs_recv_del" then
    if #handles > 0 then return delete(table.remove(handles)) end
    return receive
  elseif op == "sqs_cycle" then
    turn = turn % 3 + 1
    if turn == 1 then return send end
    if turn == 3 and #handles > 0 then return delete(table.remove(handles)) end
    turn = 2
    return receive
  elseif op == "ddb_put" then
    return ddb("PutItem", '{"TableName":"bench","Item":' ..
               item("put-" .. thread_tag, string.format("%012d", counter)) .. '}')
  elseif op == "ddb_fill" then
    local puts = {}
    for i = 1, 25 do
      puts[i] = '{"PutRequest":{"Item":' ..
          item(partition, string.format("%s-%012d", thread_tag, counter * 25 + i)) .. '}}'
    end
    return ddb("BatchWriteItem", '{"RequestItems":{"bench":[' .. table.concat(puts, ",") .. ']}}')
  elseif op == "ddb_get" then
    return ddb("GetItem", '{"TableName":"bench","Key":{"pk":{"S":"get"},"sk":{"S":"' ..
               string.format("%012d", counter % 1000) .. '"}}}')
  elseif op == "ddb_query" then return query
  end
  error("unknown BENCH_OP " .. op)
end

function response(status, _, body)
  if op == "sqs_recv_del" or op == "sqs_cycle" then
    for handle in string.gmatch(body, '"ReceiptHandle":"([^"]+)"') do
      handles[#handles + 1] = handle
    end
  end
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_result.lua")
