"""An incident's children fold under its master's card: in an outage a card per customer
would bury the queue. A child without a card of its own gets none; its linking is one line
in the master's thread ("Ticket #N (sms, account X) linked"), the master's card counts the
children, and what the customer writes afterwards is posted in the master's thread under
the child's number. A ticket that had a card before it was linked keeps it (its thread
goes on there; the master's thread only hears of the link), and an agent who acts on a
folded child (`/ticket N claim`) gives it a card of its own (`SlackHandoff.show`), which
from then on is where its customer's words go. A child the customer unlinks ("not that")
is an ordinary ticket again and gets its card on its next turn.

In a big outage a line per child would flood the master's thread: once the master's card
counts `batch_after` children, the link lines are batched instead: the links are counted
(the flag `desk:linked:pending:<incident>`) and one line every `summary_every` says how
many came ("+312 customers linked in the last 5 min, 1,204 in all"), the card redrawn
with it (a timer `incident:<id>:link_summary`, kind `incident_link_summary`)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from bot.store.protocol import Timer, TurnCommit
from domain.types import Ticket
from handoff.slack_text import escape

if TYPE_CHECKING:
    from handoff.desk import Handoff

log = logging.getLogger("supportbot.desk")

CHILD_FIELD: Final = "incident"  # the child's incident id (flows.dialogue.incident)
SUMMARY: Final = "incident_link_summary"  # the timer kind of a batch's summary line
BATCH_AFTER: Final = 20  # children with a line each; past it, summaries
SUMMARY_EVERY: Final = timedelta(minutes=5)


def pending_key(incident_id: int) -> str:
    """How many children were linked since the last summary line (batched)."""
    return f"desk:linked:pending:{incident_id}"


def summary_key(incident_id: int) -> str:
    return f"incident:{incident_id}:link_summary"


def summary_line(linked: int, total: int, every: timedelta) -> str:
    minutes = max(1, round(every.total_seconds() / 60))
    who = "customer" if linked == 1 else "customers"
    return f"+{linked:,} {who} linked in the last {minutes} min, {total:,} in all."


def folded_key(number: int) -> str:
    """Set once the master's thread has heard of the child: the line is posted once."""
    return f"desk:folded:{number}"


def incident_of(ticket: Ticket) -> int | None:
    raw = ticket.fields.get(CHILD_FIELD, "")
    return int(raw) if raw.isdigit() else None


def linked_line(ticket: Ticket, incident_id: int) -> str:
    parts = [ticket.channel]
    account = ticket.fields.get("account_id", "")
    if account:
        parts.append(f"account {escape(account)}")
    return f"Ticket #{ticket.number} ({', '.join(parts)}) linked to incident {incident_id}."


def child_line(ticket: Ticket, text: str, attachments: int = 0) -> str:
    """A folded child's customer, in the master's thread: which ticket, then their words."""
    body = escape(text) if text.strip() else ""
    if attachments:
        body = f"{body} _(+{attachments} attachment{'s' if attachments > 1 else ''})_".strip()
    return f"*Ticket #{ticket.number}, customer on {ticket.channel}:* {body}"


