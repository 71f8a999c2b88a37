"""The three things a first message is read for, by the classifier and by a plan's table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

IMPACTS: Final = ("outage", "degraded", "cosmetic", "question", "enhancement")
SCOPES: Final = ("site", "several", "one")
SERVICES: Final = ("voice", "other", "billing", "howto", "change")


@dataclass(frozen=True, slots=True)
class AudienceKind:
    """One of a plan's own scope kinds (`classification.audience`, read by
    `flows.classify.audience`): its id, which the plan's table rows name beside site/several/
    one, the nouns each family of the shared grammar reads ((family, nouns) pairs) and plain
    words of its own."""

    id: str
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    words: tuple[str, ...] = ()
