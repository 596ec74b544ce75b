"""提出状況: which branch has sent which quarter of a fiscal year (branch × quarter).

A cell says received (with the revision), late, missing, not yet due, and how many files of that
quarter are held or quarantined; colours repeat the words (see the model) and a legend explains
them. The year chooser offers this fiscal year and the three before it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mccdesk.periods import FiscalQuarter, fiscal_year_of
from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.ui import i18n
from mccdesk.ui.models.prefecture_completeness_model import (
    COLOURS,
    HELD,
    LATE,
    PrefectureCompletenessModel,
)
from mccdesk.ui.widgets.scaled_font import make_title

YEARS_OFFERED = 4


class PrefectureCompletenessPage(QWidget):
    def __init__(self, office: PrefectureOffice, today: date | None = None) -> None:
        super().__init__()
        self.office, self._today = office, today
        title = QLabel(self.tr("提出状況"))
        make_title(title)
        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("年度"))
        this_year = fiscal_year_of(self.today())
        for fy in range(this_year, this_year - YEARS_OFFERED, -1):
            self.year.addItem(i18n.fiscal_year_label(fy, western=True), fy)
        self.year.currentIndexChanged.connect(self.refresh)
        year_label = QLabel(self.tr("年度(&Y)："))
        year_label.setBuddy(self.year)

        self.model = PrefectureCompletenessModel(self)
        self.grid = QTableView()
        self.grid.setObjectName("completenessGrid")
        self.grid.setModel(self.model)
        self.grid.setAccessibleName(self.tr("ブランチ別・四半期別の提出状況"))
        self.grid.verticalHeader().hide()
        self.grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 8)
        self.grid.setWordWrap(True)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr(
                "登録されたブランチがありません。"
                "コマンド mccdesk prefecture register で登録します。"
            )
        )
        self.empty.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("completenessSummary")
        self.summary.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(year_label)
        top.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.empty)
        layout.addLayout(self._legend())
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()

    def _legend(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for kind, text in (
            (model.RECEIVED, self.tr("受領")),
            (LATE, self.tr("期限後に受領")),
            (model.MISSING, self.tr("未着（期限超過）")),
            (HELD, self.tr("保留・隔離あり（「保留・隔離」画面へ）")),
        ):
            swatch = QLabel(text)
            swatch.setStyleSheet(
                f"background: {COLOURS[kind].name()}; border: 1px solid #d0d5da; padding: 2px 8px;"
            )
            row.addWidget(swatch)
        row.addStretch(1)
        return row

    def fiscal_year(self) -> int:
        return int(self.year.currentData())

    def set_fiscal_year(self, fy: int) -> None:
        i = self.year.findData(fy)
        if i < 0:
            self.year.addItem(i18n.fiscal_year_label(fy, western=True), fy)
            i = self.year.count() - 1
        if i != self.year.currentIndex():
            self.year.setCurrentIndex(i)  # refreshes through the signal
        else:
            self.refresh()

    def refresh(self) -> None:
        fy, today = self.fiscal_year(), self.today()
        quarters = [FiscalQuarter(fy, q) for q in (1, 2, 3, 4)]
        found = [self.office.completeness(q, today) for q in quarters]
        self.model.set_grid(found, quarters, today)
        self.empty.setVisible(not self.model.rows)
        missing = sum(len(c.by_state(model.MISSING)) for c in found)
        received = sum(len(c.by_state(model.RECEIVED)) for c in found)
        self.summary.setText(
            self.tr("受領 {r} 件、未着（期限超過） {m} 件").format(r=received, m=missing)
        )
