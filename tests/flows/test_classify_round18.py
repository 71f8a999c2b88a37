"""One test per kind of miss the round-18 work fixed (issue 13, the misses blind sets 19 and 20
showed), in English and Spanish (Mexican and Spain), through the shipped CallTower table with
the shipped model mixed in. The messages are new wordings of each kind, not lines of any corpus
(a test checks that) and not blind-19 or blind-20 sentences, so they test the design, not what
the model memorised."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from flows.classify.structure import drop_resolved
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

# (a) Guide rule 4: a fault said to be over and the ticket to close or forget, nothing asked:
# the fault told before the close is the past.
CLOSED_AFTER_RECOVERY = [
    "Update: the outage at the Leeds office ended around 11 and calls are going through fine now. Okay to close the ticket, nothing more needed.",
    "Our inbound calls were failing this morning, then the carrier fixed something and it's all normal. You can close this case.",
    "Ya volvieron las llamadas en la sucursal de Monterrey y todo funciona. Pueden cerrar el ticket, no ocupamos nada más.",
    "Olvidad la incidencia: el problema era el switch de la oficina, lo hemos reiniciado y va todo perfecto.",
]
# (a) Contrast: a fault present still ("still", "siguen") beside another ticket to close.
STILL_ACTIVE_BESIDE_A_CLOSE = [
    "Please close the other ticket for the fax, but our phones still can't make outbound calls anywhere in the office.",
    "Pueden cerrar el ticket del fax, pero las llamadas siguen sin entrar en toda la oficina.",
]
# (b) Guide P4: fewer channels asked for, to pay less: a change, not capacity lost.
CHANNELS_CUT_TO_SAVE = [
    "We've got 40 channels and never go over 12 at once. Can we cut back to 20 so the bill is lower?",
    "Tenemos contratadas 20 líneas simultáneas y usamos 6 como mucho, ¿podemos bajar a 10 para ahorrar?",
]
# (c) Guide P1: the toll-free number dead with the local numbers working, every DID cut off,
# every call ringing once and dropping.
EVERY_CALLER_FAILS = [
    "Our 1-800 number is dead for everyone since 7am: callers hear nothing at all. The local numbers still work.",
    "El número gratuito 800 no timbra en ningún lado desde las 7; los números locales sí entran.",
    "All of our DIDs were cancelled by mistake yesterday: anyone calling any of our numbers gets 'not in service'.",
    "Nos dieron de baja por error todos los DID: cualquiera que llame a cualquiera de nuestros números oye que no existe.",
    "Every call to our numbers rings one time and then hangs up, nobody can reach us.",
    "Todas las llamadas a la oficina timbran una vez y se cuelgan, nadie nos puede localizar.",
]
# (c) Guide P1: a trunk down, told after two questions.
TRUNK_AFTER_QUESTIONS = [
    "Quick questions: how much is a new handset, and can I change the ring tone on my phone? Oh, and the SIP trunk at our Fresno plant went down 30 minutes ago.",
    "Unas preguntas: ¿cuánto cuesta un auricular nuevo? ¿se puede cambiar la música de espera? Ah, y el troncal de la planta de Querétaro se cayó hace media hora.",
]
# (d) Guide P2: one carrier's callers, half the channels, a team's outbound in a list, one area
# code, one supplier's number.
PART_OF_CALLING = [
    "Callers on T-Mobile can't get through to our office numbers; other carriers connect normally.",
    "A los clientes que llaman desde Telcel no les entra la llamada; desde Movistar y AT&T sí.",
    "Half the channels on our PRI are showing out of service, so at busy times callers get a busy tone.",
    "La mitad de los canales del troncal están caídos y en las horas de más movimiento los clientes no pueden entrar.",
    "To-do: (1) update Maria's caller ID name (2) the warehouse team can't place any outbound calls (3) order a new headset.",
    "Pendientes: 1) cambiar el nombre en la pantalla de Lucía 2) el equipo de almacén no puede hacer llamadas salientes 3) pedir unos auriculares.",
    "We can't call anything in the 212 area code from any phone here; every other call goes out.",
    "No podemos marcar a la lada 33 desde ningún teléfono; todo lo demás sale sin problema.",
    "Nobody here can dial our biggest supplier's number (555 0142); everything else dials out fine.",
    "No podemos llamar al número de nuestro proveedor principal desde ningún teléfono; lo demás sale bien.",
]
# (e) Guide P3: SMS stopped for everybody; one direct line busy for every caller.
NONCRITICAL_OR_ONE_LINE = [
    "Business texting is down: none of our staff can send SMS to customers from the company number.",
    "Nadie en la empresa puede mandar SMS a los clientes desde el número de la oficina desde ayer.",
    "Anyone who calls my direct line gets a busy signal even though I'm free; the rest of the office is fine.",
    "A quien marca mi línea directa le sale ocupado aunque esté libre; el resto de la oficina bien.",
]
# (f) Guide P4: a cosmetic fault under a self-assigned priority 1; a wish after "nothing is
# broken".
COSMETIC_OR_WISH = [
    'PRIORITY 1 - URGENT: the date on the front desk phone is wrong and the "Park" button is misspelled.',
    'PRIORIDAD 1!!! La hora del teléfono de recepción está mal y la tecla de transferir dice "Trasnf".',
    "Nothing is broken, all good. We'd love it if incoming caller names could show in our Teams app.",
    "No hay nada roto, todo funciona. Nos encantaría que el nombre del cliente apareciera en el CRM cuando llama.",
]

P1_TEXTS = STILL_ACTIVE_BESIDE_A_CLOSE + EVERY_CALLER_FAILS + TRUNK_AFTER_QUESTIONS
P4_TEXTS = CLOSED_AFTER_RECOVERY + CHANNELS_CUT_TO_SAVE + COSMETIC_OR_WISH


def test_the_round_18_texts_are_no_corpus_line() -> None:
    texts = set(P1_TEXTS + P4_TEXTS + PART_OF_CALLING + NONCRITICAL_OR_ONE_LINE)
    assert len(texts) == 34
    assert not texts & corpus_texts()


@pytest.mark.parametrize("text", CLOSED_AFTER_RECOVERY)
def test_a_close_beside_a_recovery_leaves_nothing_active(text: str) -> None:
    assert priority(text) == "P4"


# "Olvidad la incidencia: ... lo hemos reiniciado y va todo perfecto" is P4 by the model: the
# forget-the-ticket clause is no resolved clause yet, so the rule does not cut the fault there.
@pytest.mark.parametrize("text", CLOSED_AFTER_RECOVERY[:3])
def test_the_fault_told_before_a_close_and_a_recovery_is_cut_as_over(text: str) -> None:
    live, dropped = drop_resolved(text)
    assert dropped
    assert not live.strip()


@pytest.mark.parametrize("text", STILL_ACTIVE_BESIDE_A_CLOSE)
def test_a_fault_present_still_beside_a_close_keeps_deciding(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", CHANNELS_CUT_TO_SAVE + COSMETIC_OR_WISH)
def test_a_cut_to_save_a_cosmetic_under_p1_or_a_wish_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", EVERY_CALLER_FAILS + TRUNK_AFTER_QUESTIONS)
def test_every_caller_failing_or_a_trunk_down_after_questions_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", PART_OF_CALLING)
def test_a_carrier_a_share_a_team_or_one_destination_is_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", NONCRITICAL_OR_ONE_LINE)
def test_sms_for_everybody_or_one_direct_line_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", P4_TEXTS)
def test_no_p4_is_held_at_p1_or_p2_even_while_asking(text: str) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority not in ("P1", "P2")


@pytest.mark.parametrize("text", P1_TEXTS)
def test_a_whole_site_outage_is_never_below_p2_even_while_asking(text: str) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority in ("P1", "P2")
