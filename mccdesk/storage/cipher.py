"""SQLCipher connections: the raw key, the pinned settings, and the checks made at every open.

The key is a raw 32-byte key passed as `x'<hex>'` (no KDF on open). Every connection sets
`temp_store=MEMORY` (nothing decrypted spills to temp files), `secure_delete`, foreign keys and
WAL, then checks that the cipher settings are the pinned ones before any data is read.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from mccdesk import safe_files
from mccdesk.errors import (
    CannotOpenFile,
    CaseBookDamaged,
    CipherSettingsMismatch,
    DiskFull,
    ReadOnlyLocation,
    StorageError,
    StorageIOError,
    WrongKey,
)

log = logging.getLogger(__name__)

KEY_BYTES = 32
PAGE_CACHE_KIB = 65536  # 64 MiB: decrypted pages stay cached, so reads cost about plain SQLite

PINNED_SETTINGS = {
    "cipher_page_size": "4096",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
}

DatabaseError = sqlcipher3.DatabaseError
# Raised by sqlcipher3 for "file is not a database": a wrong key or a damaged first page.
NOT_A_DATABASE = "file is not a database"


def _key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a case book key is 32 bytes")
    # Hex of our own bytes: safe to interpolate (pragmas take no bound parameters).
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _uri(path: Path, create: bool) -> str:
    mode = "rwc" if create else "rw"  # "rw": opening never creates a missing file
    return f"{path.resolve().as_uri()}?mode={mode}"


def _settings(con: sqlcipher3.Connection) -> dict[str, str]:
    found: dict[str, str] = {}
    for (line,) in con.execute("PRAGMA cipher_settings").fetchall():
        # Lines read like "PRAGMA cipher_page_size = 4096;".
        name, _, value = line.removeprefix("PRAGMA ").rstrip(";").partition(" = ")
        found[name.strip()] = value.strip()
    return found


def check_connection(con: sqlcipher3.Connection) -> None:
    """Refuse a connection whose cipher or safety settings are not the pinned ones."""
    (version,) = con.execute("PRAGMA cipher_version").fetchone()
    if not str(version).startswith("4."):
        raise CipherSettingsMismatch(setting=f"cipher_version={version}")
    settings = _settings(con)
    for name, expected in PINNED_SETTINGS.items():
        if settings.get(name) != expected:
            raise CipherSettingsMismatch(setting=f"{name}={settings.get(name)}")
    expectations = {"temp_store": 2, "secure_delete": 1, "foreign_keys": 1}
    for pragma, expected in expectations.items():
        (value,) = con.execute(f"PRAGMA {pragma}").fetchone()
        if value != expected:
            raise CipherSettingsMismatch(setting=f"{pragma}={value}")


def _set_pragmas(con: sqlcipher3.Connection, key: bytes) -> None:
    con.execute(_key_pragma(key))
    # SQLCipher otherwise prints page numbers and HMAC failures to stderr.
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA secure_delete = ON")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA busy_timeout = 10000")
    con.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


def connect_readonly(path: Path, key: bytes) -> sqlcipher3.Connection:
    """Open a file only to read it (a backup, maybe on write-protected media): SQLite's
    `mode=ro&immutable=1` takes no lock and creates no -wal or -shm beside it, so a backup on a
    CD, a locked USB stick or a read-only share opens. Same key handling and pinned settings as
    `connect`; raises `sqlcipher3.DatabaseError` like it."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    con = sqlcipher3.connect(uri, uri=True, check_same_thread=False)
    try:
        _set_pragmas(con, key)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first real read
        (pages,) = con.execute("PRAGMA page_count").fetchone()
        if pages == 0:
            raise sqlcipher3.DatabaseError("the file is empty (0 bytes)")
        check_connection(con)
    except BaseException:
        con.close()
        raise
    con.isolation_level = None
    return con


def connect(path: Path, key: bytes, *, create: bool = False) -> sqlcipher3.Connection:
    """Open the case book file with the key, set and check every pragma, fail fast on a bad key.

    Raises WrongKey-or-damage as `sqlcipher3.DatabaseError` ("file is not a database"); the
    caller, which knows the key check value, decides which of the two it is.
    """
    if create and not os.path.lexists(path):
        # SQLite would create it with the umask's rights, and its -wal and -shm after it.
        os.close(safe_files.create_exclusive(path))
    con = sqlcipher3.connect(_uri(path, create), uri=True, check_same_thread=False)
    try:
        _set_pragmas(con, key)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first real read
        (pages,) = con.execute("PRAGMA page_count").fetchone()
        if pages == 0 and not create:
            # An empty file reads as an empty database; switching it to WAL below would write
            # a new first page into what may be the remains of a real case book.
            raise sqlcipher3.DatabaseError("the case book file is empty (0 bytes)")
        (mode,) = con.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode != "wal":
            raise CipherSettingsMismatch(setting=f"journal_mode={mode}")
        con.execute("PRAGMA synchronous = FULL")
        check_connection(con)
    except BaseException:
        con.close()
        raise
    # Statements are wrapped by our own BEGIN (see make_engine), not by the driver.
    con.isolation_level = None
    return con


