"""Held and quarantined files: when, which branch, which file, and why (in the display language)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.periods import FiscalQuarter, format_date
from mccdesk.prefecture import model
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

CONTEXT = "PrefectureQuarantineModel"
FILE_ROLE = Qt.ItemDataRole.UserRole + 1  # the model.ReceivedFile of the row


class Column(IntEnum):
    RECEIVED = 0
    STATUS = 1
    BRANCH = 2
    PERIOD = 3
    FILE = 4
    REASON = 5


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "受信日時"),
    QT_TRANSLATE_NOOP(CONTEXT, "状態"),
    QT_TRANSLATE_NOOP(CONTEXT, "ブランチ"),
    QT_TRANSLATE_NOOP(CONTEXT, "期間"),
    QT_TRANSLATE_NOOP(CONTEXT, "ファイル"),
    QT_TRANSLATE_NOOP(CONTEXT, "理由"),
)
STATUS_TEXT = {
    model.HELD: QT_TRANSLATE_NOOP(CONTEXT, "保留（自動で再確認）"),
    model.QUARANTINED: QT_TRANSLATE_NOOP(CONTEXT, "隔離"),
}
STATUS_COLOUR = {model.HELD: QColor("#fff1c2"), model.QUARANTINED: QColor("#fbd9d5")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def period_text(code: str, lang: str = "ja") -> str:
    try:
        return FiscalQuarter.parse(code).label(lang)
    except ValueError:  # unreadable files have no trustworthy period
        return code


def local_time(when: datetime) -> str:
    """A stored UTC time as this PC's local date and time: 2024/10/01 09:30."""
    local = when.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def received_text(f: model.ReceivedFile) -> str:
    return local_time(f.received_at)


def _status_colour(f: model.ReceivedFile) -> QBrush | None:
    colour = STATUS_COLOUR.get(f.status)
    return QBrush(colour) if colour else None


class PrefectureQuarantineModel(RowTableModel):
    context = CONTEXT

    def __init__(self, parent=None, lang: str = "ja") -> None:  # type: ignore[no-untyped-def]
        def column(c: Column) -> ColumnSpec:
            text = lambda f: self.cell_text(f, c)  # noqa: E731 - shown whole as its tooltip too
            colour = _status_colour if c == Column.STATUS else None
            return ColumnSpec(HEADERS[c], text, text, background=colour)

        super().__init__(map(column, Column), {FILE_ROLE: lambda f: f}, parent)
        self.lang = lang

    @property
    def files(self) -> list[model.ReceivedFile]:
        return self.rows

    def set_files(self, files: list[model.ReceivedFile]) -> None:
        self.set_rows(files)

    def arrange(self, files: list[model.ReceivedFile]) -> list[model.ReceivedFile]:
        return sorted(files, key=lambda f: f.received_at, reverse=True)  # newest first

    def text(self, row: int, column: Column) -> str:
        return self.cell_text(self.rows[row], column)

    def cell_text(self, f: model.ReceivedFile, column: Column) -> str:
        if column == Column.RECEIVED:
            return received_text(f)
        if column == Column.STATUS:
            return _tr(STATUS_TEXT.get(f.status, f.status))
        if column == Column.BRANCH:
            return f.branch
        if column == Column.PERIOD:
            return period_text(f.period, self.lang)
        if column == Column.FILE:
            return f.file_name
        return model.reason_text(f.reason, self.lang)
