"""新規相談 by keyboard only: Tab, arrows, Space and Enter (Japanese arrives through the IME)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.main_window import NEW_CONSULTATION, MainWindow
from mccdesk.ui.models.case_table_model import Column
from mccdesk.ui.new_consultation_page import NewConsultationPage
from tests.support.ui import focused, ime_type, press, shown_active


def _window(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, MainWindow(book))


def test_record_a_consultation_by_keyboard_only(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, book)
    page = window.new_consultation
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == NEW_CONSULTATION
    qtbot.waitUntil(lambda: focused() is page.opened_on)

    press(qtbot, Qt.Key.Key_Tab)  # 相談方法
    assert focused() is page.method
    press(qtbot, Qt.Key.Key_Down)  # 電話 → LINE
    press(qtbot, Qt.Key.Key_Tab)  # 相談者
    press(qtbot, Qt.Key.Key_Down)  # 親・親族 → 支援者
    assert page.organisation.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)  # 所属
    press(qtbot, Qt.Key.Key_Down)  # 医療機関 → 訪問看護
    press(qtbot, Qt.Key.Key_Tab)  # 市町村
    assert page.municipality.isAncestorOf(focused()) or focused() is page.municipality
    ime_type("鎌倉市")
    press(qtbot, Qt.Key.Key_Tab)  # first topic
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab, 3)  # fourth topic: レスパイト
    press(qtbot, Qt.Key.Key_Space)
    assert page.topics["respite"].hasFocus() and page.topics["respite"].isChecked()
    with qtbot.waitSignal(page.saved) as saved:
        press(qtbot, Qt.Key.Key_Return)

    case = saved.args[0]
    assert case.number and case.number in page.confirmation.text()
    assert "を登録しました" in page.confirmation.text()
    stored = book.cases()
    assert [c.id for c in stored] == [case.id]
    assert stored[0].contact_method == "line"
    assert stored[0].consulter_type == "supporter"
    assert stored[0].supporter_organisation == "home_nursing"
    assert stored[0].residence == book.ref.residences.lookup("鎌倉市")
    assert set(stored[0].topics) == {"discharge_home", "respite"}
    assert stored[0].opened_on == date.today()
    # The form is ready for the next call, and the cases screen already shows this one.
    assert not any(box.isChecked() for box in page.topics.values())
    assert page.municipality.currentText() == ""
    assert focused() is page.opened_on
    table = window.cases.proxy
    assert table.rowCount() == 1
    assert table.index(0, Column.NUMBER).data() == case.number
    assert table.index(0, Column.METHOD).data() == "LINE"
    assert window.home.tiles["cases"].number.text() == "1"


def test_no_topic_shows_an_inline_message_and_saves_nothing(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = shown_active(qtbot, NewConsultationPage(book))
    page.municipality.setFocus()
    ime_type("横須賀市")
    press(qtbot, Qt.Key.Key_Return)
    assert page.topics_error.isVisible()
    assert "主訴" in page.topics_error.text()
    assert not page.municipality_error.isVisible()
    assert book.cases() == []
    assert page.confirmation.text() == ""
    assert focused() is page.topics["discharge_home"]  # where the problem is


def test_municipality_is_required(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = NewConsultationPage(book)
    qtbot.addWidget(page)
    page.show()
    page.topics["respite"].setChecked(True)
    assert page.save() is None
    assert page.municipality_error.isVisible() and book.cases() == []


def test_new_child_and_follow_up_are_recorded_with_the_case(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = NewConsultationPage(book)
    qtbot.addWidget(page)
    page.show()
    page.municipality.setEditText("不明")
    page.topics["other"].setChecked(True)
    page.child.new_button.setChecked(True)
    page.child.family_name.setText("山田")
    page.child.given_name.setText("花子")
    page.child.family_kana.setText("やまだ")
    page.child.given_kana.setText("はなこ")
    page.follow_up.setChecked(True)
    case = page.save()
    assert case is not None
    assert book.case(case.id).child_name == "山田 花子"
    assert [f.case_id for f in book.follow_ups()] == [case.id]


def test_pick_an_existing_child_from_the_suggestions(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    child = book.add_child(d.ChildDraft("佐藤", "陽菜", "さとう", "ひな", residence="142018"))
    page = NewConsultationPage(book)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    page.municipality.setEditText("横須賀市")
    page.topics["respite"].setChecked(True)
    page.child.existing_button.setChecked(True)
    page.child.search.setFocus()
    page.child.search.setText("ｻﾄｳ")  # half-width katakana for a name stored in hiragana
    page.child.search.textEdited.emit("ｻﾄｳ")
    qtbot.waitUntil(lambda: page.child.suggestions.rowCount() == 1)
    page.child.completer.activated[str].emit(page.child.suggestions.stringList()[0])
    case = page.save()
    assert case is not None and case.child_id == child.id


def test_enter_in_the_note_is_a_new_line_and_ctrl_enter_saves(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    page = shown_active(qtbot, NewConsultationPage(book))
    page.municipality.setEditText("横須賀市")
    page.topics["respite"].setChecked(True)
    page.note.setFocus()
    ime_type("母より電話")
    press(qtbot, Qt.Key.Key_Return)
    ime_type("来週また連絡")
    assert book.cases() == []
    with qtbot.waitSignal(page.saved):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert book.cases()[0].note == "母より電話\n来週また連絡"


def test_a_service_error_goes_to_the_one_dialog(qtbot, book: CaseBook, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.errors import InvalidValue
    from mccdesk.ui.errors_dialog import ErrorDialog

    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))

    def refuse(draft: d.CaseDraft) -> d.Case:
        raise InvalidValue(field="topics", reason="test")

    monkeypatch.setattr(book, "open_case", refuse)
    page = NewConsultationPage(book)
    qtbot.addWidget(page)
    page.municipality.setEditText("横須賀市")
    page.topics["respite"].setChecked(True)
    assert page.save() is None
    assert shown == [InvalidValue(field="topics", reason="test").message("ja")]
    assert page.topics["respite"].isChecked()  # the form keeps what was typed
