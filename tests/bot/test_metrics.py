"""GET /metrics on prometheus_client: read back with prometheus_client's own parser after
real traffic through the app (signed Twilio webhooks, a reply through the outbox), each
app on a registry of its own; label values escaped; the outbox depth read at scrape time."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from bot.app import WEBHOOK_PATHS, Services
from bot.metrics import WEBHOOK_ROUTES, Metrics, OutboxDepth
from bot.store.protocol import OutboxItem, StoreError, TurnCommit
from domain.types import Address, Outbound
from tests.app_harness import PUBLIC, app_settings, running_app, twilio_sms
from tests.channels.fake_twilio import FakeTwilio, signed_form, sms_params
from tests.conftest import Clock

AUTH_TOKEN = "twilio-auth-token-for-metrics"
ACCOUNT_SID = "AC" + "2" * 32
ANA = "+14155552671"
INTAKE = (
    "Voicemail light stuck on for my phone only",
    "Ana Perez",
    "AC-10442",
    "ana@example.com",
    "yes",
)

Labels = tuple[tuple[str, str], ...]


def parse(text: str) -> dict[tuple[str, Labels], float]:
    """Every sample of an exposition, by name and sorted labels, as the parser reads it."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@dataclass
class App:
    services: Services
    client: httpx.AsyncClient
    clock: Clock

    async def text(self, body: str, *, sid: str = "") -> httpx.Response:
        path = "/webhooks/twilio/sms"
        content, headers = signed_form(AUTH_TOKEN, PUBLIC + path, sms_params(ANA, body, sid=sid))
        return await self.client.post(path, content=content, headers=headers)

    async def scrape(self) -> dict[tuple[str, Labels], float]:
        response = await self.client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"] == CONTENT_TYPE_LATEST
        return parse(response.text)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock) -> AsyncIterator[App]:
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        sms = twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        settings = app_settings(tmp_path, channels={"sms": sms})
        async with running_app(settings, clock) as (services, client):
            yield App(services, client, clock)


async def test_sms_webhooks_move_the_turn_webhook_and_ticket_metrics_read_by_the_parser(
    app: App,
) -> None:
    before = await app.scrape()
    assert before[("supportbot_up", ())] == 1
    assert before[("supportbot_channels", ())] == 1
    assert before.get(("supportbot_turns_total", (("channel", "sms"),)), 0) == 0

    for i, body in enumerate(INTAKE):
        response = await app.text(body, sid=f"SM{i:032x}")
        assert response.status_code == 200, response.text
    replayed = await app.text(INTAKE[0], sid=f"SM{0:032x}")  # Twilio's retry of the first
    assert replayed.status_code == 200

    after = await app.scrape()
    sms = (("channel", "sms"),)
    assert after[("supportbot_turns_total", sms)] == len(INTAKE)
    assert after[("supportbot_duplicates_total", sms)] == 1
    assert after[("supportbot_turn_duration_seconds_count", sms)] == len(INTAKE)
    assert after[("supportbot_turn_duration_seconds_bucket", (*sms, ("le", "+Inf")))] == len(INTAKE)
    assert after[("supportbot_turn_duration_seconds_sum", sms)] > 0
    route = (("route", "twilio_sms"),)
    # every request the provider made is timed, the replay too
    assert after[("supportbot_webhook_duration_seconds_count", route)] == len(INTAKE) + 1
    opened = [
        value
        for (name, labels), value in after.items()
        if name == "supportbot_tickets_opened_total"
    ]
    assert opened == [1]
    # /metrics and other paths are not webhooks
    assert not any(
        dict(labels).get("route") not in WEBHOOK_ROUTES
        for name, labels in after
        if name.startswith("supportbot_webhook_duration_seconds")
    )


