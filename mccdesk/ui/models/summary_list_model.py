"""The summaries of the outbox, one row per version: period, version, state and when.

Newest first. A refused summary shows the prefecture's reason in its state; one that waits for
the drop shows why it is still queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.periods import FiscalQuarter, format_date
from mccdesk.sync.outbox import Entry
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the outbox entry itself

CONTEXT = "SummaryListModel"

STATES = {
    "draft": QT_TRANSLATE_NOOP(CONTEXT, "下書き"),
    "approved": QT_TRANSLATE_NOOP(CONTEXT, "承認済み・送信待ち"),
    "delivered": QT_TRANSLATE_NOOP(CONTEXT, "送信済み"),
    "acknowledged": QT_TRANSLATE_NOOP(CONTEXT, "受領確認済み"),
    "refused": QT_TRANSLATE_NOOP(CONTEXT, "差し戻し"),
}
STATE_COLOURS = {"refused": QColor("#b3261e"), "acknowledged": QColor("#1e7e34")}


class Column(IntEnum):
    PERIOD = 0
    VERSION = 1
    STATE = 2
    WHEN = 3


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "期間"),
    QT_TRANSLATE_NOOP(CONTEXT, "版"),
    QT_TRANSLATE_NOOP(CONTEXT, "状態"),
    QT_TRANSLATE_NOOP(CONTEXT, "日付"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def period_label(code: str) -> str:
    try:
        period = FiscalQuarter.parse(code)
    except ValueError:
        return code
    return i18n.period_label(period)


def state_text(entry: Entry) -> str:
    """下書き … 差し戻し（理由）; a queued one says it has not reached the drop yet."""
    text = _tr(STATES.get(entry.state, entry.state))
    if entry.state == "refused" and entry.reason:
        return f"{text}（{entry.reason}）"
    if entry.state == "approved" and entry.last_error:
        return text + _tr("（共有フォルダに届いていません）")
    return text


def last_change(entry: Entry) -> datetime | None:
    """The latest step's time, local (the outbox keeps UTC)."""
    when = entry.answered_at or entry.delivered_at or entry.approved_at or entry.built_at
    return None if when is None else when.replace(tzinfo=UTC).astimezone()


def version_text(entry: Entry) -> str:
    return "" if entry.revision is None else _tr("第{n}版").format(n=entry.revision + 1)


def when_text(entry: Entry) -> str:
    when = last_change(entry)
    return "" if when is None else format_date(when.date())


def when_tooltip(entry: Entry) -> str | None:
    when = last_change(entry)
    return entry.file_name or None if when is None else i18n.date_tooltip(when.date())


def state_colour(entry: Entry) -> QBrush | None:
    colour = STATE_COLOURS.get(entry.state)
    return QBrush(colour) if colour is not None else None


def _file_name(entry: Entry) -> str | None:
    return entry.file_name or None


COLUMNS = (
    ColumnSpec(HEADERS[Column.PERIOD], lambda e: period_label(e.period), lambda e: e.period),
    ColumnSpec(HEADERS[Column.VERSION], version_text, _file_name),
    ColumnSpec(
        HEADERS[Column.STATE],
        state_text,
        lambda e: e.last_error or _file_name(e),
        foreground=state_colour,
    ),
    ColumnSpec(HEADERS[Column.WHEN], when_text, when_tooltip),
)


class SummaryListModel(RowTableModel):
    context = CONTEXT

    def __init__(self, entries: Iterable[Entry] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(COLUMNS, {ENTRY_ROLE: lambda e: e}, parent)
        self.set_entries(entries)

    @property
    def entries(self) -> list[Entry]:
        return self.rows

    def set_entries(self, entries: Iterable[Entry]) -> None:
        self.set_rows(entries)

    def arrange(self, entries: list[Entry]) -> list[Entry]:
        return sorted(entries, key=lambda e: (e.period, e.id), reverse=True)

    def row_of(self, entry_id: int) -> int:
        return self.row_where(lambda entry: entry.id == entry_id)
