"""Cross-references of a plan that a schema cannot see: priorities, calendars,
intake fields and durations named elsewhere in the file. Each problem is a
(key, reason) pair so `supportbot policy check` can name the key."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.plan.csat import check_csat
from bot.plan.durations import parse_duration
from domain.dimensions import SCOPES
from domain.maintenance import WEEKDAYS
from domain.rules import CHANNEL_NAMES

if TYPE_CHECKING:
    from bot.plan.policy import Policy

SLA_TARGETS = ("first_response", "update_every", "resolution")


def check_references(policy: Policy) -> list[tuple[str, str]]:
    """Cross-references a schema cannot see: priorities, calendars, fields, durations."""
    problems: list[tuple[str, str]] = []
    ids = [p.id for p in policy.priorities]
    known = set(ids)
    calendars = policy.calendars
    if len(known) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        problems.append(("priorities", f"duplicate priority ids: {', '.join(dup)}"))

    def priority_ref(key: str, pid: str, *, classified: bool = False) -> None:
        if pid not in known:
            problems.append((key, f"unknown priority {pid!r}; the plan defines {', '.join(ids)}"))
        elif classified and policy.priority_by_id[pid].agent_only:
            problems.append((key, f"priority {pid!r} is agent_only: only staff may set it"))

    def calendar_ref(key: str, name: str) -> None:
        if name not in calendars:
            problems.append(
                (key, f"unknown calendar {name!r}; the plan defines {', '.join(calendars)}")
            )

    def duration_ref(key: str, text: str | None) -> None:
        if text is not None:
            try:
                parse_duration(text, business_day=timedelta(hours=8))
            except ValueError as exc:
                problems.append((key, str(exc)))

    c = policy.classification
    priority_ref("classification.default", c.default, classified=True)
    kinds = [k.id for k in c.audience]
    for i, kind_id in enumerate(kinds):
        if kind_id in SCOPES or kind_id == "*" or kinds.index(kind_id) != i:
            problems.append((f"classification.audience[{i}].id", f"{kind_id!r} is taken"))
    for i, rule in enumerate(c.rules):
        priority_ref(f"classification.rules[{i}].priority", rule.priority, classified=True)
        if rule.scope != "*" and rule.scope not in SCOPES and rule.scope not in kinds:
            expected = ", ".join([*SCOPES, *kinds])
            problems.append(
                (
                    f"classification.rules[{i}].scope",
                    f"unknown scope {rule.scope!r}; expected one of {expected} or '*'",
                )
            )
    field_keys = {f.key: f for f in policy.intake.fields}
    for i, fr in enumerate(c.field_rules):
        priority_ref(f"classification.field_rules[{i}].priority", fr.priority, classified=True)
        if fr.field not in field_keys:
            problems.append(
                (f"classification.field_rules[{i}].field", f"unknown intake field {fr.field!r}")
            )
    for i, cap in enumerate(c.caps):
        priority_ref(f"classification.caps[{i}].priority", cap.priority, classified=True)
    category_ids = {cat.id for cat in policy.categories}
    for p in policy.priorities:
        calendar_ref(f"priorities.{p.id}.clock", p.clock)
        if p.resolution_clock is not None:
            calendar_ref(f"priorities.{p.id}.resolution_clock", p.resolution_clock)
        for cat, cal in p.clocks.items():
            calendar_ref(f"priorities.{p.id}.clocks.{cat}", cal)
            if category_ids and cat not in category_ids:
                problems.append((f"priorities.{p.id}.clocks.{cat}", f"unknown category {cat!r}"))
        for attr in SLA_TARGETS:
            duration_ref(f"priorities.{p.id}.{attr}", getattr(p, attr))
    for i, f in enumerate(policy.intake.fields):
        cond = f.condition
        if cond.kind == "field":
            target = field_keys.get(cond.key)
            if target is None or target.key == f.key:
                problems.append(
                    (f"intake.fields[{i}].when", f"unknown intake field {cond.key!r} in {f.when!r}")
                )
            elif target.kind == "choice":
                allowed = {ch.value for ch in target.choices}
                bad = [v for v in cond.values if v not in allowed]
                if bad:
                    problems.append(
                        (
                            f"intake.fields[{i}].when",
                            f"{bad[0]!r} is not a choice of {cond.key!r} ({', '.join(sorted(allowed))})",
                        )
                    )
    for name, ch in policy.channels.items():
        if name not in CHANNEL_NAMES:
            problems.append(
                (f"channels.{name}", f"unknown channel; expected one of {', '.join(CHANNEL_NAMES)}")
            )
        calendar_ref(f"channels.{name}.hours", ch.hours)
        if ch.default_priority is not None:
            priority_ref(f"channels.{name}.default_priority", ch.default_priority)
    for i, level in enumerate(policy.escalation.levels):
        for pid, text in level.after.items():
            priority_ref(f"escalation.levels[{i}].after.{pid}", pid)
            duration_ref(f"escalation.levels[{i}].after.{pid}", text)
    calendar_ref("escalation.clock", policy.escalation.clock)
    lc = policy.lifecycle
    calendar_ref("lifecycle.close_no_response_clock", lc.close_no_response_clock)
    calendar_ref("lifecycle.callback_clock", lc.callback_clock)
    duration_ref("lifecycle.close_no_response_after", lc.close_no_response_after)
    duration_ref("lifecycle.callback_within", lc.callback_within)
    problems.extend(check_csat(policy.csat))
    problems.extend(check_maintenance(policy))
    return problems


def check_maintenance(policy: Policy) -> list[tuple[str, str]]:
    """`[[maintenance]]`: unique ids, one way of recurring, an anchor on the weekday."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, rule in enumerate(policy.maintenance):
        key = f"maintenance[{i}]"
        if rule.id in seen:
            problems.append((f"{key}.id", f"duplicate maintenance id {rule.id!r}"))
        seen.add(rule.id)
        if (rule.nth is None) == (rule.every_weeks is None):
            problems.append((key, "give either nth (of the month) or every_weeks, not both"))
        if rule.nth is not None and rule.nth not in (1, 2, 3, 4, 5, -1):
            problems.append((f"{key}.nth", "expected 1 to 5, or -1 for the last"))
        if rule.every_weeks is not None:
            if not 1 <= rule.every_weeks <= 52:
                problems.append((f"{key}.every_weeks", "expected 1 to 52"))
            if rule.anchor is None:
                problems.append((f"{key}.anchor", "every_weeks needs an anchor date to count from"))
            elif WEEKDAYS[rule.anchor.weekday()] != rule.weekday:
                day = WEEKDAYS[rule.anchor.weekday()]
                problems.append(
                    (f"{key}.anchor", f"{rule.anchor} is a {day}, not a {rule.weekday}")
                )
        if rule.start == rule.end:
            problems.append((f"{key}.end", "a window needs an end other than its start"))
        if rule.timezone is None:
            try:
                ZoneInfo(policy.plan.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                problems.append((f"{key}.timezone", "the plan's timezone is unknown: give one"))
    return problems
