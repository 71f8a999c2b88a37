"""`Policy.sla_target`: a priority's SLA target and its calendar, remembered per policy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.plan.durations import parse_duration
from bot.plan.policy import SLA_TARGETS, Policy, load_policy, profile_names

PROFILE = Path(__file__).parents[3] / "bot" / "profiles" / "calltower.toml"


def _read_afresh(policy: Policy, pid: str, which: str) -> object:
    level = policy.priority(pid)
    cal = policy.calendar(policy.clock_name(pid, which))
    text = getattr(level, which)
    return None if text is None else parse_duration(text, business_day=cal.business_day)


def test_a_remembered_target_is_the_one_read_afresh_for_every_priority(calltower: Policy) -> None:
    for _ in range(2):  # the second pass answers from the memo
        for level in calltower.priorities:
            for which in SLA_TARGETS:
                duration, cal = calltower.sla_target(level.id, which)
                assert duration == _read_afresh(calltower, level.id, which)
                assert cal is calltower.calendar(calltower.clock_name(level.id, which))
                assert calltower.sla_duration(level.id, which) == duration


def test_a_copy_with_other_priorities_is_not_served_the_originals_targets(
    calltower: Policy,
) -> None:
    pid = calltower.priorities[0].id
    before = calltower.sla_duration(pid, "first_response")
    changed = [
        level.model_copy(update={"first_response": "7h"}) if level.id == pid else level
        for level in calltower.priorities
    ]
    copy = calltower.model_copy(update={"priorities": changed})
    assert copy.sla_duration(pid, "first_response") == _read_afresh(copy, pid, "first_response")
    assert copy.sla_duration(pid, "first_response") != before
    assert calltower.sla_duration(pid, "first_response") == before
    assert copy.priority(pid).first_response == "7h"  # the copy's own priorities, not a memo


def test_a_reloaded_plan_answers_from_its_own_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = PROFILE.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    first = load_policy(str(plan))
    pid = first.priorities[0].id
    was = first.sla_duration(pid, "first_response")
    plan.write_text(text.replace('first_response = "15m"', 'first_response = "45m"', 1))
    again = load_policy(str(plan))
    assert again.sla_duration(pid, "first_response") != was
    assert again.sla_duration(pid, "first_response") == _read_afresh(again, pid, "first_response")
    assert first.sla_duration(pid, "first_response") == was


@pytest.mark.parametrize("profile", profile_names())
def test_escalation_times_remembered_are_those_read_afresh(profile: str) -> None:
    policy = load_policy(profile)
    opened = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    cal = policy.calendar(policy.escalation.clock)
    for _ in range(2):
        for level in policy.priorities:
            expected = [
                (
                    lv,
                    cal.add(
                        opened,
                        parse_duration(lv.after[level.id], business_day=cal.business_day).amount,
                    ),
                )
                for lv in sorted(policy.escalation.levels, key=lambda lv: lv.level)
                if lv.after.get(level.id) is not None
            ]
            assert policy.escalation_times(level.id, opened) == expected
