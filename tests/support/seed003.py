"""Seed 003's FY2023 consultation table as an office's spreadsheet: synthetic rows, real counts.

The prefecture's table (seeds/003, 令和5年度: 77 cases, 140 topics) gives only totals. The rows
here are made up, deterministically (fixed random seed), so that their totals are exactly those:
by municipality, contact method, consulter type, topic and status on 2024-03-31. Cells hold the
labels an office would type, in the seed's own wording (川崎, その他（対面等）, 入園に関すること
(保育園・幼稚園) …), topics joined with 、. Children are clearly fictional (テスト 一郎 …).

`EXPECTED` is written out by hand in reference codes, independently of the importer's lookups.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from mccdesk.periods import format_date, wareki, wareki_short

FY_START = date(2023, 4, 1)
FY_END = date(2024, 3, 31)
SEED = 3

HEADERS = (
    "No.",  # offices number their rows; not a column mccdesk reads, so it is reported as ignored
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
IGNORED = ("No.",)

# --- the seed's table, as printed -----------------------------------------------------------------

RESIDENCE_LABELS = {
    "横須賀市": 7,
    "鎌倉市": 7,
    "逗子市": 3,
    "藤沢市": 13,
    "茅ヶ崎市": 2,
    "寒川町": 1,
    "平塚市": 3,
    "秦野市": 11,
    "伊勢原市": 1,
    "大磯町": 1,
    "厚木市": 7,
    "座間市": 1,
    "綾瀬市": 1,
    "小田原市": 5,
    "南足柄市": 1,
    "中井町": 1,
    "開成町": 1,
    "真鶴町": 1,
    "横浜市": 5,
    "川崎": 1,  # sic: the seed writes 川崎 without 市
    "相模原市": 1,
    "県外": 1,
    "不明": 2,
}
CONTACT_LABELS = {"電話": 59, "LINE": 10, "メール": 1, "その他（対面等）": 7}
CONSULTER_LABELS = {"親・親族": 25, "支援者": 51, "不明": 1}
TOPIC_LABELS = {
    "退院調整（在宅移行支援）": 15,
    "退院調整（施設移行・入所支援）": 2,
    "在宅生活（転居支援、訪問医・訪問看護等）": 6,
    "レスパイト": 17,
    "障害福祉サービス（相談支援）": 10,
    "障害福祉サービス（地域生活支援）": 1,
    "障害福祉サービス（その他）": 8,
    "制度（相談、支援、養成等）": 15,
    "児童発達支援に関すること": 5,
    "入園に関すること(保育園・幼稚園)": 20,
    "就学に関すること（特支(小)・(小)普通級・(小)支援級）": 6,
    "進学に関すること（特支(中)・(中)普通級・(中)支援級）": 0,
    "進学に関すること（特支(高) ）": 2,
    "学校生活に関すること（特支(小)・(小)普通級・(中)普通級・(中)支援級・特支(高)）": 7,
    "通学支援・移動支援に関すること": 4,
    "放課後デイサービスに関すること": 2,
    "その他（社会資源、家族支援、地域課題、学校看護師の採用・募集、成人以降支援）": 20,
}
STATUS_LABELS = {"完了": 36, "継続": 36, "経過観察": 5}

# --- what the case book must count after importing them (reference codes) ------------------------

EXPECTED: dict[str, dict[str, int]] = {
    "residence": {
        "142018": 7,  # 横須賀市
        "142042": 7,  # 鎌倉市
        "142085": 3,  # 逗子市
        "142051": 13,  # 藤沢市
        "142077": 2,  # 茅ヶ崎市
        "143219": 1,  # 寒川町
        "142034": 3,  # 平塚市
        "142115": 11,  # 秦野市
        "142140": 1,  # 伊勢原市
        "143413": 1,  # 大磯町
        "142123": 7,  # 厚木市
        "142166": 1,  # 座間市
        "142182": 1,  # 綾瀬市
        "142069": 5,  # 小田原市
        "142174": 1,  # 南足柄市
        "143618": 1,  # 中井町
        "143669": 1,  # 開成町
        "143839": 1,  # 真鶴町
        "141003": 5,  # 横浜市
        "141305": 1,  # 川崎市
        "141500": 1,  # 相模原市
        "outside": 1,
        "unknown": 2,
    },
    "contact_method": {"phone": 59, "line": 10, "email": 1, "other": 7},
    "consulter_type": {"family": 25, "supporter": 51, "unknown": 1},
    # Topics nobody raised (middle_school: 0) do not appear in a count.
    "topic": {
        "discharge_home": 15,
        "discharge_facility": 2,
        "home_life": 6,
        "respite": 17,
        "welfare_counselling": 10,
        "welfare_community": 1,
        "welfare_other": 8,
        "systems": 15,
        "child_development": 5,
        "nursery_entry": 20,
        "school_entry": 6,
        "high_school": 2,
        "school_life": 7,
        "commute": 4,
        "after_school": 2,
        "other": 20,
    },
    "status": {"closed": 36, "ongoing": 36, "watching": 5},  # on 2024-03-31
}
CASES = 77
TOPICS = 140

# Fictional children: (name, kana, birth date, sex, care). Name spaces are ASCII or full-width.
CHILDREN = (
    ("テスト 一郎", "てすと いちろう", date(2021, 6, 3), "男", "経管栄養、吸引"),
    (
        "テスト　花子",
        "てすと　はなこ",
        date(2019, 11, 20),
        "女",
        "人工呼吸（TPPV）、気管切開、吸引",
    ),
    ("サンプル 次郎", "さんぷる じろう", date(2016, 2, 29), "男", "酸素"),
    ("架空 さくら", "かくう さくら", date(2022, 9, 1), "女", ""),
    ("見本 太郎", "みほん たろう", None, "未記入", "自己導尿"),
    ("テスト 三郎", "", date(2012, 4, 1), "", "経管栄養"),
)
CHILD_EVERY = 6  # every 6th row names a child; the first child comes back once more (same person)
EXPECTED_CHILDREN = len(CHILDREN)

ORGANISATIONS = ("医療機関", "訪問看護", "行政・児相", "保育園・学校等", "福祉事業所", "")


def _spread(counts: dict[str, int]) -> list[str]:
    return [label for label, n in counts.items() for _ in range(n)]


def _topic_sets(rng: random.Random) -> list[list[str]]:
    """77 lists of 1–3 distinct topics holding exactly the seed's 140 topic mentions."""
    # 28 cases with one topic, 35 with two and 14 with three: 28 + 70 + 42 = 140.
    capacity = [1] * 28 + [2] * 35 + [3] * 14
    rng.shuffle(capacity)
    sets: list[list[str]] = [[] for _ in capacity]
    for label, n in sorted(TOPIC_LABELS.items(), key=lambda item: -item[1]):
        order = list(range(len(sets)))
        rng.shuffle(order)
        # Greedy by remaining room: the classic way to keep every topic's cases distinct.
        order.sort(key=lambda i: len(sets[i]) - capacity[i])
        chosen = [i for i in order if len(sets[i]) < capacity[i]][:n]
        assert len(chosen) == n, label
        for i in chosen:
            sets[i].append(label)
    assert all(len(s) == c for s, c in zip(sets, capacity, strict=True))
    return sets


