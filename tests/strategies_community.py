"""Hypothesis strategies for the community's structure, events, work plans and its workflow.

Every strategy builds valid values only: a lead is one of the members, a membership ends on
or after it began, a held event (and only a held one) has a day, attendance and feedback,
a plan's events are planned and fall within its period of at most a year.

:data:`COMMUNITY_STRATEGIES` maps each public attrs class of ``model.structure``,
``model.community_events``, ``model.work_plans`` and ``workflows.community`` to its
strategy. :func:`community_workflows` runs a prefix of a scripted community life.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import cyrillic_texts, ids, labels, offsets, record_day, texts, unique_ids
from tests.strategies_growth import (
    GROWTH_STRATEGIES,
    contest_entries,
    dates,
    internships,
    library_items,
)

from pedcommunity.model.communities import CommunityKind
from pedcommunity.model.community_events import (
    MAX_SERIES_ID,
    CommunityEvent,
    EventKind,
    EventStatus,
    FeedbackResponse,
    MethodicalMaterial,
    Recurrence,
    RecurringEvent,
    add_months,
)
from pedcommunity.model.contests import (
    PROFESSIONAL_CONTESTS,
    ContestEntry,
    ContestOutcome,
    ParticipationMode,
)
from pedcommunity.model.event_series import EventSeries
from pedcommunity.model.internships import Internship
from pedcommunity.model.library import LibraryItem, LibrarySection
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.model.recurrence import WEEKS, Weekday, nth_weekday
from pedcommunity.model.structure import (
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
    ProjectProductKind,
)
from pedcommunity.model.work_plans import (
    PlanFact,
    PlanFinding,
    PlannedActivity,
    PlanPeriod,
    PlanRule,
    WorkPlan,
    check_work_plan,
    compare_with_fact,
)
from pedcommunity.workflows import Workflow, fire, start
from pedcommunity.workflows.community import (
    COMMUNITY_LIFE,
    AddPartner,
    AddToLibrary,
    AdoptWorkPlan,
    ArrangeInternship,
    AssignCommitteeMembers,
    CancelEvent,
    CancelOccurrence,
    CloseInternship,
    CloseProjectGroup,
    CommunityData,
    CommunityRules,
    DissolveCommunity,
    ElectCouncil,
    EndSeries,
    EnterContest,
    FormCommittee,
    FormProjectGroup,
    HoldEvent,
    JoinCommunity,
    LeaveCommunity,
    PublishMaterial,
    RecordContestResult,
    RecordFeedback,
    RemoveFromLibrary,
    ScheduleEvent,
    ScheduleSeries,
    SetCoordinatingCentre,
)

__all__ = [
    "COMMUNITY_STRATEGIES",
    "community_data",
    "community_events",
    "community_examples",
    "community_workflows",
    "dates",
    "work_plans",
]

T = TypeVar("T")


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


# -- structure --------------------------------------------------------------------------------


@st.composite
def memberships(draw: Callable[..., Any], *, current: bool | None = None) -> CommunityMembership:
    """Memberships, current or ended on or after the day they began."""
    joined = draw(dates())
    ended = draw(st.booleans()) if current is None else not current
    left = joined + timedelta(days=draw(st.integers(0, 3000))) if ended else None
    return CommunityMembership(
        teacher_id=draw(ids()), kind=draw(st.sampled_from(MemberKind)), joined=joined, left=left
    )


@st.composite
def council_seats(draw: Callable[..., Any]) -> CouncilSeat:
    """Seats of every role; direction leads name a direction."""
    role = draw(st.sampled_from(CouncilRole))
    direction = draw(st.sampled_from(CommitteeKind)) if role is CouncilRole.DIRECTION_LEAD else None
    return CouncilSeat(teacher_id=draw(ids()), role=role, direction=direction)


@st.composite
def committees(draw: Callable[..., Any], *, kind: CommitteeKind | None = None) -> Committee:
    """Committees with distinct members and, sometimes, a lead among them."""
    members = draw(unique_ids())
    lead = draw(st.none() | st.sampled_from(members)) if members else None
    return Committee(
        kind=kind if kind is not None else draw(st.sampled_from(CommitteeKind)),
        member_ids=members,
        lead_id=lead,
    )


@st.composite
def project_groups(draw: Callable[..., Any], *, open_only: bool = False) -> ProjectGroup:
    """Project groups, open or closed on or after the day they were formed."""
    members = draw(unique_ids())
    formed = draw(dates())
    kind = draw(_optional(st.sampled_from(ProjectProductKind)))
    closed = None
    if not open_only and draw(st.booleans()):
        closed = formed + timedelta(days=draw(st.integers(0, 2000)))
    return ProjectGroup(
        id=draw(ids()),
        task=draw(texts()),
        formed=formed,
        member_ids=members,
        lead_id=draw(st.none() | st.sampled_from(members)) if members else None,
        initiative_id=draw(_optional(ids())),
        closed=closed,
        outcome=draw(_optional(texts())),
        product_kind=kind,
        product_material_id=draw(_optional(ids())) if kind is not None else None,
    )


def partners() -> SearchStrategy[Partner]:
    """Partners of every kind."""
    return st.builds(
        Partner,
        id=ids(),
        name=texts(),
        kind=st.sampled_from(PartnerKind),
        since=dates(),
        organisation_id=_optional(ids()),
    )


def centres() -> SearchStrategy[CoordinatingCentre]:
    """Coordinating centres, with or without a region and an organisation."""
    return st.builds(
        CoordinatingCentre,
        id=ids(),
        name=texts(),
        region=_optional(texts()),
        organisation_id=_optional(ids()),
    )


# -- events -----------------------------------------------------------------------------------


@st.composite
def feedback_responses(
    draw: Callable[..., Any], *, respondent: SearchStrategy[str | None] | None = None
) -> FeedbackResponse:
    """Responses rating 0-3 questions from 1 to 5, with a comment when they rate none."""
    ratings = draw(st.dictionaries(ids(16), st.integers(1, 5), max_size=3))
    comment = draw(texts()) if not ratings else draw(_optional(texts()))
    who = draw(respondent if respondent is not None else _optional(ids()))
    return FeedbackResponse(ratings=ratings, comment=comment, respondent_id=who)


@st.composite
def community_events(
    draw: Callable[..., Any],
    *,
    status: EventStatus | None = None,
    within: tuple[date, date] | None = None,
) -> CommunityEvent:
    """Events in any status; a held one with disjoint attendees and guests and their feedback."""
    status = status if status is not None else draw(st.sampled_from(EventStatus))
    low, high = within if within is not None else (date(1970, 1, 1), date(2100, 12, 31))
    planned = draw(st.dates(min_value=low, max_value=high))
    fields: dict[str, Any] = {}
    if status is EventStatus.HELD:
        people = draw(st.lists(ids(), max_size=6, unique=True))
        split = draw(st.integers(0, len(people)))
        fields["attendee_ids"] = people[:split]
        fields["guest_ids"] = people[split:]
        fields["held_on"] = planned + timedelta(days=draw(st.integers(-30, 60)))
        respondents = draw(st.lists(st.sampled_from(people), unique=True)) if people else []
        named = [draw(feedback_responses(respondent=st.just(r))) for r in respondents]
        anonymous = draw(st.lists(feedback_responses(respondent=st.none()), max_size=2))
        fields["feedback"] = named + anonymous
    if status is EventStatus.CANCELLED:
        fields["cancel_reason"] = draw(_optional(texts()))
    return CommunityEvent(
        id=draw(ids()),
        kind=draw(st.sampled_from(EventKind)),
        planned_on=planned,
        topic=draw(texts()),
        organiser_ids=draw(unique_ids()),
        expert_ids=draw(unique_ids(max_size=2)),
        format=draw(st.sampled_from(MeetingFormat)),
        status=status,
        **fields,
    )


@st.composite
def recurring_events(draw: Callable[..., Any]) -> RecurringEvent:
    """Monthly and quarterly events, on a day of the month or on the n-th weekday."""
    first = draw(dates())
    rule: dict[str, Any] = {}
    if draw(st.booleans()):
        rule = {"weekday": draw(st.sampled_from(Weekday)), "week": draw(st.sampled_from(WEEKS))}
        first = nth_weekday(first.year, first.month, rule["weekday"], rule["week"])
    return RecurringEvent(
        id=draw(ids(MAX_SERIES_ID)),
        kind=draw(st.sampled_from(EventKind)),
        topic=draw(texts()),
        recurrence=draw(st.sampled_from(Recurrence)),
        first=first,
        organiser_ids=draw(unique_ids()),
        expert_ids=draw(unique_ids(max_size=2)),
        format=draw(st.sampled_from(MeetingFormat)),
        **rule,
    )


@st.composite
def event_series(draw: Callable[..., Any]) -> EventSeries:
    """A community's series: ended or not, some of its first occurrences cancelled."""
    event = draw(recurring_events())
    until = draw(_optional(st.integers(0, 800).map(lambda n: event.first + timedelta(days=n))))
    days = event.dates(until or event.first + timedelta(days=400))
    off = draw(st.lists(st.sampled_from(days), max_size=3, unique=True)) if days else []
    return EventSeries(event=event, until=until, cancelled=off)