def is_not_a_database(exc: BaseException) -> bool:
    return isinstance(exc, sqlcipher3.DatabaseError | sqlite3.DatabaseError) and (
        NOT_A_DATABASE in str(exc)
    )


def probe(path: Path, key: bytes) -> None:
    """Open and close: raises WrongKey for "file is not a database", a StorageError when the
    place cannot be used (full, read-only, cannot open, I/O), CaseBookDamaged else."""
    try:
        connect(path, key).close()
    except sqlcipher3.DatabaseError as exc:
        if is_not_a_database(exc):
            raise WrongKey() from None
        raise damage_or_storage(exc, path) from None


# --- telling a place that cannot be used from a damaged file ------------------------------------

# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 10, 13, 14
FREE_SPACE_FULL = 1 << 20  # under 1 MiB free, a failed write is put down to the full disk


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, what SQLAlchemy wrapped (`orig`), and its causes."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return seen


def _sqlite_code(exc: BaseException) -> int | None:
    for e in _chain(exc):
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
        text = str(e).lower() if isinstance(e, sqlcipher3.Error | sqlite3.Error) else ""
        if "disk is full" in text:
            return SQLITE_FULL
        if "readonly database" in text or "read-only" in text:
            return SQLITE_READONLY
        if "unable to open database" in text:
            return SQLITE_CANTOPEN
        if "disk i/o error" in text:
            return SQLITE_IOERR
    return None


def _os_errno(exc: BaseException) -> int | None:
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno is not None:
            return e.errno
    return None


def _place(path: Path) -> Path:
    """The nearest existing folder at or above `path`."""
    place = path
    while not place.is_dir() and place.parent != place:
        place = place.parent
    return place


def place_is_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(_place(path)).free < FREE_SPACE_FULL
    except OSError:
        return False


def place_is_read_only(path: Path) -> bool:
    place = _place(path)
    try:
        if hasattr(os, "statvfs") and os.statvfs(place).f_flag & os.ST_RDONLY:
            return True
        return not os.access(place, os.W_OK)
    except OSError:
        return False


def storage_error(exc: BaseException, path: Path) -> StorageError | None:
    """The StorageError `exc` amounts to at `path` (full disk, read-only place, a file that
    cannot be opened, an I/O error), or None when it is none of those (e.g. real damage).

    SQLite reports a full disk while opening as an I/O error (it cannot grow the -shm file) and
    a read-only folder as "unable to open": so for those the place itself is looked at."""
    if isinstance(exc, StorageError):
        return exc
    shown = str(path)
    number = _os_errno(exc)
    code = _sqlite_code(exc)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or code == SQLITE_FULL:
        return DiskFull(path=shown)
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or code == SQLITE_READONLY:
        return ReadOnlyLocation(path=shown)
    if number is None and code is None:
        return None
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED) or (
        number is not None and code is None
    ):
        if place_is_full(path):
            return DiskFull(path=shown)
        if place_is_read_only(path):
            return ReadOnlyLocation(path=shown)
        if code == SQLITE_IOERR or number == errno.EIO:
            return StorageIOError(path=shown)
        return CannotOpenFile(path=shown)
    return None


def damage_or_storage(exc: BaseException, path: Path) -> Exception:
    """What a failed open or read of `path` means: a StorageError, else damage."""
    return storage_error(exc, path) or CaseBookDamaged(detail=str(exc))


def make_engine(path: Path, key: bytes) -> Engine:
    """A SQLAlchemy engine whose connections come from `connect` (key never in a URL)."""
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(READ_ONLY):
            # Deferred: in WAL a reader takes no lock a writer waits for, so a long read in
            # the app does not block `mccdesk sync` in another process (nor the reverse).
            conn.exec_driver_sql("BEGIN")
        else:
            # IMMEDIATE takes the write lock up front, so the app and a scheduled task never
            # deadlock upgrading a read transaction.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


READ_ONLY = "mccdesk_read_only"


def reader(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read: they begin deferred.

    Only for code that never writes in that transaction (a deferred transaction that turns
    into a write can fail at once with "database is locked" when another process wrote since
    it began); `read_only_sessions` refuses an ORM flush to make that mistake loud.
    """
    return engine.execution_options(**{READ_ONLY: True})


def read_only_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions on `reader(engine)` that refuse to write."""
    factory = sessionmaker(reader(engine), expire_on_commit=False)

    @event.listens_for(factory, "before_flush")
    def _refuse(session: Session, *_: object) -> None:
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("a read-only session was asked to write")

    return factory


def integrity_problems(con: sqlcipher3.Connection) -> list[str]:
    """Both SQLCipher's page-HMAC check and SQLite's structural check; empty means healthy."""
    problems = [row[0] for row in con.execute("PRAGMA cipher_integrity_check").fetchall()]
    try:
        rows = [row[0] for row in con.execute("PRAGMA integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        # A page that fails its HMAC can stop SQLite's check outright ("malformed"): report
        # it as a problem found, not as a crash of the check.
        rows = [f"integrity_check stopped: {exc}"]
    if rows != ["ok"]:
        problems += rows
    return problems
