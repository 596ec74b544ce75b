"""Work off the GUI thread: results, errors and progress arrive while the event loop runs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from mccdesk.casebook import CaseBook
from mccdesk.errors import NotInitialised
from mccdesk.ui import worker
from mccdesk.ui.start import open_in_worker
from mccdesk.ui.worker import Job, ProgressDialog, run_with_progress


def test_a_job_runs_in_another_thread_and_reports_progress(qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()

    def work(report):  # type: ignore[no-untyped-def]
        report(50, "半分")
        gate.wait(5)
        return threading.get_ident()

    job = Job(work)
    seen: list[tuple[int, str]] = []
    job.progress.connect(lambda p, t: seen.append((p, t)))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.start()
        qtbot.waitUntil(lambda: seen == [(50, "半分")])  # arrives while the work still runs
        assert not job.done
        gate.set()
    assert finished.args[0] != threading.get_ident()
    assert job.result == job.thread_id


def test_run_with_progress_shows_the_dialog_keeps_the_loop_running_and_returns(qtbot) -> None:  # type: ignore[no-untyped-def]
    ticks: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    dialogs: list[ProgressDialog] = []
    labels: list[str] = []

    def work(report):  # type: ignore[no-untyped-def]
        report(-1, "作業中…")
        # Finish only after the GUI thread has painted the dialog and ticked the timer a few times.
        for _ in range(500):
            if len(ticks) >= 3 and dialogs and dialogs[0].was_shown:
                break
            threading.Event().wait(0.01)
        labels.append(dialogs[0].labelText())
        return 42

    assert run_with_progress(None, "開始", work, show_after_ms=0, on_dialog=dialogs.append) == 42
    timer.stop()
    assert dialogs[0].was_shown and len(ticks) >= 3
    assert labels == ["作業中…"]
    assert not dialogs[0].isVisible()


def test_an_error_in_the_worker_is_raised_in_the_caller(qtbot) -> None:  # type: ignore[no-untyped-def]
    def work(report):  # type: ignore[no-untyped-def]
        raise NotInitialised(path="x")

    with pytest.raises(NotInitialised):
        run_with_progress(None, "開始", work, show_after_ms=0)


def test_a_quick_job_shows_no_dialog(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 60_000)
    dialogs: list[ProgressDialog] = []
    assert run_with_progress(None, "開始", lambda report: "ok", on_dialog=dialogs.append) == "ok"
    assert not dialogs[0].was_shown


def test_a_book_opened_in_the_worker_is_usable_in_the_gui_thread(qtbot, book_folder: Path) -> None:  # type: ignore[no-untyped-def]
    opened = open_in_worker(book_folder)
    try:
        # Written from the GUI thread with connections the worker's open set up.
        added = opened.add_coordinator("別スレッド 確認")
        assert added.id in [c.id for c in opened.coordinators()]
        assert opened.info().branch_name == "テスト圏域ブランチ"
        # And the other way round: a write from a worker thread while the GUI thread reads.
        job = Job(lambda report: opened.add_coordinator("ワーカー 書込").id)
        with qtbot.waitSignal(job.finished, timeout=10_000):
            job.start()
        assert job.thread_id != threading.get_ident()
        assert job.result in [c.id for c in opened.coordinators()]
    finally:
        opened.close()
    with CaseBook.open(book_folder) as again:
        names = {c.name for c in again.coordinators()}
    assert {"別スレッド 確認", "ワーカー 書込"} <= names
