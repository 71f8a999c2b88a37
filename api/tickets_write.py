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
from datetime import date
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, body, query, ticket_number
from api.problems import Problem
from api.tickets_read import assignee_of, ticket_json
from api.tokens import ApiToken
from domain.types import TicketStatus
from handoff import desk_verbs
from handoff.actions import ActionResult
from handoff.desk import Agent
from handoff.slack_blocks import who as shown

WRITE: Final = "tickets:write"
MAX_TEXT: Final = 10_000
_SLUG: Final = re.compile(r"[^a-z0-9]+")
MAX_TRACKING: Final = 300  # as the Slack desk's shipping form
# the statuses a PATCH may ask for, each the desk verb (handoff/desk_verbs.py) that reaches it;
# new and closed_no_response are the bot's own to set, never an agent's
STATUS_VERBS: Final = {
    TicketStatus.IN_PROGRESS.value: "progress",
    TicketStatus.ON_HOLD.value: "hold",
    TicketStatus.SHIPPING.value: "shipping",
    TicketStatus.RESOLVED_PENDING.value: "resolve",
    TicketStatus.CLOSED.value: "close",
    TicketStatus.REOPENED.value: "reopen",
    TicketStatus.DUPLICATE.value: "duplicate",
}
SETTABLE: Final = tuple(STATUS_VERBS)
# what goes with a status (and only with it)
STATUS_ARGS: Final = {"hold_until": "on_hold", "tracking": "shipping", "duplicate_of": "duplicate"}
PATCH_KEYS: Final = frozenset({"status", "priority", "assignee", "author", *STATUS_ARGS})


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
    # in Slack the reply is the agent's own line in the thread; a claim posts the
    # transcript, which has it
    note = "" if result.claimed else f"{shown(agent)} replied to the customer: {text}"
    return await _done(ctx, number, result, note, status=201)


async def note(ctx: ApiContext, request: Request) -> Response:
    """An internal note: on the ticket, never to the customer."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    text = _text(data, "text")
    await _exists(ctx, number)
    result, thread = await desk_verbs.run(
        ctx.actions,
        number,
        "note",
        acting(token, data),
        text=text,
        dedup_key=_dedup(request, token, f"note:{number}"),
    )
    return await _done(ctx, number, result, thread, status=201)


async def merge(ctx: ApiContext, request: Request) -> Response:
    """Close the ticket as a duplicate of `into` (the desk's `duplicate`)."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    into = _number(data, "into")
    await _exists(ctx, number)
    result, thread = await desk_verbs.run(
        ctx.actions,
        number,
        "duplicate",
        acting(token, data),
        of=into,
        dedup_key=_dedup(request, token, f"merge:{number}"),
    )
    return await _done(ctx, number, result, thread)


async def escalate(ctx: ApiContext, request: Request) -> Response:
    """One level up the plan's escalation ladder (the desk's `escalate`): its people are
    told as when an agent escalates in Slack."""
    token = ctx.authorize(request, WRITE)
    query(request, ())
    number = ticket_number(request)
    data = await body(request)
    if unknown := set(data) - {"author"}:
        raise Problem(400, "bad-request", f"unknown field(s): {', '.join(sorted(unknown))}")
    await _exists(ctx, number)
    result, thread = await desk_verbs.run(
        ctx.actions,
        number,
        "escalate",
        acting(token, data),
        dedup_key=_dedup(request, token, f"escalate:{number}"),
    )
    return await _done(ctx, number, result, thread)


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
    steps = _steps(data)
    if not steps:
        raise Problem(400, "bad-request", "nothing to change: give status, priority or assignee")
    await _exists(ctx, number)
    agent = acting(token, data)
    dedup = _dedup(request, token, f"patch:{number}")
    applied: list[str] = []
    last: ActionResult | None = None
    opened: int | None = None
    for name, verb, args in steps:
        key = f"{dedup}:{name}" if dedup else None
        result, thread = await desk_verbs.run(
            ctx.actions, number, verb, agent, dedup_key=key, **args
        )
        if not result.ok:
            raise Problem(409, "refused", result.message, applied=applied)
        await ctx.after_action(number, result, thread)
        applied.append(name)
        last = result
        if result.opened is not None:
            opened = result.opened.number
    assert last is not None
    ticket = await ctx.store.get_ticket(number)
    assert ticket is not None
    answer: dict[str, Any] = {
        "ticket": ticket_json(ticket, assignee=await assignee_of(ctx, number)),
        "message": last.message,
        "applied": applied,
    }
    if opened is not None:
        answer["opened"] = opened  # a reopen too late for the plan: the new linked case
    return JSONResponse(answer)


Step = tuple[str, str, dict[str, Any]]  # (field, desk verb, its arguments)


def _steps(data: dict[str, Any]) -> list[Step]:
    """The desk verbs a PATCH body asks for, every field checked before any runs."""
    steps: list[Step] = []
    status = data.get("status")
    for extra, needs in STATUS_ARGS.items():
        if extra in data and status != needs:
            raise Problem(400, "bad-request", f"{extra} goes with status {needs}", field=extra)
    if status is not None:
        verb = STATUS_VERBS.get(status) if isinstance(status, str) else None
        if verb is None:
            raise Problem(
                400, "bad-request", f"status: one of {', '.join(SETTABLE)}", field="status"
            )
        args: dict[str, Any] = {}
        if verb == "hold":
            args["until"] = _date(data.get("hold_until"))
        elif verb == "shipping" and "tracking" in data:
            args["tracking"] = _text(data, "tracking", required=False).strip()
            if len(args["tracking"]) > MAX_TRACKING:
                raise Problem(
                    400,
                    "bad-request",
                    f"tracking: at most {MAX_TRACKING} characters",
                    field="tracking",
                )
        elif verb == "duplicate":
            args["of"] = _number(data, "duplicate_of")
        steps.append(("status", verb, args))
    priority = data.get("priority")
    if priority is not None:
        if not isinstance(priority, str) or not priority.strip():
            raise Problem(400, "bad-request", "priority: a priority id", field="priority")
        steps.append(("priority", "priority", {"priority": priority.strip()}))
    if "assignee" in data:
        if data["assignee"] is None:
            # nobody: the desk's unclaim, back to the queue
            steps.append(("assignee", "unclaim", {}))
        else:
            # the desk's reassign: from whoever has it, or nobody, to this person
            steps.append(("assignee", "reassign", {"to": person(_text(data, "assignee"))}))
    return steps


def _number(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Problem(400, "bad-request", f"{key}: the number of the ticket to keep", field=key)
    return value


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise Problem(400, "bad-request", "hold_until: a date (YYYY-MM-DD)", field="hold_until")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(
            400, "bad-request", "hold_until: a date (YYYY-MM-DD)", field="hold_until"
        ) from None
