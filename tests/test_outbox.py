"""Outbox: pinning the prefecture key, build → approve → deliver → ack, unreachable drops."""

from __future__ import annotations

import errno
import hashlib
import os
from datetime import date
from pathlib import Path

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.storage import sync_store
from mccdesk.sync import drop, envelope, keys, outbox, reference, summary
from tests.support.prefecture import Prefecture

Q3 = FiscalQuarter.parse("FY2024-Q3")


@pytest.fixture
def prefecture(book: CaseBook) -> Prefecture:
    pref = Prefecture.new()
    pref.register("B01", keys.branch_key(book).public_key)
    return pref


@pytest.fixture
def pinned(book: CaseBook, prefecture: Prefecture, tmp_path: Path) -> Prefecture:
    package = tmp_path / "reference.mccref"
    package.write_bytes(prefecture.reference_package())
    reference.trust(book, package, prefecture.fingerprint.lower().replace(" ", ""))
    return prefecture


def _queued(book: CaseBook, period: FiscalQuarter = Q3) -> sync_store.OutboxEntry:
    outbox.build_draft(book, period)
    return outbox.approve(book, period)


def _inbox(drop_dir: Path) -> list[str]:
    return sorted(p.name for p in (drop_dir / "inbox" / "B01").iterdir())


def test_approval_is_refused_until_the_prefecture_key_is_pinned(book: CaseBook) -> None:
    outbox.build_draft(book, Q3)
    with pytest.raises(outbox.PrefectureNotPinned) as caught:
        outbox.approve(book, Q3)
    assert "mccdesk trust-prefecture" in caught.value.message("en")
    assert [e.state for e in outbox.entries(book)] == ["draft"]


def test_a_package_with_another_fingerprint_pins_nothing(
    book: CaseBook, prefecture: Prefecture, tmp_path: Path
) -> None:
    package = tmp_path / "reference.mccref"
    package.write_bytes(prefecture.reference_package())
    with pytest.raises(reference.FingerprintMismatch):
        reference.trust(book, package, Prefecture.new().fingerprint)
    tampered = bytearray(package.read_bytes())
    tampered[tampered.index(b'"version":"2024.1"') + 12] ^= 1
    package.write_bytes(bytes(tampered))
    with pytest.raises(reference.PackageRejected):
        reference.trust(book, package, prefecture.fingerprint)
    assert reference.pinned(book) is None


def test_approved_files_chain_and_revise(book: CaseBook, pinned: Prefecture) -> None:
    first = _queued(book)
    assert (first.state, first.revision, first.seq, first.prev_hash) == ("approved", 0, 1, "")
    header, tables = pinned.read(first.file_name or "", first.data or b"")
    assert header["seq"] == 1 and tables["period"] == "FY2024-Q3"
    second = _queued(book)  # a correction of the same period
    assert (second.revision, second.seq) == (1, 2)
    assert second.prev_hash == hashlib.sha256(first.data or b"").hexdigest()
    assert pinned.read(second.file_name or "", second.data or b"")[0]["revision"] == 1
    assert {e.action for e in book.store.audit_events()} >= {"approve", "trust"}


def test_deliver_then_acknowledge_or_refuse(
    book: CaseBook, pinned: Prefecture, tmp_path: Path
) -> None:
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    first = _queued(book)
    report = drop.sync(book, drop_dir)
    assert report.delivered == [first.file_name] and not report.queued
    assert _inbox(drop_dir) == [first.file_name]
    assert (drop_dir / "inbox/B01" / (first.file_name or "")).read_bytes() == first.data
    assert [e.state for e in outbox.entries(book)] == ["delivered"]
    assert drop.sync(book, drop_dir).delivered == []  # nothing written twice

    second = _queued(book, FiscalQuarter.parse("FY2024-Q2"))
    drop.sync(book, drop_dir)
    acks = drop_dir / "outbox" / "B01"
    acks.mkdir(parents=True)
    (acks / "a1.mccack").write_bytes(pinned.ack("B01", first.file_name or "", first.data or b""))
    (acks / "a2.mccack").write_bytes(
        pinned.ack("B01", second.file_name or "", second.data or b"", False, "seq gap")
    )
    forged = Prefecture.new()  # a key nobody pinned
    (acks / "a3.mccack").write_bytes(forged.ack("B01", first.file_name or "", b"x", False))
    (acks / "a4.mccack.partial").write_bytes(b"half")
    report = drop.sync(book, drop_dir)
    states = {e.period: (e.state, e.reason) for e in outbox.entries(book)}
    assert states == {"FY2024-Q3": ("acknowledged", ""), "FY2024-Q2": ("refused", "seq gap")}
    assert any("a3.mccack" in w for w in report.warnings)
    assert not any("partial" in w for w in report.warnings)


def test_an_unreachable_drop_keeps_the_summary_queued(
    book: CaseBook, pinned: Prefecture, tmp_path: Path
) -> None:
    entry = _queued(book)
    report = drop.sync(book, tmp_path / "not-mounted" / "drop")
    assert report.queued and report.queued[0][0] == entry.file_name
    (state,) = outbox.entries(book)
    assert state.state == "approved" and "ENOENT" in state.last_error
    assert not (tmp_path / "not-mounted").exists()  # never created by us
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    assert drop.sync(book, drop_dir).delivered == [entry.file_name]
    assert _inbox(drop_dir) == [entry.file_name]


