-- wrk script for bench/outage_storm.py part (a): every request its own signed Twilio webhook.
--
--   STORM_PORTS=8001,8002 wrk -t2 -c64 -d300s --latency -s bench/storm.lua \
--       http://127.0.0.1:8001/webhooks/twilio/sms -- requests.txt 20000 2 64
--
-- requests.txt: one request a line, "<X-Twilio-Signature>\t<form body>" (written by the bench,
-- signatures computed with twilio's RequestValidator). Thread k of T sends lines k, k+T, k+2T...
-- (cycling through the file when `count` is larger than it), each exactly once, then stops when
-- its last response is in: `count` requests in all, so each of the 20,000 customers texts once.
-- Arguments after `--`: the file, count, threads, connections (as given to wrk).
-- STORM_PORTS (optional) gives thread k the k-th port (cycled): one thread per worker.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_usec; } storm_timeval;
int gettimeofday(storm_timeval *tv, void *tz);
]])
local timeval = ffi.new("storm_timeval")

local function now_us()
   ffi.C.gettimeofday(timeval, nil)
   return tonumber(timeval.tv_sec) * 1000000 + tonumber(timeval.tv_usec)
end

local thread_count = 0
local threads = {}

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_index", thread_count)
   threads[#threads + 1] = thread
   local ports = os.getenv("STORM_PORTS")
   if ports and ports ~= "" then
      local list = {}
      for port in string.gmatch(ports, "%d+") do
         list[#list + 1] = port
      end
      local port = list[(thread_count - 1) % #list + 1]
      thread.addr = wrk.lookup(wrk.host, port)[1]
   end
end

-- globals of a thread, read by done() in the main state: its share, when it sent the first
-- and had the last answer (wrk's own "Requests/sec" divides by the whole -d duration)
mine = 0
first_us = 0
last_us = 0

local requests = {}
local connections = 0 -- this thread's
local sent = 0
local delays = 0
local verify_call = false

function init(args)
   local file, count, thread_total = args[1], tonumber(args[2]), tonumber(args[3])
   connections = tonumber(args[4]) / thread_total
   local lines = {}
   for line in io.lines(file) do
      lines[#lines + 1] = line
   end
   -- wrk builds the requests once, here, so its own CPU during the run is sending and reading
   for i = thread_index, count, thread_total do
      local line = lines[(i - 1) % #lines + 1]
      local tab = string.find(line, "\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", wrk.path, {
         ["Host"] = wrk.host,
         ["Content-Type"] = "application/x-www-form-urlencoded",
         ["X-Twilio-Signature"] = string.sub(line, 1, tab - 1),
      }, string.sub(line, tab + 1))
   end
   mine = #requests
   -- wrk calls request() once on the first thread before the run, to check it (not sent)
   verify_call = thread_index == 1
end

function request()
   if verify_call then
      verify_call = false
      return requests[1]
   end
   sent = sent + 1
   if sent == 1 then
      first_us = now_us()
   end
   return requests[sent]
end

-- wrk calls delay() before every request of a connection, the first one included, so after
-- `mine` requests each connection calls it once more (its last response is in): then stop.
function delay()
   delays = delays + 1
   if delays <= mine then
      return 0
   end
   if delays == mine + connections then
      last_us = now_us()
      wrk.thread:stop()
      -- the bench interrupts wrk (SIGINT) once every thread said so
      io.write("STORM thread done\n")
      io.stdout:flush()
   end
   return 86400000 -- this thread's share is sent: the connection stays quiet
end

function done(summary, latency, requests)
   local first, last, shares = math.huge, 0, 0
   for _, thread in ipairs(threads) do
      first = math.min(first, thread:get("first_us"))
      last = math.max(last, thread:get("last_us"))
      shares = shares + thread:get("mine")
   end
   io.write(string.format("STORM planned=%d storm_us=%d\n", shares, last - first))
   io.write(string.format("STORM requests=%d errors_status=%d errors_timeout=%d errors_read=%d" ..
      " errors_write=%d errors_connect=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
      summary.requests, summary.errors.status, summary.errors.timeout, summary.errors.read,
      summary.errors.write, summary.errors.connect, summary.duration,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
