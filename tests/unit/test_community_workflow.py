"""The community workflow: every trigger, every guard's refusal, vacated posts, replay, JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from tests.strategies_community import community_workflows

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import GuardFailed, InvalidData, InvalidTrigger
from pedcommunity.model import (
    SEED_PLAN_RULES,
    Committee,
    CommitteeKind,
    CommunityEvent,
    CoordinatingCentre,
    CouncilRole,
    CouncilSeat,
    EventKind,
    EventStatus,
    FeedbackResponse,
    MeetingFormat,
    MemberKind,
    MethodicalMaterial,
    Partner,
    PartnerKind,
    ProjectGroup,
    WorkPlan,
    compare_with_fact,
)
from pedcommunity.workflows import (
    COMMUNITY_LIFE,
    CommunityData,
    CommunityRules,
    Workflow,
    fire,
    replay,
    standard_definitions,
    start,
)

D0 = date(2025, 9, 1)
EX = MemberKind.EXPERIENCED_TEACHER
EC = MemberKind.EARLY_CAREER_TEACHER
ST = MemberKind.STUDENT_TEACHER
CONVERTER = make_converter()
#: The club's administrator (seed 004), who fires every trigger of these scripted lives.
ADMIN = "coordinator"


class Life:
    """Fires triggers one day apart at 18:00 UTC; ``today`` is the day of the next trigger."""

    def __init__(self, data: CommunityData | None = None) -> None:
        self.today = D0
        self.wf = start(
            COMMUNITY_LIFE,
            data or CommunityData(name="Профессиональный клуб", administrator_ids=(ADMIN,)),
            id="club",
            actor=ADMIN,
            at=self._at(),
        )

    def _at(self) -> datetime:
        return datetime.combine(self.today, time(18), tzinfo=UTC)

    def __call__(self, trigger: str, payload: Any = None, **fields: Any) -> None:
        fire(self.wf, trigger, payload, actor=ADMIN, at=self._at(), **fields)
        self.today += timedelta(days=1)

    def refused(self, error: type[Exception], trigger: str, **fields: Any) -> Any:
        before = (self.wf.state, self.wf.data, tuple(self.wf.events))
        with pytest.raises(error) as info:
            fire(self.wf, trigger, actor=ADMIN, at=self._at(), **fields)
        assert (self.wf.state, self.wf.data, tuple(self.wf.events)) == before
        return info.value

    def guard(self, trigger: str, **fields: Any) -> GuardFailed:
        err: GuardFailed = self.refused(GuardFailed, trigger, **fields)
        return err

    @property
    def data(self) -> CommunityData:
        return self.wf.data  # type: ignore[no-any-return]


def club(*members: tuple[str, MemberKind]) -> Life:
    life = Life()
    for tid, kind in members or (("a", EX), ("b", EC), ("c", ST), ("d", EC)):
        life("join", teacher_id=tid, kind=kind, on=life.today)
    return life


def planned(eid: str, kind: EventKind, day: date, **kw: Any) -> CommunityEvent:
    return CommunityEvent(id=eid, kind=kind, planned_on=day, topic="Тема", **kw)


def good_plan(pid: str = "plan") -> WorkPlan:
    """October 2025: a meeting, a seminar and the conference; meets the seeds' rules."""
    return WorkPlan(
        id=pid,
        title="План на октябрь",
        starts=date(2025, 10, 1),
        ends=date(2025, 10, 31),
        events=[
            planned(
                "oct-meeting", EventKind.MONTHLY_MEETING, date(2025, 10, 9), organiser_ids=("a",)
            ),
            planned("oct-seminar", EventKind.SEMINAR, date(2025, 10, 16), expert_ids=("x1",)),
            planned("conference", EventKind.ANNUAL_CONFERENCE, date(2025, 10, 30)),
        ],
    )


# -- the definition ---------------------------------------------------------------------------


def test_the_definition_is_registered_and_labelled() -> None:
    """community_life@1 is a standard definition; every trigger has ru and en labels."""
    assert "community_life@1" in standard_definitions()
    assert COMMUNITY_LIFE.initial == "active"
    assert COMMUNITY_LIFE.state("dissolved").final
    for t in COMMUNITY_LIFE.triggers:
        assert t.label.ru and t.label.en and t.payload is not None
    assert COMMUNITY_LIFE.triggers_from("dissolved") == ()


