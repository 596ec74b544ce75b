"""The prefecture's side, as far as the branch's tests need it: its keys, a reader, acks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from mccdesk.sync import ack, envelope, keys, reference


@dataclass
class Prefecture:
    private: bytes = field(repr=False)
    public: bytes
    branch_keys: dict[str, list[bytes]] = field(default_factory=dict)
    signing_private: bytes = field(
        default_factory=lambda: Ed25519PrivateKey.generate().private_bytes_raw(), repr=False
    )

    @classmethod
    def new(cls) -> Prefecture:
        key = X25519PrivateKey.generate()
        return cls(key.private_bytes_raw(), key.public_key().public_bytes_raw())

    @property
    def signing_public(self) -> bytes:
        return (
            Ed25519PrivateKey.from_private_bytes(self.signing_private)
            .public_key()
            .public_bytes_raw()
        )

    @property
    def fingerprint(self) -> str:
        return envelope.fingerprint(self.signing_public)

    def reference_package(self, version: str = "2024.1") -> bytes:
        return reference.make_package(
            self.signing_private, self.public, version, "2024-04-01T00:00:00Z"
        )

    def register(self, branch: str, public_key: bytes) -> None:
        self.branch_keys.setdefault(branch, []).append(public_key)

    def read(self, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
        """(header, tables document) of a file that verifies; EnvelopeRejected otherwise."""
        header = envelope.verify_named(name, data, self.branch_keys)
        tables = json.loads(envelope.open_tables(data, header, self.private))
        if (tables["branch"], tables["period"]) != (header["branch"], header["period"]):
            raise envelope.EnvelopeRejected(reason="sealed tables disagree with the header")
        return header, tables

    def ack(
        self, branch: str, name: str, data: bytes, accepted: bool = True, reason: str = ""
    ) -> bytes:
        """A signed answer to one summary file."""
        answer = ack.Ack(
            branch,
            name,
            hashlib.sha256(data).hexdigest(),
            accepted,
            reason,
            "2024-12-20T00:00:00Z",
        )
        return ack.make_ack(self.signing_private, answer)


# --- helpers for the prefecture office's tests (mccdesk.prefecture) ------------------------------


@dataclass
class Signer:
    """A branch without a case book: its key, its chain, files signed like outbox.approve does.

    For tests that need many files fast (the stateful test, the benchmark); the end-to-end and
    refusal tests use real case books.
    """

    branch: str
    area: str = "yokosuka-miura"
    private: bytes = field(
        default_factory=lambda: Ed25519PrivateKey.generate().private_bytes_raw(), repr=False
    )
    seq: int = 0
    prev_hash: str = ""

    @property
    def public(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.private).public_key().public_bytes_raw()

    @property
    def fingerprint(self) -> str:
        return envelope.fingerprint(self.public)

    def registration(
        self, created_at: str = "2024-04-01T00:00:00Z", branch_name: str | None = None
    ) -> bytes:
        doc: dict[str, Any] = {
            "type": keys.REGISTRATION_TYPE,
            "format": 1,
            "branch": self.branch,
            "branch_name": f"{self.branch} ブランチ" if branch_name is None else branch_name,
            "area": self.area,
            "public_key": self.public.hex(),
            "key_id": envelope.key_id(self.public),
            "fingerprint": self.fingerprint,
            "created_at": created_at,
        }
        sig = Ed25519PrivateKey.from_private_bytes(self.private).sign(
            keys.REGISTRATION_CONTEXT + b"\x00" + envelope.canonical(doc)
        )
        return envelope.canonical({"signed": doc, "signature": sig.hex()}) + b"\n"

    def file(
        self,
        period: str,
        revision: int,
        sealing_public: bytes,
        *,
        marker: int = 0,
        created_at: str = "2024-07-10T00:00:00Z",
        header: dict[str, Any] | None = None,
        document: bytes | None = None,
        chain: bool = True,
    ) -> tuple[str, bytes]:
        """The next file of this branch's chain (name, bytes); `header` overrides fields."""
        fields = {
            "type": envelope.FILE_TYPE,
            "format": envelope.FORMAT_VERSION,
            "branch": self.branch,
            "key_id": envelope.key_id(self.public),
            "period": period,
            "revision": revision,
            "seq": self.seq + 1,
            "prev_hash": self.prev_hash,
            "created_at": created_at,
            "policy": "2024.1",
            "sealed_to": envelope.key_id(sealing_public),
            **(header or {}),
        }
        content = document or summary_document(self.branch, self.area, period, marker)
        data = make_file_unchecked(fields, content, self.private, sealing_public)
        if chain:
            self.seq, self.prev_hash = fields["seq"], hashlib.sha256(data).hexdigest()
        return envelope.file_name(fields, data), data


def make_file_unchecked(
    header: dict[str, Any], tables: bytes, signing_private: bytes, recipient_pub: bytes
) -> bytes:
    """envelope.make_file without its header check: for crafting files a newer (or broken)
    branch might send, correctly signed."""
    header_bytes = envelope.canonical(header)
    sealed = envelope.seal(tables, envelope.MAGIC + header_bytes, recipient_pub)
    body = len(header_bytes).to_bytes(4, "big") + header_bytes + sealed
    signed = envelope.MAGIC + len(body).to_bytes(4, "big") + body
    signature = Ed25519PrivateKey.from_private_bytes(signing_private).sign(
        envelope.CONTEXT + b"\x00" + signed
    )
    return signed + signature


def summary_document(branch: str, area: str, period: str, marker: int = 0) -> bytes:
    """A valid summary document (all zeros but one marker count), as summary.build shapes it."""
    from mccdesk.reference import reference as load_reference
    from mccdesk.sync import summary, tables

    ref = load_reference()
    scopes: dict[str, Any] = {}
    for scope in tables.SCOPES:
        scopes[scope] = {}
        for spec in tables.SPECS:
            cells = {code: 0 for code in spec.codes(ref)}
            if spec.name == "activities_by_kind":
                cells[next(iter(cells))] = marker  # activities are never suppressed
            table = tables.Table(spec, cells, sum(cells.values()) if spec.partitions else None)
            scopes[scope][spec.name] = table.as_json()
    doc = {
        "type": summary.SUMMARY_TYPE,
        "format": summary.FORMAT_VERSION,
        "branch": branch,
        "area": area,
        "period": period,
        "policy": "2024.1",
        "scopes": scopes,
    }
    return summary.canonical_json(doc)


def put(drop_dir: Any, folder: str, name: str, data: bytes) -> None:
    inbox = drop_dir / "inbox" / folder
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / name).write_bytes(data)


def register(office: Any, signer: Signer, tmp_path: Path) -> None:
    """Register the signer's key at the office, from a registration file as a branch sends it."""
    path = tmp_path / f"{signer.branch}.mcckey"
    path.write_bytes(signer.registration())
    office.register(path, signer.fingerprint)
