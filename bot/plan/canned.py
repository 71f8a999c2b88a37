"""Canned replies: a plan's saved answers an agent sends with one click (`[[canned]]`).

Each has a short key (`/ticket 12345 reply reboot`), a label for the card's menu and the
text in both languages; the customer gets the one in their language, signed like any agent
reply.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import AfterValidator, field_validator

from bot.plan.models import _Model

KEY: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# a Slack select option's text is at most 75 characters
LABEL_MAX: Final = 75


class CannedReply(_Model):
    key: str
    en: str
    es: str
    label: str = ""  # the card menu's wording (the key when empty)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not KEY.match(v):
            raise ValueError(
                f"canned reply key {v!r}: lower-case letters, digits, '-' and '_', "
                "at most 40 characters (agents type it: /ticket 12345 reply KEY)"
            )
        return v

    @field_validator("en", "es")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a canned reply needs its text in both languages (en and es)")
        return v

    @field_validator("label")
    @classmethod
    def _label(cls, v: str) -> str:
        if len(v) > LABEL_MAX:
            raise ValueError(f"label is longer than {LABEL_MAX} characters (Slack's menu limit)")
        return v

    @property
    def title(self) -> str:
        return self.label or self.key

    def text(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


def _unique(replies: list[CannedReply]) -> list[CannedReply]:
    keys = [r.key for r in replies]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError(f"duplicate canned reply keys: {', '.join(dup)}")
    return replies


CannedReplies = Annotated[list[CannedReply], AfterValidator(_unique)]


def find(replies: list[CannedReply], key: str) -> CannedReply | None:
    wanted = key.strip().lower()
    return next((r for r in replies if r.key == wanted), None)
