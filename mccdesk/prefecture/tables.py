"""The prefecture's tables for a period, summed from the branches' accepted summaries.

Columns: the quarter and the fiscal year to date, each with the same period of the previous year
beside it. Tables of children count the children with an open case at the period's end (the same
in both scopes), so they have two columns: this year's end and last year's.

Suppressed inputs. A branch's suppressed cell (`null`) is unknown, so a sum that includes one is
not a number: it is kept as a `Count` with `known` (the sum of the published inputs, a lower
bound) and `withheld` (how many inputs were suppressed), and it is *shown as 「－」*, never as a
number. A table's total is the sum of the branches' totals, so it stays exact when branches
suppressed cells but published their totals.

Publication. Before the tables leave the office, the policy's thresholds are applied again to the
prefecture-wide counts (k = 10 for children): the same rule as the branches' (disclosure.py), a
suppressed cell's value must not be worked out from the total and the other cells. Suppressed
and uncertain cells are both shown as 「－」, with one footnote.

Language. `build(..., lang="en")` labels everything (titles, columns, rows, totals, notes, areas)
in English for the English screens; the printed and exported reports are built in Japanese.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from mccdesk.periods import (
    FiscalQuarter,
    date_en,
    fiscal_year_label_en,
    fiscal_year_label_ja,
    format_date,
    month_abbr_en,
    wareki,
)
from mccdesk.reference import Reference
from mccdesk.sync import disclosure
from mccdesk.sync.summary import TABLE_TITLES, UNIT_LABELS, code_label
from mccdesk.sync.tables import BY_NAME

DASH = "－"
FOOTNOTE = (
    "「－」は、個人が特定されないよう非表示にした数、またはブランチで非表示とされた数を含むため"
    "合計できない数です。"
)
FOOTNOTE_EN = (
    '"－" marks a number hidden so that no one can be identified, or a sum that cannot be '
    "given because it includes a number a branch hid."
)
# The designated cities run their own coordinator bases: no branch is expected for them.
DESIGNATED_CITIES = "designated-cities"
OTHERS_LABEL = "政令市・その他"
OTHERS_LABEL_EN = "Designated cities and other"
# The previous year's columns end with this in English; the screens put it on a line of its own.
SAME_QUARTER_EN = "(same quarter last year)"
SAME_PERIOD_EN = "(same period last year)"
TOTAL_LABELS = {  # (ja, en): a plain total, and one that counts a case once per topic
    "total": ("合計", "Total"),
    "topics": ("合計（延べ）", "Total (topics, not cases)"),
}


def footnote(lang: str = "ja") -> str:
    """What 「－」 means, in `lang`."""
    return FOOTNOTE if lang == "ja" else FOOTNOTE_EN


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ja" else pair[1]


class SummaryLike(Protocol):
    """What an accepted summary offers (mccdesk.prefecture.model.AcceptedSummary)."""

    branch: str
    area: str
    period: str
    revision: int
    received_at: Any
    document: dict[str, Any]


# --- counts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A sum over branches: exact only when no input was suppressed."""

    known: int = 0  # the sum of the published inputs: a lower bound when withheld > 0
    withheld: int = 0  # inputs that were suppressed (null) or not published
    hidden: bool = False  # suppressed at publication by the public threshold

    @classmethod
    def of(cls, value: int | None) -> Count:
        return cls(0, 1) if value is None else cls(value, 0)

    def __add__(self, other: Count) -> Count:
        return Count(self.known + other.known, self.withheld + other.withheld)

    @property
    def exact(self) -> bool:
        return self.withheld == 0

    @property
    def value(self) -> int | None:
        """The number to show, or None (shown as 「－」)."""
        return self.known if self.exact and not self.hidden else None

    def text(self) -> str:
        return DASH if self.value is None else f"{self.value:,}"


def total(counts: Iterable[Count]) -> Count:
    out = Count()
    for c in counts:
        out = out + c
    return out


# --- the tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # quarter, quarter_prev, year_to_date, year_to_date_prev, end, end_prev
    label: str  # 令和5年度 第4四半期
    previous: bool  # the previous year's column (drawn lighter in charts)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    counts: tuple[Count, ...]  # one per column
    level: int = 0  # 0 a plain row, 1 an area's subtotal, 2 a municipality under its area


