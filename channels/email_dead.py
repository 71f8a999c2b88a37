"""Dead letters: accepted mail the inbox could not turn, kept with its raw bytes.

An inbox item ends here when its turn failed on its input twice (the second time
from `channels.email_salvage`), when its bytes are not readable from the store, or
when its retries ran out (`inbox_max_attempts`, a store down for hours). Nothing
acknowledged with a 250 is dropped silently: the raw message stays in its flag
(`email-raw:<item>`), a record `email:dead:<item>` says who sent it, when and why,
the index flag `email:dead-letters` lists the records, and a ticket is opened in the
same commit saying that a message from that sender could not be read, so a person
sees it. `supportbot inbox dead-letters` lists them; `--retry ID` queues the mail
again (after a fix), as a new inbox item over the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Final, Protocol

from bot.engine.turns import new_id
from bot.plan.policy import Policy
from bot.store.protocol import Flags, OutboxItem, Tickets, TurnCommit
from channels.email_inbox import INTAKE, NULL_SENDER, RAW_PREFIX
from domain.types import Address, Outbound, Ticket, TicketEvent, TicketStatus

INDEX: Final = "email:dead-letters"
MAX_REASON: Final = 500


def record_flag(item_id: str) -> str:
    return f"email:dead:{item_id}"


class DeadLetterStore(Flags, Tickets, Protocol):
    """The roles dead letters need: flags (records, index, raw bytes), tickets (with the
    lock and the commit)."""


@dataclass(frozen=True, slots=True)
class DeadLetter:
    id: str  # the inbox item's id, also the name of its raw bytes' flag
    sender: str  # the envelope sender
    rcpt_tos: str
    reason: str
    at: str  # ISO time it was given up on
    ticket: int | None

    @property
    def raw_key(self) -> str:
        return f"{RAW_PREFIX}{self.id}"

    def to_flag(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_flag(cls, value: str) -> DeadLetter:
        data = json.loads(value)
        return cls(
            id=str(data["id"]),
            sender=str(data.get("sender", "")),
            rcpt_tos=str(data.get("rcpt_tos", "")),
            reason=str(data.get("reason", "")),
            at=str(data.get("at", "")),
            ticket=int(data["ticket"]) if data.get("ticket") is not None else None,
        )


def item_id_of(message: Outbound) -> str:
    return message.text.removeprefix(RAW_PREFIX)


def unreadable_ticket(
    policy: Policy, *, number: int, sender: str, dead_id: str, reason: str, now: datetime
) -> Ticket:
    """The ticket a person sees: the lowest priority, marked for review (nothing could
    be read to classify it)."""
    priority = policy.priorities[-1].id
    known = sender if sender and sender != NULL_SENDER else "an unknown sender"
    summary = f"An email from {known} could not be read (dead letter {dead_id})"
    return Ticket(
        number=number,
        status=TicketStatus.NEW,
        priority=priority,
        channel="email",
        address=Address("email", sender or NULL_SENDER),
        lang=policy.plan.default_language,
        created_at=now,
        first_response_due=policy.due(priority, "first_response", now),
        next_update_due=policy.due(priority, "update_every", now),
        summary=summary,
        events=(
            TicketEvent(now, "opened", f"priority {priority}", by="system"),
            TicketEvent(now, "unreadable_email", f"{dead_id}: {reason}"[:MAX_REASON], by="system"),
        ),
        needs_review=True,
        updated_at=now,
    )


class DeadLetters:
    def __init__(self, store: DeadLetterStore) -> None:
        self.store = store

    async def ids(self) -> list[str]:
        value = await self.store.get_flag(INDEX)
        return [str(i) for i in json.loads(value)] if value else []

    async def get(self, dead_id: str) -> DeadLetter | None:
        value = await self.store.get_flag(record_flag(dead_id))
        return DeadLetter.from_flag(value) if value else None

    async def list(self) -> list[DeadLetter]:
        out = []
        for dead_id in await self.ids():
            letter = await self.get(dead_id)
            if letter is not None:
                out.append(letter)
        return out

    async def add(
        self, message: Outbound, reason: str, *, policy: Policy, now: datetime
    ) -> DeadLetter:
        """Keep the item as a dead letter and open its ticket, in one commit. Again for
        the same item (a worker died after the commit): the record already made."""
        dead_id = item_id_of(message)
        async with self.store.lock(INDEX):
            existing = await self.get(dead_id)
            if existing is not None:
                return existing
            sender = message.address.id
            number = await self.store.next_ticket_number()
            ticket = unreadable_ticket(
                policy, number=number, sender=sender, dead_id=dead_id, reason=reason, now=now
            )
            letter = DeadLetter(
                id=dead_id,
                sender=sender,
                rcpt_tos=message.meta.get("rcpt_tos", ""),
                reason=reason[:MAX_REASON],
                at=now.isoformat(),
                ticket=number,
            )
            ids = [*await self.ids(), dead_id]
            await self.store.commit(
                TurnCommit(
                    at=now,
                    dedup_key=f"email-dead:{dead_id}",
                    tickets=(ticket,),
                    flags=((record_flag(dead_id), letter.to_flag()), (INDEX, json.dumps(ids))),
                )
            )
        return letter

    async def retry(self, dead_id: str, *, now: datetime) -> str | None:
        """Queue a dead letter's mail again; the new inbox item's id, or None when there is
        no such dead letter or its bytes are gone."""
        async with self.store.lock(INDEX):
            letter = await self.get(dead_id)
            if letter is None or await self.store.get_flag(letter.raw_key) is None:
                return None
            item = OutboxItem(
                id=f"in-{new_id()}",
                outbound=Outbound(
                    address=Address(INTAKE, letter.sender or NULL_SENDER),
                    text=letter.raw_key,
                    kind="intake",
                    meta={"mail_from": letter.sender.strip("<>"), "rcpt_tos": letter.rcpt_tos},
                ),
                created_at=now,
            )
            ids = [i for i in await self.ids() if i != dead_id]
            await self.store.commit(
                TurnCommit(
                    at=now,
                    outbox=(item,),
                    flags=((record_flag(dead_id), None), (INDEX, json.dumps(ids))),
                )
            )
        return item.id
