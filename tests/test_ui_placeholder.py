"""The placeholder window and the app's start-up, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from mccdesk.casebook import CaseBook
from mccdesk.demo import make_demo_book
from mccdesk.periods import FiscalQuarter
from mccdesk.ui import app as ui_app
from mccdesk.ui.placeholder_window import DEMO_BANNER, PlaceholderWindow

TODAY = date(2025, 11, 12)


def _texts(window: PlaceholderWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel)]


def _number(window: PlaceholderWindow, key: str) -> str:
    for label in window.findChildren(QLabel):
        if label.property("count_key") == key:
            return label.text()
    raise AssertionError(f"no count label for {key}")


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ui-demo") / "book"
    make_demo_book(folder, children=12, seed=3, today=TODAY)
    return folder


def test_demo_book_shows_the_banner_and_its_counts(qtbot, demo_folder: Path) -> None:  # type: ignore[no-untyped-def]
    book = CaseBook.open(demo_folder)
    totals = book.totals(TODAY)
    window = PlaceholderWindow(book, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    texts = _texts(window)
    assert DEMO_BANNER in texts
    assert window.windowTitle() == "mccdesk — デモ圏域ブランチ（架空）"
    for key, label in (
        ("children", "児童"),
        ("cases", "相談ケース"),
        ("open_cases", "継続中"),
        ("referrals_waiting", "回答待ちのつなぎ"),
        ("follow_ups_overdue", "期限切れのモニタリング"),
    ):
        assert _number(window, key) == f"{totals[key]:,}"
        assert any(t.startswith(label + "（") for t in texts), label
    assert totals["children"] == 12 and _number(window, "children") == "12"
    assert any(FiscalQuarter.containing(TODAY).label_ja() in t for t in texts)
    window.close()


def test_real_book_shows_no_banner(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = PlaceholderWindow(book)
    qtbot.addWidget(window)
    texts = _texts(window)
    assert DEMO_BANNER not in texts and not any("デモ" in t for t in texts)
    assert window.windowTitle() == "mccdesk — テスト圏域ブランチ"
    assert _number(window, "children") == "0"


def test_closing_the_window_closes_the_book(qtbot, demo_folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    book = CaseBook.open(demo_folder)
    closed: list[bool] = []
    monkeypatch.setattr(book, "close", lambda: closed.append(True))
    window = PlaceholderWindow(book)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert closed == [True]
    book.opened.close()


def test_run_on_an_empty_folder_shows_one_message_and_exits_2(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text))
    )
    assert ui_app.run(tmp_path / "empty") == 2
    assert len(shown) == 1
    assert "ケースブックがありません" in shown[0]
    assert "Traceback" not in shown[0]


def test_japanese_font_choice_prefers_biz_ud() -> None:
    families = ["DejaVu Sans", "Noto Sans CJK JP", "BIZ UDGothic", "BIZ UDPGothic"]
    assert ui_app.japanese_family(families) == "BIZ UDPGothic"
    assert ui_app.japanese_family(["IPAexGothic", "Arial"]) == "IPAexGothic"
    assert ui_app.japanese_family(["Arial"]) is None
