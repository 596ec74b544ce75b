"""PDF benchmark: a referral sheet against a bare reportlab page with the same embedded font.

    uv run python -m bench.pdf [--n 50]

Warm: the median time of one referral sheet (data already gathered, fonts registered) against a
bare page (one canvas, one line of BIZ UD Mincho text, embedded as a subset), in turns, same run.
The same sheet again is what the goal times (the font subsets of its characters are then cached,
see mccdesk/reports/layout/font_subsets.py); a sheet about another child each time (new
characters, so the subset of the child's own text is made anew) is reported beside it.
Cold: the first sheet in a fresh process (imports, font registration, render), by subprocess.
The size of the sample's PDF and of another child's is printed below the table.
Goals are printed, never asserted: warm ≤ 2 × bare and ≤ 60 ms; cold is reported.
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mccdesk.reference import reference
from mccdesk.reports.layout.fonts import MINCHO, register
from mccdesk.reports.referral_data import GuardianLine, ReferralSheetData
from mccdesk.reports.referral_sheet import ReferralSheet


def sample() -> ReferralSheetData:
    care = tuple((t.ja, t.code in ("tracheostomy", "suction")) for t in reference().care_types)
    return ReferralSheetData(
        referral_id=1, issued_on=date(2024, 10, 1), demo=False, case_number="2024-0001",
        branch_name="横須賀・三浦圏域ブランチ", coordinator_name="見本 春香",
        sender_phone="046-000-0000", sender_fax="046-000-0001",
        addressee_organisation="よこすか訪問看護ステーション", addressee_department="地域連携室",
        addressee_person="青木 一郎", addressee_honorific="様",
        child_name="髙橋 陽菜", child_kana="たかはし ひな",
        birth_date=date(2021, 5, 3), sex="女", address="横須賀市本町1-2-3",
        guardians=(GuardianLine("母", "髙橋 恵", "たかはし めぐみ", "090-0000-2222"),),
        contact_phone="046-000-1111", care_checklist=care, hospital="うみかぜ小児医療センター",
        doctor="藤井", purpose="退院後の訪問看護の導入について",
        requested_items="週3回の訪問看護の受け入れ可否をご回答ください。",
        background="\n".join(f"{n}．訪問看護の調整と保護者との面談を行った。" for n in range(8)),
        consenter="髙橋 恵", consented_on=date(2024, 9, 1),
        consent_scopes=("氏名・生年月日・住所", "保護者・連絡先", "医療的ケア・医療機関"),
    )  # fmt: skip


_KANJI = "".join(chr(c) for c in range(0x4E00, 0x9FA0) if chr(c).encode("shift_jis", "ignore"))


def new_child(i: int) -> ReferralSheetData:
    """The sample about another child: name, kana, address and 8 lines of background in
    characters of its own (about 60 new kanji), so the font subset of the child's text is new."""
    rnd = random.Random(i)
    words = ["".join(rnd.choices(_KANJI[:3000], k=4)) for _ in range(24)]
    kana = "".join(rnd.choices("あいうえおかきくけこさしすせそたちつてとなにぬねの", k=6))
    lines = (f"{n}．{words[4 + 2 * n]}の調整と{words[5 + 2 * n]}を行った。" for n in range(8))
    return replace(
        sample(), child_name=f"{words[0][:2]} {words[1][:2]}", child_kana=f"{kana[:3]} {kana[3:]}",
        address=f"{words[2]}市{words[3]}町1-2-3", background="\n".join(lines),
    )  # fmt: skip


def bare_page() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, initialFontName=MINCHO)
    c.setFont(MINCHO, 10.5)
    c.drawString(72, 760, "診療情報・支援情報提供書 髙橋 陽菜 令和6年10月1日")
    c.showPage()
    c.save()
    return buf.getvalue()


def timed(fn: object) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


COLD = (
    "import time; t=time.perf_counter();"
    "from bench.pdf import sample; from mccdesk.reports.referral_sheet import ReferralSheet;"
    "ReferralSheet(sample()).generate(); print(time.perf_counter()-t)"
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50)
    args = ap.parse_args()
    register()
    data = sample()
    pages = len(ReferralSheet(data).generate().split(b"/Type /Page\n")) - 1
    others = [new_child(i) for i in range(args.n)]
    sheet_t, bare_t, ratios, new_t, new_ratios = [], [], [], [], []
    for i in range(args.n):
        pair = [lambda: ReferralSheet(data).generate(), bare_page]
        if i % 2:
            pair.reverse()
        a, b = (timed(f) for f in pair)
        s, p = (a, b) if i % 2 == 0 else (b, a)
        sheet_t.append(s)
        bare_t.append(p)
        ratios.append(s / p)
        new_t.append(timed(lambda i=i: ReferralSheet(others[i]).generate()))
        new_ratios.append(new_t[-1] / p)
    colds = [
        float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    warm, bare, ratio = (statistics.median(x) for x in (sheet_t, bare_t, ratios))
    ok = ratio <= 2 and warm <= 0.060
    print(f"referral sheet: {pages} page(s), n={args.n}, Python {sys.version.split()[0]}\n")
    print("| figure | median | min | bare page median | ratio | goal | result |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| warm sheet | {warm * 1000:.1f} ms | {min(sheet_t) * 1000:.1f} ms | "
        f"{bare * 1000:.1f} ms | {ratio:.2f} | ≤ 2 × bare and ≤ 60 ms | "
        f"{'PASS' if ok else 'MISS'} |"
    )
    print(
        f"| warm sheet, another child each time | {statistics.median(new_t) * 1000:.1f} ms | "
        f"{min(new_t) * 1000:.1f} ms | {bare * 1000:.1f} ms | {statistics.median(new_ratios):.2f} "
        f"| reported | – |"
    )
    print(
        f"| cold first sheet (fresh process, 3 runs) | {statistics.median(colds) * 1000:.0f} ms | "
        f"{min(colds) * 1000:.0f} ms | – | – | reported | – |"
    )
    sizes = (len(ReferralSheet(d).generate()) / 1000 for d in (data, others[0]))
    print("\nPDF size: the sample {:.1f} kB, another child {:.1f} kB".format(*sizes))


if __name__ == "__main__":
    main()
