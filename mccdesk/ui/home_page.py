"""ホーム: the branch, the current fiscal quarter and the case book's headline counts.

The follow-up tiles open the モニタリング page on their list (click, Enter or Space); below them,
this quarter's new cases by status, a chart of new cases per month of the fiscal year, and the
last summary sent to the prefecture with its answer (click: the 集計・送信 page).
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import outbox
from mccdesk.ui import i18n
from mccdesk.ui.models.follow_up_table_model import OVERDUE, WEEK
from mccdesk.ui.models.summary_list_model import period_label, state_text
from mccdesk.ui.widgets.month_chart import FISCAL_MONTHS, MonthChart
from mccdesk.ui.widgets.scaled_font import scale_font

# (key of CaseBook.totals(), caption, what a screen reader says), in the order they are shown.
# Whole phrases, not label + counter word: English has no 人/件 to put in the brackets.
COUNTS = (
    (
        "children",
        QT_TRANSLATE_NOOP("HomePage", "児童（人）"),
        QT_TRANSLATE_NOOP("HomePage", "児童 {value}人"),
    ),
    (
        "cases",
        QT_TRANSLATE_NOOP("HomePage", "相談ケース（件）"),
        QT_TRANSLATE_NOOP("HomePage", "相談ケース {value}件"),
    ),
    (
        "open_cases",
        QT_TRANSLATE_NOOP("HomePage", "継続中（件）"),
        QT_TRANSLATE_NOOP("HomePage", "継続中 {value}件"),
    ),
    (
        "referrals_waiting",
        QT_TRANSLATE_NOOP("HomePage", "回答待ちのつなぎ（件）"),
        QT_TRANSLATE_NOOP("HomePage", "回答待ちのつなぎ {value}件"),
    ),
    (
        "follow_ups_due",
        QT_TRANSLATE_NOOP("HomePage", "今週のモニタリング（件）"),
        QT_TRANSLATE_NOOP("HomePage", "今週のモニタリング {value}件"),
    ),
    (
        "follow_ups_overdue",
        QT_TRANSLATE_NOOP("HomePage", "期限切れのモニタリング（件）"),
        QT_TRANSLATE_NOOP("HomePage", "期限切れのモニタリング {value}件"),
    ),
)
# Tiles that open the follow-ups page, and the list each one opens.
FOLLOW_UP_TILES = {"follow_ups_due": WEEK, "follow_ups_overdue": OVERDUE}
STYLE = """
#countTile:focus, #dashboardBox:focus { border: 2px solid #1a5fb4; }
#dashboardBox { background: #ffffff; border: 1px solid #d0d5da; border-radius: 6px; }
#dashboardBox[state="refused"] { background: #fdecea; border-color: #d93025; }
#dashboardBox[state="acknowledged"] #lastSummaryState { color: #1e7e34; }
#dashboardBox[state="refused"] #lastSummaryState { color: #b3261e; }
#boxTitle, #draftNote, #quarterByStatus, #lastSummary { color: #444; }
"""
SENT_STATES = ("approved", "delivered", "acknowledged", "refused")


class ClickableFrame(QFrame):
    """A frame that can act as a button (click, Enter or Space) once made clickable."""

    activated = Signal()

    def make_clickable(self, hint: str) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(hint)
        self.setAccessibleDescription(hint)
        self.setProperty("clickable", True)

    def _clickable(self) -> bool:
        return bool(self.property("clickable"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable() and event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if self._clickable() and event.key() in keys:
            self.activated.emit()
            return
        super().keyPressEvent(event)


class CountTile(ClickableFrame):
    """One large number with its Japanese label; optionally a button (click, Enter or Space)."""

    def __init__(self, key: str, caption: str, spoken: str) -> None:
        super().__init__()
        self.setObjectName("countTile")
        self.spoken = spoken  # "{value}" in it: what a screen reader says with the number
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.number = QLabel()
        self.number.setObjectName("countNumber")
        self.number.setProperty("count_key", key)
        scale_font(self.number, 3.0, bold=True)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setObjectName("countLabel")
        scale_font(self.caption, 1.1)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, value: int, alert: bool = False) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleName(self.spoken.format(value=f"{value:,}"))
        if self.property("alert") != alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)


class SummaryTile(ClickableFrame):
    """The last summary sent to the prefecture and its answer; opens 集計・送信."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dashboardBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.title = QLabel(self.tr("県への集計"))
        self.title.setObjectName("boxTitle")
        scale_font(self.title, 1.1, bold=True)
        self.sent = QLabel()
        self.sent.setObjectName("lastSummary")
        self.sent.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("lastSummaryState")
        scale_font(self.state, 1.2, bold=True)
        self.state.setWordWrap(True)
        self.draft = QLabel()
        self.draft.setObjectName("draftNote")
        self.draft.setWordWrap(True)
        for label in (self.title, self.sent, self.state, self.draft):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_entries(self, entries: list[outbox.Entry]) -> None:
        sent = [e for e in entries if e.state in SENT_STATES]
        last = max(sent, key=lambda e: e.seq or 0) if sent else None
        if last is None:
            self.sent.setText(self.tr("まだ送信した集計はありません"))
            self.state.clear()
        else:
            self.sent.setText(
                self.tr("前回の集計：{period}（第{n}版）").format(
                    period=period_label(last.period), n=(last.revision or 0) + 1
                )
            )
            self.state.setText(
                self.tr("送信済み・県の受領確認待ち")
                if last.state == "delivered"
                else state_text(last)
            )
        self.setProperty("state", "" if last is None else last.state)
        self.style().unpolish(self)
        self.style().polish(self)
        drafts = [period_label(e.period) for e in entries if e.state == "draft"]
        self.draft.setText(
            self.tr("承認待ちの下書き：{periods}").format(periods="、".join(drafts))
            if drafts
            else ""
        )
        self.draft.setVisible(bool(drafts))
        self.setAccessibleName(" ".join(t for t in (self.sent.text(), self.state.text()) if t))


