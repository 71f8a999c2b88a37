"""An MPOC's answer to an approval request: the link in their email
(`/approvals/<token>`) opens a page with Approve and Deny; only the POST of that page
decides. A GET never does: mail scanners and link previews fetch every link in a mail.

The token is 32 random bytes, shown once (in the email) and kept only as its SHA-256
(`bot.contacts.gate.approval_flag`), with the ticket, the MPOC's name and the time it
stops working. The first decision wins: a later click on any MPOC's link says what was
decided. Approved, the ticket goes on (its card shows it; the customer is told in their
language); denied, the customer is told politely and the agents close the ticket.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from bot.contacts.gate import APPROVAL_PATH, approval_flag
from bot.plan.policy import Policy
from bot.store.protocol import OutboxItem, Store, TranscriptLine, TurnCommit, locked_ticket
from domain.contacts import APPROVAL_DENIED, APPROVAL_GRANTED, contact_status
from domain.types import DEFAULT_LIMITS, Outbound, Ticket, TicketEvent
from flows.catalog import messages as catalog

log = logging.getLogger("supportbot.contacts")

MAX_FORM: Final = 1024
# Shown from a mail client: nothing cached, no token in a Referer, never in a frame.
HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}

# after a decision: the desk refreshes the card and posts `note` in its thread
AfterDecision = Callable[[Ticket, str], Awaitable[None]]


async def nothing_after(ticket: Ticket, note: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Grant:
    ticket: int
    name: str
    until: datetime


class Approvals:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        clock: Callable[[], datetime],
        kick: Callable[[], None],
        after: AfterDecision = nothing_after,
        new_id: Callable[[], str],
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.kick = kick
        self.after = after
        self.new_id = new_id

    async def grant(self, token: str) -> Grant | None:
        """The request a token answers, while it is good."""
        if not token or len(token) > 100:
            return None
        raw = await self.store.get_flag(approval_flag(token))
        if not raw:
            return None
        data = json.loads(raw)
        grant = Grant(int(data["ticket"]), str(data["name"]), datetime.fromisoformat(data["until"]))
        return grant if self.clock() < grant.until else None

    async def decide(self, grant: Grant, *, approve: bool) -> tuple[str, Ticket | None]:
        """Record the first decision: ("approved" | "denied" | "already_approved" |
        "already_denied" | "invalid", the ticket)."""
        now = self.clock()
        async with locked_ticket(self.store, grant.ticket) as ticket:
            if ticket is None:
                return "invalid", None
            state = contact_status(ticket.events).approval
            if state in ("approved", "denied"):
                return f"already_{state}", ticket
            if state != "awaiting":
                return "invalid", ticket
            kind = APPROVAL_GRANTED if approve else APPROVAL_DENIED
            ticket = ticket.with_event(TicketEvent(now, kind, grant.name, by="mpoc"))
            key = "contacts.approved" if approve else "contacts.denied"
            limits = DEFAULT_LIMITS.get(ticket.channel)
            notice = Outbound(
                address=ticket.address,
                text=catalog.render(
                    ticket.lang, key, short=bool(limits and limits.short), ticket=ticket.number
                ),
                ticket_number=ticket.number,
                kind="notice",
                thread=ticket.conversation_id.partition("#")[2],
            )
            item = OutboxItem(id=self.new_id(), outbound=notice, created_at=now, not_before=now)
            conv_id = ticket.conversation_id or str(ticket.address)
            line = TranscriptLine(conv_id, now, "bot", notice.text)  # the agents' history too
            await self.store.commit(
                TurnCommit(at=now, tickets=(ticket,), outbox=(item,), transcript=(line,))
            )
        self.kick()
        decided = "approved" if approve else "denied"
        log.info("approval %s", decided, extra={"ticket": ticket.number})
        note = (
            f"{grant.name} (MPOC) approved the change request on ticket #{ticket.number}: "
            "it can be worked now; the customer was told."
            if approve
            else f"{grant.name} (MPOC) denied the change request on ticket #{ticket.number}; "
            "the customer was told. Close the ticket when you are done with it."
        )
        try:
            await self.after(ticket, note)
        except Exception:
            # decided and committed: a desk that cannot show it now must not undo it
            log.exception("showing the approval on the desk failed")
        return decided, ticket

    def routes(self) -> list[BaseRoute]:
        return [Route(APPROVAL_PATH, self.endpoint, methods=["GET", "POST"])]

    async def endpoint(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        grant = await self.grant(token)
        ticket = await self.store.get_ticket(grant.ticket) if grant is not None else None
        lang = ticket.lang if ticket is not None else self.policy.plan.default_language
        if grant is None or ticket is None:
            return self._page(lang, self._say(lang, "contacts.page.invalid"), status=404)
        if request.method == "GET":
            state = contact_status(ticket.events).approval
            if state in ("approved", "denied"):
                return self._page(lang, self._say(lang, f"contacts.page.already_{state}"))
            return self._page(lang, self._question(ticket), form=True)
        raw = b""
        async for chunk in request.stream():  # a form of two words: never read a large body
            raw += chunk
            if len(raw) > MAX_FORM:
                return self._page(lang, self._question(ticket), form=True, status=413)
        decision = parse_qs(raw.decode("utf-8", "replace")).get("decision", [""])[0]
        if decision not in ("approve", "deny"):
            return self._page(lang, self._question(ticket), form=True, status=400)
        outcome, _ = await self.decide(grant, approve=decision == "approve")
        return self._page(lang, self._say(lang, f"contacts.page.{outcome}"))

    def _say(self, lang: str, key: str) -> str:
        return catalog.render(lang, key, provider=self.policy.plan.provider)

    def _question(self, ticket: Ticket) -> str:
        question = catalog.render(
            ticket.lang,
            "contacts.page.question",
            requester=ticket.fields.get("name") or ticket.address.channel,
            account=ticket.fields.get("account_id", ""),
            ticket=ticket.number,
        )
        summary = ticket.summary or ticket.fields.get("description", "")
        return f"{question}\n\n{summary}"

    def _page(self, lang: str, text: str, *, form: bool = False, status: int = 200) -> Response:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p)
        buttons = ""
        if form:
            approve = html.escape(catalog.render(lang, "contacts.page.approve"))
            deny = html.escape(catalog.render(lang, "contacts.page.deny"))
            buttons = (
                '<form method="post">'
                f'<button type="submit" name="decision" value="approve">{approve}</button> '
                f'<button type="submit" name="decision" value="deny">{deny}</button>'
                "</form>"
            )
        title = html.escape(f"{self.policy.plan.provider} support")
        body = (
            f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title></head>"
            '<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">'
            f"<h1>{title}</h1>{paragraphs}{buttons}</body></html>"
        )
        return HTMLResponse(body, status_code=status, headers=HEADERS)
