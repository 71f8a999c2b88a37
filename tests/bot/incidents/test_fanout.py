"""The fan-out on both store backends: each child told once per update, page by page,
also when a run dies half-way and is run again; resolution moves children to
resolved-pending-confirmation; a child linked over the API starts with the next update;
an opted-out child or subscriber is skipped before anything is queued."""

from __future__ import annotations

from typing import Any

import pytest

from bot.engine.turns import Engine
from bot.incidents.desk import IncidentDesk, NewIncident, Refused
from bot.incidents.fanout import Fanout
from bot.incidents.subscriptions import Subscriptions
from bot.plan.policy import Policy
from bot.store.flags import opt_out_flag
from bot.store.protocol import Store, TurnCommit
from domain.incident import IncidentMatch
from domain.types import Address, Inbound, TicketStatus
from tests.conftest import Clock
from tests.factories import make_ticket

CUSTOMERS = [Address("sms", f"+1415555{n:04d}") for n in range(7)]


class DiesAfter:
    """The store, except that commits fail after `allowed` of them: a worker dying mid-run."""

    def __init__(self, store: Store, allowed: int) -> None:
        self._store = store
        self.allowed = allowed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def commit(self, turn: TurnCommit) -> None:
        if self.allowed <= 0:
            raise RuntimeError("worker killed")
        self.allowed -= 1
        await self._store.commit(turn)


async def _children(store: Store, policy: Policy, clock: Clock) -> tuple[IncidentDesk, int]:
    desk = IncidentDesk(store=store, policy=policy, clock=clock, kick=lambda: None)
    incident = await desk.open(
        NewIncident(title="Dallas down", summary={}, match=IncidentMatch(keywords=("dallas",)))
    )
    engine = Engine(store=store, policy=policy, clock=clock)
    for n, address in enumerate(CUSTOMERS):
        text = "Dallas calls fail for account AC-1044" + str(n)
        await engine.handle(Inbound(address, text, f"SM{n}", clock()))
    assert await store.count_incident_children(incident.id) == len(CUSTOMERS)
    return desk, incident.id


async def _notices(store: Store, text: str) -> dict[Address, int]:
    counts = {}
    for address in CUSTOMERS:
        items = await store.outbox_for(address)
        counts[address] = sum(1 for i in items if text in i.outbound.text)
    return counts