@dataclass(frozen=True)
class PrefTable:
    name: str
    title: str
    unit: str  # the summary's unit: cases, topics, children…
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: tuple[Count, ...] | None  # None: the cells do not add up to a population
    total_label: str = "合計"
    note: str = ""
    population: str | None = None  # what the cells partition (tables sharing it share a total)
    within: str | None = None  # several cells per member: each cell ≤ that population's total

    @property
    def unit_ja(self) -> str:
        return UNIT_LABELS.get(self.unit, ("", ""))[0]

    def unit_label(self, lang: str = "ja") -> str:
        return _pick(UNIT_LABELS.get(self.unit, ("", "")), lang)

    def cell(self, code: str, column: str) -> Count:
        i = [c.key for c in self.columns].index(column)
        return next(r for r in self.rows if r.code == code).counts[i]

    @property
    def dashed(self) -> bool:
        counts = [c for r in self.rows for c in r.counts] + list(self.total or ())
        return any(c.value is None for c in counts)


@dataclass(frozen=True)
class BranchReport:
    branch: str
    area: str  # label
    period: str
    revision: int
    received: str  # 2024/04/15, or "" if unknown


@dataclass(frozen=True)
class Completeness:
    period: FiscalQuarter
    included: tuple[BranchReport, ...]
    missing_areas: tuple[str, ...]  # labels of prefectural areas without a summary

    @property
    def complete(self) -> bool:
        return not self.missing_areas


@dataclass(frozen=True)
class PrefectureTables:
    period: FiscalQuarter
    previous: FiscalQuarter
    tables: tuple[PrefTable, ...]
    completeness: tuple[Completeness, Completeness]  # this year's period, then last year's
    public: bool
    policy: disclosure.Policy = field(default=disclosure.DEFAULT_POLICY)
    lang: str = "ja"  # the language of every label

    def table(self, name: str) -> PrefTable:
        return next(t for t in self.tables if t.name == name)

    @property
    def dashed(self) -> bool:
        return any(t.dashed for t in self.tables)

    @property
    def title(self) -> str:
        if self.lang != "ja":
            return (
                "Medical care children's support centres: consultations and support "
                f"({self.period.label_en()})"
            )
        return f"医療的ケア児支援センター 相談・支援の状況（{self.period.label_ja()}）"


def scope_labels(period: FiscalQuarter, lang: str = "ja") -> dict[str, str]:
    """Era labels of the columns, e.g. 令和5年度 第4四半期, 令和5年度 累計（4月～12月）; in
    English FY2023 Q4 (Jan–Mar 2024), FY2023 to date (Apr–Dec), (same quarter last year)…"""
    prev = FiscalQuarter(period.fiscal_year - 1, period.quarter)
    last_month = period.end.month
    if lang != "ja":
        return _scope_labels_en(period, prev)

    def ytd(q: FiscalQuarter) -> str:
        if q.quarter == 4:
            return f"{fiscal_year_label_ja(q.fiscal_year)} 年間"
        return f"{fiscal_year_label_ja(q.fiscal_year)} 累計（4月～{last_month}月）"

    return {
        "quarter": period.label_ja(),
        "quarter_prev": f"{prev.label_ja()}（前年同期）",
        "year_to_date": ytd(period),
        "year_to_date_prev": f"{ytd(prev)}（前年同期）",
        "end": f"{wareki(period.end)}現在",
        "end_prev": f"{wareki(prev.end)}現在（前年同期）",
    }


def _scope_labels_en(period: FiscalQuarter, prev: FiscalQuarter) -> dict[str, str]:
    def ytd(q: FiscalQuarter) -> str:
        if q.quarter == 4:
            return f"{fiscal_year_label_en(q.fiscal_year)} full year (Apr–Mar)"
        return f"{fiscal_year_label_en(q.fiscal_year)} to date (Apr–{month_abbr_en(q.end.month)})"

    return {
        "quarter": period.label_en(),
        "quarter_prev": f"{prev.label_en()} {SAME_QUARTER_EN}",
        "year_to_date": ytd(period),
        "year_to_date_prev": f"{ytd(prev)} {SAME_PERIOD_EN}",
        "end": f"As of {date_en(period.end)}",
        "end_prev": f"As of {date_en(prev.end)} {SAME_PERIOD_EN}",
    }


