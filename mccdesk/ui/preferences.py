"""Per-PC preferences (QSettings): language, font size, the remembered coordinator, window geometry.

What the whole branch shares (folders, backup schedule, phone and fax) lives in the case book
instead (`CaseBook.settings()`); this is only what belongs to one desk.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from mccdesk.ui.widgets.scaled_font import rescale_all

LANGUAGES = ("ja", "en")
# Font size choices and how much they scale the app's base font.
FONT_SCALES = {"normal": 1.0, "large": 1.25, "x-large": 1.5}
_BASE_POINT_SIZE = "mccdeskBasePointSize"  # app property: the size before any scaling


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        # Default: the app's organisation/name (set in app.make_app), native format.
        self._s = settings if settings is not None else QSettings()

    @classmethod
    def at(cls, path: str) -> Preferences:
        """Preferences kept in an INI file (tests, and anything that must not touch the user's)."""
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._s.sync()

    # --- language and font size ---------------------------------------------------------------

    def language(self) -> str:
        value = str(self._s.value("language", "ja"))
        return value if value in LANGUAGES else "ja"

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        self._s.setValue("language", language)

    def font_size(self) -> str:
        value = str(self._s.value("font_size", "normal"))
        return value if value in FONT_SCALES else "normal"

    def set_font_size(self, size: str) -> None:
        if size not in FONT_SCALES:
            raise ValueError(f"font size must be one of {tuple(FONT_SCALES)}")
        self._s.setValue("font_size", size)

    # --- the coordinator working at this PC, per case book -------------------------------------

    def coordinator(self, book_id: str) -> int | None:
        value = self._s.value(f"coordinator/{book_id}")
        try:
            return int(value) if value is not None else None  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None

    def set_coordinator(self, book_id: str, coordinator_id: int) -> None:
        self._s.setValue(f"coordinator/{book_id}", int(coordinator_id))

    # --- window geometry ----------------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)


_shared: Preferences | None = None


def shared() -> Preferences:
    """The app's preferences (the start-up and the settings page use the same ones)."""
    global _shared
    if _shared is None:
        _shared = Preferences()
    return _shared


def use(prefs: Preferences | None) -> None:
    """Replace the shared preferences (tests: an INI file in the test's folder)."""
    global _shared
    _shared = prefs


def apply_font_size(app: QApplication, size: str) -> None:
    """Scale the app font from its original size (applying twice does not compound)."""
    base = app.property(_BASE_POINT_SIZE)
    if not base:
        base = max(app.font().pointSizeF(), 9.0)
        app.setProperty(_BASE_POINT_SIZE, base)
    font = QFont(app.font())
    font.setPointSizeF(float(base) * FONT_SCALES.get(size, 1.0))
    app.setFont(font)
    rescale_all(app)  # titles and navigation, which have fonts of their own
    # Under a style sheet, Qt keeps the fonts it resolved earlier: re-apply the sheet.
    for window in app.topLevelWidgets():
        if window.styleSheet():
            window.setStyleSheet(window.styleSheet())
