"""Ingest: read the branches' summary files from drop/inbox/*/, decide on each, answer each.

Reading (security-anchors §3.4): only finished files (`*.mccsum`; `*.partial` and anything else
are never read), size checked before reading (over envelope.MAX_FILE: quarantined unread),
sharing violations retried (drop.retrying), never a name trusted over content: the branch, the
period and the sequence come from the signed header, and a name that disagrees with the content
is itself a reason to refuse. The inbox sub-folder a file sits in decides nothing.

Checks, in this order, the first failing one being the reason (model.REASONS):
  framing → malformed | oversize; type and format version → unknown_format;
  key_id registered for the branch the header names → unknown_key; signature → bad_signature;
  signed (created_at) before the key's revocation date → revoked_key; name → name_mismatch;
  sealed tables open with our key → unreadable; the tables pass summary.validate and name the
  header's branch and period → unknown_format. Then, per branch, in sequence order:
  another file for the same (branch, period, revision) → both equivocation (an accepted one is
  taken out of the tables); seq not above the chain's head → replay; prev_hash not the head's
  hash → held as a gap (retried at every ingest: accepted as soon as the missing file arrives);
  else accepted, and the head moves on.

The same bytes seen again are a no-op (the decision is keyed by SHA-256 of the file) and get the
same ack, byte for byte: acks are made once and stored. All decisions of a run are stored in one
transaction before any ack is written, so an ack never claims more than the store holds; acks a
crash left unwritten are written by the next run (every ack on the drop is compared with the
stored one for each file seen).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mccdesk.prefecture import model
from mccdesk.reference import Reference
from mccdesk.storage import prefecture_store as store
from mccdesk.sync import ack, drop, envelope, summary

BRANCH = re.compile(r"[A-Za-z0-9-]{1,32}")
Progress = Callable[[int, int], None]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _stamp(when: datetime) -> str:
    return when.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Refused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


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
) -> Examined:
    """Every check on one file alone; raises Refused(reason) at the first that fails."""
    if len(data) > envelope.MAX_FILE:
        raise Refused("oversize")
    try:
        _, header_bytes, _ = envelope.split(data)
        header = json.loads(header_bytes.decode("utf-8"))
    except envelope.EnvelopeRejected as exc:
        raise Refused("malformed", exc.message("en")) from None
    except (UnicodeDecodeError, ValueError):
        raise Refused("malformed", "header is not JSON") from None
    if not isinstance(header, dict):
        raise Refused("malformed", "header is not an object")
    if header.get("type") != envelope.FILE_TYPE or header.get("format") != envelope.FORMAT_VERSION:
        raise Refused("unknown_format", "file type or format version")
    key = keys_by_id.get(str(header.get("key_id")))
    if key is None or key.branch != header.get("branch"):
        raise Refused("unknown_key")
    try:  # header keys, field patterns, canonical form, then the signature
        envelope.verify(data, {key.branch: [key.public_key]})
    except envelope.EnvelopeRejected as exc:
        if exc.params.get("reason") == "signature":
            raise Refused("bad_signature") from None
        raise Refused("malformed", exc.message("en")) from None
    signed_at = datetime.strptime(header["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    if key.revoked_from is not None and signed_at >= key.revoked_from:
        raise Refused("revoked_key", f"revoked from {_stamp(key.revoked_from)}")
    if not envelope.NAME.fullmatch(name) or name != envelope.file_name(header, data):
        raise Refused("name_mismatch", f"content names {envelope.file_name(header, data)}")
    try:
        tables = envelope.open_tables(data, header, sealing_private)
    except envelope.EnvelopeRejected as exc:
        raise Refused("unreadable", exc.message("en")) from None
    try:
        doc = json.loads(tables.decode("utf-8"))
        summary.validate(doc, ref)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused("unknown_format", f"tables: {type(exc).__name__}") from None
    except summary.SummaryInvalid as exc:
        raise Refused("unknown_format", exc.message("en")) from None
    if (doc["branch"], doc["period"]) != (header["branch"], header["period"]):
        raise Refused("unknown_format", "sealed tables disagree with the header")
    return Examined(header, doc["area"], tables)


@dataclass
class Seen:
    """One file found on the drop in this run."""

    folder: str
    name: str
    file_hash: str
    data: bytes | None  # None: oversize, not read


def scan(drop_dir: Path, warnings: list[str]) -> list[Seen]:
    """Every finished summary file under drop/inbox/*/ (sorted, for a stable order)."""
    inbox = drop_dir / "inbox"
    if not drop_dir.is_dir():
        raise drop.DropUnreachable(2, "the drop folder cannot be reached", str(drop_dir))
    if not inbox.is_dir():
        return []
    seen: list[Seen] = []
    for folder in sorted(drop.retrying(lambda: list(inbox.iterdir()))):
        if not folder.is_dir():
            continue
        for path in sorted(drop.retrying(lambda f=folder: list(f.iterdir()))):  # type: ignore[misc]
            if not path.name.endswith(envelope.SUFFIX):
                continue  # *.partial and anything else: not finished, not ours
            try:
                size = drop.retrying(lambda p=path: p.stat().st_size)  # type: ignore[misc]
                if size > envelope.MAX_FILE:
                    tag = hashlib.sha256(f"{folder.name}/{path.name}:{size}".encode()).hexdigest()
                    seen.append(Seen(folder.name, path.name, "oversize-" + tag[:40], None))
                    continue
                data = drop.retrying(path.read_bytes)
            except OSError as exc:  # gone meanwhile, or still locked after the retries
                warnings.append(f"{folder.name}/{path.name}: not read ({exc.strerror or exc})")
                continue
            seen.append(Seen(folder.name, path.name, hashlib.sha256(data).hexdigest(), data))
    return seen


class Ingest:
    """One run: decisions in memory, stored in one transaction, then the acks."""

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
        self.now = _now()
        self.records = {r.file_hash: r for r in store.records(engine)}
        self.new: dict[str, store.FileRecord] = {}
        self.changed: dict[str, store.FileRecord] = {}
        self.heads: dict[str, tuple[int, str]] = {}
        self.versions: dict[tuple[str, str, int], list[store.FileRecord]] = {}
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

    def _decide(self, r: store.FileRecord, status: str, reason: str = "", detail: str = "") -> None:
        r.status, r.reason, r.detail, r.decided_at = status, reason, detail, self.now
        if r.file_hash not in self.new:
            self.changed[r.file_hash] = r

    def run(self, drop_dir: Path, progress: Progress | None = None) -> model.IngestReport:
        report = model.IngestReport([], [])
        seen = scan(drop_dir, report.warnings)
        fresh: list[tuple[store.FileRecord, bool]] = []  # (record, verified)
        touched: dict[str, tuple[store.FileRecord, bool]] = {}  # hash → (record, new)
        for i, item in enumerate(seen):
            if progress is not None and i % 50 == 0:
                progress(i, len(seen))
            known = self.records.get(item.file_hash) or self.new.get(item.file_hash)
            if known is not None:
                touched.setdefault(item.file_hash, (known, False))
                continue
            record, verified = self._examine(item)
            self.new[record.file_hash] = record
            touched[record.file_hash] = (record, True)
            fresh.append((record, verified))
        # Per branch in sequence order, so files listed out of order do not look like gaps.
        for record, _ in sorted(
            (f for f in fresh if f[1]), key=lambda f: (f[0].branch, f[0].seq or 0)
        ):
            self._chain(record)
        self._release_held()
        for r in self.changed.values():
            touched.setdefault(r.file_hash, (r, False))
        for r in (*self.new.values(), *self.changed.values()):
            r.ack = self._ack(r)
        store.apply(self.engine, self.new.values(), self.changed.values())
        for r, new in touched.values():
            report.outcomes.append(
                model.FileOutcome(r.file_name, r.branch, r.status, r.reason, new)
            )
            report.acks_written += self._write_ack(drop_dir, r, report.warnings)
        if progress is not None:
            progress(len(seen), len(seen))
        return report

    def _examine(self, item: Seen) -> tuple[store.FileRecord, bool]:
        branch = item.folder if BRANCH.fullmatch(item.folder) else ""
        record = store.FileRecord(
            file_hash=item.file_hash,
            file_name=item.name,
            folder=item.folder,
            branch=branch,
            status=model.QUARANTINED,
            received_at=self.now,
            decided_at=self.now,
            data=item.data,
        )
        if item.data is None:
            record.reason = "oversize"
            return record, False
        try:
            found = examine(item.name, item.data, self.keys_by_id, self.sealing_private, self.ref)
        except Refused as exc:
            record.reason, record.detail = exc.reason, exc.detail[:500]
            self._header_fields(record, item.data)
            return record, False
        h = found.header
        record.branch, record.period, record.area = h["branch"], h["period"], found.area
        record.revision, record.seq, record.prev_hash = h["revision"], h["seq"], h["prev_hash"]
        record.created_at, record.document = h["created_at"], found.document
        return record, True

    @staticmethod
    def _header_fields(record: store.FileRecord, data: bytes) -> None:
        """For the quarantine list: what an unverified header claims (shown, never trusted)."""
        try:
            _, header_bytes, _ = envelope.split(data)
            header = json.loads(header_bytes.decode("utf-8"))
        except (envelope.EnvelopeRejected, UnicodeDecodeError, ValueError):
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

    def _ack(self, r: store.FileRecord) -> bytes:
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
