"""A stand-in for Twilio's Messages API in a process of its own, for bench/fanout_kill.py:
`POST /2010-04-01/Accounts/{sid}/Messages.json` creates a message (Basic auth checked,
answered with the Message resource twilio's client parses) and counts it per `To`;
`GET` of the same path lists the log, To and From filters, newest first, in Twilio's paging
shape (the same shapes as tests/channels/fake_twilio.py, which the channel tests check twilio's
own client against). The bench reads `GET /_stats` (total, numbers, last create's Unix
time) while it runs and `GET /_counts` (messages per number) at the end.

    python bench/twilio_standin.py PORT ACCOUNT_SID AUTH_TOKEN
"""

from __future__ import annotations

import base64
import itertools
import sys
import time
from typing import Any

from aiohttp import web

from tests.channels.fake_twilio import twilio_message, twilio_page


class Standin:
    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.log: dict[str, list[dict[str, Any]]] = {}  # by To, oldest first
        self.total = 0
        self.last_at = 0.0
        self.sids = itertools.count(1)

    def refused(self, request: web.Request) -> web.Response | None:
        if request.headers.get("Authorization") != self.auth:
            return web.json_response({"code": 20003, "message": "Authenticate"}, status=401)
        return None

    async def create(self, request: web.Request) -> web.Response:
        if (refusal := self.refused(request)) is not None:
            return refusal
        form = await request.post()
        to, sender, body = str(form.get("To")), str(form.get("From")), str(form.get("Body"))
        now = time.time()
        sid = f"SM{next(self.sids):032x}"
        message = twilio_message(self.account_sid, sid, to, sender, body, now)
        self.log.setdefault(to, []).append(message)
        self.total += 1
        self.last_at = now
        return web.json_response(message, status=201)

    async def list(self, request: web.Request) -> web.Response:
        if (refusal := self.refused(request)) is not None:
            return refusal
        query = dict(request.query)
        to, sender = query.get("To"), query.get("From")
        pool = self.log.get(to, []) if to else [m for ms in self.log.values() for m in ms]
        found = [m for m in reversed(pool) if sender is None or m["from"] == sender]
        return web.json_response(twilio_page(self.account_sid, found, query))

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"total": self.total, "numbers": len(self.log), "last_at": self.last_at}
        )

    async def counts(self, request: web.Request) -> web.Response:
        return web.json_response({to: len(ms) for to, ms in self.log.items()})


def main() -> None:
    port, account_sid, auth_token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    standin = Standin(account_sid, auth_token)
    app = web.Application()
    path = "/2010-04-01/Accounts/{sid}/Messages.json"
    app.router.add_post(path, standin.create)
    app.router.add_get(path, standin.list)
    app.router.add_get("/_stats", standin.stats)
    app.router.add_get("/_counts", standin.counts)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    main()