# -- members ----------------------------------------------------------------------------------


def test_join_and_leave_record_kinds_and_days() -> None:
    """Joins record the kind and day; a leave sets the day left; a return is a new membership."""
    life = club(("a", EX), ("b", EC))
    life("leave", teacher_id="b", on=date(2025, 9, 3), reason="Переезд")
    assert life.data.member_ids() == ("a",)
    assert life.data.is_member("b", on=date(2025, 9, 2))
    assert not life.data.is_member("b", on=date(2025, 9, 3))
    life("join", teacher_id="b", kind=EX, on=date(2025, 9, 4))
    b = [m for m in life.data.members if m.teacher_id == "b"]
    assert [(m.kind, m.joined, m.left) for m in b] == [
        (EC, date(2025, 9, 2), date(2025, 9, 3)),
        (EX, date(2025, 9, 4), None),
    ]
    assert [e.trigger for e in life.wf.events] == ["start", "join", "join", "leave", "join"]
    assert life.wf.events[2].payload.kind is EC


def test_join_refusals() -> None:
    """A current member cannot join again; a leaver rejoins on or after the day they left."""
    life = club(("a", EX))
    err = life.guard("join", teacher_id="a", kind=EX, on=life.today)
    assert err.guard == "not_member" and "member already (since 2025-09-01)" in err.reason
    life("leave", teacher_id="a", on=date(2025, 9, 2))
    err = life.guard("join", teacher_id="a", kind=EX, on=date(2025, 9, 1))
    assert err.guard == "rejoins_after_leaving" and "left on 2025-09-02" in err.reason


def test_records_are_never_for_the_future() -> None:
    """A payload's day may not be after the day of the event that records it."""
    life = club(("a", EX))
    err = life.guard("join", teacher_id="z", kind=EX, on=life.today + timedelta(days=1))
    assert err.guard == "not_future"
    assert "2025-09-03 is after the day of this record (2025-09-02)" in err.reason


def test_the_day_of_a_record_is_its_local_day() -> None:
    """At 01:00 Moscow time on 2 September (22:00 UTC on the 1st) facts of the 2nd are fine."""
    life = Life()
    at = datetime(2025, 9, 2, 1, 0, tzinfo=timezone(timedelta(hours=3)))
    fire(life.wf, "join", actor="a", at=at, teacher_id="a", kind=EX, on=date(2025, 9, 2))
    assert life.data.member_ids() == ("a",)
    utc = datetime(2025, 9, 1, 22, 0, tzinfo=UTC)  # the same instant, in UTC still the 1st
    assert utc == at
    with pytest.raises(GuardFailed) as info:
        fire(life.wf, "join", actor="b", at=utc, teacher_id="b", kind=EX, on=date(2025, 9, 2))
    assert info.value.guard == "not_future"


def test_leave_refusals() -> None:
    """Only a current member leaves, and not before they joined."""
    life = club(("a", EX))
    err = life.guard("leave", teacher_id="z", on=life.today)
    assert err.guard == "is_member" and "members: a" in err.reason
    err = life.guard("leave", teacher_id="a", on=date(2025, 8, 31))
    assert err.guard == "leaves_after_joining"


def test_bad_payloads_are_invalid_data() -> None:
    """Payloads are validated before any guard: a datetime day, a wrong kind, a bad id."""
    life = club(("a", EX))
    assert life.refused(InvalidData, "join", teacher_id="z", kind="guru", on=life.today)
    assert life.refused(
        InvalidData, "join", teacher_id="z", kind=EX, on=datetime(2025, 9, 2, tzinfo=UTC)
    )
    assert life.refused(InvalidData, "leave", teacher_id="", on=life.today)


# -- council ----------------------------------------------------------------------------------


def seat(tid: str, role: CouncilRole, direction: CommitteeKind | None = None) -> CouncilSeat:
    return CouncilSeat(teacher_id=tid, role=role, direction=direction)


def test_elect_council() -> None:
    """A council of current members with one chair is elected; a new election replaces it."""
    life = club()
    seats = [
        seat("a", CouncilRole.CHAIR),
        seat("b", CouncilRole.DEPUTY_CHAIR),
        seat("c", CouncilRole.TREASURER),
        seat("d", CouncilRole.DIRECTION_LEAD, CommitteeKind.EVENTS),
    ]
    life("elect_council", seats=seats, on=life.today)
    assert life.data.council == tuple(seats) and life.data.council_elected == date(2025, 9, 5)
    life("elect_council", seats=[seat("b", CouncilRole.CHAIR)], on=life.today)
    assert life.data.council == (seat("b", CouncilRole.CHAIR),)


