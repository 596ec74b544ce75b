"""紹介: every referral, those waiting for an answer (依頼中) first; below, the form for a new one
and the chosen referral (status changes, 紹介状を印刷).

Keyboard: Ctrl+L the list, Ctrl+Shift+N a new referral, Ctrl+P print the chosen one's sheet.
The list is read when the page is first shown, not when the window opens.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.models.referral_table_model import (
    WAITING,
    Column,
    ReferralRow,
    ReferralTableModel,
)
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.referral_detail import ReferralDetail
from mccdesk.ui.widgets.referral_form import ReferralForm
from mccdesk.ui.widgets.scaled_font import make_title


class ReferralPage(QWidget):
    referral_saved = Signal(object)  # a new Referral
    referral_changed = Signal(object)  # a Referral whose status changed

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._loaded = False
        self.model = ReferralTableModel(book.ref, self)
        self.table = record_table(
            self.model, "referralTable", stretch=Column.PURPOSE, wrap=True, highlight=True
        )
        self.table.setAccessibleName(self.tr("紹介の一覧"))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _i: self.detail.status.setFocus())
        self.count = QLabel()
        self.count.setObjectName("caseCount")
        self.new_button = QPushButton(self.tr("新しい紹介（Ctrl+Shift+N）"))
        self.new_button.clicked.connect(lambda: self.start_for(None))

        self.form = ReferralForm(book, today)
        self.form.saved.connect(self._saved)
        self.detail = ReferralDetail(book, today)
        self.detail.status_changed.connect(self._status_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("紹介（依頼中が先頭）"))
        make_title(title)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count)
        form_box = QGroupBox(self.tr("新しい紹介"))
        QVBoxLayout(form_box).addWidget(self.form)
        detail_box = QGroupBox(self.tr("選択した紹介"))
        QVBoxLayout(detail_box).addWidget(self.detail)
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(form_box, 3)
        bottom_layout.addWidget(detail_box, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(splitter)

        for keys, slot in (
            ("Ctrl+L", self.focus_list),
            ("Ctrl+Shift+N", lambda: self.start_for(None)),
            ("Ctrl+P", self.detail.print_sheet),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- the list -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        referrals = self.book.referrals()
        resources = {r.id: r.name for r in self.book.resources(include_retired=True)}
        cases = {c.id: c for c in self.book.cases(ids={r.case_id for r in referrals})}
        rows = [
            ReferralRow(
                r,
                cases[r.case_id].child_name if r.case_id in cases else "",
                cases[r.case_id].number if r.case_id in cases else "",
                resources.get(r.resource_id, f"#{r.resource_id}"),
            )
            for r in referrals
        ]
        self.model.set_rows(rows)
        self._update_count()

    def _update_count(self) -> None:
        waiting = sum(1 for r in self.model.rows if r.referral.status == WAITING)
        self.count.setText(
            self.tr("依頼中 {waiting:,} 件（全 {total:,} 件）").format(
                waiting=waiting, total=self.model.rowCount()
            )
        )

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.select_referral(self.model.rows[0].referral.id)

    def select_referral(self, referral_id: int) -> bool:
        if not self._loaded:
            self.reload()
        row = self.model.row_of(referral_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        row = self.model.rows[current.row()] if current.isValid() else None
        self.detail.show_row(row)

    def waiting_referrals(self) -> list[d.Referral]:
        return [r.referral for r in self.model.rows if r.referral.status == WAITING]

    # --- new referrals and changes ------------------------------------------------------------

    def start_for(self, child: d.Child | None, case: d.Case | None = None) -> None:
        """The form, fresh, for `child` (from the child screen) or for any child."""
        if not self._loaded:
            self.reload()
        self.form.start(child, case)

    def _saved(self, referral: d.Referral) -> None:
        self.reload()
        self.select_referral(referral.id)
        self.detail.done.setText(self.tr("紹介を登録しました（依頼中）"))
        self.referral_saved.emit(referral)

    def _status_changed(self, referral: d.Referral) -> None:
        self.model.replace(referral)
        self.select_referral(referral.id)
        self.detail.show_row(self.model.rows[self.model.row_of(referral.id)])
        self._update_count()
        self.referral_changed.emit(referral)
