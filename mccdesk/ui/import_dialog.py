"""「取り込み」: cases from an office's Excel/CSV sheet, through `mccdesk.importer`.

The import is all or nothing (see importer.py): a file with problems imports nothing, and every
problem is listed here by row and column, so the person fixes the sheet and imports it again,
good rows included. Reading, checking and writing run in a worker behind a progress dialog that
counts the rows checked, then the cases written (a 100,000-row file takes some seconds).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.importer import (
    ImportFailed,
    ImportProblem,
    ImportProgress,
    ImportReport,
    import_file,
)
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.worker import Report, run_with_progress

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("行", "列", "値", "理由")


class ProblemTableModel(QAbstractTableModel):
    """One import problem per row: row number, column name, the cell, and why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # parented: Qt, not the garbage collector, decides when it goes
        self.problems: list[ImportProblem] = []

    def set_problems(self, problems: list[ImportProblem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        p = self.problems[index.row()]
        reason = p.reason_ja + (f"（選べる値: {p.allowed}）" if p.allowed else "")
        cells = (f"{p.row}" if p.row else "ファイル", p.column, p.value, reason)
        return cells[index.column()]


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport of a successful import

    def __init__(self, book: CaseBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("取り込み（Excel・CSV）"))
        intro = QLabel(
            self.tr(
                "相談ケースを Excel（.xlsx）または CSV のファイルから取り込みます。"
                "1行目は列名（受付日・相談方法・相談種別・市町村・主訴・状況など）です。"
                "問題が1つでもあると何も取り込まず、問題の行と列を一覧にします。"
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("取り込むファイル"))
        choose = QPushButton(self.tr("ファイルを選ぶ…"))
        choose.clicked.connect(self._choose)
        self.import_button = QPushButton(self.tr("取り込む"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.run_import())
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        row.addWidget(self.import_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ProblemTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("取り込みの問題"))
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("閉じる"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 480)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("取り込むファイル"), "", "Excel / CSV (*.xlsx *.xlsm *.csv)"
        )
        if name:
            self.path.setText(name)

    def run_import(self, path: Path | None = None) -> ImportReport | None:
        if path is not None:
            self.path.setText(str(path))
        text = self.path.text().strip()
        if not text:
            self.summary.setText(self.tr("取り込むファイルを選んでください。"))
            return None
        source = Path(text)
        self.table.hide()
        # Made here, in the GUI thread; the worker only fills in the numbers.
        checking = self.tr("確認しています… {rows}行")
        writing = self.tr("書き込んでいます… {done} / {total}件")

        def work(progress: Report) -> ImportReport:
            def step(p: ImportProgress) -> None:
                if p.phase == "check":
                    progress(p.percent, checking.format(rows=f"{p.rows:,}"))
                else:
                    progress(p.percent, writing.format(done=f"{p.rows:,}", total=f"{p.total:,}"))

            return import_file(self.book, source, progress=step)

        try:
            report = run_with_progress(self, self.tr("取り込んでいます…"), work)
        except ImportFailed as exc:
            self.model.set_problems(list(exc.report.problems))
            lines = exc.report.lines("ja")
            self.summary.setText(
                "\n".join(lines[:2])
                + "\n"
                + self.tr(
                    "問題の行を直してから、もう一度取り込んでください（正しい行もそのときに取り込まれます）。"
                )
            )
            self.table.show()
            self.table.resizeRowsToContents()
            return None
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.report = report
        self.model.set_problems([])
        self.summary.setText("\n".join(report.lines("ja")))
        self.imported.emit(report)
        return report
