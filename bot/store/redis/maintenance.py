"""The Redis store's maintenance role (`bot.store.maintenance`), mixed into `RedisStore`:
each window a JSON string at `mw:<id>`, the zset `mw:ends` orders them by end time."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from bot.store.errors import VersionConflict
from bot.store.records import dumps, require_aware
from bot.store.redis.lock import redis_errors
from bot.store.redis.versioned import VERSIONED_SET
from domain.maintenance import MaintenanceWindow

# ARGV: prefix, id, version, json, end (epoch seconds). The version check and the write
# are one step, so two workers cancelling at once cannot both win.
SAVE: Final = (
    r"""
local p = ARGV[1]
local k = p .. 'mw:' .. ARGV[2]
"""
    + VERSIONED_SET
    + r"""
redis.call('ZADD', p .. 'mw:ends', ARGV[5], ARGV[2])
return {'ok'}
"""
)


class RedisMaintenance:
    prefix: str

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

    async def next_maintenance_id(self) -> int:
        with redis_errors():
            return int(await self.redis.incr(f"{self.prefix}mw:n"))

    async def save_maintenance(self, window: MaintenanceWindow) -> None:
        if window.version < 1:
            raise ValueError(f"maintenance {window.id}: a save needs version >= 1")
        require_aware(window.starts_at)
        end = require_aware(window.ends_at).timestamp()
        script = self.__dict__.get("_save_maintenance")
        if script is None:
            script = self.__dict__["_save_maintenance"] = self.redis.register_script(SAVE)
        args = [self.prefix, window.id, window.version, dumps(window.to_json()), repr(end)]
        with redis_errors():
            result = await script(keys=[], args=args, client=self.redis)
        if _text(result[0]) == "conflict":
            raise VersionConflict(
                f"maintenance {window.id}: stored version {_text(result[1])},"
                f" save has {window.version}"
            )

    async def get_maintenance(self, window_id: str) -> MaintenanceWindow | None:
        with redis_errors():
            raw = await self.redis.get(f"{self.prefix}mw:{window_id}")
        return MaintenanceWindow.from_json(json.loads(raw)) if raw else None

    async def list_maintenance(
        self, *, ending_after: datetime, limit: int = 100
    ) -> list[MaintenanceWindow]:
        if limit <= 0:
            return []
        after = require_aware(ending_after).timestamp()
        with redis_errors():
            ids = await self.redis.zrangebyscore(f"{self.prefix}mw:ends", f"({after!r}", "+inf")
            if not ids:
                return []
            raws = await self.redis.mget([f"{self.prefix}mw:{_text(i)}" for i in ids])
        found = [MaintenanceWindow.from_json(json.loads(r)) for r in raws if r]
        found.sort(key=lambda w: (w.starts_at, w.id))
        return found[:limit]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
