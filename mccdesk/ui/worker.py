"""Slow work off the GUI thread: a `Job` runs a function in the thread pool, reports by signals.

The function gets a `report(percent, text)` callable (percent -1: unknown) and may return anything;
its result or exception arrives in the GUI thread through queued signals. `run_with_progress`
wraps that in a modal progress dialog and a local event loop, so the caller reads like a plain
call while the window keeps painting.

Threads and the case book: the function may use a `CaseBook` made in another thread. Its engine's
connections are opened with check_same_thread=False and handed out by a thread-safe pool, one
thread at a time; a backup opens its own connection (`OpenBook.raw`). Never pass a raw connection
or a Session between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

Report = Callable[[int, str], None]
Task = Callable[[Report], Any]

# A dialog for work that ends sooner than this would only flash; tests set 0.
SHOW_AFTER_MS = 400


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it, so receivers run in the GUI thread."""

    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object)


class _Run(QRunnable):
    def __init__(self, fn: Task, relay: _Relay) -> None:
        super().__init__()
        # The pool deletes it after run() has returned. Owned by Python instead, it could be
        # freed by the GUI thread between run() returning and the pool's last look at it.
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn(self._relay.progress.emit)
        except BaseException as exc:  # every failure goes back to the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class Job(QObject):
    """One function run in the thread pool; `finished(result)` or `failed(exception)` follows."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Task, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.thread_id: int | None = None  # the worker thread that ran it (for tests and logs)
        self._relay = _Relay()
        self._relay.progress.connect(self.progress)
        self._relay.done.connect(self._finish)
        self._relay.failed.connect(self._fail)

        def task(report: Report) -> Any:
            self.thread_id = threading.get_ident()
            return fn(report)

        self._task = task

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Run(self._task, self._relay))

    def _finish(self, result: object) -> None:
        self.result, self.done = result, True
        self.finished.emit(result)

    def _fail(self, exc: BaseException) -> None:
        self.error, self.done = exc, True
        self.failed.emit(exc)


class ProgressDialog(QProgressDialog):
    """Modal, without a cancel button: the work it shows cannot be stopped half-way safely."""

    def __init__(self, label: str, parent: QWidget | None) -> None:
        super().__init__(label, "", 0, 0, parent)
        self.setCancelButton(None)  # type: ignore[arg-type]
        self.setWindowTitle("mccdesk")
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(2**30)  # shown by run_with_progress's own timer instead
        self.setMinimumWidth(360)
        self.finished_work = False
        self.was_shown = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.was_shown = True
        super().showEvent(event)

    def report(self, percent: int, text: str) -> None:
        if text:
            self.setLabelText(text)
        if percent < 0:
            self.setRange(0, 0)
        else:
            self.setRange(0, 100)
            self.setValue(min(percent, 100))

    def reject(self) -> None:  # Esc: the work goes on, so the dialog stays
        if self.finished_work:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finished_work:
            super().closeEvent(event)
        else:
            event.ignore()


def run_with_progress(
    parent: QWidget | None,
    label: str,
    fn: Task,
    *,
    show_after_ms: int | None = None,
    on_dialog: Callable[[ProgressDialog], None] | None = None,
) -> Any:
    """Run `fn` in a worker thread behind a modal progress dialog; return its result or raise."""
    job = Job(fn)
    dialog = ProgressDialog(label, parent)
    if on_dialog is not None:
        on_dialog(dialog)
    loop = QEventLoop()
    job.progress.connect(dialog.report)
    job.finished.connect(loop.quit)
    job.failed.connect(loop.quit)
    delay = SHOW_AFTER_MS if show_after_ms is None else show_after_ms
    timer = QTimer(singleShot=True, interval=delay)
    timer.timeout.connect(lambda: None if job.done else dialog.show())
    timer.start()
    job.start()
    if not job.done:
        loop.exec()
    timer.stop()
    dialog.finished_work = True
    dialog.close()
    dialog.deleteLater()
    if job.error is not None:
        raise job.error
    return job.result
