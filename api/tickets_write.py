"""The write endpoints: the agent desk's own actions (handoff.actions.AgentActions), so
a reply, a note, a status, a priority, an assignee or a merge made through the API
reaches the customer, the ticket, the timers and the Slack card exactly as the same
action taken in Slack does. Scope: tickets:write.

The acting agent is the token (`api:<token name>`), shown as `author` when the body
names one. An `Idempotency-Key` header makes a retried request a no-op: it is the
action's dedup key, committed with the change.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, body, query, ticket_number
from api.problems import Problem
from api.tickets_read import assignee_of, ticket_json
from api.tokens import ApiToken
from domain.types import TicketStatus
from handoff.actions import ActionResult
from handoff.desk import Agent

WRITE: Final = "tickets:write"
MAX_TEXT: Final = 10_000
_SLUG: Final = re.compile(r"[^a-z0-9]+")
# the statuses a PATCH may ask for, each one desk action
SETTABLE: Final = (
    TicketStatus.IN_PROGRESS.value,
    TicketStatus.ON_HOLD.value,
    TicketStatus.RESOLVED_PENDING.value,
)
PATCH_KEYS: Final = frozenset({"status", "priority", "assignee", "hold_until", "author"})


def _text(data: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise Problem(400, "bad-request", f"{key}: a non-empty string", field=key)
    if len(value) > MAX_TEXT:
        raise Problem(400, "bad-request", f"{key}: at most {MAX_TEXT} characters", field=key)
    return value


def person(name: str) -> Agent:
    """Someone named through the API, an agent like the desk's (`api:` ids)."""
    clean = " ".join(name.split())[:80]
    slug = _SLUG.sub("-", clean.casefold()).strip("-") or "agent"
    return Agent(id=f"api:{slug}", name=clean, first_name=clean.split()[0] if clean else "")


def acting(token: ApiToken, data: dict[str, Any]) -> Agent:
    author = data.get("author")
    if author is None:
        return Agent(id=f"api:{token.name}", name=token.name, first_name=token.name)
    return person(_text(data, "author"))


def _dedup(request: Request, token: ApiToken, what: str) -> str | None:
    key = request.headers.get("idempotency-key", "").strip()
    if not key:
        return None
    if len(key) > 200:
        raise Problem(400, "bad-request", "Idempotency-Key: at most 200 characters")
    return f"api:{token.name}:{what}:{key}"


async def _exists(ctx: ApiContext, number: int) -> None:
    if await ctx.store.get_ticket(number) is None:
        raise Problem(404, "not-found", f"there is no ticket #{number}")


async def _done(
    ctx: ApiContext, number: int, result: ActionResult, note: str, *, status: int = 200
) -> Response:
    if not result.ok:
        raise Problem(409, "refused", result.message)
    await ctx.after_action(number, result, note)
    ticket = result.ticket or await ctx.store.get_ticket(number)
    assert ticket is not None
    data = ticket_json(ticket, assignee=await assignee_of(ctx, number))
    return JSONResponse({"ticket": data, "message": result.message}, status_code=status)


async def reply(ctx: ApiContext, request: Request) -> Response:
    """A public reply: to the customer on their channel, through the outbox."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    text = _text(data, "text")
    await _exists(ctx, number)
    agent = acting(token, data)
    result = await ctx.actions.reply(
        number, agent, text, dedup_key=_dedup(request, token, f"reply:{number}")
    )
    return await _done(ctx, number, result, "", status=201)


async def note(ctx: ApiContext, request: Request) -> Response:
    """An internal note: on the ticket, never to the customer."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    text = _text(data, "text")
    await _exists(ctx, number)
    agent = acting(token, data)
    result = await ctx.actions.note(
        number, agent, text, dedup_key=_dedup(request, token, f"note:{number}")
    )
    return await _done(ctx, number, result, f"Note from {agent.name}: {text}", status=201)


