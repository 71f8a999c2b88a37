"""`[status] source`: incidents read from a Statuspage-compatible endpoint
(`https://<page>/api/v2/incidents/unresolved.json`: `incidents[]` with `id`, `name`,
`status`, `created_at`, `incident_updates[]` {`body`, `status`, `created_at`},
`components[]` {`name`}), polled, each mirrored as a local incident, read-only.

A provider who runs its status page elsewhere keeps doing so: customers writing about a
mirrored incident are told "we already know" at intake (its components' names are its
keywords) and linked; each update that appears upstream is fanned out to them like a
staff update (a background job); an incident that leaves the unresolved list is resolved
here, its children asked to confirm. Staff cannot post to a mirror (the desk refuses:
it is updated upstream). The external id maps to the local one in the flag
`status:source:<external id>`; a poll that fails (HTTP error, bad JSON) changes nothing and
is tried again at the next interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

import httpx

from bot.incidents.desk import DeskStore, master_priority
from bot.incidents.jobs import FanoutJobs
from bot.plan.policy import Policy
from bot.store.protocol import VersionConflict
from domain.incident import Incident, IncidentMatch, IncidentStatus, IncidentUpdate

log = logging.getLogger("supportbot.incidents")

SOURCE: Final = "statuspage"
STATUSES: Final = {
    "investigating": IncidentStatus.INVESTIGATING,
    "identified": IncidentStatus.IDENTIFIED,
    "monitoring": IncidentStatus.MONITORING,
    "resolved": IncidentStatus.RESOLVED,
    "postmortem": IncidentStatus.RESOLVED,
}
RESOLVED_EN: Final = "This incident is resolved."
RESOLVED_ES: Final = "Esta incidencia está resuelta."
MAX_BYTES: Final = 2 * 1024 * 1024


def source_flag(external_id: str) -> str:
    return f"status:source:{external_id}"


class StatuspageSource:
    def __init__(
        self,
        *,
        url: str,
        store: DeskStore,
        policy: Policy,
        clock: Callable[[], datetime],
        jobs: FanoutJobs,
        interval: float = 60.0,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.store = store
        self.policy = policy
        self.clock = clock
        self.jobs = jobs
        self.interval = interval
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    # the app's lifespan starts and stops it like its other components

    async def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name="status-source")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stop.is_set():
            await self.poll()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.interval)

    async def poll(self) -> int:
        """Read the endpoint once and bring the mirrors in line; how many changed."""
        try:
            fetched = await self._fetch()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("status source unreadable: %s", type(exc).__name__)
            return 0
        changed = 0
        seen: set[int] = set()
        for item in fetched:
            try:
                local, did = await self._mirror(item)
            except (KeyError, TypeError, ValueError):
                log.warning("status source: an incident it lists is malformed; skipped")
                continue
            seen.add(local)
            changed += did
        for incident in await self.store.list_incidents(open_only=True, limit=500):
            if incident.source.startswith(f"{SOURCE}:") and incident.id not in seen:
                await self._resolve(incident)
                changed += 1
        return changed

    async def _fetch(self) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True) as client:
            response = await client.get(self.url, headers={"Accept": "application/json"})
            response.raise_for_status()
            if len(response.content) > MAX_BYTES:
                raise ValueError("status source answer too large")
            data = response.json()
        incidents = data.get("incidents") if isinstance(data, dict) else None
        if not isinstance(incidents, list):
            raise ValueError("no incidents list")
        return [i for i in incidents if isinstance(i, dict)]

    async def _mirror(self, item: dict[str, Any]) -> tuple[int, int]:
        """(local id, 1 if it changed else 0) for one upstream incident, under the store lock
        of its mapping: every worker polls, and one upstream incident is one mirror."""
        async with self.store.lock(source_flag(str(item["id"]))):
            return await self._mirror_locked(item)

    async def _mirror_locked(self, item: dict[str, Any]) -> tuple[int, int]:
        external = str(item["id"])
        updates = _updates(item)
        components = tuple(
            str(c["name"]) for c in item.get("components") or () if isinstance(c, dict)
        )
        status = STATUSES.get(str(item.get("status", "")), IncidentStatus.INVESTIGATING)
        title = str(item["name"])[:300]
        known = await self.store.get_flag(source_flag(external))
        if known is None:
            incident_id = await self.store.next_incident_id()
            incident = Incident(
                id=incident_id,
                title=title,
                created_at=_when(item.get("created_at")) or self.clock(),
                summary={"en": title},
                service=components[0] if components else "",
                match=IncidentMatch(keywords=components),
                status=status,
                priority=master_priority(self.policy),
                updates=updates,
                updated_at=self.clock(),
                source=f"{SOURCE}:{external}",
            )
            # the mapping first: a crash before the save makes the next poll create it
            await self.store.set_flag(source_flag(external), str(incident_id))
            await self.store.save_incident(incident)
            await self._fan_out(incident, 0)
            return incident_id, 1
        incident_id = int(known)
        for _attempt in range(5):
            current = await self.store.get_incident(incident_id)
            if current is None:  # the mapping was written but the save never landed
                await self.store.set_flag(source_flag(external), None)
                return await self._mirror_locked(item)
            mirrored = replace(
                current,
                title=title,
                service=components[0] if components else current.service,
                match=IncidentMatch(keywords=components) if components else current.match,
                status=status,
                updates=updates if len(updates) >= len(current.updates) else current.updates,
            )
            if mirrored == current:
                return incident_id, 0
            saved = replace(mirrored, updated_at=self.clock(), version=current.version + 1)
            if status is IncidentStatus.RESOLVED:
                saved = replace(saved, resolved_at=self.clock())
            try:
                await self.store.save_incident(saved)
            except VersionConflict:
                continue
            await self._fan_out(saved, len(current.updates))
            return incident_id, 1
        return incident_id, 0

    async def _resolve(self, incident: Incident) -> None:
        """Gone from the unresolved list: resolved upstream."""
        now = self.clock()
        update = IncidentUpdate(
            seq=len(incident.updates) + 1,
            at=now,
            text=RESOLVED_EN,
            text_es=RESOLVED_ES,
            status=IncidentStatus.RESOLVED,
        )
        saved = replace(
            incident,
            updates=(*incident.updates, update),
            status=IncidentStatus.RESOLVED,
            updated_at=now,
            resolved_at=now,
            version=incident.version + 1,
        )
        try:
            await self.store.save_incident(saved)
        except VersionConflict:
            return  # changed meanwhile: the next poll looks again
        await self._fan_out(saved, len(incident.updates))

    async def _fan_out(self, incident: Incident, already: int) -> None:
        """Each update after the first `already` reaches the children, as staff's would. A
        new mirror's updates are history: its first customers hear them at intake."""
        if already == 0 and incident.is_open:
            return
        for update in incident.updates[already:]:
            await self.jobs.hold(incident.id, update.seq)
            self.jobs.launch(incident.id, update.seq)


def _updates(item: dict[str, Any]) -> tuple[IncidentUpdate, ...]:
    raw = [u for u in item.get("incident_updates") or () if isinstance(u, dict)]
    raw.sort(key=lambda u: str(u.get("created_at") or u.get("display_at") or ""))
    out = []
    for seq, u in enumerate(raw, start=1):
        at = _when(u.get("created_at") or u.get("display_at"))
        if at is None:
            raise ValueError("an update without a time")
        status = STATUSES.get(str(u.get("status", "")), IncidentStatus.INVESTIGATING)
        out.append(
            IncidentUpdate(seq=seq, at=at, text=str(u.get("body", ""))[:2000], status=status)
        )
    return tuple(out)


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
