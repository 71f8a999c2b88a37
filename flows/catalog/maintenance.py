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
    # to a contact the account named for maintenance notices (bot/contacts), not subscribed
    "maintenance.contact": {
        "en": "You get these notices as a maintenance contact of account {account}. To change who gets them, reply to this email or contact support.",
        "es": "Recibe estos avisos como contacto de mantenimiento de la cuenta {account}. Para cambiar quién los recibe, responda a este correo o contacte con soporte.",
    },
    # the same notices on a chat channel or by SMS (short: the SMS variants, 3 segments)
    "maintenance.chat.before": {
        "en": "Scheduled maintenance: {title}, from {starts} to {ends}. Affected: {products}. {summary}",
        "es": "Mantenimiento programado: {title}, desde el {starts} hasta el {ends}. Afecta a: {products}. {summary}",
    },
    "maintenance.chat.before.short": {
        "en": "Maintenance: {title}, {starts} to {ends}. Affects {products}.",
        "es": "Mantenimiento: {title}, {starts} a {ends}. Afecta a {products}.",
    },
    "maintenance.chat.start": {
        "en": "Maintenance started: {title}, until {ends}. Affected: {products}. {summary}",
        "es": "Mantenimiento iniciado: {title}, hasta el {ends}. Afecta a: {products}. {summary}",
    },
    "maintenance.chat.start.short": {
        "en": "Maintenance started: {title}, until {ends}. Affects {products}.",
        "es": "Mantenimiento iniciado: {title}, hasta el {ends}. Afecta a {products}.",
    },
    "maintenance.chat.end": {
        "en": "Maintenance finished: {title}. If something about {products} still does not work as before, write to us here.",
        "es": "Mantenimiento terminado: {title}. Si algo de {products} sigue sin funcionar como antes, escríbanos aquí.",
    },
    "maintenance.chat.end.short": {
        "en": "Maintenance finished: {title}. Still a problem? Reply here.",
        "es": "Mantenimiento terminado: {title}. ¿Sigue fallando algo? Responda aquí.",
    },
    "maintenance.chat.cancelled": {
        "en": "Maintenance cancelled: {title}, announced for {starts} to {ends}, will not take place then.",
        "es": "Mantenimiento cancelado: {title}, anunciado desde el {starts} hasta el {ends}, no se realizará en esas fechas.",
    },
    "maintenance.chat.cancelled.short": {
        "en": "Cancelled: {title} of {starts} will not take place.",
        "es": "Cancelado: {title} del {starts} no se realizará.",
    },
    # SMS, when the short one with the products would take more than three segments
    "maintenance.sms.before": {
        "en": "Maintenance: {title}, {starts} to {ends}.",
        "es": "Mantenimiento: {title}, {starts} a {ends}.",
    },
    "maintenance.sms.start": {
        "en": "Maintenance started: {title}, until {ends}.",
        "es": "Mantenimiento iniciado: {title}, hasta el {ends}.",
    },
    "maintenance.sms.end": {
        "en": "Maintenance finished: {title}.",
        "es": "Mantenimiento terminado: {title}.",
    },
    "maintenance.sms.cancelled": {
        "en": "Cancelled: {title} of {starts}.",
        "es": "Cancelado: {title} del {starts}.",
    },
    "maintenance.chat.unsubscribe": {
        "en": '(Write "unsubscribe" to stop these.)',
        "es": '(Escriba "ya no me avisen" para dejar de recibirlos.)',
    },
    "maintenance.chat.contact": {
        "en": "(Maintenance contact of account {account}.)",
        "es": "(Contacto de mantenimiento de la cuenta {account}.)",
    },
    # asked on a channel (flows/dialogue/subscribe.py)
    "maintenance.subscribed": {
        "en": 'Done: every maintenance notice (ahead of each window, at its start and at its end) will come to you here. Write "unsubscribe" to stop them.',
        "es": 'Hecho: recibirá aquí cada aviso de mantenimiento (antes de cada ventana, al empezar y al terminar). Escriba "ya no me avisen" para dejar de recibirlos.',
    },
    "maintenance.unsubscribed": {
        "en": "Done: no more maintenance notices here.",
        "es": "Hecho: ya no recibirá aquí avisos de mantenimiento.",
    },
    "maintenance.all_products": {
        "en": "our services",
        "es": "nuestros servicios",
    },
}