# Tables as the prefecture lists them: (name, source table in the summary, scope kind).
CASE_TABLES = (
    "cases_by_contact_method",
    "cases_by_consulter_type",
    "cases_by_topic",
    "case_status",
    "referrals_by_resource_kind",
    "referrals_by_outcome",
    "follow_ups",
)
CHILD_TABLES = ("children_by_care_type", "children_by_age_band")
TITLES = {
    "cases_by_area": "相談件数（圏域・市町村別）",
    "cases_by_contact_method": "相談方法",
    "cases_by_consulter_type": "相談種別（相談者）",
    "cases_by_topic": "相談内容（主訴別・複数回答）",
    "case_status": "相談ケースの状況（期末時点）",
    "referrals_by_resource_kind": "つなぎ・紹介（紹介先の種類別）",
    "referrals_by_outcome": "つなぎ・紹介（期末時点の状況）",
    "follow_ups": "フォローアップ",
    "children_by_care_type": "支援中の児童（医療的ケア別・複数回答）",
    "children_by_age_band": "支援中の児童（年齢区分別）",
    "children_by_area": "支援中の児童（圏域別）",
}
TITLES_EN = {
    "cases_by_area": "Cases (by area and municipality)",
    "cases_by_contact_method": "Contact method",
    "cases_by_consulter_type": "Who consulted",
    "cases_by_topic": "Topics (main concerns; several per case)",
    "case_status": "Case status (at the period's end)",
    "referrals_by_resource_kind": "Referrals (by kind of service)",
    "referrals_by_outcome": "Referrals (status at the period's end)",
    "follow_ups": "Follow-ups",
    "children_by_care_type": "Children in support (by medical care; several each)",
    "children_by_age_band": "Children in support (by age band)",
    "children_by_area": "Children in support (by area)",
}
NOTES = {
    "cases_by_area": "相談を受けた児童の居住地による。期間中に受け付けた相談ケースの件数。",
    "cases_by_topic": "1件の相談に複数の主訴があるため、合計は延べ件数。",
    "case_status": "期間中に受け付けた相談ケースの、期末時点の状況。",
    "children_by_care_type": "1人が複数の医療的ケアを要するため、合計は示さない。",
    "children_by_age_band": "年齢区分は年度当初（4月1日）の学齢による。",
    "children_by_area": "居住地による。政令市・県外・不明を含む。",
}
NOTES_EN = {
    "cases_by_area": "By the child's place of residence. Cases received during the period.",
    "cases_by_topic": "A case can have several main concerns: the total counts topics, not cases.",
    "case_status": "The status at the period's end of the cases received during the period.",
    "children_by_care_type": "A child may need several kinds of medical care: no total is given.",
    "children_by_age_band": "Age bands follow the school year on 1 April of the fiscal year.",
    "children_by_area": "By place of residence; includes designated cities, outside the prefecture "
    "and unknown.",
}


def _title(name: str, lang: str) -> str:
    return (TITLES if lang == "ja" else TITLES_EN)[name]


def _note(name: str, lang: str) -> str:
    return (NOTES if lang == "ja" else NOTES_EN).get(name, "")


def _doc_table(doc: dict[str, Any], scope: str, name: str) -> dict[str, Any]:
    return doc["scopes"][scope][name]


def _sum_cells(
    docs: Sequence[dict[str, Any]], scope: str, name: str, codes: Sequence[str]
) -> dict[str, Count]:
    out = {code: Count() for code in codes}
    for doc in docs:
        cells = _doc_table(doc, scope, name)["cells"]
        for code in codes:
            out[code] = out[code] + Count.of(cells.get(code, 0))
    return out


def _sum_total(docs: Sequence[dict[str, Any]], scope: str, name: str) -> Count:
    return total(Count.of(_doc_table(doc, scope, name).get("total")) for doc in docs)


@dataclass(frozen=True)
class _Source:
    """Where each column's numbers come from: the documents and their scope."""

    column: Column
    docs: tuple[dict[str, Any], ...]
    scope: str


def _generic(
    ref: Reference,
    name: str,
    sources: Sequence[_Source],
    source_table: str | None = None,
    lang: str = "ja",
) -> PrefTable:
    src = source_table or name
    spec = BY_NAME[src]
    codes = spec.codes(ref)
    per_column = [_sum_cells(s.docs, s.scope, src, codes) for s in sources]
    rows = tuple(
        Row(code, code_label(ref, src, code, lang), tuple(col[code] for col in per_column))
        for code in codes
    )
    totals: tuple[Count, ...] | None = None
    total_label = _pick(TOTAL_LABELS["total"], lang)
    if spec.partitions:
        totals = tuple(_sum_total(s.docs, s.scope, src) for s in sources)
    elif spec.unit == "topics":  # never suppressed (Policy refuses k for topics): a plain sum
        totals = tuple(total(col.values()) for col in per_column)
        total_label = _pick(TOTAL_LABELS["topics"], lang)
    title = _title(name, lang) if name in TITLES else _pick(TABLE_TITLES[src], lang)
    return PrefTable(
        name,
        title,
        spec.unit,
        tuple(s.column for s in sources),
        rows,
        totals,
        total_label,
        _note(name, lang),
        population=spec.partitions,
        within=spec.within,
    )


