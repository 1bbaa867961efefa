"""Hypothesis strategies for the leaders bank, the navigators school and the initiatives office.

:data:`LEADERS_STRATEGIES` maps every public attrs class of ``model/leaders.py``,
``workflows/navigators.py`` and ``workflows/initiatives.py`` to a strategy of valid values
(merge it into ``tests.strategies.STRATEGIES``). :func:`school_workflows` and
:func:`initiative_workflows` run prefixes of valid scripts of the two workflows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import (
    any_text,
    aware_datetimes,
    cyrillic_texts,
    ids,
    record_day,
    teachers,
    texts,
)

from pedcommunity.model import Level, Teacher
from pedcommunity.model.leaders import Leader, LeaderLevel, LeadersBank
from pedcommunity.workflows import Workflow, fire, start
from pedcommunity.workflows.initiatives import (
    INITIATIVE,
    InitiativeData,
    InitiativeDecision,
    InitiativeRules,
    ReportImplementation,
    WithdrawInitiative,
)
from pedcommunity.workflows.mentoring_programme.navigators_link import (
    LinkSchool,
    RecordInitiative,
    RecordNavigators,
)
from pedcommunity.workflows.navigators import (
    NAVIGATORS_SCHOOL,
    AddCoach,
    CancelSchool,
    CoachingSession,
    EnrolLeader,
    GraduateLeaders,
    HoldSession,
    NavigatorsSchoolData,
    NavigatorsSchoolRules,
    OfferTraining,
    WithdrawLeader,
)

__all__ = [
    "COORDINATOR",
    "LEADERS_STRATEGIES",
    "PAIRS",
    "bank_programme",
    "example_initiative",
    "example_school",
    "initiative_data",
    "initiative_workflows",
    "leaders",
    "leaders_banks",
    "leaders_examples",
    "school_data",
    "school_workflows",
    "work_track",
]

T = TypeVar("T")

_LEARNER_LEVELS = (LeaderLevel.MENTOR, LeaderLevel.COMPETENCY_LEADER)


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(strategy: SearchStrategy[T], *, min_size: int = 0, max_size: int = 3) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _unique_ids(*, min_size: int = 0, max_size: int = 4) -> SearchStrategy[tuple[str, ...]]:
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True).map(tuple)


_shares = st.just(1.0) | st.floats(min_value=0, max_value=1, exclude_min=True)

# -- the bank ---------------------------------------------------------------------------------


def leaders(levels: tuple[LeaderLevel, ...] = tuple(LeaderLevel)) -> SearchStrategy[Leader]:
    """Leaders of the given levels, teaching a few competencies, capacity 1 to 20."""
    return st.builds(
        Leader,
        teacher=teachers(),
        can_teach=_unique_ids(),
        capacity=st.integers(1, 20),
        level=st.sampled_from(levels),
    )


def _leader_tuples(
    levels: tuple[LeaderLevel, ...] = tuple(LeaderLevel), max_size: int = 4
) -> SearchStrategy[tuple[Leader, ...]]:
    return st.lists(leaders(levels), max_size=max_size, unique_by=lambda x: x.id).map(tuple)


def leaders_banks() -> SearchStrategy[LeadersBank]:
    """Banks of leaders with distinct ids."""
    return st.builds(LeadersBank, leaders=_leader_tuples())


# -- the navigators school --------------------------------------------------------------------


@st.composite
def school_rules(draw: Callable[..., Any]) -> NavigatorsSchoolRules:
    """School rules with min_cohort <= max_cohort and an attendance share in (0, 1]."""
    low = draw(st.integers(1, 30))
    return NavigatorsSchoolRules(
        min_attendance=draw(_shares),
        min_cohort=low,
        max_cohort=draw(st.integers(low, 60)),
        min_sessions=draw(st.integers(1, 20)),
        bank_only=draw(st.booleans()),
        graduates_as=draw(st.sampled_from((LeaderLevel.COMPETENCY_LEADER, LeaderLevel.NAVIGATOR))),
    )


def coaching_sessions() -> SearchStrategy[CoachingSession]:
    """Coaching sessions with distinct attendees."""
    return st.builds(
        CoachingSession,
        topic=texts(),
        coach_id=ids(),
        at=aware_datetimes(),
        attendees=_unique_ids(),
    )


def school_data() -> SearchStrategy[NavigatorsSchoolData]:
    """School data as a snapshot: a cohort below navigator, distinct ids where required."""
    return st.builds(
        NavigatorsSchoolData,
        name=cyrillic_texts(),
        host_id=_optional(ids()),
        organiser_ids=_unique_ids(max_size=2),
        rules=school_rules(),
        cohort=_leader_tuples(_LEARNER_LEVELS, max_size=3),
        coaches=_unique_ids(),
        sessions=_tuples(coaching_sessions(), max_size=2),
        graduates=_leader_tuples(max_size=2),
        cancelled_reason=_optional(any_text().filter(str.strip)),
        programme_id=_optional(ids()),
        bank_ids=_unique_ids(),
    )


# -- the initiatives office -------------------------------------------------------------------


@st.composite
def initiative_data(draw: Callable[..., Any]) -> InitiativeData:
    """Initiatives whose proposer meets the drawn minimum level, in any state of review."""
    rules = InitiativeRules(min_proposer_level=draw(st.sampled_from(LeaderLevel)))
    levels = tuple(lv for lv in LeaderLevel if lv >= rules.min_proposer_level)
    note = _optional(texts())
    return InitiativeData(
        title=draw(cyrillic_texts()),
        description=draw(texts(60)),
        proposer=draw(leaders(levels)),
        partners=draw(_tuples(texts())),
        expected_result=draw(note),
        rules=rules,
        office_ids=draw(_unique_ids(max_size=2)),
        programme_id=draw(_optional(ids())),
        reviewer_id=draw(_optional(ids())),
        decided_by=draw(_optional(ids())),
        decision_note=draw(note),
        outcome=draw(note),
        withdrawal_reason=draw(note),
    )


# -- running the two workflows ----------------------------------------------------------------


class _Stop(Exception):
    """The drawn number of steps has been fired."""


class _Run:
    """Fires triggers on one workflow, an hour or so apart, until the drawn budget ends."""

    def __init__(
        self, wf: Workflow, at: datetime, budget: int | None, *, actor: str = "office"
    ) -> None:
        self.wf = wf
        self.at = at
        self.budget = budget
        self.actor = actor  # who fires a trigger unless the call names someone

    def __call__(self, trigger: str, payload: Any = None, *, actor: str | None = None) -> None:
        if self.budget is not None:
            if self.budget <= 0:
                raise _Stop
            self.budget -= 1
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, payload, actor=actor or self.actor, at=self.at)


_SHORT_ID = ids(max_size=12)
_SHORT_TEXT = cyrillic_texts(8)

#: The organiser's actor id in scripted schools (seed 003: ЦДО «Поиск» runs the school).
SCHOOL_ORGANISER = "poisk"


@st.composite
def school_workflows(draw: Callable[..., Any], *, full: bool = False) -> Workflow:
    """A navigators school that ran a prefix of a valid script (all of it when ``full``).

    The script: training is offered to 3-5 bank leaders below navigator (in one or two
    offers; no offer, sometimes, in a school with ``bank_only=False``), they enrol, one or two
    coaches join, training starts,
    1-4 sessions, graduation of those who met the attendance rule (at least one does), then
    finish, or a cancel at a drawn point before anyone graduates.
    """
    cohort = draw(
        st.lists(leaders(_LEARNER_LEVELS), min_size=3, max_size=5, unique_by=lambda x: x.id)
    )
    taken = {x.id for x in cohort} | {SCHOOL_ORGANISER}
    coaches = draw(
        st.lists(_SHORT_ID.filter(lambda c: c not in taken), min_size=1, max_size=2, unique=True)
    )
    bank_only = draw(st.booleans())
    rules = NavigatorsSchoolRules(
        min_attendance=draw(_shares), min_cohort=3, max_cohort=5, bank_only=bank_only
    )
    data = NavigatorsSchoolData(
        name=draw(_SHORT_TEXT),
        host_id=draw(_optional(_SHORT_ID)),
        organiser_ids=(SCHOOL_ORGANISER,),
        rules=rules,
        programme_id=draw(_optional(_SHORT_ID)),
    )
    at = draw(aware_datetimes())
    wf = start(NAVIGATORS_SCHOOL, data, id=draw(_SHORT_ID), actor=SCHOOL_ORGANISER, at=at)
    budget = None if full else draw(st.integers(0, 20))
    run = _Run(wf, at, budget, actor=SCHOOL_ORGANISER)
    cancel_at = draw(st.none() | st.sampled_from(("enrolment", "training", "graduation")))
    try:
        if bank_only:
            bank = [x.id for x in cohort]
            split = draw(st.integers(1, len(bank)))
            run("offer_training", OfferTraining(leader_ids=bank[:split]))
            if split < len(bank):
                run("offer_training", OfferTraining(leader_ids=bank[split:]))
        for leader in cohort:
            run("enrol", EnrolLeader(leader=leader))
        for coach in coaches:
            run("add_coach", AddCoach(coach_id=coach))
        if cancel_at == "enrolment":
            run("cancel", CancelSchool(reason=draw(texts())))
            return wf
        run("start_training")
        ids_ = [x.id for x in cohort]
        for _ in range(draw(st.integers(1, 4))):
            attendees = draw(st.lists(st.sampled_from(ids_), min_size=1, unique=True))
            # The first leader attends every session, so someone always graduates.
            attendees = [ids_[0], *(a for a in attendees if a != ids_[0])]
            coach = draw(st.sampled_from(coaches))
            session = HoldSession(topic=draw(_SHORT_TEXT), coach_id=coach, attendees=attendees)
            # The coach records the session they led, or an organiser records it for them.
            run("hold_session", session, actor=draw(st.sampled_from((coach, SCHOOL_ORGANISER))))
        if cancel_at == "training":
            run("cancel", CancelSchool(reason=draw(texts())))
            return wf
        run("start_graduation")
        if cancel_at == "graduation":
            run("cancel", CancelSchool(reason=draw(texts())))
            return wf
        eligible = list(wf.data.eligible())
        chosen = draw(st.lists(st.sampled_from(eligible), min_size=1, unique=True))
        run("graduate", GraduateLeaders(leader_ids=chosen))
        run("finish")
    except _Stop:
        pass
    return wf


@st.composite
def initiative_workflows(draw: Callable[..., Any]) -> Workflow:
    """An initiative that took one of the office's paths, or a prefix of it."""
    rules = InitiativeRules(min_proposer_level=draw(st.sampled_from(LeaderLevel)))
    levels = tuple(lv for lv in LeaderLevel if lv >= rules.min_proposer_level)
    proposer = draw(leaders(levels))
    office = draw(_SHORT_ID.filter(lambda a: a != proposer.id))
    data = InitiativeData(
        title=draw(_SHORT_TEXT),
        description=draw(_SHORT_TEXT),
        proposer=proposer,
        partners=draw(_tuples(_SHORT_TEXT)),
        expected_result=draw(_optional(_SHORT_TEXT)),
        rules=rules,
        office_ids=(office,),
    )
    at = draw(aware_datetimes())
    wf = start(INITIATIVE, data, id=draw(_SHORT_ID), actor=proposer.id, at=at)
    run = _Run(wf, at, draw(st.integers(0, 3) | st.just(3)))
    path = draw(st.sampled_from(("implemented", "rejected", "withdrawn_early", "withdrawn_late")))
    try:
        if path == "withdrawn_early":
            run(
                "withdraw",
                WithdrawInitiative(reason=draw(_optional(_SHORT_TEXT))),
                actor=proposer.id,
            )
            return wf
        run("start_review", actor=office)
        if path == "withdrawn_late":
            run("withdraw", WithdrawInitiative(), actor=proposer.id)
        elif path == "rejected":
            run("reject", InitiativeDecision(note=draw(_SHORT_TEXT)), actor=office)
        else:
            run("accept", InitiativeDecision(note=draw(_SHORT_TEXT)), actor=office)
            reporter = draw(st.sampled_from((proposer.id, office)))
            run(
                "report_implemented",
                ReportImplementation(outcome=draw(_SHORT_TEXT)),
                actor=reporter,
            )
    except _Stop:
        pass
    return wf


