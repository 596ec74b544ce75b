"""The case book file's life: create, open (and migrate), unlock, rotate the key, back up, restore.

Rules kept here, each with a test:
- fail closed: without a usable keystore nothing is created and nothing existing is touched;
- a new key is made only when no case book file exists;
- "no key", "key does not fit" and "file damaged" are told apart (see keycheck.py);
- a case book from a newer mccdesk is refused before anything is written;
- an older one is backed up (encrypted, same key) before it is migrated;
- every file is written beside its target and renamed into place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine

from mccdesk import safe_files
from mccdesk.errors import (
    AlreadyInitialised,
    CaseBookDamaged,
    DiskFull,
    KeyMissing,
    NewerCaseBook,
    NotInitialised,
    UsageError,
    WrongKey,
    WrongRecoveryKey,
)
from mccdesk.storage import cipher, keycheck
from mccdesk.storage.keystore import KeyStore

fault_point = safe_files.fault_point

log = logging.getLogger(__name__)

BOOK_FILE = "casebook.db"
KEYCHECK_FILE = "casebook.keycheck"
BACKUP_DIR = "backups"
# Alembic revisions this version knows, oldest first; the last is the head.
REVISIONS = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]
# Demo case books hold only synthetic people and are keyed with this published key, so the demo
# opens on any machine, with or without a credential store. Real case books never use it.
DEMO_KEY = bytes.fromhex("de" * 32)


@dataclass(frozen=True)
class BookPaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / BOOK_FILE

    @property
    def keycheck(self) -> Path:
        return self.folder / KEYCHECK_FILE

    @property
    def backups(self) -> Path:
        return self.folder / BACKUP_DIR

    def sidecars(self) -> list[Path]:
        return [self.db.with_name(self.db.name + s) for s in ("-wal", "-shm")]


@dataclass
class OpenBook:
    """An unlocked case book: its engine and identity. The key stays in this object only."""

    paths: BookPaths
    book_id: str
    engine: Engine
    demo: bool
    _key: bytes = field(repr=False)  # never in logs, tracebacks or crash reports
    migrated_from: str | None = None

    def close(self) -> None:
        self.engine.dispose()

    def raw(self) -> sqlcipher3.Connection:
        return cipher.connect(self.paths.db, self._key)


# --- create -----------------------------------------------------------------------------------


def create(folder: Path, keystore: KeyStore | None, meta: dict[str, str]) -> tuple[OpenBook, bytes]:
    """Create a new case book; returns it open, with its key (to show as the recovery key).

    `keystore=None` makes a demo case book keyed with DEMO_KEY.
    """
    paths = BookPaths(folder)
    if paths.db.exists():
        raise AlreadyInitialised(path=str(paths.db))
    demo = keystore is None
    if keystore is not None:
        keystore.check_usable()  # before any file or key exists
    book_id = uuid.uuid4().hex
    key = DEMO_KEY if demo else secrets.token_bytes(cipher.KEY_BYTES)
    if keystore is not None:
        keystore.put(book_id, key)
    tmp = folder / (BOOK_FILE + ".new")
    try:
        # Only now: a keystore that cannot keep the key (it fails on read-back) leaves no folder.
        safe_files.make_folder(folder)
        for leftover in (tmp, *[tmp.with_name(tmp.name + s) for s in ("-wal", "-shm")]):
            leftover.unlink(missing_ok=True)
        con = cipher.connect(tmp, key, create=True)
        try:
            _migrate(con, to=HEAD)
            rows = {**meta, "book_id": book_id, "demo": "1" if demo else "0"}
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT INTO book_meta(key, value) VALUES (?, ?)", rows.items())
            con.execute("COMMIT")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        _fsync(tmp)
        keycheck.write(paths.keycheck, book_id, [key])
        os.replace(tmp, paths.db)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if keystore is not None:
            keystore.delete(book_id)
        raise _os_error(exc) from exc
    return _open_with(paths, book_id, key, demo), key


# --- open -------------------------------------------------------------------------------------


def _read_keycheck(paths: BookPaths) -> keycheck.KeyCheck:
    if not paths.db.exists():
        raise NotInitialised(path=str(paths.db))
    check = keycheck.read(paths.keycheck)
    if check is None:
        raise CaseBookDamaged(detail=f"{KEYCHECK_FILE} is missing or unreadable")
    return check


def open_book(folder: Path, keystore: KeyStore | None) -> OpenBook:
    """Open the case book in `folder` with the key from the credential store."""
    paths = BookPaths(folder)
    check = _read_keycheck(paths)
    if check.matches(DEMO_KEY):
        return _open_with(paths, check.book_id, DEMO_KEY, demo=True)
    if keystore is None:
        raise KeyMissing()
    current = keystore.get(check.book_id)
    pending = keystore.get(check.book_id, "pending")
    candidates = [k for k in (current, pending) if k is not None and check.matches(k)]
    if not candidates:
        raise KeyMissing() if current is None and pending is None else WrongKey()
    for key in candidates:
        try:
            cipher.probe(paths.db, key)
        except WrongKey:
            continue  # the other candidate of an interrupted rotation may fit
        _settle_rotation(paths, keystore, check.book_id, key)
        return _open_with(paths, check.book_id, key, demo=False)
    # A key whose check value matches but which the file refuses: the file's first page is bad.
    raise CaseBookDamaged(detail="page 1 fails authentication with the right key")


def _open_with(paths: BookPaths, book_id: str, key: bytes, demo: bool) -> OpenBook:
    try:
        con = cipher.connect(paths.db, key)
    except sqlcipher3.DatabaseError as exc:
        raise CaseBookDamaged(detail=str(exc)) from None
    migrated_from = None
    try:
        revision = _revision(con)
        if revision not in REVISIONS:
            raise NewerCaseBook(found=revision, supported=HEAD)
        if revision != HEAD:
            _backup_raw(
                con, paths.backups / f"before-upgrade-{revision}-to-{HEAD}-{_stamp()}.db", key
            )
            _migrate(con, to=HEAD)
            migrated_from = revision
            log.info("case book migrated from %s to %s", revision, HEAD)
    except sqlcipher3.DatabaseError as exc:
        raise CaseBookDamaged(detail=str(exc)) from None
    finally:
        con.close()
    return OpenBook(paths, book_id, cipher.make_engine(paths.db, key), demo, key, migrated_from)


def _revision(con: sqlcipher3.Connection) -> str:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        raise CaseBookDamaged(detail="not an mccdesk case book (no schema version)")
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise CaseBookDamaged(detail="schema version missing")
    return str(row[0])


def _migrate(con: sqlcipher3.Connection, to: str) -> None:
    """Run the bundled Alembic migrations on this connection (imported only when needed)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    engine = create_engine("sqlite+pysqlite://", creator=lambda: con, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        # The connection is in autocommit mode (cipher.connect), and Alembic runs SQLite DDL
        # without a transaction: a crash between two statements would leave a half-migrated
        # book that no longer opens. One transaction makes the whole upgrade all or nothing.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, to)


# --- recovery key -----------------------------------------------------------------------------


def unlock(folder: Path, keystore: KeyStore, key: bytes) -> str:
    """Store a key typed from the recovery sheet for this user on this PC; returns the book id."""
    paths = BookPaths(folder)
    check = _read_keycheck(paths)
    if not check.matches(key):
        raise WrongRecoveryKey()
    keystore.check_usable()
    cipher.probe(paths.db, key)
    keystore.put(check.book_id, key)
    keystore.delete(check.book_id, "pending")
    return check.book_id


# --- key rotation -----------------------------------------------------------------------------
#
# Steps, each safe to be killed after: (1) the new key is stored as "pending"; (2) the key
# check lists old and new; (3) the file is re-keyed in one transaction; (4) the new key becomes
# "current"; (5) the pending entry and the old check value are dropped. On the next open the key
# that opens the file wins and the rotation is settled (`_settle_rotation`).


def rotate(book: OpenBook, keystore: KeyStore) -> bytes:
    if book.demo:
        raise WrongKey(detail="the demo case book keeps its published key")
    paths, old = book.paths, book._key
    new = secrets.token_bytes(cipher.KEY_BYTES)
    keystore.put(book.book_id, new, "pending")
    fault_point("rotate-after-pending")
    keycheck.write(paths.keycheck, book.book_id, [old, new])
    fault_point("rotate-after-keycheck")
    book.engine.dispose()  # no other connection may hold the old key while re-keying
    con = cipher.connect(paths.db, old)
    try:
        con.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")
        fault_point("rotate-after-rekey")
    finally:
        con.close()
    cipher.probe(paths.db, new)
    keystore.put(book.book_id, new)
    fault_point("rotate-after-promote")
    keystore.delete(book.book_id, "pending")
    keycheck.write(paths.keycheck, book.book_id, [new])
    book._key = new
    book.engine = cipher.make_engine(paths.db, new)
    return new


def _settle_rotation(paths: BookPaths, keystore: KeyStore, book_id: str, key: bytes) -> None:
    """After an interrupted rotation: make `key`, the one that opens the file, the only one."""
    check = keycheck.read(paths.keycheck)
    if keystore.get(book_id) != key:
        keystore.put(book_id, key)
    if keystore.get(book_id, "pending") is not None:
        keystore.delete(book_id, "pending")
    if check is None or len(check.values) != 1:
        keycheck.write(paths.keycheck, book_id, [key])


# --- backup, restore, check -------------------------------------------------------------------


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup(book: OpenBook, target: Path) -> Path:
    """An encrypted copy (same key), consistent even while the app writes; verified, then named."""
    con = book.raw()
    try:
        _backup_raw(con, target, book._key)
    finally:
        con.close()
    return target


class BackupTargetNotWritable(UsageError):
    """The backup's folder cannot be created or written; the case book itself is fine."""

    ja = "バックアップ先に書き込めません（ケースブックは変更していません）: {path}"
    en = "Cannot write to the backup location (the case book was not changed): {path}"


def _backup_raw(con: sqlcipher3.Connection, target: Path, key: bytes) -> None:
    tmp = safe_files.temp_name(target)
    try:
        safe_files.make_folder(target.parent)
        # Create the (empty, owner-only) file first, so a folder we may not write to is reported
        # as that, not as SQLite's "unable to open database file" (which would read as damage).
        os.close(safe_files.create_exclusive(tmp))
    except OSError as exc:
        error = _os_error(exc)
        if isinstance(error, DiskFull):
            raise error from exc
        raise BackupTargetNotWritable(path=str(target.parent), detail=exc.strerror or "") from exc
    try:
        literal = str(tmp).replace("'", "''")
        con.execute(f"VACUUM INTO '{literal}'")  # a snapshot, encrypted with the same key
        check = cipher.connect(tmp, key)
        try:
            problems = cipher.integrity_problems(check)
        finally:
            check.close()
        if problems:
            raise CaseBookDamaged(detail="; ".join(problems[:5]))
        _fsync(tmp)
        os.replace(tmp, target)
    except sqlcipher3.DatabaseError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if "full" in str(exc).lower():
            raise DiskFull() from None
        raise CaseBookDamaged(detail=str(exc)) from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _os_error(exc) from exc


def restore(folder: Path, keystore: KeyStore | None, source: Path) -> Path:
    """Replace the case book with a verified backup; returns where the replaced file was kept."""
    paths = BookPaths(folder)
    check = _read_keycheck(paths)
    key = DEMO_KEY if check.matches(DEMO_KEY) else None
    if key is None:
        if keystore is None:
            raise KeyMissing()
        key = keystore.get(check.book_id)
        if key is None:
            raise KeyMissing()
    # Check the backup completely before touching anything.
    try:
        con = cipher.connect(source, key)
    except sqlcipher3.DatabaseError as exc:
        if cipher.is_not_a_database(exc):
            raise WrongKey(detail="the backup was made with another key or is damaged") from None
        raise CaseBookDamaged(detail=str(exc)) from None
    try:
        problems = cipher.integrity_problems(con)
        if problems:
            raise CaseBookDamaged(detail="; ".join(problems[:5]))
        revision = _revision(con)
        if revision not in REVISIONS:
            raise NewerCaseBook(found=revision, supported=HEAD)
        row = con.execute("SELECT value FROM book_meta WHERE key = 'book_id'").fetchone()
        if row is None or row[0] != check.book_id:
            raise CaseBookDamaged(detail="the backup belongs to another case book")
    finally:
        con.close()
    kept = paths.db.with_name(f"{BOOK_FILE}.replaced-{_stamp()}")
    incoming = paths.db.with_name(BOOK_FILE + ".restoring")
    moved = False
    try:
        safe_files.copy_file(source, incoming)
        with contextlib.suppress(sqlcipher3.DatabaseError):
            _checkpoint(paths.db, key)  # fold the WAL into the file we keep
        os.replace(paths.db, kept)
        moved = True
        for sidecar in paths.sidecars():
            sidecar.unlink(missing_ok=True)  # a stale WAL must never meet the restored file
        os.replace(incoming, paths.db)
    except OSError as exc:
        if moved and not paths.db.exists():
            os.replace(kept, paths.db)  # put the case book back where it was
        with contextlib.suppress(OSError):
            incoming.unlink(missing_ok=True)
        raise _os_error(exc) from exc
    return kept


def _checkpoint(db: Path, key: bytes) -> None:
    con = cipher.connect(db, key)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def check_file(folder: Path, keystore: KeyStore | None) -> list[str]:
    """SQLCipher's page check and SQLite's integrity check; an empty list means healthy."""
    book = open_book(folder, keystore)
    try:
        con = book.raw()
        try:
            return cipher.integrity_problems(con)
        finally:
            con.close()
    finally:
        book.close()


@contextlib.contextmanager
def opened(folder: Path, keystore: KeyStore | None) -> Iterator[OpenBook]:
    book = open_book(folder, keystore)
    try:
        yield book
    finally:
        book.close()


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _os_error(exc: OSError) -> Exception:
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull()
    return exc