@pytest.mark.parametrize(
    ("seats", "guard", "words"),
    [
        ([seat("z", CouncilRole.CHAIR)], "seats_for_members", "not members: z"),
        ([seat("a", CouncilRole.TREASURER)], "one_chair", "gives 0"),
        (
            [seat("a", CouncilRole.CHAIR), seat("b", CouncilRole.CHAIR)],
            "one_chair",
            "gives 2 (a, b)",
        ),
        (
            [
                seat("a", CouncilRole.CHAIR),
                seat("b", CouncilRole.TREASURER),
                seat("c", CouncilRole.TREASURER),
            ],
            "one_per_role",
            "'b' and 'c' are both elected treasurer",
        ),
        (
            [
                seat("a", CouncilRole.CHAIR),
                seat("b", CouncilRole.DIRECTION_LEAD, CommitteeKind.EVENTS),
                seat("c", CouncilRole.DIRECTION_LEAD, CommitteeKind.EVENTS),
            ],
            "one_per_role",
            "direction lead: events",
        ),
        (
            [seat("a", CouncilRole.CHAIR), seat("a", CouncilRole.TREASURER)],
            "one_seat_each",
            "'a' is given two",
        ),
    ],
)
def test_council_refusals(seats: list[CouncilSeat], guard: str, words: str) -> None:
    """Every council rule refuses with its guard and a reason naming who and what."""
    life = club()
    err = life.guard("elect_council", seats=seats, on=life.today)
    assert err.guard == guard and words in err.reason


def test_two_direction_leads_of_different_committees_are_fine() -> None:
    """One lead per direction, not one direction lead in all."""
    life = club()
    life(
        "elect_council",
        seats=[
            seat("a", CouncilRole.CHAIR),
            seat("b", CouncilRole.DIRECTION_LEAD, CommitteeKind.EVENTS),
            seat("c", CouncilRole.DIRECTION_LEAD, CommitteeKind.METHODOLOGY),
        ],
        on=life.today,
    )
    assert len(life.data.council) == 3


def test_a_member_who_leaves_loses_every_post() -> None:
    """Leaving vacates council seats, committee and group places and leads; others stay."""
    life = club()
    life(
        "elect_council",
        seats=[seat("a", CouncilRole.CHAIR), seat("b", CouncilRole.TREASURER)],
        on=life.today,
    )
    committee = Committee(kind=CommitteeKind.EVENTS, member_ids=("a", "b"), lead_id="a")
    life("form_committee", committee=committee, on=life.today)
    group = ProjectGroup(
        id="pg", task="Сборник", formed=life.today, member_ids=("a", "c"), lead_id="a"
    )
    life("form_project_group", group=group)
    done = ProjectGroup(id="old", task="Старое", formed=life.today, member_ids=("a",), lead_id="a")
    life("form_project_group", group=done)
    life("close_project_group", group_id="old", on=life.today)
    life("leave", teacher_id="a", on=life.today)
    d = life.data
    assert d.council == (seat("b", CouncilRole.TREASURER),)
    assert d.seats_of("a") == ()
    assert d.committee(CommitteeKind.EVENTS) == Committee(
        kind=CommitteeKind.EVENTS, member_ids=("b",)
    )
    assert d.group("pg") == ProjectGroup(
        id="pg", task="Сборник", formed=group.formed, member_ids=("c",)
    )
    # A closed group is history: it keeps the members it had.
    old = d.group("old")
    assert old is not None and old.member_ids == ("a",) and old.lead_id == "a"
    # The vacant lead is filled by reassigning the committee.
    life(
        "assign_committee_members",
        committee=Committee(kind=CommitteeKind.EVENTS, member_ids=("b", "c"), lead_id="c"),
        on=life.today,
    )
    committee_now = life.data.committee(CommitteeKind.EVENTS)
    assert committee_now is not None and committee_now.lead_id == "c"


# -- committees and groups --------------------------------------------------------------------


