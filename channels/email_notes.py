"""Mail that gets no dialogue turn (a bounce, an auto-reply, a message no conversation
owns) is still written down once: as an event on its ticket, or in the transcript kept for
mail that belongs to no conversation. Each write carries the mail's dedup key, so a
retried mail is noted once."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Final

from bot.store.protocol import DuplicateTurn, Store, TranscriptLine, TurnCommit
from domain.types import Ticket, TicketEvent

log = logging.getLogger("supportbot.email")

UNTHREADED: Final = "email:unthreaded"  # transcript of mail that belongs to no conversation


async def note_mail(
    store: Store, ticket: Ticket | None, kind: str, detail: str, *, dedup: str, now: datetime
) -> None:
    """Write an event on a ticket (bounce, auto-reply) without a dialogue turn."""
    if ticket is None:
        await keep_unthreaded(store, f"{kind}: {detail}", dedup=dedup, now=now)
        return
    conv_id = ticket.conversation_id or str(ticket.address)
    async with store.lock(conv_id):
        fresh = await store.get_ticket(ticket.number) or ticket
        event = TicketEvent(now, kind, detail, by="system")
        turn = TurnCommit(
            at=now,
            dedup_key=dedup,
            tickets=(fresh.with_event(event),),
            transcript=(TranscriptLine(conv_id, now, "system", f"{kind}: {detail}"),),
        )
        try:
            await store.commit(turn)
        except DuplicateTurn:
            return
    log.info("email %s noted on ticket %s", kind, ticket.number)


async def keep_unthreaded(store: Store, note: str, *, dedup: str, now: datetime) -> None:
    """Keep mail that belongs to no conversation (so it is not lost, and not redone)."""
    line = TranscriptLine(UNTHREADED, now, "system", note[:500])
    try:
        await store.commit(TurnCommit(at=now, dedup_key=dedup, transcript=(line,)))
    except DuplicateTurn:
        return
