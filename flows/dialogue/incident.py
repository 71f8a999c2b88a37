"""Outage mode at intake: "we already know".

A first message that matches an open incident (keywords in either language, folded;
the service the classifier reads; an account id it mentions) is answered at once with
what is known, since when and the latest update, and its ticket opens as the incident's
child, with only the contact fields the plan requires of a child (callback and account).
The usual intake runs only if the customer says the problem is a different one.
Pure: the engine passes the open incidents in `TurnContext.incidents`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from domain.incident import Incident
from domain.plan import IntakeFieldSpec
from domain.types import Conversation, Ticket
from flows.dialogue.denial import denial
from flows.dialogue.effects import AddComment, Effect, OpenTicket, Say, UpdateFields
from flows.dialogue.intake import (
    answer_value,
    assessment_of,
    category_of,
    fill_fields,
    filled_fields,
    final_priority,
    note,
    question,
    reassess,
)
from flows.dialogue.turn import Cursor, TurnContext, evolve
from flows.extract.fields import Extraction, extract

# the kinds of field a child asks for: who to call back, and whose service it is
CHILD_FIELD_KINDS: Final = frozenset({"phone", "account_id"})
# what the ticket records about its incident (an empty value: the customer said it is not)
INCIDENT_FIELD: Final = "incident"
SEEN_FIELD: Final = "incident_seen"  # the last update the customer was told when linked
# a storm-path child's own priority until its first message is read (bot.engine.readings)
PENDING: Final = "pending"


def match_incident(
    conv: Conversation, text: str, ctx: TurnContext, found: Extraction | None = None
) -> Incident | None:
    """The first open incident `text` is about, by the conversation's reading of it
    (`found`: what `extract` read in `text`, when the caller has it already)."""
    a = assessment_of(conv)
    service = a.service if a is not None else None
    if found is None:
        found = extract(text, region=ctx.policy.plan.default_region)
    accounts = _accounts(conv, found)
    phones = _phones(conv, found)
    for incident in ctx.incidents:
        if incident.is_open and incident.match.matches(
            text, service=service, accounts=accounts, phones=phones
        ):
            return incident
    return None


def storm_match(
    conv: Conversation, text: str, ctx: TurnContext, contacts: Extraction
) -> Incident | None:
    """`match_incident` without the classifier's reading: the first open incident named by
    its words or an account id, or None. None also when an incident before it matches by
    service: only the reading can tell whether that one comes first (`match_incident`)."""
    accounts = _accounts(conv, contacts)
    phones = _phones(conv, contacts)
    for incident in ctx.incidents:
        if not incident.is_open:
            continue
        if incident.match.matches(text, service=None, accounts=accounts, phones=phones):
            return incident if incident.priority else None  # no master priority: read it now
        if incident.match.services:
            return None
    return None


def _accounts(conv: Conversation, found: Extraction) -> tuple[str, ...]:
    return tuple(v for v in (found.account_id, conv.fields.get("account_id")) if v)


def _phones(conv: Conversation, found: Extraction) -> tuple[str, ...]:
    """The customer's numbers, E.164, for an incident scoped to regions by number: the
    SMS sender's, the callback in the message or already on the conversation."""
    sender = conv.address.id if conv.address.channel == "sms" else None
    return tuple(v for v in (sender, found.phone, conv.fields.get("phone")) if v)


def at_intake(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext, contacts: Extraction
) -> tuple[Conversation, list[Effect]] | None:
    """The storm path: a chat's first message that names an open incident by its words or
    an account id opens the incident's child at once, unread by the classifier and the
    rest of the extraction. The child needs none of it to answer or to open: it runs on
    the master's priority, and asks only for the callback and the account (`contacts`:
    what `extract_contacts` read in `text`). Its own first-message priority, the name
    and the error text are read after the turn (`read_child`, bot.engine.readings);
    until then its `own_priority` is `PENDING`. None: not such a message (the caller
    reads it in full, then `after_reading`)."""
    if not ctx.incidents:
        return None
    incident = storm_match(conv, text, ctx, contacts)
    if incident is None:
        return None
    # the contacts, the description and the category the SLA clocks read: the fields the
    # child's one copy of the conversation gets (`open_child`), not a copy each
    fields, skipped, _ = filled_fields(conv, contacts, ctx.policy, overwrite=True)
    fields["description"] = text
    category = category_of(fields, ctx.policy, text)
    if category is not None:
        fields["category"] = category
    return open_child(cur, conv, incident, ctx, read_later=True, fields=fields, skipped=skipped)


