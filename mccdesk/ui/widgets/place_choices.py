"""The places a list can be narrowed to: each area, its municipalities under it, then the rest."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox

from mccdesk.reference import Reference
from mccdesk.ui import i18n


def add_places(combo: QComboBox, ref: Reference, others: Iterable[str]) -> None:
    """Each area, its municipalities indented under it, then `others` (県外, 不明…).

    Each item's data is the set of residence codes it stands for.
    """
    for area in ref.areas:
        combo.addItem(i18n.label(area), frozenset(area.municipalities))
        for code in area.municipalities:
            combo.addItem("　" + i18n.term(ref.municipalities, code), frozenset({code}))
    for code in others:
        combo.addItem(i18n.term(ref.residences, code), frozenset({code}))
