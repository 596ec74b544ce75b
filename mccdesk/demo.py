"""A demo case book full of synthetic people, for training and for trying mccdesk out.

Everything here is invented: names come from short lists of common names, addresses are in a
「デモ町」 that does not exist, phone numbers start with 000 and e-mail addresses end in
example.com. Every child's note starts with DEMO_MARK and the branch name says 架空. The book is
keyed with the published demo key, so it must never hold a real consultation.

The same seed and `today` always give the same book. Records go through the CaseBook services,
so they are validated and audited like anything a coordinator enters.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import AlreadyInitialised, MccdeskError
from mccdesk.periods import fiscal_year_of
from mccdesk.reference import OUTSIDE, UNKNOWN
from mccdesk.storage import book as book_file
from mccdesk.storage import keycheck

DEMO_MARK = "【デモ】架空の人物です。"
DEMO_BRANCH_ID = "DEMO"
DEMO_BRANCH_NAME = "デモ圏域ブランチ（架空）"
DEMO_AREA = "yokosuka-miura"

# --- invented names (common names only, none refers to anyone) -----------------------------------

FAMILY_NAMES = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("佐々木", "ササキ"), ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"),
    ("林", "ハヤシ"), ("清水", "シミズ"), ("森", "モリ"), ("池田", "イケダ"),
    ("橋本", "ハシモト"), ("石川", "イシカワ"), ("前田", "マエダ"), ("岡田", "オカダ"),
)  # fmt: skip
GIRLS = (
    ("陽菜", "ヒナ"), ("結衣", "ユイ"), ("葵", "アオイ"), ("さくら", "サクラ"), ("凛", "リン"),
    ("芽衣", "メイ"), ("美月", "ミツキ"), ("紬", "ツムギ"), ("心春", "コハル"), ("杏", "アン"),
    ("莉子", "リコ"), ("結菜", "ユイナ"), ("花", "ハナ"), ("七海", "ナナミ"),
)  # fmt: skip
BOYS = (
    ("蓮", "レン"), ("湊", "ミナト"), ("陽翔", "ハルト"), ("大和", "ヤマト"), ("悠真", "ユウマ"),
    ("蒼", "アオイ"), ("樹", "イツキ"), ("颯太", "ソウタ"), ("律", "リツ"), ("朝陽", "アサヒ"),
    ("陸", "リク"), ("健太", "ケンタ"), ("翔", "ショウ"), ("悠人", "ユウト"),
)  # fmt: skip
MOTHERS = (
    ("恵", "メグミ"), ("由美", "ユミ"), ("真由美", "マユミ"), ("彩", "アヤ"), ("美穂", "ミホ"),
    ("麻衣", "マイ"), ("智子", "トモコ"), ("綾香", "アヤカ"), ("久美子", "クミコ"),
)  # fmt: skip
FATHERS = (
    ("誠", "マコト"), ("健一", "ケンイチ"), ("大輔", "ダイスケ"), ("直樹", "ナオキ"),
    ("拓也", "タクヤ"), ("浩二", "コウジ"), ("修", "オサム"), ("亮", "リョウ"),
)  # fmt: skip
GRANDPARENTS = (("和子", "カズコ"), ("節子", "セツコ"), ("正雄", "マサオ"))
COORDINATORS = (
    ("見本 春香", "みほん はるか"),
    ("試行 健太", "しこう けんた"),
    ("仮野 美咲", "かりの みさき"),
)
DOCTORS = ("青木", "藤井", "西村", "福田", "太田", "三浦", "原田", "中島")

# --- weights (seed 003: phone ≫ LINE > other > e-mail; supporters 2:1 over families) -----------

CONTACT_METHODS = {
    "phone": 60,
    "line": 16,
    "other": 5,
    "walk_in": 4,
    "meeting": 3,
    "home_visit": 2,
    "email": 8,
    "fax": 2,
}
CONSULTERS = {"supporter": 62, "family": 31, "self": 2, "unknown": 5}
SUPPORTER_ORGS = {
    "medical": 34,
    "home_nursing": 20,
    "government": 20,
    "welfare": 12,
    "nursery_school": 10,
    "other": 4,
}
CARE_TYPES = {
    "tube_feeding": 30,
    "suction": 26,
    "tracheostomy": 14,
    "oxygen": 14,
    "ventilator_invasive": 8,
    "ventilator_noninvasive": 5,
    "cpap": 3,
    "bedridden": 8,
    "self_catheterisation": 6,
    "parenteral_nutrition": 3,
    "elemental_diet": 2,
    "peritoneal_dialysis": 1,
    "other": 3,
}
AGE_WEIGHTS = (10, 9, 8, 7, 7, 7, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2)  # ages 0 … 18
ACTIVITY_KINDS = {
    "consultation": 26,
    "coordination": 24,
    "information": 12,
    "monitoring": 10,
    "home_visit": 7,
    "case_meeting": 7,
    "accompany": 4,
    "supporter_advice": 6,
    "referral": 3,
    "other": 1,
}
ACTIVITY_METHOD = {
    "consultation": "phone",
    "coordination": "phone",
    "information": "email",
    "monitoring": "phone",
    "home_visit": "home_visit",
    "case_meeting": "meeting",
    "accompany": "other",
    "supporter_advice": "phone",
    "referral": "phone",
    "other": "other",
}
ACTIVITY_NOTES = {
    "consultation": ("保護者から近況と困りごとを聴取。", "支援者から受入れについて相談。"),
    "coordination": ("訪問看護ステーションと訪問回数を調整。", "市町村担当課とサービス調整。"),
    "information": ("利用できる制度の資料を送付。", "短期入所の空き状況を情報提供。"),
    "monitoring": ("その後の様子を電話で確認。", "在宅生活が安定していることを確認。"),
    "home_visit": ("自宅を訪問し生活状況を確認。",),
    "case_meeting": ("退院前カンファレンスに参加。", "関係機関によるケース会議に参加。"),
    "accompany": ("保護者の学校見学に同行。",),
    "supporter_advice": ("保育園看護師へ吸引の受入れ体制について助言。",),
    "referral": ("相談支援事業所につなぐ。",),
    "other": ("記録のみ。",),
}

# Resources: (kind, name, care types it accepts; None = every care type).
_BASIC = ("tube_feeding", "suction", "oxygen", "self_catheterisation")
_NURSING = (*_BASIC, "tracheostomy", "ventilator_invasive", "ventilator_noninvasive", "cpap")
RESOURCES: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("hospital", "みなと丘こども医療センター", None),
    ("hospital", "しおかぜ総合病院 小児科", None),
    ("hospital", "わかば台病院", (*_NURSING, "bedridden", "parenteral_nutrition")),
    ("clinic", "ひだまり在宅クリニック", (*_NURSING, "bedridden", "parenteral_nutrition")),
    ("clinic", "うみべ小児科・訪問診療", (*_BASIC, "tracheostomy", "elemental_diet")),
    ("home_nursing", "訪問看護ステーションあおば", (*_NURSING, "bedridden")),
    ("home_nursing", "訪問看護ステーションかもめ", _NURSING),
    ("home_nursing", "こども訪問看護そよかぜ", (*_NURSING, "bedridden", "peritoneal_dialysis")),
    ("home_nursing", "訪問看護ステーションみさき", (*_BASIC, "tracheostomy")),
    ("home_rehab", "ふれあい訪問リハビリ", None),
    ("pharmacy", "こもれび薬局（訪問対応）", ("parenteral_nutrition", "elemental_diet", "oxygen")),
    ("home_help", "ヘルパーステーションつばさ", ("tube_feeding", "suction")),
    ("counselling_office", "相談支援事業所ともしび", None),
    ("counselling_office", "相談支援センターいろどり", None),
    ("child_development_centre", "児童発達支援センターにじいろ", ("tube_feeding", "suction")),
    ("child_development_centre", "重心児デイ ぽかぽか", (*_NURSING, "bedridden")),
    ("after_school_day", "放課後等デイサービス きらり", _BASIC),
    ("after_school_day", "放課後デイ すまいる", (*_BASIC, "tracheostomy")),
    ("short_stay", "短期入所 ゆりかご", (*_NURSING, "bedridden")),
    ("short_stay", "療育センターあさひ 短期入所", None),
    ("nursery", "ひまわり保育園", ("tube_feeding", "suction")),
    ("school", "デモ特別支援学校", (*_BASIC, "tracheostomy", "bedridden")),
    ("school", "うみかぜ特別支援学校", _BASIC),
    ("health_centre", "デモ保健福祉事務所", None),
    ("municipal_office", "デモ市 障害福祉課", None),
    ("child_guidance", "デモ児童相談所", None),
    ("family_association", "医療的ケア児の家族会「つむぎ」", None),
)
# Which kinds of resource a topic tends to be referred to.
TOPIC_RESOURCES = {
    "discharge_home": ("home_nursing", "clinic", "counselling_office"),
    "discharge_facility": ("short_stay", "hospital"),
    "home_life": ("home_nursing", "clinic", "home_rehab", "pharmacy", "home_help"),
    "respite": ("short_stay",),
    "welfare_counselling": ("counselling_office",),
    "welfare_community": ("home_help", "counselling_office"),
    "welfare_other": ("municipal_office",),
    "systems": ("municipal_office", "health_centre"),
    "child_development": ("child_development_centre",),
    "nursery_entry": ("nursery", "municipal_office"),
    "school_entry": ("school",),
    "middle_school": ("school",),
    "high_school": ("school",),
    "school_life": ("school",),
    "commute": ("municipal_office", "home_help"),
    "after_school": ("after_school_day",),
    "other": ("family_association", "health_centre"),
}
LOCAL_ISSUES = (
    (
        "圏域内で人工呼吸器を使う子どもを受け入れる短期入所が不足している",
        "respite",
        "reported",
    ),
    ("特別支援学校への通学手段（医療的ケアのある子の送迎）がない", "commute", "open"),
    ("保育園の看護師確保が難しく、入園を待つ家庭がある", "nursery_entry", "open"),
)


@dataclass
class _Kid:
    child: d.Child
    age: int


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _sample(rng: random.Random, weights: dict[str, int], k: int) -> tuple[str, ...]:
    chosen: list[str] = []
    while len(chosen) < k:
        code = _pick(rng, weights)
        if code not in chosen:
            chosen.append(code)
    return tuple(chosen)


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _phone(rng: random.Random) -> str:
    return f"000-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"  # never a real number


class _Builder:
    def __init__(self, book: CaseBook, rng: random.Random, today: date) -> None:
        self.book, self.rng, self.today = book, rng, today
        self.ref = book.ref
        area = self.ref.area(book.info().area)
        self.home = area.municipalities
        self.elsewhere = tuple(m for m in self.ref.municipalities.codes if m not in self.home)
        self.start = date(fiscal_year_of(today) - 1, 4, 1)  # the last two fiscal years
        self.coordinators: list[d.Coordinator] = []
        self.resources: list[d.Resource] = []

    # --- people and places ------------------------------------------------------------------------

    def coordinators_(self) -> None:
        self.coordinators = [self.book.add_coordinator(n, k) for n, k in COORDINATORS]
        self.book.use_coordinator(self.coordinators[0].id)

    def act_as_someone(self) -> None:
        self.book.coordinator_id = self.rng.choice(self.coordinators).id

    def residence(self) -> str:
        roll = self.rng.random()
        if roll < 0.9:
            return self.rng.choice(self.home)
        if roll < 0.96:
            return self.rng.choice(self.elsewhere)
        return OUTSIDE if roll < 0.98 else UNKNOWN

    def address(self, residence: str) -> str:
        if residence in (OUTSIDE, UNKNOWN):
            return ""
        town = self.ref.municipalities.label(residence)
        r = self.rng
        return f"{town}デモ町{r.randint(1, 5)}丁目{r.randint(1, 30)}-{r.randint(1, 20)}"

    def resources_(self) -> None:
        r = self.rng
        chosen = [res for res in RESOURCES if res[0] in ("hospital", "home_nursing", "short_stay")]
        others = [res for res in RESOURCES if res not in chosen]
        chosen += r.sample(others, r.randint(22, len(RESOURCES)) - len(chosen))
        everything = self.ref.care_types.codes
        for kind, name, care in sorted(chosen, key=RESOURCES.index):
            self.act_as_someone()
            residence = r.choice(self.home)
            self.resources.append(
                self.book.add_resource(
                    d.ResourceDraft(
                        name=name,
                        kind=kind,
                        residence=residence,
                        department="小児科" if kind == "hospital" else "",
                        contact_person=r.choice(FAMILY_NAMES)[0],  # the sheet adds 様
                        phone=_phone(r),
                        fax=_phone(r) if r.random() < 0.6 else "",
                        email=f"contact{len(self.resources) + 1:02d}@example.com",
                        address=self.address(residence),
                        care_types=tuple(everything if care is None else care),
                        note="【デモ】架空の事業所です。",
                    )
                )
            )

    def child(self) -> _Kid:
        r = self.rng
        sex = r.choices(("female", "male", "unspecified"), weights=(47, 50, 3))[0]
        family, family_kana = r.choice(FAMILY_NAMES)
        given, given_kana = r.choice(GIRLS if sex == "female" else BOYS)
        age = r.choices(range(19), weights=AGE_WEIGHTS)[0]
        birth = self.today - timedelta(days=365 * age + r.randint(20, 360))
        residence = self.residence()
        address = self.address(residence)
        mother, mother_kana = r.choice(MOTHERS)
        guardians = [
            d.Guardian(
                f"{family} {mother}", f"{family_kana} {mother_kana}", "mother", _phone(r),
                f"parent{r.randint(100, 999)}@example.com" if r.random() < 0.5 else "", address,
            )
        ]  # fmt: skip
        if r.random() < 0.6:
            father, father_kana = r.choice(FATHERS)
            guardians.append(
                d.Guardian(f"{family} {father}", f"{family_kana} {father_kana}", "father",
                           _phone(r), "", address)
            )  # fmt: skip
        elif r.random() < 0.3:
            grand, grand_kana = r.choice(GRANDPARENTS)
            guardians.append(
                d.Guardian(f"{family} {grand}", f"{family_kana} {grand_kana}", "grandparent",
                           _phone(r), "", address)
            )  # fmt: skip
        consent = None
        if r.random() < 0.85:
            scopes = self.ref.consent_scopes.codes
            consent = d.Consent(
                consented_on=_day_between(r, max(birth, self.start), self.today),
                consenter=guardians[0].name,
                scopes=scopes if r.random() < 0.8 else scopes[:3],
            )
        hospital = r.choice([res for res in RESOURCES if res[0] == "hospital"])[1]
        draft = d.ChildDraft(
            family_name=family,
            given_name=given,
            family_kana=family_kana,
            given_kana=given_kana,
            birth_date=birth,
            sex=sex,
            residence=residence,
            address=address,
            phone=guardians[0].phone,
            hospital=hospital,
            doctor=f"{r.choice(DOCTORS)} 医師",
            care_types=_sample(r, CARE_TYPES, r.choices((1, 2, 3), weights=(35, 45, 20))[0]),
            guardians=tuple(guardians),
            consent=consent,
            note=DEMO_MARK + r.choice(("", "きょうだいあり。", "母が主に介護。", "転居予定あり。")),
        )
        self.act_as_someone()
        return _Kid(self.book.add_child(draft), age)

    # --- cases ------------------------------------------------------------------------------------

    def topics(self, age: int | None) -> tuple[str, ...]:
        weights = {
            "discharge_home": 8,
            "discharge_facility": 1,
            "home_life": 12,
            "respite": 10,
            "welfare_counselling": 7,
            "welfare_community": 5,
            "welfare_other": 4,
            "systems": 6,
            "other": 6,
        }
        if age is None or age <= 2:
            weights["discharge_home"] += 10
        if age is None or age <= 6:
            weights |= {"child_development": 6, "nursery_entry": 5}
        if age is None or 4 <= age <= 7:
            weights["school_entry"] = 8
        if age is None or 6 <= age <= 17:
            weights |= {"school_life": 6, "after_school": 5, "commute": 4}
        if age is None or 10 <= age <= 13:
            weights["middle_school"] = 4
        if age is None or 13 <= age <= 16:
            weights["high_school"] = 4
        return _sample(self.rng, weights, self.rng.choices((1, 2, 3), weights=(45, 35, 20))[0])

    def plan_cases(self, kids: Sequence[_Kid]) -> list[tuple[_Kid | None, date]]:
        r = self.rng
        plans: list[tuple[_Kid | None, date]] = []
        for kid in kids:
            born = kid.child.birth_date or self.start
            for _ in range(r.choices((1, 2, 3), weights=(62, 28, 10))[0]):
                plans.append((kid, _day_between(r, max(born, self.start), self.today)))
        for _ in range(max(2, len(kids) // 6)):  # consultations with no identified child
            plans.append((None, _day_between(r, self.start, self.today)))
        plans.sort(key=lambda p: p[1])  # case numbers then run in date order
        return plans

    def case(self, kid: _Kid | None, opened: date) -> tuple[d.Case, date]:
        """Open a case and give it a status history; returns it and the day it went quiet."""
        r = self.rng
        consulter = _pick(r, CONSULTERS)
        if kid is None and consulter in ("family", "self"):
            consulter = "supporter"
        residence = kid.child.residence if kid else self.residence()
        self.act_as_someone()
        case = self.book.open_case(
            d.CaseDraft(
                opened_on=opened,
                contact_method=_pick(r, CONTACT_METHODS),
                consulter_type=consulter,
                residence=residence,
                topics=self.topics(kid.age if kid else None),
                supporter_organisation=(
                    _pick(r, SUPPORTER_ORGS) if consulter == "supporter" else None
                ),
                child_id=kid.child.id if kid else None,
                note="【デモ】架空の相談です。" if kid is None else "",
            )
        )
        # Older cases are more often settled: watched for a while, then closed.
        age_days = (self.today - opened).days
        end = self.today
        if r.random() < min(0.85, age_days / 300):
            if r.random() < 0.45:
                watch = opened + timedelta(days=r.randint(10, max(10, age_days // 2)))
                case = self.book.change_status(case.id, "watching", min(watch, self.today))
            else:
                watch = opened
            close = watch + timedelta(days=r.randint(7, 120))
            if close <= self.today:
                case = self.book.change_status(case.id, "closed", close)
                end = close
        elif age_days > 30 and r.random() < 0.35:
            watch = opened + timedelta(days=r.randint(14, age_days))
            case = self.book.change_status(case.id, "watching", min(watch, self.today))
        return case, end

    def activities(self, case: d.Case, end: date) -> None:
        r = self.rng
        if r.random() < 0.12:
            return
        for _ in range(r.choices((1, 2, 3, 4, 5), weights=(30, 30, 20, 12, 8))[0]):
            kind = _pick(r, ACTIVITY_KINDS)
            method = ACTIVITY_METHOD[kind]
            if method == "phone" and r.random() < 0.2:
                method = r.choice(("line", "email", "meeting"))
            self.book.record_activity(
                d.ActivityDraft(
                    case_id=case.id,
                    occurred_on=_day_between(r, case.opened_on, end),
                    kind=kind,
                    method=method,
                    minutes=r.choice((10, 15, 20, 30, 30, 45, 60, 90)),
                    note=r.choice(ACTIVITY_NOTES[kind]),
                )
            )

    def referral(self, case: d.Case, kid: _Kid, end: date) -> None:
        r = self.rng
        kinds = {k for t in case.topics for k in TOPIC_RESOURCES.get(t, ())}
        fits = [res for res in self.resources if res.kind in kinds] or self.resources
        res = r.choice(fits)
        on = _day_between(r, case.opened_on, end)
        referral = self.book.refer(
            d.ReferralDraft(
                case_id=case.id,
                resource_id=res.id,
                referred_on=on,
                purpose=f"{self.ref.resource_kinds.label(res.kind)}の利用について相談",
                requested_items="受入れの可否、利用開始の時期",
                consent_checked=kid.child.consent is not None,
            )
        )
        answered = on + timedelta(days=r.randint(3, 30))
        if answered > self.today or r.random() < 0.15:
            return  # still waiting for an answer
        status = r.choices(("accepted", "declined"), weights=(78, 22))[0]
        self.book.change_referral_status(referral.id, status, answered)
        done = answered + timedelta(days=r.randint(14, 90))
        if status == "accepted" and done <= self.today and r.random() < 0.6:
            self.book.change_referral_status(referral.id, "completed", done)

    def follow_up(self, case: d.Case, when: str) -> None:
        r, today = self.rng, self.today
        purpose = r.choice(("利用開始後の様子を確認", "退院後の生活を確認", "入学準備の進み具合"))
        if when == "overdue":
            due = today - timedelta(days=r.randint(1, 30))
        elif when == "this_week":
            due = today + timedelta(days=r.randint(0, 6))
        else:
            due = today + timedelta(days=r.randint(7, 90))
        if when == "overdue" and due < case.opened_on:
            due = case.opened_on
        if due >= today and when == "overdue":
            due = today + timedelta(days=r.randint(7, 30))  # opened today: nothing is late yet
        self.book.schedule_follow_up(d.FollowUpDraft(case.id, due, purpose))

    def done_follow_up(self, case: d.Case, end: date) -> None:
        r = self.rng
        due = _day_between(r, case.opened_on, end)
        fu = self.book.schedule_follow_up(d.FollowUpDraft(case.id, due, "経過の確認"))
        done = min(due + timedelta(days=r.randint(0, 5)), self.today)
        outcome = r.choice(
            ("安定して過ごしている。", "サービス利用が始まった。", "状況変わりなし。")
        )
        self.book.complete_follow_up(fu.id, done, outcome)

    def local_issues(self) -> None:
        for i, (title, topic, status) in enumerate(LOCAL_ISSUES):
            self.book.add_local_issue(
                d.LocalIssueDraft(
                    title=title,
                    raised_on=self.today - timedelta(days=40 + 75 * i),
                    topic=topic,
                    body="【デモ】架空の地域課題です。複数の相談から見えてきた課題。",
                    status=status,
                )
            )

    # --- all of it --------------------------------------------------------------------------------

    def build(self, children: int) -> None:
        r = self.rng
        self.coordinators_()
        self.resources_()
        kids = [self.child() for _ in range(children)]
        open_cases: list[d.Case] = []
        for kid, opened in self.plan_cases(kids):
            case, end = self.case(kid, opened)
            self.activities(case, end)
            if kid is not None and r.random() < 0.35:
                self.referral(case, kid, end)
            if r.random() < 0.3:
                self.done_follow_up(case, end)
            if case.status != "closed":
                open_cases.append(case)
        r.shuffle(open_cases)
        for i, case in enumerate(open_cases):
            share = i / len(open_cases)
            if share < 0.2:
                self.follow_up(case, "overdue")
            elif share < 0.35:
                self.follow_up(case, "this_week")
            elif share < 0.7:
                self.follow_up(case, "later")
        self.local_issues()


def _is_demo_keycheck(folder: Path) -> bool:
    check = keycheck.read(folder / book_file.KEYCHECK_FILE)
    return check is not None and check.matches(book_file.DEMO_KEY)


def _remove_demo_files(paths: book_file.BookPaths) -> None:
    for path in (paths.db, *paths.sidecars(), paths.keycheck):
        path.unlink(missing_ok=True)


def make_demo_book(
    folder: Path,
    *,
    children: int = 120,
    seed: int = 1,
    replace: bool = False,
    today: date | None = None,
) -> d.BookInfo | None:
    """Make a demo case book in `folder`; returns its info, or None if a demo book was kept.

    A real (non-demo) case book in `folder` is refused with AlreadyInitialised and left alone.
    An existing demo book is kept unless `replace`, then it is deleted and built again.
    """
    if children < 0:
        raise ValueError("children must not be negative")
    today = today or date.today()
    paths = book_file.BookPaths(folder)
    if paths.db.exists():
        try:
            existing = book_file.open_book(folder, None)  # opens demo books only
        except MccdeskError:
            raise AlreadyInitialised(path=str(paths.db)) from None
        existing.close()
        if not existing.demo:  # pragma: no cover - open_book(…, None) opens demo books only
            raise AlreadyInitialised(path=str(paths.db))
        if not replace:
            return None
        _remove_demo_files(paths)
    elif paths.keycheck.exists() and not _is_demo_keycheck(folder):
        raise AlreadyInitialised(path=str(paths.keycheck))  # a real book's key check: keep it

    book, _ = CaseBook.create(
        folder,
        branch_id=DEMO_BRANCH_ID,
        branch_name=DEMO_BRANCH_NAME,
        area=DEMO_AREA,
        keystore=None,
        today=today,
    )
    try:
        _Builder(book, random.Random(seed), today).build(children)
        info = book.info()
    except BaseException:
        book.close()
        _remove_demo_files(paths)  # never leave a half-built demo book behind
        raise
    book.close()
    return info