def materials() -> SearchStrategy[MethodicalMaterial]:
    """Methodical materials with 1-3 authors."""
    return st.builds(
        MethodicalMaterial,
        id=ids(),
        title=texts(),
        author_ids=unique_ids(min_size=1, max_size=3),
        published_on=dates(),
        kind=_optional(texts()),
        link=_optional(texts()),
        outlet_id=_optional(ids()),
    )


# -- work plans -------------------------------------------------------------------------------


@st.composite
def work_plans(draw: Callable[..., Any], *, max_events: int = 4) -> WorkPlan:
    """Plans of a day to just under a year, with planned events and activities inside."""
    starts = draw(st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 1, 1)))
    ends = starts + timedelta(days=draw(st.integers(0, 364)))
    events = draw(
        st.lists(
            community_events(status=EventStatus.PLANNED, within=(starts, ends)),
            max_size=max_events,
            unique_by=lambda e: e.id,
        )
    )
    activities = draw(
        st.lists(
            st.builds(
                PlannedActivity,
                id=ids(),
                title=texts(),
                due=st.dates(min_value=starts, max_value=ends),
                responsible_ids=unique_ids(max_size=2),
            ),
            max_size=2,
            unique_by=lambda a: a.id,
        )
    )
    return WorkPlan(
        id=draw(ids()),
        title=draw(texts()),
        starts=starts,
        ends=ends,
        events=events,
        activities=activities,
    )


