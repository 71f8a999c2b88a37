"""Subscribing and unsubscribing by saying so on a channel, through the whole app (SMS,
Telegram): a platform's updates reach the subscriber on that channel in the language they
asked in; "unsubscribe" ends them; SMS STOP still wins; a linked customer mutes their
ticket's updates and still hears the resolution."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.types import Address
from tests.bot.incidents.outage_env import Outage, outage_app
from tests.conftest import Clock

ANA = "+14155552671"
BEA = 5151
TEAMS = {"title": "Teams calls fail", "service": "Teams Direct Routing"}


@pytest.fixture
async def outage(tmp_path: Path, clock: Clock) -> AsyncIterator[Outage]:
    async with outage_app(tmp_path, clock) as env:
        yield env


async def _update(outage: Outage, incident: int, en: str, es: str) -> None:
    await outage.api("POST", f"/api/incidents/{incident}/updates", {"text": en, "text_es": es})
    await outage.deliver()


def _sms_to(outage: Outage, number: str) -> list[str]:
    return [m["Body"] for m in outage.twilio.messages if m["To"] == number]


def _tg_to(outage: Outage, chat: int) -> list[str]:
    return [c["text"] for c in outage.telegram.named("sendMessage") if int(c["chat_id"]) == chat]


async def test_platform_updates_reach_each_subscriber_on_their_channel_in_their_language(
    outage: Outage,
) -> None:
    said = await outage.sms(ANA, "Avísenme de todas las actualizaciones de Teams Direct Routing")
    said = said.replace("\n", " ")  # the reply's SMS segments
    assert "Hecho" in said and "sobre Teams Direct Routing" in said
    told = await outage.tg(BEA, "Subscribe me to all updates about teams direct routing")
    assert "Done: every incident update about teams direct routing" in told  # as she wrote it
    assert await outage.services.store.list_tickets(open_only=True) == []  # no case opened

    incident = (await outage.api("POST", "/api/incidents", TEAMS))["id"]
    before = len(_sms_to(outage, ANA))
    await _update(outage, incident, "Microsoft is rerouting.", "Microsoft está redirigiendo.")
    ana = " ".join(_sms_to(outage, ANA)[before:])  # one notice, maybe in several texts
    assert "Microsoft está redirigiendo." in ana and "ya no me avisen" in ana
    bea = _tg_to(outage, BEA)[-1]
    assert 'Update on "Teams calls fail": Microsoft is rerouting.' in bea
    assert 'Write "unsubscribe" to stop these.' in bea

    # Bea says so; Ana texts STOP: the next update reaches neither
    assert "you will not get incident updates here" in await outage.tg(BEA, "unsubscribe")
    await outage.sms(ANA, "STOP")
    sms_before, tg_before = len(_sms_to(outage, ANA)), len(_tg_to(outage, BEA))
    await _update(outage, incident, "Fix deployed.", "Arreglo desplegado.")
    assert len(_tg_to(outage, BEA)) == tg_before
    assert len(_sms_to(outage, ANA)) == sms_before
    # her opted-out number is skipped before anything is queued (not queued, then refused)
    queued = [i.outbound.text for i in await outage.services.store.outbox_for(Address("sms", ANA))]
    assert not any("Arreglo desplegado." in t for t in queued)


async def test_a_linked_customer_who_says_unsubscribe_hears_only_the_resolution(
    outage: Outage,
) -> None:
    opened = await outage.api(
        "POST", "/api/incidents", {"title": "Dallas down", "match": {"keywords": ["dallas"]}}
    )
    assert "Known issue" in await outage.sms(ANA, "Dallas calls fail")
    # on SMS "unsubscribe" is a carrier opt-out word (like STOP): she says it in Spanish,
    # and is answered in the language of her conversation
    muted = (await outage.sms(ANA, "Ya no me avisen")).replace("\n", " ")
    assert 'Done: no more updates about "Dallas down" here.' in muted
    before = len(_sms_to(outage, ANA))
    await _update(outage, opened["id"], "Carrier engaged.", "Operador avisado.")
    assert len(_sms_to(outage, ANA)) == before
    await outage.api("POST", f"/api/incidents/{opened['id']}/resolve", {"text": "Back up."})
    await outage.deliver()
    assert "Back up." in " ".join(_sms_to(outage, ANA)[before:])