def test_committee_refusals() -> None:
    """Committees are formed once, reassigned after, and hold current members only."""
    life = club()
    events = Committee(kind=CommitteeKind.EVENTS, member_ids=("a",), lead_id="a")
    err = life.guard("assign_committee_members", committee=events, on=life.today)
    assert err.guard == "committee_formed" and "form it first (formed: none)" in err.reason
    stranger = Committee(kind=CommitteeKind.EVENTS, member_ids=("a", "z"))
    err = life.guard("form_committee", committee=stranger, on=life.today)
    assert err.guard == "committee_members_only" and "not members: z" in err.reason
    life("form_committee", committee=events, on=life.today)
    err = life.guard("form_committee", committee=events, on=life.today)
    assert err.guard == "committee_new" and "assign_committee_members" in err.reason
    err = life.guard("assign_committee_members", committee=stranger, on=life.today)
    assert err.guard == "committee_members_only"
    with pytest.raises(InvalidData):  # the lead is not a member: the Committee refuses it
        fire(
            life.wf,
            "form_committee",
            actor=ADMIN,
            at=datetime.combine(life.today, time(18), tzinfo=UTC),
            committee={"kind": "methodology", "member_ids": ("a",), "lead_id": "b"},
            on=life.today,
        )


def test_project_group_refusals() -> None:
    """Group ids are new, members current, a group closes once and not before it formed."""
    life = club()
    g = ProjectGroup(id="pg", task="Т", formed=life.today, member_ids=("a", "z"))
    err = life.guard("form_project_group", group=g)
    assert err.guard == "group_members_only" and "not members: z" in err.reason
    ok = ProjectGroup(id="pg", task="Т", formed=life.today, member_ids=("a",), initiative_id="i1")
    life("form_project_group", group=ok)
    assert life.guard("form_project_group", group=ok).guard == "group_new"
    err = life.guard("close_project_group", group_id="zz", on=life.today)
    assert err.guard == "group_open" and "groups: pg" in err.reason
    err = life.guard("close_project_group", group_id="pg", on=date(2025, 9, 1))
    assert err.guard == "closes_after_forming"
    life("close_project_group", group_id="pg", on=life.today, outcome="Сборник издан")
    closed = life.data.group("pg")
    assert closed is not None and closed.outcome == "Сборник издан" and not closed.is_open
    err = life.guard("close_project_group", group_id="pg", on=life.today)
    assert err.guard == "group_open" and "closed on" in err.reason
    closed_group = ProjectGroup(id="x", task="Т", formed=D0, closed=D0)
    assert life.refused(InvalidData, "form_project_group", group=closed_group)


def test_partners_and_the_centre() -> None:
    """Partners are added once; the centre is set and can be replaced."""
    life = club()
    p = Partner(id="tsu", name="ТюмГУ", kind=PartnerKind.UNIVERSITY, since=life.today)
    life("add_partner", partner=p)
    assert life.guard("add_partner", partner=p).guard == "partner_new"
    centre = CoordinatingCentre(id="c1", name="ЦНППМ ПР")
    life("set_coordinating_centre", centre=centre, on=life.today)
    other = CoordinatingCentre(id="c2", name="Новый центр")
    life("set_coordinating_centre", centre=other, on=life.today)
    assert life.data.partners == (p,) and life.data.coordinating_centre == other


# -- plans and events -------------------------------------------------------------------------


def test_adopting_a_plan_schedules_its_events() -> None:
    """The plan is kept and its events join the community's events, planned."""
    life = club()
    life("adopt_work_plan", plan=good_plan(), on=life.today)
    assert [p.id for p in life.data.work_plans] == ["plan"]
    assert [e.id for e in life.data.events] == ["oct-meeting", "oct-seminar", "conference"]
    assert all(e.status is EventStatus.PLANNED for e in life.data.events)


