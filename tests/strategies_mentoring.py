"""Hypothesis strategies for mentoring: forms, requests, programmes, tracks and programmes' data.

Every strategy builds valid values only, and values the JSON contract carries exactly: ids
follow the id rule and are unique where a class asks it, group sizes sit within the form's
bounds, activities and milestones name goals of their programme and fall within its duration,
minimums never exceed maximums, datetimes are aware, percentages run 0..100 and scores 1..5,
report figures are whole numbers a float holds exactly or finite floats.

:data:`MENTORING_STRATEGIES` maps each public attrs class of ``pedcommunity.model.mentoring``,
``pedcommunity.workflows.mentoring_track`` (but ``Due``) and
``pedcommunity.workflows.mentoring_programme`` to its strategy. :func:`mentoring_tracks` runs
a prefix of a scripted mentoring track; :func:`mentoring_programmes` a prefix of a scripted
programme through :class:`~pedcommunity.workflows.mentoring_programme.MentoringProgramme`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import (
    _optional,
    _tuples,
    aware_datetimes,
    cyrillic_texts,
    ids,
    labels,
    offsets,
    record_day,
    teachers,
    texts,
    unique_ids,
)
from tests.strategies_community import community_events, dates
from tests.strategies_festival import festival_entries, products

from pedcommunity.clock import ManualClock
from pedcommunity.model import Level, Teacher
from pedcommunity.model.bank import BankEntry, BankResult, BankResultKind, BankRole
from pedcommunity.model.community_events import ClusterEvent, CommunityEvent, EventKind, EventStatus
from pedcommunity.model.festival import (
    MENTORS_OF_YUGRA,
    FestivalDirection,
    FestivalEntry,
    ShowcaseTrack,
)
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    Activity,
    ActivityFormat,
    ClusterKind,
    DevelopmentProgramme,
    Goal,
    MeetingFormat,
    MentoringForm,
    MentoringForms,
    MentoringRequest,
    Milestone,
    Role,
    Speaker,
    SpeakerKind,
)
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import Workflow, fire, start
from pedcommunity.workflows.mentoring_programme import (
    AddLeader,
    CancelClusterEvent,
    CancelProgramme,
    ConditionMet,
    Curator,
    EnrolMentee,
    FestivalHeld,
    HoldClusterEvent,
    IncludeInBank,
    ProgrammeData,
    ProgrammeReport,
    ProgrammeRules,
    Recognition,
    ScheduleClusterEvent,
    SubmitReport,
    TrackStatus,
    TrackUpdate,
    TrainMentor,
)
from pedcommunity.workflows.mentoring_track import (
    MENTORING_TRACK,
    SYSTEM_ACTOR,
    AnswerPulse,
    CloseTrack,
    CompleteActivity,
    CompleteMilestone,
    DeclineProposal,
    EnterFestival,
    ExtendTrack,
    FinalFeedback,
    FlagMilestone,
    GiveFeedback,
    LogSession,
    PauseRecord,
    PauseTrack,
    ProgressMode,
    Proposal,
    ProposalSource,
    ProposalStatus,
    ProposeMentor,
    PulseAnswer,
    RankMentors,
    RateProgress,
    SessionKind,
    SessionRecord,
    SetPlan,
    TrackClosure,
    TrackData,
    TrackRules,
    UpdateRequest,
    WithdrawProposal,
    tick,
)

try:  # the leaders' strategies live in their own module
    from tests.strategies_leaders import LEADERS_STRATEGIES

    _LEADERS: SearchStrategy[Leader] = LEADERS_STRATEGIES[Leader]
except (ImportError, KeyError):  # pragma: no cover - only while that module is being written
    _LEADERS = st.builds(
        Leader,
        teacher=teachers(),
        can_teach=unique_ids(),
        capacity=st.integers(1, 20),
        level=st.sampled_from(LeaderLevel),
    )

__all__ = [
    "MENTORING_STRATEGIES",
    "bank_entries",
    "bank_results",
    "cluster_events",
    "development_programmes",
    "mentoring_examples",
    "mentoring_forms",
    "mentoring_programmes",
    "mentoring_requests",
    "mentoring_tracks",
    "programme_data",
    "programme_reports",
    "proposals",
    "speakers",
    "track_data",
    "track_statuses",
]

# -- model --------------------------------------------------------------------------------------

_FORMAT_SETS = st.permutations(list(MeetingFormat)).flatmap(
    lambda fs: st.integers(1, len(fs)).map(lambda n: tuple(fs[:n]))
)


@st.composite
def mentoring_forms(draw: Callable[..., Any], *, max_mentees: int = 10) -> MentoringForm:
    """Forms with min <= max for mentees, experience gap and days; distinct meeting formats."""
    low = draw(st.integers(1, max_mentees))
    gap_lo = draw(_optional(st.integers(-40, 40)))
    gap_hi = draw(_optional(st.integers(-40 if gap_lo is None else gap_lo, 40)))
    min_days = draw(st.integers(1, 400))
    return MentoringForm(
        id=draw(ids()),
        label=draw(labels()),
        description=draw(labels()),
        min_mentees=low,
        max_mentees=draw(st.integers(low, max_mentees)),
        min_experience_gap=gap_lo,
        max_experience_gap=gap_hi,
        mentor_stronger_in_request=draw(st.booleans()),
        mutual_strengths=draw(st.booleans()),
        meeting_formats=draw(_FORMAT_SETS),
        max_meetings=draw(_optional(st.integers(1, 20))),
        min_days=min_days,
        max_days=draw(st.integers(min_days, 3650)),
    )


def _forms_catalogues() -> SearchStrategy[MentoringForms]:
    own = st.lists(mentoring_forms(), max_size=3, unique_by=lambda f: f.id).map(MentoringForms)
    return st.just(MENTORING_FORMS) | own


_ACTIVITY_FORMATS = st.lists(st.sampled_from(ActivityFormat), max_size=3, unique=True).map(tuple)


def mentoring_requests() -> SearchStrategy[MentoringRequest]:
    """Requests with 1-3 goals, distinct competencies and distinct formats."""
    return st.builds(
        MentoringRequest,
        goals=_tuples(texts(), min_size=1),
        competency_ids=unique_ids(max_size=3),
        formats=_ACTIVITY_FORMATS,
        meeting_format=_optional(st.sampled_from(MeetingFormat)),
    )


def goals() -> SearchStrategy[Goal]:
    """Goals with or without a competency."""
    return st.builds(Goal, id=ids(), title=texts(), outcome=texts(), competency_id=_optional(ids()))


def activities() -> SearchStrategy[Activity]:
    """Activities of any format (the goal is checked by a programme, not here)."""
    return st.builds(
        Activity, id=ids(), goal_id=ids(), title=texts(), format=st.sampled_from(ActivityFormat)
    )


def milestones() -> SearchStrategy[Milestone]:
    """Milestones due on day 0 to 3650, naming distinct goals."""
    return st.builds(
        Milestone, id=ids(), title=texts(), due_day=st.integers(0, 3650), goal_ids=unique_ids()
    )


@st.composite
def development_programmes(draw: Callable[..., Any]) -> DevelopmentProgramme:
    """Programmes with distinct ids, activities and milestones naming their goals, in time."""
    goal_list = draw(st.lists(goals(), min_size=1, max_size=3, unique_by=lambda g: g.id))
    goal_ids = [g.id for g in goal_list]
    duration = draw(st.integers(1, 3650))
    acts = draw(
        st.lists(
            st.builds(
                Activity,
                id=ids(),
                goal_id=st.sampled_from(goal_ids),
                title=texts(),
                format=st.sampled_from(ActivityFormat),
            ),
            max_size=4,
            unique_by=lambda a: a.id,
        )
    )
    stones = draw(
        st.lists(
            st.builds(
                Milestone,
                id=ids(),
                title=texts(),
                due_day=st.integers(0, duration),
                goal_ids=st.lists(st.sampled_from(goal_ids), max_size=3, unique=True),
            ),
            max_size=3,
            unique_by=lambda m: m.id,
        )
    )
    return DevelopmentProgramme(
        goals=goal_list, activities=acts, milestones=stones, duration_days=duration
    )


# -- the track's data and payloads --------------------------------------------------------------


def track_rules() -> SearchStrategy[TrackRules]:
    """Rules: 1-60 days to answer, pulses every 1-365 days or none, either progress mode."""
    return st.builds(
        TrackRules,
        response_days=st.integers(1, 60),
        pulse_every_days=_optional(st.integers(1, 365)),
        progress=st.sampled_from(ProgressMode),
    )


def proposals() -> SearchStrategy[Proposal]:
    """Proposals as snapshots, from any source and in any status."""
    return st.builds(
        Proposal,
        mentor=teachers(),
        source=st.sampled_from(ProposalSource),
        status=st.sampled_from(ProposalStatus),
        proposed_by=ids(),
        proposed_at=aware_datetimes(),
        due_at=_optional(aware_datetimes()),
        awaiting=unique_ids(max_size=3),
        accepted_by=unique_ids(max_size=3),
        answered_at=_optional(aware_datetimes()),
        reason=_optional(texts()),
    )


def session_records() -> SearchStrategy[SessionRecord]:
    """Sessions and check-ins, with or without notes."""
    return st.builds(
        SessionRecord,
        kind=st.sampled_from(SessionKind),
        at=aware_datetimes(),
        format=st.sampled_from(MeetingFormat),
        by=ids(),
        notes=_optional(texts()),
    )


def pulse_answers() -> SearchStrategy[PulseAnswer]:
    """Pulse answers scored 1 to 5."""
    return st.builds(
        PulseAnswer,
        teacher_id=ids(),
        at=aware_datetimes(),
        score=st.integers(1, 5),
        comment=_optional(texts()),
    )


def pause_records() -> SearchStrategy[PauseRecord]:
    """Pauses, finished or not."""
    return st.builds(
        PauseRecord, since=aware_datetimes(), reason=texts(), until=_optional(aware_datetimes())
    )


def final_feedback() -> SearchStrategy[FinalFeedback]:
    """Final feedback with a fit of 1 to 5."""
    return st.builds(FinalFeedback, teacher_id=ids(), fit=st.integers(1, 5), what_changed=texts())


def track_closures() -> SearchStrategy[TrackClosure]:
    """Early closures by any role."""
    return st.builds(
        TrackClosure, by=ids(), role=st.sampled_from(Role), at=aware_datetimes(), reason=texts()
    )


_DATED_IDS = st.dictionaries(ids(), aware_datetimes(), max_size=3)


@st.composite
def track_data(draw: Callable[..., Any]) -> TrackData:
    """Track data as a snapshot: as many distinct mentees as the form takes (no workflow ran)."""
    form = draw(mentoring_forms(max_mentees=2) | st.sampled_from(list(MENTORING_FORMS)))
    size = draw(st.integers(form.min_mentees, min(form.max_mentees, 2)))
    mentees = draw(st.lists(teachers(), min_size=size, max_size=size, unique_by=lambda t: t.id))
    return TrackData(
        form=form,
        mentees=mentees,
        request=draw(mentoring_requests()),
        rules=draw(track_rules()),
        programme_id=draw(_optional(ids())),
        coordinator_ids=draw(unique_ids(max_size=2)),
        curator_id=draw(_optional(ids())),
        choices=draw(_tuples(teachers(), max_size=1)),
        excluded=draw(unique_ids(max_size=2)),
        proposals=draw(_tuples(proposals(), max_size=1)),
        mentor=draw(_optional(teachers())),
        plan=draw(_optional(development_programmes())),
        started_at=draw(_optional(aware_datetimes())),
        ends_at=draw(_optional(aware_datetimes())),
        extension_days=draw(st.integers(0, 36500)),
        sessions=draw(_tuples(session_records(), max_size=1)),
        done_activities=draw(_DATED_IDS),
        done_milestones=draw(_DATED_IDS),
        overdue_milestones=draw(unique_ids(max_size=2)),
        ratings=draw(st.dictionaries(ids(), st.integers(0, 100), max_size=3)),
        pulse_requests=draw(_tuples(aware_datetimes(), max_size=2)),
        pulses=draw(_tuples(pulse_answers(), max_size=1)),
        pauses=draw(_tuples(pause_records(), max_size=1)),
        feedback=draw(_tuples(final_feedback(), max_size=1)),
        festival_entry=draw(_optional(festival_entries())),
        closure=draw(_optional(track_closures())),
    )


_TRACK_PAYLOADS: dict[type, SearchStrategy[Any]] = {
    UpdateRequest: st.builds(UpdateRequest, request=mentoring_requests()),
    RankMentors: st.builds(RankMentors, choices=_tuples(teachers(), max_size=2)),
    ProposeMentor: st.builds(
        ProposeMentor,
        mentor=teachers(),
        source=st.sampled_from((ProposalSource.COORDINATOR, ProposalSource.MATCHING)),
    ),
    WithdrawProposal: st.builds(WithdrawProposal, reason=_optional(texts())),
    DeclineProposal: st.builds(DeclineProposal, reason=_optional(texts())),
    SetPlan: st.builds(SetPlan, plan=development_programmes()),
    LogSession: st.builds(
        LogSession,
        kind=st.sampled_from(SessionKind),
        format=st.sampled_from(MeetingFormat),
        notes=_optional(texts()),
    ),
    CompleteActivity: st.builds(CompleteActivity, activity_id=ids()),
    CompleteMilestone: st.builds(CompleteMilestone, milestone_id=ids()),
    FlagMilestone: st.builds(FlagMilestone, milestone_id=ids()),
    RateProgress: st.builds(RateProgress, goal_id=ids(), percent=st.integers(0, 100)),
    AnswerPulse: st.builds(AnswerPulse, score=st.integers(1, 5), comment=_optional(texts())),
    PauseTrack: st.builds(PauseTrack, reason=texts()),
    ExtendTrack: st.builds(ExtendTrack, days=st.integers(1, 3650)),
    GiveFeedback: st.builds(GiveFeedback, fit=st.integers(1, 5), what_changed=texts()),
    EnterFestival: st.builds(EnterFestival, entry=festival_entries()),
    CloseTrack: st.builds(CloseTrack, reason=texts()),
}

# -- the programme's data and payloads ----------------------------------------------------------

_TRACK_STATES = st.sampled_from(MENTORING_TRACK.state_names) | ids()


def programme_rules() -> SearchStrategy[ProgrammeRules]:
    """Rules with distinct required conditions and minimums of at least 1."""
    return st.builds(
        ProgrammeRules,
        required_conditions=unique_ids(max_size=3),
        min_mentees=st.integers(1, 100),
        min_mentors=st.integers(1, 50),
        training_required=st.booleans(),
    )


def curators() -> SearchStrategy[Curator]:
    """Curators running 1 to 50 tracks."""
    return st.builds(Curator, teacher_id=ids(), capacity=st.integers(1, 50))


def track_statuses() -> SearchStrategy[TrackStatus]:
    """Track statuses in the track's states (or any id), with distinct mentees and exclusions."""
    return st.builds(
        TrackStatus,
        state=_TRACK_STATES,
        form_id=st.sampled_from(MENTORING_FORMS.ids) | ids(),
        mentee_ids=unique_ids(min_size=1, max_size=3),
        mentor_id=_optional(ids()),
        candidate_id=_optional(ids()),
        curator_id=_optional(ids()),
        excluded=unique_ids(max_size=3),
    )


