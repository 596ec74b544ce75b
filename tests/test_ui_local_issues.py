"""地域課題: add and edit by keyboard; what is saved is there after reopening the case book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.reference import reference
from mccdesk.ui.local_issues_page import LocalIssuesPage
from mccdesk.ui.main_window import LOCAL_ISSUES, RESOURCES, MainWindow
from mccdesk.ui.models.local_issue_table_model import Column, LocalIssueTableModel
from tests.support.ui import focused, ime_type, press, shown_active

NOW = date(2025, 11, 12)


def _page(qtbot, book: CaseBook) -> LocalIssuesPage:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, LocalIssuesPage(book, today=NOW))


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    issue = d.LocalIssue("短期入所の不足", date(2025, 10, 1), "respite", "本文", "reported", id=1)
    discharge = d.LocalIssue("退院時の連携", NOW, "discharge_home", id=3)
    model = LocalIssueTableModel(reference(), [issue, d.LocalIssue("無題", NOW, id=2), discharge])
    qtmodeltester.check(model)
    assert model.index(0, Column.RAISED_ON).data() == "2025/10/01"
    assert model.index(0, Column.RAISED_ON).data(Qt.ItemDataRole.ToolTipRole) == "令和7年10月1日"
    assert model.index(0, Column.TOPIC).data() == "レスパイト"
    assert model.index(0, Column.STATUS).data() == "県へ報告済"
    assert model.index(1, Column.TOPIC).data() == ""
    assert model.index(2, Column.TOPIC).data() == "退院調整"  # the explanation goes to the tooltip
    tooltip = model.index(2, Column.TOPIC).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "退院調整（在宅移行支援）"


def test_add_and_edit_a_local_issue_and_find_it_after_reopening(
    qtbot, book: CaseBook, book_folder: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    form = page.form
    qtbot.waitUntil(lambda: focused() is form.title)
    assert form.raised_on.value() == NOW
    press(qtbot, Qt.Key.Key_Return)  # no title: said inline, nothing saved
    assert form.title_error.isVisible() and book.local_issues() == []

    ime_type("医療的ケアに対応できる短期入所が足りない")
    press(qtbot, Qt.Key.Key_Tab)  # 提起日
    press(qtbot, Qt.Key.Key_Tab)  # 分類
    form.topic.setCurrentIndex(form.topic.findData("respite"))
    press(qtbot, Qt.Key.Key_Tab)  # 状況
    press(qtbot, Qt.Key.Key_Tab)  # 内容: Enter is a new line here, Ctrl+Enter saves
    assert focused() is form.body
    ime_type("三浦半島で受け入れ先が2か所のみ")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert not form.isVisible()
    (issue,) = book.local_issues()
    assert issue.title == "医療的ケアに対応できる短期入所が足りない"
    assert (issue.topic, issue.status, issue.raised_on) == ("respite", "open", NOW)
    assert issue.body == "三浦半島で受け入れ先が2か所のみ"
    assert page.model.index(0, Column.TITLE).data() == issue.title
    assert "保存しました" in page.confirmation.text()

    page.table.setFocus()
    page.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)  # Enter edits the selected issue
    qtbot.waitUntil(lambda: focused() is form.title)
    assert form.body.toPlainText() == issue.body
    form.status.setCurrentIndex(form.status.findData("reported"))
    form.title.setFocus()
    form.title.selectAll()
    ime_type("短期入所（医療型）の不足")
    press(qtbot, Qt.Key.Key_Return)

    assert page.model.index(0, Column.STATUS).data() == "県へ報告済"
    book.close()
    with CaseBook.open(book_folder) as reopened:
        (again,) = reopened.local_issues()
        assert again.id == issue.id
        assert (again.title, again.status) == ("短期入所（医療型）の不足", "reported")
        assert again.body == "三浦半島で受け入れ先が2か所のみ"


def test_esc_cancels_without_saving(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    page.add_button.click()
    qtbot.waitUntil(lambda: focused() is page.form.title)
    ime_type("書きかけ")
    press(qtbot, Qt.Key.Key_Escape)
    assert not page.form.isVisible() and book.local_issues() == []


def test_main_window_has_the_three_pages_reachable_by_alt_digits(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = shown_active(qtbot, MainWindow(book, today=NOW))
    keys = window.page_keys()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    for title in ("モニタリング", "地域資源", "地域課題"):
        assert any(t.startswith(title) for t in titles)
    position = keys.index(LOCAL_ISSUES) + 1
    if position <= 10:
        digit = getattr(Qt.Key, f"Key_{position % 10}")
        qtbot.keyClick(window, digit, Qt.KeyboardModifier.AltModifier)
        assert window.current_page() == LOCAL_ISSUES
    window.show_page(RESOURCES)
    assert window.pages.currentWidget() is window.resources
