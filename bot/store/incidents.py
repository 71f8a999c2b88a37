"""Incidents: master cases (outages) and the tickets linked to them as children.

An incident is saved whole, guarded by its version like a conversation; a child is
linked inside the turn that opens or changes its ticket (`TurnCommit.incident_children`),
so a ticket is never told it belongs to an incident the store does not list it under.
Children are listed by ticket number, a page at a time: an outage can have 20,000."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Final, Protocol

from domain.incident import Incident


class Incidents(Protocol):
    async def next_incident_id(self) -> int:
        """Strictly increasing from 1, never handed out twice (also across workers)."""
        ...

    async def save_incident(self, incident: Incident) -> None:
        """Write `incident` whole. Raises `VersionConflict` unless the stored version is
        `incident.version - 1` (0 = must not exist), `ValueError` for a version below 1."""
        ...

    async def get_incident(self, incident_id: int) -> Incident | None: ...

    async def list_incidents(self, *, open_only: bool = False, limit: int = 100) -> list[Incident]:
        """Newest (highest id) first. The open ones (the engine reads them every turn) may be
        up to a second old when another worker saved one (`OpenIncidentsCache`)."""
        ...

    async def incident_children(
        self, incident_id: int, *, after: int = 0, limit: int = 500
    ) -> list[int]:
        """Child ticket numbers above `after`, ascending, at most `limit`: page with the
        last number of the previous page."""
        ...

    async def count_incident_children(self, incident_id: int) -> int: ...

    async def remove_incident_child(self, incident_id: int, number: int) -> bool:
        """Take ticket `number` off the incident's children (it was unlinked: its `incident`
        field no longer names it); False when it was not listed. A later commit of the
        ticket naming the incident again lists it again."""
        ...


OPEN_CACHE_SECONDS: Final = 1.0


class OpenIncidentsCache:
    """The open incidents as last read, for a second: the engine reads them on every turn,
    and they change a few times an hour. A save through this store clears it; another
    worker's save is seen within the second. When the second is up, one read refreshes
    it and the turns that ask meanwhile wait for that read (not one read each: a storm
    has dozens of turns under way, and each expiry cost them all a store round trip)."""

    def __init__(self, *, ttl: float = OPEN_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._held: tuple[float, list[Incident]] | None = None
        self._loading: asyncio.Future[list[Incident]] | None = None
        self._generation = 0  # a clear() while a read is under way: that read is not kept

    def get(self) -> list[Incident] | None:
        held = self._held
        if held is None or time.monotonic() - held[0] > self.ttl:
            return None
        return list(held[1])

    def put(self, incidents: list[Incident]) -> None:
        self._held = (time.monotonic(), list(incidents))

    def clear(self) -> None:
        self._held = None
        self._generation += 1

    async def read(self, load: Callable[[], Awaitable[list[Incident]]]) -> list[Incident]:
        """The held list, or `load()`'s, shared by every caller while it runs."""
        held = self.get()
        if held is not None:
            return held
        if self._loading is None:
            self._loading = asyncio.ensure_future(self._load(load, self._generation))
        return list(await asyncio.shield(self._loading))

    async def _load(
        self, load: Callable[[], Awaitable[list[Incident]]], generation: int
    ) -> list[Incident]:
        try:
            found = await load()
        finally:
            self._loading = None
        if generation == self._generation:
            self.put(found)
        return found
