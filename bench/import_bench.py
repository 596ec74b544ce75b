"""Import benchmark: 100,000 valid rows, as CSV and as xlsx, into a fresh encrypted case book.

    uv run --frozen python -m bench.import_bench [--rows 100000] [--no-attacks] [--keep DIR]

Makes a deterministic office sheet of `--rows` valid rows (dates FY2015–FY2024, every choice
column in the offices' own wording, topics joined with 、, a quarter of the rows naming one of
rows/8 children with consistent details, a few children without a birth date, notes on a fifth
of the rows), writes it as UTF-8 CSV and as xlsx (openpyxl, write-only, date cells), and times
each step in a process of its own, so that its peak RSS is its own:

- floors: a plain `csv.reader` pass over the CSV, and openpyxl's read-only pass over the xlsx
  (what the import used to read with);
- check only: `import_file(..., dry_run=True)`, reading and checking every row, writing nothing;
- import: `import_file` into a fresh copy of an empty real case book (SQLCipher, key in a
  keyrings.alt file keyring in the run's folder), with a progress callback. Goal ≤ 60 s.
- attacks (issue 13): an xlsx with one 300-million-character cell, and xlsx files of 20 million
  rows (valid data rows, and blank rows) that deflate to a few MB; each must be refused
  quickly in bounded memory. The old reader took 6.3 GB for the first and 2.2 GB (and growing
  after 150 s) for the second.

Peak RSS is the process's VmHWM (/proc/self/status); "before" is its RSS after imports, just
before the timed call. Goals are printed with PASS/MISS, never asserted. The report goes to
stdout as Markdown; progress to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

GOAL_S = 60.0
HEADERS = (
    "No.",
    "受付日",
    "相談方法",
    "相談種別",
    "相談者所属",
    "市町村",
    "主訴",
    "状況",
    "完了日",
    "児童氏名",
    "ふりがな",
    "生年月日",
    "性別",
    "医療的ケア",
    "メモ",
)
FIRST, LAST = date(2015, 4, 1), date(2025, 3, 31)
NOTES = ("架空データ（性能測定）", "電話で状況確認。次回は来月。", "訪問看護と情報共有")


def make_rows(n: int, seed: int = 13) -> list[dict[str, object]]:
    """`n` valid rows by header; `受付日` and `完了日`/`生年月日` as dates (writers format them)."""
    from mccdesk.reference import reference
    from mccdesk.storage.bulk import FAMILY_NAMES, GIVEN_NAMES

    ref = reference()
    rng = random.Random(seed)
    ja = {v: [t.ja for t in getattr(ref, v)] for v in ("contact_methods", "topics")}
    towns = [t.ja for t in ref.municipalities]
    care = [t.ja for t in ref.care_types]
    orgs = [t.ja for t in ref.supporter_organisations]
    children: dict[tuple[str, str, date], dict[str, object]] = {}
    for _ in range(max(n // 8, 1)):
        (family, family_kana), (given, given_kana, sex) = (
            rng.choice(FAMILY_NAMES),
            rng.choice(GIVEN_NAMES),
        )
        born = date(2006, 4, 2) + timedelta(days=rng.randrange(6_500))
        children.setdefault(
            (family, given, born),
            {
                "児童氏名": f"{family} {given}",
                "ふりがな": f"{family_kana} {given_kana}",
                "生年月日": born,
                "性別": {"female": "女", "male": "男"}.get(sex, ""),
                "医療的ケア": "、".join(rng.sample(care, rng.randint(1, 3))),
            },
        )
    pool = list(children.values())
    span = (LAST - FIRST).days + 1
    rows = []
    for i in range(n):
        opened = FIRST + timedelta(days=rng.randrange(span))
        consulter = rng.choice(("親・親族", "親・親族", "支援者", "本人", "不明"))
        status = rng.choice(("継続", "完了", "完了", "経過観察"))
        row: dict[str, object] = {
            "No.": i + 1,
            "受付日": opened,
            "相談方法": rng.choice(ja["contact_methods"]),
            "相談種別": consulter,
            "相談者所属": rng.choice(orgs) if consulter == "支援者" else "",
            "市町村": rng.choice(towns),
            "主訴": "、".join(rng.sample(ja["topics"], rng.randint(1, 3))),
            "状況": status,
            "完了日": opened + timedelta(days=rng.randrange(60)) if status != "継続" else None,
            "メモ": rng.choice(NOTES) if rng.random() < 0.2 else "",
        }
        if rng.random() < 0.25:
            row.update(rng.choice(pool))
        elif rng.random() < 0.01:  # a child without a birth date: a child of its own
            row.update({"児童氏名": f"見本 {i}", "性別": "未記入"})
        rows.append(row)
    return rows


def _text(value: object) -> object:
    return value.strftime("%Y/%m/%d") if isinstance(value, date) else value


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for row in rows:
            w.writerow([_text(row.get(h)) if row.get(h) is not None else "" for h in HEADERS])
    return path


def write_xlsx(path: Path, rows: list[dict[str, object]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("相談記録")
    ws.append(list(HEADERS))
    for row in rows:
        cells = []
        for h in HEADERS:
            value = row.get(h)
            if isinstance(value, date):
                cell = WriteOnlyCell(ws, value)
                cell.number_format = "yyyy/m/d"
                cells.append(cell)
            else:
                cells.append(value if value != "" else None)
        ws.append(cells)
    wb.save(path)
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_ATTACK_HEADER = "".join(
    f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
    for i, h in enumerate(("受付日", "相談方法", "相談種別", "市町村", "主訴", "状況", "児童氏名"))
)
_ATTACK_ROW = "".join(
    f'<c t="inlineStr"><is><t>{v}</t></is></c>'
    for v in ("2024/04/01", "電話", "親・親族", "横須賀市", "レスパイト", "継続")
)


def _attack_xlsx(path: Path, rows: Iterator[bytes], shared: Iterator[bytes]) -> Path:
    """A minimal workbook whose sheet rows and shared strings are streamed into the zip."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="r1" Target="xl/workbook.xml" '
            f'Type="{_REL}/officeDocument"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="s" sheetId="1" '
            'r:id="r1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="r1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="r2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for piece in rows:
                f.write(piece)
            f.write(b"</sheetData></worksheet>")
        with zf.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<sst xmlns="{_MAIN}">'.encode())
            for piece in shared:
                f.write(piece)
            f.write(b"</sst>")
    return path


