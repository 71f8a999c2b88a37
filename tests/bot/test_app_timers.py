"""One timer loop per worker: without an agent desk, SLA timers (first-response re-pings,
update reminders) are dropped when due instead of being claimed and put back on every poll."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.app import build_services
from bot.config import load_settings
from bot.store.protocol import Timer, TurnCommit
from tests.conftest import Clock


async def test_without_slack_due_sla_timers_are_dropped_not_requeued(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    clock = Clock()
    services = build_services(load_settings(cfg, environ={}), clock=clock)
    await services.store.open()
    try:
        due = clock() - timedelta(minutes=1)
        timers = (
            Timer("sla:1:first_response", due, "sla_first_response"),
            Timer("sla:1:update", due, "sla_update_due", {"ticket": "1"}),
        )
        await services.store.commit(TurnCommit(at=clock(), timers=timers))
        assert await services.timers.run_due() == 2
        assert await services.store.claim_due_timers(now=clock() + timedelta(days=1)) == []
    finally:
        await services.store.close()
