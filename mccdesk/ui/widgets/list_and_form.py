"""A list screen whose records are added and edited in a form beside the list, not in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget


def list_and_form(table: QWidget, actions: QLayout, form: QWidget, *above: QWidget) -> QSplitter:
    """The list (what is `above` it, then the table, then its `actions`) left, the form right.

    The list gets three fifths of the width, the form two; neither can be dragged shut.
    """
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    for widget in above:
        left_layout.addWidget(widget)
    left_layout.addWidget(table, 1)
    left_layout.addLayout(actions)
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(form)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    return splitter
