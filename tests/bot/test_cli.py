"""The `supportbot` command line: batch tools, tickets, console chat, config errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.turns import Engine
from channels.console import chat_loop

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