def recognitions() -> SearchStrategy[Recognition]:
    """Recognitions with the award symbol or any title, with or without a reason."""
    return st.builds(
        Recognition,
        teacher_id=ids(),
        title=st.just(MENTORS_OF_YUGRA) | labels(),
        reason=_optional(texts()),
    )


# Whole numbers within 2**53 stay exact as floats (the contract reads figures as floats);
# floats are finite so JSON carries them.
_FIGURES = st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)


def programme_reports() -> SearchStrategy[ProgrammeReport]:
    """Reports with a summary and figures by id: whole numbers or finite floats."""
    return st.builds(
        ProgrammeReport, summary=texts(), figures=st.dictionaries(ids(), _FIGURES, max_size=4)
    )


def programme_data() -> SearchStrategy[ProgrammeData]:
    """Programme data as a snapshot: a coordinator or more; distinct mentees, leaders, curators."""
    return st.builds(
        ProgrammeData,
        name=texts(),
        coordinator_ids=unique_ids(min_size=1, max_size=2),
        organisation_ids=unique_ids(max_size=2),
        rules=programme_rules(),
        conditions=unique_ids(max_size=2),
        curators=st.lists(curators(), max_size=2, unique_by=lambda c: c.teacher_id),
        mentees=st.lists(teachers(), max_size=2, unique_by=lambda t: t.id),
        leaders=st.lists(_LEADERS, max_size=2, unique_by=lambda x: x.id),
        trained=unique_ids(max_size=2),
        tracks=st.dictionaries(ids(), track_statuses(), max_size=2),
        festival_ids=unique_ids(max_size=2),
        recognitions=_tuples(recognitions(), max_size=2),
        report=_optional(programme_reports()),
        cancelled_reason=_optional(texts()),
        speakers=st.lists(speakers(), max_size=2, unique_by=lambda x: x.id),
        events=st.lists(cluster_events(), max_size=2, unique_by=lambda x: x.id),
        bank=st.lists(bank_entries(), max_size=2, unique_by=lambda x: x.id),
    )


