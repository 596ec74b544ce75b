"""紹介: a referral from a suggestion, its status, the printed sheet, refusal without consent."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.child_page import DOCUMENTS, REFERRALS
from mccdesk.ui.main_window import REFERRALS as REFERRAL_PAGE
from mccdesk.ui.main_window import MainWindow
from mccdesk.ui.models.referral_table_model import Column
from mccdesk.ui.models.resource_picker_model import ResourceListModel, entries
from mccdesk.ui.referral_page import ReferralPage
from tests.support.ui import focused, ime_type, press, shown_active

TODAY = date(2025, 11, 12)
CONSENT = d.Consent(date(2025, 9, 1), "山田 恵", ("identity", "family", "medical", "background"))


def text_of(pdf: bytes) -> str:  # as tests/test_reports.py reads printed text back
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _setup(book: CaseBook, consent: d.Consent | None = CONSENT) -> tuple[d.Child, d.Case]:
    child = book.add_child(
        d.ChildDraft(
            "山田",
            "花子",
            "やまだ",
            "はなこ",
            birth_date=date(2016, 5, 10),
            residence="142018",
            care_types=("tracheostomy", "suction"),
            consent=consent,
        )
    )
    case = book.open_case(
        d.CaseDraft(date(2025, 10, 1), "phone", "family", "142018", ("respite",), None, child.id)
    )
    # Same municipality but no suction; other area; same area taking every care type needed.
    book.add_resource(
        d.ResourceDraft("あおば訪問看護", "home_nursing", "142018", care_types=("tracheostomy",))
    )
    book.add_resource(d.ResourceDraft("湘南こども診療所", "clinic", "142051"))
    book.add_resource(
        d.ResourceDraft(
            "うみかぜ訪問看護ステーション",
            "home_nursing",
            "142042",
            contact_person="青木 一郎",
            care_types=("tracheostomy", "suction"),
        )
    )
    return child, case


def _window(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(book, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def test_resource_model_lists_suggestions_first(qtmodeltester, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child, _case = _setup(book)
    model = ResourceListModel()
    model.set_entries(entries(book.suggest_resources(child.id), book.resources(), book.ref))
    qtmodeltester.check(model)
    lines = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert lines[0].startswith("★ うみかぜ訪問看護ステーション")
    assert lines[1].startswith("☆ あおば訪問看護")  # same area, but misses a care type
    assert lines[2].startswith("湘南こども診療所")  # another area: not suggested
    assert "吸引" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_refer_from_a_suggestion_then_change_its_status(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child, case = _setup(book)
    window = _window(qtbot, book)
    window.start_referral(child, case)
    assert window.current_page() == REFERRAL_PAGE
    page = window.referral_page
    form = page.form
    assert form.resource.shown_names()[0] == "うみかぜ訪問看護ステーション"
    assert "山田 恵" in form.consent_state.text()
    qtbot.waitUntil(lambda: focused() is form.resource.search)
    press(qtbot, Qt.Key.Key_Down)  # into the list, on the first suggestion
    assert focused() is form.resource.list
    assert form.resource.chosen().name == "うみかぜ訪問看護ステーション"
    form.referred_on.set_value(date(2025, 11, 1))
    form.purpose.setFocus()
    ime_type("退院後の訪問看護の導入")
    form.consent_checked.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    with qtbot.waitSignal(page.referral_saved) as saved:
        press(qtbot, Qt.Key.Key_Return)

    referral = saved.args[0]
    stored = book.referrals()
    assert [r.id for r in stored] == [referral.id]
    assert stored[0].consent_checked and stored[0].purpose == "退院後の訪問看護の導入"
    assert stored[0].referred_on == date(2025, 11, 1)
    assert page.model.index(0, Column.STATUS).data() == "依頼中"
    assert page.model.index(0, Column.RESOURCE).data() == "うみかぜ訪問看護ステーション"
    assert page.model.index(0, Column.CHILD).data() == "山田 花子"
    assert "依頼中 1 件" in page.count.text()
    assert "紹介を登録しました" in page.detail.done.text()

    # The child's referrals tab shows it too.
    window.child_page.open_child(child.id)
    window.child_page.show_tab(REFERRALS)
    tab = window.child_page.models[REFERRALS]
    assert tab.column_texts(1) == ["うみかぜ訪問看護ステーション"]
    assert tab.column_texts(3) == ["依頼中"]

    # 受入 on a chosen date: the list, the history and the case book agree.
    detail = page.detail
    assert detail.status.currentData() == "accepted"
    detail.status_on.set_value(date(2025, 11, 5))
    detail.change_button.click()
    assert book.referral(referral.id).status == "accepted"
    assert book.referral(referral.id).status_changed_on == date(2025, 11, 5)
    assert page.model.index(0, Column.STATUS).data() == "受入"
    assert page.model.index(0, Column.CHANGED_ON).data() == "2025/11/05"
    assert "依頼中 0 件" in page.count.text()
    assert "受入 2025/11/05" in detail.history.text()
    assert "状況を「受入」（2025/11/05）にしました" in detail.done.text()


def test_waiting_referrals_are_listed_first(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    _child, case = _setup(book)
    resource = book.resources()[0]
    old = book.refer(d.ReferralDraft(case.id, resource.id, date(2025, 10, 2), consent_checked=True))
    new = book.refer(d.ReferralDraft(case.id, resource.id, date(2025, 10, 9), consent_checked=True))
    book.change_referral_status(new.id, "declined", date(2025, 10, 20))
    page = ReferralPage(book, TODAY)
    qtbot.addWidget(page)
    page.show()
    assert [r.id for r in page.waiting_referrals()] == [old.id]
    assert page.model.rows[0].referral.id == old.id  # waiting, though older
    assert page.model.index(1, Column.STATUS).data() == "辞退"


def test_print_the_referral_sheet_from_the_screen(qtbot, book: CaseBook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _child, case = _setup(book)
    resource = book.resources()[-1]
    referral = book.refer(
        d.ReferralDraft(
            case.id, resource.id, date(2025, 11, 1), "訪問看護の導入", consent_checked=True
        )
    )
    page = shown_active(qtbot, ReferralPage(book, TODAY))
    asked: list[str] = []
    out = tmp_path / "out"
    out.mkdir()
    target = out / "紹介状.pdf"
    page.detail.ask_save_path = lambda name: asked.append(name) or target
    assert page.select_referral(referral.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = page.detail.preview  # Ctrl+P opens the preview; saving happens from there
    assert preview is not None and preview.isVisible()
    assert preview.page_label.text() == "1 / 1"
    with qtbot.waitSignal(page.detail.printed):
        preview.save_button.click()
    preview.close_button.click()
    qtbot.waitUntil(lambda: page.detail.preview is None)

    text = text_of(target.read_bytes())
    assert "山田 花子" in text
    assert "うみかぜ訪問看護ステーション" in text
    assert "花子" not in asked[0] and case.number in asked[0]  # no names in file names
    assert list(out.iterdir()) == [target]  # no temporary file left beside it
    assert str(target) in page.detail.done.text()
    printed = [e for e in book.store.audit_events() if e.action == "print"]
    assert [(e.entity, e.entity_id) for e in printed] == [("referral", referral.id)]


def test_without_consent_nothing_is_referred_or_printed(
    qtbot, book: CaseBook, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    child, case = _setup(book, consent=None)
    window = _window(qtbot, book)
    window.start_referral(child, case)
    form = window.referral_page.form
    assert "同意が記録されていません" in form.consent_state.text()
    resources_before = len(book.resources())
    form.resource.is_new.setChecked(True)  # a new resource would be written first
    form.resource.new_name.setFocus()
    ime_type("新しい相談支援事業所")
    form.consent_checked.setChecked(True)  # ticking the box is not enough
    form.save_button.click()
    assert form.consent_error.isVisible()
    assert "同意が記録されていません" in form.consent_error.text()
    assert book.referrals() == []
    assert len(book.resources()) == resources_before

    # A referral recorded without consent (e.g. imported) cannot be printed either.
    resource = book.resources()[0]
    referral = book.refer(d.ReferralDraft(case.id, resource.id, date(2025, 11, 1)))
    page = window.referral_page
    page.reload()
    asked: list[str] = []
    out = tmp_path / "out"
    out.mkdir()
    page.detail.ask_save_path = lambda name: asked.append(name) or out / "x.pdf"
    page.select_referral(referral.id)
    assert page.detail.print_sheet() is None
    assert page.detail.preview is None  # no preview either
    assert page.detail.print_message.isVisible()
    assert "同意" in page.detail.print_message.text()
    assert asked == [] and list(out.iterdir()) == []

    window.child_page.open_child(child.id)
    window.child_page.show_tab(DOCUMENTS)
    assert window.child_page.models[DOCUMENTS].column_texts(3) == ["同意がないため印刷できません"]


def test_referral_table_model_passes_the_model_tester(qtmodeltester, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.models.referral_table_model import ReferralRow, ReferralTableModel

    _child, case = _setup(book)
    resource = book.resources()[0]
    referral = book.refer(d.ReferralDraft(case.id, resource.id, date(2025, 10, 2), "目的"))
    model = ReferralTableModel(book.ref)
    model.set_rows([ReferralRow(referral, "山田 花子", case.number, resource.name)])
    qtmodeltester.check(model)
    assert model.index(0, Column.REFERRED_ON).data(Qt.ItemDataRole.ToolTipRole) == "令和7年10月2日"