async def test_each_child_is_told_once_page_by_page(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    desk.fanout.page = 3
    pages: list[int] = []
    real = store.incident_children

    async def counted(incident: int, *, after: int = 0, limit: int = 500) -> list[int]:
        page = await real(incident, after=after, limit=limit)
        pages.append(len(page))
        return page

    desk.fanout.store = DiesAfter(store, 10_000)
    desk.fanout.store.incident_children = counted  # type: ignore[method-assign]
    _, result = await desk.post_update(incident_id, "Fix rolling out.")
    assert result.told == len(CUSTOMERS)
    assert pages == [3, 3, 1, 0]  # three pages of commits, never one giant one
    assert set((await _notices(store, "Fix rolling out.")).values()) == {1}


async def test_a_run_that_dies_half_way_is_finished_by_a_second_run_telling_nobody_twice(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    dying = DiesAfter(store, 3)
    desk.fanout = Fanout(store=dying, policy=calltower, clock=clock, kick=lambda: None, page=1)
    with pytest.raises(RuntimeError):
        await desk.post_update(incident_id, "Carrier engaged.")
    told = await _notices(store, "Carrier engaged.")
    assert sorted(told.values()) == [0, 0, 0, 0, 1, 1, 1]

    desk.fanout = Fanout(store=store, policy=calltower, clock=clock, kick=lambda: None)
    again = await desk.redeliver(incident_id)
    assert again.told == 4
    assert set((await _notices(store, "Carrier engaged.")).values()) == {1}


async def test_resolving_moves_every_child_to_resolved_pending_confirmation(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    incident, result = await desk.resolve(incident_id, "Trunks restored.")
    assert result.told == len(CUSTOMERS)
    assert not incident.is_open
    for number in await store.incident_children(incident_id):
        ticket = await store.get_ticket(number)
        assert ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING
        conv = await store.load_conversation(ticket.conversation_id)
        assert conv is not None and conv.state == "closed"
    with pytest.raises(Refused):
        await desk.post_update(incident_id, "too late")


async def test_a_ticket_linked_over_the_api_gets_the_next_update_only(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk = IncidentDesk(store=store, policy=calltower, clock=clock, kick=lambda: None)
    incident = await desk.open(NewIncident(title="Portal slow", summary={}))
    await desk.post_update(incident.id, "Looking into it.")
    engine = Engine(store=store, policy=calltower, clock=clock)
    voicemail = Address("sms", "+14155550999")
    result = await engine.handle(Inbound(voicemail, "hi", "SMx", clock()))
    assert result.ticket is None
    number = await store.next_ticket_number()
    await store.commit(
        TurnCommit(at=clock(), tickets=(make_ticket(number=number, address=voicemail),))
    )
    child = await desk.link(incident.id, number)
    assert child.fields["own_priority"] != child.priority == incident.priority
    await desk.redeliver(incident.id)  # an old update is not news to a new child
    assert await _notices_for(store, voicemail, "Looking into it.") == 0
    await desk.post_update(incident.id, "Found it.")
    assert await _notices_for(store, voicemail, "Found it.") == 1


async def _notices_for(store: Store, address: Address, text: str) -> int:
    return sum(1 for i in await store.outbox_for(address) if text in i.outbound.text)


async def _opt_out(store: Store, clock: Clock, address: Address) -> None:
    await store.commit(TurnCommit(at=clock(), flags=((opt_out_flag(address), "STOP"),)))


async def test_an_opted_out_child_is_skipped_before_queueing_and_still_resolved(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    stopped = CUSTOMERS[2]
    await _opt_out(store, clock, stopped)
    before = len(await store.outbox_for(stopped))

    _, result = await desk.post_update(incident_id, "Carrier engaged.")
    assert (result.told, result.skipped, result.opted_out) == (len(CUSTOMERS) - 1, 1, 1)
    incident = await store.get_incident(incident_id)
    assert incident is not None
    still = await desk.fanout.still_working(incident, key="auto1", next_by=clock())
    assert (still.told, still.opted_out) == (len(CUSTOMERS) - 1, 1)
    _, resolved = await desk.resolve(incident_id, "Trunks restored.")
    assert (resolved.told, resolved.opted_out) == (len(CUSTOMERS) - 1, 1)

    assert len(await store.outbox_for(stopped)) == before  # nothing queued, nothing refused
    told = await _notices(store, "Carrier engaged.")
    assert told[stopped] == 0 and sum(told.values()) == len(CUSTOMERS) - 1
    [number] = [t.number for t in await store.list_tickets(address=stopped)]
    ticket = await store.get_ticket(number)
    assert ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING
    again = await desk.redeliver(incident_id)  # a repeat neither tells nor queues
    assert again.told == 0 and len(await store.outbox_for(stopped)) == before


async def test_opted_out_subscribers_are_skipped_and_counted(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    subs = Subscriptions(store=store, secret="s", clock=clock, kick=lambda: None, base_url="")
    desk = IncidentDesk(
        store=store,
        policy=calltower,
        clock=clock,
        kick=lambda: None,
        fanout=Fanout(
            store=store, policy=calltower, clock=clock, kick=lambda: None, subscriptions=subs
        ),
    )
    incident = await desk.open(NewIncident(title="Teams down", summary={}, service="Teams"))
    sms, blocked, tg = (
        Address("sms", "+14155550123"),
        Address("telegram", "77"),
        Address("telegram", "78"),
    )
    for address in (sms, blocked, tg):
        await subs.add(str(address), "en", platform="Teams")
    await _opt_out(store, clock, sms)
    await _opt_out(store, clock, blocked)  # the chat blocked the bot
    _, result = await desk.post_update(incident.id, "Rerouting.")
    assert (result.told, result.skipped, result.opted_out) == (1, 2, 2)
    assert await store.outbox_for(sms) == [] and await store.outbox_for(blocked) == []
    assert len(await store.outbox_for(tg)) == 1
