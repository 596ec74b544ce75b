"""Add or edit one local issue (地域課題). Enter saves (Ctrl+Enter inside the text), Esc cancels.

Local issues are written for the prefecture, so the form reminds people to leave out anything
that identifies a child or family.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import (
    button,
    buttons_row,
    enter_or_escape,
    framed,
    framed_layout,
    tab_chain,
    with_error,
)
from mccdesk.ui.widgets.shortcuts import ctrl_enter_saves


class LocalIssueForm(QFrame):
    saved = Signal(object)  # the LocalIssue added or changed
    cancelled = Signal()

    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.heading = framed(self, "localIssueForm")
        self.book = book
        self.issue: d.LocalIssue | None = None  # None: adding a new one
        ref = book.ref

        self.title = QLineEdit()
        self.title.setObjectName("issueTitle")
        self.title.setAccessibleName(self.tr("件名"))
        self.title_error = error_label()
        self.raised_on = DateField()
        self.raised_on.setAccessibleName(self.tr("提起日"))
        self.topic = QComboBox()
        self.topic.setAccessibleName(self.tr("分類（主訴）"))
        self.topic.addItem(self.tr("（分類なし）"), None)
        for term in ref.topics:
            self.topic.addItem(i18n.label(term), term.code)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("状況"))
        for term in ref.local_issue_statuses:
            self.status.addItem(i18n.label(term), term.code)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(self.tr("内容"))
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(
            self.tr(
                "複数の相談から見えてきた課題（県へ報告します。個人が特定される内容は書かないでください）"
            )
        )
        self.save_button = button(self.tr("保存（Enter）"), self.save, "saveButton")
        self.cancel_button = button(self.tr("キャンセル（Esc）"), self.cancel)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("件名"), with_error(self.title, self.title_error))
        form.addRow(self.tr("提起日"), self.raised_on)
        form.addRow(self.tr("分類（主訴）"), self.topic)
        form.addRow(self.tr("状況"), self.status)
        form.addRow(self.tr("内容"), self.body)
        layout = framed_layout(self, self.heading)
        layout.addLayout(form, 1)
        layout.addLayout(buttons_row(self.save_button, self.cancel_button))
        tab_chain(
            [
                self.title,
                self.raised_on,
                self.topic,
                self.status,
                self.body,
                self.save_button,
                self.cancel_button,
            ]
        )
        ctrl_enter_saves(self, self.save)

    def start(self, issue: d.LocalIssue | None, today: date) -> None:
        """Open the form for a new issue (None) or to edit `issue`; focus the title."""
        self.issue = issue
        self.heading.setText(self.tr("地域課題を編集") if issue else self.tr("地域課題を追加"))
        self.title.setText(issue.title if issue else "")
        self.raised_on.setMaximumDate(to_qdate(today))
        self.raised_on.set_value(issue.raised_on if issue else today)
        self.topic.setCurrentIndex(max(0, self.topic.findData(issue.topic if issue else None)))
        self.status.setCurrentIndex(max(0, self.status.findData(issue.status if issue else "open")))
        self.body.setPlainText(issue.body if issue else "")
        self.title_error.hide()
        self.show()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def draft(self) -> d.LocalIssueDraft:
        return d.LocalIssueDraft(
            title=self.title.text().strip(),
            raised_on=self.raised_on.value(),
            topic=self.topic.currentData(),
            body=self.body.toPlainText().strip(),
            status=self.status.currentData(),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter that no field used saves; inside the text it is a new line (Ctrl+Enter saves).
        if not enter_or_escape(event, self.save, self.cancel):
            super().keyPressEvent(event)

    def save(self) -> d.LocalIssue | None:
        if not self.title.text().strip():
            self.title_error.setText(self.tr("件名を入力してください。"))
            self.title_error.show()
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        self.title_error.hide()
        try:
            if self.issue is None:
                saved = self.book.add_local_issue(self.draft())
            else:
                saved = self.book.update_local_issue(self.issue.id, self.draft())
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.issue = None
        self.hide()
        self.saved.emit(saved)
        return saved

    def cancel(self) -> None:
        self.issue = None
        self.hide()
        self.cancelled.emit()
