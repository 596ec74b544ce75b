"""Promise 28: no differencing leak between quarters, audited as one linear program.

An attacker holds every published file: this quarter and the previous one, each with its quarter
and year-to-date scopes. Children are counted at the scope's end (a stock), so the two scopes of
one file count the same children (linked as equal) and consecutive quarters differ by the
children who came and went. Every suppressed count must meet the rule of promise 27, and every
change between quarters (and from the last file that published a count) must be known to be
0 or ≥ k, or be at least k−1 wide.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.reference import reference
from mccdesk.sync import outbox
from mccdesk.sync import reference as prefecture_reference
from mccdesk.sync.disclosure import DEFAULT_POLICY, Policy, protect
from mccdesk.sync.tables import BY_NAME, Table

K = DEFAULT_POLICY.k_for("children")
REF = reference()
CHILD_TABLES = ("children_by_care_type", "children_by_age_band", "children_by_municipality")
X, Y = "142018", "142042"  # 横須賀市, 鎌倉市
Expr = tuple[dict[int, float], float]  # coefficients of hidden variables, constant


class Attack:
    """Published files as one constraint system; bounds of any count or change of counts."""

    def __init__(self) -> None:
        self.n = 0
        self.eq: list[Expr] = []  # expr == 0
        self.le: list[Expr] = []  # expr <= 0
        self.hidden: list[tuple[str, Expr]] = []  # suppressed cells (a withheld total is no
        # count of a small group: like promise 27's audit, it only has to stay unknown)

    def _var(self) -> Expr:
        self.n += 1
        return {self.n - 1: 1.0}, 0.0

    def add(self, where: str, published: dict[str, Table]) -> dict[str, Expr]:
        """One scope of one file: its counts as expressions, keyed "table.code" and "total.pop"."""
        counts: dict[str, Expr] = {}
        for table in published.values():
            pop = table.spec.partitions
            if pop is not None and f"total.{pop}" not in counts:
                total = self._var() if table.total is None else ({}, float(table.total))
                counts[f"total.{pop}"] = total
        for name, table in published.items():
            for code, value in table.cells.items():
                counts[f"{name}.{code}"] = self._var() if value is None else ({}, float(value))
                if value is None:
                    self.hidden.append((f"{where} {name}.{code}", counts[f"{name}.{code}"]))
            cells = [counts[f"{name}.{code}"] for code in table.cells]
            if table.spec.partitions is not None:
                self.eq.append(minus(add_all(cells), counts[f"total.{table.spec.partitions}"]))
            elif table.spec.within is not None:
                for cell in cells:
                    self.le.append(minus(cell, counts[f"total.{table.spec.within}"]))
        return counts

    def same(self, a: dict[str, Expr], b: dict[str, Expr]) -> None:
        """Two scopes counting the same children."""
        for key in a:
            self.eq.append(minus(a[key], b[key]))

    def bounds(self, expr: Expr) -> tuple[float, float]:
        coefs, const = expr
        if not coefs:
            return const, const
        out = []
        for sign in (1, -1):
            c = np.zeros(self.n)
            for var, coef in coefs.items():
                c[var] = sign * coef
            res = linprog(
                c,
                A_eq=_matrix(self.eq, self.n) if self.eq else None,
                b_eq=[-k for _, k in self.eq] if self.eq else None,
                A_ub=_matrix(self.le, self.n) if self.le else None,
                b_ub=[-k for _, k in self.le] if self.le else None,
                bounds=[(0, None)] * self.n,
                method="highs",
            )
            if res.status == 3:
                out.append(float("inf"))
            else:
                assert res.status == 0, res.message
                out.append(float(res.fun) + const if sign == 1 else -float(res.fun) + const)
        lo = -float("inf") if out[0] == float("inf") else out[0]  # unbounded below
        return lo, out[1]


def _matrix(rows: list[Expr], n: int) -> np.ndarray:
    m = np.zeros((len(rows), n))
    for i, (coefs, _) in enumerate(rows):
        for var, coef in coefs.items():
            m[i, var] += coef
    return m


def add_all(exprs: list[Expr]) -> Expr:
    coefs: dict[int, float] = {}
    const = 0.0
    for c, k in exprs:
        const += k
        for var, coef in c.items():
            coefs[var] = coefs.get(var, 0.0) + coef
    return coefs, const


def minus(a: Expr, b: Expr) -> Expr:
    return add_all([a, ({v: -c for v, c in b[0].items()}, -b[1])])


def safe_change(lo: float, hi: float) -> bool:
    if abs(hi - lo) < 1e-6:
        return abs(lo) < 1e-6 or abs(lo) >= K - 1e-6
    return hi - lo >= K - 1 - 1e-6


def leaks(files: list[dict[str, dict[str, Table]]]) -> list[str]:
    """Every broken promise across the files, given in order (consecutive quarters)."""
    attack = Attack()
    counted = []
    for i, file in enumerate(files):
        scopes = {scope: attack.add(f"file{i}.{scope}", tables) for scope, tables in file.items()}
        first, *others = scopes.values()
        for other in others:
            attack.same(first, other)
        counted.append(first)
    found = []
    for where, expr in attack.hidden:
        lo, hi = attack.bounds(expr)
        if not (lo <= 1e-6 and hi >= K - 1 - 1e-6):
            found.append(f"{where} in [{lo:g}, {hi:g}]")
    for i in range(1, len(counted)):
        for key, now in counted[i].items():
            lo, hi = attack.bounds(minus(now, counted[i - 1][key]))
            if not safe_change(lo, hi):
                found.append(f"change of {key} from file{i - 1} to file{i} in [{lo:g}, {hi:g}]")
            # …and from the last file that published this count, when one in between hid it.
            sent = [j for j in range(i - 1) if not counted[j][key][0]]
            if sent and not now[0] and counted[i - 1][key][0]:
                change = now[1] - counted[sent[-1]][key][1]
                if not safe_change(change, change):
                    found.append(f"change of {key} from file{sent[-1]} to file{i}: {change:g}")
    return found


# --- tables made by hand ------------------------------------------------------------------------


def children(places: dict[str, int], ages: dict[str, int], care: dict[str, int]) -> dict:
    cells = {
        "children_by_municipality": places,
        "children_by_age_band": ages,
        "children_by_care_type": care,
    }
    total = sum(places.values())
    assert sum(ages.values()) == total
    out = {}
    for name, given in cells.items():
        spec = BY_NAME[name]
        full = dict.fromkeys(spec.codes(REF), 0) | given
        out[name] = Table(spec, full, total if spec.partitions else None)
    return out


Q1_CHILDREN = children(
    {X: 15, Y: 30, "142034": 20},
    {"preschool": 25, "elementary": 40},
    {"suction": 30, "tube_feeding": 45},
)
# One child joins X (a preschooler, with suction) and nothing else changes.
Q2_CHILDREN = children(
    {X: 16, Y: 30, "142034": 20},
    {"preschool": 26, "elementary": 40},
    {"suction": 31, "tube_feeding": 45},
)


def file_of(tables: dict[str, Table]) -> dict[str, dict[str, Table]]:
    return {"quarter": tables, "year_to_date": tables}  # children: same end date, same counts


def test_without_the_rule_one_child_joining_x_is_recovered() -> None:
    q1 = protect(Q1_CHILDREN, DEFAULT_POLICY)
    q2 = protect(Q2_CHILDREN, DEFAULT_POLICY)  # each quarter alone passes promise 27…
    assert q2["children_by_municipality"].cells[X] == 16
    found = leaks([file_of(q1), file_of(q2)])
    assert f"change of children_by_municipality.{X} from file0 to file1 in [1, 1]" in found
    assert "change of total.children from file0 to file1 in [1, 1]" in found
    assert "change of children_by_care_type.suction from file0 to file1 in [1, 1]" in found


def test_protected_against_the_previous_quarter_nothing_is_recovered() -> None:
    q1 = protect(Q1_CHILDREN, DEFAULT_POLICY)
    q2 = protect(Q2_CHILDREN, DEFAULT_POLICY, [q1])
    assert leaks([file_of(q1), file_of(q2)]) == []
    assert q2["children_by_municipality"].cells[X] is None
    assert q2["children_by_municipality"].total is None  # 65 → 66 would say "one more child"
    assert q2["children_by_age_band"].cells["preschool"] is None
    # What did not change is still published, so the tables stay useful.
    assert q2["children_by_care_type"].cells["tube_feeding"] == 45


def test_a_change_of_k_or_none_is_published() -> None:
    q1 = protect(Q1_CHILDREN, DEFAULT_POLICY)
    same = protect(Q1_CHILDREN, DEFAULT_POLICY, [q1])
    assert same == q1
    grown = children(
        {X: 25, Y: 30, "142034": 20},
        {"preschool": 35, "elementary": 40},
        {"suction": 40, "tube_feeding": 45},
    )
    q2 = protect(grown, DEFAULT_POLICY, [q1])
    assert q2["children_by_municipality"].cells[X] == 25 and q2["children_by_municipality"].total
    assert leaks([file_of(q1), file_of(q2)]) == []


def _drift(tables: dict[str, Table], rng: random.Random) -> dict[str, Table]:
    """A quarter later: a few children come and go (0–3 per municipality), bands follow."""
    places = dict(tables["children_by_municipality"].cells)
    ages = dict(tables["children_by_age_band"].cells)
    care = dict(tables["children_by_care_type"].cells)
    for code in rng.sample(list(places), 4):
        step = rng.choice([-3, -1, 1, 1, 2, 12])
        step = max(step, -places[code])  # type: ignore[operator]
        places[code] += step  # type: ignore[operator]
        band = rng.choice([b for b, v in ages.items() if step > 0 or (v or 0) >= -step])
        ages[band] += step  # type: ignore[operator]
        kind = rng.choice([c for c, v in care.items() if step > 0 or (v or 0) >= -step])
        care[kind] += step  # type: ignore[operator]
    return children(places, ages, care)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(12))
def test_random_consecutive_quarters_pass_the_joint_audit(seed: int) -> None:
    rng = random.Random(seed)
    places = {c: rng.choice([0, 0, 0, 3, 12, 20, 40]) for c in REF.residences.codes[:8]}
    total = sum(places.values())
    young = rng.randint(0, total)
    tables = children(
        places,
        {"preschool": young, "elementary": total - young},
        {"suction": total // 2, "tube_feeding": total // 3},
    )
    published = [protect(tables, DEFAULT_POLICY)]
    for _ in range(3):  # four quarters, each protected against the one before
        tables = _drift(tables, rng)
        published.append(protect(tables, DEFAULT_POLICY, published[::-1]))  # newest first
    assert leaks([file_of(p) for p in published]) == [], seed


def test_other_units_cannot_be_given_a_k() -> None:
    with pytest.raises(ValueError, match="cases"):
        Policy(k={"children": 10, "cases": 5})
    assert Policy(k={"children": 5}).k_for("children") == 5


# --- through the case book and the outbox -------------------------------------------------------


def _add_children(book: CaseBook, count: int, residence: str, opened: date) -> None:
    for n in range(count):
        child = book.add_child(
            d.ChildDraft(
                family_name="テスト",
                given_name=f"児{residence}{opened:%m}{n:02d}",
                birth_date=date(2019, 6, 1),
                sex="female",
                residence=residence,
                care_types=("suction",),
            )
        )
        book.open_case(
            d.CaseDraft(
                opened_on=opened,
                contact_method="phone",
                consulter_type="family",
                residence=residence,
                topics=("respite",),
                child_id=child.id,
            )
        )


def _pin_prefecture(book: CaseBook, tmp_path: Path) -> None:
    from tests.support.prefecture import Prefecture

    prefecture = Prefecture.new()
    package = tmp_path / "2024.1.mccref"
    package.write_bytes(prefecture.reference_package())
    keys = prefecture_reference.check_package(package, prefecture.fingerprint)
    prefecture_reference.pin(book, keys)


def _published(content: bytes) -> dict[str, dict[str, Table]]:
    doc = json.loads(content)
    return {
        scope: {
            name: Table(BY_NAME[name], t["cells"], t.get("total"))
            for name, t in tables.items()
            if name in CHILD_TABLES
        }
        for scope, tables in doc["scopes"].items()
    }


def test_a_child_joining_x_after_q1_was_sent_is_not_recoverable(
    book: CaseBook, tmp_path: Path
) -> None:
    q1, q2 = FiscalQuarter(2024, 1), FiscalQuarter(2024, 2)
    _pin_prefecture(book, tmp_path)
    _add_children(book, 15, X, date(2024, 4, 10))
    _add_children(book, 12, Y, date(2024, 5, 10))
    outbox.build_draft(book, q1)
    sent = outbox.approve(book, q1)
    first = _published(sent.content)
    assert first["quarter"]["children_by_municipality"].cells[X] == 15

    _add_children(book, 1, X, date(2024, 8, 1))  # one child joins X in Q2
    second = _published(outbox.build_draft(book, q2).content)
    assert leaks([first, second]) == []
    places = second["quarter"]["children_by_municipality"]
    assert places.cells[X] is None and places.total is None
    assert second["year_to_date"]["children_by_municipality"].cells == places.cells

    # Q2 was never sent (a draft is not published): Q3 is set beside Q1, the last one sent.
    third = _published(outbox.build_draft(book, FiscalQuarter(2024, 3)).content)
    assert third["quarter"]["children_by_municipality"].cells[X] is None
    assert leaks([first, third]) == []

    # Ten more children: a change of k may be published, and is.
    _add_children(book, 10, X, date(2024, 11, 1))
    fourth = _published(outbox.build_draft(book, FiscalQuarter(2024, 3)).content)
    assert fourth["quarter"]["children_by_municipality"].cells[X] == 26
    assert leaks([first, fourth]) == []
