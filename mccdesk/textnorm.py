"""Normalisation of names and kana for search-as-you-type.

A stored record keeps its name as typed; the search index stores ``search_key(name)`` next to it
and a query matches when ``search_key(query)`` is a substring of that key.
"""

from __future__ import annotations

import unicodedata

# Katakana ァ (U+30A1) .. ヶ (U+30F6) sit exactly 0x60 above hiragana ぁ .. ゖ; ヴ → ゔ falls in the
# range. ヽヾ (iteration marks) map to ゝゞ. ヷヸヹヺ have no hiragana form and are left alone.
_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_KATA_TO_HIRA.update({0x30FD: 0x309D, 0x30FE: 0x309E})

# People type names with or without spaces between family and given name, and with or without
# the middle dot used in foreign names; neither should stop a match. ー is meaningful and is kept.
_DROPPED = {"・"}


def search_key(text: str) -> str:
    """Fold ``text`` so that width, kana script, case and spacing do not matter.

    NFKC first: it folds half-width ｶﾀｶﾅ (composing ﾀﾞ into ダ) and full-width ＡＢＣ１２３.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_KATA_TO_HIRA)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _DROPPED)


def contains(haystack_key: str, query: str) -> bool:
    """True when ``query`` matches a key made by :func:`search_key` (an empty query matches)."""
    return search_key(query) in haystack_key
