"""The authorized contacts of an account (docs/contacts.md): list with `tickets:read` (the
same people who see tickets see their senders' phones and emails), add and remove with
`contacts:write`.

GET    /api/accounts/{account}/contacts        the operator's file's entries and the API's
POST   /api/accounts/{account}/contacts        {name, role, phone?, email?, telegram?,
                                                 products?}
DELETE /api/accounts/{account}/contacts/{id}   an API-added contact (a file's entry: 409)
"""

from __future__ import annotations

from typing import Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, body, query
from api.problems import Problem
from bot.contacts.directory import Directory, Duplicate
from bot.contacts.entries import InvalidEntry

READ: Final = "tickets:read"
WRITE: Final = "contacts:write"
MAX_ACCOUNT: Final = 100


def _account(request: Request) -> str:
    account = str(request.path_params["account"]).strip()
    if not account or len(account) > MAX_ACCOUNT:
        raise Problem(
            400, "bad-request", "an account id is 1 to 100 characters", parameter="account"
        )
    return account


def _directory(ctx: ApiContext) -> Directory:
    if ctx.contacts is None:
        raise Problem(404, "not-found", "this server keeps no contact directory")
    return ctx.contacts


async def list_contacts(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, READ)
    query(request, ())
    account = _account(request)
    contacts = await _directory(ctx).contacts(account)
    return JSONResponse({"account": account, "contacts": [c.to_json() for c in contacts]})


async def add_contact(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, WRITE)
    query(request, ())
    account = _account(request)
    data = await body(request)
    given = data.pop("account", account)
    if not isinstance(given, str) or given.strip() != account:
        raise Problem(400, "bad-request", "account: the body names another account than the path")
    try:
        contact = await _directory(ctx).add(account, data)
    except InvalidEntry as exc:
        problems = [{"key": k, "reason": r} for k, r in exc.problems]
        raise Problem(400, "bad-request", str(exc), problems=problems) from None
    except Duplicate as exc:
        raise Problem(409, "refused", str(exc), existing=exc.existing.id) from None
    return JSONResponse(contact.to_json(), status_code=201)


async def remove_contact(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, WRITE)
    query(request, ())
    account = _account(request)
    contact_id = str(request.path_params["id"])
    if contact_id.startswith("file:"):
        raise Problem(
            409, "refused", "this contact is in the operator's contacts file: edit the file"
        )
    if not await _directory(ctx).book.delete_contact(account, contact_id):
        raise Problem(404, "not-found", f"account {account} lists no contact {contact_id}")
    return Response(status_code=204)
