"""What the desk receives from Slack but does not act on: answered 200, changed nothing.

Bolt answers a request no listener matches with 404, and Slack retries any non-2xx (events
three times, then it may turn the app's event subscriptions off). Events the app is subscribed
to for one purpose arrive for others too (reactions, edits, joins, mentions, `file_shared`
beside the `file_share` message), and a link button or a closed modal still sends a payload.
These listeners are registered last: bolt runs the first listener that matches, so they only
see what nothing else took.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from slack_bolt.async_app import AsyncApp

log = logging.getLogger("supportbot.slack")

_ANY: Final = re.compile(".*")


def register(app: AsyncApp) -> None:
    @app.event(_ANY)
    async def on_any_event(event: dict[str, Any]) -> None:
        log.debug("slack: event %s not acted on", event.get("type"))

    @app.action(_ANY)
    async def on_any_action(ack: Any, action: dict[str, Any]) -> None:
        await ack()
        log.debug("slack: action %s not acted on", action.get("action_id"))

    @app.view_closed(_ANY)
    async def on_view_closed(ack: Any) -> None:
        await ack()
