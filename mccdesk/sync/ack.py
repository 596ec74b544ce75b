"""The prefecture's signed answer to one summary file, read from drop/outbox/<branch>/.

    file   = canonical JSON {"signed": {...}, "signature": hex}
    sig    = Ed25519(prefecture signing key, CONTEXT || 0x00 || canonical(signed))
    signed = type, format, branch, file_name, file_hash, accepted, reason, created_at

The same style as the reference package; its own context string keeps one kind of signed file
from passing as another. An ack the pinned key did not sign is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mccdesk.errors import BadInput
from mccdesk.sync import bounded_json, envelope

ACK_TYPE = "mccdesk/ack"
CONTEXT = b"mccdesk/ack/v1"
SUFFIX = ".mccack"
MAX_ACK = 64 * 1024
SIGNED_KEYS = frozenset(
    {"type", "format", "branch", "file_name", "file_hash", "accepted", "reason", "created_at"}
)


class AckRejected(BadInput):
    ja = "県からの受領通知を受け付けられません: {reason}"
    en = "The prefecture's acknowledgement is not accepted: {reason}"


@dataclass(frozen=True)
class Ack:
    branch: str
    file_name: str
    file_hash: str
    accepted: bool
    reason: str
    created_at: str


def make_ack(signing_private: bytes, ack: Ack) -> bytes:
    """The prefecture's side (and the tests')."""
    doc: dict[str, Any] = {
        "type": ACK_TYPE,
        "format": 1,
        "branch": ack.branch,
        "file_name": ack.file_name,
        "file_hash": ack.file_hash,
        "accepted": ack.accepted,
        "reason": ack.reason,
        "created_at": ack.created_at,
    }
    signature = Ed25519PrivateKey.from_private_bytes(signing_private).sign(
        CONTEXT + b"\x00" + envelope.canonical(doc)
    )
    return envelope.canonical({"signed": doc, "signature": signature.hex()}) + b"\n"


def read_ack(data: bytes, prefecture_signing_key: bytes) -> Ack:
    if len(data) > MAX_ACK:
        raise AckRejected(reason="file too large")
    try:
        outer = bounded_json.loads(data)
    except bounded_json.TooDeep as exc:
        raise AckRejected(reason=str(exc)) from None
    except ValueError:
        raise AckRejected(reason="not JSON") from None
    if not isinstance(outer, dict) or set(outer) != {"signed", "signature"}:
        raise AckRejected(reason="envelope keys")
    doc, sig = outer["signed"], outer["signature"]
    if not isinstance(doc, dict) or set(doc) != SIGNED_KEYS:
        raise AckRejected(reason="signed keys")
    if doc["type"] != ACK_TYPE or doc["format"] != 1:
        raise AckRejected(reason="type or format version")
    if not isinstance(sig, str) or not re.fullmatch(r"[0-9a-f]{128}", sig):
        raise AckRejected(reason="signature")
    try:
        Ed25519PublicKey.from_public_bytes(prefecture_signing_key).verify(
            bytes.fromhex(sig), CONTEXT + b"\x00" + envelope.canonical(doc)
        )
    except (InvalidSignature, ValueError):  # ValueError: a lone surrogate will not encode
        raise AckRejected(reason="signature") from None
    texts = ("branch", "file_name", "file_hash", "reason", "created_at")
    if not all(isinstance(doc[k], str) for k in texts) or type(doc["accepted"]) is not bool:
        raise AckRejected(reason="field types")
    return Ack(
        *(doc[k] for k in ("branch", "file_name", "file_hash", "accepted", "reason", "created_at"))
    )
