"""SQL and file life of the prefecture's store: the same storage rules as a case book.

SQLCipher 4 with the pinned settings (cipher.py), a random 32-byte key in the OS credential store
(keystore.py, fail closed), a key check file beside it (keycheck.py) so "no key", "wrong key" and
"damaged" stay apart, the key shown once as a recovery key. The keyring entry is the keystore's
`casebook:<id>` with an id that starts with "prefecture-", so it can never be taken for (or
collide with) a branch case book's entry on the same PC.

The only module with SQL for mccdesk.prefecture. Service code gets plain values: model types and
`FileRecord`, the mutable row ingest decides on and hands back to `apply` in one transaction.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import sqlcipher3
from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.orm import Session, defer

from mccdesk import safe_files
from mccdesk.errors import (
    AlreadyInitialised,
    CaseBookDamaged,
    NewerCaseBook,
)
from mccdesk.prefecture import model
from mccdesk.storage import cipher, encrypted_file, keycheck
from mccdesk.storage import prefecture_schema as s
from mccdesk.storage.encrypted_file import Identity, Kind, Restored
from mccdesk.storage.keystore import KeyStore

STORE_FILE = "prefecture.db"
KEYCHECK_FILE = "prefecture.keycheck"
ID_PREFIX = "prefecture-"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _identity(con: sqlcipher3.Connection) -> Identity:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if s.Meta.__tablename__ not in tables:
        raise CaseBookDamaged(detail="not a prefecture store (no meta table)")
    meta = dict(con.execute(f"SELECT key, value FROM {s.Meta.__tablename__}").fetchall())
    if "store_id" not in meta or "schema_version" not in meta:
        raise CaseBookDamaged(detail="not a prefecture store (no id or schema version)")
    facts = {
        "office_name": str(meta.get("office_name", "")),
        "key_issued_on": str(meta.get("created_at", ""))[:10],
    }
    return Identity(str(meta["store_id"]), str(meta["schema_version"]), facts)


PREFECTURE = Kind(
    name="prefecture",
    label_ja="県のストア",
    label_en="prefecture store",
    db_name=STORE_FILE,
    keycheck_name=KEYCHECK_FILE,
    id_prefix=ID_PREFIX,
    revisions=(s.SCHEMA_VERSION,),
    identity=_identity,
)


@dataclass(frozen=True)
class StorePaths(encrypted_file.FilePaths):
    kind: ClassVar[Kind] = PREFECTURE


@dataclass
class OpenStore:
    paths: StorePaths
    store_id: str
    engine: Engine
    _key: bytes = field(repr=False)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def key_id(self) -> str:
        return keycheck.key_id(self._key)


# --- file life (the shared encrypted-file lifecycle, encrypted_file.py) ---------------------------


def create(folder: Path, keystore: KeyStore, meta: dict[str, str]) -> tuple[OpenStore, bytes]:
    """A new store (fails if one exists); returns it open with its key, to show once."""
    paths = StorePaths(folder)
    if paths.db.exists():
        raise AlreadyInitialised(path=str(paths.db))
    keystore.check_usable()  # before any file or key exists
    store_id = ID_PREFIX + uuid.uuid4().hex
    key = secrets.token_bytes(cipher.KEY_BYTES)
    keystore.put(store_id, key)
    tmp = folder / (STORE_FILE + ".new")
    created = _now()
    try:
        safe_files.make_folder(folder)
        for leftover in (tmp, *[tmp.with_name(tmp.name + x) for x in ("-wal", "-shm")]):
            leftover.unlink(missing_ok=True)
        con = cipher.connect(tmp, key, create=True)
        con.close()
        engine = cipher.make_engine(tmp, key)
        try:
            s.Base.metadata.create_all(engine)
            rows = {
                **meta,
                "store_id": store_id,
                "schema_version": s.SCHEMA_VERSION,
                "created_at": created.isoformat(timespec="seconds"),
            }
            with Session(engine) as session, session.begin():
                session.add_all(s.Meta(key=k, value=v) for k, v in rows.items())
        finally:
            engine.dispose()
        con = cipher.connect(tmp, key)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        encrypted_file.fsync(tmp)
        issued = created.date().isoformat()
        keycheck.write(paths.keycheck, store_id, [keycheck.entry(key, store_id, issued)])
        os.replace(tmp, paths.db)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        keystore.delete(store_id)
        found = cipher.storage_error(exc, folder) if isinstance(exc, Exception) else None
        if found is not None:
            raise found from exc
        raise
    return _open_with(paths, store_id, key), key


def open_store(folder: Path, keystore: KeyStore) -> OpenStore:
    paths = StorePaths(folder)
    store_id, key = encrypted_file.open_key(paths, keystore)
    return _open_with(paths, store_id, key)


def _open_with(paths: StorePaths, store_id: str, key: bytes) -> OpenStore:
    engine = cipher.make_engine(paths.db, key)
    try:
        with Session(engine) as session:
            row = session.get(s.Meta, "schema_version")
    except sqlcipher3.DatabaseError as exc:
        engine.dispose()
        raise cipher.damage_or_storage(exc, paths.db) from None
    except Exception as exc:
        engine.dispose()
        found = cipher.storage_error(exc, paths.db)
        if found is not None:
            raise found from None
        raise
    if row is None:
        engine.dispose()
        raise CaseBookDamaged(detail="not a prefecture store (no schema version)")
    if row.value != s.SCHEMA_VERSION:
        engine.dispose()
        raise NewerCaseBook(found=row.value, supported=s.SCHEMA_VERSION)
    return OpenStore(paths, store_id, engine, key)


def unlock(folder: Path, keystore: KeyStore, key: bytes) -> str:
    """Store a key typed from the recovery key for this user on this PC (a lost key check
    file is rebuilt from it)."""
    return encrypted_file.unlock(StorePaths(folder), keystore, key)


def backup(store: OpenStore, target: Path) -> Path:
    """An encrypted, verified copy of the store (same key), with `<target>.keyinfo.json`."""
    con = cipher.connect(store.paths.db, store._key)
    try:
        return encrypted_file.backup(con, PREFECTURE, target, store._key)
    finally:
        con.close()


def restore(
    folder: Path,
    keystore: KeyStore,
    source: Path,
    ask: encrypted_file.AskKey | None = None,
) -> Restored:
    """Replace the store with a verified backup, or restore one into an empty folder."""
    return encrypted_file.restore(StorePaths(folder), keystore, source, ask=ask)


@contextlib.contextmanager
def opened(folder: Path, keystore: KeyStore) -> Iterator[OpenStore]:
    store = open_store(folder, keystore)
    try:
        yield store
    finally:
        store.close()


# --- meta and own keys --------------------------------------------------------------------------


def meta(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {m.key: m.value for m in session.scalars(select(s.Meta))}


def set_meta(engine: Engine, values: dict[str, str]) -> None:
    with Session(engine) as session, session.begin():
        for key, value in values.items():
            session.merge(s.Meta(key=key, value=value))


def add_own_key(engine: Engine, purpose: str, private: bytes, public: bytes) -> None:
    with Session(engine) as session, session.begin():
        session.add(
            s.OwnKey(purpose=purpose, private_key=private, public_key=public, created_at=_now())
        )


def own_key(engine: Engine, purpose: str) -> tuple[bytes, bytes] | None:
    """(private, public) of the active key for `purpose`."""
    with Session(engine) as session:
        row = session.scalars(
            select(s.OwnKey)
            .where(s.OwnKey.purpose == purpose, s.OwnKey.retired_at.is_(None))
            .order_by(s.OwnKey.id.desc())
        ).first()
        return None if row is None else (bytes(row.private_key), bytes(row.public_key))


# --- branch keys --------------------------------------------------------------------------------


def _branch_key(r: s.BranchKey) -> model.BranchKey:
    return model.BranchKey(
        r.branch,
        r.branch_name,
        r.area,
        bytes(r.public_key),
        r.key_id,
        r.fingerprint,
        r.registered_at,
        r.revoked_from,
    )


def add_branch_key(engine: Engine, key: model.BranchKey, registration: bytes) -> bool:
    """Register a key; False if this very key is registered already (nothing changes)."""
    with Session(engine) as session, session.begin():
        if session.scalars(select(s.BranchKey).where(s.BranchKey.key_id == key.key_id)).first():
            return False
        session.add(
            s.BranchKey(
                branch=key.branch,
                branch_name=key.branch_name,
                area=key.area,
                public_key=key.public_key,
                key_id=key.key_id,
                fingerprint=key.fingerprint,
                registered_at=key.registered_at,
                revoked_from=None,
                registration=registration,
            )
        )
        return True


def branch_keys(engine: Engine) -> list[model.BranchKey]:
    with Session(engine) as session:
        rows = session.scalars(select(s.BranchKey).order_by(s.BranchKey.branch, s.BranchKey.id))
        return [_branch_key(r) for r in rows]


def revoke(engine: Engine, branch: str, from_: datetime, key_id: str | None = None) -> int:
    """Revoke the branch's keys (or one) from `from_`; an earlier revocation date is kept."""
    with Session(engine) as session, session.begin():
        stmt = select(s.BranchKey).where(s.BranchKey.branch == branch)
        if key_id is not None:
            stmt = stmt.where(s.BranchKey.key_id == key_id)
        changed = 0
        for row in session.scalars(stmt):
            if row.revoked_from is None or row.revoked_from > from_:
                row.revoked_from = from_
                changed += 1
        return changed


