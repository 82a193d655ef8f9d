-- Shared by benchmarks/load_mixed.py and benchmarks/faults.py: the requests of one
-- kind (a Lua file named by LOAD_REQUESTS, written by _load.py), taken in turn from
-- a random start, answers counted by status (>= 400), and a JSON line at the end.
local common = {}
local threads = {}

function common.load()
  return dofile(os.getenv("LOAD_REQUESTS"))
end

function common.request_fn(requests)
  local i = math.random(#requests)
  return function()
    i = i % #requests + 1
    local r = requests[i]
    local body = nil
    if r.body ~= "" then body = r.body end
    return wrk.format(r.method, r.path, r.headers, body)
  end
end

function common.setup(thread)
  table.insert(threads, thread)
end

function common.response(status, headers, body)
  if status >= 400 then
    statuses = statuses or {}
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function common.done(summary, latency, requests)
  local parts = {}
  local merged = {}
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    if counted then
      for status, n in pairs(counted) do merged[status] = (merged[status] or 0) + n end
    end
  end
  for status, n in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  io.write(string.format(
    'LOAD-RESULT {"requests": %d, "seconds": %.3f, "p50_us": %.1f, "p99_us": %.1f, '
    .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, '
    .. '"statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(99), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    table.concat(parts, ", ")))
end

return common
