"""The settings page: font size without clipping, coordinators, phone/fax on referral sheets,
and a backup run in the background with progress."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from mccdesk.casebook import CaseBook
from mccdesk.reports.referral_data import referral_sheet_data
from mccdesk.ui import preferences, worker
from mccdesk.ui.import_dialog import ImportDialog
from mccdesk.ui.main_window import SETTINGS, MainWindow
from mccdesk.ui.preferences import Preferences, apply_font_size
from mccdesk.ui.settings_page import SettingsPage
from tests.support.referrals import make_referral
from tests.support.ui import ime_commit


@pytest.fixture(autouse=True)
def prefs(tmp_path: Path) -> Iterator[Preferences]:
    chosen = Preferences.at(str(tmp_path / "prefs.ini"))
    preferences.use(chosen)
    yield chosen
    preferences.use(None)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_font_size(app, "normal")  # the app font is shared by every test


@pytest.fixture
def window(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    window.show_page(SETTINGS)
    qtbot.waitExposed(window)
    return window


def _clipped(page: QWidget) -> list[str]:
    """Labels and buttons shown narrower (or, when wrapping, shorter) than their text needs."""
    found = []
    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if not widget.isVisibleTo(page) or not widget.text():
            continue
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(widget.text())
        elif widget.width() < hint.width() or widget.height() < hint.height():
            found.append(widget.text())
    return found


def test_the_largest_font_size_scales_the_app_and_clips_no_label(
    qtbot, window: MainWindow, prefs: Preferences
) -> None:  # type: ignore[no-untyped-def]
    page = window.settings
    before = QApplication.font().pointSizeF()
    sizes: list[str] = []
    page.font_size_changed.connect(sizes.append)
    page.font_size.setCurrentIndex(page.font_size.findData("x-large"))
    assert QApplication.font().pointSizeF() == pytest.approx(before * 1.5)
    assert sizes == ["x-large"] and prefs.font_size() == "x-large"
    title, label = page.findChildren(QLabel)[:2]
    qtbot.waitUntil(lambda: label.font().pointSizeF() == pytest.approx(before * 1.5))
    assert title.text() == "設定"
    assert title.font().pointSizeF() == pytest.approx(before * 1.5 * 1.25)  # still the larger
    # The navigation and the home page's figures, which have fonts of their own, grow too.
    assert window.navigation.font().pointSizeF() == pytest.approx(before * 1.5 * 1.1)
    assert window.navigation.width() > window.navigation.sizeHintForColumn(0)  # not elided
    tile = next(iter(window.home.tiles.values()))
    assert tile.number.font().pointSizeF() == pytest.approx(before * 1.5 * 3.0)
    qtbot.waitUntil(lambda: _clipped(page) == [])
    squeezed = QLabel("幅が足りないラベル", page.findChildren(QWidget)[0])
    squeezed.setFixedWidth(20)
    squeezed.show()
    assert _clipped(page) == ["幅が足りないラベル"]  # the check itself does catch clipping
    squeezed.deleteLater()
    # Choosing again does not compound.
    page.font_size.setCurrentIndex(page.font_size.findData("large"))
    assert QApplication.font().pointSizeF() == pytest.approx(before * 1.25)


def test_language_choice_is_stored_and_announced(qtbot, book: CaseBook, prefs: Preferences) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(book, prefs)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.language_changed) as signal:
        page.language.setCurrentIndex(page.language.findData("en"))
    assert signal.args == ["en"] and prefs.language() == "en"
    again = SettingsPage(book, prefs)
    qtbot.addWidget(again)
    assert again.language.currentText() == "English"


def test_add_and_deactivate_a_coordinator(qtbot, window: MainWindow, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = window.settings
    ime_commit(page.new_name, "追加 三郎")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    names = [
        page.coordinator_model.index(r).data() for r in range(page.coordinator_model.rowCount())
    ]
    assert names == ["試験 花子（しけん はなこ）", "追加 三郎"]
    assert window.coordinator.findText("追加 三郎") >= 0  # the status-bar switch lists them
    assert page.selected_coordinator().name == "追加 三郎"  # type: ignore[union-attr]
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.coordinator_model.index(1).data() == "追加 三郎　[無効]"
    assert page.toggle_button.text() == "有効に戻す"
    assert window.coordinator.findText("追加 三郎") == -1
    assert [c.name for c in book.coordinators() if not c.active] == ["追加 三郎"]  # not deleted

    page.coordinator_list.setCurrentIndex(page.coordinator_model.index(0))  # the one working
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert "作業中の担当者は無効にできません" in page.coordinator_error.text()
    assert all(c.active for c in book.coordinators() if c.name == "試験 花子")


def test_phone_and_fax_appear_on_referral_sheets(qtbot, window: MainWindow, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = window.settings
    referral_id = make_referral(book)
    ime_commit(page.phone, "０４６－８２２－１２３４")
    ime_commit(page.fax, "046-822-5678")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.book_message.text() == "設定を保存しました。"
    assert page.phone.text() == "046-822-1234"  # normalised, as it will print
    data = referral_sheet_data(book, referral_id)
    assert (data.sender_phone, data.sender_fax) == ("046-822-1234", "046-822-5678")

    ime_commit(page.fax, "ファクスなし")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "FAX番号" in page.book_error.text()
    assert referral_sheet_data(book, referral_id).sender_fax == "046-822-5678"


def test_backup_now_writes_a_file_with_progress_and_the_ui_keeps_running(
    qtbot, window: MainWindow, book: CaseBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)
    page = window.settings
    target = tmp_path / "バックアップ"
    page.backup_folder.setText(str(target))
    page.backup_days.setValue(7)

    ticks: list[int] = []
    dialogs: list[worker.ProgressDialog] = []

    def watch() -> None:  # runs in the GUI thread, only while its event loop runs
        ticks.append(1)
        dialogs.extend(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, worker.ProgressDialog) and w.isVisible() and w not in dialogs
        )

    timer = QTimer(interval=5)
    timer.timeout.connect(watch)
    timer.start()
    threads: list[int] = []
    real = book.backup_to_folder

    def backup_when_seen():  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        for _ in range(500):  # let the GUI show the dialog first (at most 5 s)
            if dialogs and len(ticks) > 2:
                break
            threading.Event().wait(0.01)
        return real()

    monkeypatch.setattr(book, "backup_to_folder", backup_when_seen)
    qtbot.mouseClick(page.backup_now_button, Qt.MouseButton.LeftButton)
    timer.stop()

    files = list(target.glob("mccdesk-B01-*.db"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert dialogs and dialogs[0].labelText() == "バックアップを作成しています…"
    assert threads and threads[0] != threading.get_ident()
    assert len(ticks) > 2
    assert files[0].name in page.book_message.text()
    assert "まだ" not in page.last_backup.text()
    s = book.settings()
    assert s.backup_every_days == 7 and s.last_backup_at is not None
    assert not book.backup_due()


def test_a_due_backup_runs_at_start_in_the_background(
    qtbot, book: CaseBook, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.start import start_scheduled_backup

    book.update_settings(backup_folder=str(tmp_path / "auto"), backup_every_days=1)
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    job = start_scheduled_backup(window, book)
    assert job is not None
    assert "定期バックアップを作成しています" in window.statusBar().currentMessage()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert len(list((tmp_path / "auto").glob("*.db"))) == 1
    assert "定期バックアップを作成しました" in window.statusBar().currentMessage()
    assert start_scheduled_backup(window, book) is None  # not due again today


def test_the_import_button_opens_the_import_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.settings.import_button, Qt.MouseButton.LeftButton)
    dialog = window.settings.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_rename_a_coordinator_inline(qtbot, window: MainWindow, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = window.settings
    assert not page.rename_button.isEnabled()  # nothing selected yet
    page.coordinator_list.setCurrentIndex(page.coordinator_model.index(0))
    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    assert page.rename_row.isVisible() and page.rename_name.text() == "試験 花子"
    assert page.rename_name.hasFocus()

    page.rename_name.clear()  # inline: an empty name is flagged at once, nothing saved
    assert "新しい氏名を入力してください" in page.coordinator_error.text()
    assert not page.rename_save.isEnabled()
    qtbot.keyClick(page.rename_name, Qt.Key.Key_Return)
    assert [c.name for c in book.coordinators()] == ["試験 花子"]

    ime_commit(page.rename_name, "新姓 花子")
    assert page.coordinator_error.text() == "" and page.rename_save.isEnabled()
    page.rename_kana.clear()
    ime_commit(page.rename_kana, "しんせい はなこ")
    qtbot.keyClick(page.rename_kana, Qt.Key.Key_Return)
    assert not page.rename_row.isVisible()
    assert page.coordinator_model.index(0).data() == "新姓 花子（しんせい はなこ）"
    assert [(c.name, c.kana) for c in book.coordinators()] == [("新姓 花子", "しんせい はなこ")]
    assert window.coordinator.findText("新姓 花子") >= 0  # the status-bar switch follows
    assert book.store.audit_events(1)[0].detail == "name"  # audited, without the name

    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    ime_commit(page.rename_name, "取り消す名前")
    qtbot.keyClick(page.rename_name, Qt.Key.Key_Escape)  # Esc: nothing changes
    assert not page.rename_row.isVisible()
    assert [c.name for c in book.coordinators()] == ["新姓 花子"]
