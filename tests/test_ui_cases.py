"""The cases table model, its search-as-you-type proxy and the cases screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.reference import reference
from mccdesk.ui.cases_page import CasesPage
from mccdesk.ui.models.case_filter_proxy import CaseFilterProxy
from mccdesk.ui.models.case_table_model import CASE_ROLE, SORT_ROLE, CaseTableModel, Column
from tests.support.ui import ime_commit as ime_type


def _case(i: int, **kw: object) -> d.Case:
    values: dict[str, object] = {
        "opened_on": date(2024, 10, i),
        "contact_method": "phone",
        "consulter_type": "supporter",
        "supporter_organisation": "home_nursing",
        "residence": "142018",
        "topics": ("respite", "discharge_home"),
        "id": i,
        "number": f"2024-{i:04d}",
        "child_name": "山田 花子",
        "child_kana": "やまだ はなこ",
    }
    values.update(kw)
    return d.Case(**values)  # type: ignore[arg-type]


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(reference(), [_case(1), _case(2, child_name="", child_kana="")])
    qtmodeltester.check(model)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_model_shows_labels_dates_and_wareki() -> None:
    ref = reference()
    model = CaseTableModel(ref, [_case(1)])
    cell = lambda column: model.index(0, column).data()  # noqa: E731
    assert cell(Column.NUMBER) == "2024-0001"
    assert cell(Column.OPENED_ON) == "2024/10/01"
    assert model.index(0, Column.OPENED_ON).data(Qt.ItemDataRole.ToolTipRole) == "令和6年10月1日"
    assert cell(Column.MUNICIPALITY) == ref.residences.label("142018")
    assert cell(Column.METHOD) == "電話"
    assert cell(Column.CONSULTER) == "支援者（訪問看護）"
    assert cell(Column.TOPICS) == "退院調整（在宅移行支援）、レスパイト"  # reference order
    assert cell(Column.STATUS) == "継続"
    assert model.index(0, 0).data(CASE_ROLE).id == 1
    assert model.headerData(Column.CHILD, Qt.Orientation.Horizontal) == "児童"


def test_proxy_finds_hiragana_names_by_katakana_and_half_width() -> None:
    model = CaseTableModel(
        reference(),
        [_case(1), _case(2, child_name="佐藤 蓮", child_kana="さとう れん", residence="142042")],
    )
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    for query, expected in (
        ("ヤマダ", [1]),
        ("ﾔﾏﾀﾞ ﾊﾅｺ", [1]),
        ("サトウ", [2]),
        ("２０２４－０００２", [2]),  # full-width digits and dash fold
        ("2024-0002", [2]),
        ("", [1, 2]),
    ):
        proxy.set_filters(query=query)
        found = [proxy.index(r, 0).data(CASE_ROLE).id for r in range(proxy.rowCount())]
        assert found == expected, query
    proxy.set_filters(query="", places=frozenset({"142042"}))
    assert proxy.rowCount() == 1
    proxy.set_filters(places=None, status="closed")
    assert proxy.rowCount() == 0
    proxy.set_filters(status=None, fiscal_year=2024)
    assert proxy.rowCount() == 2


def test_sorting_by_a_header_sorts_the_rows() -> None:
    model = CaseTableModel(
        reference(), [_case(1), _case(3), _case(2, child_name="佐藤 蓮", child_kana="さとう れん")]
    )
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.OPENED_ON, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["2024-0003", "2024-0002", "2024-0001"]
    proxy.sort(Column.CHILD, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, Column.CHILD).data() == "佐藤 蓮"
    assert model.index(0, Column.NUMBER).data(SORT_ROLE) == "2024-0002"


def test_cases_page_searches_as_you_type(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    hana = book.add_child(d.ChildDraft("山田", "花子", "やまだ", "はなこ", residence="142018"))
    ren = book.add_child(d.ChildDraft("佐藤", "蓮", "さとう", "れん", residence="142018"))
    for child in (hana, ren):
        book.open_case(
            d.CaseDraft(
                date(2024, 10, 1), "phone", "family", "142018", ("respite",), None, child.id
            )
        )
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    assert page.proxy.rowCount() == 2
    page.search.setFocus()
    ime_type(page.search, "ﾔﾏﾀﾞ")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    assert page.visible_cases()[0].child_id == hana.id
    assert "1 件を表示" in page.count.text()
    page.search.clear()
    ime_type(page.search, "ヤマダ")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    assert page.visible_cases()[0].child_name == "山田 花子"
