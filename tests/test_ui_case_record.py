"""ケース記録: recording, deleting (with undo) activities, changing the status, scheduling the next
follow-up of one case, by keyboard, on a real encrypted case book; and a save that survives a kill.
"""

from __future__ import annotations

import signal
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui.case_record_dialog import CaseRecordDialog
from mccdesk.ui.child_page import CASES, TIMELINE, ChildPage
from mccdesk.ui.main_window import CASES as CASES_PAGE
from mccdesk.ui.main_window import MainWindow
from mccdesk.ui.models.activity_table_model import ActivityTableModel, Column
from mccdesk.ui.models.case_table_model import Column as CaseColumn
from tests.support.fixtures_gen import ROOT, pycache_dir, python_cmd, python_env
from tests.support.ui import focused, ime_type, press, shown_active

NOW = date(2025, 11, 12)
OPENED = date(2025, 10, 1)


def _case(book: CaseBook) -> d.Case:
    child = book.add_child(d.ChildDraft("山田", "花子", "やまだ", "はなこ", residence="142018"))
    return book.open_case(
        d.CaseDraft(OPENED, "phone", "family", "142018", ("respite",), None, child.id)
    )


def _dialog(qtbot, book: CaseBook, case: d.Case) -> CaseRecordDialog:  # type: ignore[no-untyped-def]
    dialog = shown_active(qtbot, CaseRecordDialog(book, case.id, today=NOW))
    dialog.start()
    return dialog


def _record_from_child_page(qtbot, page: ChildPage) -> CaseRecordDialog:  # type: ignore[no-untyped-def]
    """Enter on the first case in the child page's cases tab: its record, as the active window."""
    page.show_tab(CASES)
    table = page.tables[CASES]
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), CaseRecordDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, CaseRecordDialog)
    return dialog


def _close_case(qtbot, dialog: CaseRecordDialog, on: date) -> None:  # type: ignore[no-untyped-def]
    """Status 完了 from `on`, by keyboard: the status box, Tab to its date, Enter."""
    dialog.status.setFocus()
    dialog.status.setCurrentIndex(dialog.status.findData("closed"))
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.status_on
    dialog.status_on.set_value(on)
    press(qtbot, Qt.Key.Key_Return)


