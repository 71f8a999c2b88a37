"""The `supportbot` command line: batch tools, tickets, console chat, config errors."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import _parser, main, ticket_lines, ticket_rows
from bot.engine.turns import Engine
from channels.console import chat_loop
from domain.types import TicketEvent
from tests.factories import T0, make_ticket

# a whole intake over the console, the customer's answers in order
CHAT = (
    "Voicemail light is stuck on for my phone only",
    "Ana Pérez",
    "AC-1",
    "+1 415 555 2671",
    "ana@example.com",
    "yes",
)


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bot.cli ARGS` in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _run(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(args) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_classify_writes_one_json_line_per_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "\n".join(
        json.dumps(x)
        for x in [
            {"text": "The circuit is down and the whole site lost service"},
            {"text": "La luz de mensaje en espera no funciona para un solo usuario", "lang": "es"},
            "not an object",
        ]
    )
    out = _run(["classify", "--policy", "calltower"], lines, monkeypatch, capsys)
    assert out[0]["priority"] == "P1" and out[0]["scope"] == "site" and out[0]["impact"] == "outage"
    assert set(out[0]) == {"priority", "impact", "scope", "service", "confidence", "would_ask"}
    assert out[1]["priority"] == "P4"
    assert "error" in out[2]


def test_extract_writes_normalised_fields(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Soy Ana Pérez, mi número es 415-555-2671, correo Ana@Example.com, ticket #10042"
    [out] = _run(["extract"], json.dumps({"text": text}), monkeypatch, capsys)
    fields = out["fields"]
    assert fields["phone"] == "+14155552671"
    assert fields["email"] == "ana@example.com"
    assert fields["ticket"] == "10042"
    assert fields["name"] == "Ana Pérez"


def test_invalid_config_exits_2_naming_file_key_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[server]\nport = 99999\n", encoding="utf-8")
    assert main(["tickets", "--config", str(cfg), "list"]) == 2
    err = capsys.readouterr().err
    assert str(cfg) in err and "server.port" in err and "65535" in err
    assert "Traceback" not in err


def test_serve_with_bad_config_prints_no_traceback(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('policy = "nonexistent"\n', encoding="utf-8")
    proc = _cli("serve", "--config", str(cfg))
    assert proc.returncode == 2
    assert "nonexistent" in proc.stderr and "Traceback" not in proc.stderr


def test_policy_check_accepts_the_shipped_plan_and_rejects_a_broken_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlib import resources

    good = tmp_path / "plan.toml"
    good.write_text(
        (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert main(["policy", "check", str(good)]) == 0
    bad = tmp_path / "broken.toml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace('clock = "business"', 'clock = "nope"', 1),
        encoding="utf-8",
    )
    assert main(["policy", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "unknown calendar 'nope'" in err


async def test_console_chat_runs_a_conversation_under_sms_rules(engine: Engine) -> None:
    script = iter([*CHAT, None])
    out = io.StringIO()
    await chat_loop(engine, channel="sms", user="tester", read_line=lambda: next(script), out=out)
    text = out.getvalue()
    assert "Callback number?" in text  # the SMS short variant
    assert "Ticket #10001" in text


def test_tickets_list_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    proc = _cli("chat", "--config", str(cfg), stdin="\n".join(CHAT) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "Ticket #10001" in proc.stdout
    assert main(["tickets", "--config", str(cfg), "list"]) == 0
    listing = capsys.readouterr().out
    assert "#10001" in listing and "P4" in listing
    header, row = listing.splitlines()
    assert header.split() == ["TICKET", "PRIORITY", "STATUS", "CHANNEL", "OPENED", "SUMMARY"]
    # calltower's zone is America/Denver: -07:00 or -06:00, never the UTC "Z" of before
    assert re.search(r" \d{4}-\d\d-\d\dT\d\d:\d\d-0[67]:00 ", row), row
    assert main(["tickets", "--config", str(cfg), "show", "10001", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["fields"]["name"] == "Ana Pérez"
    assert main(["tickets", "--config", str(cfg), "show", "999"]) == 1


def test_serving_freezes_start_up_objects_and_collects_young_ones_less_often() -> None:
    # in a child process: the collector's settings are global
    code = (
        "import gc; from bot.gc_tuning import GEN0_THRESHOLD, tune_for_serving; "
        "before = gc.get_threshold(); tune_for_serving(); "
        "assert gc.get_freeze_count() > 1_000, gc.get_freeze_count(); "
        "assert gc.get_threshold() == (GEN0_THRESHOLD, *before[1:]); print('ok')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_version_is_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"supportbot {metadata.version('supportbot')}\n"


def _parsers(
    parser: argparse.ArgumentParser, path: str
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_command_option_and_argument_has_help() -> None:
    missing = []
    for path, parser in _parsers(_parser(), "supportbot"):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                # the commands themselves: each needs the line `--help` lists it with
                missing += [f"{path} {c.dest}" for c in action._choices_actions if not c.help]
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_tickets_list_says_there_are_none_instead_of_printing_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    assert main(["tickets", "--config", str(cfg), "list"]) == 0
    assert capsys.readouterr().out == "No tickets yet.\n"
    assert main(["tickets", "--config", str(cfg), "list", "--open"]) == 0
    assert capsys.readouterr().out == "No open tickets.\n"
    assert main(["tickets", "--config", str(cfg), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_tickets_list_aligns_columns_under_a_header_with_times_in_the_plans_zone() -> None:
    rows = ticket_rows(
        [
            make_ticket(number=10002, priority="P1G", summary="Site down", created_at=T0),
            make_ticket(number=10001, priority="P4", summary="VM light", created_at=T0),
        ],
        ZoneInfo("America/Denver"),
    )
    assert rows == [
        "TICKET  PRIORITY  STATUS  CHANNEL  OPENED                  SUMMARY",
        "#10002  P1G       new     sms      2025-03-03T07:00-07:00  Site down",  # T0: 14:00 UTC
        "#10001  P4        new     sms      2025-03-03T07:00-07:00  VM light",
    ]


def test_tickets_show_prints_every_time_the_way_list_does() -> None:
    ticket = make_ticket(
        created_at=T0,
        first_response_due=T0 + timedelta(hours=1),
        next_update_due=None,
        events=(TicketEvent(at=T0 + timedelta(minutes=5), kind="claimed", detail="by ana"),),
    )
    text = "\n".join(ticket_lines(ticket, ZoneInfo("Europe/Madrid")))
    assert "  created_at: 2025-03-03T15:00+01:00" in text
    assert "  first_response_due: 2025-03-03T16:00+01:00" in text
    assert "  next_update_due: -" in text
    assert "    2025-03-03T15:05+01:00 claimed by ana" in text
    assert "+00:00" not in text and "Z" not in text


def test_policy_sla_takes_a_priority_id_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    opened = ["--opened", "2026-11-20T16:30-07:00", "--json"]
    assert main(["policy", "sla", "calltower", "--priority", "P3", *opened]) == 0
    upper = json.loads(capsys.readouterr().out)
    assert main(["policy", "sla", "calltower", "--priority", "p3", *opened]) == 0
    lower = json.loads(capsys.readouterr().out)
    assert lower == upper and lower["priority"] == "P3"
    assert main(["policy", "sla", "calltower", "--priority", "macd-x", *opened]) == 0
    assert json.loads(capsys.readouterr().out)["priority"] == "MACD-X"
    assert main(["policy", "sla", "calltower", "--priority", "p9", *opened]) == 2
    assert "unknown priority 'p9'" in capsys.readouterr().err