async def test_a_later_reply_moves_the_delivery_counter_lag_and_outbox_depth(app: App) -> None:
    item = OutboxItem(
        id=uuid.uuid4().hex,
        outbound=Outbound(address=Address("sms", ANA), text="Hi Ana, fixed.", kind="agent"),
        created_at=app.clock(),
        not_before=app.clock(),
    )
    await app.services.store.commit(TurnCommit(at=app.clock(), outbox=(item,)))
    owed = await app.scrape()
    assert owed[("supportbot_outbox_depth", (("channel", "sms"),))] == 1

    app.clock.advance(seconds=40)  # the dispatcher gets to it 40 s after the commit
    assert await app.services.dispatcher.deliver_due() == 1

    sent = await app.scrape()
    sms = (("channel", "sms"),)
    assert sent[("supportbot_outbox_depth", sms)] == 0
    assert sent[("supportbot_deliveries_total", (*sms, ("result", "sent")))] == 1
    assert sent[("supportbot_outbox_delivery_lag_seconds_count", sms)] == 1
    assert sent[("supportbot_outbox_delivery_lag_seconds_sum", sms)] == 40.0
    lag_le = "supportbot_outbox_delivery_lag_seconds_bucket"
    assert sent[(lag_le, (*sms, ("le", "30.0")))] == 0
    assert sent[(lag_le, (*sms, ("le", "60.0")))] == 1


async def test_two_apps_in_one_process_count_on_registries_of_their_own(
    tmp_path: Path, clock: Clock
) -> None:
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        sms = twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        first = app_settings(tmp_path / "a", channels={"sms": sms})
        second = app_settings(tmp_path / "b", channels={"sms": sms})
        async with (
            running_app(first, clock) as (one, client),
            running_app(second, clock) as (other, _),
        ):
            response = await App(one, client, clock).text(INTAKE[0])
            assert response.status_code == 200
            assert one.metrics.value("supportbot_turns_total", channel="sms") == 1
            assert other.metrics.value("supportbot_turns_total", channel="sms") == 0
            assert one.metrics.registry is not other.metrics.registry


def test_label_values_with_quotes_backslashes_and_newlines_survive_the_round_trip() -> None:
    metrics = Metrics()
    awkward = 'P1 "urgent"\nsecond line \\ backslash'
    metrics.ticket_opened(awkward).inc()
    metrics.delivery('we"b', "a\nb").inc(2)
    text = asyncio.run(metrics.exposition()).decode()
    # one sample per line: the newline inside the value is escaped, not written
    (line,) = [ln for ln in text.splitlines() if ln.startswith("supportbot_tickets_opened_total{")]
    assert (
        line
        == 'supportbot_tickets_opened_total{priority="P1 \\"urgent\\"\\nsecond line \\\\ backslash"} 1.0'
    )
    samples = parse(text)
    assert samples[("supportbot_tickets_opened_total", (("priority", awkward),))] == 1
    assert samples[("supportbot_deliveries_total", (("channel", 'we"b'), ("result", "a\nb")))] == 2


def test_the_timed_webhook_paths_are_the_channels_own_routes() -> None:
    from channels.sms import INBOUND_PATH
    from channels.telegram import WEBHOOK_PATH
    from handoff.slack import EVENTS_PATH

    assert WEBHOOK_PATHS == {
        INBOUND_PATH: "twilio_sms",
        WEBHOOK_PATH: "telegram",
        EVENTS_PATH: "slack_events",
    }
    assert set(WEBHOOK_PATHS.values()) | {"smtp_data"} == set(WEBHOOK_ROUTES)


# -- the outbox depth at scrape time -------------------------------------------------------


def _depths(metrics: Metrics) -> dict[str, float]:
    text = asyncio.run(metrics.exposition()).decode()
    return {
        dict(labels)["channel"]: value
        for (name, labels), value in parse(text).items()
        if name == "supportbot_outbox_depth"
    }


def test_outbox_depth_is_read_from_the_store_for_every_channel_at_each_scrape() -> None:
    owed = {"sms": 3, "email-intake": 7}
    metrics = Metrics()

    async def count(*, channel: str) -> int:
        return owed.get(channel, 0)

    metrics.watch_outbox(count, lambda: ("sms", "email-intake", "telegram"))
    assert _depths(metrics) == {"sms": 3, "email-intake": 7, "telegram": 0}
    owed["sms"] = 1
    assert _depths(metrics)["sms"] == 1