@st.composite
def plan_rules(draw: Callable[..., Any]) -> PlanRule:
    """Rules with a minimum of at least 1 or a maximum, and maximum >= minimum."""
    minimum = draw(st.integers(0, 4))
    maximum = draw(_optional(st.integers(minimum, 6)))
    if minimum == 0 and maximum is None:
        minimum = 1
    return PlanRule(
        id=draw(ids()),
        title=draw(labels()),
        period=draw(st.sampled_from(PlanPeriod)),
        kinds=draw(st.lists(st.sampled_from(EventKind), max_size=3, unique=True)),
        minimum=minimum,
        maximum=maximum,
        source=draw(_optional(texts())),
    )


def plan_findings() -> SearchStrategy[PlanFinding]:
    """Findings as snapshots."""
    return st.builds(
        PlanFinding,
        rule_id=ids(),
        starts=dates(),
        ends=dates(),
        found=st.integers(0, 50),
        message=labels(),
    )


def plan_facts() -> SearchStrategy[PlanFact]:
    """Plan-against-fact results as snapshots."""
    return st.builds(
        PlanFact,
        plan_id=ids(),
        on_time=unique_ids(),
        late=unique_ids(),
        not_held=unique_ids(),
        upcoming=unique_ids(),
        unplanned=unique_ids(),
    )


# -- the workflow's data and payloads ---------------------------------------------------------


def community_rules() -> SearchStrategy[CommunityRules]:
    """Rules with distinct plan rules, enforced or not."""
    return st.builds(
        CommunityRules,
        plan_rules=st.lists(plan_rules(), max_size=3, unique_by=lambda r: r.id).map(tuple),
        enforce_plan_rules=st.booleans(),
    )


_SECTIONS = (
    "rules",
    "members",
    "council",
    "committees",
    "project_groups",
    "partners",
    "work_plans",
    "events",
    "materials",
    "contest_entries",
    "internships",
    "library",
    "series",
)


@st.composite
def community_data(draw: Callable[..., Any]) -> CommunityData:
    """Community data as a snapshot (unique ids, one current membership per teacher)."""
    # The data holds every kind of record; drawing all of them at once is slow and exceeds
    # hypothesis' entropy budget, so each example fills a few of the sections, one item each.
    fill = draw(st.sets(st.sampled_from(_SECTIONS), max_size=3))

    def some(name: str, strategy: SearchStrategy[Any]) -> list[Any]:
        return [draw(strategy)] if name in fill else []

    return CommunityData(
        name=draw(cyrillic_texts()),
        kind=draw(st.sampled_from(CommunityKind)),
        rules=draw(community_rules()) if "rules" in fill else CommunityRules(),
        administrator_ids=draw(unique_ids(max_size=2)),
        members=some("members", memberships()),
        council=some("council", council_seats()),
        council_elected=draw(_optional(dates())),
        committees=some("committees", committees()),
        project_groups=some("project_groups", project_groups()),
        partners=some("partners", partners()),
        coordinating_centre=draw(_optional(centres())),
        work_plans=some("work_plans", work_plans(max_events=2)),
        events=some("events", community_events()),
        materials=some("materials", materials()),
        contest_entries=some("contest_entries", contest_entries()),
        internships=some("internships", internships()),
        library=some("library", library_items()),
        dissolved_reason=draw(_optional(texts())),
        series=some("series", event_series()),
    )


