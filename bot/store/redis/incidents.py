"""The Redis store's incident role (`bot.store.incidents`), mixed into `RedisStore`; key
layout in `bot.store.redis.scripts` (inc:*, ic:*)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.store.errors import VersionConflict
from bot.store.incidents import OpenIncidentsCache
from bot.store.records import dumps
from bot.store.redis.lock import redis_errors
from domain.incident import Incident


class RedisIncidents:
    prefix: str

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

        async def _script(
            self, name: str, args: list[Any], keys: list[str] | None = None
        ) -> Any: ...

    async def next_incident_id(self) -> int:
        with redis_errors():
            return int(await self.redis.incr(f"{self.prefix}inc:n"))

    @property
    def _open_incidents(self) -> OpenIncidentsCache:
        cache: OpenIncidentsCache | None = self.__dict__.get("_open_cache")
        if cache is None:
            cache = self.__dict__["_open_cache"] = OpenIncidentsCache()
        return cache

    async def save_incident(self, incident: Incident) -> None:
        self._open_incidents.clear()
        if incident.version < 1:
            raise ValueError(f"incident {incident.id}: a save needs version >= 1")
        args = [
            self.prefix,
            incident.id,
            incident.version,
            dumps(incident.to_json()),
            "1" if incident.is_open else "0",
        ]
        result = await self._script("SAVE_INCIDENT", args)
        if result[0] == "conflict":
            raise VersionConflict(
                f"incident {incident.id}: stored version {result[1]}, save has {incident.version}"
            )

    async def get_incident(self, incident_id: int) -> Incident | None:
        with redis_errors():
            raw = await self.redis.get(f"{self.prefix}inc:{incident_id}")
        return Incident.from_json(json.loads(raw)) if raw else None

    async def list_incidents(self, *, open_only: bool = False, limit: int = 100) -> list[Incident]:
        if limit <= 0:
            return []
        if open_only and limit == 100:  # the engine's read, every turn
            return await self._open_incidents.read(lambda: self._list_incidents(True, 100))
        return await self._list_incidents(open_only, limit)

    async def _list_incidents(self, open_only: bool, limit: int) -> list[Incident]:
        index = f"{self.prefix}inc:{'open' if open_only else 'all'}"
        with redis_errors():
            ids = await self.redis.zrevrange(index, 0, limit - 1)
            if not ids:
                return []
            raws = await self.redis.mget([f"{self.prefix}inc:{i}" for i in ids])
        return [Incident.from_json(json.loads(r)) for r in raws if r]

    async def incident_children(
        self, incident_id: int, *, after: int = 0, limit: int = 500
    ) -> list[int]:
        if limit <= 0:
            return []
        with redis_errors():
            numbers = await self.redis.zrangebyscore(
                f"{self.prefix}ic:{incident_id}", f"({after}", "+inf", start=0, num=limit
            )
        return [int(n) for n in numbers]

    async def count_incident_children(self, incident_id: int) -> int:
        with redis_errors():
            return int(await self.redis.zcard(f"{self.prefix}ic:{incident_id}"))

    async def remove_incident_child(self, incident_id: int, number: int) -> bool:
        with redis_errors():
            return int(await self.redis.zrem(f"{self.prefix}ic:{incident_id}", str(number))) > 0
