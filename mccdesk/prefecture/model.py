"""Plain values the prefecture side hands out: accepted summaries, quarantine, completeness.

No Qt, no SQL: the tables and reports (mccdesk.prefecture.tables, mccdesk.reports.prefecture_*)
read these, the store (mccdesk.storage.prefecture_store) fills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

# Status of one received file.
ACCEPTED = "accepted"
QUARANTINED = "quarantined"
HELD = "held"  # a gap in the chain: retried at every ingest, accepted once the chain reaches it

# Why a file was not accepted: code → (Japanese, English). The code goes into acks and logs.
REASONS: dict[str, tuple[str, str]] = {
    "oversize": ("ファイルが大きすぎます", "file too large"),
    "not_regular": (
        "通常のファイルではありません（リンク・FIFO・デバイスなど。読んでいません）",
        "not a regular file (a link, FIFO or device: not read)",
    ),
    "malformed": ("集計ファイルの形式ではありません", "not a summary file"),
    "unknown_format": ("知らない種類・版・形式です", "unknown type, format version or schema"),
    "unknown_key": ("登録されていない鍵で署名されています", "signed with an unregistered key"),
    "revoked_key": (
        "失効した鍵で署名されています（失効後に届いたファイル）",
        "signed with a revoked key (received after the revocation)",
    ),
    "bad_signature": ("署名が正しくありません", "bad signature"),
    "name_mismatch": ("ファイル名が内容と一致しません", "file name does not match its content"),
    "unreadable": ("封をした集計表を開けません", "the sealed tables do not open"),
    "bad_totals": ("集計表の数が合計と合いません", "the counts do not add up to the totals"),
    "replay": ("古い番号のファイルです（再送・巻き戻し）", "replay or rollback (old sequence)"),
    "gap": (
        "前のファイルが届いていません（届けば自動で受け付けます）",
        "gap in the chain: held until the missing file arrives",
    ),
    "equivocation": (
        "同じ期間・版の異なるファイルが2つあります（両方保留）",
        "two different files for the same period and revision (both held)",
    ),
}


def reason_text(code: str, lang: str = "ja") -> str:
    ja, en = REASONS.get(code, (code, code))
    return ja if lang == "ja" else en


def ack_reason(code: str) -> str:
    """What a refused ack says: Japanese first (branch staff read it), then the code."""
    return f"{reason_text(code, 'ja')} / {reason_text(code, 'en')} ({code})"


@dataclass(frozen=True)
class AcceptedSummary:
    """One accepted summary file, opened: what the prefecture's tables are made from.

    `document` is the summary document of mccdesk.sync.summary ({"type", "format", "branch",
    "area", "period", "policy", "scopes": {scope: {table: {"unit", "cells"[, "total"]}}}}).
    """

    branch: str
    area: str
    period: str  # e.g. "FY2024-Q3"
    revision: int
    seq: int
    received_at: datetime  # UTC, naive
    document: dict[str, Any]
    file_name: str = ""
    file_hash: str = ""


@dataclass(frozen=True)
class BranchKey:
    branch: str
    branch_name: str
    area: str
    public_key: bytes
    key_id: str
    fingerprint: str
    registered_at: datetime
    revoked_from: datetime | None  # files received (first seen by ingest) from then are refused


@dataclass(frozen=True)
class ReceivedFile:
    """A file as the prefecture decided on it (accepted, held or quarantined), without its bytes."""

    file_hash: str
    file_name: str
    folder: str  # the inbox sub-folder it was found in (never trusted for anything)
    branch: str  # from the content when it could be read, else the folder
    period: str
    revision: int | None
    seq: int | None
    status: str
    reason: str  # a REASONS code, "" when accepted
    detail: str
    received_at: datetime
    decided_at: datetime


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    branch: str
    status: str
    reason: str
    new: bool  # False: the same file was seen before and nothing changed


@dataclass
class IngestReport:
    outcomes: list[FileOutcome]
    warnings: list[str]
    acks_written: int = 0

    def count(self, status: str, new_only: bool = True) -> int:
        return sum(o.status == status and (o.new or not new_only) for o in self.outcomes)


# Completeness of one period, per registered branch.
RECEIVED = "received"
WAITING = "waiting"  # nothing yet, the deadline has not passed
MISSING = "missing"  # nothing accepted and the deadline has passed


@dataclass(frozen=True)
class BranchCompleteness:
    branch: str
    branch_name: str
    state: str  # RECEIVED, WAITING or MISSING
    revision: int | None  # the current (highest accepted) revision
    received_at: datetime | None  # when the current revision arrived
    late: bool  # received after the deadline
    held: int  # files for this period held or quarantined (somebody should look)


@dataclass(frozen=True)
class Completeness:
    period: str
    deadline: date
    branches: tuple[BranchCompleteness, ...]

    def by_state(self, state: str) -> list[str]:
        return [b.branch for b in self.branches if b.state == state]