def test_a_store_that_cannot_count_leaves_a_gap_not_a_stale_figure_or_a_failed_scrape(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = False
    metrics = Metrics()

    async def count(*, channel: str) -> int:
        if down:
            raise StoreError("redis unreachable")
        return 5

    metrics.watch_outbox(count, lambda: ("sms",))
    assert _depths(metrics) == {"sms": 5}
    down = True
    assert _depths(metrics) == {}
    assert "outbox depth not read" in caplog.text
    down = False
    assert _depths(metrics) == {"sms": 5}


async def test_a_store_read_that_hangs_is_given_up_on_and_the_scrape_answers() -> None:
    never = asyncio.Event()
    metrics = Metrics()

    async def count(*, channel: str) -> int:
        await never.wait()
        return 1

    metrics.watch_outbox(count, lambda: ("sms",), timeout=0.01)
    text = (await metrics.exposition()).decode()
    assert not any(name == "supportbot_outbox_depth" for name, _ in parse(text))
    assert "supportbot_turns_total" in text  # the rest of the exposition is there


async def test_concurrent_scrapes_share_one_store_read() -> None:
    release = asyncio.Event()
    reads = 0

    async def count(*, channel: str) -> int:
        nonlocal reads
        reads += 1
        await release.wait()
        return 2

    depth = OutboxDepth(count=count, channels=lambda: ("sms",))
    scrapes = [asyncio.create_task(depth.refresh()) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*scrapes)
    assert reads == 1
    [family] = list(depth.collect())
    assert [(s.labels, s.value) for s in family.samples] == [({"channel": "sms"}, 2)]


def test_held_counts_and_observations_read_as_direct_ones_at_every_collection() -> None:
    """The turn's and the webhook's meters hold their counts until the registry is
    collected: every collection (a scrape, `value`) reads what direct `inc`/`observe`
    calls would have left, float for float, and a worker nobody scrapes holds a bounded
    number of observations."""
    held, direct = Metrics(), Metrics()
    meters = held.channel("sms")
    amounts = [0.0004, 0.0123, 0.3, 0.00071, 7.5, 0.1 + 0.2, 1e-9, 0.02]
    for n, amount in enumerate(amounts):
        meters.turns.inc()
        meters.turn_seconds.observe(amount)
        held.ticket_opened("P1G").inc()
        direct.turns.labels("sms").inc()
        direct.turn_seconds.labels("sms").observe(amount)
        direct.tickets_opened.labels("P1G").inc()
        if n in (2, 5):  # a scrape in the middle of the run
            assert held.value("supportbot_turns_total", channel="sms") == n + 1
    for name, labels in (
        ("supportbot_turns_total", {"channel": "sms"}),
        ("supportbot_tickets_opened_total", {"priority": "P1G"}),
        ("supportbot_turn_duration_seconds_sum", {"channel": "sms"}),
        ("supportbot_turn_duration_seconds_count", {"channel": "sms"}),
        ("supportbot_turn_duration_seconds_bucket", {"channel": "sms", "le": "0.025"}),
        ("supportbot_turn_duration_seconds_bucket", {"channel": "sms", "le": "+Inf"}),
    ):
        assert held.value(name, **labels) == direct.value(name, **labels), name
    bounded = held.held_observations(held.turn_seconds.labels("email"))
    for _ in range(bounded.bound + 5):
        bounded.observe(0.001)
    assert len(bounded.held) == 5  # flushed at the bound, nothing lost
    assert held.value("supportbot_turn_duration_seconds_count", channel="email") == 1029


def test_the_webhook_routes_come_first_and_no_other_route_serves_their_paths(
    tmp_path: Path,
) -> None:
    """The router tries the providers' webhooks first (a storm's every message is one);
    that routes as before only because no other route matches a webhook's path."""
    from starlette.routing import Match

    from bot.app import build_app, build_services

    sms = twilio_sms("http://127.0.0.1:9", account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    settings = app_settings(tmp_path, channels={"webchat": {"enabled": True}, "sms": sms})
    routes = build_app(build_services(settings)).routes
    assert getattr(routes[0], "path", None) == "/webhooks/twilio/sms"
    assert len(routes) > 10  # the web chat's, the API's, the status page's...
    for route in routes[1:]:
        for method in ("POST", "GET"):
            scope = {"type": "http", "path": "/webhooks/twilio/sms", "method": method}
            assert route.matches({**scope, "root_path": ""})[0] is Match.NONE, route
