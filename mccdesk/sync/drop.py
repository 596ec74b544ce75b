"""Delivery to the shared folder, and collecting the prefecture's acks (security-anchors §3.4).

    drop/inbox/<branch>/    our summaries: <name>.partial → fsync → os.rename → <name>, re-read
    drop/outbox/<branch>/   the prefecture's signed acks (*.mccack); nothing else is trusted
    drop/reference/         signed reference packages (*.mccref), newest pinned by `sync`

Every approved summary stays queued in the case book until a delivery has been read back with
the right hash. A kill at any step leaves at worst a stale `<name>.partial` (never a final name
with partial content: the rename happens only after fsync) or a final file whose state update
was lost; the next run finds the final file with the same bytes and marks it delivered, so one
summary never has two files. `os.rename` (not replace): the name is content-addressed, so if it
exists already it must hold the same bytes, and it is checked rather than overwritten.
An unreachable drop (missing folder, no access, network gone) leaves the summary queued with
the error noted; `mccdesk sync` still exits 0 and says so, so a scheduled task just runs again.

Reading acks and packages (anyone who can write to the share can put anything there, issue 13):
only real folders (a linked outbox/<branch>/ or reference/ is not read), only regular files of
at most the cap (a link, FIFO or device is never opened for reading; see safe_files.read_regular),
depth-limited JSON, one file at a time and each on its own: a file that cannot be read or
verified is skipped with a warning naming it escaped (safe_files.shown), and the run goes on to
delivery. Writing never follows a link below the drop's root (`within=drop` everywhere).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mccdesk import safe_files
from mccdesk.storage import sync_store
from mccdesk.storage.book import fault_point
from mccdesk.sync import ack, envelope, reference

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

log = logging.getLogger(__name__)
T = TypeVar("T")

PARTIAL = ".partial"
# Temporary names of safe_files.write_file (`<name>.<12 hex>.partial`); older `<name>.partial`.
_PARTIAL_OF = re.compile(r"(\.[0-9a-f]{12})?\.partial$")
TRANSIENT_WINERRORS = frozenset({5, 32, 33})  # access denied, sharing / lock violation
BACKOFF = (0.05, 0.1, 0.2, 0.4, 0.8, 1.0)  # about 2.5 s in all, then the item stays queued
STALE_PARTIAL_SECONDS = 3600
sleep = time.sleep  # tests replace it


class DropUnreachable(OSError):
    pass


def is_transient(exc: OSError) -> bool:
    """Windows sharing violations and the like: a scanner or reader holds the file for a moment."""
    winerror = getattr(exc, "winerror", None)
    if winerror in TRANSIENT_WINERRORS:
        return True
    return sys.platform == "win32" and isinstance(exc, PermissionError)


def retrying(action: Callable[[], T]) -> T:
    for delay in (*BACKOFF, None):
        try:
            return action()
        except OSError as exc:
            if delay is None or not is_transient(exc):
                raise
            log.info("transient error on the drop (%s); retrying in %.2fs", exc, delay)
            sleep(delay)
    raise AssertionError("unreachable")


def _holds(path: Path, data: bytes) -> bool:
    """True if `path` is a regular file (not a link) holding exactly `data`."""
    try:
        return safe_files.read_regular(path, len(data)) == data
    except FileNotFoundError:
        return False
    except (safe_files.UnsafePath, safe_files.TooLarge):
        return False  # planted by someone else under our name: written over below


def _describe(exc: OSError) -> str:
    code = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
    winerror = getattr(exc, "winerror", None)
    bits = [b for b in (code, f"WinError {winerror}" if winerror else "", exc.strerror or "") if b]
    return " ".join(bits) or type(exc).__name__


@dataclass
class SyncReport:
    delivered: list[str] = field(default_factory=list)  # file names
    already_there: list[str] = field(default_factory=list)
    queued: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    answered: list[tuple[str, str, str]] = field(default_factory=list)  # (name, state, reason)
    warnings: list[str] = field(default_factory=list)
    swept: list[str] = field(default_factory=list)
    package: str | None = None  # the reference package version pinned by this run


def branch_inbox(drop: Path, branch: str) -> Path:
    if not drop.is_dir():
        raise DropUnreachable(errno.ENOENT, "the drop folder cannot be reached", str(drop))
    return safe_files.make_folder(drop / "inbox" / branch, shared=True, within=drop)


def deliver_one(inbox: Path, name: str, data: bytes, drop: Path) -> bool:
    """Put one file in place. True if written now, False if the same file was there already."""
    final = inbox / name
    if retrying(lambda: _holds(final, data)):
        return False
    # Anything else under our content-addressed name (a link, other bytes) is replaced, never
    # followed: only these bytes belong there.
    retrying(lambda: safe_files.write_file(final, data, shared=True, within=drop, fault="deliver"))
    fault_point("deliver-renamed")
    if not retrying(lambda: _holds(final, data)):  # SMB renames are not to be trusted
        raise OSError(errno.EIO, "the delivered file does not read back the same", str(final))
    return True


def _sweep(inbox: Path, done: set[str], report: SyncReport) -> None:
    """Remove our own stale partial files: of files now in place, or older than an hour."""
    now = time.time()
    for path in inbox.glob("*" + PARTIAL):
        stem = _PARTIAL_OF.sub("", path.name)
        if not envelope.NAME.fullmatch(stem):
            continue
        try:
            if stem in done or now - path.lstat().st_mtime > STALE_PARTIAL_SECONDS:
                path.unlink()
                report.swept.append(path.name)
        except OSError as exc:
            log.info("could not sweep %s: %s", path.name, exc)


def deliver(book: CaseBook, drop: Path, report: SyncReport) -> None:
    engine = book.opened.engine
    queued = sync_store.outbox(engine, states=(sync_store.APPROVED,))
    try:
        inbox = branch_inbox(drop, book.info().branch_id)
    except OSError as exc:
        why = _describe(exc)
        for entry in queued:
            sync_store.mark_queued(engine, entry.id, why)
            report.queued.append((entry.file_name or "", why))
        return
    for i, entry in enumerate(sorted(queued, key=lambda e: e.seq or 0)):
        assert entry.file_name and entry.data is not None and entry.file_hash
        try:
            written = deliver_one(inbox, entry.file_name, entry.data, drop)
        except OSError as exc:
            why = _describe(exc)
            log.warning("delivery of %s failed, stays queued: %s", entry.file_name, why)
            for rest in sorted(queued, key=lambda e: e.seq or 0)[i:]:  # keep the order
                sync_store.mark_queued(engine, rest.id, why)
                report.queued.append((rest.file_name or "", why))
            break
        fault_point("deliver-before-state")
        sync_store.mark_delivered(engine, entry.id)
        book.store.record_event("deliver", "summary", entry.id, book.coordinator_id, entry.period)
        (report.delivered if written else report.already_there).append(entry.file_name)
    done = {
        e.file_name or ""
        for e in sync_store.outbox(
            engine, states=(sync_store.DELIVERED, sync_store.ACKNOWLEDGED, sync_store.REFUSED)
        )
    }
    _sweep(inbox, done, report)


def _listed(folder: Path, suffix: str, warnings: list[str], what: str) -> list[str]:
    """The names of the finished `suffix` files in `folder` (never *.partial), as the OS gives
    them; [] if it is missing. A link or anything but a real folder is not read (a warning)."""
    try:
        st = retrying(lambda: os.lstat(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        warnings.append(f"{what} not read: {_describe(exc)}")
        return []
    if not stat.S_ISDIR(st.st_mode):
        kind = safe_files.describe_kind(st.st_mode)
        warnings.append(f"{what} not read: {safe_files.shown(folder.name)} is {kind}")
        return []
    try:
        names = retrying(lambda: safe_files.list_names(folder))
    except OSError as exc:
        warnings.append(f"{what} not read: {_describe(exc)}")
        return []
    return [n for n in names if n.endswith(suffix)]


def _why(exc: OSError) -> str:
    if isinstance(exc, (safe_files.UnsafePath, safe_files.TooLarge)):
        return exc.strerror or type(exc).__name__
    return _describe(exc)


def _read_each(
    folder: Path, names: list[str], cap: int, warnings: list[str], what: str
) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each file, read only when asked for, so one is in memory at a time:
    regular files of at most `cap` bytes; a link, FIFO, device or larger file is skipped with a
    warning naming it escaped (names come from whoever can write to the drop)."""
    for name in names:
        try:
            data = retrying(lambda p=folder / name: safe_files.read_regular(p, cap))  # type: ignore[misc]
        except OSError as exc:
            warnings.append(f"{safe_files.shown(name)}: {what} not read ({_why(exc)})")
            log.warning("%s %s not read: %s", what, safe_files.shown(name), _why(exc))
            continue
        yield name, data


