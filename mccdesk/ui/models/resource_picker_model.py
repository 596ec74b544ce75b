"""The resources a referral can go to: the suggested ones first, then the rest of the directory.

A suggestion (same area as the child; see `CaseBook.suggest_resources`) keeps the case book's
order and is marked ★ when it takes every care type the child needs, ☆ when it misses some.
Typing filters by name, kana script and width folded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from mccdesk.domain import Resource, Suggestion
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key
from mccdesk.ui import i18n

RESOURCE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Resource
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 2  # True for a suggestion

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "ResourcePickerModel"
ACCEPTS_ALL = QT_TRANSLATE_NOOP(CONTEXT, "推奨：医療的ケアすべてに対応")
MISSING = QT_TRANSLATE_NOOP(CONTEXT, "候補：未対応のケア {missing}")


@dataclass(frozen=True)
class ResourceEntry:
    resource: Resource
    suggested: bool
    line: str
    why: str
    key: str


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def entries(
    suggestions: Iterable[Suggestion], resources: Iterable[Resource], ref: Reference
) -> list[ResourceEntry]:
    """Suggestions in their order, then every other active resource by kind and name."""
    result: list[ResourceEntry] = []
    seen: set[int] = set()

    def add(res: Resource, suggested: bool, why: str, mark: str = "") -> None:
        place = i18n.term(ref.residences, res.residence)
        kind = i18n.term(ref.resource_kinds, res.kind)
        line = f"{mark}{res.name}（{kind}・{place}）"
        result.append(ResourceEntry(res, suggested, line, why, search_key(res.name + kind)))
        seen.add(res.id)

    for s in suggestions:
        if s.accepts_all_care:
            why, mark = _t(ACCEPTS_ALL), "★ "
        else:
            missing = i18n.terms(ref.care_types, s.missing_care_types)
            why, mark = _t(MISSING).format(missing=missing), "☆ "
        add(s.resource, True, why, mark)
    kinds = {code: i for i, code in enumerate(ref.resource_kinds.codes)}
    rest = sorted(
        (r for r in resources if r.id not in seen and r.retired_on is None),
        key=lambda r: (kinds.get(r.kind, 99), search_key(r.name)),
    )
    for res in rest:
        add(res, False, "")
    return result


class ResourceListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.all_entries: list[ResourceEntry] = []
        self.shown: list[ResourceEntry] = []
        self._query = ""

    def set_entries(self, items: Iterable[ResourceEntry]) -> None:
        self.beginResetModel()
        self.all_entries = list(items)
        self.shown = self._filtered()
        self.endResetModel()

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self._query = search_key(text)
        self.shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[ResourceEntry]:
        q = self._query
        return [e for e in self.all_entries if not q or q in e.key]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        entry = self.shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.line
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.why or None
        if role == RESOURCE_ROLE:
            return entry.resource
        if role == SUGGESTED_ROLE:
            return entry.suggested
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
