"""A quarterly summary from draft to queued file: build for review, approve (sign and queue).

The draft keeps the summary's canonical JSON exactly as the coordinator reviews it; approval
signs and seals those bytes, stores the whole file once, and takes the next per-branch sequence
number and the hash of the previous file (the chain the prefecture checks). Approving again for
the same period (after a new build) makes the next revision.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from mccdesk.errors import BadInput, UsageError
from mccdesk.periods import FiscalQuarter
from mccdesk.storage import sync_store
from mccdesk.sync import envelope, keys, package, reference, summary

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

Entry = sync_store.OutboxEntry


class PrefectureNotPinned(UsageError):
    ja = (
        "県の公開鍵がまだ登録されていないため、承認できません。\n"
        "県の参照パッケージ（drop/reference/ にあります）と、\n"
        "県から電話で聞いた指紋で登録してください:\n"
        '  mccdesk trust-prefecture <パッケージ> --fingerprint "XXXX XXXX XXXX XXXX XXXX"'
    )
    en = (
        "The summary cannot be approved: the prefecture's public key is not pinned yet.\n"
        "Pin it from the prefecture's reference package (in drop/reference/) and the fingerprint\n"
        "the prefecture reads to you by phone:\n"
        '  mccdesk trust-prefecture <package> --fingerprint "XXXX XXXX XXXX XXXX XXXX"'
    )


class NothingToApprove(UsageError):
    ja = (
        "承認する集計の下書きがありません{where}。"
        "先に `mccdesk summary build --period …` を実行してください。"
    )
    en = (
        "There is no summary draft to approve{where}. Run `mccdesk summary build --period …` first."
    )


class SeveralDrafts(UsageError):
    ja = "下書きが複数あります（{periods}）。--period で選んでください。"
    en = "There are several drafts ({periods}). Choose one with --period."


class SummaryOutdated(UsageError):
    ja = (
        "下書きを作った後に、ケースブックの記録か承認済みの集計が変わったため、承認しませんでした"
        "（下書きはそのままです）。\n"
        "集計を作り直して、内容を確認してから承認してください。"
    )
    en = (
        "Not approved: the case book's records or the approved summaries changed after this "
        "draft was built (the draft is unchanged).\n"
        "Build the summary again, review it, then approve."
    )


class NoSummary(BadInput):
    ja = "この期間の集計はありません: {period}"
    en = "No summary for this period: {period}"


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_draft(book: CaseBook, period: FiscalQuarter) -> Entry:
    """Count, protect and validate the period's summary, and keep it as the draft to review."""
    built = summary.build(book, period, reference.pinned_policy(book))  # the prefecture's policy
    return sync_store.save_draft(book.opened.engine, period.code, built.canonical())


def approve(
    book: CaseBook, period: FiscalQuarter | None = None, reviewed: bytes | None = None
) -> Entry:
    """Sign and seal the reviewed draft, store the file and queue it for delivery.

    The summary is built again first: disclosure control compares with the files approved
    before, and the counts come from the case book, so a draft built before another approval
    or a change of records may no longer be safe or true. Only if the new build is the same,
    byte for byte, is it signed (the coordinator signs exactly what they reviewed); otherwise
    SummaryOutdated. `reviewed`: the content the screen showed, if the caller knows it.
    """
    book.require_real("approve")  # a demo book's synthetic people never leave as a summary
    key = reference.pinned(book)
    if key is None:
        raise PrefectureNotPinned()
    engine = book.opened.engine
    drafts = sync_store.outbox(
        engine, period=None if period is None else period.code, states=(sync_store.DRAFT,)
    )
    if not drafts:
        where = "" if period is None else f" ({period.code})"
        raise NothingToApprove(where=where)
    if len(drafts) > 1:
        raise SeveralDrafts(periods=", ".join(d.period for d in drafts))
    draft = drafts[0]
    if reviewed is not None and reviewed != draft.content:
        raise SummaryOutdated()  # rebuilt elsewhere since the screen showed it
    doc = json.loads(draft.content)
    summary.validate(doc, book.ref)  # what leaves the office is checked once more
    branch_key = keys.branch_key(book)  # read (or made) before approve's transaction begins
    before = sync_store.fingerprint(engine)
    quarter = FiscalQuarter.parse(draft.period)
    if summary.build(book, quarter, reference.pinned_policy(book)).canonical() != draft.content:
        raise SummaryOutdated()

    def make(revision: int, seq: int, prev_hash: str) -> tuple[str, bytes]:
        return package.content_file(
            book,
            branch=doc["branch"],
            period=doc["period"],
            policy=doc["policy"],
            content=draft.content,
            revision=revision,
            seq=seq,
            prev_hash=prev_hash,
            prefecture_public=key.sealing_key,
            key=branch_key,
        )

    try:
        entry = sync_store.approve(
            engine,
            draft.id,
            make,
            file_hash,
            book.coordinator_id,
            content=draft.content,
            expect=before,
        )
    except sync_store.Changed:
        raise SummaryOutdated() from None  # something moved while the summary was rebuilt
    book.store.record_event("approve", "summary", entry.id, book.coordinator_id, entry.period)
    return entry


def latest(book: CaseBook, period: FiscalQuarter) -> Entry:
    """The period's newest summary: the draft if there is one, else the last approved."""
    entries = sync_store.outbox(book.opened.engine, period=period.code)
    if not entries:
        raise NoSummary(period=period.code)
    drafts = [e for e in entries if e.state == sync_store.DRAFT]
    return drafts[-1] if drafts else max(entries, key=lambda e: e.revision or 0)


def entries(book: CaseBook) -> list[Entry]:
    return sync_store.outbox(book.opened.engine)


def as_json(entry: Entry) -> dict[str, Any]:
    """What `summary show --json` prints: the signed header (once approved) and the content."""
    header = None
    if entry.data is not None:
        _, header_bytes, _ = envelope.split(entry.data)
        header = json.loads(header_bytes)
    return {
        "state": entry.state,
        "file": entry.file_name,
        "sha256": entry.file_hash,
        "header": header,
        "content": json.loads(entry.content),
    }