# -- the clusters' events and the bank ----------------------------------------------------------


def speakers() -> SearchStrategy[Speaker]:
    """Invited speakers and coaches, with or without a field of expertise."""
    return st.builds(
        Speaker,
        id=ids(),
        name=texts(),
        kind=st.sampled_from(SpeakerKind),
        expertise=_optional(texts()),
    )


def cluster_events() -> SearchStrategy[ClusterEvent]:
    """Events of any cluster, in any status."""
    return st.builds(ClusterEvent, event=community_events(), cluster=st.sampled_from(ClusterKind))


@st.composite
def bank_results(draw: Callable[..., Any]) -> BankResult:
    """Results of each kind, with what the kind requires and optional other fields."""
    kind = draw(st.sampled_from(BankResultKind))
    value = draw(
        st.integers(1, 50)
        if kind is BankResultKind.EVENTS_ATTENDED
        else _optional(st.integers(1, 50))
    )
    ref = draw(ids() if kind is BankResultKind.TRACK_COMPLETED else _optional(ids()))
    note = draw(texts() if kind is BankResultKind.OBSERVATION else _optional(texts()))
    return BankResult(kind=kind, value=value, ref=ref, note=note)


@st.composite
def bank_entries(draw: Callable[..., Any]) -> BankEntry:
    """Bank entries of competency leaders and navigators; a school only for a navigator."""
    leader = draw(_LEADERS).raised_to(
        draw(st.sampled_from((LeaderLevel.COMPETENCY_LEADER, LeaderLevel.NAVIGATOR)))
    )
    navigator = leader.level is LeaderLevel.NAVIGATOR
    return BankEntry(
        leader=leader,
        role=draw(st.sampled_from(BankRole)),
        reason=draw(texts()),
        results=draw(_tuples(bank_results(), min_size=1)),
        included_on=draw(dates()),
        included_by=draw(ids()),
        navigators_school_id=draw(_optional(ids()) if navigator else st.none()),
    )


