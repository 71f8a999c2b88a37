"""What frames every email the bot sends (channels/email.py): its subject when the
customer's gave none, the sender's name and the footer. Kept apart from messages.py,
which was reaching 500 lines."""

from __future__ import annotations

from typing import Final

ENVELOPE_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "email.subject": {
        "en": "Your support request",
        "es": "Su solicitud de soporte",
    },
    "email.from_name": {
        "en": "{provider} Support",
        "es": "Soporte de {provider}",
    },
    "email.footer": {
        "en": "Please keep [#{ticket}] in the subject when you reply. {provider} support",
        "es": "Mantenga [#{ticket}] en el asunto cuando responda. Soporte de {provider}",
    },
}
