"""Signed, sealed summary files: every byte authenticated, counts readable only by the prefecture.

    file   = MAGIC(8) || len(body) u32be || body || signature
    sig    = Ed25519(sk, CONTEXT || 0x00 || MAGIC || len || body)
    body   = len(header) u32be || header || sealed
    header = canonical JSON: type, format, branch, key_id, period, revision, seq, prev_hash,
             created_at, policy, sealed_to, and optionally created_by ("mccdesk 0.1.0": the
             program that wrote it, for support; optional so files from before it still verify)
    sealed = ephemeral X25519 public (32) || nonce (12)
             || AES-256-GCM(tables, aad = MAGIC || header)
             key = HKDF-SHA256(X25519(eph, prefecture), salt = eph_pub || prefecture_pub,
                               info = CONTEXT || 0x00 || "seal")

Why this shape (security-anchors §3.1): a JSON envelope with an unauthenticated `keyid` let bit
flips through; here nothing is outside the signature, the length is exact, and the context string
keeps a signature for another file type from verifying as a summary. The header stays readable
(so the prefecture can route and check sequence numbers before decrypting) but is bound to the
ciphertext as AAD. Sealing keeps exact small counts from whoever can read the shared folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mccdesk.errors import BadInput
from mccdesk.sync import bounded_json
from mccdesk.version import generator

MAGIC = b"MCCSUM\x00\x01"
CONTEXT = b"mccdesk/quarterly-summary/v1"
FILE_TYPE = "mccdesk/quarterly-summary"
FORMAT_VERSION = 1
MAX_FILE = 2 * 1024 * 1024  # a summary is a few kB: refuse endless data before reading it all
SIG_LEN = 64
HEADER_KEYS = frozenset(
    {
        "type",
        "format",
        "branch",
        "key_id",
        "period",
        "revision",
        "seq",
        "prev_hash",
        "created_at",
        "policy",
        "sealed_to",
    }
)
OPTIONAL_HEADER_KEYS = frozenset({"created_by"})
SUFFIX = ".mccsum"
NAME = re.compile(r"([A-Za-z0-9-]{1,32})_(FY\d{4}-Q[1-4])_r(\d+)_s(\d{6,})_([0-9a-f]{16})\.mccsum")
_U32 = struct.Struct(">I")


class EnvelopeRejected(BadInput):
    ja = "集計ファイルを受け付けられません: {reason}"
    en = "The summary file is not accepted: {reason}"


def key_id(public: bytes) -> str:
    """Full SHA-256 of the raw public key, hex: what the header names (and the verifier checks)."""
    return hashlib.sha256(public).hexdigest()


def fingerprint(public: bytes) -> str:
    """Short enough to read out over the phone: 20 hex digits of SHA-256, in groups of 4."""
    digest = key_id(public)[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def canonical(doc: Any) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- sealing ------------------------------------------------------------------------------------


def _seal_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=eph_pub + recipient_pub,
        info=CONTEXT + b"\x00seal",
    ).derive(shared)


def seal(plaintext: bytes, aad: bytes, recipient_pub: bytes) -> bytes:
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    nonce = os.urandom(12)
    key = _seal_key(shared, eph_pub, recipient_pub)
    return eph_pub + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(sealed: bytes, aad: bytes, recipient_private: bytes) -> bytes:
    if len(sealed) < 32 + 12 + 16:
        raise EnvelopeRejected(reason="sealed part too short")
    eph_pub, nonce, ciphertext = sealed[:32], sealed[32:44], sealed[44:]
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient_pub = private.public_key().public_bytes_raw()
    key = _seal_key(
        private.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub, recipient_pub
    )
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise EnvelopeRejected(reason="sealed part does not open") from None


# --- writing ------------------------------------------------------------------------------------


def make_file(
    header: dict[str, Any], tables: bytes, signing_private: bytes, recipient_pub: bytes
) -> bytes:
    """The complete file: header (checked), the tables sealed to the prefecture, the signature."""
    header = {"created_by": generator(), **header}
    _check_header(header)
    header_bytes = canonical(header)
    sealed = seal(tables, MAGIC + header_bytes, recipient_pub)
    body = _U32.pack(len(header_bytes)) + header_bytes + sealed
    signed = MAGIC + _U32.pack(len(body)) + body
    signature = Ed25519PrivateKey.from_private_bytes(signing_private).sign(
        CONTEXT + b"\x00" + signed
    )
    return signed + signature


def file_name(header: Mapping[str, Any], data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:16]
    return (
        f"{header['branch']}_{header['period']}_r{header['revision']}"
        f"_s{header['seq']:06d}_{digest}{SUFFIX}"
    )


# --- reading ------------------------------------------------------------------------------------


def _check_header(header: Any) -> None:
    if not isinstance(header, dict) or set(header) - OPTIONAL_HEADER_KEYS != HEADER_KEYS:
        raise EnvelopeRejected(reason="header keys")
    if "created_by" in header and not (
        isinstance(header["created_by"], str)
        and re.fullmatch(r"mccdesk [0-9A-Za-z.+-]{1,32}", header["created_by"])
    ):
        raise EnvelopeRejected(reason="created_by")
    if header["type"] != FILE_TYPE or header["format"] != FORMAT_VERSION:
        raise EnvelopeRejected(reason="file type or format version")
    for name in ("revision", "seq"):
        if type(header[name]) is not int or header[name] < 0:
            raise EnvelopeRejected(reason=name)
    texts = {
        "branch": r"[A-Za-z0-9-]{1,32}",
        "period": r"FY\d{4}-Q[1-4]",
        "key_id": r"[0-9a-f]{64}",
        "sealed_to": r"[0-9a-f]{64}",
        "prev_hash": r"(?:[0-9a-f]{64})?",
        "created_at": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z",
        "policy": r"[0-9A-Za-z.-]{1,32}",
    }
    for name, pattern in texts.items():
        if not isinstance(header[name], str) or not re.fullmatch(pattern, header[name]):
            raise EnvelopeRejected(reason=name)
    if parse_time(header["created_at"]) is None:  # 2024-13-45T99:99:99Z has the right shape
        raise EnvelopeRejected(reason="created_at")


def parse_time(text: str) -> datetime | None:
    """A signed UTC time `YYYY-MM-DDTHH:MM:SSZ` as a naive datetime; None if it is no real time."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None


