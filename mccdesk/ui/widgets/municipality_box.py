"""市町村, typed or chosen from the list: the branch's own area first, then every other place
(県外・不明 too). Typing finds a name by any part of it; a name not in the list is not kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from mccdesk.casebook import CaseBook
from mccdesk.ui import i18n


class MunicipalityBox(QComboBox):
    def __init__(self, book: CaseBook, placeholder: str, *, ignore_case: bool = False) -> None:
        super().__init__()
        ref = book.ref
        self._residences = ref.residences
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(placeholder)
        own_area = ref.area(book.info().area).municipalities
        for code in list(own_area) + [c for c in ref.residences.codes if c not in own_area]:
            self.addItem(i18n.term(ref.residences, code), code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if ignore_case:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)

    def residence(self) -> str | None:
        """The code of the place typed or chosen; None for nothing or a name not in the list."""
        text = self.currentText().strip()
        return self._residences.lookup(text) if text else None

    def problem(self, missing: str, unknown: str) -> str:
        """`missing` when nothing is typed, `unknown` for a name not in the list, else ""."""
        if not self.currentText().strip():
            return missing
        return unknown if self.residence() is None else ""
