"""Disclosure control, audited as an attacker would: a linear program over everything published.

Promises 26 and 27: no published count of children is 1..k−1, and each suppressed cell's
feasible interval under all published constraints (cells, totals, tables sharing a total,
multi-valued tables bounded by the total) contains 0..k−1.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linprog

from mccdesk.reference import reference
from mccdesk.sync.disclosure import DEFAULT_POLICY, Policy, protect
from mccdesk.sync.tables import BY_NAME, Table

K = DEFAULT_POLICY.k_for("children")
INF = float("inf")


def intervals(
    n_vars: int, equalities: list[tuple[dict[int, int], int]], upper: list[tuple[int, int]]
) -> list[tuple[float, float]]:
    """[min, max] of each variable ≥ 0 under sum(coef·x) = rhs and x_i ≤ x_j (pairs i, j)."""
    a_eq = np.zeros((len(equalities), n_vars))
    b_eq = np.zeros(len(equalities))
    for row, (coefs, rhs) in enumerate(equalities):
        for var, coef in coefs.items():
            a_eq[row, var] += coef
        b_eq[row] = rhs
    a_ub = np.zeros((len(upper), n_vars))
    for row, (small, big) in enumerate(upper):
        a_ub[row, small], a_ub[row, big] = 1, -1
    out = []
    for var in range(n_vars):
        bounds = []
        for sign in (1, -1):
            c = np.zeros(n_vars)
            c[var] = sign
            res = linprog(
                c,
                A_ub=a_ub if len(upper) else None,
                b_ub=np.zeros(len(upper)) if len(upper) else None,
                A_eq=a_eq if len(equalities) else None,
                b_eq=b_eq if len(equalities) else None,
                bounds=[(0, None)] * n_vars,
                method="highs",
            )
            if res.status == 3:  # unbounded: only the maximum can be (all variables ≥ 0)
                bounds.append(INF)
            else:
                assert res.status == 0, res.message
                bounds.append(sign * res.fun)
        out.append((bounds[0], bounds[1]))
    return out


def meets_rule(interval: tuple[float, float], k: int = K) -> bool:
    lo, hi = interval
    return lo <= 1e-6 and hi >= k - 1 - 1e-6


def audit(published: dict[str, Table]) -> list[tuple[str, str, tuple[float, float]]]:
    """Intervals of every suppressed cell (and withheld total) from the published numbers only."""
    variables: dict[tuple[str, str], int] = {}
    population_var: dict[str, int] = {}
    population_total: dict[str, int] = {}

    def var(key: tuple[str, str]) -> int:
        return variables.setdefault(key, len(variables))

    for table in published.values():
        pop = table.spec.partitions
        if pop is not None:
            if table.total is None:
                population_var.setdefault(pop, var(("total", pop)))
            else:
                population_total[pop] = table.total
    equalities: list[tuple[dict[int, int], int]] = []
    upper: list[tuple[int, int]] = []
    for name, table in published.items():
        hidden = {c: var((name, c)) for c, v in table.cells.items() if v is None}
        known = sum(v for v in table.cells.values() if v is not None)
        pop = table.spec.partitions
        if pop is not None:
            coefs = dict.fromkeys(hidden.values(), 1)
            if pop in population_var:
                coefs[population_var[pop]] = -1
                equalities.append((coefs, -known))
            else:
                equalities.append((coefs, population_total[pop] - known))
        elif table.spec.within is not None:
            pop = table.spec.within
            for cell in hidden.values():
                if pop in population_var:
                    upper.append((cell, population_var[pop]))
                else:  # x ≤ published total: an equality-free bound via a slack variable
                    slack = var(("slack", f"{name}.{cell}"))
                    equalities.append(({cell: 1, slack: 1}, population_total[pop]))
    found = intervals(len(variables), equalities, upper)
    return [(t, c, found[i]) for (t, c), i in variables.items() if t not in ("slack", "total")]


# --- the 3×3 regression case of security-anchors §4.1 ---------------------------------------------

TABLE = [[3, 11, 20], [25, 7, 15], [12, 30, 18]]


def _grid_intervals(hidden: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[float, float]]:
    cells = sorted(hidden)
    index = {cell: i for i, cell in enumerate(cells)}
    equalities = []
    for r in range(3):  # row totals published
        row = {index[(r, c)]: 1 for c in range(3) if (r, c) in index}
        if row:
            known = sum(TABLE[r][c] for c in range(3) if (r, c) not in index)
            equalities.append((row, sum(TABLE[r]) - known))
    for c in range(3):  # column totals published
        col = {index[(r, c)]: 1 for r in range(3) if (r, c) in index}
        if col:
            known = sum(TABLE[r][c] for r in range(3) if (r, c) not in index)
            equalities.append((col, sum(TABLE[r][c] for r in range(3)) - known))
    found = intervals(len(cells), equalities, [])
    return {cell: found[index[cell]] for cell in cells}


def test_the_3x3_case_primary_only_and_same_column_are_pinned() -> None:
    primary = {(0, 0), (1, 1)}  # the 3 and the 7
    assert _grid_intervals(primary) == {(0, 0): (3, 3), (1, 1): (7, 7)}
    same_column = _grid_intervals(primary | {(0, 2), (1, 2)})
    assert same_column[(0, 0)] == (3, 3) and same_column[(1, 1)] == (7, 7)
    assert not any(meets_rule(i) for i in same_column.values())


def test_the_3x3_rectangle_fails_our_rule_though_it_is_14_wide() -> None:
    rectangle = _grid_intervals({(0, 0), (0, 1), (1, 0), (1, 1)})
    assert rectangle == {(0, 0): (0, 14), (0, 1): (0, 14), (1, 0): (14, 28), (1, 1): (4, 18)}
    # Width ≥ k would pass it; our rule also wants each cell indistinguishable from 0: the 7
    # is known to be at least 4, and the 25 at least 14 (a two-way table needs more cells).
    assert not meets_rule(rectangle[(1, 1)]) and not meets_rule(rectangle[(1, 0)])
    assert meets_rule(rectangle[(0, 0)])


# --- random children tables ---------------------------------------------------------------------

REF = reference()
CHILD_TABLES = ("children_by_care_type", "children_by_age_band", "children_by_municipality")


def _children_tables(rng: random.Random) -> dict[str, Table]:
    n = rng.choice([0, 1, 3, 8, 9, 10, 12, 20, 40, 150])
    ages = BY_NAME["children_by_age_band"].codes(REF)
    places = BY_NAME["children_by_municipality"].codes(REF)
    cares = BY_NAME["children_by_care_type"].codes(REF)
    # Skewed choices, so both big and small cells appear.
    weights_age = [rng.random() ** 3 for _ in ages]
    weights_place = [rng.random() ** 4 for _ in places]
    counts = {name: dict.fromkeys(BY_NAME[name].codes(REF), 0) for name in CHILD_TABLES}
    for _ in range(n):
        counts["children_by_age_band"][rng.choices(ages, weights_age)[0]] += 1
        counts["children_by_municipality"][rng.choices(places, weights_place)[0]] += 1
        for care in rng.sample(cares, rng.choice([0, 1, 1, 2, 3])):
            counts["children_by_care_type"][care] += 1
    return {
        name: Table(BY_NAME[name], dict(cells), n if BY_NAME[name].partitions else None)
        for name, cells in counts.items()
    }


@pytest.mark.parametrize("seed", range(60))
def test_random_children_tables_pass_the_audit(seed: int) -> None:
    tables = _children_tables(random.Random(seed))
    published = protect(tables, DEFAULT_POLICY)
    for name, table in published.items():
        for code, value in table.cells.items():
            assert value is None or value == 0 or value >= K, (name, code, value)
            if value is not None:
                assert value == tables[name].cells[code]
    for name, code, interval in audit(published):
        assert meets_rule(interval), (seed, name, code, interval, tables[name].cells[code])


def test_a_lone_small_cell_takes_a_second_one_with_it() -> None:
    spec = BY_NAME["children_by_age_band"]
    cells = dict.fromkeys(spec.codes(REF), 0) | {"preschool": 3, "elementary": 40, "middle": 12}
    table = Table(spec, cells, 55)
    municipality = BY_NAME["children_by_municipality"]
    places = dict.fromkeys(municipality.codes(REF), 0) | {"142018": 55}
    out = protect(
        {spec.name: table, municipality.name: Table(municipality, places, 55)}, DEFAULT_POLICY
    )
    assert out[spec.name].cells["preschool"] is None and out[spec.name].cells["middle"] is None
    assert out[spec.name].cells["elementary"] == 40 and out[spec.name].total == 55
    assert out[municipality.name].cells["142018"] == 55


def test_cases_are_not_suppressed_by_default_and_the_policy_is_data() -> None:
    assert DEFAULT_POLICY.k_for("cases") == 0 and K == 10
    assert Policy.from_json(DEFAULT_POLICY.to_json()) == DEFAULT_POLICY
    with pytest.raises(ValueError):
        Policy(k={"topics": 10})


def test_the_audit_catches_primary_suppression_alone() -> None:
    tables = _children_tables(random.Random(4))
    spec = BY_NAME["children_by_age_band"]
    cells = dict.fromkeys(spec.codes(REF), 0) | {"preschool": 3, "elementary": 40}
    primary_only = {spec.name: Table(spec, cells | {"preschool": None}, 43)}
    municipality = BY_NAME["children_by_municipality"]
    places = dict.fromkeys(municipality.codes(REF), 0) | {"142018": 43}
    primary_only[municipality.name] = Table(municipality, places, 43)
    assert [i for *_, i in audit(primary_only)] == [(3, 3)]
    assert tables  # the generator runs for any seed
