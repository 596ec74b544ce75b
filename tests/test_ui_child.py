"""児童: finding a child by kana, the tabs, creating and editing inline, reaching it from a case."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.child_page import CASES, REFERRALS, TIMELINE, ChildPage
from mccdesk.ui.main_window import CHILDREN, MainWindow
from mccdesk.ui.main_window import REFERRALS as REFERRAL_PAGE
from mccdesk.ui.models.child_list_model import CHILD_ROLE
from mccdesk.ui.models.child_record_model import ITEM_ROLE
from tests.support.ui import focused, ime_commit, ime_type, press

TODAY = date(2025, 11, 12)


def _hanako(book: CaseBook) -> tuple[d.Child, d.Case]:
    child = book.add_child(
        d.ChildDraft(
            "山田",
            "花子",
            "やまだ",
            "はなこ",
            birth_date=date(2016, 5, 10),  # 9 on TODAY, third grade in FY2025
            sex="female",
            residence="142018",
            care_types=("tracheostomy", "suction"),
            guardians=(d.Guardian("山田 恵", "やまだ めぐみ", "mother", "090-0000-1111"),),
        )
    )
    book.add_child(d.ChildDraft("佐藤", "蓮", "さとう", "れん", residence="142018"))
    case = book.open_case(
        d.CaseDraft(date(2025, 10, 1), "phone", "family", "142018", ("respite",), None, child.id)
    )
    book.record_activity(
        d.ActivityDraft(case.id, date(2025, 10, 8), "home_visit", "home_visit", 60, "自宅で面談")
    )
    book.schedule_follow_up(d.FollowUpDraft(case.id, date(2025, 12, 1), "入浴サービスの確認"))
    return child, case


def _page(qtbot, book: CaseBook) -> ChildPage:  # type: ignore[no-untyped-def]
    page = ChildPage(book, TODAY)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _cells(page: ChildPage, key: str, column: int) -> list[str]:
    return page.models[key].column_texts(column)


def test_find_by_katakana_and_half_width_then_read_the_tabs(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child, case = _hanako(book)
    page = _page(qtbot, book)
    assert page.results.rowCount() == 2  # the first page of children once shown
    # Nothing typed: no one is selected beside the new child's form.
    assert page.title.text() == "新しい児童"
    assert not page.list.selectionModel().hasSelection()
    page.focus_search()
    press(qtbot, Qt.Key.Key_Down)  # into the list: the first child is the one selected
    assert page.list.selectionModel().selectedRows()[0].row() == 0
    page.open_child(child.id)  # as from a case: the list shows who is open
    assert [i.data(CHILD_ROLE).id for i in page.list.selectionModel().selectedRows()] == [child.id]
    page.new_child()
    assert not page.list.selectionModel().hasSelection()
    page.focus_search()
    ime_type("ヤマダ")
    qtbot.waitUntil(lambda: page.results.rowCount() == 1)
    assert page.list.currentIndex().data().startswith("山田 花子（やまだ はなこ）")
    assert page.list.selectionModel().isSelected(page.list.currentIndex())  # Enter opens her
    press(qtbot, Qt.Key.Key_Return)
    assert page.child is not None and page.child.id == child.id
    assert page.title.text() == "山田 花子"
    assert "9歳（小学生・3年）" in page.age.text() and "平成28年5月10日生" in page.age.text()
    assert page.form.family_kana.text() == "やまだ"
    assert page.form.residence.currentText() == book.ref.residences.label("142018")
    checked = {code for code, box in page.form.care_boxes.items() if box.isChecked()}
    assert checked == {"tracheostomy", "suction"}
    assert page.form.guardians.rows[0].name.text() == "山田 恵"

    # Record tabs read the case book only when first shown.
    assert page.models[CASES].rowCount() == 0
    page.show_tab(CASES)
    assert _cells(page, CASES, 0) == [case.number]
    assert page.models[CASES].index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "令和7年10月1日"
    page.show_tab(TIMELINE)
    kinds = _cells(page, TIMELINE, 1)
    assert kinds == ["フォロー予定", "対応記録", "相談受付"]  # newest first
    assert "自宅で面談" in _cells(page, TIMELINE, 2)[1]
    assert _cells(page, TIMELINE, 0)[-1] == "2025/10/01"

    page.search.clear()
    ime_commit(page.search, "ﾊﾅｺ")  # half-width katakana
    qtbot.waitUntil(lambda: page.results.rowCount() == 1)
    assert page.results.children_found[0].id == child.id


def test_school_stage_follows_the_school_year_from_april(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    # Born 1 April joins the year above the child born 2 April (school years start 1 April).
    april_1 = book.add_child(d.ChildDraft("早生", "一", birth_date=date(2019, 4, 1)))
    april_2 = book.add_child(d.ChildDraft("遅生", "二", birth_date=date(2019, 4, 2)))
    page = _page(qtbot, book)
    page.open_child(april_1.id)
    assert "6歳（小学生・1年）" in page.age.text()
    page.open_child(april_2.id)
    assert "6歳（未就学）" in page.age.text()


def test_new_child_validated_inline_then_edited_and_cancelled(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    qtbot.keyClick(
        page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert page.child is None and page.title.text() == "新しい児童"
    assert focused() is page.form.family_name
    press(qtbot, Qt.Key.Key_Tab)  # 名
    ime_type("葵")
    press(qtbot, Qt.Key.Key_Tab)  # せい
    ime_type("taguchi")
    press(qtbot, Qt.Key.Key_Return)
    # Nothing saved; each problem is shown under its field, the first one has the focus.
    assert book.search_children("") == []
    assert page.form.name_error.isVisible() and "姓" in page.form.name_error.text()
    assert page.form.kana_error.isVisible()
    assert focused() is page.form.family_name
    ime_type("田口")
    page.form.family_kana.clear()
    page.form.family_kana.setFocus()
    ime_type("タグチ")  # katakana is kana too
    press(qtbot, Qt.Key.Key_Return)
    saved = book.search_children("たぐち")
    assert [c.name for c in saved] == ["田口 葵"]
    assert page.child is not None and page.child.id == saved[0].id
    assert "田口 葵 を保存しました" in page.message.text()
    assert not page.form.name_error.isVisible()

    # Esc puts back what is stored; Enter saves the change.
    page.form.phone.setFocus()
    ime_type("046-111-2222")
    assert page.dirty and page.cancel_button.isEnabled()
    press(qtbot, Qt.Key.Key_Escape)
    assert page.form.phone.text() == "" and not page.dirty
    ime_type("046-333-4444")
    press(qtbot, Qt.Key.Key_Return)
    assert book.child(saved[0].id).phone == "046-333-4444"

    # Consent needs who consented and a scope; the message is on the consent tab, not a pop-up.
    page.form.has_consent.setChecked(True)
    page.save()
    assert page.tabs.currentWidget() is page.form.consent
    assert page.form.consent_error.isVisible()
    assert book.child(saved[0].id).consent is None


def test_unsaved_changes_are_not_lost_by_opening_another_child(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child, _case = _hanako(book)
    other = book.search_children("さとう")[0]
    page = _page(qtbot, book)
    page.open_child(child.id)
    page.form.doctor.setFocus()
    ime_type("藤井")
    assert not page.open_child(other.id)
    assert page.child is not None and page.child.id == child.id
    assert "未保存の変更があります" in page.message.text()
    assert page.form.doctor.text() == "藤井"


def test_a_case_opens_its_child_and_the_child_starts_a_referral(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child, case = _hanako(book)
    window = MainWindow(book, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert CHILDREN in window.page_keys() and REFERRAL_PAGE in window.page_keys()
    table = window.cases.table
    row = next(
        r
        for r in range(window.cases.proxy.rowCount())
        if window.cases.proxy.index(r, 0).data() == case.number
    )
    table.setFocus()
    table.setCurrentIndex(window.cases.proxy.index(row, 0))
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_page() == CHILDREN
    assert window.child_page.title.text() == "山田 花子"
    window.child_page.show_tab(CASES)
    selected = window.child_page.tables[CASES].selectionModel().selectedRows()
    assert selected and selected[0].data(ITEM_ROLE).id == case.id

    window.child_page.refer_button.setFocus()
    qtbot.keyClick(
        window.child_page.refer_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_page() == REFERRAL_PAGE
    form = window.referral_page.form
    assert form.child is not None and form.child.id == child.id
    assert form.case.currentData() == case.id
    window.child_page.show_tab(REFERRALS)
    assert window.child_page.models[REFERRALS].rowCount() == 0


def test_child_models_pass_the_model_tester(qtmodeltester, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.models import child_record_rows as rows
    from mccdesk.ui.models.child_list_model import ChildListModel
    from mccdesk.ui.models.child_record_model import RecordTableModel

    child, case = _hanako(book)
    found = ChildListModel(book.search_children(""))
    qtmodeltester.check(found)
    hanako = found.index(found.row_of(child.id), 0)
    assert hanako.data(Qt.ItemDataRole.ToolTipRole) == "平成28年5月10日生"
    assert found.index(0, 0).data() == "佐藤 蓮（さとう れん）"  # kana order, no birth date
    model = RecordTableModel(rows.CONTEXT, rows.CASE_HEADERS)
    model.set_records(rows.case_records(book.cases(child_id=child.id), book.ref))
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "受付番号"
    assert model.index(0, 3).data() == "継続" and model.index(0, 0).data(ITEM_ROLE).id == case.id
