"""The case book file's life: create, open (and migrate), unlock, rotate the key, back up, restore.

The life itself (keys, key check, rotation, backup and restore) is the shared encrypted-file
lifecycle (encrypted_file.py); what is the case book's own is here: its schema revisions and
Alembic migrations, and the demo case book.

Rules kept here, each with a test:
- fail closed: without a usable keystore nothing is created and nothing existing is touched;
- a new key is made only when no case book file exists;
- "no key", "key does not fit" and "file damaged" are told apart (see keycheck.py), and a full
  disk, a read-only folder, a file that cannot be opened or an I/O error are none of them;
- a case book from a newer mccdesk is refused before anything is written;
- an older one is backed up (encrypted, same key) before it is migrated;
- a demo case book (keyed with the published DEMO_KEY) opens only in a demo folder
  (paths.is_demo_folder), whatever its demo flag says;
- every file is written beside its target and renamed into place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

import sqlcipher3
from sqlalchemy import Engine

from mccdesk import safe_files
from mccdesk.errors import (
    AlreadyInitialised,
    CaseBookDamaged,
    DemoBookOutsideDemoFolder,
    DemoRekeyRefused,
    NewerCaseBook,
    WrongRecoveryKey,
)
from mccdesk.paths import default_demo_dir, is_demo_folder
from mccdesk.storage import cipher, encrypted_file, keycheck
from mccdesk.storage.encrypted_file import (
    BackupInfo,
    BackupTargetNotWritable,
    Identity,
    Kind,
    Restored,
)
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

__all__ = [
    "BackupInfo",
    "BackupTargetNotWritable",
    "BookPaths",
    "OpenBook",
    "Restored",
    "backup",
    "check_file",
    "create",
    "open_book",
    "opened",
    "restore",
    "rotate",
    "unlock",
]


def _revision(con: sqlcipher3.Connection) -> str:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        raise CaseBookDamaged(detail="not an mccdesk case book (no schema version)")
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise CaseBookDamaged(detail="schema version missing")
    return str(row[0])


def _identity(con: sqlcipher3.Connection) -> Identity:
    revision = _revision(con)
    meta = dict(con.execute("SELECT key, value FROM book_meta").fetchall())
    if "book_id" not in meta:
        raise CaseBookDamaged(detail="the case book has no id")
    facts = {
        "branch_id": str(meta.get("branch_id", "")),
        "demo": str(meta.get("demo", "")),
        "key_issued_on": str(meta.get("key_issued_on") or meta.get("created_on") or ""),
    }
    return Identity(str(meta["book_id"]), revision, facts)


CASEBOOK = Kind(
    name="casebook",
    label_ja="ケースブック",
    label_en="case book",
    db_name=BOOK_FILE,
    keycheck_name=KEYCHECK_FILE,
    id_prefix="",
    revisions=REVISIONS,
    identity=_identity,
)


@dataclass(frozen=True)
class BookPaths(encrypted_file.FilePaths):
    kind: ClassVar[Kind] = CASEBOOK


@dataclass
class OpenBook:
    """An unlocked case book: its engine and identity. The key stays in this object only.

    `demo` is True exactly when the book is keyed with the published DEMO_KEY (its demo flag
    in book_meta is not trusted: anyone can write it with the published key)."""

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

    @property
    def key_id(self) -> str:
        """The public ID of the key (printed beside the recovery key), never the key."""
        return keycheck.key_id(self._key)


def _demo_allowed(folder: Path) -> None:
    if not is_demo_folder(folder):
        raise DemoBookOutsideDemoFolder(path=str(folder), demo=str(default_demo_dir()))


# --- create -----------------------------------------------------------------------------------


def create(folder: Path, keystore: KeyStore | None, meta: dict[str, str]) -> tuple[OpenBook, bytes]:
    """Create a new case book; returns it open, with its key (to show as the recovery key).

    `keystore=None` makes a demo case book keyed with DEMO_KEY (only in a demo folder).
    """
    paths = BookPaths(folder)
    if paths.db.exists():
        raise AlreadyInitialised(path=str(paths.db))
    demo = keystore is None
    if demo:
        _demo_allowed(folder)
    if keystore is not None:
        keystore.check_usable()  # before any file or key exists
    book_id = uuid.uuid4().hex
    key = DEMO_KEY if demo else secrets.token_bytes(cipher.KEY_BYTES)
    issued = meta.get("created_on") or date.today().isoformat()
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
            rows = {
                **meta,
                "book_id": book_id,
                "demo": "1" if demo else "0",
                "key_issued_on": issued,
            }
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT INTO book_meta(key, value) VALUES (?, ?)", rows.items())
            con.execute("COMMIT")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        encrypted_file.fsync(tmp)
        keycheck.write(paths.keycheck, book_id, [keycheck.entry(key, book_id, issued)])
        os.replace(tmp, paths.db)
    except (OSError, sqlcipher3.DatabaseError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if keystore is not None:
            keystore.delete(book_id)
        found = cipher.storage_error(exc, folder)
        if found is not None:
            raise found from exc
        raise
    return _open_with(paths, book_id, key, demo), key


# --- open -------------------------------------------------------------------------------------


def open_book(folder: Path, keystore: KeyStore | None) -> OpenBook:
    """Open the case book in `folder` with the key from the credential store.

    An interrupted key rotation is finished or rolled back, and a lost key check file rebuilt,
    on the way; the person is told through errors.announce."""
    paths = BookPaths(folder)
    book_id, key = encrypted_file.open_key(
        paths, keystore, demo_key=DEMO_KEY, check_demo=lambda: _demo_allowed(folder)
    )
    return _open_with(paths, book_id, key, key == DEMO_KEY)


def _open_with(paths: BookPaths, book_id: str, key: bytes, demo: bool) -> OpenBook:
    try:
        con = cipher.connect(paths.db, key)
    except sqlcipher3.DatabaseError as exc:
        raise cipher.damage_or_storage(exc, paths.db) from None
    migrated_from = None
    try:
        revision = _revision(con)
        if revision not in REVISIONS:
            raise NewerCaseBook(found=revision, supported=HEAD)
        if revision != HEAD:
            encrypted_file.backup(
                con,
                CASEBOOK,
                paths.backups / f"before-upgrade-{revision}-to-{HEAD}-{encrypted_file.stamp()}.db",
                key,
            )
            _migrate(con, to=HEAD)
            migrated_from = revision
            log.info("case book migrated from %s to %s", revision, HEAD)
    except sqlcipher3.DatabaseError as exc:
        raise cipher.damage_or_storage(exc, paths.db) from None
    finally:
        con.close()
    return OpenBook(paths, book_id, cipher.make_engine(paths.db, key), demo, key, migrated_from)


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
    """Store a key typed from the recovery sheet for this user on this PC; returns the book id.

    A missing key check file is rebuilt from the key (when it opens the book)."""
    if key == DEMO_KEY:  # the published key: nothing to store, and only in a demo folder
        _demo_allowed(folder)
        check = encrypted_file.read_keycheck(BookPaths(folder))
        if check is None or not check.matches(key):
            raise WrongRecoveryKey()
        return check.book_id
    return encrypted_file.unlock(BookPaths(folder), keystore, key)


# --- key rotation -----------------------------------------------------------------------------


def rotate(
    book: OpenBook,
    keystore: KeyStore,
    *,
    show: Callable[[bytes, str], None],
    confirm: Callable[[bytes], bool],
) -> bytes:
    """Re-key the case book (see encrypted_file.rotate): `show` shows the new recovery key,
    `confirm` returns True once the person has typed it back; only then is the file re-keyed.
    Raises RotationNotConfirmed (nothing changed, the old recovery key stays valid) otherwise."""
    if book.demo:
        raise DemoRekeyRefused()

    def issued(con: sqlcipher3.Connection) -> None:
        con.execute(
            "INSERT OR REPLACE INTO book_meta(key, value) VALUES ('key_issued_on', ?)",
            (date.today().isoformat(),),
        )

    new = encrypted_file.rotate(
        book.paths,
        keystore,
        book.book_id,
        book._key,
        show=show,
        confirm=confirm,
        before_rekey=book.engine.dispose,
        after_rekey=issued,
    )
    book._key = new
    book.engine = cipher.make_engine(book.paths.db, new)
    return new


# --- backup, restore, check -------------------------------------------------------------------


def backup(book: OpenBook, target: Path) -> Path:
    """An encrypted copy (same key), consistent even while the app writes; verified, then named;
    `<target>.keyinfo.json` beside it says which recovery key opens it."""
    issued = ""
    with contextlib.suppress(OSError):
        check = keycheck.read(book.paths.keycheck)
        entry = check.entry_for(book._key) if check is not None else None
        issued = entry.issued_on if entry is not None else ""
    con = book.raw()
    try:
        return encrypted_file.backup(con, CASEBOOK, target, book._key, key_issued_on=issued)
    finally:
        con.close()


def restore(
    folder: Path,
    keystore: KeyStore | None,
    source: Path,
    ask: encrypted_file.AskKey | None = None,
) -> Restored:
    """Replace the case book with a verified backup, or restore one into an empty folder (a new
    PC); the replaced file is kept beside it (Restored.kept). `ask` gives the recovery key when
    no key stored here opens the backup."""
    return encrypted_file.restore(
        BookPaths(folder),
        keystore,
        source,
        ask=ask,
        demo_key=DEMO_KEY,
        check_demo=lambda key: _demo_allowed(folder) if key == DEMO_KEY else None,
    )


def read_backup_info(source: Path) -> BackupInfo | None:
    return encrypted_file.read_backup_info(source)


def check_file(folder: Path, keystore: KeyStore | None) -> list[str]:
    """SQLCipher's page check and SQLite's integrity check; an empty list means healthy."""
    book = open_book(folder, keystore)
    try:
        con = book.raw()
        try:
            return cipher.integrity_problems(con)
        except sqlcipher3.DatabaseError as exc:
            found = cipher.storage_error(exc, book.paths.db)
            if found is not None:
                raise found from None
            raise
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