def write_attack_huge_cell(path: Path, chars: int) -> Path:
    """A valid row whose child's name is a `chars`-character shared string."""

    def rows() -> Iterator[bytes]:
        yield f'<row r="1">{_ATTACK_HEADER}</row>'.encode()
        yield f'<row r="2">{_ATTACK_ROW}<c r="G2" t="s"><v>0</v></c></row>'.encode()

    def shared() -> Iterator[bytes]:
        yield b"<si><t>"
        piece = b"A" * (1 << 20)
        for _ in range(chars >> 20):
            yield piece
        yield b"</t></si>"

    return _attack_xlsx(path, rows(), shared())


def write_attack_many_rows(path: Path, rows: int, data: str) -> Path:
    """`rows` identical rows without numbers (which is why they deflate to almost nothing):
    `data` "valid" (a whole valid case each), "number" (one number each) or "blank"."""
    strings = ("2024/04/01", "電話", "親・親族", "横須賀市", "レスパイト", "継続")
    cells = {
        "valid": "".join(f'<c t="s"><v>{i}</v></c>' for i in range(len(strings))),
        "number": "<c><v>1</v></c>",
        "blank": "",
    }[data]
    row = f"<row>{cells}</row>".encode()

    def sheet() -> Iterator[bytes]:
        yield f'<row r="1">{_ATTACK_HEADER}</row>'.encode()
        for _ in range(rows // 10_000):
            yield row * 10_000
        yield row * (rows % 10_000)

    shared = [f"<si><t>{t}</t></si>".encode() for t in strings] if data == "valid" else []
    return _attack_xlsx(path, sheet(), iter(shared))


# --- one measurement, in a process of its own -----------------------------------------------------


def _status_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process. Not ru_maxrss: Linux carries that over
    from the parent across fork and exec, so a child would report the bench's own peak."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(kind: str, path: Path, folder: Path | None) -> dict[str, object]:
    from mccdesk.casebook import CaseBook
    from mccdesk.importer import ImportFailed, import_file

    book = CaseBook.open(folder) if folder else None
    if book is not None:
        book.use_coordinator(book.store.coordinators()[0].id)
    before = _status_mib("VmRSS")
    out: dict[str, object] = {}
    steps: list[tuple[float, str, int]] = []
    start = time.perf_counter()
    if kind == "read-csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            out["rows"] = sum(1 for _ in csv.reader(f)) - 1
    elif kind == "read-xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        out["rows"] = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
        wb.close()
    else:
        assert book is not None

        def progress(p):  # type: ignore[no-untyped-def]
            steps.append((time.perf_counter() - start, p.phase, p.percent))
            print(f"  {p.text('en')} ({p.percent} %)", file=sys.stderr, end="\r")

        try:
            report = import_file(book, path, dry_run=kind == "check", progress=progress)
            out.update(rows=report.rows, cases=report.cases, children=report.children)
        except ImportFailed as exc:
            out["refused"] = "; ".join(p.line("en")[:90] for p in exc.report.problems[:2])
    out["seconds"] = time.perf_counter() - start
    out["peak_mib"] = _status_mib("VmHWM")
    out["before_mib"] = before
    writes = [t for t, phase, _ in steps if phase == "write"]
    if writes:
        out["check_s"] = writes[0]
    out["progress_reports"] = len(steps)
    if book is not None:
        book.close()
    return out


def _run(kind: str, path: Path, folder: Path | None, env: dict[str, str]) -> dict[str, object]:
    args = [sys.executable, "-m", "bench.import_bench", "--child", kind, str(path)]
    if folder is not None:
        args.append(str(folder))
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run --------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--no-attacks", action="store_true")
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path, *folder = args.child
        print(json.dumps(child(kind, Path(path), Path(folder[0]) if folder else None)))
        return
    root = args.keep or Path(tempfile.mkdtemp(prefix="mccdesk-import-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(root / "xdg"),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    os.environ.update(env)
    try:
        report(root, args.rows, not args.no_attacks, env)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _fresh_book(template: Path, root: Path, name: str) -> Path:
    folder = root / name
    shutil.copytree(template, folder)
    return folder


def report(root: Path, n: int, attacks: bool, env: dict[str, str]) -> None:
    from mccdesk.casebook import CaseBook
    from mccdesk.storage.keystore import KeyStore

    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    book, _ = CaseBook.create(
        root / "template",
        branch_id="BENCH",
        branch_name="性能測定用ブランチ",
        area="yokosuka-miura",
        keystore=KeyStore(),
    )
    book.add_coordinator("測定 太郎", "そくてい たろう")
    book.close()
    say(f"making {n:,} rows…")
    rows = make_rows(n)
    files = {
        "csv": write_csv(root / "rows.csv", rows),
        "xlsx": write_xlsx(root / "rows.xlsx", rows),
    }
    del rows
    results: list[tuple[str, dict[str, object], str]] = []
    for fmt, path in files.items():
        size = path.stat().st_size / 2**20
        say(f"{fmt} ({size:.1f} MiB): floor, check, import…")
        floor = _run(f"read-{fmt}", path, None, env)
        check = _run("check", path, _fresh_book(root / "template", root, f"c-{fmt}"), env)
        full = _run("import", path, _fresh_book(root / "template", root, f"i-{fmt}"), env)
        floor_name = "plain csv.reader pass" if fmt == "csv" else "openpyxl read-only pass"
        results.append((f"{fmt} {size:.1f} MiB: {floor_name} (floor)", floor, ""))
        results.append((f"{fmt}: check only (dry run)", check, ""))
        goal = "PASS" if float(full["seconds"]) <= GOAL_S else "MISS"  # type: ignore[arg-type]
        results.append((f"{fmt}: import (check + write)", full, goal))
        full["ratio_floor"] = float(full["seconds"]) / float(floor["seconds"])  # type: ignore[arg-type]
        full["ratio_check"] = float(full["seconds"]) / float(check["seconds"])  # type: ignore[arg-type]
    if attacks:
        say("attacks: one huge cell, 20 million rows…")
        attack_files = (
            ("one 300 M-character cell", write_attack_huge_cell(root / "huge.xlsx", 300 << 20)),
            ("2 M valid rows", write_attack_many_rows(root / "valid.xlsx", 2_000_000, "valid")),
            (
                "20 M rows of a number",
                write_attack_many_rows(root / "n.xlsx", 20_000_000, "number"),
            ),
            ("20 M blank rows", write_attack_many_rows(root / "blank.xlsx", 20_000_000, "blank")),
        )
        for label, path in attack_files:
            size = path.stat().st_size / 2**20
            out = _run("import", path, _fresh_book(root / "template", root, f"a-{path.stem}"), env)
            results.append((f"attack: {label} ({size:.1f} MiB xlsx)", out, ""))
    _print(n, results, time.perf_counter() - started)


def _print(n: int, results: list[tuple[str, dict[str, object], str]], total: float) -> None:
    load = os.getloadavg()
    print(f"Import benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {n:,} rows")
    print(f"\n- {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; load {load[0]:.2f}\n")
    print("| measurement | time | rows/s | peak RSS | RSS before | note | goal ≤ 60 s |")
    print("|---|---:|---:|---:|---:|---|---|")
    for label, r, goal in results:
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        rows = int(r.get("rows", 0) or 0)  # type: ignore[call-overload]
        notes = []
        if "check_s" in r:
            notes.append(f"check {float(r['check_s']):.1f} s")  # type: ignore[arg-type]
        if "ratio_floor" in r:
            notes.append(f"×{float(r['ratio_floor']):.1f} floor")  # type: ignore[arg-type]
            notes.append(f"×{float(r['ratio_check']):.1f} check only")  # type: ignore[arg-type]
        if r.get("progress_reports"):
            notes.append(f"{r['progress_reports']} progress reports")
        if "refused" in r:
            notes.append(f"refused: {r['refused']}")
        rate = f"{rows / seconds:,.0f}" if rows else ""
        print(
            f"| {label} | {seconds:.2f} s | {rate} | {float(r['peak_mib']):.0f} MiB "  # type: ignore[arg-type]
            f"| {float(r['before_mib']):.0f} MiB | {'; '.join(notes)} | {goal} |"  # type: ignore[arg-type]
        )
    print(f"\nWhole run: {total:.0f} s.")


if __name__ == "__main__":
    main()
