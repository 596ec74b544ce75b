"""The demo case book: synthetic people, clearly marked, deterministic, never over a real book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.demo import DEMO_MARK, make_demo_book
from mccdesk.errors import AlreadyInitialised
from mccdesk.storage.book import BOOK_FILE

TODAY = date(2025, 11, 12)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "demo"
    info = make_demo_book(folder, children=30, seed=7, today=TODAY)
    assert info is not None and info.demo
    return folder


def test_demo_book_has_the_expected_contents(demo_folder: Path) -> None:
    with CaseBook.open(demo_folder) as book:
        totals = book.totals(TODAY)
        assert totals["children"] == 30
        assert totals["cases"] > 30
        assert 0 < totals["open_cases"] < totals["cases"]
        assert totals["follow_ups_overdue"] > 0
        assert len(book.resources()) >= 20
        assert len(book.coordinators()) == 3
        assert len(book.local_issues()) == 3
        assert book.referrals() and book.activities()
        assert any(c.child_id is None for c in book.cases())
        assert any(f.done_on is not None for f in book.follow_ups())
        assert any(
            f.done_on is None and 0 <= (f.due_on - TODAY).days < 7 for f in book.follow_ups()
        )
        assert {c.status for c in book.cases()} == {"ongoing", "watching", "closed"}


def test_every_child_is_marked_as_synthetic(demo_folder: Path) -> None:
    with CaseBook.open(demo_folder) as book:
        info = book.info()
        children = book.search_children("", limit=1000)
    assert info.demo is True
    assert "架空" in info.branch_name
    assert len(children) == 30
    assert all(c.note.startswith(DEMO_MARK) for c in children)
    assert all(c.birth_date is not None and c.birth_date <= TODAY for c in children)


def test_same_seed_and_day_give_the_same_book(demo_folder: Path, tmp_path: Path) -> None:
    again = tmp_path / "again" / "demo"
    make_demo_book(again, children=30, seed=7, today=TODAY)
    books = [CaseBook.open(demo_folder), CaseBook.open(again)]
    try:
        first, second = (
            (b.totals(TODAY), sorted(c.name for c in b.search_children("", 1000))) for b in books
        )
    finally:
        for b in books:
            b.close()
    assert first == second


def test_a_real_case_book_is_refused_and_left_untouched(book_folder: Path) -> None:
    before = _snapshot(book_folder)
    for replace in (False, True):
        with pytest.raises(AlreadyInitialised):
            make_demo_book(book_folder, children=3, replace=replace, today=TODAY)
    assert _snapshot(book_folder) == before


def test_a_demo_book_is_kept_unless_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = make_demo_book(folder, children=4, seed=1, today=TODAY)
    assert make_demo_book(folder, children=6, seed=1, today=TODAY) is None
    with CaseBook.open(folder) as book:
        assert book.info().book_id == first.book_id
        assert book.totals(TODAY)["children"] == 4
    again = make_demo_book(folder, children=6, seed=1, replace=True, today=TODAY)
    assert again is not None and again.book_id != first.book_id
    with CaseBook.open(folder) as book:
        assert book.totals(TODAY)["children"] == 6
    assert (folder / BOOK_FILE).exists()


def test_cli_makes_a_demo_book_and_info_says_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cli" / "demo"
    assert main(["--data-dir", str(folder), "demo", "--children", "10"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "info"]) == 0
    out = capsys.readouterr().out
    assert "デモ" in out and "児童 10 人" in out
