"""A background job run on start, then on a timer, and on request, never two at once.

Each owner (the branch's sync, the prefecture's ingest) gets its own one-thread pool, so its runs
are serialised and never wait behind other slow work. A request while a run is going is
remembered and runs once more afterwards, so a click is never lost until the next tick. After
`stop()` nothing more runs and a result still on its way is dropped (the store is closing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from mccdesk.errors import MccdeskError
from mccdesk.ui.worker import Job

# What `prepare` returns: the work of one run (called in the worker thread), or None when there
# is nothing to do (the owner has then already reported that itself).
Work = Callable[[], Any]
WARNING_STYLE = "color: #b3261e; font-weight: bold;"


def status_label(bar: QStatusBar, text: str, name: str, accessible_name: str) -> QLabel:
    """A job's permanent note in the status bar (never a pop-up)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setAccessibleName(accessible_name)
    bar.addWidget(label, 1)
    return label


def show_status(label: QLabel | None, text: str, warn: bool = False) -> None:
    if label is not None:
        label.setText(text)
        label.setToolTip(text)
        label.setStyleSheet(WARNING_STYLE if warn else "")


class PeriodicJob(QObject):
    started = Signal()
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception it raised

    def __init__(
        self,
        prepare: Callable[[], Work | None],
        interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._prepare = prepare
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.request)
        self._job: Job | None = None
        self._again = False
        self._stopped = False

    def start(self) -> None:
        """Run now, then on the timer."""
        self._stopped = False
        self.timer.start()
        self.request()

    def stop(self, wait_ms: int) -> None:
        """No more runs; wait for the one under way."""
        self._stopped = True
        self.timer.stop()
        if self.pool.waitForDone(wait_ms):
            self._job = None  # its result, still queued for the GUI thread, is dropped

    def running(self) -> bool:
        return self._job is not None

    def request(self) -> bool:
        """Start a run; False if stopped, if one is under way (then it runs once more
        afterwards) or if `prepare` found nothing to do."""
        if self._stopped:
            return False
        if self._job is not None:
            self._again = True
            return False
        work = self._prepare()
        if work is None:
            return False
        job = Job(lambda report: work())
        job.finished.connect(self._finish)
        job.failed.connect(self._fail)
        self._job = job
        self.started.emit()
        job.start(self.pool)
        return True

    def _finish(self, result: object) -> None:
        self._end(self.finished, result)

    def _fail(self, exc: BaseException) -> None:
        self._end(self.failed, exc)

    def _end(self, signal: Any, payload: object) -> None:
        self._job = None
        if self._stopped:
            return
        signal.emit(payload)
        if self._again and not self._stopped:
            self._again = False
            self.request()


def failure_text(exc: BaseException, log: logging.Logger, what: str, language: str) -> str:
    """Why a run failed, in one line for the status bar: an MccdeskError's own message (ours
    carry no personal data), else only the exception's type; a bug's traceback goes to `log`."""
    if isinstance(exc, MccdeskError):
        log.warning("%s failed: %s", what, type(exc).__name__)
        text = exc.message(language)
    else:
        log.error("%s failed", what, exc_info=(type(exc), exc, exc.__traceback__))
        text = type(exc).__name__
    return text.splitlines()[0]


class JobController(QObject):
    """A `PeriodicJob` and what its owner shows of it: how many runs ended, a status bar line.

    An owner says what one run does (`_prepare`: its Work, or None when there is nothing to
    do) and what its result or failure means (`_finish`, `_fail`, each counting the run).
    """

    started = Signal()
    finished = Signal(object)  # the run's outcome
    failed = Signal(str)  # a message for the status bar
    stop_wait_ms = 30_000

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = PeriodicJob(self._prepare, interval_ms, self)
        self.job.started.connect(self.started)
        self.job.finished.connect(self._finish)
        self.job.failed.connect(self._fail)
        self.timer = self.job.timer
        self.runs = 0  # finished runs (tests and the status line)
        self.status = ""  # the status bar's line
        self.label: QLabel | None = None

    def _prepare(self) -> Work | None:
        raise NotImplementedError

    def _finish(self, outcome: Any) -> None:
        raise NotImplementedError

    def _fail(self, exc: BaseException) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Run now, then on the timer."""
        self.job.start()

    def stop(self, wait_ms: int | None = None) -> None:
        """No more runs; wait for the one under way (what it works on is about to close)."""
        self.job.stop(self.stop_wait_ms if wait_ms is None else wait_ms)

    def running(self) -> bool:
        return self.job.running()

    def _attach(self, bar: QStatusBar, name: str, accessible_name: str) -> QLabel:
        self.label = status_label(bar, self.status, name, accessible_name)
        return self.label

    def _show(self, text: str, warn: bool = False) -> None:
        self.status = text
        show_status(self.label, text, warn)
