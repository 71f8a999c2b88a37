"""`[status] source` (bot/incidents/status_source.py) against a local HTTP server serving
a Statuspage `unresolved.json` fixture, on both store backends: the upstream incident is
mirrored read-only, a customer writing about it is linked, a new upstream update reaches
them, leaving the unresolved list resolves it here, a broken answer changes nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.engine.turns import Engine
from bot.incidents.desk import IncidentDesk, Refused
from bot.incidents.fanout import Fanout
from bot.incidents.jobs import FanoutJobs
from bot.incidents.status_source import StatuspageSource
from bot.plan.policy import Policy
from bot.store.protocol import Store
from domain.incident import IncidentStatus
from domain.types import Address, Inbound, TicketStatus
from tests.conftest import Clock

FIXTURE = Path(__file__).parents[2] / "data" / "statuspage" / "unresolved.json"
CUSTOMER = Address("sms", "+14155552671")


class Page:
    """The stand-in status page: serves `document` (or fails with `status`)."""

    def __init__(self) -> None:
        self.document: Any = json.loads(FIXTURE.read_text(encoding="utf-8"))
        self.status = 200
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        if self.status != 200:
            return web.Response(status=self.status, text="down")
        return web.json_response(self.document)


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    served = Page()
    app = web.Application()
    app.router.add_get("/api/v2/incidents/unresolved.json", served.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    served.url = f"http://127.0.0.1:{port}/api/v2/incidents/unresolved.json"
    yield served
    await runner.cleanup()


def _parts(
    store: Store, policy: Policy, clock: Clock, url: str
) -> tuple[StatuspageSource, FanoutJobs]:
    fanout = Fanout(store=store, policy=policy, clock=clock, kick=lambda: None)
    jobs = FanoutJobs(store=store, fanout=fanout, clock=clock)
    source = StatuspageSource(url=url, store=store, policy=policy, clock=clock, jobs=jobs)
    return source, jobs


async def _notices(store: Store, text: str) -> int:
    return sum(1 for i in await store.outbox_for(CUSTOMER) if text in i.outbound.text)


async def test_an_upstream_incident_is_mirrored_and_its_customers_follow_it(
    store: Store, calltower: Policy, clock: Clock, page: Page
) -> None:
    source, jobs = _parts(store, calltower, clock, page.url)
    assert await source.poll() == 1
    [mirror] = await store.list_incidents(open_only=True)
    assert mirror.title == "Teams Direct Routing calls failing"
    assert mirror.status is IncidentStatus.IDENTIFIED
    assert mirror.service == "Teams Direct Routing"
    assert mirror.source == "statuspage:p31zjtct2jer"
    assert [u.text[:24] for u in mirror.updates] == [  # oldest first
        "We are investigating fai",
        "The issue is with a carr",
    ]
    assert await source.poll() == 0  # nothing new upstream: nothing saved

    # a customer writing about it is told at once and linked
    engine = Engine(store=store, policy=calltower, clock=clock)
    result = await engine.handle(
        Inbound(CUSTOMER, "Teams Direct Routing calls drop for us", "SM1", clock())
    )
    assert "Known issue" in "\n".join(r.text for r in result.replies)
    [child] = await store.incident_children(mirror.id)

    # staff cannot post to a mirror: it is updated upstream
    desk = IncidentDesk(store=store, policy=calltower, clock=clock, kick=lambda: None)
    with pytest.raises(Refused):
        await desk.post_update(mirror.id, "from here")

    # a new upstream update reaches the child
    upstream = copy.deepcopy(page.document)
    upstream["incidents"][0]["status"] = "monitoring"
    upstream["incidents"][0]["incident_updates"].insert(
        0,
        {
            "id": "n3w",
            "status": "monitoring",
            "body": "Calls complete again; we are monitoring.",
            "created_at": "2026-11-24T17:10:00.000Z",
        },
    )
    page.document = upstream
    assert await source.poll() == 1
    await jobs.drain()
    assert await _notices(store, "Calls complete again; we are monitoring.") == 1

    # gone from the unresolved list: resolved here, the child asked to confirm
    page.document = {"page": upstream["page"], "incidents": []}
    assert await source.poll() == 1
    await jobs.drain()
    done = await store.get_incident(mirror.id)
    assert done is not None and done.status is IncidentStatus.RESOLVED
    ticket = await store.get_ticket(child)
    assert ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING
    assert await _notices(store, "This incident is resolved.") == 1


async def test_a_broken_answer_changes_nothing(
    store: Store, calltower: Policy, clock: Clock, page: Page
) -> None:
    source, _ = _parts(store, calltower, clock, page.url)
    await source.poll()
    page.status = 503
    assert await source.poll() == 0
    page.status = 200
    page.document = {"not": "statuspage"}
    assert await source.poll() == 0
    [still] = await store.list_incidents(open_only=True)  # not resolved by a bad read
    assert still.source == "statuspage:p31zjtct2jer"


async def test_the_app_polls_the_configured_source_and_shows_its_incidents(
    tmp_path: Path, clock: Clock, page: Page
) -> None:
    from tests.app_harness import app_settings, running_app

    settings = app_settings(tmp_path, channels={}, status={"source": page.url})
    async with running_app(settings, clock) as (services, client):
        source = services.incidents.source
        assert source is not None and source in services.components
        await source.poll()  # the first poll may already have run at start: it is the same
        status = await client.get("/status.json")
        titles = [i["title"] for i in status.json()["open"]]
        assert titles == ["Teams Direct Routing calls failing"]


async def test_two_workers_polling_at_once_make_one_mirror(
    store: Store, calltower: Policy, clock: Clock, page: Page
) -> None:
    import asyncio

    first, _ = _parts(store, calltower, clock, page.url)
    second, _ = _parts(store, calltower, clock, page.url)
    await asyncio.gather(first.poll(), second.poll())
    assert len(await store.list_incidents()) == 1
