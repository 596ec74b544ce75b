"""Reads and writes of the case book's records. Returns plain frozen dataclasses, never ORM rows.

Every mutation runs in one transaction together with its audit event and the coordinator who
made it. Inputs are validated by the services (mccdesk.casebook) before they arrive here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import Engine, Integer, cast, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from mccdesk import domain as d
from mccdesk.errors import AlreadyCompleted, AlreadyRetired, NotFound
from mccdesk.storage import child_search, cipher, import_write
from mccdesk.storage import schema as s
from mccdesk.textnorm import search_key


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _child_key(draft: d.ChildDraft) -> str:
    return search_key(
        f"{draft.family_name}{draft.given_name} {draft.family_kana}{draft.given_kana}"
    )


class Store:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Reads begin deferred: they never hold the write lock another process waits for.
        self._reads = cipher.read_only_sessions(engine)

    # --- helpers ------------------------------------------------------------------------------

    def _audit(
        self,
        session: Session,
        actor: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
    ) -> None:
        session.add(
            s.AuditEvent(
                at=_now(),
                coordinator_id=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        )

    @staticmethod
    def _stamp(row: s.Stamped, actor: int | None, new: bool) -> None:
        now = _now()
        if new:
            row.created_at, row.created_by = now, actor
        row.updated_at, row.updated_by = now, actor

    def _add(self, session: Session, row: s.Stamped, actor: int | None) -> None:
        """Insert a new record stamped as made by `actor` (flushed: it has its id)."""
        self._stamp(row, actor, new=True)
        session.add(row)
        session.flush()

    def _create(self, session: Session, row: Any, actor: int | None, entity: str) -> None:
        """`_add`, audited as created."""
        self._add(session, row, actor)
        self._audit(session, actor, "create", entity, row.id)

    def _changed(
        self,
        session: Session,
        row: Any,
        actor: int | None,
        entity: str,
        detail: str = "",
        action: str = "update",
    ) -> None:
        """Stamp `row` as changed by `actor` and audit the change."""
        self._stamp(row, actor, new=False)
        self._audit(session, actor, action, entity, row.id, detail)

    @staticmethod
    def _get(session: Session, model: type, id_: int, kind: str):  # type: ignore[no-untyped-def]
        row = session.get(model, id_)
        if row is None:
            raise NotFound(kind=kind, id=id_)
        return row

    @staticmethod
    def _copy(row: object, draft: object, names: Iterable[str]) -> None:
        """The fields a record keeps as the draft gave them."""
        for name in names:
            setattr(row, name, getattr(draft, name))

    @staticmethod
    def _codes(rows: list[Any], model: type, attr: str, wanted: Iterable[str]) -> list[Any]:
        """A record's code rows (its topics, its care types) for `wanted`: the rows already
        there kept as they are, the missing ones made, in code order."""
        wanted = set(wanted)
        kept = [r for r in rows if getattr(r, attr) in wanted]
        have = {getattr(r, attr) for r in kept}
        return kept + [model(**{attr: code}) for code in sorted(wanted - have)]

    @staticmethod
    def _status_change(model: type, status: str, on: date, actor: int | None) -> Any:
        return model(status=status, effective_on=on, recorded_at=_now(), coordinator_id=actor)

    def _change_status(
        self,
        session: Session,
        row: s.Case | s.Referral,
        change: type,
        entity: str,
        status: str,
        effective_on: date,
        actor: int | None,
    ) -> None:
        """Append a `change` (the history's model) to the record's history. The status now is
        the latest by effective date (a back-dated change may not be)."""
        row.history.append(self._status_change(change, status, effective_on, actor))
        session.flush()
        latest = max(row.history, key=lambda h: (h.effective_on, h.id))
        row.status, row.status_changed_on = latest.status, latest.effective_on
        self._changed(session, row, actor, entity, f"status={status}")

    def _set_deleted(
        self, model: type, entity: str, id_: int, deleted: bool, actor: int | None
    ) -> None:
        with self._sessions.begin() as session:
            row = self._get(session, model, id_, entity)
            row.deleted_at = _now() if deleted else None
            self._changed(session, row, actor, entity, action="delete" if deleted else "restore")

    # --- meta and audit -----------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        with self._reads() as session:
            return {m.key: m.value for m in session.scalars(select(s.Meta))}

    def set_meta(self, values: dict[str, str], actor: int | None) -> None:
        with self._sessions.begin() as session:
            for key, value in values.items():
                session.merge(s.Meta(key=key, value=value))
            self._audit(session, actor, "update", "settings", None, ",".join(sorted(values)))

    def record_event(
        self, action: str, entity: str, entity_id: int | None, actor: int | None, detail: str = ""
    ) -> None:
        """Audit an action that changes no record: print, export, unlock, backup…"""
        with self._sessions.begin() as session:
            self._audit(session, actor, action, entity, entity_id, detail)

    def audit_events(self, limit: int = 200) -> list[d.AuditEvent]:
        with self._reads() as session:
            rows = session.scalars(
                select(s.AuditEvent).order_by(s.AuditEvent.id.desc()).limit(limit)
            )
            return [
                d.AuditEvent(
                    r.id, r.at, r.coordinator_id, r.action, r.entity, r.entity_id, r.detail
                )
                for r in rows
            ]

    # --- coordinators -------------------------------------------------------------------------

    def add_coordinator(self, name: str, kana: str, actor: int | None) -> d.Coordinator:
        with self._sessions.begin() as session:
            row = s.Coordinator(name=name, kana=kana, active=True, created_at=_now())
            session.add(row)
            session.flush()
            self._audit(session, actor, "create", "coordinator", row.id)
            return d.Coordinator(row.id, row.name, row.kana, row.active)

    def set_coordinator_active(self, id_: int, active: bool, actor: int | None) -> None:
        with self._sessions.begin() as session:
            self._get(session, s.Coordinator, id_, "coordinator").active = active
            self._audit(session, actor, "update", "coordinator", id_, f"active={int(active)}")

    def rename_coordinator(
        self, id_: int, name: str, kana: str, actor: int | None
    ) -> d.Coordinator:
        with self._sessions.begin() as session:
            row = self._get(session, s.Coordinator, id_, "coordinator")
            row.name, row.kana = name, kana
            self._audit(session, actor, "update", "coordinator", id_, "name")  # never the name
            return d.Coordinator(row.id, row.name, row.kana, row.active)

    def coordinators(self) -> list[d.Coordinator]:
        with self._reads() as session:
            rows = session.scalars(select(s.Coordinator).order_by(s.Coordinator.id))
            return [d.Coordinator(r.id, r.name, r.kana, r.active) for r in rows]

    # --- children -----------------------------------------------------------------------------

    @staticmethod
    def _child(row: s.Child) -> d.Child:
        consent = None
        if row.consents:
            c = row.consents[-1]
            consent = d.Consent(
                c.consented_on, c.consenter, tuple(c.scopes.split()), c.note, c.withdrawn_on
            )
        return child_search.make_child(
            [getattr(row, name) for name in child_search.CHILD_FIELDS],
            care_types=tuple(sorted(ct.care_type for ct in row.care_types)),
            guardians=tuple(
                d.Guardian(g.name, g.kana, g.relation, g.phone, g.email, g.address)
                for g in row.guardians
            ),
            consent=consent,
            id_=row.id,
            updated_at=row.updated_at,
        )

    def _fill_child(self, row: s.Child, draft: d.ChildDraft) -> None:
        self._copy(row, draft, child_search.CHILD_FIELDS)
        row.search_key = _child_key(draft)
        row.care_types = self._codes(row.care_types, s.ChildCareType, "care_type", draft.care_types)
        row.guardians = [
            s.Guardian(
                position=i,
                name=g.name,
                kana=g.kana,
                relation=g.relation,
                phone=g.phone,
                email=g.email,
                address=g.address,
            )
            for i, g in enumerate(draft.guardians)
        ]

    @staticmethod
    def _consent_changed(row: s.Child, consent: d.Consent | None) -> bool:
        if consent is None:
            return False
        if not row.consents:
            return True
        last = row.consents[-1]
        return (
            last.consented_on,
            last.consenter,
            tuple(last.scopes.split()),
            last.note,
            last.withdrawn_on,
        ) != (
            consent.consented_on,
            consent.consenter,
            consent.scopes,
            consent.note,
            consent.withdrawn_on,
        )

    def _write_child(self, session: Session, row: s.Child, draft: d.ChildDraft) -> None:
        self._fill_child(row, draft)
        if self._consent_changed(row, draft.consent):
            c = draft.consent
            assert c is not None
            row.consents.append(
                s.ConsentRecord(
                    consented_on=c.consented_on,
                    consenter=c.consenter,
                    scopes=" ".join(c.scopes),
                    note=c.note,
                    withdrawn_on=c.withdrawn_on,
                    recorded_at=_now(),
                )
            )

    def add_child(self, draft: d.ChildDraft, actor: int | None) -> d.Child:
        with self._sessions.begin() as session:
            row = s.Child()
            self._write_child(session, row, draft)
            self._create(session, row, actor, "child")
            return self._child(row)

    def update_child(self, id_: int, draft: d.ChildDraft, actor: int | None) -> d.Child:
        with self._sessions.begin() as session:
            row = self._get(session, s.Child, id_, "child")
            consent_changed = self._consent_changed(row, draft.consent)
            self._write_child(session, row, draft)
            self._changed(session, row, actor, "child", "consent" if consent_changed else "")
            session.flush()
            return self._child(row)

    def child(self, id_: int) -> d.Child:
        with self._reads() as session:
            return self._child(self._get(session, s.Child, id_, "child"))

    def search_children(self, query: str, limit: int = 200) -> list[d.Child]:
        """Children whose name or kana contains the query (kana and width folded)."""
        return child_search.search_children(self._engine, query, limit)

    # --- cases --------------------------------------------------------------------------------

    @staticmethod
    def _case(row: s.Case, child: s.Child | None = None) -> d.Case:
        return d.Case(
            opened_on=row.opened_on,
            contact_method=row.contact_method,
            consulter_type=row.consulter_type,
            residence=row.residence,
            topics=tuple(sorted(t.topic for t in row.topics)),
            supporter_organisation=row.supporter_organisation,
            child_id=row.child_id,
            status=row.status,
            note=row.note,
            id=row.id,
            number=row.number,
            status_changed_on=row.status_changed_on,
            coordinator_id=row.created_by,
            child_name=f"{child.family_name} {child.given_name}" if child else "",
            child_kana=f"{child.family_kana} {child.given_kana}".strip() if child else "",
        )

    def _case_of(self, session: Session, row: s.Case) -> d.Case:
        """The case with its child's name."""
        child = session.get(s.Child, row.child_id) if row.child_id else None
        return self._case(row, child)

    @staticmethod
    def _next_number(session: Session, fiscal_year: int) -> str:
        prefix = f"{fiscal_year}-"
        # Numeric maximum: as text, "2024-10000" would sort below "2024-9999".
        sequence = cast(func.substr(s.Case.number, len(prefix) + 1), Integer)
        last = session.scalar(select(func.max(sequence)).where(s.Case.number.like(prefix + "%")))
        return f"{prefix}{(last or 0) + 1:04d}"

    def _insert_case(
        self,
        session: Session,
        draft: d.CaseDraft,
        fiscal_year: int,
        actor: int | None,
        closed_on: date | None = None,
    ) -> s.Case:
        row = s.Case(
            number=self._next_number(session, fiscal_year),
            opened_on=draft.opened_on,
            contact_method=draft.contact_method,
            consulter_type=draft.consulter_type,
            supporter_organisation=draft.supporter_organisation,
            residence=draft.residence,
            child_id=draft.child_id,
            status="ongoing",
            status_changed_on=draft.opened_on,
            note=draft.note,
        )
        row.topics = [s.CaseTopic(topic=t) for t in sorted(set(draft.topics))]
        change = s.CaseStatusChange
        row.history = [self._status_change(change, "ongoing", draft.opened_on, actor)]
        if draft.status != "ongoing":
            on = closed_on or draft.opened_on
            row.status, row.status_changed_on = draft.status, on
            row.history.append(self._status_change(change, draft.status, on, actor))
        self._add(session, row, actor)
        return row

    def open_case(self, draft: d.CaseDraft, fiscal_year: int, actor: int | None) -> d.Case:
        with self._sessions.begin() as session:
            row = self._insert_case(session, draft, fiscal_year, actor)
            self._audit(session, actor, "create", "case", row.id)
            return self._case_of(session, row)

    def update_case(self, id_: int, draft: d.CaseDraft, actor: int | None) -> d.Case:
        """Change what was recorded at first contact (status changes go through change_status)."""
        with self._sessions.begin() as session:
            row = self._get(session, s.Case, id_, "case")
            self._copy(
                row,
                draft,
                (
                    "opened_on",
                    "contact_method",
                    "consulter_type",
                    "supporter_organisation",
                    "residence",
                    "child_id",
                    "note",
                ),
            )
            row.topics = self._codes(row.topics, s.CaseTopic, "topic", draft.topics)
            self._changed(session, row, actor, "case")
            session.flush()
            return self._case_of(session, row)

    def change_case_status(
        self, id_: int, status: str, effective_on: date, actor: int | None
    ) -> d.Case:
        with self._sessions.begin() as session:
            row = self._get(session, s.Case, id_, "case")
            self._change_status(
                session, row, s.CaseStatusChange, "case", status, effective_on, actor
            )
            return self._case_of(session, row)

    def case(self, id_: int) -> d.Case:
        with self._reads() as session:
            return self._case_of(session, self._get(session, s.Case, id_, "case"))

    def case_history(self, id_: int) -> list[d.StatusChange]:
        with self._reads() as session:
            row = self._get(session, s.Case, id_, "case")
            return [d.StatusChange(h.status, h.effective_on, h.coordinator_id) for h in row.history]

    def cases(
        self,
        *,
        child_id: int | None = None,
        opened_from: date | None = None,
        opened_to: date | None = None,
        status: str | None = None,
        limit: int | None = None,
    ) -> list[d.Case]:
        with self._reads() as session:
            stmt = (
                select(s.Case, s.Child)
                .outerjoin(s.Child, s.Case.child_id == s.Child.id)
                .options(selectinload(s.Case.topics))
                .order_by(s.Case.opened_on.desc(), s.Case.id.desc())
            )
            if child_id is not None:
                stmt = stmt.where(s.Case.child_id == child_id)
            if opened_from is not None:
                stmt = stmt.where(s.Case.opened_on >= opened_from)
            if opened_to is not None:
                stmt = stmt.where(s.Case.opened_on <= opened_to)
            if status is not None:
                stmt = stmt.where(s.Case.status == status)
            if limit is not None:
                stmt = stmt.limit(limit)
            return [self._case(c, ch) for c, ch in session.execute(stmt)]

    # --- activities ---------------------------------------------------------------------------

    @staticmethod
    def _activity(row: s.Activity) -> d.Activity:
        return d.Activity(
            case_id=row.case_id,
            occurred_on=row.occurred_on,
            kind=row.kind,
            method=row.method,
            minutes=row.minutes,
            note=row.note,
            id=row.id,
            coordinator_id=row.created_by,
        )

    def add_activity(self, draft: d.ActivityDraft, actor: int | None) -> d.Activity:
        with self._sessions.begin() as session:
            self._get(session, s.Case, draft.case_id, "case")
            row = s.Activity(
                case_id=draft.case_id,
                occurred_on=draft.occurred_on,
                kind=draft.kind,
                method=draft.method,
                minutes=draft.minutes,
                note=draft.note,
            )
            self._create(session, row, actor, "activity")
            return self._activity(row)

    def set_activity_deleted(self, id_: int, deleted: bool, actor: int | None) -> None:
        self._set_deleted(s.Activity, "activity", id_, deleted, actor)

    def activities(
        self, case_id: int | None = None, child_id: int | None = None
    ) -> list[d.Activity]:
        with self._reads() as session:
            stmt = select(s.Activity).where(s.Activity.deleted_at.is_(None))
            if case_id is not None:
                stmt = stmt.where(s.Activity.case_id == case_id)
            if child_id is not None:
                stmt = stmt.join(s.Case).where(s.Case.child_id == child_id)
            stmt = stmt.order_by(s.Activity.occurred_on, s.Activity.id)
            return [self._activity(r) for r in session.scalars(stmt)]

    # --- resources ----------------------------------------------------------------------------

    @staticmethod
    def _resource(row: s.Resource) -> d.Resource:
        return d.Resource(
            name=row.name,
            kind=row.kind,
            residence=row.residence,
            department=row.department,
            contact_person=row.contact_person,
            phone=row.phone,
            fax=row.fax,
            email=row.email,
            address=row.address,
            care_types=tuple(sorted(c.care_type for c in row.care_types)),
            note=row.note,
            id=row.id,
            retired_on=row.retired_on,
        )

    def _fill_resource(self, row: s.Resource, draft: d.ResourceDraft) -> None:
        self._copy(
            row,
            draft,
            (
                "name",
                "kind",
                "residence",
                "department",
                "contact_person",
                "phone",
                "fax",
                "email",
                "address",
                "note",
            ),
        )
        row.care_types = self._codes(
            row.care_types, s.ResourceCareType, "care_type", draft.care_types
        )

    def add_resource(self, draft: d.ResourceDraft, actor: int | None) -> d.Resource:
        with self._sessions.begin() as session:
            row = s.Resource()
            self._fill_resource(row, draft)
            self._create(session, row, actor, "resource")
            return self._resource(row)

    def update_resource(self, id_: int, draft: d.ResourceDraft, actor: int | None) -> d.Resource:
        with self._sessions.begin() as session:
            row = self._get(session, s.Resource, id_, "resource")
            self._fill_resource(row, draft)
            self._changed(session, row, actor, "resource")
            session.flush()
            return self._resource(row)

    def set_resource_retired(self, id_: int, on: date | None, actor: int | None) -> d.Resource:
        with self._sessions.begin() as session:
            row = self._get(session, s.Resource, id_, "resource")
            if on is not None and row.retired_on is not None:
                # Checked in the transaction: another PC may have retired it meanwhile.
                raise AlreadyRetired(on=row.retired_on.strftime("%Y/%m/%d"))
            row.retired_on = on
            self._changed(session, row, actor, "resource", "retired" if on else "active")
            return self._resource(row)

    def resource(self, id_: int) -> d.Resource:
        with self._reads() as session:
            return self._resource(self._get(session, s.Resource, id_, "resource"))

    def resources(self, include_retired: bool = False) -> list[d.Resource]:
        with self._reads() as session:
            stmt = select(s.Resource).options(selectinload(s.Resource.care_types))
            if not include_retired:
                stmt = stmt.where(s.Resource.retired_on.is_(None))
            return [self._resource(r) for r in session.scalars(stmt.order_by(s.Resource.id))]

    # --- referrals ----------------------------------------------------------------------------

    @staticmethod
    def _referral(row: s.Referral) -> d.Referral:
        return d.Referral(
            case_id=row.case_id,
            resource_id=row.resource_id,
            referred_on=row.referred_on,
            purpose=row.purpose,
            requested_items=row.requested_items,
            consent_checked=row.consent_checked,
            id=row.id,
            status=row.status,
            status_changed_on=row.status_changed_on,
            coordinator_id=row.created_by,
            history=tuple(
                d.StatusChange(h.status, h.effective_on, h.coordinator_id) for h in row.history
            ),
        )

    def add_referral(self, draft: d.ReferralDraft, actor: int | None) -> d.Referral:
        with self._sessions.begin() as session:
            self._get(session, s.Case, draft.case_id, "case")
            self._get(session, s.Resource, draft.resource_id, "resource")
            row = s.Referral(
                case_id=draft.case_id,
                resource_id=draft.resource_id,
                referred_on=draft.referred_on,
                purpose=draft.purpose,
                requested_items=draft.requested_items,
                consent_checked=draft.consent_checked,
                status="requested",
                status_changed_on=draft.referred_on,
            )
            row.history = [
                self._status_change(s.ReferralStatusChange, "requested", draft.referred_on, actor)
            ]
            self._create(session, row, actor, "referral")
            return self._referral(row)

    def change_referral_status(
        self, id_: int, status: str, effective_on: date, actor: int | None
    ) -> d.Referral:
        with self._sessions.begin() as session:
            row = self._get(session, s.Referral, id_, "referral")
            self._change_status(
                session, row, s.ReferralStatusChange, "referral", status, effective_on, actor
            )
            return self._referral(row)

    def referral(self, id_: int) -> d.Referral:
        with self._reads() as session:
            return self._referral(self._get(session, s.Referral, id_, "referral"))

    def referrals(
        self, case_id: int | None = None, child_id: int | None = None
    ) -> list[d.Referral]:
        with self._reads() as session:
            stmt = select(s.Referral).options(selectinload(s.Referral.history))
            if case_id is not None:
                stmt = stmt.where(s.Referral.case_id == case_id)
            if child_id is not None:
                stmt = stmt.join(s.Case).where(s.Case.child_id == child_id)
            stmt = stmt.order_by(s.Referral.referred_on.desc(), s.Referral.id.desc())
            return [self._referral(r) for r in session.scalars(stmt)]

    # --- follow-ups ---------------------------------------------------------------------------

    @staticmethod
    def _follow_up(row: s.FollowUp) -> d.FollowUp:
        return d.FollowUp(
            case_id=row.case_id,
            due_on=row.due_on,
            purpose=row.purpose,
            id=row.id,
            done_on=row.done_on,
            outcome=row.outcome,
            coordinator_id=row.created_by,
        )

    def add_follow_up(self, draft: d.FollowUpDraft, actor: int | None) -> d.FollowUp:
        with self._sessions.begin() as session:
            self._get(session, s.Case, draft.case_id, "case")
            row = s.FollowUp(case_id=draft.case_id, due_on=draft.due_on, purpose=draft.purpose)
            self._create(session, row, actor, "follow_up")
            return self._follow_up(row)

    def complete_follow_up(
        self,
        id_: int,
        done_on: date,
        outcome: str,
        actor: int | None,
        next_due: date | None = None,
        next_purpose: str = "",
    ) -> tuple[d.FollowUp, d.FollowUp | None]:
        """Mark a follow-up done and, in the same transaction, schedule the next one."""
        with self._sessions.begin() as session:
            row = self._get(session, s.FollowUp, id_, "follow_up")
            if row.done_on is not None:
                # Twice would overwrite the first outcome and schedule a second next visit.
                raise AlreadyCompleted(on=row.done_on.strftime("%Y/%m/%d"))
            row.done_on, row.outcome = done_on, outcome
            self._changed(session, row, actor, "follow_up", "done")
            nxt = None
            if next_due is not None:
                nxt = s.FollowUp(case_id=row.case_id, due_on=next_due, purpose=next_purpose)
                self._create(session, nxt, actor, "follow_up")
            return self._follow_up(row), self._follow_up(nxt) if nxt else None

    def set_follow_up_deleted(self, id_: int, deleted: bool, actor: int | None) -> None:
        self._set_deleted(s.FollowUp, "follow_up", id_, deleted, actor)

    def follow_ups(
        self,
        *,
        open_only: bool = False,
        due_before: date | None = None,
        case_id: int | None = None,
        child_id: int | None = None,
    ) -> list[d.FollowUp]:
        with self._reads() as session:
            stmt = select(s.FollowUp).where(s.FollowUp.deleted_at.is_(None))
            if open_only:
                stmt = stmt.where(s.FollowUp.done_on.is_(None))
            if due_before is not None:
                stmt = stmt.where(s.FollowUp.due_on < due_before)
            if case_id is not None:
                stmt = stmt.where(s.FollowUp.case_id == case_id)
            if child_id is not None:
                stmt = stmt.join(s.Case).where(s.Case.child_id == child_id)
            stmt = stmt.order_by(s.FollowUp.due_on, s.FollowUp.id)
            return [self._follow_up(r) for r in session.scalars(stmt)]

    # --- local issues -------------------------------------------------------------------------

    @staticmethod
    def _issue(row: s.LocalIssue) -> d.LocalIssue:
        return d.LocalIssue(row.title, row.raised_on, row.topic, row.body, row.status, row.id)

    def add_local_issue(self, draft: d.LocalIssueDraft, actor: int | None) -> d.LocalIssue:
        with self._sessions.begin() as session:
            row = s.LocalIssue(
                title=draft.title,
                raised_on=draft.raised_on,
                topic=draft.topic,
                body=draft.body,
                status=draft.status,
            )
            self._create(session, row, actor, "local_issue")
            return self._issue(row)

    def update_local_issue(
        self, id_: int, draft: d.LocalIssueDraft, actor: int | None
    ) -> d.LocalIssue:
        with self._sessions.begin() as session:
            row = self._get(session, s.LocalIssue, id_, "local_issue")
            row.title, row.raised_on, row.topic = draft.title, draft.raised_on, draft.topic
            row.body, row.status = draft.body, draft.status
            self._changed(session, row, actor, "local_issue")
            return self._issue(row)

    def local_issues(self) -> list[d.LocalIssue]:
        with self._reads() as session:
            rows = session.scalars(select(s.LocalIssue).order_by(s.LocalIssue.raised_on.desc()))
            return [self._issue(r) for r in rows]

    # --- bulk import ---------------------------------------------------------------------------

    def import_records(
        self,
        records: Sequence[tuple[d.ChildDraft | None, d.CaseDraft, date | None, int]],
        actor: int | None,
        source: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[int]:
        """All-or-nothing: (child or None, case, date closed, fiscal year) per row; case ids.

        A child with a birth date is the one already in the book with the same name and birth
        date (the lowest id), or the one an earlier row added; a child without a birth date is
        always added. One transaction, linear time (see import_write.py); `progress(done, total)`
        between chunks of rows.
        """
        with self._sessions.begin() as session:
            ids = import_write.write_records(session.connection(), records, actor, _now(), progress)
            self._audit(session, actor, "import", "case", None, f"{len(ids)} rows from {source}")
        return ids

    def children_named(
        self, keys: Collection[tuple[str, str, date]]
    ) -> dict[tuple[str, str, date], list[import_write.KnownChild]]:
        """The children with these (family name, given name, birth date): what an import
        matches its rows against (one read, not one per row)."""
        with self._reads() as session:
            return import_write.known_children(session.connection(), keys)

    # --- counts ---------------------------------------------------------------------------------

    _CASE_COLUMNS: ClassVar[dict[str, Any]] = {
        "residence": s.Case.residence,
        "contact_method": s.Case.contact_method,
        "consulter_type": s.Case.consulter_type,
        "supporter_organisation": s.Case.supporter_organisation,
    }

    def count_cases_opened(self, start: date, end: date, by: str) -> dict[str, int]:
        """Cases opened between start and end (inclusive), counted by a column or by topic."""
        with self._reads() as session:
            opened = s.Case.opened_on.between(start, end)
            if by == "topic":
                stmt = (
                    select(s.CaseTopic.topic, func.count())
                    .join(s.Case, s.Case.id == s.CaseTopic.case_id)
                    .where(opened)
                    .group_by(s.CaseTopic.topic)
                )
            else:
                column = self._CASE_COLUMNS[by]
                stmt = select(column, func.count()).where(opened).group_by(column)
            return {str(k): n for k, n in session.execute(stmt) if k is not None}

    def count_status_on(self, day: date, opened_from: date | None = None) -> dict[str, int]:
        """Status of each case on `day` (from its history), for cases opened by then."""
        h = s.CaseStatusChange
        ranked = (
            select(
                h.status,
                func.row_number()
                .over(partition_by=h.case_id, order_by=(h.effective_on.desc(), h.id.desc()))
                .label("rank"),
            )
            .join(s.Case, s.Case.id == h.case_id)
            .where(h.effective_on <= day, s.Case.opened_on <= day)
        )
        if opened_from is not None:
            ranked = ranked.where(s.Case.opened_on >= opened_from)
        sub = ranked.subquery()
        with self._reads() as session:
            stmt = select(sub.c.status, func.count()).where(sub.c.rank == 1).group_by(sub.c.status)
            return dict(session.execute(stmt).all())

    def totals(self, today: date, week_end: date | None = None) -> dict[str, int]:
        """Headline counts for the dashboard; with `week_end`, also "follow_ups_due": the open
        follow-ups due from today to week_end, inclusive."""
        open_follow_up = (s.FollowUp.done_on.is_(None), s.FollowUp.deleted_at.is_(None))
        counts = {
            "children": select(func.count()).select_from(s.Child),
            "cases": select(func.count()).select_from(s.Case),
            "open_cases": select(func.count())
            .select_from(s.Case)
            .where(s.Case.status != "closed"),  # from ix_cases_status, not the table
            "referrals_waiting": select(func.count())
            .select_from(s.Referral)
            .where(s.Referral.status == "requested"),
            "follow_ups_overdue": select(func.count())
            .select_from(s.FollowUp)
            .where(*open_follow_up, s.FollowUp.due_on < today),
        }
        if week_end is not None:
            counts["follow_ups_due"] = (
                select(func.count())
                .select_from(s.FollowUp)
                .where(*open_follow_up, s.FollowUp.due_on.between(today, week_end))
            )
        with self._reads() as session:
            return {key: session.scalar(stmt) or 0 for key, stmt in counts.items()}

    def resources_for(self, residences: Iterable[str]) -> list[d.Resource]:
        with self._reads() as session:
            stmt = (
                select(s.Resource)
                .options(selectinload(s.Resource.care_types))
                .where(s.Resource.retired_on.is_(None), s.Resource.residence.in_(list(residences)))
            )
            return [self._resource(r) for r in session.scalars(stmt)]