@st.composite
def hold_events(draw: Callable[..., Any]) -> HoldEvent:
    """Hold payloads with disjoint attendees and guests."""
    people = draw(st.lists(ids(), max_size=5, unique=True))
    split = draw(st.integers(0, len(people)))
    return HoldEvent(
        event_id=draw(ids()),
        on=draw(dates()),
        attendee_ids=people[:split],
        guest_ids=people[split:],
        format=draw(_optional(st.sampled_from(MeetingFormat))),
    )


# -- running communities ----------------------------------------------------------------------

#: The coordinator's actor id in scripted communities.
COORDINATOR = "coordinator"


@st.composite
def community_workflows(draw: Callable[..., Any]) -> Workflow:
    """A community that ran a prefix of a valid script of its life.

    The script, one day per step: 3-6 teachers join, the council is elected, the events
    committee is formed and reassigned, a project group forms, a partner and the centre are
    added, a plan that meets the seeds' rules is adopted, an extra event is scheduled, events
    are held (members and guests), feedback is recorded, one event is cancelled, a material
    is published (in the partner's outlet when the partner is a media outlet), a member or a
    team enters a contest and its result is recorded, an internship is arranged and closed, the
    material is added to the library and removed, a member (sometimes a lead) leaves, the group
    closes naming its product, and sometimes the community is dissolved.
    """
    tz = draw(offsets())
    day = draw(st.dates(min_value=date(1980, 1, 1), max_value=date(2090, 1, 1)))
    data = CommunityData(
        name=draw(cyrillic_texts()),
        kind=draw(st.sampled_from(CommunityKind)),
        administrator_ids=(COORDINATOR,),
    )
    wf = start(
        COMMUNITY_LIFE,
        data,
        id=draw(ids()),
        actor=COORDINATOR,
        at=datetime.combine(day, time(9), tzinfo=tz),
    )
    members = [f"t{i}" for i in range(draw(st.integers(3, 6)))]
    steps = draw(st.integers(0, 34))
    done = 0

    def go(trigger: str, payload: Any, actor: str = COORDINATOR) -> bool:
        nonlocal day, done
        if done >= steps:
            return False
        day += timedelta(days=draw(st.integers(0, 20)))
        fire(wf, trigger, payload, actor=actor, at=datetime.combine(day, time(18), tzinfo=tz))
        done += 1
        return True

    def today() -> date:
        # The day of a record fired at 18:00 today, as the engine reads it.
        return record_day(datetime.combine(day, time(18), tzinfo=tz))

    for t in members:
        kind = draw(st.sampled_from(MemberKind))
        # A teacher joins in their own name, or the administrator adds them.
        joiner = draw(st.sampled_from((t, COORDINATOR)))
        if not go("join", JoinCommunity(teacher_id=t, kind=kind, on=today()), joiner):
            return wf
    seats = [CouncilSeat(teacher_id=members[0], role=CouncilRole.CHAIR)]
    if draw(st.booleans()):
        seats.append(
            CouncilSeat(
                teacher_id=members[1],
                role=CouncilRole.DIRECTION_LEAD,
                direction=CommitteeKind.EVENTS,
            )
        )
    if not go("elect_council", ElectCouncil(seats=seats, on=today())):
        return wf
    committee = Committee(kind=CommitteeKind.EVENTS, member_ids=members[:2], lead_id=members[1])
    if not go("form_committee", FormCommittee(committee=committee, on=today())):
        return wf
    again = Committee(kind=CommitteeKind.EVENTS, member_ids=members[1:3], lead_id=members[2])
    if not go("assign_committee_members", AssignCommitteeMembers(committee=again, on=today())):
        return wf
    group = ProjectGroup(
        id="pg1", task=draw(texts()), formed=today(), member_ids=members[:2], lead_id=members[0]
    )
    if not go("form_project_group", FormProjectGroup(group=group)):
        return wf
    partner = Partner(
        id="p1", name=draw(texts()), kind=draw(st.sampled_from(PartnerKind)), since=today()
    )
    if not go("add_partner", AddPartner(partner=partner)):
        return wf
    centre = CoordinatingCentre(id="centre", name=draw(texts()))
    if not go("set_coordinating_centre", SetCoordinatingCentre(centre=centre, on=today())):
        return wf
    # A plan of one to three months that meets the seeds' rules: a meeting each month, a
    # seminar in the first month (one quarter), one conference in the last month.
    first = add_months(today().replace(day=1), 1)
    months = [add_months(first, k) for k in range(draw(st.integers(1, 3)))]
    ends = add_months(months[-1], 1) - timedelta(days=1)
    planned = [
        CommunityEvent(
            id=f"meeting-{m.isoformat()}",
            kind=EventKind.MONTHLY_MEETING,
            planned_on=m.replace(day=10),
            topic="Встреча",
            organiser_ids=members[:1],
        )
        for m in months
    ]
    planned.append(
        CommunityEvent(id="seminar", kind=EventKind.SEMINAR, planned_on=first, topic="Семинар")
    )
    planned.append(
        CommunityEvent(
            id="conference",
            kind=EventKind.ANNUAL_CONFERENCE,
            planned_on=ends,
            topic="Конференция",
            expert_ids=("expert-1",),
        )
    )
    plan = WorkPlan(id="plan", title=draw(texts()), starts=first, ends=ends, events=planned)
    if not go("adopt_work_plan", AdoptWorkPlan(plan=plan, on=today())):
        return wf
    extra = CommunityEvent(
        id="meetup", kind=EventKind.MEETUP, planned_on=today(), topic="Митап", organiser_ids=()
    )
    if not go("schedule_event", ScheduleEvent(event=extra)):
        return wf
    came = draw(st.lists(st.sampled_from(members), min_size=1, unique=True))
    if not go(
        "hold_event",
        HoldEvent(event_id="seminar", on=today(), attendee_ids=came, guest_ids=("expert-1",)),
    ):
        return wf
    responses = [
        draw(feedback_responses(respondent=st.just(r))) for r in came[: draw(st.integers(1, 2))]
    ]
    responses += draw(st.lists(feedback_responses(respondent=st.none()), max_size=1))
    if not go(
        "record_feedback", RecordFeedback(event_id="seminar", responses=responses, on=today())
    ):
        return wf
    if not go("cancel_event", CancelEvent(event_id="meetup", on=today(), reason="Карантин")):
        return wf
    material = MethodicalMaterial(
        id="m1",
        title=draw(texts()),
        author_ids=members[:2],
        published_on=today(),
        outlet_id="p1" if partner.kind is PartnerKind.MEDIA else None,
    )
    if not go("publish_material", PublishMaterial(material=material)):
        return wf
    if not _grow(draw, go, today, members):
        return wf
    leaver = draw(st.sampled_from(members))
    # A member leaves in their own name, or the administrator or the chair records it.
    recorder = draw(st.sampled_from((leaver, COORDINATOR, members[0])))
    leave = LeaveCommunity(teacher_id=leaver, on=today(), reason=draw(_optional(texts())))
    if not go("leave", leave, recorder):
        return wf
    product = draw(st.sampled_from(ProjectProductKind))
    close = CloseProjectGroup(
        group_id="pg1", on=today(), product_kind=product, product_material_id="m1"
    )
    if not go("close_project_group", close):
        return wf
    if draw(st.booleans()):
        go("dissolve", DissolveCommunity(on=today(), reason=draw(texts())))
    return wf


