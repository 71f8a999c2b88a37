"""The Lua scripts that start a turn on Redis (run by `bot.store.redis.begin`): its reads in
one round trip, and the same with the conversation's lock taken first, so a storm turn
costs one hop to lock and read instead of two."""

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
