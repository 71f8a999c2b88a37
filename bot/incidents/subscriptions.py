"""Subscriptions by email from the status page: to one incident, or to every incident of a
platform (CallTower: "a un solo número o a todas las actualizaciones relacionadas con una
plataforma"). A subscription is asked for with an address, confirmed by the link mailed to
it (so nobody subscribes someone else), and ended by the link in every notice. Asking is
rate-limited per client and per address (bot.incidents.request_limits): each request
mails.

Links carry a signed token (HMAC-SHA256 over what it does, keyed by the server's session
secret), so nothing is stored until the owner of the address clicks. One incident's
subscribers live on the incident (`Incident.subscribers`); a platform's in the flag
`subscribers:platform:<service>`, changed under the store lock of that key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Final, Protocol
from urllib.parse import quote

from bot.incidents.request_limits import GateStore, RequestGate, RequestLimits
from bot.store.protocol import (
    Flags,
    Incidents,
    OutboxItem,
    VersionConflict,
)
from domain.types import Address, Outbound
from flows.catalog import messages as catalog
from flows.dialogue.subscribe import platform_key

_EMAIL: Final = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")
_ATTEMPTS: Final = 5


class SubscriptionStore(Incidents, Flags, GateStore, Protocol):
    """Incidents (their subscribers), flags (a platform's), commits (the mail owed) and
    dedup marks (the request limits' counts)."""


class BadToken(ValueError):
    pass


def platform_flag(service: str) -> str:
    return f"subscribers:platform:{platform_key(service)}"


def index_flag(address: str) -> str:
    """Everything `address` is subscribed to ("incident:N", "platform:KEY"), one a line:
    what "unsubscribe" with no platform ends."""
    return f"subscriber:of:{address}"


def language_flag(address: str) -> str:
    """The language a subscriber asked in (the status page's), for mail with no ticket."""
    return f"subscribers:lang:{address}"


class Subscriptions:
    def __init__(
        self,
        *,
        store: SubscriptionStore,
        secret: str,
        clock: Callable[[], datetime],
        kick: Callable[[], None],
        base_url: str,
        limits: RequestLimits | None = None,
    ) -> None:
        self.store = store
        # each request mails: at most so many per client and per address (a window's worth)
        self.gate = RequestGate(store=store, limits=limits or RequestLimits(), clock=clock)
        self._key = hashlib.sha256(f"status-subscriptions:{secret}".encode()).digest()
        self.clock = clock
        self.kick = kick
        self.base_url = base_url.rstrip("/")

    # tokens

    def token(self, action: str, address: str, *, incident: int = 0, platform: str = "") -> str:
        body = json.dumps([action, address, incident, platform], separators=(",", ":")).encode()
        mac = hmac.new(self._key, body, hashlib.sha256).digest()[:16]
        return _b64(body) + "." + _b64(mac)

    def read(self, token: str) -> tuple[str, str, int, str]:
        body_text, _, mac_text = token.partition(".")
        try:
            body, mac = _unb64(body_text), _unb64(mac_text)
        except ValueError as exc:
            raise BadToken("malformed") from exc
        good = hmac.new(self._key, body, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(mac, good):
            raise BadToken("bad signature")
        action, address, incident, platform = json.loads(body)
        return str(action), str(address), int(incident), str(platform)

    def link(self, action: str, address: str, *, incident: int = 0, platform: str = "") -> str:
        token = self.token(action, address, incident=incident, platform=platform)
        return f"{self.base_url}/status/{action}?t={quote(token)}"

    # asking

    async def request(
        self, email: str, *, lang: str, incident: int = 0, platform: str = "", client: str = ""
    ) -> None:
        """Mail the confirmation link to `email`, asked by `client` (an IP address, or the
        channel address the customer wrote from). Raises ValueError for a bad address or an
        incident that does not exist, RateLimited (nothing mailed) past the limits."""
        email = email.strip()
        if not _EMAIL.match(email):
            raise ValueError("not an email address")
        if incident:
            found = await self.store.get_incident(incident)
            if found is None or not found.is_open:
                raise ValueError("no such open incident")
            what = found.title
        elif platform:
            what = platform
        else:
            raise ValueError("subscribe to an incident or a platform")
        await self.gate.client(client)
        address = str(Address("email", email))
        # the page the link opens, and the subscriber's mail, are in the language asked in
        link = self.link("confirm", address, incident=incident, platform=platform)
        link += f"&lang={lang}" if lang in ("en", "es") else ""
        text = catalog.render(lang, "incident.subscribe_confirm", what=what, link=link)
        now = self.clock()
        mail = OutboxItem(
            id=f"sub-{secrets.token_hex(12)}",  # each request its own mail
            outbound=Outbound(Address("email", email), text, kind="notice"),
            created_at=now,
            not_before=now,
        )
        await self.gate.mail(email, (mail,))  # with a slot of the address's limit
        self.kick()

    # confirming and leaving

    async def apply(self, token: str, *, expected: str, lang: str = "") -> str:
        """Run a link's action, which must be `expected` ("confirm" | "unsubscribe", the
        path it was opened on); what it was about. Raises BadToken before any change.
        A confirmation with `lang` (en, es) keeps it as the subscriber's language."""
        action, address, incident, platform = self.read(token)
        if action not in ("confirm", "unsubscribe") or action != expected:
            raise BadToken("unknown action")
        if action == "confirm":
            known = lang if lang in ("en", "es") else ""
            return await self.add(address, known, incident=incident, platform=platform)
        return await self.remove(address, incident=incident, platform=platform)

    async def add(self, address: str, lang: str, *, incident: int = 0, platform: str = "") -> str:
        """Subscribe `address` (any channel's: "email:...", "sms:+1...") to an incident or a
        platform, its notices in `lang`; what it was about. Raises BadToken for an
        incident that does not exist."""
        if lang:
            await self.store.set_flag(language_flag(address), lang)
        if incident:
            what = await self._incident(incident, address, adding=True)
            await self._index(address, f"incident:{incident}", adding=True)
            return what
        await self._platform(platform, address, adding=True)
        await self._index(address, f"platform:{platform_key(platform)}", adding=True)
        return platform

    async def remove(self, address: str, *, incident: int = 0, platform: str = "") -> str:
        if incident:
            what = await self._incident(incident, address, adding=False)
            await self._index(address, f"incident:{incident}", adding=False)
            return what
        await self._platform(platform, address, adding=False)
        await self._index(address, f"platform:{platform_key(platform)}", adding=False)
        return platform

    async def remove_all(self, address: str) -> int:
        """End every subscription of `address`; how many there were."""
        raw = await self.store.get_flag(index_flag(address))
        held = [line for line in (raw or "").split("\n") if line]
        for line in held:
            kind, _, value = line.partition(":")
            if kind == "incident" and value.isdigit():
                try:
                    await self._incident(int(value), address, adding=False)
                except BadToken:
                    pass  # the incident is gone: nothing to leave
            elif kind == "platform":
                await self._platform(value, address, adding=False)
        await self.store.set_flag(index_flag(address), None)
        return len(held)

    async def lang_of(self, address: str, default: str) -> str:
        return await self.language(address) or default

    async def _platform(self, platform: str, address: str, *, adding: bool) -> None:
        async with self.store.lock(platform_flag(platform)):
            raw = await self.store.get_flag(platform_flag(platform))
            listed = [a for a in (raw or "").split("\n") if a]
            if adding and address not in listed:
                listed.append(address)
            if not adding:
                listed = [a for a in listed if a != address]
            await self.store.set_flag(platform_flag(platform), "\n".join(listed) or None)

    async def _index(self, address: str, entry: str, *, adding: bool) -> None:
        async with self.store.lock(index_flag(address)):
            raw = await self.store.get_flag(index_flag(address))
            held = [line for line in (raw or "").split("\n") if line and line != entry]
            if adding:
                held.append(entry)
            await self.store.set_flag(index_flag(address), "\n".join(held) or None)

    async def _incident(self, incident_id: int, address: str, *, adding: bool) -> str:
        for _attempt in range(_ATTEMPTS):
            incident = await self.store.get_incident(incident_id)
            if incident is None:
                raise BadToken("no such incident")
            subscribers = tuple(a for a in incident.subscribers if a != address)
            if adding:
                subscribers = (*subscribers, address)
            if subscribers == incident.subscribers:
                return incident.title
            try:
                await self.store.save_incident(
                    replace(incident, subscribers=subscribers, version=incident.version + 1)
                )
            except VersionConflict:
                continue
            return incident.title
        raise VersionConflict(f"incident {incident_id} kept changing")

    async def language(self, address: str) -> str | None:
        """The language `address` subscribed in, if it said."""
        return await self.store.get_flag(language_flag(address))

    async def platform_subscribers(self, service: str) -> tuple[str, ...]:
        if not service:
            return ()
        raw = await self.store.get_flag(platform_flag(service))
        return tuple(a for a in (raw or "").split("\n") if a)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
