"""The maintenance sentences: what intake says while a window runs (flows/dialogue/
maintenance.py), and the notices subscribers get before, at the start and at the end
(bot/maintenance/notices.py), with the plan's details: when, what is affected, the work
and why."""

from __future__ import annotations

from typing import Final

MAINTENANCE_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "maintenance.during": {
        "en": "Before we go on: {title} is under way until {ends}, and it affects {products}. {summary} It may explain what you are seeing; I'll still take your report.",
        "es": "Antes de seguir: {title} está en curso hasta {ends} y afecta a {products}. {summary} Puede explicar lo que está viendo; aun así, tomaré nota de su caso.",
    },
    "maintenance.during.short": {
        "en": "Note: {title} until {ends} ({products}). It may explain this; let's go on.",
        "es": "Aviso: {title} hasta {ends} ({products}). Puede explicarlo; sigamos.",
    },
    "maintenance.subject.before": {
        "en": "Scheduled maintenance: {title}, {starts}",
        "es": "Mantenimiento programado: {title}, {starts}",
    },
    "maintenance.subject.start": {
        "en": "Maintenance started: {title}",
        "es": "Mantenimiento iniciado: {title}",
    },
    "maintenance.subject.end": {
        "en": "Maintenance finished: {title}",
        "es": "Mantenimiento terminado: {title}",
    },
    "maintenance.subject.cancelled": {
        "en": "Maintenance cancelled: {title}",
        "es": "Mantenimiento cancelado: {title}",
    },
    "maintenance.notice.before": {
        "en": "{title} is scheduled from {starts} to {ends}.\nAffected: {products}.\nThe work: {summary}\nWhy: {reason}",
        "es": "{title} está programado desde el {starts} hasta el {ends}.\nAfecta a: {products}.\nEl trabajo: {summary}\nMotivo: {reason}",
    },
    "maintenance.notice.start": {
        "en": "{title} has started and should end by {ends}.\nAffected: {products}.\nThe work: {summary}",
        "es": "{title} ha comenzado y debería terminar hacia el {ends}.\nAfecta a: {products}.\nEl trabajo: {summary}",
    },
    "maintenance.notice.end": {
        "en": "{title} is finished ({starts} to {ends}). If something about {products} still does not work as before, reply to this email or contact support.",
        "es": "{title} ha terminado ({starts} a {ends}). Si algo de {products} sigue sin funcionar como antes, responda a este correo o contacte con soporte.",
    },
    "maintenance.notice.cancelled": {
        "en": "{title}, announced for {starts} to {ends}, is cancelled: it will not take place then.",
        "es": "{title}, anunciado para el {starts} hasta el {ends}, queda cancelado: no se realizará en esas fechas.",
    },
    "maintenance.unsubscribe": {
        "en": "To stop these emails: {link}",
        "es": "Para dejar de recibir estos correos: {link}",
    },
    "maintenance.all_products": {
        "en": "our services",
        "es": "nuestros servicios",
    },
}
