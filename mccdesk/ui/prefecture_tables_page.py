"""集計表: the prefecture's tables of a quarter, last year's beside them, with bars, and exports.

The tables are exactly those of the Excel and the PDF (mccdesk.prefecture.report.build: the
public thresholds applied). One table at a time: chosen on the left, its rows in the middle, its
bars (this year's quarter against last year's) below. 「Excelに出力」「PDFに出力」 write the whole
set through report.write in a worker thread, behind a progress dialog. On screen the tables are
labelled in the display language (report.build's `lang`); the files written stay Japanese.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import report
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.prefecture.tables import PrefectureTables, PrefTable, footnote
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.prefecture_table_model import PrefectureTableModel
from mccdesk.ui.widgets.bar_chart import BarChart
from mccdesk.ui.widgets.scaled_font import make_title
from mccdesk.ui.worker import run_with_progress

QUARTERS_OFFERED = 8  # the last finished quarter and the seven before it


def period_choice(quarter: FiscalQuarter, lang: str) -> str:
    """令和6年度 第3四半期（FY2024-Q3）; in English the label already says FY2024 Q3."""
    return f"{quarter.label_ja()}（{quarter.code}）" if lang == "ja" else quarter.label_en()


class PrefectureTablesPage(QWidget):
    exported = Signal(str)  # the path written (the window's status bar says so)

    def __init__(self, office: PrefectureOffice, today: date | None = None) -> None:
        super().__init__()
        self.office, self._today = office, today
        self.lang = i18n.language()
        self.result: PrefectureTables | None = None
        title = QLabel(self.tr("県の集計表"))
        make_title(title)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("集計する期間"))
        quarter = FiscalQuarter.containing(today or date.today()).previous()
        for _ in range(QUARTERS_OFFERED):
            self.period.addItem(period_choice(quarter, self.lang), quarter.code)
            quarter = quarter.previous()
        self.period.currentIndexChanged.connect(self.refresh)
        period_label = QLabel(self.tr("期間(&P)："))
        period_label.setBuddy(self.period)
        self.excel_button = QPushButton(self.tr("Excelに出力(&E)"))
        self.excel_button.clicked.connect(lambda: self._choose_and_export("xlsx"))
        self.pdf_button = QPushButton(self.tr("PDFに出力(&F)"))
        self.pdf_button.clicked.connect(lambda: self._choose_and_export("pdf"))

        self.names = QListWidget()
        self.names.setObjectName("prefectureTableList")
        self.names.setAccessibleName(self.tr("集計表の一覧"))
        self.names.setSpacing(2)
        self.names.currentRowChanged.connect(self._show_table)
        self.model = PrefectureTableModel(self, self.lang)
        self.table = QTableView()
        self.table.setObjectName("prefectureTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("選んだ集計表"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = BarChart()
        self.chart.setAccessibleName(self.tr("集計表のグラフ"))
        self.completeness = QLabel()
        self.completeness.setObjectName("tablesCompleteness")
        self.completeness.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("tableNote")
        self.note.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addWidget(self.excel_button)
        top.addWidget(self.pdf_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table, 3)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.chart, 2)
        split = QSplitter()
        split.addWidget(self.names)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(top)
        layout.addWidget(self.completeness)
        layout.addWidget(split, 1)
        self.refresh()

    def period_code(self) -> str:
        return str(self.period.currentData())

    def set_period(self, code: str) -> None:
        i = self.period.findData(code)
        if i < 0:
            self.period.addItem(period_choice(FiscalQuarter.parse(code), self.lang), code)
            i = self.period.count() - 1
        if i != self.period.currentIndex():
            self.period.setCurrentIndex(i)  # refreshes through the signal
        else:
            self.refresh()

    def refresh(self) -> None:
        keep = self.names.currentRow()
        try:
            self.result = report.build(self.office, self.period_code(), lang=self.lang)
        except Exception as exc:  # the page stays usable; the one dialog says why
            report_error(self, exc)
            return
        self.names.blockSignals(True)
        self.names.clear()
        for t in self.result.tables:
            self.names.addItem(t.title)
        self.names.blockSignals(False)
        # Every table's title readable without side scrolling (English titles are longer).
        self.names.setMinimumWidth(self.names.sizeHintForColumn(0) + 32)
        self.names.setCurrentRow(keep if 0 <= keep < len(self.result.tables) else 0)
        this_year = self.result.completeness[0]
        text = self.tr("集計に含むブランチ：{n} か所").format(n=len(this_year.included))
        if this_year.missing_areas:
            text += ("　" if self.lang == "ja" else "  ") + self.tr("未提出の圏域：{areas}").format(
                areas=("、" if self.lang == "ja" else ", ").join(this_year.missing_areas)
            )
        self.completeness.setText(text)

    def current_table(self) -> PrefTable | None:
        row = self.names.currentRow()
        if self.result is None or not 0 <= row < len(self.result.tables):
            return None
        return self.result.tables[row]

    def show_table(self, name: str) -> None:
        assert self.result is not None
        names = [t.name for t in self.result.tables]
        self.names.setCurrentRow(names.index(name))

    def _show_table(self, _row: int) -> None:
        table = self.current_table()
        self.model.set_table(table)
        if table is None:
            self.chart.set_data([], [])
            self.note.clear()
            return
        self.table.resizeRowsToContents()
        notes = [table.note] if table.note else []
        if table.dashed:
            notes.append(footnote(self.lang))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        # Bars: this year's first column against last year's; areas only, not municipalities.
        series = [table.columns[0].label, table.columns[1].label]
        rows = [
            (r.label, (r.counts[0].value, r.counts[1].value)) for r in table.rows if r.level != 2
        ]
        self.chart.set_data(series, rows)
        self.chart.setMinimumHeight(min(self.chart.sizeHint().height(), 420))

    # --- exports ------------------------------------------------------------------------------

    def _choose_and_export(self, kind: str) -> None:
        code = self.period_code()
        if kind == "xlsx":
            name, pattern = f"県集計表_{code}.xlsx", self.tr("Excel ブック (*.xlsx)")
        else:
            name, pattern = f"県集計表_{code}.pdf", self.tr("PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存先"), name, pattern)
        if path:
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> bool:
        """Write the tables of the chosen period to `path` (kind "xlsx" or "pdf")."""
        code = self.period_code()
        xlsx, pdf = (path, None) if kind == "xlsx" else (None, path)
        office = self.office

        def work(progress):  # type: ignore[no-untyped-def]
            progress(-1, "")
            return report.write(office, code, xlsx, pdf)

        try:
            run_with_progress(self, self.tr("集計表を出力しています…"), work)
        except Exception as exc:
            report_error(self, exc)
            return False
        self.exported.emit(str(path))
        return True
