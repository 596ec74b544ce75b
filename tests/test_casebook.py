"""The services a coordinator relies on, on a real encrypted case book."""

from __future__ import annotations

from datetime import date

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import AlreadyCompleted, AlreadyRetired, InvalidValue, NotFound
from mccdesk.textnorm import search_key


def _child(book: CaseBook, **kw: object) -> d.Child:
    fields = {
        "family_name": "山田",
        "given_name": "太郎",
        "family_kana": "ヤマダ",
        "given_kana": "タロウ",
        "birth_date": date(2018, 5, 1),
        "sex": "male",
        "residence": "142018",
        "care_types": ("tube_feeding", "suction"),
    }
    return book.add_child(d.ChildDraft(**{**fields, **kw}))  # type: ignore[arg-type]


def _case(book: CaseBook, **kw: object) -> d.Case:
    fields = {
        "opened_on": date(2024, 5, 1),
        "contact_method": "phone",
        "consulter_type": "family",
        "residence": "142018",
        "topics": ("respite",),
    }
    return book.open_case(d.CaseDraft(**{**fields, **kw}))  # type: ignore[arg-type]


def test_case_numbers_run_per_fiscal_year(book: CaseBook) -> None:
    first = _case(book, opened_on=date(2024, 3, 31))
    second = _case(book, opened_on=date(2024, 4, 1))
    third = _case(book, opened_on=date(2025, 3, 31))
    assert (first.number, second.number, third.number) == ("2023-0001", "2024-0001", "2024-0002")


def test_a_case_may_have_no_child_and_records_who_opened_it(book: CaseBook) -> None:
    case = _case(book, consulter_type="supporter", supporter_organisation="medical")
    assert case.child_id is None and case.child_name == ""
    assert case.coordinator_id == book.coordinator_id


def test_unknown_codes_are_refused_before_anything_is_stored(book: CaseBook) -> None:
    with pytest.raises(InvalidValue, match="contact_method"):
        _case(book, contact_method="pigeon")
    with pytest.raises(InvalidValue, match="topics"):
        _case(book, topics=())
    with pytest.raises(InvalidValue, match="residence"):
        _child(book, residence="999999")
    assert book.cases() == [] and book.search_children("") == []


def test_status_on_any_past_date_comes_from_the_history(book: CaseBook) -> None:
    case = _case(book, opened_on=date(2023, 6, 1))
    book.change_status(case.id, "watching", date(2023, 12, 1))
    book.change_status(case.id, "closed", date(2024, 5, 1))
    assert book.status_on(date(2023, 5, 31)) == {}
    assert book.status_on(date(2023, 11, 30)) == {"ongoing": 1}
    assert book.status_on(date(2024, 3, 31)) == {"watching": 1}
    assert book.status_on(date(2024, 5, 1)) == {"closed": 1}
    assert book.case(case.id).status == "closed"


