"""The cases table model, its search-as-you-type proxy and the cases screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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


# --- a big case book: the newest page first, the rest between events --------------------------


def _synthetic(book: CaseBook, cases: int) -> None:
    from mccdesk.storage.bulk import load_synthetic

    load_synthetic(
        book.opened.engine,
        children=40,
        cases=cases,
        seed=7,
        start=date(2021, 4, 1),
        end=date(2024, 3, 31),
    )


def _small_pages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui import cases_page

    monkeypatch.setattr(cases_page, "FIRST_PAGE", 50)
    monkeypatch.setattr(cases_page, "PAGE", 100)


def _matches(case: d.Case, query: str) -> bool:
    """The search as documented: name or kana, case number, or municipality."""
    from mccdesk.textnorm import search_key

    place = reference().residences.label(case.residence)
    fields = (case.child_name + case.child_kana, case.number, place)
    return any(search_key(query) in search_key(f) for f in fields)


def test_casebook_reads_cases_page_by_page_as_in_one_read(book: CaseBook) -> None:
    _synthetic(book, 260)
    everything = book.cases()
    assert everything == book.store.cases()  # the Core read returns what the ORM one did
    pages, before = [], None
    while True:
        page = book.cases(before=before, limit=100)
        pages += page
        if len(page) < 100:
            break
        before = (page[-1].opened_on, page[-1].id)
    assert pages == everything
    child_id = everything[0].child_id
    assert book.cases(child_id=child_id) == book.store.cases(child_id=child_id)
    assert book.cases(status="closed", limit=5) == book.store.cases(status="closed", limit=5)
    chosen = {everything[3].id, everything[150].id, everything[-1].id}
    assert book.cases(ids=chosen) == [c for c in everything if c.id in chosen]  # one query
    assert book.cases(ids=set()) == []


def test_cases_page_shows_the_newest_cases_at_once_and_the_rest_soon(
    qtbot, book: CaseBook, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _synthetic(book, 260)
    _small_pages(monkeypatch)
    everything = book.cases()
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 50 and page.loading
    assert page.visible_cases()[0].id == everything[0].id  # newest first
    assert "読み込み中" in page.count.text()
    qtbot.waitUntil(lambda: not page.loading)
    assert [c.id for c in page.visible_cases()] == [c.id for c in everything]
    assert "全 260 件" in page.count.text()
    years = {page.year_filter.itemData(i) for i in range(1, page.year_filter.count())}
    assert years == {2021, 2022, 2023}


def test_a_search_typed_while_loading_covers_the_later_pages(
    qtbot, book: CaseBook, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _synthetic(book, 260)
    _small_pages(monkeypatch)
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    page.search.setFocus()
    ime_type(page.search, "ヤマ")
    qtbot.waitUntil(lambda: not page.loading)
    expected = [c.id for c in book.cases() if _matches(c, "ヤマ")]
    assert expected and [c.id for c in page.visible_cases()] == expected
    assert f"{len(expected)} 件を表示（全 260 件）" in page.count.text()


def test_searching_keeps_the_selected_case_selected(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    _synthetic(book, 120)
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.loading)
    target = page.visible_cases()[5]
    page.table.selectRow(5)
    page.search.setFocus()
    ime_type(page.search, target.number[:4])
    ime_type(page.search, target.number[4:])
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    assert page.table.currentIndex().row() == 0
    assert page.table.currentIndex().data(CASE_ROLE).id == target.id
    # A case opened now goes on top when it matches the search, and counts either way.
    new = d.Case(**{**target.__dict__, "id": 10_000, "number": target.number + "9"})
    page.add_case(new)
    assert [c.id for c in page.visible_cases()] == [10_000, target.id]
    assert "2 件を表示（全 121 件）" in page.count.text()


def test_sorting_while_loading_sorts_the_later_pages_too(
    qtbot, book: CaseBook, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _synthetic(book, 260)
    _small_pages(monkeypatch)
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    page.proxy.sort(Column.OPENED_ON, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.loading)
    shown = page.visible_cases()
    assert len(shown) == 260
    order = [(c.opened_on, c.number) for c in shown]
    assert order == sorted(order)


def test_a_closed_window_reads_no_more_cases_until_shown_again(
    qtbot, book: CaseBook, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _synthetic(book, 260)
    _small_pages(monkeypatch)
    page = CasesPage(book)
    qtbot.addWidget(page)
    page.show()
    page.close()  # MainWindow.closeEvent closes the case book too
    for _ in range(5):  # a page would be read on the first pass (zero timer)
        QApplication.processEvents()
    assert page.loading and page.model.rowCount() == 50
    page.show()
    qtbot.waitUntil(lambda: not page.loading)
    assert page.model.rowCount() == 260
