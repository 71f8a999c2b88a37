"""Web chat: `WS /chat/ws` exchanges JSON frames with the page (channels/webchat_page.py
serves it, standalone at /chat or embedded by /widget.js); files come over
`POST /chat/upload` (channels/webchat_upload.py).

Frames from the browser: first {"type": "hello", "token": "<token or empty>",
"lang": "en"|"es" (optional: the page's language, said first in the greeting)}, then
{"type": "message", "text": "...", "id": "<uuid>"}.
Frames to the browser: {"type": "session", "token"}, {"type": "history", "messages"},
{"type": "typing"}, {"type": "message", "from": "bot"|"agent"|"customer", "text"}
("customer": what the same customer wrote in another tab), {"type": "choices",
"choices": [{"value", "label"}]}, {"type": "ticket", "number", ...}, {"type": "lang",
"lang"} (the conversation's language, once known: the page relabels itself),
{"type": "error", "text"}. Every socket of a session (tabs, pages of the provider's
site) gets the session's turns, so a closed widget on one page still hears replies.

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
from pathlib import Path
from typing import Any, Final

from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from bot.engine.delivery import Receipt
from bot.engine.turns import Engine
from bot.files.links import FileLinks
from bot.outage import Outage
from bot.store.protocol import OutboxStatus, StoreError
from channels.outbound_files import link_lines, with_links
from channels.webchat_page import ChatPages
from channels.webchat_upload import Uploads
from domain.types import DEFAULT_LIMITS, Address, Attachment, ChannelLimits, Inbound, Outbound
from flows.catalog import messages as catalog
from flows.catalog.widget import PAGE_LANGS

log = logging.getLogger("supportbot.webchat")

MAX_FRAME_BYTES: Final = 256 * 1024
MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
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
        attachments_dir: Path | None = None,
        max_upload_bytes: int = MAX_UPLOAD_BYTES,
        monotonic: Callable[[], float] = time.monotonic,
        files: FileLinks | None = None,
    ) -> None:
        self.engine = engine
        self.files = files  # links to the files agents send
        self.tokens = SessionTokens(session_secret)
        self.allowed_origins = list(allowed_origins or [])
        self.limits: ChannelLimits = DEFAULT_LIMITS["webchat"]
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self.max_sockets_per_ip = max_sockets_per_ip
        self.max_frames_per_minute = max_frames_per_minute
        self._monotonic = monotonic
        self._per_ip: dict[str, int] = {}  # open sockets by client address; no zero entries
        # the language each open session speaks, for what is said without the store
        self._langs: dict[str, str] = {}
        self._store_down = Outage(log, "web chat messages", monotonic=monotonic)
        self.pages = ChatPages(
            allowed_origins=self.allowed_origins,
            default_lang=engine.policy.plan.default_language,
        )
        self.uploads = Uploads(
            root=attachments_dir or Path("var") / "attachments" / "webchat",
            max_bytes=max_upload_bytes,
            session_of=self.session_of,
            deliver=self._deliver_upload,
            clock=engine.clock,
            monotonic=monotonic,
        )

    def routes(self) -> list[BaseRoute]:
        return [
            *self.pages.routes(),
            Route("/chat/upload", self.uploads.handle, methods=["POST"]),
            WebSocketRoute("/chat/ws", self.socket),
        ]

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
        message = with_links(message, self.files)  # an agent's files, as download links
        frames = message_frames(message, sender="agent" if message.kind == "agent" else "bot")
        for ws in list(sockets):
            for frame in frames:
                await ws.send_json(frame)
        return Receipt(status=OutboxStatus.DELIVERED)

    # -- websocket -----------------------------------------------------------------------

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
        token, page_lang = hello
        lang = page_lang or self.engine.policy.plan.default_language
        resumed = await self._resume(token)
        if resumed is None:
            sid, token = self.tokens.issue()
            await self.engine.store.set_flag(_GENERATION_FLAG + sid, "1")
            await ws.send_json({"type": "session", "token": token})
            # The customer has not written yet, so the greeting speaks both languages
            # (the page's, else the plan's default first); the dialogue answers in the
            # one they use.
            provider = self.engine.policy.plan.provider
            first = page_lang or self.engine.policy.plan.default_language
            langs = (first, "es" if first == "en" else "en")
            text = "\n".join(catalog.render(lang, "greeting", provider=provider) for lang in langs)
            await ws.send_json({"type": "message", "from": "bot", "text": text})
        else:
            sid, token = resumed
            await ws.send_json({"type": "session", "token": token})
            lang = await self._send_history(ws, sid) or lang
        self._sockets[sid].add(ws)
        self._langs.setdefault(sid, lang)
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
                try:
                    await self._on_frame(ws, sid, raw)
                except StoreError as exc:
                    # Nothing was taken (the turn did not commit): the customer is asked to
                    # send it again, the socket stays open, and the log gets one line per
                    # interval of the outage, not a traceback per message.
                    self._store_down.failed(exc)
                    text = catalog.render(self._langs.get(sid, lang), "webchat.store_down")
                    await ws.send_json({"type": "error", "text": text})
                else:
                    self._store_down.ok()
        except WebSocketDisconnect:
            pass
        finally:
            sockets = self._sockets.get(sid)
            if sockets is not None:
                sockets.discard(ws)
                if not sockets:
                    del self._sockets[sid]
                    self._langs.pop(sid, None)

    def _too_fast(self, recent: deque[float]) -> bool:
        """Counts this frame in the socket's last minute; True when it is over the limit."""
        if not self.max_frames_per_minute:
            return False
        now = self._monotonic()
        while recent and now - recent[0] >= 60.0:
            recent.popleft()
        recent.append(now)
        return len(recent) > self.max_frames_per_minute

    async def _hello(self, ws: WebSocket) -> tuple[str, str] | None:
        """The token ("" for a new session) and the page's language ("" when it named
        none we speak) from the page's first frame, or None when the socket closed, sent
        something else or nothing in time (then it is closed)."""
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
        lang = frame.get("lang")
        return (
            token if isinstance(token, str) else "",
            lang if isinstance(lang, str) and lang in PAGE_LANGS else "",
        )

    async def session_of(self, token: str) -> str | None:
        """The session a current token names (not rotated: uploads do not resume)."""
        verified = self.tokens.verify(token) if token else None
        if verified is None:
            return None
        sid, generation = verified
        if await self.engine.store.get_flag(_GENERATION_FLAG + sid) != str(generation):
            return None
        return sid

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

    async def _send_history(self, ws: WebSocket, sid: str) -> str:
        """The history frames; the conversation's language ("" while none is known)."""
        conv_id = str(Address("webchat", sid))
        lines = await self.engine.store.transcript(conv_id, limit=200)
        messages = [{"from": _who(line.who), "text": line.text} for line in lines]
        conv = await self.engine.store.load_conversation(conv_id)
        ticket = None
        if conv is not None and conv.ticket_number is not None:
            ticket = await self.engine.store.get_ticket(conv.ticket_number)
        if ticket is not None:
            # the links a live page got have expired or were never seen: fresh ones, once
            agents_files = [a for a in ticket.attachments if a.by]
            links = link_lines(
                Outbound(
                    Address("webchat", sid),
                    "",
                    ticket_number=ticket.number,
                    attachments=tuple(agents_files),
                ),
                self.files,
            )
            if agents_files and self.files is not None:
                messages.append({"from": "agent", "text": "\n".join(links)})
        await ws.send_json({"type": "history", "messages": messages})
        if conv is not None and conv.lang:
            await ws.send_json({"type": "lang", "lang": conv.lang})
        if ticket is not None:
            await ws.send_json(ticket_frame(ticket))
        return conv.lang if conv is not None and conv.lang else ""

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
        # the customer's other tabs show what they wrote here
        echo = {"type": "message", "from": "customer", "text": inbound.text}
        for other in list(self._sockets.get(sid, ())):
            if other is not ws:
                await _send_quietly(other, echo)
        await self._turn(sid, inbound)

    async def _turn(self, sid: str, inbound: Inbound) -> None:
        """Run a customer's turn and show its outcome on every socket of the session."""
        result = await self.engine.handle(inbound, inline=True)
        frames: list[dict[str, Any]] = []
        if result.conversation is not None and result.conversation.lang:
            # first, so the page is relabelled before the reply is read out
            frames.append({"type": "lang", "lang": result.conversation.lang})
            if sid in self._langs:
                self._langs[sid] = result.conversation.lang
        frames += [f for reply in result.replies for f in message_frames(reply, sender="bot")]
        if result.ticket is not None:
            frames.append(ticket_frame(result.ticket))
        for ws in list(self._sockets.get(sid, ())):
            for frame in frames:
                await _send_quietly(ws, frame)

    async def _deliver_upload(self, sid: str, upload_id: str, attachment: Attachment) -> None:
        inbound = Inbound(
            address=Address("webchat", sid),
            text="",
            external_id=f"{sid}:upload:{upload_id}",
            received_at=self.engine.clock(),
            attachments=(attachment,),
        )
        await self._turn(sid, inbound)


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


async def _send_quietly(ws: WebSocket, frame: dict[str, Any]) -> None:
    """A socket that closed meanwhile is dropped by its own loop; the turn is kept."""
    try:
        await ws.send_json(frame)
    except (RuntimeError, OSError, WebSocketDisconnect):
        pass


def _same_origin(ws: WebSocket, origin: str) -> bool:
    host = ws.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")
