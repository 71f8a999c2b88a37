"""The Lua scripts of a turn on Redis: those that start it (run by `bot.store.redis.begin`),
its reads in one round trip, and the same with the conversation's lock taken first, so a
storm turn costs one hop to lock and read instead of two; and COMMIT, which writes all of a
turn at once (its arguments built by `bot.store.redis.keys.turn_payload`). The key layout is
in `bot.store.redis.scripts`, which names every script."""

from __future__ import annotations

from typing import Final

# ARGV: prefix, dedup key, conversation id, address, ticket limit - 1 (the last index of
# ZREVRANGE, as text: a Lua number given to redis.call is spelled by printf), n, then n
# flag names.
# Returns {1} when the dedup key is known, else {0, conversation JSON or "", then per flag
# 1 and its value or 0 and "", then ticket JSON...} (the address's tickets, newest first).
BEGIN_TURN: Final = r"""
local p = ARGV[1]
if redis.call('EXISTS', p .. 'd:' .. ARGV[2]) == 1 then
  return {1}
end
local out = {0, redis.call('GET', p .. 'c:' .. ARGV[3]) or ''}
for i = 1, tonumber(ARGV[6]) do
  local v = redis.call('GET', p .. 'f:' .. ARGV[6 + i])
  if v then
    table.insert(out, 1)
    table.insert(out, v)
  else
    table.insert(out, 0)
    table.insert(out, '')
  end
end
local numbers = redis.call('ZREVRANGE', p .. 'ti:a:' .. ARGV[4], '0', ARGV[5])
for _, n in ipairs(numbers) do
  local j = redis.call('GET', p .. 't:' .. n)
  if j then
    table.insert(out, j)
  end
end
return out
"""

# KEYS[1] = the conversation's lock; ARGV: token, TTL (ms), then BEGIN_TURN's ARGV.
# Returns {-1} when another holder has the lock (nothing read), else BEGIN_TURN's answer
# with the lock now held under the token (SET NX PX, as `bot.store.redis.lock.Holding`).
LOCK_AND_BEGIN: Final = (
    r"""
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {-1}
end
local ARGV = {select(3, unpack(ARGV))}
"""
    + BEGIN_TURN
)


