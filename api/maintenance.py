"""Maintenance windows over the API (docs/outage.md): staff schedule unscheduled work,
list what is coming (the plan's recurring windows too) and call a window off.

POST   /api/maintenance        {title, summary {en, es}, starts_at, ends_at, products,
                                services, keywords, reason {en, es}}    incidents:write
GET    /api/maintenance        the windows under way and of the next three months
DELETE /api/maintenance/{id}   called off; subscribers are told if it was announced
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, body, query
from api.problems import Problem
from bot.maintenance.desk import MaintenanceDesk, NewWindow, NotFound, Refused
from domain.dimensions import SERVICES
from domain.maintenance import MaintenanceWindow

READ: Final = "tickets:read"  # the same readers as incidents
WRITE: Final = "incidents:write"
MAX_TEXT: Final = 2000
MAX_ITEMS: Final = 20
LANGS: Final = ("en", "es")


def window_json(window: MaintenanceWindow, *, told: bool | None = None) -> dict[str, Any]:
    data = window.to_json()
    data.pop("version", None)
    data["notices"] = [{"notice": n, "at": at.isoformat()} for n, at in window.schedule()]
    if told is not None:
        data["subscribers_told"] = told
    return data


def _desk(ctx: ApiContext) -> MaintenanceDesk:
    if ctx.maintenance is None:
        raise Problem(404, "not-found", "maintenance windows are not served here")
    return ctx.maintenance


async def create(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, WRITE)
    query(request, ())
    data = await body(request)
    unknown = set(data) - {
        "title", "summary", "reason", "starts_at", "ends_at", "products", "services", "keywords"
    }  # fmt: skip
    if unknown:
        raise _bad(f"unknown field {sorted(unknown)[0]!r}", sorted(unknown)[0])
    title = _words(data, "title", required=True)
    spec = NewWindow(
        title=title,
        starts_at=_time(data, "starts_at"),
        ends_at=_time(data, "ends_at"),
        summary=_words(data, "summary"),
        reason=_words(data, "reason"),
        products=_strings(data, "products"),
        services=_strings(data, "services", allowed=SERVICES),
        keywords=_strings(data, "keywords"),
    )
    try:
        window = await _desk(ctx).create(spec)
    except Refused as exc:
        raise Problem(409, "refused", str(exc)) from None
    ctx.kick()
    return JSONResponse(window_json(window), status_code=201)


async def upcoming(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, READ)
    query(request, ())
    windows = await _desk(ctx).upcoming()
    return JSONResponse({"windows": [window_json(w) for w in windows]})


async def cancel(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, WRITE)
    query(request, ())
    window_id = str(request.path_params["id"])
    try:
        window, told = await _desk(ctx).cancel(window_id)
    except NotFound as exc:
        raise Problem(404, "not-found", str(exc)) from None
    except Refused as exc:
        raise Problem(409, "refused", str(exc)) from None
    ctx.kick()
    return JSONResponse(window_json(window, told=told))


def _bad(detail: str, field: str) -> Problem:
    return Problem(400, "bad-request", detail, parameter=field)


def _words(data: dict[str, Any], name: str, *, required: bool = False) -> dict[str, str]:
    """A text in English (required if any) and Spanish: a string (English) or {en, es}."""
    value = data.get(name)
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        raise _bad(f"{name} must be a string or an object of language -> text", name)
    words: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGS or not isinstance(text, str):
            raise _bad(f"{name}: expected texts for {' and '.join(LANGS)}", name)
        if len(text) > MAX_TEXT:
            raise _bad(f"{name}.{lang} is over {MAX_TEXT} characters", name)
        if text.strip():
            words[lang] = text.strip()
    if "en" not in words:
        raise _bad(f"{name} needs its English text (en)", name)
    return words


def _time(data: dict[str, Any], name: str) -> datetime:
    value = data.get(name)
    if not isinstance(value, str):
        raise _bad(f"{name} is required: an ISO 8601 date-time with its offset", name)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{name}: expected an ISO 8601 date-time with its offset", name) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _bad(f"{name} needs its UTC offset (e.g. -07:00 or Z)", name)
    return parsed


def _strings(
    data: dict[str, Any], name: str, *, allowed: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"{name} must be a list of strings", name)
    if len(value) > MAX_ITEMS:
        raise _bad(f"{name} has more than {MAX_ITEMS} items", name)
    items = tuple(v.strip() for v in value if v.strip())
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise _bad(f"unknown service {item!r}; expected one of {', '.join(allowed)}", name)
    return items
