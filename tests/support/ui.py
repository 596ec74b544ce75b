"""Driving real widgets from tests: Japanese text arrives through the input method, not key clicks.

(QTest.keyClicks only knows Latin-1 characters; with PySide6 6.12 it crashes on Japanese.)
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def ime_commit(widget: QWidget, text: str) -> None:
    """Commit `text` into `widget`, as a Japanese input method does: one committed string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def ime_type(text: str) -> None:
    """Commit `text` into the focused widget."""
    ime_commit(focused(), text)


def press(qtbot, key: Qt.Key, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def shown_active(qtbot, widget: W) -> W:  # type: ignore[no-untyped-def]
    """Show `widget` as the active window (keys go to it), closed after the test."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget
