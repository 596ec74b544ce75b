"""The key check file beside the case book.

SQLCipher cannot tell a wrong key from a damaged first page: both read "file is not a database".
So each case book has `casebook.keycheck`, a small JSON file holding, for each key that may open
the book, an HMAC of a fixed text under that key. It says nothing about the key itself. During a
key rotation it lists both the old and the new key, so whichever one the file is keyed with is
recognised after a crash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from mccdesk import safe_files

FORMAT = "mccdesk-keycheck/1"


def check_value(key: bytes, book_id: str) -> str:
    return hmac.new(key, f"mccdesk key check|{book_id}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class KeyCheck:
    book_id: str
    values: tuple[str, ...]

    def matches(self, key: bytes) -> bool:
        mine = check_value(key, self.book_id)
        return any(hmac.compare_digest(mine, v) for v in self.values)


def read(path: Path) -> KeyCheck | None:
    """The key check, or None when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return KeyCheck(str(data["book_id"]), tuple(str(v) for v in data["check_values"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(path: Path, book_id: str, keys: list[bytes]) -> None:
    body = {
        "format": FORMAT,
        "book_id": book_id,
        "check_values": [check_value(k, book_id) for k in keys],
    }
    safe_files.write_file(path, json.dumps(body, indent=2).encode("utf-8"))