def _received(rng: random.Random) -> date:
    return FY_START + timedelta(days=rng.randrange((FY_END - FY_START).days + 1))


def rows() -> list[dict[str, object]]:
    """The 77 rows, by header; dates as `date` (the writers choose how to show them)."""
    rng = random.Random(SEED)
    columns = [
        _spread(RESIDENCE_LABELS),
        _spread(CONTACT_LABELS),
        _spread(CONSULTER_LABELS),
        _spread(STATUS_LABELS),
    ]
    for column in columns:
        assert len(column) == CASES
        rng.shuffle(column)
    topic_sets = _topic_sets(rng)
    received = sorted(_received(rng) for _ in range(CASES))
    out: list[dict[str, object]] = []
    for i, (residence, method, consulter, status) in enumerate(zip(*columns, strict=True)):
        opened = received[i]
        row: dict[str, object] = {
            "No.": i + 1,
            "受付日": opened,
            "相談方法": method,
            "相談種別": consulter,
            "相談者所属": ORGANISATIONS[i % len(ORGANISATIONS)] if consulter == "支援者" else "",
            "市町村": residence,
            "主訴": "、".join(topic_sets[i]),
            "状況": status,
            "完了日": _status_date(rng, status, opened, i),
            "メモ": "架空データ" if i % 5 == 0 else "",
        }
        row.update(_child_cells(i))
        out.append(row)
    return out