#: A strategy for every public attrs class of the bank, the school and the office, and of the
#: programme's records of them (``navigators_link``).
LEADERS_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Leader: leaders(),
    LeadersBank: leaders_banks(),
    NavigatorsSchoolRules: school_rules(),
    CoachingSession: coaching_sessions(),
    NavigatorsSchoolData: school_data(),
    EnrolLeader: st.builds(EnrolLeader, leader=leaders()),
    OfferTraining: st.builds(OfferTraining, leader_ids=_unique_ids(min_size=1)),
    WithdrawLeader: st.builds(WithdrawLeader, leader_id=ids(), reason=_optional(texts())),
    AddCoach: st.builds(AddCoach, coach_id=ids()),
    HoldSession: st.builds(HoldSession, topic=texts(), coach_id=ids(), attendees=_unique_ids()),
    GraduateLeaders: st.builds(GraduateLeaders, leader_ids=_unique_ids(min_size=1)),
    CancelSchool: st.builds(CancelSchool, reason=texts()),
    InitiativeRules: st.builds(InitiativeRules, min_proposer_level=st.sampled_from(LeaderLevel)),
    InitiativeData: initiative_data(),
    InitiativeDecision: st.builds(InitiativeDecision, note=texts()),
    WithdrawInitiative: st.builds(WithdrawInitiative, reason=_optional(texts())),
    ReportImplementation: st.builds(ReportImplementation, outcome=texts()),
    LinkSchool: st.builds(LinkSchool, school_id=ids()),
    RecordNavigators: st.builds(
        RecordNavigators, school_id=ids(), leader_ids=_unique_ids(min_size=1)
    ),
    RecordInitiative: st.builds(RecordInitiative, initiative_id=ids(), proposer_id=ids()),
}


