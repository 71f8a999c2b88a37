"""The client's address behind reverse proxies: `X-Forwarded-For`, believed only when the
connection comes from a proxy the configuration trusts (`[server] trusted_proxies`, IP
addresses or networks; none by default, and then the header is never read).

A proxy appends the address it received the request from, so the list is read from the
right: trusted proxies are skipped and the first address that is not one is the client.
Whatever a client writes into the header itself stays on the left of the address its
proxy appended, so it can neither pose as someone else nor as a proxy. An entry that is
not an IP address ends the walk: the hop that reported it (a trusted proxy) is taken as
the client, as if the header ended there. What the per-client limits
(bot.incidents.request_limits) and the access log see is `scope["client"]`, set here once
for every HTTP and WebSocket request.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Final

from starlette.types import ASGIApp, Receive, Scope, Send

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_MAX_HOPS: Final = 64  # entries read from the right; a longer header is someone's noise


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """`["127.0.0.1", "10.0.0.0/8", "::1"]` as networks; ValueError for anything else."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)


def ip_of(text: str) -> IPAddress | None:
    """An entry of the header as an address ("1.2.3.4", "1.2.3.4:5678", "[::1]:80",
    "::ffff:1.2.3.4" is 1.2.3.4); None when it is not one."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.partition(":")[0]  # IPv4 with a port
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


class TrustedProxies:
    def __init__(self, networks: Sequence[IPNetwork]) -> None:
        self.networks = tuple(networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, ip: IPAddress | None) -> bool:
        return ip is not None and any(ip in net for net in self.networks)

    def client(self, peer: str, forwarded_for: Sequence[str]) -> str:
        """The client's address, given the connection's `peer` and the values of every
        X-Forwarded-For header (in order): the peer itself unless it is a trusted proxy;
        else the right-most address of the header that is not one."""
        hop = ip_of(peer)
        if not self.trusts(hop):
            return peer  # a client's own header is never believed
        assert hop is not None
        entries = [e for value in forwarded_for for e in value.split(",")][-_MAX_HOPS:]
        for entry in reversed(entries):
            ip = ip_of(entry)
            if ip is None:
                break  # garbage: the last trusted hop is what we know
            hop = ip
            if not self.trusts(ip):
                break
        return str(hop)


class ForwardedFor:
    """ASGI middleware: `scope["client"]` becomes the client behind trusted proxies."""

    def __init__(self, app: ASGIApp, *, trusted: TrustedProxies) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope.get("client"):
            peer = scope["client"][0]
            values = [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
            if values:
                client = self.trusted.client(peer, values)
                if client != peer:
                    scope["client"] = (client, 0)  # in place: the access log reads it too
        await self.app(scope, receive, send)