async def merge(ctx: ApiContext, request: Request) -> Response:
    """Close the ticket as a duplicate of `into` (the desk's `duplicate`)."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    into = data.get("into")
    if not isinstance(into, int) or isinstance(into, bool):
        raise Problem(400, "bad-request", "into: the number of the ticket to keep", field="into")
    await _exists(ctx, number)
    result = await ctx.actions.duplicate(
        number, acting(token, data), into, dedup_key=_dedup(request, token, f"merge:{number}")
    )
    return await _done(ctx, number, result, f"Closed as a duplicate of #{into}.")


async def change(ctx: ApiContext, request: Request) -> Response:
    """PATCH: status, priority and/or assignee, applied in that order, each the desk's
    action; the first refusal stops the rest (`applied` says what went through)."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    if unknown := set(data) - PATCH_KEYS:
        raise Problem(
            400,
            "bad-request",
            f"unknown field(s): {', '.join(sorted(unknown))}",
            field=min(unknown),
        )
    steps = _steps(ctx, number, token, data, _dedup(request, token, f"patch:{number}"))
    if not steps:
        raise Problem(400, "bad-request", "nothing to change: give status, priority or assignee")
    await _exists(ctx, number)
    applied: list[str] = []
    last: ActionResult | None = None
    for name, run in steps:
        result, note_text = await run()
        if not result.ok:
            raise Problem(409, "refused", result.message, applied=applied)
        await ctx.after_action(number, result, note_text)
        applied.append(name)
        last = result
    assert last is not None
    ticket = await ctx.store.get_ticket(number)
    assert ticket is not None
    return JSONResponse(
        {
            "ticket": ticket_json(ticket, assignee=await assignee_of(ctx, number)),
            "message": last.message,
            "applied": applied,
        }
    )


Step = Callable[[], Awaitable[tuple[ActionResult, str]]]


def _steps(
    ctx: ApiContext, number: int, token: ApiToken, data: dict[str, Any], dedup: str | None
) -> list[tuple[str, Step]]:
    agent = acting(token, data)
    a = ctx.actions
    steps: list[tuple[str, Step]] = []

    def key(step: str) -> str | None:
        return f"{dedup}:{step}" if dedup else None

    status = data.get("status")
    if status is not None:
        if status not in SETTABLE:
            raise Problem(
                400, "bad-request", f"status: one of {', '.join(SETTABLE)}", field="status"
            )
        if status == TicketStatus.ON_HOLD.value:
            until = _date(data.get("hold_until"))

            async def hold() -> tuple[ActionResult, str]:
                r = await a.hold(number, agent, until, dedup_key=key("status"))
                return r, f"On hold until {until.isoformat()}."

            steps.append(("status", hold))
        elif status == TicketStatus.RESOLVED_PENDING.value:

            async def resolve() -> tuple[ActionResult, str]:
                return await a.resolve(number, agent, dedup_key=key("status")), "Resolved."

            steps.append(("status", resolve))
        else:

            async def resume() -> tuple[ActionResult, str]:
                ticket = await ctx.store.get_ticket(number)
                if ticket is not None and ticket.status is TicketStatus.ON_HOLD:
                    return await a.end_hold(number), f"Ticket #{number} is back from hold."
                return await a.claim(number, agent, dedup_key=key("status")), ""

            steps.append(("status", resume))
    elif "hold_until" in data:
        raise Problem(400, "bad-request", "hold_until goes with status on_hold", field="hold_until")
    priority = data.get("priority")
    if priority is not None:
        if not isinstance(priority, str):
            raise Problem(400, "bad-request", "priority: a priority id", field="priority")

        async def prioritize() -> tuple[ActionResult, str]:
            r = await a.set_priority(number, agent, priority, dedup_key=key("priority"))
            return r, f"Priority set to {priority.upper()}."

        steps.append(("priority", prioritize))
    assignee = data.get("assignee")
    if assignee is not None:
        who = person(_text(data, "assignee"))

        async def assign() -> tuple[ActionResult, str]:
            # the desk's claim, on the assignee's behalf: one owner at a time
            return await a.claim(number, who, dedup_key=key("assignee")), f"Claimed by {who.name}."

        steps.append(("assignee", assign))
    return steps


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise Problem(400, "bad-request", "hold_until: a date (YYYY-MM-DD)", field="hold_until")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(
            400, "bad-request", "hold_until: a date (YYYY-MM-DD)", field="hold_until"
        ) from None