def collect(book: CaseBook, drop: Path, report: SyncReport) -> None:
    """Read acks from drop/outbox/<branch>/; only those the pinned prefecture key signed count.

    Each file on its own: one that cannot be read or verified is skipped with a warning, and the
    run goes on to the next (and to delivery)."""
    key = reference.pinned(book)
    branch = book.info().branch_id
    folder = drop / "outbox" / branch
    names = _listed(folder, ack.SUFFIX, report.warnings, "acks")
    if names and key is None:
        report.warnings.append("acks not read: no prefecture key is pinned")
        return
    for name, data in _read_each(folder, names, ack.MAX_ACK, report.warnings, "ack"):
        shown = safe_files.shown(name)
        try:
            assert key is not None
            answer = ack.read_ack(data, key.signing_key)
            if answer.branch != branch:
                raise ack.AckRejected(reason="for another branch")
        except (ValueError, ack.AckRejected) as exc:
            why = exc.message("en") if isinstance(exc, ack.AckRejected) else type(exc).__name__
            report.warnings.append(f"{shown}: ignored ({why})")
            log.warning("ack %s ignored: %s", shown, why)
            continue
        before = {e.file_name: e.state for e in sync_store.outbox(book.opened.engine)}
        entry = sync_store.record_answer(
            book.opened.engine,
            answer.file_name,
            answer.file_hash,
            answer.accepted,
            answer.reason,
            _signed_at(answer.created_at),
        )
        if entry is None:
            report.warnings.append(f"{shown}: ignored (names no summary of ours)")
        elif before.get(entry.file_name) != entry.state:
            report.answered.append((entry.file_name or "", entry.state, entry.reason))


