"""The front door of POST /slack/events: size, signature, then shape, before bolt sees a byte.

Bolt parses a body before it verifies it, so unsigned junk reached its parser (a 500 and a
traceback) and a 10 MB body was read and parsed whole. Here the order is the one a webhook
should have: a bounded read (413), the signature and its timestamp checked with slack_sdk's
`SignatureVerifier` (403), then the body parsed the way Slack sends it — JSON for the Events
API, a form whose `payload` is JSON for interactivity, a plain form for slash commands — and
its envelope checked (400 when malformed). Only then does bolt run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

log = logging.getLogger("supportbot.slack")

# Slack's own payloads are a few KB; a message is at most 40,000 characters, a modal's state
# a few times that. Anything near a megabyte is not from Slack.
MAX_BODY_BYTES: Final = 1024 * 1024
_FORM: Final = "application/x-www-form-urlencoded"
REPLAY_WINDOW_S: Final = 5 * 60 + 30  # Slack's signature window, and a little clock skew


class BodyTooLarge(Exception):
    pass


class SlackEventsDoor:
    """Wraps bolt's request handler (`handle(request) -> Response`)."""

    def __init__(
        self,
        handle: Callable[[Request], Awaitable[Response]],
        *,
        signing_secret: str,
        max_body_bytes: int = MAX_BODY_BYTES,
        clock: Callable[[], float] = time.time,
        first_time: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self._handle = handle
        self._verifier = SignatureVerifier(signing_secret)
        self._max = max_body_bytes
        # Signatures of requests already run, for as long as Slack's timestamp check would
        # accept them again (5 minutes): a captured signed action replayed within that
        # window does not run twice. Events carry event_id, deduplicated at commit; actions
        # and commands carry nothing of the kind. This worker's memory is the quick check;
        # `first_time(signature)` (the store's dedup keys, shared by every worker) the one
        # that holds when the replay reaches another worker.
        self._recent: dict[str, float] = {}
        self._clock = clock
        self._first_time = first_time

    async def handle(self, request: Request) -> Response:
        try:
            body = await _read_bounded(request, self._max)
        except BodyTooLarge:
            return _problem(413, "body too large")
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not timestamp.isdigit() or not self._verifier.is_valid(
            body=body, timestamp=timestamp, signature=signature
        ):
            return _problem(403, "invalid or stale Slack signature")
        reason = malformed(body, request.headers.get("content-type", ""))
        if reason is not None:
            log.warning("slack: signed request refused: %s", reason)
            return _problem(400, reason)
        if self._replayed(signature) or not await self._first_everywhere(signature):
            log.warning("slack: a replayed signed request was not run again")
            return Response(status_code=200)  # Slack itself never resends an action
        request._body = body  # bolt reads request.body(): the bytes already read and checked
        return await self._handle(request)

    async def _first_everywhere(self, signature: str) -> bool:
        if self._first_time is None:
            return True
        try:
            return await self._first_time(signature)
        except Exception as exc:  # the store is down: this worker's memory still guards
            log.warning("slack: replay check unavailable (%s)", type(exc).__name__)
            return True

    def _replayed(self, signature: str) -> bool:
        now = self._clock()
        if len(self._recent) > 10_000 or (
            self._recent and next(iter(self._recent.values())) < now - REPLAY_WINDOW_S
        ):
            self._recent = {s: at for s, at in self._recent.items() if at >= now - REPLAY_WINDOW_S}
        if signature in self._recent:
            return True
        self._recent[signature] = now
        return False


async def _read_bounded(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def malformed(body: bytes, content_type: str) -> str | None:
    """Why a signed body is not something Slack sends, or None when it is."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        return _envelope(_json(text))
    if kind == _FORM:
        try:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
        except ValueError:
            return "malformed form body"
        if "payload" in form:
            return _interaction(_json(form["payload"][0]))
        if "command" in form:
            return None if form["command"][0].startswith("/") else "malformed slash command"
        return "form body without payload or command"
    return f"unsupported content type {kind or '(none)'}"


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


# What bolt reads to route and authorize a request (team, user, channel...): strings, or
# objects whose "id" is a string. Anything else made bolt's middleware raise (a 500).
_ID_STRINGS: Final = (
    "type",
    "team_id",
    "enterprise_id",
    "api_app_id",
    "user_id",
    "channel_id",
    "token",
    "user",
    "channel",
    "team",
    "text",
    "ts",
    "thread_ts",
    "subtype",
    "event_ts",
    "bot_id",
    "trigger_id",
    "response_url",
    "callback_id",
    "action_ts",
)
_ID_OBJECTS: Final = ("user", "team", "enterprise", "channel", "container", "view", "message")
# never a plain string in Slack's payloads: bolt reads them with .get() (a 500 otherwise)
_OBJECTS_ONLY: Final = ("container", "view", "message")


def _envelope(data: Any) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return "JSON body is not a Slack envelope"
    if data["type"] == "url_verification" and not isinstance(data.get("challenge"), str):
        return "challenge missing"
    problem = _identity(data, "body")
    if problem is None and (data["type"] == "event_callback" or "event" in data):
        event = data.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event"
        problem = _identity(event, "event")
    if problem is None and "authorizations" in data:
        auths = data["authorizations"]
        if not isinstance(auths, list) or not all(isinstance(a, dict) for a in auths):
            return "authorizations are not a list of objects"
        problem = next(filter(None, (_identity(a, "authorization") for a in auths)), None)
    return problem


def _interaction(data: Any) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return "payload is not a Slack interaction"
    problem = _identity(data, "payload")
    if problem is not None:
        return problem
    actions = data.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        return "payload actions are not a list of objects"
    kind = data["type"]
    if kind in ("block_actions", "interactive_message") and not actions:
        return f"{kind} without actions"
    if any(not isinstance(a.get("action_id", a.get("name")), str) for a in actions):
        return "an action without an action_id"
    if kind.startswith("view_"):
        view = data.get("view")
        if not isinstance(view, dict) or not isinstance(view.get("type"), str):
            return f"{kind} without a view"
    if kind in ("shortcut", "message_action") and not isinstance(data.get("callback_id"), str):
        return f"{kind} without a callback_id"
    for action in actions:
        bad = _flat_strings(action, ("action_id", "block_id", "value", "type", "action_ts"))
        if bad is not None:
            return f"action {bad} is not a string"
    return None


def _identity(data: dict[str, Any], where: str) -> str | None:
    for key in _ID_OBJECTS:
        value = data.get(key)
        if isinstance(value, dict):
            inner = _flat_strings(value, ("id", "name", "team_id", "ts", "thread_ts"))
            if inner is not None:
                return f"{where} {key}.{inner} is not a string"
        elif (
            key in data
            and value is not None
            and (key in _OBJECTS_ONLY or not isinstance(value, str))
        ):
            return f"{where} {key} is not an object"
    bad = _flat_strings({k: v for k, v in data.items() if k not in _ID_OBJECTS}, _ID_STRINGS)
    if bad is not None:
        return f"{where} {bad} is not a string"
    if "is_enterprise_install" in data and not isinstance(data["is_enterprise_install"], bool):
        return f"{where} is_enterprise_install is not a boolean"
    return None


def _flat_strings(data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            return key
    return None


def _problem(status: int, detail: str) -> Response:
    return JSONResponse({"error": detail}, status_code=status)
