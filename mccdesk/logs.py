"""Logging, configured once per process: rotating files in the platform's log folder.

Log lines carry record ids, codes and counts, never names, birth dates or note text.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from mccdesk.safe_files import PRIVATE_FILE, make_folder, make_private

_configured = False


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by their owner only (they hold record ids and what went wrong)."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        make_private(Path(self.baseFilename))  # a log made by an older version
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


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
        make_folder(folder)
        handler = PrivateRotatingFileHandler(
            folder / "mccdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("mccdesk")
    root.setLevel(level)
    root.addHandler(handler)
    return folder / "mccdesk.log"
