"""`mccdesk --self-test` from source: every check OK, a broken installation named, no real keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mccdesk import selftest
from mccdesk.resources import resources_dir

CHECKS = 5


def run_selftest(*extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mccdesk.cli", "--self-test", *extra],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )  # fmt: skip


def check_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("OK  ", "NG  "))]


def test_every_check_passes_and_says_it_keeps_away_from_real_keys(isolated_env: Path) -> None:
    done = run_selftest("--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = check_lines(done.stdout)
    assert len(lines) == CHECKS and all(line.startswith("OK  ") for line in lines), done.stdout
    assert "throwaway in-memory key store" in done.stdout
    assert "translates ホーム → Home" in done.stdout
    assert "BIZ UD fonts embedded" in done.stdout
    # The real credential store is named apart, and the self-test stored nothing in it.
    assert "INFO  credential store the app would use: keyrings.alt.file" in done.stdout
    # ... and, chosen by PYTHON_KEYRING_BACKEND as here, it keeps keys in a plain file: said.
    assert "WARN  Warning: the credential store keyrings.alt.file.PlaintextKeyring" in done.stdout
    assert "keeps keys in a plain file" in done.stderr
    stored = list((isolated_env / "data").rglob("*keyring*"))
    assert all("mccdesk" not in p.read_text(errors="replace") for p in stored if p.is_file())
    assert done.stdout.rstrip().endswith("all checks OK")


def test_japanese_output_by_default(isolated_env: Path) -> None:
    done = run_selftest()
    assert done.returncode == 0
    assert "使い捨ての（メモリ上の）鍵保管庫" in done.stdout
    assert done.stdout.rstrip().endswith("すべて OK")


def test_a_missing_font_folder_fails_that_check_and_names_it(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken, ignore=shutil.ignore_patterns("fonts"))
    done = run_selftest("--lang", "en", env={"MCCDESK_RESOURCES": str(broken)})
    assert done.returncode == 1
    failed = [line for line in check_lines(done.stdout) if line.startswith("NG  ")]
    assert len(failed) == 1, done.stdout
    assert failed[0].startswith("NG  referral sheet PDF (bundled fonts): ")
    assert str(broken / "fonts") in failed[0]
    assert "some checks failed" in done.stdout


def test_the_catalogue_reader_finds_translations(tmp_path: Path) -> None:
    lrelease = selftest._lrelease()
    assert lrelease is not None
    qm = tmp_path / "en.qm"
    ts = resources_dir() / "translations" / "mccdesk_en.ts"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    found = {(c, s): t for c, s, t in selftest.qm_messages(qm.read_bytes())}
    assert found[("MainWindow", "ホーム")] == "Home"
    assert found[("MainWindow", "設定")] == "Settings"


def test_japanese_output_is_japanese_throughout(isolated_env: Path) -> None:
    done = run_selftest()
    assert done.returncode == 0
    lines = check_lines(done.stdout)
    assert len(lines) == CHECKS
    for line in lines:  # the detail after the name: Japanese words, not an English sentence
        detail = line.split(": ", 1)[1]
        assert any("\u3040" <= ch <= "\u30ff" for ch in detail), line
        assert "verified" not in detail and "embedded" not in detail, line
    assert "英語の翻訳" in done.stdout and "ホーム → Home" in done.stdout
