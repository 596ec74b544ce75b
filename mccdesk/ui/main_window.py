"""The main window: navigation on the left, one page at a time, the demo banner and status bar.

Thin on purpose: each page is its own module; this wires them together and owns the shortcuts.
The frame shows before the case book is open (app.run opens it in a worker behind the frame), so
this module imports no storage: the pages, and through them SQLAlchemy, are imported in `attach`,
and each page other than home and cases is built the first time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.about_dialog import add_help_menu
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.navigation_list import NavigationList
from mccdesk.ui.widgets.scaled_font import scale_font

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook
    from mccdesk.domain import Case, Child, Referral
    from mccdesk.ui.case_record_dialog import CaseRecordDialog
    from mccdesk.ui.cases_page import CasesPage
    from mccdesk.ui.child_page import ChildPage
    from mccdesk.ui.home_page import HomePage
    from mccdesk.ui.sync_controller import SyncController

DEMO_BANNER = QT_TRANSLATE_NOOP(
    "MainWindow", "デモ用ケースブック：架空の人物のデータです。実際の相談は記録しないでください。"
)
STYLE = """
#demoBanner {
    background: #e8730c; color: white; font-weight: bold;
    padding: 8px 16px;
}
#navigation { border: none; border-right: 1px solid #d0d5da; background: #f4f6f8; outline: 0; }
#navigation::item { padding: 10px 14px; }
#navigation::item:selected { background: #1a5fb4; color: white; }
#countTile { background: #f4f6f8; border: 1px solid #d0d5da; border-radius: 6px; }
#countTile[alert="true"] { background: #fdecea; border-color: #d93025; }
#countNumber { color: #1a1a1a; }
#countTile[alert="true"] #countNumber { color: #b3261e; }
#countLabel, #periodLabel, #shortcutHint, #caseCount { color: #444; }
#fieldError { color: #c5221f; }
#confirmation { color: #1e7e34; font-weight: bold; }
#pageTitle { font-weight: bold; }
#saveButton { padding: 6px 20px; font-weight: bold; }
"""

# Page keys, in navigation order (Alt+1, Alt+2, ... follow this order).
HOME = "home"
CASES = "cases"
NEW_CONSULTATION = "new_consultation"
CHILDREN = "children"
REFERRALS = "referrals"
FOLLOW_UPS = "follow_ups"
RESOURCES = "resources"
LOCAL_ISSUES = "local_issues"
SUMMARIES = "summaries"
SETTINGS = "settings"
# Navigation titles, in that order; marked here, translated when the frame is built.
TITLES = {
    HOME: QT_TRANSLATE_NOOP("MainWindow", "ホーム"),
    CASES: QT_TRANSLATE_NOOP("MainWindow", "相談ケース"),
    NEW_CONSULTATION: QT_TRANSLATE_NOOP("MainWindow", "新規相談"),
    CHILDREN: QT_TRANSLATE_NOOP("MainWindow", "児童"),
    REFERRALS: QT_TRANSLATE_NOOP("MainWindow", "紹介"),
    FOLLOW_UPS: QT_TRANSLATE_NOOP("MainWindow", "モニタリング"),
    RESOURCES: QT_TRANSLATE_NOOP("MainWindow", "地域資源"),
    LOCAL_ISSUES: QT_TRANSLATE_NOOP("MainWindow", "地域課題"),
    SUMMARIES: QT_TRANSLATE_NOOP("MainWindow", "集計・送信"),
    SETTINGS: QT_TRANSLATE_NOOP("MainWindow", "設定"),
}


class _Page:
    """A page attribute of the main window, built the first time it is used (MainWindow.page)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, window: MainWindow | None, owner: type | None = None):  # type: ignore[no-untyped-def]
        return self if window is None else window.page(self.key)


