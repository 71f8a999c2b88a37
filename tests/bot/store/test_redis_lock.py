"""The Redis conversation lock's renewer ends when its holder is done, even when the
cancel lands inside a Redis call that turns it into an error or swallows it (seen after a
SIGSTOP: the holder waited for ever on its renewer, which kept the lock for minutes)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

from bot.store.errors import StoreError
from bot.store.redis import lock as redis_lock
from bot.store.redis.lock import Holding


class Client:
    """Redis's SET NX PX, in memory."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    async def set(self, name: str, token: str, *, nx: bool, px: int) -> bool:
        if nx and name in self.keys:
            return False
        self.keys[name] = token
        return True


def renewing_script(client: Client, cancelled: str) -> Any:
    """RENEW_LOCK that blocks until cancelled, then does what redis-py may do with the
    cancel: raise a Redis error (`"error"`) or return as if nothing happened (`"swallow"`)."""
    renewing = asyncio.Event()

    async def script(name: str, args: list[Any], keys: list[str]) -> Any:
        if name == "RELEASE_LOCK":
            client.keys.pop(keys[0], None)
            return 1
        renewing.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            if cancelled == "error":
                raise StoreError("redis: ConnectionError: connection closed") from None
            return 1
        return 1

    script.renewing = renewing  # type: ignore[attr-defined]
    return script


@pytest.mark.parametrize("cancelled", ["error", "swallow"])
async def test_the_lock_is_released_when_the_cancelled_renewal_fails_or_swallows_it(
    cancelled: str,
) -> None:
    client = Client()
    script = renewing_script(client, cancelled)
    ttl_ms = 30  # renewals every 10 ms
    async with asyncio.timeout(10):  # a hang guard, not a timed assertion
        async with Holding(client, script, key="k", name="lock:k", ttl_ms=ttl_ms, wait_seconds=1):
            await script.renewing.wait()  # the body ends while a renewal is in Redis
    assert client.keys == {}  # released: the next turn of the conversation can run


def counting_script(client: Client) -> Any:
    """RENEW_LOCK and RELEASE_LOCK on the in-memory client, each call counted."""
    calls: list[str] = []
    renewed = asyncio.Event()

    async def script(name: str, args: list[Any], keys: list[str]) -> Any:
        calls.append(name)
        if name == "RELEASE_LOCK":
            client.keys.pop(keys[0], None)
        else:
            renewed.set()
        return 1

    script.calls = calls  # type: ignore[attr-defined]
    script.renewed = renewed  # type: ignore[attr-defined]
    return script


async def test_a_turn_held_past_a_third_of_the_ttl_has_its_lock_renewed() -> None:
    client = Client()
    script = counting_script(client)
    async with asyncio.timeout(10):  # a hang guard, not a timed assertion
        async with Holding(client, script, key="k", name="lock:k", ttl_ms=30, wait_seconds=1):
            await script.renewed.wait()
            script.renewed.clear()
            await script.renewed.wait()  # and again, a third of the TTL later
            assert "lock:k" in client.keys
    assert script.calls[:2] == ["RENEW_LOCK", "RENEW_LOCK"]
    assert script.calls[-1] == "RELEASE_LOCK"
    assert client.keys == {}


async def test_a_turn_done_before_the_first_renewal_is_due_never_renews() -> None:
    client = Client()
    script = counting_script(client)
    async with Holding(client, script, key="k", name="lock:k", ttl_ms=30_000, wait_seconds=1):
        await asyncio.sleep(0)
    assert script.calls == ["RELEASE_LOCK"]
    assert client.keys == {}


def test_lock_tokens_are_unique_to_each_holding_and_to_each_process() -> None:
    tokens = {redis_lock.new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own prefix (os.register_at_fork), so none of the parent's
        os.write(write, redis_lock.new_token().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 100).decode()
    os.close(read)
    os.close(write)
    assert child not in tokens
    assert child[:16] != redis_lock.new_token()[:16]


async def test_a_holding_takes_the_lock_through_its_acquire_with_its_own_token() -> None:
    client = Client()
    script = counting_script(client)
    tokens: list[str] = []

    async def acquire(token: str) -> bool:
        tokens.append(token)
        if len(tokens) == 1:
            return False  # held by another worker: backs off and tries again
        client.keys["lock:k"] = token
        return True

    lock = Holding(
        client, script, key="k", name="lock:k", ttl_ms=30_000, wait_seconds=1, acquire=acquire
    )
    async with lock as held:
        assert (held.name, held.token) == ("lock:k", tokens[0])
        assert client.keys == {"lock:k": held.token}
    assert tokens == [held.token, held.token]
    assert script.calls == ["RELEASE_LOCK"]
    assert client.keys == {}