@st.composite
def _hold_payloads(draw: Callable[..., Any]) -> HoldClusterEvent:
    people = draw(unique_ids(max_size=5))
    split = draw(st.integers(0, len(people)))
    return HoldClusterEvent(
        event_id=draw(ids()),
        on=draw(dates()),
        attendee_ids=people[:split],
        guest_ids=people[split:],
    )


_CLUSTER_PAYLOADS: dict[type, SearchStrategy[Any]] = {
    Speaker: speakers(),
    ClusterEvent: cluster_events(),
    BankResult: bank_results(),
    BankEntry: bank_entries(),
    ScheduleClusterEvent: st.builds(ScheduleClusterEvent, event=cluster_events()),
    HoldClusterEvent: _hold_payloads(),
    CancelClusterEvent: st.builds(CancelClusterEvent, event_id=ids(), on=dates(), reason=texts()),
    IncludeInBank: st.builds(
        IncludeInBank,
        teacher_id=ids(),
        reason=texts(),
        results=_tuples(bank_results(), min_size=1),
        can_teach=unique_ids(),
        capacity=_optional(st.integers(1, 20)),
    ),
}


def mentoring_examples() -> dict[str, Any]:
    """One realistic, hand-built value of each type of the clusters and the bank, by name."""
    from datetime import date

    speaker = Speaker(id="sp1", name="Елена Петрова", expertise="Педагогическая инициатива")
    planned = CommunityEvent(
        id="e1",
        kind=EventKind.DISCUSSION_PLATFORM,
        planned_on=date(2023, 2, 10),
        topic="Педагогическая инициатива",
        expert_ids=("sp1",),
    )
    held = attrs.evolve(
        planned,
        status=EventStatus.HELD,
        held_on=date(2023, 2, 10),
        attendee_ids=("m1", "t1"),
        guest_ids=("sp1",),
    )
    results = (
        BankResult(BankResultKind.EVENTS_ATTENDED, value=3),
        BankResult(BankResultKind.OBSERVATION, note="Провела проф-кейс для коллег"),
    )
    mentor = Leader(
        teacher=Teacher(id="m1", name="Ольга Иванова", organisation_id="s1", years_experience=18),
        can_teach=("classroom",),
        capacity=2,
        level=LeaderLevel.COMPETENCY_LEADER,
    )
    return {
        "Speaker": speaker,
        "ClusterEvent": ClusterEvent(held),
        "BankResult": results[0],
        "BankEntry": BankEntry(
            leader=mentor,
            role=BankRole.MENTOR,
            reason="Ярко проявила себя в кластере",
            results=results,
            included_on=date(2023, 5, 15),
            included_by="coord",
        ),
        "ScheduleClusterEvent": ScheduleClusterEvent(ClusterEvent(planned)),
        "HoldClusterEvent": HoldClusterEvent(
            "e1", date(2023, 2, 10), attendee_ids=("m1", "t1"), guest_ids=("sp1",)
        ),
        "CancelClusterEvent": CancelClusterEvent("e2", date(2023, 3, 1), "Карантин"),
        "IncludeInBank": IncludeInBank(
            "m1", "Ярко проявила себя в кластере", results, can_teach=("classroom",)
        ),
    }


# -- running a mentoring track -------------------------------------------------------------------

_SHORT_ID = ids(max_size=16)
_SHORT_TEXT = cyrillic_texts(8)
_NOTE = _optional(texts(8))
_HOUR_US = 3600 * 10**6


class _Stop(Exception):
    """The drawn number of steps has been fired."""


class _TrackRun:
    """Fires a track's triggers with times that never run backwards, until the budget ends.

    Incidental choices (how much time passes, the offset an event is stamped in) come from a
    seeded ``random.Random`` drawn once, so a run stays cheap and still reproduces.
    """

    def __init__(
        self, draw: Callable[..., Any], wf: Workflow, at: datetime, budget: int | None
    ) -> None:
        self.draw = draw
        self.wf = wf
        self.at = at
        self.budget = budget
        self.rng: random.Random = draw(st.randoms(use_true_random=True))
        self.zones = draw(st.lists(offsets(), min_size=1, max_size=2))

    @property
    def data(self) -> TrackData:
        data: TrackData = self.wf.data
        return data

    def spend(self) -> None:
        if self.budget is not None:
            if self.budget <= 0:
                raise _Stop
            self.budget -= 1

    def stamp(self) -> datetime:
        return self.at.astimezone(self.rng.choice(self.zones))

    def fire(
        self, trigger: str, payload: Any = None, *, actor: str, hours: int = 6, **fields: Any
    ) -> None:
        """Fire ``trigger`` after up to ``hours`` hours (sometimes none)."""
        self.spend()
        if self.rng.random() < 0.9:
            self.at += timedelta(microseconds=self.rng.randrange(hours * _HOUR_US))
        fire(self.wf, trigger, payload, actor=actor, at=self.stamp(), **fields)

    def jump(self, to: datetime) -> None:
        """Let time pass up to ``to`` (and a little after), never backwards."""
        self.at = max(self.at, to) + timedelta(microseconds=1 + self.rng.randrange(_HOUR_US))

    def tick(self) -> None:
        self.spend()
        tick(self.wf, self.stamp())


def _teacher(draw: Callable[..., Any], prefix: str, years: SearchStrategy[int]) -> Teacher:
    return Teacher(
        id=f"{prefix}{draw(_SHORT_ID)}",
        name=draw(_SHORT_TEXT),
        organisation_id=draw(_SHORT_ID),
        years_experience=draw(years),
        competencies=draw(st.dictionaries(_SHORT_ID, st.sampled_from(Level), max_size=2)),
    )


