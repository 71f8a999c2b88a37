"""`[csat]`: the one satisfaction question a ticket gets when it closes resolved
(issue 17 item 6): whether the plan asks it, its wording in both languages, the optional
line of comment, and how long an answer is waited for before the next message is read
as an ordinary one. bot/engine/csat.py decides when it is asked; flows/dialogue/csat.py
reads the answer."""

from __future__ import annotations

import string
from datetime import timedelta
from functools import cached_property
from typing import Final

from bot.plan.durations import parse_duration
from bot.plan.models import Text, _Model

# what a wording override may name: the ticket's number
PLACEHOLDERS: Final = frozenset({"ticket"})


class CsatConfig(_Model):
    enabled: bool = True
    comment: bool = True  # after the score, one optional line: "anything we could do better?"
    # the plan's own words for the question; the 1-5 scale (buttons or "reply 1-5") is added
    question: Text | None = None
    comment_question: Text | None = None
    # an answer later than this is not taken as one: the message is read as a new one
    answer_within: str = "24h"
    comment_within: str = "1h"

    @cached_property
    def answer_window(self) -> timedelta:
        return parse_duration(self.answer_within, business_day=timedelta(hours=8)).amount

    @cached_property
    def comment_window(self) -> timedelta:
        return parse_duration(self.comment_within, business_day=timedelta(hours=8)).amount


def check_csat(csat: CsatConfig) -> list[tuple[str, str]]:
    """What a schema cannot see in `[csat]`: wall-clock windows, known placeholders, and
    a comment wording for a comment the plan does not ask for."""
    problems: list[tuple[str, str]] = []
    for key in ("answer_within", "comment_within"):
        text = getattr(csat, key)
        try:
            duration = parse_duration(text, business_day=timedelta(hours=8))
        except ValueError as exc:
            problems.append((f"csat.{key}", str(exc)))
            continue
        if duration.business:
            problems.append(
                (f"csat.{key}", f"{text!r} is business time; give hours or days of wall time")
            )
    for name in ("question", "comment_question"):
        wording: Text | None = getattr(csat, name)
        if wording is None:
            continue
        for lang in ("en", "es"):
            template = getattr(wording, lang)
            try:
                used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            except ValueError as exc:
                problems.append((f"csat.{name}.{lang}", f"not a valid template: {exc}"))
                continue
            if unknown := sorted(used - PLACEHOLDERS):
                problems.append(
                    (
                        f"csat.{name}.{lang}",
                        f"unknown placeholder {{{unknown[0]}}}; only {{ticket}} is filled in",
                    )
                )
    if csat.comment_question is not None and not csat.comment:
        problems.append(
            ("csat.comment_question", "set, but csat.comment is false: the question is never asked")
        )
    return problems
