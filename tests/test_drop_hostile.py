"""The prefecture's side of the drop against someone who can write to it (issue 13).

Each test plants what the hostile probe planted, in real folders, against a real store: links at
the names the prefecture writes, FIFOs, links to /dev/zero and to local files, `[[[[…` headers,
names with 0xFF bytes and terminal escapes, impossible dates, backdated files from a revoked
key, counts that do not add up, and junk by the hundred. Ingest goes on, exit 0, and says why.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mccdesk.cli import main
from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.sync import ack, envelope
from tests.support.hostile import deep_summary, fifo, link, odd_name, within
from tests.support.prefecture import Signer, put, summary_document

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs")
ESC = "\x1b[2J\x1b[31m"


def outcomes(report: model.IngestReport) -> dict[str, tuple[str, str]]:
    return {o.file_name: (o.status, o.reason) for o in report.outcomes}


def counted(office: PrefectureOffice) -> dict[tuple[str, str], int]:
    return {
        (s.branch, s.period): s.document["scopes"]["quarter"]["activities_by_kind"]["total"]
        for s in office.current_summaries(None)
    }


def ack_path(drop_dir: Path, branch: str, data: bytes) -> Path:
    return drop_dir / "outbox" / branch / f"{hashlib.sha256(data).hexdigest()}{ack.SUFFIX}"


def still_opens(folder: Path) -> list[model.ReceivedFile]:
    with PrefectureOffice.open(folder) as again:
        return again.received()


# --- 1. writers: links planted at the names ingest and publish write ---------------------------


@posix_only
def test_links_at_the_ack_names_are_replaced_never_followed(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    final = ack_path(drop_dir, "B01", data)
    store_file = tmp_path / "pref" / "prefecture.db"
    decoy = tmp_path / "decoy.txt"
    decoy.write_bytes(b"not yours")
    link(final.with_name(final.name + ".partial"), store_file)  # the probe's planted link
    link(final, decoy)
    report = office.ingest(drop_dir)
    assert outcomes(report)[name] == ("accepted", "")
    assert decoy.read_bytes() == b"not yours"
    assert not final.is_symlink() and ack.read_ack(final.read_bytes(), office.signing_public)
    assert store_file.stat().st_size > 4096 and not store_file.is_symlink()
    office.close()
    assert [r.status for r in still_opens(tmp_path / "pref")] == ["accepted"]


@posix_only
def test_a_linked_outbox_folder_gets_no_ack_and_ingest_goes_on(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link(drop_dir / "outbox" / "B01", elsewhere)
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    report = office.ingest(drop_dir)
    assert outcomes(report)[name] == ("accepted", "")
    assert list(elsewhere.iterdir()) == []
    assert any("not written" in w for w in report.warnings)
    assert report.acks_written == 0


@posix_only
def test_publish_replaces_planted_links_and_refuses_a_linked_folder(
    office: PrefectureOffice, drop_dir: Path, tmp_path: Path
) -> None:
    folder = drop_dir / "reference"
    store_file = tmp_path / "pref" / "prefecture.db"
    decoy = tmp_path / "decoy.txt"
    decoy.write_bytes(b"not yours")
    link(folder / "package-v000001.mccref.partial", store_file)
    link(folder / "package-v000001.mccref", decoy)
    version, path = office.publish(drop_dir)
    assert version == 1 and not path.is_symlink() and b'"signed"' in path.read_bytes()
    assert decoy.read_bytes() == b"not yours" and store_file.stat().st_size > 4096

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = tmp_path / "drop2"
    other.mkdir()
    link(other / "reference", elsewhere)
    with pytest.raises(OSError):
        office.publish(other)
    assert list(elsewhere.iterdir()) == []
    assert office.package() is not None and office.package()[0] == 1  # no version 2 kept
    office.close()
    still_opens(tmp_path / "pref")


# --- 2. readers: one bad file never stops the run ----------------------------------------------


@posix_only
def test_a_fifo_is_quarantined_without_hanging(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    pipe = fifo(drop_dir / "inbox" / "B01" / "pipe.mccsum")
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    report = within(60, lambda: office.ingest(drop_dir), [pipe])
    assert outcomes(report) == {
        "pipe.mccsum": ("quarantined", "not_regular"),
        name: ("accepted", ""),
    }
    (refused,) = office.quarantine()
    assert "FIFO" in refused.detail


@posix_only
def test_links_to_dev_zero_and_to_a_local_file_are_never_read(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the prefecture's own file " * 100)
    link(drop_dir / "inbox" / "B01" / "zero.mccsum", "/dev/zero")
    link(drop_dir / "inbox" / "B01" / "local.mccsum", secret)
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    report = within(60, lambda: office.ingest(drop_dir))
    assert outcomes(report) == {
        "zero.mccsum": ("quarantined", "not_regular"),
        "local.mccsum": ("quarantined", "not_regular"),
        name: ("accepted", ""),
    }
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    assert all(digest != r.file_hash for r in office.received())
    acks = [p.read_bytes() for p in (drop_dir / "outbox" / "B01").iterdir()]
    assert len(acks) == 1 and all(digest.encode() not in a for a in acks)
    assert all(office.quarantined_file(r.file_hash) is None for r in office.quarantine())


def test_a_deeply_nested_header_is_malformed(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    put(drop_dir, "B01", "deep.mccsum", deep_summary())
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    report = office.ingest(drop_dir)
    assert outcomes(report) == {"deep.mccsum": ("quarantined", "malformed"), name: ("accepted", "")}
    assert "nested" in office.quarantine()[0].detail


def test_deeply_nested_tables_from_a_registered_key_are_refused(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public, document=b"[" * 100_000)
    put(drop_dir, "B01", name, data)
    assert outcomes(office.ingest(drop_dir))[name] == ("quarantined", "unknown_format")


def test_names_with_0xff_bytes_are_read_and_shown_escaped(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    put(drop_dir, "B01", odd_name(b"junk\xff", ".mccsum"), b"MCCSUM\0\1 junk")
    put(drop_dir, odd_name(b"B\xff", ""), "junk2.mccsum", b"more junk")
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    report = office.ingest(drop_dir)
    assert outcomes(report) == {
        "junk\\xff.mccsum": ("quarantined", "malformed"),
        "junk2.mccsum": ("quarantined", "malformed"),
        name: ("accepted", ""),
    }
    assert {r.folder for r in office.received()} == {"B01", "B\\xff"}


def test_a_signed_impossible_date_is_malformed_even_from_a_revoked_key(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    bad = b01.file("FY2024-Q1", 0, office.sealing_public, created_at="2024-13-45T99:99:99Z")
    put(drop_dir, "B01", *bad)
    assert outcomes(office.ingest(drop_dir))[bad[0]] == ("quarantined", "malformed")
    office.revoke("B01", datetime(2024, 1, 1))
    again = b01.file("FY2024-Q2", 0, office.sealing_public, created_at="2024-13-45T99:99:99Z")
    put(drop_dir, "B01", *again)
    assert outcomes(office.ingest(drop_dir))[again[0]] == ("quarantined", "malformed")


# --- 3. revocation by the time the prefecture received the file --------------------------------


def test_a_backdated_file_from_a_revoked_key_received_after_revocation_is_refused(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    before = b01.file("FY2024-Q1", 0, office.sealing_public, marker=5)
    put(drop_dir, "B01", *before)
    office.ingest(drop_dir)  # received while the key was good
    (first,) = office.received()
    assert office.revoke("B01", first.received_at + timedelta(microseconds=1)) == 1
    # Signed "long before the revocation", but it reaches the prefecture only now.
    forged = b01.file(
        "FY2024-Q2", 0, office.sealing_public, marker=50, created_at="2024-01-01T00:00:00Z"
    )
    put(drop_dir, "B01", *forged)
    report = office.ingest(drop_dir)
    assert outcomes(report)[forged[0]] == ("quarantined", "revoked_key")
    assert outcomes(report)[before[0]] == ("accepted", "")  # received before: it stays
    assert counted(office) == {("B01", "FY2024-Q1"): 5}
    assert office.quarantined_file(office.quarantine()[0].file_hash) is None  # bytes not kept
    answer = ack.read_ack(ack_path(drop_dir, "B01", forged[1]).read_bytes(), office.signing_public)
    assert not answer.accepted and "(revoked_key)" in answer.reason

    put(drop_dir, "B02", *forged)  # re-seen elsewhere: the same file, the same decision
    again = office.ingest(drop_dir)
    assert {o.new for o in again.outcomes} == {False}
    assert outcomes(again)[forged[0]] == ("quarantined", "revoked_key")


def test_a_revocation_dated_back_takes_out_files_received_since(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    early = b01.file("FY2024-Q1", 0, office.sealing_public, marker=1)
    put(drop_dir, "B01", *early)
    office.ingest(drop_dir)
    late = b01.file("FY2024-Q2", 0, office.sealing_public, marker=2)
    put(drop_dir, "B01", *late)
    office.ingest(drop_dir)
    (late_record,) = [r for r in office.received() if r.file_name == late[0]]
    # The key was stolen between the two receipts: the office revokes from then.
    office.revoke("B01", late_record.received_at - timedelta(microseconds=1))
    report = office.ingest(drop_dir)
    assert outcomes(report)[late[0]] == ("quarantined", "revoked_key")
    assert outcomes(report)[early[0]][0] == "accepted"
    assert counted(office) == {("B01", "FY2024-Q1"): 1}
    answer = ack.read_ack(ack_path(drop_dir, "B01", late[1]).read_bytes(), office.signing_public)
    assert not answer.accepted


# --- 3. counts that do not add up ---------------------------------------------------------------


Change = dict[tuple[str, str], tuple[dict[str, int | None], int | None]]


def _document(change: Change) -> bytes:
    doc = json.loads(summary_document("B01", "yokosuka-miura", "FY2024-Q1"))
    for (scope, table), (cells, total) in change.items():
        doc["scopes"][scope][table]["cells"].update(cells)
        if total is not None:
            doc["scopes"][scope][table]["total"] = total
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (  # the probe's file: 電話 50 under a total of 5
            {
                (s, "cases_by_contact_method"): ({"phone": 50}, 5)
                for s in ("quarter", "year_to_date")
            },
            "cases_by_contact_method",
        ),
        (  # the cells shown already exceed the total, whatever the suppressed ones hold
            {("quarter", "cases_by_residence"): ({"142018": 2, "142042": None}, 1)},
            "exceed",
        ),
        (  # a topic counted in more cases than were opened
            {
                (s, t): (c, n)
                for s in ("quarter", "year_to_date")
                for t, c, n in (
                    ("cases_by_residence", {"142018": 3}, 3),
                    ("cases_by_topic", {"home_life": 4}, None),
                )
            },
            "cases_by_topic",
        ),
        (  # more cases in the quarter than in the year to date
            {
                ("quarter", "issues_by_topic"): ({"none": 4}, 4),
                ("year_to_date", "issues_by_topic"): ({"none": 3}, 3),
            },
            "year_to_date",
        ),
    ],
)
def test_counts_that_do_not_add_up_are_refused(
    office: PrefectureOffice,
    b01: Signer,
    drop_dir: Path,
    change: Change,
    says: str,
) -> None:
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public, document=_document(change))
    put(drop_dir, "B01", name, data)
    assert outcomes(office.ingest(drop_dir))[name] == ("quarantined", "bad_totals")
    assert says in office.quarantine()[0].detail
    assert counted(office) == {}


def test_suppressed_cells_within_the_total_are_accepted(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    cells: dict[str, int | None] = {"unknown": 12, "preschool": None, "elementary": None}
    change = {(s, "children_by_age_band"): (cells, 20) for s in ("quarter", "year_to_date")}
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public, document=_document(change))
    put(drop_dir, "B01", name, data)
    assert outcomes(office.ingest(drop_dir))[name] == ("accepted", "")


# --- 10. junk: nothing kept but a bounded record; memory for one file at a time ----------------


def _store_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("prefecture.db"))


def test_junk_files_do_not_grow_the_store_and_are_not_held_in_memory(
    office: PrefectureOffice, b01: Signer, drop_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pref"
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    office.ingest(drop_dir)
    office.close()
    before = _store_size(folder)
    size = 100_000
    for i in range(200):  # 20 MB of junk, each file different
        put(drop_dir, f"B{i % 7:02d}", f"junk{i:03d}.mccsum", os.urandom(size))
    same = b"MCCSUM\0\1" + os.urandom(size)
    for i in range(20):  # the same junk under twenty names: one record
        put(drop_dir, "B01", f"same{i:02d}.mccsum", same)
    with PrefectureOffice.open(folder) as again:
        tracemalloc.start()
        try:
            report = again.ingest(drop_dir)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert report.count("quarantined") == 201
        assert len(again.received()) == 202
        assert again.ingest(drop_dir).count("quarantined") == 0  # seen before: nothing new
        assert len(again.received()) == 202
    grown = _store_size(folder) - before
    assert grown < 1_000_000, f"the store grew by {grown} bytes for 20 MB of junk"
    assert peak < 8 * size * 10, f"ingest held {peak} bytes at its peak"


def test_only_verified_files_keep_their_bytes(
    office: PrefectureOffice, b01: Signer, drop_dir: Path
) -> None:
    good = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", *good)
    stranger = Signer("B01").file("FY2024-Q2", 0, office.sealing_public)
    put(drop_dir, "B01", *stranger)
    flipped = bytearray(b01.file("FY2024-Q3", 0, office.sealing_public)[1])
    flipped[-3] ^= 1
    put(drop_dir, "B01", "flipped.mccsum", bytes(flipped))
    put(drop_dir, "B01", "huge.mccsum", b"\0" * (envelope.MAX_FILE + 1))
    report = office.ingest(drop_dir)
    kept = {r.file_name: office.quarantined_file(r.file_hash) for r in office.received()}
    assert kept[good[0]] == good[1]
    assert {n for n, data in kept.items() if data is not None} == {good[0]}
    assert outcomes(report)["huge.mccsum"] == ("quarantined", "oversize")


# --- 13. terminal escapes from the drop never reach the console ---------------------------------


def _cli(tmp_path: Path) -> list[str]:
    return ["--lang", "en", "--data-dir", str(tmp_path / "pref"), "prefecture"]


@posix_only
def test_ingest_exits_0_and_shows_every_bad_file_escaped(
    office: PrefectureOffice,
    b01: Signer,
    drop_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox = drop_dir / "inbox" / "B01"
    name, data = b01.file("FY2024-Q1", 0, office.sealing_public)
    put(drop_dir, "B01", name, data)
    put(drop_dir, "B01", f"{ESC}evil.mccsum", b"junk")
    put(drop_dir, "B01", odd_name(b"\xff\xfe", ".mccsum"), b"junk too")
    put(drop_dir, "B01", "deep.mccsum", deep_summary())
    put(
        drop_dir,
        "B01",
        *b01.file("FY2024-Q2", 0, office.sealing_public, created_at="2024-13-45T99:99:99Z"),
    )
    pipe = fifo(inbox / "pipe.mccsum")
    link(inbox / "zero.mccsum", "/dev/zero")
    link(drop_dir / "inbox" / f"B{ESC}", inbox)  # a linked inbox folder with an escape
    office.close()
    code = within(120, lambda: main([*_cli(tmp_path), "ingest", "--drop", str(drop_dir)]), [pipe])
    assert code == 0
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "\x1b" not in printed
    assert "\\x1b[2J\\x1b[31mevil.mccsum (not a summary file)" in out.err
    assert "\\xff\\xfe.mccsum (not a summary file)" in out.err
    assert "pipe.mccsum (not a regular file" in out.err
    assert "zero.mccsum (not a regular file" in out.err
    assert "Accepted 1, held 0, quarantined 6" in out.out
    assert main([*_cli(tmp_path), "quarantine"]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed and "\\x1b[2J" in listed


def test_a_registration_with_escapes_in_the_branch_name_is_shown_escaped(
    office: PrefectureOffice,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office.close()
    signer = Signer("B07")
    path = tmp_path / "B07.mcckey"
    path.write_bytes(signer.registration(branch_name=f"横須賀{ESC}ブランチ\x07"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(signer.fingerprint + "\n"))
    assert main([*_cli(tmp_path), "register", str(path)]) == 0
    assert main([*_cli(tmp_path), "status", "--period", "FY2024-Q1", "--today", "2024-08-01"]) == 0
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and "\x07" not in printed.out + printed.err
    assert "横須賀\\x1b[2J\\x1b[31mブランチ\\x07" in printed.out
    with PrefectureOffice.open(tmp_path / "pref") as again:
        (key,) = again.branch_keys()
        assert "\x1b" not in key.branch_name


@posix_only
def test_a_registration_that_is_a_fifo_or_a_link_is_not_read(
    office: PrefectureOffice, tmp_path: Path
) -> None:
    from mccdesk.prefecture.office import NotAFile

    pipe = fifo(tmp_path / "B01.mcckey")
    with pytest.raises(NotAFile):
        within(30, lambda: office.read_registration(pipe), [pipe])
    zero = link(tmp_path / "zero.mcckey", "/dev/zero")
    with pytest.raises(NotAFile):
        within(30, lambda: office.register(zero, "0000"))
