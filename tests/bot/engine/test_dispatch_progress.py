"""Progress (bot/engine/dispatch.py): what a sender cut short says the provider already
has is kept with the retry and handed to the next attempt; a send whose outcome is unknown
is settled with the provider (`reconcile`) before anything is sent again, and one that
could never be settled ends uncertain, not failed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.engine.delivery import UNSETTLED, Receipt, TemporaryFailure, Unreconciled
from bot.engine.dispatch import Dispatcher
from bot.store.protocol import OutboxStatus
from domain.types import Outbound
from tests.bot.engine.test_dispatch import commit, statuses
from tests.bot.engine.test_dispatch_interrupted import Told
from tests.conftest import Clock


class Scripted:
    """A two-part sender: each call takes the next scripted outcome ("ok", "429" after
    part one, "unknown" after part one, "unreadable": the provider's log cannot be read)."""

    def __init__(self, *script: str) -> None:
        self.script = list(script)
        self.sent: list[tuple[str, str]] = []  # (call, the progress it was handed)

    def _next(self, call: str, message: Outbound) -> str:
        self.sent.append((call, message.meta.get("progress", "")))
        return self.script.pop(0)

    async def send(self, message: Outbound) -> Receipt:
        step = self._next("send", message)
        if step == "429":
            raise TemporaryFailure("429", retry_after=1, progress="p1")
        if step == "unknown":
            raise TemporaryFailure("timeout", progress=f"p1 {UNSETTLED}")
        return Receipt("p1 p2")

    async def reconcile(self, message: Outbound, *, since: datetime) -> Receipt | None:
        if self._next("reconcile", message) == "unreadable":
            raise Unreconciled("the provider's log could not be read")
        return Receipt("p1 p2")


async def rounds(dispatcher: Dispatcher, clock: Clock, n: int) -> None:
    for _ in range(n):
        await dispatcher.deliver_due()
        clock.advance(minutes=10)


async def test_a_send_cut_short_hands_what_the_provider_has_to_its_retry(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1")
    sender = Scripted("429", "ok")

    await rounds(Dispatcher(store=sqlite_store, senders={"a": sender}, clock=clock), clock, 2)

    assert sender.sent == [("send", ""), ("send", "p1")]
    item = await sqlite_store.get_outbox("a1")
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, "p1 p2")


async def test_a_send_with_no_answer_is_settled_with_the_provider_before_sending_again(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1")
    sender = Scripted("unknown", "ok")

    await rounds(Dispatcher(store=sqlite_store, senders={"a": sender}, clock=clock), clock, 2)

    assert sender.sent == [("send", ""), ("reconcile", f"p1 {UNSETTLED}")]
    assert await statuses(sqlite_store, "a") == {"a1": OutboxStatus.SENT}


async def test_an_unsettled_send_the_provider_can_never_be_asked_about_ends_uncertain(
    sqlite_store: Any, clock: Clock
) -> None:
    await commit(sqlite_store, clock, "a1")
    sender = Scripted("unknown", "unreadable", "unreadable")
    told = Told()
    dispatcher = Dispatcher(
        store=sqlite_store,
        senders={"a": sender},
        clock=clock,
        max_attempts=3,
        interrupted="hold",
        on_undelivered=told,
    )

    await rounds(dispatcher, clock, 4)

    assert [call for call, _ in sender.sent] == ["send", "reconcile", "reconcile"]
    item = await sqlite_store.get_outbox("a1")
    assert item.status == OutboxStatus.UNCERTAIN and "outcome unknown" in item.last_error
    assert told.calls == [("a1", "uncertain")]
