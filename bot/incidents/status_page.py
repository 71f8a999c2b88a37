"""The public status page: `GET /status` (HTML, en/es), `GET /status.json` and
`GET /status.atom`. No token: it is what customers are sent to. It shows open incidents
with their updates and the ones resolved lately, never children, subscribers or tickets.
The HTML loads nothing from elsewhere (machines may have no internet) and is laid out
for a phone first."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Final
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.incidents.request_limits import RateLimited, minutes
from bot.incidents.subscriptions import BadToken, Subscriptions
from bot.maintenance import page as maintenance_page
from bot.plan.policy import Policy
from bot.store.incidents import Incidents
from domain.incident import Incident, IncidentStatus, is_phone_prefix
from domain.maintenance import MaintenanceWindow

RECENT: Final = timedelta(days=7)  # resolved incidents shown this long after
LISTED: Final = 50
ATOM_NS: Final = "http://www.w3.org/2005/Atom"

WORDS: Final[dict[str, dict[str, str]]] = {
    "title": {"en": "{provider} service status", "es": "Estado del servicio de {provider}"},
    "all_ok": {
        "en": "All systems are working normally.",
        "es": "Todos los sistemas funcionan con normalidad.",
    },
    "open": {"en": "Current incidents", "es": "Incidencias en curso"},
    "resolved": {"en": "Recently resolved", "es": "Resueltas recientemente"},
    "since": {"en": "Since {at}", "es": "Desde {at}"},
    "where": {"en": "Where: {places}", "es": "Dónde: {places}"},
    "resolved_at": {"en": "Resolved {at}", "es": "Resuelta el {at}"},
    "updated": {"en": "Updated {at}", "es": "Actualizado {at}"},
    "feed": {"en": "Subscribe to the feed", "es": "Suscribirse al canal"},
    "other_lang": {"en": "En español", "es": "In English"},
    "email_label": {"en": "Email me updates", "es": "Recibir novedades por correo"},
    "this_one": {"en": "This incident", "es": "Esta incidencia"},
    "platform": {"en": "Everything about {service}", "es": "Todo sobre {service}"},
    "send": {"en": "Subscribe", "es": "Suscribirme"},
    "check_mail": {
        "en": "Check your mailbox: open the link we sent to confirm.",
        "es": "Revise su correo: abra el enlace que le enviamos para confirmar.",
    },
    "bad_request": {
        "en": "That did not work: {reason}.",
        "es": "No ha funcionado: {reason}.",
    },
    "confirmed": {
        "en": "Subscribed: you will get email updates about {what}.",
        "es": "Suscripción hecha: recibirá por correo las novedades sobre {what}.",
    },
    "unsubscribed": {
        "en": "Unsubscribed: no more email about {what}.",
        "es": "Suscripción anulada: no recibirá más correos sobre {what}.",
    },
    "too_many": {
        "en": "We have already sent several confirmation links from here or to that address. Please check your mailbox (and its spam folder), or try again in {minutes} min.",
        "es": "Ya hemos enviado varios enlaces de confirmación desde aquí o a esa dirección. Revise su correo (también la carpeta de spam) o vuelva a intentarlo dentro de {minutes} min.",
    },
    "bad_link": {
        "en": "This link is not valid (it may be from an older message).",
        "es": "Este enlace no es válido (quizá sea de un mensaje antiguo).",
    },
    "back": {"en": "Back to the status page", "es": "Volver a la página de estado"},
    "investigating": {"en": "Investigating", "es": "Investigando"},
    "identified": {"en": "Identified", "es": "Identificada"},
    "monitoring": {"en": "Monitoring", "es": "En observación"},
    "resolved_status": {"en": "Resolved", "es": "Resuelta"},
}

_CSS: Final = """
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;
background:#f6f7f9}main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.ok{background:#e6f4ea;border-left:.3rem solid #1e8e3e;padding:.8rem;border-radius:.3rem}
article{background:#fff;border-radius:.4rem;padding:.8rem 1rem;margin:.6rem 0;
box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-wrap:anywhere}
h3{font-size:1rem;margin:0 0 .3rem}.badge{display:inline-block;font-size:.8rem;
padding:.05rem .5rem;border-radius:1rem;background:#fde7e9;color:#a50e0e}
.badge.monitoring,.badge.identified{background:#fef7e0;color:#8a5a00}
.badge.resolved{background:#e6f4ea;color:#1e6b32}.meta{color:#5f6368;font-size:.85rem}
ol{list-style:none;padding:0;margin:.5rem 0 0}li{border-top:1px solid #eceff1;padding:.4rem 0}
nav{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;margin-top:1.5rem}
a{color:#1a56c4}form{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.6rem;font-size:.9rem}
label{display:flex;flex-direction:column;flex:1 1 12rem}input,select,button{font:inherit;
padding:.35rem;max-width:100%;box-sizing:border-box}button{align-self:flex-end}
"""


def page_language(request: Request) -> str:
    """?lang= first, then the first of en/es the browser asks for, else English."""
    asked = request.query_params.get("lang", "").lower()
    if asked in ("en", "es"):
        return asked
    ranked: list[tuple[float, str]] = []
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((q, tag.split("-")[0].lower()))
    for _q, tag in sorted(ranked, key=lambda r: -r[0]):
        if tag in ("en", "es"):
            return tag
    return "en"


class StatusPage:
    def __init__(
        self,
        *,
        store: Incidents,
        policy: Policy,
        clock: Callable[[], datetime],
        format_time: Callable[[datetime, str], str],
        base_url: str,
        subscriptions: Subscriptions | None = None,
    ) -> None:
        self.subscriptions = subscriptions
        self.store = store
        self.policy = policy
        self.clock = clock
        self.format_time = format_time
        self.base_url = base_url.rstrip("/")
        # the maintenance windows to come (bot.maintenance, set by bot.app)
        self.maintenance: Callable[[], Awaitable[list[MaintenanceWindow]]] | None = None

    async def windows(self) -> list[MaintenanceWindow]:
        found = await self.maintenance() if self.maintenance is not None else []
        return maintenance_page.shown(found, self.clock())

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/status", self.html, methods=["GET"]),
            Route("/status.json", self.json, methods=["GET"]),
            Route("/status.atom", self.atom, methods=["GET"]),
            Route("/status/subscribe", self.subscribe, methods=["POST"]),
            Route("/status/confirm", self.follow_link, methods=["GET"]),
            Route("/status/unsubscribe", self.follow_link, methods=["GET"]),
        ]

    async def shown(self) -> tuple[list[Incident], list[Incident]]:
        """(open, resolved lately), newest first."""
        now = self.clock()
        listed = await self.store.list_incidents(limit=LISTED)
        open_ = [i for i in listed if i.is_open]
        recent = [
            i for i in listed if not i.is_open and i.resolved_at and now - i.resolved_at <= RECENT
        ]
        return open_, recent

    # JSON

    async def json(self, request: Request) -> Response:
        open_, recent = await self.shown()
        return JSONResponse(
            {
                "provider": self.policy.plan.provider,
                "generated_at": self.clock().isoformat(),
                "open": [public_json(i) for i in open_],
                "resolved": [public_json(i) for i in recent],
                "maintenance": [
                    maintenance_page.public_json(w, self.clock()) for w in await self.windows()
                ],
            },
            headers={"Cache-Control": "no-cache"},
        )

    # HTML

    async def html(self, request: Request) -> Response:
        lang = page_language(request)
        open_, recent = await self.shown()
        w = {k: v[lang] for k, v in WORDS.items()}
        title = w["title"].format(provider=self.policy.plan.provider)
        parts = [
            "<!doctype html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>{_e(title)}</title>",
            '<link rel="alternate" type="application/atom+xml" href="/status.atom">',
            f"<style>{_CSS}{maintenance_page.CSS}</style></head><body><main>",
            f"<h1>{_e(title)}</h1>",
        ]
        windows = await self.windows()
        now = self.clock()
        if not open_ and not any(m.running(now) for m in windows):
            parts.append(f'<p class="ok">{_e(w["all_ok"])}</p>')
        elif open_:
            parts.append(f"<h2>{_e(w['open'])}</h2>")
            parts.extend(self._article(i, lang) for i in open_)
        if recent:
            parts.append(f"<h2>{_e(w['resolved'])}</h2>")
            parts.extend(self._article(i, lang) for i in recent)
        subscribing = self.subscriptions is not None
        parts.append(
            maintenance_page.section(windows, now, lang, self.format_time, form=subscribing)
        )
        other = "es" if lang == "en" else "en"
        parts.append(
            f'<nav><a href="/status.atom">{_e(w["feed"])}</a>'
            f'<a href="/status?lang={other}" hreflang="{other}">{_e(w["other_lang"])}</a></nav>'
        )
        parts.append("</main></body></html>")
        return HTMLResponse(
            "".join(parts),
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Content-Language": lang,
                "Cache-Control": "no-cache",
                "Vary": "Accept-Language",
            },
        )

    def _article(self, incident: Incident, lang: str) -> str:
        w = {k: v[lang] for k, v in WORDS.items()}
        status = incident.status.value
        label = w["resolved_status" if incident.status is IncidentStatus.RESOLVED else status]
        when = (
            w["resolved_at"].format(at=self.format_time(incident.resolved_at, lang))
            if incident.resolved_at
            else w["since"].format(at=self.format_time(incident.created_at, lang))
        )
        places = public_places(incident)
        updates = "".join(
            f'<li><span class="meta">{_e(self.format_time(u.at, lang))}</span><br>'
            f"{_e(u.text_in(lang))}</li>"
            for u in reversed(incident.updates)
        )
        return (
            f'<article id="incident-{incident.id}"><h3>{_e(incident.title)} '
            f'<span class="badge {status}">{_e(label)}</span></h3>'
            f"<p>{_e(incident.summary_in(lang))}</p>"
            + (
                f'<p class="meta">{_e(w["where"].format(places=", ".join(places)))}</p>'
                if places
                else ""
            )
            + f'<p class="meta">{_e(when)}</p>'
            + (f"<ol>{updates}</ol>" if updates else "")
            + (self._form(incident, lang) if incident.is_open else "")
            + "</article>"
        )

    def _form(self, incident: Incident, lang: str) -> str:
        if self.subscriptions is None:
            return ""
        w = {k: v[lang] for k, v in WORDS.items()}
        choices = f'<option value="incident:{incident.id}">{_e(w["this_one"])}</option>'
        if incident.service:
            label = w["platform"].format(service=incident.service)
            choices += f'<option value="platform:{_e(incident.service)}">{_e(label)}</option>'
        return (
            f'<form method="post" action="/status/subscribe"><label>{_e(w["email_label"])}'
            f'<input type="email" name="email" required autocomplete="email"></label>'
            f'<select name="what">{choices}</select><input type="hidden" name="lang" '
            f'value="{lang}"><button>{_e(w["send"])}</button></form>'
        )

    # subscriptions

    async def subscribe(self, request: Request) -> Response:
        form = await request.form()
        lang = str(form.get("lang", "")) or page_language(request)
        lang = lang if lang in ("en", "es") else "en"
        if self.subscriptions is None:
            return self._note(lang, "bad_link", status=404)
        kind, _, value = str(form.get("what", "")).partition(":")
        try:
            await self.subscriptions.request(
                str(form.get("email", "")),
                lang=lang,
                incident=int(value) if kind == "incident" and value.isdigit() else 0,
                platform=value if kind == "platform" else "",
                client=request.client.host if request.client else "",
            )
        except RateLimited as exc:
            response = self._note(
                lang, "too_many", status=429, minutes=str(minutes(exc.retry_after))
            )
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except ValueError as exc:
            return self._note(lang, "bad_request", status=400, reason=str(exc))
        return self._note(lang, "check_mail", status=202)

    async def follow_link(self, request: Request) -> Response:
        lang = page_language(request)
        if self.subscriptions is None:
            return self._note(lang, "bad_link", status=404)
        action = request.url.path.rsplit("/", 1)[-1]
        try:
            token = request.query_params.get("t", "")
            asked = request.query_params.get("lang", "")  # the subscription form's language
            what = await self.subscriptions.apply(token, expected=action, lang=asked)
        except BadToken:
            return self._note(lang, "bad_link", status=400)
        return self._note(lang, "confirmed" if action == "confirm" else "unsubscribed", what=what)

    def _note(self, lang: str, key: str, *, status: int = 200, **params: str) -> Response:
        w = {k: v[lang] for k, v in WORDS.items()}
        title = w["title"].format(provider=self.policy.plan.provider)
        body = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
            f"<h1>{_e(title)}</h1><p>{_e(w[key].format(**params))}</p>"
            f'<nav><a href="/status?lang={lang}">{_e(w["back"])}</a></nav></main></body></html>'
        )
        return HTMLResponse(
            body,
            status_code=status,
            headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
        )

    # Atom

    async def atom(self, request: Request) -> Response:
        open_, recent = await self.shown()
        ET.register_namespace("", ATOM_NS)
        feed = ET.Element(f"{{{ATOM_NS}}}feed")
        title = WORDS["title"]["en"].format(provider=self.policy.plan.provider)
        _sub(feed, "id", f"{self.base_url}/status")
        _sub(feed, "title", title)
        entries = []  # (updated, id fragment, title, text, link fragment)
        for incident in (*open_, *recent):
            title = f"{incident.title} ({incident.status.value})"
            link = f"incident-{incident.id}"
            for u in incident.updates or ():
                entries.append((u.at, f"{link}-{u.seq}", title, u.text, link))
            entries.append(
                (incident.created_at, f"{link}-0", title, incident.summary_in("en"), link)
            )
        for at, fragment, title, text in maintenance_page.atom_entries(
            await self.windows(), self.clock()
        ):
            entries.append((at, fragment, title, text, fragment))
        entries.sort(key=lambda e: e[0], reverse=True)
        updated = entries[0][0] if entries else self.clock()
        _sub(feed, "updated", _rfc3339(updated))
        author = _sub(feed, "author")
        _sub(author, "name", self.policy.plan.provider)
        ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=f"{self.base_url}/status.atom")
        ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", href=f"{self.base_url}/status")
        for at, fragment, title, text, link in entries:
            entry = _sub(feed, "entry")
            _sub(entry, "id", f"{self.base_url}/status#{fragment}")
            _sub(entry, "title", title)
            _sub(entry, "updated", _rfc3339(at))
            ET.SubElement(
                entry, f"{{{ATOM_NS}}}link", rel="alternate", href=f"{self.base_url}/status#{link}"
            )
            content = _sub(entry, "content", text)
            content.set("type", "text")
        body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return Response(body, media_type="application/atom+xml; charset=utf-8")


def public_json(incident: Incident) -> dict[str, Any]:
    """What anyone may read: no tickets, children or subscribers."""
    return {
        "id": incident.id,
        "title": incident.title,
        "summary": dict(incident.summary),
        "service": incident.service,
        "regions": public_places(incident),
        "status": incident.status.value,
        "created_at": incident.created_at.isoformat(),
        "updated_at": incident.updated_at.isoformat() if incident.updated_at else None,
        "resolved_at": incident.resolved_at.isoformat() if incident.resolved_at else None,
        "updates": [
            {"at": u.at.isoformat(), "status": u.status.value, "text": u.text, "text_es": u.text_es}
            for u in incident.updates
        ],
    }


def public_places(incident: Incident) -> list[str]:
    """Where an incident is, as the public reads it: the places of its regions (the number
    prefixes are how the bot matches, not what a customer looks for)."""
    return [r for r in incident.match.regions if not is_phone_prefix(r)]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _rfc3339(at: datetime) -> str:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")
