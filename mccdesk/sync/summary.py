"""Build a branch's quarterly summary: counts only, in a fixed shape, as canonical JSON.

Two scopes: `quarter` (the quarter's own three months) and `year_to_date` (1 April to the
quarter's end; for Q4 that is the whole fiscal year, with status on 31 March as seed 003 reports).
"Status", "children with an open case" and "overdue" are taken at the scope's end. Case tables
count the cases opened in the scope; status is the status at the scope's end of those cases.
The children tables are the same in both scopes (same end date), so nothing differs between them.

Disclosure control (`disclosure.protect`) is applied per scope, against the summaries already
sent before (`sent_before`), so that no change in the number of
children between two files can be read off (promise 28).

The same case book gives the same bytes: canonical JSON (sorted keys, no spaces, UTF-8,
integers only). Before anything is signed, `validate` checks the document against an allow-list
of table names, codes and metadata keys, so no name, date or note can ride along.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mccdesk.errors import BadInput, CountsDoNotAddUp
from mccdesk.periods import AGE_BANDS, FiscalQuarter, fiscal_year_of, school_age
from mccdesk.reference import Reference
from mccdesk.storage import sync_store
from mccdesk.sync import disclosure
from mccdesk.sync.tables import BY_NAME, NONE, SCOPES, SPECS, UNKNOWN_AGE, Table

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

SUMMARY_TYPE = "mccdesk/quarterly-summary-tables"
FORMAT_VERSION = 1
BRANCH_ID = re.compile(r"[A-Za-z0-9-]{1,32}")
META_KEYS = {"type", "format", "branch", "area", "period", "policy", "scopes"}


class SummaryInvalid(BadInput):
    ja = "集計表が許可された形式ではありません: {reason}"
    en = "The summary does not have the allowed form: {reason}"


@dataclass(frozen=True)
class Scope:
    name: str
    start: date
    end: date


def scopes(period: FiscalQuarter) -> tuple[Scope, Scope]:
    return (
        Scope("quarter", period.start, period.end),
        Scope("year_to_date", period.year_start, period.end),
    )


# --- counting -----------------------------------------------------------------------------------


def age_band(birth: date | None, fiscal_year: int) -> str:
    if birth is None:
        return UNKNOWN_AGE
    try:
        age = school_age(birth, fiscal_year)
    except ValueError:  # born after the fiscal year's end: not a real record for this period
        return UNKNOWN_AGE
    for code, highest in AGE_BANDS:
        if highest is None or age <= highest:
            return code
    return UNKNOWN_AGE


def _fill(ref: Reference, name: str, counts: dict[str, int]) -> Table:
    spec = BY_NAME[name]
    codes = spec.codes(ref)
    unknown = set(counts) - set(codes)
    if unknown:  # a stored code the reference data does not know must not be dropped silently
        raise SummaryInvalid(reason=f"{name}: codes not in the reference data: {sorted(unknown)}")
    cells: dict[str, int | None] = {code: int(counts.get(code, 0)) for code in codes}
    total = sum(c or 0 for c in cells.values()) if spec.partitions else None
    return Table(spec, cells, total)


def count_scope(book: CaseBook, scope: Scope) -> dict[str, Table]:
    """Every table of one scope, unprotected (exact counts): for the branch's own eyes only."""
    ref, engine, start, end = book.ref, book.opened.engine, scope.start, scope.end
    orgs = book.count_cases_opened(start, end, by="supporter_organisation")
    opened = sum(book.count_cases_opened(start, end, by="residence").values())
    orgs[NONE] = opened - sum(orgs.values())  # cases with no organisation recorded
    counts: dict[str, dict[str, int]] = {
        "cases_by_residence": book.count_cases_opened(start, end, by="residence"),
        "cases_by_contact_method": book.count_cases_opened(start, end, by="contact_method"),
        "cases_by_consulter_type": book.count_cases_opened(start, end, by="consulter_type"),
        "cases_by_supporter_organisation": orgs,
        "case_status": book.status_on(end, opened_from=start),
        "cases_by_topic": book.count_cases_opened(start, end, by="topic"),
        "activities_by_kind": sync_store.count_activities(engine, start, end, "kind"),
        "activities_by_method": sync_store.count_activities(engine, start, end, "method"),
        "referrals_by_resource_kind": sync_store.count_referrals_by_kind(engine, start, end),
        "referrals_by_outcome": sync_store.count_referral_status_on(engine, start, end),
        "follow_ups": sync_store.count_follow_ups(engine, start, end),
        "issues_by_topic": sync_store.count_issues_by_topic(engine, start, end),
    }
    care: dict[str, int] = {}
    bands: dict[str, int] = {}
    places: dict[str, int] = {}
    fy = fiscal_year_of(end)
    for child in sync_store.children_with_open_case(engine, end):
        for code in child.care_types:
            care[code] = care.get(code, 0) + 1
        band = age_band(child.birth_date, fy)
        bands[band] = bands.get(band, 0) + 1
        places[child.residence] = places.get(child.residence, 0) + 1
    counts |= {
        "children_by_care_type": care,
        "children_by_age_band": bands,
        "children_by_municipality": places,
    }
    return {spec.name: _fill(ref, spec.name, counts[spec.name]) for spec in SPECS}


