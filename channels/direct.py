"""Turns a channel answers itself, outside the dialogue (an SMS opt-out, a
Telegram group notice, a language menu), committed like any other turn: the
dedup mark, the transcript, flags and the reply go to the store atomically."""

from __future__ import annotations

import uuid

from bot.engine.turns import Engine
from bot.store.protocol import DuplicateTurn, OutboxItem, OutboxStatus, TranscriptLine, TurnCommit
from domain.types import Choice, Inbound, Outbound


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