def test_plan_refusals() -> None:
    """Plan ids and event ids are new, organisers are members, the rules are met."""
    life = club()
    bad = WorkPlan(
        id="bad",
        title="Без конференции",
        starts=date(2025, 10, 1),
        ends=date(2025, 11, 30),
        events=[planned("s", EventKind.SEMINAR, date(2025, 10, 1))],
    )
    err = life.guard("adopt_work_plan", plan=bad, on=life.today)
    assert err.guard == "plan_meets_rules"
    assert err.reason == (
        "the plan breaks the community's plan rules: no event in November 2025; "
        "no annual conference in the plan year (October 2025 – November 2025)"
    )
    stranger = WorkPlan(
        id="p2",
        title="П",
        starts=date(2025, 10, 1),
        ends=date(2025, 10, 31),
        events=[planned("e", EventKind.MEETUP, date(2025, 10, 2), organiser_ids=("z",))],
    )
    err = life.guard("adopt_work_plan", plan=stranger, on=life.today)
    assert err.guard == "plan_organisers_members" and "not members: z" in err.reason
    life("adopt_work_plan", plan=good_plan(), on=life.today)
    assert life.guard("adopt_work_plan", plan=good_plan(), on=life.today).guard == "plan_new"
    err = life.guard("adopt_work_plan", plan=good_plan("again"), on=life.today)
    assert err.guard == "plan_events_new" and "conference, oct-meeting, oct-seminar" in err.reason


def test_plan_rules_are_configurable() -> None:
    """With enforcement off any valid plan is adopted; custom rules replace the seeds'."""
    bad = WorkPlan(id="bad", title="П", starts=date(2025, 10, 1), ends=date(2025, 10, 31))
    relaxed = Life(
        CommunityData(
            name="К", administrator_ids=(ADMIN,), rules=CommunityRules(enforce_plan_rules=False)
        )
    )
    relaxed("adopt_work_plan", plan=bad, on=relaxed.today)
    none = Life(
        CommunityData(name="К", administrator_ids=(ADMIN,), rules=CommunityRules(plan_rules=()))
    )
    none("adopt_work_plan", plan=bad, on=none.today)
    seeds = Life(
        CommunityData(
            name="К",
            administrator_ids=(ADMIN,),
            rules=CommunityRules(plan_rules=SEED_PLAN_RULES[:1]),
        )
    )
    assert seeds.guard("adopt_work_plan", plan=bad, on=seeds.today).guard == "plan_meets_rules"


def test_schedule_event_refusals() -> None:
    """Scheduled events are planned, with new ids and member organisers."""
    life = club()
    e = planned("meetup", EventKind.MEETUP, date(2025, 12, 1), organiser_ids=("a",))
    life("schedule_event", event=e)
    assert life.guard("schedule_event", event=e).guard == "event_new"
    other = planned("m2", EventKind.MEETUP, date(2025, 12, 1), organiser_ids=("z",))
    err = life.guard("schedule_event", event=other)
    assert err.guard == "organisers_members"
    cancelled = planned("m3", EventKind.MEETUP, D0, status=EventStatus.CANCELLED)
    assert life.refused(InvalidData, "schedule_event", event=cancelled)


def scheduled() -> Life:
    life = club()
    life("adopt_work_plan", plan=good_plan(), on=life.today)
    return life


def test_hold_event_records_attendance_and_format() -> None:
    """Members attend, guests come, the format may change; the day held is kept."""
    life = scheduled()
    life(
        "hold_event",
        event_id="oct-seminar",
        on=life.today,
        attendee_ids=("a", "b"),
        guest_ids=("x1", "colleague"),
        format=MeetingFormat.ONLINE,
    )
    e = life.data.event("oct-seminar")
    assert e is not None and e.is_held
    assert (e.held_on, e.attendee_ids, e.guest_ids, e.format) == (
        date(2025, 9, 6),
        ("a", "b"),
        ("x1", "colleague"),
        MeetingFormat.ONLINE,
    )
    kept = life.data.event("oct-meeting")
    assert kept is not None and kept.format is MeetingFormat.IN_PERSON


def test_hold_event_refusals() -> None:
    """Planned events only; attendees are members that day; guests are not; someone came."""
    life = scheduled()
    err = life.guard("hold_event", event_id="zz", on=life.today, attendee_ids=("a",))
    assert err.guard == "event_planned" and "planned events: oct-meeting" in err.reason
    err = life.guard("hold_event", event_id="oct-seminar", on=life.today, attendee_ids=("x1",))
    assert (
        err.guard == "attendees_members" and "list other people who came as guest_ids" in err.reason
    )
    # 'a' joined on 2025-09-01: on 2025-08-31 they were not a member.
    err = life.guard(
        "hold_event", event_id="oct-seminar", on=date(2025, 8, 31), attendee_ids=("a",)
    )
    assert err.guard == "attendees_members"
    err = life.guard("hold_event", event_id="oct-seminar", on=life.today, guest_ids=("b",))
    assert err.guard == "guests_not_members" and "list them as attendee_ids: b" in err.reason
    err = life.guard("hold_event", event_id="oct-seminar", on=life.today)
    assert err.guard == "has_participants"
    assert life.refused(
        InvalidData,
        "hold_event",
        event_id="oct-seminar",
        on=life.today,
        attendee_ids=("a",),
        guest_ids=("a",),
    )
    life("hold_event", event_id="oct-seminar", on=life.today, attendee_ids=("a",))
    err = life.guard("hold_event", event_id="oct-seminar", on=life.today, attendee_ids=("a",))
    assert err.guard == "event_planned" and "is held already" in err.reason


