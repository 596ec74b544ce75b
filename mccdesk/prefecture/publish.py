"""The signed reference package the prefecture publishes to drop/reference/.

Contents (reference.make_package): the prefecture's public keys, the disclosure policy, the
registry of branch keys with their revocation dates, and the reference vocabularies (the TOML
files of resources/reference, verbatim), under a version one above the last published. Every
package is kept in the store; the file is written beside its final name, fsynced and renamed,
so a branch never reads half a package. Older packages stay on the drop: branches ignore them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mccdesk.prefecture import model
from mccdesk.resources import resources_dir
from mccdesk.safe_files import make_folder, write_file
from mccdesk.sync import disclosure, drop, reference


def _stamp(when: datetime | None) -> str:
    return "" if when is None else when.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def registry_entries(branch_keys: list[model.BranchKey]) -> list[dict[str, Any]]:
    return [
        {
            "branch": k.branch,
            "branch_name": k.branch_name,
            "area": k.area,
            "key_id": k.key_id,
            "public_key": k.public_key.hex(),
            "fingerprint": k.fingerprint,
            "registered_at": _stamp(k.registered_at),
            "revoked_from": _stamp(k.revoked_from),
        }
        for k in branch_keys
    ]


def vocabularies() -> dict[str, str]:
    folder = resources_dir() / "reference"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.toml"))}


def package_bytes(
    signing_private: bytes,
    sealing_public: bytes,
    version: int,
    branch_keys: list[model.BranchKey],
    policy: disclosure.Policy,
    now: datetime,
) -> bytes:
    return reference.make_package(
        signing_private,
        sealing_public,
        str(version),
        _stamp(now),
        policy=policy,
        registry=registry_entries(branch_keys),
        vocabularies=vocabularies(),
    )


def file_name(version: int) -> str:
    return f"package-v{version:06d}{reference.SUFFIX}"


def write(drop_dir: Path, version: int, data: bytes) -> Path:
    """Write the package into drop/reference/ (partial → fsync → rename)."""
    if not drop_dir.is_dir():
        raise drop.DropUnreachable(2, "the drop folder cannot be reached", str(drop_dir))
    folder = drop_dir / "reference"
    drop.retrying(lambda: make_folder(folder, shared=True, within=drop_dir))
    final = folder / file_name(version)
    drop.retrying(lambda: write_file(final, data, shared=True, within=drop_dir))
    return final
