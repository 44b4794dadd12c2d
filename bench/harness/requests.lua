-- wrk script of bench/run: requests that each carry their own cookie and
-- body, with the headers the web app sends on a state-changing request
-- (X-Requested-With, Origin; see app/csrf.cpp).
--
--   wrk ... -s requests.lua URL -- METHOD PATH FILE MODE
--   FILE  lines "COOKIE<TAB>BODY" (either may be empty)
--   MODE  "once": each line is sent once, in order; then the thread stops
--         and what it still sends goes to a path nothing answers but 404.
--         "repeat": the lines over and over until wrk's time is up.
--
-- Every answer's status is counted, with the wall time of the first request
-- and of the last answer (wrk's own rate divides by its whole --duration, too
-- long a time when the lines ran out first). done() prints one line:
--   bench {"statuses":{"200":N,...},"seconds":S}
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec* now);
]]
local monotonic = 1
local now_buffer = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(monotonic, now_buffer)
  return tonumber(now_buffer.tv_sec) + tonumber(now_buffer.tv_nsec) / 1e9
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

local method, path, mode
local lines = {}
local next_line = 1
-- Counts are globals "count_<status>": wrk's thread:get crashes now and
-- then copying a table out of a thread, never a number.
first_request = nil
last_answer = nil

function init(args)
  method, path, mode = args[1], args[2], args[4]
  for line in io.lines(args[3]) do
    local tab = line:find("\t", 1, true)
    lines[#lines + 1] = {cookie = line:sub(1, tab - 1), body = line:sub(tab + 1)}
  end
end

local function headers_for(line)
  local headers = {}
  if line.cookie ~= "" then headers["Cookie"] = line.cookie end
  if method ~= "GET" then
    headers["Content-Type"] = "application/json"
    headers["X-Requested-With"] = "twofold"
    headers["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port
  end
  return headers
end

function request()
  first_request = first_request or now()
  if next_line > #lines then
    if mode == "once" then
      wrk.thread:stop()
      return wrk.format("GET", "/bench-lines-used-up")
    end
    next_line = 1
  end
  local line = lines[next_line]
  next_line = next_line + 1
  local body = line.body ~= "" and line.body or nil
  return wrk.format(method, path, headers_for(line), body)
end

function response(status)
  local name = "count_" .. status
  _G[name] = (_G[name] or 0) + 1
  last_answer = now()
end

function done()
  local statuses = {}
  local seconds = 0
  for _, thread in ipairs(threads) do
    for status = 100, 599 do
      local n = thread:get("count_" .. status)
      if n then statuses[#statuses + 1] = string.format('"%d":%d', status, n) end
    end
    local first, last = thread:get("first_request"), thread:get("last_answer")
    if first and last then seconds = math.max(seconds, last - first) end
  end
  io.write(string.format('bench {"statuses":{%s},"seconds":%.6f}\n', table.concat(statuses, ","), seconds))
end