def _by_area(
    ref: Reference, name: str, src: str, sources: Sequence[_Source], lang: str = "ja"
) -> PrefTable:
    """Seed 003's layout: each area with its municipalities, then 政令市・その他."""
    codes = BY_NAME[src].codes(ref)
    per_column = [_sum_cells(s.docs, s.scope, src, codes) for s in sources]

    def counts(code: str) -> tuple[Count, ...]:
        return tuple(col[code] for col in per_column)

    rows: list[Row] = []
    groups = [
        (a.code, a.label(lang), list(a.municipalities))
        for a in ref.areas
        if a.code != DESIGNATED_CITIES
    ]
    cities = [m for a in ref.areas if a.code == DESIGNATED_CITIES for m in a.municipalities]
    placed = {m for _, _, ms in groups for m in ms} | set(cities)
    others = cities + [c for c in codes if c not in placed]  # 県外, 不明 (and any new code)
    groups.append((DESIGNATED_CITIES, _pick((OTHERS_LABEL, OTHERS_LABEL_EN), lang), others))
    for area_code, label, members in groups:
        member_counts = [counts(m) for m in members]
        subtotal = tuple(total(col) for col in zip(*member_counts, strict=True))
        rows.append(Row(area_code, label, subtotal, level=1))
        for m, mc in zip(members, member_counts, strict=True):
            rows.append(Row(m, code_label(ref, src, m, lang), mc, level=2))
    totals = tuple(_sum_total(s.docs, s.scope, src) for s in sources)
    return PrefTable(
        name,
        _title(name, lang),
        BY_NAME[src].unit,
        tuple(s.column for s in sources),
        tuple(rows),
        totals,
        _pick(TOTAL_LABELS["total"], lang),
        note=_note(name, lang),
        population=BY_NAME[src].partitions,
    )


def _branch_report(s: SummaryLike, ref: Reference, lang: str = "ja") -> BranchReport:
    try:
        area = ref.area(s.area).label(lang)
    except Exception:  # an area the bundled reference data no longer lists
        area = s.area
    return BranchReport(s.branch, area, s.period, s.revision, _day(s.received_at))


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str) and len(value) >= 10:
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return ""
    return ""


def _completeness(
    period: FiscalQuarter, summaries: Sequence[SummaryLike], ref: Reference, lang: str = "ja"
) -> Completeness:
    included = tuple(
        sorted((_branch_report(s, ref, lang) for s in summaries), key=lambda b: (b.area, b.branch))
    )
    reported = {s.area for s in summaries}
    missing = tuple(
        a.label(lang) for a in ref.areas if a.code != DESIGNATED_CITIES and a.code not in reported
    )
    return Completeness(period, included, missing)


def build(
    summaries: Iterable[SummaryLike],
    period: FiscalQuarter,
    ref: Reference,
    policy: disclosure.Policy | None = None,
    public: bool = True,
    lang: str = "ja",
) -> PrefectureTables:
    """The prefecture's tables of `period`, from the current summaries of it and of the same
    quarter a year earlier (others are ignored). `public` applies the policy's thresholds;
    `lang` is the language of the labels (the numbers are the same in every language)."""
    policy = policy or disclosure.DEFAULT_POLICY
    previous = FiscalQuarter(period.fiscal_year - 1, period.quarter)
    summaries = list(summaries)
    now_s = [s for s in summaries if s.period == period.code]
    prev_s = [s for s in summaries if s.period == previous.code]
    now, prev = tuple(s.document for s in now_s), tuple(s.document for s in prev_s)
    labels = scope_labels(period, lang)

    def col(key: str) -> Column:
        return Column(key, labels[key], key.endswith("_prev"))

    case_sources = (
        _Source(col("quarter"), now, "quarter"),
        _Source(col("quarter_prev"), prev, "quarter"),
        _Source(col("year_to_date"), now, "year_to_date"),
        _Source(col("year_to_date_prev"), prev, "year_to_date"),
    )
    child_sources = (
        _Source(col("end"), now, "year_to_date"),
        _Source(col("end_prev"), prev, "year_to_date"),
    )
    tables = [_by_area(ref, "cases_by_area", "cases_by_residence", case_sources, lang)]
    tables += [_generic(ref, name, case_sources, lang=lang) for name in CASE_TABLES]
    children = [_generic(ref, name, child_sources, lang=lang) for name in CHILD_TABLES]
    children.append(
        _by_area(ref, "children_by_area", "children_by_municipality", child_sources, lang)
    )
    children[-1] = _areas_only(children[-1])  # municipalities are too fine for children
    tables += children
    if public:
        tables = protect(tables, policy)
    return PrefectureTables(
        period,
        previous,
        tuple(tables),
        (_completeness(period, now_s, ref, lang), _completeness(previous, prev_s, ref, lang)),
        public,
        policy,
        lang,
    )


