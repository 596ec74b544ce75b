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


DEMO_FOLDER_NAME = "demo"


def is_demo_folder(folder: Path) -> bool:
    """Where a demo case book (keyed with the published demo key) may be opened: the demo folder
    (`default_demo_dir`), or another folder named `demo` (for training copies, tests) — never
    the real case book folder (`default_data_dir`), whatever its name."""
    try:
        here = folder.resolve()
        if here == default_data_dir().resolve():
            return False
        if here == default_demo_dir().resolve():
            return True
    except OSError:
        return False
    return here.name.casefold() == DEMO_FOLDER_NAME
