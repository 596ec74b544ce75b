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


def test_summary_from_build_to_delivery(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.prefecture import Prefecture

    args = ["--data-dir", str(book_folder), "--lang", "en"]
    assert main([*args, "summary", "build", "--period", "FY2024-Q3"]) == 0
    assert "summary approve --period FY2024-Q3" in capsys.readouterr().out
    assert main([*args, "summary", "approve"]) == 2
    assert "mccdesk trust-prefecture" in capsys.readouterr().err

    prefecture = Prefecture.new()
    package = tmp_path / "drop" / "reference" / "2024.1.mccref"
    package.parent.mkdir(parents=True)
    package.write_bytes(prefecture.reference_package())
    wrong = Prefecture.new().fingerprint
    assert main([*args, "trust-prefecture", str(package), "--fingerprint", wrong]) == 4
    fp = prefecture.fingerprint
    assert main([*args, "trust-prefecture", str(package), "--fingerprint", fp]) == 0
    assert main([*args, "summary", "approve", "--period", "FY2024-Q3"]) == 0
    capsys.readouterr()

    assert main([*args, "summary", "show", "FY2024-Q3", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["header"]["seq"] == 1 and shown["content"]["period"] == "FY2024-Q3"

    assert main([*args, "sync", "--drop", str(tmp_path / "nowhere")]) == 0
    assert "stays queued" in capsys.readouterr().err
    assert main([*args, "summary", "status"]) == 0
    assert "FY2024-Q3 r0 approved (queued:" in capsys.readouterr().out

    assert main([*args, "sync", "--drop", str(tmp_path / "drop")]) == 0
    assert "Delivered: " in capsys.readouterr().out
    delivered = list((tmp_path / "drop" / "inbox" / "B01").iterdir())
    assert [p.name for p in delivered] == [shown["file"]]
    acks = tmp_path / "drop" / "outbox" / "B01"
    acks.mkdir(parents=True)
    (acks / "r.mccack").write_bytes(
        prefecture.ack("B01", shown["file"], delivered[0].read_bytes(), False, "policy too old")
    )
    assert main([*args, "sync"]) == 2  # no --drop and none set in the app: said, not guessed
    assert "Settings" in capsys.readouterr().err
    with CaseBook.open(book_folder) as book:  # set once in the app, as the scheduled task expects
        book.update_settings(drop_folder=str(tmp_path / "drop"))
    assert main([*args, "sync"]) == 0
    assert main([*args, "summary", "status"]) == 0
    assert "FY2024-Q3 r0 refused: policy too old" in capsys.readouterr().out


def test_init_pins_the_prefecture_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mccdesk.sync import reference
    from tests.support.prefecture import Prefecture

    prefecture = Prefecture.new()
    package = tmp_path / "ref.mccref"
    package.write_bytes(prefecture.reference_package())
    base = ["--lang", "en", "init", "--branch-id", "B02", "--branch-name", "x"]
    base += ["--area", "yokosuka-miura", "--prefecture-package", str(package)]
    wrong = Prefecture.new().fingerprint
    assert main(["--data-dir", str(tmp_path / "a"), *base, "--prefecture-fingerprint", wrong]) == 4
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").iterdir())
    fp = prefecture.fingerprint
    assert main(["--data-dir", str(tmp_path / "b"), *base, "--prefecture-fingerprint", fp]) == 0
    with CaseBook.open(tmp_path / "b") as book:
        pinned = reference.pinned(book)
        assert pinned is not None and pinned.sealing_key == prefecture.public
