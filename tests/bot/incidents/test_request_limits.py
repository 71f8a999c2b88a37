"""The limits on asking to subscribe (bot/incidents/request_limits.py), on both stores:
per client and per email address, shared by every worker, the confirmation mail committed
only with a place in its address's limit, each limit a sliding window: a burst at the edge
of a clock window passes the limit once, not twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.incidents.request_limits import RateLimited, RequestGate, RequestLimits
from bot.store.protocol import OutboxItem, Store
from domain.types import Address, Outbound
from tests.conftest import Clock

LIMITS = RequestLimits(per_client=3, per_email=2, window=timedelta(minutes=10))


def _mail(n: int, clock: Clock) -> tuple[OutboxItem, ...]:
    to = Address("email", "eva@customer.example")
    return (OutboxItem(f"sub-{n}", Outbound(to, f"link {n}"), created_at=clock()),)


async def test_an_address_gets_its_limit_of_mails_across_workers_then_none(
    store: Store, clock: Clock
) -> None:
    one = RequestGate(store=store, limits=LIMITS, clock=clock)
    two = RequestGate(store=store, limits=LIMITS, clock=clock)  # another worker
    await one.mail("eva@customer.example", _mail(1, clock))
    await two.mail("EVA@customer.example", _mail(2, clock))
    with pytest.raises(RateLimited) as refused:
        await one.mail("eva@customer.example", _mail(3, clock))
    assert 0 < refused.value.retry_after <= 600
    with pytest.raises(RateLimited):
        await two.mail("eva@customer.example", _mail(4, clock))
    mailed = await store.outbox_for(Address("email", "eva@customer.example"))
    assert sorted(i.id for i in mailed) == ["sub-1", "sub-2"]  # nothing past the limit
    await one.mail("ann@customer.example", _mail(5, clock))  # another address: its own count
    clock.advance(minutes=10)
    await two.mail("eva@customer.example", _mail(6, clock))  # the next window


async def test_a_client_gets_its_limit_of_requests_and_zero_turns_a_limit_off(
    store: Store, clock: Clock
) -> None:
    gate = RequestGate(store=store, limits=LIMITS, clock=clock)
    for _ in range(3):
        await gate.client("203.0.113.9")
    with pytest.raises(RateLimited):
        await gate.client("203.0.113.9")
    await gate.client("198.51.100.7")
    off = RequestGate(store=store, limits=RequestLimits(per_client=0, per_email=0), clock=clock)
    for n in range(5):
        await off.client("203.0.113.9")
        await off.mail("eva@customer.example", _mail(10 + n, clock))


async def test_a_look_at_the_limits_takes_nothing_and_sees_another_workers_full_window(
    store: Store, clock: Clock
) -> None:
    one = RequestGate(store=store, limits=LIMITS, clock=clock)
    two = RequestGate(store=store, limits=LIMITS, clock=clock)  # another worker
    for _ in range(5):
        assert await one.wait(client="203.0.113.9", email="eva@customer.example") == 0
    await two.mail("eva@customer.example", _mail(1, clock))  # looks took no slot
    await two.mail("eva@customer.example", _mail(2, clock))
    assert 0 < await one.wait(email="EVA@customer.example") <= 600
    assert await one.wait(email="ann@customer.example") == 0
    for _ in range(3):
        await two.client("203.0.113.9")
    waited = await one.wait(client="203.0.113.9", email="ann@customer.example")
    assert 0 < waited <= 600
    clock.advance(seconds=waited)
    assert await one.wait(client="203.0.113.9", email="eva@customer.example") == 0


async def test_a_burst_at_a_clock_windows_edge_passes_the_limit_once_not_twice(
    store: Store, clock: Clock
) -> None:
    window = int(LIMITS.window.total_seconds())
    clock.now = clock.now.replace(second=0, microsecond=0)
    clock.advance(seconds=window - clock.now.timestamp() % window - 2)  # 2 s before the edge
    one = RequestGate(store=store, limits=LIMITS, clock=clock)
    two = RequestGate(store=store, limits=LIMITS, clock=clock)  # another worker
    for gate in (one, two, one):
        await gate.client("203.0.113.9")
    clock.advance(seconds=4)  # a fixed window would have started afresh 2 s ago
    for gate in (one, two):
        with pytest.raises(RateLimited) as refused:
            await gate.client("203.0.113.9")
        assert refused.value.retry_after == window - 4  # when the first three leave
    assert await one.wait(client="203.0.113.9") == window - 4
    clock.advance(seconds=window - 5)
    with pytest.raises(RateLimited):
        await two.client("203.0.113.9")
    clock.advance(seconds=1)
    await two.client("203.0.113.9")  # a place again: the oldest take left the window


async def test_past_the_limit_a_worker_refuses_without_asking_the_store_again(
    store: Store, clock: Clock
) -> None:
    gate = RequestGate(store=store, limits=LIMITS, clock=clock)
    for _ in range(3):
        await gate.client("203.0.113.9")
    asked: list[str] = []
    take = store.take_rate

    async def counted(key: str, **kwargs: object) -> float:
        asked.append(key)
        return await take(key, **kwargs)  # type: ignore[arg-type]

    gate.store = type("Counted", (), {"take_rate": staticmethod(counted)})()  # type: ignore[assignment]
    for _ in range(50):
        with pytest.raises(RateLimited):
            await gate.client("203.0.113.9")
    assert len(asked) <= 1