# --- received files -----------------------------------------------------------------------------


@dataclass
class FileRecord:
    file_hash: str
    file_name: str
    folder: str
    branch: str
    status: str
    reason: str = ""
    detail: str = ""
    area: str = ""
    period: str = ""
    revision: int | None = None
    seq: int | None = None
    prev_hash: str = ""
    created_at: str = ""
    chained: bool = False
    received_at: datetime = field(default_factory=_now)
    decided_at: datetime = field(default_factory=_now)
    data: bytes | None = field(default=None, repr=False)
    document: bytes | None = field(default=None, repr=False)
    ack: bytes | None = field(default=None, repr=False)

    def received(self) -> model.ReceivedFile:
        return model.ReceivedFile(
            self.file_hash,
            self.file_name,
            self.folder,
            self.branch,
            self.period,
            self.revision,
            self.seq,
            self.status,
            self.reason,
            self.detail,
            self.received_at,
            self.decided_at,
        )


_COLUMNS = (
    "file_hash",
    "file_name",
    "folder",
    "branch",
    "status",
    "reason",
    "detail",
    "area",
    "period",
    "revision",
    "seq",
    "prev_hash",
    "created_at",
    "chained",
    "received_at",
    "decided_at",
)
_CHANGEABLE = ("status", "reason", "detail", "chained", "decided_at", "ack")