# -- realistic hand-built values, one per public type -------------------------------------------

_AT = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def _leader(lid: str, name: str, org: str, level: LeaderLevel, **levels: Level) -> Leader:
    teacher = Teacher(
        id=lid,
        name=name,
        organisation_id=org,
        subjects=("русский язык",),
        years_experience=12,
        competencies=levels,
    )
    return Leader(teacher=teacher, can_teach=tuple(levels), capacity=2, level=level)


ANNA = _leader("anna", "Анна Петрова", "school-5", LeaderLevel.COMPETENCY_LEADER, nvc=Level.EXPERT)
BORIS = _leader(
    "boris", "Борис Иванов", "school-9", LeaderLevel.MENTOR, teaching_4c=Level.PROFICIENT
)
VERA = _leader("vera", "Вера Соколова", "school-5", LeaderLevel.MENTOR, nvc=Level.PROFICIENT)
GLEB = _leader("gleb", "Глеб Орлов", "school-9", LeaderLevel.MENTOR, nvc=Level.DEVELOPING)


def example_school() -> Workflow:
    """A finished navigators school that fires every trigger but ``cancel``."""
    data = NavigatorsSchoolData(
        name="Школа навигаторов 2026",
        host_id="cdo-poisk",
        organiser_ids=("poisk",),
        programme_id="investment-2026",
    )
    wf = start(NAVIGATORS_SCHOOL, data, id="school-2026", actor="poisk", at=_AT)
    run = _Run(wf, _AT, None)
    bank = OfferTraining(leader_ids=("anna", "boris", "vera", "gleb"))
    run("offer_training", bank, actor="poisk")
    for x in (ANNA, BORIS, VERA, GLEB):
        run("enrol", EnrolLeader(leader=x), actor="poisk")
    run("withdraw_leader", WithdrawLeader(leader_id="gleb", reason="переезд"), actor="poisk")
    run("add_coach", AddCoach(coach_id="coach-1"), actor="poisk")
    run("start_training", actor="poisk")
    # Each attends 3 of the 4 sessions: exactly the 75% the default rules ask for.
    for who in (("anna", "boris", "vera"), ("anna", "boris"), ("anna", "vera"), ("boris", "vera")):
        session = HoldSession(topic="Позиция лидера", coach_id="coach-1", attendees=who)
        run("hold_session", session, actor="coach-1")  # the coach records the session they led
    run("start_graduation", actor="poisk")
    run("graduate", GraduateLeaders(leader_ids=("anna", "boris", "vera")), actor="poisk")
    run("finish", actor="poisk")
    return wf


