"""`mccdesk init`, `key rotate` (with the recovery-key sheet) and `demo`, as an admin runs them."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.demo import make_demo_book
from mccdesk.errors import KeyMissing
from mccdesk.storage.keystore import KeyStore
from tests.support.rotation import TypesTheNewKey

KEY_LINE = re.compile(r"^\d{6}(?:-\d{6})+$")


def printed_key(out: str) -> str:
    keys = [line for line in out.splitlines() if KEY_LINE.fullmatch(line.strip())]
    assert len(keys) == 1, out  # printed exactly once
    return keys[0].strip()


def sheet_key(pdf: Path) -> str:
    """The key groups as printed on the sheet, in reading order."""
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    table = text.split("左上から右へ順に）", 1)[1].split("保管と使い方", 1)[0]  # not the book id
    return "-".join(re.findall(r"(?<!\d)\d{6}(?!\d)", table))


def forget_key(folder: Path) -> None:
    """As on a new PC: the credential store no longer has the key."""
    with CaseBook.open(folder) as book:
        book_id = book.info().book_id
    KeyStore().delete(book_id)
    with pytest.raises(KeyMissing):
        CaseBook.open(folder)


def owner_only(path: Path) -> bool:
    return os.name != "posix" or stat.S_IMODE(path.stat().st_mode) == 0o600


def test_init_writes_the_recovery_sheet_whose_key_unlocks_the_book(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "回復キー.pdf"
    args = ["--data-dir", str(data_dir)]
    init = ["init", "--branch-id", "B01", "--branch-name", "横須賀ブランチ", "--area"]
    assert main([*args, *init, "yokosuka-miura", "--recovery-sheet", str(sheet)]) == 0
    out = capsys.readouterr().out
    key = printed_key(out)
    assert f"回復キーシートを保存しました（このユーザーだけが読めます）: {sheet}" in out
    assert sheet_key(sheet) == key and len(key.split("-")) >= 8
    assert owner_only(sheet) and not list(tmp_path.glob("*.partial"))
    text = PdfReader(io.BytesIO(sheet.read_bytes())).pages[0].extract_text()
    assert "横須賀ブランチ" in text and "mccdesk unlock" in text and "鍵ID" in text

    forget_key(data_dir)
    assert main([*args, "unlock", "--recovery-key", sheet_key(sheet)]) == 0
    with CaseBook.open(data_dir) as book:
        assert book.info().branch_name == "横須賀ブランチ"


def test_rotate_writes_a_new_sheet_and_the_old_key_stops_working(
    book_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ["--data-dir", str(book_folder), "--lang", "en"]
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    with CaseBook.open(book_folder) as book:
        monkeypatch.setattr(sys, "stdin", TypesTheNewKey(book.info().book_id))
    assert main([*args, "key", "rotate", "--recovery-sheet", str(first)]) == 0
    old = printed_key(capsys.readouterr().out)
    assert main([*args, "key", "rotate", "--recovery-sheet", str(second)]) == 0
    out = capsys.readouterr().out
    new = printed_key(out)
    assert f"Recovery-key sheet saved (readable by this user only): {second}" in out
    assert sheet_key(first) == old and sheet_key(second) == new != old
    assert owner_only(second)

    forget_key(book_folder)
    assert main([*args, "unlock", "--recovery-key", old]) == 3  # the earlier sheet is void
    assert main([*args, "unlock", "--recovery-key", sheet_key(second)]) == 0
    CaseBook.open(book_folder).close()


def test_an_existing_sheet_file_is_refused_before_the_key_changes(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "sheet.pdf"
    taken.write_bytes(b"someone else's file")
    args = ["--data-dir", str(book_folder), "--lang", "en"]
    with CaseBook.open(book_folder) as book:
        events = len(book.store.audit_events())
    assert main([*args, "key", "rotate", "--recovery-sheet", str(taken)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert taken.read_bytes() == b"someone else's file"
    with CaseBook.open(book_folder) as book:  # the stored key still opens it: nothing changed
        assert len(book.store.audit_events()) == events
    missing = tmp_path / "no-such-folder" / "sheet.pdf"
    assert main([*args, "key", "rotate", "--recovery-sheet", str(missing)]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_demo_says_when_the_existing_demo_book_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    make_demo_book(folder, children=3, seed=1, today=date(2024, 10, 1))
    assert main(["--data-dir", str(folder), "demo", "--children", "3"]) == 0
    out = capsys.readouterr().out
    assert "既存のデモ用ケースブックを使います" in out and "作成しました" not in out
    assert main(["--data-dir", str(folder), "--lang", "en", "demo", "--children", "3"]) == 0
    assert "Using the existing demo case book" in capsys.readouterr().out


def test_demo_says_created_for_a_new_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    assert main(["--data-dir", str(folder), "demo", "--children", "3"]) == 0
    assert "デモ用ケースブック（架空の人物）を作成しました" in capsys.readouterr().out
    with CaseBook.open(folder) as book:
        assert book.info().demo
