"""A captured signed Slack request replayed to another worker does not run again: the
front door's replay guard is the store's, shared by every worker (handoff/slack_http.py)."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.store.sqlite.store import SqliteStore
from handoff.slack import first_time_in
from handoff.slack_http import SlackEventsDoor
from tests.conftest import Clock
from tests.handoff.conftest import SIGNING_SECRET, signed

BODY = "command=%2Fticket&text=10001+escalate&user_id=U1&team_id=T1&trigger_id=9.9.9"
FORM = "application/x-www-form-urlencoded"


def worker(store: SqliteStore, clock: Clock, ran: list[str]) -> httpx.AsyncClient:
    async def bolt(request: Request) -> Response:
        ran.append((await request.body()).decode())
        return JSONResponse({"text": "done"})

    door = SlackEventsDoor(
        bolt, signing_secret=SIGNING_SECRET, first_time=first_time_in(store, clock)
    )
    app = Starlette(routes=[Route("/slack/events", door.handle, methods=["POST"])])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://w")


async def test_a_signed_request_replayed_to_another_worker_is_not_run_again(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    ran: list[str] = []
    one, two = worker(sqlite_store, clock, ran), worker(sqlite_store, clock, ran)
    headers: dict[str, Any] = {**signed(BODY), "content-type": FORM}

    first = await one.post("/slack/events", content=BODY, headers=headers)
    replay = await two.post("/slack/events", content=BODY, headers=headers)

    assert first.status_code == 200 and first.json() == {"text": "done"}
    assert replay.status_code == 200 and not replay.content
    assert ran == [BODY]


async def test_a_new_request_with_the_same_text_runs_on_any_worker(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    ran: list[str] = []
    one, two = worker(sqlite_store, clock, ran), worker(sqlite_store, clock, ran)
    later = BODY.replace("9.9.9", "9.9.10")  # Slack gives every request its own trigger

    await one.post("/slack/events", content=BODY, headers={**signed(BODY), "content-type": FORM})
    await two.post("/slack/events", content=later, headers={**signed(later), "content-type": FORM})

    assert ran == [BODY, later]
