"""Profile round 1 (issue 13, "every plan, not just CallTower"): one test per kind of miss
fixed on blind profile set 1, with the project's own sentences (never a blind line), read as
the dialogue reads them for each plan (tests/bot/plan/test_profile_corpora.py's `decided`)."""

from __future__ import annotations

import pytest

from bot.plan.policy import load_policy
from tests.bot.plan.test_profile_corpora import decided


def _check(plan: str, text: str, want: str) -> None:
    priority, would_ask = decided(load_policy(plan), text)
    assert (priority, would_ask) == (want, False), text


# -- shared: enhancement requests ------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "want", "text"),
    [
        (
            "somos",
            "P4E",
            "Would it be possible to add a search by NPA-NXX on the reservation screen?",
        ),
        ("somos", "P4E", "any chance you could add a dark theme to the registry? thx"),
        (
            "somos",
            "P4E",
            "We would like to request that the CR history view include the user who made each change.",
        ),
        (
            "somos",
            "P4E",
            "We need the TFNRegistry API to support OAuth client credentials next quarter.",
        ),
        (
            "somos",
            "P4E",
            "Please think about an email alert whenever a number we manage is put into disconnect.",
        ),
        ("connexcs", "P5", "Could you add a filter by carrier to the CDR export?"),
        ("connexcs", "P5", "Would it be possible to add per-customer ASR graphs to the dashboard?"),
    ],
)
def test_a_change_asked_for_is_an_enhancement(plan: str, want: str, text: str) -> None:
    _check(plan, text, want)


# -- Somos --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # several Resp Orgs unable to reserve: P1
        ("P1", "We and two other resp orgs we spoke with cannot reserve any numbers since noon."),
        ("P1", "Reservations fail for every customer, the registry rejects them all."),
        # one Resp Org's only interface down, no workaround: P2
        (
            "P2",
            "Our Resp Org cannot log in to the TFNRegistry UI at all and we have no API access.",
        ),
        # reporting and extracts: P3
        ("P3", "The weekly extract of our number inventory is missing the last three days."),
        # cosmetic said urgently: P4
        (
            "P4",
            "URGENT: the column headers on the reservation list overlap the sort arrows, purely visual.",
        ),
        # an account change: P4
        ("P4", "Please update the primary contact for our Resp Org to Dana Ruiz."),
    ],
)
def test_somos_levels_by_its_words(want: str, text: str) -> None:
    _check("somos", text, want)


# -- ConnexCS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # the whole platform / every ConnexCS user: P0
        ("P0", "The entire platform is down, no calls pass for anyone and the portal won't load."),
        ("P0", "Every call fails and other ConnexCS users we know are seeing the same."),
        # our whole account down: P1
        ("P1", "Nothing connects on our account at all, every call to every destination fails."),
        # a customer of ours fully down while the rest route fine: P2
        (
            "P2",
            "Our customer Delta Tel has every call rejected since noon, the rest of our clients are fine.",
        ),
        ("P2", "One of our customers cannot complete a single call, nobody else is affected."),
        # a new interconnect is never critical, and decided without asking
        ("P3", "Every call over the new interconnect we set up with Nordvoz fails with 503."),
        # "not as expected": P5
        ("P5", "The LCR ordering does not behave as I expected for ties, is that intended?"),
    ],
)
def test_connexcs_levels_by_its_words(want: str, text: str) -> None:
    _check("connexcs", text, want)


# -- AT&T BVoIP -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # one-way audio for several users at a location: SEV1
        (
            "SEV1",
            "Several nurses at our Tulsa clinic can hear the patient but the patient cannot hear them.",
        ),
        # a non-calling feature for the office: SEV2
        ("SEV2", "Faxes won't go out from our Reno office since this morning, phones are fine."),
        (
            "SEV2",
            "Voicemail is down for everyone at the Tampa branch, calls in and out work normally.",
        ),
        # "no outage ... but": SEV2
        (
            "SEV2",
            "No outage - everyone at both offices can call in and out. But the auto attendant greeting is the old one.",
        ),
    ],
)
def test_att_levels_by_its_words(want: str, text: str) -> None:
    _check("att-bvoip", text, want)


