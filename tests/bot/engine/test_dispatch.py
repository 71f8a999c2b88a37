"""The dispatcher's lanes: a slow channel holds up only its own items, claims stay
bounded, items of one channel start in claim order (one at a time per customer), and every claimed item is still
finished, retried or left to its lease. Waiting is event-driven (no sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.engine.delivery import Receipt
from bot.engine.dispatch import Dispatcher
from bot.store.protocol import OutboxItem, OutboxStatus, StoreError, TurnCommit
from bot.store.records import DEFAULT_LEASE
from domain.types import Address, Outbound
from tests.conftest import Clock

WAIT_LIMIT = 10.0  # seconds a test waits for something expected before failing
PAST_LEASE = DEFAULT_LEASE + timedelta(seconds=1)


class Progress:
    """Something that changes as the dispatcher works; a test waits until it holds."""

    def __init__(self) -> None:
        self._changed = asyncio.Condition()

    async def changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def until(self, predicate: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT_LIMIT), self._changed:
            await self._changed.wait_for(predicate)


class Gate(Progress):
    """A sender that notes when each send starts, then holds it until `release` is set;
    `fail` names texts whose first send raises."""

    def __init__(
        self,
        *,
        concurrency: int | None = None,
        depth: int | None = None,
        fail: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        if concurrency is not None:
            self.concurrency = concurrency
        if depth is not None:
            self.depth = depth
        self.release = asyncio.Event()
        self.fail = set(fail)
        self.started: list[str] = []
        self.sent: list[str] = []
        self.active = 0
        self.most_active = 0

    async def send(self, message: Outbound) -> Receipt:
        self.started.append(message.text)  # the send's first step: the order sends start in
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        await self.changed()
        try:
            await self.release.wait()
            if message.text in self.fail:
                self.fail.discard(message.text)
                raise RuntimeError("provider socket closed")
        finally:
            self.active -= 1
        self.sent.append(message.text)
        await self.changed()
        return Receipt(provider_id=f"id-{message.text}")


def opened(*, concurrency: int | None = None, fail: tuple[str, ...] = ()) -> Gate:
    gate = Gate(concurrency=concurrency, fail=fail)
    gate.release.set()
    return gate


class WatchedStore(Progress):
    """The real store, its claims recorded (ids per claim, most claimed and unfinished at
    once); `fail_finish` names items whose first `finish_outbox` raises a StoreError."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self._store = store
        self.claims: list[list[str]] = []
        self.fail_finish: set[str] = set()
        self._owed: set[str] = set()
        self.most_owed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        items: list[OutboxItem] = await self._store.claim_outbox(now=now, limit=limit)
        self.claims.append([i.id for i in items])
        self._owed.update(i.id for i in items)
        self.most_owed = max(self.most_owed, len(self._owed))
        await self.changed()
        return items

    async def finish_outbox(self, item_id: str, **kwargs: Any) -> bool:
        if item_id in self.fail_finish:
            self.fail_finish.discard(item_id)
            raise StoreError("database is locked")
        recorded: bool = await self._store.finish_outbox(item_id, **kwargs)
        self._owed.discard(item_id)
        return recorded

    async def retry_outbox(self, item_id: str, **kwargs: Any) -> bool:
        retried: bool = await self._store.retry_outbox(item_id, **kwargs)
        self._owed.discard(item_id)
        return retried


async def commit(store: Any, clock: Clock, *names: str, each_own: bool = False) -> None:
    """One outbox item per name ("a1" goes to channel "a"), in one commit, in this order;
    all to customer "x" of its channel, or with `each_own` each to a customer of its own
    (a lane sends one item at a time per customer)."""
    items = tuple(
        OutboxItem(
            id=name,
            outbound=Outbound(Address(name[0], name if each_own else "x"), name),
            created_at=clock(),
        )
        for name in names
    )
    await store.commit(TurnCommit(at=clock(), outbox=items))


async def statuses_of(store: Any, *names: str) -> dict[str, str]:
    found = {name: await store.get_outbox(name) for name in names}
    return {name: item.status for name, item in found.items() if item is not None}


