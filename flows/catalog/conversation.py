"""Sentences for customers who don't answer like a form (issue 12): answers to their
questions, re-asks with a reason, the hand-over to a person, the plan's routes and the
24/7 on-call promise. Merged into `flows.catalog.messages.MESSAGES`."""

from __future__ import annotations

from typing import Final

from flows.catalog.csat import CSAT_MESSAGES

CONVERSATION_MESSAGES: Final[dict[str, dict[str, str]]] = {
    # SMS: a segment costs, and one accent makes it 67 characters (issue 12, point 11)
    "route.billing.short": {
        "en": "Billing: {contact}. Still want a support ticket?",
        "es": "Facturación: {contact}. ¿Abro también un ticket?",
    },
    "route.generic.short": {
        "en": "That's handled by {contact}. Still want a ticket?",
        "es": "De esto se encarga {contact}. ¿Abro también un ticket?",
    },
    "promise.escalation.short": {
        "en": "No progress by {due}? Ask to escalate to {who}.",
        "es": "¿Sin avances el {due}? Pida el escalado a {who}.",
    },
    "escalation_not_yet.short": {
        "en": "Ticket #{ticket} can go to {who} from {due}.",
        "es": "El ticket #{ticket} podrá escalarse a {who} desde el {due}.",
    },
    "skip_hint.choice": {
        "en": '(If you\'re not sure, say "skip".)',
        "es": '(Si no lo sabe, escriba "omitir".)',
    },
    "skip_hint.short": {
        "en": '(or "skip")',
        "es": '(u "omitir")',
    },
    "skip_hint.choice.short": {
        "en": '(or "skip")',
        "es": '(u "omitir")',
    },
    "ack_request": {  # a request, a question or a suggestion: no sympathy for a non-problem
        "en": "Sure, let's open a ticket for that.",
        "es": "Claro, abramos un ticket para ello.",
    },
    "human_first": {
        "en": "Sure, I'll get you to a person. If you tell me in a line or two what is going on, the agent can call you back ready to help. Or say \"human\" again and I'll hand you over right away.",
        "es": 'Claro, le paso con una persona. Si me cuenta en una o dos frases qué ocurre, el agente podrá llamarle sabiendo ya cómo ayudarle. O escriba "agente" otra vez y le paso ahora mismo.',
    },
    "human_first.short": {
        "en": 'OK. Tell me in a line what\'s wrong so the agent can help, or say "human" again to skip.',
        "es": 'De acuerdo. Dígame en una línea qué ocurre, o escriba "agente" otra vez y le paso ya.',
    },
    "human_handover": {
        "en": "Understood: I'm opening your ticket now with what I have, and a person will take it from here.",
        "es": "Entendido: abro ya su ticket con lo que tengo y una persona se encargará a partir de aquí.",
    },
    "answer.how_long": {
        "en": "Once the ticket is open, our plan promises a first response within {duration}.",
        "es": "En cuanto se abra el ticket, nuestro plan garantiza una primera respuesta en {duration}.",
    },
    "answer.how_long_unknown": {
        "en": "An agent picks your ticket up as soon as it is open; the plan sets no fixed time for this kind of case.",
        "es": "Un agente recogerá su ticket en cuanto esté abierto; el plan no fija un plazo para este tipo de caso.",
    },
    "answer.cost_unknown": {
        "en": "I can't quote prices here; please ask the agent who takes your ticket.",
        "es": "No puedo indicarle precios por aquí; pregunte, por favor, al agente que lleve su ticket.",
    },
    "answer.plan_text": {"en": "{text}", "es": "{text}"},
    "answer.agents_on_duty": {
        "en": "Our agents on this channel are available right now.",
        "es": "Nuestros agentes de este canal están disponibles ahora mismo.",
    },
    "answer.agents_back": {
        "en": "Our agents on this channel are back {back}.",
        "es": "Nuestros agentes de este canal vuelven el {back}.",
    },
    "answer.question_noted": {
        "en": "Good question; I've noted it for the agent who takes your ticket.",
        "es": "Buena pregunta; la he anotado para el agente que lleve su ticket.",
    },
    "answer.unsure": {
        "en": "No problem.",
        "es": "No pasa nada.",
    },
    "reask.scope": {
        "en": "To set the right priority I still need to know this.",
        "es": "Para fijar la prioridad correcta necesito saber esto.",
    },
    "reask.field": {
        "en": "To go on, I still need this detail.",
        "es": "Para continuar, necesito todavía este dato.",
    },
    "invalid.yes_no": {
        "en": "A yes or no doesn't answer this one.",
        "es": "Un sí o un no no responde a esta pregunta.",
    },
    "invalid.command": {
        "en": "That looks like a command rather than an answer.",
        "es": "Eso parece una orden más que una respuesta.",
    },
    "invalid.preference": {
        "en": "Noted. I still need the answer to this question, though.",
        "es": "Tomo nota. Aun así, necesito la respuesta a esta pregunta.",
    },
    "invalid.invalid_duration": {
        "en": 'I need how long it has been affected, for example "since 9 AM" or "for 2 hours".',
        "es": 'Necesito saber desde cuándo está afectado, por ejemplo "desde las 9" o "desde hace 2 horas".',
    },
    "invalid.invalid_organization": {
        "en": 'I need the business name and location, for example "Acme Dental, Denver".',
        "es": 'Necesito el nombre y la ubicación de la empresa, por ejemplo "Clínica Sol, Miami".',
    },
    "invalid.invalid_login": {
        "en": "A login ID is a single word of letters and digits, like jsmith01.",
        "es": "Un ID de inicio de sesión es una sola palabra de letras y números, como jperez01.",
    },
    "route.billing": {
        "en": "For billing questions, please contact {contact}. Would you still like a support ticket as well?",
        "es": "Para consultas de facturación, contacte con {contact}. ¿Quiere además que abra un ticket de soporte?",
    },
    "route.generic": {
        "en": "This is handled by {contact}. Would you still like a support ticket as well?",
        "es": "De esto se encarga {contact}. ¿Quiere además que abra un ticket de soporte?",
    },
    "route.declined": {
        "en": "All right, no ticket then. Write here any time you need support.",
        "es": "De acuerdo, no abro ningún ticket. Escríbanos aquí cuando necesite soporte.",
    },
    "on_call": {
        "en": "This priority is handled 24/7: our on-call team already has your ticket.",
        "es": "Esta prioridad se atiende 24/7: nuestro equipo de guardia ya tiene su ticket.",
    },
    "on_call.short": {
        "en": "Our 24/7 on-call team has it.",
        "es": "Lo tiene el equipo de guardia 24/7.",
    },
    "on_call_phone": {
        "en": "For anything urgent, call {phone}.",
        "es": "Si es urgente, llame al {phone}.",
    },
    "on_call_phone.short": {
        "en": "Urgent? Call {phone}.",
        "es": "¿Urgente? Llame al {phone}.",
    },
    # after a ticket closes resolved: the satisfaction question (flows/catalog/csat.py)
    **CSAT_MESSAGES,
}
