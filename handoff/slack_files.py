"""Files an agent shares in a ticket's thread (`file_share`), kept so they reach the customer.

Each file is looked up with `files.info` and downloaded from its `url_private_download`
with the bot token, which is only ever sent to Slack (https://*.slack.com, or the configured
API base's own origin: a staging or test server); httpx drops the Authorization header on a
redirect that leaves that origin. Files are kept under `data_dir/attachments/agent` like
customers' files, at most `max_bytes` each, before the reply is committed: the outbox then
holds everything its delivery needs, however late it runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.files.storage import attachment_kind, safe_name, stored_path, write_once
from domain.types import Attachment

log = logging.getLogger("supportbot.slack")

MAX_FILES: Final = 10
TIMEOUT: Final = 30.0


class FileRefused(Exception):
    """A shared file could not be kept; the message is for the agent."""


class SlackFiles:
    def __init__(
        self,
        *,
        client: AsyncWebClient,
        token: str,
        api_base_url: str,
        root: Path,
        max_bytes: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.client = client
        self._token = token
        base = urlsplit(api_base_url)
        self._api_origin = (base.scheme, base.netloc)
        self.root = root
        self.max_bytes = max_bytes
        self.clock = clock
        self._http: httpx.AsyncClient | None = None

    def trusted(self, url: str) -> bool:
        """Whether the bot token may go to `url`."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        slack = parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))
        return slack or (parts.scheme, parts.netloc) == self._api_origin

    async def keep(self, shared: Sequence[dict[str, Any]], *, by: str) -> tuple[Attachment, ...]:
        """The event's files, downloaded and kept, as attachments sent `by` the agent."""
        if len(shared) > MAX_FILES:
            raise FileRefused(f"Share at most {MAX_FILES} files at once; nothing was sent.")
        out = []
        for item in shared:
            file_id = str(item.get("id", ""))
            if not file_id:
                continue
            out.append(await self._keep_one(file_id, by=by))
        return tuple(out)

    async def _keep_one(self, file_id: str, *, by: str) -> Attachment:
        try:
            info = (await self.client.files_info(file=file_id)).get("file") or {}
        except SlackApiError as exc:
            log.warning("files.info failed: %s", exc.response.get("error"))
            raise FileRefused("Slack would not give me that file; nothing was sent.") from None
        name = str(info.get("name") or info.get("title") or "file")[:120]
        size = info.get("size")
        if isinstance(size, int) and size > self.max_bytes:
            raise FileRefused(
                f"{name} is larger than {self.max_bytes // (1024 * 1024)} MB; nothing was sent."
            )
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        if not self.trusted(url):
            log.warning("a shared file's download URL is not Slack's; not fetched")
            raise FileRefused(f"{name} could not be downloaded from Slack; nothing was sent.")
        data = await self._download(url, name)
        ctype = str(info.get("mimetype") or "application/octet-stream")
        path = stored_path(self.root, self.clock(), data, safe_name(name))
        await asyncio.to_thread(write_once, path, data)
        return Attachment(attachment_kind(ctype), name, ctype, len(data), ref=str(path), by=by)

    async def _download(self, url: str, name: str) -> bytes:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=True)
        refused = FileRefused(f"{name} could not be downloaded from Slack; nothing was sent.")
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with self._http.stream("GET", url, headers=headers) as response:
                if response.status_code != 200:
                    log.warning("a shared file's download answered %d", response.status_code)
                    raise refused
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FileRefused(f"{name} is too large to send; nothing was sent.")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:  # its text may hold the URL: only its kind is logged
            log.warning("a shared file's download failed: %s", type(exc).__name__)
            raise refused from None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
