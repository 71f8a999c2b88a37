"""RFC 9457 problem details: every API error is `application/problem+json` with a
`type` URI naming the kind of problem, a `title` for it, the status and a `detail`."""

from __future__ import annotations

from typing import Any, Final

from starlette.responses import JSONResponse

MEDIA_TYPE: Final = "application/problem+json"
TYPE_BASE: Final = "urn:supportbot:problem:"

TITLES: Final[dict[str, str]] = {
    "unauthorized": "Missing or unknown API token",
    "forbidden": "The token lacks the scope this needs",
    "bad-request": "The request is not valid",
    "unknown-parameter": "Unknown query parameter",
    "not-found": "No such resource",
    "refused": "The action was refused",
    "unavailable": "The store is unavailable",
}


class Problem(Exception):
    """Raised inside a handler; `api.routes` turns it into the response."""

    def __init__(self, status: int, kind: str, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.extensions = extensions

    def response(self, instance: str = "") -> JSONResponse:
        return problem(self.status, self.kind, self.detail, instance=instance, **self.extensions)


def problem(
    status: int,
    kind: str,
    detail: str,
    *,
    instance: str = "",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": TITLES[kind],
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)
