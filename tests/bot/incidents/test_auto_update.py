"""The plan's automatic "still working on it" update (bot/incidents/reminders.py), on a
settable clock: CallTower P1G promises an update every hour, so an hour without one tells
every child, on their channel and in their language, that the work goes on and when the
next update comes; a staff update starts the hour again; a plan without the option sends
nothing (staff are still reminded in Slack, tests/handoff/test_slack_incidents.py); the
incident's and its platform's subscribers hear it too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.engine.timers import TimerLoop
from bot.engine.turns import Engine
from bot.incidents.desk import IncidentDesk, NewIncident
from bot.incidents.fanout import Fanout
from bot.incidents.jobs import FanoutJobs
from bot.incidents.reminders import KIND, UpdateDue
from bot.plan.policy import Policy
from bot.store.protocol import Store
from domain.incident import IncidentMatch
from domain.types import Address, Inbound
from tests.bot.incidents.outage_env import Outage, mail_text, outage_app
from tests.conftest import Clock

ANA = "+14155552671"
BEA = 5151
DALLAS = {"title": "Dallas down", "match": {"keywords": ["dallas"]}}


@pytest.fixture
async def outage(tmp_path: Path, clock: Clock) -> AsyncIterator[Outage]:
    async with outage_app(tmp_path, clock) as env:
        env.services.timers.stop()  # the test runs the timers itself, at the clock it sets
        yield env


def _sms(outage: Outage) -> str:
    return " ".join(m["Body"] for m in outage.twilio.messages if m["To"] == ANA)


async def _tick(outage: Outage) -> None:
    """Run what is due (the children's SLA timers too) and deliver what it queued."""
    await outage.services.timers.run_due()
    await outage.deliver()


async def test_an_hour_without_an_update_tells_every_child_when_the_next_one_comes(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", DALLAS)
    await outage.sms(ANA, "Dallas calls fail")
    await outage.tg(BEA, "Las llamadas de Dallas fallan")
    outage.clock.advance(minutes=59)
    await _tick(outage)
    assert "still working" not in _sms(outage)

    outage.clock.advance(minutes=2)
    await _tick(outage)
    next_by = outage.services.engine.format_time(outage.clock() + timedelta(hours=1), "en")
    assert f"still working on it. Next update by {next_by}." in _sms(outage)
    [tg] = [c["text"] for c in outage.telegram.named("sendMessage") if "Seguimos" in c["text"]]
    assert outage.services.engine.format_time(outage.clock() + timedelta(hours=1), "es") in tg
    detail = await outage.api("GET", f"/api/incidents/{opened['id']}")
    assert detail["updates"] == []  # staff's updates only: the page still shows none

    # a staff update starts the hour again
    outage.clock.advance(minutes=30)
    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Carrier on it."})
    await outage.deliver()
    told = _sms(outage).count("still working")
    outage.clock.advance(minutes=59)
    await _tick(outage)
    assert _sms(outage).count("still working") == told
    outage.clock.advance(minutes=2)
    await _tick(outage)
    assert _sms(outage).count("still working") == told + 1

    # resolved: no more
    await outage.api("POST", f"/api/incidents/{opened['id']}/resolve", {"text": "Back."})
    await outage.deliver()
    outage.clock.advance(hours=3)
    await _tick(outage)
    assert _sms(outage).count("still working") == told + 1


async def test_a_plan_without_the_option_sends_customers_nothing(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    data = calltower.model_dump()
    for level in data["priorities"]:
        level["auto_update"] = False
    quiet = Policy.model_validate(data)
    assert calltower.priority_by_id["P1G"].auto_update  # CallTower's plan has it on
    fanout = Fanout(store=store, policy=quiet, clock=clock, kick=lambda: None)
    jobs = FanoutJobs(store=store, fanout=fanout, clock=clock)
    desk = IncidentDesk(store=store, policy=quiet, clock=clock, kick=lambda: None, jobs=jobs)
    incident = await desk.open(
        NewIncident(title="Dallas down", summary={}, match=IncidentMatch(keywords=("dallas",)))
    )
    engine = Engine(store=store, policy=quiet, clock=clock)
    customer = Address("sms", ANA)
    await engine.handle(Inbound(customer, "Dallas calls fail", "SM1", clock()))
    assert await store.count_incident_children(incident.id) == 1

    reminded: list[int] = []
    due = UpdateDue(store=store, policy=quiet, clock=clock, jobs=jobs)

    async def hook(owed: object) -> None:
        reminded.append(1)

    due.add_hook(hook)
    loop = TimerLoop(store=store, clock=clock)
    loop.register(KIND, due.on_timer)
    clock.advance(minutes=61)
    assert await loop.run_due() == 1
    await jobs.drain()
    assert reminded == [1]  # staff are still reminded
    notices = [i.outbound.text for i in await store.outbox_for(customer)]
    assert not any("still working" in t for t in notices)


async def test_the_automatic_update_reaches_the_incidents_and_the_platforms_subscribers_once(
    outage: Outage,
) -> None:
    opened = await outage.api(
        "POST", "/api/incidents", {**DALLAS, "service": "Teams Direct Routing"}
    )
    # Ana subscribes to the platform by SMS (in Spanish); Bea, on Telegram, to it too;
    # Carl to the incident from the status page (his confirmation link, applied)
    await outage.sms(ANA, "Avísenme de Teams Direct Routing")
    await outage.tg(BEA, "Subscribe me to all updates about Teams Direct Routing")
    carl = "carl@customer.example"
    subs = outage.services.incidents.subscriptions
    await subs.apply(
        subs.token("confirm", f"email:{carl}", incident=opened["id"]), expected="confirm", lang="en"
    )
    outage.clock.advance(minutes=61)
    await _tick(outage)
    next_by = outage.clock() + timedelta(hours=1)
    fmt = outage.services.engine.format_time
    ana = _sms(outage)
    assert 'Seguimos trabajando en "Dallas down". Próxima novedad: ' + fmt(next_by, "es") in ana
    [bea] = [
        c["text"] for c in outage.telegram.named("sendMessage") if "Still working" in c["text"]
    ]
    assert f"Next update by {fmt(next_by, 'en')}." in bea and "unsubscribe" in bea
    [mail] = [c.message for c in outage.relay.received if c.rcpt_tos == [carl]]
    text = mail_text(mail)
    assert 'Still working on "Dallas down": nothing new yet' in text
    assert "/status/unsubscribe?t=" in text
    # the job run again (its lease fell due on another worker) tells nobody twice
    sent = (len(outage.twilio.messages), len(outage.telegram.named("sendMessage")))
    mails = len(outage.relay.received)
    fanout = outage.services.incidents.desk.fanout
    incident = await outage.services.store.get_incident(opened["id"])
    assert incident is not None
    key = f"auto{int((outage.clock()).timestamp()) // 60}"
    again = await fanout.still_working(incident, key=key, next_by=next_by)
    await outage.deliver()
    assert again.told == 0
    assert (len(outage.twilio.messages), len(outage.telegram.named("sendMessage"))) == sent
    assert len(outage.relay.received) == mails
