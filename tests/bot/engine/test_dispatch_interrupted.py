"""Interrupted sends (bot/engine/dispatch.py): a reply whose send began and whose outcome
was never recorded is, under "hold", not sent again: marked uncertain, noted on its
ticket and told to the agent desk. Under "resend" it goes out again (at least once), and
a sender whose far side deduplicates is always resent. A sender that can ask its provider
(`reconcile`) settles it instead: recorded when the provider has it, sent when not, held
when the provider cannot be asked."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from bot.engine.delivery import Receipt, TemporaryFailure, Unreconciled
from bot.engine.dispatch import Dispatcher
from bot.store.protocol import OutboxItem, OutboxStatus, StoreError, TurnCommit
from domain.types import Address, Outbound
from tests.bot.engine.test_dispatch import PAST_LEASE, Gate, commit, opened, statuses
from tests.conftest import Clock
from tests.factories import make_ticket


class Told:
    """The agent desk's side of `on_undelivered`."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def __call__(self, item: OutboxItem, kind: str, error: str) -> None:
        self.calls.append((item.id, kind))


async def interrupted(store: Any, clock: Clock, *names: str) -> tuple[Gate, asyncio.Task[None]]:
    """A worker that began sending the first item and hangs there past its lease (as if
    killed or frozen): the rest wait in its lane, unsent."""
    await commit(store, clock, *names)
    hung = Gate(concurrency=1)
    first = Dispatcher(store=store, senders={"a": hung}, clock=clock, poll_interval=60)
    running = asyncio.create_task(first.run())
    await hung.until(lambda: hung.started == [names[0]])
    clock.advance(seconds=PAST_LEASE.total_seconds())
    return hung, running


