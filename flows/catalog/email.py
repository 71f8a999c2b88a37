"""What the bot says on the email channel: the intake summary and form, what is still
missing, and replies that arrived empty or could not be used (en/es)."""

from __future__ import annotations

from typing import Final

EMAIL_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "email.summary": {
        "en": "Here is what we understood from your email:\n{summary}",
        "es": "Esto es lo que hemos entendido de su correo:\n{summary}",
    },
    "email.form": {
        "en": "To complete the ticket we still need the details below. Reply to this email and fill in the lines:\n\n{form}",
        "es": "Para completar el ticket necesitamos los datos siguientes. Responda a este correo y rellene las líneas:\n\n{form}",
    },
    "email.still_missing": {
        "en": "Ticket #{ticket} still needs these details; please reply and fill in the lines:\n\n{form}",
        "es": "Al ticket #{ticket} le faltan todavía estos datos; responda y rellene las líneas, por favor:\n\n{form}",
    },
    "email.optional": {
        "en": "(optional)",
        "es": "(opcional)",
    },
    "email.complete_now": {
        "en": "We have all the details we need; an agent will take it from here.",
        "es": "Tenemos todos los datos necesarios; un agente se encargará a partir de aquí.",
    },
    "email.complete": {
        "en": "Thank you: ticket #{ticket} now has everything we need.\n{summary}\nAn agent will follow up.",
        "es": "Gracias: el ticket #{ticket} ya tiene todo lo necesario.\n{summary}\nUn agente hará el seguimiento.",
    },
    "email.updated": {
        "en": "Thanks, ticket #{ticket} is updated: {labels}.",
        "es": "Gracias, el ticket #{ticket} está actualizado: {labels}.",
    },
    "email.invalid_field": {
        "en": 'I could not use what you wrote for "{label}".',
        "es": 'No he podido usar lo que escribió en "{label}".',
    },
    "email.linked": {
        "en": "This is a new ticket, linked to ticket #{old}.",
        "es": "Es un ticket nuevo, relacionado con el ticket #{old}.",
    },
    "email.empty": {
        "en": "Your email arrived without any text. Please reply with a short description of the problem.",
        "es": "Su correo ha llegado sin texto. Responda con una breve descripción del problema, por favor.",
    },
    "email.empty_reply": {
        "en": "Your reply about ticket #{ticket} arrived without any text; anything attached is on the ticket.",
        "es": "Su respuesta sobre el ticket #{ticket} ha llegado sin texto; lo adjunto queda en el ticket.",
    },
}
