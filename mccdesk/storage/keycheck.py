"""The key check file beside an encrypted file (casebook.keycheck, prefecture.keycheck).

SQLCipher cannot tell a wrong key from a damaged first page: both read "file is not a database".
So each file has a key check: a small JSON file holding, for each key that may open it, an HMAC
of a fixed text under that key, with the key's public ID (also an HMAC, shown on screen and in
backups so a person can tell recovery-key sheets apart) and the date it was issued. Nothing in
it says anything about the key itself.

It is only a check: when it is lost, a key that opens the file (from the credential store or
the recovery key) rebuilds it. During a key rotation it lists the old key ("current") and the
new one, first "offered" (shown, not yet confirmed by the person), then "confirmed"; see
encrypted_file.rotate.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from mccdesk import safe_files

FORMAT_V1 = "mccdesk-keycheck/1"  # check values only (mccdesk before key IDs)
FORMAT = "mccdesk-keycheck/2"
CURRENT, OFFERED, CONFIRMED = "current", "offered", "confirmed"
STATES = (CURRENT, OFFERED, CONFIRMED)


def check_value(key: bytes, book_id: str) -> str:
    return hmac.new(key, f"mccdesk key check|{book_id}".encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """The key's public name, 8 digits as `1234-5678`: printed beside the recovery key and
    written beside each backup, so "which sheet opens this backup" has an answer. It is an HMAC
    under the key (32 bits of it): it tells keys apart and reveals nothing about them."""
    digest = hmac.new(key, b"mccdesk key id", hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") % 10**8
    return f"{number // 10**4:04d}-{number % 10**4:04d}"


@dataclass(frozen=True)
class Entry:
    check: str
    key_id: str = ""  # "" in a file written before key IDs
    issued_on: str = ""  # ISO date, "" when unknown
    state: str = CURRENT


def entry(key: bytes, book_id: str, issued_on: str = "", state: str = CURRENT) -> Entry:
    return Entry(check_value(key, book_id), key_id(key), issued_on, state)


@dataclass(frozen=True)
class KeyCheck:
    book_id: str
    entries: tuple[Entry, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(e.check for e in self.entries)

    def entry_for(self, key: bytes) -> Entry | None:
        mine = check_value(key, self.book_id)
        for e in self.entries:
            if hmac.compare_digest(mine, e.check):
                return e
        return None

    def matches(self, key: bytes) -> bool:
        return self.entry_for(key) is not None

    @property
    def current(self) -> Entry | None:
        return next((e for e in self.entries if e.state == CURRENT), None)

    @property
    def pending(self) -> Entry | None:
        """The new key of a rotation not finished (offered or confirmed), if any."""
        return next((e for e in self.entries if e.state in (OFFERED, CONFIRMED)), None)

    @property
    def settled(self) -> bool:
        return len(self.entries) == 1 and self.entries[0].state == CURRENT


def parse(data: bytes) -> KeyCheck | None:
    """The key check in `data`, or None when it is not one."""
    try:
        doc = json.loads(data.decode("utf-8"))
        book_id = str(doc["book_id"])
        if doc.get("format") == FORMAT_V1:
            return KeyCheck(book_id, tuple(Entry(str(v)) for v in doc["check_values"]))
        if doc.get("format") != FORMAT:
            return None
        entries = tuple(
            Entry(str(e["check"]), str(e["key_id"]), str(e["issued_on"]), str(e["state"]))
            for e in doc["keys"]
        )
        if not entries or any(e.state not in STATES for e in entries):
            return None
        return KeyCheck(book_id, entries)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read(path: Path) -> KeyCheck | None:
    """The key check, or None when the file is missing or not a key check.

    Other OSErrors (a folder that cannot be read, an I/O error) are raised: they say nothing
    about the key check, and must not read as "missing"."""
    try:
        data = safe_files.read_regular(path, 64 * 1024)
    except FileNotFoundError:
        return None
    except safe_files.UnsafePath:
        return None
    except safe_files.TooLarge:
        return None
    return parse(data)


def write(path: Path, book_id: str, keys: list[bytes] | list[Entry]) -> None:
    """Write the key check; plain keys are written as "current" with an unknown issue date."""
    entries = [k if isinstance(k, Entry) else entry(k, book_id) for k in keys]
    body = {
        "format": FORMAT,
        "book_id": book_id,
        "keys": [
            {"check": e.check, "key_id": e.key_id, "issued_on": e.issued_on, "state": e.state}
            for e in entries
        ],
    }
    safe_files.write_file(path, json.dumps(body, indent=2).encode("utf-8"))
