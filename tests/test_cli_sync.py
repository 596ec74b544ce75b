"""`mccdesk key fingerprint` and `mccdesk key export FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.sync import keys


def test_key_fingerprint_and_export(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(book_folder), "--lang", "en"]
    assert main([*args, "key", "fingerprint"]) == 0
    printed = capsys.readouterr().out.strip().rsplit(": ", 1)[1]
    with CaseBook.open(book_folder) as book:
        assert printed == keys.branch_fingerprint(book)
    target = tmp_path / "B01.mccreg"
    assert main([*args, "key", "export", str(target)]) == 0
    assert printed in capsys.readouterr().out
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["signed"]["fingerprint"] == printed and doc["signed"]["branch"] == "B01"
    assert not list(tmp_path.glob("*.partial"))