def _grow(
    draw: Callable[..., Any],
    go: Callable[[str, Any], bool],
    today: Callable[[], date],
    members: list[str],
) -> bool:
    """The growth steps of a scripted life: a contest, an internship, the library."""
    team = draw(st.booleans())
    entry = ContestEntry(
        id="ce1",
        contest=draw(st.sampled_from(PROFESSIONAL_CONTESTS)),
        mode=ParticipationMode.TEAM if team else ParticipationMode.INDIVIDUAL,
        participant_ids=members[:2] if team else members[:1],
        entered_on=today(),
    )
    outcome = draw(st.sampled_from(ContestOutcome))
    internship = Internship(
        id="in1",
        intern_ids=members[1:2],
        host="Школа",
        topic="Оценивание",
        starts_on=today(),
        ends_on=today() + timedelta(days=draw(st.integers(0, 30))),
    )
    item = LibraryItem(
        id="lib1",
        title="Пособие",
        section=LibrarySection.METHODICAL_MATERIALS,
        added_on=today(),
        added_by=COORDINATOR,
        material_id="m1",
    )
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("enter_contest", lambda: EnterContest(entry=attrs.evolve(entry, entered_on=today()))),
        (
            "record_contest_result",
            lambda: RecordContestResult(entry_id="ce1", outcome=outcome, on=today()),
        ),
        ("arrange_internship", lambda: ArrangeInternship(internship=internship)),
        (
            "close_internship",
            lambda: CloseInternship(internship_id="in1", on=today(), completed=True),
        ),
        ("add_to_library", lambda: AddToLibrary(item=attrs.evolve(item, added_on=today()))),
        (
            "remove_from_library",
            lambda: RemoveFromLibrary(item_id="lib1", on=today(), reason="Устарело"),
        ),
    ]
    return all(go(trigger, payload()) for trigger, payload in steps)