def test_a_write_error_midway_keeps_it_queued(
    book: CaseBook, pinned: Prefecture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _queued(book)
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()

    def gone(*_: object) -> None:
        raise OSError(errno.EHOSTDOWN, "host is down")

    monkeypatch.setattr(os, "replace", gone)
    assert drop.sync(book, drop_dir).queued
    assert outbox.entries(book)[0].state == "approved"
    monkeypatch.undo()
    assert drop.sync(book, drop_dir).delivered == [entry.file_name]
    assert _inbox(drop_dir) == [entry.file_name]  # the stale .partial was swept


def test_transient_sharing_violations_are_retried(
    book: CaseBook, pinned: Prefecture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _queued(book)
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    real, calls, slept = os.replace, [], []

    def busy(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) < 3:
            exc = PermissionError(errno.EACCES, "sharing violation")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        real(src, dst)

    monkeypatch.setattr(os, "replace", busy)
    monkeypatch.setattr(drop, "sleep", slept.append)
    assert drop.sync(book, drop_dir).delivered == [entry.file_name]
    assert len(calls) == 3 and slept == list(drop.BACKOFF[:2])


def test_a_file_already_in_place_is_not_written_again(
    book: CaseBook, pinned: Prefecture, tmp_path: Path
) -> None:
    entry = _queued(book)
    inbox = tmp_path / "drop" / "inbox" / "B01"
    inbox.mkdir(parents=True)
    (inbox / (entry.file_name or "")).write_bytes(entry.data or b"")
    report = drop.sync(book, tmp_path / "drop")
    assert report.already_there == [entry.file_name] and report.delivered == []
    assert outbox.entries(book)[0].state == "delivered"
    assert envelope.NAME.fullmatch(entry.file_name or "")


def _add_children(book: CaseBook, count: int, residence: str, opened: date) -> None:
    for n in range(count):
        child = book.add_child(
            d.ChildDraft(
                family_name="テスト",
                given_name=f"児{residence}{opened:%m}{n:02d}",
                birth_date=date(2019, 6, 1),
                sex="female",
                residence=residence,
                care_types=("suction",),
            )
        )
        book.open_case(
            d.CaseDraft(
                opened_on=opened,
                contact_method="phone",
                consulter_type="family",
                residence=residence,
                topics=("respite",),
                child_id=child.id,
            )
        )


def test_a_draft_built_before_another_approval_is_not_signed(
    book: CaseBook, pinned: Prefecture
) -> None:
    q1, q2 = FiscalQuarter(2024, 1), FiscalQuarter(2024, 2)
    _add_children(book, 15, "142018", date(2024, 4, 10))
    _add_children(book, 12, "142042", date(2024, 5, 10))
    _add_children(book, 1, "142018", date(2024, 8, 1))
    stale = outbox.build_draft(book, q2)  # built while nothing had been sent
    outbox.build_draft(book, q1)
    outbox.approve(book, q1)  # now Q2 beside Q1 would show the one child who joined
    with pytest.raises(outbox.SummaryOutdated) as caught:
        outbox.approve(book, q2)
    assert "集計を作り直して" in caught.value.message("ja")
    states = {e.period: e.state for e in outbox.entries(book)}
    assert states == {"FY2024-Q1": "approved", "FY2024-Q2": "draft"}
    assert outbox.latest(book, q2).content == stale.content  # what was reviewed, untouched

    fresh = outbox.build_draft(book, q2)
    assert fresh.content != stale.content
    approved = outbox.approve(book, q2, reviewed=fresh.content)
    assert (approved.state, approved.seq, approved.content) == ("approved", 2, fresh.content)


def test_a_draft_built_before_the_records_changed_is_not_signed(
    book: CaseBook, pinned: Prefecture
) -> None:
    reviewed = outbox.build_draft(book, Q3)
    _add_children(book, 1, "142018", date(2024, 11, 1))
    with pytest.raises(outbox.SummaryOutdated):
        outbox.approve(book, Q3)
    assert [e.state for e in outbox.entries(book)] == ["draft"]
    # Rebuilt elsewhere after the screen showed it: not what was reviewed either.
    outbox.build_draft(book, Q3)
    with pytest.raises(outbox.SummaryOutdated):
        outbox.approve(book, Q3, reviewed=reviewed.content)
    assert [e.state for e in outbox.entries(book)] == ["draft"]


def test_a_change_that_alters_no_count_does_not_block_approval(
    book: CaseBook, pinned: Prefecture
) -> None:
    draft = outbox.build_draft(book, Q3)
    book.add_coordinator("別の 担当者")  # audited, but counts nothing a summary shows
    assert outbox.approve(book, Q3, reviewed=draft.content).content == draft.content


def test_a_change_made_while_the_summary_is_rebuilt_is_caught(
    book: CaseBook, pinned: Prefecture, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = outbox.build_draft(book, Q3)
    rebuild = summary.build

    def another_pc_writes_meanwhile(*args: object, **kwargs: object) -> summary.Summary:
        built = rebuild(*args, **kwargs)  # type: ignore[arg-type]
        _add_children(book, 1, "142018", date(2024, 11, 1))
        return built

    monkeypatch.setattr(summary, "build", another_pc_writes_meanwhile)
    with pytest.raises(outbox.SummaryOutdated):
        outbox.approve(book, Q3, reviewed=draft.content)
    assert [e.state for e in outbox.entries(book)] == ["draft"]
