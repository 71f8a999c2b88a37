"""Issue 12, point 10: every catalog sentence read in context, in Spanish and English,
with the values the five plans put into it: no "a el"/"de el", no English plan value
(choice, environment, category, priority, status, "expedited") in a Spanish reply, and a
question never carries its skip hint twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine.timefmt import format_local
from bot.plan.policy import Policy, load_policy
from domain.text import fold
from domain.types import Address, Conversation
from flows.catalog import messages as catalog
from flows.catalog.durations import format_duration
from flows.dialogue.intake import question, summary_lines
from flows.dialogue.turn import render_say

PLANS = ("att-bvoip", "calltower", "connexcs", "ringover", "somos")
POLICIES = {name: load_policy(name) for name in PLANS}
AT = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


class _Duration:
    def __init__(self, minutes: int, business: bool = False) -> None:
        self.amount = timedelta(minutes=minutes)
        self.business = business
        self.text = f"{minutes}m"


def _plan_values(lang: str) -> dict[str, list[str]]:
    """Every value a plan or the engine puts into a placeholder, in `lang`."""
    values: dict[str, list[str]] = {}

    def add(name: str, *items: str) -> None:
        values.setdefault(name, []).extend(i for i in items if i)

    for policy in POLICIES.values():
        add("provider", policy.plan.provider)
        add("priority", *(p.name.get(lang) for p in policy.priorities))
        add("promise", *(p.promise.get(lang) for p in policy.priorities if p.promise))
        add("promise", *(p.promise.get(lang, short=True) for p in policy.priorities if p.promise))
        add("who", *(lvl.who.get(lang) for lvl in policy.escalation.levels))
        add("items", "; ".join(policy.escalation.requirements.get(lang)))
        add("contact", *(r.contact.get(lang) for r in policy.routes.values()))
        add("phone", policy.contacts.phone, policy.contacts.urgent_phone)
        add("status_url", policy.contacts.status_url)
        add("label", *(f.label.get(lang) for f in policy.intake.fields))
        add("labels", ", ".join(f.label.get(lang) for f in policy.intake.fields[:3]))
        add(
            "options",
            *(", ".join(c.label.get(lang) for c in f.choices) for f in policy.intake.fields),
        )
        add("question", *(f.question.get(lang) for f in policy.intake.fields if f.question))
        add("summary", *(_summaries(policy, lang)))
        add("text", *(t.get(lang) for t in _plan_texts(policy)))
        tz = ZoneInfo(policy.plan.timezone) if hasattr(policy.plan, "timezone") else ZoneInfo("UTC")
        for name in ("due", "back", "opened", "until", "starts", "ends"):
            add(name, format_local(AT, lang, tz), format_local(AT + timedelta(days=3), lang, tz))
        for rule in policy.maintenance:  # flows/catalog/maintenance.py
            add("products", ", ".join(rule.products))
            add("title", rule.title.es if lang == "es" else rule.title.en)
            add("summary", rule.summary.es if lang == "es" else rule.summary.en)
            add(
                "reason",
                *([rule.reason.es if lang == "es" else rule.reason.en] if rule.reason else []),
            )
    for minutes, business in ((15, False), (90, False), (240, False), (1440, False), (270, True)):
        text = format_duration(_Duration(minutes, business), lang, business_day=timedelta(hours=8))
        add("duration", text)
        add("wait", text)
    add("status", *(catalog.render(lang, k) for k in catalog.MESSAGES if k.startswith("status.")))
    for name, value in {
        "agent": "Marta",
        "bot": "supportbot",
        "call_id": "a84b4c76e66710@pbx.example.com",
        "days": "7",
        "example": "+1 415 555 2671",
        "form": "Nombre: ____",
        "limit": "20",
        "n": "3",
        "note": "UPS 1Z999AA10123456784",
        "old": "10041",
        "other": "10040",
        "ticket": "10042",
        # outage mode (flows/catalog/incidents.py)
        "title": "Dallas SIP trunks down",
        "since": format_local(AT, lang, ZoneInfo("America/Denver")),
        "at": format_local(AT, lang, ZoneInfo("America/Denver")),
        "what": "Dallas SIP trunks down",
        "link": "https://support.example.com/status/confirm?t=abc.def",
        "email": "ana@example.com",  # subscribing by email on a channel
        "minutes": "45",  # ... over its rate limit
        "score": "4",  # the satisfaction score (flows/catalog/csat.py)
        # authorized contacts (flows/catalog/contacts.py)
        "account": "AC-10442",
        "name": "Mia Boss",
        "requester": "Ana Pérez",
        # an agent's files (flows/catalog/inputs.py)
        "names": "reboot-guide.pdf, router.png",
    }.items():
        add(name, value)
    return values


def _plan_texts(policy: Policy) -> Iterator[object]:
    texts = policy.texts
    for t in (texts.intake_notice, texts.opened_note, texts.after_hours_note, texts.cost_note):
        if t is not None:
            yield t


def _summaries(policy: Policy, lang: str) -> Iterator[str]:
    """The confirmation summary with every field filled, once per choice of each field."""
    base = {f.key: "x" for f in policy.intake.fields if f.kind != "choice"}
    choice_fields = [f for f in policy.intake.fields if f.choices]
    for i in range(max((len(f.choices) for f in choice_fields), default=1)):
        fields = dict(base)
        for f in choice_fields:
            fields[f.key] = f.choices[i % len(f.choices)].value
        conv = Conversation(id="c", address=Address("webchat", "x"), lang=lang, fields=fields)
        for short in (False, True):
            yield summary_lines(conv, policy, policy.priorities[-1].id, short=short)


def _renders(lang: str) -> Iterator[tuple[str, str]]:
    """(key, text) for every catalog key, each placeholder through every plan value."""
    values = _plan_values(lang)
    for key, entry in catalog.MESSAGES.items():
        names = sorted(catalog.placeholders(entry[lang]))
        first = {n: values[n][0] for n in names}
        yield key, catalog.render(lang, key, **first)
        for n in names:
            for v in values[n][1:]:
                yield key, catalog.render(lang, key, **{**first, n: v})


def _english_values() -> set[str]:
    """Plan values whose English differs from their Spanish: they must not reach Spanish."""
    out: set[str] = {"expedited"}
    spanish: set[str] = set()
    for policy in POLICIES.values():
        pairs = [(p.name.en, p.name.es) for p in policy.priorities]
        pairs += [(c.name.en, c.name.es) for c in policy.categories if getattr(c, "name", None)]
        pairs += [(s.name.en, s.name.es) for s in policy.statuses if s.name]
        for f in policy.intake.fields:
            pairs += [(c.label.en, c.label.es) for c in f.choices]
            pairs += [(c.value, c.label.es) for c in f.choices]
        for en, es in pairs:
            spanish.add(fold(es))
            if fold(en) != fold(es):
                out.add(en)
    for scope in ("site", "several", "one"):
        out.add(catalog.render("en", f"scope.{scope}"))
    # a value that is a Spanish word too ("portal", "beta") is no tell
    words = {w for es in spanish for w in es.split()}
    return {v for v in out if fold(v) not in spanish and fold(v) not in words and len(v) > 2}


ENGLISH = sorted(_english_values())
_ENGLISH_RE = re.compile(
    r"(?<![\w/.@-])(?:" + "|".join(re.escape(v) for v in ENGLISH) + r")(?![\w@-])", re.IGNORECASE
)
SPANISH = list(_renders("es"))


def test_the_english_value_list_holds_the_plan_values_issue_12_names() -> None:
    names = {fold(v) for v in ENGLISH}
    assert {"expedited", "standard", "production", "platform", "operational"} <= names


def test_no_spanish_sentence_says_a_el_or_de_el_with_any_plan_value() -> None:
    bad = [(k, t) for k, t in SPANISH if re.search(r"\b(?:a|de) el\b", t, re.IGNORECASE)]
    assert bad == []


def test_no_spanish_sentence_carries_an_english_plan_value() -> None:
    bad = [(k, m.group(0), t) for k, t in SPANISH for m in [_ENGLISH_RE.search(t)] if m]
    assert bad == []


def test_the_check_catches_a_contraction_and_an_english_value() -> None:
    # the checks above can fail: the raw template with a value starting with "el"
    raw = catalog.MESSAGES["promise.escalation"]["es"].format(due="martes", who="el Team Manager")
    assert re.search(r"\ba el\b", raw)
    assert catalog.render("es", "promise.escalation", due="martes", who="el Team Manager").endswith(
        "al Team Manager."
    )
    assert _ENGLISH_RE.search("Tipo: Expedited")


@pytest.mark.parametrize(
    ("lang", "who", "expected"),
    [
        ("es", "el Team Manager", "He escalado el ticket #10042 al Team Manager."),
        ("es", "El Salvador Telecom", "He escalado el ticket #10042 a El Salvador Telecom."),
        ("en", "the Team Manager", "I've escalated ticket #10042 to the Team Manager."),
    ],
)
def test_a_plan_value_after_a_and_de_contracts_in_spanish_only(
    lang: str, who: str, expected: str
) -> None:
    assert catalog.render(lang, "escalated_by_customer", ticket="10042", who=who) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("es", "4,5 horas laborables"), ("en", "4.5 business hours")]
)
def test_a_fractional_duration_uses_the_languages_decimal_mark(lang: str, expected: str) -> None:
    got = format_duration(_Duration(270, business=True), lang, business_day=timedelta(hours=8))
    assert got == expected


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("short", [False, True])
def test_no_plan_question_carries_its_skip_hint_twice(lang: str, short: bool) -> None:
    skip = re.compile(r"\b(?:skip|omitir)\b", re.IGNORECASE)
    for policy in POLICIES.values():
        for f in policy.intake.fields:
            text = render_say(question(f, lang, short), lang, short=short)
            assert len(skip.findall(text)) <= 1, text
            if not f.required:
                assert len(skip.findall(text)) == 1, text  # an optional field says how to skip


@pytest.mark.parametrize(
    ("lang", "expected"), [("es", "¿Plataforma u Operativo?"), ("en", "Platform or Operational?")]
)
def test_a_choice_question_without_plan_wording_lists_the_options_with_or(
    lang: str, expected: str
) -> None:
    f = next(f for f in POLICIES["connexcs"].intake.fields if f.key == "category")
    bare = f.model_copy(update={"question": None})
    assert expected in render_say(question(bare, lang, False), lang)


def test_sympathy_is_only_for_problems() -> None:
    # the openers: sympathy ("Lamento", "Sorry") is the problem's; a request gets "Claro"
    for lang in ("en", "es"):
        assert not re.search(r"(?i)sorry|lamento|siento", catalog.render(lang, "ack_request"))
        assert re.search(r"(?i)sorry|lamento", catalog.render(lang, "ack_problem"))