# --- the document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    branch: str
    area: str
    period: FiscalQuarter
    policy: disclosure.Policy
    scopes: dict[str, dict[str, Table]]  # protected tables, as they leave the office

    def document(self) -> dict[str, Any]:
        return {
            "type": SUMMARY_TYPE,
            "format": FORMAT_VERSION,
            "branch": self.branch,
            "area": self.area,
            "period": self.period.code,
            "policy": self.policy.version,
            "scopes": {
                scope: {name: t.as_json() for name, t in tables.items()}
                for scope, tables in self.scopes.items()
            },
        }

    def canonical(self) -> bytes:
        return canonical_json(self.document())


def build(
    book: CaseBook, period: FiscalQuarter, policy: disclosure.Policy | None = None
) -> Summary:
    """Count, protect (disclosure control) and validate the summary of `period`."""
    policy = policy or disclosure.DEFAULT_POLICY
    info = book.info()
    earlier = sent_before(book)
    protected = {
        scope.name: disclosure.protect(
            count_scope(book, scope), policy, [doc.get(scope.name, {}) for doc in earlier]
        )
        for scope in scopes(period)
    }
    summary = Summary(info.branch_id, info.area, period, policy, protected)
    validate(summary.document(), book.ref)
    return summary


PUBLISHED = (
    sync_store.APPROVED,
    sync_store.DELIVERED,
    sync_store.ACKNOWLEDGED,
    sync_store.REFUSED,  # refused, but the prefecture has read it
)


def sent_before(book: CaseBook) -> list[dict[str, dict[str, Table]]]:
    """Every summary that left the office, newest first (by sending order), as tables by scope:
    what an attacker sets beside the new one. Drafts never left, so they do not count. Used by
    disclosure.protect: each count is compared with the last value sent for it."""
    sent = sync_store.outbox(book.opened.engine, states=PUBLISHED)
    out = []
    for entry in sorted(sent, key=lambda e: e.seq or 0, reverse=True):
        doc = json.loads(entry.content)
        out.append(
            {
                scope: {
                    name: Table(BY_NAME[name], dict(t["cells"]), t.get("total"))
                    for name, t in tables.items()
                    if name in BY_NAME
                }
                for scope, tables in doc["scopes"].items()
            }
        )
    return out