def after_reading(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext, found: Extraction
) -> tuple[Conversation, list[Effect]] | None:
    """A first message the storm path let through, read in full (`conv`: its fields filled
    from `found`, described and classified once, as the usual intake will use it): the
    child of an incident the storm path left to this reading (`needs_reading`), or None."""
    if not needs_reading(ctx):
        return None  # the storm path checked everything else
    incident = match_incident(conv, text, ctx, found)
    return open_child(cur, conv, incident, ctx) if incident is not None else None


def needs_reading(ctx: TurnContext) -> bool:
    """An open incident the storm path leaves to the full reading: it matches by the
    service the classifier reads, or has no master priority for a child to run on."""
    return any(i.is_open and (i.match.services or not i.priority) for i in ctx.incidents)


def open_child(
    cur: Cursor,
    conv: Conversation,
    incident: Incident,
    ctx: TurnContext,
    *,
    read_later: bool = False,
    fields: dict[str, str] | None = None,
    skipped: tuple[str, ...] | None = None,
) -> tuple[Conversation, list[Effect]]:
    """Open `conv`'s ticket as `incident`'s child (its description read already, or, with
    `read_later`, to be read after the turn). The ticket runs on the master's priority
    (SLA) and records its own reading. `fields` and `skipped`: the conversation's, as
    this turn leaves them, when the caller has not copied the conversation to change
    them (the storm path); they go into the one copy made here."""
    lang = conv.lang or ctx.policy.plan.default_language
    changed: dict[str, Any] = {}
    if fields is not None:
        changed["fields"] = fields
    else:
        fields = conv.fields
    if skipped is not None:
        changed["skipped"] = skipped
    if read_later:
        own = PENDING
        assessment: dict[str, Any] = {}
    else:
        own, _, _ = final_priority(conv, ctx)
        a = assessment_of(conv)
        assessment = a.to_dict() if a is not None else {}
    assessment.update(suggested_priority=own, own_priority=own, incident=incident.id)
    latest = incident.latest
    ticket_fields = {
        **fields,
        INCIDENT_FIELD: str(incident.id),
        "own_priority": own,
        # the updates up to this one are in the first reply: the fan-out sends the later ones
        SEEN_FIELD: str(latest.seq if latest is not None else 0),
    }
    effects: list[Effect] = [
        Say(
            "incident.known",
            {
                "summary": incident.summary_in(lang),
                "since": ctx.format_time(incident.created_at, lang),
            },
        )
    ]
    if latest is not None:
        at = ctx.format_time(latest.at, lang)
        effects.append(Say("incident.latest", {"at": at, "text": latest.text_in(lang)}))
    cur.trigger("open_ticket")
    effects.append(
        OpenTicket(
            priority=incident.priority or own,
            fields=ticket_fields,
            summary=f"[incident {incident.id}] {fields.get('description', '')}"[:200],
            assessment=assessment,
            read_later=read_later,
        )
    )
    effects.append(Say("incident.linked"))
    missing = _missing(fields, ctx)  # reads the fields only: the same before and after
    conv = evolve(
        conv,
        **changed,
        pending=missing.key if missing is not None else "",
        assessment={**conv.assessment, "incident": incident.id},  # note(conv, incident=...)
    )
    if missing is not None:
        effects.append(question(missing, lang, ctx.short))
    return conv, effects


@dataclass(frozen=True, slots=True)
class ChildReading:
    """What the storm path left for later, read from the child's ticket: its own priority,
    the classifier's reading and the fields the full intake reading adds."""

    own_priority: str
    assessment: dict[str, Any]
    fields: dict[str, str]


