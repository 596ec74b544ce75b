"""Keys that work anywhere inside a screen or form (its fields included), not just where focused."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

Keys = QKeySequence | QKeySequence.StandardKey | Qt.Key | str


def add_shortcuts(widget: QWidget, *bindings: tuple[Keys, Callable[[], object]]) -> None:
    """Each (keys, slot): the keys run the slot while the focus is in `widget` or its children."""
    for keys, slot in bindings:
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


def ctrl_enter_saves(form: QWidget, save: Callable[[], object]) -> None:
    """Ctrl+Enter (either Enter key) anywhere in `form` saves, from inside a text box too."""
    add_shortcuts(form, ("Ctrl+Return", save), ("Ctrl+Enter", save))
