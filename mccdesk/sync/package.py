"""A built summary as a file for the drop: header, sealed tables, signature, content name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mccdesk.sync import envelope, keys
from mccdesk.sync.summary import Summary

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook


def summary_file(
    book: CaseBook,
    summary: Summary,
    *,
    revision: int,
    seq: int,
    prev_hash: str,
    prefecture_public: bytes,
    created_at: str | None = None,
) -> tuple[str, bytes]:
    """(name, bytes) of `summary`'s file: signed with the branch key, sealed to the prefecture."""
    key = keys.branch_key(book)
    header = {
        "type": envelope.FILE_TYPE,
        "format": envelope.FORMAT_VERSION,
        "branch": summary.branch,
        "key_id": envelope.key_id(key.public_key),
        "period": summary.period.code,
        "revision": revision,
        "seq": seq,
        "prev_hash": prev_hash,
        "created_at": created_at or keys.now_utc(),
        "policy": summary.policy.version,
        "sealed_to": envelope.key_id(prefecture_public),
    }
    data = envelope.make_file(header, summary.canonical(), key.private_key, prefecture_public)
    return envelope.file_name(header, data), data
