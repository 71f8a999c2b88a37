"""Words the bot puts inside its sentences: the summary's labels, ticket statuses and
duration units, in English and Spanish. Merged into `flows.catalog.messages.MESSAGES`."""

from __future__ import annotations

from typing import Final

LABEL_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "summary.priority": {
        "en": "Priority",
        "es": "Prioridad",
    },
    "summary.skipped": {
        "en": "(skipped)",
        "es": "(omitido)",
    },
    "status.new": {"en": "new", "es": "nuevo caso"},
    "status.in_progress": {"en": "in progress", "es": "en curso"},
    "status.duplicate": {"en": "duplicate", "es": "duplicado"},
    "status.on_hold": {"en": "on hold", "es": "en espera"},
    "status.shipping": {"en": "shipping", "es": "envío"},
    "status.resolved_pending_confirmation": {
        "en": "resolved, waiting for your confirmation",
        "es": "resuelto, pendiente de su confirmación",
    },
    "status.customer_reopened": {"en": "reopened", "es": "reabierto por el cliente"},
    "status.closed_no_response": {"en": "closed (no response)", "es": "cerrado sin respuesta"},
    "status.closed": {"en": "closed", "es": "cerrado"},
    "unit.minute": {"en": "{n} minute", "es": "{n} minuto"},
    "unit.minutes": {"en": "{n} minutes", "es": "{n} minutos"},
    "unit.hour": {"en": "{n} hour", "es": "{n} hora"},
    "unit.hours": {"en": "{n} hours", "es": "{n} horas"},
    "unit.business_day": {"en": "{n} business day", "es": "{n} día laborable"},
    "unit.business_days": {"en": "{n} business days", "es": "{n} días laborables"},
    "unit.business_hours": {"en": "{n} business hours", "es": "{n} horas laborables"},
    "unit.day": {"en": "{n} day", "es": "{n} día"},
    "unit.days": {"en": "{n} days", "es": "{n} días"},
}