def test_a_former_member_attends_as_a_guest() -> None:
    """Attendance is checked on the day held: after leaving, a teacher comes as a guest."""
    life = scheduled()
    life("leave", teacher_id="d", on=life.today)
    err = life.guard("hold_event", event_id="oct-meeting", on=life.today, attendee_ids=("d",))
    assert err.guard == "attendees_members"
    life("hold_event", event_id="oct-meeting", on=life.today, guest_ids=("d",))
    # A meeting held before the leave, recorded afterwards, counts 'd' as a member.
    life("hold_event", event_id="oct-seminar", on=date(2025, 9, 5), attendee_ids=("d",))


def test_feedback() -> None:
    """Responses of attendees (named or anonymous) are added to a held event's feedback."""
    life = scheduled()
    err = life.guard(
        "record_feedback",
        event_id="oct-seminar",
        responses=[FeedbackResponse(comment="!")],
        on=life.today,
    )
    assert err.guard == "event_held" and "'oct-seminar' is planned" in err.reason
    life(
        "hold_event",
        event_id="oct-seminar",
        on=life.today,
        attendee_ids=("a", "b"),
        guest_ids=("x1",),
    )
    first = [
        FeedbackResponse(ratings={"useful": 5}, respondent_id="a"),
        FeedbackResponse(comment="Ok"),
    ]
    life("record_feedback", event_id="oct-seminar", responses=first, on=life.today)
    err = life.guard(
        "record_feedback",
        event_id="oct-seminar",
        responses=[FeedbackResponse(ratings={"useful": 2}, respondent_id="c")],
        on=life.today,
    )
    assert err.guard == "respondents_attended" and "did not attend: c" in err.reason
    err = life.guard(
        "record_feedback",
        event_id="oct-seminar",
        responses=[FeedbackResponse(ratings={"useful": 2}, respondent_id="a")],
        on=life.today,
    )
    assert err.guard == "respondents_once"
    err = life.guard(
        "record_feedback",
        event_id="oct-seminar",
        responses=[
            FeedbackResponse(ratings={"useful": 2}, respondent_id="b"),
            FeedbackResponse(ratings={"useful": 3}, respondent_id="b"),
        ],
        on=life.today,
    )
    assert err.guard == "respondents_once"
    life(
        "record_feedback",
        event_id="oct-seminar",
        responses=[FeedbackResponse(ratings={"useful": 3}, respondent_id="x1")],
        on=life.today,
    )
    e = life.data.event("oct-seminar")
    assert e is not None
    assert [r.is_positive for r in e.feedback] == [True, None, False]
    assert life.refused(
        InvalidData, "record_feedback", event_id="oct-seminar", responses=[], on=life.today
    )


def test_cancel_event() -> None:
    """A planned event is cancelled with a reason; a held or cancelled one is not."""
    life = scheduled()
    life("cancel_event", event_id="oct-meeting", on=life.today, reason="Карантин")
    e = life.data.event("oct-meeting")
    assert e is not None and e.status is EventStatus.CANCELLED and e.cancel_reason == "Карантин"
    err = life.guard("cancel_event", event_id="oct-meeting", on=life.today, reason="Ещё раз")
    assert err.guard == "event_planned" and "is cancelled already" in err.reason


def test_publish_material() -> None:
    """Authors are members on the day of publication; ids are new."""
    life = club()
    m = MethodicalMaterial(id="m1", title="Пособие", author_ids=("a", "b"), published_on=life.today)
    life("publish_material", material=m)
    assert life.data.materials == (m,)
    assert life.guard("publish_material", material=m).guard == "material_new"
    stranger = MethodicalMaterial(
        id="m2", title="П", author_ids=("a", "z"), published_on=life.today
    )
    err = life.guard("publish_material", material=stranger)
    assert err.guard == "authors_members" and "not members: z" in err.reason
    future = MethodicalMaterial(
        id="m3", title="П", author_ids=("a",), published_on=date(2030, 1, 1)
    )
    assert life.guard("publish_material", material=future).guard == "not_future"