def _areas_only(table: PrefTable) -> PrefTable:
    """Coarsen first: only the areas' subtotals, as plain rows."""
    rows = tuple(replace(r, level=0) for r in table.rows if r.level == 1)
    return replace(table, rows=rows)


# --- publication ----------------------------------------------------------------------------------


def protect(tables: Sequence[PrefTable], policy: disclosure.Policy) -> list[PrefTable]:
    """Apply the public thresholds column by column (the rule of disclosure.py).

    Only tables whose unit has a threshold are touched (children, by default). Uncertain cells
    (a branch suppressed an input) count as suppressed; the hidden cells' true sum is the exact
    total minus the shown cells. A table with municipalities under areas is first coarsened to
    areas, so there is one level of cells under one total.
    """
    out = {t.name: t for t in tables}
    guarded = [
        _areas_only(t) if any(r.level for r in t.rows) else t
        for t in tables
        if policy.k_for(t.unit)
    ]
    hidden: dict[tuple[str, str], set[int]] = {}  # (table, column key) → row indexes
    withheld: set[tuple[str, str]] = set()  # (population, column key): total not published
    totals: dict[tuple[str, str], Count] = {}
    for t in guarded:
        k = policy.k_for(t.unit)
        for ci, column in enumerate(t.columns):
            cells = [r.counts[ci] for r in t.rows]
            h = {i for i, c in enumerate(cells) if not c.exact or 0 < c.known < k}
            hidden[(t.name, column.key)] = h
            if t.population is None:
                continue
            tot = t.total[ci] if t.total else Count(0, 1)
            totals[(t.population, column.key)] = tot
            if not tot.exact or not _secondary(cells, h, tot.known, k):
                withheld.add((t.population, column.key))
    for t in guarded:  # several cells per person: each cell is at most the population's total
        k = policy.k_for(t.unit)
        for column in t.columns:
            tot = totals.get((t.within or "", column.key))
            if t.within and hidden[(t.name, column.key)] and tot and 0 < tot.known < k - 1:
                withheld.add((t.within, column.key))
    for t in guarded:
        for ci, column in enumerate(t.columns):
            if (t.population, column.key) in withheld:  # then ≥ 2 hidden cells in every sibling
                h = hidden[(t.name, column.key)]
                cells = [r.counts[ci] for r in t.rows]
                while len(h) < 2 and (i := _smallest(cells, h, nonzero=False)) is not None:
                    h.add(i)
        keys = [c.key for c in t.columns]
        rows = tuple(
            replace(
                r,
                counts=tuple(
                    _hide(c, ri in hidden[(t.name, keys[ci])]) for ci, c in enumerate(r.counts)
                ),
            )
            for ri, r in enumerate(t.rows)
        )
        total_counts = None
        if t.total is not None:
            total_counts = tuple(
                _hide(c, (t.population, keys[ci]) in withheld) for ci, c in enumerate(t.total)
            )
        out[t.name] = replace(t, rows=rows, total=total_counts)
    return [out[t.name] for t in tables]


def _hide(c: Count, hide: bool) -> Count:
    return Count(c.known, c.withheld, hidden=True) if hide else c


def _smallest(cells: Sequence[Count], hidden: set[int], nonzero: bool) -> int | None:
    best: int | None = None
    for i, c in enumerate(cells):
        if i in hidden or not c.exact or (nonzero and c.known == 0):
            continue
        if best is None or c.known < cells[best].known:
            best = i
    return best


def _secondary(cells: Sequence[Count], hidden: set[int], exact_total: int, k: int) -> bool:
    """Grow `hidden` until ≥ 2 cells whose true sum (total − shown cells) is ≥ k − 1."""
    while hidden:
        shown = sum(c.known for i, c in enumerate(cells) if i not in hidden)
        if len(hidden) >= 2 and exact_total - shown >= k - 1:
            return True
        i = _smallest(cells, hidden, nonzero=True)
        if i is None and exact_total - shown >= k - 1:
            i = _smallest(cells, hidden, nonzero=False)
        if i is None:
            return False
        hidden.add(i)
    return True
