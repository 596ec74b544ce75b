"""What the case book holds, as plain frozen values.

These leave the storage layer; screens, reports and the summary builder read them. Codes are
reference-data codes (see `mccdesk.reference`); `residence` is a municipality code, `outside` or
`unknown`. Ids are the case book's row ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# A follow-up is "due this week" from today to six days after: the follow-ups page's 今週 list
# and the home page's tile count the same ones.
FOLLOW_UP_WEEK_DAYS = 7


@dataclass(frozen=True)
class Coordinator:
    id: int
    name: str
    kana: str = ""
    active: bool = True


@dataclass(frozen=True)
class Guardian:
    name: str
    kana: str = ""
    relation: str = "other"
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Consent:
    consented_on: date
    consenter: str  # who consented, e.g. the mother's name
    scopes: tuple[str, ...]  # consent_scopes codes
    note: str = ""
    withdrawn_on: date | None = None

    def covers(self, scope: str, on: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return False
        return self.consented_on <= on and scope in self.scopes


@dataclass(frozen=True)
class ChildDraft:
    """What a coordinator enters for a child; the case book adds id and history."""

    family_name: str
    given_name: str
    family_kana: str = ""
    given_kana: str = ""
    birth_date: date | None = None
    sex: str = "unspecified"
    residence: str = "unknown"
    address: str = ""
    phone: str = ""
    hospital: str = ""
    doctor: str = ""
    care_types: tuple[str, ...] = ()
    guardians: tuple[Guardian, ...] = ()
    consent: Consent | None = None
    note: str = ""


@dataclass(frozen=True)
class Child(ChildDraft):
    id: int = 0
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def kana(self) -> str:
        return f"{self.family_kana} {self.given_kana}".strip()


@dataclass(frozen=True)
class CaseDraft:
    opened_on: date
    contact_method: str
    consulter_type: str
    residence: str
    topics: tuple[str, ...]
    supporter_organisation: str | None = None
    child_id: int | None = None
    status: str = "ongoing"
    note: str = ""


@dataclass(frozen=True)
class StatusChange:
    status: str
    effective_on: date
    coordinator_id: int | None = None


@dataclass(frozen=True)
class Case(CaseDraft):
    id: int = 0
    number: str = ""  # 受付番号 such as 2024-0012: unique within the case book
    status_changed_on: date | None = None
    coordinator_id: int | None = None
    child_name: str = ""
    child_kana: str = ""


@dataclass(frozen=True)
class ActivityDraft:
    case_id: int
    occurred_on: date
    kind: str
    method: str | None = None
    minutes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Activity(ActivityDraft):
    id: int = 0
    coordinator_id: int | None = None


@dataclass(frozen=True)
class ResourceDraft:
    name: str
    kind: str
    residence: str
    department: str = ""
    contact_person: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    address: str = ""
    care_types: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Resource(ResourceDraft):
    id: int = 0
    retired_on: date | None = None


@dataclass(frozen=True)
class Suggestion:
    resource: Resource
    same_municipality: bool
    same_area: bool
    accepts_all_care: bool
    missing_care_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferralDraft:
    case_id: int
    resource_id: int
    referred_on: date
    purpose: str = ""
    requested_items: str = ""
    consent_checked: bool = False


@dataclass(frozen=True)
class Referral(ReferralDraft):
    id: int = 0
    status: str = "requested"
    status_changed_on: date | None = None
    coordinator_id: int | None = None
    history: tuple[StatusChange, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class FollowUpDraft:
    case_id: int
    due_on: date
    purpose: str = ""


@dataclass(frozen=True)
class FollowUp(FollowUpDraft):
    id: int = 0
    done_on: date | None = None
    outcome: str = ""
    coordinator_id: int | None = None

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


@dataclass(frozen=True)
class LocalIssueDraft:
    title: str
    raised_on: date
    topic: str | None = None
    body: str = ""
    status: str = "open"


@dataclass(frozen=True)
class LocalIssue(LocalIssueDraft):
    id: int = 0


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    coordinator_id: int | None
    action: str  # create, update, delete, restore, print, export, unlock, backup, import, rekey
    entity: str  # table-like name: child, case, activity, referral, follow_up, resource…
    entity_id: int | None
    detail: str = ""  # codes and field names only, never personal data


@dataclass(frozen=True)
class BookInfo:
    book_id: str
    branch_id: str
    branch_name: str
    area: str
    demo: bool
    created_on: date


@dataclass(frozen=True)
class BookSettings:
    """The case book's own settings, in its meta table: every PC of the branch shares them."""

    drop_folder: str = ""  # the prefecture's file drop; "" = not set
    backup_folder: str = ""  # where scheduled and "今すぐ" backups go; "" = not set
    backup_every_days: int = 0  # 0 = no scheduled backup
    last_backup_at: datetime | None = None  # UTC, naive
    branch_phone: str = ""  # printed on referral sheets
    branch_fax: str = ""


@dataclass(frozen=True)
class Change:
    """What a mutation changed, so a screen can refresh only that."""

    entity: str
    id: int
    action: str = "update"