def read_header(header_bytes: bytes) -> Any:
    """The header's JSON (depth-limited: it is read before anything is verified)."""
    try:
        return bounded_json.loads(header_bytes)
    except ValueError as exc:  # UnicodeDecodeError, too deep, not JSON
        why = str(exc) if isinstance(exc, bounded_json.TooDeep) else "not JSON"
        raise EnvelopeRejected(reason=f"header is {why}") from None


def split(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(signed part, header bytes, sealed part), checking only the framing."""
    if len(data) > MAX_FILE:
        raise EnvelopeRejected(reason="file too large")
    if len(data) < len(MAGIC) + 4 + 4 + SIG_LEN or data[: len(MAGIC)] != MAGIC:
        raise EnvelopeRejected(reason="not a summary file")
    (body_len,) = _U32.unpack_from(data, len(MAGIC))
    if len(MAGIC) + 4 + body_len + SIG_LEN != len(data):
        raise EnvelopeRejected(reason="length")
    body = data[len(MAGIC) + 4 : len(MAGIC) + 4 + body_len]
    (header_len,) = _U32.unpack_from(body, 0)
    if 4 + header_len > len(body):
        raise EnvelopeRejected(reason="header length")
    return data[: len(MAGIC) + 4 + body_len], body[4 : 4 + header_len], body[4 + header_len :]


def verify(data: bytes, branch_public_keys: Mapping[str, Iterable[bytes]]) -> dict[str, Any]:
    """The header of a file signed by a registered key of the branch it names; else rejected."""
    signed, header_bytes, _ = split(data)
    header = read_header(header_bytes)
    _check_header(header)
    if canonical(header) != header_bytes:
        raise EnvelopeRejected(reason="header is not canonical")
    keys = [
        k for k in branch_public_keys.get(header["branch"], ()) if key_id(k) == header["key_id"]
    ]
    if not keys:
        raise EnvelopeRejected(reason="no registered key of this branch signed it")
    try:
        Ed25519PublicKey.from_public_bytes(keys[0]).verify(
            data[len(signed) :], CONTEXT + b"\x00" + signed
        )
    except InvalidSignature:
        raise EnvelopeRejected(reason="signature") from None
    return header


def verify_named(
    name: str, data: bytes, branch_public_keys: Mapping[str, Iterable[bytes]]
) -> dict[str, Any]:
    """`verify`, and the file's name must be the one its content gives (period, seq, hash…)."""
    header = verify(data, branch_public_keys)
    if not NAME.fullmatch(name) or name != file_name(header, data):
        raise EnvelopeRejected(reason="file name does not match its content")
    return header


def open_tables(data: bytes, header: Mapping[str, Any], recipient_private: bytes) -> bytes:
    """The prefecture's side: the sealed tables of a verified file."""
    _, header_bytes, sealed = split(data)
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    if key_id(private.public_key().public_bytes_raw()) != header["sealed_to"]:
        raise EnvelopeRejected(reason="sealed to another key")
    return unseal(sealed, MAGIC + header_bytes, recipient_private)
