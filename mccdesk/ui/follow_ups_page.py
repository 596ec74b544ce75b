"""モニタリング: follow-ups overdue (red, with how many days), due today, this week, upcoming, done.

Enter on a row opens the one-step completion form (outcome and next date); Delete removes a
follow-up at once and the notice bar offers 「元に戻す」 (Ctrl+Z) instead of asking first.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import FollowUp
from mccdesk.errors import MccdeskError
from mccdesk.periods import format_date
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.follow_up_table_model import (
    DONE,
    FOLLOW_UP_ROLE,
    LISTS,
    OVERDUE,
    OVERDUE_COLOUR,
    TODAY,
    UPCOMING,
    WEEK,
    Column,
    FollowUpRow,
    FollowUpTableModel,
)
from mccdesk.ui.widgets.follow_up_complete_form import Completion, FollowUpCompleteForm
from mccdesk.ui.widgets.form_parts import button, buttons_row, tab_chain
from mccdesk.ui.widgets.notice_bar import NoticeBar
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.shortcuts import add_shortcuts

CONTEXT = "FollowUpsPage"
TAB_LABELS = {
    OVERDUE: QT_TRANSLATE_NOOP(CONTEXT, "期限切れ"),
    TODAY: QT_TRANSLATE_NOOP(CONTEXT, "今日"),
    WEEK: QT_TRANSLATE_NOOP(CONTEXT, "今週（7日以内）"),
    UPCOMING: QT_TRANSLATE_NOOP(CONTEXT, "予定（すべて）"),
    DONE: QT_TRANSLATE_NOOP(CONTEXT, "完了"),
}


class FollowUpsPage(QWidget):
    changed = Signal()  # a follow-up was completed, deleted or restored: counts elsewhere change

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.model = FollowUpTableModel(self.today(), parent=self)

        self.tabs = QTabBar()
        self.tabs.setObjectName("followUpLists")
        self.tabs.setAccessibleName(self.tr("モニタリングの一覧"))
        for key in LISTS:
            self.tabs.addTab("")
            self.tabs.setTabData(self.tabs.count() - 1, key)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.notice = NoticeBar()
        self.notice.undone.connect(self.changed)

        # The lists are short (tens of rows): columns fit their contents.
        self.table = record_table(
            self.model, "followUpTable", stretch=Column.OUTCOME, row_padding=10
        )
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.complete_button = button(self.tr("完了にする（Enter）"), self.start_completing)
        self.delete_button = button(self.tr("削除（Delete）"), self.delete_selected)
        self.count = QLabel()
        self.count.setObjectName("caseCount")
        actions = buttons_row(self.complete_button, self.delete_button)
        actions.addWidget(self.count)

        self.form = FollowUpCompleteForm()
        self.form.submitted.connect(self._complete)
        self.form.cancelled.connect(self._form_closed)
        self.form.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(8)
        layout.addWidget(self.tabs)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.form)
        tab_chain([self.tabs, self.table, self.complete_button, self.delete_button])
        add_shortcuts(
            self,
            (QKeySequence.StandardKey.Undo, self.undo),
            (Qt.Key.Key_Delete, self.delete_selected),
        )
        # Read on first show (showEvent), not here: the page is built at start but rarely shown.

    def today(self) -> date:
        return self._today or date.today()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the follow-ups again, keeping the chosen list and row."""
        chosen = self.selected()
        follow_ups = self.book.follow_ups()
        # Only the cases the follow-ups point to, in one query (a branch may have 100,000).
        cases = {c.id: c for c in self.book.cases(ids={fu.case_id for fu in follow_ups})}
        names = {c.id: c.name for c in self.book.coordinators()}
        rows = []
        for fu in follow_ups:
            case = cases.get(fu.case_id)
            rows.append(
                FollowUpRow(
                    fu,
                    case.number if case else "",
                    case.child_name if case else "",
                    case.child_kana if case else "",
                    names.get(fu.coordinator_id, "") if fu.coordinator_id else "",
                )
            )
        self.model.set_rows(rows, self.today())
        if (chosen is None or not self.select(chosen.id)) and self.model.rowCount():
            self.table.selectRow(0)
        self._update_counts()

    def showEvent(self, event: QShowEvent) -> None:
        # Other screens add follow-ups and the day may have changed: read again when shown.
        self.reload()
        super().showEvent(event)

    def show_list(self, key: str) -> None:
        """Show one list (OVERDUE, TODAY, WEEK, UPCOMING or DONE) and focus its first row."""
        self.tabs.setCurrentIndex(LISTS.index(key))
        self._tab_changed(self.tabs.currentIndex())
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_list(self) -> str:
        return self.model.list_key

    def _tab_changed(self, index: int) -> None:
        key = self.tabs.tabData(index)
        if key is None:
            return
        if key != self.model.list_key:
            self.model.set_list(key)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_counts()

    def _update_counts(self) -> None:
        for i, key in enumerate(LISTS):
            label = QCoreApplication.translate(CONTEXT, TAB_LABELS[key])
            self.tabs.setTabText(i, f"{label}（{self.model.count(key)}）")
        self.tabs.setTabTextColor(0, OVERDUE_COLOUR if self.model.count(OVERDUE) else QColor())
        self.count.setText(self.tr("{shown} 件").format(shown=self.model.rowCount()))
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        fu = self.selected()
        self.complete_button.setEnabled(fu is not None and fu.done_on is None)
        self.delete_button.setEnabled(fu is not None)

    def visible(self) -> list[FollowUp]:
        return [row.follow_up for row in self.model.rows]

    def selected(self) -> FollowUp | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(FOLLOW_UP_ROLE) if rows else None

    def select(self, follow_up_id: int) -> bool:
        row = self.model.row_of(follow_up_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    # --- completing ---------------------------------------------------------------------------

    def _row_activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.start_completing()

    def start_completing(self) -> None:
        fu = self.selected()
        if fu is None or fu.done_on is not None:
            return
        row = self.model.rows[self.model.row_of(fu.id)]
        self.form.start(fu, row.child_name or row.case_number, self.today())

    def _complete(self, completion: Completion) -> None:
        try:
            _done, nxt = self.book.complete_follow_up(
                completion.follow_up_id,
                completion.done_on,
                completion.outcome,
                completion.next_due,
                completion.next_purpose,
            )
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self.form.hide()
        self.form.follow_up = None
        self.reload()
        text = self.tr("モニタリングを完了にしました。")
        if nxt is not None:
            text += self.tr("次回は {due} です。").format(due=format_date(nxt.due_on))
        self.notice.show_notice(text)
        self.changed.emit()
        self._form_closed()

    def _form_closed(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and self.selected() is None:
            self.table.selectRow(0)
        self._update_counts()

    # --- deleting and undo --------------------------------------------------------------------

    def delete_selected(self) -> None:
        fu = self.selected()
        if fu is None or self.form.isAncestorOf(QApplication.focusWidget()):
            return  # Delete typed while completing is not meant for the list
        row = self.table.currentIndex().row()
        shown = self.model.rows[self.model.row_of(fu.id)]
        who = shown.child_name or shown.case_number
        try:
            self.book.delete_follow_up(fu.id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        if self.form.follow_up is not None and self.form.follow_up.id == fu.id:
            self.form.cancel()
        self.reload()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.notice.show_notice(
            self.tr("{who}（予定日 {due}）のモニタリングを削除しました。").format(
                who=who, due=format_date(fu.due_on)
            ),
            lambda: self._restore(fu.id),
        )
        self._update_counts()
        self.changed.emit()

    def _restore(self, follow_up_id: int) -> None:
        try:
            self.book.undo_delete_follow_up(follow_up_id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self.reload()
        self.select(follow_up_id)
        self._update_counts()

    def undo(self) -> bool:
        return self.notice.undo()