class ChildCards:
    def __init__(
        self,
        handoff: Handoff,
        *,
        batch_after: int = BATCH_AFTER,
        summary_every: timedelta = SUMMARY_EVERY,
    ) -> None:
        self.h = handoff
        self.batch_after = batch_after  # 0: a line per child, however many
        self.summary_every = summary_every

    async def fold(self, ticket: Ticket, text: str = "", *, attachments: int = 0) -> bool:
        """Post `ticket`'s news in its master's thread when it is a child without a card of
        its own: the link line the first time, the customer's words after. False when the
        ticket is not such a child (the caller gives it its card)."""
        h = self.h
        incident_id = incident_of(ticket)
        if incident_id is None or await h.cards.get(ticket.number) is not None:
            return False
        master = await self._master(incident_id)
        if master is None:
            return False
        master_card = await h.cards.get(master.number) or await h.open_card(master)
        batched = bool(self.batch_after) and master_card.children >= self.batch_after
        async with h.store.lock(folded_key(ticket.number)):
            first = await h.store.get_flag(folded_key(ticket.number)) is None
            if first:
                if not batched:
                    await h.desk.post_in_thread(master_card, linked_line(ticket, incident_id))
                await h.store.set_flag(folded_key(ticket.number), str(master.number))
        if first and batched:
            await self._batch(incident_id)
        elif first:
            await self.count(incident_id)
        elif text.strip() or attachments:
            await h.desk.post_in_thread(master_card, child_line(ticket, text, attachments))
        return True

    async def linked(self, ticket: Ticket, incident_id: int) -> None:
        """A ticket linked by staff (API, `/incident link`, a Slack list): folded when it has
        no card; with one, its card stays and the master's thread hears of it."""
        if await self.fold(ticket):
            return
        master = await self._master(incident_id)
        if master is None:
            return
        h = self.h
        master_card = await h.cards.get(master.number) or await h.open_card(master)
        await h.desk.post_in_thread(master_card, linked_line(ticket, incident_id))
        card = await h.cards.get(ticket.number)
        if card is not None:
            await h.desk.post_in_thread(
                card, f"Linked to incident {incident_id}; its master is ticket #{master.number}."
            )
            await h.refresh_card(ticket, card, owner=await h.cards.owner(ticket.number))
        await self.count(incident_id)

    async def _batch(self, incident_id: int) -> None:
        """Count one more link for the next summary line; the first of a batch sets the
        summary's timer."""
        h = self.h
        async with h.store.lock(pending_key(incident_id)):
            raw = await h.store.get_flag(pending_key(incident_id))
            pending = int(raw) + 1 if raw and raw.isdigit() else 1
            now = h.clock()
            timers: tuple[Timer, ...] = ()
            if pending == 1:
                timers = (
                    Timer(
                        summary_key(incident_id),
                        now + self.summary_every,
                        SUMMARY,
                        {"incident": str(incident_id)},
                    ),
                )
            flags = ((pending_key(incident_id), str(pending)),)
            await h.store.commit(TurnCommit(at=now, flags=flags, timers=timers))

    async def on_summary(self, timer: Timer) -> None:
        """The batch's time is up: one line says how many were linked, and the card counts."""
        raw_id = timer.payload.get("incident", "")
        if not raw_id.isdigit():
            return
        incident_id = int(raw_id)
        h = self.h
        async with h.store.lock(pending_key(incident_id)):
            raw = await h.store.get_flag(pending_key(incident_id))
            await h.store.set_flag(pending_key(incident_id), None)
        linked = int(raw) if raw and raw.isdigit() else 0
        master = await self._master(incident_id)
        if not linked or master is None:
            return
        card = await h.cards.get(master.number)
        if card is None:
            return
        total = await h.store.count_incident_children(incident_id)
        await h.desk.post_in_thread(card, summary_line(linked, total, self.summary_every))
        await self.count(incident_id)

    async def unlinked(self, incident_id: int, ticket: Ticket) -> None:
        """A child left the incident: the master's card counts one fewer."""
        await self.count(incident_id)

    async def count(self, incident_id: int) -> None:
        """Redraw the master's card with the number of children."""
        h = self.h
        master = await self._master(incident_id)
        if master is None:
            return
        children = await h.store.count_incident_children(incident_id)
        card = await h.cards.change(master.number, children=children)
        if card is not None:
            await h.refresh_card(master, card, owner=await h.cards.owner(master.number))

    async def _master(self, incident_id: int) -> Ticket | None:
        incident = await self.h.store.get_incident(incident_id)
        if incident is None or incident.master_ticket is None:
            return None
        return await self.h.store.get_ticket(incident.master_ticket)
