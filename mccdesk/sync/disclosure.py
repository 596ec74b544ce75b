"""Disclosure control: small counts of children never leave the branch, nor can be worked out.

Policy (security-anchors §4): k = 10 for tables counting children (the NDB 最小集計単位 rule),
zeros publishable, other units not suppressed (see "Differencing" below for why).

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

Differencing (promise 28). Children are counted as a stock (those with an open case at the
scope's end), so two publications of the same table, one quarter apart, differ by the children
who came and went: 15 children in municipality X, then 16, says "one child joined X". Rule:
each count's change from the last value sent for it is either known exactly to be 0 or at
least k in size, or cannot be pinned down (its feasible interval is at least k−1 wide). So
0. before step 1, a count (cell or population total) whose last published value (the first
   one not suppressed in `earlier`, newest file first) differs by 1..k−1 from now is
   suppressed (a total is withheld, step 3); then steps 1–4 protect it like any small cell. A
   change involving a suppressed count is covered by that count's own interval (≥ k−1 wide).
The price: a count that moves a little is shown as suppressed until it has moved by k from
the value last sent. Not covered: two values sent further apart (15, 25, then 16). Only
children are given a k: other units count events in the scope (cases opened, activities), and
for them year-to-date minus last quarter's year-to-date is this quarter's count, a chain this
module does not protect, so the policy refuses a k for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mccdesk.sync.tables import Table

RULE = "contains-0..k-1"
STOCK_UNITS = ("children",)  # counted at the scope's end: compared across publications


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
        flows = sorted(unit for unit, k in self.k.items() if k and unit not in STOCK_UNITS)
        if flows:  # see the module docstring: differencing of year-to-date counts
            raise ValueError(f"suppressing {', '.join(flows)} is not supported")

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


def _last_sent(values: Iterable[int | None]) -> int | None:
    return next((v for v in values if v is not None), None)


def _small_change(now: int | None, before: int | None, k: int) -> bool:
    return now is not None and before is not None and 0 < abs(now - before) < k


def protect(
    tables: dict[str, Table],
    policy: Policy,
    earlier: Sequence[Mapping[str, Table]] = (),
) -> dict[str, Table]:
    """The tables as published: suppressed cells (and totals) are None. Input is not changed.

    `earlier`: the tables already sent (same scope), newest file first; a count that would show
    a small change from the last value sent for it is suppressed (step 0 above)."""
    hidden: dict[str, set[str]] = {}
    withheld: set[str] = set()  # populations whose total is not published
    for name, table in tables.items():
        k = policy.k_for(table.spec.unit)
        hidden[name] = {c for c, v in table.cells.items() if k and v and 0 < v < k}
        if not k or table.spec.unit not in STOCK_UNITS:
            continue
        sent = [before[name] for before in earlier if name in before]
        hidden[name] |= {
            c
            for c, v in table.cells.items()
            if _small_change(v, _last_sent(t.cells.get(c) for t in sent), k)
        }
        if table.spec.partitions and _small_change(
            table.total, _last_sent(t.total for t in sent), k
        ):
            withheld.add(table.spec.partitions)

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
