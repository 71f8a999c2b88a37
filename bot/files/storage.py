"""How files are kept under data_dir, whoever sent them (customers' uploads and email
attachments, agents' files from Slack): `<root>/<YYYY>/<MM>/<sha256[:16]>-<name>`, written
once (same bytes, same file)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Final


def stored_path(root: Path, now: datetime, data: bytes, name: str) -> Path:
    digest = hashlib.sha256(data).hexdigest()[:16]
    return root / f"{now:%Y}" / f"{now:%m}" / f"{digest}-{name}"


def write_once(path: Path, data: bytes) -> None:
    """Blocking; run it in a thread. A half-written file never carries the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)


_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")


def attachment_kind(content_type: str) -> str:
    major = content_type.partition("/")[0]
    if major in ("image", "audio"):
        return major
    if (
        major == "text"
        or content_type in ("application/pdf", "application/msword")
        or "document" in content_type
    ):
        return "document"
    return "file"


def safe_name(name: str, *, default: str = "file") -> str:
    """A file name that cannot leave its folder or hide its extension: path parts
    dropped, anything but letters, digits, '.', '_' and '-' folded to '_'."""
    base = name.replace("\\", "/").rpartition("/")[2]
    cleaned = _UNSAFE.sub("_", base).strip("._")[:80]
    return cleaned or default
