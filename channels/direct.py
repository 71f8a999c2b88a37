"""Turns a channel answers itself, outside the dialogue (an SMS opt-out, a
Telegram group notice, a language menu, a chat that blocked the bot), committed
like any other turn: the dedup mark, the transcript, flags and the reply go to
the store atomically; and notes a channel writes on a customer's tickets."""

from __future__ import annotations

import uuid

from bot.engine.turns import Engine
from bot.store.protocol import DuplicateTurn, OutboxItem, OutboxStatus, TranscriptLine, TurnCommit
from domain.types import Address, Choice, Inbound, Outbound, TicketEvent


async def commit_direct(
    engine: Engine,
    inbound: Inbound,
    *,
    reply: str = "",
    choices: tuple[Choice, ...] = (),
    inline: bool = False,
    flags: tuple[tuple[str, str | None], ...] = (),
    record_text: bool = True,
) -> bool:
    """Commit `inbound` as handled, with an optional reply. False when the message
    was already handled (a provider's retry): nothing was written."""
    now = engine.clock()
    conv_id = engine.conversation_id(inbound)
    outbox: tuple[OutboxItem, ...] = ()
    lines = [TranscriptLine(conv_id, now, "customer", inbound.text)] if record_text else []
    if reply:
        outbound = Outbound(
            address=inbound.address,
            text=reply,
            choices=choices,
            kind="notice",
            thread=inbound.thread,
            meta={"in_reply_to": inbound.external_id},
        )
        status = OutboxStatus.INLINE if inline else OutboxStatus.PENDING
        outbox = (
            OutboxItem(
                id=uuid.uuid4().hex,
                outbound=outbound,
                status=status,
                created_at=now,
                not_before=now,
            ),
        )
        lines.append(TranscriptLine(conv_id, now, "bot", reply))
    try:
        await engine.store.commit(
            TurnCommit(
                at=now,
                dedup_key=inbound.dedup_key,
                outbox=outbox,
                transcript=tuple(lines),
                flags=flags,
            )
        )
    except DuplicateTurn:
        return False
    if outbox and not inline and engine.on_commit is not None:
        engine.on_commit()
    return True


async def note_on_tickets(
    engine: Engine,
    address: Address,
    kind: str,
    detail: str,
    *,
    numbers: tuple[int, ...] | None = None,
) -> None:
    """Write an event on the customer's open tickets (or the given ones) so agents see it."""
    store = engine.store
    async with store.lock(str(address)):
        if numbers is None:
            tickets = await store.list_tickets(address=address, open_only=True, limit=20)
        else:
            found = [await store.get_ticket(n) for n in numbers]
            tickets = [t for t in found if t is not None]
        if not tickets:
            return
        now = engine.clock()
        event = TicketEvent(now, kind, detail, by="system")
        await store.commit(TurnCommit(at=now, tickets=tuple(t.with_event(event) for t in tickets)))
