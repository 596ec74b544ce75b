"""The display language: Qt Linguist catalogues for the app and for Qt's own texts.

The code's strings are Japanese (`self.tr("日本語")`); English comes from
resources/translations/mccdesk_en.ts (updated by `scripts/translations`). Qt's own buttons and
menus (QDialogButtonBox, a line edit's context menu) are English in Qt's source, so in Japanese
Qt's catalogue (`qtbase_ja.qm`, shipped with PySide6) is installed too.

Compiled catalogues (.qm) are not kept in git. A `.qm` beside its `.ts` is used when it is not
older (an installer's bundle, copied from build/translations/ that `scripts/translations` fills);
otherwise the `.ts` is compiled once with the lrelease that ships with PySide6 into the user
cache, under a name taken from the `.ts` content: an edited `.ts` is compiled again, and a fresh
clone needs no build step.

Switching language takes effect at once: Qt translates when a widget is built, so the main
window is built anew on the same open case book and shows the same page (`rebuild_window`).
Retranslating live would need every screen to re-set each text on a LanguageChange event.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from mccdesk.errors import MccdeskError
from mccdesk.periods import (
    FiscalQuarter,
    date_en,
    fiscal_year_label_ja,
    month_abbr_en,
    wareki,
)
from mccdesk.reference import Area, Term, Vocabulary
from mccdesk.resources import resources_dir
from mccdesk.safe_files import make_folder

if TYPE_CHECKING:
    from mccdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")
SOURCE_LANGUAGE = "ja"
CATALOGUE = "mccdesk"
QT_CATALOGUE = "qtbase"  # Qt's own widgets' texts (button boxes, context menus, dialogs)

_state: dict[str, object] = {"language": SOURCE_LANGUAGE, "translators": []}


def language() -> str:
    """The language the app shows now ("ja" or "en")."""
    return str(_state["language"])


# --- texts that are not in the catalogue ------------------------------------------------------
# Reference terms, periods, dates and error messages carry both languages in the data (the
# reference TOML, periods.py, errors.py); screens show them through these, never with a fixed "ja".
# Short dates stay periods.format_date (2024/10/01) in both languages: year first cannot be misread,
# it is what the date fields show and accept, and columns keep one width.


def label(item: Term | Area) -> str:
    """A reference term's or an area's label in the display language."""
    return item.label(language())


def term(vocabulary: Vocabulary, code: str) -> str:
    """The label of `code` in the display language (the code itself if the vocabulary lacks it)."""
    return vocabulary.label(code, language())


def terms(vocabulary: Vocabulary, codes: Iterable[str]) -> str:
    """Several labels joined as the language writes lists: 「、」 or ", "."""
    return ("、" if language() == "ja" else ", ").join(term(vocabulary, c) for c in codes)


def period_label(quarter: FiscalQuarter) -> str:
    """令和6年度 第3四半期 / FY2024 Q3 (Oct–Dec 2024): in English the months say when FY starts."""
    return quarter.label_ja() if language() == "ja" else quarter.label_en()


def fiscal_year_label(fiscal_year: int, western: bool = False) -> str:
    """令和6年度 / FY2024; `western` adds the year to the era: 令和6年度（2024）."""
    if language() != "ja":
        return f"FY{fiscal_year}"
    era = fiscal_year_label_ja(fiscal_year)
    return f"{era}（{fiscal_year}）" if western else era


def long_date(day: date) -> str:
    """令和6年10月1日 / 1 Oct 2024 (day first, month in letters: no US/UK ambiguity)."""
    if language() == "ja":
        return wareki(day)
    return date_en(day)


def date_tooltip(day: date) -> str:
    """The era date (令和6年10月1日); in English the long date, the era kept in brackets
    because the office's forms and letters from municipalities are dated in the era."""
    era = wareki(day)
    return era if language() == "ja" else f"{long_date(day)} ({era})"


def month_label(month: int) -> str:
    """4月 / Apr."""
    return f"{month}月" if language() == "ja" else month_abbr_en(month)


def born(day_text: str) -> str:
    """「2015/04/01生」 / "born 2015/04/01"."""
    return f"{day_text}生" if language() == "ja" else f"born {day_text}"


def message(error: MccdeskError) -> str:
    """An error's message in the display language (each MccdeskError carries both)."""
    return error.message(language())


def translations_dir() -> Path:
    return resources_dir() / "translations"


def _cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("mccdesk", False)) / "translations"


def _lrelease() -> Path:
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).parent / name


def catalogue(lang: str, folder: Path | None = None) -> Path | None:
    """The compiled app catalogue for `lang`, compiling the .ts when needed; None: none usable."""
    folder = folder or translations_dir()
    ts = folder / f"{CATALOGUE}_{lang}.ts"
    shipped = ts.with_suffix(".qm")
    if shipped.exists() and (not ts.exists() or shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped
    if not ts.exists():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    compiled = _cache_dir() / f"{CATALOGUE}_{lang}-{digest}.qm"
    if compiled.exists():
        return compiled
    make_folder(compiled.parent)
    partial = compiled.with_suffix(f".{os.getpid()}.part")  # renamed only once complete
    try:
        subprocess.run(
            [str(_lrelease()), "-silent", str(ts), "-qm", str(partial)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        partial.replace(compiled)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("translations for %s not compiled: %s", lang, type(exc).__name__)
        partial.unlink(missing_ok=True)
        return None
    return compiled


def use_language(lang: str) -> str:
    """Install the catalogues for `lang` (replacing the previous ones); returns the language used.

    Widgets built afterwards show the language; those built before keep their text.
    """
    app = QCoreApplication.instance()
    if lang not in LANGUAGES:
        lang = SOURCE_LANGUAGE
    old: list[QTranslator] = _state["translators"]  # type: ignore[assignment]
    for translator in old:
        if app is not None:
            app.removeTranslator(translator)
    installed: list[QTranslator] = []
    if app is not None:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if lang != "en" and qt.load(f"{QT_CATALOGUE}_{lang}", qt_folder):
            installed.append(qt)  # Qt's source texts are English: nothing to load for "en"
        path = catalogue(lang)
        own = QTranslator(app)
        if path is not None and own.load(str(path)):
            installed.append(own)
        elif lang != SOURCE_LANGUAGE:
            log.warning("no %s translations found; showing the Japanese source text", lang)
        for translator in installed:
            app.installTranslator(translator)
    _state["translators"] = installed
    _state["language"] = lang
    return lang


def rebuild_window(window: MainWindow, lang: str) -> MainWindow:
    """A new main window in `lang` on the same open case book, on the same page; the old one goes.

    The window's `replaced` signal hands the new one to whoever holds the old (app.run).
    """
    use_language(lang)
    new = type(window)(window.book, window.today)
    new.restoreGeometry(window.saveGeometry())
    new.show_page(window.current_page())
    window.book_handed_over = True
    if window.isVisible():
        new.show()
        new.activateWindow()
        window.close()
        if new.current_page() == "settings":  # the keyboard stays where the person was
            new.settings.language.setFocus()
    window.replaced.emit(new)
    window.deleteLater()
    return new
