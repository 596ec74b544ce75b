"""Complete a follow-up in one step: what came of it and, optionally, when to follow up next.

Enter completes, Esc cancels; a problem shows in red under the form, nothing pops up.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
)

from mccdesk.domain import FollowUp
from mccdesk.periods import format_date
from mccdesk.ui.widgets import form_parts
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day (1/31 → 2/28)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Completion:
    follow_up_id: int
    done_on: date
    outcome: str
    next_due: date | None
    next_purpose: str


class FollowUpCompleteForm(QFrame):
    submitted = Signal(object)  # Completion
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = form_parts.framed(self, "followUpCompleteForm")
        self.follow_up: FollowUp | None = None

        self.outcome = QLineEdit()
        self.outcome.setObjectName("outcome")
        self.outcome.setAccessibleName(self.tr("結果"))
        self.outcome.setPlaceholderText(self.tr("確認できたこと・変化・今後の対応"))
        self.done_on = DateField()
        self.done_on.setAccessibleName(self.tr("実施日"))
        self.schedule_next = QCheckBox(self.tr("次回のモニタリングを予定する"))
        self.next_on = DateField()
        self.next_on.setAccessibleName(self.tr("次回予定日"))
        self.next_purpose = QLineEdit()
        self.next_purpose.setAccessibleName(self.tr("次回の目的"))
        self.next_purpose.setPlaceholderText(self.tr("次回の目的（任意）"))
        self.schedule_next.toggled.connect(self.next_on.setEnabled)
        self.schedule_next.toggled.connect(self.next_purpose.setEnabled)
        self.done_on.dateChanged.connect(self._done_on_changed)
        self.error = error_label()

        self.complete_button = form_parts.button(
            self.tr("完了にする（Enter）"), self.submit, "saveButton"
        )
        self.cancel_button = form_parts.button(self.tr("キャンセル（Esc）"), self.cancel)

        form = QFormLayout()
        form.addRow(self.tr("結果"), self.outcome)
        form.addRow(self.tr("実施日"), self._row(self.done_on))
        form.addRow(self.tr("次回"), self._row(self.schedule_next, self.next_on))
        form.addRow("", self.next_purpose)
        layout = form_parts.framed_layout(self, self.title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(form_parts.buttons_row(self.complete_button, self.cancel_button))
        form_parts.tab_chain(
            [
                self.outcome,
                self.done_on,
                self.schedule_next,
                self.next_on,
                self.next_purpose,
                self.complete_button,
                self.cancel_button,
            ]
        )

    @staticmethod
    def _row(*widgets: QCheckBox | DateField) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    # --- state --------------------------------------------------------------------------------

    def start(self, follow_up: FollowUp, child: str, today: date) -> None:
        """Fill in for `follow_up`: done today, next one a month later; focus the outcome."""
        self.follow_up = follow_up
        self.title.setText(
            self.tr("{child}　予定日 {due} のモニタリングを完了").format(
                child=child, due=format_date(follow_up.due_on)
            )
        )
        self.outcome.clear()
        self.done_on.setMaximumDate(to_qdate(today))
        self.done_on.set_value(today)
        self.schedule_next.setChecked(True)
        self.next_on.setEnabled(True)
        self.next_purpose.setEnabled(True)
        self.next_on.set_value(one_month_after(today))
        self.next_purpose.setText(follow_up.purpose)
        self.error.hide()
        self.show()
        self.outcome.setFocus(Qt.FocusReason.OtherFocusReason)

    def _done_on_changed(self, *_: object) -> None:
        self.next_on.setMinimumDate(self.done_on.date())

    def show_error(self, text: str) -> None:
        form_parts.show_error(self.error, text)

    # --- keys and actions ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not form_parts.enter_or_escape(event, self.submit, self.cancel):
            super().keyPressEvent(event)

    def submit(self) -> None:
        if self.follow_up is None:
            return
        outcome = self.outcome.text().strip()
        if not outcome:
            self.show_error(self.tr("結果を入力してください。"))
            self.outcome.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        next_due = self.next_on.value() if self.schedule_next.isChecked() else None
        if next_due is not None and next_due < self.done_on.value():
            self.show_error(self.tr("次回予定日は実施日より後にしてください。"))
            self.next_on.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.show_error("")
        self.submitted.emit(
            Completion(
                self.follow_up.id,
                self.done_on.value(),
                outcome,
                next_due,
                self.next_purpose.text().strip() if next_due else "",
            )
        )

    def cancel(self) -> None:
        self.follow_up = None
        self.hide()
        self.cancelled.emit()
