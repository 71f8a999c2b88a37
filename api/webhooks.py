"""The webhook delivery log and replay: GET /api/webhooks/deliveries (tickets:read)
and POST /api/webhooks/deliveries/{id}/replay (tickets:write). A delivery is an outbox
item on `webhook:<endpoint>`; a replay enqueues the same payload under the same
`webhook-id` as a new item, so a receiver that already has it can tell."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, one, query
from api.problems import Problem
from bot.store.protocol import OutboxItem, TurnCommit
from bot.webhooks.events import CHANNEL
from domain.types import Address

PARAMS: Final = frozenset({"endpoint", "status", "event", "limit"})
MAX_LIMIT: Final = 500


def delivery_json(item: OutboxItem) -> dict[str, Any]:
    msg = item.outbound
    return {
        "id": item.id,
        "endpoint": msg.address.id,
        "webhook_id": msg.meta.get("webhook_id", ""),
        "event": msg.meta.get("event", ""),
        "ticket_number": int(msg.meta["ticket"]) if "ticket" in msg.meta else None,
        "status": item.status,
        "attempts": item.attempts,
        "created_at": item.created_at.isoformat() if item.created_at else None,
        "next_attempt_at": item.not_before.isoformat() if item.not_before else None,
        "last_error": item.last_error,
        "response": item.provider_id,
        "payload": json.loads(msg.text),
    }


async def list_deliveries(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, "tickets:read")
    params = query(request, PARAMS)
    names = params.get("endpoint") or sorted(ctx.webhooks)
    if unknown := set(names) - set(ctx.webhooks):
        raise Problem(
            400,
            "bad-request",
            f"endpoint: {', '.join(sorted(unknown))} is not a configured webhook",
            parameter="endpoint",
        )
    raw_limit = one(params, "limit") or "100"
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        raise Problem(400, "bad-request", f"limit: 1 to {MAX_LIMIT}", parameter="limit")
    statuses, events = set(params.get("status", [])), set(params.get("event", []))
    items: list[OutboxItem] = []
    for name in names:
        items += await ctx.store.outbox_for(Address(CHANNEL, name))
    kept = [
        i
        for i in items
        if (not statuses or i.status in statuses)
        and (not events or i.outbound.meta.get("event") in events)
    ]
    kept.sort(key=lambda i: (i.created_at is not None, i.created_at), reverse=True)
    return JSONResponse({"deliveries": [delivery_json(i) for i in kept[: int(raw_limit)]]})


async def replay(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, "tickets:write")
    query(request, ())
    item_id = str(request.path_params["id"])
    item = await ctx.store.get_outbox(item_id)
    if item is None or item.outbound.address.channel != CHANNEL:
        raise Problem(404, "not-found", f"there is no webhook delivery {item_id!r}")
    if item.outbound.address.id not in ctx.webhooks:
        raise Problem(409, "refused", "its endpoint is no longer configured")
    now = ctx.clock()
    again = OutboxItem(
        id=uuid.uuid4().hex,
        outbound=replace(item.outbound, meta={**item.outbound.meta, "replay_of": item.id}),
        created_at=now,
        not_before=now,
    )
    await ctx.store.commit(TurnCommit(at=now, outbox=(again,)))
    ctx.kick()
    stored = await ctx.store.get_outbox(again.id)
    return JSONResponse(delivery_json(stored or again), status_code=202)
