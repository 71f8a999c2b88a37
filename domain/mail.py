"""Mail addresses that are robots (no-reply senders, bounce handlers): mail from them is
never answered (channels/email_guard.py), and nothing optional is mailed to them."""

from __future__ import annotations

import re
from typing import Final

_ROBOT_LOCALS: Final = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|noreply[-.+].*|no-reply[-.+].*|bounces?|bounce[-+].*)$"
)


def is_robot_sender(address: str) -> bool:
    local = address.partition("@")[0].lower()
    return bool(_ROBOT_LOCALS.match(local))
