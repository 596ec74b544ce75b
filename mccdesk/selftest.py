"""`mccdesk --self-test`: does this installation work? One line per check, OK or the reason.

Everything happens in a throwaway folder with a throwaway key store held in memory: the self-test
never touches a real case book nor the user's credential store. Which credential store the app
itself would use is reported apart (read-only: nothing is stored there) and does not change the
exit code, because IT may run the self-test as an administrator whose store differs from the
coordinators'. The exit code is 0 only when every check is OK.

No Qt here (layers): the translation check reads the compiled catalogue (.qm) itself.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import platform
import struct
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import keyring.backend
from keyring.compat import properties

from mccdesk.resources import resources_dir
from mccdesk.version import generator, version

log = logging.getLogger(__name__)

# A message the English catalogue must translate (the main window's first page).
KNOWN_TEXT = ("MainWindow", "ホーム", "Home")
FONT_NAMES = ("BIZUDMincho-Regular", "BIZUDGothic-Regular", "BIZUDGothic-Bold")
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


@dataclass(frozen=True)
class Result:
    name_ja: str
    name_en: str
    ok: bool
    # What was found (OK) or why it failed, in Japanese and English; never personal data or a key.
    detail_ja: str
    detail_en: str

    def line(self, lang: str) -> str:
        name, detail = (
            (self.name_ja, self.detail_ja) if lang == "ja" else (self.name_en, self.detail_en)
        )
        return f"{'OK' if self.ok else 'NG'}  {name}: {detail}"


class CheckFailed(Exception):
    """Why a check failed, said in both languages."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja, self.en = ja, en


def _no_book() -> CheckFailed:
    return CheckFailed(
        "ケースブックがありません（上の項目を参照）", "no case book (see the check above)"
    )


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A credential store that lives and dies with the self-test."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable: keyring's autodetection (and its chainer) must never pick this one.
        raise RuntimeError("used only by the self-test, by name")

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._items.pop((service, username), None)


# --- the throwaway case book, shared by the checks that need one ---------------------------------


class _Scratch:
    def __init__(self, folder: Path) -> None:
        from mccdesk.storage.keystore import KeyStore

        self.folder = folder / "casebook"
        self.keystore = KeyStore(MemoryKeyring())
        self.book = None  # type: ignore[var-annotated]
        self.referral_id: int | None = None


def _check_book(s: _Scratch) -> str:
    from mccdesk import domain as d
    from mccdesk.casebook import CaseBook
    from mccdesk.storage.book import BOOK_FILE

    book, _key = CaseBook.create(
        s.folder, branch_id="SELFTEST", branch_name="自己診断", area="yokosuka-miura",
        keystore=s.keystore,
    )  # fmt: skip
    with book:
        ref = book.ref
        coordinator = book.add_coordinator("自己診断 担当")
        book.use_coordinator(coordinator.id)
        on = date.today()
        child = book.add_child(
            d.ChildDraft(
                family_name="髙橋", given_name="𠮷子", birth_date=date(on.year - 5, 4, 1),
                residence=ref.residences.codes[0],
                consent=d.Consent(on, "自己診断", tuple(ref.consent_scopes.codes)),
            )
        )  # fmt: skip
        case = book.open_case(
            d.CaseDraft(
                opened_on=on, contact_method=ref.contact_methods.codes[0],
                consulter_type=ref.consulter_types.codes[0], residence=child.residence,
                topics=(ref.topics.codes[0],), child_id=child.id,
            )
        )  # fmt: skip
        resource = book.add_resource(
            d.ResourceDraft("自己診断病院", ref.resource_kinds.codes[0], child.residence)
        )
        referral = book.refer(d.ReferralDraft(case.id, resource.id, on, consent_checked=True))
        s.referral_id = referral.id
    raw = (s.folder / BOOK_FILE).read_bytes()[:16]
    if raw == PLAIN_SQLITE_HEADER:
        raise CheckFailed(
            "ディスク上のファイルが暗号化されていません", "the file on disk is not encrypted"
        )
    s.book = CaseBook.open(s.folder, s.keystore)  # read back through a fresh open
    again = s.book.child(child.id)
    if (again.family_name, again.given_name) != ("髙橋", "𠮷子"):
        raise CheckFailed(
            "読み出した記録が書き込んだものと違います",
            "the record read back differs from the one written",
        )
    return (
        "作成・書き込み・開き直して読み出し、すべて正常。ディスク上のファイルは暗号化されています",
        "created, written, reopened and read back; the file on disk is encrypted",
    )