def example_initiative() -> Workflow:
    """An initiative of a navigator, accepted by the office and implemented."""
    navigator = ANNA.promoted()
    data = InitiativeData(
        title="Клуб молодых педагогов",
        description="Ежемесячные встречи наставников и молодых специалистов города",
        proposer=navigator,
        partners=("ЦДО «Поиск»", "Департамент образования"),
        expected_result="20 молодых педагогов в клубе к концу года",
        office_ids=("office",),
    )
    wf = start(INITIATIVE, data, id="initiative-1", actor=navigator.id, at=_AT)
    run = _Run(wf, _AT, None)
    run("start_review", actor="office")
    run("accept", InitiativeDecision(note="Включить в план на 2026 год"), actor="office")
    run("report_implemented", ReportImplementation(outcome="Клуб собрал 24 педагога"))
    return wf


def leaders_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type, by its name in the contract."""
    school = example_school()
    initiative = example_initiative()
    return {
        "Leader": ANNA,
        "LeadersBank": LeadersBank((ANNA, BORIS, VERA)),
        "NavigatorsSchoolRules": NavigatorsSchoolRules(min_attendance=0.8, max_cohort=20),
        "CoachingSession": school.data.sessions[0],
        "NavigatorsSchoolData": school.data,
        "EnrolLeader": EnrolLeader(leader=VERA),
        "OfferTraining": OfferTraining(leader_ids=("anna", "boris")),
        "WithdrawLeader": WithdrawLeader(leader_id="gleb", reason="переезд"),
        "AddCoach": AddCoach(coach_id="coach-1"),
        "HoldSession": HoldSession(topic="Позиция лидера", coach_id="coach-1", attendees=("anna",)),
        "GraduateLeaders": GraduateLeaders(leader_ids=("anna", "boris")),
        "CancelSchool": CancelSchool(reason="Нет помещения"),
        "InitiativeRules": InitiativeRules(min_proposer_level=LeaderLevel.COMPETENCY_LEADER),
        "InitiativeData": initiative.data,
        "InitiativeDecision": InitiativeDecision(note="Включить в план на 2026 год"),
        "WithdrawInitiative": WithdrawInitiative(reason="Нет партнёров"),
        "ReportImplementation": ReportImplementation(outcome="Клуб собрал 24 педагога"),
        "LinkSchool": LinkSchool(school_id="school-2026"),
        "RecordNavigators": RecordNavigators(school_id="school-2026", leader_ids=("anna",)),
        "RecordInitiative": RecordInitiative(initiative_id="initiative-1", proposer_id="anna"),
    }


# -- a programme with a bank, through the services (the leaders' path tests) --------------------

#: The coordinator of :func:`bank_programme`'s programme.
COORDINATOR = "coord"
#: Its mentors and mentees: anna-t1, boris-t2 and vera-t3 are pairs; gleb mentors t4, t5, t6.
PAIRS = {"anna": ("t1",), "boris": ("t2",), "vera": ("t3",), "gleb": ("t4", "t5", "t6")}


def bank_programme(
    app: Any, clock: Any, *, programme_id: str = "p", bank: tuple[str, ...] = ()
) -> None:
    """Run a programme through the services to its pairs' work, its first cluster and its bank.

    The programme «Педагогическая инвестиция» enrols the mentees of :data:`PAIRS`, trains their
    mentors, forms the pairs (gleb's track is a group), holds the cluster's community launch
    for everyone and includes ``bank`` (mentor or mentee ids) in the competency leaders bank.
    The tracks stop in ``planning``; :func:`work_track` takes one to ``review``.
    """
    from pedcommunity.model import CommunityEvent, EventKind
    from pedcommunity.model.bank import BankResult, BankResultKind
    from pedcommunity.model.community_events import ClusterEvent
    from pedcommunity.model.mentoring import ActivityFormat, MentoringRequest
    from pedcommunity.workflows.mentoring_programme import ProgrammeData

    def teacher(tid: str, years: int) -> Teacher:
        return Teacher(
            id=tid,
            name=f"Педагог {tid}",
            organisation_id="school-5",
            years_experience=years,
            competencies={"classroom": Level.PROFICIENT},
        )

    data = ProgrammeData(name="Педагогическая инвестиция", coordinator_ids=(COORDINATOR,))
    app.start("mentoring_programme", data, id=programme_id, actor=COORDINATOR)
    prog = app.programme(programme_id)
    fire_ = prog.fire
    fire_("add_curator", actor=COORDINATOR, teacher_id="curator-1", capacity=10)
    fire_("open_mentee_base", actor=COORDINATOR)
    for mentees in PAIRS.values():
        for t in mentees:
            fire_("enrol_mentee", actor=COORDINATOR, teacher=teacher(t, 1))
    fire_("open_mentor_base", actor=COORDINATOR)
    for m, mentees in PAIRS.items():
        leader = Leader(teacher=teacher(m, 15), can_teach=("classroom",), capacity=len(mentees))
        fire_("add_leader", actor=COORDINATOR, leader=leader)
    fire_("open_training", actor=COORDINATOR)
    for m in PAIRS:
        fire_("train_mentor", actor=COORDINATOR, leader_id=m)
    fire_("open_matching", actor=COORDINATOR)
    request = MentoringRequest(
        goals=("Дисциплина на уроке",),
        competency_ids=("classroom",),
        formats=(ActivityFormat.LESSON_OBSERVATION,),
    )
    for m, mentees in PAIRS.items():
        track_id = f"tr-{m}"
        form = "group" if len(mentees) > 1 else "traditional"
        prog.open_track(track_id, mentee_ids=mentees, request=request, form=form, actor=COORDINATOR)
        prog.propose(track_id, m, actor=COORDINATOR)
        for person in (m, *mentees):
            prog.fire_track(track_id, "accept", actor=person)
    fire_("start_work", actor=COORDINATOR)
    launch = CommunityEvent(
        id="launch",
        kind=EventKind.COMMUNITY_LAUNCH,
        planned_on=record_day(clock.now()),
        topic="Компетентностный лидер",
    )
    fire_("schedule_event", actor=COORDINATOR, event=ClusterEvent(launch))
    everyone = tuple(x for m, mentees in PAIRS.items() for x in (m, *mentees))
    fire_(
        "hold_event",
        actor=COORDINATOR,
        event_id="launch",
        on=record_day(clock.now()),
        attendee_ids=everyone,
    )
    attended = BankResult(BankResultKind.EVENTS_ATTENDED, value=1)
    for who in bank:
        fire_(
            "include_in_bank",
            actor=COORDINATOR,
            teacher_id=who,
            reason="Ярко проявил(а) себя на запуске сообщества",
            results=(attended,),
        )


def work_track(app: Any, programme_id: str, track_id: str) -> None:
    """Take a track of :func:`bank_programme` from ``planning`` to ``review``."""
    from pedcommunity.model.mentoring import draft_programme

    prog = app.programme(programme_id)
    track = prog.track(track_id)
    mentor = track.data.mentor.id
    plan = draft_programme(track.data.request, track.data.form)
    prog.fire_track(track_id, "set_plan", actor=mentor, plan=plan)
    prog.fire_track(track_id, "begin", actor=mentor)
    for milestone in plan.milestones:
        prog.fire_track(track_id, "complete_milestone", actor=mentor, milestone_id=milestone.id)
    prog.fire_track(track_id, "finish", actor=mentor)
