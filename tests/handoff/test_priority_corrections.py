"""The support lead's loop: an agent's priority change (Slack's Priority menu and
`/ticket N priority P2` both go through AgentActions.set_priority) becomes a labelled example
for `supportbot classify --from-corrections`, read from the ticket itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.classify_cli import corrections, evaluate
from bot.cli import main
from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from tests.conftest import Clock
from tests.handoff.test_desk import INTAKE, JOE, MARIA, World


async def test_an_agents_priority_change_lands_as_a_labelled_example(
    sqlite_store: SqliteStore, clock: Clock, calltower: Policy
) -> None:
    world = World(sqlite_store, clock, calltower)
    t = await world.ticket_with_human()
    assert t.priority == "P4"  # the bot read a single user's message-waiting light
    await world.ticket_with_human(who="luis")  # no agent re-prioritises this one
    assert (await world.actions.set_priority(t.number, MARIA, "P2")).ok
    assert (await world.actions.set_priority(t.number, JOE, "P3")).ok

    rows = corrections(await world.store.list_tickets())
    assert [(r.text, r.priority, r.lang) for r in rows] == [(INTAKE[0], "P3", "en")]
    report = evaluate(rows, calltower).report()
    assert "messages: 1" in report and "want P3 got P4" in report


def test_classify_from_corrections_reads_the_configured_store(
    tmp_path: Path, clock: Clock, calltower: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    async def correct() -> None:
        async with SqliteStore(tmp_path / "bot.db") as store:
            world = World(store, clock, calltower)
            t = await world.ticket_with_human()
            assert (await world.actions.set_priority(t.number, MARIA, "P3")).ok

    asyncio.run(correct())
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    assert main(["classify", "--config", str(cfg), "--from-corrections"]) == 0
    out = capsys.readouterr().out
    assert "labelled examples from agents' priority changes: 1" in out
    assert "want P3 got P4" in out