def test_dissolve_ends_the_community() -> None:
    """After dissolving, no trigger is accepted."""
    life = club()
    life("dissolve", on=life.today, reason="Цели достигнуты")
    assert life.wf.state == "dissolved" and life.wf.is_final
    assert life.data.dissolved_reason == "Цели достигнуты"
    err = life.refused(InvalidTrigger, "join", teacher_id="z", kind=EX, on=life.today)
    assert err.allowed == ()


def test_plan_against_fact_from_the_community_data() -> None:
    """compare_with_fact reads the community's events: the share of planned events held."""
    life = scheduled()
    life("hold_event", event_id="oct-meeting", on=date(2025, 9, 6), attendee_ids=("a",))
    life("cancel_event", event_id="oct-seminar", on=life.today, reason="Болезнь эксперта")
    extra = planned("extra", EventKind.ROUND_TABLE, date(2025, 10, 20))
    life("schedule_event", event=extra)
    life("hold_event", event_id="extra", on=life.today, attendee_ids=("b",))
    fact = compare_with_fact(life.data.work_plans[0], life.data.events, as_of=date(2025, 10, 29))
    # 'extra' was held on 2025-09-09, before the plan's period: not counted as unplanned.
    assert (fact.on_time, fact.not_held, fact.upcoming, fact.unplanned) == (
        ("oct-meeting",),
        ("oct-seminar",),
        ("conference",),
        (),
    )
    assert fact.held_share == 0.5


# -- replay and JSON --------------------------------------------------------------------------


def full_life() -> Workflow:
    life = scheduled()
    life("elect_council", seats=[seat("a", CouncilRole.CHAIR)], on=life.today)
    life(
        "hold_event",
        event_id="oct-seminar",
        on=life.today,
        attendee_ids=("a", "b"),
        guest_ids=("x1",),
    )
    life(
        "record_feedback",
        event_id="oct-seminar",
        responses=[FeedbackResponse(ratings={"q": 4}, respondent_id="b")],
        on=life.today,
    )
    life("leave", teacher_id="b", on=life.today)
    return life.wf


def test_replay_and_json_of_a_hand_written_life() -> None:
    """The event log rebuilds the community; the JSON document reads back equal."""
    wf = full_life()
    assert replay(COMMUNITY_LIFE, wf.events) == wf
    text = to_json(wf, converter=CONVERTER)
    assert '"on": "2025-09-' in text and "Профессиональный клуб" in text
    back = from_json(text, Workflow, converter=CONVERTER)
    assert back == wf and back.definition is COMMUNITY_LIFE


@settings(deadline=None, max_examples=20)
@given(community_workflows())
def test_scripted_lives_replay_and_round_trip(wf: Workflow) -> None:
    """Every scripted community replays to itself and survives JSON."""
    assert replay(COMMUNITY_LIFE, wf.events) == wf
    assert from_json(to_json(wf, converter=CONVERTER), Workflow, converter=CONVERTER) == wf
    # Invariants: at most one current membership each; posts held by current members only.
    current = wf.data.member_ids()
    assert len(current) == len(set(current))
    assert all(s.teacher_id in current for s in wf.data.council)
    for c in wf.data.committees:
        assert set(c.member_ids) <= set(current)
    for g in wf.data.project_groups:
        if g.is_open:
            assert set(g.member_ids) <= set(current)


#: A community written by version 1 of the code, before contests, internships, the library,
#: outlets and project products existed: members, a held event with feedback, a partner, a
#: published material and a closed project group.
COMPAT = Path(__file__).parent.parent / "data" / "compat" / "community_life_v1.json"


def test_a_version_1_document_still_reads_and_replays() -> None:
    """The stored v1 community reads back with the standard registry and replays equal."""
    wf = from_json(COMPAT.read_text(encoding="utf-8"), Workflow, definitions=standard_definitions())
    assert wf.definition is COMMUNITY_LIFE and wf.state == "active"
    assert [m.id for m in wf.data.materials] == ["m1"] and wf.data.group("pg1") is not None
    assert replay(COMMUNITY_LIFE, wf.events) == wf