def _request(draw: Callable[..., Any]) -> MentoringRequest:
    return MentoringRequest(
        goals=draw(_tuples(_SHORT_TEXT, min_size=1, max_size=2)),
        competency_ids=draw(st.lists(_SHORT_ID, max_size=2, unique=True)),
        formats=draw(st.lists(st.sampled_from(ActivityFormat), max_size=2, unique=True)),
        meeting_format=draw(_optional(st.sampled_from(MeetingFormat))),
    )


def _plan(draw: Callable[..., Any], request: MentoringRequest, form: MentoringForm) -> SetPlan:
    """A programme the request allows: a goal per competency, activities in requested formats."""
    wanted: list[str | None] = list(request.competency_ids)
    wanted += [None] * draw(st.integers(0 if wanted else 1, 1))
    fmt = st.sampled_from(request.formats or tuple(ActivityFormat))
    duration = draw(st.integers(form.min_days, min(form.max_days, 180)))
    goal_list, acts = [], []
    for i, competency in enumerate(wanted):
        goal_list.append(
            Goal(
                id=f"g{i}",
                title=draw(_SHORT_TEXT),
                outcome=draw(_SHORT_TEXT),
                competency_id=competency,
            )
        )
        for k in range(draw(st.integers(1, 2))):
            acts.append(
                Activity(id=f"a{i}.{k}", goal_id=f"g{i}", title=draw(_SHORT_TEXT), format=draw(fmt))
            )
    goal_ids = [g.id for g in goal_list]
    stones = [
        Milestone(
            id=f"ms{j}",
            title=draw(_SHORT_TEXT),
            due_day=draw(st.integers(0, duration)),
            goal_ids=draw(st.lists(st.sampled_from(goal_ids), max_size=2, unique=True)),
        )
        for j in range(draw(st.integers(0, 2)))
    ]
    plan = DevelopmentProgramme(
        goals=goal_list, activities=acts, milestones=stones, duration_days=duration
    )
    return SetPlan(plan=plan)


_MATCH_PATHS = ("direct", "decline", "lapse", "withdraw", "draft", "ranked")
_CLOSE_AT = (
    st.none()
    | st.none()
    | st.sampled_from(("requested", "proposed", "planning", "active", "paused", "review"))
)
_ACTIONS = ("session", "activity", "rate", "milestone", "extend", "pause", "pulse")


def _staff(run: _TrackRun) -> str:
    d = run.data
    staff: list[str] = [*d.coordinator_ids, *((d.curator_id,) if d.curator_id else ())]
    return run.rng.choice(staff)


def _close(run: _TrackRun, draw: Callable[..., Any]) -> None:
    d = run.data
    people = [*d.mentee_ids, *d.coordinator_ids]
    if d.curator_id is not None:
        people.append(d.curator_id)
    if d.mentor is not None:
        people.append(d.mentor.id)
    run.fire("close_early", CloseTrack(reason=draw(_SHORT_TEXT)), actor=run.rng.choice(people))
    raise _Stop


def _match(run: _TrackRun, draw: Callable[..., Any], mentee: Teacher, close_at: str | None) -> None:
    years = st.integers(mentee.years_experience + 1, 70)
    first = _teacher(draw, "m-", years)
    second = _teacher(draw, "n-", years)
    path = draw(st.sampled_from(_MATCH_PATHS))

    def answer_all() -> None:
        p = run.data.open_proposal
        assert p is not None
        for person in draw(st.permutations(p.awaiting)):
            run.fire("accept", actor=person)

    if path == "ranked":
        choices = RankMentors(choices=draw(st.permutations((first, second))))
        run.fire("rank_mentors", choices, actor=mentee.id)
        run.fire("request_mentor", actor=mentee.id)
        if close_at == "proposed":
            _close(run, draw)
        if draw(st.booleans()):
            asked = run.data.candidate_id
            assert asked is not None
            run.fire("decline", DeclineProposal(reason=draw(_NOTE)), actor=asked)
            # The track waits in 'requested' until the cascade (as tick would fire it).
            run.fire("cascade", actor="system")
        answer_all()
        return
    if path in ("decline", "lapse", "withdraw"):
        run.fire("propose", ProposeMentor(mentor=first), actor=_staff(run))
        if close_at == "proposed":
            _close(run, draw)
        if path == "decline":
            who = run.rng.choice(run.data.open_proposal.awaiting)  # type: ignore[union-attr]
            run.fire("decline", DeclineProposal(reason=draw(_NOTE)), actor=who)
        elif path == "lapse":
            run.jump(run.data.open_proposal.due_at)  # type: ignore[union-attr,arg-type]
            run.fire("lapse", actor=SYSTEM_ACTOR, hours=1)
        else:
            reason = WithdrawProposal(reason=draw(_NOTE))
            run.fire("withdraw_proposal", reason, actor=_staff(run))
        first = second
    source = ProposalSource.MATCHING if path == "draft" else ProposalSource.COORDINATOR
    run.fire("propose", ProposeMentor(mentor=first, source=source), actor=_staff(run))
    if close_at == "proposed":
        _close(run, draw)
    if path == "draft":
        run.fire("publish", actor=_staff(run))
    answer_all()


