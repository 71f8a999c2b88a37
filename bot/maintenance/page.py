"""Maintenance on the public status page (`bot.incidents.status_page`): a section of the
HTML (en/es) with a form to get every maintenance notice by email, the `maintenance`
list of /status.json (under way and scheduled, "status" says which) and Atom entries
for the windows already announced. Nothing private: no subscribers."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

from bot.maintenance.notices import EVERYTHING
from domain.maintenance import MaintenanceWindow

SHOWN_AHEAD: Final = timedelta(days=31)  # the page lists the windows of the next month

WORDS: Final[dict[str, dict[str, str]]] = {
    "heading": {"en": "Scheduled maintenance", "es": "Mantenimiento programado"},
    "running": {"en": "Under way", "es": "En curso"},
    "scheduled": {"en": "Scheduled", "es": "Programado"},
    "when": {"en": "{starts} to {ends}", "es": "Del {starts} al {ends}"},
    "affects": {"en": "Affects: {products}", "es": "Afecta a: {products}"},
    "why": {"en": "Why: {reason}", "es": "Motivo: {reason}"},
    "email_label": {
        "en": "Email me maintenance notices",
        "es": "Recibir los avisos de mantenimiento por correo",
    },
    "send": {"en": "Subscribe", "es": "Suscribirme"},
}

CSS: Final = (
    ".badge.maintenance{background:#e8f0fe;color:#174ea6}"
    ".badge.running{background:#fef7e0;color:#8a5a00}"
)


def shown(windows: list[MaintenanceWindow], now: datetime) -> list[MaintenanceWindow]:
    """Under way, or starting within a month; never a window called off."""
    return [
        w
        for w in windows
        if not w.cancelled and w.ends_at > now and w.starts_at < now + SHOWN_AHEAD
    ]


def public_json(window: MaintenanceWindow, now: datetime) -> dict[str, Any]:
    return {
        "id": window.id,
        "status": "in_progress" if window.running(now) else "scheduled",
        "title": dict(window.title),
        "summary": dict(window.summary),
        "reason": dict(window.reason),
        "products": list(window.products),
        "services": list(window.services),
        "starts_at": window.starts_at.isoformat(),
        "ends_at": window.ends_at.isoformat(),
    }


def section(
    windows: list[MaintenanceWindow],
    now: datetime,
    lang: str,
    format_time: Callable[[datetime, str], str],
    *,
    form: bool,
) -> str:
    """The page's maintenance section, or "" with nothing to show."""
    if not windows:
        return ""
    w = {k: v[lang] for k, v in WORDS.items()}
    parts = [f"<h2>{_e(w['heading'])}</h2>"]
    for window in windows:
        running = window.running(now)
        badge = f'<span class="badge {"running" if running else "maintenance"}">'
        badge += _e(w["running" if running else "scheduled"]) + "</span>"
        when = w["when"].format(
            starts=format_time(window.starts_at, lang), ends=format_time(window.ends_at, lang)
        )
        lines = [f'<p class="meta">{_e(when)}</p>', f"<p>{_e(window.text('summary', lang))}</p>"]
        if window.products:
            lines.append(f"<p>{_e(w['affects'].format(products=', '.join(window.products)))}</p>")
        if window.reason:
            lines.append(
                f'<p class="meta">{_e(w["why"].format(reason=window.text("reason", lang)))}</p>'
            )
        parts.append(
            f'<article id="maintenance-{_e(window.id)}"><h3>{_e(window.text("title", lang))} '
            f"{badge}</h3>{''.join(lines)}</article>"
        )
    if form:
        parts.append(
            f'<form method="post" action="/status/subscribe"><label>{_e(w["email_label"])}'
            '<input type="email" name="email" required autocomplete="email"></label>'
            f'<input type="hidden" name="what" value="platform:{EVERYTHING}">'
            f'<input type="hidden" name="lang" value="{lang}"><button>{_e(w["send"])}</button></form>'
        )
    return "".join(parts)


def atom_entries(
    windows: list[MaintenanceWindow], now: datetime
) -> list[tuple[datetime, str, str, str]]:
    """(updated, id fragment, title, text) of each window already announced: the feed
    tells of a window when its subscribers are told."""
    out = []
    for window in windows:
        schedule = window.schedule()
        announced = window.created_at or (schedule[0][1] if schedule else window.starts_at)
        if announced > now and not window.running(now):
            continue
        title = f"{window.text('title', 'en')} ({window.starts_at.isoformat(timespec='minutes')})"
        text = window.text("summary", "en")
        if window.products:
            text += " Affects: " + ", ".join(window.products) + "."
        out.append((min(announced, now), f"maintenance-{window.id}", title, text))
    return out


def _e(text: str) -> str:
    return html.escape(text, quote=True)