class QuarterBox(QFrame):
    """Cases opened this fiscal quarter, with their status today."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dashboardBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.title = QLabel(self.tr("今期の新規相談"))
        self.title.setObjectName("boxTitle")
        scale_font(self.title, 1.1, bold=True)
        self.number = QLabel()
        self.number.setObjectName("quarterCases")
        scale_font(self.number, 2.0, bold=True)
        self.by_status = QLabel()
        self.by_status.setObjectName("quarterByStatus")
        self.by_status.setWordWrap(True)
        for label in (self.title, self.number, self.by_status):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_counts(self, total: int, by_status: list[tuple[str, int]]) -> None:
        self.number.setText(self.tr("{n}件").format(n=f"{total:,}"))
        self.by_status.setText(
            self.tr("・").join(
                self.tr("{label} {n}件").format(label=label, n=n) for label, n in by_status
            )
        )
        self.setAccessibleName(f"{self.title.text()} {self.number.text()} {self.by_status.text()}")


class HomePage(QWidget):
    follow_ups_requested = Signal(str)  # a follow-up list key (WEEK, OVERDUE)
    summary_requested = Signal()

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.setStyleSheet(STYLE)
        self.book = book
        self.today = today
        info = book.info()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)

        area = i18n.label(book.ref.area(info.area))
        heading = QLabel(f"{info.branch_name}　{area}")
        heading.setObjectName("branchHeading")
        scale_font(heading, 1.6, bold=True)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        self.period = QLabel()
        self.period.setObjectName("periodLabel")
        scale_font(self.period, 1.1)
        layout.addWidget(self.period)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles: dict[str, CountTile] = {}
        for i, (key, caption, spoken) in enumerate(COUNTS):
            tile = CountTile(
                key,
                QCoreApplication.translate("HomePage", caption),
                QCoreApplication.translate("HomePage", spoken),
            )
            self.tiles[key] = tile
            if key in FOLLOW_UP_TILES:
                tile.make_clickable(self.tr("クリックまたはEnterでモニタリングの一覧を開きます"))
                tile.activated.connect(
                    lambda list_key=FOLLOW_UP_TILES[key]: self.follow_ups_requested.emit(list_key)
                )
            grid.addWidget(tile, i // 3, i % 3)
        self.quarter = QuarterBox()
        self.summary = SummaryTile()
        self.summary.make_clickable(self.tr("クリックまたはEnterで集計・送信の画面を開きます"))
        self.summary.activated.connect(self.summary_requested)
        self.chart_title = QLabel()
        self.chart_title.setObjectName("boxTitle")
        scale_font(self.chart_title, 1.1, bold=True)
        self.chart = MonthChart()
        self.chart.setAccessibleName(self.tr("月別の新規相談件数"))
        chart_box = QFrame()
        chart_box.setObjectName("dashboardBox")
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(16, 10, 16, 10)
        chart_layout.addWidget(self.chart_title)
        chart_layout.addWidget(self.chart, 1)
        side = QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.quarter)
        side.addWidget(self.summary)
        grid.addWidget(chart_box, 2, 0, 1, 2)  # twelve bars need the width
        grid.addLayout(side, 2, 2)
        grid.setRowStretch(2, 1)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid, 1)

        hint = QLabel(
            self.tr("Ctrl+N：新規相談を記録　Ctrl+F：相談ケースを検索　Alt+数字：画面の切り替え")
        )
        hint.setObjectName("shortcutHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.refresh()

    def refresh(self) -> None:
        today = self.today or date.today()
        totals = self.book.totals(today)
        quarter = FiscalQuarter.containing(today)
        self.period.setText(
            self.tr("現在の期間：{period}").format(period=i18n.period_label(quarter))
        )
        for key, tile in self.tiles.items():
            value = totals.get(key, 0)
            tile.set_value(value, alert=key == "follow_ups_overdue" and value > 0)
        by_status = self.book.status_on(today, opened_from=quarter.start)
        statuses = self.book.ref.case_statuses
        self.quarter.show_counts(
            sum(by_status.values()),
            [(i18n.term(statuses, code), by_status.get(code, 0)) for code in statuses.codes],
        )
        self.chart_title.setText(
            self.tr("{year} 月別の新規相談件数").format(
                year=i18n.fiscal_year_label(quarter.fiscal_year)
            )
        )
        self.chart.set_counts(*cases_per_month(self.book, quarter.fiscal_year, today))
        self.summary.show_entries(outbox.entries(self.book))


def cases_per_month(book: CaseBook, fiscal_year: int, today: date) -> tuple[list[int | None], int]:
    """Cases opened in each month of the fiscal year up to today (None after), and which month
    today is in (an index, April = 0; -1 if the year is over)."""
    counts: list[int | None] = []
    current = -1
    for i, month in enumerate(FISCAL_MONTHS):
        year = fiscal_year if month >= 4 else fiscal_year + 1
        start = date(year, month, 1)
        if start > today:
            counts.append(None)
            continue
        end = date(year, month, calendar.monthrange(year, month)[1])
        if start <= today <= end:
            current = i
        counts.append(sum(book.count_cases_opened(start, end, by="residence").values()))
    return counts, current
