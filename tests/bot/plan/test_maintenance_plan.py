"""`[[maintenance]]` in a plan (bot/plan/maintenance.py, bot/plan/check.py): CallTower's
two recurring windows, and bad rules reported as FILE: KEY: REASON."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest

from bot.plan.doc import render_markdown
from bot.plan.policy import Policy, PolicyError, parse_policy


def _calltower_data() -> dict[str, Any]:
    text = (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as info:
        parse_policy(data, source="plan.toml")
    assert str(info.value).startswith("plan.toml: ")
    return info.value.problems


def test_calltower_promises_the_monthly_window_and_connect_updates(calltower: Policy) -> None:
    monthly, connect = calltower.maintenance
    december = monthly.windows(
        calltower.plan.timezone, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert [(w.id, w.starts_at, w.ends_at) for w in december] == [
        (
            "monthly-2026-12-18",
            datetime(2026, 12, 19, 5, tzinfo=UTC),  # Friday 22:00 MST
            datetime(2026, 12, 19, 11, tzinfo=UTC),  # Saturday 04:00 MST
        )
    ]
    assert december[0].notices == ("7d", "start", "end")
    assert december[0].title == {
        "en": "Monthly scheduled maintenance",
        "es": "Mantenimiento mensual programado",
    }
    updates = connect.windows(
        calltower.plan.timezone, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert [w.id for w in updates] == ["connect-2026-12-08", "connect-2026-12-29"]
    assert updates[0].notices == ("24h",) and updates[0].products == ("CallTower Connect",)
    assert updates[0].affects("The CallTower Connect portal won't load", service="other")
    assert not updates[0].affects("calls drop when I connect", service="voice")


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ({"weekday": "friday"}, "maintenance[0].weekday", "mon"),
        ({"start": "25:00"}, "maintenance[0].start", "HH:MM"),
        ({"notices": ["a week"]}, "maintenance[0].notices", "unknown notice"),
        ({"services": ["fax"]}, "maintenance[0].services", "unknown service"),
        ({"timezone": "Mars/Olympus"}, "maintenance[0].timezone", "Mars/Olympus"),
        ({"every_weeks": 2}, "maintenance[0]", "either nth"),
        ({"nth": 6}, "maintenance[0].nth", "1 to 5"),
        ({"end": "22:00"}, "maintenance[0].end", "other than its start"),
        ({"id": "Monthly window"}, "maintenance[0].id", "lowercase"),
    ],
)
def test_a_bad_monthly_rule_is_named_with_its_key(
    change: dict[str, Any], key: str, words: str
) -> None:
    data = _calltower_data()
    data["maintenance"][0].update(change)
    problems = _problems(data)
    assert any(k == key and words in reason for k, reason in problems), problems


def test_an_anchor_on_the_wrong_weekday_is_refused() -> None:
    data = _calltower_data()
    data["maintenance"][1]["anchor"] = datetime(2026, 1, 7).date()
    assert _problems(data) == [("maintenance[1].anchor", "2026-01-07 is a wed, not a tue")]


def test_every_weeks_needs_an_anchor() -> None:
    data = _calltower_data()
    del data["maintenance"][1]["anchor"]
    assert _problems(data) == [
        ("maintenance[1].anchor", "every_weeks needs an anchor date to count from")
    ]


def test_two_rules_with_one_id_are_refused() -> None:
    data = _calltower_data()
    data["maintenance"][1]["id"] = "monthly"
    assert ("maintenance[1].id", "duplicate maintenance id 'monthly'") in _problems(data)


def test_the_plans_page_lists_the_windows_and_their_notices(calltower: Policy) -> None:
    english = render_markdown(calltower, "en")
    assert (
        "- Monthly scheduled maintenance: the third Friday of each month, 22:00-04:00"
        " (America/Denver); email notices: 7 days before, when it starts, when it ends."
    ) in english
    assert "every 3 weeks on Tuesdays (from 2026-01-06), 21:00-23:00" in english
    spanish = render_markdown(calltower, "es")
    assert "## Ventanas de mantenimiento" in spanish
    assert "el tercer viernes de cada mes, 22:00-04:00" in spanish
    assert "cada 3 semanas, los martes (desde el 2026-01-06)" in spanish
    assert "avisos por correo: 24 horas antes." in spanish
