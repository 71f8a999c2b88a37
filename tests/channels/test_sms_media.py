"""SMS/MMS turns without text, as Twilio posts them (signed with twilio's
RequestValidator): a media-only MMS (NumMedia > 0, empty Body) is acknowledged
and attached, never answered "I didn't get any text"; a blank text at a
question asks that question again."""

from __future__ import annotations

from domain.types import Address
from tests.channels import test_sms
from tests.channels.test_sms import ANA, Sms, open_ticket, twiml_messages

sms = test_sms.sms  # the app with the SMS channel and a fake Twilio API

SHOT = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM7/Media/ME7"
PDF = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM8/Media/ME8"


async def reply_to_media(sms: Sms, media: list[tuple[str, str]], body: str = "") -> str:
    response = await sms.text(body, media=media)
    assert response.status_code == 200, response.text
    return "\n".join(twiml_messages(response))


async def test_a_media_only_mms_mid_intake_is_acknowledged_kept_and_the_question_asked_again(
    sms: Sms,
) -> None:
    assert "name" in (await sms.say("Voicemail light stuck on for my phone only")).lower()
    reply = await reply_to_media(sms, [(SHOT, "image/jpeg")])
    assert "screenshot" in reply and "name" in reply.lower()
    assert "didn't get" not in reply
    conv = await sms.services.store.load_conversation(f"sms:{ANA}")
    assert conv is not None and [a.ref for a in conv.attachments] == [SHOT]
    assert "name" not in conv.fields
    for answer in ("Ana Perez", "AC-10442", "ana@example.com"):
        await sms.say(answer)
    assert "Ticket #" in await sms.say("yes")
    [ticket] = await sms.services.store.list_tickets(address=Address("sms", ANA))
    assert [a.ref for a in ticket.attachments] == [SHOT]


async def test_a_media_only_mms_as_the_first_message_asks_what_is_wrong(sms: Sms) -> None:
    reply = await reply_to_media(sms, [(SHOT, "image/png")])
    assert "screenshot" in reply and "problem" in reply.lower()


async def test_a_media_only_first_message_does_not_fix_the_language(sms: Sms) -> None:
    await reply_to_media(sms, [(SHOT, "image/png")])
    assert "nombre" in await sms.say("Las llamadas se cortan desde esta mañana")


async def test_a_media_only_mms_on_an_open_ticket_is_attached_to_it(sms: Sms) -> None:
    ticket = await open_ticket(sms)
    reply = await reply_to_media(sms, [(PDF, "application/pdf")])
    assert "file" in reply and f"#{ticket.number}" in reply
    stored = await sms.services.store.get_ticket(ticket.number)
    assert stored is not None and PDF in [a.ref for a in stored.attachments]


async def test_a_media_only_mms_in_spanish_is_acknowledged_in_spanish(sms: Sms) -> None:
    await sms.say("Las llamadas se cortan desde esta mañana")
    assert "captura" in await reply_to_media(sms, [(SHOT, "image/jpeg")])


async def test_a_blank_text_at_a_question_asks_that_question_again(sms: Sms) -> None:
    await sms.say("Voicemail light stuck on for my phone only")
    assert "account" in (await sms.say("Ana Perez")).lower()
    reply = await sms.say(" ")
    assert "account" in reply.lower() and "describe the problem" not in reply