def _record(r: s.ReceivedFile, with_data: bool = False) -> FileRecord:
    rec = FileRecord(**{c: getattr(r, c) for c in _COLUMNS}, ack=r.ack)
    if with_data:
        rec.data, rec.document = r.data, r.document
    return rec


def records(engine: Engine) -> list[FileRecord]:
    """Every received file's decision (without the file bytes or the opened tables)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(s.ReceivedFile)
            .options(defer(s.ReceivedFile.data), defer(s.ReceivedFile.document))
            .order_by(s.ReceivedFile.id)
        )
        return [_record(r) for r in rows]


def file_data(engine: Engine, file_hash: str) -> bytes | None:
    with Session(engine) as session:
        row = session.scalars(
            select(s.ReceivedFile).where(s.ReceivedFile.file_hash == file_hash)
        ).first()
        return None if row is None or row.data is None else bytes(row.data)


_FILES = s.ReceivedFile.__table__
_INSERT = insert(_FILES)
_UPDATE = (
    update(_FILES)
    .where(_FILES.c.file_hash == bindparam("by_hash"))
    .values({c: bindparam(c) for c in _CHANGEABLE})
)


class Decisions:
    """One ingest run's writes, in one transaction (see `deciding`). Each new file's row goes to
    the database when it is added, bytes and all, so the caller can let go of them: a run holds
    one file's bytes at a time, however many files the drop holds."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, r: FileRecord) -> None:
        row = {c: getattr(r, c) for c in _COLUMNS}
        self._session.execute(
            _INSERT, {**row, "data": r.data, "document": r.document, "ack": r.ack}
        )

    def update(self, r: FileRecord) -> None:
        values = {c: getattr(r, c) for c in _CHANGEABLE}
        self._session.execute(_UPDATE, {**values, "by_hash": r.file_hash})


@contextlib.contextmanager
def deciding(engine: Engine) -> Iterator[Decisions]:
    """A transaction for a run's decisions: all of them are stored, or (on any error) none."""
    with Session(engine) as session, session.begin():
        yield Decisions(session)


def set_acks(engine: Engine, acks: dict[str, bytes]) -> None:
    with Session(engine) as session, session.begin():
        for file_hash, data in acks.items():
            session.execute(
                update(s.ReceivedFile).where(s.ReceivedFile.file_hash == file_hash).values(ack=data)
            )


def accepted_documents(engine: Engine, periods: Iterable[str] | None) -> list[FileRecord]:
    """Accepted files (with their opened tables) of the given periods (all if None)."""
    stmt = select(s.ReceivedFile).where(s.ReceivedFile.status == model.ACCEPTED)
    if periods is not None:
        stmt = stmt.where(s.ReceivedFile.period.in_(list(periods)))
    with Session(engine) as session:
        rows = session.scalars(
            stmt.options(defer(s.ReceivedFile.data)).order_by(s.ReceivedFile.seq)
        )
        out = []
        for r in rows:
            rec = _record(r)
            rec.document = None if r.document is None else bytes(r.document)
            out.append(rec)
        return out


# --- packages -----------------------------------------------------------------------------------


def last_package(engine: Engine) -> tuple[int, bytes] | None:
    with Session(engine) as session:
        row = session.scalars(select(s.Package).order_by(s.Package.version.desc())).first()
        return None if row is None else (row.version, bytes(row.data))


def add_package(engine: Engine, version: int, data: bytes) -> None:
    with Session(engine) as session, session.begin():
        session.add(s.Package(version=version, created_at=_now(), data=data))
