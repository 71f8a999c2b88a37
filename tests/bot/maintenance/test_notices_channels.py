"""Maintenance notices beyond the status page's email subscribers (bot/maintenance/
notices.py), through the whole app on a settable clock: customers who subscribed on a
channel ("avísenme del mantenimiento" by SMS, Telegram, web chat) are told there, in
their language, SMS within three segments and never to a number that texted STOP; the
accounts' maintenance notification contacts (contacts file, role `maintenance`, or the
MPOCs where an account names none) are told without subscribing; each once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.sms import split_message
from domain.types import Address
from tests.bot.incidents.outage_env import Outage, mail_text, outage_app
from tests.conftest import Clock

ANA = "+14155552671"  # subscribes by SMS, in Spanish
CARL = "+14155550123"  # subscribes by SMS, then texts STOP
BEA = 5151  # subscribes on Telegram
TOM = "+14155550199"  # AC-1's maintenance contact (a phone only)
MIA = "mia@acme.example"  # AC-1's MPOC: AC-1 names a maintenance contact, so not her
DAN = "dan@bolt.example"  # AC-2's MPOC: AC-2 names none, so him
EVE = "eve@calm.example"  # AC-3's authorized contact: nobody's maintenance contact
CONTACTS = f"""account,name,role,phone,email,telegram
AC-1,Tom Ops,maintenance,{TOM},,
AC-1,Mia Boss,mpoc,,{MIA},
AC-2,Dan Lead,mpoc,,{DAN},
AC-3,Eve User,authorized,,{EVE},
"""
WEEK_BEFORE = datetime(2027, 3, 13, 5, tzinfo=UTC)  # March's window, 22:00 MST a week ahead


@pytest.fixture
async def outage(tmp_path: Path) -> AsyncIterator[Outage]:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    clock = Clock(datetime(2027, 3, 1, tzinfo=UTC))
    async with outage_app(tmp_path, clock, contacts={"file": str(contacts)}) as env:
        env.services.timers.stop()  # the test runs the timers, at the times it sets
        yield env


async def _at(outage: Outage, when: datetime) -> None:
    outage.clock.now = when
    while await outage.services.timers.run_due():
        pass
    await outage.deliver()


def _sms_to(outage: Outage, number: str) -> list[str]:
    return [m["Body"] for m in outage.twilio.messages if m["To"] == number]


def _tg_to(outage: Outage, chat: int) -> list[str]:
    return [c["text"] for c in outage.telegram.named("sendMessage") if int(c["chat_id"]) == chat]


def _mail_to(outage: Outage, address: str) -> list[str]:
    return [mail_text(c.message) for c in outage.relay.received if c.rcpt_tos == [address]]


async def test_channel_subscribers_and_maintenance_contacts_each_get_the_notice_once(
    outage: Outage,
) -> None:
    said = await outage.sms(ANA, "Avísenme del mantenimiento")
    assert "aviso de mantenimiento" in said.replace("\n", " ")
    await outage.sms(CARL, "Subscribe me to maintenance")
    await outage.sms(CARL, "STOP")
    told = await outage.tg(BEA, "Subscribe me to maintenance notices")
    assert "every maintenance notice" in told
    said = await outage.chat("web-1", "notify me about voice", 1)  # the window's service
    assert "voice" in said
    sms_before = {n: len(_sms_to(outage, n)) for n in (ANA, CARL, TOM)}

    await _at(outage, WEEK_BEFORE)

    ana = _sms_to(outage, ANA)[sms_before[ANA] :]
    assert ana and "Mantenimiento mensual programado" in ana[0]
    assert len(ana) <= 3  # the notice's texts: three segments at most
    assert "ya no me avisen" in " ".join(ana)
    [bea] = [t for t in _tg_to(outage, BEA) if "Monthly scheduled maintenance" in t]
    assert "Scheduled maintenance: Monthly scheduled maintenance, from Friday, March 19" in bea
    assert 'Write "unsubscribe" to stop these.' in bea
    web = await outage.services.store.transcript("webchat:web-1")
    # in the language of the conversation: English ("notify me about voice" once read as
    # Spanish, for its "me")
    notices = [line.text for line in web if "Monthly scheduled maintenance" in line.text]
    assert notices and not any("Mantenimiento" in line.text for line in web)
    tom = " ".join(_sms_to(outage, TOM)[sms_before[TOM] :])
    assert "Monthly scheduled maintenance" in tom and "account AC-1" in tom
    [dan] = _mail_to(outage, DAN)
    assert "is scheduled from Friday, March 19 at 10:00 PM MDT" in dan
    assert "as a maintenance contact of account AC-2" in dan
    assert "/status/unsubscribe" not in dan  # he never subscribed: nothing to end
    assert _mail_to(outage, MIA) == [] and _mail_to(outage, EVE) == []
    # STOP wins: nothing texted, nothing even queued
    assert len(_sms_to(outage, CARL)) == sms_before[CARL]
    queued = await outage.services.store.outbox_for(Address("sms", CARL))
    assert not [i for i in queued if "Monthly scheduled" in i.outbound.text]

    # the notice fired again (a restart's catch-up) reaches nobody twice
    counts = (len(outage.twilio.messages), len(outage.telegram.named("sendMessage")))
    mails = len(outage.relay.received)
    await outage.services.maintenance.notices.start()
    await _at(outage, WEEK_BEFORE.replace(minute=30))
    assert (len(outage.twilio.messages), len(outage.telegram.named("sendMessage"))) == counts
    assert len(outage.relay.received) == mails


async def test_every_maintenance_sms_fits_in_three_segments_in_both_languages(
    outage: Outage,
) -> None:
    from bot.maintenance.notices import Why

    notices = outage.services.maintenance.notices
    windows = await outage.services.maintenance.calendar.between(
        datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC)
    )
    assert windows
    for window in windows:
        for notice in ("7d", "24h", "start", "end", "cancelled"):
            for lang in ("en", "es"):
                for why in (Why(link="x"), Why(account="AC-10442-LONG-ACCOUNT")):
                    text, _ = notices.render(window, notice, lang, why, channel="sms")
                    parts = split_message(text, max_parts=99)
                    assert len(parts) <= 3, (window.id, notice, lang, parts)
