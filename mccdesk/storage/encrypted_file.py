"""The life of an encrypted file, shared by a branch's case book and the prefecture's store.

Each is one SQLCipher file keyed with 32 random bytes kept in the OS credential store (and
printed once as the recovery key), with a key check file beside it (keycheck.py). What differs
between the two (file names, how to read the file's id and schema revision) is a `Kind`; the
rest is here, written once:

- finding the key at open (`open_key`): the credential store's key for the file's id, the demo
  key for a demo book; a lost key check file is rebuilt from a key that opens the file (the
  credential store's index of this user's files), never reported as damage;
- a key rotation interrupted at any step is finished or rolled back at the next open, and the
  person is told which recovery key is valid (`errors.announce`);
- `unlock`: a key typed from the recovery sheet, checked against the file, stored for this user;
- `rotate`: the new key is shown and confirmed by the person before the file is re-keyed; until
  then the old recovery key stays the valid one;
- `backup`: a consistent encrypted copy, verified, with a plain `<file>.keyinfo.json` beside it
  naming the file, the key ID and the date the key was issued (never the key), so restoring
  says which recovery-key sheet it needs;
- `restore`: from a backup opened read-only (write-protected media work), into an empty folder
  on a new PC or over the existing file (kept beside it), with the key stored here, the key
  from the backup's sheet, or the recovery key asked for; a backup from before a key rotation
  is re-keyed to the folder's current key, so the office's current recovery key stays valid.

Every failure of the place (full disk, read-only, cannot open, I/O error) is a StorageError,
never "damaged" (cipher.storage_error).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

import sqlcipher3

from mccdesk import errors, safe_files
from mccdesk.errors import (
    BackupDamaged,
    BackupKeyNeeded,
    BackupKeyUnknown,
    BackupOfAnotherBook,
    CaseBookDamaged,
    KeyCheckMissing,
    KeyMissing,
    NewerCaseBook,
    NotABackup,
    NotInitialised,
    RecoveryKeyDoesNotOpenBackup,
    RecoveryKeyDoesNotOpenFile,
    RecoveryKeyOfUnfinishedChange,
    RotationInProgress,
    RotationNotConfirmed,
    StorageError,
    UsageError,
    WrongKey,
    WrongRecoveryKey,
)
from mccdesk.storage import cipher, keycheck
from mccdesk.storage.keystore import KeyStore

log = logging.getLogger(__name__)
fault_point = safe_files.fault_point

SIDECAR_SUFFIX = ".keyinfo.json"
SIDECAR_FORMAT = "mccdesk-backup-keyinfo/1"
SIDECAR_CAP = 64 * 1024


@dataclass(frozen=True)
class Identity:
    """What a file says about itself, read with its key."""

    file_id: str
    revision: str
    facts: dict[str, str] = field(default_factory=dict)  # branch_id, branch_name, demo, ...

    @property
    def key_issued_on(self) -> str:
        return self.facts.get("key_issued_on", "")


@dataclass(frozen=True)
class Kind:
    name: str  # "casebook", "prefecture"
    label_ja: str
    label_en: str
    db_name: str
    keycheck_name: str
    id_prefix: str
    revisions: tuple[str, ...]  # known schema revisions, oldest first
    identity: Callable[[sqlcipher3.Connection], Identity]  # raises DamagedError if not one

    @property
    def head(self) -> str:
        return self.revisions[-1]


@dataclass(frozen=True)
class FilePaths:
    folder: Path
    kind: ClassVar[Kind]

    @property
    def db(self) -> Path:
        return self.folder / self.kind.db_name

    @property
    def keycheck(self) -> Path:
        return self.folder / self.kind.keycheck_name

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    @property
    def rotation_lock(self) -> Path:
        return self.folder / (self.kind.db_name + ".rotation-lock")

    def sidecars(self) -> list[Path]:
        return [self.db.with_name(self.db.name + s) for s in ("-wal", "-shm")]


# --- small helpers ------------------------------------------------------------------------------


def today() -> str:
    return date.today().isoformat()


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def storage_failure(exc: BaseException, path: Path) -> Exception:
    """An OSError or SQLite error of the place, as the StorageError it is (else itself)."""
    found = cipher.storage_error(exc, path)
    return found if found is not None else exc  # type: ignore[return-value]


def read_keycheck(paths: FilePaths) -> keycheck.KeyCheck | None:
    """The key check (None when missing or not one); a file that exists but cannot be read is
    a StorageError."""
    try:
        check = keycheck.read(paths.keycheck)
    except OSError as exc:
        raise storage_failure(exc, paths.keycheck) from exc
    if check is not None and not check.book_id.startswith(paths.kind.id_prefix):
        return None  # a key check of another kind of file: as good as none
    return check


def write_keycheck(paths: FilePaths, file_id: str, entries: list[keycheck.Entry]) -> None:
    try:
        keycheck.write(paths.keycheck, file_id, entries)
    except OSError as exc:
        raise storage_failure(exc, paths.keycheck) from exc


def identity_with(kind: Kind, db: Path, key: bytes, *, read_only: bool = False) -> Identity:
    """Open `db` with `key` and read what it says about itself.

    WrongKey when the key does not open it ("file is not a database"); a StorageError when the
    place cannot be used; a DamagedError when it opens but is not a good file of this kind."""
    try:
        con = cipher.connect_readonly(db, key) if read_only else cipher.connect(db, key)
    except sqlcipher3.DatabaseError as exc:
        if cipher.is_not_a_database(exc):
            raise WrongKey() from None
        raise cipher.damage_or_storage(exc, db) from None
    try:
        return kind.identity(con)
    except sqlcipher3.DatabaseError as exc:
        raise cipher.damage_or_storage(exc, db) from None
    finally:
        con.close()


def _opens(kind: Kind, db: Path, key: bytes) -> Identity | None:
    try:
        return identity_with(kind, db, key)
    except WrongKey:
        return None


# --- the key at open ----------------------------------------------------------------------------


def open_key(
    paths: FilePaths,
    keystore: KeyStore | None,
    *,
    demo_key: bytes | None = None,
    check_demo: Callable[[], None] | None = None,
) -> tuple[str, bytes]:
    """The file's id and the key that opens it; settles an interrupted rotation and rebuilds
    a missing key check on the way (telling the person through `errors.announce`).
    `check_demo` is called before a file with the demo key is touched (it refuses one
    outside a demo folder)."""
    if not paths.db.exists():
        raise NotInitialised(path=str(paths.db))
    check = read_keycheck(paths)
    if check is None:
        return _without_keycheck(paths, keystore, demo_key, check_demo)
    if demo_key is not None and check.matches(demo_key):
        if check_demo is not None:
            check_demo()
        cipher.probe(paths.db, demo_key)
        return check.book_id, demo_key
    if keystore is None:
        raise KeyMissing()
    if not check.settled:
        check = settle(paths, keystore, check)
    file_id = check.book_id
    current = keystore.get(file_id)
    pending = keystore.get(file_id, "pending")
    candidates = [k for k in (current, pending) if k is not None and check.matches(k)]
    if not candidates:
        raise KeyMissing() if current is None and pending is None else WrongKey()
    for key in candidates:
        try:
            cipher.probe(paths.db, key)
        except WrongKey:
            continue  # the other key of a rotation under way may fit
        return file_id, key
    if not check.settled:
        raise RotationInProgress()
    # A key whose check value matches but which the file refuses: the file's first page is bad.
    raise CaseBookDamaged(detail="page 1 fails authentication with the right key")


def _without_keycheck(
    paths: FilePaths,
    keystore: KeyStore | None,
    demo_key: bytes | None,
    check_demo: Callable[[], None] | None,
) -> tuple[str, bytes]:
    """The key check file is gone: try the keys we have; the one that opens the file (and
    whose file id it is) rebuilds the key check."""
    if demo_key is not None:
        found = _opens(paths.kind, paths.db, demo_key)
        if found is not None:
            if check_demo is not None:
                check_demo()
            rebuild_keycheck(paths, found, demo_key)
            return found.file_id, demo_key
    if keystore is None:
        raise KeyCheckMissing(name=paths.kind.keycheck_name)
    for file_id in keystore.known_ids():
        if not file_id.startswith(paths.kind.id_prefix):
            continue
        for slot in ("current", "pending"):
            key = keystore.get(file_id, slot)
            if key is None:
                continue
            found = _opens(paths.kind, paths.db, key)
            if found is None or found.file_id != file_id:
                continue
            if slot == "pending":  # the rotation got as far as the re-key: this key is it now
                keystore.put(file_id, key)
            keystore.delete(file_id, "pending")
            rebuild_keycheck(paths, found, key)
            return file_id, key
    raise KeyCheckMissing(name=paths.kind.keycheck_name)


def rebuild_keycheck(paths: FilePaths, found: Identity, key: bytes) -> None:
    write_keycheck(paths, found.file_id, [keycheck.entry(key, found.file_id, found.key_issued_on)])
    log.info("key check rebuilt from a key that opens the file")
    errors.announce(errors.KeyCheckRebuilt(name=paths.kind.keycheck_name))


# --- rotation lock ------------------------------------------------------------------------------


class RotationLock:
    """Held (an OS lock on a small file beside the database) for as long as a rotation runs,
    so an open elsewhere never takes a rotation waiting for the person's confirmation for an
    interrupted one. The OS drops it when the process dies, however it dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags, safe_files.PRIVATE_FILE)
        except OSError as exc:
            raise storage_failure(exc, self.path) from exc
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock (flock and msvcrt alike)
            self._fd = None

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        got = self.acquire()
        try:
            yield got
        finally:
            self.release()


