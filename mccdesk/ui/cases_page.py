"""相談ケース: every case, searched as you type and filtered by status, fiscal year and place.

A case book may hold 100,000 cases. The newest page is read when the screen is made, so the
window opens at once; the rest follow page by page between events (the count says so), and a
search or filter covers each page as it arrives.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mccdesk.casebook import CaseBook
from mccdesk.domain import Case
from mccdesk.reference import OUTSIDE, UNKNOWN
from mccdesk.ui import i18n
from mccdesk.ui.models.case_filter_proxy import CaseFilterProxy
from mccdesk.ui.models.case_table_model import CASE_ROLE, CaseTableModel, Column
from mccdesk.ui.widgets.place_choices import add_places
from mccdesk.ui.widgets.record_table import record_table

# Filtering 100,000 rows takes a few ms, so there is no debounce: a zero timer only merges
# keys that arrive together.
SEARCH_DELAY_MS = 0
FIRST_PAGE = 300  # read while the window is made: more than a screenful
PAGE = 2000  # read between events afterwards: about 40 ms each


class CasesPage(QWidget):
    case_activated = Signal(object)  # Case: double-click or Enter on a row
    case_record_requested = Signal(object)  # Case: Shift+Enter or 「ケース記録を開く」

    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.book = book
        self.model = CaseTableModel(book.ref, parent=self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("名前・かな・受付番号・市町村で検索（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("相談ケースの検索"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.timeout.connect(self._read_page)
        self._last: Case | None = None  # the oldest case read so far, while pages remain

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("状況で絞り込み"))
        self.status_filter.addItem(self.tr("すべての状況"), None)
        for term in book.ref.case_statuses:
            self.status_filter.addItem(i18n.label(term), term.code)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)

        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName(self.tr("年度で絞り込み"))
        self.year_filter.currentIndexChanged.connect(self._apply_filters)

        self.place_filter = QComboBox()
        self.place_filter.setAccessibleName(self.tr("地域で絞り込み"))
        self._fill_places()
        self.place_filter.currentIndexChanged.connect(self._apply_filters)

        self.count = QLabel()
        self.count.setObjectName("caseCount")

        widths = {
            Column.NUMBER: 8,
            Column.OPENED_ON: 9,
            Column.CHILD: 8,
            Column.MUNICIPALITY: 7,
            Column.METHOD: 6,
            Column.CONSULTER: 14,
            Column.STATUS: 5,
        }
        self.table = record_table(
            self.proxy, "caseTable", widths, stretch=Column.TOPICS, sortable=True, row_padding=10
        )
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        # A shortcut comes before the table's own Enter, so plain Enter still opens the child.
        self.record_action = QAction(self.tr("ケース記録を開く（Shift+Enter）"), self.table)
        self.record_action.setShortcuts([QKeySequence("Shift+Return"), QKeySequence("Shift+Enter")])
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.record_action.triggered.connect(self._record_requested)
        self.table.addAction(self.record_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.year_filter, 1)
        filters.addWidget(self.place_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.year_filter)
        self.setTabOrder(self.year_filter, self.place_filter)
        self.setTabOrder(self.place_filter, self.table)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.reload()

    # --- loading ------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """True while older cases are still being read."""
        return self._last is not None

    def reload(self) -> None:
        """Read the newest page now and the rest page by page, between events."""
        cases = self.book.cases(limit=FIRST_PAGE)
        self.model.set_cases(cases)
        self._last = cases[-1] if len(cases) == FIRST_PAGE else None
        self._fill_years()
        self._update_count()
        if self._last is not None:
            self._page_timer.start(0)

    def _read_page(self) -> None:
        if self._last is None:
            return
        if not self.window().isVisible():  # closed (its case book too): go on when shown again
            return
        cases = self.book.cases(before=(self._last.opened_on, self._last.id), limit=PAGE)
        self._last = cases[-1] if len(cases) == PAGE else None
        self.model.append_cases(cases)
        self._update_count()  # the total, even when no new case passes the filters
        if self._last is None:
            self._fill_years()
        else:
            self._page_timer.start(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loading and not self._page_timer.isActive():
            self._page_timer.start(0)

    def add_case(self, case: Case) -> None:
        """Show a case just opened without reading every case again."""
        self.model.add_case(case)
        self._fill_years()

    def _fill_years(self) -> None:
        years = sorted({row.fiscal_year for row in self.model.rows}, reverse=True)
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("すべての年度"), None)
        for fy in years:
            self.year_filter.addItem(i18n.fiscal_year_label(fy, western=True), fy)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(chosen)))
        self.year_filter.blockSignals(False)

    def _fill_places(self) -> None:
        self.place_filter.addItem(self.tr("すべての地域"), None)
        add_places(self.place_filter, self.book.ref, (OUTSIDE, UNKNOWN))

    # --- filtering ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        self.proxy.set_filters(query=self.search.text())

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            status=self.status_filter.currentData(),
            fiscal_year=self.year_filter.currentData(),
            places=self.place_filter.currentData(),
        )

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self.loading:
            text = self.tr("{shown:,} 件を表示（{total:,} 件まで読み込み済み・読み込み中…）")
        else:
            text = self.tr("{shown:,} 件を表示（全 {total:,} 件）")
        self.count.setText(text.format(shown=shown, total=total))

    def visible_cases(self) -> list[Case]:
        return [self.proxy.index(r, 0).data(CASE_ROLE) for r in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        case = index.data(CASE_ROLE)
        if case is not None:
            self.case_activated.emit(case)

    def _record_requested(self) -> None:
        case = self.table.currentIndex().data(CASE_ROLE)
        if case is not None:
            self.case_record_requested.emit(case)
