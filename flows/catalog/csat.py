"""What the bot says around the satisfaction question (issue 17 item 6), en + es, merged
into `flows.catalog.messages.MESSAGES` with the conversation sentences (conversation.py).
A plan may word the question itself (`[csat]`); the scale that follows it is always the
catalog's, written for the channel."""

from __future__ import annotations

from typing import Final

CSAT_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "csat.ask": {
        "en": "How would you rate the help you got with ticket #{ticket}?",
        "es": "¿Cómo valora la ayuda que recibió con el ticket #{ticket}?",
    },
    "csat.ask.short": {
        "en": "How did we do on ticket #{ticket}?",
        "es": "¿Qué tal le atendimos con el ticket #{ticket}?",
    },
    "csat.scale.buttons": {
        "en": "Choose a score from 1 (very poor) to 5 (excellent).",
        "es": "Elija una puntuación del 1 (muy mala) al 5 (excelente).",
    },
    "csat.scale.reply": {
        "en": "Reply with a number from 1 (very poor) to 5 (excellent).",
        "es": "Responda con un número del 1 (muy mala) al 5 (excelente).",
    },
    "csat.scale.reply.short": {
        "en": "Reply 1 (very poor) to 5 (excellent).",
        "es": "Responda del 1 (muy mala) al 5 (excelente).",
    },
    "csat.scale.email": {
        "en": "Reply with a number from 1 (very poor) to 5 (excellent) and, if you like, "
        "one line on what we could do better.",
        "es": "Responda con un número del 1 (muy mala) al 5 (excelente) y, si lo desea, "
        "una línea sobre lo que podríamos mejorar.",
    },
    "csat.label.1": {"en": "1 · Very poor", "es": "1 · Muy mala"},
    "csat.label.2": {"en": "2 · Poor", "es": "2 · Mala"},
    "csat.label.3": {"en": "3 · Okay", "es": "3 · Regular"},
    "csat.label.4": {"en": "4 · Good", "es": "4 · Buena"},
    "csat.label.5": {"en": "5 · Excellent", "es": "5 · Excelente"},
    "csat.comment_ask": {
        "en": "Thank you! Anything we could do better? (optional: one line is plenty, "
        "or just skip it)",
        "es": "¡Gracias! ¿Hay algo que podríamos hacer mejor? (opcional: basta con una línea, "
        "o puede omitirlo)",
    },
    "csat.comment_ask.short": {
        "en": "Thanks! Anything we could do better? (optional)",
        "es": "¡Gracias! ¿Algo que podamos mejorar? (opcional)",
    },
    "csat.skip": {"en": "No, thanks", "es": "No, gracias"},
    "csat.thanks": {
        "en": "Thank you for your feedback.",
        "es": "Gracias por su opinión.",
    },
    "csat.thanks_comment": {
        "en": "Thank you; your comment goes to the team.",
        "es": "Gracias; su comentario llegará al equipo.",
    },
    "csat.skipped": {
        "en": "No problem. Thank you again for your patience.",
        "es": "De acuerdo. Gracias de nuevo por su paciencia.",
    },
    # a question already written for the customer (the plan's own comment wording, or the
    # question the desk's close asks, bot/engine/csat.py): said as given
    "csat.custom": {"en": "{text}", "es": "{text}"},
    "csat.updated": {
        "en": "Got it: {score} out of 5.",
        "es": "Entendido: {score} de 5.",
    },
}
