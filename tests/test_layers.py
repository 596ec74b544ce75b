"""The layer rules of CONVENTIONS.md, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mccdesk"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules() -> list[tuple[str, set[str]]]:
    return [
        (path.relative_to(PACKAGE.parent).as_posix(), _imports(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _offenders(allowed: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module}: {name}"
        for module, names in _modules()
        if not module.startswith(allowed)
        for name in sorted(names)
        if name.split(".")[0] in forbidden or name.startswith(forbidden)
    ]


def test_only_the_ui_imports_qt() -> None:
    # The one exception: the command line is the program's entry point and starts the app.
    launcher = {  # the command line starts the two windows, lazily
        "mccdesk/cli.py: mccdesk.ui.app",
        "mccdesk/cli.py: mccdesk.ui.app.run",
        "mccdesk/cli_prefecture.py: mccdesk.ui.prefecture_window",
        "mccdesk/cli_prefecture.py: mccdesk.ui.prefecture_window.run",
    }
    assert set(_offenders("mccdesk/ui/", ("PySide6", "mccdesk.ui"))) - launcher == set()


def test_only_storage_knows_sql() -> None:
    assert _offenders("mccdesk/storage/", ("sqlalchemy", "sqlcipher3", "sqlite3", "alembic")) == []


def test_screens_and_command_line_go_through_the_services() -> None:
    offenders = [
        f"{module}: {name}"
        for module, names in _modules()
        if module.startswith("mccdesk/ui/") or module == "mccdesk/cli.py"
        for name in names
        if name.startswith("mccdesk.storage")
    ]
    assert offenders == []


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QLabel\nimport sqlalchemy\n", encoding="utf-8")
    assert {"PySide6.QtWidgets", "sqlalchemy"} <= _imports(bad)
