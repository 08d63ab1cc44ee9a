-- wrk script: POST /api/v1/orders with a fresh Idempotency-Key and reference on every request (issue 13).
-- Used by api-orders.sh; by hand: PASSERELLE_API_KEY=... wrk -t2 -c16 -d20s -s api-orders.lua http://127.0.0.1:18080
-- Every answer other than 201 is counted and printed at the end: a run with errors measures nothing.

local key = os.getenv("PASSERELLE_API_KEY") or error("set PASSERELLE_API_KEY")
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
  prefix = string.format("wrk-%d-%d-%d", os.time(), id, math.random(1000000))
end

function request()
  counter = counter + 1
  local ref = prefix .. "-" .. counter
  local body = '{"itemName":"Cours de poterie","amount":1000,"reference":"' .. ref .. '",'
    .. '"payer":{"firstName":"Marie","lastName":"Curie","email":"marie.curie@example.org"},'
    .. '"metadata":{"courseId":42},"returnUrl":"https://moodle.example.org/course/view.php?id=42"}'
  return wrk.format("POST", "/api/v1/orders", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = ref,
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("unexpected answer " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format("requests %d, not 201: %d, p50 %.1f ms, p99 %.1f ms\n", summary.requests, failed,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
