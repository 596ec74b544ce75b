"""`mccdesk prefecture …`: init shows fingerprints and a recovery key once; the rest by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from mccdesk.cli import main
from tests.support.prefecture import Signer, put


def test_init_register_publish_ingest_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = ["--lang", "en", "--data-dir", str(tmp_path / "pref"), "prefecture"]
    assert main([*folder, "init", "--name", "総合事務局"]) == 0
    made = capsys.readouterr().out
    assert "Signing key fingerprint:" in made and "Recovery key" in made
    assert main([*folder, "fingerprint"]) == 0
    signing = [line for line in made.splitlines() if line.startswith("Signing")]
    assert signing[0] in capsys.readouterr().out  # the same fingerprint, printed again
    assert main([*folder, "init"]) == 2  # never over an existing store

    signer = Signer("B01")
    registration = tmp_path / "B01.mcckey"
    registration.write_bytes(signer.registration())
    assert main([*folder, "register", str(registration), "--fingerprint", "0000"]) == 4
    assert "Nothing was registered" in capsys.readouterr().err
    fp = signer.fingerprint.lower().replace(" ", "-")
    assert main([*folder, "register", str(registration), "--fingerprint", fp]) == 0
    assert "Branch B01's key is registered" in capsys.readouterr().out

    drop = tmp_path / "drop"
    drop.mkdir()
    assert main([*folder, "publish", "--drop", str(drop)]) == 0
    assert "version 1 published" in capsys.readouterr().out

    from mccdesk.prefecture.office import PrefectureOffice

    with PrefectureOffice.open(tmp_path / "pref") as office:
        sealing = office.sealing_public
    put(drop, "B01", *signer.file("FY2024-Q1", 0, sealing))
    put(drop, "B01", "junk.mccsum", b"junk")
    assert main([*folder, "ingest", "--drop", str(drop)]) == 0
    captured = capsys.readouterr()
    assert "Accepted 1, held 0, quarantined 1" in captured.out
    assert "junk.mccsum (not a summary file)" in captured.err
    assert main([*folder, "status", "--period", "FY2024-Q1", "--today", "2024-08-01"]) == 0
    assert "B01 B01 ブランチ: received revision 0" in capsys.readouterr().out
    assert main([*folder, "quarantine"]) == 0
    assert "junk.mccsum: not a summary file" in capsys.readouterr().out
    xlsx, pdf = tmp_path / "FY2024-Q1.xlsx", tmp_path / "FY2024-Q1.pdf"
    report = [*folder, "report", "--period", "FY2024-Q1"]
    assert main(report) == 2  # nothing asked for
    assert main([*report, "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert f"Written: {xlsx}" in capsys.readouterr().out
    from openpyxl import load_workbook
    from pypdf import PdfReader

    assert len(load_workbook(xlsx).sheetnames) > 1
    assert "令和6年度 第1四半期" in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert main([*folder, "revoke", "B01", "--from", "2024-10-01"]) == 0
    assert "1 key(s) of branch B01 revoked from 2024-10-01" in capsys.readouterr().out
