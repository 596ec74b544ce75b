"""`mccdesk referral-sheet`: list, save atomically, audit, refuse without consent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from tests.support.referrals import make_referral


def run(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), *args])


def test_lists_referrals_without_an_id(
    book: CaseBook, book_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rid = make_referral(book)
    capsys.readouterr()
    assert run(book_folder, "referral-sheet") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "紹介日", "児童", "紹介先"]
    assert lines[1].split()[:2] == [str(rid), "2024-09-20"]
    assert "よこすか訪問看護ステーション" in lines[1]


def test_saves_the_pdf_and_audits(book: CaseBook, book_folder: Path, tmp_path: Path) -> None:
    rid = make_referral(book)
    target = tmp_path / "sheet.pdf"
    assert (
        run(book_folder, "referral-sheet", str(rid), "-o", str(target), "--background", "編集済み")
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "神奈川 陽菜" in text and "編集済み" in text
    assert not target.with_name("sheet.pdf.partial").exists()
    events = [e for e in book.store.audit_events() if e.action == "print"]
    assert [(e.entity, e.entity_id) for e in events] == [("referral", rid)]


def test_no_consent_exits_4_and_writes_nothing(
    book: CaseBook, book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rid = make_referral(book, scopes=None)
    target = tmp_path / "sheet.pdf"
    assert run(book_folder, "referral-sheet", str(rid), "-o", str(target)) == 4
    assert "同意の記録" in capsys.readouterr().err
    assert list(tmp_path.glob("sheet.pdf*")) == []
    assert not [e for e in book.store.audit_events() if e.action == "print"]


def test_unknown_id_exits_4(book_folder: Path, tmp_path: Path) -> None:
    assert run(book_folder, "referral-sheet", "999", "-o", str(tmp_path / "x.pdf")) == 4
    assert not (tmp_path / "x.pdf").exists()


def test_missing_output_is_a_usage_error(book: CaseBook, book_folder: Path) -> None:
    assert run(book_folder, "referral-sheet", str(make_referral(book))) == 2
