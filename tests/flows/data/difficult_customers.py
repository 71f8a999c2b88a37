"""Whole conversations with customers who don't answer like a form (issue 12), written
from the five plans. Each case is played through the engine by
tests/flows/test_difficult_customers.py: the scripted `say` lines first, then the
customer answers whatever the bot asks from `answers` (a field key -> one answer or a
list of successive answers; "confirm" and "scope" answer those prompts; anything
missing is "skip", and the confirmation is "yes").

`expect` says what the conversation must end with: the ticket's `priority` (None: no
ticket must be opened), a subset of its `fields`, sentences the customer must have
read (`says`, case-insensitive) and must not have read (`not_says`), and field keys
the bot must never ask (`never_asks`).

`held_out: True` cases were written before the behaviour and were kept out of its
tuning; they run only with SUPPORTBOT_HELD_OUT=1.
"""

from __future__ import annotations

from typing import Any, Final

# Tuesday 2026-11-24 10:00 MT: CallTower chat and business hours are open.
CT_DAY: Final = "2026-11-24T17:00:00+00:00"
# Tuesday 2026-11-24 03:00 MT: CallTower chat is closed until 5:00 AM.
CT_NIGHT: Final = "2026-11-24T10:00:00+00:00"
# Tuesday 2026-11-24 18:00 CT: Somos text hours are over (chat is open until Saturday).
SOMOS_EVENING: Final = "2026-11-25T00:00:00+00:00"
# Saturday 2026-11-28 15:00 CT: Somos chat and business hours are closed.
SOMOS_WEEKEND: Final = "2026-11-28T21:00:00+00:00"
CX_DAY: Final = "2026-11-24T12:00:00+00:00"  # ConnexCS business hours
CX_NIGHT: Final = "2026-11-24T21:30:00+00:00"  # after ConnexCS business hours
ANY: Final = "2026-11-24T15:00:00+00:00"

_CT_EN: Final = {
    "name": "Dana Whitfield",
    "account_id": "CT-44102",
    "phone": "+1 303 555 0142",
    "email": "dana@acme-dental.com",
}
_CT_ES: Final = {
    "name": "Lucía Ramírez",
    "account_id": "CT-55120",
    "phone": "+1 305 555 0177",
    "email": "lucia@clinicasol.com",
}
_SOMOS: Final = {
    "name": "Mark Ellison",
    "resp_org_id": "BRX01",
    "login_id": "mellison7",
    "phone": "+1 312 555 0100",
    "email": "mark@tollfree-carrier.com",
    "contact_method": "email",
}
_CX: Final = {"name": "Priya Natarajan", "company": "VoxRoute Ltd", "email": "priya@voxroute.co.uk"}
_ATT: Final = {
    "business": "Harbor Freight Logistics, 200 Pier Ave, Long Beach",
    "name": "Tom Baker",
    "phone": "+1 562 555 0190",
    "since": "since 8 this morning",
}
_RO: Final = {"name": "Carmen Ortega", "email": "carmen@agenciaviajes.es"}