def _check_sqlcipher(s: _Scratch) -> str:
    if s.book is None:
        raise _no_book()
    binding = _dist_version("sqlcipher3")
    from mccdesk.storage import book as book_file

    # Opening refuses any cipher version other than 4.x and any unpinned setting (cipher.py).
    problems = book_file.check_file(s.folder, s.keystore)
    if problems:
        raise CheckFailed(
            f"整合性の問題が {len(problems)} 件あります", f"{len(problems)} integrity problem(s)"
        )
    return (
        f"sqlcipher3 {binding}。SQLCipher 4、暗号設定は固定値、temp_store=MEMORY と "
        "secure_delete を開くときに確認、整合性チェックも正常",
        f"sqlcipher3 {binding}; SQLCipher 4, pinned cipher settings, "
        "temp_store=MEMORY, secure_delete verified at open; integrity checks passed",
    )


def _check_pdf(s: _Scratch) -> str:
    from mccdesk.reports.layout import fonts
    from mccdesk.reports.referral_sheet import ReferralSheet, referral_sheet_data

    if s.book is None or s.referral_id is None:
        raise _no_book()
    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        raise CheckFailed(
            f"フォントのフォルダがありません: {folder}", f"font folder missing: {folder}"
        )
    fonts.register()
    pdf = ReferralSheet(referral_sheet_data(s.book, s.referral_id)).generate()
    if not pdf.startswith(b"%PDF-"):
        raise CheckFailed("出力がPDFではありません", "the output is not a PDF")
    missing = [name for name in FONT_NAMES if name.encode() not in pdf]
    if missing or b"/FontFile2" not in pdf:
        names = ", ".join(missing)
        raise CheckFailed(
            f"フォントが埋め込まれていません: {names or 'フォントファイルなし'}",
            f"fonts not embedded: {names or 'no font file'}",
        )
    if version().encode() not in pdf:
        raise CheckFailed(
            "バージョンがページに印刷されていません", "the version is not printed on the page"
        )
    import pypdfium2  # the in-app preview renders pages with it (a native library to bundle)

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=0.25)
        if len(set(bytes(bitmap.buffer))) < 2:
            raise CheckFailed("プレビューが白紙になります", "the preview renders a blank page")
    finally:
        document.close()
    size = len(pdf) // 1024
    return (
        f"{size} KiB、BIZ UD フォントを埋め込み済み、プレビューも表示できます",
        f"{size} KiB, BIZ UD fonts embedded, preview renders",
    )


def _check_summary(s: _Scratch) -> str:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from mccdesk.sync import envelope, keys, package

    if s.book is None:
        raise _no_book()
    prefecture = X25519PrivateKey.generate()
    public = prefecture.public_key().public_bytes_raw()
    content = b'{"selftest":1}'
    name, data = package.content_file(
        s.book, branch="SELFTEST", period="FY2024-Q1", policy="selftest", content=content,
        revision=0, seq=1, prev_hash="", prefecture_public=public,
    )  # fmt: skip
    signer = keys.branch_key(s.book).public_key
    header = envelope.verify_named(name, data, {"SELFTEST": [signer]})
    if header.get("created_by") != generator():
        raise CheckFailed(
            "ヘッダーにプログラムのバージョンがありません",
            "the header does not name the program version",
        )
    if envelope.open_tables(data, header, prefecture.private_bytes_raw()) != content:
        raise CheckFailed(
            "封をした集計表を開くと中身が違います",
            "the sealed tables do not open to what was sealed",
        )
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 1
    try:
        envelope.verify(bytes(tampered), {"SELFTEST": [signer]})
    except envelope.EnvelopeRejected:
        pass
    else:
        raise CheckFailed("改変したファイルが受け入れられました", "a changed file was accepted")
    return (
        f"署名（{generator()}）・検証・開封とも正常。1バイト変えたファイルは拒否されます",
        f"signed ({generator()}), verified, opened; a changed byte is rejected",
    )


