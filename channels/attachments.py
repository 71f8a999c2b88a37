"""Files customers send, kept under data_dir the same way on every channel:
`<root>/<YYYY>/<MM>/<sha256[:16]>-<name>`, written once (same bytes, same file), and
carried on tickets as `domain.types.Attachment` with that path as `ref`. The rules live in
`bot.files.storage`, shared with the agents' files the Slack desk keeps."""

from __future__ import annotations

from bot.files.storage import attachment_kind, safe_name, stored_path, write_once

__all__ = ["attachment_kind", "safe_name", "stored_path", "write_once"]
