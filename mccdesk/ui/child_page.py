"""児童: find a child by name or kana, see and edit everything about them, start a referral.

Left, a search list (only one page of results is ever loaded). Right, the child: five editable
tabs (saved with Enter or Ctrl+S, Esc puts back what is stored) and five record tabs (cases,
referrals, follow-ups, documents, timeline) that read the case book only when first shown.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.ui.case_record_dialog import CaseRecordDialog
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models import child_record_rows as rows
from mccdesk.ui.models.child_list_model import CHILD_ROLE, ChildListModel
from mccdesk.ui.models.child_record_model import ITEM_ROLE, RecordTableModel
from mccdesk.ui.widgets.child_form import ChildForm
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.scaled_font import make_title

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 100  # a page of results: the list never holds every child
CASES, REFERRALS, FOLLOW_UPS, DOCUMENTS, TIMELINE = (
    "cases",
    "referrals",
    "follow_ups",
    "docs",
    "log",
)


class ChildPage(QWidget):
    referral_requested = Signal(object, object)  # Child, Case | None: 紹介を作成
    referral_opened = Signal(int)  # a referral activated in the referrals or documents tab
    child_saved = Signal(object)  # the Child just created or changed
    case_changed = Signal(object)  # a case record opened from here changed (a Change)

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.child: d.Child | None = None
        self.case_id: int | None = None  # the case the child was opened from, if any
        self.dirty = False
        self._searched = False
        self._cache: dict[str, list] = {}
        self._stale: set[str] = set()

        self.search = QLineEdit()
        self.search.setObjectName("childPageSearch")
        self.search.setPlaceholderText(self.tr("名前・かなで検索（Ctrl+L）"))
        self.search.setAccessibleName(self.tr("児童の検索"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.results = ChildListModel(parent=self)
        self.list = QListView()
        self.list.setObjectName("childList")
        self.list.setAccessibleName(self.tr("児童の一覧"))
        self.list.setModel(self.results)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSpacing(2)  # a little air between names that look alike
        self.list.activated.connect(self._list_activated)
        self.list.doubleClicked.connect(self._list_activated)
        self.found = QLabel()
        self.found.setObjectName("caseCount")
        self.new_button = QPushButton(self.tr("新しい児童（Ctrl+Shift+N）"))
        self.new_button.clicked.connect(self.new_child)

        self.form = ChildForm(book.ref, today)
        self.form.changed.connect(self._changed)
        self.title = QLabel()
        make_title(self.title)
        self.kana = QLabel()
        self.age = QLabel()
        self.age.setObjectName("childAgeHeader")
        self.message = QLabel()
        self.message.setObjectName("confirmation")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存（Enter）"))
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("取消（Esc）"))
        self.cancel_button.clicked.connect(self.cancel)
        self.refer_button = QPushButton(self.tr("紹介を作成（Ctrl+R）"))
        self.refer_button.clicked.connect(self.request_referral)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("childTabs")
        for title, widget in self.form.tabs():
            self.tabs.addTab(widget, title)
        self.tables: dict[str, QTableView] = {}
        self.models: dict[str, RecordTableModel] = {}
        self._record_tab: dict[int, str] = {}
        for key, title, headers in (
            (CASES, self.tr("相談ケース"), rows.CASE_HEADERS),
            (REFERRALS, self.tr("紹介"), rows.REFERRAL_HEADERS),
            (FOLLOW_UPS, self.tr("フォロー"), rows.FOLLOW_UP_HEADERS),
            (DOCUMENTS, self.tr("文書"), rows.DOCUMENT_HEADERS),
            (TIMELINE, self.tr("経過"), rows.TIMELINE_HEADERS),
        ):
            self._record_tab[self.tabs.addTab(self._table(key, headers), title)] = key
        self.tabs.currentChanged.connect(self._tab_shown)
        self.tables[REFERRALS].activated.connect(self._referral_activated)
        self.tables[CASES].activated.connect(self._case_activated)
        self.tables[DOCUMENTS].activated.connect(self._referral_activated)

        self._layout()
        self._shortcuts()
        self._show_child(None)

    def _table(self, key: str, headers: tuple[str, ...]) -> QTableView:
        model = RecordTableModel(rows.CONTEXT, headers, self)
        table = record_table(model, f"child_{key}", wrap=True, highlight=True)
        table.horizontalHeader().setStretchLastSection(True)
        self.models[key] = model
        self.tables[key] = table
        return table

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.found)
        left.addWidget(self.new_button)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(self.fontMetrics().horizontalAdvance("あ") * 28)  # name, kana, birth
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.kana)
        head.addSpacing(16)
        head.addWidget(self.age, 1)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.cancel_button, self.refer_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        right = QVBoxLayout()
        right.addLayout(head)
        right.addWidget(self.tabs, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(left_box)
        layout.addLayout(right, 1)

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+L", self.focus_search),
            ("Ctrl+Shift+N", self.new_child),
            ("Ctrl+R", self.request_referral),
            ("Ctrl+S", self.save),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def today(self) -> date:
        return self._today or date.today()

    # --- finding ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._searched:  # the first page of children, only once the page is seen
            self.run_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        self._searched = True
        found = self.book.search_children(self.search.text().strip(), SEARCH_LIMIT)
        self.results.set_children(found)
        if len(found) >= SEARCH_LIMIT:
            text = self.tr("{count} 人以上：名前・かなで絞り込んでください").format(
                count=len(found)
            )
        else:
            text = self.tr("{count} 人").format(count=len(found))
        self.found.setText(text)
        if found:
            # Enter in the search box opens the first child found, so a typed search shows it
            # selected; the plain list shows only the child open beside it, if any, or it
            # would seem to point at someone other than the child (or the new child's form).
            typed = bool(self.search.text().strip())
            flag = QItemSelectionModel.SelectionFlag
            self.list.selectionModel().setCurrentIndex(
                self.results.index(0, 0), flag.ClearAndSelect if typed else flag.NoUpdate
            )
            if not typed:
                self._mark_shown()

    def _mark_shown(self) -> None:
        """Select the child shown beside the list, when the list holds them."""
        shown = self.child.id if self.child is not None else None
        selection = self.list.selectionModel()
        for row, child in enumerate(self.results.children_found):
            if child.id == shown:
                index = self.results.index(row, 0)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return
        selection.clearSelection()

    def _open_first(self) -> None:
        if self._timer.isActive():
            self.run_search()
        index = self.list.currentIndex()
        if index.isValid():
            self._list_activated(index)

    def _list_activated(self, index: QModelIndex) -> None:
        child = index.data(CHILD_ROLE)
        if child is not None:
            self.open_child(child.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        focus = QApplication.focusWidget()
        in_form = focus is not None and any(tab.isAncestorOf(focus) for _t, tab in self.form.tabs())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and in_form:
            self.save()
            return
        if key == Qt.Key.Key_Escape and self.dirty:
            self.cancel()
            return
        if key == Qt.Key.Key_Down and focus is self.search:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            selection = self.list.selectionModel()
            if not selection.hasSelection():  # start at the first child, not the second
                selection.select(self.list.currentIndex(), QItemSelectionModel.SelectionFlag.Select)
            return
        super().keyPressEvent(event)

    # --- showing a child ----------------------------------------------------------------------

    def open_child(self, child_id: int, case_id: int | None = None) -> bool:
        """Show the child; refused (False) while the shown one has unsaved changes."""
        if self.dirty and (self.child is None or self.child.id != child_id):
            self._say(
                self.tr("未保存の変更があります。保存（Enter）するか取消（Esc）してください。"),
                error=True,
            )
            return False
        try:
            child = self.book.child(child_id)
        except MccdeskError as exc:
            report_error(self, exc)
            return False
        self.case_id = case_id
        self._show_child(child)
        return True

    def _show_child(self, child: d.Child | None) -> None:
        self.child = child
        self._cache = {}
        self._stale = set(self.models)
        for model in self.models.values():
            model.set_records([])
        self.form.load(child)
        self._set_dirty(False)
        self._say("")
        self._header()
        if not self.search.text().strip():
            self._mark_shown()
        for index in self._record_tab:
            self.tabs.setTabEnabled(index, child is not None)
        self.refer_button.setEnabled(child is not None)
        self._tab_shown(self.tabs.currentIndex())

    def _header(self) -> None:
        child = self.child
        if child is None:
            self.title.setText(self.tr("新しい児童"))
            self.kana.setText("")
            self.age.setText("")
            return
        self.title.setText(child.name)
        self.kana.setText(f"（{child.kana}）" if child.kana else "")
        self.age.setText(self.form.age_text() if child.birth_date else self.tr("生年月日未記入"))

    def new_child(self) -> None:
        if self.dirty:
            self._say(
                self.tr("未保存の変更があります。保存（Enter）するか取消（Esc）してください。"),
                error=True,
            )
            return
        self.case_id = None
        self._show_child(None)
        self.tabs.setCurrentIndex(0)
        self.form.family_name.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- record tabs, loaded when first shown -------------------------------------------------

    def _tab_shown(self, index: int) -> None:
        key = self._record_tab.get(index)
        if key is not None and key in self._stale and self.child is not None:
            self.load_tab(key)

    def _get(self, what: str) -> list:
        """Read one kind of record for the shown child once, shared by the tabs that need it."""
        if what not in self._cache:
            assert self.child is not None
            cid = self.child.id
            loaders = {
                "cases": lambda: self.book.cases(child_id=cid),
                "referrals": lambda: self.book.referrals(child_id=cid),
                "follow_ups": lambda: self.book.follow_ups(child_id=cid),
                "activities": lambda: self.book.activities(child_id=cid),
                "resources": lambda: self.book.resources(include_retired=True),
            }
            self._cache[what] = loaders[what]()
        return self._cache[what]

    def load_tab(self, key: str) -> None:
        child = self.child
        assert child is not None
        ref, today = self.book.ref, self.today()
        resources = {r.id: r for r in self._get("resources")} if key != CASES else {}
        if key == CASES:
            records = rows.case_records(self._get("cases"), ref)
        elif key == REFERRALS:
            records = rows.referral_records(self._get("referrals"), resources, ref)
        elif key == FOLLOW_UPS:
            numbers = {c.id: c.number for c in self._get("cases")}
            records = rows.follow_up_records(self._get("follow_ups"), numbers, today)
        elif key == DOCUMENTS:
            records = rows.document_records(self._get("referrals"), resources, child.consent, today)
        else:
            records = rows.timeline_records(
                child,
                self._get("cases"),
                self._get("activities"),
                self._get("referrals"),
                self._get("follow_ups"),
                resources,
                ref,
            )
        self.models[key].set_records(records)
        self._stale.discard(key)
        if key == CASES and self.case_id is not None:
            for row, record in enumerate(self.models[CASES].records):
                if record.item.id == self.case_id:  # type: ignore[attr-defined]
                    self.tables[CASES].selectRow(row)

    def show_tab(self, key: str) -> None:
        for index, k in self._record_tab.items():
            if k == key:
                self.tabs.setCurrentIndex(index)

    def refresh_records(self) -> None:
        """Something about the shown child changed elsewhere (a referral was made): read again."""
        self._cache = {}
        self._stale = set(self.models)
        self._tab_shown(self.tabs.currentIndex())

    def _case_activated(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, d.Case):
            self.open_case_record(item.id)

    def open_case_record(self, case_id: int) -> CaseRecordDialog:
        """ケース記録 (activities, status, follow-up), beside this page; its changes show here."""
        dialog = CaseRecordDialog(self.book, case_id, self._today, self)
        dialog.changed.connect(self._case_record_changed)
        dialog.show()
        dialog.start()
        return dialog

    def _case_record_changed(self, change: object) -> None:
        self.refresh_records()
        self.case_changed.emit(change)  # the cases list and home show a new status too

    def _referral_activated(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, d.Referral):
            self.referral_opened.emit(item.id)

    # --- editing ------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._set_dirty(True)
        self._say(self.tr("未保存の変更があります（Enterで保存、Escで取消）"))

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty or self.child is None)
        self.cancel_button.setEnabled(dirty)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("fieldError" if error else "confirmation")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def cancel(self) -> None:
        """Esc: put back what is stored (a new child's fields are emptied)."""
        self.form.load(self.child)
        self._set_dirty(False)
        self._say(self.tr("変更を取り消しました") if self.child else "")

    def save(self) -> d.Child | None:
        if self.child is not None and not self.dirty:
            return self.child
        problems = self.form.problems()
        if problems:
            tab, widget = problems[0]
            self.tabs.setCurrentIndex(tab)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(self.tr("入力内容を確認してください（赤字の項目）。"), error=True)
            return None
        draft = self.form.draft()
        try:
            if self.child is None:
                saved = self.book.add_child(draft)
            else:
                saved = self.book.update_child(self.child.id, draft)
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.dirty = False
        self._show_child(saved)
        self._say(self.tr("{name} を保存しました").format(name=saved.name))
        if self.results.row_of(saved.id) < 0:
            self.run_search()
        self.child_saved.emit(saved)
        return saved

    def request_referral(self) -> None:
        if self.child is None:
            return
        case = None
        selected = self.tables[CASES].selectionModel().selectedRows()
        if selected:
            case = selected[0].data(ITEM_ROLE)
        elif self.case_id is not None:
            case = self.book.case(self.case_id)
        self.referral_requested.emit(self.child, case)
