"""モニタリング: the lists, completing in one step, deleting with undo, and the home tiles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.follow_ups_page import FollowUpsPage
from mccdesk.ui.main_window import FOLLOW_UPS, MainWindow
from mccdesk.ui.models.follow_up_table_model import (
    DONE,
    OVERDUE,
    OVERDUE_COLOUR,
    TODAY,
    UPCOMING,
    WEEK,
    Column,
    FollowUpRow,
    FollowUpTableModel,
)
from mccdesk.ui.widgets.follow_up_complete_form import one_month_after
from tests.support.ui import focused, ime_type, press, shown_active

NOW = date(2025, 11, 12)


def _case_with_follow_ups(book: CaseBook, *due: date) -> tuple[d.Case, list[d.FollowUp]]:
    child = book.add_child(d.ChildDraft("山田", "花子", "やまだ", "はなこ", residence="142018"))
    case = book.open_case(
        d.CaseDraft(date(2025, 10, 1), "phone", "family", "142018", ("respite",), None, child.id)
    )
    return case, [
        book.schedule_follow_up(d.FollowUpDraft(case.id, day, "訪問後の様子")) for day in due
    ]


def _window(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, MainWindow(book, today=NOW))


def _page(qtbot, book: CaseBook) -> FollowUpsPage:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, FollowUpsPage(book, today=NOW))


def _tile(window: MainWindow, key: str) -> str:
    return window.home.tiles[key].number.text()


def test_model_passes_the_model_tester_and_marks_overdue_in_red(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = [
        FollowUpRow(d.FollowUp(1, date(2025, 11, 2), id=1), "2025-0001", "山田 花子", "", "試験"),
        FollowUpRow(d.FollowUp(1, NOW, id=2), "2025-0001"),
        FollowUpRow(d.FollowUp(1, date(2025, 11, 15), id=3), "2025-0001"),
        FollowUpRow(d.FollowUp(1, date(2025, 12, 30), id=4), "2025-0001"),
        FollowUpRow(d.FollowUp(1, date(2025, 10, 1), id=5, done_on=date(2025, 10, 2)), "x"),
    ]
    model = FollowUpTableModel(NOW)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert [model.count(k) for k in (OVERDUE, TODAY, WEEK, UPCOMING, DONE)] == [1, 1, 2, 3, 1]
    assert model.index(0, Column.STATE).data() == "期限切れ（10日）"
    assert model.index(0, Column.DUE_ON).data() == "2025/11/02"
    assert model.index(0, Column.DUE_ON).data(Qt.ItemDataRole.ToolTipRole) == "令和7年11月2日"
    brush = model.index(0, Column.CHILD).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == OVERDUE_COLOUR
    model.set_list(WEEK)
    assert [model.index(r, Column.STATE).data() for r in range(2)] == ["今日", "あと3日"]
    assert model.index(0, Column.CHILD).data(Qt.ItemDataRole.ForegroundRole) is None
    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2025, 12, 12)) == date(2026, 1, 12)


def test_complete_an_overdue_follow_up_from_the_home_tile(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    case, (first, second) = _case_with_follow_ups(book, date(2025, 11, 1), date(2025, 11, 5))
    window = _window(qtbot, book)
    assert _tile(window, "follow_ups_overdue") == "2"

    tile = window.home.tiles["follow_ups_overdue"]
    tile.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the tile opens the overdue list
    assert window.current_page() == FOLLOW_UPS
    page = window.follow_ups
    assert page.current_list() == OVERDUE
    assert [f.id for f in page.visible()] == [first.id, second.id]
    assert page.model.index(0, Column.STATE).data() == "期限切れ（11日）"
    assert page.model.index(0, Column.CASE_NUMBER).data() == case.number
    assert page.model.index(0, Column.CHILD).data() == "山田 花子"
    assert page.model.index(0, Column.COORDINATOR).data() == "試験 花子"

    qtbot.waitUntil(lambda: focused() is page.table)
    press(qtbot, Qt.Key.Key_Return)  # Enter on the first row opens the completion form
    qtbot.waitUntil(lambda: focused() is page.form.outcome)
    assert page.form.next_on.value() == date(2025, 12, 12)  # a month later by default
    press(qtbot, Qt.Key.Key_Return)  # no outcome yet: said inline, nothing saved
    assert page.form.error.isVisible() and "結果" in page.form.error.text()
    assert book.follow_ups(open_only=True)[0].id == first.id
    ime_type("訪問看護の導入を確認")
    page.form.next_on.set_value(date(2025, 12, 20))
    page.form.outcome.setFocus()
    press(qtbot, Qt.Key.Key_Return)

    assert not page.form.isVisible()
    assert [f.id for f in page.visible()] == [second.id]
    assert _tile(window, "follow_ups_overdue") == "1"
    assert "2025/12/20" in page.notice.message.text()
    page.show_list(DONE)
    assert [(f.id, f.outcome, f.done_on) for f in page.visible()] == [
        (first.id, "訪問看護の導入を確認", NOW)
    ]
    assert page.model.index(0, Column.OUTCOME).data() == "訪問看護の導入を確認"
    page.show_list(UPCOMING)
    (nxt,) = page.visible()
    assert nxt.due_on == date(2025, 12, 20) and nxt.case_id == case.id
    assert page.model.index(0, Column.DUE_ON).data() == "2025/12/20"
    assert page.tabs.tabText(3) == "予定（すべて）（1）"


def test_the_due_tile_opens_this_week_and_esc_cancels_completing(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    _case_with_follow_ups(book, NOW, date(2025, 11, 18), date(2025, 11, 19))
    window = _window(qtbot, book)
    assert _tile(window, "follow_ups_due") == "2"  # today and the six days after
    qtbot.mouseClick(window.home.tiles["follow_ups_due"], Qt.MouseButton.LeftButton)
    page = window.follow_ups
    assert window.current_page() == FOLLOW_UPS and page.current_list() == WEEK
    assert [f.due_on for f in page.visible()] == [NOW, date(2025, 11, 18)]
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is page.form.outcome)
    ime_type("書きかけ")
    page.form.schedule_next.setFocus()
    press(qtbot, Qt.Key.Key_Delete)  # typed in the form: not a deletion from the list
    assert len(page.visible()) == 2
    press(qtbot, Qt.Key.Key_Escape)
    assert not page.form.isVisible()
    assert len(book.follow_ups(open_only=True)) == 3


def test_delete_a_follow_up_and_undo_with_ctrl_z(qtbot, book: CaseBook, book_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _, (kept, doomed) = _case_with_follow_ups(book, date(2025, 11, 20), date(2025, 11, 25))
    page = _page(qtbot, book)
    page.show_list(UPCOMING)
    assert page.select(doomed.id)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert [f.id for f in page.visible()] == [kept.id]
    assert page.notice.isVisible() and page.notice.undo_button.isVisible()
    assert (
        page.notice.message.text() == "山田 花子（予定日 2025/11/25）のモニタリングを削除しました。"
    )
    assert [f.id for f in book.follow_ups()] == [kept.id]

    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [f.id for f in page.visible()] == [kept.id, doomed.id]
    assert page.selected() is not None and page.selected().id == doomed.id
    assert not page.notice.isVisible()
    assert page.undo() is False  # undone once only

    book.close()
    with CaseBook.open(book_folder) as reopened:
        assert [f.id for f in reopened.follow_ups()] == [kept.id, doomed.id]


def test_the_undo_button_restores_too(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    _, (only,) = _case_with_follow_ups(book, date(2025, 11, 1))
    page = _page(qtbot, book)
    page.show_list(OVERDUE)
    page.delete_button.click()
    assert page.visible() == [] and book.follow_ups() == []
    qtbot.mouseClick(page.notice.undo_button, Qt.MouseButton.LeftButton)
    assert [f.id for f in page.visible()] == [only.id]
    assert [f.id for f in book.follow_ups()] == [only.id]
