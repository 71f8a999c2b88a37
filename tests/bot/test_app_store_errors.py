"""Every HTTP route answers 503 (with Retry-After) while the store is unreachable,
and serves again once it is back, without a restart."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from bot.app import build_app, build_services
from bot.config import Settings
from bot.store.redis.store import RedisStore
from tests.redis_server import RedisServer


def test_store_outage_is_503_on_every_route_and_recovers(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)  # nothing listens on its port yet: Redis is down
    settings = Settings.model_validate(
        {"data_dir": str(tmp_path), "server": {"api_token": "t"}, "store": {"url": server.url()}}
    )
    store = RedisStore(server.url(), socket_timeout=1.0)
    services = build_services(settings, store=store)
    auth = {"Authorization": "Bearer t"}
    with TestClient(build_app(services)) as client:  # a worker starts while Redis is down
        down = client.get("/api/tickets", headers=auth)
        assert down.status_code == 503
        assert down.headers["retry-after"] == "5"
        assert down.json()["error"] == "store_unavailable"
        assert down.headers["content-type"] == "application/problem+json"
        assert client.get("/api/tickets/10001", headers=auth).status_code == 503
        assert client.get("/healthz").status_code == 503

        server.start()
        try:
            assert client.get("/api/tickets", headers=auth).json() == {
                "tickets": [],
                "next_cursor": None,
            }
            assert client.get("/healthz").status_code == 200
        finally:
            server.stop()
