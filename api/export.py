"""GET /api/tickets/export?since=DATE&format=jsonl|csv (tickets:read): the rows of
`supportbot tickets export`, streamed."""

from __future__ import annotations

from typing import Final, cast

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api.context import ApiContext, one, query, when
from api.problems import Problem
from bot.export import FORMATS, MEDIA_TYPES, Format, export_lines

PARAMS: Final = frozenset({"since", "format"})


async def export(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, "tickets:read")
    params = query(request, PARAMS)
    fmt = one(params, "format") or "jsonl"
    if fmt not in FORMATS:
        raise Problem(
            400, "bad-request", f"format: one of {', '.join(FORMATS)}", parameter="format"
        )
    since_text = one(params, "since")
    since = when(since_text, "since") if since_text else None
    name = f"tickets-{since.date().isoformat() if since else 'all'}.{fmt}"
    return StreamingResponse(
        export_lines(ctx.store, since, cast(Format, fmt)),
        media_type=MEDIA_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