# --- rotation -----------------------------------------------------------------------------------
#
# Steps, each safe to be killed after: (1) the new key is stored as "pending"; (2) the key check
# lists the old key (current) and the new one (offered); (3) the new recovery key is shown and
# the person types part of it back; (4) the key check marks the new key confirmed; (5) the file
# is re-keyed in one transaction; (6) the new key becomes "current"; (7) the pending entry and
# the old check value are dropped. Killed before (4): the next open rolls the change back (the
# old recovery key was valid all along). Killed after (4): the next open finishes it. Either way
# the person is told which recovery key is the valid one.


def rotate(
    paths: FilePaths,
    keystore: KeyStore,
    file_id: str,
    old: bytes,
    *,
    show: Callable[[bytes, str], None],
    confirm: Callable[[bytes], bool],
    before_rekey: Callable[[], None],
    after_rekey: Callable[[sqlcipher3.Connection], None] | None = None,
) -> bytes:
    """Re-key the file; `show(new_key, key_id)` shows the new recovery key, `confirm(new_key)`
    is True once the person has typed it back. Returns the new key."""
    lock = RotationLock(paths.rotation_lock)
    if not lock.acquire():
        raise RotationInProgress()
    try:
        check = read_keycheck(paths)
        if check is not None and not check.settled:
            check = settle(paths, keystore, check, locked=True)
        if check is None or check.book_id != file_id:
            check = keycheck.KeyCheck(file_id, (keycheck.entry(old, file_id),))
        was = check.entry_for(old) or keycheck.entry(old, file_id)
        was = dataclasses.replace(was, state=keycheck.CURRENT, key_id=keycheck.key_id(old))
        new = secrets.token_bytes(cipher.KEY_BYTES)
        offered = keycheck.entry(new, file_id, today(), keycheck.OFFERED)
        keystore.put(file_id, new, "pending")
        fault_point("rotate-after-pending")
        write_keycheck(paths, file_id, [was, offered])
        fault_point("rotate-after-keycheck")
        try:
            show(new, offered.key_id)
            fault_point("rotate-after-show")
            confirmed = confirm(new)
        except BaseException:
            _roll_back(paths, keystore, file_id, was)
            raise
        if not confirmed:
            _roll_back(paths, keystore, file_id, was)
            raise RotationNotConfirmed(key_id=was.key_id, new_id=offered.key_id)
        confirmed_entry = dataclasses.replace(offered, state=keycheck.CONFIRMED)
        write_keycheck(paths, file_id, [was, confirmed_entry])
        fault_point("rotate-after-confirm")
        before_rekey()  # no other connection of ours may hold the old key while re-keying
        _rekey(paths.db, old, new, after_rekey)
        keystore.put(file_id, new)
        fault_point("rotate-after-promote")
        keystore.delete(file_id, "pending")
        write_keycheck(paths, file_id, [dataclasses.replace(offered, state=keycheck.CURRENT)])
        return new
    finally:
        lock.release()


