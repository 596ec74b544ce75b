"""Answering `mccdesk key rotate`'s confirmation in tests: the person types the new recovery
key back. In-process, a stand-in for stdin reads the new key where rotation keeps it while it
waits (the keyring's pending entry) and types all of it (which the prompt accepts)."""

from __future__ import annotations

import io

from mccdesk.storage import recovery_key
from mccdesk.storage.keystore import KeyStore


class TypesTheNewKey(io.StringIO):
    """stdin that answers the confirmation with the pending key of `book_id` (or `wrong`)."""

    def __init__(self, book_id: str, *, wrong: bool = False) -> None:
        super().__init__()
        self.book_id = book_id
        self.wrong = wrong
        self.asked = 0

    def isatty(self) -> bool:
        return False

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.asked += 1
        if self.wrong:
            return "000000\n"
        pending = KeyStore().get(self.book_id, "pending")
        assert pending is not None, "asked to confirm with no key pending"
        return recovery_key.encode(pending) + "\n"
