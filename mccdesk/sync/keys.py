"""The branch's Ed25519 signing key: made on first use, kept inside the encrypted case book.

Its public key goes to the prefecture once, in a registration file; the fingerprint is read out
over the phone so the prefecture knows the file it got is the one this office sent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mccdesk.safe_files import write_file
from mccdesk.storage import sync_store
from mccdesk.sync import envelope

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

REGISTRATION_TYPE = "mccdesk/branch-key-registration"
REGISTRATION_CONTEXT = b"mccdesk/branch-key-registration/v1"


def _new_key() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw(), key.public_key().public_bytes_raw()


def branch_key(book: CaseBook) -> sync_store.StoredKey:
    return sync_store.signing_key(book.opened.engine, _new_key)


def branch_fingerprint(book: CaseBook) -> str:
    return envelope.fingerprint(branch_key(book).public_key)


def registration(book: CaseBook) -> bytes:
    """The registration file: who we are and our public key, signed by it (proof of possession)."""
    info, key = book.info(), branch_key(book)
    doc: dict[str, Any] = {
        "type": REGISTRATION_TYPE,
        "format": 1,
        "branch": info.branch_id,
        "branch_name": info.branch_name,
        "area": info.area,
        "public_key": key.public_key.hex(),
        "key_id": envelope.key_id(key.public_key),
        "fingerprint": envelope.fingerprint(key.public_key),
        "created_at": key.created_at.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    signed = envelope.canonical(doc)
    signature = Ed25519PrivateKey.from_private_bytes(key.private_key).sign(
        REGISTRATION_CONTEXT + b"\x00" + signed
    )
    return envelope.canonical({"signed": doc, "signature": signature.hex()}) + b"\n"


def export_registration(book: CaseBook, target: Path) -> Path:
    """Write the registration file beside its target, fsync, then rename into place."""
    data = registration(book)
    write_file(target, data)  # owner-only like every file outside the drop; the office copies it
    book.store.record_event("export", "signing_key", branch_key(book).id, book.coordinator_id)
    return target


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
