"""The bare web stack, served the way `supportbot serve` serves (bot/cli.py `_serve`): the same
uvicorn Config (loop and HTTP parser left to uvicorn's "auto": uvloop and httptools here),
a socket bound beforehand, the collector tuned by `tune_for_serving`. The app is
bench/sms_webhooks.py's bare endpoint: parse the form, return fixed TwiML. A baseline for
bench/outage_storm.py's storm: what the same load gets from the stack with no bot behind it.

    python bench/bare_server.py PORT
"""

from __future__ import annotations

import socket
import sys

import uvicorn
from sms_webhooks import bare_app  # bench/ is on sys.path when a bench runs

from bot.gc_tuning import tune_for_serving


def main() -> None:
    port = int(sys.argv[1])
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    config = uvicorn.Config(
        bare_app(),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        log_config=None,
        lifespan="on",
        proxy_headers=True,
    )
    tune_for_serving()
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
