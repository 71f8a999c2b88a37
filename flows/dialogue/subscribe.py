"""A customer asking, on any channel, for incident updates or for no more of them:
"subscribe", "notify me", "avísenme", "quiero recibir actualizaciones", "unsubscribe",
"ya no me avisen", with an optional platform ("all updates about Teams Direct Routing",
"avísenme de Teams Direct Routing").

`parse_subscription` is the pure reading of one message; `on_subscription` turns it into
what the dialogue says and asks the engine's listener to do (`Subscribe`,
bot/incidents/channel_subs.py): subscribe the customer's own address to a platform, or
end their subscriptions. A customer whose ticket is linked to an open incident already
hears every update: "unsubscribe" mutes those (the resolution still comes, with its
confirm/reopen question) and "subscribe" turns them back on. SMS STOP is not read here:
the SMS channel's opt-out wins over everything, and the outbox never texts an opted-out
number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from domain.text import fold
from domain.types import Conversation
from flows.dialogue.effects import Effect, Say, Subscribe, UpdateFields
from flows.dialogue.turn import TurnContext

QUIET_FIELD: Final = "incident_quiet"  # a child's updates muted (bot.incidents.fanout)

# folded, punctuation as spaces; the longest phrases first
_UNSUBSCRIBE: Final = (
    "ya no quiero recibir actualizaciones",
    "ya no quiero recibir mas actualizaciones",
    "no quiero recibir mas actualizaciones",
    "no quiero recibir actualizaciones",
    "no quiero mas actualizaciones",
    "ya no quiero actualizaciones",
    "cancelar la suscripcion",
    "cancelar suscripcion",
    "ya no me avisen",
    "ya no me avises",
    "no me avisen mas",
    "dejen de avisarme",
    "dejen de mandarme",
    "dejen de enviarme",
    "no me manden mas",
    "no me envien mas",
    "dejad de avisarme",
    "dejad de mandarme",
    "no me aviseis mas",
    "dadme de baja",
    "denme de baja",
    "darme de baja",
    "desuscribirme",
    "desuscribir",
    "i don t want updates",
    "i dont want updates",
    "i don t want any more updates",
    "remove me from the updates",
    "remove me from updates",
    "take me off the updates",
    "opt me out",
    "stop sending me updates",
    "stop sending me alerts",
    "stop sending me notifications",
    "stop the alerts",
    "stop the notifications",
    "stop notifying me",
    "stop the updates",
    "stop updates",
    "no more updates",
    "unsubscribe me",
    "unsubscribe",
)
_SUBSCRIBE: Final = (
    "quiero recibir actualizaciones",
    "quiero recibir las actualizaciones",
    "quiero actualizaciones",
    "quiero todas las actualizaciones",
    "quiero recibir todas las actualizaciones",
    "quiero suscribirme",
    "me quiero suscribir",
    "mantenganme al tanto",
    "tenganme al tanto",
    "mantenedme informado",
    "mantenedme informada",
    "avisadme",
    "informenme",
    "mantenganme informado",
    "mantenganme informada",
    "avisenme",
    "aviseme",
    "avisame",
    "notifiquenme",
    "notificame",
    "suscribirme",
    "suscribeme",
    "sign me up for updates",
    "sign me up",
    "i d like updates",
    "i would like updates",
    "i want to subscribe",
    "i d like to subscribe",
    "i would like to subscribe",
    "add me to the updates",
    "keep me in the loop",
    "keep me informed",
    "keep me updated",
    "keep me posted",
    "send me all updates",
    "send me updates",
    "i want all updates",
    "i want updates",
    "notify me",
    "subscribe me",
    "subscribe",
)
_POLITE: Final = ("please", "por favor", "hi", "hello", "hola", "ok", "yes", "si")
# words between the request and the platform's name ("notify me of all updates about X")
_LINKS: Final = frozenset(
    "to from about on of for all the any updates update news sobre de del la las el los a al "
    "acerca para todas todos actualizaciones actualizacion novedades con avisos aviso "
    "notificaciones notifications alerts mensajes messages".split()
)
_MAX_PLATFORM_WORDS: Final = 6
# words after the request that add nothing ("... anymore, thanks")
_TAIL: Final = frozenset("please favor por gracias thanks anymore again".split())
MAINTENANCE: Final = "maintenance"  # the platform whose subscribers hear of every window
# what customers call maintenance windows, folded: all one platform (bot.maintenance)
_MAINTENANCE_NAMES: Final = frozenset(
    {
        "maintenance",
        "maintenances",
        "maintenance windows",
        "maintenance window",
        "maintenance notices",
        "scheduled maintenance",
        "mantenimiento",
        "mantenimientos",
        "mantenimiento programado",
        "mantenimientos programados",
        "ventanas de mantenimiento",
        "avisos de mantenimiento",
    }
)


_EMAIL: Final = re.compile(r"[^@\s<>\"',;:()\[\]]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
# words that tie an address to the request ("at", "a", "por correo a"), read backwards from it
_EMAIL_LINKS: Final = frozenset(
    "at to on via by email e mail my the address a al en por correo mi el direccion "
    "electronico electronica".split()
)


@dataclass(frozen=True, slots=True)
class SubscriptionAsk:
    subscribe: bool  # False: unsubscribe
    platform: str = ""  # folded words of the platform named, "" when none
    name: str = field(default="", compare=False)  # the platform as the customer wrote it
    email: str = ""  # an address to mail the updates to ("subscribe me at ana@x.com")


def _without_email(text: str) -> tuple[str, str]:
    """(the text without the email address it names and the words tying it in, the address)."""
    # every address has its "@": a text without one is not searched (the pattern tries
    # each position's run of characters for one, backtracking, and most texts have none)
    found = _EMAIL.search(text) if "@" in text else None
    if found is None:
        return text, ""
    email = found.group(0).rstrip(".")
    before = text[: found.start()].split()
    while before and " ".join(_words(before[-1])) in _EMAIL_LINKS:
        before.pop()
    return " ".join([*before, text[found.end() :]]), email


# the phrases as words, split once (every message a chat's first turn reads is parsed)
_POLITE_WORDS: Final = tuple(p.split() for p in _POLITE)
_ASKS: Final = (
    (False, tuple(p.split() for p in _UNSUBSCRIBE)),
    (True, tuple(p.split() for p in _SUBSCRIBE)),
)


def _by_first_word() -> dict[str, list[tuple[bool, list[str]]]]:
    """The phrases by their first word, unsubscribing ones first (the longest first in
    each), so a message opening with "I" or "no" is compared with the few that open so."""
    phrases: dict[str, list[tuple[bool, list[str]]]] = {}
    for subscribe, asks in _ASKS:
        for wanted in asks:
            phrases.setdefault(wanted[0], []).append((subscribe, wanted))
    return phrases


_BY_FIRST_WORD: Final = _by_first_word()
_FIRST_WORDS: Final = frozenset(_BY_FIRST_WORD)
_POLITE_VOCABULARY: Final = frozenset(word for words in _POLITE_WORDS for word in words)
_WORD: Final = re.compile(r"[^\W_]+")  # a run of characters for which str.isalnum() holds


def _words(text: str) -> list[str]:
    """The folded text's words: its runs of letters and digits."""
    return _WORD.findall(fold(text))


