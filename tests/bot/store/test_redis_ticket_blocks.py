"""Ticket numbers on Redis taken in blocks while in demand (`bot.store.redis.numbers`):
one at a time while tickets are rare, growing blocks while they are used up quickly, a
block never used once stale, and what is left of it given back only when that reuses
nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.store.redis.numbers import TicketNumbers
from bot.store.redis.store import RedisStore
from tests.redis_server import RedisServer


class FakeRedis:
    """The NEXT_TICKET script's arithmetic, with a record of each take."""

    def __init__(self) -> None:
        self.counter = 100
        self.takes: list[tuple[int, int, int]] = []

    async def take(self, size: int, back_from: int, back_to: int) -> int:
        self.takes.append((size, back_from, back_to))
        await asyncio.sleep(0)
        if back_to and self.counter == back_to:
            self.counter = back_from - 1
        self.counter += size
        return self.counter if size else 0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_rare_tickets_take_one_number_at_a_time_in_order() -> None:
    redis, clock = FakeRedis(), Clock()
    numbers = TicketNumbers(redis.take, clock=clock)
    got = []
    for _ in range(4):
        got.append(await numbers.next())
        clock.now += 1.0
    assert got == [101, 102, 103, 104]
    assert [size for size, _, _ in redis.takes] == [1, 1, 1, 1]


async def test_blocks_grow_while_used_up_quickly_and_stay_unique_and_increasing() -> None:
    redis, clock = FakeRedis(), Clock()
    numbers = TicketNumbers(redis.take, clock=clock, most=8)
    got = [await numbers.next() for _ in range(40)]
    assert got == list(range(101, 141))
    sizes = [size for size, _, _ in redis.takes]
    assert sizes[:5] == [1, 2, 4, 8, 8]
    assert len(redis.takes) < 10


async def test_a_stale_block_is_not_used_and_its_rest_is_given_back() -> None:
    redis, clock = FakeRedis(), Clock()
    numbers = TicketNumbers(redis.take, clock=clock)
    [await numbers.next() for _ in range(4)]  # blocks of 1, 2, then 4 (101..107)
    assert redis.counter == 107
    clock.now += 1.0
    assert await numbers.next() == 105  # the stale 105..107 given back first, then one
    assert redis.takes[-1] == (1, 105, 107)


async def test_a_stale_block_someone_took_numbers_after_is_a_gap_not_a_reuse() -> None:
    redis, clock = FakeRedis(), Clock()
    numbers = TicketNumbers(redis.take, clock=clock)
    [await numbers.next() for _ in range(4)]  # holds 105..107
    redis.counter += 5  # another worker took 108..112
    clock.now += 1.0
    assert await numbers.next() == 113


async def test_callers_waiting_on_a_take_share_it() -> None:
    redis, clock = FakeRedis(), Clock()
    numbers = TicketNumbers(redis.take, clock=clock)
    await numbers.next()
    got = await asyncio.gather(*(numbers.next() for _ in range(30)))
    assert sorted(got) == list(range(102, 132))
    assert len(redis.takes) <= 6


@pytest.fixture
async def redis_url(redis_server: RedisServer) -> AsyncIterator[str]:
    url = redis_server.url(1)
    store = RedisStore(url, prefix="blocks:")
    async with store:
        await store.redis.flushdb()
    yield url


async def test_close_gives_back_what_no_one_took_after_and_workers_never_share_a_number(
    redis_url: str,
) -> None:
    async with RedisStore(redis_url, prefix="blocks:", first_ticket_number=500) as a:
        taken = [await a.next_ticket_number() for _ in range(4)]  # holds a block to 506
    assert taken == [500, 501, 502, 503]
    async with (
        RedisStore(redis_url, prefix="blocks:", first_ticket_number=500) as b,
        RedisStore(redis_url, prefix="blocks:", first_ticket_number=500) as c,
    ):
        assert await b.next_ticket_number() == 504  # 504..506 were given back
        both = await asyncio.gather(*(s.next_ticket_number() for _ in range(100) for s in (b, c)))
    assert len(set(both)) == 200 and min(both) > 504
