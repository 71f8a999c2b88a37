"""The Lua scripts behind `bot.store_redis`: each runs atomically inside Redis.

Key layout under a prefix P (default "sb:"):

    P c:<conversation id>    string "<version>:<JSON>"
    P d:<dedup key>          string with a TTL (the dedup mark)
    P l:<lock key>           string token with a TTL (per-conversation lock)
    P tn                     counter: the last ticket number handed out
    P t:<number>             string: the ticket's JSON
    P ti:all / ti:open       zsets of ticket numbers (score = number)
    P ti:a:<address>         zset of that address's ticket numbers
    P oseq                   counter giving outbox items their insertion order
    P o:<item id>            string JSON {m, j, s, n, c, nb, e, pid, lu} (see below)
    P oq:ready               zset  member m, score created_at (us): claimable now
    P oq:delayed             zset  member m, score not_before (us)
    P oq:leased              zset  member m, score lease_until (us)
    P oa:<address>           zset  member m, score created_at (us): outbox_for()
    P tm                     zset  timer key, score due (us)
    P tmd                    hash  timer key -> JSON {d, k, p}
    P tx:<conversation id>   list of JSON [at_us, who, text]
    P f:<flag key>           string

An outbox member `m` is "<12-digit sequence>:<item id>", so items created in
the same microsecond keep their insertion order. Times are integer
microseconds since the epoch, passed as strings (Lua numbers print large
integers in exponent form; doubles hold them exactly up to 2**53).

Records are plain strings, not hashes: a hash with a value over 64 bytes
(hash-max-listpack-value) leaves the compact listpack encoding and costs about
twice the memory. Outbox records are JSON whose values are all strings, so
cjson re-encodes them losslessly (`j`, the message, stays an opaque string).
"""

from __future__ import annotations

from typing import Final

# ARGV: prefix, dedup key, conversation id, address, ticket limit.
# Returns {1} when the dedup key is known, else {0, conversation JSON or "", ticket JSON...}
# (the address's tickets, newest first).
BEGIN_TURN: Final = r"""
local p = ARGV[1]
if redis.call('EXISTS', p .. 'd:' .. ARGV[2]) == 1 then
  return {1}
end
local out = {0, redis.call('GET', p .. 'c:' .. ARGV[3]) or ''}
local numbers = redis.call('ZREVRANGE', p .. 'ti:a:' .. ARGV[4], 0, tonumber(ARGV[5]) - 1)
for _, n in ipairs(numbers) do
  local j = redis.call('GET', p .. 't:' .. n)
  if j then
    table.insert(out, j)
  end
end
return out
"""

# ARGV[1] = prefix, ARGV[2] = JSON turn (see bot.store_redis_keys.turn_payload).
# Returns {"ok"}, {"dup"}, {"conflict", stored_version} or {"exists", item_id};
# every check runs before the first write, so a refused turn writes nothing.
COMMIT: Final = r"""
local p = ARGV[1]
local t = cjson.decode(ARGV[2])

if t.dedup and redis.call('EXISTS', p .. 'd:' .. t.dedup) == 1 then
  return {'dup'}
end
if t.conv then
  local raw = redis.call('GET', p .. 'c:' .. t.conv.id)
  local stored = raw and tonumber(string.match(raw, '^(%d+):')) or 0
  if stored ~= tonumber(t.conv.v) - 1 then
    return {'conflict', tostring(stored)}
  end
end
for _, it in ipairs(t.outbox) do
  if redis.call('EXISTS', p .. 'o:' .. it.id) == 1 then
    return {'exists', it.id}
  end
end

if t.dedup then
  redis.call('SET', p .. 'd:' .. t.dedup, '1', 'PX', t.dedup_ttl)
end
if t.conv then
  redis.call('SET', p .. 'c:' .. t.conv.id, t.conv.v .. ':' .. t.conv.j)
end

for _, tk in ipairs(t.tickets) do
  local k = p .. 't:' .. tk.n
  local old = redis.call('GET', k)
  if old then
    local was = cjson.decode(old).address
    if was ~= tk.a then
      redis.call('ZREM', p .. 'ti:a:' .. was, tk.n)
    end
  end
  redis.call('SET', k, tk.j)
  redis.call('ZADD', p .. 'ti:all', tk.n, tk.n)
  redis.call('ZADD', p .. 'ti:a:' .. tk.a, tk.n, tk.n)
  if tk.open then
    redis.call('ZADD', p .. 'ti:open', tk.n, tk.n)
  else
    redis.call('ZREM', p .. 'ti:open', tk.n)
  end
end

for _, it in ipairs(t.outbox) do
  local seq = redis.call('INCR', p .. 'oseq')
  local m = string.format('%012d', seq) .. ':' .. it.id
  local k = p .. 'o:' .. it.id
  local rec = {m = m, j = it.j, s = it.s, n = it.n, c = it.c}
  if it.nb ~= '' then rec.nb = it.nb end
  if it.e ~= '' then rec.e = it.e end
  if it.pid ~= '' then rec.pid = it.pid end
  redis.call('SET', k, cjson.encode(rec))
  redis.call('ZADD', p .. 'oa:' .. it.a, it.c, m)
  if t.outbox_ttl > 0 then
    redis.call('PEXPIRE', p .. 'oa:' .. it.a, t.outbox_ttl)
  end
  if it.s == 'pending' then
    if it.nb ~= '' then
      redis.call('ZADD', p .. 'oq:delayed', it.nb, m)
    else
      redis.call('ZADD', p .. 'oq:ready', it.c, m)
    end
  elseif t.outbox_ttl > 0 then
    redis.call('PEXPIRE', k, t.outbox_ttl)
  end
end

for _, key in ipairs(t.cancel) do
  redis.call('ZREM', p .. 'tm', key)
  redis.call('HDEL', p .. 'tmd', key)
end
for _, tm in ipairs(t.timers) do
  redis.call('ZADD', p .. 'tm', tm.d, tm.key)
  redis.call('HSET', p .. 'tmd', tm.key, tm.j)
end

for _, line in ipairs(t.transcript) do
  local k = p .. 'tx:' .. line.cid
  redis.call('RPUSH', k, line.j)
  if t.transcript_max > 0 then
    redis.call('LTRIM', k, -t.transcript_max, -1)
  end
end

for _, fl in ipairs(t.flags) do
  if fl.v then
    redis.call('SET', p .. 'f:' .. fl.k, fl.v)
  else
    redis.call('DEL', p .. 'f:' .. fl.k)
  end
end
return {'ok'}
"""

