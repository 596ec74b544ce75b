"""Choose where a referral goes: a suggested resource (listed first, marked ★), any resource of the
directory, or a new one typed in (name and kind: it joins the directory when the referral
is saved).

Keyboard: type to filter, ↓ into the list and ↑/↓ there; 「一覧にない紹介先」 (Alt+W) for a new one.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.ui import i18n
from mccdesk.ui.models.resource_picker_model import (
    RESOURCE_ROLE,
    ResourceListModel,
    entries,
)


class _SearchField(QLineEdit):
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class ResourcePicker(QWidget):
    chosen_changed = Signal()

    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.book = book
        self.residence = "unknown"
        self.search = _SearchField()
        self.search.setObjectName("resourceSearch")
        self.search.setPlaceholderText(self.tr("紹介先を検索（↓で一覧へ）"))
        self.search.setAccessibleName(self.tr("紹介先の検索"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.down.connect(self._into_list)
        self.model = ResourceListModel(self)
        self.list = QListView()
        self.list.setObjectName("resourceList")
        self.list.setAccessibleName(self.tr("紹介先の候補"))
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.list.selectionModel().currentChanged.connect(lambda *_: self.chosen_changed.emit())

        self.is_new = QCheckBox(self.tr("一覧にない紹介先を入力(&W)"))
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("新しい紹介先の名称"))
        self.new_name.setPlaceholderText(self.tr("新しい紹介先の名称"))
        self.new_kind = QComboBox()
        self.new_kind.setAccessibleName(self.tr("新しい紹介先の種類"))
        for term in book.ref.resource_kinds:
            self.new_kind.addItem(i18n.label(term), term.code)
        self.is_new.toggled.connect(self._new_toggled)
        new_row = QHBoxLayout()
        new_row.addWidget(self.is_new)
        new_row.addWidget(self.new_name, 2)
        new_row.addWidget(self.new_kind, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(new_row)
        self._new_toggled(False)

    def load(self, child: d.Child | None) -> None:
        """Suggestions for `child` first (same area, accepting its care types), then the rest."""
        suggestions = self.book.suggest_resources(child.id) if child is not None else []
        self.residence = child.residence if child is not None else "unknown"
        self.model.set_entries(entries(suggestions, self.book.resources(), self.book.ref))
        self.search.clear()
        self.is_new.setChecked(False)
        self.new_name.clear()
        self.list.setCurrentIndex(self.model.index(-1, 0))
        self.list.clearSelection()

    def _filter(self, text: str) -> None:
        self.model.set_query(text)
        if self.model.rowCount() and not self.is_new.isChecked():
            self.choose_row(0)

    def _into_list(self) -> None:
        if self.model.rowCount():
            if not self.list.currentIndex().isValid():
                self.choose_row(0)
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _new_toggled(self, on: bool) -> None:
        self.new_name.setEnabled(on)
        self.new_kind.setEnabled(on)
        self.list.setEnabled(not on)
        if on:
            if not self.new_name.text().strip():
                self.new_name.setText(self.search.text().strip())
            self.new_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.chosen_changed.emit()

    def choose_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def shown_names(self) -> list[str]:
        return [e.resource.name for e in self.model.shown]

    def chosen(self) -> d.Resource | None:
        """The resource chosen in the list (None when a new one is being typed)."""
        if self.is_new.isChecked():
            return None
        resource = self.list.currentIndex().data(RESOURCE_ROLE)
        return resource if isinstance(resource, d.Resource) else None

    def new_draft(self) -> d.ResourceDraft | None:
        """The typed resource, placed in the child's municipality (editable later)."""
        if not self.is_new.isChecked() or not self.new_name.text().strip():
            return None
        return d.ResourceDraft(
            name=self.new_name.text().strip(),
            kind=self.new_kind.currentData(),
            residence=self.residence,
        )
