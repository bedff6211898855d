-- wrk script for bench/load.py: counts non-200 answers and body bytes in every thread, and
-- prints one line "BENCH_JSON {...}" with the totals and latency percentiles (microseconds).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses = 0
  non200 = 0
  body_bytes = 0
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non200 = non200 + 1
  end
  if body then
    body_bytes = body_bytes + #body
  end
end

function done(summary, latency, requests)
  local total_responses, total_non200, total_body = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_responses = total_responses + thread:get("responses")
    total_non200 = total_non200 + thread:get("non200")
    total_body = total_body + thread:get("body_bytes")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "responses": %d, '
      .. '"non_200": %d, "body_bytes": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "p50_us": %.1f, "p95_us": %.1f, '
      .. '"p99_us": %.1f, "mean_us": %.1f, "max_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, total_responses, total_non200,
    total_body, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    latency.max
  ))
end