def _rekey(
    db: Path,
    old: bytes,
    new: bytes,
    after: Callable[[sqlcipher3.Connection], None] | None = None,
) -> None:
    try:
        con = cipher.connect(db, old)
        try:
            con.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")
            fault_point("rotate-after-rekey")
            if after is not None:
                after(con)
        finally:
            con.close()
    except sqlcipher3.DatabaseError as exc:
        raise cipher.damage_or_storage(exc, db) from None
    cipher.probe(db, new)


def _roll_back(paths: FilePaths, keystore: KeyStore, file_id: str, was: keycheck.Entry) -> None:
    write_keycheck(paths, file_id, [was])
    keystore.delete(file_id, "pending")


def settle(
    paths: FilePaths, keystore: KeyStore, check: keycheck.KeyCheck, *, locked: bool = False
) -> keycheck.KeyCheck:
    """Finish or roll back a rotation that was interrupted, and say so; a rotation still under
    way in another process (its lock is held) is left alone."""
    if not locked:
        with RotationLock(paths.rotation_lock).held() as free:
            if not free:
                return check
            return _settle_locked(paths, keystore)
    return _settle_locked(paths, keystore)


def _key_opening(db: Path, keys: Sequence[bytes | None]) -> bytes | None:
    for key in keys:
        if key is None:
            continue
        try:
            cipher.probe(db, key)
        except WrongKey:
            continue
        return key
    return None


