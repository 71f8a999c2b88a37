"""Email subscriptions from the status page: asked for with an address, confirmed by the
mailed link, told of each update with a link that ends them; to one incident or to a
platform's every incident."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from tests.app_harness import PUBLIC
from tests.bot.incidents.outage_env import Outage, mail_text, outage_app
from tests.conftest import Clock

EVA = "eva@customer.example"
LINK = re.compile(r"https://support\.example\.com(/status/(?:confirm|unsubscribe)\?t=\S+)")


@pytest.fixture
async def outage(tmp_path: Path, clock: Clock) -> AsyncIterator[Outage]:
    async with outage_app(tmp_path, clock) as env:
        yield env


async def _mails_to(outage: Outage, address: str) -> list[str]:
    await outage.deliver()
    return [mail_text(c.message) for c in outage.relay.received if c.rcpt_tos == [address]]


async def _subscribe(outage: Outage, what: str, lang: str = "en") -> str:
    """Ask on the status page; return the confirmation link mailed to Eva."""
    before = len(await _mails_to(outage, EVA))
    response = await outage.client.post(
        "/status/subscribe", data={"email": EVA, "what": what, "lang": lang}
    )
    assert response.status_code == 202, response.text
    mails = (await _mails_to(outage, EVA))[before:]
    [confirm] = mails
    found = LINK.search(confirm)
    assert found is not None
    return found.group(1)


async def test_a_confirmed_subscriber_gets_each_update_until_they_unsubscribe(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
    page = await outage.client.get("/status")
    assert 'action="/status/subscribe"' in page.text
    link = await _subscribe(outage, f"incident:{opened['id']}")

    # not confirmed yet: an update reaches nobody
    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Looking."})
    assert len(await _mails_to(outage, EVA)) == 1  # the confirmation only

    confirmed = await outage.client.get(unquote(link))
    assert confirmed.status_code == 200 and "Subscribed" in confirmed.text
    incident = await outage.services.store.get_incident(opened["id"])
    assert incident is not None and incident.subscribers == (f"email:{EVA}",)
    detail = await outage.api("GET", f"/api/incidents/{opened['id']}")
    assert detail["subscribers"] == 1  # a count, never the addresses

    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Fix found."})
    update = (await _mails_to(outage, EVA))[-1]
    assert 'Update on "Dallas trunks down": Fix found.' in update
    leave = LINK.search(update)
    assert leave is not None and "/status/unsubscribe" in leave.group(1)

    left = await outage.client.get(unquote(leave.group(1)))
    assert "Unsubscribed" in left.text
    count = len(await _mails_to(outage, EVA))
    await outage.api("POST", f"/api/incidents/{opened['id']}/resolve", {"text": "Fixed."})
    assert len(await _mails_to(outage, EVA)) == count


async def test_a_platform_subscriber_hears_about_every_incident_of_that_platform(
    outage: Outage,
) -> None:
    first = await outage.api(
        "POST", "/api/incidents", {"title": "Voice degraded", "service": "voice"}
    )
    link = await _subscribe(outage, "platform:voice", lang="es")
    confirmed = await outage.client.get(unquote(link) + "&lang=es")
    assert "Suscripción hecha" in confirmed.text
    await outage.api("POST", f"/api/incidents/{first['id']}/resolve", {"text": "Back."})
    # she subscribed in Spanish: her notices are in Spanish (the language kept at subscribe time)
    assert 'Resuelto: "Voice degraded". Back.' in (await _mails_to(outage, EVA))[-1]

    later = await outage.api(
        "POST", "/api/incidents", {"title": "Voice down in Miami", "service": "voice"}
    )
    other = await outage.api(
        "POST", "/api/incidents", {"title": "Billing late", "service": "billing"}
    )
    await outage.api("POST", f"/api/incidents/{later['id']}/updates", {"text": "Rerouting."})
    await outage.api("POST", f"/api/incidents/{other['id']}/updates", {"text": "Batch rerun."})
    mails = await _mails_to(outage, EVA)
    assert any("Rerouting." in m for m in mails)
    assert not any("Batch rerun." in m for m in mails)


async def test_a_forged_link_or_a_bad_address_changes_nothing(outage: Outage) -> None:
    opened = await outage.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
    link = await _subscribe(outage, f"incident:{opened['id']}")
    token = unquote(link).split("t=", 1)[1]
    body, _, mac = token.partition(".")
    forged = await outage.client.get(f"/status/confirm?t={body}.{mac[::-1]}")
    assert forged.status_code == 400 and "not valid" in forged.text
    wrong_action = await outage.client.get(f"/status/unsubscribe?t={token}")
    assert wrong_action.status_code == 400
    bad = await outage.client.post(
        "/status/subscribe", data={"email": "not-an-address", "what": f"incident:{opened['id']}"}
    )
    assert bad.status_code == 400
    incident = await outage.services.store.get_incident(opened["id"])
    assert incident is not None and incident.subscribers == ()


async def test_asking_again_and_again_is_refused_politely_and_mails_nothing_more(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
    what = f"incident:{opened['id']}"
    for _ in range(3):  # the default: three confirmation mails an hour to one address
        await _subscribe(outage, what)
    refused = await outage.client.post(
        "/status/subscribe", data={"email": EVA.upper(), "what": what, "lang": "es"}
    )
    assert refused.status_code == 429
    assert "Ya hemos enviado varios enlaces de confirmación" in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert len(await _mails_to(outage, EVA)) == 3
    # per client: ten requests an hour from one address, whatever the mailbox
    for n in range(6):
        ok = await outage.client.post(
            "/status/subscribe", data={"email": f"u{n}@customer.example", "what": what}
        )
        assert ok.status_code == 202
    flood = await outage.client.post(
        "/status/subscribe", data={"email": "new@customer.example", "what": what}
    )
    assert flood.status_code == 429 and "already sent several confirmation links" in flood.text
    assert await _mails_to(outage, "new@customer.example") == []
    # the next window: asked again, mailed again
    outage.clock.advance(hours=1)
    await _subscribe(outage, what)


async def test_an_email_address_named_on_a_channel_gets_a_confirmation_link_first(
    outage: Outage,
) -> None:
    opened = await outage.api(
        "POST", "/api/incidents", {"title": "Teams calls fail", "service": "Teams Direct Routing"}
    )
    said = await outage.tg(5151, f"Subscribe me at {EVA} to Teams Direct Routing")
    assert f"I've sent a confirmation link to {EVA}" in said
    [confirm] = await _mails_to(outage, EVA)
    assert "Teams Direct Routing" in confirm
    # nothing but the link until it is opened: no subscription yet, no update mailed
    assert (
        await outage.services.incidents.subscriptions.platform_subscribers("Teams Direct Routing")
        == ()
    )
    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Looking."})
    assert len(await _mails_to(outage, EVA)) == 1
    found = LINK.search(confirm)
    assert found is not None
    assert (await outage.client.get(unquote(found.group(1)))).status_code == 200
    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Rerouted."})
    [*_, update] = await _mails_to(outage, EVA)
    assert 'Update on "Teams calls fail": Rerouted.' in update
    # the Telegram chat itself was not subscribed
    assert await outage.services.incidents.subscriptions.platform_subscribers(
        "Teams Direct Routing"
    ) == (f"email:{EVA}",)


async def test_a_linked_customer_may_have_the_incidents_updates_mailed_in_spanish(
    outage: Outage,
) -> None:
    await outage.api(
        "POST", "/api/incidents", {"title": "Dallas down", "match": {"keywords": ["dallas"]}}
    )
    assert "Incidencia conocida" in await outage.sms(
        "+14155552671", "Las llamadas de Dallas fallan"
    )
    said = (await outage.sms("+14155552671", f"Avísenme a {EVA}")).replace("\n", " ")
    assert f"He enviado un enlace de confirmación a {EVA}" in said
    [confirm] = await _mails_to(outage, EVA)
    assert "pidió recibir por correo las novedades sobre Dallas down" in confirm


async def test_the_limits_are_the_configurations(tmp_path: Path, clock: Clock) -> None:
    status = {"subscribe_per_email": 1, "subscribe_window_seconds": 60}
    async with outage_app(tmp_path, clock, status=status) as env:
        opened = await env.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
        form = {"email": EVA, "what": f"incident:{opened['id']}"}
        assert (await env.client.post("/status/subscribe", data=form)).status_code == 202
        refused = await env.client.post("/status/subscribe", data=form)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) <= 60


async def test_the_form_limit_slides_a_burst_at_the_edge_is_refused_429_in_spanish(
    tmp_path: Path, clock: Clock
) -> None:
    status = {"subscribe_per_client": 2, "subscribe_per_email": 0, "subscribe_window_seconds": 600}
    async with outage_app(tmp_path, clock, status=status) as env:
        opened = await env.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
        clock.now = clock.now.replace(minute=9, second=59, microsecond=0)  # 1 s before :10

        async def ask(n: int) -> httpx.Response:
            form = {"email": f"u{n}@customer.example", "what": f"incident:{opened['id']}"}
            headers = {"Accept-Language": "es-MX,es;q=0.9"}
            return await env.client.post("/status/subscribe", data=form, headers=headers)

        assert [(await ask(n)).status_code for n in range(2)] == [202, 202]
        clock.advance(seconds=2)  # past the clock's 10-minute edge
        refused = await ask(2)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "598"
        assert "Ya hemos enviado varios enlaces de confirmación" in refused.text
        assert "dentro de 10 min" in refused.text
        clock.advance(seconds=598)
        assert (await ask(3)).status_code == 202


async def test_behind_a_trusted_proxy_each_client_has_its_own_limit_and_spoofing_gains_nothing(
    tmp_path: Path, clock: Clock
) -> None:
    # the test client connects from 127.0.0.1: the reverse proxy, trusted here
    server = {"public_base_url": PUBLIC, "api_token": "t0ken", "trusted_proxies": ["127.0.0.1"]}
    status = {"subscribe_per_client": 2, "subscribe_per_email": 0}
    async with outage_app(tmp_path, clock, server=server, status=status) as env:
        opened = await env.api("POST", "/api/incidents", {"title": "Dallas trunks down"})
        what = f"incident:{opened['id']}"

        async def ask(forwarded_for: str, n: int) -> int:
            form = {"email": f"u{n}@customer.example", "what": what}
            headers = {"X-Forwarded-For": forwarded_for}
            return (
                await env.client.post("/status/subscribe", data=form, headers=headers)
            ).status_code

        assert [await ask("198.51.100.7", n) for n in range(3)] == [202, 202, 429]
        # another client behind the same proxy is not limited by the first one
        assert await ask("198.51.100.8", 3) == 202
        # the first client writes other addresses into the header itself: the proxy
        # appended the real one on the right, so it is still the first client
        for n, fake in enumerate(("203.0.113.1", "198.51.100.9", "127.0.0.1", "unknown")):
            assert await ask(f"{fake}, 198.51.100.7", 10 + n) == 429


async def test_asking_on_a_channel_over_the_limit_is_answered_with_when_to_ask_again(
    tmp_path: Path, clock: Clock
) -> None:
    status = {"subscribe_per_client": 2, "subscribe_per_email": 1, "subscribe_window_seconds": 600}
    async with outage_app(tmp_path, clock, status=status) as env:
        await env.api("POST", "/api/incidents", {"title": "Teams down", "service": "Teams"})
        said = await env.tg(5151, f"Subscribe me at {EVA} to Teams")
        assert f"I've sent a confirmation link to {EVA}" in said
        # the address had its one mail this window: told so, in English, and nothing mailed
        said = await env.tg(5151, f"Subscribe me at {EVA} to Teams")
        assert "Too many confirmation links were asked for" in said
        assert "ask again in 10 min" in said and "I've sent" not in said
        assert len(await _mails_to(env, EVA)) == 1
        # the client's limit: two requests per window, whatever the addresses
        assert "I've sent" in await env.tg(5151, "Subscribe me at ann@customer.example to Teams")
        said = await env.tg(5151, "Subscribe me at bob@customer.example to Teams")
        assert "Too many confirmation links" in said
        assert await _mails_to(env, "bob@customer.example") == []
        # in Spanish, on SMS, within its segments
        ana = "+14155552671"
        assert "He enviado" in await env.sms(ana, "Avísenme a carmen@customer.example de Teams")
        clock.advance(minutes=1)
        said = await env.sms(ana, "Avísenme a carmen@customer.example de Teams")
        said = said.replace("\n", " ")
        assert "Se han pedido demasiados enlaces de confirmación" in said
        assert "vuelva a pedirlo en 9 min" in said
        assert len(await _mails_to(env, "carmen@customer.example")) == 1
        # the next window: asked again, mailed again
        clock.advance(minutes=10)
        assert "I've sent" in await env.tg(5151, "Subscribe me at bob@customer.example to Teams")
        assert len(await _mails_to(env, "bob@customer.example")) == 1
