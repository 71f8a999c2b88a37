"""The Store contract, `MaintenanceWindows` (bot.store.maintenance): staff's windows and
cancellations saved whole under a version, listed by time. See `tests.bot.store.contract`
for how a backend's test module runs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.store.protocol import Store, VersionConflict
from domain.maintenance import MaintenanceWindow
from tests.factories import T0

__all__ = [
    "test_maintenance_ids_increase_from_one",
    "test_a_maintenance_window_round_trips_whole",
    "test_a_maintenance_save_is_refused_unless_it_follows_the_stored_version",
    "test_maintenance_lists_the_windows_not_yet_over_by_start_time",
]


def _window(
    window_id: str, start_hours: float = 24, hours: float = 2, **kw: object
) -> MaintenanceWindow:
    base = MaintenanceWindow(
        id=window_id,
        starts_at=T0 + timedelta(hours=start_hours),
        ends_at=T0 + timedelta(hours=start_hours + hours),
        title={"en": "Core router upgrade", "es": "Actualización del router central"},
        summary={"en": "Calls may drop", "es": "Las llamadas pueden cortarse"},
        products=("SIP trunks",),
        services=("voice",),
        keywords=("trunk", "troncal"),
        zone="America/Denver",
        created_at=T0,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


async def test_maintenance_ids_increase_from_one(store: Store) -> None:
    assert [await store.next_maintenance_id() for _ in range(3)] == [1, 2, 3]


async def test_a_maintenance_window_round_trips_whole(store: Store) -> None:
    window = _window("1", reason={"en": "Capacity", "es": "Capacidad"}, notices=("24h", "start"))
    await store.save_maintenance(window)
    assert await store.get_maintenance("1") == window
    assert await store.get_maintenance("2") is None


async def test_a_maintenance_save_is_refused_unless_it_follows_the_stored_version(
    store: Store,
) -> None:
    await store.save_maintenance(_window("1"))
    with pytest.raises(VersionConflict):
        await store.save_maintenance(_window("1"))  # created again by someone else
    with pytest.raises(VersionConflict):
        await store.save_maintenance(_window("1", version=3))
    cancelled = _window("1", version=2, cancelled_at=T0 + timedelta(hours=1))
    await store.save_maintenance(cancelled)
    assert await store.get_maintenance("1") == cancelled
    with pytest.raises(ValueError):
        await store.save_maintenance(_window("2", version=0))
    with pytest.raises(ValueError):
        await store.save_maintenance(
            _window("3", created_at=None, starts_at=T0.replace(tzinfo=None))
        )
    assert await store.get_maintenance("3") is None


async def test_maintenance_lists_the_windows_not_yet_over_by_start_time(store: Store) -> None:
    await store.save_maintenance(_window("late", start_hours=48))
    await store.save_maintenance(_window("over", start_hours=-5))  # ended 3 h before T0
    await store.save_maintenance(_window("running", start_hours=-1))
    await store.save_maintenance(_window("monthly-2026-12-18", start_hours=24, cancelled_at=T0))
    listed = await store.list_maintenance(ending_after=T0)
    assert [w.id for w in listed] == ["running", "monthly-2026-12-18", "late"]
    assert [w.id for w in await store.list_maintenance(ending_after=T0, limit=1)] == ["running"]
    later = await store.list_maintenance(ending_after=T0 + timedelta(hours=26))
    assert [w.id for w in later] == ["late"]
