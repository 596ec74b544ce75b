"""Disclosure control: small counts of children never leave the branch, nor can be worked out.

Policy (security-anchors §4): k = 10 for tables counting children (the NDB 最小集計単位 rule),
zeros publishable, other units not suppressed unless the prefecture's policy says so.

Protection rule (written down, and audited with a linear program in the tests): every suppressed
cell's feasible interval [lo, hi] under all published numbers of the file *contains 0..k−1*
(lo = 0 and hi ≥ k−1): nobody can tell a suppressed cell from 0, nor from k−1.

How, per population (tables whose cells partition the same cases/children share one total):
1. primary: 0 < count < k → suppressed;
2. secondary, per table with the total published: keep suppressing the smallest other non-zero
   cell until at least two cells are suppressed and they sum to ≥ k−1 (then any one of them can be
   0 or the whole sum); a zero cell is taken when only the "two cells" condition is missing;
3. if that is impossible (every non-zero cell is already suppressed, the sum still < k−1), the
   population's total is withheld in *every* table that shares it, and each of those tables gets
   at least two suppressed cells, so the total cannot be read off a sibling table either;
4. multi-valued tables (care types: one child, several cells) are bounded by the population
   total (cell ≤ total): primary suppression suffices when that total is withheld or ≥ k−1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from mccdesk.sync.tables import Table

RULE = "contains-0..k-1"


@dataclass(frozen=True)
class Policy:
    version: str = "2024.1"
    k: dict[str, int] = field(default_factory=lambda: {"children": 10})  # by unit; absent = 0
    rule: str = RULE

    def __post_init__(self) -> None:
        if self.rule != RULE:
            raise ValueError(f"unknown protection rule {self.rule!r}")
        if self.k.get("topics", 0):
            # Every case has at least one topic: a lower bound the audit does not model.
            raise ValueError("suppressing topics is not supported")

    def k_for(self, unit: str) -> int:
        return self.k.get(unit, 0)

    def to_json(self) -> str:
        return json.dumps(
            {"version": self.version, "k": self.k, "rule": self.rule},
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Policy:
        data = json.loads(text)
        return cls(
            str(data["version"]), {str(u): int(n) for u, n in data["k"].items()}, data["rule"]
        )


DEFAULT_POLICY = Policy()


def _smallest(table: Table, hidden: set[str], nonzero: bool) -> str | None:
    """The smallest unsuppressed cell (first in vocabulary order on ties)."""
    best: str | None = None
    for code, value in table.cells.items():
        if code in hidden or value is None or (nonzero and value == 0):
            continue
        if best is None or value < (table.cells[best] or 0):
            best = code
    return best


def _secondary(table: Table, hidden: set[str], k: int) -> bool:
    """Grow `hidden` until the rule holds with the total published; False if it cannot."""
    while hidden:
        total = sum(table.cells[c] or 0 for c in hidden)
        if len(hidden) >= 2 and total >= k - 1:
            return True
        code = _smallest(table, hidden, nonzero=True)
        if code is None and total >= k - 1:
            code = _smallest(table, hidden, nonzero=False)
        if code is None:
            return False
        hidden.add(code)
    return True


def protect(tables: dict[str, Table], policy: Policy) -> dict[str, Table]:
    """The tables as published: suppressed cells (and totals) are None. Input is not changed."""
    hidden: dict[str, set[str]] = {}
    for name, table in tables.items():
        k = policy.k_for(table.spec.unit)
        hidden[name] = {c for c, v in table.cells.items() if k and v and 0 < v < k}

    withheld: set[str] = set()  # populations whose total is not published
    totals: dict[str, int] = {}
    for name, table in tables.items():
        population, k = table.spec.partitions, policy.k_for(table.spec.unit)
        if population is None:
            continue
        totals[population] = sum(v or 0 for v in table.cells.values())
        if k and not _secondary(table, hidden[name], k):
            withheld.add(population)
    for name, table in tables.items():
        population, k = table.spec.within, policy.k_for(table.spec.unit)
        if population and hidden[name] and 0 < totals.get(population, 0) < k - 1:
            withheld.add(population)
    for name, table in tables.items():
        if table.spec.partitions in withheld:
            while len(hidden[name]) < 2:
                code = _smallest(table, hidden[name], nonzero=False)
                if code is None:
                    break
                hidden[name].add(code)

    out: dict[str, Table] = {}
    for name, table in tables.items():
        cells = {c: (None if c in hidden[name] else v) for c, v in table.cells.items()}
        total = None if table.spec.partitions in withheld else table.total
        out[name] = replace(table, cells=cells, total=total)
    return out


def suppressed(tables: dict[str, Table]) -> int:
    return sum(v is None for t in tables.values() for v in t.cells.values())
