"""Japanese first, English on request: the switch in 設定 takes effect at once and is remembered,
and neither language leaks into the other anywhere a person can see or hear (screen readers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenuBar,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.demo import make_demo_book
from mccdesk.ui import i18n, preferences
from mccdesk.ui.main_window import HOME, SETTINGS, MainWindow
from mccdesk.ui.preferences import Preferences
from tests.support.ui import ime_commit, press

TODAY = date(2025, 11, 12)

# Latin words a Japanese screen may show: key names, formats, names of things, codes.
ALLOWED_LATIN = {
    *("Alt", "Ctrl", "Shift", "Enter", "Esc", "Space", "Delete", "Insert", "Tab"),
    *("LINE", "FAX", "PC", "ID", "OK", "UTC", "Excel", "CSV", "PDF", "pdf", "xlsx", "csv"),
    *("mccdesk", "mccref", "reference", "English"),  # the app, a file type and folder, a language
    *("TPPV", "NPPV", "CPAP"),  # ventilation types: written so in Japanese medical use
}
# The prefecture-key notice quotes a command line; the command is the same in both languages.
COMMAND = re.compile(r"mccdesk trust-prefecture .*$", re.M)
CASE_NUMBER = re.compile(r"\b[A-Z]\d{2}-\d{4}-\d{3,}\b")  # 受付番号 such as B01-2025-0001
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]")  # kana, kanji
# Era dates: tooltips keep them in English too (i18n.date_tooltip), as the office's forms use them.
ERA = re.compile(r"(明治|大正|昭和|平成|令和)(\d+|元)年(\d+月\d+日|度)?( 第\d四半期)?")


@pytest.fixture(autouse=True)
def prefs(tmp_path: Path) -> Iterator[Preferences]:
    chosen = Preferences.at(str(tmp_path / "prefs.ini"))
    preferences.use(chosen)
    i18n.use_language(chosen.language())  # as app.run does at start
    yield chosen
    preferences.use(None)
    i18n.use_language("ja")  # the translators are the app's: the next test starts in Japanese


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("i18n-demo") / "demo"
    make_demo_book(folder, children=12, seed=5, today=TODAY)
    return folder


@pytest.fixture
def demo_book(demo_folder: Path) -> Iterator[CaseBook]:
    book = CaseBook.open(demo_folder)
    book.use_coordinator(next(c.id for c in book.coordinators() if c.active))
    yield book
    book.close()


_windows: list[MainWindow] = []


@pytest.fixture(autouse=True)
def close_windows() -> Iterator[None]:
    """Windows replaced by a switch are deleted by Qt: close only those still alive."""
    yield
    while _windows:
        window = _windows.pop()
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()


def _open(qtbot, book: CaseBook) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(book, today=TODAY)
    _windows.append(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _choose_language(qtbot, window: MainWindow, language: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """As a person does: 設定, the language box, the arrow key; the window is rebuilt."""
    window.show_page(SETTINGS)
    combo = window.settings.language
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    key = Qt.Key.Key_Down if combo.findData(language) > combo.currentIndex() else Qt.Key.Key_Up
    with qtbot.waitSignal(window.replaced) as replaced:
        press(qtbot, key)
    new: MainWindow = replaced.args[0]
    _windows.append(new)
    qtbot.waitExposed(new)
    assert not window.isVisible() and new.isVisible()
    return new


def _navigation(window: MainWindow) -> list[str]:
    items = (window.navigation.item(i).text() for i in range(window.navigation.count()))
    return [text.split("\u3000Alt+")[0] for text in items]


def _headers(model: QAbstractItemModel) -> list[str]:
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]


def _tile_captions(window: MainWindow) -> list[str]:
    return [tile.caption.text() for tile in window.home.tiles.values()]


def _cancel_text() -> str:
    """What Qt's own Cancel button says (file dialogs, progress dialogs use the same texts)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text