def parse_subscription(text: str) -> SubscriptionAsk | None:
    """The request, when the message is one (it starts with it, after a greeting or a
    "please"); None for anything else, so "notify me when my ticket is fixed" is not. An
    email address in it ("avísenme a ana@x.com") is where the updates are to go."""
    rest, email = _without_email(text)
    asked = _parse(rest)
    return replace(asked, email=email) if asked is not None and email else asked


def _may_ask(folded: str) -> bool:
    """Whether `_parse` can find a request in the folded text: its first word after the
    polite ones must start a phrase. Read word by word, so most messages (whose first word
    starts none) are not split whole."""
    for found in _WORD.finditer(folded):
        word = found.group(0)
        if word in _FIRST_WORDS:
            return True
        if word not in _POLITE_VOCABULARY:
            return False
    return False


def _parse(text: str) -> SubscriptionAsk | None:
    folded = fold(text)
    if not _may_ask(folded):
        return None
    words = _WORD.findall(folded)
    while polite := next((p for p in _POLITE_WORDS if words[: len(p)] == p), None):
        words = words[len(polite) :]
    if not words or words[0] not in _FIRST_WORDS:
        return None  # most messages: no phrase starts with their first word
    for subscribe, wanted in _BY_FIRST_WORD[words[0]]:
        if words[: len(wanted)] != wanted:
            continue
        rest = words[len(wanted) :]
        tail = 0  # words of thanks or "please" after the platform
        while rest and rest[-1] in _TAIL:
            rest, tail = rest[:-1], tail + 1
        if not rest:
            return SubscriptionAsk(subscribe)
        if rest[0] not in _LINKS:
            return None  # "notify me when...": something else
        while rest and rest[0] in _LINKS:
            rest = rest[1:]
        if not rest or len(rest) > _MAX_PLATFORM_WORDS:
            return SubscriptionAsk(subscribe) if not rest else None
        typed = "".join(c if c.isalnum() else " " for c in text).split()
        end = len(typed) - tail
        name = " ".join(typed[end - len(rest) : end]) if end >= len(rest) else ""
        return SubscriptionAsk(subscribe, " ".join(rest), name or " ".join(rest))
    return None