def _settle_locked(paths: FilePaths, keystore: KeyStore) -> keycheck.KeyCheck:
    check = read_keycheck(paths)  # again, now that nobody else can change it
    if check is None or check.settled:
        return check  # type: ignore[return-value]
    file_id = check.book_id
    current = keystore.get(file_id)
    pending = keystore.get(file_id, "pending")
    usable = [k for k in (current, pending) if k is not None and check.matches(k)]
    opening = _key_opening(paths.db, usable)
    if opening is None:
        return check  # nothing here opens it: open_key says why
    was, new = check.current, check.pending
    entry = check.entry_for(opening)
    assert entry is not None
    if new is None:
        # A key check from before key IDs, listing two keys: the one that opens the file wins.
        _make_only(
            paths,
            keystore,
            file_id,
            opening,
            dataclasses.replace(entry, key_id=keycheck.key_id(opening)),
        )
        errors.announce(errors.KeyCheckRebuilt(name=paths.kind.keycheck_name))
        return read_keycheck(paths)  # type: ignore[return-value]
    old_id = was.key_id if was is not None else ""
    # Confirmed, but the file still has the old key: carry out the re-key now.
    to_finish = new.state == keycheck.CONFIRMED and pending is not None
    if entry.state == keycheck.CURRENT and to_finish and check.entry_for(pending) == new:
        _rekey(paths.db, opening, pending)  # type: ignore[arg-type]
        opening, entry = pending, new  # type: ignore[assignment]
    if entry.state in (keycheck.OFFERED, keycheck.CONFIRMED):
        _make_only(paths, keystore, file_id, opening, entry)
        log.info("interrupted key rotation finished at open")
        errors.announce(errors.RotationFinished(key_id=entry.key_id, old_id=old_id))
    else:
        _make_only(paths, keystore, file_id, opening, entry)
        log.info("interrupted key rotation rolled back at open")
        errors.announce(errors.RotationRolledBack(key_id=entry.key_id, new_id=new.key_id))
    return read_keycheck(paths)  # type: ignore[return-value]


