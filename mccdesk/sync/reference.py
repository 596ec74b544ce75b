"""The prefecture's signed reference package, as far as the branch needs it: its public keys.

    file   = canonical JSON {"signed": {...}, "signature": hex}
    sig    = Ed25519(prefecture signing key, CONTEXT || 0x00 || canonical(signed))
    signed = type, format, version, created_at,
             signing_key (Ed25519, hex: signs acks and later packages),
             sealing_key (X25519, hex: summaries are sealed to it)

The package signs itself, so the signature alone proves nothing about who made it: trust comes
from its fingerprint (of the signing key), read out by the prefecture and typed in once. After
that the keys are pinned in the encrypted case book.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mccdesk.errors import BadInput
from mccdesk.storage import sync_store
from mccdesk.sync import envelope

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

PACKAGE_TYPE = "mccdesk/reference-package"
CONTEXT = b"mccdesk/reference-package/v1"
MAX_PACKAGE = 4 * 1024 * 1024
SIGNED_KEYS = frozenset({"type", "format", "version", "created_at", "signing_key", "sealing_key"})


class PackageRejected(BadInput):
    ja = "県の参照パッケージを受け付けられません: {reason}"
    en = "The prefecture's reference package is not accepted: {reason}"


class FingerprintMismatch(BadInput):
    ja = (
        "県の鍵の指紋が一致しません。\n  パッケージ: {found}\n  入力:       {given}\n"
        "県に電話で指紋を確認してください。鍵は登録していません。"
    )
    en = (
        "The prefecture key's fingerprint does not match.\n  package: {found}\n"
        "  given:   {given}\n"
        "Check the fingerprint with the prefecture by phone. Nothing was pinned."
    )


@dataclass(frozen=True)
class PrefectureKeys:
    signing_key: bytes
    sealing_key: bytes
    version: str

    @property
    def fingerprint(self) -> str:
        return envelope.fingerprint(self.signing_key)


def normalise_fingerprint(text: str) -> str:
    return re.sub(r"[\s:-]", "", text).upper()


def make_package(
    signing_private: bytes, sealing_public: bytes, version: str, created_at: str
) -> bytes:
    """The prefecture's side (and the tests'): a package carrying its public keys."""
    private = Ed25519PrivateKey.from_private_bytes(signing_private)
    doc = {
        "type": PACKAGE_TYPE,
        "format": 1,
        "version": version,
        "created_at": created_at,
        "signing_key": private.public_key().public_bytes_raw().hex(),
        "sealing_key": sealing_public.hex(),
    }
    signature = private.sign(CONTEXT + b"\x00" + envelope.canonical(doc))
    return envelope.canonical({"signed": doc, "signature": signature.hex()}) + b"\n"


def _hex_key(doc: dict[str, Any], name: str) -> bytes:
    value = doc[name]
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{64}", value):
        raise PackageRejected(reason=name)
    return bytes.fromhex(value)


def read_package(data: bytes) -> PrefectureKeys:
    """The keys of a well-formed package whose signature verifies with the key it carries."""
    if len(data) > MAX_PACKAGE:
        raise PackageRejected(reason="file too large")
    try:
        outer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRejected(reason="not JSON") from None
    if not isinstance(outer, dict) or set(outer) != {"signed", "signature"}:
        raise PackageRejected(reason="envelope keys")
    doc, sig = outer["signed"], outer["signature"]
    if not isinstance(doc, dict) or not set(doc) >= SIGNED_KEYS:
        raise PackageRejected(reason="signed keys")
    if doc["type"] != PACKAGE_TYPE or doc["format"] != 1:
        raise PackageRejected(reason="type or format version")
    if not isinstance(sig, str) or not re.fullmatch(r"[0-9a-f]{128}", sig):
        raise PackageRejected(reason="signature")
    signing, sealing = _hex_key(doc, "signing_key"), _hex_key(doc, "sealing_key")
    try:
        Ed25519PublicKey.from_public_bytes(signing).verify(
            bytes.fromhex(sig), CONTEXT + b"\x00" + envelope.canonical(doc)
        )
    except InvalidSignature:
        raise PackageRejected(reason="signature") from None
    return PrefectureKeys(signing, sealing, str(doc["version"]))


def check_package(path: Path, fingerprint: str) -> PrefectureKeys:
    """Read and verify a package file and compare its fingerprint with the one given."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageRejected(reason=f"{path.name}: {exc.strerror or exc}") from None
    keys = read_package(data)
    if normalise_fingerprint(keys.fingerprint) != normalise_fingerprint(fingerprint):
        raise FingerprintMismatch(found=keys.fingerprint, given=fingerprint.strip())
    return keys


def pin(book: CaseBook, keys: PrefectureKeys) -> sync_store.PinnedKey:
    pinned = sync_store.pin_prefecture(
        book.opened.engine, keys.signing_key, keys.sealing_key, keys.fingerprint
    )
    book.store.record_event("trust", "prefecture_key", pinned.id, book.coordinator_id)
    return pinned


def trust(book: CaseBook, path: Path, fingerprint: str) -> sync_store.PinnedKey:
    return pin(book, check_package(path, fingerprint))


def pinned(book: CaseBook) -> sync_store.PinnedKey | None:
    return sync_store.prefecture_key(book.opened.engine)
