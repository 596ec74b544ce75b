"""Choose the child of a consultation: none yet, one already registered, or a new one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import Child

NONE, EXISTING, NEW = 0, 1, 2
SUGGESTIONS = 20


class ChildPicker(QWidget):
    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.book = book
        self.chosen: Child | None = None
        self._found: dict[str, Child] = {}

        self.mode = QButtonGroup(self)
        self.none_button = QRadioButton(self.tr("未定（あとで登録）"))
        self.existing_button = QRadioButton(self.tr("登録済みの児童"))
        self.new_button = QRadioButton(self.tr("新しい児童"))
        modes = QHBoxLayout()
        for code, button in (
            (NONE, self.none_button),
            (EXISTING, self.existing_button),
            (NEW, self.new_button),
        ):
            self.mode.addButton(button, code)
            modes.addWidget(button)
        modes.addStretch(1)
        self.none_button.setChecked(True)

        self.search = QLineEdit()
        self.search.setObjectName("childSearch")
        self.search.setPlaceholderText(self.tr("名前・かなを入力して候補から選択"))
        self.search.setAccessibleName(self.tr("児童の検索"))
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.search.setCompleter(self.completer)
        self.completer.activated[str].connect(self._choose)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._look_up)
        self.search.textEdited.connect(self._typed)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("chosenChild")

        self.family_name = QLineEdit()
        self.given_name = QLineEdit()
        self.family_kana = QLineEdit()
        self.given_kana = QLineEdit()
        new_fields = QGridLayout()
        for col, (label, edit) in enumerate(
            (
                (self.tr("姓"), self.family_name),
                (self.tr("名"), self.given_name),
                (self.tr("せい（かな）"), self.family_kana),
                (self.tr("めい（かな）"), self.given_kana),
            )
        ):
            edit.setAccessibleName(label)
            edit.setPlaceholderText(label)
            new_fields.addWidget(edit, 0, col)
        self.new_box = QWidget()
        self.new_box.setLayout(new_fields)
        new_fields.setContentsMargins(0, 0, 0, 0)
        self.existing_box = QWidget()
        existing = QHBoxLayout(self.existing_box)
        existing.setContentsMargins(0, 0, 0, 0)
        existing.addWidget(self.search, 2)
        existing.addWidget(self.chosen_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(modes)
        layout.addWidget(self.existing_box)
        layout.addWidget(self.new_box)
        self.mode.idToggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self, *_: object) -> None:
        mode = self.mode.checkedId()
        self.existing_box.setVisible(mode == EXISTING)
        self.new_box.setVisible(mode == NEW)

    def _typed(self, _text: str) -> None:
        self.chosen = None
        self.chosen_label.setText("")
        self._timer.start()

    def _look_up(self) -> None:
        text = self.search.text().strip()
        children = self.book.search_children(text, SUGGESTIONS) if text else []
        self._found = {}
        for child in children:
            shown = f"{child.name}（{child.kana}）" if child.kana else child.name
            if child.birth_date:
                shown += f" {child.birth_date:%Y/%m/%d}生"
            self._found[shown] = child
        self.suggestions.setStringList(list(self._found))
        if self._found and self.search.hasFocus():
            self.completer.complete()

    def _choose(self, shown: str) -> None:
        self.chosen = self._found.get(shown)
        if self.chosen is not None:
            self.chosen_label.setText(self.tr("選択中：{name}").format(name=self.chosen.name))

    def choose(self, child: Child) -> None:
        """Pick a child directly (from another screen)."""
        self.existing_button.setChecked(True)
        self.search.setText(child.name)
        self.chosen = child
        self.chosen_label.setText(self.tr("選択中：{name}").format(name=child.name))

    def mode_id(self) -> int:
        return self.mode.checkedId()

    def clear(self) -> None:
        self.none_button.setChecked(True)
        self.chosen = None
        self._found = {}
        self.suggestions.setStringList([])
        for edit in (
            self.search,
            self.family_name,
            self.given_name,
            self.family_kana,
            self.given_kana,
        ):
            edit.clear()
        self.chosen_label.setText("")

    def focus_widget(self) -> QWidget:
        return {EXISTING: self.search, NEW: self.family_name}.get(
            self.mode_id(), self.mode.checkedButton()
        )
