"""An incident's children fold under its master's card: in an outage a card per customer
would bury the queue. A child without a card of its own gets none; its linking is one line
in the master's thread ("Ticket #N (sms, account X) linked"), the master's card counts the
children, and what the customer writes afterwards is posted in the master's thread under
the child's number. A ticket that had a card before it was linked keeps it (its thread
goes on there; the master's thread only hears of the link), and an agent who acts on a
folded child (`/ticket N claim`) gives it a card of its own (`SlackHandoff.show`), which
from then on is where its customer's words go. A child the customer unlinks ("not that")
is an ordinary ticket again and gets its card on its next turn."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from domain.types import Ticket
from handoff.slack_text import escape

if TYPE_CHECKING:
    from handoff.desk import Handoff

log = logging.getLogger("supportbot.desk")

CHILD_FIELD: Final = "incident"  # the child's incident id (flows.dialogue.incident)


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
    def __init__(self, handoff: Handoff) -> None:
        self.h = handoff

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
        async with h.store.lock(folded_key(ticket.number)):
            first = await h.store.get_flag(folded_key(ticket.number)) is None
            if first:
                await h.desk.post_in_thread(master_card, linked_line(ticket, incident_id))
                await h.store.set_flag(folded_key(ticket.number), str(master.number))
        if first:
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
