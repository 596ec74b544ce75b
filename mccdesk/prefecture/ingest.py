"""Ingest: read the branches' summary files from drop/inbox/*/, decide on each, answer each.

Everything under drop/ was written by someone who can write to the share, so nothing there is
trusted until verified (issue 13). Reading (security-anchors §3.4):
- only finished files (`*.mccsum`; `*.partial` and anything else are never read), in real
  folders (a linked inbox/<x>/ is not read; a warning says so);
- only regular files: a link (to /dev/zero, to a file of ours), FIFO or device is never opened
  for reading (safe_files.read_regular) and is quarantined as `not_regular`; at most the cap plus
  one byte is read (over envelope.MAX_FILE: `oversize`); sharing violations retried;
- one file at a time: its row (and, only if its signature verified, its bytes) goes to the
  store's transaction as soon as it is decided, so memory holds one file whatever the drop holds;
- names are shown escaped (safe_files.shown: no terminal escapes, 0xFF as \\xff) wherever they
  are stored, printed or logged; the raw name is used only to open the file;
- headers are depth-limited JSON (bounded_json) and dates real dates, so no file raises:
  whatever one file holds, the run goes on to the next and ends with its report.
Never a name trusted over content: the branch, the period and the sequence come from the signed
header, and a name that disagrees with the content is itself a reason to refuse. The inbox
sub-folder a file sits in decides nothing.

Checks, in this order, the first failing one being the reason (model.REASONS):
  not_regular | oversize (not read); framing and header JSON → malformed;
  type and format version → unknown_format; key_id registered for the branch the header names →
  unknown_key; header fields (a real created_at among them) → malformed; signature →
  bad_signature; the key revoked when the file was *received* → revoked_key; name →
  name_mismatch; sealed tables open with our key → unreadable; the tables pass summary.validate
  and name the header's branch and period → unknown_format; their cells fit their totals
  (summary.check_arithmetic) → bad_totals. Then, per branch, in sequence order:
  another file for the same (branch, period, revision) → both equivocation (an accepted one is
  taken out of the tables); seq not above the chain's head → replay; prev_hash not the head's
  hash → held as a gap (retried at every ingest: accepted as soon as the missing file arrives);
  else accepted, and the head moves on.

Revocation goes by the time of receipt: the time this office's ingest first saw the file (its
`received_at`, our own clock), never the `created_at` the file claims, which whoever holds the key
can backdate. A revoked key's file counts only if it was received before the key's
`revoked_from`. A revocation may be dated back (the key was stolen on the 1st, the office hears
on the 10th): files received since then that were accepted or held are taken out at the next
ingest (quarantined as revoked_key, ack replaced); files received before it stay. Re-seen files
(the same bytes again, in any folder) keep the decision of their first receipt: a file refused
as revoked stays refused, one accepted before the revocation stays accepted.

What is kept: every file seen gets one record, keyed by SHA-256 of its bytes (for files not
read: of its folder, name and kind), with its reason and a short detail; the bytes only of files
whose signature verified with a key not revoked on receipt. Junk costs a bounded record each,
and the same junk again, under any name, costs nothing.

The same bytes seen again are a no-op and get the same ack, byte for byte: acks are made once
and stored. Files not read (not_regular, oversize) get no ack: there is no file hash to answer.
All decisions of a run are stored in one transaction before any ack is written, so an ack never
claims more than the store holds; acks a crash left unwritten are written by the next run (every
ack on the drop is compared with the stored one for each file seen).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mccdesk import safe_files
from mccdesk.errors import CountsDoNotAddUp
from mccdesk.prefecture import model
from mccdesk.reference import Reference
from mccdesk.safe_files import shown
from mccdesk.storage import prefecture_store as store
from mccdesk.sync import ack, bounded_json, drop, envelope, summary

log = logging.getLogger(__name__)
BRANCH = re.compile(r"[A-Za-z0-9-]{1,32}")
UNREAD = frozenset({"oversize", "not_regular"})  # refused without reading a byte
Progress = Callable[[int, int], None]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _stamp(when: datetime) -> str:
    return when.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Refused(Exception):
    """`verified`: the signature verified with a key good on receipt (the bytes may be kept)."""

    def __init__(self, reason: str, detail: str = "", verified: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.detail, self.verified = reason, detail, verified


@dataclass
class Examined:
    """A file that passed every check that needs no knowledge of other files."""

    header: dict[str, Any]
    area: str
    document: bytes


def examine(
    name: str,
    data: bytes,
    keys_by_id: dict[str, model.BranchKey],
    sealing_private: bytes,
    ref: Reference,
    received_at: datetime,
) -> Examined:
    """Every check on one file alone; raises Refused(reason) at the first that fails."""
    if len(data) > envelope.MAX_FILE:
        raise Refused("oversize")
    try:
        _, header_bytes, _ = envelope.split(data)
        header = envelope.read_header(header_bytes)
    except envelope.EnvelopeRejected as exc:
        raise Refused("malformed", exc.message("en")) from None
    if not isinstance(header, dict):
        raise Refused("malformed", "header is not an object")
    if header.get("type") != envelope.FILE_TYPE or header.get("format") != envelope.FORMAT_VERSION:
        raise Refused("unknown_format", "file type or format version")
    key_id = header.get("key_id")
    key = keys_by_id.get(key_id) if isinstance(key_id, str) else None
    if key is None or key.branch != header.get("branch"):
        raise Refused("unknown_key")
    try:  # header keys, field patterns (a real created_at), canonical form, then the signature
        envelope.verify(data, {key.branch: [key.public_key]})
    except envelope.EnvelopeRejected as exc:
        if exc.params.get("reason") == "signature":
            raise Refused("bad_signature") from None
        raise Refused("malformed", exc.message("en")) from None
    if key.revoked_from is not None and received_at >= key.revoked_from:
        raise Refused(  # by receipt, never by the created_at the key's holder chose
            "revoked_key",
            f"received {_stamp(received_at)}, key revoked from {_stamp(key.revoked_from)}",
        )
    if not envelope.NAME.fullmatch(name) or name != envelope.file_name(header, data):
        detail = f"content names {envelope.file_name(header, data)}"
        raise Refused("name_mismatch", detail, verified=True)
    try:
        tables = envelope.open_tables(data, header, sealing_private)
    except envelope.EnvelopeRejected as exc:
        raise Refused("unreadable", exc.message("en"), verified=True) from None
    try:
        doc = bounded_json.loads(tables)
        summary.validate(doc, ref)
    except CountsDoNotAddUp as exc:
        raise Refused("bad_totals", exc.message("en"), verified=True) from None
    except summary.SummaryInvalid as exc:
        raise Refused("unknown_format", exc.message("en"), verified=True) from None
    except ValueError as exc:  # not UTF-8, not JSON, nested too deep
        raise Refused("unknown_format", f"tables: {type(exc).__name__}", verified=True) from None
    if (doc["branch"], doc["period"]) != (header["branch"], header["period"]):
        raise Refused("unknown_format", "sealed tables disagree with the header", verified=True)
    return Examined(header, doc["area"], tables)


@dataclass(frozen=True)
class Found:
    """A finished file's name under drop/inbox/<folder>/, as the OS gives it (possibly with
    undecodable bytes, kept so that it still opens): nothing read yet."""

    folder: str
    name: str


@dataclass
class Seen:
    """One file found on the drop in this run; names shown escaped."""

    folder: str
    name: str
    file_hash: str
    data: bytes | None  # None: not read (see `reason`)
    reason: str = ""  # UNREAD reasons
    detail: str = ""


def _real_folder(path: Path, warnings: list[str]) -> bool:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(st.st_mode):
        return True
    if stat.S_ISLNK(st.st_mode):
        warnings.append(f"{shown(path.name)}: a link, not a folder: not read")
    return False


def scan(drop_dir: Path, warnings: list[str]) -> list[Found]:
    """Every finished summary file's name under drop/inbox/*/ (sorted, for a stable order)."""
    inbox = drop_dir / "inbox"
    if not drop_dir.is_dir():
        raise drop.DropUnreachable(2, "the drop folder cannot be reached", str(drop_dir))
    if not _real_folder(inbox, warnings):
        return []
    found: list[Found] = []
    for folder in drop.retrying(lambda: safe_files.list_names(inbox)):
        if not _real_folder(inbox / folder, warnings):
            continue
        try:
            names = drop.retrying(lambda f=folder: safe_files.list_names(inbox / f))  # type: ignore[misc]
        except OSError as exc:
            warnings.append(f"{shown(folder)}/: not read ({exc.strerror or exc})")
            continue
        # *.partial and anything else: not finished, not ours
        found += [Found(folder, name) for name in names if name.endswith(envelope.SUFFIX)]
    return found