def _lrelease() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # located, not imported: no Qt in this layer
    if spec is None or not spec.submodule_search_locations:
        return None
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(next(iter(spec.submodule_search_locations))) / name


def qm_messages(data: bytes) -> Iterator[tuple[str, str, str]]:
    """(context, source, translation) of a compiled Qt catalogue (.qm)."""
    if not data.startswith(QM_MAGIC):
        raise ValueError("not a Qt catalogue")
    pos = len(QM_MAGIC)
    while pos + 5 <= len(data):
        tag, size = data[pos], struct.unpack_from(">I", data, pos + 1)[0]
        block = data[pos + 5 : pos + 5 + size]
        pos += 5 + size
        if tag == 0x69:  # the messages block
            yield from _messages(block)


def _messages(block: bytes) -> Iterator[tuple[str, str, str]]:
    fields: dict[int, bytes] = {}
    pos = 0
    while pos < len(block):
        tag = block[pos]
        pos += 1
        if tag == 1:  # end of one message
            yield (
                fields.get(7, b"").decode("utf-8", "replace"),
                fields.get(6, b"").decode("utf-8", "replace"),
                fields.get(3, b"").decode("utf-16-be", "replace"),
            )
            fields = {}
        elif tag in (2, 3, 4, 5, 6, 7, 8):  # (Qt's Tag_*) 3 translation, 6 source, 7 context
            (size,) = struct.unpack_from(">I", block, pos)
            pos += 4
            if size == 0xFFFFFFFF:
                continue
            fields[tag] = block[pos : pos + size]
            pos += size
        else:
            raise ValueError(f"unknown tag {tag} in the catalogue")


