"""Issue 12, point 11: every message the dialogue can send on SMS, for all five plans and
both languages, measured in segments as a carrier bills them (GSM-7 or UCS-2): never more
than 3, and at most 2 for questions, summaries and confirmations. Params are realistic
and long (the longest plan values, the longest dates), so a pass holds for real ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine.announce import TicketNotices
from bot.engine.timefmt import format_local
from bot.plan.policy import Policy, load_policy
from channels.base import text_with_choices
from channels.sms_segments import segment_count
from domain.types import DEFAULT_LIMITS, Address, Conversation, Outbound, Ticket, TicketStatus
from flows.catalog import messages as catalog
from flows.catalog.durations import format_duration
from flows.dialogue.intake import (
    confirm_summary,
    question,
    scope_question,
    summary_lines,
    yes_no,
)
from flows.dialogue.turn import render_say

PLANS = ("att-bvoip", "calltower", "connexcs", "ringover", "somos")
POLICIES = {name: load_policy(name) for name in PLANS}
SMS = DEFAULT_LIMITS["sms"]
ADDRESS = Address("sms", "+13035550199")
# a Wednesday and a Saturday ("miércoles", "sábado": the longest Spanish day names, and
# accented, so the whole text is UCS-2), in and out of business hours
MOMENTS = (
    datetime(2026, 11, 25, 17, 0, tzinfo=UTC),
    datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
    datetime(2026, 11, 28, 22, 0, tzinfo=UTC),
)
# keys that ask something or confirm: the "at most 2 where it can"
QUESTION_KEYS = (
    "greeting",
    "ask.",
    "clarify_scope",
    "confirm",
    "route.",
    "human_first",
    "telegram.choose_language",
    "agent.resolved",
    "invalid.",
    "reask.",
    "cannot_skip",
    "empty",
    "blank.reask",
)
# not sent on SMS: email-only sentences, Telegram's, and the agent desk's signature block
# maintenance notices and their subjects go by email (their SMS form: maintenance.chat.*)
# (an MPOC's approval request and its page are email and web only: flows/catalog/contacts.py)
NOT_SMS = (
    "email.",
    "telegram.",
    "agent.signed",
    "answer.plan_text",
    "ask.custom",
    "maintenance.notice.",
    "maintenance.subject.",
    "maintenance.unsubscribe",
    "maintenance.contact",
    "contacts.request",
    "contacts.page.",
)


def _sms(text: str, choices: tuple[object, ...] = ()) -> str:
    return text_with_choices(Outbound(address=ADDRESS, text=text, choices=choices), buttons=False)  # type: ignore[arg-type]


def _longest(values: list[str]) -> str:
    return max(values, key=len) if values else ""


def _long_params(lang: str) -> dict[str, str]:
    """The longest value any plan or the engine puts into each placeholder."""
    out: dict[str, list[str]] = {}
    for policy in POLICIES.values():
        tz = ZoneInfo(policy.plan.timezone)
        out.setdefault("provider", []).append(policy.plan.provider)
        out.setdefault("priority", []).extend(p.name.get(lang) for p in policy.priorities)
        out.setdefault("who", []).extend(
            lvl.who.get(lang, short=True) for lvl in policy.escalation.levels
        )
        out.setdefault("phone", []).extend([policy.contacts.phone, policy.contacts.urgent_phone])
        out.setdefault("status_url", []).append(policy.contacts.status_url)
        out.setdefault("contact", []).extend(
            r.contact.get(lang, short=True) for r in policy.routes.values()
        )
        out.setdefault("label", []).extend(f.label.get(lang) for f in policy.intake.fields)
        for at in MOMENTS:
            for name in ("due", "back", "opened", "until", "starts", "ends"):
                out.setdefault(name, []).append(format_local(at, lang, tz, short=True))
        for rule in policy.maintenance:  # flows/catalog/maintenance.py
            out.setdefault("products", []).append(", ".join(rule.products))
            out.setdefault("reason", []).append(rule.reason.es if rule.reason else "")
    out["duration"] = out["wait"] = [
        format_duration(_D(270, True), lang, business_day=timedelta(hours=8)),
        format_duration(_D(120, False), lang, business_day=timedelta(hours=8)),
    ]
    out["status"] = [catalog.render(lang, "status.resolved_pending_confirmation")]
    fixed = {
        "agent": "Marta Ruiz",
        "bot": "supportbot",
        "call_id": "a84b4c76e66710@pbx.example.com",
        "days": "30",
        "example": "+1 415 555 2671",
        "limit": "20",
        "n": "3",
        "note": "UPS 1Z999AA10123456784",
        "old": "10041",
        "other": "10040",
        "ticket": "10042",
        # outage mode (flows/catalog/incidents.py); subscriber mail is email-only
        "title": "x",
        "since": "Mon 3 Mar 14:00",
        "at": "14:00",
        "what": "x",
        "link": "x",
        "items": "x",
        "promise": catalog.render(lang, "promise.first_response", short=True, due="x"),
        "summary": "x",
        "options": "x",
        "question": "x",
        "text": "x",
        "labels": "x",
        "form": "x",
        "score": "4",  # the satisfaction score (flows/catalog/csat.py)
        "account": "AC-10442-0001",  # authorized contacts (flows/catalog/contacts.py)
        "names": "guide.pdf",
        "email": "maria.fernanda.delacruz@clinicadentalsonrisas.example.com",  # subscribe
        "minutes": "60",  # a subscription asked for over its limit
    }
    params = {k: _longest([v for v in vs if v]) for k, vs in out.items()}
    return {**fixed, **params}


class _D:
    def __init__(self, minutes: int, business: bool) -> None:
        self.amount = timedelta(minutes=minutes)
        self.business = business
        self.text = f"{minutes}m"


def _catalog_messages(lang: str) -> Iterator[tuple[str, str]]:
    params = _long_params(lang)
    for key in catalog.MESSAGES:
        if key.endswith(".short") or key.startswith(NOT_SMS):
            continue
        names = catalog.placeholders(catalog.MESSAGES[key][lang])
        yield key, catalog.render(lang, key, short=True, **{n: params[n] for n in names})


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_catalog_sentence_fits_sms_and_questions_fit_two_segments(lang: str) -> None:
    over = []
    for key, text in _catalog_messages(lang):
        limit = 2 if key.startswith(QUESTION_KEYS) else 3
        if segment_count(text) > limit:
            over.append((key, segment_count(text), text))
    assert over == []


def _full_conversation(policy: Policy, lang: str, choice: int) -> Conversation:
    """Every field filled with a long, realistic value (the SMS summary's worst case)."""
    long = {
        "name": "María Fernanda de la Cruz Ibáñez",
        "phone": "+1 415 555 0100 ext. 1234",
        "email": "maria.fernanda.delacruz@clinicadentalsonrisas.example.com",
        "account_id": "CT-4410299",
        "call_id": "a84b4c76e66710@pbx.example.com",
        "organization": "Harbor Freight Logistics, 200 Pier Ave, Long Beach",
        "duration": "since yesterday afternoon around 3",
        "login": "mellison7",
        "api_language": "Python",
        "text": "calls drop after exactly thirty seconds on every outbound route",
    }
    fields = {}
    for f in policy.intake.fields:
        if f.choices:
            fields[f.key] = f.choices[choice % len(f.choices)].value
        else:
            fields[f.key] = long.get(f.kind, long["text"])
    return Conversation(id="c", address=ADDRESS, lang=lang, fields=fields)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_question_and_the_confirmation_fit_two_segments(plan: str, lang: str) -> None:
    policy = POLICIES[plan]
    over = []
    for f in policy.intake.fields:
        say = question(f, lang, True)
        body = _sms(render_say(say, lang, short=True), say.choices)
        if segment_count(body) > 2:
            over.append((f.key, segment_count(body), body))
    scope = scope_question(lang)
    body = _sms(render_say(scope, lang, short=True), scope.choices)
    if segment_count(body) > 2:
        over.append(("scope", segment_count(body), body))
    for choice in range(3):
        conv = _full_conversation(policy, lang, choice)
        known = {"phone": conv.fields.get("phone", "")}
        for level in policy.priorities:
            summary = confirm_summary(conv, policy, level.id, short=True, known=known)
            text = catalog.render(lang, "confirm", short=True, summary=summary)
            body = _sms(text, yes_no(lang))
            # "where it can": two segments unless even the shortest cut of every value
            # (Somos: eleven fields, in UCS-2) needs three; then never more than three
            tightest = summary_lines(conv, policy, level.id, short=True, known=known, cut=8)
            floor = segment_count(
                _sms(catalog.render(lang, "confirm", short=True, summary=tightest), yes_no(lang))
            )
            if segment_count(body) > max(2, min(floor, 3)) or floor > 3:
                over.append(("confirm", segment_count(body), body))
            if len(policy.intake.fields) <= 8:  # every plan but Somos fits in two
                assert segment_count(body) <= 2, body
    for route in policy.routes.values():
        text = catalog.render(
            lang, "route.billing", short=True, contact=route.contact.get(lang, short=True)
        )
        body = _sms(text, yes_no(lang))
        if segment_count(body) > 2:
            over.append(("route", segment_count(body), body))
    assert over == []


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("plan", PLANS)
def test_every_ticket_opening_on_sms_fits_three_segments(plan: str, lang: str) -> None:
    """The opening reply of every priority, on duty and off, every category clock."""
    policy = POLICIES[plan]
    tz = ZoneInfo(policy.plan.timezone)
    notices = TicketNotices(
        policy=policy,
        format_time=lambda at, lng: format_local(at, lng, tz),
        format_short=lambda at, lng: format_local(at, lng, tz, short=True),
    )
    over = []
    categories = [None, *(c.id for c in policy.categories)]
    for at in MOMENTS:
        for level in policy.priorities:
            for category in categories:
                fields = {"category": category} if category else {}
                due = policy.due(level.id, "first_response", at, category=category)
                ticket = Ticket(
                    number=10042,
                    status=TicketStatus.NEW,
                    priority=level.id,
                    channel="sms",
                    address=ADDRESS,
                    lang=lang,
                    created_at=at,
                    first_response_due=due,
                    next_update_due=None,
                    fields=fields,
                )
                texts = notices.opening(ticket, lang, SMS, at)
                texts += notices.handoff(ticket, lang, SMS, at, opening=True)
                body = "\n".join(t for t in texts if t)
                if segment_count(body) > 3:
                    over.append((level.id, category, at.isoformat(), segment_count(body), body))
                later = "\n".join(notices.handoff(ticket, lang, SMS, at, opening=False))
                if segment_count(later) > 3:
                    over.append((level.id, "handoff", at.isoformat(), segment_count(later), later))
    assert over == []


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_text_pasted_on_sms_fits_three_segments(plan: str, lang: str) -> None:
    """The plan's own words the SMS channel quotes: its notices, promises, costs, routes."""
    policy = POLICIES[plan]
    texts = policy.texts
    pasted = [
        t.get(lang, short=True)
        for t in (texts.intake_notice, texts.opened_note, texts.after_hours_note, texts.cost_note)
        if t is not None
    ]
    pasted += [p.promise.get(lang, short=True) for p in policy.priorities if p.promise]
    first = catalog.render(lang, "greeting", short=True, provider=policy.plan.provider)
    if texts.intake_notice is not None:  # the notice goes before the first reply
        pasted.append(texts.intake_notice.get(lang, short=True) + "\n" + first)
    over = [(segment_count(t), t) for t in pasted if segment_count(t) > 3]
    assert over == []
