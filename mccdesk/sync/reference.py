"""The prefecture's signed reference package: its public keys, and what the branches follow.

    file   = canonical JSON {"signed": {...}, "signature": hex}
    sig    = Ed25519(prefecture signing key, CONTEXT || 0x00 || canonical(signed))
    signed = type, format, version, created_at,
             signing_key (Ed25519, hex: signs acks and later packages),
             sealing_key (X25519, hex: summaries are sealed to it),
             and, from the prefecture office (all optional, so the first packages still read):
             policy       {"version", "k", "rule"}: the disclosure policy summaries must follow
             registry     [{branch, branch_name, area, key_id, public_key, fingerprint,
                            registered_at, revoked_from}]: the branch keys it accepts
             vocabularies {file name: TOML text}: the reference vocabularies it counts with

The package signs itself, so the signature alone proves nothing about who made it: trust comes
from its fingerprint (of the signing key), read out by the prefecture and typed in once. After
that the keys are pinned in the encrypted case book, with the package's version.

Updates (`update_from_folder`, run by `mccdesk sync` on drop/reference/): a package replaces the
pinned one only if the pinned signing key signed it (it carries the same key) and its version is
newer (versions compare as dotted integers: 2 > 1, "2024.2" > "2024.1"). An older or equal one is
ignored (an attacker replaying an old package cannot roll the policy back); one signed by another
key is refused and reported (re-pinning a new prefecture key takes the phone call again).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mccdesk import safe_files
from mccdesk.errors import BadInput
from mccdesk.storage import sync_store
from mccdesk.sync import bounded_json, disclosure, envelope

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

PACKAGE_TYPE = "mccdesk/reference-package"
CONTEXT = b"mccdesk/reference-package/v1"
MAX_PACKAGE = 4 * 1024 * 1024
SIGNED_KEYS = frozenset({"type", "format", "version", "created_at", "signing_key", "sealing_key"})
OPTIONAL_KEYS = frozenset({"policy", "registry", "vocabularies"})
SUFFIX = ".mccref"
META_VERSION = "prefecture_package_version"  # book_meta keys of the pinned package
META_POLICY = "prefecture_policy"


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
    """A verified package: the keys, its version, and what else it carried."""

    signing_key: bytes
    sealing_key: bytes
    version: str
    policy: disclosure.Policy | None = None
    registry: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    vocabularies: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def fingerprint(self) -> str:
        return envelope.fingerprint(self.signing_key)


def version_key(version: str) -> tuple[int, ...]:
    """Dotted integers, compared as numbers; anything else is refused."""
    if not re.fullmatch(r"\d{1,9}(?:\.\d{1,9}){0,3}", version):
        raise PackageRejected(reason="version")
    return tuple(int(p) for p in version.split("."))


def normalise_fingerprint(text: str) -> str:
    return re.sub(r"[\s:-]", "", text).upper()


def make_package(
    signing_private: bytes,
    sealing_public: bytes,
    version: str,
    created_at: str,
    *,
    policy: disclosure.Policy | None = None,
    registry: list[dict[str, Any]] | None = None,
    vocabularies: dict[str, str] | None = None,
) -> bytes:
    """The prefecture's side (and the tests'): a package carrying its public keys and more."""
    private = Ed25519PrivateKey.from_private_bytes(signing_private)
    doc: dict[str, Any] = {
        "type": PACKAGE_TYPE,
        "format": 1,
        "version": version,
        "created_at": created_at,
        "signing_key": private.public_key().public_bytes_raw().hex(),
        "sealing_key": sealing_public.hex(),
    }
    if policy is not None:
        doc["policy"] = json.loads(policy.to_json())
    if registry is not None:
        doc["registry"] = registry
    if vocabularies is not None:
        doc["vocabularies"] = vocabularies
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
        outer = bounded_json.loads(data)
    except bounded_json.TooDeep as exc:
        raise PackageRejected(reason=str(exc)) from None
    except ValueError:
        raise PackageRejected(reason="not JSON") from None
    if not isinstance(outer, dict) or set(outer) != {"signed", "signature"}:
        raise PackageRejected(reason="envelope keys")
    doc, sig = outer["signed"], outer["signature"]
    if not isinstance(doc, dict) or not SIGNED_KEYS <= set(doc) <= SIGNED_KEYS | OPTIONAL_KEYS:
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
    except (InvalidSignature, ValueError):  # ValueError: a lone surrogate will not encode
        raise PackageRejected(reason="signature") from None
    version = str(doc["version"])
    version_key(version)
    return PrefectureKeys(
        signing,
        sealing,
        version,
        _policy(doc.get("policy")),
        _registry(doc.get("registry", [])),
        _vocabularies(doc.get("vocabularies", {})),
    )


def _policy(value: Any) -> disclosure.Policy | None:
    if value is None:
        return None
    try:
        policy = disclosure.Policy.from_json(json.dumps(value))
    except (ValueError, TypeError, KeyError, AttributeError):
        raise PackageRejected(reason="policy") from None
    if not re.fullmatch(r"[0-9A-Za-z.-]{1,32}", policy.version):
        raise PackageRejected(reason="policy version")
    return policy


def _registry(value: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, list) or not all(
        isinstance(e, dict) and isinstance(e.get("branch"), str) for e in value
    ):
        raise PackageRejected(reason="registry")
    return tuple(value)


def _vocabularies(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PackageRejected(reason="vocabularies")
    return dict(value)


def check_package(path: Path, fingerprint: str) -> PrefectureKeys:
    """Read and verify a package file and compare its fingerprint with the one given."""
    try:  # a regular file only (not a link, FIFO or device), read to at most the cap
        data = safe_files.read_regular(path, MAX_PACKAGE)
    except OSError as exc:
        name = safe_files.shown(path.name)
        raise PackageRejected(reason=f"{name}: {exc.strerror or exc}") from None
    keys = read_package(data)
    if normalise_fingerprint(keys.fingerprint) != normalise_fingerprint(fingerprint):
        raise FingerprintMismatch(found=keys.fingerprint, given=fingerprint.strip())
    return keys


def pin(book: CaseBook, keys: PrefectureKeys) -> sync_store.PinnedKey:
    """Pin the package's keys, its version and its disclosure policy (if it has one)."""
    pinned = sync_store.pin_prefecture(
        book.opened.engine, keys.signing_key, keys.sealing_key, keys.fingerprint
    )
    book.store.set_meta(
        {
            META_VERSION: keys.version,
            META_POLICY: "" if keys.policy is None else keys.policy.to_json(),
        },
        book.coordinator_id,
    )
    book.store.record_event(
        "trust", "prefecture_key", pinned.id, book.coordinator_id, f"version {keys.version}"
    )
    return pinned


