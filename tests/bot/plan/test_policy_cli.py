"""`supportbot policy check|show|hours|sla`, called through bot.cli.main."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from bot.cli import main

CALLTOWER = (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8")


def _check(
    tmp_path: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """`policy check` on the CallTower profile with one piece of text replaced."""
    assert CALLTOWER.count(old) == 1, old
    path = tmp_path / "plan.toml"
    path.write_text(CALLTOWER.replace(old, new), encoding="utf-8")
    code = main(["policy", "check", str(path)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", ["somos", "calltower", "connexcs", "att-bvoip", "ringover"])
def test_every_shipped_profile_passes_policy_check(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(str(resources.files("bot") / "profiles" / f"{name}.toml"))
    assert main(["policy", "check", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_unknown_priority_in_the_table_names_file_key_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(
        tmp_path,
        '{ impact = "enhancement", priority = "P4" }',
        '{ impact = "enhancement", priority = "P9" }',
        capsys,
    )
    assert code == 2
    assert (
        f"{tmp_path / 'plan.toml'}: classification.rules[1].priority: unknown priority 'P9'" in err
    )


def test_empty_window_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(
        tmp_path, 'open = ["mon-fri 06:00-18:00"]', 'open = ["mon-fri 18:00-18:00"]', capsys
    )
    assert code == 2 and "calendars.business.open" in err and "empty" in err


def test_window_ending_before_it_starts_on_a_span_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(
        tmp_path, 'open = ["mon-fri 06:00-18:00"]', 'open = ["mon 18:00 - mon 06:00"]', capsys
    )
    assert code == 2 and "calendars.business.open" in err and "ends before it starts" in err


def test_overlapping_windows_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(
        tmp_path, '"sat,sun 08:00-17:00"]', '"sat,sun 08:00-17:00", "wed 08:00-17:00"]', capsys
    )
    assert code == 2 and "calendars.chat.open" in err and "overlap" in err


def test_unknown_time_zone_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = '[calendars.always]\ntimezone = "America/Denver"'
    code, err = _check(tmp_path, old, old.replace("America/Denver", "America/Atlantis"), capsys)
    assert code == 2 and "calendars.always.timezone" in err and "America/Atlantis" in err


def test_negative_duration_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(
        tmp_path, 'update_every = "1 business day"', 'update_every = "-2 business days"', capsys
    )
    assert (
        code == 2
        and "priorities.P3.update_every: duration '-2 business days' must be positive" in err
    )


def test_condition_on_an_unknown_choice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(tmp_path, 'when = "error"', 'when = "field:macd_speed=overnight"', capsys)
    assert code == 2 and "'overnight' is not a choice of 'macd_speed'" in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_hours_json_for_somos_sms_on_tuesday_evening(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "policy",
                "hours",
                "somos",
                "--channel",
                "sms",
                "--at",
                "2026-11-24T18:00-06:00",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["open"] is False
    assert report["next_open"] == "2026-11-25T09:00-06:00"
    assert report["timezone"] == "America/Chicago"


def test_hours_text_says_closed_and_next_opening(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "policy",
                "hours",
                "calltower",
                "--channel",
                "webchat",
                "--at",
                "2026-11-22T07:00-07:00",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "closed" in out and "next opening: 2026-11-22T08:00-07:00" in out


def test_sla_json_for_a_calltower_p3_opened_friday_afternoon(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "policy",
                "sla",
                "calltower",
                "--priority",
                "P3",
                "--opened",
                "2026-11-20T16:30-07:00",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["first_response_due"] == "2026-11-23T08:30-07:00"
    assert report["next_update_due"] == "2026-11-23T16:30-07:00"


def test_sla_json_lists_the_att_escalation_ladder(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "policy",
                "sla",
                "att-bvoip",
                "--priority",
                "SEV2",
                "--opened",
                "2026-11-24T09:00-06:00",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["first_response_due"] is None
    assert [(s["level"], s["from"]) for s in report["escalation"]] == [
        (1, "2026-11-24T11:00-06:00"),
        (2, "2026-11-24T13:00-06:00"),
        (3, "2026-11-24T15:00-06:00"),
        (4, "2026-11-24T17:00-06:00"),
    ]


def test_sla_unknown_priority_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "sla", "somos", "--priority", "P9"]) == 2
    assert "unknown priority 'P9'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["somos", "calltower", "connexcs", "att-bvoip", "ringover"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_show_renders_every_profile_as_markdown(
    name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "show", name, "--lang", lang]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# ") and "|---|" in page


def test_show_in_spanish_quotes_calltower_statuses_and_macd(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "show", "calltower", "--lang", "es"]) == 0
    page = capsys.readouterr().out
    assert "Cerrado sin respuesta" in page and "Solicitud MACD (expedita)" in page
