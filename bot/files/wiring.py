"""The file links and the download route, from the settings (called by `bot/app.py`)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from starlette.routing import BaseRoute

from bot.config import Settings, data_path
from bot.files.links import FileLinks
from bot.files.serve import Fetcher, FileServer
from bot.store.protocol import Store

log = logging.getLogger("supportbot.files")


def file_links(settings: Settings, clock: Callable[[], datetime]) -> FileLinks:
    files = settings.files
    secret = (
        files.link_secret.get_secret_value() or settings.server.session_secret.get_secret_value()
    )
    if not secret:
        log.warning(
            "files.link_secret and server.session_secret are empty: file links last as long "
            "as this process and are not valid on other workers"
        )
        secret = secrets.token_hex(32)
    return FileLinks(
        secret=secret,
        base_url=settings.server.public_base_url,
        clock=clock,
        ttl=timedelta(hours=files.link_ttl_hours),
    )


def file_routes(
    settings: Settings, *, store: Store, links: FileLinks, fetchers: Mapping[str, Fetcher]
) -> list[BaseRoute]:
    server = FileServer(
        store=store,
        links=links,
        root=data_path(settings, "attachments"),
        fetchers=fetchers,
        max_bytes=settings.files.max_fetch_bytes,
    )
    return server.routes()
