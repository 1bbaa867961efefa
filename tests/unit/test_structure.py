"""The community's structure: member kinds, memberships, council seats, committees, groups."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label
from pedcommunity.model import (
    CareerStage,
    Committee,
    CommitteeKind,
    CommunityMembership,
    CoordinatingCentre,
    CouncilRole,
    CouncilSeat,
    MemberKind,
    Partner,
    PartnerKind,
    ProjectGroup,
)

D = date(2025, 9, 1)


@pytest.mark.parametrize(
    "enum_type", [MemberKind, CouncilRole, CommitteeKind, PartnerKind], ids=lambda e: e.__name__
)
def test_every_member_has_a_russian_and_an_english_label(enum_type: type) -> None:
    """Every kind, role and committee has its own label in both languages."""
    labels = [m.label for m in enum_type]  # type: ignore[attr-defined]
    assert all(isinstance(x, Label) and x.ru and x.en for x in labels)
    assert len({x.ru for x in labels}) == len(labels)
    assert len({x.en for x in labels}) == len(labels)


def test_member_kinds_are_the_three_of_seed_001() -> None:
    """Experienced teachers, early-career teachers and student teachers, from career stages."""
    assert [k.value for k in MemberKind] == [
        "experienced_teacher",
        "early_career_teacher",
        "student_teacher",
    ]
    assert {MemberKind.from_career_stage(s) for s in CareerStage} == set(MemberKind)
    assert MemberKind.EARLY_CAREER_TEACHER.label.ru == "Молодой специалист"


def test_membership_is_active_from_joined_up_to_left() -> None:
    """A member counts from the day they join to the day before they leave."""
    m = CommunityMembership(
        teacher_id="t1", kind=MemberKind.STUDENT_TEACHER, joined=D, left=date(2025, 12, 1)
    )
    assert not m.active_on(date(2025, 8, 31))
    assert m.active_on(D) and m.active_on(date(2025, 11, 30))
    assert not m.active_on(date(2025, 12, 1))
    assert not m.is_current
    assert CommunityMembership(
        teacher_id="t1", kind=MemberKind.STUDENT_TEACHER, joined=D
    ).is_current


def test_membership_may_end_on_the_day_it_began_but_not_before() -> None:
    """left >= joined; a one-day-zero membership is allowed, a backwards one is not."""
    same = CommunityMembership(teacher_id="t", kind=MemberKind.STUDENT_TEACHER, joined=D, left=D)
    assert not same.active_on(D)
    with pytest.raises(ValueError, match="must not be before joined"):
        CommunityMembership(
            teacher_id="t", kind=MemberKind.STUDENT_TEACHER, joined=D, left=date(2025, 8, 31)
        )


def test_a_datetime_is_not_a_date() -> None:
    """Days are calendar dates: a datetime (with a time of day) is refused."""
    with pytest.raises(ValueError, match="must be a date"):
        CommunityMembership(
            teacher_id="t",
            kind=MemberKind.STUDENT_TEACHER,
            joined=datetime(2025, 9, 1, 10, 0),
        )


def test_direction_leads_name_their_direction_and_only_they_do() -> None:
    """A direction lead needs a committee; a chair must not have one."""
    seat = CouncilSeat(
        teacher_id="t1", role=CouncilRole.DIRECTION_LEAD, direction=CommitteeKind.EVENTS
    )
    assert seat.title == Label(
        ru="Руководитель направления: Организация мероприятий", en="Direction lead: Events"
    )
    assert CouncilSeat(teacher_id="t1", role=CouncilRole.TREASURER).title.en == "Treasurer"
    with pytest.raises(ValueError, match="direction must name"):
        CouncilSeat(teacher_id="t1", role=CouncilRole.DIRECTION_LEAD)
    with pytest.raises(ValueError, match="only for direction leads"):
        CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR, direction=CommitteeKind.EVENTS)


def test_committee_lead_is_one_of_its_members_or_vacant() -> None:
    """The lead is a member of the committee; None leaves the seat vacant."""
    assert Committee(kind=CommitteeKind.EVENTS, member_ids=("a",)).lead_id is None
    with pytest.raises(ValueError, match="must be one of the member_ids"):
        Committee(kind=CommitteeKind.EVENTS, member_ids=("a", "b"), lead_id="c")
    with pytest.raises(ValueError, match="must be one of the member_ids"):
        Committee(kind=CommitteeKind.EVENTS, lead_id="a")


def test_committee_members_are_unique() -> None:
    """Nobody is listed twice in a committee."""
    with pytest.raises(DuplicateId) as info:
        Committee(kind=CommitteeKind.METHODOLOGY, member_ids=("a", "a"))
    assert info.value.kind == "member"


def test_project_group_closes_after_it_was_formed() -> None:
    """A group is open until closed; it closes on or after the day it formed."""
    g = ProjectGroup(id="pg", task="Сборник", formed=D, member_ids=("a", "b"), lead_id="b")
    assert g.is_open
    closed = ProjectGroup(id="pg", task="Сборник", formed=D, closed=D, outcome="Издан")
    assert not closed.is_open
    with pytest.raises(ValueError, match="must not be before formed"):
        ProjectGroup(id="pg", task="Т", formed=D, closed=date(2025, 8, 1))
    with pytest.raises(ValueError, match="must be one of the member_ids"):
        ProjectGroup(id="pg", task="Т", formed=D, member_ids=("a",), lead_id="z")
    with pytest.raises(ValueError, match="non-empty"):
        ProjectGroup(id="pg", task="  ", formed=D)


def test_partners_and_centre() -> None:
    """Partners are of the four kinds of seed 000, and the media outlet it publishes in."""
    assert [k.value for k in PartnerKind] == [
        "university",
        "school",
        "authority",
        "business",
        "media",
    ]
    p = Partner(id="p", name="ТюмГУ", kind=PartnerKind.UNIVERSITY, since=D)
    assert p.organisation_id is None
    with pytest.raises(TypeError):
        Partner(id="p", name="ТюмГУ", kind="university", since=D)  # type: ignore[arg-type]
    c = CoordinatingCentre(id="c", name="ЦНППМ ПР")
    assert c.region is None
    with pytest.raises(ValueError, match="non-empty"):
        CoordinatingCentre(id="c", name="ЦНППМ", region="")


def test_json_reader_refuses_bad_structure_documents() -> None:
    """Dates are YYYY-MM-DD strings; a backwards membership is refused with a path."""
    from pedcommunity.adapters.json import from_dict, to_dict
    from pedcommunity.errors import InvalidData

    m = CommunityMembership(teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER, joined=D)
    doc = to_dict(m)
    assert doc["data"] == {
        "teacher_id": "t1",
        "kind": "experienced_teacher",
        "joined": "2025-09-01",
        "left": None,
    }
    assert from_dict(doc) == m
    for bad in ("2025-9-1", 20250901, "2025-09-01T10:00"):
        doc["data"]["joined"] = bad
        with pytest.raises(InvalidData) as info:
            from_dict(doc)
        assert info.value.path == "$.data.joined"
    doc["data"]["joined"] = "2025-09-01"
    doc["data"]["left"] = "2025-08-01"
    with pytest.raises(InvalidData, match="must not be before joined"):
        from_dict(doc)