# -- Ringover -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # nobody's app connects: P1
        ("P1", "La app no conecta para ninguno del equipo de ventas desde las nueve."),
        # metallic / robotic voice for several: P2
        ("P2", "Varios agentes dicen que su voz suena metálica a los clientes."),
        # noise and clicks on calls: P2
        ("P2", "Se oyen chasquidos y ruido en las llamadas del departamento de cobros."),
        # one number not activated: P3
        ("P3", "El número de Sevilla que pedimos la semana pasada sigue sin activar."),
        # an integration not logging while calls work: P3
        (
            "P3",
            "La integración con HubSpot no guarda las llamadas, aunque las llamadas funcionan bien.",
        ),
        # call history for one user: P3
        ("P3", "A una compañera no le salen sus llamadas en el historial, el resto bien."),
    ],
)
def test_ringover_levels_by_its_words(want: str, text: str) -> None:
    _check("ringover", text, want)


# -- Profile round 2 (blind profile set 2's kinds, own sentences) ----------------------------


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # several Resp Orgs said as a group: P1
        (
            "P1",
            "Our sister resp orgs under the same holding company can't reserve anything either, "
            "every attempt returns an error since 8am.",
        ),
        (
            "P1",
            "Disconnect requests are failing for all the resp orgs in our group since lunch, "
            "none went through.",
        ),
        # registry-wide slowness, said by the registry's own status recording: P2
        (
            "P2",
            "Searches in the TFNRegistry take over a minute today and the status page mentions "
            "slowness; we are still working, just slowly.",
        ),
        # an SCP receiving nothing, others fine: P2
        (
            "P2",
            "Our SCP has received zero customer record downloads since midnight, while the other "
            "SCP operators are fine.",
        ),
        # a question after "no outage": P4
        ("P4", "No outage, all good. Quick question: can a spare number be reserved twice?"),
        # an account name change under a self-assigned P1: P4
        ("P4", "P1 URGENT: please update the company name on our Resp Org after the merger."),
        # an enhancement said as "consider": P4E
        (
            "P4E",
            "We'd like you to consider increasing the number of rows the bulk search returns.",
        ),
        # a workaround: P3
        (
            "P3",
            "The mass update screen rejects our file, so we're entering the changes one at a time "
            "for now.",
        ),
    ],
)
def test_somos_round_2_kinds(want: str, text: str) -> None:
    _check("somos", text, want)


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # the platform: other wholesalers on it, the status page itself down: P0
        (
            "P0",
            "nothing connects on any of our accounts and other wholesalers on your platform say "
            "the same",
        ),
        # our whole switch, said plainly: P1
        ("P1", "Our switch stopped passing calls for any of our customers 10 minutes ago."),
        # a retail customer of ours fully down, the others fine: P2
        (
            "P2",
            "One of our retail customers gets 503 on every call, our other customers are fine.",
        ),
        # a how-to: P5
        ("P5", "How do we configure a fallback carrier when the first returns 486?"),
        # "no outage ... just a question": P5
        ("P5", "No outage here. Just a question: do you support T.38 passthrough?"),
        # a broken feature the business continues without: P4
        (
            "P4",
            "The bulk upload of rate decks fails on the last row, we add that one by hand.",
        ),
    ],
)
def test_connexcs_round_2_kinds(want: str, text: str) -> None:
    _check("connexcs", text, want)


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # a site outage after small items: SEV1
        (
            "SEV1",
            "Two small things first: a question about our invoice and a name on a DID. More "
            "importantly, our Tampa branch is offline, no phones there since 9.",
        ),
        # a denied one-way audio: SEV2
        (
            "SEV2",
            "Customers say the volume is low on calls to our Dayton office. It's not one-way "
            "audio, just faint.",
        ),
    ],
)
def test_att_round_2_kinds(want: str, text: str) -> None:
    _check("att-bvoip", text, want)


@pytest.mark.parametrize(
    ("want", "text"),
    [
        # the office's lines down as an item of a list: P1
        (
            "P1",
            "Dos cosas: 1) ¿cómo cambio el logo de la factura? 2) las líneas de la oficina de "
            "Bilbao están caídas desde las diez.",
        ),
        # agents who cannot dial after "no es problema de internet": P1
        (
            "P1",
            "No es problema de internet, la red va bien, pero ningún agente puede marcar.",
        ),
        # noise after a finished port: P2
        (
            "P2",
            "Ya pudimos portar las líneas, gracias. Ahora hay ruido y estática en todas las "
            "llamadas.",
        ),
        # SMS after "la calidad es perfecta": P3
        (
            "P3",
            "La calidad de voz es buena, sin cortes ni eco; lo que falla es que solo a mí no "
            "me llegan los SMS de los clientes.",
        ),
        # voicemail transcription language: P3
        ("P3", "La transcripción de los mensajes del buzón de voz sale en francés."),
    ],
)
def test_ringover_round_2_kinds(want: str, text: str) -> None:
    _check("ringover", text, want)
