"""The recovery key never on the command line (issue 13 item 12), and a plain-text credential
store never silent.

The attack: `unlock --recovery-key KEY` showed the key in the process list and the shell
history, and there was no prompt. Now `unlock` (and `restore`, and the prefecture's) asks for
it without echo, or reads `--recovery-key-file`, or standard input; `--recovery-key` still
works for old scripts, with a warning. While the prompt waits, the process's argv (what `ps`
shows) holds no digit of the key.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mccdesk import errors
from mccdesk.cli import main
from mccdesk.storage import recovery_key
from mccdesk.storage.keystore import KeyStore
from tests.support.fixtures_gen import ROOT, pycache_dir, python_cmd, python_env

WARNING = "can be seen by other users of this PC"


def _argv_of(pid: int) -> str:
    """What `ps -o args` shows for the process (Linux: /proc/PID/cmdline)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        return cmdline.read_bytes().replace(b"\0", b" ").decode()
    done = subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True)
    return done.stdout


def test_unlock_asks_for_the_key_and_argv_never_holds_it(
    book_folder: Path, template_book: Any, keystore: KeyStore, pytestconfig: pytest.Config
) -> None:
    keystore.delete(template_book.book_id)
    sheet = recovery_key.encode(template_book.key)
    proc = subprocess.Popen(
        python_cmd("-m", "mccdesk.cli", "--data-dir", str(book_folder), "--lang", "en", "unlock"),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stderr is not None
    try:
        prompt = ""
        deadline = time.monotonic() + 120
        while "Recovery key" not in prompt and time.monotonic() < deadline:
            prompt += proc.stderr.read(1)  # the prompt: the process now waits for the key
        assert "Recovery key" in prompt
        shown = _argv_of(proc.pid)
        assert "unlock" in shown  # really this process's argv
        assert not any(group in shown for group in sheet.split("-"))
        assert template_book.key.hex() not in shown
        out, err = proc.communicate(sheet + "\n", timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert WARNING not in err and sheet not in out + err
    assert keystore.get(template_book.book_id) == template_book.key


def test_the_key_from_a_file_or_stdin_and_the_flag_with_a_warning(
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = recovery_key.encode(template_book.key)
    args = ["--data-dir", str(book_folder), "--lang", "en", "unlock"]
    key_file = tmp_path / "key.txt"
    key_file.write_text(sheet + "\n")

    keystore.delete(template_book.book_id)
    assert main([*args, "--recovery-key-file", str(key_file)]) == 0
    assert WARNING not in capsys.readouterr().err
    assert keystore.get(template_book.book_id) == template_book.key

    keystore.delete(template_book.book_id)
    monkeypatch.setattr(sys, "stdin", open(key_file, encoding="utf-8"))  # noqa: SIM115
    assert main(args) == 0
    assert WARNING not in capsys.readouterr().err
    sys.stdin.close()

    keystore.delete(template_book.book_id)
    assert main([*args, "--recovery-key", sheet]) == 0  # old scripts keep working …
    err = capsys.readouterr().err
    assert WARNING in err and "--recovery-key-file" in err  # … told why and what instead
    assert main([*args[:2], "unlock", "--recovery-key", sheet]) == 0
    assert "プロセス一覧" in capsys.readouterr().err

    monkeypatch.setattr(sys, "stdin", open(os.devnull, encoding="utf-8"))  # noqa: SIM115
    assert main(args) == errors.RecoveryKeyNotGiven.exit_code == 2
    assert "No recovery key was entered" in capsys.readouterr().err
    sys.stdin.close()
    missing = tmp_path / "no-such-key.txt"
    assert main([*args, "--recovery-key-file", str(missing)]) == 2


def test_a_plain_text_credential_store_is_named_on_stderr(
    book_folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mccdesk.storage import keystore as keystore_module

    monkeypatch.setattr(keystore_module, "_warned", set())  # a fresh process
    assert main(["--data-dir", str(book_folder), "--lang", "en", "info"]) == 0
    captured = capsys.readouterr()
    assert "keyrings.alt.file.PlaintextKeyring keeps keys in a plain file" in captured.err
    assert "PYTHON_KEYRING_BACKEND" in captured.err and "plain file" not in captured.out
    assert main(["--data-dir", str(book_folder), "info"]) == 0
    assert "平文" not in capsys.readouterr().err  # once per process


def test_the_diagnostics_report_names_a_plain_text_store(qtbot) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.diagnostics_dialog import report_text

    assert "WARNING: Warning: the credential store keyrings.alt" in report_text(None, None)
