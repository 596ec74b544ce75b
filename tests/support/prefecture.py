"""The prefecture's side, as far as the branch's tests need it: its keys, a reader, acks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from mccdesk.sync import ack, envelope, reference


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
