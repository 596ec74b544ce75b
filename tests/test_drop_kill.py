"""Delivery survives a kill at any step: never a partial file under a final name, never two."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import drop, keys, outbox, reference
from tests.support.fixtures_gen import pycache_dir, python_cmd, python_env
from tests.support.prefecture import Prefecture

ROOT = Path(__file__).resolve().parents[1]
FAULTS = ("deliver-partial-written", "deliver-fsynced", "deliver-renamed", "deliver-before-state")


@pytest.mark.parametrize("fault", FAULTS)
def test_a_delivery_killed_at_any_step_completes_next_time(
    fault: str, book_folder: Path, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    prefecture = Prefecture.new()
    package = tmp_path / "reference.mccref"
    package.write_bytes(prefecture.reference_package())
    with CaseBook.open(book_folder) as book:
        prefecture.register("B01", keys.branch_key(book).public_key)
        reference.trust(book, package, prefecture.fingerprint)
        outbox.build_draft(book, FiscalQuarter.parse("FY2024-Q3"))
        entry = outbox.approve(book)
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    killed = subprocess.run(
        python_cmd("-m", "tests.support.deliver_writer", str(book_folder), str(drop_dir)),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig), MCCDESK_FAULT=fault),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode in (-9, 137), killed.stderr
    inbox = drop_dir / "inbox" / "B01"
    finals = [p for p in inbox.iterdir() if not p.name.endswith(".partial")]
    for final in finals:  # whatever carries a final name is the whole file
        assert final.name == entry.file_name and final.read_bytes() == entry.data
        prefecture.read(final.name, final.read_bytes())

    with CaseBook.open(book_folder) as book:
        assert outbox.entries(book)[0].state == "approved"  # the kill came before the update
        report = drop.sync(book, drop_dir)
        assert (report.delivered + report.already_there) == [entry.file_name]
        assert [e.state for e in outbox.entries(book)] == ["delivered"]
    assert sorted(p.name for p in inbox.iterdir()) == [entry.file_name]
    prefecture.read(entry.file_name or "", (inbox / (entry.file_name or "")).read_bytes())