def _status_date(rng: random.Random, status: str, opened: date, i: int) -> date | None:
    if status == "継続" or (status == "完了" and i % 4 == 0):
        return None  # a 完了 row without a date is closed on the day it was received
    return min(FY_END, opened + timedelta(days=rng.randrange(0, 90)))


def _child_cells(i: int) -> dict[str, object]:
    blank = {"児童氏名": "", "ふりがな": "", "生年月日": None, "性別": "", "医療的ケア": ""}
    n = i // CHILD_EVERY
    if i % CHILD_EVERY or n > len(CHILDREN):
        return blank
    name, kana, birth, sex, care = CHILDREN[n % len(CHILDREN)]  # n == len: the first again
    return {"児童氏名": name, "ふりがな": kana, "生年月日": birth, "性別": sex, "医療的ケア": care}


# --- writers --------------------------------------------------------------------------------------


def _date_text(d: date, i: int) -> str:
    """Dates as offices type them: mostly 2023/04/01, sometimes in the era calendar."""
    if i % 7 == 3:
        return wareki(d)
    if i % 11 == 5:
        return wareki_short(d)
    return format_date(d)


def _cell(value: object, i: int, as_text: bool) -> object:
    if isinstance(value, date):
        return _date_text(value, i) if as_text or i % 7 == 3 else value
    if value is None or value == "":
        return None if not as_text else ""
    return value


def write_table(
    path: Path,
    headers: tuple[str, ...] | list[str],
    table: list[dict[str, object]],
    encoding: str = "utf-8-sig",
) -> Path:
    """Write rows (dicts by header) as .xlsx (date cells stay dates) or .csv in `encoding`."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(list(headers))
        for i, row in enumerate(table):
            ws.append([_cell(row.get(h), i, as_text=False) for h in headers])
        wb.save(path)
        return path
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)  # Excel's CSV: comma, CRLF
        writer.writerow(headers)
        for i, row in enumerate(table):
            writer.writerow([_cell(row.get(h), i, as_text=True) for h in headers])
    return path


def write_xlsx(folder: Path, name: str = "相談記録_R5.xlsx") -> Path:
    return write_table(folder / name, HEADERS, rows())


def write_csv(folder: Path, encoding: str = "cp932", name: str | None = None) -> Path:
    """`encoding` cp932 (Excel's 'CSV') or utf-8-sig (Excel's 'CSV UTF-8')."""
    return write_table(folder / (name or f"相談記録_R5_{encoding}.csv"), HEADERS, rows(), encoding)


def label_counts() -> dict[str, Counter[str]]:
    """The labels' totals in the rows, for checking the generator itself."""
    table = rows()
    topics = Counter(t for r in table for t in _split_topics(str(r["主訴"])))
    return {
        "市町村": Counter(str(r["市町村"]) for r in table),
        "相談方法": Counter(str(r["相談方法"]) for r in table),
        "相談種別": Counter(str(r["相談種別"]) for r in table),
        "状況": Counter(str(r["状況"]) for r in table),
        "主訴": topics,
    }


def _split_topics(cell: str) -> list[str]:
    # The generator's own join, undone by matching whole labels (not the importer's splitter).
    found, rest = [], cell
    while rest:
        label = next(lab for lab in TOPIC_LABELS if rest.startswith(lab))
        found.append(label)
        rest = rest[len(label) :].removeprefix("、")
    return found