CASES: Final[list[dict[str, Any]]] = [
    # -- point 1: an answer that does not answer ------------------------------------------
    {
        "id": "ct-site-outage-question-at-scope",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Our phones are down, we can't make or receive calls"],
        "answers": {
            **_CT_EN,
            "scope": ["how long until someone calls me back?", "everyone in the office"],
        },
        "expect": {"priority": "P1", "says": ["15 minutes"]},
    },
    {
        "id": "ct-site-outage-two-non-answers-keeps-first-reading",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["The whole office lost phone service, nobody can make calls since 9am"],
        "answers": {**_CT_EN, "scope": ["not sure", "just fix it please"]},
        "expect": {"priority": "P1", "not_says": ["4 hours"]},
    },
    {
        "id": "ct-es-caida-pregunta-en-alcance",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["No funcionan los teléfonos de la oficina, nadie puede llamar"],
        "answers": {**_CT_ES, "scope": ["¿cuánto van a tardar?", "toda la oficina"]},
        "expect": {"priority": "P1", "says": ["15 minutos"]},
    },
    {
        "id": "ct-several-users-only-explicit-answer-lowers",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Several users can't make outbound calls"],
        "answers": {**_CT_EN, "scope": "only me"},
        "expect": {"priority": "P3"},
        "held_out": True,
    },
    {
        "id": "somos-outage-question-about-cost",
        "plan": "somos",
        "at": SOMOS_EVENING,
        "say": ["TFNRegistry is down for all resp orgs, no one can reserve numbers"],
        "answers": {
            **_SOMOS,
            "product": "TFNRegistry UI",
            "environment": "Production",
            "scope": "does this cost anything?",
        },
        "expect": {"priority": "P1", "fields": {"resp_org_id": "BRX01"}},
        "held_out": True,
    },
    {
        "id": "ringover-es-pregunta-en-vez-de-correo",
        "plan": "ringover",
        "at": ANY,
        "say": ["Ninguno de los agentes del call center puede hacer llamadas desde esta mañana"],
        "answers": {
            "name": "Carmen Ortega",
            "email": ["¿cuándo me van a llamar?", "carmen@agenciaviajes.es"],
        },
        "expect": {"priority": "P1", "fields": {"email": "carmen@agenciaviajes.es"}},
    },
    # -- point 2: "human" never loops ---------------------------------------------------
    {
        "id": "ct-human-twice-at-start-hands-over",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["human", "I said HUMAN"],
        "answers": {},
        "expect": {
            "priority": "P4",
            "fields": {"description": "(asked for a person)"},
            "says": ["connecting you"],
        },
    },
    {
        "id": "ct-es-agente-dos-veces",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["quiero hablar con una persona", "que me pase con un agente ya"],
        "answers": {},
        "expect": {"priority": "P4", "says": ["le estoy conectando"]},
    },
    {
        "id": "ct-human-twice-at-night-says-when-back",
        "plan": "calltower",
        "at": CT_NIGHT,
        "say": ["can I talk to a real person", "agent please"],
        "answers": {},
        "expect": {"priority": "P4", "says": ["back"]},
        "held_out": True,
    },
    {
        "id": "ct-human-mid-intake-opens-ticket",
        "plan": "calltower",
        "at": CT_DAY,
        "say": [
            "One user's voicemail light doesn't work",
            "Dana Whitfield",
            "I want to speak to a human",
            "human!!",
        ],
        "answers": {},
        "expect": {
            "priority": "P4",
            "fields": {"name": "Dana Whitfield"},
            "says": ["connecting you"],
        },
    },
    {
        "id": "somos-human-at-start-then-explains",
        "plan": "somos",
        "at": SOMOS_WEEKEND,
        "say": ["operator", "I need to talk to someone now"],
        "answers": {},
        "expect": {"priority": "P3", "says": ["844.HEY.SOMOS"]},
        "held_out": True,
    },
    # -- point 3: one promise, not two ------------------------------------------------------
    {
        "id": "ct-p1-at-night-on-call-not-agents-back",
        "plan": "calltower",
        "at": CT_NIGHT,
        "say": ["All phones at our Denver office are down, nobody can call in or out"],
        "answers": {**_CT_EN, "scope": "everyone"},
        "expect": {
            "priority": "P1",
            "says": ["15 minutes", "24/7", "+1 (800) 347-5444"],
            "not_says": ["we will contact you then"],
        },
    },
    {
        "id": "ct-es-p1-de-noche",
        "plan": "calltower",
        "at": CT_NIGHT,
        "say": ["Toda la oficina se ha quedado sin llamadas, no entra ni sale ninguna"],
        "answers": {**_CT_ES, "scope": "toda la oficina"},
        "expect": {
            "priority": "P1",
            "says": ["24/7", "+1 (800) 347-5444"],
            "not_says": ["le contactaremos entonces"],
        },
    },
    {
        "id": "ct-p3-at-night-says-when-back",
        "plan": "calltower",
        "at": CT_NIGHT,
        "say": ["My desk phone won't register since this morning, only mine"],
        "answers": {**_CT_EN},
        "expect": {"priority": "P3", "says": ["back"], "not_says": ["24/7"]},
    },
    {
        "id": "cx-platform-down-at-night-no-paid-text",
        "plan": "connexcs",
        "at": CX_NIGHT,
        "say": ["ConnexCS is down, none of our customers can place calls through the switch"],
        "answers": {**_CX, "call_id": "3c2a8f1e9b@sip.voxroute.co.uk", "category": "Platform"},
        "expect": {"priority": "P0", "not_says": ["$150", "paid support"]},
    },
    {
        "id": "cx-p4-at-night-may-mention-paid",
        "plan": "connexcs",
        "at": CX_NIGHT,
        "say": ["The dashboard shows the wrong timezone on my CDR export page"],
        "answers": {**_CX, "category": "Operational", "ui_details": "times are one hour off"},
        "expect": {"priority": "P4", "says": ["$150"]},
        "held_out": True,
    },
    {
        "id": "somos-weekend-p1-24-7-help-desk",
        "plan": "somos",
        "at": SOMOS_WEEKEND,
        "say": ["TFNRegistry is down for all resp orgs, nobody can update customer records"],
        "answers": {
            **_SOMOS,
            "product": "TFNRegistry UI",
            "environment": "Production",
            "scope": "everyone",
        },
        "expect": {
            "priority": "P1",
            "says": ["844.HEY.SOMOS"],
            "not_says": ["we will contact you then"],
        },
        "held_out": True,
    },
    # -- point 5: junk is not a value -------------------------------------------------------
    {
        "id": "att-yes-is-not-a-business-name",
        "plan": "att-bvoip",
        "at": ANY,
        "say": ["We have one way audio on all calls at our warehouse"],
        "answers": {**_ATT, "business": ["yes", "Harbor Freight Logistics, Long Beach"]},
        "expect": {
            "priority": "SEV1",
            "fields": {"business": "Harbor Freight Logistics, Long Beach"},
        },
    },
    {
        "id": "att-need-phone-working-is-not-a-duration",
        "plan": "att-bvoip",
        "at": ANY,
        "say": ["Calls are choppy at our Dallas location"],
        "answers": {**_ATT, "since": ["need the phone working again", "since yesterday afternoon"]},
        "expect": {"priority": "SEV2", "fields": {"since": "since yesterday afternoon"}},
    },
    {
        "id": "somos-es-prefiero-correo-no-es-login",
        "plan": "somos",
        "at": SOMOS_EVENING,
        "say": ["No puedo reservar números gratuitos en el TFNRegistry, me da un error"],
        "answers": {
            **_SOMOS,
            "name": "Jorge Salas",
            "login_id": ["prefiero correo", "jsalas22"],
            "contact_method": "Correo electrónico",
        },
        "expect": {"fields": {"login_id": "jsalas22"}},
    },
    {
        "id": "cx-reopen-is-not-a-company",
        "plan": "connexcs",
        "at": CX_DAY,
        "say": ["Our web phone page shows a blank panel"],
        "answers": {**_CX, "company": ["reopen", "VoxRoute Ltd"], "category": "Operational"},
        "expect": {"fields": {"company": "VoxRoute Ltd"}},
        "held_out": True,
    },
    {
        "id": "att-question-is-not-business",
        "plan": "att-bvoip",
        "at": ANY,
        "say": ["Our inbound calls fail at the Fresno office, the entire site is down"],
        "answers": {**_ATT, "business": ["why do you need that?", "Valley Farms, Fresno office"]},
        "expect": {"priority": "SEV1", "fields": {"business": "Valley Farms, Fresno office"}},
        "held_out": True,
    },
    # -- point 6: natural requests mid-sentence ------------------------------------------------
    {
        "id": "ct-es-switch-language-mid-intake",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["One user cannot hear audio on calls", "perdona, prefiero hablar en español"],
        "answers": {**_CT_ES},
        "expect": {"priority": "P3", "says": ["seguimos en español", "¿abro el ticket?"]},
    },
    {
        "id": "ringover-en-switch-to-english",
        "plan": "ringover",
        "at": ANY,
        "say": ["Hola, las llamadas se oyen entrecortadas", "can we continue in English please"],
        "answers": {**_RO},
        "expect": {"priority": "P2", "says": ["continue in english"]},
    },
    {
        "id": "ct-status-question-in-a-sentence",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["hi, any update on #10001?"],
        "answers": {},
        "expect": {"priority": None, "says": ["10001"]},
    },
    {
        "id": "ct-es-como-va-mi-caso",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Hola, ¿cómo va mi caso?"],
        "answers": {},
        "expect": {"priority": None, "says": ["todavía no tiene tickets"]},
        "held_out": True,
    },
    {
        "id": "ct-start-over-in-a-sentence",
        "plan": "calltower",
        "at": CT_DAY,
        "say": [
            "Several users hear echo on calls",
            "sorry, can we start over?",
            "One user's headset is not detected by Jabber",
        ],
        "answers": {**_CT_EN},
        "expect": {"priority": "P4", "says": ["start over"]},
        "held_out": True,
    },
    # -- point 7: billing goes where the plan says ------------------------------------------------
    {
        "id": "ct-billing-question-gets-the-billing-contact",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["I have a question about my invoice, I was charged twice this month"],
        "answers": {"confirm": "no"},
        "expect": {"priority": None, "says": ["billing@calltower.com", "(866) 586-4700"]},
    },
    {
        "id": "ct-es-factura-y-quiere-ticket",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Tengo una duda con la factura de este mes", "sí, abra un ticket por favor"],
        "answers": {**_CT_ES},
        "expect": {"priority": "P4", "says": ["billing@calltower.com"]},
    },
    {
        "id": "somos-billing-email",
        "plan": "somos",
        "at": SOMOS_EVENING,
        "say": ["Who do I talk to about a billing dispute on our last invoice?"],
        "answers": {},
        "expect": {"priority": None, "says": ["billing@somos.com"]},
        "held_out": True,
    },
    {
        "id": "ct-billing-in-the-middle-of-an-outage-is-an-outage",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["All our phones are down at the office, we paid our invoice, nobody can call"],
        "answers": {**_CT_EN, "scope": "everyone"},
        "expect": {"priority": "P1"},
        "held_out": True,
    },
    # -- point 12: questions that apply --------------------------------------------------------------
    {
        "id": "cx-feature-request-not-asked-category-or-screenshot",
        "plan": "connexcs",
        "at": CX_DAY,
        "say": [
            "Feature request: it would be great if the dashboard could export CDRs as Excel files"
        ],
        "answers": {**_CX},
        "expect": {"priority": "P5", "never_asks": ["category", "ui_details"]},
    },
    {
        "id": "ct-phone-wont-power-on-no-call-id",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["My desk phone won't power on, the screen stays black"],
        "answers": {**_CT_EN},
        "expect": {"never_asks": ["call_id"]},
    },
    {
        "id": "ct-es-error-de-ortografia-no-es-error",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Hay un error de ortografía en el nombre que sale en la pantalla del teléfono"],
        "answers": {**_CT_ES},
        "expect": {"priority": "P4", "never_asks": ["error_text", "call_id"]},
    },
    {
        "id": "somos-enhancement-not-asked-error",
        "plan": "somos",
        "at": SOMOS_EVENING,
        "say": [
            "Suggestion: it would be nice if the TFNRegistry UI remembered my last search filters"
        ],
        "answers": {**_SOMOS, "product": "TFNRegistry UI", "environment": "Production"},
        "expect": {"priority": "P4E", "never_asks": ["error_text", "process"]},
        "held_out": True,
    },
    {
        "id": "ringover-es-portabilidad-no-pide-id-llamada",
        "plan": "ringover",
        "at": ANY,
        "say": ["Quiero portar mis números de Movistar a Ringover, ¿cómo lo hago?"],
        "answers": {**_RO},
        "expect": {"priority": "P3", "never_asks": ["call_id"]},
        "held_out": True,
    },
    # -- point 4: don't ask what was said ---------------------------------------------------------
    {
        "id": "att-first-message-carries-business-and-since",
        "plan": "att-bvoip",
        "at": ANY,
        "say": [
            "This is Harbor Freight Logistics in Long Beach: our inbound calls have been failing for 2 hours"
        ],
        "answers": {**_ATT},
        "expect": {"priority": "SEV2", "never_asks": ["since"]},
        "held_out": True,
    },
    {
        "id": "somos-api-and-sandbox-in-first-message",
        "plan": "somos",
        "at": SOMOS_EVENING,
        "say": [
            "Our Python client gets HTTP 500 from the TFNRegistry API in the sandbox when reserving numbers"
        ],
        "answers": {
            **_SOMOS,
            "error_text": "HTTP 500",
            "process": "reserving numbers",
            "api_details": "Python",
        },
        "expect": {
            "fields": {"product": "api", "environment": "sandbox"},
            "never_asks": ["product", "environment"],
        },
    },
    # -- whole conversations with several of the above ----------------------------------------------
    {
        "id": "ct-sms-outage-human-then-answers",
        "plan": "calltower",
        "at": CT_DAY,
        "channel": "sms",
        "say": ["phones down at the whole clinic!! nobody can call", "human"],
        "answers": {**_CT_EN, "scope": "everyone"},
        "expect": {"priority": "P1", "says": ["15 minutes"]},
    },
    {
        "id": "ct-macd-expedited",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["Please add a new user and phone for our new hire starting tomorrow"],
        "answers": {**_CT_EN, "macd_speed": ["how much does expedited cost?", "expedited"]},
        "expect": {"priority": "MACD-X", "fields": {"macd_speed": "expedited"}},
        "held_out": True,
    },
    {
        "id": "ringover-es-calidad-un-usuario",
        "plan": "ringover",
        "at": ANY,
        "say": ["Las llamadas se oyen con eco y robóticas, solo me pasa a mí"],
        "answers": {**_RO, "call_id": "skip"},
        "expect": {"priority": "P2", "fields": {"email": "carmen@agenciaviajes.es"}},
    },
    {
        "id": "att-sev1-entire-site",
        "plan": "att-bvoip",
        "at": ANY,
        "say": ["The entire site is down, no calls at all on our IP Flexible Reach"],
        "answers": {**_ATT, "requested_action": "restore service"},
        "expect": {"priority": "SEV1", "fields": {"phone": "+15625550190"}},
    },
    {
        "id": "cx-sip-one-customer-with-call-id",
        "plan": "connexcs",
        "at": CX_DAY,
        "say": ["Calls to one of our carriers fail with SIP 503 since an hour ago"],
        "answers": {
            **_CX,
            "category": "Operational",
            "call_id": "a84b4c76e66710@pbx.voxroute.co.uk",
        },
        "expect": {"fields": {"call_id": "a84b4c76e66710@pbx.voxroute.co.uk"}},
        "held_out": True,
    },
    {
        "id": "ct-es-human-then-problem",
        "plan": "calltower",
        "at": CT_DAY,
        "say": ["agente", "Un usuario no puede escuchar el buzón de voz"],
        "answers": {**_CT_ES},
        "expect": {"priority": "P4", "fields": {"name": "Lucía Ramírez"}},
        "held_out": True,
    },
]
