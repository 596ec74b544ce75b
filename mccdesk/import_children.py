"""Which rows of an import name the same child, and whether they agree (see importer.py).

A child is the same child when the family name, the given name and the birth date are the same,
in the file or in the case book (as `Store.import_records` matches them). Rows naming one child
may leave details blank, and one row's details then complete another's; but where two give
different kana (compared as read: ちょうふく = チョウフク), sex or care types, the later row is a
problem naming the earlier one, and so is a row that disagrees with the child already in the
book with that name and birth date. Nothing is merged silently.

A child without a birth date is never merged with anyone: the name alone does not tell two
children apart (two 同名 一郎 in different towns were made one), so each such row makes a child
of its own and the report says how many; a person who knows they are one child adds the birth
date. Refusing such rows instead would refuse the sheets offices keep today, where the birth
date is sometimes unknown at first contact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from mccdesk.domain import ChildDraft
from mccdesk.import_base import ImportProblem
from mccdesk.import_rows import ChildCells
from mccdesk.import_vocab import CARE, CHILD_KANA, CHILD_NAME, SEX
from mccdesk.textnorm import search_key

Key = tuple[str, str, date]


class BookChild(Protocol):
    """What the book holds of a child the file names (a `Store.KnownChild` or alike)."""

    id: int
    family_kana: str
    given_kana: str
    sex: str
    care_types: tuple[str, ...]


@dataclass(frozen=True)
class Detail:
    """A detail of a child as one row gives it."""

    compared: object  # what must agree (kana folded as read, sex code, set of care codes)
    typed: str  # the cell, to show
    row: int
    fields: dict[str, object]  # the ChildDraft fields it sets


@dataclass
class Group:
    """One child named with a birth date on one or more rows: the details given, and where."""

    draft: ChildDraft
    first_row: int
    given: dict[str, Detail] = field(default_factory=dict)  # by column
    done: ChildDraft | None = None


def _details(cells: ChildCells) -> dict[str, Detail]:
    """The details a row gives (blank ones left out)."""
    out: dict[str, Detail] = {}
    d, row = cells.draft, cells.row
    if cells.kana:
        kana = {"family_kana": d.family_kana, "given_kana": d.given_kana}
        out[CHILD_KANA] = Detail(search_key(d.family_kana + d.given_kana), cells.kana, row, kana)
    if cells.sex:
        out[SEX] = Detail(d.sex, cells.sex, row, {"sex": d.sex})
    if cells.care:
        out[CARE] = Detail(frozenset(d.care_types), cells.care, row, {"care_types": d.care_types})
    return out


class Children:
    """Collects the rows' children; `final()` gives each row's child once all rows are in."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        self.groups: dict[Key, Group] = {}
        self.separate = 0  # children without a birth date (each one its own)

    def add(self, cells: ChildCells) -> ChildDraft | Group:
        d = cells.draft
        if d.birth_date is None:
            self.separate += 1
            return d
        key = (d.family_name, d.given_name, d.birth_date)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(d, cells.row)
        for column, detail in _details(cells).items():
            theirs = group.given.setdefault(column, detail)
            if theirs.compared != detail.compared:
                self.problems.append(
                    ImportProblem(
                        cells.row,
                        column,
                        detail.typed,
                        f"{theirs.row}行目と同じ児童（氏名・生年月日が同じ）ですが、"
                        f"{column}が違います（{theirs.row}行目: {theirs.typed}）",
                        f"the same child as on row {theirs.row} (same name and birth date), "
                        f"but {column} differs (row {theirs.row}: {theirs.typed})",
                    )
                )
        return group

    def count(self) -> int:
        return len(self.groups) + self.separate

    def keys(self) -> set[Key]:
        return set(self.groups)

    def check_book(
        self, known: Mapping[Key, list[BookChild]], label: Callable[[str, object], str]
    ) -> None:
        """Problems for rows that disagree with the book's child of that name and birth date.

        `label(column, value)` shows the book's sex or care types as a person reads them."""
        for key, group in self.groups.items():
            there = known.get(key, [])
            if len(there) > 1:
                self.problems.append(
                    ImportProblem(
                        group.first_row,
                        CHILD_NAME,
                        f"{key[0]} {key[1]}".strip(),
                        "台帳に同じ氏名・生年月日の児童が2人以上いるため、どの児童か決められません",
                        "the case book holds more than one child with this name and birth date, "
                        "so the row cannot tell which",
                    )
                )
            if len(there) != 1:
                continue
            child = there[0]
            theirs: dict[str, tuple[object, str]] = {
                CHILD_KANA: (
                    search_key(child.family_kana + child.given_kana),
                    f"{child.family_kana} {child.given_kana}".strip(),
                ),
                SEX: (child.sex, label(SEX, child.sex)),
                CARE: (frozenset(child.care_types), label(CARE, child.care_types)),
            }
            for column, detail in group.given.items():
                compared, text = theirs[column]
                if compared == detail.compared:
                    continue
                text = text or "（空欄）"
                self.problems.append(
                    ImportProblem(
                        detail.row,
                        column,
                        detail.typed,
                        f"台帳にある同じ児童（氏名・生年月日が同じ）と{column}が違います"
                        f"（台帳: {text}）",
                        f"differs from the child with this name and birth date already in the "
                        f"case book ({column} there: {text})",
                    )
                )

    @staticmethod
    def final(child: ChildDraft | Group | None) -> ChildDraft | None:
        """A row's child with every detail the rows naming it gave (the same object for each
        row naming it)."""
        if not isinstance(child, Group):
            return child
        if child.done is None:
            fields: dict[str, object] = {}
            for detail in child.given.values():
                fields.update(detail.fields)
            child.done = replace(child.draft, **fields)  # type: ignore[arg-type]
        return child.done
