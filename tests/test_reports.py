"""Printed documents: read back with pypdf, every field in order, fonts embedded as subsets."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import BadInput, NoConsentToPrint, NotFound
from mccdesk.reports.layout.fonts import CID_FALLBACK, FALLBACK, markup, missing_characters
from mccdesk.reports.recovery_key_sheet import RecoveryKeySheet
from mccdesk.reports.referral_data import addressee
from mccdesk.reports.referral_sheet import ReferralSheet, referral_sheet_data
from tests.support.referrals import make_referral

ON = date(2024, 10, 1)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    """Extracted text without the spaces and line breaks the layout adds."""
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str, fields: list[str]) -> None:
    flat, at = squeeze(text), 0
    for field in fields:
        found = flat.find(squeeze(field), at)
        assert found >= 0, f"{field!r} not found after position {at}"
        at = found + len(squeeze(field))


def fonts_of(pdf: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded FontFile2) for every font used on every page."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(font["/BaseFont"])] = "/FontFile2" in desc
    return sorted(found.items())


def sheet(book: CaseBook, referral_id: int, **kw: object) -> bytes:
    return ReferralSheet(referral_sheet_data(book, referral_id, on=ON, **kw)).generate()  # type: ignore[arg-type]


def test_referral_sheet_prints_every_field_in_order(book: CaseBook) -> None:
    pdf = sheet(book, make_referral(book))
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert_in_order(
        text,
        [
            "令和6年10月1日",
            "診療情報・支援情報提供書（紹介状）",
            "よこすか訪問看護ステーション",
            "地域連携室",
            "青木 一郎　様",
            "テスト圏域ブランチ",
            "担当　試験 花子",
            "かながわ ひな",
            "神奈川 陽菜",
            "令和3年5月3日（3歳）",
            "女",
            "横須賀市本町1-2-3",
            "母　神奈川 恵",
            "090-0000-2222",
            "046-000-1111",
            "□　人工呼吸（TPPV）",
            "■　気管切開",
            "■　吸引",
            "うみかぜ小児医療センター",
            "藤井　医師",
            "退院後の訪問看護の導入について",
            "週3回の訪問看護の受け入れ可否",
            "退院後の訪問看護を調整中。",
            "神奈川 恵 様より 令和6年9月1日 に",
            "氏名・生年月日・住所、保護者・連絡先、医療的ケア・医療機関、相談の経過",
            "以上",
        ],
    )
    assert "機密" in text and re.search(r"1 / \d", text)
    assert "デモ" not in text


def test_every_care_type_listed_once(book: CaseBook) -> None:
    text = squeeze(text_of(sheet(book, make_referral(book))))
    for term in book.ref.care_types:
        mark = "■" if term.code in ("tracheostomy", "suction") else "□"
        assert f"{mark}{squeeze(term.ja)}" in text


def test_fonts_are_embedded_subsets(book: CaseBook) -> None:
    fonts = fonts_of(sheet(book, make_referral(book)))
    assert fonts, "no fonts found"
    for name, embedded in fonts:
        assert embedded, f"{name} is not embedded"
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{name} has no subset prefix"


def test_addressee_without_person_is_onchu(book: CaseBook) -> None:
    text = text_of(sheet(book, make_referral(book, person="")))
    assert "地域連携室御中" in squeeze(text)
    assert "様" not in text.split("御中")[0]


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("鈴木（担当）", "鈴木　様"),  # what the demo book used to hold: never 「鈴木（担当） 様」
        ("鈴木 様（ご担当）", "鈴木　様"),
        ("担当：鈴木", "鈴木　様"),
        ("青木一郎様", "青木一郎　様"),  # an honorific typed in is not doubled
        ("担当者様", "ご担当者　様"),  # only a role, no name
        ("藤井先生", "藤井　先生"),
    ],
)
def test_addressee_person_stands_under_the_organisation(
    book: CaseBook, typed: str, printed: str
) -> None:
    text = text_of(sheet(book, make_referral(book, person=typed)))
    assert_in_order(
        text, ["よこすか訪問看護ステーション", "地域連携室", printed, "テスト圏域ブランチ"]
    )
    flat = squeeze(text)
    start = flat.index("診療情報・支援情報提供書（紹介状）")
    letterhead = flat[start : flat.index("担当試験花子", start)]  # addressee to sender
    assert "担当）" not in letterhead and "御中" not in letterhead
    assert letterhead.count("様") == (printed.endswith("様"))
    assert "様様" not in letterhead and "先生様" not in letterhead


def test_addressee_rule() -> None:
    assert addressee("") == ("", "御中") and addressee("　") == ("", "御中")
    assert addressee("鈴木(担当)") == ("鈴木", "様")
    assert addressee("ご担当") == ("ご担当者", "様")
    assert addressee("藤井 医師") == ("藤井", "先生")
    assert addressee("鈴木（看護師長）") == ("鈴木（看護師長）", "様")  # a title is kept


def test_no_consent_prints_nothing(book: CaseBook) -> None:
    rid = make_referral(book, scopes=None)
    with pytest.raises(NoConsentToPrint) as err:
        referral_sheet_data(book, rid, on=ON)
    assert isinstance(err.value, BadInput) and err.value.exit_code == 4
    assert "同意の記録" in err.value.message("ja")
    assert "陽菜" not in err.value.message("ja")


def test_consent_without_identity_or_before_consent_date_refuses(book: CaseBook) -> None:
    rid = make_referral(book, scopes=("family", "medical"))
    with pytest.raises(NoConsentToPrint):
        referral_sheet_data(book, rid, on=ON)
    full = make_referral(book)
    with pytest.raises(NoConsentToPrint):
        referral_sheet_data(book, full, on=date(2024, 8, 31))


def test_withdrawn_consent_refuses(book: CaseBook) -> None:
    rid = make_referral(book)
    child_id = book.case(book.referral(rid).case_id).child_id
    assert child_id is not None
    child = book.child(child_id)
    assert child.consent is not None
    withdrawn = replace(child.consent, withdrawn_on=date(2024, 9, 30))
    fields = {f: getattr(child, f) for f in d.ChildDraft.__dataclass_fields__}
    book.update_child(child_id, d.ChildDraft(**{**fields, "consent": withdrawn}))
    with pytest.raises(NoConsentToPrint) as err:
        referral_sheet_data(book, rid, on=ON)
    assert "撤回" in err.value.message("ja")


def test_unknown_referral_is_not_found(book: CaseBook) -> None:
    with pytest.raises(NotFound):
        referral_sheet_data(book, 9999, on=ON)


def test_only_what_consent_covers_is_printed(book: CaseBook) -> None:
    text = text_of(sheet(book, make_referral(book, scopes=("identity",))))
    assert "神奈川 陽菜" in text
    for hidden in ("気管切開", "吸引", "うみかぜ", "藤井", "090-0000-2222", "046-000-1111"):
        assert hidden not in text
    assert "退院後の訪問看護を調整中" not in text
    assert "同意の範囲外のため記載していない事項" in text


def test_background_argument_replaces_case_note(book: CaseBook) -> None:
    text = text_of(sheet(book, make_referral(book), background="編集した経過です。"))
    assert "編集した経過です。" in text
    assert "調整中" not in text


def test_long_background_flows_to_a_second_page_without_losing_a_line(book: CaseBook) -> None:
    note = "\n".join(f"経過{n:03d}　訪問看護の調整と保護者との面談を行った。" for n in range(1, 81))
    pdf = sheet(book, make_referral(book, note=note))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    text = text_of(pdf)
    assert_in_order(text, [f"経過{n:03d}" for n in range(1, 81)])
    assert f"1 / {len(pages)}" in text and f"{len(pages)} / {len(pages)}" in text
    later = pages[1].extract_text()
    assert "機密" in later and "テスト圏域ブランチ" in later


def test_user_markup_prints_as_typed(book: CaseBook) -> None:
    note = "<b>重要</b> & <font size=40>大</font>\n二行目"
    text = text_of(sheet(book, make_referral(book, note=note)))
    assert "<b>重要</b> & <font size=40>大</font>" in text
    assert_in_order(text, ["<font size=40>大</font>", "二行目"])


@pytest.mark.parametrize(("family", "given"), [("髙橋", "﨑子"), ("𠮷田", "葵")])
def test_rare_name_characters_print(book: CaseBook, family: str, given: str) -> None:
    pdf = sheet(book, make_referral(book, family=family, given=given))
    assert f"{family} {given}" in text_of(pdf)
    for _, embedded in fonts_of(pdf):
        assert embedded


def test_markup_uses_fallback_fonts() -> None:
    assert markup("a<b>&") == "a&lt;b&gt;&amp;"
    assert markup("一\n二") == "一<br/>二"
    assert f'<font name="{FALLBACK}">𠮷</font>' in markup("𠮷田")
    assert missing_characters("髙﨑𠮷田") == ""
    # A BMP character in no bundled font goes to the (non-embedded) CID font.
    rare = next(chr(c) for c in range(0x3400, 0x4DC0) if missing_characters(chr(c)))
    assert CID_FALLBACK in markup(rare)


def test_demo_book_is_marked(book: CaseBook) -> None:
    data = replace(referral_sheet_data(book, make_referral(book), on=ON), demo=True)
    text = text_of(ReferralSheet(data).generate())
    assert "デモ（架空の人物）" in text


def test_recovery_key_sheet() -> None:
    key = "-".join(f"{n:06d}" for n in range(100001, 100017))
    pdf = RecoveryKeySheet("テスト圏域ブランチ", "BOOK-123", key, ON, "1234-5678").generate()
    text = text_of(pdf)
    assert_in_order(
        text,
        [
            "令和6年10月1日",
            "回復キー",
            "テスト圏域ブランチ",
            "BOOK-123",
            "鍵ID",
            "1234-5678",
            *key.split("-"),
            "mccdesk unlock",
            "誰でもケースブックの中身",
        ],
    )
    assert "機密" in text and "--recovery-key" not in text  # never on a command line
    assert "更新前に作ったバックアップはこのシートで開きます" in text.replace("\n", "")
    for name, embedded in fonts_of(pdf):
        assert embedded, name