#: A strategy for every public attrs class of the community's model and workflow modules.
COMMUNITY_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Committee: committees(),
    CommunityMembership: memberships(),
    CoordinatingCentre: centres(),
    CouncilSeat: council_seats(),
    Partner: partners(),
    ProjectGroup: project_groups(),
    CommunityEvent: community_events(),
    FeedbackResponse: feedback_responses(),
    MethodicalMaterial: materials(),
    RecurringEvent: recurring_events(),
    EventSeries: event_series(),
    PlanFact: plan_facts(),
    PlanFinding: plan_findings(),
    PlannedActivity: st.builds(
        PlannedActivity, id=ids(), title=texts(), due=dates(), responsible_ids=unique_ids()
    ),
    PlanRule: plan_rules(),
    WorkPlan: work_plans(),
    CommunityData: community_data(),
    CommunityRules: community_rules(),
    AddPartner: st.builds(AddPartner, partner=partners()),
    AdoptWorkPlan: st.builds(AdoptWorkPlan, plan=work_plans(), on=dates()),
    AssignCommitteeMembers: st.builds(AssignCommitteeMembers, committee=committees(), on=dates()),
    CancelEvent: st.builds(CancelEvent, event_id=ids(), on=dates(), reason=texts()),
    CloseProjectGroup: st.builds(
        CloseProjectGroup,
        group_id=ids(),
        on=dates(),
        outcome=_optional(texts()),
        product_kind=_optional(st.sampled_from(ProjectProductKind)),
    ),
    DissolveCommunity: st.builds(DissolveCommunity, on=dates(), reason=texts()),
    ElectCouncil: st.builds(
        ElectCouncil, seats=st.lists(council_seats(), max_size=4).map(tuple), on=dates()
    ),
    FormCommittee: st.builds(FormCommittee, committee=committees(), on=dates()),
    FormProjectGroup: st.builds(FormProjectGroup, group=project_groups(open_only=True)),
    HoldEvent: hold_events(),
    JoinCommunity: st.builds(
        JoinCommunity, teacher_id=ids(), kind=st.sampled_from(MemberKind), on=dates()
    ),
    LeaveCommunity: st.builds(
        LeaveCommunity, teacher_id=ids(), on=dates(), reason=_optional(texts())
    ),
    PublishMaterial: st.builds(PublishMaterial, material=materials()),
    RecordFeedback: st.builds(
        RecordFeedback,
        event_id=ids(),
        responses=st.lists(feedback_responses(), min_size=1, max_size=3).map(tuple),
        on=dates(),
    ),
    ScheduleEvent: st.builds(ScheduleEvent, event=community_events(status=EventStatus.PLANNED)),
    ScheduleSeries: st.builds(ScheduleSeries, series=recurring_events(), on=dates()),
    CancelOccurrence: st.builds(
        CancelOccurrence, series_id=ids(), occurrence=dates(), on=dates(), reason=texts()
    ),
    EndSeries: st.builds(EndSeries, series_id=ids(), until=dates(), on=dates()),
    SetCoordinatingCentre: st.builds(SetCoordinatingCentre, centre=centres(), on=dates()),
    **GROWTH_STRATEGIES,
}


# -- hand-made examples -----------------------------------------------------------------------


#: Tyumen time, where SkillsClub of seed 001 meets.
UTC_PLUS_5 = timezone(timedelta(hours=5))


