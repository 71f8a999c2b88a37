"""The Lua scripts behind `bot.store.redis.store`: each runs atomically inside Redis.

Key layout under a prefix P (default "sb:"):

    P c:<conversation id>    string "<version>:<JSON>"
    P d:<dedup key>          string with a TTL (the dedup mark)
    P l:<lock key>           string token with a TTL (per-conversation lock)
    P tn                     counter: the last ticket number handed out
    P t:<number>             string: the ticket's JSON
    P ti:all / ti:open       zsets of ticket numbers (score = number)
    P ti:a:<address>         zset of that address's ticket numbers
    P oseq                   counter giving outbox items their insertion order
    P o:<item id>            string JSON {m, j, s, n, c, nb, e, pid, x, l, b} (see below)
    P os                     stream of outbox items to send: entries {i: item id},
                             consumer group "dispatch", one consumer per worker process
    P od                     zset  item id, score not_before (us): retries not yet due
    P oa:<address>           zset  member m, score created_at (us): outbox_for()
    P tm                     zset  timer key, score due (us)
    P tmd                    hash  timer key -> JSON {d, k, p}
    P tx:<conversation id>   list of JSON [at_us, who, text]
    P f:<flag key>           string
    P inc:n                  counter: the last incident id handed out
    P inc:<id>               string: the incident's JSON (its "version" guards a save)
    P inc:all / inc:open     zsets of incident ids (score = id)
    P ic:<id>                zset of the incident's child ticket numbers (score = number)

The outbox queue is the stream. A turn's PENDING items are XADDed by the
commit script itself; a worker's claim XAUTOCLAIMs the entries that stayed
unacknowledged in another consumer's pending list longer than the lease (that
worker died or hung), then XREADGROUPs new ones, so it comes out in commit
order. Finishing an item XACKs and XDELs its entry (acknowledged entries take
no memory); a retry XACKs and XDELs it and parks the item in `od` until its
`not_before`, when a claim XADDs it again. The record's `x` is the item's
current stream entry id, absent when the item is not on the stream; an entry
that no longer matches its record's `x` (finished or retried meanwhile) is
spent and dropped when it is read. The record's `l` is the fence token of the
claim that holds it: BEGIN_SEND, and FINISH/RETRY given a token, refuse another;
`b` counts the sends BEGIN_SEND let start. INLINE items (answered in the provider's
response) are recorded but never enter the stream.

An outbox member `m` is "<12-digit sequence>:<item id>", so items created in
the same microsecond keep their insertion order in `oa:`. Times are integer
microseconds since the epoch, passed as strings (Lua numbers print large
integers in exponent form; doubles hold them exactly up to 2**53).

Records are plain strings, not hashes: a hash with a value over 64 bytes
(hash-max-listpack-value) leaves the compact listpack encoding and costs about
twice the memory. Outbox records are JSON whose values are all strings, so
cjson re-encodes them losslessly (`j`, the message, stays an opaque string).
"""

from __future__ import annotations

from typing import Final

from bot.store.redis.turn_scripts import BEGIN_TURN, COMMIT, LOCK_AND_BEGIN  # noqa: F401 (by name)
from bot.store.redis.versioned import VERSIONED_SET

# ARGV: prefix, incident id, version, JSON, open (1/0). Returns {"ok"} or VERSIONED_SET's conflict.
SAVE_INCIDENT: Final = (
    r"""
local p = ARGV[1]
local k = p .. 'inc:' .. ARGV[2]
"""
    + VERSIONED_SET
    + r"""
redis.call('ZADD', p .. 'inc:all', ARGV[2], ARGV[2])
if ARGV[5] == '1' then
  redis.call('ZADD', p .. 'inc:open', ARGV[2], ARGV[2])
else
  redis.call('ZREM', p .. 'inc:open', ARGV[2])
end
return {'ok'}
"""
)

# ARGV: prefix, first ticket number, block size, then the first and last number of a
# block to give back (0 0: none). The block is given back only when nobody took numbers
# after it (the counter still at its last): never a number handed out twice. Then `size`
# numbers are taken, none below the first ticket number; returns the last of them (0 when
# size is 0: only a give-back).
NEXT_TICKET: Final = r"""
local k = ARGV[1] .. 'tn'
local first, size = tonumber(ARGV[2]), tonumber(ARGV[3])
local back_from, back_to = tonumber(ARGV[4]), tonumber(ARGV[5])
if back_to > 0 and tonumber(redis.call('GET', k) or '0') == back_to then
  redis.call('SET', k, back_from - 1)
end
if size == 0 then
  return 0
end
local n = redis.call('INCRBY', k, size)
if n - size + 1 < first then
  n = first + size - 1
  redis.call('SET', k, n)
end
return n
"""

