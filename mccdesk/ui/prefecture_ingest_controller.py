"""Ingesting the branches' summaries while the prefecture window is open: on start, then every
15 minutes, and at 「今すぐ取り込み」.

One run at a time on its own one-thread pool (ingest keeps a chain per branch: two runs at once
would race on it); a request while a run is going runs once more after it. An unreachable drop
is normal (a share that is down): a quiet line in the status bar, no pop-up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.ui.periodic_job import JobController, Work, failure_text

log = logging.getLogger(__name__)
INGEST_EVERY_MS = 15 * 60 * 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrefectureIngestController", text)


@dataclass
class IngestOutcome:
    report: model.IngestReport | None = None  # None: no drop folder, or it was not reachable
    folder: str = ""
    at: datetime = field(default_factory=datetime.now)


def run_ingest(office: PrefectureOffice, folder: str) -> IngestOutcome:
    """The work of one run (in the worker thread)."""
    outcome = IngestOutcome(folder=folder)
    if folder and Path(folder).is_dir():
        outcome.report = office.ingest(Path(folder))
    return outcome


class IngestController(JobController):
    """Its `finished` carries an IngestOutcome."""

    stop_wait_ms = 60_000

    def __init__(
        self,
        office: PrefectureOffice,
        folder: str = "",
        parent: QObject | None = None,
        *,
        interval_ms: int = INGEST_EVERY_MS,
    ) -> None:
        super().__init__(interval_ms, parent)
        self.office, self.folder = office, folder
        self.last: IngestOutcome | None = None

    def set_folder(self, folder: str) -> None:
        self.folder = folder

    def ingest_now(self) -> bool:
        """Start a run; False if one is under way (it runs once more afterwards) or if no drop
        folder is set."""
        return self.job.request()

    def _prepare(self) -> Work | None:
        if not self.folder:
            self._finish(IngestOutcome())
            return None
        folder = self.folder
        self._show(_tr("取り込んでいます…"))
        return lambda: run_ingest(self.office, folder)

    def _finish(self, outcome: IngestOutcome) -> None:
        self.runs += 1
        self.last = outcome
        refused = outcome.report is not None and bool(
            outcome.report.count(model.QUARANTINED) or outcome.report.count(model.HELD)
        )
        self._show(self.describe(outcome), warn=refused)
        self.finished.emit(outcome)

    def _fail(self, exc: BaseException) -> None:
        self.runs += 1
        why = failure_text(exc, log, "ingest", "ja")
        message = _tr("取り込めませんでした: {why}").format(why=why)
        self._show(message, warn=True)
        self.failed.emit(message)

    def describe(self, outcome: IngestOutcome) -> str:
        time = f"{outcome.at:%H:%M}"
        if not outcome.folder:
            return _tr("共有フォルダが選ばれていません（「取り込み」画面で選べます）")
        if outcome.report is None:
            return _tr("共有フォルダに接続できません（{time}）").format(time=time)
        r = outcome.report
        text = _tr("取り込みました（{time}）：受付 {a} 件、保留 {h} 件、隔離 {q} 件").format(
            time=time,
            a=r.count(model.ACCEPTED),
            h=r.count(model.HELD),
            q=r.count(model.QUARANTINED),
        )
        if r.warnings:
            text += "　" + _tr("注意 {n} 件").format(n=len(r.warnings))
        return text

    def attach(self, bar: QStatusBar) -> QLabel:
        return self._attach(bar, "ingestStatus", _tr("取り込みの状態"))