# ARGV, all text (see bot.store.redis.keys.turn_payload): prefix, the outbox consumer group,
# a lock's name and token to release once the turn is written (compare-and-delete, as
# RELEASE_LOCK; "" ""  for none), the dedup key ("" for none), its TTL (ms), the outbox TTL
# (ms, "0" for none), the transcript's LTRIM start ("" for no bound), the conversation's id
# ("" for none), its new version and its record as stored ("<version>:<JSON>"), then how
# many tickets, outbox items, cancelled timers, timers, transcript runs, flags and children,
# then each in turn:
#   a ticket: number, address, open ("1"/"0"), record
#   an outbox item: id, address, status, created (us), not_before (us or ""), and its record
#     but the start: what follows '{"m":"<12-digit sequence>' (the script writes that, and
#     the stream entry "x" when it XADDs the item)
#   a cancelled timer: key
#   the timers: their due (us) and key each, then their key and record each (ZADD's and
#     HSET's arguments)
#   a transcript run (one conversation's lines, at most 100): conversation id, count, lines
#   a flag: key, "1" and its value, or "0" and "" to delete it
#   a child: incident id, ticket number
# Nothing is parsed or encoded here: every string a script is given or makes is interned by
# redis-server's Lua, which hashes each of its bytes, and cjson took as long again.
# Returns {"ok"}, {"dup"}, {"conflict", stored_version} or {"exists", item_id};
# every check runs before the first write, so a refused turn writes nothing (and keeps its lock).
COMMIT: Final = r"""
local p, A = ARGV[1], ARGV
local dedup, cid = A[5], A[9]
local expiring = A[7] ~= '0'
local nt, no, nc = tonumber(A[12]), tonumber(A[13]), tonumber(A[14])
local ntm, nrun, nf, nch = tonumber(A[15]), tonumber(A[16]), tonumber(A[17]), tonumber(A[18])
local outbox = 19 + 4 * nt
local after = outbox + 6 * no

if dedup ~= '' and redis.call('EXISTS', p .. 'd:' .. dedup) == 1 then
  return {'dup'}
end
if cid ~= '' then
  local raw = redis.call('GET', p .. 'c:' .. cid)
  local stored = raw and tonumber(string.match(raw, '^(%d+):')) or 0
  if stored ~= tonumber(A[10]) - 1 then
    return {'conflict', tostring(stored)}
  end
end
for i = outbox, after - 1, 6 do
  if redis.call('EXISTS', p .. 'o:' .. A[i]) == 1 then
    return {'exists', A[i]}
  end
end

if dedup ~= '' then
  redis.call('SET', p .. 'd:' .. dedup, '1', 'PX', A[6])
end
if cid ~= '' then
  redis.call('SET', p .. 'c:' .. cid, A[11])
end

for i = 19, outbox - 1, 4 do
  local n, a = A[i], A[i + 1]
  local k = p .. 't:' .. n
  local old = redis.call('GET', k)
  if old then
    local was = cjson.decode(old).address
    if was ~= a then
      redis.call('ZREM', p .. 'ti:a:' .. was, n)
    end
  end
  redis.call('SET', k, A[i + 3])
  redis.call('ZADD', p .. 'ti:all', n, n)
  redis.call('ZADD', p .. 'ti:a:' .. a, n, n)
  if A[i + 2] == '1' then
    redis.call('ZADD', p .. 'ti:open', n, n)
  else
    redis.call('ZREM', p .. 'ti:open', n)
  end
end

for i = outbox, after - 1, 6 do
  local id, s, nb = A[i], A[i + 2], A[i + 4]
  local seq = string.format('%012d', redis.call('INCR', p .. 'oseq'))
  local k = p .. 'o:' .. id
  if s == 'pending' then
    if nb ~= '' then
      redis.call('ZADD', p .. 'od', nb, id)  -- the first claim from nb on XADDs it
      redis.call('SET', k, '{"m":"' .. seq .. A[i + 5])  -- owed: never expires
    else
      local stream = p .. 'os'
      if redis.call('EXISTS', stream) == 0 then
        redis.call('XGROUP', 'CREATE', stream, A[2], '0', 'MKSTREAM')
      end
      local x = redis.call('XADD', stream, '*', 'i', id)
      redis.call('SET', k, '{"x":"' .. x .. '","m":"' .. seq .. A[i + 5])
    end
  elseif expiring then
    redis.call('SET', k, '{"m":"' .. seq .. A[i + 5], 'PX', A[7])
  else
    redis.call('SET', k, '{"m":"' .. seq .. A[i + 5])
  end
  local index = p .. 'oa:' .. A[i + 1]
  redis.call('ZADD', index, A[i + 3], seq .. ':' .. id)
  if expiring then
    redis.call('PEXPIRE', index, A[7])
  end
end

local i = after
for j = i, i + nc - 1 do
  redis.call('ZREM', p .. 'tm', A[j])
  redis.call('HDEL', p .. 'tmd', A[j])
end
i = i + nc
-- the timers in one ZADD and one HSET (up to 100 at a time: the same as one by one, a
-- key given twice taking its last)
for j = 0, ntm - 1, 100 do
  local last = 2 * math.min(j + 100, ntm) - 1
  redis.call('ZADD', p .. 'tm', unpack(A, i + 2 * j, i + last))
  redis.call('HSET', p .. 'tmd', unpack(A, i + 2 * ntm + 2 * j, i + 2 * ntm + last))
end
i = i + 4 * ntm

for _ = 1, nrun do
  local k, count = p .. 'tx:' .. A[i], tonumber(A[i + 1])
  redis.call('RPUSH', k, unpack(A, i + 2, i + 1 + count))
  if A[8] ~= '' then
    redis.call('LTRIM', k, A[8], '-1')
  end
  i = i + 2 + count
end

for _ = 1, nf do
  if A[i + 1] == '1' then
    redis.call('SET', p .. 'f:' .. A[i], A[i + 2])
  else
    redis.call('DEL', p .. 'f:' .. A[i])
  end
  i = i + 3
end
for _ = 1, nch do
  redis.call('ZADD', p .. 'ic:' .. A[i], A[i + 1], A[i + 1])
  i = i + 2
end
if A[3] ~= '' and redis.call('GET', A[3]) == A[4] then
  redis.call('DEL', A[3])
end
return {'ok'}
"""
