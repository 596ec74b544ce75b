"""Everything mccdesk writes on a branch PC and at the prefecture is owner-only (issue 13, item 11).

One end-to-end run under the usual umask (022, which would make files 0644 and folders 0755):
create a case book with its recovery sheet, import, print a referral sheet, back up (by hand and
on schedule), approve and deliver a summary, export the key registration, and at the prefecture
create the store, register, publish, ingest and write the report. Then `stat` of every file and
folder under the run's folders: owner-only, except the drop's files, which are for the other side
to read (and never writable by others).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mccdesk import logs
from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import report
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.sync import drop, keys, outbox, reference
from tests.support import seed003
from tests.support.referrals import make_referral

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def walk(root: Path) -> Iterator[tuple[Path, os.stat_result]]:
    yield root, os.lstat(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            yield path, os.lstat(path)


def test_every_file_and_folder_mccdesk_writes_is_owner_only(
    usual_umask: None, tmp_path: Path, isolated_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"  # made by mccdesk below, like a data folder on a new PC
    branch_dir, pref_dir, drop_dir, out = (
        run / "branch",
        run / "prefecture",
        tmp_path / "drop",
        run / "documents",
    )
    drop_dir.mkdir()
    out.mkdir(parents=True, mode=0o700)  # where the office keeps its documents
    run.chmod(0o700)

    assert main(["--data-dir", str(branch_dir), "init", "--branch-id", "B01",
                 "--branch-name", "三浦半島ブランチ", "--area", "yokosuka-miura",
                 "--coordinator", "試験 花子",
                 "--recovery-sheet", str(out / "recovery-sheet.pdf")]) == 0  # fmt: skip
    assert main(["--data-dir", str(branch_dir), "import", str(seed003.write_xlsx(tmp_path))]) == 0
    with CaseBook.open(branch_dir) as book:
        book.use_coordinator(book.coordinators()[0].id)
        referral = make_referral(book)
        book.update_settings(backup_folder=str(run / "backups"))
        book.backup_to_folder()
    argv = ["--data-dir", str(branch_dir)]
    assert main([*argv, "referral-sheet", str(referral), "-o", str(out / "sheet.pdf")]) == 0
    assert main([*argv, "backup", str(out / "by-hand.db")]) == 0

    office, _ = PrefectureOffice.create(pref_dir, "総合事務局")
    with office, CaseBook.open(branch_dir) as book:
        _, package = office.publish(drop_dir)
        reference.trust(book, package, office.fingerprints().signing)
        registration = keys.export_registration(book, out / "B01.mcckey")
        office.register(registration, keys.branch_fingerprint(book))
        office.publish(drop_dir)
        quarter = FiscalQuarter.parse("FY2023-Q4")
        outbox.build_draft(book, quarter)
        outbox.approve(book, quarter)
        assert drop.sync(book, drop_dir).delivered
        assert office.ingest(drop_dir).acks_written == 1
        drop.sync(book, drop_dir)
        report.write(office, quarter, out / "tables.xlsx", out / "tables.pdf", on=date(2024, 5, 1))
    logs.configure()  # the log file and its folder, as the app makes them
    logs.logging.getLogger("mccdesk.test").info("a line")
    capsys.readouterr()

    written = [*walk(run), *walk(isolated_env / "logs")]
    assert any(p.name == "casebook.db" for p, _ in written)
    assert any(p.name == "recovery-sheet.pdf" for p, _ in written)
    wide = [
        f"{p.relative_to(tmp_path)} {stat.filemode(st.st_mode)}"
        for p, st in written
        if stat.S_IMODE(st.st_mode) & 0o077 and p != isolated_env / "logs"
    ]
    assert wide == []
    for path, st in walk(drop_dir):
        assert not st.st_mode & 0o002, f"{path} writable by anyone"
        assert not stat.S_ISLNK(st.st_mode)