def example_community() -> Workflow:
    """A small club's first weeks, run by hand: every trigger but ``dissolve`` fires once."""
    day = date(2025, 9, 1)
    at = datetime.combine(day, time(18), tzinfo=UTC_PLUS_5)
    # "c", the club's administrator, records every step (members join through them).
    data = CommunityData(name="SkillsClub", administrator_ids=("c",))
    wf = start(COMMUNITY_LIFE, data, id="skills", actor="c", at=at)

    def go(trigger: str, payload: Any) -> None:
        nonlocal at
        at += timedelta(days=1)
        fire(wf, trigger, payload, actor="c", at=at)

    for tid, kind in (
        ("anna", MemberKind.EXPERIENCED_TEACHER),
        ("boris", MemberKind.EARLY_CAREER_TEACHER),
        ("vera", MemberKind.STUDENT_TEACHER),
    ):
        go("join", JoinCommunity(teacher_id=tid, kind=kind, on=day))
    go(
        "elect_council",
        ElectCouncil(
            seats=(
                CouncilSeat(teacher_id="anna", role=CouncilRole.CHAIR),
                CouncilSeat(
                    teacher_id="boris",
                    role=CouncilRole.DIRECTION_LEAD,
                    direction=CommitteeKind.EVENTS,
                ),
            ),
            on=date(2025, 9, 3),
        ),
    )
    events = Committee(kind=CommitteeKind.EVENTS, member_ids=("anna", "boris"), lead_id="boris")
    go("form_committee", FormCommittee(committee=events, on=date(2025, 9, 4)))
    events2 = Committee(kind=CommitteeKind.EVENTS, member_ids=("boris", "vera"), lead_id="boris")
    go("assign_committee_members", AssignCommitteeMembers(committee=events2, on=date(2025, 9, 5)))
    group = ProjectGroup(
        id="digest",
        task="Сборник практических рекомендаций",
        formed=date(2025, 9, 5),
        member_ids=("anna", "vera"),
        lead_id="anna",
    )
    go("form_project_group", FormProjectGroup(group=group))
    partner = Partner(id="tsu", name="ТюмГУ", kind=PartnerKind.UNIVERSITY, since=date(2025, 9, 6))
    go("add_partner", AddPartner(partner=partner))
    centre = CoordinatingCentre(id="cnppm", name="ЦНППМ ПР", region="Тюменская область")
    go("set_coordinating_centre", SetCoordinatingCentre(centre=centre, on=date(2025, 9, 6)))
    plan = WorkPlan(
        id="autumn",
        title="План работы на октябрь",
        starts=date(2025, 10, 1),
        ends=date(2025, 10, 31),
        events=(
            CommunityEvent(
                id="seminar",
                kind=EventKind.SEMINAR,
                planned_on=date(2025, 10, 9),
                topic="Ненасильственное общение",
                organiser_ids=("anna",),
                expert_ids=("expert",),
            ),
            CommunityEvent(
                id="conference",
                kind=EventKind.ANNUAL_CONFERENCE,
                planned_on=date(2025, 10, 30),
                topic="Итоги года",
            ),
        ),
        activities=(
            PlannedActivity(
                id="survey",
                title="Анкетирование",
                due=date(2025, 10, 31),
                responsible_ids=("vera",),
            ),
        ),
    )
    go("adopt_work_plan", AdoptWorkPlan(plan=plan, on=date(2025, 9, 8)))
    meetup = CommunityEvent(
        id="meetup", kind=EventKind.MEETUP, planned_on=date(2025, 9, 20), topic="Знакомство"
    )
    go("schedule_event", ScheduleEvent(event=meetup))
    go(
        "hold_event",
        HoldEvent(
            event_id="seminar",
            on=date(2025, 9, 10),
            attendee_ids=("anna", "boris"),
            guest_ids=("expert",),
            format=MeetingFormat.ONLINE,
        ),
    )
    go(
        "record_feedback",
        RecordFeedback(
            event_id="seminar",
            responses=(
                FeedbackResponse(ratings={"useful": 5, "format": 4}, respondent_id="boris"),
                FeedbackResponse(comment="Хочется больше практики"),
            ),
            on=date(2025, 9, 11),
        ),
    )
    go("cancel_event", CancelEvent(event_id="meetup", on=date(2025, 9, 12), reason="Карантин"))
    club = RecurringEvent(
        id="club-tuesdays",
        kind=EventKind.MONTHLY_MEETING,
        topic="Новости клуба",
        recurrence=Recurrence.MONTHLY,
        first=date(2025, 9, 2),
        organiser_ids=("anna",),
        weekday=Weekday.TUESDAY,
        week=1,
    )
    go("schedule_series", ScheduleSeries(series=club, on=date(2025, 9, 12)))
    go(
        "cancel_occurrence",
        CancelOccurrence(
            series_id=club.id, occurrence=date(2025, 11, 4), on=date(2025, 9, 12), reason="Каникулы"
        ),
    )
    go("end_series", EndSeries(series_id=club.id, until=date(2026, 5, 31), on=date(2025, 9, 12)))
    material = MethodicalMaterial(
        id="nvc-guide",
        title="Памятка по ненасильственному общению",
        author_ids=("anna",),
        published_on=date(2025, 9, 13),
        kind="памятка",
    )
    go("publish_material", PublishMaterial(material=material))
    _example_growth(go)
    go("leave", LeaveCommunity(teacher_id="vera", on=date(2025, 9, 14), reason="Практика"))
    go(
        "close_project_group",
        CloseProjectGroup(
            group_id="digest",
            on=date(2025, 9, 14),
            outcome="Черновик готов",
            product_kind=ProjectProductKind.METHODICAL_MANUAL,
            product_material_id="nvc-guide",
        ),
    )
    return wf