def _main_window(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    return shown_active(qtbot, MainWindow(book, today=NOW))


def _texts(dialog: CaseRecordDialog, column: int) -> list[str]:
    return [dialog.model.index(r, column).data() for r in range(dialog.model.rowCount())]


def test_model_passes_the_model_tester_newest_first(book: CaseBook, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ActivityTableModel(book.ref)
    model.set_activities(
        [
            d.Activity(1, date(2025, 10, 2), "consultation", "phone", 20, "初回", id=1),
            d.Activity(1, date(2025, 10, 9), "home_visit", None, None, "一行目\n二行目", id=2),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, Column.DATE).data() == "2025/10/09"
    assert model.index(0, Column.KIND).data() == "家庭訪問"
    assert model.index(0, Column.NOTE).data() == "一行目…"
    assert model.index(0, Column.NOTE).data(Qt.ItemDataRole.ToolTipRole) == "一行目\n二行目"
    assert model.index(1, Column.METHOD).data() == "電話"
    assert model.index(1, Column.DATE).data(Qt.ItemDataRole.ToolTipRole) == "令和7年10月2日"


def test_record_an_activity_by_keyboard_from_the_child_page(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    case = _case(book)
    page = shown_active(qtbot, ChildPage(book, today=NOW))
    page.open_child(case.child_id, case.id)  # type: ignore[arg-type]
    dialog = _record_from_child_page(qtbot, page)
    assert "山田 花子" in dialog.title.text() and case.number in dialog.title.text()
    assert "2025/10/01" in dialog.details.text() and "継続" in dialog.status_label.text()
    assert focused() is dialog.occurred_on
    assert dialog.occurred_on.value() == NOW  # today by default

    press(qtbot, Qt.Key.Key_Tab)  # kind
    press(qtbot, Qt.Key.Key_Down, 2)  # 相談対応 → 家庭訪問
    press(qtbot, Qt.Key.Key_Tab)  # method
    press(qtbot, Qt.Key.Key_Down)  # the first method after （なし）
    press(qtbot, Qt.Key.Key_Tab)
    ime_type("４５")  # full-width digits from the IME
    press(qtbot, Qt.Key.Key_Tab)
    ime_type("母と面談。吸引の手技を確認")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert _texts(dialog, Column.KIND) == ["家庭訪問"]
    assert _texts(dialog, Column.MINUTES) == ["45"]
    assert _texts(dialog, Column.DATE) == ["2025/11/12"]
    assert "記録しました" in dialog.notice.message.text()
    assert dialog.note.toPlainText() == "" and focused() is dialog.occurred_on  # ready again
    stored = book.activities(case_id=case.id)
    assert [(a.kind, a.minutes, a.note) for a in stored] == [
        ("home_visit", 45, "母と面談。吸引の手技を確認")
    ]

    # A second one with Enter from the minutes field: newest on top.
    press(qtbot, Qt.Key.Key_Tab, 3)
    qtbot.keyClicks(focused(), "10")
    press(qtbot, Qt.Key.Key_Return)
    assert _texts(dialog, Column.MINUTES) == ["10", "45"]

    page.show_tab(TIMELINE)  # the child's timeline shows both
    timeline = page.models[TIMELINE].column_texts(1) + page.models[TIMELINE].column_texts(2)
    assert sum("対応記録" in t for t in timeline) == 2
    dialog.close()


def test_bad_minutes_are_shown_inline_and_nothing_is_saved(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    case = _case(book)
    dialog = _dialog(qtbot, book, case)
    dialog.minutes.setFocus()
    qtbot.keyClicks(dialog.minutes, "2000")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.activity_error.isVisible()
    assert "1440" in dialog.activity_error.text()
    assert focused() is dialog.minutes
    assert dialog.model.rowCount() == 0 and book.activities(case_id=case.id) == []


def test_delete_and_undo_with_ctrl_z_survives_reopening(
    qtbot,
    book_folder: Path,
    book: CaseBook,  # type: ignore[no-untyped-def]
) -> None:
    case = _case(book)
    for day, note in ((date(2025, 10, 3), "一件目"), (date(2025, 10, 20), "二件目")):
        book.record_activity(d.ActivityDraft(case.id, day, "consultation", "phone", 15, note))
    dialog = _dialog(qtbot, book, case)
    assert _texts(dialog, Column.NOTE) == ["二件目", "一件目"]
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Delete)
    assert _texts(dialog, Column.NOTE) == ["一件目"]
    assert dialog.notice.isVisible() and dialog.notice.undo_button.isVisible()
    assert "削除しました" in dialog.notice.message.text()
    assert [a.note for a in book.activities(case_id=case.id)] == ["一件目"]

    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _texts(dialog, Column.NOTE) == ["二件目", "一件目"]
    assert not dialog.notice.isVisible()
    dialog.close()
    book.close()
    with CaseBook.open(book_folder) as reopened:
        assert sorted(a.note for a in reopened.activities(case_id=case.id)) == ["一件目", "二件目"]


def test_change_status_from_the_cases_table_with_shift_enter(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    case = _case(book)
    window = _main_window(qtbot, book)
    window.show_page(CASES_PAGE)
    table = window.cases.table
    table.setFocus()
    table.setCurrentIndex(window.cases.proxy.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), CaseRecordDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, CaseRecordDialog)
    assert window.current_page() == CASES_PAGE  # plain Enter's child page was not opened

    _close_case(qtbot, dialog, date(2025, 11, 5))

    assert "完了" in dialog.status_label.text() and "2025/11/05" in dialog.status_label.text()
    assert dialog.history.text().splitlines()[0].startswith("2025/11/05　完了")
    assert dialog.history.text().splitlines()[-1].startswith("2025/10/01　継続")
    row = window.cases.model.row_of(case.id)
    assert window.cases.model.index(row, CaseColumn.STATUS).data() == "完了"
    assert book.case(case.id).status == "closed"

    press(qtbot, Qt.Key.Key_Return)  # the same status again: said inline, nothing stored
    assert dialog.status_error.isVisible()
    assert len(book.status_history(case.id)) == 2
    dialog.close()

    table.setFocus()  # plain Enter still opens the child, as before
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_page() == "children"
    assert window.child_page.child is not None and window.child_page.child.id == case.child_id


def test_schedule_the_next_follow_up_in_one_line_and_undo_it(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    case = _case(book)
    dialog = _dialog(qtbot, book, case)
    assert dialog.follow_up_on.value() == NOW + timedelta(days=14)
    dialog.purpose.setFocus()
    ime_type("退院後の様子を確認")
    press(qtbot, Qt.Key.Key_Return)
    assert "2025/11/26　退院後の様子を確認" in dialog.open_follow_ups.text()
    assert [f.purpose for f in book.follow_ups(case_id=case.id)] == ["退院後の様子を確認"]
    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert book.follow_ups(case_id=case.id) == []
    assert "ありません" in dialog.open_follow_ups.text()
    dialog.close()


CRASH_SCRIPT = """
import os, sys, signal
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from mccdesk.casebook import CaseBook
from mccdesk.ui.case_record_dialog import CaseRecordDialog
folder, coordinator, case_id, how = sys.argv[1:5]
book = CaseBook.open(Path(folder))
book.use_coordinator(int(coordinator))
dialog = CaseRecordDialog(book, int(case_id))
dialog.show()
dialog.minutes.setText("25")
dialog.note.setPlainText("保存直後に強制終了")
if dialog.save_activity() is None:
    os._exit(3)
if how == "exit":
    os._exit(1)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_an_activity_saved_in_the_dialog_survives_a_crash_right_after(
    how: str, book_folder: Path, book: CaseBook, pytestconfig: pytest.Config
) -> None:
    case = _case(book)
    coordinator = book.coordinator_id
    book.close()  # only the crashing process has the book open
    done = subprocess.run(
        python_cmd("-c", CRASH_SCRIPT, str(book_folder), str(coordinator), str(case.id), how),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig)),
        capture_output=True,
        timeout=120,
    )
    expected = 1 if how == "exit" else -signal.SIGKILL
    assert done.returncode == expected, done.stderr.decode(errors="replace")[-2000:]
    with CaseBook.open(book_folder) as reopened:
        saved = reopened.activities(case_id=case.id)
        assert [(a.minutes, a.note) for a in saved] == [(25, "保存直後に強制終了")]


def test_a_status_changed_from_the_child_page_shows_in_the_cases_table_and_home(
    qtbot,
    book: CaseBook,  # type: ignore[no-untyped-def]
) -> None:
    case = _case(book)
    window = _main_window(qtbot, book)
    assert window.home.tiles["open_cases"].number.text() == "1"
    window.open_case_child(case)  # Enter on the case: its child's page
    dialog = _record_from_child_page(qtbot, window.child_page)
    _close_case(qtbot, dialog, date(2025, 11, 5))
    dialog.close()

    row = window.cases.model.row_of(case.id)
    assert window.cases.model.index(row, CaseColumn.STATUS).data() == "完了"
    assert window.home.tiles["open_cases"].number.text() == "0"
