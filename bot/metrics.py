"""Counters for GET /metrics in the Prometheus text format. In-process: each
worker reports its own, as Prometheus expects when it scrapes every replica."""

from __future__ import annotations

from collections import Counter
from typing import Final

HELP: Final[dict[str, str]] = {
    "supportbot_turns_total": "Customer messages committed, by channel.",
    "supportbot_duplicates_total": "Provider retries recognised and dropped, by channel.",
    "supportbot_turn_errors_total": "Dialogue steps that failed and got the apology reply.",
    "supportbot_tickets_opened_total": "Tickets opened, by priority.",
    "supportbot_deliveries_total": "Outbox delivery attempts, by channel and result.",
    "supportbot_email_refused_total": "SMTP 451s because the email inbox is full, by stage.",
    "supportbot_email_relay_errors_total": "Email sends the relay refused over our TLS/AUTH settings, by reason.",
}


class Metrics:
    def __init__(self) -> None:
        self._counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()

    def inc(self, name: str, amount: int = 1, **labels: str) -> None:
        self._counts[(name, tuple(sorted(labels.items())))] += amount

    def value(self, name: str, **labels: str) -> int:
        return self._counts[(name, tuple(sorted(labels.items())))]

    def render(self) -> str:
        lines: list[str] = []
        for name, help_text in HELP.items():
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} counter")
            for (metric, labels), count in sorted(self._counts.items()):
                if metric != name:
                    continue
                label_text = ",".join(f'{k}="{v}"' for k, v in labels)
                lines.append(f"{name}{{{label_text}}} {count}" if label_text else f"{name} {count}")
        return "\n".join(lines) + "\n"


METRICS: Final = Metrics()