def _signed_at(text: str) -> datetime | None:
    """An ack's signed created_at as naive UTC; None if it is not a time with a zone."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(UTC).replace(tzinfo=None)


def update_reference(book: CaseBook, drop: Path, report: SyncReport) -> None:
    """Pin a newer reference package from drop/reference/ (see reference.update_from_files),
    reading the packages one at a time; unreadable ones are skipped with a warning."""
    if reference.pinned(book) is None:
        return  # nothing to check them against: `trust-prefecture` first
    folder = drop / "reference"
    names = _listed(folder, reference.SUFFIX, report.warnings, "reference packages")
    if not names:
        return
    files = _read_each(folder, names, reference.MAX_PACKAGE, report.warnings, "reference package")
    result = reference.update_from_files(book, files)
    report.package = result.pinned
    for name, why in result.refused:
        report.warnings.append(f"{safe_files.shown(name)}: reference package refused ({why})")
        log.warning("reference package %s refused: %s", safe_files.shown(name), why)


def write_replacing(folder: Path, name: str, data: bytes, drop: Path) -> bool:
    """The prefecture's acks: write beside, rename over. False if the same bytes were there.

    No fsync: an ack lost to a power cut is written again by the next ingest, which compares
    every ack on the drop with the one it stored.
    """
    final = folder / name
    try:
        if retrying(lambda: safe_files.read_regular(final, len(data))) == data:
            return False
    except OSError:
        pass  # missing, or not what we wrote: replaced below (a link is replaced, not followed)
    retrying(lambda: safe_files.make_folder(folder, shared=True, within=drop))
    retrying(lambda: safe_files.write_file(final, data, shared=True, within=drop, durable=False))
    return True


def sync(book: CaseBook, drop: Path) -> SyncReport:
    """Collect acks and reference packages, then deliver what is queued.

    Never raises for an unreachable drop. The reference package comes before delivery so that a
    newer policy is pinned before the next summary is built (summaries already approved keep
    the policy they were approved under).
    """
    report = SyncReport()
    collect(book, drop, report)
    if drop.is_dir():
        update_reference(book, drop, report)
    deliver(book, drop, report)
    return report
