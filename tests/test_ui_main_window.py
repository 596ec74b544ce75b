"""The main window, its home page and the app's start-up, offscreen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mccdesk.casebook import CaseBook
from mccdesk.demo import make_demo_book
from mccdesk.errors import MccdeskError
from mccdesk.periods import FiscalQuarter
from mccdesk.ui import app as ui_app
from mccdesk.ui import errors_dialog
from mccdesk.ui.errors_dialog import ErrorDialog
from mccdesk.ui.main_window import CASES, DEMO_BANNER, HOME, NEW_CONSULTATION, MainWindow
from tests.support.ui import shown_active

TODAY = date(2025, 11, 12)


def _texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel)]


def _number(window: MainWindow, key: str) -> str:
    return window.home.tiles[key].number.text()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ui-demo") / "demo"
    make_demo_book(folder, children=10, seed=3, today=TODAY)
    return folder


def test_demo_book_shows_the_banner_and_its_counts(qtbot, demo_folder: Path) -> None:  # type: ignore[no-untyped-def]
    book = CaseBook.open(demo_folder)
    totals = book.totals(TODAY)
    window = MainWindow(book, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.banner is not None and window.banner.isVisible()
    assert window.banner.text() == DEMO_BANNER
    assert window.windowTitle() == "mccdesk — デモ圏域ブランチ（架空）"
    assert totals["children"] == 10 and _number(window, "children") == "10"
    for key in ("cases", "open_cases", "referrals_waiting", "follow_ups_overdue"):
        assert _number(window, key) == f"{totals[key]:,}"
    assert any(FiscalQuarter.containing(TODAY).label_ja() in t for t in _texts(window))
    assert window.cases.model.rowCount() == totals["cases"]
    window.close()


def test_real_book_has_no_banner_and_shows_branch_and_coordinator(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(book)
    qtbot.addWidget(window)
    assert window.banner is None
    assert not any("デモ" in t for t in _texts(window))
    assert window.windowTitle() == "mccdesk — テスト圏域ブランチ"
    assert "テスト圏域ブランチ" in window.branch_label.text()
    assert window.coordinator.currentText() == "試験 花子"
    assert _number(window, "children") == "0"


def test_keyboard_shortcuts_switch_pages(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = shown_active(qtbot, MainWindow(book))
    assert window.current_page() == HOME
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == NEW_CONSULTATION
    qtbot.waitUntil(lambda: window.new_consultation.opened_on.hasFocus())
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == CASES
    qtbot.waitUntil(lambda: window.cases.search.hasFocus())
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() == HOME
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() == CASES


def test_closing_the_window_closes_the_book(qtbot, demo_folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    book = CaseBook.open(demo_folder)
    closed: list[bool] = []
    monkeypatch.setattr(book, "close", lambda: closed.append(True))
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert closed == [True]
    book.opened.close()


def test_run_on_an_empty_folder_shows_one_message_and_exits_2(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))
    assert ui_app.run(tmp_path / "empty") == 2
    assert len(shown) == 1
    assert "ケースブックがありません" in shown[0]
    assert "Traceback" not in shown[0]


def test_error_dialog_is_short_and_copies_details(qtbot) -> None:  # type: ignore[no-untyped-def]
    try:
        raise KeyError("boom")
    except KeyError as exc:
        dialog = ErrorDialog(None, exc)
    qtbot.addWidget(dialog)
    assert dialog.message.text().startswith(MccdeskError().message("ja"))
    assert "Traceback" not in dialog.message.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtWidgets import QApplication

    copied = QApplication.clipboard().text()
    assert "KeyError" in copied and "Traceback" in copied
    assert errors_dialog.error_text(MccdeskError()) == MccdeskError().message("ja")


def test_japanese_font_choice_prefers_biz_ud() -> None:
    families = ["DejaVu Sans", "Noto Sans CJK JP", "BIZ UDGothic", "BIZ UDPGothic"]
    assert ui_app.japanese_family(families) == "BIZ UDPGothic"
    assert ui_app.japanese_family(["IPAexGothic", "Arial"]) == "IPAexGothic"
    assert ui_app.japanese_family(["Arial"]) is None
