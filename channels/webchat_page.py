"""The web chat's pages and scripts: `GET /chat` (standalone, or `?embed=1` inside the
widget's iframe), its script and stylesheet, and `GET /widget.js`, the snippet a
provider puts on its own site.

Nothing is inline and nothing comes from elsewhere, so the page's own policy can be
strict (`script-src 'self'; style-src 'self'`) and `frame-ancestors` names exactly
the sites allowed to embed it (`channels.webchat.allowed_origins`). widget.js runs on
the provider's site under the provider's policy: it builds its elements with DOM
calls and styles them through `element.style` (CSSOM, which a policy without
'unsafe-inline' still allows), and talks to the iframe only by postMessage with the
origin checked on both sides.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template
from typing import Final

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from flows.catalog.widget import WIDGET_TEXT, page_lang

_ASSETS: Final = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
}


def _static(name: str) -> str:
    return (resources.files("channels") / "static" / name).read_text(encoding="utf-8")


def page_policy(allowed_origins: list[str]) -> str:
    ancestors = " ".join(["'self'", *allowed_origins])
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )


class ChatPages:
    def __init__(self, *, allowed_origins: list[str], default_lang: str) -> None:
        self.allowed_origins = list(allowed_origins)
        self.default_lang = default_lang
        self._template = Template(_static("chat.html"))
        self._widget = Template(_static("widget.js"))

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/chat", self.page, methods=["GET"]),
            *(Route(f"/chat/{name}", self.asset, methods=["GET"]) for name in _ASSETS),
            Route("/widget.js", self.widget, methods=["GET"]),
        ]

    async def page(self, request: Request) -> Response:
        lang = page_lang(request.query_params.get("lang"), self.default_lang)
        embed = request.query_params.get("embed") == "1"
        host = request.query_params.get("host", "")
        # the iframe posts to the embedding page only when that page is an allowed one
        host = host if embed and host in self.allowed_origins else ""
        text = WIDGET_TEXT[lang]
        values = {key: html.escape(value) for key, value in text.items()}
        body = self._template.substitute(
            values,
            lang=lang,
            mode="embed" if embed else "page",
            host=html.escape(host),
            strings=html.escape(json.dumps(WIDGET_TEXT, ensure_ascii=False)),
        )
        return HTMLResponse(
            body,
            headers={
                "Content-Security-Policy": page_policy(self.allowed_origins),
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    async def asset(self, request: Request) -> Response:
        name = request.url.path.rpartition("/")[2]
        return Response(
            _static(name),
            media_type=_ASSETS[name],
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
        )

    async def widget(self, request: Request) -> Response:
        body = self._widget.substitute(strings=json.dumps(WIDGET_TEXT, ensure_ascii=False))
        return Response(
            body,
            media_type="text/javascript; charset=utf-8",
            headers={
                "X-Content-Type-Options": "nosniff",
                # loaded by other sites, also those that isolate themselves (COEP)
                "Cross-Origin-Resource-Policy": "cross-origin",
                "Cache-Control": "public, max-age=300",
            },
        )
