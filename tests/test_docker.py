"""docker/: compose.yaml is valid (`docker-compose config`, no engine needed) and the
Dockerfile, the compose services, redis.conf and the image's supportbot.toml agree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings, load_settings

DOCKER = Path(__file__).resolve().parent.parent / "docker"
COMPOSE = shutil.which("docker-compose")


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(DOCKER / "supportbot.toml", environ={})


@pytest.fixture(scope="module")
def compose(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The compose file as `docker-compose config` resolves it (anchors, env_file, defaults)."""
    if COMPOSE is None:
        if os.environ.get("CI"):
            pytest.fail(
                "docker-compose is not installed (scripts/ensure-system-deps.sh installs it)"
            )
        pytest.skip("docker-compose is not installed: run scripts/ensure-system-deps.sh")
    work = tmp_path_factory.mktemp("compose") / "docker"
    shutil.copytree(DOCKER, work)
    shutil.copy(work / "supportbot.env.example", work / "supportbot.env")
    done = subprocess.run(
        [COMPOSE, "-f", "compose.yaml", "config"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def _bots(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: svc
        for name, svc in compose["services"].items()
        if svc.get("build", {}).get("dockerfile") == "docker/Dockerfile"
    }


def _targets(service: dict[str, Any]) -> set[int]:
    return {int(p["target"]) for p in service.get("ports", [])}


def _dockerfile() -> str:
    return (DOCKER / "Dockerfile").read_text(encoding="utf-8")


def test_compose_runs_redis_and_two_bot_replicas_from_the_dockerfile(
    compose: dict[str, Any],
) -> None:
    assert "redis" in compose["services"]
    assert len(_bots(compose)) >= 2


def test_published_and_healthcheck_ports_are_the_configured_http_port(
    compose: dict[str, Any], settings: Settings
) -> None:
    port = settings.server.port
    published = set()
    for name, svc in _bots(compose).items():
        assert port in _targets(svc), f"{name} does not publish server.port {port}"
        published |= {int(p["published"]) for p in svc["ports"] if int(p["target"]) == port}
        assert f"127.0.0.1:{port}/healthz" in " ".join(svc["healthcheck"]["test"]), name
    assert len(published) == len(_bots(compose)), "two replicas cannot share a host port"
    assert f"127.0.0.1:{port}/healthz" in _dockerfile()
    assert re.search(rf"^EXPOSE .*\b{port}\b", _dockerfile(), re.M)
    assert settings.server.host == "0.0.0.0"  # reachable from outside the container


def test_smtp_port_is_exposed_for_the_email_channel(
    compose: dict[str, Any], settings: Settings
) -> None:
    smtp = settings.channels.email.listen_port
    assert settings.channels.email.listen_host == "0.0.0.0"
    for name, svc in _bots(compose).items():
        if settings.channels.email.enabled:
            assert smtp in _targets(svc), f"{name}: email is on but port {smtp} is not published"
        assert str(smtp) in [str(p) for p in svc.get("expose", [])], name
    assert re.search(rf"^EXPOSE .*\b{smtp}\b", _dockerfile(), re.M)


def test_bots_use_the_redis_service_and_redis_keeps_an_append_only_file(
    compose: dict[str, Any], settings: Settings
) -> None:
    conf = (DOCKER / "redis.conf").read_text(encoding="utf-8")
    directives = dict(
        line.split(None, 1) for line in conf.splitlines() if line.strip() and line[0] != "#"
    )
    assert directives["appendonly"].split()[0] == "yes"
    assert directives["appendfsync"].split()[0] in ("everysec", "always")
    assert directives["maxmemory-policy"].split()[0] == "noeviction"
    redis_port = directives["port"].split()[0]
    expected = f"redis://redis:{redis_port}/"
    assert settings.store.url.startswith(expected)
    redis = compose["services"]["redis"]
    assert "redis-cli" in redis["healthcheck"]["test"]
    assert any(
        v["type"] == "volume" and v["target"] == directives["dir"].split()[0]
        for v in _volumes(redis)
    ), "redis' data dir must be a named volume"
    for name, svc in _bots(compose).items():
        assert svc["environment"]["SUPPORTBOT_STORE_URL"].startswith(expected), name
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_bot_data_dir_is_a_volume_and_secrets_come_from_the_env_file(
    compose: dict[str, Any], settings: Settings
) -> None:
    example = (DOCKER / "supportbot.env.example").read_text(encoding="utf-8")
    secrets = [
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and line[0] != "#"
    ]
    assert "SUPPORTBOT_TWILIO_AUTH_TOKEN" in secrets
    for name, svc in _bots(compose).items():
        assert any(
            v["type"] == "volume" and v["target"] == settings.data_dir for v in _volumes(svc)
        ), name
        assert set(secrets) <= set(svc["environment"]), f"{name} does not read supportbot.env"
    # the baked-in config holds no secret
    assert not settings.server.api_token and not settings.channels.sms.auth_token
    assert not settings.channels.telegram.token and not settings.slack.signing_secret
    assert not settings.slack.bot_token and not settings.channels.email.relay.password


def test_image_runs_as_a_non_root_user_with_a_healthcheck() -> None:
    text = _dockerfile()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK ", text, re.M)
    assert all("slim" in line for line in re.findall(r"^FROM .*", text, re.M))
    assert "SUPPORTBOT_CONFIG=/etc/supportbot/supportbot.toml" in text
    assert "COPY docker/supportbot.toml /etc/supportbot/supportbot.toml" in text


def _volumes(service: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):  # docker-compose 1.x prints the short form
            source, target = v.split(":")[:2]
            kind = "bind" if source.startswith(("/", ".")) else "volume"
            out.append({"type": kind, "source": source, "target": target})
        else:
            out.append(v)
    return out
