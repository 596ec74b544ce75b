"""The referrals as a table: those waiting for an answer (依頼中) first, newest first within.

Rows carry the child's name and the resource's name, looked up once by the screen, so the table
never asks the case book for anything while it paints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from mccdesk.domain import Referral
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n

REFERRAL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Referral itself
WAITING = "requested"

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "ReferralTableModel"


class Column(IntEnum):
    STATUS = 0
    REFERRED_ON = 1
    CHILD = 2
    CASE = 3
    RESOURCE = 4
    PURPOSE = 5
    CHANGED_ON = 6


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
    QT_TRANSLATE_NOOP(CONTEXT, "紹介日"),
    QT_TRANSLATE_NOOP(CONTEXT, "児童"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
    QT_TRANSLATE_NOOP(CONTEXT, "紹介先"),
    QT_TRANSLATE_NOOP(CONTEXT, "目的"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況の日付"),
)


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    child_name: str
    case_number: str
    resource_name: str


def waiting_first(rows: Iterable[ReferralRow]) -> list[ReferralRow]:
    return sorted(
        rows,
        key=lambda r: (
            r.referral.status != WAITING,
            -r.referral.referred_on.toordinal(),
            -r.referral.id,
        ),
    )


class ReferralTableModel(QAbstractTableModel):
    def __init__(self, ref: Reference, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ref = ref
        self.rows: list[ReferralRow] = []

    def set_rows(self, rows: Iterable[ReferralRow]) -> None:
        self.beginResetModel()
        self.rows = waiting_first(rows)
        self.endResetModel()

    def replace(self, referral: Referral) -> None:
        """A referral whose status changed: same row data, then waiting-first order again."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self.rows[p.row()].referral.id for p in persistent]
        self.rows = waiting_first(
            ReferralRow(referral, r.child_name, r.case_number, r.resource_name)
            if r.referral.id == referral.id
            else r
            for r in self.rows
        )
        after = [
            self.index(self.row_of(i), p.column()) for p, i in zip(persistent, before, strict=True)
        ]
        self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def row_of(self, referral_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.referral.id == referral_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def _cell(self, row: ReferralRow, column: int) -> str:
        r = row.referral
        if column == Column.STATUS:
            return i18n.term(self.ref.referral_statuses, r.status)
        if column == Column.REFERRED_ON:
            return format_date(r.referred_on)
        if column == Column.CHILD:
            return row.child_name
        if column == Column.CASE:
            return row.case_number
        if column == Column.RESOURCE:
            return row.resource_name
        if column == Column.PURPOSE:
            return r.purpose.strip().splitlines()[0] if r.purpose.strip() else ""
        if column == Column.CHANGED_ON:
            return format_date(r.status_changed_on) if r.status_changed_on else ""
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.REFERRED_ON:
                return i18n.date_tooltip(row.referral.referred_on)
            if column == Column.CHANGED_ON and row.referral.status_changed_on:
                return i18n.date_tooltip(row.referral.status_changed_on)
            if column == Column.PURPOSE:
                return row.referral.purpose or None
            return None
        if role == Qt.ItemDataRole.FontRole and column == Column.STATUS:
            if row.referral.status == WAITING:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == REFERRAL_ROLE:
            return row.referral
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
