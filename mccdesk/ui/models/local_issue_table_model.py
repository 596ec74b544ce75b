"""Local issues (地域課題) as a table: newest first, as the case book returns them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from mccdesk.domain import LocalIssue
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the LocalIssue itself
CONTEXT = "LocalIssueTableModel"


class Column(IntEnum):
    RAISED_ON = 0
    TITLE = 1
    TOPIC = 2
    STATUS = 3


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "提起日"),
    QT_TRANSLATE_NOOP(CONTEXT, "件名"),
    QT_TRANSLATE_NOOP(CONTEXT, "分類（主訴）"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
)


class LocalIssueTableModel(RowTableModel):
    context = CONTEXT

    def __init__(self, ref: Reference, issues: Iterable[LocalIssue] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        self.ref = ref
        topic = self._topic
        columns = (
            ColumnSpec(
                HEADERS[Column.RAISED_ON],
                lambda i: format_date(i.raised_on),
                lambda i: i18n.date_tooltip(i.raised_on),
            ),
            ColumnSpec(HEADERS[Column.TITLE], lambda i: i.title, lambda i: i.body or None),
            # The label up to its explanation in brackets; the whole label in the tooltip.
            ColumnSpec(
                HEADERS[Column.TOPIC], lambda i: topic(i).split("（")[0], lambda i: topic(i) or None
            ),
            ColumnSpec(
                HEADERS[Column.STATUS],
                lambda i: i18n.term(self.ref.local_issue_statuses, i.status),
            ),
        )
        super().__init__(columns, {ISSUE_ROLE: lambda i: i}, parent)
        self.rows = list(issues)

    def _topic(self, issue: LocalIssue) -> str:
        return i18n.term(self.ref.topics, issue.topic) if issue.topic else ""

    @property
    def issues(self) -> list[LocalIssue]:
        return self.rows

    def set_issues(self, issues: Iterable[LocalIssue]) -> None:
        self.set_rows(issues)

    def row_of(self, issue_id: int) -> int:
        return self.row_where(lambda issue: issue.id == issue_id)
