"""Real data can never live under the published demo key (issue 13 item 6).

The attack: a demo-keyed book with its demo flag cleared, put in the real folder, opened
without the credential store and without demo marking, accepted imports and could not be
re-keyed; importing into a genuine demo book was not refused either. Now a book keyed with the
demo key is a demo book whatever its flag says, opens only in a demo folder, and refuses
imports, summary approval and re-keying.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mccdesk import errors
from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.demo import make_demo_book
from mccdesk.paths import default_data_dir, default_demo_dir, is_demo_folder
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher
from tests.support import seed003
from tests.support.fixtures_gen import snapshot

TODAY = date(2025, 1, 6)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "training" / "demo"
    make_demo_book(folder, children=3, seed=2, today=TODAY)
    return folder


def _clear_the_flag(folder: Path) -> None:
    con = cipher.connect(folder / book_file.BOOK_FILE, book_file.DEMO_KEY)  # the published key
    try:
        con.execute("UPDATE book_meta SET value = '0' WHERE key = 'demo'")
        con.execute("UPDATE book_meta SET value = '本番ブランチ' WHERE key = 'branch_name'")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _move(demo: Path, to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    for name in (book_file.BOOK_FILE, book_file.KEYCHECK_FILE):
        shutil.copy2(demo / name, to / name)
    return to


def test_where_a_demo_book_may_live(tmp_path: Path) -> None:
    assert is_demo_folder(default_demo_dir())
    assert is_demo_folder(tmp_path / "demo")
    assert not is_demo_folder(default_data_dir())
    assert not is_demo_folder(tmp_path / "casebook")


@pytest.mark.parametrize("where", ["the real folder", "another folder"])
def test_a_demo_keyed_book_with_its_flag_cleared_is_refused_outside_the_demo_folder(
    where: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clear_the_flag(demo)
    folder = default_data_dir() if where == "the real folder" else tmp_path / "casebook"
    _move(demo, folder)
    before = snapshot(folder)
    with pytest.raises(errors.DemoBookOutsideDemoFolder):
        CaseBook.open(folder)
    argv = ["--lang", "en", "info"] if where == "the real folder" else [
        "--data-dir", str(folder), "--lang", "en", "info"
    ]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "This is a demo case book" in err and str(default_demo_dir()) in err
    sheet = seed003.write_csv(tmp_path)
    assert main(["--data-dir", str(folder), "import", str(sheet)]) == 2
    assert "デモ用ケースブック" in capsys.readouterr().err
    assert snapshot(folder) == before  # nothing opened, nothing written
    # Where it may open, it is marked demo whatever its flag says.
    with CaseBook.open(demo) as book:
        assert book.info().demo and book.info().branch_name == "本番ブランチ"


def test_a_demo_book_refuses_imports(demo: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = seed003.write_csv(tmp_path)
    with CaseBook.open(demo) as book:
        cases = book.totals(TODAY)["cases"]
    assert main(["--data-dir", str(demo), "--lang", "en", "import", str(sheet)]) == 2
    assert "Nothing can be imported into a demo case book" in capsys.readouterr().err
    with CaseBook.open(demo) as book:
        assert book.totals(TODAY)["cases"] == cases
        with pytest.raises(errors.DemoImportRefused):
            book.store.import_records([], None, "x.csv")


def test_a_demo_book_refuses_summary_approval_and_re_keying(demo: Path) -> None:
    from mccdesk.sync import outbox

    with CaseBook.open(demo) as book:
        with pytest.raises(errors.DemoApproveRefused):
            outbox.approve(book)
        with pytest.raises(errors.DemoRekeyRefused):
            book.rotate_key(show=lambda *_: None, confirm=lambda _: True)


def test_a_demo_backup_is_not_restored_into_the_real_folder(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with CaseBook.open(demo) as book:
        backup = book.backup(tmp_path / "demo.bak")
    real = tmp_path / "casebook"
    assert main(["--data-dir", str(real), "--lang", "en", "restore", str(backup)]) == 2
    assert "This is a demo case book" in capsys.readouterr().err
    assert not (real / book_file.BOOK_FILE).exists()
    again = tmp_path / "again" / "demo"  # a demo folder: fine
    assert main(["--data-dir", str(again), "restore", str(backup)]) == 0
    with CaseBook.open(again) as book:
        assert book.info().demo


def test_demo_books_are_made_only_in_a_demo_folder(tmp_path: Path) -> None:
    with pytest.raises(errors.DemoBookOutsideDemoFolder):
        make_demo_book(tmp_path / "casebook", children=1, today=TODAY)
    assert not (tmp_path / "casebook" / book_file.BOOK_FILE).exists()


def test_without_its_key_check_a_demo_book_is_still_refused_and_nothing_written(
    demo: Path, tmp_path: Path
) -> None:
    _clear_the_flag(demo)
    folder = _move(demo, tmp_path / "casebook")
    (folder / book_file.KEYCHECK_FILE).unlink()
    before = snapshot(folder)
    with pytest.raises(errors.DemoBookOutsideDemoFolder):
        CaseBook.open(folder)
    assert snapshot(folder) == before
