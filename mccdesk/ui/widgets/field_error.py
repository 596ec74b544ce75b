"""The red line under a field saying what is wrong with it (validation inline, not a pop-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def error_label(hidden: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #c5221f;")  # also red in dialogs outside the main window's style
    label.setWordWrap(True)
    if hidden:  # never setVisible(True) here: a label without a parent would open as a window
        label.hide()
    return label