def _make_only(
    paths: FilePaths, keystore: KeyStore, file_id: str, key: bytes, entry: keycheck.Entry
) -> None:
    if keystore.get(file_id) != key:
        keystore.put(file_id, key)
    keystore.delete(file_id, "pending")
    write_keycheck(paths, file_id, [dataclasses.replace(entry, state=keycheck.CURRENT)])


# --- recovery key -------------------------------------------------------------------------------


def unlock(paths: FilePaths, keystore: KeyStore, key: bytes) -> str:
    """Store a key typed from the recovery sheet for this user on this PC; returns the file id.
    A missing key check is rebuilt from it (when it opens the file)."""
    if not paths.db.exists():
        raise NotInitialised(path=str(paths.db))
    check = read_keycheck(paths)
    if check is None:
        found = _opens(paths.kind, paths.db, key)
        if found is None:  # with no key check, another key and a bad first page look alike
            raise RecoveryKeyDoesNotOpenFile(typed=keycheck.key_id(key))
        keystore.check_usable()
        keystore.put(found.file_id, key)
        keystore.delete(found.file_id, "pending")
        rebuild_keycheck(paths, found, key)
        return found.file_id
    entry = check.entry_for(key)
    if entry is None:
        raise WrongRecoveryKey()
    keystore.check_usable()
    try:
        cipher.probe(paths.db, key)
    except WrongKey:
        if entry.state == keycheck.OFFERED:
            raise RecoveryKeyOfUnfinishedChange(key_id=entry.key_id) from None
        if not check.settled:
            raise WrongRecoveryKey() from None  # the other key of a rotation opens it
        raise CaseBookDamaged(detail="page 1 fails authentication with the right key") from None
    keystore.put(check.book_id, key)
    if check.settled:
        keystore.delete(check.book_id, "pending")
    # else: a rotation was interrupted; the next open finishes or rolls it back, and says so.
    return check.book_id


# --- backup -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What `<backup>.keyinfo.json` says: which file, which key (by ID, never the key)."""

    kind: str
    file_id: str
    key_id: str
    key_issued_on: str
    check: str  # the key check value under the backup's key
    revision: str
    made_at: str
    sha256: str
    facts: dict[str, str]
    changed: bool = False  # the backup's bytes are not those it was written for

    @property
    def issued(self) -> str:
        return self.key_issued_on or "?"


