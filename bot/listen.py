"""The ports `supportbot serve` listens on, claimed before anything starts.

uvicorn binds only after the app's lifespan has started (and logged "ready"), and
the SMTP intake binds in its channel's start: a busy port would surface as a
traceback or a log line after the bot said it was up. So `serve` binds the HTTP
socket here, before building anything, and hands it to uvicorn; the SMTP port is
tried (bound and released) at the same moment. Problems are `(key, reason)`
pairs for `ConfigError`: `server.port: 127.0.0.1:8080 is already in use`.
"""

from __future__ import annotations

import errno
import socket

from bot.config import ConfigError, Settings


def _bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound (not yet listening) to host:port, as asyncio and uvicorn bind:
    SO_REUSEADDR, so a port left in TIME_WAIT by the last run is not "in use"."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except BaseException:
        sock.close()
        raise
    return sock


def _problem(host_key: str, port_key: str, host: str, port: int, exc: OSError) -> tuple[str, str]:
    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return host_key, f"cannot resolve {host!r}: {exc.strerror}"
    if exc.errno == errno.EADDRINUSE:
        return port_key, f"{where} is already in use"
    if exc.errno == errno.EACCES:
        return port_key, f"{where}: permission denied (ports below 1024 need privileges)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return host_key, f"{host!r} is not an address of this machine"
    return port_key, f"{where}: {exc.strerror or exc}"


def _overlap(a: str, b: str) -> bool:
    return a == b or {a, b} & {"", "0.0.0.0", "::"} != set()


def claim_ports(settings: Settings) -> socket.socket:
    """The bound HTTP socket for uvicorn; `ConfigError` naming every port that cannot be
    had (the server's, the SMTP intake's when email is enabled)."""
    problems: list[tuple[str, str]] = []
    server = settings.server
    http: socket.socket | None = None
    try:
        http = _bind(server.host, server.port)
    except OSError as exc:
        problems.append(_problem("server.host", "server.port", server.host, server.port, exc))
    email = settings.channels.email
    smtp = f"{email.listen_host}:{email.listen_port}"
    if not email.enabled or not email.listen_port:  # 0: any free port, nothing to collide with
        pass
    elif email.listen_port == server.port and _overlap(server.host, email.listen_host):
        # our own HTTP socket is bound but not listening yet: a probe would not see it
        problems.append(("channels.email.listen_port", f"{smtp} is server.port too"))
    else:
        try:
            _bind(email.listen_host, email.listen_port).close()
        except OSError as exc:
            keys = ("channels.email.listen_host", "channels.email.listen_port")
            problems.append(_problem(*keys, email.listen_host, email.listen_port, exc))
    if problems:
        if http is not None:
            http.close()
        raise ConfigError(settings.source, problems)
    assert http is not None
    return http
