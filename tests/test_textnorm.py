from __future__ import annotations

import pytest

from mccdesk.textnorm import contains, search_key


def test_katakana_hiragana_and_width_fold_to_one_key() -> None:
    key = search_key("やまだたろう")
    assert search_key("ヤマダ　タロウ") == key
    assert search_key("ﾔﾏﾀﾞ ﾀﾛｳ") == key  # half-width, dakuten composed by NFKC
    assert key == "やまだたろう"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("Ｓｍｉｔｈ John", "smithjohn"),
        ("ヴィヴァルディ", "ゔぃゔぁるでぃ"),
        ("ヽヾ", "ゝゞ"),
        ("ヵヶ", "ゕゖ"),
        ("ジョン・スミス", "じょんすみす"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "じょんすみす"),  # half-width middle dot
        ("ローラ", "ろーら"),  # the long vowel mark is kept
        (" 山田\t花子\u3000\n", "山田花子"),
        ("ＳＴＲＡẞＥ", "strasse"),  # casefold, not lower
    ],
)
def test_search_key(text: str, expected: str) -> None:
    assert search_key(text) == expected


def test_contains() -> None:
    key = search_key("山田 タロウ")
    assert contains(key, "ﾀﾛ")
    assert contains(key, "だ たろ") is False  # "だ" is not in the kanji part
    assert contains(key, "田た")
    assert contains(key, "")
    assert not contains(key, "はなこ")
