"""Incidents: master cases (outages) and the tickets linked to them as children.

An incident is saved whole, guarded by its version like a conversation; a child is
linked inside the turn that opens or changes its ticket (`TurnCommit.incident_children`),
so a ticket is never told it belongs to an incident the store does not list it under.
Children are listed by ticket number, a page at a time: an outage can have 20,000."""

from __future__ import annotations

from typing import Protocol

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
        """Newest (highest id) first."""
        ...

    async def incident_children(
        self, incident_id: int, *, after: int = 0, limit: int = 500
    ) -> list[int]:
        """Child ticket numbers above `after`, ascending, at most `limit`: page with the
        last number of the previous page."""
        ...

    async def count_incident_children(self, incident_id: int) -> int: ...
