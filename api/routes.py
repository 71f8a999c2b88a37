"""The API's routes, each handler given the one ApiContext; a `Problem` raised inside
becomes its problem+json answer, and an unknown store failure stays the app's 503."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import contacts, export, incidents, maintenance, tickets_read, tickets_write, webhooks
from api.context import ApiContext, query
from api.openapi import document
from api.problems import Problem

Handler = Callable[[ApiContext, Request], Awaitable[Response]]


def _bound(ctx: ApiContext, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(ctx, request)
        except Problem as problem:
            return problem.response(instance=request.url.path)

    return endpoint


async def _openapi(ctx: ApiContext, request: Request) -> Response:
    query(request, ())
    return JSONResponse(document())


ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("/api/openapi.json", "GET", _openapi),
    ("/api/tickets", "GET", tickets_read.list_tickets),
    # before /api/tickets/{number}: "export" is not a number
    ("/api/tickets/export", "GET", export.export),
    ("/api/tickets/{number}", "GET", tickets_read.get_ticket),
    ("/api/tickets/{number}", "PATCH", tickets_write.change),
    ("/api/tickets/{number}/replies", "POST", tickets_write.reply),
    ("/api/tickets/{number}/notes", "POST", tickets_write.note),
    ("/api/tickets/{number}/merge", "POST", tickets_write.merge),
    ("/api/tickets/{number}/escalate", "POST", tickets_write.escalate),
    ("/api/accounts/{account}/contacts", "GET", contacts.list_contacts),
    ("/api/accounts/{account}/contacts", "POST", contacts.add_contact),
    ("/api/accounts/{account}/contacts/{id}", "DELETE", contacts.remove_contact),
    ("/api/webhooks/deliveries", "GET", webhooks.list_deliveries),
    ("/api/webhooks/deliveries/{id}/replay", "POST", webhooks.replay),
    ("/api/maintenance", "GET", maintenance.upcoming),
    ("/api/maintenance", "POST", maintenance.create),
    ("/api/maintenance/{id}", "DELETE", maintenance.cancel),
    ("/api/incidents", "POST", incidents.create),
    ("/api/incidents", "GET", incidents.listing),
    ("/api/incidents/{id}", "GET", incidents.one_incident),
    ("/api/incidents/{id}/children", "POST", incidents.link),
    ("/api/incidents/{id}/children/{ticket}", "DELETE", incidents.unlink),
    ("/api/incidents/{id}/updates", "POST", incidents.update),
    ("/api/incidents/{id}/resolve", "POST", incidents.resolve),
    ("/api/incidents/{id}/redeliver", "POST", incidents.redeliver),
)


def api_routes(ctx: ApiContext) -> list[BaseRoute]:
    by_path: dict[str, dict[str, Handler]] = {}
    for path, method, handler in ROUTES:
        by_path.setdefault(path, {})[method] = handler
    routes: list[BaseRoute] = []
    for path, methods in by_path.items():
        if len(methods) == 1:
            ((method, handler),) = methods.items()
            routes.append(Route(path, _bound(ctx, handler), methods=[method]))
        else:
            routes.append(Route(path, _dispatch(ctx, methods), methods=list(methods)))
    return routes


def _dispatch(
    ctx: ApiContext, methods: dict[str, Handler]
) -> Callable[[Request], Awaitable[Response]]:
    bound = {m: _bound(ctx, h) for m, h in methods.items()}

    async def endpoint(request: Request) -> Response:
        # HEAD is answered as GET (Starlette adds it to every GET route)
        return await bound.get(request.method, bound.get("GET", _method_not_allowed))(request)

    return endpoint


async def _method_not_allowed(request: Request) -> Response:
    return Problem(405, "bad-request", f"{request.method} is not allowed here").response()
