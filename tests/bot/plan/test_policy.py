"""The default plan (CallTower) and how bad plan files are reported."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.plan.policy import Policy, PolicyError, load_policy, load_policy_file, parse_policy

MT = ZoneInfo("America/Denver")


def _calltower_data() -> dict[str, Any]:
    text = (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_default_profile_is_calltower_with_four_priorities(calltower: Policy) -> None:
    assert calltower.plan.name == "calltower"
    # P1-P4 are classified; P1G (master cases) is set by staff, MACD are requests
    levels = [p for p in calltower.priorities if p.kind == "incident" and not p.agent_only]
    assert [p.id for p in levels] == ["P1", "P2", "P3", "P4"]
    assert [p.first_response for p in levels] == [
        "15m",
        "30m",
        "4h",
        "1 business day",
    ]
    assert [p.update_every for p in levels] == [
        "1h",
        "2h",
        "1 business day",
        "2 business days",
    ]


def test_every_priority_has_definitions_and_examples_in_both_languages(calltower: Policy) -> None:
    for p in calltower.priorities:
        assert p.definition.en and p.definition.es
        assert p.examples.en and p.examples.es


def test_p1_first_response_runs_on_the_wall_clock_on_a_sunday_night(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    assert calltower.due("P1", "first_response", opened) == opened + timedelta(minutes=15)


def test_p3_opened_friday_afternoon_is_due_monday_morning(calltower: Policy) -> None:
    opened = datetime(2026, 11, 20, 16, 30, tzinfo=MT)
    assert calltower.due("P3", "first_response", opened) == datetime(2026, 11, 23, 8, 30, tzinfo=MT)


def test_p4_opened_before_thanksgiving_is_due_the_friday_after(calltower: Policy) -> None:
    opened = datetime(2026, 11, 25, 10, 0, tzinfo=MT)
    assert calltower.due("P4", "first_response", opened) == datetime(2026, 11, 27, 10, 0, tzinfo=MT)


def test_chat_hours_follow_the_plan(calltower: Policy) -> None:
    assert calltower.humans_on_duty("webchat", datetime(2026, 11, 24, 23, 30, tzinfo=MT))
    assert not calltower.humans_on_duty("webchat", datetime(2026, 11, 22, 7, 0, tzinfo=MT))
    back = calltower.humans_back_at("webchat", datetime(2026, 11, 22, 7, 0, tzinfo=MT))
    assert back == datetime(2026, 11, 22, 8, 0, tzinfo=MT)


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as info:
        parse_policy(data, source="plan.toml")
    return info.value.problems


def test_unknown_priority_in_the_table_is_named() -> None:
    data = _calltower_data()
    data["classification"]["rules"][0]["priority"] = "P9"
    [(key, reason)] = _problems(data)
    assert key == "classification.rules[0].priority" and "P9" in reason


def test_unknown_time_zone_is_named() -> None:
    data = _calltower_data()
    data["calendars"]["business"]["timezone"] = "Mars/Olympus"
    problems = _problems(data)
    assert any(
        key.startswith("calendars.business") and "Mars/Olympus" in reason
        for key, reason in problems
    )


def test_negative_duration_is_refused() -> None:
    data = _calltower_data()
    data["priorities"][1]["first_response"] = "-15m"  # [0] is P1G
    problems = _problems(data)
    assert any(
        key == "priorities.P1.first_response" and "positive" in reason for key, reason in problems
    )


def test_overlapping_windows_are_refused() -> None:
    data = _calltower_data()
    data["calendars"]["chat"]["open"] = ["mon-fri 05:00-24:00", "mon 08:00-17:00"]
    problems = _problems(data)
    assert any(key.startswith("calendars.chat") and "overlap" in reason for key, reason in problems)


def test_unknown_key_is_named_with_its_path() -> None:
    data = _calltower_data()
    data["priorities"][1]["first_responce"] = "30m"
    problems = _problems(data)
    assert ("priorities[1].first_responce", "Extra inputs are not permitted") in problems


def test_bad_file_names_file_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "plan.toml"
    bad.write_text("[plan\nname=", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(bad)
    assert str(bad) in str(info.value) and "(syntax)" in str(info.value)


def test_unknown_profile_name_lists_the_shipped_ones() -> None:
    with pytest.raises(PolicyError) as info:
        load_policy("nope")
    assert "calltower" in str(info.value)
