"""The packaged app (installer/build → dist/mccdesk) and the Windows installer script.

What Linux can check of the Inno Setup script: that it parses into known sections and entries,
that every file it installs exists in the one-folder build, that the uninstaller removes only the
program folder, and that the scheduled task is what the docs say. The packaged app itself is run:
its self-test, and a start on the demo case book that must close cleanly.

Without a build these skip (run installer/build first), unless MCCDESK_REQUIRE_PACKAGE=1 (CI).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "mccdesk.iss"
DIST = ROOT / "dist" / "mccdesk"
SECTIONS = {"Setup", "Languages", "Tasks", "Files", "Icons", "Run", "UninstallRun",
            "UninstallDelete", "Code"}  # fmt: skip
ENTRY = re.compile(r'\s*(\w+):\s*("(?:[^"]|"")*"|[^;]*)\s*(?:;|$)')


def iss_sections() -> dict[str, list[str]]:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads Japanese text only from UTF-8 BOM"
    sections: dict[str, list[str]] = {}
    current = None
    for line in raw.decode("utf-8-sig").splitlines():
        stripped = line.strip()
        if current == "Code" and not re.fullmatch(r"\[\w+\]", stripped):
            sections[current].append(line)
            continue
        if not stripped or stripped.startswith((";", "#", "//")):
            continue
        if m := re.fullmatch(r"\[(\w+)\]", stripped):
            current = m.group(1)
            sections[current] = []
            continue
        assert current is not None, f"line outside any section: {line}"
        sections[current].append(stripped)
    return sections


def entries(lines: list[str]) -> list[dict[str, str]]:
    """Parameter lines (`Name: "x"; Flags: y`) as dicts; anything else is a syntax error."""
    found = []
    for line in lines:
        fields, pos = {}, 0
        while pos < len(line):
            m = ENTRY.match(line, pos)
            assert m and m.end() > pos, f"cannot parse: {line}"
            value = m.group(2).strip()
            if value.startswith('"'):
                value = value[1:-1].replace('""', '"')
            fields[m.group(1)] = value
            pos = m.end()
        found.append(fields)
    return found


def test_the_script_parses_into_known_sections() -> None:
    sections = iss_sections()
    assert set(sections) <= SECTIONS
    for name in SECTIONS - {"Setup", "Code"}:
        for entry in entries(sections[name]):
            assert entry, name
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "admin"  # per machine
    assert setup["DefaultDirName"] == r"{autopf}\mccdesk"
    code = "\n".join(sections["Code"])
    assert code.count("begin") == code.count("end;")


def test_start_menu_entry_and_the_optional_sync_task() -> None:
    sections = iss_sections()
    icons = entries(sections["Icons"])
    assert any(i["Name"] == r"{autoprograms}\mccdesk" for i in icons)
    (task,) = entries(sections["Tasks"])
    assert task["Name"] == "synctask" and "unchecked" in task["Flags"]  # optional, off by default
    code = "\n".join(sections["Code"])
    assert "WizardIsTaskSelected('synctask')" in code and "schtasks.exe" in code
    assert "@DROP@" not in code  # the drop folder is set once, in the app, not again here
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    xml = ET.parse(INSTALLER / "mccdesk-sync-task.xml").getroot()
    assert xml.find(".//t:Repetition/t:Interval", ns).text == "PT15M"
    assert xml.find(".//t:Exec/t:Arguments", ns).text == "sync"  # the book's drop folder
    assert xml.find(".//t:Principal/t:GroupId", ns).text == "S-1-5-32-545"  # BUILTIN\Users
    uninstall = [e["Parameters"] for e in entries(sections["UninstallRun"])]
    assert any("/Delete" in p and "mccdesk\\sync" in p for p in uninstall)


def test_the_uninstaller_never_deletes_a_case_book_and_says_where_it_stays() -> None:
    sections = iss_sections()
    for entry in entries(sections["UninstallDelete"]):
        assert entry["Name"].startswith("{app}\\"), entry
    text = ISS.read_text(encoding="utf-8-sig").lower()
    for user_folder in ("{localappdata}", "{userappdata}", "{commonappdata}", "{userdocs}"):
        assert user_folder not in text
    assert "%localappdata%\\mccdesk" in text and "not deleted" in text


# --- against the build -------------------------------------------------------------------------


def _exe(name: str) -> str:
    return name if sys.platform == "win32" else name.removesuffix(".exe")


@pytest.fixture(scope="session")
def package() -> Path:
    program = DIST / _exe("mccdesk.exe")
    if not program.exists():
        if os.environ.get("MCCDESK_REQUIRE_PACKAGE") == "1":
            pytest.fail(f"no packaged app at {DIST}: run installer/build first")
        pytest.skip("no packaged app in dist/mccdesk (run installer/build to test it)")
    return DIST


def test_every_file_the_installer_names_exists_in_the_build(package: Path) -> None:
    files = entries(iss_sections()["Files"])
    assert files
    for entry in files:
        source = PureWindowsPath(entry["Source"])
        if source.parts[:3] == ("..", "dist", "mccdesk"):
            where, parts = package, source.parts[3:]
        else:
            where, parts = INSTALLER, source.parts
        *folders, last = parts
        base = where.joinpath(*folders)
        matches = list(base.glob(_exe(last)))
        assert matches, f"{entry['Source']} names nothing in {base}"
    installed = {PureWindowsPath(e["Source"]).name for e in files}
    for icon in entries(iss_sections()["Icons"]):
        target = PureWindowsPath(icon["Filename"])
        if target.parts[0] == "{app}":
            assert target.name in installed, icon


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(QT_QPA_PLATFORM="offscreen", MCCDESK_LOG_DIR=str(tmp_path / "logs"))
    return env


def test_the_packaged_self_test_is_all_ok(package: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(package / _exe("mccdesk.exe")), "--self-test", "--lang", "en"],
        capture_output=True, text=True, timeout=300, env=_clean_env(tmp_path),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(frozen)" in done.stdout
    checks = [ln for ln in done.stdout.splitlines() if ln.startswith(("OK  ", "NG  "))]
    assert len(checks) == 5 and all(ln.startswith("OK  ") for ln in checks), done.stdout
    assert "shipped .qm" in done.stdout
    # The frozen app names the platform's credential store itself (installer/rthook_keyring.py).
    platform_backend = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
    assert f"keyring.backends.{platform_backend}" in done.stdout


def test_the_packaged_app_opens_the_demo_book_and_closes_cleanly(
    package: Path, tmp_path: Path
) -> None:
    env = _clean_env(tmp_path) | {"MCCDESK_QUIT_AFTER_START": "1"}
    done = subprocess.run(
        [str(package / _exe("mccdesk.exe")), "--data-dir", str(tmp_path / "demo"),
         "demo", "--children", "10", "--open"],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "デモ用ケースブック" in done.stdout
    log = (tmp_path / "logs" / "mccdesk.log").read_text(encoding="utf-8")
    assert "main window shown" in log and "main window ready" in log  # the frame, then the book
    assert "ERROR" not in log and "Traceback" not in log