def _tag(*parts: str) -> str:
    return hashlib.sha256(os.fsencode(":".join(parts))).hexdigest()[:40]


def read(drop_dir: Path, item: Found, warnings: list[str]) -> Seen | None:
    """The file's bytes and hash, or why it was not read; None if it is gone or locked."""
    path = drop_dir / "inbox" / item.folder / item.name
    folder, name = shown(item.folder), shown(item.name)
    try:
        data = drop.retrying(lambda: safe_files.read_regular(path, envelope.MAX_FILE))
    except safe_files.TooLarge:
        try:
            size = os.lstat(path).st_size
        except OSError:
            size = -1
        tag = _tag(f"{item.folder}/{item.name}", str(size))  # as before: same file, same record
        return Seen(folder, name, "oversize-" + tag, None, "oversize", f"{size} bytes")
    except safe_files.UnsafePath as exc:
        what = exc.strerror or "not a regular file"
        tag = _tag(f"{item.folder}/{item.name}", what)
        return Seen(folder, name, "unread-" + tag, None, "not_regular", what)
    except OSError as exc:  # gone meanwhile, or still locked after the retries
        warnings.append(f"{folder}/{name}: not read ({exc.strerror or exc})")
        return None
    return Seen(folder, name, hashlib.sha256(data).hexdigest(), data)