def sidecar_of(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_backup_info(backup: Path) -> BackupInfo | None:
    """The key information written beside a backup, if it is there and is this file's."""
    try:
        doc = json.loads(safe_files.read_regular(sidecar_of(backup), SIDECAR_CAP))
        if doc.get("format") != SIDECAR_FORMAT:
            return None
        info = BackupInfo(
            kind=str(doc["kind"]),
            file_id=str(doc["file_id"]),
            key_id=str(doc["key_id"]),
            key_issued_on=str(doc.get("key_issued_on", "")),
            check=str(doc["check"]),
            revision=str(doc.get("revision", "")),
            made_at=str(doc.get("made_at", "")),
            sha256=str(doc["sha256"]),
            facts={str(k): str(v) for k, v in dict(doc.get("facts", {})).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    try:
        if _sha256(backup) != info.sha256:
            # Damaged since, or the info of another backup: its key ID is still worth saying,
            # but it must not keep a key from being tried.
            log.info("backup key info: the backup's bytes differ from when it was written")
            return dataclasses.replace(info, changed=True)
    except OSError:
        return None
    return info


def backup(
    con: sqlcipher3.Connection,
    kind: Kind,
    target: Path,
    key: bytes,
    *,
    key_issued_on: str = "",
) -> Path:
    """An encrypted copy (same key) of the file `con` is open on, consistent even while others
    write; verified by reopening (read-only) and both integrity checks, then renamed into place,
    then its key information written beside it."""
    tmp = safe_files.temp_name(target)
    try:
        safe_files.make_folder(target.parent)
        # Create the (empty, owner-only) file first, so a folder we may not write to is reported
        # as that, not as SQLite's "unable to open database file" (which would read as damage).
        os.close(safe_files.create_exclusive(tmp))
    except OSError as exc:
        found = cipher.storage_error(exc, target.parent)
        if isinstance(found, errors.DiskFull | errors.ReadOnlyLocation):
            raise found from exc
        raise BackupTargetNotWritable(path=str(target.parent), detail=exc.strerror or "") from exc
    try:
        literal = str(tmp).replace("'", "''")
        con.execute(f"VACUUM INTO '{literal}'")  # a snapshot, encrypted with the same key
        check = cipher.connect_readonly(tmp, key)
        try:
            problems = cipher.integrity_problems(check)
            found = kind.identity(check)
        finally:
            check.close()
        if problems:
            raise CaseBookDamaged(detail="; ".join(problems[:5]))
        fsync(tmp)
        sha = _sha256(tmp)
        os.replace(tmp, target)
    except (sqlcipher3.DatabaseError, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise cipher.damage_or_storage(exc, target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    doc = {
        "format": SIDECAR_FORMAT,
        "kind": kind.name,
        "file_id": found.file_id,
        "key_id": keycheck.key_id(key),
        "key_issued_on": key_issued_on or found.key_issued_on,
        "check": keycheck.check_value(key, found.file_id),
        "revision": found.revision,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": sha,
        "facts": {k: v for k, v in found.facts.items() if k in ("branch_id", "office_name")},
        "note": "Which recovery key opens the backup beside this file (by key ID). "
        "It holds no key.",
    }
    try:
        safe_files.write_file(
            sidecar_of(target), json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")
        )
    except OSError as exc:
        raise storage_failure(exc, sidecar_of(target)) from exc
    return target


class BackupTargetNotWritable(UsageError):
    """The backup's folder cannot be created or written; the file itself is fine."""

    ja = "バックアップ先に書き込めません（ケースブックは変更していません）: {path}"
    en = "Cannot write to the backup location (the case book was not changed): {path}"


# --- restore ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    file_id: str
    key: bytes = field(repr=False)
    key_id: str
    kept: Path | None  # where the replaced file was kept (None: the folder had none)
    rekeyed: bool  # the backup was re-keyed to the folder's current key
    info: BackupInfo | None


AskKey = Callable[[BackupInfo | None], bytes]


def _folder_key(
    paths: FilePaths, keystore: KeyStore | None, demo_key: bytes | None
) -> tuple[str | None, bytes | None]:
    """The id of the file now in the folder and its key, as far as they can be known without
    opening it (it may be the damaged file being replaced)."""
    if not paths.db.exists():
        return None, None
    check = read_keycheck(paths)
    if check is not None and demo_key is not None and check.matches(demo_key):
        return check.book_id, demo_key
    if check is None:
        if keystore is None:
            return None, None
        for file_id in keystore.known_ids():
            key = keystore.get(file_id) if file_id.startswith(paths.kind.id_prefix) else None
            if key is not None:
                with contextlib.suppress(errors.MccdeskError):
                    found = _opens(paths.kind, paths.db, key)
                    if found is not None and found.file_id == file_id:
                        return file_id, key
        return None, None
    if keystore is None:
        return check.book_id, None
    key = keystore.get(check.book_id)
    entry = check.entry_for(key) if key is not None else None
    if entry is not None and entry.state == keycheck.CURRENT:
        return check.book_id, key
    return check.book_id, None


def _open_backup(kind: Kind, source: Path, key: bytes) -> Identity:
    """Open the backup read-only and check it completely; WrongKey if the key does not fit."""
    try:
        con = cipher.connect_readonly(source, key)
    except sqlcipher3.DatabaseError as exc:
        if cipher.is_not_a_database(exc):
            raise WrongKey() from None
        found = cipher.storage_error(exc, source)
        if found is not None:
            raise found from None
        raise BackupDamaged(path=str(source), detail=str(exc)) from None
    try:
        problems = cipher.integrity_problems(con)
        if problems:
            raise BackupDamaged(path=str(source), detail="; ".join(problems[:5]))
        try:
            found_id = kind.identity(con)
        except errors.DamagedError as exc:
            raise BackupDamaged(path=str(source), detail=exc.message("en")) from None
    except sqlcipher3.DatabaseError as exc:
        raise cipher.storage_error(exc, source) or BackupDamaged(
            path=str(source), detail=str(exc)
        ) from None
    finally:
        con.close()
    if found_id.revision not in kind.revisions:
        raise NewerCaseBook(found=found_id.revision, supported=kind.head)
    return found_id


def restore(
    paths: FilePaths,
    keystore: KeyStore | None,
    source: Path,
    *,
    ask: AskKey | None = None,
    demo_key: bytes | None = None,
    check_demo: Callable[[bytes], None] | None = None,
) -> Restored:
    """Replace the file in `paths.folder` (or put one there) with a verified backup.

    The backup's key is, in turn: this user's key for the file, the demo key, and last the
    recovery key `ask` returns (typed, or from a file). Nothing is changed until the backup has
    opened and passed both integrity checks. A backup made under an earlier key is re-keyed to
    the key of the file it replaces, when that is known, so the current recovery key stays
    the one to keep."""
    if not source.is_file():
        why = (
            "見つかりません / not found"
            if not source.exists()
            else "ファイルではありません / not a file"
        )
        raise NotABackup(path=str(source), why=why)
    info = read_backup_info(source)
    if info is not None and info.kind != paths.kind.name:
        raise NotABackup(path=str(source), why=info.kind)
    here_id, here_key = _folder_key(paths, keystore, demo_key)

    candidates: list[bytes] = []
    if here_key is not None:
        candidates.append(here_key)
    if keystore is not None and info is not None:
        for slot in ("current", "pending"):
            with contextlib.suppress(errors.LockedError):
                if (k := keystore.get(info.file_id, slot)) is not None:
                    candidates.append(k)
    if demo_key is not None:
        candidates.append(demo_key)
    if info is not None and not info.changed:  # only the key the backup names
        candidates = [k for k in candidates if keycheck.check_value(k, info.file_id) == info.check]

    found: Identity | None = None
    backup_key = b""
    for key in dict.fromkeys(candidates):
        try:
            found = _open_backup(paths.kind, source, key)
        except WrongKey:
            if info is not None and keycheck.check_value(key, info.file_id) == info.check:
                # The key the backup was made with, by its check value: the first page is bad.
                raise BackupDamaged(
                    path=str(source), detail="page 1 fails authentication with the right key"
                ) from None
            continue
        backup_key = key
        break
    if found is None:
        if ask is None:
            if info is not None:
                raise BackupKeyNeeded(key_id=info.key_id, issued=info.issued)
            raise BackupKeyUnknown()
        backup_key = ask(info)
        typed = keycheck.key_id(backup_key)
        named = info is not None and keycheck.check_value(backup_key, info.file_id) == info.check
        if info is not None and not info.changed and not named:
            raise RecoveryKeyDoesNotOpenBackup(typed=typed, key_id=info.key_id, issued=info.issued)
        try:
            found = _open_backup(paths.kind, source, backup_key)
        except WrongKey:
            if named:  # the right key, by its check value: the first page is bad
                raise BackupDamaged(
                    path=str(source), detail="page 1 fails authentication with the right key"
                ) from None
            raise RecoveryKeyDoesNotOpenFile(typed=typed) from None
    if here_id is not None and found.file_id != here_id:
        raise BackupOfAnotherBook(found=found.file_id, expected=here_id, name=paths.db.name)
    if check_demo is not None:
        check_demo(backup_key)

    target_key = here_key if here_key is not None else backup_key
    is_demo = demo_key is not None and target_key == demo_key
    if not is_demo:
        if keystore is None:
            raise KeyMissing()
        keystore.check_usable()
    issued = info.key_issued_on if info is not None else found.key_issued_on
    entry = keycheck.entry(target_key, found.file_id, issued)
    try:
        safe_files.make_folder(paths.folder)  # a new PC: the data folder may not exist yet
    except OSError as exc:
        raise storage_failure(exc, paths.folder) from exc
    rewrite = here_key is None or read_keycheck(paths) is None
    before = _bytes_or_none(paths.keycheck) if rewrite else None
    if rewrite:
        # Until the swap is done both the old keys and the backup's are listed, so whichever
        # file a crash leaves opens, and the next open settles the key check.
        old = read_keycheck(paths)
        listed = list(old.entries) if old is not None and old.book_id == found.file_id else []
        write_keycheck(paths, found.file_id, [*listed, entry])
    try:
        kept = _bring_in(paths, source, backup_key, target_key, here_key)
    except BaseException:
        if rewrite:
            with contextlib.suppress(OSError):
                if before is None:
                    paths.keycheck.unlink(missing_ok=True)
                else:
                    safe_files.write_file(paths.keycheck, before)
        raise
    if rewrite:
        write_keycheck(paths, found.file_id, [entry])
    if not is_demo and keystore is not None and keystore.get(found.file_id) != target_key:
        keystore.put(found.file_id, target_key)
    return Restored(
        found.file_id, target_key, keycheck.key_id(target_key), kept, target_key != backup_key, info
    )


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise storage_failure(exc, path) from exc


def _bring_in(
    paths: FilePaths, source: Path, backup_key: bytes, target_key: bytes, here_key: bytes | None
) -> Path | None:
    """Copy the backup beside the file, re-key it if needed, then swap: the replaced file is
    kept beside it; on any failure the folder is as it was."""
    db = paths.db
    incoming = db.with_name(db.name + ".restoring")
    kept = db.with_name(f"{db.name}.replaced-{stamp()}")
    leftovers = [incoming, *[incoming.with_name(incoming.name + s) for s in ("-wal", "-shm")]]
    moved = False
    try:
        safe_files.make_folder(paths.folder)
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        safe_files.copy_file(source, incoming)
        if target_key != backup_key:
            _rekey(incoming, backup_key, target_key)
            fsync(incoming)
        if db.exists():
            if here_key is not None:
                with contextlib.suppress(sqlcipher3.DatabaseError, errors.MccdeskError):
                    _checkpoint(db, here_key)  # fold the WAL into the file we keep
            os.replace(db, kept)
            moved = True
        for sidecar in paths.sidecars():
            sidecar.unlink(missing_ok=True)  # a stale WAL must never meet the restored file
        os.replace(incoming, db)
    except (OSError, sqlcipher3.DatabaseError, errors.MccdeskError) as exc:
        if moved and not db.exists():
            os.replace(kept, db)  # put the file back where it was
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, errors.MccdeskError):
            raise
        raise cipher.damage_or_storage(exc, paths.folder) from exc
    return kept if moved else None


def _checkpoint(db: Path, key: bytes) -> None:
    con = cipher.connect(db, key)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


__all__ = [
    "BackupInfo",
    "BackupTargetNotWritable",
    "FilePaths",
    "Identity",
    "Kind",
    "Restored",
    "RotationLock",
    "StorageError",
    "backup",
    "open_key",
    "read_backup_info",
    "restore",
    "rotate",
    "unlock",
]
