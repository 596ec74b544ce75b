"""Fonts scaled from the app's: titles, navigation and big numbers follow the chosen font size.

A widget given its own font stops inheriting the app's, so `scale_font` remembers the factor on
the widget and `rescale_all` applies it again after the font size is changed in the settings.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

_FACTOR = "mccdeskFontFactor"
_BOLD = "mccdeskFontBold"


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    bigger = QFont(font)
    bigger.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    bigger.setBold(bold)
    return bigger


def scale_font(widget: QWidget, factor: float, bold: bool = False) -> None:
    """Give `widget` the app font times `factor`, now and after every font size change."""
    widget.setProperty(_FACTOR, factor)
    widget.setProperty(_BOLD, bold)
    widget.setFont(scaled(QApplication.font(), factor, bold))


def rescale_all(app: QApplication) -> None:
    """Apply the app font, scaled, again to every widget given one by `scale_font`."""
    font = app.font()
    for widget in app.allWidgets():
        factor = widget.property(_FACTOR)
        if factor:
            widget.setFont(scaled(font, float(factor), bool(widget.property(_BOLD))))


def make_title(widget: QWidget) -> None:
    """A page's or form's heading: larger than the text under it, bold, at any font size."""
    widget.setObjectName("pageTitle")
    scale_font(widget, 1.25, bold=True)
