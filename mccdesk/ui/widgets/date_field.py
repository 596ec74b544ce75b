"""A date field: 2024/10/01 with a calendar, the 和暦 as tooltip, and Tab that leaves the field.

QDateEdit normally walks Tab through year, month and day; on a form filled by keyboard that costs
two extra presses per date. Here Tab goes to the next field; ←/→ move between the parts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from mccdesk.ui import i18n


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateField(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy/MM/dd")
        self.dateChanged.connect(self._show_wareki)

    def value(self) -> date:
        return to_date(self.date())

    def set_value(self, day: date) -> None:
        self.setDate(to_qdate(day))
        self._show_wareki()

    def _show_wareki(self, *_: object) -> None:
        self.setToolTip(i18n.date_tooltip(self.value()))

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
