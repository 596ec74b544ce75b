"""Ingest: every refusal crafted and checked by its reason; re-drops, revisions, gaps, acks."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.sync import ack, envelope
from tests.support.prefecture import Prefecture, Signer, put, register, summary_document


def outcome(report: model.IngestReport, name: str) -> model.FileOutcome:
    (found,) = [o for o in report.outcomes if o.file_name == name]
    return found


def the_ack(office: PrefectureOffice, drop_dir: Path, branch: str, data: bytes) -> ack.Ack:
    path = drop_dir / "outbox" / branch / f"{hashlib.sha256(data).hexdigest()}.mccack"
    return ack.read_ack(path.read_bytes(), office.signing_public)


def counted(office: PrefectureOffice) -> dict[tuple[str, str], int]:
    """What the tables would show: (branch, period) → the marker count of the current file."""
    return {
        (s.branch, s.period): s.document["scopes"]["quarter"]["activities_by_kind"]["total"]
        for s in office.current_summaries(None)
    }


def test_an_accepted_file_is_opened_acked_and_counted_once(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public, marker=7)
    put(drop_dir, "B01", name, data)
    first = office.ingest(drop_dir)
    assert outcome(first, name) == model.FileOutcome(name, "B01", "accepted", "", True)
    (summary,) = office.current_summaries(["FY2024-Q1"])
    assert (summary.branch, summary.area, summary.period, summary.revision, summary.seq) == (
        "B01",
        "yokosuka-miura",
        "FY2024-Q1",
        0,
        1,
    )
    assert summary.document["type"] == "mccdesk/quarterly-summary-tables"
    answer = the_ack(office, drop_dir, "B01", data)
    assert (answer.accepted, answer.file_name, answer.reason) == (True, name, "")
    ack_bytes = next((drop_dir / "outbox" / "B01").iterdir()).read_bytes()

    put(drop_dir, "B02", name, data)  # the same file again, even in another folder
    again = office.ingest(drop_dir)
    assert [o.new for o in again.outcomes] == [False]
    assert again.outcomes[0].status == "accepted" and again.acks_written == 0
    assert next((drop_dir / "outbox" / "B01").iterdir()).read_bytes() == ack_bytes
    assert counted(office) == {("B01", "FY2024-Q1"): 7}
    assert len(office.received()) == 1


def test_a_later_revision_replaces_the_earlier_and_both_are_kept(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    for revision, marker in ((0, 3), (1, 5)):
        put(drop_dir, "B01", *b01.file("FY2024-Q2", revision, office.sealing_public, marker=marker))
    office.ingest(drop_dir)
    assert counted(office) == {("B01", "FY2024-Q2"): 5}
    assert [r.revision for r in office.received(["accepted"])] == [0, 1]


def test_files_listed_out_of_order_are_not_gaps(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    files = [b01.file(f"FY2024-Q{q}", 0, office.sealing_public) for q in (1, 2, 3)]
    for name, data in files:  # names sort Q1 < Q2 < Q3, so rename the folders' order away
        put(drop_dir, "B01", name, data)
    report = office.ingest(drop_dir)
    assert {o.status for o in report.outcomes} == {"accepted"}


def test_a_gap_is_held_then_accepted_when_the_missing_file_arrives(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    first = b01.file("FY2024-Q1", 0, office.sealing_public, marker=1)
    second = b01.file("FY2024-Q2", 0, office.sealing_public, marker=2)
    put(drop_dir, "B01", *second)
    report = office.ingest(drop_dir)
    assert (outcome(report, second[0]).status, outcome(report, second[0]).reason) == (
        "held",
        "gap",
    )
    assert counted(office) == {}
    refused = the_ack(office, drop_dir, "B01", second[1])
    assert not refused.accepted and "(gap)" in refused.reason
    assert [f.reason for f in office.quarantine()] == ["gap"]

    put(drop_dir, "B01", *first)
    report = office.ingest(drop_dir)
    assert {o.file_name: o.status for o in report.outcomes} == {
        first[0]: "accepted",
        second[0]: "accepted",
    }
    assert the_ack(office, drop_dir, "B01", second[1]).accepted  # the answer is replaced
    assert counted(office) == {("B01", "FY2024-Q1"): 1, ("B01", "FY2024-Q2"): 2}
    assert office.quarantine() == []


def test_replay_of_an_older_sequence_number_is_refused(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    for q in (1, 2):
        put(drop_dir, "B01", *b01.file(f"FY2024-Q{q}", 0, office.sealing_public, marker=q))
    office.ingest(drop_dir)
    b01.seq, b01.prev_hash = 0, ""  # a rolled-back branch (or an attacker with its old key)
    stale = b01.file("FY2024-Q3", 0, office.sealing_public, marker=99)
    put(drop_dir, "B01", *stale)
    report = office.ingest(drop_dir)
    assert outcome(report, stale[0]).reason == "replay"
    assert ("B01", "FY2024-Q3") not in counted(office)
    assert "(replay)" in the_ack(office, drop_dir, "B01", stale[1]).reason


def test_two_files_for_the_same_period_and_revision_are_both_held(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    one = b01.file("FY2024-Q1", 0, office.sealing_public, marker=1)
    put(drop_dir, "B01", *one)
    office.ingest(drop_dir)
    assert counted(office) == {("B01", "FY2024-Q1"): 1}
    other = b01.file("FY2024-Q1", 0, office.sealing_public, marker=2)  # e.g. a restored backup
    put(drop_dir, "B01", *other)
    office.ingest(drop_dir)
    reasons = {f.file_name: (f.status, f.reason) for f in office.quarantine()}
    assert reasons == {
        one[0]: ("quarantined", "equivocation"),
        other[0]: ("quarantined", "equivocation"),
    }
    assert counted(office) == {}  # neither is counted
    assert not the_ack(office, drop_dir, "B01", one[1]).accepted


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def test_a_changed_signature_byte_is_a_bad_signature(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, _flip(data, len(data) - 10))
    report = office.ingest(drop_dir)
    assert outcome(report, name).reason == "bad_signature"
    assert counted(office) == {}


def test_a_changed_sealed_byte_is_a_bad_signature(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, _flip(data, len(data) - 100))  # inside the ciphertext
    assert outcome(office.ingest(drop_dir), name).reason == "bad_signature"


def test_a_file_signed_by_an_unregistered_key_is_refused(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    impostor = Signer("B01")  # claims to be B01, key never registered
    name, data = impostor.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    assert outcome(office.ingest(drop_dir), name).reason == "unknown_key"


def test_a_branch_cannot_submit_as_another(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    register(office, Signer("B02"), tmp_path)
    forged = Signer("B02", private=b01.private)  # B01's registered key, claiming B02
    name, data = forged.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B02", name, data)
    report = office.ingest(drop_dir)
    assert outcome(report, name).reason == "unknown_key"
    assert counted(office) == {}


def test_a_revoked_key_is_refused_from_its_date_of_receipt_only(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    """Revocation goes by when the prefecture received a file, never by the date it claims."""
    before = b01.file("FY2024-Q1", 0, office.sealing_public, created_at="2024-06-30T23:59:59Z")
    after = b01.file("FY2024-Q2", 0, office.sealing_public, created_at="2024-06-30T23:59:59Z")
    put(drop_dir, "B01", *before)
    office.ingest(drop_dir)
    (received,) = office.received()
    assert office.revoke("B01", received.received_at + timedelta(microseconds=1)) == 1
    put(drop_dir, "B01", *after)
    report = office.ingest(drop_dir)
    assert outcome(report, before[0]).status == "accepted"
    assert outcome(report, after[0]).reason == "revoked_key"
    assert counted(office) == {("B01", "FY2024-Q1"): 0}


def test_unknown_format_version_and_unknown_tables_are_refused(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    newer = b01.file("FY2024-Q1", 0, office.sealing_public, header={"format": 2}, chain=False)
    put(drop_dir, "B01", *newer)
    odd = json.loads(summary_document("B01", "yokosuka-miura", "FY2024-Q1"))
    odd["scopes"]["quarter"]["children_names"] = {"unit": "children", "cells": {}}
    extra = b01.file(
        "FY2024-Q1",
        0,
        office.sealing_public,
        document=json.dumps(odd).encode(),
        chain=False,
    )
    put(drop_dir, "B01", *extra)
    report = office.ingest(drop_dir)
    assert outcome(report, newer[0]).reason == "unknown_format"
    assert outcome(report, extra[0]).reason == "unknown_format"


def test_a_renamed_file_is_refused_by_its_content(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    renamed = name.replace("FY2024-Q1", "FY2024-Q4")
    put(drop_dir, "B01", renamed, data)
    report = office.ingest(drop_dir)
    assert outcome(report, renamed).reason == "name_mismatch"


def test_a_file_sealed_to_another_key_does_not_open(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, Prefecture.new().public)
    put(drop_dir, "B01", name, data)
    assert outcome(office.ingest(drop_dir), name).reason == "unreadable"


def test_oversize_garbage_and_partial_files(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    put(drop_dir, "B01", "huge.mccsum", b"\0" * (envelope.MAX_FILE + 1))
    put(drop_dir, "B01", "junk.mccsum", b"MCCSUM\0\1" + b"x" * 200)
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name + ".partial", data[:100])
    put(drop_dir, "B01", "notes.txt", b"hello")
    report = office.ingest(drop_dir)
    assert {o.file_name: o.reason for o in report.outcomes} == {
        "huge.mccsum": "oversize",
        "junk.mccsum": "malformed",
    }
    assert office.quarantined_file(office.quarantine()[0].file_hash) is None  # never read in
    put(drop_dir, "B01", name, data)  # the finished file, renamed into place
    assert outcome(office.ingest(drop_dir), name).status == "accepted"


def test_completeness_reports_received_waiting_missing_and_late(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    register(office, Signer("B02"), tmp_path)
    put(drop_dir, "B01", *b01.file("FY2024-Q1", 0, office.sealing_public))
    office.ingest(drop_dir)
    before = office.completeness("FY2024-Q1", date(2024, 7, 31))
    assert before.deadline == date(2024, 7, 31)
    assert [(b.branch, b.state, b.revision) for b in before.branches] == [
        ("B01", "received", 0),
        ("B02", "waiting", None),
    ]
    after = office.completeness("FY2024-Q1", date(2024, 8, 1))
    assert after.by_state("missing") == ["B02"]
    assert office.completeness("FY2023-Q4", date(2024, 5, 1)).deadline == date(2024, 4, 30)
    late = office.completeness("FY2023-Q4", date(2024, 5, 1))  # nothing was sent for it
    assert late.by_state("missing") == ["B01", "B02"]
