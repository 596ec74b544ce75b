"""A later signed ack for the same file changes its state; an older one never does."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.storage import sync_store
from mccdesk.sync import ack, drop, keys, outbox, reference
from tests.support.prefecture import Prefecture

Q3 = FiscalQuarter.parse("FY2024-Q3")


@pytest.fixture
def pinned(book: CaseBook, tmp_path: Path) -> Prefecture:
    pref = Prefecture.new()
    pref.register("B01", keys.branch_key(book).public_key)
    package = tmp_path / "reference.mccref"
    package.write_bytes(pref.reference_package())
    reference.trust(book, package, pref.fingerprint.lower().replace(" ", ""))
    return pref


@pytest.fixture
def delivered(book: CaseBook, pinned: Prefecture, tmp_path: Path) -> sync_store.OutboxEntry:
    (tmp_path / "drop").mkdir()
    outbox.build_draft(book, Q3)
    entry = outbox.approve(book, Q3)
    assert drop.sync(book, tmp_path / "drop").delivered == [entry.file_name]
    return entry


def _answer(
    pref: Prefecture,
    drop_dir: Path,
    entry: sync_store.OutboxEntry,
    accepted: bool,
    reason: str,
    created_at: str,
) -> None:
    """The ack as the prefecture's ingest writes it: one file per hash, replaced on change."""
    data = entry.data or b""
    digest = hashlib.sha256(data).hexdigest()
    answer = ack.Ack("B01", entry.file_name or "", digest, accepted, reason, created_at)
    drop.write_replacing(
        drop_dir / "outbox" / "B01",
        digest + ack.SUFFIX,
        ack.make_ack(pref.signing_private, answer),
        drop_dir,
    )


def _state(book: CaseBook) -> tuple[str, str]:
    (entry,) = outbox.entries(book)
    return entry.state, entry.reason


def test_a_held_file_accepted_later_shows_as_acknowledged(
    book: CaseBook, pinned: Prefecture, delivered: sync_store.OutboxEntry, tmp_path: Path
) -> None:
    drop_dir = tmp_path / "drop"
    _answer(pinned, drop_dir, delivered, False, "gap", "2024-12-20T00:00:00Z")
    report = drop.sync(book, drop_dir)
    assert _state(book) == ("refused", "gap")
    assert report.answered == [(delivered.file_name, "refused", "gap")]

    _answer(pinned, drop_dir, delivered, True, "", "2024-12-21T09:00:00Z")
    report = drop.sync(book, drop_dir)
    assert _state(book) == ("acknowledged", "")
    assert report.answered == [(delivered.file_name, "acknowledged", "")]
    (entry,) = outbox.entries(book)
    assert entry.answered_at is not None and entry.answered_at.isoformat() == "2024-12-21T09:00:00"


def test_an_accepted_file_refused_later_shows_as_refused(
    book: CaseBook, pinned: Prefecture, delivered: sync_store.OutboxEntry, tmp_path: Path
) -> None:
    drop_dir = tmp_path / "drop"
    _answer(pinned, drop_dir, delivered, True, "", "2024-12-20T00:00:00Z")
    drop.sync(book, drop_dir)
    assert _state(book) == ("acknowledged", "")

    # An older answer (a stale copy put back on the drop) changes nothing.
    _answer(pinned, drop_dir, delivered, False, "gap", "2024-12-19T23:00:00Z")
    assert drop.sync(book, drop_dir).answered == []
    assert _state(book) == ("acknowledged", "")

    # 10:00 in Japan is 01:00Z: signed after the acceptance, so the refusal wins.
    _answer(pinned, drop_dir, delivered, False, "equivocation", "2024-12-20T10:00:00+09:00")
    report = drop.sync(book, drop_dir)
    assert _state(book) == ("refused", "equivocation")
    assert report.answered == [(delivered.file_name, "refused", "equivocation")]
    assert drop.sync(book, drop_dir).answered == []  # the same ack again: nothing new


def test_an_undated_later_answer_does_not_override(
    book: CaseBook, pinned: Prefecture, delivered: sync_store.OutboxEntry, tmp_path: Path
) -> None:
    drop_dir = tmp_path / "drop"
    _answer(pinned, drop_dir, delivered, True, "", "2024-12-20T00:00:00Z")
    drop.sync(book, drop_dir)
    _answer(pinned, drop_dir, delivered, False, "gap", "yesterday")
    drop.sync(book, drop_dir)
    assert _state(book) == ("acknowledged", "")