# ARGV: prefix, first ticket number. Returns the next number.
NEXT_TICKET: Final = r"""
local k = ARGV[1] .. 'tn'
local first = tonumber(ARGV[2])
local n = redis.call('INCR', k)
if n < first then
  redis.call('SET', k, first)
  n = first
end
return n
"""

# ARGV: prefix, now (us), lease_until (us), limit, batch (most promotions per call).
# Moves due delayed items and expired leases to ready, then leases the oldest
# `limit` ready items. Returns flat {id, record JSON, ...}.
CLAIM_OUTBOX: Final = r"""
local p, now, lease_until = ARGV[1], ARGV[2], ARGV[3]
local limit, batch = tonumber(ARGV[4]), tonumber(ARGV[5])
local ready, delayed, leased = p .. 'oq:ready', p .. 'oq:delayed', p .. 'oq:leased'

local function requeue(zset)
  local due = redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'LIMIT', 0, batch)
  for _, m in ipairs(due) do
    redis.call('ZREM', zset, m)
    local raw = redis.call('GET', p .. 'o:' .. string.sub(m, 14))
    if raw then
      redis.call('ZADD', ready, cjson.decode(raw).c, m)
    end
  end
end
requeue(delayed)
requeue(leased)

local out = {}
local picked = redis.call('ZRANGE', ready, 0, limit - 1)
for _, m in ipairs(picked) do
  redis.call('ZREM', ready, m)
  local id = string.sub(m, 14)
  local k = p .. 'o:' .. id
  local raw = redis.call('GET', k)
  if raw then
    local rec = cjson.decode(raw)
    rec.s = 'sending'
    rec.lu = lease_until
    redis.call('SET', k, cjson.encode(rec), 'KEEPTTL')
    redis.call('ZADD', leased, lease_until, m)
    table.insert(out, id)
    table.insert(out, cjson.encode(rec))
  end
end
return out
"""

# ARGV: prefix, id, status, provider_id, error, ttl_ms. Returns 0 for an unknown item.
FINISH_OUTBOX: Final = r"""
local p, id = ARGV[1], ARGV[2]
local k = p .. 'o:' .. id
local raw = redis.call('GET', k)
if not raw then
  return 0
end
local rec = cjson.decode(raw)
local m = rec.m
rec.s, rec.pid, rec.e, rec.lu = ARGV[3], ARGV[4], ARGV[5], nil
redis.call('SET', k, cjson.encode(rec), 'KEEPTTL')
redis.call('ZREM', p .. 'oq:ready', m)
redis.call('ZREM', p .. 'oq:delayed', m)
redis.call('ZREM', p .. 'oq:leased', m)
if ARGV[3] == 'pending' then
  redis.call('ZADD', p .. 'oq:ready', rec.c, m)
elseif tonumber(ARGV[6]) > 0 then
  redis.call('PEXPIRE', k, ARGV[6])
end
return 1
"""

# ARGV: prefix, id, not_before (us), attempts, error. Returns 0 for an unknown item.
RETRY_OUTBOX: Final = r"""
local p, id = ARGV[1], ARGV[2]
local k = p .. 'o:' .. id
local raw = redis.call('GET', k)
if not raw then
  return 0
end
local rec = cjson.decode(raw)
local m = rec.m
rec.s, rec.nb, rec.n, rec.e, rec.lu = 'pending', ARGV[3], ARGV[4], ARGV[5], nil
redis.call('SET', k, cjson.encode(rec))  -- no KEEPTTL: an item owed again never expires
redis.call('ZREM', p .. 'oq:ready', m)
redis.call('ZREM', p .. 'oq:leased', m)
redis.call('ZADD', p .. 'oq:delayed', ARGV[3], m)
return 1
"""

# ARGV: prefix, now (us), limit. Returns flat {key, json, ...}; each timer is
# removed as it is returned, so two workers can never both fire one.
CLAIM_TIMERS: Final = r"""
local p = ARGV[1]
local keys = redis.call('ZRANGEBYSCORE', p .. 'tm', '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, key in ipairs(keys) do
  redis.call('ZREM', p .. 'tm', key)
  local j = redis.call('HGET', p .. 'tmd', key)
  redis.call('HDEL', p .. 'tmd', key)
  if j then
    table.insert(out, key)
    table.insert(out, j)
  end
end
return out
"""

# ARGV: token, ttl_ms. KEYS[1] = the lock. Compare-and-delete / compare-and-extend.
RELEASE_LOCK: Final = r"""
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

RENEW_LOCK: Final = r"""
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
