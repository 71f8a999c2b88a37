"""The authorized contacts parts, built once by the composition root (bot/app.py): the
directory (the operator's file and the store), the check run as a ticket opens, and the
MPOCs' approval page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.config import Settings
from bot.contacts.approval import Approvals
from bot.contacts.directory import ContactFile, Directory
from bot.contacts.gate import ContactGate
from bot.engine.turns import new_id
from bot.plan.policy import Policy
from bot.store.protocol import Store

log = logging.getLogger("supportbot.contacts")


@dataclass
class ContactParts:
    directory: Directory
    gate: ContactGate
    approvals: Approvals


def contacts_file(settings: Settings, policy: Policy) -> ContactFile | None:
    """The operator's file (relative to the config's folder); a bad one stops the start
    with FILE: KEY: REASON (bot.config.ConfigError)."""
    name = settings.contacts.file
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        path = Path(settings.base_dir) / path
    return ContactFile(path, region=policy.plan.default_region)


def build_contacts(
    settings: Settings,
    *,
    store: Store,
    policy: Policy,
    clock: Callable[[], datetime],
    kick: Callable[[], None],
    format_time: Callable[[datetime, str], str],
) -> ContactParts:
    directory = Directory(
        book=store, file=contacts_file(settings, policy), region=policy.plan.default_region
    )
    if policy.intake.authorized_contacts and not settings.channels.email.enabled:
        log.warning(
            "the plan checks authorized contacts but the email channel is off: MACD approval "
            "requests to MPOCs cannot be sent"
        )
    gate = ContactGate(
        directory=directory,
        policy=policy,
        public_base_url=settings.server.public_base_url,
        approval_days=settings.contacts.approval_days,
        format_time=format_time,
    )
    approvals = Approvals(store=store, policy=policy, clock=clock, kick=kick, new_id=new_id)
    return ContactParts(directory=directory, gate=gate, approvals=approvals)
