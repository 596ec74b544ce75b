"""SQLCipher connections: the raw key, the pinned settings, and the checks made at every open.

The key is a raw 32-byte key passed as `x'<hex>'` (no KDF on open). Every connection sets
`temp_store=MEMORY` (nothing decrypted spills to temp files), `secure_delete`, foreign keys and
WAL, then checks that the cipher settings are the pinned ones before any data is read.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from mccdesk import safe_files
from mccdesk.errors import CaseBookDamaged, CipherSettingsMismatch, WrongKey

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
        con.execute(_key_pragma(key))
        # SQLCipher otherwise prints page numbers and HMAC failures to stderr.
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute("PRAGMA temp_store = MEMORY")
        con.execute("PRAGMA secure_delete = ON")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
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
    """Open and close: raises WrongKey for "file is not a database", CaseBookDamaged else."""
    try:
        connect(path, key).close()
    except sqlcipher3.DatabaseError as exc:
        if is_not_a_database(exc):
            raise WrongKey() from None
        raise CaseBookDamaged(detail=str(exc)) from None


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
