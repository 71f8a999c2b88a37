"""What a provider's retry of an already committed turn gets back."""

from __future__ import annotations

from bot.store.outbox import Outbox
from bot.store.records import OutboxStatus
from domain.types import Inbound, Outbound


async def stored_replies(store: Outbox, inbound: Inbound, *, inline: bool) -> tuple[Outbound, ...]:
    """A retry (same external id) runs no second turn. The provider retries because our
    first answer may never have reached it, so an inline caller (TwiML) gets the replies
    that turn returned inline again, as its commit recorded them; a reply withheld since
    (suppressed for an opt-out) is no longer INLINE and stays out. Others get nothing:
    their replies are in the outbox already."""
    if not inline:
        return ()
    return tuple(
        item.outbound
        for item in await store.outbox_for(inbound.address)
        if item.status == OutboxStatus.INLINE
        and item.outbound.meta.get("in_reply_to") == inbound.external_id
    )
