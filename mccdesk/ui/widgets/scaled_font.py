"""A font scaled from another: titles, navigation and big numbers follow the chosen font size."""

from __future__ import annotations

from PySide6.QtGui import QFont


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    bigger = QFont(font)
    bigger.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    bigger.setBold(bold)
    return bigger