def _check_translations(folder: Path) -> str:
    translations = resources_dir() / "translations"
    shipped = translations / "mccdesk_en.qm"
    if shipped.exists():
        qm, where = shipped, "shipped .qm"
    else:
        ts = translations / "mccdesk_en.ts"
        tool = _lrelease()
        if not ts.exists():
            raise CheckFailed(
                f"英語の翻訳ファイルがありません: {translations}",
                f"no English catalogue in {translations}",
            )
        if tool is None or not tool.exists():
            raise CheckFailed(
                "コンパイル済みの翻訳も、コンパイルする lrelease もありません",
                "no compiled catalogue and no lrelease to compile one",
            )
        qm, where = folder / "mccdesk_en.qm", "compiled from .ts"
        subprocess.run(
            [str(tool), "-silent", str(ts), "-qm", str(qm)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    data = qm.read_bytes()
    context, source, expected = KNOWN_TEXT
    found = {(c, s): t for c, s, t in qm_messages(data)}
    got = found.get((context, source))
    if got != expected:
        raise CheckFailed(
            f"{source!r} の訳が {got!r} です（正しくは {expected!r}）",
            f"{source!r} is translated as {got!r}, expected {expected!r}",
        )
    where_ja = "同梱の .qm" if where == "shipped .qm" else ".ts からコンパイル"
    return (
        f"英語の翻訳（{where_ja}、{len(found)} 件）で {source} → {got}",
        f"English catalogue ({where}, {len(found)} messages) translates {source} → {got}",
    )


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# --- running ------------------------------------------------------------------------------------


def keystore_report(lang: str = "en") -> tuple[str, bool, str]:
    """(backend, usable, reason in `lang`) of the credential store the app would use; nothing
    is stored."""
    from mccdesk.errors import MccdeskError
    from mccdesk.storage.keystore import KeyStore

    store = KeyStore()
    name = os.environ.get("PYTHON_KEYRING_BACKEND") or "?"  # until keyring names its choice
    try:
        name = store.backend_name()
        store.check_usable()
    except MccdeskError as exc:
        return (name, False, " ".join(exc.message(lang).split()))
    except Exception as exc:
        return (name, False, type(exc).__name__)
    return (name, True, "")


def plaintext_warning(lang: str = "en") -> str | None:
    """The warning when the credential store keeps keys readable in a file (keyrings.alt chosen
    by PYTHON_KEYRING_BACKEND or keyringrc.cfg), else None."""
    from mccdesk.errors import PlaintextKeyring
    from mccdesk.storage.keystore import KeyStore

    name = KeyStore().plaintext_backend()
    return None if name is None else PlaintextKeyring(backend=name).message(lang)


def run_checks() -> list[Result]:
    """Run every check in a temporary folder, removed afterwards."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="mccdesk-selftest-") as tmp:
        scratch = _Scratch(Path(tmp))
        checks: list[tuple[str, str, Callable[[], tuple[str, str]]]] = [
            ("ケースブック（暗号化・書き込み・読み出し）", "case book (encrypted, write, read)",
             lambda: _check_book(scratch)),
            ("SQLCipher", "SQLCipher", lambda: _check_sqlcipher(scratch)),
            ("紹介状PDF（同梱フォント）", "referral sheet PDF (bundled fonts)",
             lambda: _check_pdf(scratch)),
            ("集計ファイルの署名と検証", "summary file signing and verifying",
             lambda: _check_summary(scratch)),
            ("翻訳（英語）", "translations (English)", lambda: _check_translations(Path(tmp))),
        ]  # fmt: skip
        try:
            for name_ja, name_en, check in checks:
                try:
                    results.append(Result(name_ja, name_en, True, *check()))
                except Exception as exc:
                    log.info("self-test %s failed: %s", name_en, type(exc).__name__)
                    log.debug("".join(traceback.format_exception(exc)))
                    results.append(Result(name_ja, name_en, False, *_reason(exc)))
        finally:
            if scratch.book is not None:
                scratch.book.close()
    return results


def _reason(exc: BaseException) -> tuple[str, str]:
    """Why a check failed (ja, en); an unexpected error is named as Python named it."""
    from mccdesk.errors import MccdeskError

    if isinstance(exc, CheckFailed):
        return exc.ja, exc.en
    if isinstance(exc, MccdeskError):
        return " ".join(exc.message("ja").split()), " ".join(exc.message("en").split())
    text = " ".join(str(exc).split())[:300]
    said = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"予期しないエラー（{said}）", said


def report(lang: str = "ja") -> tuple[list[str], bool]:
    """The self-test's lines and whether every check passed."""
    results = run_checks()
    backend, usable, why = keystore_report(lang)
    ja = lang == "ja"
    lines = [
        f"mccdesk {version()} ({'frozen' if getattr(sys, 'frozen', False) else 'source'}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        "自己診断は一時フォルダと使い捨ての（メモリ上の）鍵保管庫を使います。実際のケースブックと"
        "資格情報ストアには触れません。"
        if ja
        else "The self-test uses a temporary folder and a throwaway in-memory key store; "
        "it never touches a real case book or the credential store.",
    ]
    lines += [r.line(lang) for r in results]
    if ja:
        state = "使用可能" if usable else f"使用できません（{why}）"
        lines.append(f"情報  アプリが使う資格情報ストア: {backend} — {state}")
    else:
        state = "usable" if usable else f"NOT usable ({why})"
        lines.append(f"INFO  credential store the app would use: {backend} — {state}")
    warning = plaintext_warning(lang)
    if warning is not None:
        lines.append(f"{'警告' if ja else 'WARN'}  {warning}")
    ok = all(r.ok for r in results)
    lines.append(
        ("すべて OK" if ok else "問題があります（NG の行）")
        if ja
        else ("all checks OK" if ok else "some checks failed (lines starting with NG)")
    )
    return lines, ok


def main(lang: str = "ja") -> int:
    lines, ok = report(lang)
    for line in lines:
        print(line, flush=True)
    return 0 if ok else 1