def _work(run: _TrackRun, draw: Callable[..., Any], close_at: str | None) -> None:
    """Active work: sessions, activities, ratings, milestones, an extension, a pause, a pulse."""
    mentor = run.data.mentor
    assert mentor is not None
    pair = (mentor.id, *run.data.mentee_ids)
    for action in draw(st.lists(st.sampled_from(_ACTIONS), max_size=6)):
        if run.wf.state != "active":
            return
        d = run.data
        plan = d.plan
        assert plan is not None
        if action == "session":
            payload = LogSession(
                kind=draw(st.sampled_from(SessionKind)),
                format=draw(st.sampled_from(d.form.meeting_formats)),
                notes=draw(_NOTE),
            )
            run.fire("log_session", payload, actor=run.rng.choice(pair), hours=72)
        elif action == "activity":
            todo = [a.id for a in plan.activities if a.id not in d.done_activities]
            if todo:
                done = CompleteActivity(activity_id=run.rng.choice(todo))
                run.fire("complete_activity", done, actor=run.rng.choice(pair), hours=72)
        elif action == "rate" and d.rules.progress is ProgressMode.RATED:
            rating = RateProgress(
                goal_id=run.rng.choice(plan.goal_ids), percent=draw(st.integers(0, 100))
            )
            run.fire("rate_progress", rating, actor=mentor.id, hours=72)
        elif action == "milestone":
            todo = [m.id for m in plan.milestones if m.id not in d.done_milestones]
            if todo:
                done_m = CompleteMilestone(milestone_id=run.rng.choice(todo))
                run.fire("complete_milestone", done_m, actor=mentor.id, hours=72)
        elif action == "extend":
            room = d.form.max_days - plan.duration_days - d.extension_days
            if room > 0:
                extra = ExtendTrack(days=draw(st.integers(1, room)))
                run.fire("extend", extra, actor=_staff(run))
        elif action == "pause":
            run.fire("pause", PauseTrack(reason=draw(_SHORT_TEXT)), actor=run.rng.choice(pair))
            if close_at == "paused":
                _close(run, draw)
            run.fire("resume", actor=run.rng.choice(pair), hours=24 * 30)
        elif action == "pulse":
            when = d.next_pulse_at
            if when is None or d.ends_at is None or when >= d.ends_at:
                continue
            run.jump(when)
            run.tick()  # sends the survey (and flags milestones that fell due)
            if run.wf.state == "active":
                for person in draw(st.permutations(pair))[: draw(st.integers(0, len(pair)))]:
                    answer = AnswerPulse(score=draw(st.integers(1, 5)), comment=draw(_NOTE))
                    run.fire("answer_pulse", answer, actor=person, hours=24)


def _finish(run: _TrackRun, draw: Callable[..., Any]) -> None:
    """To review: every milestone reached then ``finish``, or the end date reached."""
    if run.wf.state != "active":
        return
    d = run.data
    mentor = d.mentor
    assert mentor is not None and d.plan is not None and d.ends_at is not None
    if draw(st.booleans()):
        for m in d.plan.milestones:
            if m.id not in run.data.done_milestones:
                run.fire("complete_milestone", milestone_id=m.id, actor=mentor.id)
        run.fire("finish", actor=run.rng.choice((mentor.id, _staff(run))))
    else:
        run.jump(d.ends_at)
        if draw(st.booleans()):
            run.fire("finish", actor=run.rng.choice((mentor.id, _staff(run))), hours=1)
        else:
            run.tick()  # flags what fell due, maybe a pulse survey, then reach_end


def _review(run: _TrackRun, draw: Callable[..., Any]) -> None:
    d = run.data
    mentor = d.mentor
    assert mentor is not None
    pair = (mentor.id, *d.mentee_ids)
    festival_at = draw(st.none() | st.integers(0, len(pair)))
    for i, person in enumerate(draw(st.permutations(pair))):
        if i == festival_at:
            _enter_festival(run, draw, pair)
        verdict = GiveFeedback(fit=draw(st.integers(1, 5)), what_changed=draw(_SHORT_TEXT))
        run.fire("give_feedback", verdict, actor=person, hours=72)
    if festival_at == len(pair):
        _enter_festival(run, draw, pair)
    run.fire("complete", actor=run.rng.choice((mentor.id, _staff(run))))


def _enter_festival(run: _TrackRun, draw: Callable[..., Any], pair: tuple[str, ...]) -> None:
    entry = FestivalEntry(
        id=draw(_SHORT_ID),
        mentor_id=pair[0],
        mentee_ids=draw(st.permutations(pair[1:])),
        direction=draw(st.sampled_from(FestivalDirection)),
        showcase=draw(st.sampled_from(ShowcaseTrack)),
        product=draw(products()),
        track_id=draw(st.sampled_from((None, run.wf.id))),
    )
    run.fire("enter_festival", EnterFestival(entry=entry), actor=run.rng.choice(pair))


#: The most triggers a scripted track fires after ``start`` (the longest path is about 30).
MAX_TRACK_STEPS = 40


@st.composite
def mentoring_tracks(draw: Callable[..., Any], *, full: bool = False) -> Workflow:
    """A traditional mentoring track that ran a prefix of a valid script (all of it when ``full``).

    The script: the mentee may update the request; a coordinator (or the curator) proposes a
    more experienced mentor, possibly after a declined, lapsed or withdrawn proposal, or as a
    published draft, or the mentee ranks two mentors and asks them in turn; every awaited
    person accepts; the mentor sets a plan that fits the request and work begins; sessions,
    activities, ratings, milestones, an extension, a pause and a pulse survey; finish (every
    milestone reached, or the end date); final feedback from both, perhaps a festival entry;
    complete. Sometimes someone closes the track early at a drawn stage instead.
    """
    form = MENTORING_FORMS["traditional"]
    mentee = _teacher(draw, "t-", st.integers(0, 10))
    coordinators = tuple(f"c-{c}" for c in draw(st.lists(_SHORT_ID, min_size=1, max_size=2)))
    data = TrackData(
        form=form,
        mentees=(mentee,),
        request=_request(draw),
        rules=TrackRules(
            response_days=draw(st.integers(1, 14)),
            pulse_every_days=draw(_optional(st.integers(7, 60))),
            progress=draw(st.sampled_from(ProgressMode)),
        ),
        programme_id=draw(_optional(_SHORT_ID)),
        coordinator_ids=tuple(dict.fromkeys(coordinators)),
        curator_id=draw(_optional(_SHORT_ID.map("k-{}".format))),
    )
    at = draw(aware_datetimes())
    wf = start(MENTORING_TRACK, data, id=draw(_SHORT_ID), actor=mentee.id, at=at)
    budget = None if full else draw(st.integers(0, MAX_TRACK_STEPS) | st.just(MAX_TRACK_STEPS))
    run = _TrackRun(draw, wf, at, budget)
    close_at = draw(_CLOSE_AT)
    try:
        if draw(st.booleans()):
            update = UpdateRequest(request=_request(draw))
            run.fire("update_request", update, actor=run.rng.choice((mentee.id, _staff(run))))
        if close_at == "requested":
            _close(run, draw)
        _match(run, draw, mentee, close_at)
        if close_at == "planning":
            _close(run, draw)
        mentor = run.data.mentor
        assert mentor is not None
        setter = run.rng.choice((mentor.id, _staff(run)))
        run.fire("set_plan", _plan(draw, run.data.request, form), actor=setter)
        run.fire("begin", actor=run.rng.choice((mentor.id, _staff(run))))
        _work(run, draw, close_at)
        if close_at == "active":
            _close(run, draw)
        _finish(run, draw)
        if close_at == "review":
            _close(run, draw)
        _review(run, draw)
    except _Stop:
        pass
    return wf


