"""MMS media from Twilio, fetched when an agent first opens it (`bot/files/serve.py`).

A `MediaUrl` from the (signed) webhook is fetched with the account SID and auth token as
basic auth, and only when it is Twilio's own API (or the configured `api_base_url`): the
credentials never go anywhere else. Twilio answers with a redirect to its storage; httpx
drops the Authorization header when a redirect leaves the origin. Nothing here logs the URL.
"""

from __future__ import annotations

from typing import Final

import httpx

from bot.files.serve import FetchFailed, TooLarge
from channels.twilio_rest import TWILIO_API

TIMEOUT: Final = 30.0


class TwilioMedia:
    def __init__(self, *, account_sid: str, auth_token: str, api_base_url: str = TWILIO_API):
        self._auth = (account_sid, auth_token)
        self.base = api_base_url.rstrip("/")
        self._client: httpx.AsyncClient | None = None

    def url(self, ref: str) -> str | None:
        """The URL to fetch, or None when `ref` is not Twilio's (nothing is sent to it)."""
        if ref.startswith(TWILIO_API + "/"):
            return self.base + ref[len(TWILIO_API) :]
        if ref.startswith(self.base + "/"):
            return ref
        return None

    async def fetch(self, ref: str, *, limit: int) -> bytes:
        url = self.url(ref)
        if url is None:
            raise FetchFailed("not a Twilio media URL")
        if self._client is None:  # made in the running loop, on the first download
            self._client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=True)
        try:
            async with self._client.stream("GET", url, auth=self._auth) as response:
                if response.status_code != 200:
                    raise FetchFailed(f"twilio answered {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise TooLarge(f"{declared} bytes")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"over {limit} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:  # its text may hold the URL: only its kind is kept
            raise FetchFailed(f"twilio media: {type(exc).__name__}") from None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
