"""The desktop screens (PySide6). Only this package imports Qt; the domain code never does.

Importing it first works around a PySide6 6.12 bug on CPython 3.11 (see `shield_singletons`).
"""

from __future__ import annotations

import ctypes
import sys

_SURPLUS = 1 << 40


def shield_singletons() -> None:
    """PySide6 6.12 on CPython 3.11 drops one reference to None on every void call (update(),
    setText(), processEvents()…), and now and then one to True or False: after a few thousand
    calls the process aborts in none_dealloc or bool_dealloc (QStandardItemModel's crash is the
    same bug). These objects are never freed, so give them references to spare; from CPython
    3.12 on they are immortal and need nothing."""
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < _SURPLUS // 2:  # once per process
            count.value += _SURPLUS


shield_singletons()