def test_switch_to_english_and_back_at_once(qtbot, book: CaseBook, prefs: Preferences) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, book)
    assert _navigation(window)[:3] == ["ホーム", "相談ケース", "新規相談"]
    assert _cancel_text() == "キャンセル"

    english = _choose_language(qtbot, window, "en")
    assert prefs.language() == "en"
    assert english.current_page() == SETTINGS  # still where the person was
    qtbot.waitUntil(english.settings.language.hasFocus)  # the keyboard stays on the choice
    assert english.settings.language.currentData() == "en"
    assert _navigation(english) == [
        "Home",
        "Cases",
        "New consultation",
        "Children",
        "Referrals",
        "Follow-ups",
        "Local services",
        "Local issues",
        "Summaries",
        "Settings",
    ]
    assert english.navigation.item(0).text() == "Home\u3000Alt+1"
    # No counter word in English: "Children", not "Children (total)"; read out with its number.
    assert "Children" in _tile_captions(english)
    assert "Open cases" in _tile_captions(english)
    tile = english.home.tiles["children"]
    assert tile.accessibleName() == f"Children: {tile.number.text()}"
    assert [label for label, _count in english.home.chart.bars()][:2] == ["Apr", "May"]
    assert english.home.chart.accessibleDescription().startswith("Apr: ")

    assert _headers(english.cases.model)[:3] == ["Case no.", "Opened on", "Child"]
    assert english.windowTitle() == "mccdesk — テスト圏域ブランチ"  # the branch's own name
    assert english.branch_label.text() == "Support centre: テスト圏域ブランチ"
    assert english.coordinator.currentText() == "試験 花子"  # same book, same person working
    assert _cancel_text() == "Cancel"
    dialog = english.settings.open_import()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Import (Excel, CSV)"
    dialog.close()

    japanese = _choose_language(qtbot, english, "ja")
    assert prefs.language() == "ja"
    assert _navigation(japanese)[:4] == ["ホーム", "相談ケース", "新規相談", "児童"]
    assert "児童（人）" in _tile_captions(japanese)
    assert _headers(japanese.cases.model)[:3] == ["受付番号", "受付日", "児童"]
    assert _cancel_text() == "キャンセル"
    assert japanese.settings.language.currentText() == "日本語"


def test_work_goes_on_after_the_switch(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, book)
    english = _choose_language(qtbot, window, "en")
    assert english.book is book
    ime_commit(english.settings.new_name, "新井 一郎")
    qtbot.mouseClick(english.settings.add_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in book.coordinators()] == ["試験 花子", "新井 一郎"]
    assert english.coordinator.count() == 2  # the status-bar switch of the new window


def test_the_choice_is_remembered_for_the_next_start(qtbot, book: CaseBook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, book)
    english = _choose_language(qtbot, window, "en")
    english.show_page(HOME)
    preferences.shared().sync()

    # The next start: fresh preferences read from the same file, as app.run does.
    preferences.use(Preferences.at(str(tmp_path / "prefs.ini")))
    i18n.use_language("ja")
    i18n.use_language(preferences.shared().language())
    again = MainWindow(book, today=TODAY)
    _windows.append(again)
    assert _navigation(again)[0] == "Home"
    assert again.settings.language.currentText() == "English"


def test_unsaved_child_edits_postpone_the_switch(qtbot, book: CaseBook, prefs: Preferences) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, book)
    window.child_page.dirty = True  # as after typing into the child form
    window.show_page(SETTINGS)
    window.settings.language.setCurrentIndex(window.settings.language.findData("en"))
    assert window.isVisible() and _navigation(window)[0] == "ホーム"
    assert "次回の起動時" in window.statusBar().currentMessage()
    assert prefs.language() == "en"  # remembered for the next start


# --- no leaks --------------------------------------------------------------------------------


def _model_texts(view: QAbstractItemView, data: bool) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = []
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for c in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(c, Qt.Orientation.Horizontal, role)
            texts.append(value if isinstance(value, str) else "")
    for r in range(min(model.rowCount(root), 30) if data else 0):
        for c in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(r, c), role)
                if isinstance(value, str):
                    texts.append(value)
    return texts


def visible_texts(root: QWidget, data: bool = True) -> list[tuple[str, str]]:
    """(where, text) for every text a person sees, or hears from a screen reader, under `root`.

    data=False: leave out list and table cells and choice lists (records and reference data).
    """
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        where = type(w).__name__ + (f"#{w.objectName()}" if w.objectName() else "")
        texts = [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        if isinstance(w, QComboBox) and data:
            texts += [w.itemText(i) for i in range(w.count())]
            texts.append(w.lineEdit().placeholderText() if w.lineEdit() else "")
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
            texts += [w.tabToolTip(i) for i in range(w.count())]
        if isinstance(w, QMenuBar):  # the menus and what is in them
            for action in w.actions():
                texts.append(action.text())
                if action.menu() is not None:
                    texts += [item.text() for item in action.menu().actions()]
        if isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QAbstractItemView):
            texts += _model_texts(w, data)
        found += [(where, t) for t in texts if t]
    return found


