"""The Redis store's outbox role (`bot.store.outbox`), mixed into `RedisStore`: claims,
the fence before a send, outcomes and retries, and the reads. Key layout and the queue's
design (a stream with one consumer group, `od` for retries not yet due) in
`bot.store.redis.scripts`; a turn's items are written by its COMMIT."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from bot.store.errors import StoreError
from bot.store.records import OutboxItem
from bot.store.redis import keys as rec
from bot.store.redis.keys import RedisKeys, ms, us
from bot.store.redis.lock import redis_errors
from domain.types import Address

log = logging.getLogger("supportbot.store.redis")

OUTBOX_GROUP: Final = "dispatch"  # the outbox stream's one consumer group
_PROMOTE_BATCH: Final = 1000
_COUNT_PAGE: Final = 1000  # owed items read per COUNT_OUTBOX call
# how often a claiming worker tidies up after workers that died without closing
FORGET_CONSUMERS_EVERY: Final = timedelta(hours=1)


class RedisOutbox:
    prefix: str
    consumer: str
    lease: timedelta
    outbox_ttl: timedelta | None
    forget_consumers_after: timedelta
    _next_forget: datetime | None
    _keys: RedisKeys

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

        async def _script(
            self, name: str, args: list[Any], keys: list[str] | None = None
        ) -> Any: ...

    async def forget_consumers(self, *, including_self: bool = False) -> int:
        """Remove from the outbox group the consumers holding no entry and idle for
        longer than `forget_consumers_after` (workers that are gone), and this
        store's own if `including_self` and it holds nothing. Returns how many."""
        me = self.consumer if including_self else ""
        args = [self.prefix, OUTBOX_GROUP, me, ms(self.forget_consumers_after)]
        return int(await self._script("FORGET_CONSUMERS", args))

    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Up to `limit` items to send, in commit order, as `sending`: first the
        stream entries that another consumer (or this one) read and left
        unacknowledged for longer than `self.lease` (XAUTOCLAIM: that worker
        died), then new ones (XREADGROUP). Retries whose `not_before` is due at
        `now` are put back on the stream first, in the same script.

        The lease runs on Redis's clock (an entry's idle time), not on `now`:
        workers need not agree on the time for a dead worker's items to move.
        `attempts` is left alone: `retry_outbox` sets it."""
        args = [
            self.prefix,
            OUTBOX_GROUP,
            self.consumer,
            us(now),
            max(1, ms(self.lease)),
            limit,
            _PROMOTE_BATCH,
            secrets.token_hex(8),  # this claim's fence token
        ]
        if limit <= 0:
            return []
        if self._next_forget is None or now >= self._next_forget:
            # A worker killed without close() leaves its consumer in the group; once
            # its entries were taken over (XAUTOCLAIM) and it stayed silent, drop it.
            self._next_forget = now + FORGET_CONSUMERS_EVERY
            try:
                await self.forget_consumers()
            except StoreError as exc:
                log.warning("could not tidy the outbox consumer group: %s", exc)
        raw = await self._script("CLAIM_OUTBOX", args)
        return [rec.outbox_item(raw[i], raw[i + 1]) for i in range(0, len(raw), 2)]

    async def begin_send(self, item_id: str, *, lease: str, now: datetime) -> bool:
        """The fence (`Outbox.begin_send`); the lease renews on Redis's clock, not `now`."""
        args = [self.prefix, OUTBOX_GROUP, self.consumer, item_id, lease]
        return rec.held(int(await self._script("BEGIN_SEND", args)), item_id)

    async def finish_outbox(
        self,
        item_id: str,
        *,
        status: str,
        provider_id: str = "",
        error: str = "",
        lease: str | None = None,
    ) -> bool:
        """Record the outcome; its stream entry (if any) is acknowledged and deleted, never
        claimed again. Without `lease` (a receipt) anyone may; with it, only its holder."""
        args = [self.prefix, OUTBOX_GROUP, item_id, status, provider_id, error]
        result = await self._script("FINISH_OUTBOX", [*args, ms(self.outbox_ttl), lease or ""])
        return rec.held(int(result), item_id)

    async def retry_outbox(
        self,
        item_id: str,
        *,
        not_before: datetime,
        attempts: int,
        error: str,
        lease: str | None = None,
        provider_id: str = "",
    ) -> bool:
        """Back to pending from `not_before`; not after a finish or a takeover (twice sent)."""
        args = [self.prefix, OUTBOX_GROUP, self.consumer, item_id, us(not_before), attempts]
        result = int(await self._script("RETRY_OUTBOX", [*args, error, lease or "", provider_id]))
        if result == 3:
            log.warning("retry of outbox item %s ignored: another worker took it over", item_id)
        return rec.held(min(result, 2), item_id)

    async def get_outbox(self, item_id: str) -> OutboxItem | None:
        with redis_errors():
            raw = await self.redis.get(self._keys.outbox(item_id))
        return rec.outbox_item(item_id, raw) if raw else None

    async def outbox_for(self, address: Address) -> list[OutboxItem]:
        """Every item for the address still kept, oldest first."""
        index = self._keys.outbox_of(address)
        with redis_errors():
            members = await self.redis.zrange(index, 0, -1)
            rows = await self.redis.mget(
                [self._keys.outbox(rec.outbox_member_id(m)) for m in members]
            )
            items, gone = [], []
            for m, raw in zip(members, rows, strict=True):
                if raw is None:
                    gone.append(m)  # expired after it was finished
                else:
                    items.append(rec.outbox_item(rec.outbox_member_id(m), raw))
            if gone:
                await self.redis.zrem(index, *gone)
        return items

    async def count_outbox(self, *, channel: str) -> int:
        """Owed items of `channel`, over the stream and the retry set a page at a time (about
        5 ms of Redis per 1,000 owed items of any channel; other commands run between pages);
        items that move meanwhile may be missed or counted twice: a count, not a snapshot."""
        total = 0
        for part, cursor in (("s", "-"), ("d", "0")):
            while cursor:
                args = [self.prefix, f"{channel}:", part, cursor, _COUNT_PAGE]
                counted, cursor = await self._script("COUNT_OUTBOX", args)
                total += int(counted)
        return total