def trust(book: CaseBook, path: Path, fingerprint: str) -> sync_store.PinnedKey:
    return pin(book, check_package(path, fingerprint))


def pinned(book: CaseBook) -> sync_store.PinnedKey | None:
    return sync_store.prefecture_key(book.opened.engine)


def pinned_version(book: CaseBook) -> str | None:
    return book.store.meta().get(META_VERSION) or None


def pinned_policy(book: CaseBook) -> disclosure.Policy | None:
    """The disclosure policy of the pinned package, or None (then the built-in one applies)."""
    text = book.store.meta().get(META_POLICY, "")
    return disclosure.Policy.from_json(text) if text else None


@dataclass
class PackageUpdate:
    pinned: str | None = None  # the version pinned now, if any
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    ignored: list[str] = field(default_factory=list)  # older or the same version


def update_from_files(
    book: CaseBook, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]
) -> PackageUpdate:
    """Pin the newest package among `files` that the pinned key signed.

    `files`: name → bytes, or (name, bytes) pairs, which may be read one at a time as they are
    asked for (drop.update_reference): only the best package so far is kept.
    """
    result = PackageUpdate()
    pairs = sorted(files.items()) if isinstance(files, Mapping) else files
    key = pinned(book)
    if key is None:  # nothing to check them against: `trust-prefecture` first
        result.ignored = [name for name, _ in pairs]
        return result
    current = pinned_version(book)
    best: tuple[tuple[int, ...], PrefectureKeys] | None = None
    for name, data in pairs:
        try:
            keys = read_package(data)
        except PackageRejected as exc:
            result.refused.append((name, exc.message("en")))
            continue
        if keys.signing_key != key.signing_key:
            result.refused.append((name, "signed by another key than the pinned one"))
            continue
        rank = version_key(keys.version)
        if current is not None and rank <= _rank_or_zero(current):
            result.ignored.append(name)
            continue
        if best is not None and rank <= best[0]:
            result.ignored.append(name)
            continue
        if best is not None:
            result.ignored.append(f"version {best[1].version}")
        best = (rank, keys)
    if best is not None:
        pin(book, best[1])
        result.pinned = best[1].version
    return result


def _rank_or_zero(version: str) -> tuple[int, ...]:
    try:
        return version_key(version)
    except PackageRejected:
        return (0,)
