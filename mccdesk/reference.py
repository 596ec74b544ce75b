"""The reference vocabularies: areas, municipalities, topics, contact methods, care types…

Loaded once from `resources/reference/*.toml` into typed, immutable objects. Every code stored in
the case book or sent in a summary is one of these codes; labels are only for people.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mccdesk.errors import InvalidValue
from mccdesk.resources import resources_dir

OUTSIDE = "outside"  # 県外
UNKNOWN = "unknown"  # 不明


@dataclass(frozen=True)
class Term:
    code: str
    ja: str
    en: str
    extra: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str = "ja") -> str:
        return self.ja if lang == "ja" else self.en


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms; the order is the order people see them in."""

    name: str
    terms: tuple[Term, ...]
    _by_code: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_text: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {t.code: t for t in self.terms}
        by_text: dict[str, str] = {}
        for t in self.terms:
            for text in (t.en, t.ja, t.code):  # later wins: a code beats a label that looks alike
                by_text[_fold(text)] = t.code
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_text", by_text)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def term(self, code: str) -> Term:
        return self._by_code[code]

    def label(self, code: str, lang: str = "ja") -> str:
        term = self._by_code.get(code)
        return term.label(lang) if term else code

    def lookup(self, text: str) -> str | None:
        """The code for a code or a Japanese/English label, ignoring width and case."""
        return self._by_text.get(_fold(text))

    def require(self, code: str, field_name: str) -> str:
        if code not in self._by_code:
            raise InvalidValue(field=field_name, reason=f"{code!r} (allowed: {self.allowed()})")
        return code

    def allowed(self, lang: str = "ja") -> str:
        return ", ".join(t.label(lang) for t in self.terms)


@dataclass(frozen=True)
class Area:
    code: str
    ja: str
    en: str
    municipalities: tuple[str, ...]

    def label(self, lang: str = "ja") -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Reference:
    prefecture_code: str
    prefecture_ja: str
    areas: tuple[Area, ...]
    municipalities: Vocabulary
    residences: Vocabulary  # municipalities, then 県外 and 不明
    contact_methods: Vocabulary
    consulter_types: Vocabulary
    supporter_organisations: Vocabulary
    topics: Vocabulary
    case_statuses: Vocabulary
    care_types: Vocabulary
    resource_kinds: Vocabulary
    age_bands: Vocabulary
    activity_kinds: Vocabulary
    referral_statuses: Vocabulary
    sexes: Vocabulary
    consent_scopes: Vocabulary
    guardian_relations: Vocabulary
    local_issue_statuses: Vocabulary

    def area(self, code: str) -> Area:
        for area in self.areas:
            if area.code == code:
                return area
        raise InvalidValue(field="area", reason=f"{code!r}")

    def area_of(self, residence: str) -> Area | None:
        for area in self.areas:
            if residence in area.municipalities:
                return area
        return None


def _vocab(name: str, table: dict[str, dict]) -> Vocabulary:
    terms = []
    for code, entry in table.items():
        extra = tuple((k, str(v)) for k, v in entry.items() if k not in ("ja", "en"))
        terms.append(Term(code, entry["ja"], entry.get("en", entry["ja"]), extra))
    return Vocabulary(name, tuple(terms))


def _municipality(code: str, name: str | dict[str, str]) -> Term:
    # Older packages give the Japanese name only; it then stands in English too.
    if isinstance(name, str):
        return Term(code, name, name)
    return Term(code, name["ja"], name.get("en", name["ja"]))


def load_reference(folder: Path | None = None) -> Reference:
    folder = folder or resources_dir() / "reference"
    with open(folder / "kanagawa.toml", "rb") as f:
        pref = tomllib.load(f)
    with open(folder / "casework.toml", "rb") as f:
        work = tomllib.load(f)
    areas = tuple(
        Area(a["code"], a["ja"], a["en"], tuple(a["municipalities"])) for a in pref["areas"]
    )
    # Municipalities in area order (as the prefecture's tables list them), codes as national codes.
    names: dict[str, str | dict[str, str]] = pref["municipalities"]
    ordered = [code for a in areas for code in a.municipalities]
    ordered += [code for code in names if code not in ordered]
    municipalities = Vocabulary(
        "municipalities", tuple(_municipality(c, names[c]) for c in ordered)
    )
    special = _vocab("special_residence", pref["special_residence"])
    residences = Vocabulary("residences", municipalities.terms + special.terms)
    age_bands = Vocabulary(
        "age_bands",
        tuple(
            Term(
                b["code"],
                b["ja"],
                b.get("en", b["code"]),
                (("max_age", str(b.get("max_age", ""))),),
            )
            for b in pref["age_bands"]
        ),
    )
    return Reference(
        prefecture_code=pref["prefecture"]["code"],
        prefecture_ja=pref["prefecture"]["name_ja"],
        areas=areas,
        municipalities=municipalities,
        residences=residences,
        contact_methods=_vocab("contact_methods", pref["contact_methods"]),
        consulter_types=_vocab("consulter_types", pref["consulter_types"]),
        supporter_organisations=_vocab("supporter_organisations", pref["supporter_organisations"]),
        topics=_vocab("topics", pref["topics"]),
        case_statuses=_vocab("case_statuses", pref["case_statuses"]),
        care_types=_vocab("care_types", pref["care_types"]),
        resource_kinds=_vocab("resource_kinds", pref["resource_kinds"]),
        age_bands=age_bands,
        activity_kinds=_vocab("activity_kinds", work["activity_kinds"]),
        referral_statuses=_vocab("referral_statuses", work["referral_statuses"]),
        sexes=_vocab("sexes", work["sexes"]),
        consent_scopes=_vocab("consent_scopes", work["consent_scopes"]),
        guardian_relations=_vocab("guardian_relations", work["guardian_relations"]),
        local_issue_statuses=_vocab("local_issue_statuses", work["local_issue_statuses"]),
    )


@functools.cache
def reference() -> Reference:
    """The bundled reference data, loaded once per process."""
    return load_reference()
