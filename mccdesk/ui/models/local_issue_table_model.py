"""Local issues (地域課題) as a table: newest first, as the case book returns them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from mccdesk.domain import LocalIssue
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the LocalIssue itself

Index = QModelIndex | QPersistentModelIndex
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


class LocalIssueTableModel(QAbstractTableModel):
    def __init__(self, ref: Reference, issues: Iterable[LocalIssue] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ref = ref
        self.issues: list[LocalIssue] = list(issues)

    def set_issues(self, issues: Iterable[LocalIssue]) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.endResetModel()

    def row_of(self, issue_id: int) -> int:
        for i, issue in enumerate(self.issues):
            if issue.id == issue_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.issues):
            return None
        issue = self.issues[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.RAISED_ON:
                return format_date(issue.raised_on)
            if column == Column.TITLE:
                return issue.title
            if column == Column.TOPIC:  # the label up to its explanation in brackets
                return i18n.term(self.ref.topics, issue.topic).split("（")[0] if issue.topic else ""
            return i18n.term(self.ref.local_issue_statuses, issue.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TOPIC and issue.topic:
                return i18n.term(self.ref.topics, issue.topic)
            if column == Column.RAISED_ON:
                return i18n.date_tooltip(issue.raised_on)
            if column == Column.TITLE and issue.body:
                return issue.body
            return None
        if role == ISSUE_ROLE:
            return issue
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate(CONTEXT, HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
