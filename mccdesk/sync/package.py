"""A built summary as a file for the drop: header, sealed tables, signature, content name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mccdesk.storage import sync_store
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
    return content_file(
        book,
        branch=summary.branch,
        period=summary.period.code,
        policy=summary.policy.version,
        content=summary.canonical(),
        revision=revision,
        seq=seq,
        prev_hash=prev_hash,
        prefecture_public=prefecture_public,
        created_at=created_at,
    )


def content_file(
    book: CaseBook,
    *,
    branch: str,
    period: str,
    policy: str,
    content: bytes,
    revision: int,
    seq: int,
    prev_hash: str,
    prefecture_public: bytes,
    created_at: str | None = None,
    key: sync_store.StoredKey | None = None,
) -> tuple[str, bytes]:
    """(name, bytes) of the file sealing `content` (a summary's canonical JSON, as reviewed).

    Pass `key` (the branch key) when calling inside a case book transaction.
    """
    key = key or keys.branch_key(book)
    header = {
        "type": envelope.FILE_TYPE,
        "format": envelope.FORMAT_VERSION,
        "branch": branch,
        "key_id": envelope.key_id(key.public_key),
        "period": period,
        "revision": revision,
        "seq": seq,
        "prev_hash": prev_hash,
        "created_at": created_at or keys.now_utc(),
        "policy": policy,
        "sealed_to": envelope.key_id(prefecture_public),
    }
    data = envelope.make_file(header, content, key.private_key, prefecture_public)
    return envelope.file_name(header, data), data
