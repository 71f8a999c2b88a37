"""SMS over Twilio.

`POST /webhooks/twilio/sms` takes Twilio's form-encoded message webhook,
verifies `X-Twilio-Signature` with twilio's `RequestValidator` against the
public URL (so it works behind a proxy), runs the turn and answers with TwiML
carrying the bot's reply, which the engine recorded as delivered inline in the
same commit. A retried webhook (same MessageSid) runs no second turn and gets the
reply that turn recorded (the first answer may have been lost after the commit).

Later messages (agent replies, reminders) go out through twilio's REST client
(`channels.twilio_rest`); `POST /webhooks/twilio/status` takes the delivery
status callbacks and updates the outbox item the message came from.

Sending, and settling a send that was cut short or got no answer: channels/sms_send.py.

Opt-out keywords are handled before the dialogue and stored as a flag
(`optout:sms:<E.164>`); `send()` refuses opted-out numbers, so nothing reaches
them, agent replies included. Twilio answers its own English keywords (STOP,
START, HELP) on real numbers, so we add no reply to those; the Spanish ones
Twilio does not know (BAJA, PARAR, ALTA...) get our own confirmation.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send
from twilio.request_validator import RequestValidator, get_signature_algorithm

from bot.config import Settings
from bot.engine.delivery import Receipt
from bot.engine.replay import stored_replies
from bot.engine.turns import Engine
from bot.files.links import FileLinks
from bot.outage import Outage
from bot.store.protocol import OutboxItem, OutboxStatus, StoreError
from channels.base import opt_out_flag
from channels.direct import commit_direct, note_on_tickets
from channels.sms_media import TwilioMedia
from channels.sms_segments import split_message
from channels.sms_send import SmsSends, part_failed_flag, render_parts
from channels.twilio_rest import TwilioSender
from channels.twilio_webhook import (
    CONTENT_LENGTH,
    CONTENT_TYPE,
    DIGESTS,
    SIGNATURE,
    SIGNATURE_SETTINGS,
    checked_headers,
    parse_form,
    signature_of,
)
from channels.twiml import to_twiml, twiml
from domain.text import fold
from domain.types import (
    DEFAULT_LIMITS,
    Address,
    Attachment,
    ChannelLimits,
    Inbound,
    Outbound,
)
from flows.catalog import messages as catalog

log = logging.getLogger("supportbot.sms")
_STORE_DOWN = Outage(log, "Twilio webhooks answered 503")

INBOUND_PATH: Final = "/webhooks/twilio/sms"
STATUS_PATH: Final = "/webhooks/twilio/status"
MAX_BODY_BYTES: Final = 64 * 1024
MAX_MEDIA: Final = 10

# Twilio's own opt-out/opt-in keywords: Twilio confirms these itself on real numbers.
TWILIO_OPT_OUT: Final = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})
TWILIO_OPT_IN: Final = frozenset({"start", "unstop", "yes"})
SPANISH_OPT_OUT: Final = frozenset({"baja", "parar", "detener", "cancelar", "alto"})
SPANISH_OPT_IN: Final = frozenset({"alta", "reanudar"})
OPT_OUT: Final = TWILIO_OPT_OUT | SPANISH_OPT_OUT
OPT_IN: Final = TWILIO_OPT_IN | SPANISH_OPT_IN


class MalformedWebhook(ValueError):
    """The form lacks what every Twilio message webhook carries."""


def optout_key(number: str) -> str:
    return opt_out_flag(Address("sms", number))


def keyword(text: str) -> str:
    """The message as a carrier keyword: one word, folded, without punctuation."""
    return fold(text).strip(" .!¡?¿\n\t")


# -- pure translators ---------------------------------------------------------------------


def to_inbound(form: Mapping[str, str], *, now: datetime) -> Inbound:
    """Twilio's message webhook form -> Inbound (MMS media as attachments)."""
    sender = str(form.get("From", "")).strip()
    sid = str(form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sender or len(sender) > 40:
        raise MalformedWebhook("From is missing")
    if not sid or len(sid) > 64:
        raise MalformedWebhook("MessageSid is missing")
    try:
        media = min(MAX_MEDIA, int(str(form.get("NumMedia", "0") or "0")))
    except ValueError:
        raise MalformedWebhook("NumMedia is not a number") from None
    attachments = []
    for i in range(max(0, media)):
        url = str(form.get(f"MediaUrl{i}", ""))
        if not url:
            continue
        ctype = str(form.get(f"MediaContentType{i}", ""))
        attachments.append(
            Attachment(kind=_kind(ctype), name=f"mms-{i}", content_type=ctype, ref=url)
        )
    meta = {"known_phone": sender} if sender.startswith("+") else {}
    return Inbound(
        address=Address("sms", sender),
        text=str(form.get("Body", "")),
        external_id=sid,
        received_at=now,
        attachments=tuple(attachments),
        meta=meta,
    )


def _kind(content_type: str) -> str:
    major = content_type.partition("/")[0]
    if major in ("image", "audio", "video"):
        return major
    return "document" if content_type else "file"


# -- the channel --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Problem:
    status: int
    detail: str


class SmsChannel:
    """Twilio SMS/MMS: verified webhooks, TwiML replies, REST sends, opt-out."""

    name = "sms"

    def __init__(
        self,
        *,
        engine: Engine,
        auth_token: str,
        public_base_url: str,
        rest: TwilioSender | None = None,
        limits: ChannelLimits | None = None,
        media: TwilioMedia | None = None,
        files: FileLinks | None = None,
    ) -> None:
        if not auth_token:
            raise ValueError("channels.sms.auth_token is required to verify Twilio's signatures")
        self.engine = engine
        self.validator = RequestValidator(auth_token)
        # the HMAC of each signature algorithm, keyed once (signature_of copies it)
        self.keyed = {
            name: hmac.new(auth_token.encode("utf-8"), digestmod=digest)
            for name, digest in DIGESTS.items()
        }
        self.public_base_url = public_base_url.rstrip("/")
        self.rest = rest
        self.limits: ChannelLimits = limits or DEFAULT_LIMITS["sms"]
        # REST sends: the dispatcher's sender for this channel (send, reconcile)
        self.sends = SmsSends(store=engine.store, rest=rest, limits=self.limits, files=files)
        self.file_fetcher = media  # MMS media for the agents' links (bot/files)
        self.files = files  # links to the files agents send

    def routes(self) -> list[BaseRoute]:
        return [
            # an ASGI endpoint, not `self.inbound`: Starlette's request_response wrapper (a
            # Request, a second exception wrapper, the response's call through both) cost
            # every storm message more than the route is worth (`_InboundEndpoint`)
            Route(INBOUND_PATH, _InboundEndpoint(self), methods=["POST"]),
            Route(STATUS_PATH, self.status, methods=["POST"]),
        ]

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        if self.rest is not None:
            await self.rest.close()
        if self.file_fetcher is not None:
            await self.file_fetcher.close()

    async def opted_out(self, number: str) -> bool:
        return await self.sends.opted_out(number)

    # -- outbound ---------------------------------------------------------------------------

    async def send(self, message: Outbound) -> Receipt:
        return await self.sends.send(message)

    async def reconcile(self, message: Outbound, *, since: datetime) -> Receipt | None:
        return await self.sends.reconcile(message, since=since)

    # -- webhooks ---------------------------------------------------------------------------

    async def _verified_form(self, request: Request) -> dict[str, str] | _Problem:
        return await self._verified(request.scope, request.body)

    async def _verified(
        self, scope: Scope, read_body: Callable[[], Awaitable[bytes]]
    ) -> dict[str, str] | _Problem:
        """The webhook's form, its signature checked (`read_body`: the request's body, read
        only once the headers pass), or the problem to answer."""
        headers = checked_headers(scope["headers"])
        signature = headers.get(SIGNATURE, "")
        if not signature:
            return _Problem(403, "missing X-Twilio-Signature")
        if int(headers.get(CONTENT_LENGTH) or 0) > MAX_BODY_BYTES:
            return _Problem(413, "body too large")
        if not headers.get(CONTENT_TYPE, "").startswith("application/x-www-form-urlencoded"):
            return _Problem(400, "expected application/x-www-form-urlencoded")
        body = await read_body()
        if len(body) > MAX_BODY_BYTES:
            return _Problem(413, "body too large")
        try:
            form = parse_form(body)
        except ValueError:
            return _Problem(400, "malformed form body")
        # The URL Twilio signed, from the ASGI scope itself: building `request.url`
        # (host header, netloc, urlsplit) cost more than the lookup it served.
        url = self.public_base_url + scope["path"]
        query = scope.get("query_string", b"")
        if query:
            url += "?" + query.decode("latin-1")
        settings = headers.get(SIGNATURE_SETTINGS)
        if not self.signed(url, form, signature, settings):
            log.warning("rejected a Twilio webhook with a bad signature for %s", scope["path"])
            return _Problem(403, "bad X-Twilio-Signature")
        return form

    def signed(self, url: str, form: dict[str, str], signature: str, settings: str | None) -> bool:
        algorithm = get_signature_algorithm(settings)
        # One HMAC for the URL exactly as configured (the usual case); `validate()`
        # then tries the with/without-port variants Twilio may have signed.
        keyed = self.keyed.get(algorithm.upper())
        if keyed is None:  # an algorithm this twilio version does not know
            return False
        if hmac.compare_digest(signature_of(keyed, url, form), signature):
            return True
        return bool(self.validator.validate(url, form, signature, algorithm))

    async def inbound(self, request: Request) -> Response:
        return await self.answer(request.scope, request.body)

    async def answer(self, scope: Scope, read_body: Callable[[], Awaitable[bytes]]) -> Response:
        """The answer to a message webhook (`inbound`, `_InboundEndpoint`)."""
        form = await self._verified(scope, read_body)
        if isinstance(form, _Problem):
            return Response(form.detail, status_code=form.status, media_type="text/plain")
        try:
            inbound = to_inbound(form, now=self.engine.clock())
        except MalformedWebhook as exc:
            return Response(str(exc), status_code=400, media_type="text/plain")
        try:
            return twiml(to_twiml(await self._turn(inbound)))
        except StoreError as exc:  # nothing acknowledged: Twilio retries; logged once an interval
            _STORE_DOWN.failed(exc)
            return Response("store unavailable", status_code=503, headers={"Retry-After": "5"})

    async def _turn(self, inbound: Inbound) -> list[str]:
        word = keyword(inbound.text)
        number = inbound.address.id
        if word in OPT_OUT:
            return await self._opt_out(inbound, word)
        if word in OPT_IN and await self.opted_out(number):
            return await self._opt_in(inbound, word)
        # The opt-out flag is read with the turn's own reads (one snapshot, no extra
        # store round-trip on the hot path). An opted-out number's replies are withheld.
        flag = opt_out_flag(inbound.address)  # optout_key(number), from the Address it has
        result = await self.engine.handle(inbound, inline=True, read_flags=(flag,))
        # a retry (same MessageSid) gets the replies its committed turn stored, not a new turn
        if not result.duplicate and result.flags.get(flag) is not None:
            # kept and run through the dialogue so nothing is lost; nothing goes out
            await self._suppress_replies(inbound)
            return []
        return [part for reply in result.replies for part in render_parts(reply, self.limits)]

    async def _suppress_replies(self, inbound: Inbound) -> None:
        for item in await self.engine.store.outbox_for(inbound.address):
            if (
                item.status == OutboxStatus.INLINE
                and item.outbound.meta.get("in_reply_to") == inbound.external_id
            ):
                await self.engine.store.finish_outbox(
                    item.id, status=OutboxStatus.SUPPRESSED, error="the customer opted out of SMS"
                )

    async def _opt_out(self, inbound: Inbound, word: str) -> list[str]:
        reply = ""
        if word not in TWILIO_OPT_OUT:  # Twilio confirms its own keywords itself
            reply = catalog.render("es", "sms.opted_out", provider=self.engine.policy.plan.provider)
        at = self.engine.clock().isoformat()
        committed = await commit_direct(
            self.engine,
            inbound,
            reply=reply,
            inline=True,
            flags=((optout_key(inbound.address.id), at),),
        )
        if not committed:
            return await self._replayed(inbound)
        log.info("sms opt-out recorded (%s)", word.upper())
        await note_on_tickets(
            self.engine, inbound.address, "sms_opt_out", f"customer texted {word.upper()}"
        )
        return split_message(reply, max_parts=self.limits.max_segments or 3) if reply else []

    async def _opt_in(self, inbound: Inbound, word: str) -> list[str]:
        reply = ""
        if word not in TWILIO_OPT_IN:
            reply = catalog.render("es", "sms.opted_in", provider=self.engine.policy.plan.provider)
        committed = await commit_direct(
            self.engine,
            inbound,
            reply=reply,
            inline=True,
            flags=((optout_key(inbound.address.id), None),),
        )
        if not committed:
            return await self._replayed(inbound)
        log.info("sms opt-in recorded (%s)", word.upper())
        await note_on_tickets(
            self.engine, inbound.address, "sms_opt_in", f"customer texted {word.upper()}"
        )
        return split_message(reply, max_parts=self.limits.max_segments or 3) if reply else []

    async def _replayed(self, inbound: Inbound) -> list[str]:
        """A retry (same MessageSid) of a keyword already handled: the confirmation that
        turn stored (BAJA, ALTA), in the same parts as the first answer and as the engine
        replays a dialogue turn's reply; nothing for Twilio's own keywords, whose turn
        stored none."""
        stored = await stored_replies(self.engine.store, inbound, inline=True)
        return [part for reply in stored for part in render_parts(reply, self.limits)]

    async def status(self, request: Request) -> Response:
        form = await self._verified_form(request)
        if isinstance(form, _Problem):
            return Response(form.detail, status_code=form.status, media_type="text/plain")
        sid = str(form.get("MessageSid") or form.get("SmsSid") or "")
        state = str(form.get("MessageStatus") or form.get("SmsStatus") or "")
        to = str(form.get("To", ""))
        if not sid or not state or not to:
            return Response("MessageSid, MessageStatus and To are required", status_code=400)
        item = await self._find_item(Address("sms", to), sid)
        if item is None:
            log.debug("status %s for an unknown message %s", state, sid)
            return Response(status_code=204)
        await self._apply_status(item, state, str(form.get("ErrorCode", "")))
        return Response(status_code=204)

    async def _find_item(self, address: Address, sid: str) -> OutboxItem | None:
        for item in await self.engine.store.outbox_for(address):
            if sid in item.provider_id.split():
                return item
        return None

    async def _apply_status(self, item: OutboxItem, state: str, error_code: str) -> None:
        store = self.engine.store
        if item.status in (OutboxStatus.FAILED, OutboxStatus.SUPPRESSED):
            return  # terminal: a late "sent" or "delivered" does not undo a failure
        failed = state in ("undelivered", "failed")
        error = f"twilio reports {state}" + (f" (error {error_code})" if error_code else "")
        if item.status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            # A part of a message still going out (its retry sends the rest): the item's
            # outcome is its send's, not one part's receipt. A part that failed is still
            # the customer's loss: the ticket says so now, and the flag fails the message
            # when its send finishes (`SmsSends`), or, if that was already recorded as
            # sent, when its other parts' receipts say "delivered".
            if failed and await store.get_flag(part_failed_flag(item.id)) is None:
                await store.set_flag(part_failed_flag(item.id), error)
                await self._note_failure(item, f"part of a reply: {error}")
            return
        part_failure = await store.get_flag(part_failed_flag(item.id))
        if part_failure is not None:
            await store.finish_outbox(
                item.id,
                status=OutboxStatus.FAILED,
                provider_id=item.provider_id,
                error=part_failure,
            )
            await store.set_flag(part_failed_flag(item.id), None)  # noted when it came
        elif state == "delivered" and item.status != OutboxStatus.DELIVERED:
            await store.finish_outbox(
                item.id, status=OutboxStatus.DELIVERED, provider_id=item.provider_id
            )
        elif failed:
            await store.finish_outbox(
                item.id, status=OutboxStatus.FAILED, provider_id=item.provider_id, error=error
            )
            await self._note_failure(item, error)

    async def _note_failure(self, item: OutboxItem, detail: str) -> None:
        number = item.outbound.ticket_number
        if number is not None:
            await note_on_tickets(
                self.engine, item.outbound.address, "delivery_failed", detail, numbers=(number,)
            )


class _InboundEndpoint:
    """`POST /webhooks/twilio/sms` as a plain ASGI app: `SmsChannel.inbound` without a
    Request object (the body read as `Request.body` reads it) and without the inner
    exception wrapper of Starlette's `request_response` (the app's ExceptionMiddleware has
    the same handlers, and `inbound` answers a StoreError itself). The route still answers
    405 to other methods; the same responses, byte for byte (tests/channels/test_sms.py)."""

    __slots__ = ("channel",)

    def __init__(self, channel: SmsChannel) -> None:
        self.channel = channel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def read_body() -> bytes:
            chunks: list[bytes] = []
            while True:
                message = await receive()
                if message["type"] == "http.request":
                    body = message.get("body", b"")
                    if body:
                        chunks.append(body)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
                elif message["type"] == "http.disconnect":
                    raise ClientDisconnect()

        response = await self.channel.answer(scope, read_body)
        await response(scope, receive, send)


def build_sms_channel(
    settings: Settings, engine: Engine, *, files: FileLinks | None = None
) -> SmsChannel:
    """The SMS channel from `[channels.sms]`; REST sending needs account_sid too."""
    sms = settings.channels.sms
    public = settings.server.public_base_url
    rest = None
    if sms.account_sid:
        rest = TwilioSender(
            account_sid=sms.account_sid,
            auth_token=sms.auth_token.get_secret_value(),
            from_number=sms.from_number,
            api_base_url=sms.api_base_url,
            status_callback=public.rstrip("/") + STATUS_PATH,
            timeout=sms.api_timeout_seconds,
        )
    return SmsChannel(
        engine=engine,
        auth_token=sms.auth_token.get_secret_value(),
        public_base_url=public,
        rest=rest,
        limits=engine.limits.get("sms"),
        media=TwilioMedia(
            account_sid=sms.account_sid,
            auth_token=sms.auth_token.get_secret_value(),
            api_base_url=sms.api_base_url,
        )
        if sms.account_sid
        else None,
        files=files,
    )
