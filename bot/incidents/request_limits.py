"""How often subscriptions may be asked for: each request mails a confirmation link, so
without a limit the status page's form (or a channel) mails anyone's address as often
as a script posts it. Two limits: per client (the form's IP address, or the channel
address asking) and per email address (the mailbox that would be mailed), each at most
so many in any `window` (a sliding window: a burst at the edge of a clock window cannot
pass twice the limit, as a count per fixed window let it).

The counts live in the store (`RateLimits.take_rate`, a sliding log per key, atomic on
both backends), shared by every worker. An address's confirmation mail is committed only
after a place in its limit was taken, so past the limit nothing is mailed, and nothing is
mailed without its place (a commit that fails after the take leaves the place used: one
mail fewer in the window, never one more). A worker remembers a key refused until its
oldest take leaves the window (takes only ever leave at their time), so a flood past the
limit costs no store round trip.

`wait` looks without taking: a channel asks it inside the customer's turn, so a request
over the limit is answered as such instead of "the link is on its way"."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from bot.store.protocol import OutboxItem, RateLimits, TurnCommit, Turns

_REMEMBERED: Final = 10_000  # refused keys remembered per worker before the old ones go


@dataclass(frozen=True, slots=True)
class RequestLimits:
    per_client: int = 10  # requests in any window from one client; 0: no limit
    per_email: int = 3  # confirmation mails in any window to one address; 0: no limit
    window: timedelta = timedelta(hours=1)


class GateStore(Turns, RateLimits, Protocol):
    pass


def minutes(seconds: int) -> int:
    """A wait as whole minutes, rounded up, at least one: what customers are told."""
    return max(1, -(-seconds // 60))


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; try again in {retry_after} s")
        self.retry_after = retry_after  # whole seconds until a request would pass


class RequestGate:
    def __init__(
        self, *, store: GateStore, limits: RequestLimits, clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.limits = limits
        self.clock = clock
        # key -> when its oldest take leaves the window: refused until then, no store asked
        self._full: dict[str, datetime] = {}

    async def wait(self, *, client: str = "", email: str = "") -> int:
        """Whole seconds until a request from `client` to mail `email` would pass both
        limits (0: now), taking nothing."""
        waits = [
            await self._look(scope, who, limit, take=False)
            for scope, who, limit in (
                ("client", client, self.limits.per_client),
                ("email", email.lower(), self.limits.per_email),
            )
            if who and limit
        ]
        return max(waits, default=0)

    async def client(self, who: str) -> None:
        """Take a place in `who`'s (the client's) limit; raises RateLimited when none is left."""
        if who and self.limits.per_client:
            await self._take("client", who, self.limits.per_client)

    async def mail(self, email: str, outbox: tuple[OutboxItem, ...]) -> None:
        """Commit `outbox` (the confirmation mail to `email`) once a place in the address's
        limit is taken; raises RateLimited, mailing nothing, when none is left."""
        if self.limits.per_email:
            await self._take("email", email.lower(), self.limits.per_email)
        await self.store.commit(TurnCommit(at=self.clock(), outbox=outbox))

    async def _take(self, scope: str, who: str, limit: int) -> None:
        wait = await self._look(scope, who, limit, take=True)
        if wait:
            raise RateLimited(wait)

    async def _look(self, scope: str, who: str, limit: int, *, take: bool) -> int:
        now = self.clock()
        key = self._key(scope, who)
        full = self._full.get(key)
        if full is not None and now < full:
            return math.ceil((full - now).total_seconds())
        self._full.pop(key, None)
        window = self.limits.window
        wait = await self.store.take_rate(key, now=now, limit=limit, window=window, take=take)
        if not wait:
            return 0
        self._remember(key, now + timedelta(seconds=wait), now)
        return max(1, math.ceil(wait))

    @staticmethod
    def _key(scope: str, who: str) -> str:
        return (
            "subscribe:" + scope + ":" + hashlib.sha256(f"{scope}:{who}".encode()).hexdigest()[:24]
        )

    def _remember(self, key: str, until: datetime, now: datetime) -> None:
        if key not in self._full and len(self._full) >= _REMEMBERED:
            # a flood of distinct keys: forget those free again (or all, if none is)
            past = [k for k, t in self._full.items() if t <= now]
            for old in past or list(self._full):
                del self._full[old]
        self._full[key] = until
