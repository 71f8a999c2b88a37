"""`supportbot classify --explain | --eval FILE | --keywords`: what a support lead needs to see
why a message got its priority, how the classifier scores on a labelled set, and which of
the plan's own words it reads (`classification.keywords`, editable without code)."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from domain.text import fold

if TYPE_CHECKING:
    from bot.plan.policy import Policy
    from domain.types import Ticket
    from flows.classify.explain import Explanation

_ES_WORDS = frozenset(
    "el la los las que de del y en por para con mi mis nos se llamadas llamada telefono telefonos"
    " hola esta estan nadie puede pueden funciona tenemos puedo ningun ninguna todo toda sin".split()
)
_EN_WORDS = frozenset(
    "the is are my our we can cant calls call phone phones to of and not with in on for it"
    " nobody anyone everyone have has".split()
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--explain",
        action="store_true",
        help="per message: cues for impact, scope and service, the table row, why it would ask",
    )
    mode.add_argument(
        "--eval",
        metavar="FILE",
        help="score JSON lines {text, priority, lang?}: accuracy, per language, confusion, asks, misses",
    )
    mode.add_argument(
        "--keywords", action="store_true", help="the plan's classification.keywords in effect"
    )
    mode.add_argument(
        "--from-corrections",
        action="store_true",
        help="score the first messages of tickets whose priority an agent changed (the agent's level is the label)",
    )
    parser.add_argument(
        "--limit", type=int, default=5000, help="with --from-corrections: the newest tickets read"
    )
    parser.add_argument(
        "--lang",
        choices=("en", "es"),
        help="the language of messages that do not say (default: guessed)",
    )
    parser.add_argument(
        "text", nargs="*", help="with --explain: messages (default: JSON lines on stdin)"
    )


def wants_own(args: argparse.Namespace) -> bool:
    return bool(
        getattr(args, "explain", False)
        or getattr(args, "eval", None)
        or getattr(args, "keywords", False)
        or getattr(args, "from_corrections", False)
    )


def run(args: argparse.Namespace, policy: Policy) -> int:
    if args.keywords:
        print(keywords_report(policy))
        return 0
    if args.from_corrections:
        rows = asyncio.run(_corrected_rows(args))
        print(f"labelled examples from agents' priority changes: {len(rows)}")
        if rows:
            print(evaluate(rows, policy).report())
        return 0
    if args.eval:
        path = Path(args.eval)
        try:
            rows = list(_labelled(path.read_text(encoding="utf-8").splitlines(), args.lang))
        except (OSError, ValueError) as exc:
            print(f"supportbot classify --eval: {path}: {exc}", file=sys.stderr)
            return 2
        print(evaluate(rows, policy).report())
        return 0
    items = [{"text": t} for t in args.text] or list(_stdin_items())
    for item in items:
        print(explain_block(item["text"], policy, item.get("lang") or args.lang))
    return 0


# -- explain ---------------------------------------------------------------------------------


def _explain(text: str, policy: Policy, lang: str | None = None) -> Explanation:
    # compiles the cue tables and reads the weights: only when asked
    from flows.classify.classifier import model_for
    from flows.classify.explain import explain

    return explain(
        text,
        rules=policy.rules,
        default=policy.classification.default,
        lang=lang,
        extra_keywords=policy.classification.keywords or None,
        model=model_for(policy.classification.learned),
        audience=policy.audience,
    )


def explain_block(text: str, policy: Policy, lang: str | None = None) -> str:
    e = _explain(text, policy, lang)
    d = e.decision
    a = d.assessment
    impact, scope, service = d.read_as or (a.impact, a.scope, a.service)
    shown = " ".join(text.split())
    lines = [
        f"message:  {shown[:200]}{'...' if len(shown) > 200 else ''}",
        f"priority: {d.priority}" + (" (would ask)" if d.would_ask else ""),
        f"read as:  impact={impact} scope={scope} service={service}"
        + (f" who={a.who}" if a.who else "")
        + ("  (from one part of the message)" if d.from_part else ""),
        f"rule:     {e.rule_text}",
        "impact:   " + ("; ".join(e.lines("impact")) or "no cue"),
        "scope:    " + ("; ".join(e.lines("scope")) or "no cue"),
        "service:  " + ("; ".join(e.lines("service")) or "no cue"),
    ]
    # who is affected in the plan's own terms, when the plan names its scope kinds
    lines.extend(f"who:      {x}" for w, x in e.trace if w == "who")
    # The learned model's part: the rules' reading it was mixed with, and per dimension
    # its two likeliest classes with the n-grams that pushed the winner most.
    lines.extend(f"{w}:{' ' * (9 - len(w))}{x}" for w, x in e.trace if w in ("rules", "model"))
    extra = [
        f"{w}: {x}" for w, x in e.trace if w in ("resolved", "tone", "adjust", "keywords", "part")
    ]
    if extra:
        lines.append("notes:    " + "; ".join(extra))
    if a.claimed_priority:
        lines.append(f"claimed:  {a.claimed_priority} (recorded, never moves the priority)")
    lines.append(
        "asks:     " + (e.ask_reason or "no: the table gives one priority for every open scope")
    )
    return "\n".join(lines) + "\n"


# -- eval ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    priority: str
    lang: str  # for the per-language figures
    site_outage: bool  # labelled a whole-site outage of the critical service
    given_lang: str | None = None  # what the classifier is told (None: it guesses)


def _labelled(lines: Iterable[str], lang: str | None = None) -> Iterator[Row]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not item.get("priority")
        ):
            raise ValueError(f"line {number}: expected {{'text': ..., 'priority': ...}}")
        said = item.get("lang") or lang
        guessed = guess_lang(item["text"])
        site = item.get("impact") == "outage" and item.get("scope") == "site"
        site = site and item.get("service", "voice") == "voice"
        yield Row(item["text"], str(item["priority"]), said or guessed, site, said)


@dataclass(frozen=True, slots=True)
class Evaluation:
    total: int
    asked: Counter[str]  # by language
    right: Counter[str]
    decided: Counter[str]
    confusion: Counter[tuple[str, str]]  # (expected, got) where the bot decided
    site_below_p2: int
    p4_as_p1_p2: int
    misses: tuple[str, ...]
    priorities: tuple[str, ...]

    def accuracy(self, lang: str | None = None) -> float:
        decided = sum(self.decided.values()) if lang is None else self.decided[lang]
        right = sum(self.right.values()) if lang is None else self.right[lang]
        return right / decided if decided else 0.0

    def ask_rate(self) -> float:
        return sum(self.asked.values()) / self.total if self.total else 0.0

    def report(self) -> str:
        langs = sorted(set(self.decided) | set(self.asked))
        out = [
            f"messages: {self.total}",
            f"accuracy where it does not ask: {self.accuracy():.3f} ({sum(self.right.values())}/{sum(self.decided.values())})",
        ]
        for lang in langs:
            n = self.decided[lang] + self.asked[lang]
            out.append(
                f"  {lang}: accuracy {self.accuracy(lang):.3f} ({self.right[lang]}/{self.decided[lang]}), "
                f"asks {self.asked[lang]}/{n}"
            )
        out.append(f"ask rate: {self.ask_rate():.3f} ({sum(self.asked.values())}/{self.total})")
        out.append(f"whole-site outages below P2: {self.site_below_p2}")
        out.append(f"P4 read as P1 or P2: {self.p4_as_p1_p2}")
        out.append("confusion (rows: labelled, columns: decided):")
        width = max(len(p) for p in self.priorities) + 2
        out.append(" " * width + "".join(p.rjust(width) for p in self.priorities))
        for want in self.priorities:
            cells = "".join(
                str(self.confusion[(want, got)]).rjust(width) for got in self.priorities
            )
            out.append(want.ljust(width) + cells)
        out.append(f"misses: {len(self.misses)}")
        out.extend(self.misses)
        return "\n".join(out)


def evaluate(rows: Iterable[Row], policy: Policy) -> Evaluation:
    asked: Counter[str] = Counter()
    right: Counter[str] = Counter()
    decided: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    site_below = p4_high = total = 0
    for row in rows:
        total += 1
        e = _explain(row.text, policy, row.given_lang)
        got = e.decision.priority
        if row.site_outage and policy.rank(got) > 2:
            site_below += 1
        if row.priority == "P4" and got in ("P1", "P2"):
            p4_high += 1
        if e.decision.would_ask:
            asked[row.lang] += 1
            continue
        decided[row.lang] += 1
        confusion[(row.priority, got)] += 1
        if got == row.priority:
            right[row.lang] += 1
        else:
            shown = " ".join(row.text.split())
            misses.append(f"- want {row.priority} got {got}: {shown[:160]!r}\n    {e.one_line()}")
    labels = {want for want, _ in confusion} | {got for _, got in confusion}
    order = [p.id for p in policy.priorities if p.id in labels] + sorted(
        labels - {p.id for p in policy.priorities}
    )
    return Evaluation(
        total, asked, right, decided, confusion, site_below, p4_high, tuple(misses), tuple(order)
    )


def guess_lang(text: str) -> str:
    """For the per-language figures of a row that does not say: Spanish words against English."""
    if any(c in text for c in "¿¡ñÑ"):
        return "es"
    words = re.findall(r"\w+", fold(text))
    es = sum(w in _ES_WORDS for w in words)
    return "es" if es > sum(w in _EN_WORDS for w in words) else "en"


# -- the support lead's loop: agents' corrections ----------------------------------------------


def corrections(tickets: Iterable[Ticket]) -> list[Row]:
    """A labelled example per ticket whose priority an agent changed: the first message (the
    ticket's description) and the level the agent set last. Derived from the ticket's own
    events, so every correction from Slack or `/ticket N priority P2` is one, no extra table."""
    rows: list[Row] = []
    for ticket in tickets:
        changes = [e for e in ticket.events if e.kind == "priority" and e.by.startswith("agent:")]
        text = ticket.fields.get("description", "").strip()
        if not changes or not text:
            continue
        label = changes[-1].detail.rpartition("->")[2].strip()
        if label:
            rows.append(
                Row(text, label, ticket.lang or guess_lang(text), False, ticket.lang or None)
            )
    return rows


async def _corrected_rows(args: argparse.Namespace) -> list[Row]:
    from bot.config import load_settings, store_url
    from bot.store.backends import open_store

    store = open_store(store_url(load_settings(getattr(args, "config", None))))
    await store.open()
    try:
        return corrections(await store.list_tickets(limit=args.limit))
    finally:
        await store.close()


# -- keywords --------------------------------------------------------------------------------


def keywords_report(policy: Policy) -> str:
    words = policy.classification.keywords or {}
    if not words:
        return (
            f"{policy.plan.name}: no classification.keywords; add e.g.\n"
            '[classification.keywords]\nvoice = ["ProductName"]\n'
            "(keys: an impact, scope or service; each word adds a strong cue for it)"
        )
    lines = [
        f"{policy.plan.name}: classification.keywords in effect (each a strong cue for its key)"
    ]
    for key in sorted(words):
        lines.append(f"  {key}: {', '.join(words[key])}")
    return "\n".join(lines)


def _stdin_items() -> Iterator[dict[str, str]]:
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            item = {"text": line}  # a plain line is a message too
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            yield item