# ARGV: prefix, group, consumer, now (us), lease (ms), limit, batch (most retries
# moved back onto the stream per call), fence token (stamped on every claimed record).
# Retries due at `now` go back on the stream; then this consumer takes over the
# entries idle (unacknowledged) longer than the lease, whoever held them, and
# reads new ones: oldest entry first. Every claimed record becomes 'sending'.
# An entry whose record no longer points at it (finished, retried or expired
# meanwhile) is acknowledged and deleted instead. Returns flat {id, record JSON, ...}.
CLAIM_OUTBOX: Final = r"""
local p, g, me, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local lease, limit, batch = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local s, delayed = p .. 'os', p .. 'od'
if redis.call('EXISTS', s) == 0 then
  redis.call('XGROUP', 'CREATE', s, g, '0', 'MKSTREAM')
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, batch)) do
  redis.call('ZREM', delayed, id)
  local k = p .. 'o:' .. id
  local raw = redis.call('GET', k)
  if raw then
    local rec = cjson.decode(raw)
    if rec.s == 'pending' and not rec.x then
      rec.x = redis.call('XADD', s, '*', 'i', id)
      redis.call('SET', k, cjson.encode(rec), 'KEEPTTL')
    end
  end
end

local out, taken = {}, 0
local function take(entries)
  for _, e in ipairs(entries) do
    local eid, fields = e[1], e[2]  -- fields is false for an entry deleted meanwhile
    local id = fields and fields[2]
    local k = id and (p .. 'o:' .. id)
    local raw = k and redis.call('GET', k)
    local rec = raw and cjson.decode(raw)
    if rec and rec.x == eid and (rec.s == 'pending' or rec.s == 'sending') then
      rec.s, rec.l = 'sending', ARGV[8]
      redis.call('SET', k, cjson.encode(rec), 'KEEPTTL')
      table.insert(out, id)
      table.insert(out, cjson.encode(rec))
      taken = taken + 1
    else
      redis.call('XACK', s, g, eid)
      redis.call('XDEL', s, eid)
    end
  end
end

-- a dead worker's entries first: they are the oldest
local cursor, rounds = '0-0', 0
while taken < limit and rounds < 8 do
  local r = redis.call('XAUTOCLAIM', s, g, me, lease, cursor, 'COUNT', limit - taken)
  take(r[2])
  cursor, rounds = r[1], rounds + 1
  if cursor == '0-0' then break end
end
rounds = 0
while taken < limit and rounds < 4 do
  local r = redis.call('XREADGROUP', 'GROUP', g, me, 'COUNT', limit - taken, 'STREAMS', s, '>')
  if not r then break end
  take(r[1][2])
  rounds = rounds + 1
end
return out
"""

# ARGV: prefix, group, consumer, id, fence token. The fence before a send: returns 0 for
# an unknown item, 2 when the token's claim no longer holds it (taken over, finished,
# retried), else 1 after renewing the lease (XCLAIM to itself resets the entry's idle time).
BEGIN_SEND: Final = r"""
local p, g, me, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local raw = redis.call('GET', p .. 'o:' .. id)
if not raw then
  return 0
end
local rec = cjson.decode(raw)
if rec.s ~= 'sending' or rec.l ~= ARGV[5] or not rec.x then
  return 2
end
redis.call('XCLAIM', p .. 'os', g, me, 0, rec.x, 'JUSTID')
rec.b = tostring((tonumber(rec.b) or 0) + 1)  -- sends begun
redis.call('SET', p .. 'o:' .. id, cjson.encode(rec), 'KEEPTTL')
return 1
"""

# ARGV: prefix, group, id, status, provider_id, error, ttl_ms, fence token or ''.
# Returns 0 for an unknown item, 2 when a fence token was given and its claim no longer
# holds the item (another claim's holder decides), else 1. Without a token (a
# delivery-status callback) the outcome is recorded whoever holds the item. An entry
# still on the stream is acknowledged and deleted: a finished message is not claimed again.
FINISH_OUTBOX: Final = r"""
local p, g, id, status = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local s = p .. 'os'
local k = p .. 'o:' .. id
local raw = redis.call('GET', k)
if not raw then
  return 0
end
local rec = cjson.decode(raw)
if ARGV[8] ~= '' and (rec.s ~= 'sending' or rec.l ~= ARGV[8]) then
  return 2
end
rec.l = nil
if rec.x then
  redis.call('XACK', s, g, rec.x)
  redis.call('XDEL', s, rec.x)
  rec.x = nil
end
rec.s = status
rec.pid = ARGV[5] ~= '' and ARGV[5] or nil
rec.e = ARGV[6] ~= '' and ARGV[6] or nil
if status == 'pending' then  -- owed again: claimable from its not_before (or now)
  redis.call('ZADD', p .. 'od', rec.nb or '0', id)
  redis.call('SET', k, cjson.encode(rec))
else
  redis.call('ZREM', p .. 'od', id)
  if tonumber(ARGV[7]) > 0 then
    redis.call('SET', k, cjson.encode(rec), 'PX', ARGV[7])
  else
    redis.call('SET', k, cjson.encode(rec))
  end
end
return 1
"""

