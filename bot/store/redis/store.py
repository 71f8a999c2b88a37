"""The shared Store backend: many workers, one Redis (redis.asyncio).

Every write that must be all-or-nothing is one Lua script (`bot.store.redis.scripts`),
which Redis runs atomically: a turn's conversation, tickets, outbox, timers,
transcript, flags and dedup mark land together or not at all, and the
conversation's version check happens inside that same script, so a worker that
lost its lock (paused, partitioned) can never overwrite newer state.

Locks are `SET NX PX` with a token unique to the holding, renewed while held and released by
compare-and-delete. The outbox is a Redis Stream read through one consumer
group; every RedisStore is a consumer of its own (host/pid/random). A claim
leases entries by reading them: an entry a worker read and never acknowledged
(it died, or hung past the lease) is taken over by the next claim of any worker
with XAUTOCLAIM once it has been idle longer than the lease (see
`claim_outbox`). Due timers are removed as they are claimed, in one script, so
exactly one worker fires each.
Key names and record (de)serialisation live in `bot.store.redis.keys`.

Redis being unreachable (refused, timed out, loading, read-only after a
failover) surfaces as `StoreError`, which the app answers with 503 / SMTP 451.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Collection
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis.asyncio as aioredis

from bot.store.errors import DuplicateTurn, StoreError, VersionConflict
from bot.store.locks import KeyedLocks
from bot.store.records import (
    DEFAULT_DEDUP_TTL,
    DEFAULT_FIRST_TICKET_NUMBER,
    DEFAULT_LEASE,
    Timer,
    TranscriptLine,
    TurnCommit,
)
from bot.store.redis import keys as rec
from bot.store.redis import lock as redis_lock
from bot.store.redis import scripts as lua
from bot.store.redis.begin import RedisTurnStart
from bot.store.redis.contacts import RedisContacts
from bot.store.redis.evalsha import Text
from bot.store.redis.hot import HotLane
from bot.store.redis.incidents import RedisIncidents
from bot.store.redis.keys import RedisKeys, ms, us
from bot.store.redis.lock import Held, redis_errors
from bot.store.redis.maintenance import RedisMaintenance
from bot.store.redis.numbers import TicketNumbers
from bot.store.redis.outbox import OUTBOX_GROUP, RedisOutbox
from bot.store.redis.rates import RedisRates
from bot.store.search import REDIS_WINDOW, TicketQuery, scan
from domain.types import Address, Conversation, Ticket

log = logging.getLogger("supportbot.store.redis")

DEFAULT_PREFIX: Final = "sb:"
DEFAULT_LOCK_TTL: Final = timedelta(seconds=10)  # a dead worker blocks a conversation this long
DEFAULT_LOCK_WAIT: Final = timedelta(seconds=30)
DEFAULT_OUTBOX_TTL: Final = timedelta(days=7)  # finished items are forgotten after this
DEFAULT_TRANSCRIPT_MAX: Final = 1000  # lines kept per conversation
# a consumer holding no entry and silent this long belonged to a worker that is gone
FORGET_CONSUMERS_AFTER: Final = timedelta(days=1)
_SCRIPTS: Final = (
    *("BEGIN_TURN", "LOCK_AND_BEGIN", "COMMIT", "NEXT_TICKET", "CLAIM_OUTBOX", "BEGIN_SEND"),
    *("FINISH_OUTBOX", "RETRY_OUTBOX", "COUNT_OUTBOX", "FORGET_CONSUMERS", "CLAIM_TIMERS"),
    *("RELEASE_LOCK", "RENEW_LOCK", "SAVE_INCIDENT"),
)


def default_consumer() -> str:
    """A consumer name unique to this process: host/pid/random (pids repeat across
    hosts and containers, and a restarted worker must not inherit its old entries)."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


