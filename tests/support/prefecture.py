"""The prefecture's side, as far as the branch's tests need it: its sealing key pair, a reader."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from mccdesk.sync import envelope


@dataclass
class Prefecture:
    private: bytes = field(repr=False)
    public: bytes
    branch_keys: dict[str, list[bytes]] = field(default_factory=dict)

    @classmethod
    def new(cls) -> Prefecture:
        key = X25519PrivateKey.generate()
        return cls(key.private_bytes_raw(), key.public_key().public_bytes_raw())

    def register(self, branch: str, public_key: bytes) -> None:
        self.branch_keys.setdefault(branch, []).append(public_key)

    def read(self, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
        """(header, tables document) of a file that verifies; EnvelopeRejected otherwise."""
        header = envelope.verify_named(name, data, self.branch_keys)
        tables = json.loads(envelope.open_tables(data, header, self.private))
        if (tables["branch"], tables["period"]) != (header["branch"], header["period"]):
            raise envelope.EnvelopeRejected(reason="sealed tables disagree with the header")
        return header, tables