def _every_page(window: MainWindow, data: bool = True) -> list[tuple[str, str]]:
    found = []
    for key in window.page_keys():
        window.show_page(key)
        QApplication.processEvents()
        found += [(f"{key}: {where}", text) for where, text in visible_texts(window, data)]
    return found


def english_words(text: str) -> list[str]:
    text = CASE_NUMBER.sub("", COMMAND.sub("", text))
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN]


def test_no_english_leaks_into_the_japanese_ui(qtbot, demo_book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, demo_book)
    texts = _every_page(window)
    assert len(texts) > 300  # the walk did reach the pages
    leaks = sorted({f"{where}: {text!r}" for where, text in texts if english_words(text)})
    assert leaks == []


def _book_data(book: CaseBook) -> list[str]:
    """Names the branch typed in: shown as they are in any language. Longest first."""
    names = [book.info().branch_name, *(c.name for c in book.coordinators())]
    return sorted(names, key=len, reverse=True)


def _reference_labels(book: CaseBook) -> list[str]:
    ref = book.ref
    labels = [a.ja for a in ref.areas]
    for vocabulary in vars(ref).values():
        labels += [t.label("ja") for t in getattr(vocabulary, "terms", ())]
    return sorted(set(labels), key=len, reverse=True)


def _japanese_left(texts: list[tuple[str, str]], allowed: list[str]) -> list[str]:
    def leftover(text: str) -> str:
        for value in allowed:
            text = text.replace(value, "")
        return ERA.sub("", text)

    return sorted(
        {f"{where}: {text!r}" for where, text in texts if JAPANESE.search(leftover(text))}
    )


def test_no_japanese_left_in_the_english_ui(qtbot, demo_book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    """Every label, button, title, placeholder, tooltip and header; records are data."""
    i18n.use_language("en")
    window = _open(qtbot, demo_book)
    texts = _every_page(window, data=False)
    assert len(texts) > 300
    allowed = _book_data(demo_book) + _reference_labels(demo_book)
    assert _japanese_left(texts, allowed) == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_column_titles_are_not_cut(qtbot, demo_book: CaseBook, language: str) -> None:  # type: ignore[no-untyped-def]
    """English titles run longer than the Japanese the columns were sized for."""
    i18n.use_language(language)
    window = _open(qtbot, demo_book)
    cut = []
    for key in window.page_keys():
        window.show_page(key)
        QApplication.processEvents()
        for table in window.page(key).findChildren(QTableView):
            if not table.isVisible():
                continue
            header, model = table.horizontalHeader(), table.model()
            for column in range(model.columnCount()):
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                needed = header.fontMetrics().horizontalAdvance(title)
                if not header.isSectionHidden(column) and header.sectionSize(column) < needed:
                    cut.append(f"{key}: {title!r}")
    assert cut == []


def test_reference_terms_follow_the_language(qtbot, demo_book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    i18n.use_language("en")
    window = _open(qtbot, demo_book)
    assert _japanese_left(_every_page(window, data=False), _book_data(demo_book)) == []


def _items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def _column(model: QAbstractItemModel, column: int, role=Qt.ItemDataRole.DisplayRole) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.data(model.index(r, column), role)) for r in range(model.rowCount())]


