"""地域資源: the branch's directory, searched as you type (kana-insensitive) and filtered.

Resources are never deleted, only retired (referrals keep pointing at them): Delete retires the
selected one at once and the notice bar offers 「元に戻す」 (Ctrl+Z); retired ones show greyed
when 「利用終了も表示」 is on and can be reinstated. Insert adds, Enter edits.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import Resource
from mccdesk.errors import MccdeskError
from mccdesk.reference import OUTSIDE
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.resource_table_filter import ResourceFilterProxy
from mccdesk.ui.models.resource_table_model import RESOURCE_ROLE, Column, ResourceTableModel
from mccdesk.ui.widgets.form_parts import button, buttons_row, tab_chain
from mccdesk.ui.widgets.list_and_form import list_and_form
from mccdesk.ui.widgets.notice_bar import NoticeBar
from mccdesk.ui.widgets.place_choices import add_places
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.resource_form import ResourceForm
from mccdesk.ui.widgets.shortcuts import add_shortcuts


class ResourcesPage(QWidget):
    changed = Signal()  # a resource was added, changed, retired or reinstated

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        ref = book.ref
        self.model = ResourceTableModel(ref, parent=self)
        self.proxy = ResourceFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("resourceSearch")
        self.search.setPlaceholderText(
            self.tr("名称・担当者・住所などで検索（かな・カナどちらでも）")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("地域資源の検索"))
        self.search.textChanged.connect(lambda text: self.proxy.set_filters(query=text))

        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(self.tr("種別で絞り込み"))
        self.kind_filter.addItem(self.tr("すべての種別"), None)
        for term in ref.resource_kinds:
            self.kind_filter.addItem(i18n.label(term), term.code)
        self.place_filter = QComboBox()
        self.place_filter.setAccessibleName(self.tr("地域で絞り込み"))
        self.place_filter.addItem(self.tr("すべての地域"), None)
        add_places(self.place_filter, ref, (OUTSIDE,))
        self.care_filter = QComboBox()
        self.care_filter.setAccessibleName(self.tr("医療的ケアで絞り込み"))
        self.care_filter.addItem(self.tr("すべての医療的ケア"), None)
        for term in ref.care_types:
            self.care_filter.addItem(i18n.label(term), term.code)
        self.include_retired = QCheckBox(self.tr("利用終了も表示"))
        for combo in (self.kind_filter, self.place_filter, self.care_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.include_retired.toggled.connect(self._apply_filters)

        self.notice = NoticeBar()
        self.notice.undone.connect(self.changed)

        widths = {
            Column.NAME: 16,
            Column.KIND: 10,
            Column.MUNICIPALITY: 6,
            Column.CONTACT: 9,
            Column.PHONE: 8,
            Column.STATE: 11,
        }
        # The care types a resource accepts are what a referral is chosen by: they get the room.
        self.table = record_table(
            self.proxy, "resourceTable", widths, stretch=Column.CARE_TYPES, sortable=True
        )
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = button(self.tr("追加（Insert）"), self.start_adding)
        self.edit_button = button(self.tr("編集（Enter）"), self.start_editing)
        self.retire_button = button(
            self.tr("利用終了（Delete）"), self.retire_or_reinstate, "retireButton"
        )
        self.count = QLabel()
        self.count.setObjectName("caseCount")

        self.form = ResourceForm(book)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._form_closed)
        self.form.hide()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.place_filter, 1)
        filters.addWidget(self.care_filter, 1)
        filters.addWidget(self.include_retired)
        actions = buttons_row(self.add_button, self.edit_button, self.retire_button)
        actions.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(list_and_form(self.table, actions, self.form, self.notice), 1)
        tab_chain(
            [
                self.search,
                self.kind_filter,
                self.place_filter,
                self.care_filter,
                self.include_retired,
                self.table,
                self.add_button,
                self.edit_button,
                self.retire_button,
            ]
        )

        add_shortcuts(
            self,
            (QKeySequence.StandardKey.Undo, self.undo),
            (Qt.Key.Key_Delete, self.retire_or_reinstate),
            (Qt.Key.Key_Insert, self.start_adding),
        )
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.reload()

    def today(self) -> date:
        return self._today or date.today()

    # --- loading and filtering ----------------------------------------------------------------

    def reload(self) -> None:
        self.model.set_resources(self.book.resources(include_retired=True))
        self._update_count()

    def _apply_filters(self, *_: object) -> None:
        self.proxy.set_filters(
            kind=self.kind_filter.currentData(),
            places=self.place_filter.currentData(),
            care_type=self.care_filter.currentData(),
            include_retired=self.include_retired.isChecked(),
        )
        self._update_count()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self, *_: object) -> None:
        self.count.setText(
            self.tr("{shown:,} 件を表示（全 {total:,} 件）").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        res = self.selected()
        self.edit_button.setEnabled(res is not None)
        self.retire_button.setEnabled(res is not None)
        if res is not None and res.retired_on is not None:
            self.retire_button.setText(self.tr("利用再開（Delete）"))
        else:
            self.retire_button.setText(self.tr("利用終了（Delete）"))

    def visible_resources(self) -> list[Resource]:
        return [self.proxy.index(r, 0).data(RESOURCE_ROLE) for r in range(self.proxy.rowCount())]

    def selected(self) -> Resource | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RESOURCE_ROLE) if rows else None

    def select(self, resource_id: int) -> bool:
        source = self.model.row_of(resource_id)
        index = self.proxy.mapFromSource(self.model.index(source, 0)) if source >= 0 else None
        if index is None or not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    # --- adding and editing -------------------------------------------------------------------

    def start_adding(self) -> None:
        self.form.start(None)

    def start_editing(self) -> None:
        res = self.selected()
        if res is not None:
            self.form.start(res)

    def _row_activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.start_editing()

    def _saved(self, res: Resource) -> None:
        self.model.put(res)
        self.proxy.invalidate()
        if not self.select(res.id):  # hidden by a filter: say so rather than vanish silently
            self.notice.show_notice(
                self.tr("「{name}」を保存しました（今の絞り込みでは表示されません）。").format(
                    name=res.name
                )
            )
        else:
            self.notice.show_notice(self.tr("「{name}」を保存しました。").format(name=res.name))
        self.changed.emit()
        self._form_closed()

    def _form_closed(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_count()

    # --- retiring -----------------------------------------------------------------------------

    def referral_counts(self) -> Counter[int]:
        return Counter(r.resource_id for r in self.book.referrals())

    def retire_or_reinstate(self) -> None:
        res = self.selected()
        if res is None or self.form.isAncestorOf(QApplication.focusWidget()):
            return  # Delete typed in the form is not meant for the list
        try:
            if res.retired_on is None:
                changed = self.book.retire_resource(res.id, self.today())
            else:
                changed = self.book.reinstate_resource(res.id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self._put(changed)
        if changed.retired_on is None:
            self.notice.show_notice(
                self.tr("「{name}」の利用を再開しました。").format(name=res.name),
                lambda: self._set_retired(res.id, res.retired_on),
            )
        else:
            used = self.referral_counts()[res.id]
            if used:
                text = self.tr(
                    "「{name}」は紹介 {count} 件の記録で使われているため削除できません。"
                    "利用終了にしました。"
                ).format(name=res.name, count=used)
            else:
                text = self.tr(
                    "「{name}」を利用終了にしました（地域資源は削除せず、利用終了として残します）。"
                ).format(name=res.name)
            self.notice.show_notice(text, lambda: self._set_retired(res.id, None))
        self.changed.emit()

    def _set_retired(self, resource_id: int, on: date | None) -> None:
        try:
            if on is None:
                changed = self.book.reinstate_resource(resource_id)
            else:
                changed = self.book.retire_resource(resource_id, on)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self._put(changed)
        self.select(resource_id)

    def _put(self, res: Resource) -> None:
        row = self.table.currentIndex().row()
        self.model.put(res)
        self.proxy.invalidate()
        if not self.select(res.id) and self.proxy.rowCount():
            self.table.selectRow(min(max(row, 0), self.proxy.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_count()

    def undo(self) -> bool:
        return self.notice.undo()