# ARGV: prefix, group, consumer, id, not_before (us), attempts, error, token or '', provider id.
# Returns 0 for an unknown item, 1 when it waits for not_before, 2 when it was
# already finished (a late retry must not send it again), 3 when another
# consumer (or, given a token, another claim) has taken it over (that one decides).
RETRY_OUTBOX: Final = r"""
local p, g, me, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local s = p .. 'os'
local k = p .. 'o:' .. id
local raw = redis.call('GET', k)
if not raw then
  return 0
end
local rec = cjson.decode(raw)
if rec.s ~= 'pending' and rec.s ~= 'sending' then
  return 2
end
if ARGV[8] ~= '' and rec.l ~= ARGV[8] then
  return 3
end
rec.l = nil
if rec.x then
  local held = redis.call('XPENDING', s, g, rec.x, rec.x, 1)[1]
  if held and held[2] ~= me then
    return 3
  end
  redis.call('XACK', s, g, rec.x)
  redis.call('XDEL', s, rec.x)
  rec.x = nil
end
rec.s, rec.nb, rec.n = 'pending', ARGV[5], ARGV[6]
rec.e, rec.pid = ARGV[7] ~= '' and ARGV[7] or nil, ARGV[9] ~= '' and ARGV[9] or nil
redis.call('SET', k, cjson.encode(rec))  -- no TTL: an item owed again never expires
redis.call('ZADD', p .. 'od', ARGV[5], id)
return 1
"""

# ARGV: prefix, address prefix ("<channel>:"), part, cursor, page size.
# Counts one page of the channel's owed items: part 's', the stream entries their record
# still points at (pending or sending), from stream id cursor ('-' first, then '(<id>');
# part 'd', the retries waiting in `od`, from index cursor ('0' first). Returns
# {count, next cursor or ''}: the caller pages, so Redis is never held for long.
COUNT_OUTBOX: Final = r"""
local p, want, part, cursor, page = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local function owed(id, eid)
  local raw = redis.call('GET', p .. 'o:' .. id)
  if not raw then return false end
  local rec = cjson.decode(raw)
  if rec.s ~= 'pending' and rec.s ~= 'sending' then return false end
  if rec.x ~= eid then return false end  -- eid is nil for a retry in od: not on the stream
  local address = cjson.decode(rec.j).address or ''
  return string.sub(address, 1, #want) == want
end
local n = 0
if part == 's' then
  local entries = redis.call('XRANGE', p .. 'os', cursor, '+', 'COUNT', page)
  for _, e in ipairs(entries) do
    if owed(e[2][2], e[1]) then n = n + 1 end
  end
  if #entries < page then return {n, ''} end
  return {n, '(' .. entries[#entries][1]}
end
local first = tonumber(cursor)
local ids = redis.call('ZRANGE', p .. 'od', first, first + page - 1)
for _, id in ipairs(ids) do
  if owed(id, nil) then n = n + 1 end
end
if #ids < page then return {n, ''} end
return {n, tostring(first + page)}
"""

# ARGV: prefix, group, consumer, idle_ms. Run when a worker closes: removes its own
# consumer from the group if it holds no entry, and any other consumer that holds
# none and has not read for idle_ms (a worker that was killed; its entries were
# taken over). A consumer holding entries is never removed: they would be lost.
# Returns how many consumers were removed.
FORGET_CONSUMERS: Final = r"""
local s, g, me, idle = ARGV[1] .. 'os', ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('EXISTS', s) == 0 then
  return 0
end
local removed = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', s, g)) do
  local info = {}
  for i = 1, #c, 2 do
    info[c[i]] = c[i + 1]
  end
  if tonumber(info.pending) == 0 and (info.name == me or tonumber(info.idle) > idle) then
    redis.call('XGROUP', 'DELCONSUMER', s, g, info.name)
    removed = removed + 1
  end
end
return removed
"""

# ARGV: prefix, now (us), limit, then the kinds to claim (none given: every kind).
# Returns flat {key, json, ...}, earliest first; each timer is removed as it is
# returned, so two workers can never both fire one. Due timers of other kinds stay
# where they are and are read past, a page at a time: the next unread entry's rank
# is the number of entries kept so far (claimed ones leave the zset).
CLAIM_TIMERS: Final = r"""
local p, now, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local want = nil
if #ARGV > 3 then
  want = {}
  for i = 4, #ARGV do
    want[ARGV[i]] = true
  end
end
local out, kept = {}, 0
local page = want and math.max(limit, 100) or limit  -- read past other kinds in pages
while #out < 2 * limit do
  local keys = redis.call('ZRANGEBYSCORE', p .. 'tm', '-inf', now, 'LIMIT', kept, page)
  if #keys == 0 then
    break
  end
  for _, key in ipairs(keys) do
    local j = redis.call('HGET', p .. 'tmd', key)
    if j and want and not want[cjson.decode(j).k] then
      kept = kept + 1
    else
      redis.call('ZREM', p .. 'tm', key)
      redis.call('HDEL', p .. 'tmd', key)
      if j then
        table.insert(out, key)
        table.insert(out, j)
        if #out >= 2 * limit then
          break
        end
      end
    end
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
