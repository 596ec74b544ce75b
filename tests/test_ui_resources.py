"""地域資源: add with care types, find by katakana, edit, retire and reinstate; never delete."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.reference import reference
from mccdesk.ui.models.resource_table_filter import ResourceFilterProxy
from mccdesk.ui.models.resource_table_model import RETIRED_COLOUR, Column, ResourceTableModel
from mccdesk.ui.resources_page import ResourcesPage
from tests.support.ui import focused, ime_type, press, shown_active

NOW = date(2025, 11, 12)


def _page(qtbot, book: CaseBook) -> ResourcesPage:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, ResourcesPage(book, today=NOW))


def _names(page: ResourcesPage) -> list[str]:
    return [r.name for r in page.visible_resources()]


def test_model_and_proxy_pass_the_model_tester_and_filter(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    ref = reference()
    model = ResourceTableModel(
        ref,
        [
            d.Resource("さくら病院", "hospital", "142018", care_types=("oxygen", "suction"), id=1),
            d.Resource("ひまわり薬局", "pharmacy", "142042", id=2, retired_on=date(2025, 4, 1)),
        ],
    )
    qtmodeltester.check(model)
    proxy = ResourceFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1  # retired ones hidden by default
    assert model.index(0, Column.CARE_TYPES).data() == "酸素、吸引"  # reference order
    assert model.index(1, Column.STATE).data() == "利用終了 2025/04/01"
    brush = model.index(1, Column.NAME).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == RETIRED_COLOUR
    proxy.set_filters(include_retired=True, query="ﾋﾏﾜﾘ")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "ひまわり薬局"
    proxy.set_filters(query="", care_type="suction")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["さくら病院"]
    proxy.set_filters(care_type=None, places=frozenset({"142042"}), kind="pharmacy")
    assert proxy.rowCount() == 1
    proxy.set_filters(places=None, kind=None)
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["さくら病院", "ひまわり薬局"]


def test_add_find_edit_retire_and_reinstate_by_keyboard(
    qtbot, book: CaseBook, book_folder: Path
) -> None:  # type: ignore[no-untyped-def]
    book.add_resource(d.ResourceDraft("さくら病院", "hospital", "142042"))
    page = _page(qtbot, book)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    form = page.form
    qtbot.waitUntil(lambda: focused() is form.name)
    press(qtbot, Qt.Key.Key_Return)  # nothing typed: said under the field, no pop-up
    assert form.name_error.isVisible() and form.municipality_error.isVisible()
    assert len(book.resources()) == 1

    ime_type("みなと訪問看護ステーション")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.kind
    press(qtbot, Qt.Key.Key_Down, 2)  # 病院 → 診療所 → 訪問看護ステーション
    press(qtbot, Qt.Key.Key_Tab)
    ime_type("横須賀市")
    for code in ("tracheostomy", "suction"):
        form.care_types[code].setFocus()
        press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)

    assert not form.isVisible()
    (added,) = [r for r in book.resources() if r.name == "みなと訪問看護ステーション"]
    assert (added.kind, added.residence) == ("home_nursing", "142018")
    assert added.care_types == ("suction", "tracheostomy")
    assert "保存しました" in page.notice.message.text()

    page.search.setFocus()
    ime_type("ミナト")  # katakana finds the hiragana name
    assert _names(page) == ["みなと訪問看護ステーション"]
    assert "1 件を表示（全 2 件）" in page.count.text()

    page.table.setFocus()
    page.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)  # Enter edits
    qtbot.waitUntil(lambda: focused() is form.name)
    assert form.name.text() == "みなと訪問看護ステーション"
    assert form.care_types["suction"].isChecked()
    form.phone.setFocus()
    qtbot.keyClicks(form.phone, "046-000-0000")
    press(qtbot, Qt.Key.Key_Return)
    assert book.store.resource(added.id).phone == "046-000-0000"
    assert page.model.index(page.model.row_of(added.id), Column.PHONE).data() == "046-000-0000"

    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)  # retire: gone from the list, never deleted
    assert _names(page) == []
    assert "利用終了" in page.notice.message.text()
    assert book.resources() == [r for r in book.resources() if r.id != added.id]
    assert book.store.resource(added.id).retired_on == NOW
    page.include_retired.setChecked(True)
    assert _names(page) == ["みなと訪問看護ステーション"]
    row = page.proxy.index(0, Column.NAME)
    assert row.data(Qt.ItemDataRole.ForegroundRole).color() == RETIRED_COLOUR
    assert page.proxy.index(0, Column.STATE).data() == "利用終了 2025/11/12"

    page.table.setFocus()
    page.table.selectRow(0)
    assert page.retire_button.text().startswith("利用再開")
    press(qtbot, Qt.Key.Key_Delete)  # on a retired one: reinstate
    assert book.store.resource(added.id).retired_on is None
    assert page.proxy.index(0, Column.STATE).data() == ""

    book.close()
    with CaseBook.open(book_folder) as reopened:
        (again,) = [r for r in reopened.resources() if r.id == added.id]
        assert again.phone == "046-000-0000" and again.retired_on is None


def test_a_resource_referrals_point_to_is_retired_not_deleted(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    used = book.add_resource(d.ResourceDraft("さくら病院", "hospital", "142018"))
    child = book.add_child(d.ChildDraft("山田", "花子", "やまだ", "はなこ", residence="142018"))
    case = book.open_case(
        d.CaseDraft(date(2025, 10, 1), "phone", "family", "142018", ("respite",), None, child.id)
    )
    referral = book.refer(d.ReferralDraft(case.id, used.id, date(2025, 10, 2)))
    page = _page(qtbot, book)
    page.table.setFocus()
    page.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Delete)

    text = page.notice.message.text()
    assert "削除できません" in text and "紹介 1 件" in text
    assert _names(page) == []
    kept = [r for r in book.resources(include_retired=True) if r.id == used.id]
    assert len(kept) == 1 and kept[0].retired_on == NOW
    assert book.referral(referral.id).resource_id == used.id

    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(page) == ["さくら病院"]
    assert book.resources()[0].retired_on is None


def test_filters_by_kind_place_and_care_type(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    book.add_resource(d.ResourceDraft("さくら病院", "hospital", "142018", care_types=("oxygen",)))
    book.add_resource(d.ResourceDraft("かもめ薬局", "pharmacy", "142042"))
    page = _page(qtbot, book)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("pharmacy"))
    assert _names(page) == ["かもめ薬局"]
    page.kind_filter.setCurrentIndex(0)
    page.place_filter.setCurrentIndex(page.place_filter.findText("　横須賀市"))
    assert _names(page) == ["さくら病院"]
    page.place_filter.setCurrentIndex(0)
    page.care_filter.setCurrentIndex(page.care_filter.findData("oxygen"))
    assert _names(page) == ["さくら病院"]
    assert "1 件を表示（全 2 件）" in page.count.text()