def read_child(t: Ticket, ctx: TurnContext) -> ChildReading:
    """The reading a child opened on the storm path was spared, as the full path would have
    made it from the same first message: classified on its description (with the fields
    the customer had given then), the name and the error text extracted, the plan's
    prefilled fields, the priority the table and the channel's rule give. Fields the
    ticket has already (answered since, or set by staff) are kept."""
    notes = {INCIDENT_FIELD, SEEN_FIELD, "own_priority", "incident_left"}
    given = {k: v for k, v in t.fields.items() if k not in notes}
    conv = Conversation(
        id=t.conversation_id or str(t.address), address=t.address, lang=t.lang, fields=given
    )
    conv = reassess(conv, ctx.policy)
    # the storm path filled the identifiers (extract_contacts): the name and the error text
    found = extract(given.get("description", ""), contacts=Extraction())
    conv, _ = fill_fields(conv, found, ctx.policy, overwrite=False)
    own, _, _ = final_priority(conv, ctx)
    a = assessment_of(conv)
    assessment = a.to_dict() if a is not None else {}
    assessment.update(suggested_priority=own, own_priority=own)
    added = {k: v for k, v in conv.fields.items() if k not in t.fields}
    return ChildReading(own, assessment, added)


def follow_up(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect], str | None] | None:
    """A child's next message: (conversation, effects, resume), or None for the usual
    handling of an open ticket. `resume` is None when the message was handled here; else the
    customer said it is another problem, and the caller runs the usual intake from the
    question it returns to, with `resume` (what they wrote after the denial, maybe "") as
    their answer when there is one."""
    number = conv.ticket_number
    incident = conv.assessment.get("incident")
    if number is None or incident is None:
        return None
    rest = denial(text)
    if rest is not None:
        conv, effects = unlink_child(conv)
        effects.append(Say("incident.not_that"))
        cur.trigger("restart")
        fields = {k: v for k, v in conv.fields.items() if k != "description"}
        conv = evolve(conv, fields=fields, pending="", ticket_number=None)
        conv = note(conv, linked_to=number)
        return conv, effects, rest
    pending = next((f for f in ctx.policy.intake.fields if f.key == conv.pending), None)
    if pending is None:
        return None
    found = extract(text, region=ctx.policy.plan.default_region)
    value = answer_value(pending, text, found, ctx.policy)
    if value is None:
        return conv, [question(pending, conv.lang, ctx.short)], None
    conv = evolve(conv, fields={**conv.fields, pending.key: value}, pending="")
    effects = [UpdateFields(number, {pending.key: value})]
    missing = _missing(conv.fields, ctx)
    if missing is not None:
        conv = evolve(conv, pending=missing.key)
        return conv, [*effects, question(missing, conv.lang, ctx.short)], None
    return conv, [*effects, Say("incident.thanks", {"ticket": number})], None


def says_not_that(text: str) -> bool:
    """The customer says the incident is not their problem ("not that", "es otra cosa",
    "this has nothing to do with the outage": flows.dialogue.denial)."""
    return denial(text) is not None


def unlink_child(conv: Conversation) -> tuple[Conversation, list[Effect]]:
    """The ticket leaves its incident: its `incident` field emptied (no more updates; the
    engine's listener puts it back on its own priority) and a comment saying why."""
    number, incident = conv.ticket_number, conv.assessment.get("incident")
    assert number is not None
    effects: list[Effect] = [
        # which incident it left: it leaves that incident's children (bot.incidents.unlink)
        UpdateFields(number, {INCIDENT_FIELD: "", "incident_left": str(incident or "")}),
        AddComment(number, f"The customer says this is not incident {incident}."),
    ]
    return note(conv, incident=None), effects


def _missing(fields: Mapping[str, str], ctx: TurnContext) -> IntakeFieldSpec | None:
    for f in ctx.policy.intake.fields:
        if f.kind in CHILD_FIELD_KINDS and f.required and f.key not in fields:
            return f
    return None
