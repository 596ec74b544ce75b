"""The branch's side of the drop against someone who can write to it (issue 13, items 1, 2, 13).

`mccdesk sync` reads acks in outbox/<branch>/ and packages in reference/ before it delivers: a
FIFO, a link to /dev/zero, a `[[[[…` file or a 0xFF name there used to stop it (exit 1, or a
hang) before the summary left. Now each is skipped with a warning, shown escaped, and the
summary is delivered; the writers never follow a link planted in the drop.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import ack, drop, keys, outbox, reference
from tests.support.hostile import DEEP, fifo, link, odd_name, within
from tests.support.prefecture import Prefecture

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs")
Q3 = FiscalQuarter.parse("FY2024-Q3")
ESC = "\x1b[2J"


@pytest.fixture
def approved(book_folder: Path, tmp_path: Path) -> tuple[Prefecture, str]:
    """A case book with the prefecture pinned and one summary approved, closed again."""
    pref = Prefecture.new()
    with CaseBook.open(book_folder) as book:
        book.use_coordinator(book.add_coordinator("試験 花子").id)
        pref.register("B01", keys.branch_key(book).public_key)
        package = tmp_path / "package.mccref"
        package.write_bytes(pref.reference_package())
        reference.trust(book, package, pref.fingerprint)
        outbox.build_draft(book, Q3)
        entry = outbox.approve(book, Q3)
    assert entry.file_name
    return pref, entry.file_name


def _plant(folder: Path, suffix: str) -> list[Path]:
    """Everything the probe put in one folder; returns the FIFOs."""
    folder.mkdir(parents=True, exist_ok=True)
    link(folder / f"zero{suffix}", "/dev/zero")
    (folder / f"deep{suffix}").write_bytes(DEEP[:50_000])  # under the ack cap
    (folder / odd_name(b"\xff", suffix)).write_bytes(b"{}")
    (folder / f"{ESC}x{suffix}").write_bytes(b"not json")
    (folder / f"big{suffix}").write_bytes(b" " * (8 << 20))
    return [fifo(folder / f"pipe{suffix}")]


def _sync(book_folder: Path, drop_dir: Path, fifos: list[Path]) -> int:
    args = ["--data-dir", str(book_folder), "--lang", "en", "sync", "--drop", str(drop_dir)]
    return within(120, lambda: main(args), fifos)


@posix_only
def test_sync_delivers_past_hostile_acks_and_packages(
    book_folder: Path,
    tmp_path: Path,
    approved: tuple[Prefecture, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, name = approved
    drop_dir = tmp_path / "drop"
    fifos = _plant(drop_dir / "outbox" / "B01", ack.SUFFIX)
    fifos += _plant(drop_dir / "reference", reference.SUFFIX)
    assert _sync(book_folder, drop_dir, fifos) == 0
    out = capsys.readouterr()
    assert f"Delivered: {name}" in out.out
    assert (drop_dir / "inbox" / "B01" / name).is_file()
    assert "\x1b" not in out.out + out.err
    for warning in (
        "pipe.mccack: ack not read (not a regular file (a FIFO))",
        "zero.mccack: ack not read (not a regular file (a link))",
        "big.mccack: ack not read (larger than",
        "deep.mccack: ignored (The prefecture's acknowledgement is not accepted: nested deeper",
        "\\xff.mccack: ignored",
        "\\x1b[2Jx.mccack: ignored",
        "pipe.mccref: reference package not read (not a regular file (a FIFO))",
        "zero.mccref: reference package not read",
        "deep.mccref: reference package refused",
        "\\xff.mccref: reference package refused",
    ):
        assert warning in out.err


@posix_only
def test_an_ack_among_hostile_files_still_counts(
    book_folder: Path,
    tmp_path: Path,
    approved: tuple[Prefecture, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pref, name = approved
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    assert _sync(book_folder, drop_dir, []) == 0
    folder = drop_dir / "outbox" / "B01"
    fifos = _plant(folder, ack.SUFFIX)
    data = (drop_dir / "inbox" / "B01" / name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    (folder / f"{digest}{ack.SUFFIX}").write_bytes(pref.ack("B01", name, data))
    capsys.readouterr()
    assert _sync(book_folder, drop_dir, fifos) == 0
    assert f"Prefecture answer {name}: acknowledged" in capsys.readouterr().out


@posix_only
def test_linked_outbox_and_reference_folders_are_not_read(
    book_folder: Path,
    tmp_path: Path,
    approved: tuple[Prefecture, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pref, name = approved
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    newer = Prefecture(pref.private, pref.public, signing_private=pref.signing_private)
    (elsewhere / "v9.mccref").write_bytes(newer.reference_package("9"))
    drop_dir = tmp_path / "drop"
    link(drop_dir / "outbox" / "B01", elsewhere)
    link(drop_dir / "reference", elsewhere)
    assert _sync(book_folder, drop_dir, []) == 0
    out = capsys.readouterr()
    assert f"Delivered: {name}" in out.out
    assert "acks not read: B01 is a link" in out.err
    assert "reference packages not read: reference is a link" in out.err
    with CaseBook.open(book_folder) as book:
        assert reference.pinned_version(book) == "2024.1"


@posix_only
def test_delivery_never_writes_through_a_planted_link(
    book_folder: Path,
    tmp_path: Path,
    approved: tuple[Prefecture, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, name = approved
    drop_dir = tmp_path / "drop"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    inbox = drop_dir / "inbox" / "B01"
    link(inbox / f"{name}.partial", victim)
    link(inbox / name, victim)
    assert _sync(book_folder, drop_dir, []) == 0
    assert f"Delivered: {name}" in capsys.readouterr().out
    assert victim.read_bytes() == b"keep me"
    assert not (inbox / name).is_symlink() and (inbox / name).read_bytes().startswith(b"MCCSUM")


@posix_only
def test_a_linked_inbox_folder_keeps_the_summary_queued(
    book_folder: Path,
    tmp_path: Path,
    approved: tuple[Prefecture, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, name = approved
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    drop_dir = tmp_path / "drop"
    link(drop_dir / "inbox" / "B01", elsewhere)
    assert _sync(book_folder, drop_dir, []) == 0
    assert f"Not delivered; it stays queued: {name}" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_drop_sync_reports_not_raises_for_a_deep_ack(
    book: CaseBook, tmp_path: Path, book_folder: Path
) -> None:
    pref = Prefecture.new()
    package = tmp_path / "package.mccref"
    package.write_bytes(pref.reference_package())
    reference.trust(book, package, pref.fingerprint)
    folder = tmp_path / "drop" / "outbox" / "B01"
    folder.mkdir(parents=True)
    (folder / "deep.mccack").write_bytes(b'{"signed":' + DEEP[:50_000])
    report = drop.sync(book, tmp_path / "drop")
    assert any("deep.mccack: ignored" in w for w in report.warnings)
