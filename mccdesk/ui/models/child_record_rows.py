"""The rows of the child screen's record tabs, built from the case book's dataclasses.

Plain functions from records to `Record`s (labels, dates as 2024/10/01 with the 和暦 as tooltip),
so each tab's content can be checked without a widget.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mccdesk import domain as d
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n
from mccdesk.ui.models.child_record_model import Record

CONTEXT = "ChildRecords"

CASE_HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付日"),
    QT_TRANSLATE_NOOP(CONTEXT, "主訴"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
)
REFERRAL_HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "紹介日"),
    QT_TRANSLATE_NOOP(CONTEXT, "紹介先"),
    QT_TRANSLATE_NOOP(CONTEXT, "目的"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況の日付"),
)
FOLLOW_UP_HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "予定日"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
    QT_TRANSLATE_NOOP(CONTEXT, "目的"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
    QT_TRANSLATE_NOOP(CONTEXT, "結果"),
)
DOCUMENT_HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "文書"),
    QT_TRANSLATE_NOOP(CONTEXT, "宛先"),
    QT_TRANSLATE_NOOP(CONTEXT, "紹介日"),
    QT_TRANSLATE_NOOP(CONTEXT, "印刷"),
)
TIMELINE_HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "日付"),
    QT_TRANSLATE_NOOP(CONTEXT, "種類"),
    QT_TRANSLATE_NOOP(CONTEXT, "内容"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _day(day: date | None) -> tuple[str, str | None]:
    return (format_date(day), i18n.date_tooltip(day)) if day else ("", None)


def _first_line(text: str, width: int = 40) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def case_records(cases: Iterable[d.Case], ref: Reference) -> list[Record]:
    rows = []
    for case in cases:
        opened, tip = _day(case.opened_on)
        topics = i18n.terms(ref.topics, case.topics)
        status = i18n.term(ref.case_statuses, case.status)
        rows.append(Record((case.number, opened, topics, status), (None, tip, None, None), case))
    return rows


def referral_records(
    referrals: Iterable[d.Referral], resources: Mapping[int, d.Resource], ref: Reference
) -> list[Record]:
    rows = []
    for r in referrals:
        on, on_tip = _day(r.referred_on)
        changed, changed_tip = _day(r.status_changed_on)
        resource = resources.get(r.resource_id)
        rows.append(
            Record(
                (
                    on,
                    resource.name if resource else f"#{r.resource_id}",
                    _first_line(r.purpose),
                    i18n.term(ref.referral_statuses, r.status),
                    changed,
                ),
                (on_tip, None, r.purpose or None, None, changed_tip),
                r,
            )
        )
    return rows


def follow_up_records(
    follow_ups: Iterable[d.FollowUp], numbers: Mapping[int, str], today: date
) -> list[Record]:
    rows = []
    for f in follow_ups:
        due, tip = _day(f.due_on)
        if f.done_on is not None:
            state = _t("済（{day}）").format(day=format_date(f.done_on))
        elif f.overdue(today):
            state = _t("期限超過")
        else:
            state = _t("予定")
        rows.append(
            Record(
                (due, numbers.get(f.case_id, ""), _first_line(f.purpose), state, f.outcome),
                (tip, None, f.purpose or None, None, f.outcome or None),
                f,
            )
        )
    return rows


def document_records(
    referrals: Iterable[d.Referral],
    resources: Mapping[int, d.Resource],
    consent: d.Consent | None,
    today: date,
) -> list[Record]:
    """One referral sheet per referral, saying whether the consent lets it be printed today."""
    printable = consent is not None and consent.covers("identity", today)
    rows = []
    for r in referrals:
        on, tip = _day(r.referred_on)
        resource = resources.get(r.resource_id)
        rows.append(
            Record(
                (
                    _t("紹介状"),
                    resource.name if resource else f"#{r.resource_id}",
                    on,
                    _t("印刷できます") if printable else _t("同意がないため印刷できません"),
                ),
                (None, None, tip, None),
                r,
            )
        )
    return rows


@dataclass(frozen=True)
class _Event:
    day: date
    order: int  # within a day: what happened first comes first
    kind: str
    text: str
    number: str
    item: object


def timeline_records(
    child: d.Child,
    cases: Iterable[d.Case],
    activities: Iterable[d.Activity],
    referrals: Iterable[d.Referral],
    follow_ups: Iterable[d.FollowUp],
    resources: Mapping[int, d.Resource],
    ref: Reference,
) -> list[Record]:
    """Every dated thing about the child, newest first."""
    cases = list(cases)
    numbers = {c.id: c.number for c in cases}
    events: list[_Event] = []
    for c in cases:
        topics = i18n.terms(ref.topics, c.topics)
        events.append(_Event(c.opened_on, 0, _t("相談受付"), topics, c.number, c))
        if c.status != "ongoing" and c.status_changed_on is not None:
            status = i18n.term(ref.case_statuses, c.status)
            text = _t("状況：{status}").format(status=status)
            events.append(_Event(c.status_changed_on, 5, _t("ケースの状況"), text, c.number, c))
    for a in activities:
        text = i18n.term(ref.activity_kinds, a.kind)
        if a.method:
            text += f"（{i18n.term(ref.contact_methods, a.method)}）"
        if a.note.strip():
            text += "　" + _first_line(a.note)
        events.append(_Event(a.occurred_on, 1, _t("対応記録"), text, numbers.get(a.case_id, ""), a))
    for r in referrals:
        resource = resources.get(r.resource_id)
        name = resource.name if resource else f"#{r.resource_id}"
        history = r.history or (d.StatusChange(r.status, r.status_changed_on or r.referred_on),)
        for h in history:
            status = i18n.term(ref.referral_statuses, h.status)
            events.append(
                _Event(
                    h.effective_on,
                    2,
                    _t("紹介"),
                    f"{name}：{status}",
                    numbers.get(r.case_id, ""),
                    r,
                )
            )
    for f in follow_ups:
        number = numbers.get(f.case_id, "")
        purpose = _first_line(f.purpose)
        events.append(_Event(f.due_on, 3, _t("フォロー予定"), purpose, number, f))
        if f.done_on is not None:
            done = _first_line(f.outcome) or purpose
            events.append(_Event(f.done_on, 4, _t("フォロー実施"), done, number, f))
    consent = child.consent
    if consent is not None:
        scopes = i18n.terms(ref.consent_scopes, consent.scopes)
        events.append(_Event(consent.consented_on, -1, _t("同意"), scopes, "", consent))
        if consent.withdrawn_on is not None:
            events.append(_Event(consent.withdrawn_on, 6, _t("同意の撤回"), "", "", consent))
    events.sort(key=lambda e: (e.day, e.order), reverse=True)
    return [
        Record(
            (format_date(e.day), e.kind, e.text, e.number),
            (i18n.date_tooltip(e.day), None, e.text or None, None),
            e.item,
        )
        for e in events
    ]