def platform_key(name: str) -> str:
    """How platforms are compared and stored: folded words ("Teams Direct-Routing" and
    "teams direct routing" are one platform); "mantenimiento" is "maintenance"."""
    key = " ".join(_words(name))
    return MAINTENANCE if key in _MAINTENANCE_NAMES else key


def on_subscription(conv: Conversation, ask: SubscriptionAsk, ctx: TurnContext) -> list[Effect]:
    """What to say and do for `ask` from this conversation's customer."""
    if ask.email:
        return _by_email(conv, ask, ctx)
    linked = _linked(conv, ctx)
    if not ask.platform:
        if linked is not None and conv.ticket_number is not None:
            quiet = "1" if not ask.subscribe else ""
            return [
                UpdateFields(conv.ticket_number, {QUIET_FIELD: quiet}),
                Say(
                    "incident.child_updates_on" if ask.subscribe else "incident.child_muted",
                    {"title": linked, "ticket": conv.ticket_number},
                ),
            ]
        if not ask.subscribe:
            return [Subscribe(subscribe=False), Say("incident.unsubscribed_all")]
        platforms = sorted({i.service for i in ctx.incidents if i.is_open and i.service})
        if not platforms:
            return [Say("incident.subscribe_none")]
        return [Say("incident.subscribe_which", {"what": ", ".join(platforms)})]
    known = {platform_key(i.service): i.service for i in ctx.incidents if i.service}
    name = known.get(ask.platform, ask.name or ask.platform)
    if platform_key(name) == MAINTENANCE:
        said = "maintenance.subscribed" if ask.subscribe else "maintenance.unsubscribed"
        return [Subscribe(subscribe=ask.subscribe, platform=MAINTENANCE), Say(said)]
    return [
        Subscribe(subscribe=ask.subscribe, platform=platform_key(name)),
        Say(
            "incident.subscribed" if ask.subscribe else "incident.unsubscribed",
            {"what": name},
        ),
    ]


def _by_email(conv: Conversation, ask: SubscriptionAsk, ctx: TurnContext) -> list[Effect]:
    """Updates by email, asked on a channel: the address gets a confirmation link (like
    the status page's form: nobody subscribes someone else's mailbox); an unsubscription
    is the link at the foot of every such email."""
    if not ask.subscribe:
        return [Say("incident.unsubscribe_email")]
    if ask.platform:
        known = {platform_key(i.service): i.service for i in ctx.incidents if i.service}
        name = known.get(ask.platform, ask.name or ask.platform)
        return [
            # as staff (or the customer) spelled it: the mail and the page name it so
            Subscribe(subscribe=True, platform=name, email=ask.email),
            Say("incident.subscribe_email_sent", {"email": ask.email, "what": name}),
        ]
    incident_id = conv.assessment.get("incident")
    found = next((i for i in ctx.incidents if i.id == incident_id and i.is_open), None)
    if found is not None:
        return [
            Subscribe(subscribe=True, email=ask.email, incident=found.id),
            Say("incident.subscribe_email_sent", {"email": ask.email, "what": found.title}),
        ]
    platforms = sorted({i.service for i in ctx.incidents if i.is_open and i.service})
    if not platforms:
        return [Say("incident.subscribe_none")]
    return [Say("incident.subscribe_which", {"what": ", ".join(platforms)})]


def _linked(conv: Conversation, ctx: TurnContext) -> str | None:
    """The title of the open incident this conversation's ticket is a child of."""
    incident_id = conv.assessment.get("incident")
    if incident_id is None:
        return None
    found = next((i for i in ctx.incidents if i.id == incident_id and i.is_open), None)
    return found.title if found is not None else None