def test_english_choices_cells_and_periods(qtbot, demo_book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    """Choice lists, table cells and the period read in English; the era stays in tooltips."""
    i18n.use_language("en")
    window = _open(qtbot, demo_book)
    assert window.home.period.text() == "Current period: FY2025 Q3 (Oct–Dec 2025)"
    window.show_page("cases")
    cases = window.cases
    assert _items(cases.status_filter)[1:] == ["Ongoing", "Watching", "Closed"]
    assert "\u3000Yokohama City" in _items(cases.place_filter)
    assert "Outside the prefecture" in _items(cases.place_filter)
    assert "FY2025" in _items(cases.year_filter)
    statuses = set(_column(cases.model, 7))
    assert statuses and statuses <= {"Ongoing", "Watching", "Closed"}
    assert not any(JAPANESE.search(t) for t in _column(cases.model, 4))  # contact methods
    tooltip = _column(cases.model, 1, Qt.ItemDataRole.ToolTipRole)[0]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \(令和\d+年\d+月\d+日\)", tooltip)
    topics = window.new_consultation.findChildren(QAbstractButton)
    assert "Respite care" in [b.text() for b in topics]


def test_japanese_choices_cells_and_periods_stay_japanese(qtbot, demo_book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, demo_book)
    assert window.home.period.text() == "現在の期間：令和7年度 第3四半期"
    assert _items(window.cases.status_filter)[1:] == ["継続", "経過観察", "完了"]
    assert "令和7年度（2025）" in _items(window.cases.year_filter)
    assert "\u3000横浜市" in _items(window.cases.place_filter)
    tooltip = _column(window.cases.model, 1, Qt.ItemDataRole.ToolTipRole)[0]
    assert re.fullmatch(r"令和\d+年\d+月\d+日", tooltip)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ja",
            ("令和6年度 第3四半期", "令和6年度", "令和6年10月1日", "2015/04/01生", "完了", "母"),
        ),
        (
            "en",
            (
                "FY2024 Q3 (Oct–Dec 2024)",
                "FY2024",
                "1 Oct 2024 (令和6年10月1日)",
                "born 2015/04/01",
                "Closed",
                "Mother",
            ),
        ),
    ],
)
def test_one_helper_per_kind_of_text(lang: str, expected: tuple[str, ...]) -> None:
    from mccdesk.periods import FiscalQuarter
    from mccdesk.reference import reference

    i18n.use_language(lang)
    ref = reference()
    assert (
        i18n.period_label(FiscalQuarter(2024, 3)),
        i18n.fiscal_year_label(2024),
        i18n.date_tooltip(date(2024, 10, 1)),
        i18n.born("2015/04/01"),
        i18n.term(ref.case_statuses, "closed"),
        i18n.label(ref.guardian_relations.term("mother")),
    ) == expected


def test_error_messages_follow_the_language() -> None:
    from mccdesk.errors import RecoveryKeyTypo

    i18n.use_language("en")
    assert i18n.message(RecoveryKeyTypo(group=3)) == (
        "Group 3 of the recovery key (counting from the left) has a typo."
    )
    i18n.use_language("ja")
    assert i18n.message(RecoveryKeyTypo(group=3)).startswith("回復キーの第3グループ")


def test_every_reference_term_has_english() -> None:
    """A term without English would show Japanese in the English screens."""
    from mccdesk.reference import reference

    ref = reference()
    missing = [a.code for a in ref.areas if JAPANESE.search(a.en)]
    for name, vocabulary in vars(ref).items():
        missing += [
            f"{name}.{t.code}" for t in getattr(vocabulary, "terms", ()) if JAPANESE.search(t.en)
        ]
    assert missing == []


def test_the_checks_catch_a_leak(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    label = QLabel("保存（Enter）", page)
    assert english_words(label.text()) == []
    label.setToolTip("Save the record")
    page.show()
    assert [english_words(t) for _, t in visible_texts(page) if english_words(t)] == [
        ["Save", "the", "record"]
    ]
    assert JAPANESE.search("Case B01-2025-0001 saved") is None
    assert JAPANESE.search("Saved: 紹介状") is not None


def test_a_fresh_clone_compiles_the_catalogue_into_the_cache(tmp_path: Path) -> None:
    """No .qm in git: the .ts is compiled on first use, and again only when it changes."""
    folder = tmp_path / "translations"
    folder.mkdir()
    ts = folder / "mccdesk_en.ts"
    ts.write_bytes((i18n.translations_dir() / "mccdesk_en.ts").read_bytes())
    first = i18n.catalogue("en", folder)
    assert first is not None and first.suffix == ".qm" and first.parent != folder
    assert i18n.catalogue("en", folder) == first  # cached
    ts.write_text(ts.read_text("utf-8").replace(">Home<", ">Start<"), "utf-8")
    second = i18n.catalogue("en", folder)
    assert second is not None and second != first
    assert i18n.catalogue("fr", folder) is None


def test_qt_context_menus_follow_the_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    japanese = [a.text() for a in menu.actions() if a.text()]
    assert any("コピー" in t for t in japanese)
    i18n.use_language("en")
    menu = edit.createStandardContextMenu()
    assert any(a.text().replace("&", "").startswith("Copy") for a in menu.actions())
