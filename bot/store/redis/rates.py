"""The Redis store's rate-limit role (`bot.store.rates`), mixed into `RedisStore`: a sorted
set per key at `rl:<key>`, one member per take scored by its time in milliseconds (the
caller's clock, as on SQLite), trimmed and counted in one script so two workers cannot
both take the last place; the set expires a window after its last take."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from bot.store.records import require_aware
from bot.store.redis.lock import redis_errors

# ARGV: prefix, key, now (ms), limit, window (ms), take ('1' or '0'), a unique member.
# Returns 0 when taken (or, for a look, when a take would pass), else the ms to wait.
TAKE: Final = r"""
local k = ARGV[1] .. 'rl:' .. ARGV[2]
local now, limit, span = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', k, '-inf', now - span)
if redis.call('ZCARD', k) < limit then
  if ARGV[6] == '1' then
    redis.call('ZADD', k, now, ARGV[7])
    redis.call('PEXPIRE', k, span)
  end
  return 0
end
local oldest = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + span - now
"""


class RedisRates:
    prefix: str

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

    async def take_rate(
        self, key: str, *, now: datetime, limit: int, window: timedelta, take: bool = True
    ) -> float:
        script = self.__dict__.get("_take_rate")
        if script is None:
            script = self.__dict__["_take_rate"] = self.redis.register_script(TAKE)
        at = int(require_aware(now).timestamp() * 1000)
        span = max(1, int(window.total_seconds() * 1000))
        args = [self.prefix, key, at, limit, span, "1" if take else "0", secrets.token_hex(8)]
        with redis_errors():
            wait = await script(keys=[], args=args, client=self.redis)
        return int(wait) / 1000
