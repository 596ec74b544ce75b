"""Start-up: the key from the credential store, else the recovery key; then who is working."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.storage.keystore import KeyStore
from mccdesk.ui import app as ui_app
from mccdesk.ui.coordinator_dialog import CoordinatorDialog
from mccdesk.ui.main_window import MainWindow
from mccdesk.ui.preferences import Preferences
from mccdesk.ui.recovery_key_dialog import RecoveryKeyDialog
from mccdesk.ui.start import choose_coordinator, open_book
from tests.conftest import Template


def when_shown(kind: type[QWidget], action: Callable[[QWidget], None]) -> list[QWidget]:
    """Run `action` on the first visible top-level `kind` (a modal dialog's exec() is running)."""
    seen: list[QWidget] = []

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                seen.append(widget)
                try:
                    action(widget)
                finally:
                    if widget.isVisible() and hasattr(widget, "reject"):
                        widget.reject()  # never leave a test waiting on a modal dialog
                return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def _typo(group: str) -> str:
    return group[:2] + str((int(group[2]) + 1) % 10) + group[3:]


def test_without_the_stored_key_start_asks_for_the_recovery_key(
    qtbot, book_folder: Path, template_book: Template, keystore: KeyStore
) -> None:  # type: ignore[no-untyped-def]
    keystore.delete(template_book.book_id)
    groups = CaseBook.recovery_key_text(template_book.key).split("-")
    typed = [*groups[:4], _typo(groups[4]), *groups[5:]]
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        dialog.set_key_text("-".join(typed))  # as if pasted from a note, with a typo
        seen["inline"] = dialog.message.text()
        seen["refused"] = not dialog.try_unlock()
        seen["after open"] = dialog.message.text()
        seen["focus"] = dialog.focusWidget() is dialog.boxes[4]  # the group to fix
        dialog.boxes[4].selectAll()
        qtbot.keyClicks(dialog.boxes[4], groups[4])  # the person fixes group 5
        seen["fixed"] = dialog.message.text()
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    shown = when_shown(RecoveryKeyDialog, answer)
    book = open_book(book_folder, setup_allowed=False)
    assert shown and book is not None
    try:
        assert "第5グループ" in str(seen["inline"])
        assert seen["refused"] and "第5グループ" in str(seen["after open"])
        assert seen["focus"]
        assert seen["fixed"] == ""
        assert book.info().book_id == template_book.book_id
        assert keystore.get(template_book.book_id) == template_book.key  # stored for next time
    finally:
        book.close()


def test_cancelling_the_recovery_key_opens_nothing(
    qtbot, book_folder: Path, template_book: Template, keystore: KeyStore
) -> None:  # type: ignore[no-untyped-def]
    keystore.delete(template_book.book_id)
    when_shown(RecoveryKeyDialog, lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert open_book(book_folder, setup_allowed=False) is None
    assert keystore.get(template_book.book_id) is None


def test_the_chosen_coordinator_is_remembered_and_not_asked_again(
    qtbot, book_folder: Path, prefs: Preferences
) -> None:  # type: ignore[no-untyped-def]
    with CaseBook.open(book_folder) as book:
        first = book.add_coordinator("佐藤 一郎")
        second = book.add_coordinator("鈴木 花子")

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, CoordinatorDialog)
        assert dialog.model.rowCount() == 2
        dialog.select(second.id)
        dialog.accept()

    with CaseBook.open(book_folder) as book:
        asked = when_shown(CoordinatorDialog, pick)
        assert choose_coordinator(book, prefs)
        assert asked and book.coordinator_id == second.id

    with CaseBook.open(book_folder) as book:  # next start, same PC
        asked = when_shown(CoordinatorDialog, lambda dialog: dialog.reject())  # type: ignore[attr-defined]
        assert choose_coordinator(book, prefs)
        assert book.coordinator_id == second.id
        QApplication.processEvents()
        assert asked == []
        book.use_coordinator(first.id)
        book.set_coordinator_active(second.id, False)  # moved to another office

    with CaseBook.open(book_folder) as book:  # the remembered one is inactive: ask again
        asked = when_shown(CoordinatorDialog, lambda dialog: dialog.reject())  # type: ignore[attr-defined]
        assert not choose_coordinator(book, prefs)
        assert len(asked) == 1


def test_a_book_without_coordinators_asks_for_a_name(
    qtbot, book_folder: Path, prefs: Preferences
) -> None:  # type: ignore[no-untyped-def]
    from tests.support.ui import ime_commit

    def type_name(dialog: QWidget) -> None:
        assert isinstance(dialog, CoordinatorDialog)
        ime_commit(dialog.name, "新任 次郎")
        dialog.accept()

    with CaseBook.open(book_folder) as book:
        when_shown(CoordinatorDialog, type_name)
        assert choose_coordinator(book, prefs)
        assert [c.name for c in book.coordinators()] == ["新任 次郎"]
        assert prefs.coordinator(book.info().book_id) == book.coordinator_id


def _close_main_window_when_shown(found: dict[str, object]) -> None:
    """Close the main window once its case book is open (its frame shows before that)."""

    def poll() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible() and window.book is not None:
                found["title"] = window.windowTitle()
                found["coordinator"] = window.coordinator.currentText()
                window.close()
                return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_mccdesk_with_no_arguments_opens_the_book_in_the_data_folder(
    qtbot, book_folder: Path, prefs: Preferences, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MCCDESK_DATA_DIR", str(book_folder))
    with CaseBook.open(book_folder) as book:
        coordinator = book.add_coordinator("試験 花子")
        prefs.set_coordinator(book.info().book_id, coordinator.id)
    found: dict[str, object] = {}
    _close_main_window_when_shown(found)
    assert main([]) == 0
    assert found == {"title": "mccdesk — テスト圏域ブランチ", "coordinator": "試験 花子"}
    assert prefs.geometry() is not None  # the window's place is kept for next time


def test_demo_open_still_opens_the_app(qtbot, tmp_path: Path, prefs: Preferences) -> None:  # type: ignore[no-untyped-def]
    found: dict[str, object] = {}
    _close_main_window_when_shown(found)
    code = main(["--data-dir", str(tmp_path / "demo"), "demo", "--children", "3", "--open"])
    assert code == 0
    assert "デモ" in str(found["title"]) and found["coordinator"]


def test_a_named_folder_without_a_book_is_reported_not_set_up(
    qtbot, tmp_path: Path, prefs: Preferences, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.errors_dialog import ErrorDialog

    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))
    assert ui_app.run(tmp_path / "typo") == 2
    assert "ケースブックがありません" in shown[0]
    assert not (tmp_path / "typo").exists()