def test_search_finds_a_child_by_kana_in_either_script_and_width(book: CaseBook) -> None:
    child = _child(book)
    _child(book, family_name="佐藤", family_kana="サトウ", given_name="花", given_kana="ハナ")
    for query in ("やまだ", "ヤマダ", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田", "たろう"):
        assert [c.id for c in book.search_children(query)] == [child.id], query


def test_suggestions_put_resources_accepting_every_care_type_first(book: CaseBook) -> None:
    child = _child(book)  # Yokosuka, tube feeding and suction
    partial = book.add_resource(
        d.ResourceDraft("横須賀A訪看", "home_nursing", "142018", care_types=("suction",))
    )
    full_area = book.add_resource(
        d.ResourceDraft(
            "鎌倉B訪看", "home_nursing", "142042", care_types=("suction", "tube_feeding")
        )
    )
    full_town = book.add_resource(
        d.ResourceDraft(
            "横須賀C訪看", "home_nursing", "142018", care_types=("suction", "tube_feeding")
        )
    )
    book.add_resource(  # another area: not suggested
        d.ResourceDraft(
            "藤沢D訪看", "home_nursing", "142051", care_types=("suction", "tube_feeding")
        )
    )
    retired = book.add_resource(
        d.ResourceDraft(
            "横須賀E訪看", "home_nursing", "142018", care_types=("suction", "tube_feeding")
        )
    )
    book.retire_resource(retired.id, date(2024, 1, 1))
    order = [s.resource.id for s in book.suggest_resources(child.id)]
    assert order == [full_town.id, full_area.id, partial.id]
    assert book.suggest_resources(child.id)[-1].missing_care_types == ("tube_feeding",)


def test_follow_up_completed_with_the_next_one_in_one_step(book: CaseBook) -> None:
    case = _case(book)
    due = book.schedule_follow_up(d.FollowUpDraft(case.id, date(2024, 6, 1), "退院後の様子"))
    assert [f.id for f in book.overdue_follow_ups(date(2024, 6, 2))] == [due.id]
    done, nxt = book.complete_follow_up(due.id, date(2024, 6, 3), "安定", date(2024, 9, 1))
    assert done.done_on == date(2024, 6, 3) and nxt is not None
    assert book.overdue_follow_ups(date(2024, 6, 4)) == []
    assert [f.due_on for f in book.follow_ups(open_only=True)] == [date(2024, 9, 1)]


def test_deleting_an_activity_can_be_undone(book: CaseBook) -> None:
    case = _case(book)
    act = book.record_activity(d.ActivityDraft(case.id, date(2024, 5, 2), "home_visit", None, 60))
    book.delete_activity(act.id)
    assert book.activities(case.id) == []
    book.undo_delete_activity(act.id)
    assert [a.id for a in book.activities(case.id)] == [act.id]


def test_referral_status_changes_keep_their_dates(book: CaseBook) -> None:
    case = _case(book)
    res = book.add_resource(d.ResourceDraft("こども病院", "hospital", "142018"))
    ref = book.refer(d.ReferralDraft(case.id, res.id, date(2024, 5, 2), "受診調整"))
    ref = book.change_referral_status(ref.id, "accepted", date(2024, 5, 10))
    assert ref.status == "accepted"
    assert [(h.status, h.effective_on) for h in ref.history] == [
        ("requested", date(2024, 5, 2)),
        ("accepted", date(2024, 5, 10)),
    ]
    with pytest.raises(NotFound):
        book.refer(d.ReferralDraft(case.id, 999, date(2024, 5, 2)))


def test_every_change_is_audited_without_personal_data(book: CaseBook) -> None:
    child = _child(book)
    _case(book, child_id=child.id)
    events = book.store.audit_events()
    assert [(e.action, e.entity) for e in events[:2]] == [("create", "case"), ("create", "child")]
    assert all(e.coordinator_id == book.coordinator_id for e in events[:2])
    assert not any("山田" in e.detail or "ヤマダ" in e.detail for e in events)


def test_case_numbers_keep_counting_past_9999(book: CaseBook) -> None:
    from mccdesk.storage import schema as s

    with book.store._sessions.begin() as session:  # jump ahead without 9,999 inserts
        case = _case(book)
        session.get(s.Case, case.id).number = "2024-9999"
    assert _case(book).number == "2024-10000"
    assert _case(book).number == "2024-10001"


def test_a_follow_up_cannot_be_completed_twice(book: CaseBook) -> None:
    case = _case(book)
    due = book.schedule_follow_up(d.FollowUpDraft(case.id, date(2024, 6, 1), "退院後の様子"))
    book.complete_follow_up(due.id, date(2024, 6, 3), "安定", date(2024, 9, 1))
    with pytest.raises(AlreadyCompleted) as caught:  # e.g. a second PC with a stale list
        book.complete_follow_up(due.id, date(2024, 6, 5), "別の結果", date(2024, 7, 1))
    assert "2024/06/03" in caught.value.message("ja")
    kept = next(f for f in book.follow_ups() if f.id == due.id)
    assert (kept.done_on, kept.outcome) == (date(2024, 6, 3), "安定")
    assert [f.due_on for f in book.follow_ups(open_only=True)] == [date(2024, 9, 1)]


def test_a_retired_resource_cannot_be_retired_again(book: CaseBook) -> None:
    res = book.add_resource(d.ResourceDraft("横須賀A訪看", "home_nursing", "142018"))
    book.retire_resource(res.id, date(2024, 4, 1))
    with pytest.raises(AlreadyRetired) as caught:
        book.retire_resource(res.id, date(2024, 5, 1))
    assert "2024/04/01" in caught.value.message("ja")
    assert book.store.resource(res.id).retired_on == date(2024, 4, 1)
    book.reinstate_resource(res.id)  # and once reinstated it can be retired again
    assert book.retire_resource(res.id, date(2024, 6, 1)).retired_on == date(2024, 6, 1)


def test_a_coordinator_is_renamed_and_the_change_audited(book: CaseBook) -> None:
    other = book.add_coordinator("旧姓 一郎", "きゅうせい いちろう")
    renamed = book.rename_coordinator(other.id, " 新姓 一郎 ", "しんせい いちろう")
    assert (renamed.name, renamed.kana, renamed.active) == ("新姓 一郎", "しんせい いちろう", True)
    assert [c.name for c in book.coordinators() if c.id == other.id] == ["新姓 一郎"]
    event = book.store.audit_events(1)[0]
    assert (event.action, event.entity, event.entity_id, event.detail) == (
        "update",
        "coordinator",
        other.id,
        "name",
    )
    assert event.coordinator_id == book.coordinator_id
    with pytest.raises(InvalidValue):
        book.rename_coordinator(other.id, "  ")
    with pytest.raises(NotFound):
        book.rename_coordinator(999, "誰か")
    assert [c.name for c in book.coordinators() if c.id == other.id] == ["新姓 一郎"]


def test_child_search_returns_what_the_records_hold(book: CaseBook) -> None:
    """The fast Core search gives the same children, whole, as reading each one by id."""
    consent = d.Consent(date(2024, 4, 2), "母", ("identity", "medical"), "", None)
    made = [
        _child(book),
        _child(book, family_name="佐藤", family_kana="サトウ", given_name="花", given_kana="ハナ"),
        _child(
            book,
            family_name="山田",
            given_name="花子",
            family_kana="やまだ",
            given_kana="はなこ",
            guardians=(d.Guardian("山田 母", "ヤマダ ハハ", "mother", "045-000-0000"),),
            consent=consent,
        ),
        _child(book, family_name="ﾔﾏｼﾀ", given_name="", family_kana="ﾔﾏｼﾀ", given_kana=""),
    ]
    every = [book.child(c.id) for c in made]
    for query in ("", "やま", "ヤマダ", "ﾔﾏﾀﾞ", "ﾊﾅ", "はな", "山田", "やました", "ヤマシタ", "zz"):
        key = search_key(query)
        expected = sorted(
            (
                c
                for c in every
                if key in search_key(f"{c.family_name}{c.given_name} {c.family_kana}{c.given_kana}")
            ),
            key=lambda c: (c.family_kana, c.given_kana, c.id),
        )
        assert book.search_children(query) == expected, query
    assert len(book.search_children("", limit=2)) == 2
