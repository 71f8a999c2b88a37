"""Which conversation an email belongs to.

A reply continues its ticket's conversation when its In-Reply-To/References
hold a Message-ID we recorded (ours, or the customer's earlier mail in that
thread), or when its subject carries the `[#12345]` tag; in both cases only if
the sender is a contact of that ticket. Outlook rewrites In-Reply-To, hence the
tag; anyone can quote a tag, hence the contact check: a stranger's mail opens
a new ticket linked to the old one; and anyone can write a contact's From, hence,
where the MTA stamps Authentication-Results, the same for a From that is not
authenticated (`channels.email_auth`). Anything else starts a new conversation.

Store flags hold the mappings: `email:mid:<Message-ID>` -> conversation id, and
`email:thread:<conversation id>` -> the thread's subject and References chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Final

from bot.store.protocol import Store
from channels.email_parse import ParsedMail
from domain.types import Address, Conversation, Ticket
from flows.dialogue.email_intake import TAG_RE

MAX_LOOKUPS: Final = 12  # Message-IDs looked up per mail: References can be long
MAX_REFS: Final = 20  # References we send: the first and the most recent ones


def mid_flag(message_id: str) -> str:
    return f"email:mid:{message_id}"


def thread_flag(conversation_id: str) -> str:
    return f"email:thread:{conversation_id}"


def new_thread_id(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:16]


def reply_message_id(inbound_id: str, domain: str) -> str:
    """Our reply's Message-ID, derived from the mail it answers: stable across retries,
    so a resend after a lost acknowledgement is the same message to the recipient."""
    digest = hashlib.sha256(inbound_id.encode("utf-8", "replace")).hexdigest()[:24]
    return f"<sb.{digest}@{domain}>"


def conversation_id(address: Address, thread: str) -> str:
    return f"{address}#{thread}" if thread else str(address)


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    subject: str = ""
    refs: tuple[str, ...] = ()
    last: str = ""  # the customer's latest Message-ID: our replies' In-Reply-To

    def to_flag(self) -> str:
        return json.dumps({"subject": self.subject, "refs": list(self.refs), "last": self.last})

    @classmethod
    def from_flag(cls, value: str | None) -> ThreadRecord:
        if not value:
            return cls()
        try:
            data = json.loads(value)
        except ValueError:
            return cls()
        return cls(
            str(data.get("subject", "")), tuple(data.get("refs", ())), str(data.get("last", ""))
        )

    def after(self, mail: ParsedMail, *, reply_id: str | None) -> ThreadRecord:
        refs = list(self.refs) or [r for r in mail.references if r][-MAX_REFS:]
        for mid in (mail.message_id, reply_id):
            if mid and mid not in refs:
                refs.append(mid)
        if len(refs) > MAX_REFS:
            refs = [refs[0], *refs[-(MAX_REFS - 1) :]]
        return ThreadRecord(self.subject or mail.subject, tuple(refs), mail.message_id or self.last)


@dataclass(frozen=True, slots=True)
class Route:
    address: Address
    thread: str
    continued: bool  # the mail joins an existing conversation
    ticket: Ticket | None = None  # the ticket of that conversation, if any
    linked_to: int | None = None  # a stranger referred to this ticket: link, don't join

    @property
    def conversation_id(self) -> str:
        return conversation_id(self.address, self.thread)


def is_contact(sender: str, conv: Conversation | None, ticket: Ticket | None) -> bool:
    contacts: set[str] = set()
    if conv is not None:
        if conv.address.channel == "email":
            contacts.add(conv.address.id.lower())
        contacts.add(conv.fields.get("email", "").lower())
    if ticket is not None:
        if ticket.address.channel == "email":
            contacts.add(ticket.address.id.lower())
        contacts.add(ticket.fields.get("email", "").lower())
    contacts.discard("")
    return sender.lower() in contacts


async def _matched(store: Store, mail: ParsedMail) -> tuple[str | None, Ticket | None]:
    ids = list(dict.fromkeys([*mail.in_reply_to, *reversed(mail.references)]))[:MAX_LOOKUPS]
    for mid in ids:
        conv_id = await store.get_flag(mid_flag(mid))
        if conv_id:
            return conv_id, None
    tag = TAG_RE.search(mail.subject)
    if tag:
        ticket = await store.get_ticket(int(tag.group(1)))
        if ticket is not None:
            if ticket.channel == "email" and ticket.conversation_id:
                return ticket.conversation_id, ticket
            return None, ticket
    return None, None


async def find_ticket(store: Store, mail_ids: list[str]) -> tuple[str | None, Ticket | None]:
    """The conversation and ticket one of these Message-IDs belongs to (bounces, auto-replies)."""
    for mid in dict.fromkeys(mail_ids):
        conv_id = await store.get_flag(mid_flag(mid))
        if conv_id:
            conv = await store.load_conversation(conv_id)
            if conv is not None and conv.ticket_number is not None:
                return conv_id, await store.get_ticket(conv.ticket_number)
            return conv_id, None
    return None, None


async def route(
    store: Store, mail: ParsedMail, *, sender: str, seed: str, authenticated: bool = True
) -> Route:
    """`authenticated`: whether the From can be believed (`channels.email_auth`); a
    mail whose From cannot be believed never joins a conversation, it links to it."""
    conv_id, ticket = await _matched(store, mail)
    linked: int | None = None
    if conv_id is not None:
        conv = await store.load_conversation(conv_id)
        if ticket is None and conv is not None and conv.ticket_number is not None:
            ticket = await store.get_ticket(conv.ticket_number)
        if conv is not None and is_contact(sender, conv, ticket) and authenticated:
            return Route(conv.address, conv_id.partition("#")[2], True, ticket=ticket)
    if ticket is not None:
        linked = ticket.number
    return Route(Address("email", sender), new_thread_id(seed), False, linked_to=linked)
