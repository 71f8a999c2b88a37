"""Web chat: `GET /chat` serves a small self-contained page, `WS /chat/ws`
exchanges JSON frames.

Frames from the browser: first {"type": "hello", "token": "<token or empty>"}, then
{"type": "message", "text": "...", "id": "<uuid>"}.
Frames to the browser: {"type": "session", "token"}, {"type": "history", "messages"},
{"type": "typing"}, {"type": "message", "from": "bot"|"agent", "text"},
{"type": "choices", "choices": [{"value", "label"}]}, {"type": "ticket", "number", ...},
{"type": "error", "text"}.

A signed session token lets a reloaded page resume its conversation; a
forged or foreign token simply starts a new one. The token travels in the first
frame, never in the URL (URLs end up in access logs and proxies). Each resume
rotates it: the store keeps the session's current generation, a resume with an
older one starts a new conversation, so a token copied from a log, a screen or a
shared computer stops working as soon as its owner comes back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from asyncio import timeout
from collections import defaultdict, deque
from collections.abc import Callable
from importlib import resources
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from bot.engine.dispatch import Receipt
from bot.engine.turns import Engine
from bot.store.protocol import OutboxStatus
from domain.types import DEFAULT_LIMITS, Address, ChannelLimits, Inbound, Outbound
from flows.catalog import messages as catalog

log = logging.getLogger("supportbot.webchat")

MAX_FRAME_BYTES: Final = 256 * 1024
# A page sends its hello as soon as the socket opens; a socket that says nothing is closed.
HELLO_TIMEOUT_S: Final = 30.0
_GENERATION_FLAG: Final = "webchat:session:"


class SessionTokens:
    """`<session id>.<generation>.<hmac>`: the id names the conversation, the generation
    counts resumes (the store keeps the current one), the MAC proves we issued it."""

    def __init__(self, secret: str) -> None:
        self._key = (secret or secrets.token_hex(32)).encode()

    def issue(self, sid: str | None = None, generation: int = 1) -> tuple[str, str]:
        sid = sid or uuid.uuid4().hex
        return sid, f"{sid}.{generation}.{self._mac(sid, generation)}"

    def verify(self, token: str) -> tuple[str, int] | None:
        sid, _, rest = token.partition(".")
        gen, _, mac = rest.partition(".")
        if not sid or not mac or len(sid) > 64 or not gen.isdigit() or len(gen) > 9:
            return None
        generation = int(gen)
        if not hmac.compare_digest(mac, self._mac(sid, generation)):
            return None
        return sid, generation

    def _mac(self, sid: str, generation: int) -> str:
        digest = hmac.new(self._key, f"{sid}.{generation}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


class WebchatChannel:
    name = "webchat"

    def __init__(
        self,
        *,
        engine: Engine,
        session_secret: str,
        allowed_origins: list[str] | None = None,
        max_sockets_per_ip: int = 20,
        max_frames_per_minute: int = 60,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.tokens = SessionTokens(session_secret)
        self.allowed_origins = list(allowed_origins or [])
        self.limits: ChannelLimits = DEFAULT_LIMITS["webchat"]
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self.max_sockets_per_ip = max_sockets_per_ip
        self.max_frames_per_minute = max_frames_per_minute
        self._monotonic = monotonic
        self._per_ip: dict[str, int] = {}  # open sockets by client address; no zero entries

    def routes(self) -> list[BaseRoute]:
        return [Route("/chat", self.page, methods=["GET"]), WebSocketRoute("/chat/ws", self.socket)]

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        for sockets in list(self._sockets.values()):
            for ws in list(sockets):
                try:
                    await ws.close(code=1001)
                except RuntimeError:
                    pass

    # -- outbound (agent replies and other later messages) --------------------------------

    async def send(self, message: Outbound) -> Receipt:
        sockets = self._sockets.get(message.address.id)
        if not sockets:
            # The transcript holds every message; a page that reconnects replays it in
            # its history frame, so an absent customer still gets it, once.
            return Receipt(status=OutboxStatus.SENT, provider_id="transcript")
        frames = message_frames(message, sender="agent" if message.kind == "agent" else "bot")
        for ws in list(sockets):
            for frame in frames:
                await ws.send_json(frame)
        return Receipt(status=OutboxStatus.DELIVERED)

    # -- HTTP -----------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        html = (resources.files("channels") / "static" / "chat.html").read_text(encoding="utf-8")
        return HTMLResponse(
            html,
            headers={
                # The page loads nothing from elsewhere: machines may have no internet.
                "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; "
                "style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:",
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def socket(self, ws: WebSocket) -> None:
        origin = ws.headers.get("origin", "")
        if (
            self.allowed_origins
            and origin not in self.allowed_origins
            and not _same_origin(ws, origin)
        ):
            await ws.close(code=1008)
            return
        ip = ws.client.host if ws.client else ""
        if self.max_sockets_per_ip and self._per_ip.get(ip, 0) >= self.max_sockets_per_ip:
            log.warning(
                "webchat: socket refused, %d already open from one address", self._per_ip[ip]
            )
            await ws.close(code=1013)  # try again later
            return
        self._per_ip[ip] = self._per_ip.get(ip, 0) + 1
        try:
            await self._session(ws)
        finally:
            left = self._per_ip.pop(ip, 1) - 1
            if left > 0:
                self._per_ip[ip] = left

    async def _session(self, ws: WebSocket) -> None:
        await ws.accept()
        hello = await self._hello(ws)
        if hello is None:
            return
        resumed = await self._resume(hello)
        if resumed is None:
            sid, token = self.tokens.issue()
            await self.engine.store.set_flag(_GENERATION_FLAG + sid, "1")
            await ws.send_json({"type": "session", "token": token})
            # The customer has not written yet, so the greeting speaks both languages
            # (the plan's default first); the dialogue answers in the one they use.
            provider = self.engine.policy.plan.provider
            first = self.engine.policy.plan.default_language
            langs = (first, "es" if first == "en" else "en")
            text = "\n".join(catalog.render(lang, "greeting", provider=provider) for lang in langs)
            await ws.send_json({"type": "message", "from": "bot", "text": text})
        else:
            sid, token = resumed
            await ws.send_json({"type": "session", "token": token})
            await self._send_history(ws, sid)
        self._sockets[sid].add(ws)
        recent: deque[float] = deque()
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                raw = message.get("text")
                if raw is None:
                    # A binary frame: this protocol is JSON text only (RFC 6455 1003).
                    log.info("webchat: binary frame refused, socket closed")
                    await ws.close(code=1003)
                    break
                if self._too_fast(recent):
                    # A person cannot type this fast; a script can: tell it, close (policy).
                    log.warning(
                        "webchat: frame rate over %d a minute, socket closed",
                        self.max_frames_per_minute,
                    )
                    await ws.send_json({"type": "error", "text": "too many messages; slow down"})
                    await ws.close(code=1008)
                    break
                await self._on_frame(ws, sid, raw)
        except WebSocketDisconnect:
            pass
        finally:
            sockets = self._sockets.get(sid)
            if sockets is not None:
                sockets.discard(ws)
                if not sockets:
                    del self._sockets[sid]

    def _too_fast(self, recent: deque[float]) -> bool:
        """Counts this frame in the socket's last minute; True when it is over the limit."""
        if not self.max_frames_per_minute:
            return False
        now = self._monotonic()
        while recent and now - recent[0] >= 60.0:
            recent.popleft()
        recent.append(now)
        return len(recent) > self.max_frames_per_minute

    async def _hello(self, ws: WebSocket) -> str | None:
        """The token from the page's first frame ("" for a new session), or None when the
        socket closed, sent something else or nothing in time (then it is closed)."""
        try:
            async with timeout(HELLO_TIMEOUT_S):
                message = await ws.receive()
        except TimeoutError:
            await ws.close(code=1008)
            return None
        if message["type"] == "websocket.disconnect":
            return None
        try:
            frame = json.loads(message.get("text") or "")
        except json.JSONDecodeError:
            frame = None
        if not isinstance(frame, dict) or frame.get("type") != "hello":
            await ws.close(code=1008 if message.get("text") is not None else 1003)
            return None
        token = frame.get("token") or ""
        return token if isinstance(token, str) else ""

    async def _resume(self, token: str) -> tuple[str, str] | None:
        """The session a token resumes and its next token (the old one stops working);
        None for a forged, foreign or already-rotated token."""
        verified = self.tokens.verify(token) if token else None
        if verified is None:
            return None
        sid, generation = verified
        key = _GENERATION_FLAG + sid
        if await self.engine.store.get_flag(key) != str(generation):
            return None
        await self.engine.store.set_flag(key, str(generation + 1))
        return self.tokens.issue(sid, generation + 1)

    async def _send_history(self, ws: WebSocket, sid: str) -> None:
        conv_id = str(Address("webchat", sid))
        lines = await self.engine.store.transcript(conv_id, limit=200)
        messages = [{"from": _who(line.who), "text": line.text} for line in lines]
        await ws.send_json({"type": "history", "messages": messages})
        conv = await self.engine.store.load_conversation(conv_id)
        if conv is not None and conv.ticket_number is not None:
            ticket = await self.engine.store.get_ticket(conv.ticket_number)
            if ticket is not None:
                await ws.send_json(ticket_frame(ticket))

    async def _on_frame(self, ws: WebSocket, sid: str, raw: str) -> None:
        if len(raw.encode()) > MAX_FRAME_BYTES:
            await ws.send_json({"type": "error", "text": "message too large"})
            return
        try:
            frame = json.loads(raw)
        except json.JSONDecodeError:
            await ws.send_json({"type": "error", "text": "frames must be JSON"})
            return
        if (
            not isinstance(frame, dict)
            or frame.get("type") != "message"
            or not isinstance(frame.get("text", ""), str)
        ):
            await ws.send_json(
                {"type": "error", "text": 'expected {"type": "message", "text": ...}'}
            )
            return
        message_id = str(frame.get("id") or uuid.uuid4().hex)[:100]
        inbound = Inbound(
            address=Address("webchat", sid),
            text=frame.get("text", ""),
            external_id=f"{sid}:{message_id}",
            received_at=self.engine.clock(),
        )
        await ws.send_json({"type": "typing"})
        result = await self.engine.handle(inbound, inline=True)
        for reply in result.replies:
            for out in message_frames(reply, sender="bot"):
                await ws.send_json(out)
        if result.ticket is not None:
            await ws.send_json(ticket_frame(result.ticket))


def message_frames(message: Outbound, *, sender: str) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = [{"type": "message", "from": sender, "text": message.text}]
    if message.choices:
        frames.append(
            {
                "type": "choices",
                "choices": [{"value": c.value, "label": c.label} for c in message.choices],
            }
        )
    return frames


def ticket_frame(ticket: Any) -> dict[str, Any]:
    return {
        "type": "ticket",
        "number": ticket.number,
        "priority": ticket.priority,
        "status": ticket.status.value,
        "first_response_due": ticket.first_response_due.isoformat()
        if ticket.first_response_due
        else None,
    }


def _who(who: str) -> str:
    if who == "customer":
        return "customer"
    return "agent" if who.startswith("agent") else "bot"


def _same_origin(ws: WebSocket, origin: str) -> bool:
    host = ws.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")