class Ingest:
    """One run: files read and decided one at a time into one transaction, then the acks."""

    def __init__(
        self,
        engine: Any,  # the store's engine, passed through to prefecture_store
        keys_by_id: dict[str, model.BranchKey],
        signing_private: bytes,
        sealing_private: bytes,
        ref: Reference,
    ) -> None:
        self.engine = engine
        self.keys_by_id = keys_by_id
        self.signing_private = signing_private
        self.sealing_private = sealing_private
        self.ref = ref
        self.now = _now()  # the receipt time of every file first seen in this run
        self.records = {r.file_hash: r for r in store.records(engine)}
        self.new: dict[str, store.FileRecord] = {}
        self.changed: dict[str, store.FileRecord] = {}
        self.heads: dict[str, tuple[int, str]] = {}
        self.versions: dict[tuple[str, str, int], list[store.FileRecord]] = {}
        self._revoked_since_received()
        for r in self.records.values():
            self._index(r)
            if r.chained and r.seq is not None and r.seq > self.heads.get(r.branch, (0, ""))[0]:
                self.heads[r.branch] = (r.seq, r.file_hash)

    def _index(self, r: store.FileRecord) -> None:
        """Files that passed every check on their own, by (branch, period, revision)."""
        verified = r.status in (model.ACCEPTED, model.HELD) or r.reason in (
            "equivocation",
            "replay",
        )
        if verified and r.revision is not None:
            self.versions.setdefault((r.branch, r.period, r.revision), []).append(r)

    def _revoked_since_received(self) -> None:
        """Accepted and held files received at or after their key's revocation date (a
        revocation dated back) are taken out: quarantined as revoked_key, their acks replaced.
        They keep their place in the chain (a later file may name one as its predecessor)."""
        keys: dict[str, list[model.BranchKey]] = {}
        for k in self.keys_by_id.values():
            keys.setdefault(k.branch, []).append(k)
        for r in self.records.values():
            if r.status not in (model.ACCEPTED, model.HELD):
                continue
            revoked = [
                k
                for k in keys.get(r.branch, [])
                if k.revoked_from is not None and k.revoked_from <= r.received_at
            ]
            if not revoked:
                continue
            if len(revoked) < len(keys[r.branch]):  # the branch has other keys: which signed?
                signer = _signer(store.file_data(self.engine, r.file_hash))
                revoked = [k for k in revoked if signer in (None, k.key_id)]
                if not revoked:
                    continue
            since = min(k.revoked_from for k in revoked if k.revoked_from is not None)
            detail = f"received {_stamp(r.received_at)}, key revoked from {_stamp(since)}"
            self._decide(r, model.QUARANTINED, "revoked_key", detail)

    def _decide(self, r: store.FileRecord, status: str, reason: str = "", detail: str = "") -> None:
        r.status, r.reason, r.detail, r.decided_at = status, reason, detail, self.now
        if r.file_hash not in self.new:
            self.changed[r.file_hash] = r

    def run(self, drop_dir: Path, progress: Progress | None = None) -> model.IngestReport:
        report = model.IngestReport([], [])
        found = scan(drop_dir, report.warnings)
        verified: list[store.FileRecord] = []
        touched: dict[str, tuple[store.FileRecord, bool]] = {}  # hash → (record, new)
        with store.deciding(self.engine) as decisions:
            for i, item in enumerate(found):
                if progress is not None and i % 50 == 0:
                    progress(i, len(found))
                seen = read(drop_dir, item, report.warnings)
                if seen is None:
                    continue
                known = self.records.get(seen.file_hash) or self.new.get(seen.file_hash)
                if known is not None:
                    touched.setdefault(seen.file_hash, (known, False))
                    continue
                record, ok = self._examine(seen)
                if not ok:  # decided for good: stored once, with its ack
                    record.ack = self._ack(record)
                decisions.add(record)  # bytes and all, in the run's transaction
                seen.data = record.data = record.document = None  # one file in memory at a time
                self.new[record.file_hash] = record
                touched[record.file_hash] = (record, True)
                if ok:
                    verified.append(record)
            # Per branch in sequence order, so files listed out of order do not look like gaps.
            for record in sorted(verified, key=lambda r: (r.branch, r.seq or 0)):
                self._chain(record)
            self._release_held()
            for r in self.changed.values():
                touched.setdefault(r.file_hash, (r, False))
            for r in (*verified, *self.changed.values()):  # decided by the chain
                r.ack = self._ack(r)
                decisions.update(r)
        for r, new in touched.values():
            report.outcomes.append(
                model.FileOutcome(r.file_name, r.branch, r.status, r.reason, new)
            )
            report.acks_written += self._write_ack(drop_dir, r, report.warnings)
        if progress is not None:
            progress(len(found), len(found))
        return report

    def _examine(self, item: Seen) -> tuple[store.FileRecord, bool]:
        """A record of the file's decision on its own; True if it goes on to the chain."""
        branch = item.folder if BRANCH.fullmatch(item.folder) else ""
        record = store.FileRecord(
            file_hash=item.file_hash,
            file_name=item.name,
            folder=item.folder,
            branch=branch,
            status=model.QUARANTINED,
            received_at=self.now,
            decided_at=self.now,
        )
        if item.data is None:
            record.reason, record.detail = item.reason, item.detail
            return record, False
        try:
            found = examine(
                item.name, item.data, self.keys_by_id, self.sealing_private, self.ref, self.now
            )
        except Refused as exc:
            record.reason = exc.reason
            record.detail = f"{exc.detail} ({len(item.data)} bytes)".lstrip()[:500]
            if exc.verified:  # signed by a key good on receipt: kept, as evidence
                record.data = item.data
            self._header_fields(record, item.data)
            return record, False
        except Exception as exc:  # never expected; one file must not stop the run
            log.warning("file %s/%s: %s", item.folder, item.name, type(exc).__name__, exc_info=True)
            record.reason, record.detail = "malformed", f"unexpected {type(exc).__name__}"
            return record, False
        h = found.header
        record.branch, record.period, record.area = h["branch"], h["period"], found.area
        record.revision, record.seq, record.prev_hash = h["revision"], h["seq"], h["prev_hash"]
        record.created_at, record.data, record.document = h["created_at"], item.data, found.document
        return record, True

    @staticmethod
    def _header_fields(record: store.FileRecord, data: bytes) -> None:
        """For the quarantine list: what an unverified header claims (shown, never trusted)."""
        try:
            _, header_bytes, _ = envelope.split(data)
            header = envelope.read_header(header_bytes)
        except envelope.EnvelopeRejected:
            return
        if not isinstance(header, dict):
            return
        if isinstance(header.get("branch"), str) and BRANCH.fullmatch(header["branch"]):
            record.branch = header["branch"]
        if isinstance(header.get("period"), str) and re.fullmatch(
            r"FY\d{4}-Q[1-4]", header["period"]
        ):
            record.period = header["period"]
        for name in ("revision", "seq"):
            if type(header.get(name)) is int and 0 <= header[name] < 2**31:
                setattr(record, name, header[name])

    def _chain(self, r: store.FileRecord) -> None:
        assert r.revision is not None and r.seq is not None
        key = (r.branch, r.period, r.revision)
        others = [o for o in self.versions.get(key, []) if o.file_hash != r.file_hash]
        self.versions.setdefault(key, []).append(r)
        if others:
            detail = "other file(s): " + ", ".join(o.file_name for o in others)[:400]
            self._decide(r, model.QUARANTINED, "equivocation", detail)
            for o in others:
                if (o.status, o.reason) != (model.QUARANTINED, "equivocation"):
                    self._decide(o, model.QUARANTINED, "equivocation", f"other file: {r.file_name}")
            return
        head_seq, head_hash = self.heads.get(r.branch, (0, ""))
        if r.seq <= head_seq:
            self._decide(r, model.QUARANTINED, "replay", f"last accepted seq {head_seq}")
        elif r.prev_hash == head_hash:
            self._accept(r)
        else:
            self._decide(r, model.HELD, "gap", f"last accepted seq {head_seq}")

    def _accept(self, r: store.FileRecord) -> None:
        assert r.seq is not None
        r.chained = True
        self._decide(r, model.ACCEPTED)
        self.heads[r.branch] = (r.seq, r.file_hash)

    def _release_held(self) -> None:
        """Accept held files the chain has now reached (their predecessor arrived)."""
        held = [
            r
            for r in (*self.records.values(), *self.new.values())
            if r.status == model.HELD and r.seq is not None
        ]
        progress = True
        while progress:
            progress = False
            for r in sorted(held, key=lambda x: (x.branch, x.seq or 0)):
                if r.status != model.HELD:
                    continue
                head_seq, head_hash = self.heads.get(r.branch, (0, ""))
                if (r.seq or 0) > head_seq and r.prev_hash == head_hash:
                    self._accept(r)
                    progress = True

    def _ack(self, r: store.FileRecord) -> bytes | None:
        if r.reason in UNREAD:
            return None  # nothing was read: no file hash to answer
        accepted = r.status == model.ACCEPTED
        answer = ack.Ack(
            r.branch or r.folder,
            r.file_name,
            r.file_hash,
            accepted,
            "" if accepted else model.ack_reason(r.reason),
            _stamp(self.now),
        )
        return ack.make_ack(self.signing_private, answer)

    @staticmethod
    def _write_ack(drop_dir: Path, r: store.FileRecord, warnings: list[str]) -> int:
        branch = r.branch or r.folder
        if r.ack is None or not BRANCH.fullmatch(branch):
            return 0
        try:
            wrote = drop.write_replacing(
                drop_dir / "outbox" / branch, f"{r.file_hash}{ack.SUFFIX}", r.ack, drop_dir
            )
        except OSError as exc:
            warnings.append(f"ack for {r.file_name} not written ({exc.strerror or exc})")
            return 0
        return int(wrote)


def _signer(data: bytes | None) -> str | None:
    """The key_id a stored (verified) file's header names; None if it cannot be told."""
    if data is None:
        return None
    try:
        header = envelope.read_header(envelope.split(data)[1])
    except envelope.EnvelopeRejected:
        return None
    key_id = header.get("key_id") if isinstance(header, dict) else None
    return key_id if isinstance(key_id, str) else None
