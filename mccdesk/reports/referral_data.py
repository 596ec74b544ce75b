"""What a referral sheet says, gathered from the case book through its facade (no SQL).

Only what the child's consent covers on the print date is gathered: identity (name, birth date,
address) needs `identity`, guardians and contacts `family`, care types and doctors `medical`, the
background `background`. Without consent to identity nothing can be printed at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from mccdesk.errors import BadInput, NoConsentToPrint
from mccdesk.periods import age_on, wareki

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook


class NoChildToPrint(BadInput):
    ja: ClassVar[str] = (
        "紹介状を印刷できません: 紹介 {id} の相談ケースには児童が登録されていません。"
        "相談ケースの画面で児童を選んでから印刷してください。"
    )
    en: ClassVar[str] = (
        "Cannot print the referral sheet: the case of referral {id} has no child. "
        "Choose the child in the case screen, then print again."
    )


@dataclass(frozen=True)
class GuardianLine:
    relation: str  # label, e.g. 母
    name: str
    kana: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReferralSheetData:
    """Everything printed on one referral sheet, as text, in print order. None = not printed."""

    referral_id: int
    issued_on: date
    demo: bool
    case_number: str
    branch_name: str
    coordinator_name: str
    sender_phone: str
    sender_fax: str
    addressee_organisation: str
    addressee_department: str
    addressee_person: str  # the name alone ("" when none), see `addressee`
    addressee_honorific: str  # 様, 先生, or 御中 when there is no person
    child_name: str
    child_kana: str
    birth_date: date | None
    sex: str  # label
    address: str
    guardians: tuple[GuardianLine, ...] | None  # None: not covered by the consent
    contact_phone: str | None
    care_checklist: tuple[tuple[str, bool], ...] | None  # every care type, needed or not
    hospital: str | None
    doctor: str | None
    purpose: str
    requested_items: str
    background: str | None
    consenter: str
    consented_on: date
    consent_scopes: tuple[str, ...]  # labels of what the consent covers
    withheld: tuple[str, ...] = field(default=())  # labels of scopes not consented to

    @property
    def age(self) -> int | None:
        if self.birth_date is None or self.birth_date > self.issued_on:
            return None
        return age_on(self.birth_date, self.issued_on)

    @property
    def issued_text(self) -> str:
        return wareki(self.issued_on)


_ROLE_IN_BRACKETS = re.compile(r"[（(][^（()）]*担当[^（()）]*[)）]")
_ROLE_BEFORE = re.compile(r"^(?:ご|御)?担当者?\s*[:：]\s*")
_ROLE_AFTER = re.compile(r"[\s　・/／]*(?:ご|御)?担当者?$")
_HONORIFIC_AFTER = re.compile(r"[\s　]*(?:様|さま|殿|さん)$")
_DOCTOR = re.compile(r"[\s　]*(?:先生|医師)$")


def addressee(contact_person: str) -> tuple[str, str]:
    """The person a letter is addressed to and the honorific after the name.

    In a business letter the person's name stands alone under the organisation and department,
    followed by 様 (先生 for a doctor); role notes and honorifics typed into the contact field
    are dropped so they are not doubled: 「鈴木（担当）」→ 鈴木 様, 「藤井先生」→ 藤井 先生.
    A field holding only a role (「担当者様」) gives ご担当者 様; an empty field gives 御中,
    which goes after the department and is never combined with 様.
    """
    name = " ".join(contact_person.split())
    if not name:
        return "", "御中"
    honorific = "様"
    while True:  # strip from the end until nothing more comes off: 「鈴木（担当）様」
        before = name
        name = _ROLE_IN_BRACKETS.sub("", name).strip()
        name = _ROLE_BEFORE.sub("", name)
        name = _HONORIFIC_AFTER.sub("", name)
        if _DOCTOR.search(name):
            name, honorific = _DOCTOR.sub("", name), "先生"
        name = _ROLE_AFTER.sub("", name).strip()
        if name == before:
            break
    return (name, honorific) if name else ("ご担当者", "様")


def referral_sheet_data(
    book: CaseBook, referral_id: int, background: str | None = None, on: date | None = None
) -> ReferralSheetData:
    """Gather a referral sheet; `background` replaces the case note (edited before printing)."""
    on = on or date.today()
    ref = book.ref
    referral = book.referral(referral_id)  # raises NotFound
    case = book.case(referral.case_id)
    if case.child_id is None:
        raise NoChildToPrint(id=referral_id)
    child = book.child(case.child_id)
    consent = child.consent
    when = wareki(on)
    if consent is None:
        raise NoConsentToPrint(id=referral_id, date=when, reason="同意の記録なし / none recorded")
    if not consent.covers("identity", on):
        reason = (
            "同意は撤回されています / withdrawn"
            if consent.withdrawn_on is not None and consent.withdrawn_on <= on
            else "同意の範囲外または同意日より前 / not in scope or before the consent date"
        )
        raise NoConsentToPrint(id=referral_id, date=when, reason=reason)
    family = consent.covers("family", on)
    medical = consent.covers("medical", on)
    story = consent.covers("background", on)
    resource = book.store.resource(referral.resource_id)
    meta = book.store.meta()
    info = book.info()
    names = {c.id: c.name for c in book.coordinators()}
    coordinator = names.get(referral.coordinator_id or -1) or names.get(book.coordinator_id or -1)
    needed = set(child.care_types)
    person, honorific = addressee(resource.contact_person)
    return ReferralSheetData(
        referral_id=referral.id,
        issued_on=on,
        demo=info.demo,
        case_number=case.number,
        branch_name=info.branch_name,
        coordinator_name=coordinator or "",
        sender_phone=meta.get("branch_phone", "").strip(),
        sender_fax=meta.get("branch_fax", "").strip(),
        addressee_organisation=resource.name,
        addressee_department=resource.department,
        addressee_person=person,
        addressee_honorific=honorific,
        child_name=child.name,
        child_kana=child.kana,
        birth_date=child.birth_date,
        sex=ref.sexes.label(child.sex),
        address=child.address,
        guardians=tuple(
            GuardianLine(ref.guardian_relations.label(g.relation), g.name, g.kana, g.phone)
            for g in child.guardians
        )
        if family
        else None,
        contact_phone=child.phone if family else None,
        care_checklist=tuple((t.ja, t.code in needed) for t in ref.care_types) if medical else None,
        hospital=child.hospital if medical else None,
        doctor=child.doctor if medical else None,
        purpose=referral.purpose,
        requested_items=referral.requested_items,
        background=(case.note if background is None else background) if story else None,
        consenter=consent.consenter,
        consented_on=consent.consented_on,
        consent_scopes=tuple(ref.consent_scopes.label(c) for c in consent.scopes),
        withheld=tuple(t.ja for t in ref.consent_scopes if not consent.covers(t.code, on)),
    )
