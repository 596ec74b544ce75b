"""Syncing with the prefecture's drop while the app is open: on start, then every 15 minutes.

One run at a time (`PeriodicJob`, its own one-thread pool): collect acks and reference
packages, deliver what is queued (`drop.sync`), then prepare the draft of a quarter that has
ended and has no summary yet (never approved automatically). A request while a run is going
runs once more after it, so an approval is never left waiting for the next tick.

An unreachable drop is normal (a USB stick, a share that is down): a quiet note in the status
bar, no pop-up. An ack or package that does not verify is a warning the coordinator should see
(status bar and the summaries page); it changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import drop, outbox
from mccdesk.ui import i18n
from mccdesk.ui.periodic_job import JobController, Work, failure_text

log = logging.getLogger(__name__)
SYNC_EVERY_MS = 15 * 60 * 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncController", text)


@dataclass
class SyncOutcome:
    report: drop.SyncReport | None = None  # None: no drop folder is set
    reachable: bool = False
    drafted: str | None = None  # the period whose draft was prepared by this run
    draft_error: str = ""
    at: datetime = field(default_factory=datetime.now)


def due_period(book: CaseBook, today: date) -> FiscalQuarter | None:
    """The quarter just ended, if it still has no summary (and the book existed by its end)."""
    period = FiscalQuarter.containing(today).previous()
    if book.info().created_on > period.end:
        return None
    if any(e.period == period.code for e in outbox.entries(book)):
        return None
    return period


def run_sync(book: CaseBook, today: date) -> SyncOutcome:
    """The work of one run (in the worker thread)."""
    outcome = SyncOutcome()
    folder = book.settings().drop_folder
    if folder:
        path = Path(folder)
        outcome.report = drop.sync(book, path)  # never raises for an unreachable drop
        outcome.reachable = path.is_dir()
    # After the sync, so that a newer disclosure policy is pinned before counting.
    period = due_period(book, today)
    if period is not None:
        try:
            outbox.build_draft(book, period)
            outcome.drafted = period.code
        except MccdeskError as exc:
            log.warning("draft for %s not prepared: %s", period.code, type(exc).__name__)
            outcome.draft_error = i18n.message(exc)
    return outcome


def warning_text(raw: str) -> str:
    """drop.SyncReport's warning (English, for the log) as the coordinator reads it."""
    name, _, why = raw.partition(": ")
    if why.startswith("ignored") and "signature" in why:
        return _tr("署名を確認できない県からの通知を無視しました（{name}）").format(name=name)
    if why.startswith("ignored"):
        return _tr("受け付けられない県からの通知を無視しました（{name}）").format(name=name)
    if why.startswith("reference package refused"):
        return _tr("署名を確認できない県の参照パッケージを無視しました（{name}）").format(name=name)
    if raw.endswith("no prefecture key is pinned"):
        return _tr("県の公開鍵が未登録のため、県からの通知を読めません")
    if raw.startswith(("acks not read", "reference packages not read")):
        return _tr("共有フォルダの一部を読めませんでした（{why}）").format(why=why)
    return raw


class SyncController(JobController):
    """Its `finished` carries a SyncOutcome."""

    def __init__(
        self,
        book: CaseBook,
        parent: QObject | None = None,
        *,
        interval_ms: int = SYNC_EVERY_MS,
        today: date | None = None,
    ) -> None:
        super().__init__(interval_ms, parent)
        self.book, self.today = book, today
        self.last: SyncOutcome | None = None
        self.warnings: list[str] = []  # of the last run that reached the drop
        self.summary_line = ""  # the status line without the warnings (the page lists them)

    # --- running ------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a run; False if one is under way (it runs once more afterwards) or if there
        is nothing to do (no drop folder, no draft due: then no thread either)."""
        return self.job.request()

    def _prepare(self) -> Work | None:
        today = self.today or date.today()
        if not self.book.settings().drop_folder and due_period(self.book, today) is None:
            self._finish(SyncOutcome())
            return None
        self.summary_line = _tr("共有フォルダと同期しています…")
        self._show(self.summary_line)
        return lambda: run_sync(self.book, today)

    def _finish(self, outcome: SyncOutcome) -> None:
        self.runs += 1
        self.last = outcome
        if outcome.report is not None and outcome.reachable:
            self.warnings = [warning_text(w) for w in outcome.report.warnings]
        self.summary_line = self.describe(outcome)
        text = self.summary_line
        if self.warnings:
            text += "　" + _tr("注意：") + " / ".join(self.warnings)
        self._show(text, warn=bool(self.warnings))
        self.finished.emit(outcome)

    def _fail(self, exc: BaseException) -> None:
        self.runs += 1
        why = failure_text(exc, log, "sync", i18n.language())
        message = _tr("同期できませんでした: {why}").format(why=why)
        self.summary_line = message
        self._show(message, warn=True)
        self.failed.emit(message)

    # --- what the coordinator reads -----------------------------------------------------------

    def queued_count(self) -> int:
        return sum(e.state == "approved" for e in outbox.entries(self.book))

    def describe(self, outcome: SyncOutcome) -> str:
        """One line for the status bar."""
        time = f"{outcome.at:%H:%M}"
        if outcome.report is None:
            text = _tr("共有フォルダが設定されていません（設定画面で指定できます）")
        elif not outcome.reachable:
            text = _tr(
                "共有フォルダに接続できません（{time}）。送信待ち {n} 件は次の同期で送ります"
            )
            text = text.format(time=time, n=self.queued_count())
        else:
            report = outcome.report
            sent = len(report.delivered) + len(report.already_there)
            text = _tr("同期しました（{time}）").format(time=time)
            if sent:
                text += _tr("：送信 {n} 件").format(n=sent)
            if report.answered:
                text += _tr("：県からの通知 {n} 件").format(n=len(report.answered))
            if report.queued:
                text += _tr("：送信待ち {n} 件").format(n=len(report.queued))
        if outcome.drafted:
            period = i18n.period_label(FiscalQuarter.parse(outcome.drafted))
            text += _tr("　{period}の集計（下書き）を作成しました").format(period=period)
        return text

    def attach(self, bar: QStatusBar) -> QLabel:
        """A permanent note in the status bar (not a pop-up)."""
        return self._attach(bar, "syncStatus", _tr("同期の状態"))
