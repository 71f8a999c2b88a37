"""The Redis store's conversation lock, held across workers, and its error mapping.

SET NX PX with a token unique to the holding, renewed every third of its TTL while held,
released by a compare-and-delete script. If a worker stalls past the TTL and loses the
lock, the version check in the commit script still refuses its stale turn.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from bot.outage import Outage
from bot.store.errors import StoreError

log = logging.getLogger("supportbot.store")
# Redis down: every held lock fails to renew and to release; one report per interval.
_OUTAGE = Outage(log, "conversation locks")

Script = Callable[[str, list[Any], list[str]], Awaitable[Any]]  # name, args, keys


@contextmanager
def redis_errors() -> Iterator[None]:
    try:
        yield
    except RedisError as exc:
        raise StoreError(f"redis: {type(exc).__name__}: {exc}") from exc


# A lock's token: unique to its holding (no other holder, here or in any other process,
# ever has the same), not secret. A random prefix of this process and a counter: no
# getrandom() system call per turn. A forked child takes a prefix of its own.
_tokens = itertools.count()
_prefix = secrets.token_hex(8)


def _new_prefix() -> None:
    global _prefix
    _prefix = secrets.token_hex(8)


os.register_at_fork(after_in_child=_new_prefix)


def new_token() -> str:
    return f"{_prefix}{next(_tokens):x}"


@dataclass(slots=True)
class Held:
    """A lock a `Holding` took: its name and token. `released` once something let it go
    before the end of the `async with` (a turn's commit that released it in the same
    script: bot.store.redis.begin), so the end neither releases nor renews it again."""

    name: str
    token: str
    released: bool = False


class Holding:
    """`async with Holding(client, script, key=..., name=..., ...) as held:` lock `name` (for
    the conversation `key`) held for the body, entered once. `acquire(token)`: takes the lock
    (SET NX PX `name` to the token, for `ttl_ms`) with whatever else the caller reads in the
    same round trip; True when it got it (without one, a plain SET NX PX). Waits up to
    `wait_seconds` for another holder to let go (StoreError after that); renewed every third
    of the TTL while held; released at the end unless something let it go before (`Held`).

    A plain class rather than an @asynccontextmanager generator (every Redis turn takes one;
    the generator, its context manager and their steps cost more than the lock's own work in
    the worker)."""

    __slots__ = (
        "_client",
        "_script",
        "_key",
        "_ttl_ms",
        "_wait",
        "_acquire",
        "held",
        "_first_renewal",
        "_renewers",
    )

    def __init__(
        self,
        client: Any,
        script: Script,
        *,
        key: str,
        name: str,
        ttl_ms: int,
        wait_seconds: float,
        acquire: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self._client = client
        self._script = script
        self._key = key
        self._ttl_ms = ttl_ms
        self._wait = wait_seconds
        self._acquire = acquire
        self.held = Held(name, new_token())
        self._renewers: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Held:
        held = self.held
        name, token, ttl_ms, acquire = held.name, held.token, self._ttl_ms, self._acquire
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        delay = 0.002
        while True:
            with redis_errors():
                if acquire is not None:
                    if await acquire(token):
                        break
                elif await self._client.set(name, token, nx=True, px=ttl_ms):
                    break
            if loop.time() >= deadline:
                raise StoreError(f"lock {self._key!r} still held by another worker")
            await asyncio.sleep(delay)  # another worker holds it: back off, then retry
            delay = min(delay * 2, 0.05)
        # The renewer starts when the first renewal is due, a third of the TTL from now: most
        # turns are done long before, and cancel a timer instead of creating, cancelling and
        # waiting for a task (a few percent of a storm message's CPU on Redis).
        self._first_renewal = loop.call_later(ttl_ms / 3000, self._start_renewing)
        return held

    def _start_renewing(self) -> None:
        if not self.held.released:
            self._renewers.append(
                asyncio.create_task(_renew(self._script, self.held, self._ttl_ms))
            )

    async def __aexit__(self, *exc: object) -> None:
        held = self.held
        self._first_renewal.cancel()
        for renewer in self._renewers:
            renewer.cancel()
            # bounded: a renewer that did not end (see _renew) must not keep the turn, and
            # the lock with it, for ever; an outer cancel still comes through
            await asyncio.wait({renewer}, timeout=self._ttl_ms / 1000)
        if not held.released:
            try:
                await self._script("RELEASE_LOCK", [held.token], [held.name])
            except StoreError as exc:  # it expires by itself
                _OUTAGE.failed(exc)


async def _renew(script: Script, held: Held, ttl_ms: int) -> None:
    # The holder cancels this task when its body is done and waits for it to end. A cancel
    # that lands inside the Redis call can come out of redis-py as a RedisError (so a
    # StoreError here) or be swallowed: the task must still end, or the holder waits for
    # ever while this loop keeps renewing (seen after a SIGSTOP: a conversation locked for
    # minutes). So a pending cancel is checked after every call.
    # It starts when the first renewal is due; then one every third of the TTL.
    me = asyncio.current_task()
    while True:
        try:
            renewed = await script("RENEW_LOCK", [held.token, ttl_ms], [held.name])
        except StoreError as exc:
            if me is not None and me.cancelling():
                return
            _OUTAGE.failed(exc)
            renewed = True  # try again at the next renewal
        if me is not None and me.cancelling():
            return
        if held.released:  # let go by a commit meanwhile: nothing to renew, nothing lost
            return
        if not renewed:
            log.warning("lost a conversation lock; the version check guards the commit")
            return
        await asyncio.sleep(ttl_ms / 3000)
