"""Every sentence the bot says to a customer, in English and Spanish.

Keys ending in ".short" are the SMS variants (a text message costs per
segment; a Spanish accent turns a segment into 70 characters). A test fails
when a key lacks a language or a placeholder differs between languages.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Final

from flows.catalog.agents import AGENT_MESSAGES
from flows.catalog.contacts import CONTACT_MESSAGES
from flows.catalog.conversation import CONVERSATION_MESSAGES
from flows.catalog.email import EMAIL_MESSAGES
from flows.catalog.envelope import ENVELOPE_MESSAGES
from flows.catalog.escalation import ESCALATION_MESSAGES
from flows.catalog.incidents import INCIDENT_MESSAGES
from flows.catalog.inputs import INPUT_MESSAGES
from flows.catalog.labels import LABEL_MESSAGES
from flows.catalog.maintenance import MAINTENANCE_MESSAGES

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "greeting": {
        "en": "Hi, this is the {provider} support assistant. Please tell me briefly what is not working.",
        "es": "Hola, soy el asistente de soporte de {provider}. Cuénteme brevemente qué no funciona.",
    },
    "greeting.short": {
        "en": "{provider} support: what is not working?",
        "es": "Soporte {provider}: ¿qué no funciona?",
    },
    "empty": {
        "en": "I didn't get any text. Could you describe the problem in a sentence or two?",
        "es": "No recibí ningún texto. ¿Podría describir el problema en una o dos frases?",
    },
    "slow_down": {
        "en": "You're writing faster than I can keep up with ({limit} messages a minute), "
        "so I'll pause my replies for a minute. Everything you send is still kept for our team.",
        "es": "Está escribiendo más rápido de lo que puedo seguir ({limit} mensajes por minuto), "
        "así que pausaré mis respuestas un minuto. Todo lo que envíe queda guardado para nuestro "
        "equipo.",
    },
    "slow_down.short": {
        "en": "Too many messages at once: I'll pause replies for a minute. All are kept.",
        "es": "Demasiados mensajes seguidos: pausaré las respuestas un minuto. Todos quedan guardados.",
    },
    "truncated": {
        "en": "Your message was very long, so I kept the first {limit} characters.",
        "es": "Su mensaje era muy largo; he guardado los primeros {limit} caracteres.",
    },
    "ack_problem": {
        "en": "Sorry about that, let's get a ticket open for it.",
        "es": "Lamento el problema; vamos a abrir un ticket.",
    },
    "ask.description": {
        "en": "Please describe the problem: what is not working, and since when?",
        "es": "Describa el problema, por favor: ¿qué no funciona y desde cuándo?",
    },
    "ask.name": {
        "en": "May I have your full name?",
        "es": "¿Me indica su nombre completo?",
    },
    "ask.account_id": {
        "en": "What is your account ID?",
        "es": "¿Cuál es su ID de cuenta?",
    },
    "ask.phone": {
        "en": "What phone number should we call you back on?",
        "es": "¿A qué número de teléfono le devolvemos la llamada?",
    },
    "ask.phone.short": {
        "en": "Callback number?",
        "es": "¿Teléfono de contacto?",
    },
    "ask.email": {
        "en": "What email address should we use for updates?",
        "es": "¿Qué correo electrónico usamos para las actualizaciones?",
    },
    "ask.call_id": {
        "en": "Do you have the SIP Call-ID of an affected call? It helps us find it in our logs.",
        "es": "¿Tiene el Call-ID SIP de una llamada afectada? Nos ayuda a encontrarla en los registros.",
    },
    "ask.call_id.short": {
        "en": "Call-ID of an affected call?",
        "es": "¿Call-ID de una llamada afectada?",
    },
    "ask.ticket": {
        "en": "What is the ticket number?",
        "es": "¿Cuál es el número de ticket?",
    },
    "ask.custom": {  # a question the plan words itself (bot/profiles), said as written
        "en": "{question}",
        "es": "{question}",
    },
    "ask.text": {
        "en": "{label}?",
        "es": "¿{label}?",
    },
    "ask.choice": {
        "en": "{label}: {options}?",
        "es": "{label}: ¿{options}?",
    },
    "skip_hint": {
        "en": '(If you don\'t have it, say "skip".)',
        "es": '(Si no lo tiene, escriba "omitir".)',
    },
    "invalid.invalid_phone": {
        "en": "That doesn't look like a phone number I can call back. Please include the area code, e.g. {example}.",
        "es": "Ese número no parece válido para devolver la llamada. Incluya el prefijo, por ejemplo {example}.",
    },
    "invalid.invalid_email": {
        "en": "That doesn't look like an email address (for example ana@example.com).",
        "es": "Eso no parece una dirección de correo (por ejemplo ana@ejemplo.com).",
    },
    "invalid.invalid_call_id": {
        "en": "That doesn't look like a SIP Call-ID (a long identifier such as a84b4c76e66710@pbx.example.com).",
        "es": "Eso no parece un Call-ID SIP (un identificador largo como a84b4c76e66710@pbx.example.com).",
    },
    "invalid.invalid_account": {
        "en": "That doesn't look like an account ID: it should have some letters or digits, like AC-10442.",
        "es": "Eso no parece un ID de cuenta: debe tener letras o dígitos, como AC-10442.",
    },
    "invalid.invalid_name": {
        "en": "I didn't catch a name there.",
        "es": "No he entendido ningún nombre.",
    },
    "invalid.too_short": {
        "en": "Could you give me a little more detail?",
        "es": "¿Podría darme un poco más de detalle?",
    },
    "invalid.invalid_choice": {
        "en": "Please pick one of the options.",
        "es": "Elija una de las opciones, por favor.",
    },
    "invalid.invalid_ticket": {
        "en": "A ticket number is made of digits, like 10042.",
        "es": "Un número de ticket está formado por dígitos, como 10042.",
    },
    "cannot_skip": {
        "en": "I need this one to open the ticket.",
        "es": "Este dato es necesario para abrir el ticket.",
    },
    "field_updated": {
        "en": "Got it, I've updated your {label}.",
        "es": "Entendido, he actualizado el dato «{label}».",
    },
    "clarify_scope": {
        "en": "Who is affected by this?",
        "es": "¿A quién afecta el problema?",
    },
    "scope.site": {
        "en": "Everyone at the site",
        "es": "A toda la sede",
    },
    "scope.several": {
        "en": "Several people",
        "es": "A varias personas",
    },
    "scope.one": {
        "en": "Only me / one user",
        "es": "Solo a mí / a un usuario",
    },
    "confirm": {
        "en": "Here is what I have:\n{summary}\nShall I open the ticket?",
        "es": "Esto es lo que tengo:\n{summary}\n¿Abro el ticket?",
    },
    "confirm.short": {
        "en": "{summary}\nOpen the ticket?",
        "es": "{summary}\n¿Abro el ticket?",
    },
    "confirm_again": {
        "en": "Please answer yes to open the ticket, or tell me what to change.",
        "es": "Responda sí para abrir el ticket, o dígame qué debo cambiar.",
    },
    "confirm_change": {
        "en": 'What should I change? For example: "my number is {example}".',
        "es": '¿Qué debo cambiar? Por ejemplo: "mi número es {example}".',
    },
    "yes": {"en": "Yes", "es": "Sí"},
    "no": {"en": "No", "es": "No"},
    "ticket_opened": {
        "en": "Ticket #{ticket} is open as {priority}. {promise}",
        "es": "El ticket #{ticket} está abierto como {priority}. {promise}",
    },
    "ticket_opened.short": {
        "en": "Ticket #{ticket} ({priority}). {promise}",
        "es": "Ticket #{ticket} ({priority}). {promise}",
    },
    "promise.first_response": {
        "en": "Our plan promises a first response within {duration}, by {due}.",
        "es": "Nuestro plan garantiza una primera respuesta en {duration}, antes del {due}.",
    },
    "promise.first_response.short": {
        "en": "First response by {due}.",
        "es": "Respuesta antes del {due}.",
    },
    "after_hours": {
        "en": "Our agents on this channel are away right now; they are back {back}. We will contact you then.",
        "es": "Nuestros agentes de este canal no están disponibles ahora; vuelven el {back}. Le contactaremos entonces.",
    },
    "promise.callback": {
        "en": "We will call or email you back within {duration}, by {due}.",
        "es": "Le devolveremos la llamada o le escribiremos en un plazo de {duration}, antes del {due}.",
    },
    "promise.callback.short": {
        "en": "We'll call or email back within {duration}, by {due}.",
        "es": "Le responderemos en {duration}, antes del {due}.",
    },
    "promise.escalation": {
        "en": "If there is no progress by {due}, you may ask to escalate to {who}.",
        "es": "Si no hay avances antes del {due}, puede pedir el escalado a {who}.",
    },
    "after_hours.short": {
        "en": "Agents back {back}; we'll contact you then.",
        "es": "Agentes de vuelta el {back}; le contactaremos.",
    },
    "email_review": {
        "en": "Cases opened by email start at {priority} until an agent reviews them; for urgent problems, call {phone}.",
        "es": "Los casos abiertos por correo empiezan como {priority} hasta que un agente los revisa; si es urgente, llame al {phone}.",
    },
    "human_ack": {
        "en": "I've noted that you want to talk to a person.",
        "es": "He anotado que desea hablar con una persona.",
    },
    "human_ack_ticket": {
        "en": "I've noted on ticket #{ticket} that you want to talk to a person; an agent will contact you.",
        "es": "He anotado en el ticket #{ticket} que desea hablar con una persona; un agente le contactará.",
    },
    "human_ack_intake": {
        "en": 'I\'ve noted that you want to talk to a person. A few quick details first, so the agent can help you at once (say "human" again to skip them).',
        "es": 'He anotado que desea hablar con una persona. Antes, unos datos rápidos para que el agente pueda ayudarle enseguida (escriba "agente" otra vez para saltarlos).',
    },
    "closed_no_response": {
        "en": "We haven't heard back from you, so ticket #{ticket} is now closed (no response). Write to us any time and we'll open a new case linked to it.",
        "es": "No hemos recibido respuesta, así que el ticket #{ticket} queda cerrado sin respuesta. Escríbanos cuando quiera y abriremos un caso nuevo relacionado.",
    },
    "closed_no_response.short": {
        "en": "No reply, so ticket #{ticket} is closed. Text us to open a new linked case.",
        "es": "Sin respuesta: ticket #{ticket} cerrado. Escríbanos para abrir un caso nuevo.",
    },
    "you_are_welcome": {
        "en": "You're welcome. Ticket #{ticket} is with our team; write here any time to add to it.",
        "es": "De nada. El ticket #{ticket} está con nuestro equipo; escriba aquí cuando quiera añadir algo.",
    },
    "still_open": {
        "en": "Ticket #{ticket} is still open: just tell me what to add to it.",
        "es": "El ticket #{ticket} sigue abierto: dígame qué quiere añadir.",
    },
    "comment_added": {
        "en": "Thanks, I've added that to ticket #{ticket}.",
        "es": "Gracias, lo he añadido al ticket #{ticket}.",
    },
    "status": {
        "en": "Ticket #{ticket}: {status}, {priority}, opened {opened}.",
        "es": "Ticket #{ticket}: {status}, {priority}, abierto el {opened}.",
    },
    "status_unknown": {
        "en": "I can't find ticket #{ticket} among your tickets. Please check the number.",
        "es": "No encuentro el ticket #{ticket} entre sus tickets. Compruebe el número, por favor.",
    },
    "status_unknown_call": {
        "en": "I can't find a ticket of yours for the call with Call-ID {call_id}.",
        "es": "No encuentro ningún ticket suyo para la llamada con ID {call_id}.",
    },
    "status_none": {
        "en": "You don't have any tickets with us yet.",
        "es": "Todavía no tiene tickets con nosotros.",
    },
    "restart": {
        "en": "OK, let's start over. Please describe the problem.",
        "es": "De acuerdo, empecemos de nuevo. Describa el problema, por favor.",
    },
    "help": {
        "en": 'I open support tickets and keep you updated. Describe the problem and answer a few questions. You can also write "status 10042", "human", "start over" or "español". Phone: {phone}. Status page: {status_url}',
        "es": 'Abro tickets de soporte y le mantengo informado. Describa el problema y responda unas preguntas. También puede escribir "estado 10042", "agente", "empezar de nuevo" o "english". Teléfono: {phone}. Estado del servicio: {status_url}',
    },
    "help.short": {
        "en": 'Describe the problem to open a ticket. "status N", "human", "restart". Call {phone}',
        "es": 'Describa el problema para abrir un ticket. "estado N", "agente". Llame al {phone}',
    },
    "lang_switched": {
        "en": "OK, we'll continue in English.",
        "es": "Perfecto, seguimos en español.",
    },
    "still_with_agent": {
        "en": "An agent has your ticket #{ticket}; I've passed your message on.",
        "es": "Un agente tiene su ticket #{ticket}; le he pasado su mensaje.",
    },
    "conversation_closed": {
        "en": 'Ticket #{ticket} is closed. Describe a new problem and I\'ll open a new ticket, or write "reopen".',
        "es": 'El ticket #{ticket} está cerrado. Describa un problema nuevo y abriré otro ticket, o escriba "reabrir".',
    },
    "reopened": {
        "en": "Ticket #{ticket} is reopened; an agent will follow up.",
        "es": "El ticket #{ticket} se ha reabierto; un agente hará el seguimiento.",
    },
    "reopen_new_case": {
        "en": "Ticket #{old} was closed more than {days} days ago, so I've opened ticket #{ticket} linked to it.",
        "es": "El ticket #{old} se cerró hace más de {days} días, así que he abierto el ticket #{ticket} relacionado.",
    },
    "sms.opted_out": {
        "en": "You won't get more texts from {provider} support. Reply START to resume.",
        "es": "No recibirá más SMS del soporte de {provider}. Responda ALTA para volver a recibirlos.",
    },
    "sms.opted_in": {
        "en": "You will get texts from {provider} support again. Reply STOP to stop.",
        "es": "Volverá a recibir SMS del soporte de {provider}. Responda BAJA para dejar de recibirlos.",
    },
    "telegram.private_only": {
        "en": "I only help in private chats: please write to me directly at @{bot}.",
        "es": "Solo atiendo en chats privados: escríbame directamente a @{bot}.",
    },
    "telegram.choose_language": {
        "en": "Which language do you prefer?",
        "es": "¿En qué idioma prefiere continuar?",
    },
    "webchat.store_down": {
        "en": "Sorry, we couldn't take that message just now. Please send it again in a moment.",
        "es": "Lo sentimos, no hemos podido recibir ese mensaje ahora mismo. Vuelva a enviarlo en un momento, por favor.",
    },
    "internal_error": {
        "en": "Sorry, something went wrong on our side. Your message is saved; please try again in a minute.",
        "es": "Lo sentimos, algo ha fallado por nuestra parte. Su mensaje está guardado; inténtelo de nuevo en un minuto.",
    },
    "handoff.connecting": {
        "en": "I'm connecting you with an agent for ticket #{ticket}; the expected wait is about {wait}. Their replies will come here.",
        "es": "Le estoy conectando con un agente para el ticket #{ticket}; la espera estimada es de unos {wait}. Sus respuestas llegarán por aquí.",
    },
    "handoff.connecting.short": {
        "en": "Connecting you with an agent (ticket #{ticket}), wait about {wait}.",
        "es": "Le conecto con un agente (ticket #{ticket}), espera aprox. {wait}.",
    },
    "stuck_handoff": {
        "en": "I couldn't get that one right, so I'll leave it for an agent to sort out with you.",
        "es": "No he logrado entender ese dato, así que lo dejo para que un agente lo resuelva con usted.",
    },
    "resolution_confirmed": {
        "en": "Thanks for confirming; ticket #{ticket} is closed. Write any time if something else comes up.",
        "es": "Gracias por confirmarlo; el ticket #{ticket} está cerrado. Escríbanos cuando lo necesite.",
    },
    **AGENT_MESSAGES,
    **EMAIL_MESSAGES,
    **LABEL_MESSAGES,
    **INPUT_MESSAGES,
    **CONVERSATION_MESSAGES,
    **ESCALATION_MESSAGES,
    **INCIDENT_MESSAGES,
    **MAINTENANCE_MESSAGES,
    **CONTACT_MESSAGES,
    **ENVELOPE_MESSAGES,
}

LANGUAGES: Final = ("en", "es")
_FORMATTER: Final = string.Formatter()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def has(key: str) -> bool:
    return key in MESSAGES


def render(lang: str, key: str, *, short: bool = False, **params: object) -> str:
    """The sentence `key` in `lang`, preferring the SMS variant when `short`."""
    lang = lang if lang in LANGUAGES else "en"
    entry = MESSAGES.get(f"{key}.short") if short else None
    if entry is None:
        entry = MESSAGES[key]
    text = entry[lang].format(**params)
    return _contract(text) if lang == "es" else text


def uses(lang: str, key: str, name: str, *, short: bool = False) -> bool:
    """Whether the sentence `render(lang, key, short=short)` says has the placeholder
    `name`: a caller can leave out a value that sentence does not show (the SMS variant of
    a promise names its time, not its duration)."""
    return name in _placeholders_of(lang if lang in LANGUAGES else "en", key, short)


@lru_cache(maxsize=1024)
def _placeholders_of(lang: str, key: str, short: bool) -> frozenset[str]:
    entry = MESSAGES.get(f"{key}.short") if short else None
    if entry is None:
        entry = MESSAGES[key]
    return frozenset(placeholders(entry[lang]))


# "a el Team Manager" is "al Team Manager" in Spanish, "antes de el" is "antes del": a
# sentence ending in "a"/"de" meets a plan value starting with the article (issue 12,
# point 10). A capitalised "El" is part of a name ("El Salvador") and does not contract.
_CONTRACTION: Final = re.compile(r"\b([Aa]|[Dd]e) el\b")


def _contract(text: str) -> str:
    return _CONTRACTION.sub(lambda m: m.group(1)[0] + ("l" if len(m.group(1)) == 1 else "el"), text)
