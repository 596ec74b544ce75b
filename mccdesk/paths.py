"""Where case books live by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    """MCCDESK_DATA_DIR, else the platform's per-user data folder (local, never roaming)."""
    override = os.environ.get("MCCDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("mccdesk", False, roaming=False))


def default_demo_dir() -> Path:
    """The demo case book sits apart from the real one, so it can never replace it."""
    return Path(platformdirs.user_data_dir("mccdesk", False, roaming=False)) / "demo"