def _example_growth(go: Callable[[str, Any], None]) -> None:
    """The example club's outlet, contest, internship and library (seeds 000, 001, 004)."""
    day = date(2025, 9, 14)
    outlet = Partner(id="pedmir", name="Педагогический мир", kind=PartnerKind.MEDIA, since=day)
    go("add_partner", AddPartner(partner=outlet))
    case = MethodicalMaterial(
        id="case-1",
        title="Кейс: карта понятий на уроке",
        author_ids=("boris",),
        published_on=day,
        outlet_id="pedmir",
    )
    go("publish_material", PublishMaterial(material=case))
    entry = ContestEntry(
        id="two-stars-2025",
        contest=PROFESSIONAL_CONTESTS[2],
        mode=ParticipationMode.TEAM,
        participant_ids=("anna", "boris"),
        entered_on=day,
        mentor_id="vera",
    )
    go("enter_contest", EnterContest(entry=entry))
    result = RecordContestResult(entry_id=entry.id, outcome=ContestOutcome.LAUREATE, on=day)
    go("record_contest_result", result)
    internship = Internship(
        id="school-5",
        intern_ids=("boris",),
        host="МАОУ СОШ № 5",
        topic="Формирующее оценивание",
        starts_on=day,
        ends_on=date(2025, 9, 28),
        supervisor_id="mentor-5",
    )
    go("arrange_internship", ArrangeInternship(internship=internship))
    closing = CloseInternship(
        internship_id="school-5", on=day, completed=True, outcome="Открытый урок"
    )
    go("close_internship", closing)
    guide = LibraryItem(
        id="lib-nvc",
        title="Памятка по ненасильственному общению",
        section=LibrarySection.METHODICAL_MATERIALS,
        added_on=day,
        added_by="c",
        material_id="nvc-guide",
        language="ru",
    )
    go("add_to_library", AddToLibrary(item=guide))
    link = LibraryItem(
        id="lib-resh",
        title="Российская электронная школа",
        section=LibrarySection.DIGITAL_RESOURCES,
        added_on=day,
        added_by="c",
        link="https://resh.edu.ru",
    )
    go("add_to_library", AddToLibrary(item=link))
    go("remove_from_library", RemoveFromLibrary(item_id="lib-resh", on=day, reason="Дубль"))


def community_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type, by its name in the contract."""
    wf = example_community()
    d: CommunityData = wf.data
    payloads = {type(e.payload).__name__: e.payload for e in wf.events[1:]}
    plan = d.work_plans[0]
    return {
        **payloads,
        "CommunityData": d,
        "CommunityRules": CommunityRules(enforce_plan_rules=False),
        "CommunityMembership": d.members[2],
        "CouncilSeat": d.council[0],
        "Committee": d.committees[0],
        "ProjectGroup": d.project_groups[0],
        "Partner": d.partners[0],
        "CoordinatingCentre": d.coordinating_centre,
        "CommunityEvent": d.event("seminar"),
        "FeedbackResponse": d.event("seminar").feedback[0],  # type: ignore[union-attr]
        "MethodicalMaterial": d.materials[1],
        "Contest": d.contest_entries[0].contest,
        "ContestEntry": d.contest_entries[0],
        "Internship": d.internships[0],
        "LibraryItem": d.library[1],
        "EventSeries": d.series[0],
        "RecurringEvent": RecurringEvent(
            id="club",
            kind=EventKind.MONTHLY_MEETING,
            topic="Новости клуба",
            recurrence=Recurrence.MONTHLY,
            first=date(2025, 9, 25),
            organiser_ids=("anna",),
        ),
        "WorkPlan": plan,
        "PlannedActivity": plan.activities[0],
        "PlanRule": d.rules.plan_rules[1],
        # The plan without its conference breaks the seeds' yearly rule.
        "PlanFinding": check_work_plan(attrs.evolve(plan, events=plan.events[:1]))[0],
        "PlanFact": compare_with_fact(plan, d.events, as_of=date(2025, 10, 15)),
        "DissolveCommunity": DissolveCommunity(on=date(2026, 6, 1), reason="Цели достигнуты"),
    }
