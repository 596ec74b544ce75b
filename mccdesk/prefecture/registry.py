"""Branch key registration files (made by `mccdesk key export`), checked before a key counts.

A registration file is signed by the key it carries (proof that the branch holds the private
key), but that proves nothing about *who* sent it: the key is added only when its fingerprint,
read out by the branch over the phone, matches. Registering the same key twice changes nothing;
a branch may have several keys (a new PC, a rotated key), each revocable from a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mccdesk.errors import BadInput
from mccdesk.reference import Reference
from mccdesk.safe_files import shown
from mccdesk.sync import bounded_json, envelope, keys
from mccdesk.sync.reference import normalise_fingerprint

MAX_REGISTRATION = 64 * 1024
SIGNED_KEYS = frozenset(
    {
        "type",
        "format",
        "branch",
        "branch_name",
        "area",
        "public_key",
        "key_id",
        "fingerprint",
        "created_at",
    }
)


class RegistrationRejected(BadInput):
    ja = "ブランチの鍵登録ファイルを受け付けられません: {reason}"
    en = "The branch key registration file is not accepted: {reason}"


class BranchFingerprintMismatch(BadInput):
    ja = (
        "ブランチの鍵の指紋が一致しません。\n  ファイル: {found}\n  入力:     {given}\n"
        "ブランチに電話で指紋を確認してください。鍵は登録していません。"
    )
    en = (
        "The branch key's fingerprint does not match.\n  file:  {found}\n  given: {given}\n"
        "Check the fingerprint with the branch by phone. Nothing was registered."
    )


@dataclass(frozen=True)
class Registration:
    branch: str
    branch_name: str
    area: str
    public_key: bytes
    created_at: str

    @property
    def key_id(self) -> str:
        return envelope.key_id(self.public_key)

    @property
    def fingerprint(self) -> str:
        return envelope.fingerprint(self.public_key)


def read_registration(data: bytes, ref: Reference) -> Registration:
    """A well-formed registration whose signature verifies with the key it carries."""
    if len(data) > MAX_REGISTRATION:
        raise RegistrationRejected(reason="file too large")
    try:
        outer = bounded_json.loads(data)
    except bounded_json.TooDeep as exc:
        raise RegistrationRejected(reason=str(exc)) from None
    except ValueError:
        raise RegistrationRejected(reason="not JSON") from None
    if not isinstance(outer, dict) or set(outer) != {"signed", "signature"}:
        raise RegistrationRejected(reason="envelope keys")
    doc: Any = outer["signed"]
    sig: Any = outer["signature"]
    if not isinstance(doc, dict) or set(doc) != SIGNED_KEYS:
        raise RegistrationRejected(reason="signed keys")
    if doc["type"] != keys.REGISTRATION_TYPE or doc["format"] != 1:
        raise RegistrationRejected(reason="type or format version")
    if not all(isinstance(doc[k], str) for k in SIGNED_KEYS - {"format"}):
        raise RegistrationRejected(reason="field types")
    if not re.fullmatch(r"[A-Za-z0-9-]{1,32}", doc["branch"]):
        raise RegistrationRejected(reason="branch id")
    if doc["area"] not in {a.code for a in ref.areas}:
        raise RegistrationRejected(reason="area code")
    if not re.fullmatch(r"[0-9a-f]{64}", doc["public_key"]):
        raise RegistrationRejected(reason="public key")
    public = bytes.fromhex(doc["public_key"])
    if doc["key_id"] != envelope.key_id(public) or doc["fingerprint"] != envelope.fingerprint(
        public
    ):
        raise RegistrationRejected(reason="key id or fingerprint does not match the key")
    if not isinstance(sig, str) or not re.fullmatch(r"[0-9a-f]{128}", sig):
        raise RegistrationRejected(reason="signature")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            bytes.fromhex(sig), keys.REGISTRATION_CONTEXT + b"\x00" + envelope.canonical(doc)
        )
    except (InvalidSignature, ValueError):  # ValueError: a lone surrogate will not encode
        raise RegistrationRejected(reason="signature") from None
    # The name is printed, stored and published: never a terminal escape (issue 13).
    return Registration(
        doc["branch"], shown(doc["branch_name"], 200), doc["area"], public, doc["created_at"]
    )


def confirm(registration: Registration, fingerprint: str) -> None:
    """Raise unless `fingerprint` (as read out by the branch) is the registration's."""
    if normalise_fingerprint(fingerprint) != normalise_fingerprint(registration.fingerprint):
        raise BranchFingerprintMismatch(found=registration.fingerprint, given=fingerprint.strip())


def parse_when(text: str) -> datetime:
    """A revocation date or time: 2025-01-31 (from 00:00 UTC) or 2025-01-31T09:00:00Z."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(detail=f"not a date: {text!r} (e.g. 2025-01-31)") from None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when
