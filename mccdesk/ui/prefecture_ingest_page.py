"""取り込み: the drop folder the branches' summaries arrive in, 「今すぐ取り込み」, and what the
last run decided on each new file (accepted, held, quarantined, with the reason)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk.prefecture import model
from mccdesk.ui import i18n
from mccdesk.ui.prefecture_ingest_controller import IngestController, IngestOutcome
from mccdesk.ui.widgets.scaled_font import make_title


class PrefectureIngestPage(QWidget):
    folder_chosen = Signal(str)

    def __init__(self, controller: IngestController) -> None:
        super().__init__()
        self.controller = controller
        title = QLabel(self.tr("取り込み"))
        make_title(title)
        explain = QLabel(
            self.tr(
                "ブランチから届いた集計ファイルを、共有フォルダの inbox から取り込みます。"
                "この画面を開いている間は15分ごとに自動で取り込みます。"
            )
        )
        explain.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("dropFolder")
        self.folder.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("共有フォルダを選ぶ(&O)…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.ingest_button = QPushButton(self.tr("今すぐ取り込み(&I)"))
        self.ingest_button.setObjectName("saveButton")
        self.ingest_button.clicked.connect(controller.ingest_now)
        self.status = QLabel()
        self.status.setObjectName("ingestPageStatus")
        self.status.setWordWrap(True)
        self.log = QPlainTextEdit()
        self.log.setObjectName("ingestLog")
        self.log.setReadOnly(True)
        self.log.setAccessibleName(self.tr("最近の取り込みで届いたファイル"))

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("共有フォルダ：")))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ingest_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(folder_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.log, 1)
        controller.started.connect(self._started)
        controller.finished.connect(self.show_outcome)
        controller.failed.connect(self._failed)
        self.show_folder()

    def show_folder(self) -> None:
        self.folder.setText(self.controller.folder or self.tr("（選ばれていません）"))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("共有フォルダを選ぶ"), self.controller.folder
        )
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        self.controller.set_folder(folder)
        self.show_folder()
        self.folder_chosen.emit(folder)
        self.controller.ingest_now()

    def _started(self) -> None:
        self.ingest_button.setEnabled(False)
        self.status.setText(self.controller.status)

    def _failed(self, message: str) -> None:
        self.ingest_button.setEnabled(True)
        self.status.setText(message)

    def show_outcome(self, outcome: IngestOutcome) -> None:
        self.ingest_button.setEnabled(True)
        self.status.setText(self.controller.describe(outcome))
        if outcome.report is None:
            return
        lang = i18n.language()
        status = {
            model.ACCEPTED: self.tr("受付"),
            model.HELD: self.tr("保留"),
            model.QUARANTINED: self.tr("隔離"),
        }
        lines = []
        for o in outcome.report.outcomes:
            if not o.new:
                continue
            line = f"{status.get(o.status, o.status)}　{o.branch}　{o.file_name}"
            if o.reason:
                line += f"（{model.reason_text(o.reason, lang)}）"
            lines.append(line)
        lines += [self.tr("注意：{w}").format(w=w) for w in outcome.report.warnings]
        if lines:  # a run with nothing new keeps the last news (the status line has its time)
            self.log.setPlainText("\n".join(lines))
        elif not self.log.toPlainText():
            self.log.setPlainText(self.tr("新しいファイルはありませんでした。"))
