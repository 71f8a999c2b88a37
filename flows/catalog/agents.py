"""What the bot tells a customer when an agent acts on their ticket in Slack: joined,
signed, priority changed, on hold, escalated, resolved, closed, reopened (en/es; ".short"
keys are the SMS variants)."""

from __future__ import annotations

from typing import Final

AGENT_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "agent.joined": {
        "en": "{agent} from {provider} support has taken ticket #{ticket} and will answer you here.",
        "es": "{agent}, del soporte de {provider}, ha tomado el ticket #{ticket} y le responderá por aquí.",
    },
    "agent.joined.short": {
        "en": "{agent} ({provider} support) has ticket #{ticket}.",
        "es": "{agent} (soporte {provider}) tiene el ticket #{ticket}.",
    },
    "agent.signed": {
        "en": "{text}\n— {agent}",
        "es": "{text}\n— {agent}",
    },
    "agent.resolved": {
        "en": '{agent} has marked ticket #{ticket} as resolved. Is everything working now? Reply "yes" to close it, or tell us what is still wrong.',
        "es": '{agent} ha marcado el ticket #{ticket} como resuelto. ¿Funciona todo ya? Responda "sí" para cerrarlo, o díganos qué sigue fallando.',
    },
    "agent.resolved.short": {
        "en": "Ticket #{ticket} resolved. Working now? Reply yes to close, or tell us what's wrong.",
        "es": "Ticket #{ticket} resuelto. ¿Funciona? Responda sí para cerrarlo o díganos qué falla.",
    },
    "agent.priority": {
        "en": "Ticket #{ticket} is now {priority}.",
        "es": "El ticket #{ticket} ahora es {priority}.",
    },
    "agent.on_hold": {
        "en": "Ticket #{ticket} is on hold until {until}; we'll pick it up again then.",
        "es": "El ticket #{ticket} queda en espera hasta el {until}; lo retomaremos entonces.",
    },
    "agent.duplicate": {
        "en": "Ticket #{ticket} is the same issue as ticket #{other}, so we'll follow up there; this one is closed.",
        "es": "El ticket #{ticket} trata el mismo problema que el ticket #{other}, así que seguiremos allí; este queda cerrado.",
    },
    "agent.escalated": {
        "en": "Ticket #{ticket} has been escalated to {who}.",
        "es": "El ticket #{ticket} se ha escalado a {who}.",
    },
    "agent.in_progress": {
        "en": "{agent} is working on ticket #{ticket} now.",
        "es": "{agent} está trabajando ahora en el ticket #{ticket}.",
    },
    "agent.shipping": {
        "en": "The hardware for ticket #{ticket} is on its way to you.",
        "es": "El hardware del ticket #{ticket} está en camino.",
    },
    "agent.shipping_tracking": {
        "en": "The hardware for ticket #{ticket} is on its way to you. Tracking: {note}",
        "es": "El hardware del ticket #{ticket} está en camino. Seguimiento: {note}",
    },
    "agent.closed": {
        "en": "{agent} has closed ticket #{ticket}; all work on it is complete. Write to us if anything else comes up.",
        "es": "{agent} ha cerrado el ticket #{ticket}; se ha completado todo el trabajo. Escríbanos si surge algo más.",
    },
    "agent.closed.short": {
        "en": "Ticket #{ticket} is closed; all work is done.",
        "es": "Ticket #{ticket} cerrado; trabajo completado.",
    },
    "agent.reopened": {
        "en": "Ticket #{ticket} is reopened; an agent will follow up.",
        "es": "El ticket #{ticket} se ha reabierto; un agente hará el seguimiento.",
    },
    "agent.reopened_new": {
        "en": "Ticket #{old} can no longer be reopened, so we've opened ticket #{ticket}, linked to it; an agent will follow up there.",
        "es": "El ticket #{old} ya no puede reabrirse, así que hemos abierto el ticket #{ticket}, relacionado con él; un agente hará el seguimiento allí.",
    },
    "agent.reassigned": {
        "en": "{agent} from {provider} support now has ticket #{ticket} and will answer you here.",
        "es": "{agent}, del soporte de {provider}, lleva ahora el ticket #{ticket} y le responderá por aquí.",
    },
}