class RedisStore(
    RedisTurnStart, RedisOutbox, RedisIncidents, RedisMaintenance, RedisContacts, RedisRates
):
    """Every `bot.store.protocol` role on Redis; every worker of a deployment shares one.

    `url` is a redis-py URL (redis://, rediss://, unix://); `prefix` namespaces
    every key, so several bots (or tests) can share a database. `consumer` is
    this store's name in the outbox stream's consumer group (default: unique to
    the process); `lease` is how long an entry it claimed stays its own before
    another worker's claim may take it over.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        prefix: str = DEFAULT_PREFIX,
        first_ticket_number: int = DEFAULT_FIRST_TICKET_NUMBER,
        dedup_ttl: timedelta = DEFAULT_DEDUP_TTL,
        lease: timedelta = DEFAULT_LEASE,
        lock_ttl: timedelta = DEFAULT_LOCK_TTL,
        lock_wait: timedelta = DEFAULT_LOCK_WAIT,
        outbox_ttl: timedelta | None = DEFAULT_OUTBOX_TTL,
        transcript_max: int = DEFAULT_TRANSCRIPT_MAX,
        socket_timeout: float = 5.0,
        max_connections: int = 50,
        consumer: str | None = None,
        forget_consumers_after: timedelta = FORGET_CONSUMERS_AFTER,
    ) -> None:
        if first_ticket_number < 1:
            raise ValueError("first_ticket_number must be positive")
        self.url = url
        self.prefix = prefix
        self.first_ticket_number = first_ticket_number
        self.dedup_ttl = dedup_ttl
        self.lease = lease
        self.lock_ttl = lock_ttl
        self.lock_wait = lock_wait
        self.outbox_ttl = outbox_ttl
        self.transcript_max = transcript_max
        self.socket_timeout = socket_timeout
        self.max_connections = max_connections
        self.consumer = consumer or default_consumer()
        self.forget_consumers_after = forget_consumers_after
        self._next_forget: datetime | None = None  # claim_outbox's `now` of the next tidy-up
        self._redis: aioredis.Redis | None = None
        self._lane: HotLane | None = None
        self._numbers = TicketNumbers(self._take_numbers)
        self._keys = RedisKeys(prefix)
        self._local = KeyedLocks()  # same-process waiters queue here, not on Redis
        self._held: dict[str, Held] = {}  # conversation key -> its lock, while a turn holds it
        self._settings_of: tuple[Any, ...] = ()  # the settings _commit_settings spelled
        self._settings = ("", "", "")

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisStore:
        """A redis-py URL; `?prefix=...` (ours) is taken out, the rest goes to redis-py."""
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"not a redis URL: {url!r} (expected redis://host:port/db)")
        query = parse_qsl(parts.query, keep_blank_values=True)
        ours = {k: v for k, v in query if k == "prefix"}
        rest = [(k, v) for k, v in query if k != "prefix"]
        if "prefix" in ours:
            options.setdefault("prefix", ours["prefix"])
        return cls(urlunsplit(parts._replace(query=urlencode(rest))), **options)

    # lifecycle

    async def open(self) -> None:
        if self._redis is not None:
            return
        # Blocking pool: a burst of concurrent turns waits for a connection
        # instead of failing with "too many connections".
        pool = aioredis.BlockingConnectionPool.from_url(
            self.url,
            max_connections=self.max_connections,
            timeout=self.socket_timeout,
            decode_responses=True,
            socket_timeout=self.socket_timeout,
            socket_connect_timeout=self.socket_timeout,
            health_check_interval=30,
        )
        client = aioredis.Redis.from_pool(pool)  # the client owns (and closes) the pool
        # The scripts run on connections of their own, at most half the pool, so redis-py's
        # path (and the other commands) always has the rest.
        self._lane = HotLane(
            client,
            {name: getattr(lua, name) for name in _SCRIPTS},
            size=max(1, self.max_connections // 2),
            timeout=self.socket_timeout,
        )
        self._redis = client
        # A worker must start even while Redis is down (it answers 503 until Redis is back),
        # so open() does not insist on a connection; /healthz reports it.
        try:
            await self.ping()
        except StoreError as exc:
            log.warning("redis is not reachable yet (%s); serving 503 until it is", exc)

    async def close(self) -> None:
        if self._redis is not None:
            try:
                await self._numbers.give_back()
            except StoreError as exc:  # a gap in the numbers, nothing worse
                log.warning("ticket numbers not given back: %s", exc)
            try:  # leave the group tidy; a consumer still holding entries stays
                await self.forget_consumers(including_self=True)
            except StoreError as exc:
                log.warning("could not leave the outbox consumer group: %s", exc)
        client, self._redis = self._redis, None
        lane, self._lane = self._lane, None
        if lane is not None:
            await lane.close()
        if client is not None:
            await client.aclose()

    async def __aenter__(self) -> RedisStore:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def _commit_settings(self) -> tuple[str, str, str]:
        """COMMIT's dedup TTL and outbox TTL (ms, "0": none) and the transcript's LTRIM start
        ("" for no bound), as text: spelled once, again only when a setting changes."""
        now = (self.dedup_ttl, self.outbox_ttl, self.transcript_max)
        if self._settings_of != now:
            bound = f"-{self.transcript_max}" if self.transcript_max > 0 else ""
            self._settings = (str(ms(self.dedup_ttl)), str(ms(self.outbox_ttl)), bound)
            self._settings_of = now
        return self._settings

    @property
    def redis(self) -> Any:
        """The client. Typed Any: with decode_responses=True every reply is str, but
        redis-py's annotations say `bytes | str` (or an awaitable) for each."""
        if self._redis is None:
            raise StoreError("the Redis store is not open")
        return self._redis

    async def _script(self, name: str, args: list[Any], keys: list[str] | None = None) -> Any:
        lane = self._lane
        if lane is None:
            raise StoreError("the Redis store is not open")
        return await lane.run(name, keys or [], args)

    async def ping(self) -> None:
        with redis_errors():
            await self.redis.ping()

    # turns

    async def seen(self, dedup_key: str) -> bool:
        with redis_errors():
            return bool(await self.redis.exists(self._keys.dedup(dedup_key)))

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._lock(key)

    @asynccontextmanager
    async def _lock(self, key: str) -> AsyncIterator[None]:
        async with (
            self._local.hold(key),
            redis_lock.Holding(
                self.redis,
                self._script,
                key=key,
                name=self._keys.lock(key),
                ttl_ms=ms(self.lock_ttl),
                wait_seconds=self.lock_wait.total_seconds(),
            ),
        ):
            yield

    async def load_conversation(self, conversation_id: str) -> Conversation | None:
        with redis_errors():
            raw = await self.redis.get(self._keys.conversation(conversation_id))
        return rec.conversation(raw)

    async def commit(self, turn: TurnCommit, *, release: Held | None = None) -> None:
        """Write the whole turn or nothing (one Lua script).

        Raises `DuplicateTurn` if `turn.dedup_key` was committed before (checked
        first), `VersionConflict` unless the stored version is
        `conversation.version - 1` (0 = must not exist), `ValueError` for a
        version below 1 or a naive datetime (before anything is sent).
        `release`: a lock this worker holds, let go in the same script once the turn
        is written (marked released); a refused turn keeps it.
        """
        # all text (turn_payload's arguments are): packed without a check of each one's type
        if release is not None:
            args = Text((self.prefix, OUTBOX_GROUP, release.name, release.token))
        else:
            args = Text((self.prefix, OUTBOX_GROUP, "", ""))
        dedup_ttl, outbox_ttl, bound = self._commit_settings
        args += rec.turn_payload(
            turn, dedup_ttl=dedup_ttl, outbox_ttl=outbox_ttl, transcript_bound=bound
        )
        result = await self._script("COMMIT", args)
        status = result[0]
        if status == "ok":
            if release is not None:
                release.released = True
            return
        if status == "dup":
            raise DuplicateTurn(f"turn {turn.dedup_key!r} was already committed")
        if status == "conflict":
            conv = turn.conversation
            assert conv is not None
            raise VersionConflict(
                f"conversation {conv.id!r}: stored version {result[1]}, commit has {conv.version}"
            )
        raise StoreError(f"outbox item {result[1]!r} already exists")

    # tickets

    async def next_ticket_number(self) -> int:
        """Unique and increasing in this worker; taken in blocks while tickets open many a
        second (`bot.store.redis.numbers`), so across workers in time order only to within
        half a second."""
        return await self._numbers.next()

    async def _take_numbers(self, size: int, back_from: int, back_to: int) -> int:
        args = [self.prefix, self.first_ticket_number, size, back_from, back_to]
        return int(await self._script("NEXT_TICKET", args))

    async def get_ticket(self, number: int) -> Ticket | None:
        with redis_errors():
            data = await self.redis.get(self._keys.ticket(number))
        return rec.ticket(data) if data else None

    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
    ) -> list[Ticket]:
        """Newest (highest number) first."""
        if limit <= 0:
            return []
        keys = self._keys
        index = keys.tickets(address)
        if open_only and address is None:
            index = keys.open_tickets()
        out: list[Ticket] = []
        start = 0
        page = max(limit, 50)
        with redis_errors():
            while len(out) < limit:
                numbers = await self.redis.zrevrange(index, start, start + page - 1)
                if not numbers:
                    break
                start += page
                if open_only and address is not None:
                    scores = await self.redis.zmscore(keys.open_tickets(), numbers)
                    numbers = [n for n, s in zip(numbers, scores, strict=True) if s is not None]
                if not numbers:
                    continue
                blobs = await self.redis.mget([keys.ticket(n) for n in numbers])
                out.extend(rec.ticket(b) for b in blobs if b)
        return out[:limit]

    # outbox

    async def query_tickets(self, query: TicketQuery) -> list[Ticket]:
        """No search index on Redis: the newest `REDIS_WINDOW` tickets, filtered here."""
        return scan(await self.list_tickets(limit=REDIS_WINDOW), query)

    # timers

    async def claim_due_timers(
        self, *, now: datetime, limit: int = 100, kinds: Collection[str] | None = None
    ) -> list[Timer]:
        """Return and delete, in one script, the timers due at `now` (earliest first),
        of `kinds` if given: due timers of other kinds are read past, not moved."""
        if kinds is not None and not kinds:
            return []
        raw = await self._script("CLAIM_TIMERS", [self.prefix, us(now), limit, *(kinds or ())])
        return rec.timers(raw)

    # transcript and flags

    async def transcript(self, conversation_id: str, *, limit: int = 200) -> list[TranscriptLine]:
        """The last `limit` lines, in the order they were committed."""
        if limit <= 0:
            return []
        with redis_errors():
            rows = await self.redis.lrange(self._keys.transcript(conversation_id), -limit, -1)
        return rec.transcript_lines(conversation_id, rows)

    async def get_flag(self, key: str) -> str | None:
        with redis_errors():
            value = await self.redis.get(self._keys.flag(key))
        return value if value is None else str(value)

    async def set_flag(self, key: str, value: str | None) -> None:
        with redis_errors():
            if value is None:
                await self.redis.delete(self._keys.flag(key))
            else:
                await self.redis.set(self._keys.flag(key), value)
