"""The program's version, from one place: `version` in pyproject.toml.

Installed (source checkout via uv, or a wheel) it is read from the package metadata. A frozen
build has no metadata: `installer/build` writes `mccdesk/_build_version.txt` into the bundle, read
here. The last resort is "0+unknown", so a broken bundle still starts and says so in the About box.
"""

from __future__ import annotations

import functools
import sys
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "mccdesk"
UNKNOWN = "0+unknown"
BUILD_FILE = "_build_version.txt"


def _bundled() -> str | None:
    root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(__file__).with_name(BUILD_FILE)]
    if root:
        candidates.insert(0, Path(root) / "mccdesk" / BUILD_FILE)
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if text:
            return text
    return None


@functools.cache
def version() -> str:
    """ "0.1.0" and the like; never raises."""
    if getattr(sys, "frozen", False):
        return _bundled() or UNKNOWN
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _bundled() or UNKNOWN


def generator() -> str:
    """What made a file: printed on PDFs and written into summary headers ("mccdesk 0.1.0")."""
    return f"mccdesk {version()}"
