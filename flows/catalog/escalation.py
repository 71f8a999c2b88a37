"""What the bot tells a customer who asks to escalate (en + es, merged into
`flows.catalog.messages.MESSAGES`)."""

from __future__ import annotations

from typing import Final

ESCALATION_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "escalated_by_customer": {
        "en": "I've escalated ticket #{ticket} to {who}.",
        "es": "He escalado el ticket #{ticket} a {who}.",
    },
    "escalation_not_yet": {
        "en": "Ticket #{ticket} can be escalated to {who} from {due}; until then the team on it keeps you updated.",
        "es": "El ticket #{ticket} podrá escalarse a {who} a partir del {due}; hasta entonces el equipo que lo lleva le mantendrá informado.",
    },
    "escalation_not_overdue": {
        "en": "Ticket #{ticket} is within its response and update times, so it stays with the team on it; if one of them passes without news, you can escalate to {who}.",
        "es": "El ticket #{ticket} está dentro de sus plazos de respuesta y actualización, así que sigue con el equipo que lo lleva; si alguno vence sin noticias, podrá escalarlo a {who}.",
    },
    "escalation_not_overdue.short": {
        "en": "Ticket #{ticket} is within its response times; if one passes without news, you can escalate to {who}.",
        "es": "El ticket #{ticket} está en plazo; si alguno vence sin noticias, podrá escalarlo a {who}.",
    },
    "escalation_top": {
        "en": "Ticket #{ticket} is already at the highest escalation level.",
        "es": "El ticket #{ticket} ya está en el nivel de escalado más alto.",
    },
    "escalation_no_ticket": {
        "en": "There is no open ticket to escalate. Describe the problem and I'll open one.",
        "es": "No hay ningún ticket abierto que escalar. Describa el problema y abriré uno.",
    },
    "escalation_requirements": {
        "en": "When you contact them, please have ready: {items}.",
        "es": "Cuando les contacte, tenga a mano: {items}.",
    },
}
