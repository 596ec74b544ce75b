"""The columns an import reads and the words a cell may use for each choice (see importer.py).

Lookups are remembered per text (a bounded memo): an office's sheet repeats a few dozen labels
over thousands of rows, and folding each cell again (NFKC, case, spaces) was a third of the time
of checking a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from mccdesk.reference import Reference, Vocabulary

# --- columns --------------------------------------------------------------------------------------

RECEIVED = "受付日"
METHOD = "相談方法"
CONSULTER = "相談種別"
ORGANISATION = "相談者所属"
RESIDENCE = "市町村"
TOPICS = "主訴"
STATUS = "状況"
STATUS_DATE = "完了日"
CHILD_NAME = "児童氏名"
CHILD_KANA = "ふりがな"
BIRTH_DATE = "生年月日"
SEX = "性別"
CARE = "医療的ケア"
NOTE = "メモ"

REQUIRED_COLUMNS = (RECEIVED, METHOD, CONSULTER, RESIDENCE, TOPICS, STATUS)
OPTIONAL_COLUMNS = (ORGANISATION, STATUS_DATE, CHILD_NAME, CHILD_KANA, BIRTH_DATE, SEX, CARE, NOTE)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Child details that mean nothing without the child's name (see _child).
CHILD_DETAIL_COLUMNS = (CHILD_KANA, BIRTH_DATE, CARE)

MEMO_SIZE = 10_000

# --- aliases --------------------------------------------------------------------------------------
# Besides codes and the reference labels (ja/en, any width or case), a cell may hold:
#  * a reference label with spaces anywhere, or with ケ/ヵ for ヶ (茅ケ崎市);
#  * a label without its bracketed part, when that leaves it unique (在宅生活, 制度, その他 as a
#    topic; 障害福祉サービス and 退院調整 stay ambiguous and are refused);
#  * a municipality without 市/町/村 (川崎, as seed 003 writes it) or its 5-digit code (no check
#    digit);
#  * the words below, which offices' own sheets and the prefecture's tables use. Kept small on
#    purpose: anything else is reported with the allowed values, never guessed.
CONTACT_ALIASES = {
    "その他（対面等）": "other",  # seed 003's column: face-to-face and anything not phone/LINE/mail
    "対面": "other",
    "対面等": "other",
    "TEL": "phone",
    "Eメール": "email",
    "ファックス": "fax",
    "ファクス": "fax",
}
CONSULTER_ALIASES = {"親": "family", "親族": "family", "家族": "family", "保護者": "family"}
ORGANISATION_ALIASES = {
    "病院": "medical",
    "診療所": "medical",
    "訪問看護ステーション": "home_nursing",
    "行政": "government",
    "市町村": "government",
    "児童相談所": "government",
    "保育園": "nursery_school",
    "学校": "nursery_school",
    "相談支援事業所": "welfare",
}
RESIDENCE_ALIASES = {"神奈川県外": "outside"}
TOPIC_ALIASES = {
    # The wording of seed 003's FY2023 table, which lists the school stages in the label.
    "学校生活に関すること（特支(小)・(小)普通級・(中)普通級・(中)支援級・特支(高)）": "school_life",
    "児童発達支援": "child_development",
    "入園": "nursery_entry",
    "就学": "school_entry",
    "学校生活": "school_life",
    "通学支援": "commute",
    "移動支援": "commute",
    "放課後デイ": "after_school",
    "放課後等デイサービス": "after_school",
}
STATUS_ALIASES = {"継続中": "ongoing", "対応中": "ongoing", "終了": "closed", "終結": "closed"}
SEX_ALIASES = {
    "女性": "female",
    "女児": "female",
    "男性": "male",
    "男児": "male",
    "F": "female",
    "M": "male",
}
CARE_ALIASES = {
    "TPPV": "ventilator_invasive",
    "NPPV": "ventilator_noninvasive",
    "在宅酸素": "oxygen",
    "酸素療法": "oxygen",
    "中心静脈栄養": "parenteral_nutrition",
    "胃ろう": "tube_feeding",
    "導尿": "self_catheterisation",
    "喀痰吸引": "suction",
}

_KE = str.maketrans({"ケ": "ヶ", "ヵ": "ヶ"})
_TRAILING_BRACKET = re.compile(r"\s*[（(][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]\s*$")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_KE)
    return "".join(ch for ch in folded if not ch.isspace())


@dataclass(frozen=True)
class Choices:
    """A vocabulary as a spreadsheet cell may name its terms (see the alias notes above)."""

    vocab: Vocabulary
    aliases: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)  # further key → code, already keyed
    _index: dict[str, str] = field(init=False, repr=False, compare=False)
    _memo: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        short: dict[str, set[str]] = {}
        for term in self.vocab:
            for label in (term.en, term.ja):
                stripped = _TRAILING_BRACKET.sub("", label)
                if stripped and stripped != label:
                    short.setdefault(_key(stripped), set()).add(term.code)
        index.update({k: next(iter(v)) for k, v in short.items() if len(v) == 1})
        index.update(self.extra)
        index.update({_key(alias): code for alias, code in self.aliases.items()})
        for term in self.vocab:  # full labels and codes win over anything shortened
            for text in (term.en, term.ja, term.code):
                index[_key(text)] = term.code
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_memo", {})

    def lookup(self, text: str) -> str | None:
        try:
            return self._memo[text]
        except KeyError:
            pass
        code = self.vocab.lookup(text) or self._index.get(_key(text))
        if len(self._memo) < MEMO_SIZE:  # a hostile sheet of distinct texts stays bounded
            self._memo[text] = code
        return code

    def allowed(self) -> str:
        return self.vocab.allowed("ja")


def _municipality_shortcuts(ref: Reference) -> dict[str, str]:
    """横須賀 → 横須賀市 and 14201 → 142018, when unambiguous."""
    found: dict[str, set[str]] = {}
    for term in ref.municipalities:
        if term.ja[-1] in "市町村":
            found.setdefault(_key(term.ja[:-1]), set()).add(term.code)
        found.setdefault(term.code[:5], set()).add(term.code)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@dataclass(frozen=True)
class Vocabularies:
    method: Choices
    consulter: Choices
    organisation: Choices
    residence: Choices
    topic: Choices
    status: Choices
    sex: Choices
    care: Choices

    @classmethod
    def of(cls, ref: Reference) -> Vocabularies:
        return cls(
            method=Choices(ref.contact_methods, CONTACT_ALIASES),
            consulter=Choices(ref.consulter_types, CONSULTER_ALIASES),
            organisation=Choices(ref.supporter_organisations, ORGANISATION_ALIASES),
            residence=Choices(ref.residences, RESIDENCE_ALIASES, _municipality_shortcuts(ref)),
            topic=Choices(ref.topics, TOPIC_ALIASES),
            status=Choices(ref.case_statuses, STATUS_ALIASES),
            sex=Choices(ref.sexes, SEX_ALIASES),
            care=Choices(ref.care_types, CARE_ALIASES),
        )


# --- cell lists -----------------------------------------------------------------------------------

_OPEN = "（(［[【「"
_CLOSE = "）)］]】」"
# Several topic labels hold 、 inside their brackets, so a list splits only outside brackets.
# Separators: ; and 、 as asked of offices, commas and line breaks (Alt+Enter) as they also type.
_SEPARATORS = frozenset(";；、,，\n")


def split_list(text: str) -> list[str]:
    """``"入園、その他（社会資源、家族支援）"`` → ``["入園", "その他（社会資源、家族支援）"]``."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_name(text: str) -> tuple[str, str]:
    """Family and given name at the first space (ASCII or full-width); no space → all family."""
    family, _, given = re.sub(r"[ \u3000]+", " ", text.strip()).partition(" ")
    return family, given
