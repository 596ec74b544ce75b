"""The referrals as a table: those waiting for an answer (依頼中) first, newest first within.

Rows carry the child's name and the resource's name, looked up once by the screen, so the table
never asks the case book for anything while it paints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from mccdesk.domain import Referral
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

REFERRAL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Referral itself
WAITING = "requested"
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


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


class ReferralTableModel(RowTableModel):
    context = CONTEXT

    def __init__(self, ref: Reference, parent=None) -> None:  # type: ignore[no-untyped-def]
        self.ref = ref
        columns = (
            ColumnSpec(
                HEADERS[Column.STATUS],
                lambda r: i18n.term(self.ref.referral_statuses, r.referral.status),
                bold=lambda r: r.referral.status == WAITING,
            ),
            ColumnSpec(
                HEADERS[Column.REFERRED_ON],
                lambda r: format_date(r.referral.referred_on),
                lambda r: i18n.date_tooltip(r.referral.referred_on),
            ),
            ColumnSpec(HEADERS[Column.CHILD], lambda r: r.child_name),
            ColumnSpec(HEADERS[Column.CASE], lambda r: r.case_number),
            ColumnSpec(HEADERS[Column.RESOURCE], lambda r: r.resource_name),
            ColumnSpec(
                HEADERS[Column.PURPOSE],
                lambda r: _first_line(r.referral.purpose),
                lambda r: r.referral.purpose or None,
            ),
            ColumnSpec(
                HEADERS[Column.CHANGED_ON],
                lambda r: format_date(day) if (day := r.referral.status_changed_on) else "",
                lambda r: i18n.date_tooltip(day) if (day := r.referral.status_changed_on) else None,
            ),
        )
        super().__init__(columns, {REFERRAL_ROLE: lambda r: r.referral}, parent)

    def arrange(self, rows: list[ReferralRow]) -> list[ReferralRow]:
        return waiting_first(rows)

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
        return self.row_where(lambda row: row.referral.id == referral_id)
