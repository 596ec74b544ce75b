"""The list of pages down the left of a window, as wide as its longest entry at any font size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QListWidget

from mccdesk.ui.widgets.scaled_font import scale_font


class NavigationList(QListWidget):
    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setObjectName("navigation")
        self.setAccessibleName(accessible_name)
        scale_font(self, 1.1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_width(self) -> None:
        """Call once the entries are in; a font size change fits it again."""
        self.setFixedWidth(max(self.sizeHintForColumn(0), 120) + 40)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.count():
            self.fit_width()
