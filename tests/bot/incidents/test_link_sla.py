"""Linking a ticket to an incident moves its SLA clocks to the master's priority, not only
its label; unlinking moves them back to its own. On a settable clock, with the timers the
store holds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.incidents.desk import IncidentDesk, NewIncident, Refused
from bot.plan.policy import Policy
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.incident import IncidentMatch
from tests.app_harness import app_settings, running_app
from tests.conftest import Clock
from tests.factories import make_ticket


async def _setup(store: SqliteStore, policy: Policy, clock: Clock) -> IncidentDesk:
    created = clock()
    ticket = make_ticket(
        number=50001,
        priority="P3",
        created_at=created,
        first_response_due=policy.due("P3", "first_response", created),
        next_update_due=policy.due("P3", "update_every", created),
    )
    await store.commit(TurnCommit(at=created, tickets=(ticket,)))
    desk = IncidentDesk(store=store, policy=policy, clock=clock, kick=lambda: None)
    await desk.open(NewIncident(title="Dallas down", summary={}, match=IncidentMatch()))
    return desk


async def _timers(store: SqliteStore, clock: Clock) -> dict[str, object]:
    far = clock() + timedelta(days=60)
    return {t.key: t.due for t in await store.claim_due_timers(now=far, limit=1000)}


async def test_linking_puts_the_ticket_on_the_masters_sla_clocks_and_their_timers(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    created = clock()
    desk = await _setup(sqlite_store, calltower, clock)
    clock.advance(minutes=5)
    linked_at = clock()
    child = await desk.link(1, 50001)

    assert child.priority == "P1G" and child.fields["own_priority"] == "P3"
    p1g_first = calltower.due("P1G", "first_response", created)
    p1g_update = calltower.due("P1G", "update_every", linked_at)
    assert child.first_response_due == p1g_first
    assert child.next_update_due == p1g_update
    assert p1g_update != calltower.due("P3", "update_every", created)  # the clocks moved
    assert any(e.kind == "priority" and "P3 -> P1G" in e.detail for e in child.events)
    timers = await _timers(sqlite_store, clock)
    assert timers["sla:50001:update"] == p1g_update
    assert timers.get("sla:50001:first_response") == p1g_first


async def test_unlinking_puts_the_ticket_back_on_its_own_clocks(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    created = clock()
    desk = await _setup(sqlite_store, calltower, clock)
    await desk.link(1, 50001)
    clock.advance(minutes=30)
    back = await desk.unlink(1, 50001)

    assert back.priority == "P3" and back.fields["incident"] == ""
    assert back.first_response_due == calltower.due("P3", "first_response", created)
    assert back.next_update_due == calltower.due("P3", "update_every", clock())
    timers = await _timers(sqlite_store, clock)
    assert timers["sla:50001:update"] == back.next_update_due
    with pytest.raises(Refused):
        await desk.unlink(1, 50001)  # not a child any more


async def test_over_the_api_a_link_and_an_unlink_move_the_clocks_both_ways(
    tmp_path: Path, clock: Clock, calltower: Policy
) -> None:
    api = {"Authorization": "Bearer t0ken"}
    async with running_app(app_settings(tmp_path, channels={}), clock) as (services, client):
        created = clock()
        ticket = make_ticket(
            number=50001,
            priority="P3",
            created_at=created,
            first_response_due=calltower.due("P3", "first_response", created),
            next_update_due=calltower.due("P3", "update_every", created),
        )
        await services.store.commit(TurnCommit(at=created, tickets=(ticket,)))
        opened = await client.post("/api/incidents", json={"title": "Dallas"}, headers=api)
        incident = opened.json()["id"]
        clock.advance(minutes=10)
        linked = await client.post(
            f"/api/incidents/{incident}/children", json={"ticket": 50001}, headers=api
        )
        assert linked.json() == {"ticket": 50001, "priority": "P1G"}
        child = await services.store.get_ticket(50001)
        assert child is not None
        assert child.next_update_due == calltower.due("P1G", "update_every", clock())
        clock.advance(minutes=10)
        left = await client.delete(f"/api/incidents/{incident}/children/50001", headers=api)
        assert left.json() == {"ticket": 50001, "priority": "P3"}
        back = await services.store.get_ticket(50001)
        assert back is not None
        assert back.next_update_due == calltower.due("P3", "update_every", clock())
        again = await client.delete(f"/api/incidents/{incident}/children/50001", headers=api)
        assert again.status_code == 409