class MainWindow(QMainWindow):
    replaced = Signal(object)  # the new window, built in another language on the same book

    def __init__(self, book: CaseBook | None = None, today: date | None = None) -> None:
        """The frame; with a book, its pages too. Without one, `attach` brings them later."""
        super().__init__()
        self.book: CaseBook = None  # type: ignore[assignment]  # set by attach
        self.today = today
        self.book_handed_over = False  # True: a replacement window has the book; don't close it
        self.setWindowTitle("mccdesk")
        self.setStyleSheet(STYLE)
        self._keys = list(TITLES)
        self._built: dict[str, QWidget] = {}

        self.pages = QStackedWidget()
        self.navigation = NavigationList(self.tr("画面の切り替え"))
        for i, key in enumerate(self._keys):  # Alt+1 ... Alt+9, then Alt+0
            self.navigation.addItem(f"{self.tr(TITLES[key])}\u3000Alt+{(i + 1) % 10}")
        self.navigation.fit_width()
        self.navigation.setEnabled(False)  # until the case book is open
        self.opening = QLabel(self.tr("ケースブックを開いています…"))
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scale_font(self.opening, 1.2)
        self.pages.addWidget(self.opening)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.banner: QLabel | None = None
        self.about_action = add_help_menu(self, lambda: self.book)
        self.statusBar()  # its place is kept while the book opens: the frame does not jump
        self.resize(1180, 760)
        if book is not None:
            self.attach(book)

    def attach(self, book: CaseBook) -> None:
        """The open case book: home and cases now, the other pages when first shown."""
        from mccdesk.ui.cases_page import CasesPage
        from mccdesk.ui.home_page import HomePage
        from mccdesk.ui.sync_controller import SyncController

        self.book = book
        info = book.info()
        self.setWindowTitle(f"mccdesk — {info.branch_name}")
        if info.demo:
            self.banner = QLabel(self.tr(DEMO_BANNER))
            self.banner.setObjectName("demoBanner")
            self.banner.setWordWrap(True)
            scale_font(self.banner, 1.1, bold=True)
            self._layout.insertWidget(0, self.banner)

        self.home: HomePage = HomePage(book, self.today)
        self.home.follow_ups_requested.connect(self.show_follow_ups)
        self.home.summary_requested.connect(lambda: self.show_page(SUMMARIES))
        self.cases: CasesPage = CasesPage(book)
        self.cases.case_activated.connect(self.open_case_child)
        self.cases.case_record_requested.connect(self.open_case_record)
        self._factories: dict[str, Callable[[], QWidget]] = {
            HOME: lambda: self.home,
            CASES: lambda: self.cases,
            NEW_CONSULTATION: self._make_new_consultation,
            CHILDREN: self._make_child_page,
            REFERRALS: self._make_referral_page,
            FOLLOW_UPS: self._make_follow_ups,
            RESOURCES: self._make_resources,
            LOCAL_ISSUES: self._make_local_issues,
            SUMMARIES: self._make_summaries,
            SETTINGS: self._make_settings,
        }
        self.pages.removeWidget(self.opening)
        self.opening.deleteLater()
        for _key in self._keys:  # an empty stand-in per page until it is first shown
            self.pages.addWidget(QWidget())
        self.page(HOME)
        self.page(CASES)

        self.sync: SyncController = SyncController(book, self, today=self.today)
        self.sync.finished.connect(self._sync_finished)
        self._make_status_bar(info.branch_name)
        self.sync.attach(self.statusBar())
        self.sync.start()
        self._make_shortcuts()
        self.navigation.currentRowChanged.connect(self._show_index)
        self.navigation.setEnabled(True)
        self.show_page(HOME)

    # --- pages, built when first shown ----------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for `key`, built now if it has not been shown before."""
        built = self._built.get(key)
        if built is not None:
            return built
        page = self._factories[key]()
        i = self._keys.index(key)
        stand_in = self.pages.widget(i)
        self.pages.insertWidget(i, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self._built[key] = page
        return page

    def _show_index(self, i: int) -> None:
        self.page(self._keys[i])
        self.pages.setCurrentIndex(i)

    def _make_new_consultation(self) -> QWidget:
        from mccdesk.ui.new_consultation_page import NewConsultationPage

        page = NewConsultationPage(self.book, self.today)
        page.saved.connect(self._case_opened)
        return page

    def _make_child_page(self) -> QWidget:
        from mccdesk.ui.child_page import ChildPage

        page = ChildPage(self.book, self.today)
        page.referral_requested.connect(self.start_referral)
        page.referral_opened.connect(self.open_referral)
        page.child_saved.connect(lambda _child: self.home.refresh())
        page.case_changed.connect(self._case_changed)  # a status set in a case record
        return page

    def _make_referral_page(self) -> QWidget:
        from mccdesk.ui.referral_page import ReferralPage

        page = ReferralPage(self.book, self.today)
        page.referral_saved.connect(self._referral_recorded)
        page.referral_changed.connect(self._referral_recorded)
        return page

    def _make_follow_ups(self) -> QWidget:
        from mccdesk.ui.follow_ups_page import FollowUpsPage

        page = FollowUpsPage(self.book, self.today)
        page.changed.connect(self.home.refresh)
        return page

    def _make_resources(self) -> QWidget:
        from mccdesk.ui.resources_page import ResourcesPage

        return ResourcesPage(self.book, self.today)

    def _make_local_issues(self) -> QWidget:
        from mccdesk.ui.local_issues_page import LocalIssuesPage

        return LocalIssuesPage(self.book, self.today)

    def _make_summaries(self) -> QWidget:
        from mccdesk.ui.summaries_page import SummariesPage

        page = SummariesPage(self.book, self.sync, self.today)
        page.changed.connect(self.home.refresh)
        return page

    def _make_settings(self) -> QWidget:
        from mccdesk.ui.settings_page import SettingsPage, refill_coordinator_switch

        page = SettingsPage(self.book)  # 取り込み (import) is on this page
        page.imported.connect(lambda _report: (self.cases.reload(), self.home.refresh()))
        page.coordinators_changed.connect(
            lambda: refill_coordinator_switch(self.coordinator, self.book)
        )
        page.language_changed.connect(self.switch_language)
        return page

    new_consultation = _Page(NEW_CONSULTATION)
    child_page = _Page(CHILDREN)
    referral_page = _Page(REFERRALS)
    follow_ups = _Page(FOLLOW_UPS)
    resources = _Page(RESOURCES)
    local_issues = _Page(LOCAL_ISSUES)
    summaries = _Page(SUMMARIES)
    settings = _Page(SETTINGS)

    def _built_child_page(self) -> ChildPage | None:
        return self._built.get(CHILDREN)  # type: ignore[return-value]

    # --- frame --------------------------------------------------------------------------------

    def _make_status_bar(self, branch_name: str) -> None:
        bar = self.statusBar()
        self.branch_label = QLabel(self.tr("支援センター：{branch}").format(branch=branch_name))
        bar.addWidget(self.branch_label)
        self.coordinator = QComboBox()
        self.coordinator.setAccessibleName(self.tr("担当者"))
        active = [c for c in self.book.coordinators() if c.active]
        for c in active:
            self.coordinator.addItem(c.name, c.id)
        if not active:
            self.coordinator.addItem(self.tr("（担当者が登録されていません）"), None)
            self.coordinator.setEnabled(False)
        elif self.book.coordinator_id is None:
            self.book.use_coordinator(active[0].id)
        self.coordinator.setCurrentIndex(
            max(0, self.coordinator.findData(self.book.coordinator_id))
        )
        self.coordinator.currentIndexChanged.connect(self._coordinator_chosen)
        bar.addPermanentWidget(QLabel(self.tr("担当者：")))
        bar.addPermanentWidget(self.coordinator)

    def _make_shortcuts(self) -> None:
        def add(keys: QKeySequence | str, slot) -> None:  # type: ignore[no-untyped-def]
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        add("Ctrl+N", self.start_new_consultation)
        add("Ctrl+F", self.find_case)
        for i, key in enumerate(self._keys[:10]):
            add(f"Alt+{(i + 1) % 10}", lambda key=key: self.show_page(key))

    # --- actions ------------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        i = self._keys.index(key)
        if self.navigation.currentRow() == i:
            self._show_index(i)
        else:
            self.navigation.setCurrentRow(i)

    def page_keys(self) -> list[str]:
        return list(self._keys)

    def current_page(self) -> str:
        return self._keys[self.pages.currentIndex()]

    def start_new_consultation(self) -> None:
        self.show_page(NEW_CONSULTATION)
        self.new_consultation.start()

    def find_case(self) -> None:
        self.show_page(CASES)
        self.cases.focus_search()

    def _coordinator_chosen(self) -> None:
        coordinator_id = self.coordinator.currentData()
        if coordinator_id is None:
            return
        try:
            self.book.use_coordinator(coordinator_id)
        except MccdeskError as exc:
            report_error(self, exc)

    def _sync_finished(self, outcome: object) -> None:
        if getattr(outcome, "report", None) is not None:  # the drop answered: acks may be new
            self.home.refresh()

    def _case_opened(self, case: Case) -> None:
        self.cases.add_case(self.book.case(case.id))  # with the child's name filled in
        self.home.refresh()
        self.statusBar().showMessage(
            self.tr("受付番号 {number} を登録しました").format(number=case.number), 8000
        )

    def open_case_child(self, case: Case) -> None:
        """Enter on a case: its child on the child page (a case may have no child yet)."""
        if case.child_id is None:
            self.statusBar().showMessage(
                self.tr("受付番号 {n} には児童が登録されていません").format(n=case.number), 8000
            )
            return
        self.show_page(CHILDREN)
        self.child_page.open_child(case.child_id, case.id)

    def open_case_record(self, case: Case) -> CaseRecordDialog:
        """Shift+Enter on a case: its ケース記録 in a window beside this one."""
        from mccdesk.ui.case_record_dialog import CaseRecordDialog

        dialog = CaseRecordDialog(self.book, case.id, self.today, self)
        dialog.changed.connect(self._case_record_changed)
        dialog.show()
        dialog.start()
        return dialog

    def _case_record_changed(self, change: object) -> None:
        self._case_changed(change)
        child_page = self._built_child_page()
        if child_page is not None and child_page.child is not None:
            child_page.refresh_records()

    def _case_changed(self, change: object) -> None:
        """A case record changed (from the cases table or the child page)."""
        if getattr(change, "entity", "") == "case":  # a new status: the cases table shows it
            self.cases.reload()
            row = self.cases.model.row_of(change.id)  # type: ignore[attr-defined]
            if row >= 0:  # the row keeps the keyboard's place
                index = self.cases.proxy.mapFromSource(self.cases.model.index(row, 0))
                self.cases.table.setCurrentIndex(index)
        self.home.refresh()

    def start_referral(self, child: Child, case: Case | None) -> None:
        self.show_page(REFERRALS)
        self.referral_page.start_for(child, case)

    def open_referral(self, referral_id: int) -> None:
        self.show_page(REFERRALS)
        self.referral_page.select_referral(referral_id)
        self.referral_page.focus_list()

    def _referral_recorded(self, referral: Referral) -> None:
        self.home.refresh()
        child_page = self._built_child_page()
        if child_page is not None and child_page.child is not None:
            child_page.refresh_records()

    def show_follow_ups(self, list_key: str) -> None:
        """A home tile: the follow-ups page on that list (overdue, this week…)."""
        self.show_page(FOLLOW_UPS)
        self.follow_ups.show_list(list_key)

    def switch_language(self, language: str) -> MainWindow | None:
        """Qt translates text when widgets are built, so the window is built anew (i18n.py)."""
        child_page = self._built_child_page()
        if child_page is not None and child_page.dirty:  # rebuilding would lose the edits
            self.statusBar().showMessage(
                self.tr("保存していない変更があるため、表示言語は次回の起動時に切り替わります。")
            )
            return None
        return i18n.rebuild_window(self, language)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.book is not None:
            self.sync.stop()  # a sync under way finishes before the book closes
            if not self.book_handed_over:
                self.book.close()
        super().closeEvent(event)
