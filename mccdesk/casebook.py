"""The case book's services: one facade the screens and the command line share.

Open it (`CaseBook.open`), choose the coordinator who is working, then call its operations.
Every code is checked against the reference data here, before anything is stored; every
change is written with its audit event by the storage layer. No Qt and no SQL here.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mccdesk import domain as d
from mccdesk.errors import (
    DemoApproveRefused,
    DemoBookRefuses,
    DemoImportRefused,
    InvalidValue,
    MccdeskError,
)
from mccdesk.periods import fiscal_year_of
from mccdesk.reference import Reference, reference
from mccdesk.storage import book as book_file
from mccdesk.storage import recovery_key
from mccdesk.storage.child_search import list_cases
from mccdesk.storage.keystore import KeyStore
from mccdesk.storage.store import Store


class _DemoStore(Store):
    """A demo book's store: synthetic people only, so nothing real may be imported into it."""

    def import_records(self, *args: object, **kwargs: object) -> list[int]:
        raise DemoImportRefused()


def _store_for(opened: book_file.OpenBook) -> Store:
    return _DemoStore(opened.engine) if opened.demo else Store(opened.engine)


class CaseBook:
    def __init__(self, opened: book_file.OpenBook, ref: Reference | None = None) -> None:
        self._book = opened
        self.ref = ref or reference()
        self.store = _store_for(opened)
        self.coordinator_id: int | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, keystore: KeyStore | None = None) -> CaseBook:
        return cls(book_file.open_book(folder, keystore or KeyStore()))

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        branch_id: str,
        branch_name: str,
        area: str,
        keystore: KeyStore | str | None = "os",
        today: date | None = None,
    ) -> tuple[CaseBook, bytes]:
        """A new case book, its key in the OS credential store ("os"), or a demo book (None)."""
        if keystore == "os":
            keystore = KeyStore()
        assert not isinstance(keystore, str)
        ref = reference()
        ref.area(area)  # raises InvalidValue for an unknown area
        if not branch_id.strip() or not branch_name.strip():
            raise InvalidValue(field="branch", reason="empty")
        meta = {
            "branch_id": branch_id.strip(),
            "branch_name": branch_name.strip(),
            "area": area,
            "created_on": (today or date.today()).isoformat(),
        }
        opened, key = book_file.create(folder, keystore, meta)
        book = cls(opened, ref)
        book.store.record_event("create", "casebook", None, None)
        return book, key

    @staticmethod
    def key_id_of(key: bytes) -> str:
        """The key's public ID (8 digits), printed beside its recovery key; never the key."""
        from mccdesk.storage import keycheck

        return keycheck.key_id(key)

    @staticmethod
    def recovery_key_text(key: bytes) -> str:
        """The key as the printed recovery key: groups of digits, each with a check digit."""
        return recovery_key.encode(key)

    @classmethod
    def unlock(cls, folder: Path, recovery_text: str) -> None:
        """Store the key typed from the recovery sheet for this user on this PC (a lost key
        check file is rebuilt from it)."""
        book_file.unlock(folder, KeyStore(), recovery_key.decode(recovery_text))
        with cls.open(folder) as book:
            book.store.record_event("unlock", "casebook", None, None, "recovery key")

    @classmethod
    def restore(
        cls,
        folder: Path,
        source: Path,
        ask_recovery_key: Callable[[book_file.BackupInfo | None], str] | None = None,
    ) -> book_file.Restored:
        """Replace the case book with a verified backup, or restore one into an empty folder
        (a new PC). `ask_recovery_key(info)` gives the recovery key (text) when no key stored
        here opens the backup; `info` says which key ID the backup needs, when it is known."""
        ask = None
        if ask_recovery_key is not None:
            ask = lambda info: recovery_key.decode(ask_recovery_key(info))  # noqa: E731
        restored = book_file.restore(folder, KeyStore(), source, ask)
        with cls.open(folder) as book:
            book.store.record_event("restore", "casebook", None, None)
        return restored

    @staticmethod
    def backup_info(source: Path) -> book_file.BackupInfo | None:
        """What the file beside a backup says about the key it needs (never the key)."""
        return book_file.read_backup_info(source)

    @staticmethod
    def storage_error(exc: BaseException, path: Path) -> MccdeskError | None:
        """A full disk, read-only place, unopenable file or I/O error behind `exc`, if any."""
        from mccdesk.storage import cipher

        return cipher.storage_error(exc, path)

    @staticmethod
    def check(folder: Path) -> list[str]:
        """Both integrity checks; an empty list means the file is healthy."""
        return book_file.check_file(folder, KeyStore())

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> CaseBook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def opened(self) -> book_file.OpenBook:
        return self._book

    def info(self) -> d.BookInfo:
        meta = self.store.meta()
        return d.BookInfo(
            book_id=meta["book_id"],
            branch_id=meta["branch_id"],
            branch_name=meta["branch_name"],
            area=meta["area"],
            demo=meta.get("demo") == "1" or self._book.demo,  # the demo key makes a demo
            created_on=date.fromisoformat(meta["created_on"]),
        )

    @property
    def key_id(self) -> str:
        """The public ID of the case book's key, as printed beside the recovery key."""
        return self._book.key_id

    def require_real(self, action: str = "approve") -> None:
        """Refuse work that must never be done with synthetic people (a demo book)."""
        if self._book.demo or self.info().demo:
            raise DemoApproveRefused() if action == "approve" else DemoBookRefuses()

    # --- coordinators -------------------------------------------------------------------------

    def add_coordinator(self, name: str, kana: str = "") -> d.Coordinator:
        if not name.strip():
            raise InvalidValue(field="coordinator", reason="empty name")
        return self.store.add_coordinator(name.strip(), kana.strip(), self.coordinator_id)

    def rename_coordinator(self, coordinator_id: int, name: str, kana: str = "") -> d.Coordinator:
        """A new name (marriage, a typo): past records show the new one, the audit keeps who."""
        if not name.strip():
            raise InvalidValue(field="担当者名", reason="空です / empty")
        if len(name.strip()) > 100 or len(kana.strip()) > 100:  # the columns' length
            raise InvalidValue(field="担当者名", reason="100文字まで / up to 100 characters")
        return self.store.rename_coordinator(
            coordinator_id, name.strip(), kana.strip(), self.coordinator_id
        )

    def coordinators(self) -> list[d.Coordinator]:
        return self.store.coordinators()

    def use_coordinator(self, coordinator_id: int) -> d.Coordinator:
        """Choose who is working: stored on every record they touch from now on."""
        for c in self.store.coordinators():
            if c.id == coordinator_id and c.active:
                self.coordinator_id = c.id
                return c
        raise InvalidValue(field="coordinator", reason=f"no active coordinator {coordinator_id}")

    # --- validation ---------------------------------------------------------------------------

    def _codes(self, vocab_name: str, codes: Iterable[str], field: str) -> tuple[str, ...]:
        vocab = getattr(self.ref, vocab_name)
        return tuple(vocab.require(c, field) for c in codes)

    def _child_draft(self, draft: d.ChildDraft) -> d.ChildDraft:
        if not draft.family_name.strip():
            raise InvalidValue(field="family_name", reason="empty")
        self.ref.sexes.require(draft.sex, "sex")
        self.ref.residences.require(draft.residence, "residence")
        self._codes("care_types", draft.care_types, "care_types")
        for g in draft.guardians:
            self.ref.guardian_relations.require(g.relation, "guardian.relation")
        if draft.consent is not None:
            self._codes("consent_scopes", draft.consent.scopes, "consent.scopes")
        if draft.birth_date is not None and draft.birth_date > date.today():
            raise InvalidValue(field="birth_date", reason="in the future")
        return draft

    def _case_draft(self, draft: d.CaseDraft) -> d.CaseDraft:
        self.ref.contact_methods.require(draft.contact_method, "contact_method")
        self.ref.consulter_types.require(draft.consulter_type, "consulter_type")
        self.ref.residences.require(draft.residence, "residence")
        self.ref.case_statuses.require(draft.status, "status")
        if not draft.topics:
            raise InvalidValue(field="topics", reason="at least one topic")
        self._codes("topics", draft.topics, "topics")
        if draft.supporter_organisation is not None:
            self.ref.supporter_organisations.require(
                draft.supporter_organisation, "supporter_organisation"
            )
        return draft

    # --- children -----------------------------------------------------------------------------

    def add_child(self, draft: d.ChildDraft) -> d.Child:
        return self.store.add_child(self._child_draft(draft), self.coordinator_id)

    def update_child(self, child_id: int, draft: d.ChildDraft) -> d.Child:
        return self.store.update_child(child_id, self._child_draft(draft), self.coordinator_id)

    def child(self, child_id: int) -> d.Child:
        return self.store.child(child_id)

    def search_children(self, query: str, limit: int = 200) -> list[d.Child]:
        return self.store.search_children(query, limit)

    # --- cases --------------------------------------------------------------------------------

    def open_case(self, draft: d.CaseDraft) -> d.Case:
        """Record a first contact. A case may have no identified child yet."""
        draft = self._case_draft(draft)
        if draft.child_id is not None:
            self.store.child(draft.child_id)  # raises NotFound
        case = self.store.open_case(
            dataclasses.replace(draft, status="ongoing"),
            fiscal_year_of(draft.opened_on),
            self.coordinator_id,
        )
        if draft.status != "ongoing":
            case = self.change_status(case.id, draft.status, draft.opened_on)
        return case

    def update_case(self, case_id: int, draft: d.CaseDraft) -> d.Case:
        return self.store.update_case(case_id, self._case_draft(draft), self.coordinator_id)

    def change_status(self, case_id: int, status: str, effective_on: date) -> d.Case:
        self.ref.case_statuses.require(status, "status")
        case = self.store.case(case_id)
        if effective_on < case.opened_on:
            raise InvalidValue(field="status date", reason="before the case was opened")
        return self.store.change_case_status(case_id, status, effective_on, self.coordinator_id)

    def case(self, case_id: int) -> d.Case:
        return self.store.case(case_id)

    def cases(self, **filters: object) -> list[d.Case]:
        """Newest first. Filters: child_id, opened_from, opened_to, status, ids, limit, and
        before=(opened_on, id) to read on after a case (the cases screen reads page by page).
        Core rows, not ORM objects: 100,000 cases take about 2 s instead of 40 s."""
        return list_cases(self._book.engine, **filters)  # type: ignore[arg-type]

    def status_history(self, case_id: int) -> list[d.StatusChange]:
        return self.store.case_history(case_id)

    # --- activities ---------------------------------------------------------------------------

    def record_activity(self, draft: d.ActivityDraft) -> d.Activity:
        self.ref.activity_kinds.require(draft.kind, "kind")
        if draft.method is not None:
            self.ref.contact_methods.require(draft.method, "method")
        if draft.minutes is not None and not 0 <= draft.minutes <= 24 * 60:
            raise InvalidValue(field="minutes", reason="0 to 1440")
        return self.store.add_activity(draft, self.coordinator_id)

    def delete_activity(self, activity_id: int) -> d.Change:
        self.store.set_activity_deleted(activity_id, True, self.coordinator_id)
        return d.Change("activity", activity_id, "delete")

    def undo_delete_activity(self, activity_id: int) -> d.Change:
        self.store.set_activity_deleted(activity_id, False, self.coordinator_id)
        return d.Change("activity", activity_id, "restore")

    def activities(
        self, case_id: int | None = None, child_id: int | None = None
    ) -> list[d.Activity]:
        return self.store.activities(case_id, child_id)

    # --- resources and referrals --------------------------------------------------------------

    def _resource_draft(self, draft: d.ResourceDraft) -> d.ResourceDraft:
        if not draft.name.strip():
            raise InvalidValue(field="name", reason="empty")
        self.ref.resource_kinds.require(draft.kind, "kind")
        self.ref.residences.require(draft.residence, "residence")
        self._codes("care_types", draft.care_types, "care_types")
        return draft

    def add_resource(self, draft: d.ResourceDraft) -> d.Resource:
        return self.store.add_resource(self._resource_draft(draft), self.coordinator_id)

    def update_resource(self, resource_id: int, draft: d.ResourceDraft) -> d.Resource:
        return self.store.update_resource(
            resource_id, self._resource_draft(draft), self.coordinator_id
        )

    def retire_resource(self, resource_id: int, on: date | None = None) -> d.Resource:
        """Resources are retired, never deleted: referrals keep pointing at them."""
        return self.store.set_resource_retired(resource_id, on or date.today(), self.coordinator_id)

    def reinstate_resource(self, resource_id: int) -> d.Resource:
        return self.store.set_resource_retired(resource_id, None, self.coordinator_id)

    def resources(self, include_retired: bool = False) -> list[d.Resource]:
        return self.store.resources(include_retired)

    def suggest_resources(
        self, child_id: int, kinds: Iterable[str] | None = None
    ) -> list[d.Suggestion]:
        """Resources in the child's municipality or area, best first: those accepting every care
        type the child needs, then the same municipality, then fewest care types missing."""
        child = self.store.child(child_id)
        area = self.ref.area_of(child.residence)
        places = set(area.municipalities) if area else {child.residence}
        places.add(child.residence)
        wanted_kinds = set(kinds) if kinds else None
        needed = set(child.care_types)
        suggestions = []
        for res in self.store.resources_for(sorted(places)):
            if wanted_kinds is not None and res.kind not in wanted_kinds:
                continue
            missing = tuple(sorted(needed - set(res.care_types)))
            suggestions.append(
                d.Suggestion(
                    resource=res,
                    same_municipality=res.residence == child.residence,
                    same_area=True,
                    accepts_all_care=not missing,
                    missing_care_types=missing,
                )
            )
        suggestions.sort(
            key=lambda s: (
                not s.accepts_all_care,
                not s.same_municipality,
                len(s.missing_care_types),
                s.resource.name,
            )
        )
        return suggestions

    def refer(self, draft: d.ReferralDraft) -> d.Referral:
        return self.store.add_referral(draft, self.coordinator_id)

    def change_referral_status(
        self, referral_id: int, status: str, effective_on: date
    ) -> d.Referral:
        self.ref.referral_statuses.require(status, "status")
        return self.store.change_referral_status(
            referral_id, status, effective_on, self.coordinator_id
        )

    def referral(self, referral_id: int) -> d.Referral:
        return self.store.referral(referral_id)

    def referrals(
        self, case_id: int | None = None, child_id: int | None = None
    ) -> list[d.Referral]:
        return self.store.referrals(case_id, child_id)

    # --- follow-ups ---------------------------------------------------------------------------

    def schedule_follow_up(self, draft: d.FollowUpDraft) -> d.FollowUp:
        return self.store.add_follow_up(draft, self.coordinator_id)

    def complete_follow_up(
        self,
        follow_up_id: int,
        done_on: date,
        outcome: str,
        next_due: date | None = None,
        next_purpose: str = "",
    ) -> tuple[d.FollowUp, d.FollowUp | None]:
        if next_due is not None and next_due < done_on:
            raise InvalidValue(field="next_due", reason="before the completion date")
        return self.store.complete_follow_up(
            follow_up_id, done_on, outcome, self.coordinator_id, next_due, next_purpose
        )

    def delete_follow_up(self, follow_up_id: int) -> d.Change:
        self.store.set_follow_up_deleted(follow_up_id, True, self.coordinator_id)
        return d.Change("follow_up", follow_up_id, "delete")

    def undo_delete_follow_up(self, follow_up_id: int) -> d.Change:
        self.store.set_follow_up_deleted(follow_up_id, False, self.coordinator_id)
        return d.Change("follow_up", follow_up_id, "restore")

    def follow_ups(self, **filters: object) -> list[d.FollowUp]:
        return self.store.follow_ups(**filters)  # type: ignore[arg-type]

    def overdue_follow_ups(self, today: date | None = None) -> list[d.FollowUp]:
        return self.store.follow_ups(open_only=True, due_before=today or date.today())

    # --- local issues -------------------------------------------------------------------------

    def _issue_draft(self, draft: d.LocalIssueDraft) -> d.LocalIssueDraft:
        if not draft.title.strip():
            raise InvalidValue(field="title", reason="empty")
        if draft.topic is not None:
            self.ref.topics.require(draft.topic, "topic")
        self.ref.local_issue_statuses.require(draft.status, "status")
        return draft

    def add_local_issue(self, draft: d.LocalIssueDraft) -> d.LocalIssue:
        return self.store.add_local_issue(self._issue_draft(draft), self.coordinator_id)

    def update_local_issue(self, issue_id: int, draft: d.LocalIssueDraft) -> d.LocalIssue:
        return self.store.update_local_issue(
            issue_id, self._issue_draft(draft), self.coordinator_id
        )

    def local_issues(self) -> list[d.LocalIssue]:
        return self.store.local_issues()

    # --- counts -------------------------------------------------------------------------------

    def count_cases_opened(self, start: date, end: date, by: str) -> dict[str, int]:
        return self.store.count_cases_opened(start, end, by)

    def status_on(self, day: date, opened_from: date | None = None) -> dict[str, int]:
        return self.store.count_status_on(day, opened_from)

    def totals(self, today: date | None = None) -> dict[str, int]:
        """Headline counts; "follow_ups_due" counts the open follow-ups due in the 7 days from
        today (the follow-ups page's 今週 list)."""
        today = today or date.today()
        return self.store.totals(today, today + timedelta(days=d.FOLLOW_UP_WEEK_DAYS - 1))

    # --- file operations ----------------------------------------------------------------------

    def backup(self, target: Path) -> Path:
        path = book_file.backup(self._book, target)
        self.store.record_event("backup", "casebook", None, self.coordinator_id)
        return path

    def record_printed(self, entity: str, entity_id: int) -> None:
        """Audit a document saved from a screen (the record's id only, never its content)."""
        self.store.record_event("print", entity, entity_id, self.coordinator_id)

    def rotate_key(
        self,
        keystore: KeyStore | None = None,
        *,
        show: Callable[[bytes, str], None],
        confirm: Callable[[bytes], bool],
    ) -> bytes:
        """Change the key. `show(new_key, key_id)` shows the new recovery key (and saves its
        sheet); `confirm(new_key)` asks the person to type part of it back and says whether
        they did. Only then is the book re-keyed; until then, and if they do
        not, the current recovery key stays valid (errors.RotationNotConfirmed)."""
        key = book_file.rotate(self._book, keystore or KeyStore(), show=show, confirm=confirm)
        self.store = _store_for(self._book)
        self.store.record_event("rekey", "casebook", None, self.coordinator_id)
        return key

    # --- settings (shared by every PC of the branch) --------------------------------------------

    MAX_BACKUP_DAYS = 365

    def settings(self) -> d.BookSettings:
        meta = self.store.meta()
        last = meta.get("last_backup_at", "")
        days = meta.get("backup_every_days", "0")
        return d.BookSettings(
            drop_folder=meta.get("drop_folder", ""),
            backup_folder=meta.get("backup_folder", ""),
            backup_every_days=int(days) if days.isdigit() else 0,
            last_backup_at=datetime.fromisoformat(last) if last else None,
            branch_phone=meta.get("branch_phone", ""),
            branch_fax=meta.get("branch_fax", ""),
        )

    def update_settings(self, **changes: object) -> d.BookSettings:
        """Check and store the given settings (only those that changed), audited by key name."""
        new = dataclasses.replace(self.settings(), **changes)  # type: ignore[arg-type]
        new = dataclasses.replace(
            new,
            drop_folder=_folder_setting(new.drop_folder, "送付フォルダ"),
            backup_folder=_folder_setting(new.backup_folder, "バックアップ先"),
            branch_phone=_phone_setting(new.branch_phone, "電話番号"),
            branch_fax=_phone_setting(new.branch_fax, "FAX番号"),
        )
        if not 0 <= new.backup_every_days <= self.MAX_BACKUP_DAYS:
            raise InvalidValue(field="バックアップの間隔", reason=f"0〜{self.MAX_BACKUP_DAYS}日")
        old = self.settings()
        values = {  # meta keys are the field names (referral sheets read branch_phone/_fax)
            f.name: _meta_text(getattr(new, f.name))
            for f in dataclasses.fields(new)
            if getattr(new, f.name) != getattr(old, f.name)
        }
        if values:
            self.store.set_meta(values, self.coordinator_id)
        return new

    def backup_due(self, now: datetime | None = None) -> bool:
        """Whether the schedule asks for a backup now (a folder and an interval are set)."""
        s = self.settings()
        if not s.backup_folder or s.backup_every_days <= 0:
            return False
        now = now or datetime.now(UTC).replace(tzinfo=None)
        return s.last_backup_at is None or now - s.last_backup_at >= timedelta(
            days=s.backup_every_days
        )

    def backup_to_folder(self, now: datetime | None = None) -> Path:
        """A verified backup in the settings' backup folder, named by branch and time (UTC)."""
        s = self.settings()
        if not s.backup_folder:
            raise InvalidValue(field="バックアップ先", reason="未設定 / not set")
        now = now or datetime.now(UTC).replace(tzinfo=None)
        name = f"mccdesk-{self.info().branch_id}-{now:%Y%m%d-%H%M%S}.db"
        path = self.backup(Path(s.backup_folder) / name)
        self.update_settings(last_backup_at=now)
        return path

    def set_coordinator_active(self, coordinator_id: int, active: bool) -> d.Coordinator:
        """Coordinators are deactivated, never deleted: their records keep their name."""
        if not active and coordinator_id == self.coordinator_id:
            raise InvalidValue(field="担当者", reason="作業中の担当者です / currently working")
        self.store.set_coordinator_active(coordinator_id, active, self.coordinator_id)
        return next(c for c in self.store.coordinators() if c.id == coordinator_id)

    @staticmethod
    def recovery_group_ok(text: str, index: int) -> bool:
        """Whether `text` is a correct group `index` (1..16) of a recovery key, as it is typed."""
        return recovery_key.check_group(text, index)


def _meta_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return "" if value is None else str(value)


def _folder_setting(text: str, field: str) -> str:
    text = str(text).strip()
    if text and not Path(text).is_absolute():
        raise InvalidValue(field=field, reason="フォルダを選んでください / choose a folder")
    return text


_PHONE_CHARS = frozenset("0123456789-()+ ")


def _phone_setting(text: str, field: str) -> str:
    """Full-width digits and dashes as typed with a Japanese IME become ASCII."""
    text = unicodedata.normalize("NFKC", str(text)).replace("ー", "-").replace("−", "-").strip()
    if text and (
        len(text) > 30 or not set(text) <= _PHONE_CHARS or not any(c.isdigit() for c in text)
    ):
        raise InvalidValue(field=field, reason="数字と - ( ) のみ / digits, - and ( ) only")
    return text
