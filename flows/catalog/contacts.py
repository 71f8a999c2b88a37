"""The authorized contacts sentences (bot/contacts/): what a customer whose change
request waits for their account's MPOC hears, the approval request an MPOC receives by
email, and the approval page it links to."""

from __future__ import annotations

from typing import Final

CONTACT_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "contacts.awaiting_approval": {
        "en": "{provider} works change requests (MACD) only with the approval of the account's "
        "authorised contact (MPOC). We have emailed the authorised contact of account {account} "
        "to ask for it; work on ticket #{ticket} starts as soon as they approve, and we will tell "
        "you here.",
        "es": "{provider} solo tramita las solicitudes de cambio (MACD) con la aprobación del "
        "contacto autorizado (MPOC) de la cuenta. Hemos escrito al contacto autorizado de la "
        "cuenta {account} para pedírsela; el trabajo en el ticket #{ticket} empezará en cuanto la "
        "dé, y se lo diremos por aquí.",
    },
    "contacts.awaiting_approval.short": {
        "en": "Ticket #{ticket} awaits approval from account {account}'s authorised contact (MPOC); we emailed them.",
        "es": "El ticket #{ticket} espera la aprobación del contacto autorizado (MPOC) de la cuenta {account}; le escribimos.",
    },
    "contacts.awaiting_approval.none": {
        "en": "{provider} works change requests (MACD) only with the approval of the account's "
        "authorised contact (MPOC). Ticket #{ticket} awaits that approval: our team will confirm "
        "the request with your organisation's authorised contact before work starts, and we will "
        "tell you here.",
        "es": "{provider} solo tramita las solicitudes de cambio (MACD) con la aprobación del "
        "contacto autorizado (MPOC) de la cuenta. El ticket #{ticket} espera esa aprobación: "
        "nuestro equipo confirmará la solicitud con el contacto autorizado de su organización "
        "antes de empezar, y se lo diremos por aquí.",
    },
    "contacts.awaiting_approval.none.short": {
        "en": "Ticket #{ticket} awaits approval from your account's authorised contact (MPOC).",
        "es": "El ticket #{ticket} espera la aprobación del contacto autorizado (MPOC) de su cuenta.",
    },
    "contacts.approved": {
        "en": "Good news: your account's authorised contact approved the change request on "
        "ticket #{ticket}. Our team will now work on it.",
        "es": "Buenas noticias: el contacto autorizado de su cuenta aprobó la solicitud de cambio "
        "del ticket #{ticket}. Nuestro equipo se pondrá a trabajar en ella.",
    },
    "contacts.approved.short": {
        "en": "Ticket #{ticket}: your MPOC approved the change; we are on it.",
        "es": "Ticket #{ticket}: su MPOC aprobó el cambio; nos ponemos con ello.",
    },
    "contacts.denied": {
        "en": "We are sorry: your account's authorised contact did not approve the change "
        "request on ticket #{ticket}, so we will not make the change. If you think this is a "
        "mistake, please speak with your organisation's main point of contact, who can reach us "
        "at any time.",
        "es": "Lo sentimos: el contacto autorizado de su cuenta no aprobó la solicitud de cambio "
        "del ticket #{ticket}, así que no haremos el cambio. Si cree que es un error, hable con "
        "el contacto principal de su organización, que puede escribirnos en cualquier momento.",
    },
    "contacts.denied.short": {
        "en": "Ticket #{ticket}: your MPOC did not approve the change, so we won't make it. Sorry.",
        "es": "Ticket #{ticket}: su MPOC no aprobó el cambio, así que no lo haremos. Lo sentimos.",
    },
    "contacts.request.subject": {
        "en": "Approval needed: change request on account {account} (ticket {ticket})",
        "es": "Aprobación necesaria: solicitud de cambio en la cuenta {account} (ticket {ticket})",
    },
    "contacts.request": {
        "en": "Hello {name},\n\n{requester} asked {provider} support for a change on account "
        "{account} (ticket {ticket}):\n\n{summary}\n\nThey are not on the account's list of "
        "authorised contacts, and {provider} works change requests (MACD) only with the approval "
        "of the account's main points of contact. Please approve or deny the request here:\n\n"
        "{link}\n\nThe link is good until {until}. If you do not recognise this request, deny it.",
        "es": "Hola, {name}:\n\n{requester} pidió al soporte de {provider} un cambio en la cuenta "
        "{account} (ticket {ticket}):\n\n{summary}\n\nNo figura en la lista de contactos "
        "autorizados de la cuenta, y {provider} solo tramita las solicitudes de cambio (MACD) con "
        "la aprobación de los contactos principales de la cuenta. Apruebe o rechace la solicitud "
        "aquí:\n\n{link}\n\nEl enlace es válido hasta {until}. Si no reconoce esta solicitud, "
        "recházela.",
    },
    "contacts.page.question": {
        "en": "{requester} asked for this change on account {account} (ticket {ticket}). Do you approve it?",
        "es": "{requester} pidió este cambio en la cuenta {account} (ticket {ticket}). ¿Lo aprueba?",
    },
    "contacts.page.approve": {"en": "Approve", "es": "Aprobar"},
    "contacts.page.deny": {"en": "Deny", "es": "Rechazar"},
    "contacts.page.approved": {
        "en": "Thank you: the request is approved. Our team will work on it and keep the requester informed.",
        "es": "Gracias: la solicitud queda aprobada. Nuestro equipo se pondrá con ella e informará a quien la pidió.",
    },
    "contacts.page.denied": {
        "en": "Thank you: the request is denied, and we have told the person who asked.",
        "es": "Gracias: la solicitud queda rechazada y se lo hemos dicho a quien la pidió.",
    },
    "contacts.page.already_approved": {
        "en": "This request was already approved; nothing else is needed.",
        "es": "Esta solicitud ya fue aprobada; no hace falta nada más.",
    },
    "contacts.page.already_denied": {
        "en": "This request was already denied; nothing else is needed.",
        "es": "Esta solicitud ya fue rechazada; no hace falta nada más.",
    },
    "contacts.page.invalid": {
        "en": "This link has expired or is not valid. If you still need to approve a request, "
        "please contact {provider} support.",
        "es": "Este enlace ha caducado o no es válido. Si aún necesita aprobar una solicitud, "
        "contacte con el soporte de {provider}.",
    },
}
