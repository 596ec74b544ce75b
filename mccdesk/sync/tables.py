"""The tables of a quarterly summary: names, units, codes and which population each one counts.

Every table lists every code of its vocabulary (0 where nothing was counted), so the shape of a
summary depends only on the reference data, never on the case book. A table whose cells
partition a population (each case, child… counted once) publishes its `total`; tables where
one record counts in several cells (topics, care types) do not, since their sum counts nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mccdesk.reference import Reference

NONE = "none"  # no value recorded (an activity's method, an issue's topic, a case's organisation)
UNKNOWN_AGE = "unknown"  # a child without a recorded birth date
SCOPES = ("quarter", "year_to_date")
UNITS = ("cases", "topics", "children", "referrals", "activities", "follow_ups", "issues")


@dataclass(frozen=True)
class TableSpec:
    name: str
    unit: str
    codes: Callable[[Reference], tuple[str, ...]]
    # The population the cells partition (tables with the same one share a total), or None.
    partitions: str | None
    # For tables that do not partition: the population each cell is a subset of (cell ≤ total).
    within: str | None = None


def _plus(*extra: str) -> Callable[[Callable[[Reference], tuple[str, ...]]], Callable]:
    def wrap(f: Callable[[Reference], tuple[str, ...]]) -> Callable[[Reference], tuple[str, ...]]:
        return lambda ref: (*f(ref), *extra)

    return wrap


SPECS: tuple[TableSpec, ...] = (
    TableSpec("cases_by_residence", "cases", lambda r: r.residences.codes, "cases"),
    TableSpec("cases_by_contact_method", "cases", lambda r: r.contact_methods.codes, "cases"),
    TableSpec("cases_by_consulter_type", "cases", lambda r: r.consulter_types.codes, "cases"),
    TableSpec(
        "cases_by_supporter_organisation",
        "cases",
        _plus(NONE)(lambda r: r.supporter_organisations.codes),
        "cases",
    ),
    TableSpec("case_status", "cases", lambda r: r.case_statuses.codes, "cases"),
    TableSpec("cases_by_topic", "topics", lambda r: r.topics.codes, None, within="cases"),
    TableSpec("activities_by_kind", "activities", lambda r: r.activity_kinds.codes, "activities"),
    TableSpec(
        "activities_by_method",
        "activities",
        _plus(NONE)(lambda r: r.contact_methods.codes),
        "activities",
    ),
    TableSpec(
        "referrals_by_resource_kind", "referrals", lambda r: r.resource_kinds.codes, "referrals"
    ),
    TableSpec(
        "referrals_by_outcome", "referrals", lambda r: r.referral_statuses.codes, "referrals"
    ),
    TableSpec("follow_ups", "follow_ups", lambda r: ("done", "overdue"), None),
    TableSpec(
        "children_by_care_type", "children", lambda r: r.care_types.codes, None, within="children"
    ),
    TableSpec(
        "children_by_age_band",
        "children",
        _plus(UNKNOWN_AGE)(lambda r: r.age_bands.codes),
        "children",
    ),
    TableSpec("children_by_municipality", "children", lambda r: r.residences.codes, "children"),
    TableSpec("issues_by_topic", "issues", _plus(NONE)(lambda r: r.topics.codes), "issues"),
)
BY_NAME = {spec.name: spec for spec in SPECS}


@dataclass
class Table:
    """One table: counts by code in vocabulary order; None marks a suppressed cell."""

    spec: TableSpec
    cells: dict[str, int | None]
    total: int | None = None  # only for tables that partition a population

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"unit": self.spec.unit, "cells": dict(self.cells)}
        if self.spec.partitions is not None:
            out["total"] = self.total
        return out
