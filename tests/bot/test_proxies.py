"""The client behind reverse proxies (bot/proxies.py): X-Forwarded-For is believed only from
a configured trusted proxy, read from the right; a client's own header, however it is
written, changes nothing; with no trusted proxy (the default) the header is never read."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.config import ServerConfig
from bot.proxies import ForwardedFor, TrustedProxies, ip_of, parse_networks

PROXY = "127.0.0.1"
LB = "10.0.0.7"  # a load balancer in front of the proxy
CLIENT = "198.51.100.7"
TRUSTED = TrustedProxies(parse_networks([PROXY, "10.0.0.0/8", "::1"]))


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        # through the proxy: the address it appended
        (PROXY, [CLIENT], CLIENT),
        (PROXY, [f"{CLIENT}:51234"], CLIENT),  # some proxies append the port
        # through two trusted hops: the right-most address that is not one of ours
        (PROXY, [f"{CLIENT}, {LB}"], CLIENT),
        (PROXY, [CLIENT, LB], CLIENT),  # one header line per hop
        # spoofing: what the client wrote stays left of what the proxy appended
        (PROXY, [f"203.0.113.66, {CLIENT}"], CLIENT),
        (PROXY, [f"127.0.0.1, {CLIENT}"], CLIENT),  # posing as the proxy
        (PROXY, [f"10.0.0.1, 10.0.0.2, {CLIENT}"], CLIENT),  # as a chain of ours
        (PROXY, [f"{CLIENT}, 127.0.0.1"], CLIENT),
        (PROXY, [f"unknown, {CLIENT}"], CLIENT),
        (PROXY, [f"{'1.2.3.4, ' * 500}{CLIENT}"], CLIENT),  # a huge header
        # straight to us, not through a trusted proxy: the header is the client's word
        (CLIENT, ["203.0.113.66"], CLIENT),
        (CLIENT, ["127.0.0.1"], CLIENT),
        ("203.0.113.9", [f"{CLIENT}, 10.0.0.7"], "203.0.113.9"),
        # a proxy that reports nonsense: the last trusted hop is what we know
        (PROXY, ["garbage"], PROXY),
        (PROXY, [f"{CLIENT}, not-an-ip"], PROXY),
        (PROXY, [f"{CLIENT}, not-an-ip, {LB}"], LB),
        (PROXY, [""], PROXY),
        # only trusted hops: a request from our own network
        (PROXY, [LB], LB),
        # IPv6, and IPv4 written as IPv6, the same client as IPv4
        ("::1", ["2001:db8::5"], "2001:db8::5"),
        ("::1", ["[2001:db8::5]:443"], "2001:db8::5"),
        (PROXY, [f"::ffff:{CLIENT}"], CLIENT),
        ("::ffff:127.0.0.1", [CLIENT], CLIENT),
    ],
)
def test_the_client_is_the_right_most_address_no_trusted_proxy_added(
    peer: str, header: list[str], client: str
) -> None:
    assert TRUSTED.client(peer, header) == client


def test_without_trusted_proxies_the_header_is_never_read() -> None:
    nobody = TrustedProxies(parse_networks([]))
    assert not nobody
    assert nobody.client(PROXY, [CLIENT]) == PROXY
    assert ServerConfig().trusted_proxies == []


def test_the_setting_takes_addresses_and_networks_and_refuses_anything_else() -> None:
    assert ServerConfig(trusted_proxies=[" 127.0.0.1", "10.0.0.0/8", "::1"]).trusted_proxies == [
        "127.0.0.1",
        "10.0.0.0/8",
        "::1",
    ]
    for bad in ("localhost", "10.0.0.0/33", "*"):
        with pytest.raises(ValidationError):
            ServerConfig(trusted_proxies=[bad])


def test_an_entry_is_read_as_an_address_or_not_at_all() -> None:
    assert str(ip_of(" 192.0.2.1 ")) == "192.0.2.1"
    assert ip_of("192.0.2.1:80") == ip_of("192.0.2.1")
    for bad in ("", "unknown", "[::1", "_hidden", "192.0.2.1:80:1", "999.1.1.1"):
        assert ip_of(bad) is None


async def _seen(peer: str, headers: list[tuple[str, str]]) -> str:
    async def whoami(request: Request) -> PlainTextResponse:
        return PlainTextResponse(request.client.host if request.client else "")

    app = Starlette(
        routes=[Route("/", whoami)], middleware=[Middleware(ForwardedFor, trusted=TRUSTED)]
    )
    transport = httpx.ASGITransport(app=app, client=(peer, 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return (await http.get("/", headers=headers)).text


async def test_the_middleware_sets_the_requests_client_for_the_handlers() -> None:
    assert await _seen(PROXY, [("X-Forwarded-For", f"203.0.113.66, {CLIENT}")]) == CLIENT
    assert await _seen(PROXY, [("X-Forwarded-For", CLIENT), ("X-Forwarded-For", LB)]) == CLIENT
    assert await _seen(CLIENT, [("X-Forwarded-For", "203.0.113.66")]) == CLIENT
    assert await _seen(PROXY, []) == PROXY
