"""A child with consent, an open case, a resource and a referral: what a referral sheet prints."""

from __future__ import annotations

from datetime import date

from mccdesk import domain as d
from mccdesk.casebook import CaseBook

ALL_SCOPES = ("identity", "family", "medical", "background")


def make_referral(
    book: CaseBook,
    *,
    scopes: tuple[str, ...] | None = ALL_SCOPES,
    family: str = "神奈川",
    given: str = "陽菜",
    note: str = "退院後の訪問看護を調整中。",
    person: str = "青木 一郎",
) -> int:
    """The new referral's id; `scopes=None` records no consent at all."""
    consent = (
        None
        if scopes is None
        else d.Consent(consented_on=date(2024, 9, 1), consenter="神奈川 恵", scopes=scopes)
    )
    child = book.add_child(
        d.ChildDraft(
            family_name=family,
            given_name=given,
            family_kana="かながわ",
            given_kana="ひな",
            birth_date=date(2021, 5, 3),
            sex="female",
            residence="142018",
            address="横須賀市本町1-2-3",
            phone="046-000-1111",
            hospital="うみかぜ小児医療センター",
            doctor="藤井",
            care_types=("tracheostomy", "suction"),
            guardians=(d.Guardian("神奈川 恵", "かながわ めぐみ", "mother", "090-0000-2222"),),
            consent=consent,
        )
    )
    case = book.open_case(
        d.CaseDraft(
            opened_on=date(2024, 9, 2),
            contact_method="phone",
            consulter_type=book.ref.consulter_types.codes[0],
            residence="142018",
            topics=(book.ref.topics.codes[0],),
            child_id=child.id,
            note=note,
        )
    )
    resource = book.add_resource(
        d.ResourceDraft(
            name="よこすか訪問看護ステーション",
            kind=book.ref.resource_kinds.codes[0],
            residence="142018",
            department="地域連携室",
            contact_person=person,
        )
    )
    referral = book.refer(
        d.ReferralDraft(
            case_id=case.id,
            resource_id=resource.id,
            referred_on=date(2024, 9, 20),
            purpose="退院後の訪問看護の導入について",
            requested_items="週3回の訪問看護の受け入れ可否をご回答ください。",
            consent_checked=True,
        )
    )
    return referral.id
