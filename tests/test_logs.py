"""Logs: a rotating file in the log folder, with no personal data from real commands."""

from __future__ import annotations

import logging
import logging.handlers
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mccdesk import logs

# As the installed `mccdesk` runs it (with -m, cli.py's logger would be "__main__").
MAIN = "import sys; from mccdesk.cli import main; sys.exit(main())"
CANARIES = ("金成", "亜太郎", "カナリア圏域ブランチ")


def test_the_log_folder_is_the_platform_one_unless_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MCCDESK_LOG_DIR")
    assert "mccdesk" in logs.log_dir().parts
    monkeypatch.setenv("MCCDESK_LOG_DIR", str(tmp_path / "x"))
    assert logs.log_dir() == tmp_path / "x"


def test_the_log_rotates(monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> None:
    monkeypatch.setattr(logs, "_configured", False)
    root = logging.getLogger("mccdesk")
    before = list(root.handlers)
    path = logs.configure()
    handler = next(h for h in root.handlers if h not in before)
    try:
        assert path == isolated_env / "logs" / "mccdesk.log"
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.maxBytes = 2000  # the real limit is 1 MB: same mechanism, faster
        for i in range(200):
            logging.getLogger("mccdesk.test").info("line %d of a long run", i)
        handler.flush()
        assert (path.parent / "mccdesk.log.1").exists()
        assert len(list(path.parent.glob("mccdesk.log*"))) <= 1 + handler.backupCount
    finally:
        root.removeHandler(handler)
        handler.close()


def test_commands_with_personal_data_leave_none_in_the_log(isolated_env: Path) -> None:
    env = {**os.environ}
    book = isolated_env / "book"
    runs = [
        ["init", "--branch-id", "B9", "--branch-name", CANARIES[2],
         "--area", "yokosuka-miura", "--coordinator", f"{CANARIES[0]} {CANARIES[1]}"],
        ["info"],
        ["init", "--branch-id", "B9", "--branch-name", CANARIES[2], "--area", "nowhere"],
    ]  # fmt: skip
    codes = []
    for args in runs:
        done = subprocess.run(
            [sys.executable, "-c", MAIN, "--data-dir", str(book), *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        codes.append(done.returncode)
    assert codes[0] == 0 and codes[1] == 0 and codes[2] != 0
    text = (isolated_env / "logs" / "mccdesk.log").read_text(encoding="utf-8")
    assert "command init" in text and "command info" in text
    for canary in CANARIES:
        assert canary not in text
