"""How often subscriptions may be asked for: each request mails a confirmation link, so
without a limit the status page's form (or a channel) mails anyone's address as often
as a script posts it. Two limits per window: per client (the form's IP address, or the
channel address asking) and per email address (the mailbox that would be mailed).

The counts live in the store, shared by every worker and both backends, as dedup marks:
a request takes the first free slot `ratelimit:<scope>:<hash>:<window>:<n>` (n below the
limit) by committing it; a slot committed already raises `DuplicateTurn`. The email's
slot is committed in the same commit as the confirmation mail, so past the limit nothing
is mailed, and nothing is mailed without its slot. The marks are forgotten with the
store's dedup TTL (days). A worker remembers a full window in memory until it ends, so a
flood past the limit costs no store round trip.

`wait` looks without taking: a channel asks it inside the customer's turn, so a request
over the limit is answered as such instead of "the link is on its way" (slots are taken
in order, so a window is full when its last slot is taken)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from bot.store.protocol import DuplicateTurn, OutboxItem, TurnCommit, Turns

_REMEMBERED: Final = 10_000  # windows remembered per worker before the old ones are dropped


@dataclass(frozen=True, slots=True)
class RequestLimits:
    per_client: int = 10  # requests per window from one client; 0: no limit
    per_email: int = 3  # confirmation mails per window to one address; 0: no limit
    window: timedelta = timedelta(hours=1)


class GateStore(Turns, Protocol):
    async def seen(self, dedup_key: str) -> bool: ...


def minutes(seconds: int) -> int:
    """A wait as whole minutes, rounded up, at least one: what customers are told."""
    return max(1, -(-seconds // 60))


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; try again in {retry_after} s")
        self.retry_after = retry_after  # seconds until the window ends


class RequestGate:
    def __init__(
        self, *, store: GateStore, limits: RequestLimits, clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.limits = limits
        self.clock = clock
        # key -> (window, the next slot to try there); a slot at the limit: the window is full
        self._next: dict[str, tuple[int, int]] = {}

    def _window(self, now: datetime) -> tuple[int, int]:
        """(this window's number, seconds until it ends)."""
        size = max(1, int(self.limits.window.total_seconds()))
        at = int(now.timestamp())
        return at // size, size - at % size

    async def wait(self, *, client: str = "", email: str = "") -> int:
        """Seconds until a request from `client` to mail `email` would pass both limits (0:
        now), taking nothing: a look at each window's last slot."""
        window, left = self._window(self.clock())
        for scope, who, limit in (
            ("client", client, self.limits.per_client),
            ("email", email.lower(), self.limits.per_email),
        ):
            if not who or not limit:
                continue
            key = self._key(scope, who)
            seen, slot = self._next.get(key, (window, 0))
            if seen == window and slot >= limit:
                return left
            if await self.store.seen(f"ratelimit:{key}:{window}:{limit - 1}"):
                self._remember(key, window, limit)
                return left
        return 0

    async def client(self, who: str) -> None:
        """Take a slot of `who`'s (the client's) limit; raises RateLimited when none is left."""
        if who and self.limits.per_client:
            await self._take("client", who, self.limits.per_client, ())

    async def mail(self, email: str, outbox: tuple[OutboxItem, ...]) -> None:
        """Commit `outbox` (the confirmation mail to `email`) with a slot of the address's
        limit; raises RateLimited, mailing nothing, when none is left."""
        if not self.limits.per_email:
            await self.store.commit(TurnCommit(at=self.clock(), outbox=outbox))
            return
        await self._take("email", email.lower(), self.limits.per_email, outbox)

    async def _take(self, scope: str, who: str, limit: int, outbox: tuple[OutboxItem, ...]) -> None:
        now = self.clock()
        window, left = self._window(now)
        key = self._key(scope, who)
        seen, start = self._next.get(key, (window, 0))
        for slot in range(start if seen == window else 0, limit):
            try:
                await self.store.commit(
                    TurnCommit(at=now, dedup_key=f"ratelimit:{key}:{window}:{slot}", outbox=outbox)
                )
            except DuplicateTurn:
                continue  # taken (by another worker, or before a restart)
            self._remember(key, window, slot + 1)
            return
        self._remember(key, window, limit)
        raise RateLimited(left)

    @staticmethod
    def _key(scope: str, who: str) -> str:
        return scope + ":" + hashlib.sha256(f"{scope}:{who}".encode()).hexdigest()[:24]

    def _remember(self, key: str, window: int, slot: int) -> None:
        if key not in self._next and len(self._next) >= _REMEMBERED:
            # a flood of distinct keys: forget the past windows' (or all, if none is past)
            past = [k for k, (w, _s) in self._next.items() if w != window]
            for old in past or list(self._next):
                del self._next[old]
        self._next[key] = (window, slot)
