"""The three things a first message is read for, by the classifier and by a plan's table."""

from __future__ import annotations

from typing import Final

IMPACTS: Final = ("outage", "degraded", "cosmetic", "question", "enhancement")
SCOPES: Final = ("site", "several", "one")
SERVICES: Final = ("voice", "other", "billing", "howto", "change")