async def statuses(store: Any, *channels: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for channel in channels:
        found |= {i.id: i.status for i in await store.outbox_for(Address(channel, "x"))}
    return found


async def test_a_blocked_channel_holds_up_neither_items_claimed_with_it_nor_committed_later(
    sqlite_store: Any, clock: Clock
) -> None:
    a, b = Gate(), opened()
    blocked = [f"a{n}" for n in range(20)]  # more than a lane sends at once (16)
    await commit(sqlite_store, clock, "b1", *blocked, "b2", each_own=True)
    dispatcher = Dispatcher(
        store=sqlite_store, senders={"a": a, "b": b}, clock=clock, poll_interval=60
    )
    running = asyncio.create_task(dispatcher.run())

    await b.until(lambda: b.sent == ["b1", "b2"])  # claimed in the same batch as a's
    assert a.started == blocked[:16] and a.sent == []
    await commit(sqlite_store, clock, "b3", each_own=True)
    dispatcher.kick()
    await b.until(lambda: "b3" in b.sent)  # committed while channel a is still blocked
    assert a.sent == []
    assert (await statuses_of(sqlite_store, "a0"))["a0"] == OutboxStatus.SENDING

    a.release.set()
    await a.until(lambda: len(a.sent) == 20)
    assert a.started == blocked
    dispatcher.stop()
    await running
    everyone = await statuses_of(sqlite_store, *blocked, "b1", "b2", "b3")
    assert set(everyone.values()) == {OutboxStatus.SENT}


async def test_claims_stop_at_the_lane_depth_and_sends_at_the_senders_own_concurrency(
    sqlite_store: Any, clock: Clock
) -> None:
    names = [f"a{n}" for n in range(10)]
    await commit(sqlite_store, clock, *names, each_own=True)
    store = WatchedStore(sqlite_store)
    a = Gate(concurrency=2)
    dispatcher = Dispatcher(store=store, senders={"a": a}, clock=clock, lane_depth=4)
    running = asyncio.create_task(dispatcher.run())

    await a.until(lambda: len(a.started) == 2)
    assert store.claims == [names[:4]]  # the lane's depth, not a batch of 50
    found = await statuses_of(sqlite_store, *names)
    assert [found[n] for n in names] == [OutboxStatus.SENDING] * 4 + [OutboxStatus.PENDING] * 6

    a.release.set()
    await a.until(lambda: len(a.sent) == 10)
    dispatcher.stop()
    await running
    assert a.most_active == 2 and store.most_owed == 4
    assert a.started == names  # one channel's items start in claim order, across claims


async def test_one_customers_items_go_one_at_a_time_in_order_while_others_pass_them(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1", "a2", "a3")  # three replies to one customer
    await commit(sqlite_store, clock, "a4", "a5", each_own=True)  # two other customers
    a = Gate(concurrency=4)
    dispatcher = Dispatcher(store=sqlite_store, senders={"a": a}, clock=clock)
    running = asyncio.create_task(dispatcher.run())

    await a.until(lambda: len(a.started) == 3)
    assert a.started == ["a1", "a4", "a5"]  # a2 waits for a1, the others do not wait
    a.release.set()
    await a.until(lambda: len(a.sent) == 5)
    dispatcher.stop()
    await running
    assert [n for n in a.started if n in ("a1", "a2", "a3")] == ["a1", "a2", "a3"]
    assert [n for n in a.sent if n in ("a1", "a2", "a3")] == ["a1", "a2", "a3"]
    assert a.most_active <= 3


async def test_a_sender_may_declare_its_lanes_depth_and_every_claim_fits_it(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a0", "a1", "a2", "a3", "b0", "b1", each_own=True)
    store = WatchedStore(sqlite_store)
    a, b = Gate(depth=3), opened()
    dispatcher = Dispatcher(store=store, senders={"a": a, "b": b}, clock=clock)
    running = asyncio.create_task(dispatcher.run())

    await a.until(lambda: len(a.started) == 3)
    assert store.claims == [["a0", "a1", "a2"]]  # the next claim could be all a's
    a.release.set()
    await b.until(lambda: len(b.sent) == 2)
    await a.until(lambda: len(a.sent) == 4)
    dispatcher.stop()
    await running
    assert store.most_owed == 3


async def test_claims_stop_at_the_overall_bound_whatever_the_channels(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1", "b1", "c1", "a2", "b2", "c2")
    store = WatchedStore(sqlite_store)
    gates = {channel: Gate() for channel in "abc"}
    dispatcher = Dispatcher(store=store, senders=gates, clock=clock, max_claimed=3)
    running = asyncio.create_task(dispatcher.run())

    await gates["c"].until(lambda: gates["c"].started == ["c1"])
    assert store.claims == [["a1", "b1", "c1"]]
    for gate in gates.values():
        gate.release.set()
    await gates["c"].until(lambda: len(gates["c"].sent) == 2)
    await gates["a"].until(lambda: len(gates["a"].sent) == 2)
    await gates["b"].until(lambda: len(gates["b"].sent) == 2)
    dispatcher.stop()
    await running
    assert store.most_owed == 3


async def test_a_send_that_raises_is_retried_while_its_lane_goes_on(
    sqlite_store: Any, clock: Clock
) -> None:
    a, b = opened(fail=("a1",)), opened()
    await commit(sqlite_store, clock, "a1", "a2", "b1")
    dispatcher = Dispatcher(store=sqlite_store, senders={"a": a, "b": b}, clock=clock)

    assert await dispatcher.deliver_due() == 3
    (a1,) = [i for i in await sqlite_store.outbox_for(Address("a", "x")) if i.id == "a1"]
    assert a1.status == OutboxStatus.PENDING and a1.attempts == 1
    assert a1.last_error == "RuntimeError: provider socket closed"
    assert a.sent == ["a2"] and b.sent == ["b1"]

    clock.advance(seconds=5)  # past the first backoff (1 s, jittered)
    assert await dispatcher.deliver_due() == 1
    assert a.sent == ["a2", "a1"]
    assert set((await statuses(sqlite_store, "a", "b")).values()) == {OutboxStatus.SENT}


async def test_an_outcome_the_store_did_not_record_is_claimed_again_after_its_lease(
    sqlite_store: Any, clock: Clock
) -> None:
    store = WatchedStore(sqlite_store)
    store.fail_finish.add("a1")
    a = opened()
    await commit(sqlite_store, clock, "a1", "a2")
    # no patience: the store failure is not waited out (see the test below)
    dispatcher = Dispatcher(store=store, senders={"a": a}, clock=clock, record_patience=0)

    assert await dispatcher.deliver_due() == 2  # the failure is logged; the lane goes on
    assert await statuses(sqlite_store, "a") == {
        "a1": OutboxStatus.SENDING,
        "a2": OutboxStatus.SENT,
    }
    assert await dispatcher.deliver_due() == 0  # still leased
    clock.advance(seconds=PAST_LEASE.total_seconds())
    assert await dispatcher.deliver_due() == 1
    assert a.sent == ["a1", "a2", "a1"]  # at least once: sent again, as the lease promises
    assert (await statuses(sqlite_store, "a"))["a1"] == OutboxStatus.SENT


async def test_an_item_whose_lease_ran_out_while_it_waited_in_its_lane_is_sent_once(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1", "a2")
    store = WatchedStore(sqlite_store)
    a = Gate(concurrency=1)  # a2 waits in the lane behind a1
    dispatcher = Dispatcher(store=store, senders={"a": a}, clock=clock, poll_interval=60)
    running = asyncio.create_task(dispatcher.run())

    await a.until(lambda: a.started == ["a1"])
    clock.advance(seconds=PAST_LEASE.total_seconds())
    dispatcher.kick()
    await store.until(lambda: ["a1", "a2"] in store.claims[1:])  # SQLite hands them back
    a.release.set()
    await a.until(lambda: len(a.sent) == 2)
    dispatcher.stop()
    await running
    assert a.started == ["a1", "a2"] and a.sent == ["a1", "a2"]


async def test_stop_finishes_what_was_claimed(sqlite_store: Any, clock: Clock) -> None:
    a = Gate(concurrency=1)
    await commit(sqlite_store, clock, "a1", "a2")
    dispatcher = Dispatcher(store=sqlite_store, senders={"a": a}, clock=clock)
    running = asyncio.create_task(dispatcher.run())
    await a.until(lambda: a.started == ["a1"])

    dispatcher.stop()
    a.release.set()
    await running
    assert a.sent == ["a1", "a2"]


async def test_cancelling_the_dispatcher_leaves_its_items_to_their_leases(
    sqlite_store: Any, clock: Clock
) -> None:
    a = Gate(concurrency=1)
    await commit(sqlite_store, clock, "a1", "a2")
    dispatcher = Dispatcher(store=sqlite_store, senders={"a": a}, clock=clock)
    running = asyncio.create_task(dispatcher.run())
    await a.until(lambda: a.started == ["a1"])

    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert a.active == 0  # the send was cancelled too, not left running
    assert await statuses(sqlite_store, "a") == {
        "a1": OutboxStatus.SENDING,
        "a2": OutboxStatus.SENDING,
    }
    clock.advance(seconds=PAST_LEASE.total_seconds())
    a.release.set()
    assert await dispatcher.deliver_due() == 2
    assert a.sent == ["a1", "a2"]


async def test_a_worker_whose_lease_was_taken_over_does_not_send_what_it_still_holds(
    sqlite_store: Any, clock: Clock
) -> None:
    """Worker 1 hangs in a1's send past the lease (a2 waits in its lane); worker 2 takes
    both over and sends them. Worker 1, resumed, finishes the send it was in (the window
    the fence cannot close) but does not send a2, and records nothing over worker 2."""
    await commit(sqlite_store, clock, "a1", "a2")
    hung, alive = Gate(concurrency=1), opened()
    first = Dispatcher(store=sqlite_store, senders={"a": hung}, clock=clock, poll_interval=60)
    running = asyncio.create_task(first.run())
    await hung.until(lambda: hung.started == ["a1"])

    clock.advance(seconds=PAST_LEASE.total_seconds())
    second = Dispatcher(store=sqlite_store, senders={"a": alive}, clock=clock)
    assert await second.deliver_due() == 2
    assert alive.sent == ["a1", "a2"]

    hung.release.set()
    await hung.until(lambda: hung.active == 0 and len(hung.sent) == 1)
    first.stop()
    await running
    assert hung.started == ["a1"] and hung.sent == ["a1"]  # a2 was fenced off
    items = {i.id: i for i in await sqlite_store.outbox_for(Address("a", "x"))}
    assert {k: (i.status, i.provider_id) for k, i in items.items()} == {
        "a1": (OutboxStatus.SENT, "id-a1"),
        "a2": (OutboxStatus.SENT, "id-a2"),
    }


async def test_an_outcome_is_recorded_once_the_store_is_back_so_the_item_is_sent_once(
    sqlite_store: Any, clock: Clock
) -> None:
    """A sent item whose outcome meets a store outage (a Redis restart) keeps trying to
    record it: left unrecorded, it would go out again after its lease."""
    store = WatchedStore(sqlite_store)
    store.fail_finish.add("a1")  # the first record attempt fails, the next succeeds
    a = opened()
    await commit(sqlite_store, clock, "a1")
    dispatcher = Dispatcher(store=store, senders={"a": a}, clock=clock)

    assert await dispatcher.deliver_due() == 1
    assert await statuses(sqlite_store, "a") == {"a1": OutboxStatus.SENT}
    clock.advance(seconds=PAST_LEASE.total_seconds())
    assert await dispatcher.deliver_due() == 0
    assert a.sent == ["a1"]


class StoreDownSender:
    """A sender whose own store read fails (Redis down) before it reaches the provider."""

    def __init__(self) -> None:
        self.calls = 0

    async def send(self, message: Outbound) -> Receipt:
        self.calls += 1
        raise StoreError("redis: ConnectionError: Connection reset by peer")


async def test_a_sender_meeting_a_store_outage_is_retried_with_one_warning_and_no_traceback(
    sqlite_store: Any, clock: Clock, caplog: Any
) -> None:
    import logging

    caplog.set_level(logging.INFO)
    await commit(sqlite_store, clock, "a1", "a2", "a3")
    sender = StoreDownSender()
    dispatcher = Dispatcher(store=sqlite_store, senders={"a": sender}, clock=clock)

    assert await dispatcher.deliver_due() == 3
    assert sender.calls == 3
    found = await sqlite_store.outbox_for(Address("a", "x"))
    assert [(i.status, i.attempts) for i in found] == [(OutboxStatus.PENDING, 1)] * 3
    dispatch_lines = [r for r in caplog.records if r.name == "supportbot.dispatch"]
    assert [r.levelname for r in dispatch_lines] == ["WARNING"]
    assert all(r.exc_info is None for r in caplog.records)
