"""Text crossing between customers and Slack, made safe in both directions.

Customer text going into Slack is escaped (&, <, >) so it cannot ping
@channel/@here, mention users or make links. Agent mrkdwn going to a customer
becomes plain text: links "<url|text>" -> "text (url)", *bold*/_italic_/~strike~
and `code` lose their markers, user mentions become names (or vanish), and
Slack's own escapes are undone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

_USER: Final = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL: Final = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL: Final = re.compile(r"<!(?:[^>|]*)(?:\|([^>]*))?>")
_LINK: Final = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_CODE_BLOCK: Final = re.compile(r"```\n?(.*?)\n?```", re.DOTALL)
_INLINE: Final = [
    re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])"),
    re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])"),
    re.compile(r"`([^`\n]+)`"),
]
_QUOTE: Final = re.compile(r"^&gt;\s?|^>\s?", re.MULTILINE)


def escape(text: str) -> str:
    """Customer text as inert Slack text: no mentions, no links, no broadcasts."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mentioned_users(text: str) -> list[str]:
    return [m.group(1) for m in _USER.finditer(text)]


def to_plain(text: str, names: Mapping[str, str] | None = None) -> str:
    """Agent mrkdwn -> plain text for SMS, email and any channel that shows text as is."""
    names = names or {}

    def user(m: re.Match[str]) -> str:
        return names.get(m.group(1)) or m.group(2) or ""

    def link(m: re.Match[str]) -> str:
        url, label = m.group(1), m.group(2)
        if url.startswith("mailto:"):
            return label or url[len("mailto:") :]
        if label and label != url:
            return f"{label} ({url})"
        return url

    out = _CODE_BLOCK.sub(lambda m: m.group(1), text)
    out = _USER.sub(user, out)
    out = _CHANNEL.sub(lambda m: f"#{m.group(1)}" if m.group(1) else "", out)
    out = _SPECIAL.sub(lambda m: m.group(1) or "", out)
    out = _LINK.sub(link, out)
    for pattern in _INLINE:
        out = pattern.sub(lambda m: m.group(1), out)
    out = _QUOTE.sub("", out)
    out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    out = re.sub(r"[ \t]{2,}", " ", out)
    return out.strip()