def canonical_json(doc: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8; floats are refused (integers only)."""
    _no_floats(doc)
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise SummaryInvalid(reason="a number that is not an integer")
    if isinstance(value, dict):
        for v in value.values():
            _no_floats(v)
    elif isinstance(value, list):
        for v in value:
            _no_floats(v)


# --- allow-list ---------------------------------------------------------------------------------


def _count(value: Any, where: str, nullable: bool = True) -> None:
    ok = value is None if nullable else False
    ok = ok or (type(value) is int and 0 <= value < 10**9)
    if not ok:
        raise SummaryInvalid(reason=f"{where}: not a count")


def validate(doc: Any, ref: Reference) -> None:
    """Only known keys, table names, units and codes; only non-negative integers or null."""
    if not isinstance(doc, dict) or set(doc) != META_KEYS:
        raise SummaryInvalid(reason="metadata keys")
    if doc["type"] != SUMMARY_TYPE or doc["format"] != FORMAT_VERSION:
        raise SummaryInvalid(reason="type or format version")
    if not isinstance(doc["branch"], str) or not BRANCH_ID.fullmatch(doc["branch"]):
        raise SummaryInvalid(reason="branch id")
    if doc["area"] not in {a.code for a in ref.areas}:
        raise SummaryInvalid(reason="area code")
    if not isinstance(doc["period"], str) or not re.fullmatch(r"FY\d{4}-Q[1-4]", doc["period"]):
        raise SummaryInvalid(reason="period")
    if not isinstance(doc["policy"], str) or not re.fullmatch(
        r"[0-9A-Za-z.-]{1,32}", doc["policy"]
    ):
        raise SummaryInvalid(reason="policy version")
    if not isinstance(doc["scopes"], dict) or set(doc["scopes"]) != set(SCOPES):
        raise SummaryInvalid(reason="scopes")
    for scope, tables in doc["scopes"].items():
        if not isinstance(tables, dict) or set(tables) != set(BY_NAME):
            raise SummaryInvalid(reason=f"{scope}: table names")
        for name, table in tables.items():
            spec, where = BY_NAME[name], f"{scope}.{name}"
            keys = {"unit", "cells"} | ({"total"} if spec.partitions else set())
            if not isinstance(table, dict) or set(table) != keys or table["unit"] != spec.unit:
                raise SummaryInvalid(reason=f"{where}: keys or unit")
            cells = table["cells"]
            if not isinstance(cells, dict) or set(cells) != set(spec.codes(ref)):
                raise SummaryInvalid(reason=f"{where}: codes")
            for code, value in cells.items():
                _count(value, f"{where}.{code}")
            if spec.partitions:
                _count(table["total"], f"{where}.total")
    check_arithmetic(doc)


def check_arithmetic(doc: dict[str, Any]) -> None:
    """The counts of a validated document fit together as counting makes them; else
    CountsDoNotAddUp. Suppressed counts (None) are unknown, so each rule holds for what is shown:

    - a table that partitions a population: its cells add up to its total (with cells
      suppressed, those shown add up to at most the total);
    - a table whose cells are each a subset of a population (topics of cases, care types of
      children): no cell above that population's total in the same scope;
    - the quarter's cases, activities, referrals… are among the year to date's (same end,
      earlier start) and the children are the same: no count of the quarter above the same
      count of the year to date.

    Tables sharing a population are not required to show the same total: counting does not
    guarantee it (a case whose opening date was moved before its first status change counts
    by residence but not by status), so a branch's honest file could be refused.
    """
    totals: dict[tuple[str, str], int] = {}  # (scope, population) → largest total shown
    for scope, tables in doc["scopes"].items():
        for name, table in tables.items():
            spec, cells, total = BY_NAME[name], table["cells"], table.get("total")
            if spec.partitions is None or total is None:
                continue
            shown = sum(v for v in cells.values() if v is not None)
            hidden = any(v is None for v in cells.values())
            if (shown > total) if hidden else (shown != total):
                says = "the cells shown exceed" if hidden else "the cells add up to"
                raise CountsDoNotAddUp(reason=f"{scope}.{name}: {says} {shown}, total {total}")
            key = (scope, spec.partitions)
            totals[key] = max(totals.get(key, 0), total)
    for scope, tables in doc["scopes"].items():
        for name, table in tables.items():
            population = BY_NAME[name].within
            limit = totals.get((scope, population or ""))
            if limit is None:
                continue
            for code, value in table["cells"].items():
                if value is not None and value > limit:
                    raise CountsDoNotAddUp(
                        reason=f"{scope}.{name}.{code}: {value} is more than the {limit}"
                        f" {population} counted in {scope}"
                    )
    quarter, year = doc["scopes"]["quarter"], doc["scopes"]["year_to_date"]
    for name, table in quarter.items():
        pairs = [(code, v, year[name]["cells"].get(code)) for code, v in table["cells"].items()]
        pairs.append(("total", table.get("total"), year[name].get("total")))
        for code, q, y in pairs:
            if q is not None and y is not None and q > y:
                raise CountsDoNotAddUp(
                    reason=f"{name}.{code}: {q} in the quarter, {y} in the year_to_date"
                )


# --- labels (for people reading the tables; the document itself holds codes only) ---------------

SUPPRESSED = "－"
SCOPE_TITLES = {
    "quarter": ("四半期", "Quarter"),
    "year_to_date": ("年度累計（4月から）", "Year to date (from April)"),
}
TABLE_TITLES: dict[str, tuple[str, str]] = {
    "cases_by_residence": ("相談ケース（居住地別）", "Cases by residence"),
    "cases_by_contact_method": ("相談ケース（相談方法別）", "Cases by contact method"),
    "cases_by_consulter_type": ("相談ケース（相談者別）", "Cases by consulter"),
    "cases_by_supporter_organisation": ("相談ケース（支援機関別）", "Cases by supporting body"),
    "case_status": ("相談ケース（期末の状況）", "Case status at the end"),
    "cases_by_topic": ("相談内容（複数回答）", "Topics (several per case)"),
    "activities_by_kind": ("支援活動（種類別）", "Activities by kind"),
    "activities_by_method": ("支援活動（方法別）", "Activities by method"),
    "referrals_by_resource_kind": ("紹介（紹介先の種類別）", "Referrals by kind of service"),
    "referrals_by_outcome": ("紹介（結果別）", "Referrals by outcome"),
    "follow_ups": ("フォローアップ", "Follow-ups"),
    "children_by_care_type": ("児童（医療的ケア別・複数回答）", "Children by care (several each)"),
    "children_by_age_band": ("児童（年齢区分別）", "Children by age band"),
    "children_by_municipality": ("児童（市町村別）", "Children by municipality"),
    "issues_by_topic": ("地域課題（テーマ別）", "Local issues by topic"),
}
UNIT_LABELS = {
    "cases": ("件", "cases"),
    "topics": ("件", "topics"),
    "children": ("人", "children"),
    "referrals": ("件", "referrals"),
    "activities": ("件", "activities"),
    "follow_ups": ("件", "follow-ups"),
    "issues": ("件", "issues"),
}
_VOCABULARY = {  # which reference vocabulary names each table's codes
    "cases_by_residence": "residences",
    "cases_by_contact_method": "contact_methods",
    "cases_by_consulter_type": "consulter_types",
    "cases_by_supporter_organisation": "supporter_organisations",
    "case_status": "case_statuses",
    "cases_by_topic": "topics",
    "activities_by_kind": "activity_kinds",
    "activities_by_method": "contact_methods",
    "referrals_by_resource_kind": "resource_kinds",
    "referrals_by_outcome": "referral_statuses",
    "children_by_care_type": "care_types",
    "children_by_age_band": "age_bands",
    "children_by_municipality": "residences",
    "issues_by_topic": "topics",
}
_EXTRA_LABELS = {
    NONE: ("記録なし", "Not recorded"),
    UNKNOWN_AGE: ("生年月日不明", "Birth date unknown"),
    "done": ("実施済み", "Done"),
    "overdue": ("期限超過", "Overdue"),
}


def code_label(ref: Reference, table: str, code: str, lang: str = "ja") -> str:
    """A cell's label in Japanese or English; the code itself if the vocabulary lacks it."""
    vocabulary = getattr(ref, _VOCABULARY.get(table, ""), None)
    if vocabulary is not None and code in vocabulary:
        term = vocabulary.term(code)
        if lang == "ja" or term.en != term.code:
            return term.label(lang)
        return code.replace("_", " ").capitalize()  # vocabularies without English (age bands)
    if code in _EXTRA_LABELS:
        return _EXTRA_LABELS[code][0 if lang == "ja" else 1]
    return code


def table_lines(doc: dict[str, Any], ref: Reference, lang: str = "ja") -> list[str]:
    """The document's tables as text lines with labels; suppressed counts show as 「－」."""
    ja = lang == "ja"
    lines: list[str] = []
    any_suppressed = False
    for scope, tables in _in_order(doc["scopes"], SCOPES).items():
        scope_title = SCOPE_TITLES.get(scope, (scope, scope))[0 if ja else 1]
        for name, table in _in_order(tables, tuple(BY_NAME)).items():
            if name in BY_NAME:  # canonical JSON sorts codes: show them in vocabulary order
                table = {**table, "cells": _in_order(table["cells"], BY_NAME[name].codes(ref))}
            title = TABLE_TITLES.get(name, (name, name))[0 if ja else 1]
            unit = UNIT_LABELS.get(table["unit"], (table["unit"], table["unit"]))[0 if ja else 1]
            head = f"【{scope_title}】{title}" if ja else f"[{scope_title}] {title}"
            if "total" in table:
                total = table["total"]
                any_suppressed |= total is None
                shown = SUPPRESSED if total is None else f"{total}"
                head += f"　合計 {shown}{unit}" if ja else f": total {shown} {unit}"
            elif not ja:
                head += f" ({unit})"
            lines.append(head)
            labels = [code_label(ref, name, code, lang) for code in table["cells"]]
            width = min(max((_width(label) for label in labels), default=0), 32)
            for label, value in zip(labels, table["cells"].values(), strict=True):
                any_suppressed |= value is None
                shown = SUPPRESSED if value is None else str(value)
                pad = " " * max(width - _width(label), 0)  # long labels are not padded
                lines.append(f"    {label}{pad}  {shown:>4}")
    if any_suppressed:
        lines.append(
            f"「{SUPPRESSED}」は少数のため、個人が特定されないよう非表示にした数です。"
            if ja
            else f"'{SUPPRESSED}' marks a count withheld so that no one can be identified."
        )
    return lines


def _in_order(items: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """`items` with the keys in `order` first, in that order, then any others as they came."""
    known = [key for key in order if key in items]
    return {key: items[key] for key in [*known, *(k for k in items if k not in order)]}


def _width(text: str) -> int:
    """Display width in a terminal: full-width characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
