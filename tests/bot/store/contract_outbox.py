"""The Store contract, `Outbox` (bot.store.outbox): claims in commit order under a
lease, outcomes, retries, counts. See `tests.bot.store.contract` for how a
backend's test module runs it.

Leases: a backend measures them on its own clock (SQLite: the `now` a claim
passes; Redis: how long a stream entry has been idle on the server), so these
tests let time pass in two ways at once: a later `now`, and the backend's
`age_leases(store, elapsed)` fixture, which makes the store's own clock see
`elapsed` pass since the leased items were claimed (SQLite: nothing to do;
Redis: XCLAIM ... IDLE, a real Redis feature). Nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.store.protocol import OutboxItem, OutboxStatus, Store, TurnCommit
from domain.types import Address, Attachment, Choice
from tests.bot.store.contract import SMS, TELEGRAM, _commit_outbox, _outbox
from tests.factories import T0, make_outbound, make_ticket

__all__ = [
    "test_claim_outbox_returns_items_once_while_leased",
    "test_outbox_item_round_trip",
    "test_an_agents_files_round_trip_on_the_outbox_and_the_ticket",
    "test_claim_outbox_in_commit_order_and_limit",
    "test_claim_outbox_respects_not_before",
    "test_finish_outbox",
    "test_retry_outbox_waits_for_not_before",
    "test_expired_lease_is_reclaimed",
    "test_retry_after_finish_changes_nothing",
    "test_outbox_non_pending_items_are_not_claimed",
    "test_outbox_unknown_item",
    "test_outbox_for_address",
    "test_count_outbox_counts_the_items_a_channel_still_owes",
    "test_each_claim_hands_an_item_out_under_a_new_lease_token",
    "test_a_taken_over_lease_cannot_send",
    "test_a_taken_over_lease_cannot_record_an_outcome_or_a_retry",
    "test_the_new_holder_sends_once",
    "test_begin_send_renews_the_lease_for_the_send",
    "test_a_receipt_without_a_lease_is_recorded_whoever_holds_the_item",
    "test_begin_send_of_an_unknown_item",
    "test_a_claim_shows_a_send_interrupted_before_its_outcome_and_not_a_failed_one",
    "test_an_uncertain_item_is_never_claimed_again",
    "test_a_retry_keeps_what_the_provider_already_has_for_the_next_claim",
]

AgeLeases = Callable[[Store, timedelta], Awaitable[None]]


async def test_claim_outbox_returns_items_once_while_leased(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1"), _outbox("o2", TELEGRAM))

    claimed = await store.claim_outbox(now=T0)
    assert [i.id for i in claimed] == ["o1", "o2"]
    assert all(i.status == OutboxStatus.SENDING for i in claimed)
    assert claimed[0].outbound == make_outbound(address=SMS, text="o1")
    assert claimed[0].created_at == T0 and claimed[0].attempts == 0
    assert await store.claim_outbox(now=T0 + timedelta(seconds=1)) == []
    stored = await store.get_outbox("o1")
    assert stored is not None and stored.status == OutboxStatus.SENDING


async def test_outbox_item_round_trip(store: Store) -> None:
    outbound = make_outbound(
        address=TELEGRAM,
        text="¿Cuál es el número afectado?",
        choices=(Choice("yes", "Sí"), Choice("no", "No")),
        ticket_number=10007,
        kind="agent",
        thread="thread-1",
        meta={"reply_to": "42"},
    )
    item = OutboxItem(id="rich", outbound=outbound, created_at=T0 - timedelta(seconds=3))
    await store.commit(TurnCommit(at=T0, outbox=(item,)))

    assert await store.get_outbox("rich") == item
    assert await store.claim_outbox(now=T0) == [replace(item, status=OutboxStatus.SENDING)]


async def test_an_agents_files_round_trip_on_the_outbox_and_the_ticket(store: Store) -> None:
    guide = Attachment(
        "document", "reboot guide.pdf", "application/pdf", 48_213, "/d/agent/1-g.pdf", "agent:Ana"
    )
    outbound = make_outbound(address=TELEGRAM, text="", kind="agent", attachments=(guide,))
    item = OutboxItem(id="file", outbound=outbound, created_at=T0)
    ticket = make_ticket(number=10008, attachments=(Attachment("image", "a.png"), guide))
    await store.commit(TurnCommit(at=T0, outbox=(item,), tickets=(ticket,)))

    assert await store.get_outbox("file") == item
    [claimed] = await store.claim_outbox(now=T0)
    assert claimed.outbound.attachments == (guide,) and guide.by == "agent:Ana"
    stored = await store.get_ticket(10008)
    assert stored is not None and stored.attachments == ticket.attachments


async def test_claim_outbox_in_commit_order_and_limit(store: Store) -> None:
    # The order is commit order (FIFO), a turn's items in their order. The engine
    # stamps items with the turn's time, so turns commit in `created_at` order;
    # a queue can promise no order among turns it has not seen yet.
    await _commit_outbox(store, _outbox("first"), _outbox("second", TELEGRAM), at=T0)
    await _commit_outbox(store, _outbox("third"), at=T0 + timedelta(seconds=1))
    await _commit_outbox(store, _outbox("fourth"), at=T0 + timedelta(seconds=5))
    now = T0 + timedelta(minutes=1)

    assert [i.id for i in await store.claim_outbox(now=now, limit=3)] == [
        "first",
        "second",
        "third",
    ]
    assert [i.id for i in await store.claim_outbox(now=now, limit=3)] == ["fourth"]


async def test_claim_outbox_respects_not_before(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1", not_before=T0 + timedelta(seconds=30)))

    assert await store.claim_outbox(now=T0) == []
    assert [i.id for i in await store.claim_outbox(now=T0 + timedelta(seconds=30))] == ["o1"]


async def test_finish_outbox(store: Store, age_leases: AgeLeases) -> None:
    await _commit_outbox(store, _outbox("ok"), _outbox("bad"))
    await store.claim_outbox(now=T0)

    await store.finish_outbox("ok", status=OutboxStatus.SENT, provider_id="SM123")
    await store.finish_outbox("bad", status=OutboxStatus.FAILED, error="21610 unsubscribed")

    ok, bad = await store.get_outbox("ok"), await store.get_outbox("bad")
    assert ok is not None and (ok.status, ok.provider_id) == (OutboxStatus.SENT, "SM123")
    assert bad is not None and (bad.status, bad.last_error) == (
        OutboxStatus.FAILED,
        "21610 unsubscribed",
    )
    # finished items are never claimed again, not even after the lease would have expired
    await age_leases(store, timedelta(days=1))
    assert await store.claim_outbox(now=T0 + timedelta(days=1)) == []


async def test_retry_outbox_waits_for_not_before(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1"))
    await store.claim_outbox(now=T0)
    retry_at = T0 + timedelta(seconds=20)

    await store.retry_outbox("o1", not_before=retry_at, attempts=1, error="429 Too Many Requests")

    item = await store.get_outbox("o1")
    assert item is not None
    assert (item.status, item.attempts, item.not_before, item.last_error) == (
        OutboxStatus.PENDING,
        1,
        retry_at,
        "429 Too Many Requests",
    )
    assert await store.claim_outbox(now=retry_at - timedelta(seconds=1)) == []
    again = await store.claim_outbox(now=retry_at)
    assert [(i.id, i.attempts) for i in again] == [("o1", 1)]


async def test_expired_lease_is_reclaimed(store: Store, age_leases: AgeLeases) -> None:
    await _commit_outbox(store, _outbox("o1"))
    assert [i.id for i in await store.claim_outbox(now=T0)] == ["o1"]
    # the dispatcher crashed: neither finish nor retry came
    await age_leases(store, timedelta(seconds=30))  # half the default lease: still held
    assert await store.claim_outbox(now=T0 + timedelta(seconds=30)) == []
    await age_leases(store, timedelta(days=1))  # a day later the lease is long gone
    reclaimed = await store.claim_outbox(now=T0 + timedelta(days=1))
    assert [(i.id, i.status, i.attempts) for i in reclaimed] == [("o1", OutboxStatus.SENDING, 0)]


async def test_retry_after_finish_changes_nothing(store: Store, age_leases: AgeLeases) -> None:
    # a dispatcher that outlived its lease reports a failure after the item went out
    await _commit_outbox(store, _outbox("o1"))
    await store.claim_outbox(now=T0)
    await store.finish_outbox("o1", status=OutboxStatus.SENT, provider_id="SM1")

    await store.retry_outbox("o1", not_before=T0, attempts=1, error="timeout")

    item = await store.get_outbox("o1")
    assert item is not None
    assert (item.status, item.provider_id, item.attempts) == (OutboxStatus.SENT, "SM1", 0)
    await age_leases(store, timedelta(days=1))
    assert await store.claim_outbox(now=T0 + timedelta(days=1)) == []


async def test_outbox_non_pending_items_are_not_claimed(store: Store) -> None:
    await _commit_outbox(store, _outbox("inline", status=OutboxStatus.INLINE), _outbox("p"))
    assert [i.id for i in await store.claim_outbox(now=T0)] == ["p"]
    inline = await store.get_outbox("inline")
    assert inline is not None and inline.status == OutboxStatus.INLINE


async def test_outbox_unknown_item(store: Store) -> None:
    assert await store.get_outbox("missing") is None
    with pytest.raises(KeyError):
        await store.finish_outbox("missing", status=OutboxStatus.SENT)
    with pytest.raises(KeyError):
        await store.retry_outbox("missing", not_before=T0, attempts=1, error="x")


async def test_outbox_for_address(store: Store) -> None:
    await _commit_outbox(store, _outbox("s1"), _outbox("t1", TELEGRAM))
    await _commit_outbox(store, _outbox("s2"), at=T0 + timedelta(seconds=1))

    assert [i.id for i in await store.outbox_for(SMS)] == ["s1", "s2"]
    assert [i.id for i in await store.outbox_for(TELEGRAM)] == ["t1"]
    assert await store.outbox_for(Address("email", "x@example.com")) == []


async def test_count_outbox_counts_the_items_a_channel_still_owes(store: Store) -> None:
    later = T0 + timedelta(minutes=5)
    await _commit_outbox(
        store,
        _outbox("new"),
        _outbox("due-later", not_before=later),
        _outbox("inline", status=OutboxStatus.INLINE),
        _outbox("telegram", TELEGRAM),
        _outbox("look-alike", Address("sms-intake", "+14155550100")),
    )
    assert await store.count_outbox(channel="sms") == 2
    assert await store.count_outbox(channel="sms-intake") == 1
    assert await store.count_outbox(channel="email") == 0

    await _commit_outbox(store, _outbox("sent"), _outbox("retried"), at=T0)
    claimed = await store.claim_outbox(now=T0)
    assert {i.id for i in claimed} >= {"new", "sent", "retried"}
    assert await store.count_outbox(channel="sms") == 4  # sending is still owed
    await store.finish_outbox("sent", status=OutboxStatus.SENT)
    await store.retry_outbox("retried", not_before=later, attempts=1, error="429")
    assert await store.count_outbox(channel="sms") == 3  # new, due-later, retried
    await store.finish_outbox("new", status=OutboxStatus.FAILED, error="opted out")
    assert await store.count_outbox(channel="sms") == 2


# Fencing: a claim's lease token guards begin_send, finish and retry.


async def _taken_over(store: Store, age_leases: AgeLeases) -> tuple[OutboxItem, OutboxItem]:
    """o1 claimed by a worker that then hung past its lease, and claimed again by another:
    (the stale claim, the new one)."""
    await _commit_outbox(store, _outbox("o1"))
    (stale,) = await store.claim_outbox(now=T0)
    await age_leases(store, timedelta(days=1))
    (fresh,) = await store.claim_outbox(now=T0 + timedelta(days=1))
    return stale, fresh


async def test_each_claim_hands_an_item_out_under_a_new_lease_token(
    store: Store, age_leases: AgeLeases
) -> None:
    stale, fresh = await _taken_over(store, age_leases)
    assert stale.id == fresh.id == "o1"
    assert stale.lease and fresh.lease and stale.lease != fresh.lease


async def test_a_taken_over_lease_cannot_send(store: Store, age_leases: AgeLeases) -> None:
    stale, fresh = await _taken_over(store, age_leases)
    later = T0 + timedelta(days=1)
    assert await store.begin_send("o1", lease=stale.lease, now=later) is False
    assert await store.begin_send("o1", lease=fresh.lease, now=later) is True


async def test_a_taken_over_lease_cannot_record_an_outcome_or_a_retry(
    store: Store, age_leases: AgeLeases
) -> None:
    stale, fresh = await _taken_over(store, age_leases)
    later = T0 + timedelta(days=1)
    refused = await store.finish_outbox(
        "o1", status=OutboxStatus.FAILED, error="late", lease=stale.lease
    )
    retried = await store.retry_outbox(
        "o1", not_before=later, attempts=1, error="late", lease=stale.lease
    )
    assert (refused, retried) == (False, False)
    item = await store.get_outbox("o1")
    assert item is not None and (item.status, item.attempts, item.last_error) == (
        OutboxStatus.SENDING,
        0,
        "",
    )
    assert await store.begin_send("o1", lease=fresh.lease, now=later) is True  # still its own


async def test_the_new_holder_sends_once(store: Store, age_leases: AgeLeases) -> None:
    stale, fresh = await _taken_over(store, age_leases)
    later = T0 + timedelta(days=1)
    assert await store.begin_send("o1", lease=fresh.lease, now=later) is True
    started = await store.get_outbox("o1")
    assert started is not None and started.sends == 1  # the stale claim never began one
    recorded = await store.finish_outbox(
        "o1", status=OutboxStatus.SENT, provider_id="SM1", lease=fresh.lease
    )
    assert recorded is True
    # nothing may send it again: neither claim's token, nor a later claim
    assert await store.begin_send("o1", lease=fresh.lease, now=later) is False
    assert await store.begin_send("o1", lease=stale.lease, now=later) is False
    await age_leases(store, timedelta(days=2))
    assert await store.claim_outbox(now=T0 + timedelta(days=3)) == []
    item = await store.get_outbox("o1")
    assert item is not None and (item.status, item.provider_id) == (OutboxStatus.SENT, "SM1")


async def test_begin_send_renews_the_lease_for_the_send(
    store: Store, age_leases: AgeLeases
) -> None:
    await _commit_outbox(store, _outbox("o1"))
    (claimed,) = await store.claim_outbox(now=T0)
    await age_leases(store, timedelta(seconds=50))  # the item waited 50 s in its lane
    assert await store.begin_send("o1", lease=claimed.lease, now=T0 + timedelta(seconds=50))
    await age_leases(store, timedelta(seconds=50))  # 100 s after the claim, 50 into the send
    assert await store.claim_outbox(now=T0 + timedelta(seconds=100)) == []
    await age_leases(store, timedelta(days=1))
    (again,) = await store.claim_outbox(now=T0 + timedelta(days=1))
    assert await store.begin_send("o1", lease=again.lease, now=T0 + timedelta(days=1))
    item = await store.get_outbox("o1")
    assert item is not None and item.sends == 2  # a send began twice: maybe sent twice


async def test_a_receipt_without_a_lease_is_recorded_whoever_holds_the_item(
    store: Store, age_leases: AgeLeases
) -> None:
    _stale, fresh = await _taken_over(store, age_leases)
    assert await store.finish_outbox("o1", status=OutboxStatus.DELIVERED, provider_id="SM1")
    assert await store.begin_send("o1", lease=fresh.lease, now=T0 + timedelta(days=1)) is False
    item = await store.get_outbox("o1")
    assert item is not None and item.status == OutboxStatus.DELIVERED


async def test_begin_send_of_an_unknown_item(store: Store) -> None:
    with pytest.raises(KeyError):
        await store.begin_send("nope", lease="x", now=T0)


async def test_a_claim_shows_a_send_interrupted_before_its_outcome_and_not_a_failed_one(
    store: Store, age_leases: AgeLeases
) -> None:
    """The dispatcher's at-most-once rule reads `sends > attempts` on a claimed item: a
    send that began and whose outcome never came. A send that failed and was put back for
    a retry counts an attempt too, so it is not mistaken for one."""
    await _commit_outbox(store, _outbox("failed"), _outbox("cut"))
    claimed = {i.id: i for i in await store.claim_outbox(now=T0)}
    for item in claimed.values():
        assert (item.sends, item.attempts) == (0, 0)
        assert await store.begin_send(item.id, lease=item.lease, now=T0)
    await store.retry_outbox(
        "failed", not_before=T0, attempts=1, error="503", lease=claimed["failed"].lease
    )
    # "cut": its worker was killed mid-send; the lease runs out
    await age_leases(store, timedelta(days=1))
    again = {i.id: i for i in await store.claim_outbox(now=T0 + timedelta(days=1))}
    assert (again["failed"].sends, again["failed"].attempts) == (1, 1)
    assert (again["cut"].sends, again["cut"].attempts) == (1, 0)


async def test_an_uncertain_item_is_never_claimed_again(
    store: Store, age_leases: AgeLeases
) -> None:
    await _commit_outbox(store, _outbox("o1"))
    (claimed,) = await store.claim_outbox(now=T0)
    assert await store.finish_outbox(
        "o1", status=OutboxStatus.UNCERTAIN, error="interrupted", lease=claimed.lease
    )
    await age_leases(store, timedelta(days=1))
    assert await store.claim_outbox(now=T0 + timedelta(days=1)) == []
    item = await store.get_outbox("o1")
    assert item is not None and (item.status, item.last_error) == (
        OutboxStatus.UNCERTAIN,
        "interrupted",
    )
    assert await store.count_outbox(channel=item.outbound.address.channel) == 0


async def test_a_retry_keeps_what_the_provider_already_has_for_the_next_claim(
    store: Store,
) -> None:
    """A long SMS cut short by a 429 after its first part: the retry records that part's
    sid, the next claim hands it back (its sender sends only the rest), and a retry without
    one clears it."""
    await _commit_outbox(store, _outbox("o1"))
    (claimed,) = await store.claim_outbox(now=T0)
    assert await store.begin_send("o1", lease=claimed.lease, now=T0)
    assert await store.retry_outbox(
        "o1", not_before=T0, attempts=1, error="429", lease=claimed.lease, provider_id="SM1 ?"
    )
    (again,) = await store.claim_outbox(now=T0)
    assert (again.provider_id, again.attempts, again.sends) == ("SM1 ?", 1, 1)
    assert await store.retry_outbox("o1", not_before=T0, attempts=2, error="429", lease=again.lease)
    (third,) = await store.claim_outbox(now=T0)
    assert third.provider_id == ""
    assert await store.finish_outbox(
        "o1", status=OutboxStatus.SENT, provider_id="SM1 SM2", lease=third.lease
    )
    item = await store.get_outbox("o1")
    assert item is not None and (item.status, item.provider_id) == (OutboxStatus.SENT, "SM1 SM2")
