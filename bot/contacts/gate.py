"""The check a new ticket goes through when the plan has `[intake] authorized_contacts`:
is the sender listed for the account they named? Run inside the opening turn
(bot/engine/opening.py), so the flag, the hold and the approval emails are committed
with the ticket.

- Listed: a `contact_verified` event.
- Not listed (or no account named): a `contact_unverified` event. Nothing is refused:
  the ticket opens as any other, its card and the API say "unverified contact".
- A MACD request (a priority of kind "request", or the classifier's service "change")
  from anyone but a listed contact whose identity the channel proves (the SMS number,
  the Telegram user, the mail's From; not the email typed into the web chat) is held:
  an `approval_requested` event, an email to each MPOC of the account with a link to
  approve or deny it (bot/contacts/approval.py), and the customer told it waits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from bot.contacts.directory import Directory
from bot.contacts.entries import e164
from bot.engine.opening import Opening
from bot.plan.policy import Policy
from domain.contacts import APPROVAL_REQUESTED, UNVERIFIED, VERIFIED, Contact, Sender
from domain.types import Address, Inbound, Outbound, Ticket, TicketEvent
from flows.catalog import messages as catalog

log = logging.getLogger("supportbot.contacts")

APPROVAL_PATH: Final = "/approvals/{token}"
_FLAG: Final = "contacts:approval:"


def approval_flag(token: str) -> str:
    """The store flag of an approval link: keyed by the token's hash, so the store never
    holds a link that works."""
    return _FLAG + hashlib.sha256(token.encode()).hexdigest()


def sender_of(ticket: Ticket, region: str, inbound: Inbound | None = None) -> Sender:
    channel, ident = ticket.address.channel, ticket.address.id
    if channel == "sms":
        return Sender(phone=e164(ident, region) or ident)
    if channel == "telegram":
        return Sender(telegram=ident)
    if channel == "email":
        # with channels.email.verify_sender, a From the receiving MTA did not vouch for
        # (SPF, DKIM, DMARC) is listed if it matches, but proves nothing
        forged = inbound is not None and inbound.meta.get("from_unverified") == "1"
        return Sender(email=ident.lower(), proven=not forged)
    # the web chat (and the console): only what the customer typed, which proves nothing
    return Sender(email=ticket.fields.get("email", "").strip().lower(), proven=False)


def is_macd(policy: Policy, ticket: Ticket) -> bool:
    level = policy.priority_by_id.get(ticket.priority)
    return (level is not None and level.kind == "request") or (
        ticket.assessment.get("service") == "change"
    )


class ContactGate:
    def __init__(
        self,
        *,
        directory: Directory,
        policy: Policy,
        public_base_url: str,
        approval_days: int,
        format_time: Callable[[datetime, str], str],
    ) -> None:
        self.directory = directory
        self.policy = policy
        self.base = public_base_url.rstrip("/")
        self.valid_for = timedelta(days=approval_days)
        self.format_time = format_time

    async def __call__(
        self, ticket: Ticket, inbound: Inbound, *, now: datetime, short: bool
    ) -> Opening:
        if not self.policy.intake.authorized_contacts:
            return Opening(ticket)
        account = ticket.fields.get("account_id", "").strip()
        contact, proven = await self._listed(account, ticket, inbound)
        kind = VERIFIED if contact is not None else UNVERIFIED
        ticket = ticket.with_event(TicketEvent(now, kind, account, by="system"))
        log.info("contact checked", extra={"ticket": ticket.number, "check": kind})
        if not is_macd(self.policy, ticket) or (contact is not None and proven):
            return Opening(ticket)
        mpocs = await self.directory.mpocs(account) if account else []
        detail = f"{len(mpocs)} MPOC(s) of {account or 'no account'} emailed"
        ticket = ticket.with_event(TicketEvent(now, APPROVAL_REQUESTED, detail, by="system"))
        outbound: list[Outbound] = []
        flags: list[tuple[str, str | None]] = []
        until = now + self.valid_for
        for mpoc in mpocs:
            token = secrets.token_urlsafe(32)
            grant = {"ticket": ticket.number, "name": mpoc.name, "until": until.isoformat()}
            flags.append((approval_flag(token), json.dumps(grant)))
            outbound.append(self._request(ticket, mpoc, token, until))
        key = "contacts.awaiting_approval" + ("" if mpocs else ".none")
        text = catalog.render(
            ticket.lang,
            key,
            short=short,
            provider=self.policy.plan.provider,
            account=account,
            ticket=ticket.number,
        )
        return Opening(ticket, texts=(text,), outbound=tuple(outbound), flags=tuple(flags))

    async def _listed(
        self, account: str, ticket: Ticket, inbound: Inbound
    ) -> tuple[Contact | None, bool]:
        """(the account's listed contact the sender is, whether the channel proves the
        sender's identity); no account named, no contact to be and nothing to parse (an SMS
        sender's number through phonenumbers costs more than the rest of the check)."""
        if not account:
            return None, False
        sender = sender_of(ticket, self.policy.plan.default_region, inbound)
        return await self.directory.match(account, sender), sender.proven

    def _request(self, ticket: Ticket, mpoc: Contact, token: str, until: datetime) -> Outbound:
        """The approval request to one MPOC, in the ticket's language; not tied to the ticket's
        mail thread (ticket_number None), so an MPOC's reply opens no turn on it; the email
        channel takes its subject from meta["subject"]."""
        lang = ticket.lang
        account = ticket.fields.get("account_id", "").strip()
        requester = ticket.fields.get("name") or str(ticket.address)
        text = catalog.render(
            lang,
            "contacts.request",
            name=mpoc.name,
            requester=requester,
            provider=self.policy.plan.provider,
            account=account,
            ticket=ticket.number,
            summary=ticket.summary or ticket.fields.get("description", ""),
            link=self.base + APPROVAL_PATH.format(token=token),
            until=self.format_time(until, lang),
        )
        subject = catalog.render(
            lang, "contacts.request.subject", account=account, ticket=ticket.number
        )
        return Outbound(
            address=Address("email", mpoc.email),
            text=text,
            kind="notice",
            meta={"subject": subject, "approval_for": str(ticket.number)},
        )
