"""The sync controller: on start and on a timer, one run at a time, quiet when the drop is away."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import outbox
from mccdesk.ui import sync_controller
from mccdesk.ui.errors_dialog import ErrorDialog
from mccdesk.ui.sync_controller import SyncController
from tests.support.prefecture import Prefecture


@pytest.fixture
def drop_dir(book: CaseBook, tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    book.update_settings(drop_folder=str(folder))
    return folder


@pytest.fixture
def window(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


def _controller(book: CaseBook, window: QMainWindow, **kwargs: object) -> SyncController:
    controller = SyncController(book, window, **kwargs)  # type: ignore[arg-type]
    controller.attach(window.statusBar())
    return controller


def _after_the_quarter_of(day: date) -> date:
    """A day when the quarter containing `day` has ended (its summary is due)."""
    return FiscalQuarter.containing(day).next().start + timedelta(days=14)


def test_the_timer_syncs_again_one_run_at_a_time(
    qtbot, book: CaseBook, window: QMainWindow, drop_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real, lock = sync_controller.run_sync, threading.Lock()
    under_way: list[int] = []
    most: list[int] = [0]

    def counted(book: CaseBook, today: date):  # type: ignore[no-untyped-def]
        with lock:
            under_way.append(1)
            most[0] = max(most[0], len(under_way))
        try:
            return real(book, today)
        finally:
            with lock:
                under_way.pop()

    monkeypatch.setattr(sync_controller, "run_sync", counted)
    controller = _controller(book, window, interval_ms=20, today=date(2025, 1, 15))
    controller.start()  # the first run starts at once
    assert controller.running()
    assert controller.sync_now() is False  # asked again meanwhile: runs after, never alongside
    qtbot.waitUntil(lambda: controller.runs >= 4 and not controller.running(), timeout=10_000)
    assert "同期しました" in controller.label.text()  # type: ignore[union-attr]
    controller.stop()
    assert most[0] == 1
    assert not controller.running()
    assert not controller.timer.isActive()  # stopped: no more runs


def test_an_ended_quarter_gets_a_draft_never_an_approval(
    qtbot, book: CaseBook, window: QMainWindow
) -> None:  # type: ignore[no-untyped-def]
    created = book.info().created_on
    period = FiscalQuarter.containing(created)
    controller = _controller(book, window, today=_after_the_quarter_of(created))
    with qtbot.waitSignal(controller.finished, timeout=10_000) as done:
        controller.start()
    assert done.args[0].drafted == period.code
    assert [(e.period, e.state) for e in outbox.entries(book)] == [(period.code, "draft")]
    assert f"{period.label_ja()}の集計（下書き）を作成しました" in controller.label.text()  # type: ignore[union-attr]
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.sync_now()
    assert len(outbox.entries(book)) == 1  # prepared once
    controller.stop()


def test_nothing_to_do_starts_no_thread_and_says_the_folder_is_not_set(
    qtbot, book: CaseBook, window: QMainWindow
) -> None:  # type: ignore[no-untyped-def]
    controller = _controller(book, window, today=date(2025, 1, 15))  # before the book existed
    controller.start()
    assert not controller.running() and controller.runs == 1
    assert "共有フォルダが設定されていません" in controller.label.text()  # type: ignore[union-attr]
    controller.stop()
    assert outbox.entries(book) == []


def test_an_unreachable_drop_is_a_quiet_note(
    qtbot, book: CaseBook, window: QMainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))
    book.update_settings(drop_folder=str(tmp_path / "share-down"))
    controller = _controller(book, window, today=date(2025, 1, 15))
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.start()
    controller.stop()
    assert "共有フォルダに接続できません" in controller.label.text()  # type: ignore[union-attr]
    assert controller.warnings == [] and shown == []
    assert not (tmp_path / "share-down").exists()


def test_a_wrongly_signed_reference_package_is_a_warning(
    qtbot, book: CaseBook, window: QMainWindow, drop_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.sync import reference

    prefecture = Prefecture.new()
    package = tmp_path / "pinned.mccref"
    package.write_bytes(prefecture.reference_package("2024.1"))
    reference.trust(book, package, prefecture.fingerprint)
    (drop_dir / "reference").mkdir()
    impostor = Prefecture.new().reference_package("2099.1")
    (drop_dir / "reference" / "newer.mccref").write_bytes(impostor)
    controller = _controller(book, window, today=date(2025, 1, 15))
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.start()
    controller.stop()
    assert controller.warnings == [
        "署名を確認できない県の参照パッケージを無視しました（newer.mccref）"
    ]
    assert "注意" in controller.label.text()  # type: ignore[union-attr]
    assert reference.pinned_version(book) == "2024.1"  # nothing changed