# -- running a mentoring programme ---------------------------------------------------------------

#: The coordinator of scripted programmes.
COORDINATOR = "coord"


class _ProgrammeRun:
    """Steps a programme on a manual clock until the drawn budget ends."""

    def __init__(self, prog: MentoringProgramme, clock: ManualClock, budget: int | None) -> None:
        self.prog = prog
        self.clock = clock
        self.budget = budget

    def step(self, minutes: int = 30) -> None:
        if self.budget is not None:
            if self.budget <= 0:
                raise _Stop
            self.budget -= 1
        self.clock.advance(timedelta(minutes=minutes))

    def fire(self, trigger: str, payload: Any = None, **fields: Any) -> None:
        self.step()
        self.prog.fire(trigger, payload, actor=COORDINATOR, **fields)

    def track(self, track_id: str, trigger: str, *, actor: str, **fields: Any) -> None:
        self.step()
        self.prog.fire_track(track_id, trigger, actor=actor, **fields)


def _pair_up(run: _ProgrammeRun, draw: Callable[..., Any], tid: str, mentor_id: str) -> None:
    """Propose ``mentor_id`` to a track (perhaps as a published draft); everyone accepts."""
    prog = run.prog
    draft = draw(st.booleans())
    run.step()
    prog.propose(tid, mentor_id, actor=COORDINATOR, draft=draft)
    if draft:
        run.step()
        prog.publish_all(actor=COORDINATOR)
    p = prog.track(tid).data.open_proposal
    assert p is not None
    for person in p.awaiting:
        run.track(tid, "accept", actor=person)


def _begin(run: _ProgrammeRun, draw: Callable[..., Any], tid: str) -> None:
    data = run.prog.track(tid).data
    assert data.mentor is not None
    run.track(tid, "set_plan", actor=data.mentor.id, plan=_plan(draw, data.request, data.form).plan)
    run.track(tid, "begin", actor=data.mentor.id)


def _cluster_one(run: _ProgrammeRun, draw: Callable[..., Any], people: list[str]) -> None:
    """A speaker invited; an event of the first cluster scheduled, then held or cancelled."""
    run.fire(
        "invite_speaker", id="sp-1", name=draw(_SHORT_TEXT), kind=draw(st.sampled_from(SpeakerKind))
    )
    day = record_day(run.clock.now())
    planned = CommunityEvent(
        id="ev-1",
        kind=draw(st.sampled_from(EventKind)),
        planned_on=day,
        topic=draw(_SHORT_TEXT),
        expert_ids=("sp-1",),
    )
    run.fire("schedule_event", event=ClusterEvent(planned))
    if draw(st.booleans()):
        run.fire("cancel_event", event_id="ev-1", on=day, reason=draw(_SHORT_TEXT))
        return
    came = draw(st.lists(st.sampled_from(people), min_size=1, unique=True))
    run.fire("hold_event", event_id="ev-1", on=day, attendee_ids=came, guest_ids=("sp-1",))


def _include_in_bank(run: _ProgrammeRun, draw: Callable[..., Any]) -> None:
    """Those who came to the first cluster's event, perhaps, included in the bank."""
    d = run.prog.data
    came = sorted(d.cluster_participants(ClusterKind.COMPETENCY_LEADERS))
    for who in draw(st.lists(st.sampled_from(came), unique=True)) if came else ():
        results = (BankResult(BankResultKind.EVENTS_ATTENDED, value=d.attended(who)),)
        run.fire("include_in_bank", teacher_id=who, reason=draw(_SHORT_TEXT), results=results)


