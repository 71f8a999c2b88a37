"""Outage mode at intake: "we already know".

A first message that matches an open incident (keywords in either language, folded;
the service the classifier reads; an account id it mentions) is answered at once with
what is known, since when and the latest update, and its ticket opens as the incident's
child, with only the contact fields the plan requires of a child (callback and account).
The usual intake runs only if the customer says the problem is a different one.
Pure: the engine passes the open incidents in `TurnContext.incidents`.
"""

from __future__ import annotations

import re
from typing import Final

from domain.incident import Incident
from domain.plan import IntakeFieldSpec
from domain.text import fold
from domain.types import Conversation
from flows.dialogue.effects import AddComment, Effect, OpenTicket, Say, UpdateFields
from flows.dialogue.intake import (
    answer_value,
    assessment_of,
    fill_fields,
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

_NOT_THAT: Final = re.compile(
    r"^(?:no,? )?(?:not that|not this|that'?s not (?:it|my problem|the problem)|"
    r"(?:it'?s |its )?(?:a )?(?:different|another|other) (?:problem|issue)|something else|"
    r"not my problem|es otra cosa|no es eso|otra cosa|es otro problema|otro problema|"
    r"no es mi problema|no es lo mio|es diferente)\b"
)


def match_incident(
    conv: Conversation, text: str, ctx: TurnContext, found: Extraction | None = None
) -> Incident | None:
    """The first open incident `text` is about, by the conversation's reading of it
    (`found`: what `extract` read in `text`, when the caller has it already)."""
    a = assessment_of(conv)
    service = a.service if a is not None else None
    if found is None:
        found = extract(text, region=ctx.policy.plan.default_region)
    accounts = tuple(v for v in (found.account_id, conv.fields.get("account_id")) if v)
    for incident in ctx.incidents:
        if incident.is_open and incident.match.matches(text, service=service, accounts=accounts):
            return incident
    return None


def at_intake(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext, found: Extraction | None = None
) -> tuple[Conversation, list[Effect]] | None:
    """The chat's first message: the child's answer, or None (the usual intake). `found`:
    what `extract` read in `text`, when the caller has it already."""
    if not ctx.incidents:
        return None
    if found is None:
        found = extract(text, region=ctx.policy.plan.default_region)
    reading = reassess(evolve(conv, fields={**conv.fields, "description": text}), ctx.policy)
    incident = match_incident(reading, text, ctx, found)
    if incident is None:
        return None
    conv, _ = fill_fields(reading, found, ctx.policy, overwrite=True)
    return open_child(cur, conv, incident, ctx)


def open_child(
    cur: Cursor, conv: Conversation, incident: Incident, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    """Open `conv`'s ticket as `incident`'s child (its description read already). The
    ticket runs on the master's priority (SLA) and records its own reading."""
    lang = conv.lang or ctx.policy.plan.default_language
    own, _, _ = final_priority(conv, ctx)
    a = assessment_of(conv)
    assessment = a.to_dict() if a is not None else {}
    assessment.update(suggested_priority=own, own_priority=own, incident=incident.id)
    latest = incident.latest
    fields = {
        **conv.fields,
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
            fields=fields,
            summary=f"[incident {incident.id}] {conv.fields.get('description', '')}"[:200],
            assessment=assessment,
        )
    )
    effects.append(Say("incident.linked"))
    missing = _missing(conv, ctx)  # reads the fields only: the same before and after
    conv = evolve(
        conv,
        pending=missing.key if missing is not None else "",
        assessment={**conv.assessment, "incident": incident.id},  # note(conv, incident=...)
    )
    if missing is not None:
        effects.append(question(missing, lang, ctx.short))
    return conv, effects


def follow_up(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect], bool] | None:
    """A child's next message: (conversation, effects, resume_intake), or None for the
    usual handling of an open ticket. `resume_intake`: the customer said it is another
    problem; the caller runs the usual intake from the question it returns to."""
    number = conv.ticket_number
    incident = conv.assessment.get("incident")
    if number is None or incident is None:
        return None
    if says_not_that(text):
        conv, effects = unlink_child(conv)
        effects.append(Say("incident.not_that"))
        cur.trigger("restart")
        fields = {k: v for k, v in conv.fields.items() if k != "description"}
        conv = evolve(conv, fields=fields, pending="", ticket_number=None)
        conv = note(conv, linked_to=number)
        return conv, effects, True
    pending = next((f for f in ctx.policy.intake.fields if f.key == conv.pending), None)
    if pending is None:
        return None
    found = extract(text, region=ctx.policy.plan.default_region)
    value = answer_value(pending, text, found, ctx.policy)
    if value is None:
        return conv, [question(pending, conv.lang, ctx.short)], False
    conv = evolve(conv, fields={**conv.fields, pending.key: value}, pending="")
    effects = [UpdateFields(number, {pending.key: value})]
    missing = _missing(conv, ctx)
    if missing is not None:
        conv = evolve(conv, pending=missing.key)
        return conv, [*effects, question(missing, conv.lang, ctx.short)], False
    return conv, [*effects, Say("incident.thanks", {"ticket": number})], False


def says_not_that(text: str) -> bool:
    """The customer says the incident is not their problem ("not that", "es otra cosa")."""
    return bool(_NOT_THAT.match(fold(text).strip(" .!")))


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


def _missing(conv: Conversation, ctx: TurnContext) -> IntakeFieldSpec | None:
    for f in ctx.policy.intake.fields:
        if f.kind in CHILD_FIELD_KINDS and f.required and f.key not in conv.fields:
            return f
    return None
