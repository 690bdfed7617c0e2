-- wrk script: each connection walks complete quiz runs, one request at a time:
-- GET /quiz (a new draft and its CSRF token), then a POST per step, the last one storing
-- the result (303 to /result/<id>). Run with as many threads as connections, so each Lua
-- state drives exactly one connection.
local steps = {
  {"project", "project_type=realtime"},
  {"features", "realtime=core&ai_ml=core&data_processing=some"},
  {"team", "team_language=javascript&team_experience=experienced"},
  {"product", "frontend=js_framework&crud_admin=no"},
  {"launch", "ship_speed=normal&concurrency=high&cost_sensitive=yes"},
  {"team_size", "team_size=large"},
}
local stage, cookie, token = 0, nil, nil
runs, unexpected = 0, 0

local threads = {}
function setup(thread) table.insert(threads, thread) end

function request()
  if stage == 0 then
    return wrk.format("GET", "/quiz")
  end
  local step = steps[stage]
  local body = "csrf_token=" .. token .. "&step=" .. step[1] .. "&nav=next&" .. step[2]
  return wrk.format("POST", "/quiz/" .. step[1], {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  local set = headers["Set-Cookie"]
  if set then cookie = string.match(set, "^([^;]+)") end
  if stage == 0 and status == 200 then
    token = string.match(body, 'name="csrf_token"[^>]-value="([^"]+)"')
    stage = token and 1 or 0
  elseif stage > 0 and status == 303 then
    stage = stage + 1
    if stage > #steps then
      runs = runs + 1
      stage, cookie = 0, nil
    end
  else
    unexpected = unexpected + 1
    stage, cookie = 0, nil
  end
end

function done(summary, latency, requests)
  local total_runs, total_unexpected = 0, 0
  for _, thread in ipairs(threads) do
    total_runs = total_runs + thread:get("runs")
    total_unexpected = total_unexpected + thread:get("unexpected")
  end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "runs": %d, "unexpected": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout, total_runs, total_unexpected))
end
