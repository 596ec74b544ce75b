"""The dashboard: this quarter's new cases by status, the month chart, the last summary sent."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import outbox
from mccdesk.ui.home_page import HomePage
from mccdesk.ui.models.follow_up_table_model import OVERDUE
from mccdesk.ui.widgets.month_chart import BAR, CURRENT

TODAY = date(2025, 11, 12)  # FY2025 Q3 (October–December)


def _open(book: CaseBook, on: date, residence: str = "142018") -> d.Case:
    return book.open_case(d.CaseDraft(on, "phone", "family", residence, ("respite",)))


def _home(qtbot, book: CaseBook) -> HomePage:  # type: ignore[no-untyped-def]
    page = HomePage(book, TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 720)
    return page


def test_the_month_chart_counts_each_month_of_the_fiscal_year(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    for on in (date(2025, 4, 1), date(2025, 4, 30), date(2025, 7, 15), date(2025, 11, 10)):
        _open(book, on)
    _open(book, date(2025, 3, 31))  # the previous fiscal year: not in this chart
    page = _home(qtbot, book)
    expected = [2, 0, 0, 1, 0, 0, 0, 1] + [None] * 4  # December to March have not come yet
    assert page.chart.bars() == list(
        zip([f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)], expected, strict=True)
    )
    assert page.chart_title.text() == "令和7年度 月別の新規相談件数"
    assert "4月 2件" in page.chart.accessibleDescription()
    with qtbot.waitExposed(page):
        page.show()
    image = page.chart.grab().toImage()
    assert not image.isNull() and image.width() > 300
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert QColor(BAR).name() in colours  # April's and July's bars
    assert QColor(CURRENT).name() in colours  # November, the month we are in


def test_this_quarters_new_cases_by_status(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    quarter = FiscalQuarter.containing(TODAY)
    first = _open(book, quarter.start)
    _open(book, date(2025, 10, 20))
    _open(book, date(2025, 11, 1))
    _open(book, date(2025, 9, 30))  # last quarter
    book.change_status(first.id, "closed", date(2025, 11, 5))
    page = _home(qtbot, book)
    assert page.quarter.title.text() == "今期の新規相談"
    assert page.quarter.number.text() == "3件"
    assert page.quarter.by_status.text() == "継続 2件・経過観察 0件・完了 1件"
    assert page.tiles["cases"].number.text() == "4"  # the existing tiles still count everything


def test_the_summary_tile_shows_the_last_summary_and_opens_the_page(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = _home(qtbot, book)
    assert page.summary.sent.text() == "まだ送信した集計はありません"
    assert page.summary.draft.isHidden()
    outbox.build_draft(book, FiscalQuarter(2025, 2))
    page.refresh()
    assert page.summary.draft.text() == "承認待ちの下書き：令和7年度 第2四半期"
    with qtbot.waitExposed(page):
        page.show()
    with qtbot.waitSignal(page.summary_requested, timeout=1000):
        qtbot.mouseClick(page.summary, Qt.MouseButton.LeftButton)
    page.summary.setFocus()
    with qtbot.waitSignal(page.summary_requested, timeout=1000):
        qtbot.keyClick(page.summary, Qt.Key.Key_Return)
    with qtbot.waitSignal(page.follow_ups_requested, timeout=1000) as opened:
        qtbot.mouseClick(page.tiles["follow_ups_overdue"], Qt.MouseButton.LeftButton)
    assert opened.args == [OVERDUE]
