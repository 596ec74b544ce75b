"""The main window: navigation on the left, one page at a time, the demo banner and status bar.

Thin on purpose: each page is its own module; this wires them together and owns the shortcuts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import Case, Child, Referral
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.about_dialog import add_help_menu
from mccdesk.ui.case_record_dialog import CaseRecordDialog
from mccdesk.ui.cases_page import CasesPage
from mccdesk.ui.child_page import ChildPage
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.follow_ups_page import FollowUpsPage
from mccdesk.ui.home_page import HomePage, scaled
from mccdesk.ui.local_issues_page import LocalIssuesPage
from mccdesk.ui.new_consultation_page import NewConsultationPage
from mccdesk.ui.referral_page import ReferralPage
from mccdesk.ui.resources_page import ResourcesPage
from mccdesk.ui.settings_page import SettingsPage, refill_coordinator_switch
from mccdesk.ui.summaries_page import SummariesPage
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


class MainWindow(QMainWindow):
    replaced = Signal(object)  # the new window, built in another language on the same book

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self.today = today
        self.book_handed_over = False  # True: a replacement window has the book; don't close it
        info = book.info()
        self.setWindowTitle(f"mccdesk — {info.branch_name}")
        self.setStyleSheet(STYLE)

        self.home = HomePage(book, today)
        self.cases = CasesPage(book)
        self.new_consultation = NewConsultationPage(book, today)
        self.new_consultation.saved.connect(self._case_opened)
        self.child_page = ChildPage(book, today)
        self.referral_page = ReferralPage(book, today)
        self.cases.case_activated.connect(self.open_case_child)
        self.cases.case_record_requested.connect(self.open_case_record)
        self.child_page.referral_requested.connect(self.start_referral)
        self.child_page.referral_opened.connect(self.open_referral)
        self.child_page.child_saved.connect(lambda _child: self.home.refresh())
        self.referral_page.referral_saved.connect(self._referral_recorded)
        self.referral_page.referral_changed.connect(self._referral_recorded)
        self.follow_ups = FollowUpsPage(book, today)
        self.resources = ResourcesPage(book, today)
        self.local_issues = LocalIssuesPage(book, today)
        self.home.follow_ups_requested.connect(self.show_follow_ups)
        self.follow_ups.changed.connect(self.home.refresh)

        self.pages = QStackedWidget()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("画面の切り替え"))
        self.navigation.setFont(scaled(self.font(), 1.1))
        self._keys: list[str] = []
        # One line per page, so that adding a screen is adding a line.
        self._add_page(HOME, self.tr("ホーム"), self.home)
        self._add_page(CASES, self.tr("相談ケース"), self.cases)
        self._add_page(NEW_CONSULTATION, self.tr("新規相談"), self.new_consultation)
        self._add_page(CHILDREN, self.tr("児童"), self.child_page)
        self._add_page(REFERRALS, self.tr("紹介"), self.referral_page)
        self._add_page(FOLLOW_UPS, self.tr("モニタリング"), self.follow_ups)
        self._add_page(RESOURCES, self.tr("地域資源"), self.resources)
        self._add_page(LOCAL_ISSUES, self.tr("地域課題"), self.local_issues)
        self.sync = SyncController(book, self, today=today)  # started below, once the bar exists
        self.summaries = SummariesPage(book, self.sync, today)
        self.summaries.changed.connect(self.home.refresh)
        self.home.summary_requested.connect(lambda: self.show_page(SUMMARIES))
        self._add_page(SUMMARIES, self.tr("集計・送信"), self.summaries)
        self.settings = SettingsPage(book)  # last; 取り込み (import) is on this page
        self.settings.imported.connect(lambda _report: (self.cases.reload(), self.home.refresh()))
        self.settings.coordinators_changed.connect(
            lambda: refill_coordinator_switch(self.coordinator, self.book)
        )
        self.settings.language_changed.connect(self.switch_language)
        self._add_page(SETTINGS, self.tr("設定"), self.settings)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setFixedWidth(max(self.navigation.sizeHintForColumn(0), 120) + 40)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner: QLabel | None = None
        if info.demo:
            self.banner = QLabel(self.tr(DEMO_BANNER))
            self.banner.setObjectName("demoBanner")
            self.banner.setWordWrap(True)
            self.banner.setFont(scaled(self.font(), 1.1, bold=True))
            layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self._make_status_bar(info.branch_name)
        self.sync.attach(self.statusBar())
        self.sync.start()
        self._make_shortcuts()
        self.about_action = add_help_menu(self, book)
        self.show_page(HOME)
        self.resize(1180, 760)

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self._keys.append(key)
        self.pages.addWidget(page)
        shortcut = len(self._keys) % 10  # Alt+1 ... Alt+9, then Alt+0
        self.navigation.addItem(f"{title}\u3000Alt+{shortcut}")

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
        self.navigation.setCurrentRow(self._keys.index(key))

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
        dialog = CaseRecordDialog(self.book, case.id, self.today, self)
        dialog.changed.connect(self._case_record_changed)
        dialog.show()
        dialog.start()
        return dialog

    def _case_record_changed(self, change: object) -> None:
        if getattr(change, "entity", "") == "case":  # a new status: the cases table shows it
            self.cases.reload()
            row = self.cases.model.row_of(change.id)  # type: ignore[attr-defined]
            if row >= 0:  # the row keeps the keyboard's place
                index = self.cases.proxy.mapFromSource(self.cases.model.index(row, 0))
                self.cases.table.setCurrentIndex(index)
        self.home.refresh()
        if self.child_page.child is not None:
            self.child_page.refresh_records()

    def start_referral(self, child: Child, case: Case | None) -> None:
        self.show_page(REFERRALS)
        self.referral_page.start_for(child, case)

    def open_referral(self, referral_id: int) -> None:
        self.show_page(REFERRALS)
        self.referral_page.select_referral(referral_id)
        self.referral_page.focus_list()

    def _referral_recorded(self, referral: Referral) -> None:
        self.home.refresh()
        if self.child_page.child is not None:
            self.child_page.refresh_records()

    def show_follow_ups(self, list_key: str) -> None:
        """A home tile: the follow-ups page on that list (overdue, this week…)."""
        self.show_page(FOLLOW_UPS)
        self.follow_ups.show_list(list_key)

    def switch_language(self, language: str) -> MainWindow | None:
        """Qt translates text when widgets are built, so the window is built anew (i18n.py)."""
        if self.child_page.dirty:  # rebuilding would lose the edits: switch at the next start
            self.statusBar().showMessage(
                self.tr("保存していない変更があるため、表示言語は次回の起動時に切り替わります。")
            )
            return None
        return i18n.rebuild_window(self, language)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.stop()  # a sync under way finishes before the book closes
        if not self.book_handed_over:
            self.book.close()
        super().closeEvent(event)