async def test_under_hold_an_interrupted_send_is_not_made_again_and_the_desk_is_told(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1", "a2")
    told, alive = Told(), opened()
    second = Dispatcher(
        store=sqlite_store,
        senders={"a": alive},
        clock=clock,
        interrupted="hold",
        on_undelivered=told,
    )

    assert await second.deliver_due() == 2
    assert alive.sent == ["a2"]  # a1 may have reached the customer: not sent again
    assert told.calls == [("a1", "uncertain")]
    assert await statuses(sqlite_store, "a") == {
        "a1": OutboxStatus.UNCERTAIN,
        "a2": OutboxStatus.SENT,
    }
    # the hung worker comes back and finishes its send: the customer has a1 once
    hung.release.set()
    await hung.until(lambda: hung.active == 0)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert hung.sent + alive.sent == ["a1", "a2"]
    clock.advance(seconds=PAST_LEASE.total_seconds() * 10)
    assert await second.deliver_due() == 0  # never claimed again


async def test_under_resend_an_interrupted_send_is_made_again(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1")
    alive = opened()
    second = Dispatcher(store=sqlite_store, senders={"a": alive}, clock=clock)

    assert await second.deliver_due() == 1
    assert alive.sent == ["a1"]  # at least once: the customer may now have it twice
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


async def test_a_sender_whose_far_side_deduplicates_is_resent_even_under_hold(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1")
    alive = opened()
    alive.resend_interrupted = True  # type: ignore[attr-defined]
    second = Dispatcher(store=sqlite_store, senders={"a": alive}, clock=clock, interrupted="hold")

    assert await second.deliver_due() == 1
    assert alive.sent == ["a1"]
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


class FailsOnce:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.tries = 0

    async def send(self, message: Outbound) -> Receipt:
        self.tries += 1
        if self.tries == 1:
            raise TemporaryFailure("503 from the provider")
        self.sent.append(message.text)
        return Receipt(provider_id="p1")


async def test_a_send_that_failed_and_is_retried_is_not_taken_for_an_interrupted_one(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1")
    sender = FailsOnce()
    dispatcher = Dispatcher(
        store=sqlite_store, senders={"a": sender}, clock=clock, interrupted="hold"
    )

    assert await dispatcher.deliver_due() == 1
    clock.advance(seconds=600)
    assert await dispatcher.deliver_due() == 1
    assert sender.sent == ["a1"]
    assert await statuses(sqlite_store, "a") == {"a1": OutboxStatus.SENT}


async def test_a_held_reply_is_noted_on_its_ticket(sqlite_store: Any, clock: Clock) -> None:
    ticket = make_ticket(number=10007, address=Address("a", "x"))
    await sqlite_store.commit(TurnCommit(at=clock(), tickets=(ticket,)))
    item = OutboxItem(
        id="a1",
        outbound=Outbound(Address("a", "x"), "Your line is back", ticket_number=10007),
        created_at=clock(),
    )
    await sqlite_store.commit(TurnCommit(at=clock(), outbox=(item,)))
    (claimed,) = await sqlite_store.claim_outbox(now=clock())
    assert await sqlite_store.begin_send("a1", lease=claimed.lease, now=clock())
    clock.advance(seconds=PAST_LEASE.total_seconds())  # its worker died mid-send
    told = Told()
    dispatcher = Dispatcher(
        store=sqlite_store,
        senders={"a": opened()},
        clock=clock,
        interrupted="hold",
        on_undelivered=told,
    )

    assert await dispatcher.deliver_due() == 1
    stored = await sqlite_store.get_ticket(10007)
    assert stored is not None
    assert [e.kind for e in stored.events][-1] == "delivery_uncertain"
    assert told.calls == [("a1", "uncertain")]


async def test_a_failed_reply_is_told_to_the_desk_too(sqlite_store: Any, clock: Clock) -> None:
    await commit(sqlite_store, clock, "a1")
    told = Told()
    sender = FailsOnce()
    dispatcher = Dispatcher(
        store=sqlite_store, senders={"a": sender}, clock=clock, max_attempts=1, on_undelivered=told
    )

    assert await dispatcher.deliver_due() == 1
    assert told.calls == [("a1", "failed")]


class Reconciling:
    """A sender whose provider keeps a log: `logged` maps texts the provider has to their
    ids; `unreadable` makes the log unreadable."""

    def __init__(self, logged: dict[str, str], *, unreadable: bool = False) -> None:
        self.logged = logged
        self.unreadable = unreadable
        self.asked: list[tuple[str, datetime]] = []
        self.sent: list[str] = []

    async def reconcile(self, message: Outbound, *, since: datetime) -> Receipt | None:
        self.asked.append((message.text, since))
        if self.unreadable:
            raise Unreconciled("the provider's log answered 503")
        found = self.logged.get(message.text)
        return Receipt(provider_id=found) if found else None

    async def send(self, message: Outbound) -> Receipt:
        self.sent.append(message.text)
        return Receipt(provider_id=f"new-{message.text}")


async def test_an_interrupted_send_the_provider_has_is_recorded_with_its_id_and_not_sent_again(
    sqlite_store: Any, clock: Clock
) -> None:
    committed = clock()
    hung, running = await interrupted(sqlite_store, clock, "a1", "a2")
    told = Told()
    provider = Reconciling({"a1": "SM-a1"})
    second = Dispatcher(
        store=sqlite_store,
        senders={"a": provider},
        clock=clock,
        interrupted="hold",
        on_undelivered=told,
    )

    assert await second.deliver_due() == 2
    assert provider.asked == [("a1", committed)]  # only the interrupted one, since its commit
    assert provider.sent == ["a2"]
    item = await sqlite_store.get_outbox("a1")
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, "SM-a1")
    assert told.calls == []  # nothing uncertain: no one to tell
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


async def test_an_interrupted_send_the_provider_never_got_is_sent_once(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1")
    provider = Reconciling({})
    second = Dispatcher(
        store=sqlite_store, senders={"a": provider}, clock=clock, interrupted="hold"
    )

    assert await second.deliver_due() == 1
    assert [text for text, _ in provider.asked] == ["a1"]
    assert provider.sent == ["a1"]
    item = await sqlite_store.get_outbox("a1")
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, "new-a1")
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


async def test_an_interrupted_send_whose_provider_log_cannot_be_read_is_held_as_before(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1")
    told = Told()
    provider = Reconciling({}, unreadable=True)
    second = Dispatcher(
        store=sqlite_store,
        senders={"a": provider},
        clock=clock,
        interrupted="hold",
        on_undelivered=told,
    )

    assert await second.deliver_due() == 1
    assert provider.sent == []
    item = await sqlite_store.get_outbox("a1")
    assert item.status == OutboxStatus.UNCERTAIN
    assert "503" in item.last_error
    assert told.calls == [("a1", "uncertain")]
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


async def test_under_resend_a_reconciling_sender_is_asked_first_and_resends_only_when_it_cannot_say(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1", "a2")
    provider = Reconciling({"a1": "SM-a1"})
    second = Dispatcher(store=sqlite_store, senders={"a": provider}, clock=clock)
    assert await second.deliver_due() == 2
    assert provider.sent == ["a2"]  # a1 was found: no duplicate even under "resend"
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)

    hung, running = await interrupted(sqlite_store, clock, "a3")
    blind = Reconciling({}, unreadable=True)
    third = Dispatcher(store=sqlite_store, senders={"a": blind}, clock=clock)
    assert await third.deliver_due() == 1
    assert blind.sent == ["a3"]  # at least once, as "resend" promises
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


class StoreDownOnce(Reconciling):
    """A reconciling sender whose own store read fails the first time (a Redis restart)."""

    def __init__(self) -> None:
        super().__init__({"a1": "SM-a1"})
        self.down = True

    async def reconcile(self, message: Outbound, *, since: datetime) -> Receipt | None:
        if self.down:
            self.down = False
            raise StoreError("connection refused")
        return await super().reconcile(message, since=since)


async def test_a_store_outage_while_reconciling_leaves_the_item_to_be_reconciled_again(
    sqlite_store: Any, clock: Clock
) -> None:
    hung, running = await interrupted(sqlite_store, clock, "a1")
    provider = StoreDownOnce()
    second = Dispatcher(
        store=sqlite_store, senders={"a": provider}, clock=clock, interrupted="hold"
    )

    assert await second.deliver_due() == 1
    item = await sqlite_store.get_outbox("a1")
    assert item.status == OutboxStatus.SENDING and item.attempts == 0  # not a clean failure
    clock.advance(seconds=PAST_LEASE.total_seconds())
    assert await second.deliver_due() == 1
    assert provider.sent == []  # found in the provider's log the second time, not sent blind
    item = await sqlite_store.get_outbox("a1")
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, "SM-a1")
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
