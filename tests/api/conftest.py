"""The API under test: the whole app (SMS over a fake Twilio, the Slack desk over a fake
Slack) with named tokens, driven through `Api`, which records the documented operations
each test really called, and checks every answer against the document (status, media type,
body schema). A test marks the operations it exercises with
`@pytest.mark.route("METHOD /path/{template}")`; the `api` fixture fails a test whose
marks were not called, and test_openapi.py fails on a documented operation no test marks."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
from openapi_schema_validator import OAS31Validator

from api.openapi import document
from bot.config import ApiConfig, ApiTokenConfig, Settings
from handoff.slack import SlackHandoff
from tests.app_harness import running_app
from tests.channels.fake_twilio import FakeTwilio
from tests.conftest import Clock
from tests.handoff.conftest import ACCOUNT_SID, AUTH_TOKEN, USERS, Desk, desk_settings
from tests.handoff.fake_slack import FakeSlack

LEGACY: Final = "t0ken"  # server.api_token in the harness: every scope
READER: Final = "reader-token-0123456789"
WRITER: Final = "writer-token-0123456789"
TOKENS: Final = [
    ApiTokenConfig(name="reporting", scopes=["tickets:read"], token=READER),  # type: ignore[arg-type]
    ApiTokenConfig(name="crm", scopes=["tickets:read", "tickets:write"], token=WRITER),  # type: ignore[arg-type]
]


def _templates() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for path, item in document()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
        out += [(f"{m.upper()} {path}", pattern) for m in item if m != "parameters"]
    return out


def _conforms(operation: str, response: httpx.Response, media: str) -> None:
    """The answer is one the document promises: a documented status, its media type, and a
    body valid against its schema (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    doc = document()
    method, path = operation.split(" ", 1)
    answers = doc["paths"][path][method.lower()]["responses"]
    status = str(response.status_code)
    assert status in answers, f"{operation} answered {status}, not documented"
    content = answers[status].get("content", {})
    if not content:  # 204: no body promised, none given
        assert not response.content, f"{operation} {status}: a body that is not documented"
        return
    assert media in content, f"{operation} {status}: {media} is not documented"
    if media in ("application/json", "application/problem+json"):
        schema = {**content[media]["schema"], "components": doc["components"]}
        OAS31Validator(schema).validate(response.json())


class Api:
    """An httpx client with a bearer token that notes which documented operations answered."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.called: set[str] = set()
        self._templates = _templates()

    async def call(
        self, method: str, path: str, *, token: str | None = LEGACY, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = await self.client.request(method, path, headers=headers, **kwargs)
        media = response.headers.get("content-type", "").split(";")[0]
        answered = media != "text/plain"
        bare = path.split("?")[0]
        for name, pattern in self._templates:
            if answered and name.startswith(method.upper() + " ") and pattern.match(bare):
                self.called.add(name)
                _conforms(name, response, media)
                break
        return response

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("POST", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("DELETE", path, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "route(op): the documented API operation a test exercises")


def api_settings(settings: Settings, **sections: Any) -> Settings:
    settings.api = ApiConfig(tokens=TOKENS, **sections.pop("api", {}))
    for key, value in sections.items():
        setattr(settings, key, value)
    return settings


@contextlib.asynccontextmanager
async def running_api(
    tmp_path: Path, clock: Clock, **sections: Any
) -> AsyncIterator[tuple[Desk, Api]]:
    async with (
        FakeSlack(users=USERS) as slack,
        FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio,
    ):
        settings = api_settings(
            desk_settings(tmp_path, slack_url=slack.api_url, twilio_url=twilio.url), **sections
        )
        async with running_app(settings, clock) as (services, client):
            sh = next(c for c in services.components if isinstance(c, SlackHandoff))
            services.timers.stop()
            yield Desk(client, services, slack, twilio, clock, sh), Api(client)


@pytest.fixture
async def world(tmp_path: Path, clock: Clock) -> AsyncIterator[tuple[Desk, Api]]:
    async with running_api(tmp_path, clock) as both:
        yield both


@pytest.fixture
def desk(world: tuple[Desk, Api]) -> Desk:
    return world[0]


@pytest.fixture
def api(world: tuple[Desk, Api], request: pytest.FixtureRequest) -> Iterator[Api]:
    yield world[1]
    claimed = {m.args[0] for m in request.node.iter_markers("route")}
    assert claimed <= world[1].called, f"marked but never called: {claimed - world[1].called}"
