"""Logging, configured once per process: rotating files in the platform's log folder.

Log lines carry record ids, codes and counts, never names, birth dates or note text.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

_configured = False


def log_dir() -> Path:
    override = os.environ.get("MCCDESK_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir("mccdesk", False))


def configure(level: int = logging.INFO) -> Path | None:
    """Send mccdesk's log to a rotating file; returns its path (None if the folder is unusable)."""
    global _configured
    if _configured:
        return None
    _configured = True
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "mccdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("mccdesk")
    root.setLevel(level)
    root.addHandler(handler)
    return folder / "mccdesk.log"
