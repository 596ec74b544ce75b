"""The Qt Linguist catalogues match the code: every tr() string is in them, English is finished,
and English keeps what the code fills in ({placeholders}, &-shortcuts, line breaks)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"


def _script() -> ModuleType:
    path = ROOT / "scripts" / "translations"
    loader = importlib.machinery.SourceFileLoader("translations_script", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


translations = _script()


def test_catalogues_are_up_to_date() -> None:
    """Fails when a screen gained a string: run scripts/translations, then translate it."""
    assert translations.problems() == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_both_catalogues_exist_for_the_same_strings(lang: str) -> None:
    english = translations.messages(TS_DIR / "mccdesk_en.ts")
    assert len(english) > 400
    assert translations.messages(TS_DIR / f"mccdesk_{lang}.ts").keys() == english.keys()


def test_english_keeps_placeholders_shortcuts_and_line_breaks() -> None:
    wrong = []
    for (context, source), english in translations.messages(TS_DIR / "mccdesk_en.ts").items():
        assert english is not None
        if sorted(re.findall(r"\{[^}]*\}", source)) != sorted(re.findall(r"\{[^}]*\}", english)):
            wrong.append(f"[{context}] placeholders differ: {english!r}")
        if source.count("&") != english.count("&"):
            wrong.append(f"[{context}] & shortcut lost: {english!r}")
        if source.count("\n") != english.count("\n"):
            wrong.append(f"[{context}] line breaks differ: {english!r}")
        if re.search(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]", english):
            wrong.append(f"[{context}] Japanese left in English: {english!r}")
    assert wrong == []


def test_a_new_string_or_an_unfinished_translation_is_caught(tmp_path: Path) -> None:
    code = tmp_path / "mccdesk" / "ui"
    shutil.copytree(ROOT / "mccdesk" / "ui", code)
    ts_dir = tmp_path / "translations"
    shutil.copytree(TS_DIR, ts_dir)
    page = code / "settings_page.py"
    page.write_text(
        page.read_text("utf-8").replace('self.tr("標準")', 'self.tr("ふつう")'), "utf-8"
    )
    found = translations.problems(ts_dir, tmp_path)
    assert "mccdesk_en.ts: missing [SettingsPage] 'ふつう'" in found
    assert "mccdesk_ja.ts: missing [SettingsPage] 'ふつう'" in found
    assert "mccdesk_en.ts: no longer in the code [SettingsPage] '標準'" in found

    translations.update(ts_dir, tmp_path)  # what scripts/translations does: merged, kept
    found = [p for p in translations.problems(ts_dir, tmp_path) if "[SettingsPage]" in p]
    assert found == ["mccdesk_en.ts: unfinished [SettingsPage] 'ふつう'"]
    english = translations.messages(ts_dir / "mccdesk_en.ts")
    assert english[("SettingsPage", "大")] == "Large"  # existing translations survive


def test_lupdate_sees_what_runs() -> None:
    """The code's idioms, rewritten line for line into calls lupdate reads, same contexts."""
    code = (
        'CONTEXT = "CaseTableModel"\n'
        'HEADERS = (QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),)\n'
        "def _tr(text: str) -> str:\n"
        '    return QCoreApplication.translate("start", text)\n'
        'x = _tr("開いています…")\n'
        "class Form(QWidget):\n"
        "    def make(self):\n"
        "        tr = self.tr\n"
        '        a = tr("姓")\n'
        '        b = self.tr("名")\n'
    )
    seen = translations.lupdate_view(code)
    assert seen.count("\n") == code.count("\n")
    assert 'QT_TRANSLATE_NOOP("CaseTableModel", "受付番号")' in seen
    assert 'x = QCoreApplication.translate("start", "開いています…")' in seen
    assert 'a = self.tr("姓")' in seen
    assert 'b = self.tr("名")' in seen


def test_the_catalogues_compile(tmp_path: Path) -> None:
    shutil.copytree(TS_DIR, tmp_path / "ts", ignore=shutil.ignore_patterns("*.qm"))
    translations.compile_qm(tmp_path / "ts")
    assert (tmp_path / "ts" / "mccdesk_en.qm").stat().st_size > 10_000
    assert (tmp_path / "ts" / "mccdesk_ja.qm").exists()
