"""The outage-mode sentences (flows/dialogue/incident.py, bot/incidents/fanout.py): what a
customer hears about an incident their message matched, its updates and its resolution."""

from __future__ import annotations

from typing import Final

INCIDENT_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "incident.known": {
        "en": "We already know about this: {summary} We have been working on it since {since}.",
        "es": "Ya lo sabemos: {summary} Estamos trabajando en ello desde {since}.",
    },
    "incident.known.short": {
        "en": "Known issue since {since}: {summary}",
        "es": "Incidencia conocida desde {since}: {summary}",
    },
    "incident.latest": {
        "en": "Latest update ({at}): {text}",
        "es": "Última actualización ({at}): {text}",
    },
    "incident.latest.short": {
        "en": "Latest: {text}",
        "es": "Última: {text}",
    },
    "incident.linked": {
        "en": 'Your ticket is linked to it, and every update will come to you here. If your problem is something else, reply "not that".',
        "es": 'Su ticket queda vinculado a ella y recibirá aquí cada actualización. Si su problema es otro, responda "es otra cosa".',
    },
    "incident.linked.short": {
        "en": "Updates will come here. Other problem? Reply NOT THAT.",
        "es": "Le avisaremos aquí. ¿Otro problema? Responda ES OTRA COSA.",
    },
    "incident.not_that": {
        "en": "Understood, it is a different problem: let's open a case for it.",
        "es": "Entendido, es otro problema: vamos a abrir un caso para él.",
    },
    "incident.not_that_email": {
        "en": "Understood, it is a different problem: your ticket is no longer linked to the incident, and a person will look at it on its own.",
        "es": "Entendido, es otro problema: su ticket ya no está vinculado a la incidencia y una persona lo revisará por separado.",
    },
    "incident.thanks": {
        "en": "Thank you, I've added that to ticket #{ticket}. We'll update you here.",
        "es": "Gracias, lo he añadido al ticket #{ticket}. Le avisaremos aquí.",
    },
    "incident.update": {
        "en": 'Update on "{title}" (your ticket #{ticket}): {text}',
        "es": 'Actualización sobre "{title}" (su ticket #{ticket}): {text}',
    },
    "incident.update.short": {
        "en": "Ticket #{ticket} update: {text}",
        "es": "Ticket #{ticket}, novedad: {text}",
    },
    "incident.resolved": {
        "en": 'Resolved: "{title}". {text} Your ticket #{ticket} is marked resolved: reply "yes" if it works for you now, or tell us if it still fails.',
        "es": 'Resuelto: "{title}". {text} Su ticket #{ticket} queda resuelto: responda "sí" si ya le funciona, o díganos si sigue fallando.',
    },
    "incident.resolved.short": {
        "en": "Ticket #{ticket} resolved: {text} Works now? Reply YES, or tell us.",
        "es": "Ticket #{ticket} resuelto: {text} ¿Funciona? Responda SÍ, o díganos.",
    },
    "incident.subscribe_confirm": {
        "en": "Someone (we hope you) asked for email updates about {what}. To confirm, open this link: {link}\nIf it was not you, ignore this message.",
        "es": "Alguien (esperamos que usted) pidió recibir por correo las novedades sobre {what}. Para confirmarlo, abra este enlace: {link}\nSi no fue usted, ignore este mensaje.",
    },
    "incident.subscriber_update": {
        "en": 'Update on "{title}": {text}\nTo stop these emails: {link}',
        "es": 'Novedad sobre "{title}": {text}\nPara dejar de recibir estos correos: {link}',
    },
    "incident.subscriber_resolved": {
        "en": 'Resolved: "{title}". {text}\nTo stop these emails: {link}',
        "es": 'Resuelto: "{title}". {text}\nPara dejar de recibir estos correos: {link}',
    },
    # a subscriber on a chat channel or SMS (bot/incidents/fanout.py): no link, a word
    "incident.subscriber_update.chat": {
        "en": 'Update on "{title}": {text} (Write "unsubscribe" to stop these.)',
        "es": 'Novedad sobre "{title}": {text} (Escriba "ya no me avisen" para dejar de recibirlas.)',
    },
    "incident.subscriber_resolved.chat": {
        "en": 'Resolved: "{title}". {text} (Write "unsubscribe" to stop these.)',
        "es": 'Resuelto: "{title}". {text} (Escriba "ya no me avisen" para dejar de recibirlas.)',
    },
    # the plan's automatic update to a subscriber (bot/incidents/reminders.py): {text} is when
    "incident.subscriber_still_working": {
        "en": 'Still working on "{title}": nothing new yet; the next update will come by {text}.\nTo stop these emails: {link}',
        "es": 'Seguimos trabajando en "{title}": aún no hay novedades; la próxima llegará a más tardar: {text}.\nPara dejar de recibir estos correos: {link}',
    },
    "incident.subscriber_still_working.chat": {
        "en": 'Still working on "{title}". Next update by {text}. (Write "unsubscribe" to stop these.)',
        "es": 'Seguimos trabajando en "{title}". Próxima novedad: {text}. (Escriba "ya no me avisen" para dejar de recibirlas.)',
    },
    # asked on a channel (flows/dialogue/subscribe.py)
    "incident.subscribed": {
        "en": 'Done: every incident update about {what} will come to you here. Write "unsubscribe" to stop them.',
        "es": 'Hecho: recibirá aquí cada novedad de incidencias sobre {what}. Escriba "ya no me avisen" para dejar de recibirlas.',
    },
    "incident.subscribe_email_sent": {
        "en": "I've sent a confirmation link to {email}: once it is opened, updates about {what} will go there by email.",
        "es": "He enviado un enlace de confirmación a {email}: en cuanto se abra, las novedades sobre {what} llegarán allí por correo.",
    },
    "incident.subscribe_email_limited": {
        "en": "Too many confirmation links were asked for from here or for {email} lately, so I have not sent another. Please check that mailbox (and its spam folder), or ask again in {minutes} min.",
        "es": "Se han pedido demasiados enlaces de confirmación desde aquí o para {email} últimamente, así que no he enviado otro. Revise ese correo (también la carpeta de spam) o vuelva a pedirlo dentro de {minutes} min.",
    },
    "incident.subscribe_email_limited.short": {
        "en": "Too many confirmation links were asked for lately: none sent to {email}. Check that mailbox or ask again in {minutes} min.",
        "es": "Se han pedido demasiados enlaces de confirmación: no envié otro a {email}. Revise ese correo o vuelva a pedirlo en {minutes} min.",
    },
    "incident.unsubscribe_email": {
        "en": "To stop the emails, open the link at the foot of any of them.",
        "es": "Para dejar de recibir los correos, abra el enlace que figura al pie de cualquiera de ellos.",
    },
    "incident.unsubscribed": {
        "en": "Done: no more incident updates about {what} here.",
        "es": "Hecho: ya no recibirá aquí novedades de incidencias sobre {what}.",
    },
    "incident.unsubscribed_all": {
        "en": "Done: you will not get incident updates here any more.",
        "es": "Hecho: ya no recibirá aquí novedades de incidencias.",
    },
    "incident.subscribe_which": {
        "en": 'Which platform would you like updates about? Open incidents now: {what}. Write, for example, "subscribe to" and the platform.',
        "es": '¿Sobre qué plataforma quiere recibir novedades? Incidencias abiertas ahora: {what}. Escriba, por ejemplo, "avísenme de" y la plataforma.',
    },
    "incident.subscribe_none": {
        "en": 'There is no open incident right now. To hear about one platform, write "subscribe to" and its name, e.g. "subscribe to Teams Direct Routing".',
        "es": 'Ahora no hay ninguna incidencia abierta. Para recibir novedades de una plataforma, escriba "avísenme de" y su nombre, p. ej. "avísenme de Teams Direct Routing".',
    },
    "incident.child_muted": {
        "en": 'Done: no more updates about "{title}" here. We will still tell you when it is resolved, for ticket #{ticket}.',
        "es": 'Hecho: ya no recibirá aquí novedades sobre "{title}". Le avisaremos igualmente cuando se resuelva, por el ticket #{ticket}.',
    },
    "incident.child_updates_on": {
        "en": 'You will get every update about "{title}" here (your ticket #{ticket}).',
        "es": 'Recibirá aquí cada novedad sobre "{title}" (su ticket #{ticket}).',
    },
    # the plan's automatic update (bot/incidents/reminders.py)
    "incident.still_working": {
        "en": 'We are still working on "{title}" (your ticket #{ticket}). There is nothing new yet; the next update will come by {due}.',
        "es": 'Seguimos trabajando en "{title}" (su ticket #{ticket}). Aún no hay novedades; la próxima actualización llegará a más tardar: {due}.',
    },
    "incident.still_working.short": {
        "en": "Ticket #{ticket}: still working on it. Next update by {due}.",
        "es": "Ticket #{ticket}: seguimos en ello. Próxima novedad: {due}.",
    },
}
