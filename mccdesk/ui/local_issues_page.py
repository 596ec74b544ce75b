"""地域課題: issues seen across cases, for the prefecture. Insert adds, Enter edits the selected."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import LocalIssue
from mccdesk.ui.models.local_issue_table_model import ISSUE_ROLE, Column, LocalIssueTableModel
from mccdesk.ui.widgets.form_parts import button, tab_chain
from mccdesk.ui.widgets.list_and_form import list_and_form
from mccdesk.ui.widgets.local_issue_form import LocalIssueForm
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.shortcuts import add_shortcuts


class LocalIssuesPage(QWidget):
    changed = Signal()

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.model = LocalIssueTableModel(book.ref, parent=self)

        self.table = record_table(self.model, "localIssueTable", stretch=Column.TITLE)
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = button(self.tr("追加（Insert）"), self.start_adding)
        self.edit_button = button(self.tr("編集（Enter）"), self.start_editing)
        self.confirmation = QLabel()
        self.confirmation.setObjectName("confirmation")
        self.count = QLabel()
        self.count.setObjectName("caseCount")

        self.form = LocalIssueForm(book)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._form_closed)
        self.form.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.confirmation, 1)
        actions.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(list_and_form(self.table, actions, self.form), 1)
        tab_chain([self.table, self.add_button, self.edit_button])
        add_shortcuts(self, (Qt.Key.Key_Insert, self.start_adding))
        self.reload()

    def today(self) -> date:
        return self._today or date.today()

    def reload(self) -> None:
        chosen = self.selected()
        self.model.set_issues(self.book.local_issues())
        if (chosen is None or not self.select(chosen.id)) and self.model.rowCount():
            self.table.selectRow(0)
        self.count.setText(self.tr("{count} 件").format(count=self.model.rowCount()))
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def issues(self) -> list[LocalIssue]:
        return list(self.model.issues)

    def selected(self) -> LocalIssue | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ISSUE_ROLE) if rows else None

    def select(self, issue_id: int) -> bool:
        row = self.model.row_of(issue_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def start_adding(self) -> None:
        self.confirmation.clear()
        self.form.start(None, self.today())

    def start_editing(self) -> None:
        issue = self.selected()
        if issue is not None:
            self.confirmation.clear()
            self.form.start(issue, self.today())

    def _row_activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.start_editing()

    def _saved(self, issue: LocalIssue) -> None:
        self.reload()
        self.select(issue.id)
        self.confirmation.setText(self.tr("「{title}」を保存しました").format(title=issue.title))
        self.changed.emit()
        self._form_closed()

    def _form_closed(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
