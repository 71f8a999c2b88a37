"""One timer loop per worker: without an agent desk, SLA timers (first-response re-pings,
update reminders) are dropped when due instead of being claimed and put back on every poll,
and a clock that ran out is still recorded on the ticket as a breach;
with the Slack desk, the composition root registers the desk's handlers for them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.app import build_services
from bot.config import load_settings
from bot.contacts.gate import APPROVAL_PATH, ContactGate
from bot.engine.sla_timers import SLA_TIMER_KINDS, first_response_timers
from bot.store.protocol import Timer, TurnCommit
from handoff.slack import EVENTS_PATH
from tests.conftest import Clock
from tests.factories import make_ticket


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


async def test_without_slack_a_breach_is_still_recorded_on_the_ticket(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    clock = Clock()
    services = build_services(load_settings(cfg, environ={}), clock=clock)
    await services.store.open()
    try:
        ticket = make_ticket(
            priority="P3", created_at=clock(), first_response_due=clock() + timedelta(hours=4)
        )
        timers = tuple(first_response_timers(services.policy, ticket))
        await services.store.commit(TurnCommit(at=clock(), tickets=(ticket,), timers=timers))
        clock.advance(days=2)
        assert await services.timers.run_due() == 2  # the 80 % re-ping (dropped), the breach
        stored = await services.store.get_ticket(ticket.number)
        assert [c for c, _ in stored.breaches] == ["first_response"]
        value = services.metrics.value
        assert value("supportbot_sla_breaches_total", clock="first_response", priority="P3") == 1
    finally:
        await services.store.close()


async def test_with_slack_the_app_wires_the_desks_timers_listener_and_route(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n'
        '[slack]\nenabled = true\nbot_token = "xoxb-t"\nsigning_secret = "s"\n'
        'queue_channel = "CQUEUE"\n',
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    desk = services.components[0]
    # the engine was built knowing a desk is there (customers hear "connecting")
    assert services.engine.handoff is True
    # outage mode's listener ("not that" restores a child's priority), then the desk's
    assert services.engine.listeners == [
        services.incidents.unlinked,
        services.incidents.subscribed,
        desk.handoff.on_turn,
    ]
    assert "incident_update_due" in services.timers.handlers
    # an update's fan-out whose worker died is resumed by any worker's loop
    assert services.timers.handlers["incident_fanout"] == services.incidents.jobs.on_timer
    for kind in SLA_TIMER_KINDS:
        assert services.timers.handlers[kind] == desk.handoff.on_timer
    assert services.timers.handlers["ticket_hold_end"] == desk.on_hold_end
    paths = [getattr(r, "path", "") for r in services.extra_routes]
    # and the API's, the public status page's (bot.incidents.status_page), the signed file
    # links' (bot.files) and the MPOCs' approval page (bot.contacts.approval), whose check
    # runs as each ticket opens
    public = ("/api/", "/status", "/files/", APPROVAL_PATH)
    assert [p for p in paths if not p.startswith(public)] == [EVENTS_PATH]
    assert APPROVAL_PATH in paths
    assert [type(c) for c in services.engine.opening_checks] == [ContactGate]
