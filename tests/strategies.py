"""Hypothesis strategies for every public type of the JSON contract, and for running PLCs.

Every strategy builds valid values only: ids follow the id rule, texts are non-blank (and
Russian texts hold Cyrillic), datetimes carry a fixed UTC offset, and cross-field rules hold
(one of teacher or source in an assignment, min <= max members, non-empty reflections).

:data:`CORE_STRATEGIES` maps each core type of the contract to its strategy
(:mod:`tests.strategies_all` gathers every type). :func:`workflows` runs a prefix of a
scripted PLC cycle; :func:`domain_events` picks events from such runs.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from pedcommunity.errors import PermissionDenied
from pedcommunity.i18n import Label
from pedcommunity.model import (
    AuditAnswer,
    AuditStatus,
    CareerStage,
    Community,
    CommunityKind,
    Competency,
    CompetencyCatalogue,
    DomainEvent,
    EvidenceSource,
    EvidenceUnit,
    ImpactSummary,
    InteractionAgreement,
    LearningAssignment,
    LearningPlan,
    LearningSession,
    LearntMark,
    Level,
    Organisation,
    OrganisationKind,
    PupilEvidence,
    Reflection,
    Teacher,
    Topic,
)
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import (
    PLC_CYCLE,
    AddCompetency,
    AdoptPlan,
    AgreeInteraction,
    ChooseTopic,
    CycleRecord,
    DeclineLearnt,
    Disband,
    GapCount,
    GapRef,
    HoldLearningSession,
    HoldMeeting,
    LearningProgress,
    Leave,
    MarkLearnt,
    Meeting,
    MeetingKind,
    Membership,
    PlcData,
    PlcRules,
    ProposeTopic,
    Reflect,
    RemoveCompetency,
    SubmitAudit,
    Vote,
    WithdrawTopic,
    Workflow,
    fire,
    learning_progress,
    start,
    tally,
)
from pedcommunity.workflows._inputs import _check_at
from pedcommunity.workflows.permissions import DATA_ROLES, authorise

__all__ = [
    "CORE_STRATEGIES",
    "CYRILLIC",
    "aware_datetimes",
    "cyrillic_texts",
    "domain_events",
    "ids",
    "labels",
    "offsets",
    "texts",
    "workflows",
]

T = TypeVar("T")

# -- scalars ----------------------------------------------------------------------------------

_ID_FIRST = string.ascii_letters + string.digits
_ID_REST = _ID_FIRST + "_.:@/-"

#: The Russian alphabet, upper and lower case, with Ё.
CYRILLIC = "".join(chr(c) for c in range(0x410, 0x450)) + "Ёё"

# Characters a Russian text is made of; no quote or backslash, so the text appears verbatim
# inside its JSON string.
_RU_ALPHABET = CYRILLIC + string.ascii_letters + string.digits + " .,:;!?()-–—«»№%"


def ids(max_size: int = 128) -> SearchStrategy[str]:
    """Identifiers that match ``^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}$`` (1-128 characters).

    Mostly short; one in eight is exactly ``max_size`` characters long, the edge of the rule.
    """
    first = st.sampled_from(_ID_FIRST)
    rest = max_size - 1
    short = st.builds(str.__add__, first, st.text(_ID_REST, max_size=min(rest, 15)))
    longest = st.builds(str.__add__, first, st.text(_ID_REST, min_size=rest, max_size=rest))
    return st.integers(0, 7).flatmap(lambda i: longest if i == 7 else short)


def unique_ids(*, min_size: int = 0, max_size: int = 4) -> SearchStrategy[tuple[str, ...]]:
    """Tuples of distinct identifiers."""
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True).map(tuple)


def cyrillic_texts(max_size: int = 30) -> SearchStrategy[str]:
    """Non-blank texts holding at least one Cyrillic letter, made of JSON-safe characters."""
    part = st.text(_RU_ALPHABET, max_size=max_size)
    return st.builds(lambda a, c, b: a + c + b, part, st.sampled_from(CYRILLIC), part)


def any_text(max_size: int = 20) -> SearchStrategy[str]:
    """Any string UTF-8 can carry (no lone surrogates), blank or empty included."""
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


def texts(max_size: int = 20) -> SearchStrategy[str]:
    """Non-blank texts: Russian, or any characters UTF-8 can carry."""
    return cyrillic_texts(max_size) | any_text(max_size).filter(str.strip)


def offsets() -> SearchStrategy[timezone]:
    """Fixed UTC offsets (no DST zones): common ones, any minute, and odd seconds."""
    common = [
        UTC,
        timezone(timedelta(hours=3)),  # Moscow
        timezone(timedelta(hours=7)),  # Krasnoyarsk
        timezone(timedelta(hours=12)),  # Kamchatka
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
        timezone(timedelta(hours=5, minutes=45)),
        timezone(timedelta(hours=-9, minutes=-30)),
        timezone(timedelta(hours=14)),
        timezone(timedelta(hours=-12)),
    ]
    day = 24 * 60
    return st.one_of(
        st.sampled_from(common),
        st.integers(-(day - 1), day - 1).map(lambda m: timezone(timedelta(minutes=m))),
        st.integers(-(day * 60 - 1), day * 60 - 1).map(lambda s: timezone(timedelta(seconds=s))),
    )


def record_day(at: datetime) -> date:
    """The day the engine records for a time ``at``: its date, in UTC when the offset has odd
    seconds (the engine keeps such a time in UTC, as RFC 3339 and the JSON contract do)."""
    return _check_at(at).date()  # the engine's own reading, not a copy of it


def aware_datetimes() -> SearchStrategy[datetime]:
    """Timezone-aware datetimes between 1970 and 2100 with various fixed offsets."""
    return st.datetimes(
        min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31), timezones=offsets()
    )


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(strategy: SearchStrategy[T], *, min_size: int = 0, max_size: int = 3) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


_shares = st.just(1) | st.floats(min_value=0, max_value=1, exclude_min=True)

# -- model ------------------------------------------------------------------------------------


def labels() -> SearchStrategy[Label]:
    """Bilingual labels: Russian text with Cyrillic, English text of any characters."""
    return st.builds(Label, ru=cyrillic_texts(), en=texts())


def audit_answers() -> SearchStrategy[AuditAnswer]:
    """Audit answers, with or without a learning source (non-blank when given)."""
    return st.builds(
        AuditAnswer,
        teacher_id=ids(),
        competency_id=ids(),
        status=st.sampled_from(AuditStatus),
        learning_source=_optional(texts()),
    )


def competencies() -> SearchStrategy[Competency]:
    """Competencies with an optional description."""
    return st.builds(Competency, id=ids(), name=labels(), description=_optional(labels()))


def catalogues() -> SearchStrategy[CompetencyCatalogue]:
    """Catalogues of competencies with distinct ids."""
    return st.builds(
        CompetencyCatalogue,
        id=ids(),
        name=labels(),
        competencies=st.lists(competencies(), max_size=4, unique_by=lambda c: c.id),
    )


def communities() -> SearchStrategy[Community]:
    """Communities with distinct organisation and member ids."""
    return st.builds(
        Community,
        id=ids(),
        name=cyrillic_texts(),
        kind=st.sampled_from(CommunityKind),
        organisation_ids=unique_ids(),
        member_ids=unique_ids(),
    )


def agreements() -> SearchStrategy[InteractionAgreement]:
    """Interaction agreements: at least one rule, any signers."""
    return st.builds(
        InteractionAgreement,
        rules=_tuples(texts(), min_size=1),
        signed_by=_tuples(ids()),
    )


@st.composite
def learning_assignments(draw: Callable[..., Any]) -> LearningAssignment:
    """Assignments with exactly one of a peer (never the learner) or an outside source."""
    learner = draw(ids())
    competency = draw(ids())
    if draw(st.booleans()):
        teacher = draw(ids().filter(lambda t: t != learner))
        return LearningAssignment(learner_id=learner, competency_id=competency, teacher_id=teacher)
    return LearningAssignment(learner_id=learner, competency_id=competency, source=draw(texts()))


def plans() -> SearchStrategy[LearningPlan]:
    """Learning plans that assign each gap once, with some uncovered gaps."""
    return st.builds(
        LearningPlan,
        assignments=st.lists(
            learning_assignments(),
            max_size=4,
            unique_by=lambda a: (a.learner_id, a.competency_id),
        ),
        uncovered=_tuples(st.tuples(ids(), ids())),
    )


def organisations() -> SearchStrategy[Organisation]:
    """Organisations of every kind, with or without a city."""
    return st.builds(
        Organisation,
        id=ids(),
        name=cyrillic_texts(),
        kind=st.sampled_from(OrganisationKind),
        city=_optional(any_text()),
    )


_DAYS = st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def pupil_evidence(draw: Callable[..., Any]) -> PupilEvidence:
    """Measured results in every unit, within its bounds, the result after the baseline."""
    unit = draw(st.sampled_from(EvidenceUnit))
    max_score = None
    if unit is EvidenceUnit.SHARE:
        values = st.floats(0, 1)
    elif unit is EvidenceUnit.COUNT:
        values = st.integers(0, 10_000)
    else:
        max_score = draw(st.sampled_from([5, 10, 100.0]) | st.floats(0.5, 1000))
        values = st.floats(0, max_score)
    baseline_on = draw(_DAYS)
    source = draw(st.sampled_from(EvidenceSource))
    note = draw(texts()) if source is EvidenceSource.OTHER else draw(_optional(texts()))
    return PupilEvidence(
        measure=draw(cyrillic_texts()),
        group=draw(cyrillic_texts(8)),
        baseline=draw(values),
        result=draw(values),
        baseline_on=baseline_on,
        result_on=baseline_on + timedelta(days=draw(st.integers(1, 400))),
        source=source,
        unit=unit,
        max_score=max_score,
        pupils=draw(_optional(st.integers(1, 500))),
        competency_id=draw(_optional(ids())),
        higher_is_better=draw(st.booleans()),
        source_note=note,
        collected_by=draw(unique_ids(max_size=2)),
    )


@st.composite
def reflections(draw: Callable[..., Any]) -> Reflection:
    """Reflections with a change in teaching and evidence in words, measured, or both."""
    words = draw(_tuples(texts(), max_size=2))
    measured = draw(_tuples(pupil_evidence(), min_size=0 if words else 1, max_size=2))
    return Reflection(
        teaching_changes=draw(_tuples(texts(), min_size=1)),
        pupil_impact=words,
        pupil_evidence=measured,
    )


def impact_summaries() -> SearchStrategy[ImpactSummary]:
    """Summaries whose outcomes add up to the measures."""
    return st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)).map(
        lambda t: ImpactSummary(measures=sum(t), improved=t[0], unchanged=t[1], worsened=t[2])
    )


@st.composite
def learning_sessions(draw: Callable[..., Any]) -> LearningSession:
    """Sessions with a peer (never a learner) or an outside source."""
    learners = draw(unique_ids(min_size=1, max_size=3))
    peer = draw(st.booleans())
    return LearningSession(
        competency_id=draw(ids()),
        learner_ids=learners,
        on=draw(_DAYS),
        teacher_id=draw(ids().filter(lambda t: t not in learners)) if peer else None,
        source=None if peer else draw(texts()),
        format=draw(st.sampled_from(MeetingFormat)),
        notes=draw(_optional(texts())),
    )


@st.composite
def learnt_marks(draw: Callable[..., Any]) -> LearntMark:
    """Marks, confirmed (by someone, at some time) or not."""
    confirmed = draw(st.booleans())
    return LearntMark(
        learner_id=draw(ids()),
        competency_id=draw(ids()),
        marked_at=draw(aware_datetimes()),
        evidence=draw(_optional(texts())),
        confirmed_by=draw(ids()) if confirmed else None,
        confirmed_at=draw(aware_datetimes()) if confirmed else None,
    )


@st.composite
def hold_learning_sessions(draw: Callable[..., Any]) -> HoldLearningSession:
    """hold_session payloads, as the sessions they record."""
    s = draw(learning_sessions())
    return HoldLearningSession(
        competency_id=s.competency_id,
        learner_ids=s.learner_ids,
        teacher_id=s.teacher_id,
        source=s.source,
        held_on=draw(_optional(st.just(s.on))),
        format=s.format,
        notes=s.notes,
    )


def gap_counts() -> SearchStrategy[GapCount]:
    """Counts of gaps (learnt no more than the gaps) and sessions."""
    return st.integers(0, 20).flatmap(
        lambda g: st.builds(
            GapCount,
            gaps=st.just(g),
            learnt=st.integers(0, g),
            sessions_attended=st.integers(0, 30),
            sessions_taught=st.integers(0, 30),
        )
    )


@st.composite
def learning_progresses(draw: Callable[..., Any]) -> LearningProgress:
    """The progress of a drawn cycle record, as learning_progress counts it."""
    return learning_progress(draw(cycle_records()))


@st.composite
def teachers(draw: Callable[..., Any]) -> Teacher:
    """Teachers, with the career stage either implied by experience or given."""
    fields: dict[str, Any] = {
        "id": draw(ids()),
        "name": draw(cyrillic_texts()),
        "organisation_id": draw(ids()),
        "subjects": draw(_tuples(texts())),
        "years_experience": draw(st.integers(0, 70)),
        "competencies": draw(st.dictionaries(ids(), st.sampled_from(Level), max_size=4)),
    }
    stage = draw(_optional(st.sampled_from(CareerStage)))
    if stage is not None:
        fields["career_stage"] = stage
    return Teacher(**fields)


def topics() -> SearchStrategy[Topic]:
    """Topics with or without a challenge, competencies and proposer."""
    return st.builds(
        Topic,
        id=ids(),
        title=labels(),
        challenge=_optional(labels()),
        competencies=unique_ids(),
        proposed_by=_optional(ids()),
    )


# -- the PLC's data and payloads --------------------------------------------------------------


@st.composite
def plc_rules(draw: Callable[..., Any]) -> PlcRules:
    """PLC rules with min_members <= max_members and shares in (0, 1]."""
    low = draw(st.integers(1, 50))
    return PlcRules(
        min_members=low,
        max_members=draw(st.integers(low, 100)),
        vote_quorum=draw(_shares),
        audit_quorum=draw(_shares),
        max_teaching_load=draw(st.integers(1, 20)),
        min_learnt_share=draw(st.just(0) | _shares),
        min_sessions_per_gap=draw(st.integers(0, 5)),
        min_pupil_evidence=draw(st.integers(0, 3)),
    )


def meetings() -> SearchStrategy[Meeting]:
    """Meetings of every kind, online or not."""
    return st.builds(
        Meeting,
        kind=st.sampled_from(MeetingKind),
        at=aware_datetimes(),
        online=st.booleans(),
        attendees=_tuples(ids()),
        notes=_optional(texts()),
    )


def cycle_records() -> SearchStrategy[CycleRecord]:
    """Finished cycles, with or without plan and reflection, sessions and learnt marks."""
    return st.builds(
        CycleRecord,
        number=st.integers(1, 50),
        topic_id=ids(),
        competency_ids=unique_ids(),
        plan=_optional(plans()),
        reflection=_optional(reflections()),
        sessions=_tuples(learning_sessions(), max_size=2),
        learnt=_tuples(learnt_marks(), max_size=2),
    )


def plc_data() -> SearchStrategy[PlcData]:
    """PLC data as a snapshot (each field valid on its own; no workflow made it)."""
    return st.builds(
        PlcData,
        name=cyrillic_texts(),
        organisation_id=_optional(ids()),
        leader_id=_optional(ids()),
        facilitator_ids=unique_ids(max_size=2),
        rules=plc_rules(),
        members=unique_ids(),
        meetings=_tuples(meetings(), max_size=2),
        agreement=_optional(agreements()),
        cycle=st.integers(1, 50),
        topics=_tuples(topics(), max_size=2),
        votes=st.dictionaries(ids(), ids(), max_size=3),
        chosen_topic_id=_optional(ids()),
        competencies=_tuples(competencies(), max_size=2),
        audit=_tuples(audit_answers()),
        plan=_optional(plans()),
        reflection=_optional(reflections()),
        history=_tuples(cycle_records(), max_size=2),
        closed_reason=_optional(texts()),
        sessions=_tuples(learning_sessions(), max_size=2),
        learnt=_tuples(learnt_marks(), max_size=2),
    )


# -- running PLCs -----------------------------------------------------------------------------

#: The leader's actor id in scripted workflows (the director's order names them).
LEADER = "head"

#: The facilitator's actor id in scripted workflows.
FACILITATOR = "facilitator"

#: How many triggers a scripted run's prefix fires at most after ``start``: forming with 6
#: members (10) and two cycles of 27 triggers besides learning, which adds up to five per gap
#: learnt (a session, a mark sent back and made again, a confirmation) for half the gaps and
#: one more: a long run may be cut, a prefix of any length up to this is drawn.
MAX_STEPS = 128

# Strategies built once: building them inside the composite costs more than drawing from them.
# The script's own values are lean (short texts, few optional fields): the rich values of each
# payload type are exercised through STRATEGIES; here the point is many valid event logs.
_ID = ids()
_SHORT_ID = ids(max_size=16)
_SHORT_TEXT = cyrillic_texts(8)
_TEXT = texts()
_NOTE = _optional(texts(8))
_OFFSET = offsets()
_THREE_DAYS_US = 3 * 24 * 3600 * 10**6
_BOOL = st.booleans()
_STATUS = st.sampled_from(AuditStatus)
_LABEL = st.builds(Label, ru=_SHORT_TEXT, en=texts(8))
_TOPICS = st.builds(Topic, id=_SHORT_ID, title=_LABEL, proposed_by=_optional(_SHORT_ID))
_COMPETENCIES = st.lists(
    st.builds(Competency, id=_SHORT_ID, name=_LABEL),
    min_size=1,
    max_size=3,
    unique_by=lambda c: c.id,
)
_RULES = _tuples(_SHORT_TEXT, min_size=1, max_size=2)
_REFLECTION = st.builds(Reflection, teaching_changes=_RULES, pupil_impact=_RULES)
_MEASURE = st.builds(
    PupilEvidence,
    measure=_SHORT_TEXT,
    group=_SHORT_TEXT,
    baseline=st.floats(0, 1),
    result=st.floats(0, 1),
    # Before any drawn run starts (1970 in its own offset), so never after a reflection's day.
    baseline_on=st.just(date(1969, 11, 1)),
    result_on=st.just(date(1969, 12, 1)),
    source=st.sampled_from([s for s in EvidenceSource if s is not EvidenceSource.OTHER]),
)


class _Stop(Exception):
    """The drawn number of steps has been fired."""


class _Run:
    """Fires scripted triggers on one workflow with increasing times, until the budget ends.

    Incidental choices (who fires a trigger, how much time passes, in which offset an event
    is stamped, who attends) come from one seeded ``random.Random``: drawing each of them from
    hypothesis would triple the cost of a run. The seed is drawn, so runs still reproduce.
    """

    def __init__(
        self, draw: Callable[..., Any], workflow: Workflow, at: datetime, budget: int | None
    ) -> None:
        self.draw = draw
        self.wf = workflow
        self.at = at
        self.budget = budget
        self.rng = draw(st.randoms(use_true_random=True))
        # The offsets the PLC's events are stamped in (members in several regions).
        self.zones = draw(st.lists(_OFFSET, min_size=1, max_size=3))

    def subset(self, items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(m for m in items if self.rng.random() < 0.5)

    def may(self, trigger: str, payload: Any, actor: str) -> bool:
        """Whether ``actor`` may fire ``trigger`` with ``payload`` (the definition's permission)."""
        definition = self.wf.definition
        roles = DATA_ROLES.roles(definition, self.wf.id, self.wf.data, actor)
        try:
            authorise(
                definition.permissions.get(trigger),
                trigger=trigger,
                actor=actor,
                roles=roles,
                payload=payload,
            )
        except PermissionDenied:
            return False
        return True

    def fire(
        self,
        trigger: str,
        payload: Any = None,
        *,
        actor: str | None = None,
        among: tuple[str, ...] = (),
    ) -> None:
        """Fire as ``actor``, or as one of ``among`` (or of everyone) who may fire it."""
        if self.budget is not None:
            if self.budget <= 0:
                raise _Stop
            self.budget -= 1
        if actor is None:
            candidates = among or (LEADER, *self.wf.data.facilitator_ids, *self.wf.data.members)
            actor = self.rng.choice([a for a in candidates if self.may(trigger, payload, a)])
        # Times never go back: up to three days pass, sometimes none at all.
        if self.rng.random() < 0.9:
            self.at += timedelta(microseconds=self.rng.randrange(_THREE_DAYS_US))
        at = self.at.astimezone(self.rng.choice(self.zones))
        fire(self.wf, trigger, payload, actor=actor, at=at)


def _forming(run: _Run, draw: Callable[..., Any]) -> None:
    n = draw(st.integers(3, 6))
    # Teachers join in their own name, or the leader or a facilitator enrols them.
    people = st.lists(
        _SHORT_ID.filter(lambda t: t not in (LEADER, FACILITATOR)),
        min_size=n,
        max_size=n,
        unique=True,
    )
    for m in draw(people):
        run.fire("join", Membership(teacher_id=m), among=(m, LEADER, FACILITATOR))
    members = run.wf.data.members
    for kind in (MeetingKind.ORGANISATIONAL, MeetingKind.AGREEMENT):
        meeting = HoldMeeting(
            kind=kind, online=draw(_BOOL), attendees=run.subset(members), notes=draw(_NOTE)
        )
        run.fire("hold_meeting", meeting)
    agreement = InteractionAgreement(rules=draw(_RULES), signed_by=run.subset(members))
    run.fire("agree", AgreeInteraction(agreement=agreement))
    run.fire("open_topic_list")


def _cycle(run: _Run, draw: Callable[..., Any]) -> None:
    data = run.wf.data
    taken = {t.id for t in data.topics} | set(data.studied_topic_ids)
    for _ in range(draw(st.integers(1, 3))):
        topic = draw(_TOPICS)
        if topic.id not in taken:
            taken.add(topic.id)
            run.fire("propose_topic", ProposeTopic(topic=topic))
    if not run.wf.data.topics:  # every drawn id was taken: propose a fresh one
        fresh = next(f"topic-{i}" for i in range(len(taken) + 1) if f"topic-{i}" not in taken)
        run.fire("propose_topic", ProposeTopic(topic=attrs.evolve(draw(_TOPICS), id=fresh)))
    if draw(_BOOL):
        run.fire("hold_meeting", HoldMeeting(kind=MeetingKind.WORKING, online=draw(_BOOL)))
    run.fire("open_vote")

    data = run.wf.data
    members = data.members
    need = data.rules.quorum(data.rules.vote_quorum, len(members))
    voters = draw(st.permutations(members))[: draw(st.integers(need, len(members)))]
    listed = tuple(t.id for t in data.topics)
    for voter in voters:
        # Mostly in their own name; sometimes a facilitator records an absent member's vote.
        vote = Vote(teacher_id=voter, topic_id=run.rng.choice(listed))
        run.fire("vote", vote, among=(voter, voter, LEADER, FACILITATOR))
    ranked = tally(run.wf.data.votes, run.wf.data.topics)
    leaders = [tid for tid, n in ranked if n == ranked[0][1]]
    casting = run.rng.choice(leaders) if len(leaders) > 1 or draw(_BOOL) else None
    run.fire("choose_topic", ChooseTopic(topic_id=casting))

    needed = draw(_COMPETENCIES)
    for competency in needed:
        run.fire("list_competency", AddCompetency(competency=competency))
    run.fire("open_audit")

    for member in draw(st.permutations(members)):
        answers = []
        for competency in needed:
            status = draw(_STATUS)
            # A gap always names an outside source, so every gap can be covered.
            source = draw(_SHORT_TEXT) if status.is_gap else draw(st.none() | _SHORT_TEXT)
            answers.append(
                AuditAnswer(
                    teacher_id=member,
                    competency_id=competency.id,
                    status=status,
                    learning_source=source,
                )
            )
        answers = draw(st.permutations(answers))
        audit = SubmitAudit(teacher_id=member, answers=answers)
        run.fire("submit_audit", audit, among=(member, member, LEADER, FACILITATOR))
    run.fire("close_audit")

    plan = propose_plan(run.wf.data)
    assert not plan.uncovered, f"the script left gaps uncovered: {plan.uncovered}"
    run.fire("adopt_plan", AdoptPlan(plan=plan))
    _learn(run, draw, plan)
    run.fire("start_reflection")
    reflection = attrs.evolve(draw(_REFLECTION), pupil_evidence=(draw(_MEASURE),))
    run.fire("reflect", Reflect(reflection=reflection))


def _learn(run: _Run, draw: Callable[..., Any], plan: LearningPlan) -> None:
    """Learn as many of the plan's gaps as reflection needs (and sometimes one more).

    For each: a session with the assigned peer or source, the learner's mark (sometimes sent
    back once and marked again), the peer's confirmation (the leader's or the facilitator's
    for an outside source).
    """
    rules = run.wf.data.rules
    gaps = list(plan.assignments)
    need = math.ceil(rules.min_learnt_share * len(gaps) - 1e-9)
    for a in draw(st.permutations(gaps))[: min(len(gaps), need + draw(st.integers(0, 1)))]:
        session = HoldLearningSession(
            competency_id=a.competency_id,
            learner_ids=(a.learner_id,),
            teacher_id=a.teacher_id,
            source=a.source,
        )
        staff = (LEADER, FACILITATOR)
        run.fire("hold_session", session, among=(a.teacher_id or a.learner_id, *staff))
        gap = {"learner_id": a.learner_id, "competency_id": a.competency_id}
        confirmers = (a.teacher_id,) if a.teacher_id else staff
        if draw(_BOOL):
            run.fire("mark_learnt", MarkLearnt(**gap), among=(a.learner_id, *staff))
            run.fire("decline_learnt", DeclineLearnt(reason="Ещё урок", **gap), among=confirmers)
        run.fire("mark_learnt", MarkLearnt(**gap), among=(a.learner_id, *staff))
        run.fire("confirm_learnt", GapRef(**gap), among=confirmers)


@st.composite
def workflows(draw: Callable[..., Any], *, full: bool = False) -> Workflow:
    """A PLC that ran a prefix of a valid scripted cycle (the whole script when ``full``).

    The script: 3-6 members join, the organisational then the agreement meeting, the
    agreement, the topic list; then up to two cycles of proposing topics, an optional working
    meeting, the vote, the choice, listing competencies, every member's audit (each gap names
    an outside source), the proposed plan, the reflection, and ``next_cycle`` or ``close``.
    The leader and a facilitator run the stages; members join, vote and answer the audit in
    their own name or the leader or the facilitator records it for them (``on_behalf_of``).
    """
    rules = PlcRules(
        min_members=3,
        max_members=draw(st.integers(6, 15)),
        vote_quorum=draw(_shares),
        max_teaching_load=draw(st.integers(1, 3)),
    )
    data = PlcData(
        name=draw(cyrillic_texts()),
        organisation_id=draw(_optional(_ID)),
        leader_id=LEADER,
        facilitator_ids=(FACILITATOR,),
        rules=rules,
    )
    at = draw(aware_datetimes())
    wf = start(PLC_CYCLE, data, id=draw(_ID), actor=FACILITATOR, at=at)
    budget = None if full else draw(st.integers(0, MAX_STEPS) | st.just(MAX_STEPS))
    run = _Run(draw, wf, at, budget)
    try:
        _forming(run, draw)
        for _ in range(2):
            _cycle(run, draw)
            if draw(_BOOL):
                run.fire("close", Disband(reason=draw(_TEXT)))
                break
            run.fire("next_cycle")
    except _Stop:
        pass
    return wf


def domain_events() -> SearchStrategy[DomainEvent]:
    """Events recorded by scripted PLC runs, with their typed payloads."""
    return workflows().flatmap(lambda wf: st.sampled_from(wf.events))


#: A strategy for every public type of the core (PLC, model); `tests.strategies_all` adds the rest.
CORE_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Label: labels(),
    AuditAnswer: audit_answers(),
    Community: communities(),
    Competency: competencies(),
    CompetencyCatalogue: catalogues(),
    DomainEvent: domain_events(),
    InteractionAgreement: agreements(),
    LearningAssignment: learning_assignments(),
    LearningPlan: plans(),
    Organisation: organisations(),
    Reflection: reflections(),
    LearningSession: learning_sessions(),
    LearntMark: learnt_marks(),
    PupilEvidence: pupil_evidence(),
    ImpactSummary: impact_summaries(),
    GapCount: gap_counts(),
    LearningProgress: learning_progresses(),
    HoldLearningSession: hold_learning_sessions(),
    MarkLearnt: st.builds(
        MarkLearnt, learner_id=ids(), competency_id=ids(), evidence=_optional(texts())
    ),
    GapRef: st.builds(GapRef, learner_id=ids(), competency_id=ids()),
    DeclineLearnt: st.builds(DeclineLearnt, learner_id=ids(), competency_id=ids(), reason=texts()),
    Teacher: teachers(),
    Topic: topics(),
    AddCompetency: st.builds(AddCompetency, competency=competencies()),
    AdoptPlan: st.builds(AdoptPlan, plan=plans()),
    AgreeInteraction: st.builds(AgreeInteraction, agreement=agreements()),
    ChooseTopic: st.builds(ChooseTopic, topic_id=_optional(ids())),
    CycleRecord: cycle_records(),
    Disband: st.builds(Disband, reason=texts()),
    HoldMeeting: st.builds(
        HoldMeeting,
        kind=st.sampled_from(MeetingKind),
        online=st.booleans(),
        attendees=_tuples(ids()),
        notes=_optional(texts()),
    ),
    Leave: st.builds(Leave, teacher_id=ids(), reason=_optional(texts())),
    Meeting: meetings(),
    Membership: st.builds(Membership, teacher_id=ids()),
    PlcData: plc_data(),
    PlcRules: plc_rules(),
    ProposeTopic: st.builds(ProposeTopic, topic=topics()),
    Reflect: st.builds(Reflect, reflection=reflections()),
    RemoveCompetency: st.builds(RemoveCompetency, competency_id=ids()),
    SubmitAudit: st.builds(SubmitAudit, teacher_id=ids(), answers=_tuples(audit_answers())),
    Vote: st.builds(Vote, teacher_id=ids(), topic_id=ids()),
    WithdrawTopic: st.builds(WithdrawTopic, topic_id=ids()),
    Workflow: workflows(),
}