@st.composite
def mentoring_programmes(draw: Callable[..., Any], *, full: bool = False) -> Workflow:
    """A programme workflow that ran a prefix of a valid script (all of it when ``full``).

    The script: 0-2 required conditions are met, 1-2 curators appointed, 2-4 mentees enrolled,
    two leaders added (one perhaps updated) and trained, a traditional track per mentee, each
    proposed a leader (some as drafts, one perhaps declined and proposed the other leader); a
    speaker invited and an event of the first cluster held (or cancelled); plans set and work
    begun; a session or two; one track perhaps closed early and its mentee rematched; the end
    date passes and ``tick`` moves the tracks to review; feedback and completion; some who came
    to the event included in the bank; the festival, recognition, the report and completion.
    Sometimes the programme is cancelled while no track is open.
    """
    n = draw(st.integers(2, 4))
    conditions = draw(st.lists(_SHORT_ID, max_size=2, unique=True))
    rules = ProgrammeRules(
        required_conditions=conditions,
        min_mentees=draw(st.integers(1, n)),
        min_mentors=draw(st.integers(1, 2)),
        training_required=draw(st.booleans()),
    )
    data = ProgrammeData(
        name=draw(_SHORT_TEXT),
        coordinator_ids=(COORDINATOR,),
        organisation_ids=draw(st.lists(_SHORT_ID, max_size=2, unique=True)),
        rules=rules,
    )
    clock = ManualClock(draw(aware_datetimes()))
    prog = MentoringProgramme.create(data, id=draw(_SHORT_ID), actor=COORDINATOR, clock=clock)
    budget = None if full else draw(st.integers(0, 60) | st.just(60))
    run = _ProgrammeRun(prog, clock, budget)
    cancel_at = draw(st.sampled_from((None, None, None, "matching", "completion")))
    try:
        for c in conditions:
            run.fire("meet_condition", condition_id=c)
        curator_ids = [f"k-{k}" for k in draw(st.lists(_SHORT_ID, min_size=1, max_size=2))]
        curator_ids = list(dict.fromkeys(curator_ids))
        for k in curator_ids:
            run.fire("add_curator", teacher_id=k, capacity=draw(st.integers(n + 1, n + 3)))
        run.fire("open_mentee_base")
        mentees = draw(
            st.lists(
                st.builds(
                    Teacher,
                    id=_SHORT_ID.map("t-{}".format),
                    name=_SHORT_TEXT,
                    organisation_id=_SHORT_ID,
                    years_experience=st.integers(0, 5),
                ),
                min_size=n,
                max_size=n,
                unique_by=lambda t: t.id,
            )
        )
        for t in mentees:
            run.fire("enrol_mentee", teacher=t)
        run.fire("open_mentor_base")
        leaders = [
            Leader(
                teacher=_teacher(draw, f"m{i}-", st.integers(10, 40)),
                can_teach=draw(st.lists(_SHORT_ID, max_size=2, unique=True)),
                capacity=draw(st.integers(n + 1, n + 2)),
                level=draw(st.sampled_from(LeaderLevel)),
            )
            for i in range(2)
        ]
        for x in leaders:
            run.fire("add_leader", leader=x)
        if draw(st.booleans()):
            leaders[0] = attrs.evolve(leaders[0], capacity=leaders[0].capacity + 1)
            run.fire("update_leader", leader=leaders[0])
        run.fire("open_training")
        train = [0, 1] if rules.training_required or draw(st.booleans()) else []
        for i in train:
            run.fire("train_mentor", leader_id=leaders[i].id)
        run.fire("open_matching")
        _cluster_one(run, draw, [t.id for t in mentees] + [x.id for x in leaders])
        if cancel_at == "matching":
            run.fire("cancel", reason=draw(_SHORT_TEXT))
            return prog.workflow

        tids = [f"tr-{t.id}" for t in mentees]
        for t, tid in zip(mentees, tids, strict=True):
            run.step()
            prog.open_track(
                tid,
                mentee_ids=(t.id,),
                request=_request(draw),
                actor=COORDINATOR,
                curator_id=draw(st.sampled_from((None, *curator_ids))),
                rules=TrackRules(pulse_every_days=draw(_optional(st.integers(20, 60)))),
            )
        decliner = draw(st.none() | st.sampled_from(tids))
        for i, tid in enumerate(tids):
            mentor = leaders[i % 2]
            if tid == decliner:
                run.step()
                prog.propose(tid, mentor.id, actor=COORDINATOR)
                run.track(tid, "decline", actor=mentor.id, reason=draw(_NOTE))
                mentor = leaders[(i + 1) % 2]
            _pair_up(run, draw, tid, mentor.id)
        for tid in tids:
            _begin(run, draw, tid)
        run.fire("start_work")
        for tid in draw(st.lists(st.sampled_from(tids), max_size=3)):
            run.track(tid, "log_session", actor=prog.track(tid).data.mentee_ids[0])

        closing = draw(st.none() | st.sampled_from(tids))
        if closing is not None:
            run.track(closing, "close_early", actor=COORDINATOR, reason=draw(_SHORT_TEXT))
            run.step()
            new = prog.rematch(closing, f"{closing}-2", actor=COORDINATOR)
            free = [x for x in leaders if x.id not in new.data.excluded]
            if free:
                _pair_up(run, draw, new.id, free[0].id)
                _begin(run, draw, new.id)
            else:
                run.track(new.id, "close_early", actor=COORDINATOR, reason=draw(_SHORT_TEXT))

        ends = [t.data.ends_at for t in prog.tracks.values() if t.data.ends_at is not None]
        run.step()
        clock.set(max(clock.now(), *ends) + timedelta(days=1))
        prog.tick()
        for tid, track in sorted(prog.tracks.items()):
            if track.state != "review":
                continue
            d = track.data
            assert d.mentor is not None
            for person in (d.mentor.id, *d.mentee_ids):
                run.track(
                    tid,
                    "give_feedback",
                    actor=person,
                    fit=draw(st.integers(1, 5)),
                    what_changed=draw(_SHORT_TEXT),
                )
            run.track(tid, "complete", actor=d.mentor.id)

        run.fire("open_completion")
        if cancel_at == "completion":
            run.fire("cancel", reason=draw(_SHORT_TEXT))
            return prog.workflow
        _include_in_bank(run, draw)
        run.fire("hold_festival", festival_id=draw(_SHORT_ID))
        people = [t.id for t in mentees] + [x.id for x in leaders]
        for who in draw(st.lists(st.sampled_from(people), max_size=2)):
            title = draw(st.just(MENTORS_OF_YUGRA) | labels())
            run.fire("recognise", teacher_id=who, title=title, reason=draw(_NOTE))
        report = ProgrammeReport(summary=draw(_SHORT_TEXT), figures=prog.figures())
        run.fire("submit_report", report=report)
        run.fire("complete")
    except _Stop:
        pass
    return prog.workflow


#: A strategy for every public attrs class of the mentoring model, track and programme.
MENTORING_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    # model/mentoring.py
    MentoringForm: mentoring_forms(),
    MentoringForms: _forms_catalogues(),
    MentoringRequest: mentoring_requests(),
    Goal: goals(),
    Activity: activities(),
    Milestone: milestones(),
    DevelopmentProgramme: development_programmes(),
    # workflows/mentoring_track.py
    TrackRules: track_rules(),
    Proposal: proposals(),
    SessionRecord: session_records(),
    PulseAnswer: pulse_answers(),
    PauseRecord: pause_records(),
    FinalFeedback: final_feedback(),
    TrackClosure: track_closures(),
    TrackData: track_data(),
    **_TRACK_PAYLOADS,
    # workflows/mentoring_programme.py
    ProgrammeRules: programme_rules(),
    Curator: curators(),
    TrackStatus: track_statuses(),
    Recognition: recognitions(),
    ProgrammeReport: programme_reports(),
    ProgrammeData: programme_data(),
    ConditionMet: st.builds(ConditionMet, condition_id=ids()),
    EnrolMentee: st.builds(EnrolMentee, teacher=teachers()),
    AddLeader: st.builds(AddLeader, leader=_LEADERS),
    TrainMentor: st.builds(TrainMentor, leader_id=ids()),
    TrackUpdate: st.builds(TrackUpdate, track_id=ids(), status=track_statuses()),
    FestivalHeld: st.builds(FestivalHeld, festival_id=ids()),
    SubmitReport: st.builds(SubmitReport, report=programme_reports()),
    CancelProgramme: st.builds(CancelProgramme, reason=texts()),
    # the clusters' events and the bank (workflows/mentoring_programme/clusters.py, bank.py)
    **_CLUSTER_PAYLOADS,
}
