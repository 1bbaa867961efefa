"""The mentoring track (seeds 001 and 003): one mentee, or a group, from request to results.

Stages: ``requested`` -> ``proposed`` -> ``planning`` -> ``active`` (<-> ``paused``) ->
``review`` -> ``completed``; ``closed`` ends a track early from any stage. Both final stages
accept no trigger: a completed track never changes.

- **Requested.** The mentee states goals, competencies to grow and preferred formats
  (:class:`~pedcommunity.model.mentoring.MentoringRequest`), and may rank the mentors they
  would like (``rank_mentors``).
- **Proposed.** A coordinator or curator proposes a mentor (``propose``), or the mentee asks
  their best remaining choice (``request_mentor``). Proposals from bulk matching are drafts
  until a coordinator publishes them. The other side answers within
  ``TrackRules.response_days``: the mentor answers a mentee's request; the mentor and the
  mentees all answer a coordinator's proposal (mentoring is voluntary, seed 001 1.4). A
  declined or lapsed proposal is remembered in ``excluded`` and that mentor is never proposed
  again; when the mentee ranked mentors, the request then cascades to the next choice
  (``cascade``, fired by :func:`tick`: it is due as soon as the decline or lapse is recorded).
- **Planning.** The mentor (or curator) sets the personal development programme, built from
  the request: a goal for every requested competency, activities in the requested formats,
  milestones within a duration the form allows.
- **Active.** Sessions and check-ins are logged, activities and milestones completed, progress
  per goal rated by the mentor or derived from completed activities (``TrackRules.progress``),
  pulse surveys answered. A track can be paused and resumed (the end date and milestones move
  by the pause) and extended within the form's bounds.
- **Review.** Mentor and mentees give final feedback (how well the pair suited, what
  changed); the pair may enter the festival. Then ``complete``.

Time-based rules are due dates, never timers: :func:`due` lists what is due at a given time
and :func:`tick` fires it (a proposal lapses, a ranked request cascades, a milestone falls
overdue, a pulse survey is due, the end date is reached). The host calls ``tick(track, now)``
when it likes. A paused track flags no milestone: the pause moves them when it ends.

Who may fire what is part of the definition (:data:`TRACK_PERMISSIONS`): the actor's roles
come from the track's data (:func:`track_roles`); a refused actor gets
:class:`~pedcommunity.errors.PermissionDenied`.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.model import Teacher
    >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
    >>> from pedcommunity.workflows import start, fire
    >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
    >>> mentee = Teacher(id="t1", name="Иван", organisation_id="s1", years_experience=1)
    >>> mentor = Teacher(id="m1", name="Ольга", organisation_id="s1", years_experience=20)
    >>> data = TrackData(form=MENTORING_FORMS["traditional"], mentees=(mentee,),
    ...                  request=MentoringRequest(goals=("Дисциплина на уроке",)),
    ...                  coordinator_ids=("coord",))
    >>> track = start(MENTORING_TRACK, data, id="tr1", actor="t1", at=at)
    >>> _ = fire(track, "propose", actor="coord", at=at, mentor=mentor)
    >>> track.state, track.data.open_proposal.awaiting
    ('proposed', ('m1', 't1'))
    >>> _ = fire(track, "accept", actor="m1", at=at)
    >>> _ = fire(track, "accept", actor="t1", at=at)
    >>> track.state, track.data.mentor.id
    ('planning', 'm1')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label, counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    evolve_checked,
    evolve_trusted,
    instances_of,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.domain_events import DomainEvent, check_aware, is_aware
from pedcommunity.model.festival import FestivalEntry
from pedcommunity.model.mentoring import (
    DevelopmentProgramme,
    MeetingFormat,
    MentoringForm,
    MentoringRequest,
    Role,
)
from pedcommunity.model.people import Teacher
from pedcommunity.workflows.definition import (
    ANY_STATE,
    Context,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.engine import Workflow, fire
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

__all__ = [
    "LIVE_PAIR_STATES",
    "MENTORING_TRACK",
    "SYSTEM_ACTOR",
    "TRACK_PERMISSIONS",
    "AnswerPulse",
    "CloseTrack",
    "CompleteActivity",
    "CompleteMilestone",
    "DeclineProposal",
    "Due",
    "EnterFestival",
    "ExtendTrack",
    "FinalFeedback",
    "FlagMilestone",
    "GiveFeedback",
    "LogSession",
    "PauseRecord",
    "PauseTrack",
    "ProgressMode",
    "Proposal",
    "ProposalSource",
    "ProposalStatus",
    "ProposeMentor",
    "PulseAnswer",
    "RankMentors",
    "RateProgress",
    "SessionKind",
    "SessionRecord",
    "SetPlan",
    "TrackClosure",
    "TrackData",
    "TrackRules",
    "UpdateRequest",
    "WithdrawProposal",
    "cascade_choice",
    "due",
    "rematch_data",
    "roles_of",
    "tick",
    "track_roles",
]

#: The actor the host's :func:`tick` fires time-based triggers as.
SYSTEM_ACTOR = "system"

#: States in which a mentor is engaged with the track's mentees (their capacity is taken).
LIVE_PAIR_STATES = ("planning", "active", "paused", "review")


# -- data ---------------------------------------------------------------------------------------


_optional_text = attrs.validators.optional(check_text)


def _optional_positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_positive_int(instance, attribute, value)


def _between(lo: int, hi: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(
                f"{attribute.name} must be a whole number from {lo} to {hi}, got {shown(value)}"
            )

    return check


def _optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_aware(instance, attribute, value)


def _dated_ids(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, when in value.items():
        check_id(instance, attribute, key)
        check_aware(instance, attribute, when)


def _percentages(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, pct in value.items():
        check_id(instance, attribute, key)
        if isinstance(pct, bool) or not isinstance(pct, int) or not 0 <= pct <= 100:
            raise ValueError(f"{attribute.name} holds percentages from 0 to 100, got {shown(pct)}")


class ProgressMode(enum.Enum):
    """How progress per goal is measured: rated by the mentor, or derived from tasks done."""

    RATED = "rated"
    DERIVED = "derived"


class ProposalSource(enum.Enum):
    """Where a proposal comes from."""

    COORDINATOR = "coordinator"
    MENTEE = "mentee"
    MATCHING = "matching"

    @property
    def label(self) -> Label:
        """The source's Russian and English name."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    ProposalSource.COORDINATOR: Label(ru="Предложение координатора", en="Coordinator's proposal"),
    ProposalSource.MENTEE: Label(ru="Выбор наставляемого", en="Mentee's choice"),
    ProposalSource.MATCHING: Label(ru="Автоматический подбор", en="Bulk matching"),
}


class ProposalStatus(enum.Enum):
    """Where a proposal stands. Drafts (from bulk matching) wait for a coordinator."""

    DRAFT = "draft"
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> Label:
        """The status's Russian and English name."""
        return _STATUS_LABELS[self]

    @property
    def is_live(self) -> bool:
        """Whether the proposal still waits for someone (a draft or an open proposal)."""
        return self in (ProposalStatus.DRAFT, ProposalStatus.OPEN)


_STATUS_LABELS = {
    ProposalStatus.DRAFT: Label(ru="Черновик", en="Draft"),
    ProposalStatus.OPEN: Label(ru="Ожидает ответа", en="Awaiting an answer"),
    ProposalStatus.ACCEPTED: Label(ru="Принято", en="Accepted"),
    ProposalStatus.DECLINED: Label(ru="Отклонено", en="Declined"),
    ProposalStatus.LAPSED: Label(ru="Истёк срок ответа", en="Lapsed"),
    ProposalStatus.WITHDRAWN: Label(ru="Отозвано", en="Withdrawn"),
}


class SessionKind(enum.Enum):
    """A logged contact of the pair: a working session or a short check-in."""

    SESSION = "session"
    CHECK_IN = "check_in"

    @property
    def label(self) -> Label:
        """The kind's Russian and English name."""
        return _SESSION_LABELS[self]


_SESSION_LABELS = {
    SessionKind.SESSION: Label(ru="Встреча", en="Session"),
    SessionKind.CHECK_IN: Label(ru="Короткая сверка", en="Check-in"),
}


@attrs.frozen
class TrackRules:
    """A track's configurable rules: answer time, pulse interval, how progress is measured.

    Examples:
        >>> TrackRules().response_days, TrackRules(pulse_every_days=None).pulse_every_days
        (7, None)
    """

    response_days: int = attrs.field(default=7, validator=check_positive_int)
    pulse_every_days: int | None = attrs.field(default=30, validator=_optional_positive)
    progress: ProgressMode = attrs.field(
        default=ProgressMode.RATED, validator=attrs.validators.instance_of(ProgressMode)
    )


@attrs.frozen
class Proposal:
    """A mentor proposed to the track's mentees, and how it went."""

    mentor: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))
    source: ProposalSource = attrs.field(validator=attrs.validators.instance_of(ProposalSource))
    status: ProposalStatus = attrs.field(validator=attrs.validators.instance_of(ProposalStatus))
    proposed_by: str = attrs.field(validator=check_id)
    proposed_at: datetime = attrs.field(validator=check_aware)
    due_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    awaiting: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    accepted_by: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    answered_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class SessionRecord:
    """A session or check-in the pair logged."""

    kind: SessionKind = attrs.field(validator=attrs.validators.instance_of(SessionKind))
    at: datetime = attrs.field(validator=check_aware)
    format: MeetingFormat = attrs.field(validator=attrs.validators.instance_of(MeetingFormat))
    by: str = attrs.field(validator=check_id)
    notes: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class PulseAnswer:
    """An answer to a pulse survey: how it goes (1 bad to 5 very good), and a comment."""

    teacher_id: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    score: int = attrs.field(validator=_between(1, 5))
    comment: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class PauseRecord:
    """A pause of the track: when, why, and when it resumed (``None`` while paused)."""

    since: datetime = attrs.field(validator=check_aware)
    reason: str = attrs.field(validator=check_text)
    until: datetime | None = attrs.field(default=None, validator=_optional_aware)


@attrs.frozen
class FinalFeedback:
    """One side's final feedback: how well the pair suited (1 to 5) and what changed."""

    teacher_id: str = attrs.field(validator=check_id)
    fit: int = attrs.field(validator=_between(1, 5))
    what_changed: str = attrs.field(validator=check_text)


@attrs.frozen
class TrackClosure:
    """An early closure: who closed the track, in which role, when and why.

    ``role`` is ``None`` when the closer held no role in the track's data, only one the host's
    access policy gave them.
    """

    by: str = attrs.field(validator=check_id)
    role: Role | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(Role))
    )
    at: datetime = attrs.field(validator=check_aware)
    reason: str = attrs.field(validator=check_text)


@attrs.frozen
class TrackData:
    """Everything a mentoring track knows at one moment. Effects return a new one per change.

    ``mentees`` and proposed mentors are :class:`~pedcommunity.model.Teacher` snapshots, so
    the form's eligibility rules can be checked, and replayed, from the track alone.
    ``excluded`` holds mentors never to propose again (declined, lapsed, or carried over
    from an earlier track of the same mentee).

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.model import Teacher
        >>> a = Teacher(id="t1", name="А", organisation_id="s1")
        >>> b = Teacher(id="t2", name="Б", organisation_id="s1")
        >>> TrackData(form=MENTORING_FORMS["traditional"], mentees=(a, b),
        ...           request=MentoringRequest(goals=("g",)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: mentees: traditional mentoring is for 1 mentee, not 2; ...
    """

    form: MentoringForm = attrs.field(validator=attrs.validators.instance_of(MentoringForm))
    mentees: tuple[Teacher, ...] = attrs.field(converter=to_tuple, validator=instances_of(Teacher))
    request: MentoringRequest = attrs.field(
        validator=attrs.validators.instance_of(MentoringRequest)
    )
    rules: TrackRules = attrs.field(
        factory=TrackRules, validator=attrs.validators.instance_of(TrackRules)
    )
    programme_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    coordinator_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    curator_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    choices: tuple[Teacher, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Teacher)
    )
    excluded: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    proposals: tuple[Proposal, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Proposal)
    )
    mentor: Teacher | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Teacher))
    )
    plan: DevelopmentProgramme | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(DevelopmentProgramme)),
    )
    started_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    ends_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    extension_days: int = attrs.field(default=0, validator=_between(0, 36500))
    sessions: tuple[SessionRecord, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(SessionRecord)
    )
    done_activities: FrozenMap[str, datetime] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_dated_ids
    )
    done_milestones: FrozenMap[str, datetime] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_dated_ids
    )
    overdue_milestones: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    ratings: FrozenMap[str, int] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_percentages
    )
    pulse_requests: tuple[datetime, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_aware)
    )
    pulses: tuple[PulseAnswer, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(PulseAnswer)
    )
    pauses: tuple[PauseRecord, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(PauseRecord)
    )
    feedback: tuple[FinalFeedback, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(FinalFeedback)
    )
    festival_entry: FestivalEntry | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(FestivalEntry)),
    )
    closure: TrackClosure | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(TrackClosure)),
    )

    def __attrs_post_init__(self) -> None:
        problem = self.form.check_group(len(self.mentees))
        if problem is not None:
            raise ValueError(f"mentees: {problem}")
        ids = [m.id for m in self.mentees]
        if len(set(ids)) != len(ids):
            raise ValueError("mentees: a mentee is listed twice")

    # -- queries ------------------------------------------------------------------------------

    @property
    def mentee_ids(self) -> tuple[str, ...]:
        """The mentees' ids."""
        return tuple(m.id for m in self.mentees)

    @property
    def open_proposal(self) -> Proposal | None:
        """The proposal still waiting (a draft or open one), if any."""
        last = self.proposals[-1] if self.proposals else None
        return last if last is not None and last.status.is_live else None

    @property
    def candidate_id(self) -> str | None:
        """The mentor of the waiting proposal, if any."""
        p = self.open_proposal
        return None if p is None else p.mentor.id

    def next_choice(self, skip: Iterable[str] = ()) -> Teacher | None:
        """The mentee's best-ranked mentor not excluded (nor in ``skip``), if any."""
        gone = {*self.excluded, *skip}
        return next((t for t in self.choices if t.id not in gone), None)

    @property
    def paused_days(self) -> timedelta:
        """The time spent in finished pauses: it moves the end date and milestones."""
        return sum(((p.until - p.since) for p in self.pauses if p.until is not None), timedelta())

    def milestone_due_at(self, milestone_id: str) -> datetime | None:
        """When a milestone of the plan falls due: its day after the start, plus pauses."""
        if self.plan is None or self.started_at is None:
            return None
        m = next((m for m in self.plan.milestones if m.id == milestone_id), None)
        if m is None:
            return None
        return self.started_at + timedelta(days=m.due_day) + self.paused_days

    @property
    def next_pulse_at(self) -> datetime | None:
        """When the next pulse survey is due, if the rules ask for pulses."""
        every = self.rules.pulse_every_days
        if every is None or self.started_at is None:
            return None
        last = self.pulse_requests[-1] if self.pulse_requests else self.started_at
        return last + timedelta(days=every)

    def progress(self, goal_id: str) -> int:
        """A goal's progress in percent: the mentor's rating, or the share of activities done.

        Examples:
            >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
            >>> from pedcommunity.model import Teacher
            >>> d = TrackData(form=MENTORING_FORMS["traditional"],
            ...               mentees=(Teacher(id="t1", name="А", organisation_id="s1"),),
            ...               request=MentoringRequest(goals=("g",)), ratings={"g1": 40})
            >>> d.progress("g1"), d.progress("g2")
            (40, 0)
        """
        if self.rules.progress is ProgressMode.RATED or self.plan is None:
            return self.ratings.get(goal_id, 0)
        tasks = self.plan.activities_for(goal_id)
        if not tasks:
            return 0
        done = sum(1 for a in tasks if a.id in self.done_activities)
        return round(100 * done / len(tasks))

    def has_feedback_from(self, teacher_id: str) -> bool:
        """Whether ``teacher_id`` has given final feedback."""
        return any(f.teacher_id == teacher_id for f in self.feedback)


# -- payloads -----------------------------------------------------------------------------------


@attrs.frozen
class UpdateRequest:
    """Payload of ``update_request``: the mentee's revised request."""

    request: MentoringRequest = attrs.field(
        validator=attrs.validators.instance_of(MentoringRequest)
    )


@attrs.frozen
class RankMentors:
    """Payload of ``rank_mentors``: the mentors the mentee would like, best first."""

    choices: tuple[Teacher, ...] = attrs.field(converter=to_tuple, validator=instances_of(Teacher))


@attrs.frozen
class ProposeMentor:
    """Payload of ``propose``: a mentor proposed by a coordinator, or by bulk matching (draft)."""

    mentor: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))
    source: ProposalSource = attrs.field(
        default=ProposalSource.COORDINATOR, validator=attrs.validators.instance_of(ProposalSource)
    )

    def __attrs_post_init__(self) -> None:
        if self.source is ProposalSource.MENTEE:
            raise ValueError(
                "source: a mentee's choice goes through 'request_mentor', not 'propose'"
            )


@attrs.frozen
class WithdrawProposal:
    """Payload of ``withdraw_proposal``: why the coordinator takes a proposal back."""

    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class DeclineProposal:
    """Payload of ``decline``: why the proposal is declined."""

    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class SetPlan:
    """Payload of ``set_plan``: the personal development programme."""

    plan: DevelopmentProgramme = attrs.field(
        validator=attrs.validators.instance_of(DevelopmentProgramme)
    )


@attrs.frozen
class LogSession:
    """Payload of ``log_session``: a session or check-in that took place."""

    kind: SessionKind = attrs.field(
        default=SessionKind.SESSION, validator=attrs.validators.instance_of(SessionKind)
    )
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    notes: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class CompleteActivity:
    """Payload of ``complete_activity``: an activity of the plan is done."""

    activity_id: str = attrs.field(validator=check_id)


@attrs.frozen
class CompleteMilestone:
    """Payload of ``complete_milestone``: a milestone of the plan is reached."""

    milestone_id: str = attrs.field(validator=check_id)


@attrs.frozen
class FlagMilestone:
    """Payload of ``flag_milestone``: a milestone fell due without being reached."""

    milestone_id: str = attrs.field(validator=check_id)


@attrs.frozen
class RateProgress:
    """Payload of ``rate_progress``: the mentor's rating of one goal, in percent."""

    goal_id: str = attrs.field(validator=check_id)
    percent: int = attrs.field(validator=_between(0, 100))


@attrs.frozen
class AnswerPulse:
    """Payload of ``answer_pulse``: the actor's pulse answer (1 to 5) and a comment."""

    score: int = attrs.field(validator=_between(1, 5))
    comment: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class PauseTrack:
    """Payload of ``pause``: why the track pauses."""

    reason: str = attrs.field(validator=check_text)


@attrs.frozen
class ExtendTrack:
    """Payload of ``extend``: how many days to add to the end date."""

    days: int = attrs.field(validator=check_positive_int)


@attrs.frozen
class GiveFeedback:
    """Payload of ``give_feedback``: the actor's final feedback."""

    fit: int = attrs.field(validator=_between(1, 5))
    what_changed: str = attrs.field(validator=check_text)


@attrs.frozen
class EnterFestival:
    """Payload of ``enter_festival``: the pair's festival entry."""

    entry: FestivalEntry = attrs.field(validator=attrs.validators.instance_of(FestivalEntry))


@attrs.frozen
class CloseTrack:
    """Payload of ``close_early``: why the track ends early."""

    reason: str = attrs.field(validator=check_text)


# -- roles ---------------------------------------------------------------------------------------

_M, _E, _K, _C = (r.value for r in (Role.MENTOR, Role.MENTEE, Role.CURATOR, Role.COORDINATOR))
_STAFF = Permission.of(_K, _C)
_PAIR = Permission.of(_M, _E)
_ALL = Permission.of(_M, _E, _K, _C)
_MENTOR_OR_STAFF = Permission.of(_M, _K, _C)
_MENTEE_OR_STAFF = Permission.of(_E, _K, _C)
#: The clock's triggers (``tick`` fires them): open to any actor, since their guards refuse
#: them until they fall due.
_CLOCK = Permission.of(ANYONE)

#: Who may fire each trigger of a mentoring track. A proposal is answered by the people it
#: awaits (the role ``invited``: the proposed mentor and the mentees); time-based triggers are
#: open to any actor, as their guards check the clock.
TRACK_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "update_request": _MENTEE_OR_STAFF,
        "rank_mentors": Permission.of(_E),
        "request_mentor": Permission.of(_E),
        "propose": _STAFF,
        "publish": _STAFF,
        "withdraw_proposal": _MENTEE_OR_STAFF,
        "accept": Permission.of("invited"),
        "decline": Permission.of("invited"),
        "lapse": _CLOCK,
        "cascade": _CLOCK,
        "set_plan": _MENTOR_OR_STAFF,
        "begin": _MENTOR_OR_STAFF,
        "log_session": _PAIR,
        "complete_activity": _PAIR,
        "complete_milestone": _MENTOR_OR_STAFF,
        "flag_milestone": _CLOCK,
        "rate_progress": Permission.of(_M),
        "request_pulse": _CLOCK,
        "answer_pulse": _PAIR,
        "pause": _ALL,
        "resume": _ALL,
        "extend": _STAFF,
        "reach_end": _CLOCK,
        "finish": _MENTOR_OR_STAFF,
        "give_feedback": _PAIR,
        "enter_festival": _PAIR,
        "complete": _MENTOR_OR_STAFF,
        "close_early": _ALL,
    }
)


def roles_of(data: TrackData, actor: str) -> frozenset[Role]:
    """The roles ``actor`` holds in a track.

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.model import Teacher
        >>> d = TrackData(form=MENTORING_FORMS["traditional"],
        ...               mentees=(Teacher(id="t1", name="А", organisation_id="s1"),),
        ...               request=MentoringRequest(goals=("g",)), curator_id="k1")
        >>> sorted(r.value for r in roles_of(d, "t1")), sorted(r.value for r in roles_of(d, "k1"))
        (['mentee'], ['curator'])
    """
    roles = set()
    if actor in data.mentee_ids:
        roles.add(Role.MENTEE)
    if data.mentor is not None and actor == data.mentor.id:
        roles.add(Role.MENTOR)
    if actor == data.curator_id:
        roles.add(Role.CURATOR)
    if actor in data.coordinator_ids:
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def track_roles(data: TrackData, actor: str) -> frozenset[str]:
    """The role names ``actor`` holds in a track, ``invited`` included (:data:`TRACK_PERMISSIONS`).

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.model import Teacher
        >>> d = TrackData(form=MENTORING_FORMS["traditional"],
        ...               mentees=(Teacher(id="t1", name="А", organisation_id="s1"),),
        ...               request=MentoringRequest(goals=("g",)), coordinator_ids=("c1",))
        >>> sorted(track_roles(d, "c1"))
        ['coordinator']
    """
    names = {r.value for r in roles_of(data, actor)}
    p = data.open_proposal
    if p is not None and actor in p.awaiting:
        names.add("invited")
    return frozenset(names)


# -- guards -------------------------------------------------------------------------------------

C = Context[TrackData]


def _eligible(data: TrackData, mentor: Teacher) -> str | None:
    if mentor.id in data.excluded:
        return (
            f"'{mentor.id}' declined, let a proposal lapse or closed a track with these "
            "mentees before; propose someone else"
        )
    return data.form.check(mentor, data.mentees, data.request.competency_ids)


def _g_mentor_eligible(ctx: C) -> str | None:
    return _eligible(ctx.data, ctx.payload.mentor)


def _g_choices_eligible(ctx: C) -> str | None:
    seen: set[str] = set()
    for t in ctx.payload.choices:
        if t.id in seen:
            return f"'{t.id}' is ranked twice"
        seen.add(t.id)
        problem = _eligible(ctx.data, t)
        if problem is not None:
            return f"cannot rank '{t.id}': {problem}"
    if not ctx.payload.choices:
        return "rank at least one mentor"
    return None


def _g_has_choice(ctx: C) -> str | None:
    if ctx.data.next_choice() is None:
        return "no ranked mentor is left to ask; rank more mentors or ask a coordinator"
    return None


def _g_is_draft(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.DRAFT:
        return "only a draft proposal (from bulk matching) is published"
    return None


def _g_awaits_actor(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.OPEN:
        return "the proposal is a draft; a coordinator publishes it before anyone answers"
    if ctx.actor not in p.awaiting:
        waiting = ", ".join(p.awaiting) or "nobody"
        return f"the proposal does not wait for '{ctx.actor}'; it waits for: {waiting}"
    return None


def _g_last_acceptance(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is not None and set(p.awaiting) - {ctx.actor}:
        return "others must still accept"
    return None


def _g_not_overdue_answer(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is not None and p.due_at is not None and ctx.at > p.due_at:
        return (
            f"the time to answer ran out at {p.due_at.isoformat()}; the proposal lapses (call tick)"
        )
    return None


def _g_proposal_overdue(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.OPEN or p.due_at is None:
        return "no open proposal is waiting for an answer"
    if ctx.at <= p.due_at:
        return f"the proposal is open until {p.due_at.isoformat()}"
    return None


def cascade_choice(data: TrackData) -> Teacher | None:
    """The mentor a ranked request cascades to, if a cascade is due.

    A cascade is due when the last proposal came from the mentee's ranked list and was
    declined or lapsed, and a ranked mentor not yet excluded is left.
    """
    last = data.proposals[-1] if data.proposals else None
    if (
        last is None
        or last.source is not ProposalSource.MENTEE
        or last.status not in (ProposalStatus.DECLINED, ProposalStatus.LAPSED)
    ):
        return None
    return data.next_choice()


def _g_cascade_due(ctx: C) -> str | None:
    if cascade_choice(ctx.data) is None:
        return (
            "no cascade is due: the last proposal did not come from the mentee's ranked "
            "list, was not declined or lapsed, or no ranked mentor is left"
        )
    return None


def _g_plan_fits_request(ctx: C) -> str | None:
    plan: DevelopmentProgramme = ctx.payload.plan
    req = ctx.data.request
    form = ctx.data.form
    if not form.min_days <= plan.duration_days <= form.max_days:
        return (
            f"{form.label.en.lower()} lasts {form.min_days} to {form.max_days} days; "
            f"the plan has {plan.duration_days}"
        )
    covered = {g.competency_id for g in plan.goals}
    missing = [c for c in req.competency_ids if c not in covered]
    if missing:
        return (
            "the plan is built from the request: give a goal for every requested competency; "
            f"missing: {', '.join(missing)}"
        )
    stray = [
        g.id
        for g in plan.goals
        if g.competency_id is not None and g.competency_id not in req.competency_ids
    ]
    if stray:
        asked = ", ".join(req.competency_ids) or "none"
        return f"goal '{stray[0]}' grows a competency the mentee did not ask for; asked: {asked}"
    if req.formats:
        wrong = [a for a in plan.activities if a.format not in req.formats]
        if wrong:
            asked = ", ".join(f.value for f in req.formats)
            return (
                f"activity '{wrong[0].id}' is a {wrong[0].format.value}; the mentee asked for: "
                f"{asked}"
            )
    idle = [g.id for g in plan.goals if not plan.activities_for(g.id)]
    if idle:
        return f"every goal needs at least one activity; none for: {', '.join(idle)}"
    return None


def _g_has_plan(ctx: C) -> str | None:
    if ctx.data.plan is None:
        return "set the development programme (set_plan) first"
    return None


def _g_session_allowed(ctx: C) -> str | None:
    form = ctx.data.form
    fmt: MeetingFormat = ctx.payload.format
    if fmt not in form.meeting_formats:
        allowed = ", ".join(f.value for f in form.meeting_formats)
        return f"{form.label.en.lower()} meets {allowed} only, not {fmt.value}"
    if form.max_meetings is not None and ctx.payload.kind is SessionKind.SESSION:
        held = sum(1 for s in ctx.data.sessions if s.kind is SessionKind.SESSION)
        if held >= form.max_meetings:
            return (
                f"{form.label.en.lower()} has at most {counted(form.max_meetings, 'session')}; "
                f"{held} held"
            )
    return None


def _g_activity_open(ctx: C) -> str | None:
    aid = ctx.payload.activity_id
    plan = ctx.data.plan
    if plan is None or all(a.id != aid for a in plan.activities):
        known = ", ".join(a.id for a in plan.activities) if plan else "none"
        return f"activity '{aid}' is not in the plan; activities: {known}"
    if aid in ctx.data.done_activities:
        return f"activity '{aid}' is done already"
    return None


def _g_milestone_open(ctx: C) -> str | None:
    mid = ctx.payload.milestone_id
    plan = ctx.data.plan
    if plan is None or all(m.id != mid for m in plan.milestones):
        known = ", ".join(m.id for m in plan.milestones) if plan else "none"
        return f"milestone '{mid}' is not in the plan; milestones: {known}"
    if mid in ctx.data.done_milestones:
        return f"milestone '{mid}' is reached already"
    return None


def _g_milestone_overdue(ctx: C) -> str | None:
    mid = ctx.payload.milestone_id
    if mid in ctx.data.overdue_milestones:
        return f"milestone '{mid}' is flagged overdue already"
    when = ctx.data.milestone_due_at(mid)
    if when is None or ctx.at <= when:
        return f"milestone '{mid}' is due at {when.isoformat() if when else '?'}, not yet"
    return None


def _g_rated_mode(ctx: C) -> str | None:
    if ctx.data.rules.progress is not ProgressMode.RATED:
        return "progress in this track is derived from completed activities, not rated"
    plan = ctx.data.plan
    gid = ctx.payload.goal_id
    if plan is None or gid not in plan.goal_ids:
        known = ", ".join(plan.goal_ids) if plan else "none"
        return f"goal '{gid}' is not in the plan; goals: {known}"
    return None


def _g_pulse_open(ctx: C) -> str | None:
    if not ctx.data.pulse_requests:
        return "no pulse survey has been sent yet (tick sends one when it falls due)"
    last = ctx.data.pulse_requests[-1]
    if any(p.teacher_id == ctx.actor and p.at >= last for p in ctx.data.pulses):
        return f"'{ctx.actor}' has answered the current pulse survey already"
    return None


def _g_pulse_due(ctx: C) -> str | None:
    when = ctx.data.next_pulse_at
    if when is None:
        return "this track runs no pulse surveys"
    if ctx.at < when:
        return f"the next pulse survey is due at {when.isoformat()}"
    return None


def _g_extension_fits(ctx: C) -> str | None:
    d = ctx.data
    if d.plan is None:
        return "set the plan first"
    total = d.plan.duration_days + d.extension_days + ctx.payload.days
    if total > d.form.max_days:
        return (
            f"{d.form.label.en.lower()} lasts at most {d.form.max_days} days; the track "
            f"would last {total}"
        )
    return None


def _g_end_reached(ctx: C) -> str | None:
    end = ctx.data.ends_at
    if end is None or ctx.at < end:
        return f"the track runs until {end.isoformat() if end else '?'}"
    return None


def _g_can_finish(ctx: C) -> str | None:
    d = ctx.data
    if d.ends_at is not None and ctx.at >= d.ends_at:
        return None
    plan = d.plan
    left = [m.id for m in plan.milestones if m.id not in d.done_milestones] if plan else []
    if left:
        return f"finish early only when every milestone is reached; open: {', '.join(left)}"
    return None


def _g_feedback_once(ctx: C) -> str | None:
    if ctx.data.has_feedback_from(ctx.actor):
        return f"'{ctx.actor}' has given final feedback already"
    return None


def _g_entry_matches(ctx: C) -> str | None:
    d = ctx.data
    entry: FestivalEntry = ctx.payload.entry
    if d.festival_entry is not None:
        return "the pair has entered the festival already (one direction, one track)"
    if d.mentor is None or entry.mentor_id != d.mentor.id:
        return f"the entry must name the track's mentor '{d.mentor.id if d.mentor else '?'}'"
    if set(entry.mentee_ids) != set(d.mentee_ids):
        return f"the entry must name the track's mentees: {', '.join(d.mentee_ids)}"
    if entry.track_id is not None and entry.track_id != ctx.workflow_id:
        return f"the entry names track '{entry.track_id}', not '{ctx.workflow_id}'"
    return None


def _g_all_feedback(ctx: C) -> str | None:
    d = ctx.data
    people = ([d.mentor.id] if d.mentor is not None else []) + list(d.mentee_ids)
    waiting = [p for p in people if not d.has_feedback_from(p)]
    if waiting:
        return f"final feedback is still due from: {', '.join(waiting)}"
    return None


# -- effects ------------------------------------------------------------------------------------

# Payloads are validated when they are made, the engine checks the time, and the guards hold
# the record's rules (no id twice, an open proposal to answer): an effect sets what it changes
# and checks only fields whose own rule could refuse the new value (evolve_checked), never the
# whole track again. Under full_validation() both are attrs.evolve, the reference path.


def _e_update_request(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, request=ctx.payload.request)


def _e_rank(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, choices=ctx.payload.choices)


def _awaiting(data: TrackData, mentor: Teacher, source: ProposalSource) -> tuple[str, ...]:
    # The mentee asked this mentor, so only the mentor answers; a third party's proposal
    # needs everyone's consent.
    if source is ProposalSource.MENTEE:
        return (mentor.id,)
    return (mentor.id, *data.mentee_ids)


def _open(data: TrackData, ctx: C, mentor: Teacher, source: ProposalSource) -> Proposal:
    draft = source is ProposalSource.MATCHING
    return Proposal(
        mentor=mentor,
        source=source,
        status=ProposalStatus.DRAFT if draft else ProposalStatus.OPEN,
        proposed_by=ctx.actor,
        proposed_at=ctx.at,
        due_at=None if draft else ctx.at + timedelta(days=data.rules.response_days),
        awaiting=_awaiting(data, mentor, source),
    )


def _replace_last(data: TrackData, proposal: Proposal) -> tuple[Proposal, ...]:
    return (*data.proposals[:-1], proposal)


def _e_propose(ctx: C) -> TrackData:
    p = _open(ctx.data, ctx, ctx.payload.mentor, ctx.payload.source)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


def _e_request_mentor(ctx: C) -> TrackData:
    choice = ctx.data.next_choice()
    assert choice is not None  # the has_choice guard ran
    p = _open(ctx.data, ctx, choice, ProposalSource.MENTEE)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


def _e_publish(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    opened = evolve_checked(
        p,
        status=ProposalStatus.OPEN,
        due_at=ctx.at + timedelta(days=ctx.data.rules.response_days),
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, opened))


def _e_withdraw(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    gone = evolve_checked(
        p, status=ProposalStatus.WITHDRAWN, answered_at=ctx.at, reason=ctx.payload.reason
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, gone))


def _e_accept_one(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    p = evolve_checked(
        p,
        awaiting=tuple(a for a in p.awaiting if a != ctx.actor),
        accepted_by=(*p.accepted_by, ctx.actor),
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, p))


def _e_accept_last(ctx: C) -> TrackData:
    d = _e_accept_one(ctx)
    p = d.proposals[-1]
    done = evolve_checked(p, status=ProposalStatus.ACCEPTED, answered_at=ctx.at)
    return evolve_trusted(d, proposals=_replace_last(d, done), mentor=p.mentor)


def _end(data: TrackData, ctx: C, status: ProposalStatus, reason: str | None) -> TrackData:
    p = data.open_proposal
    assert p is not None
    ended = evolve_checked(p, status=status, answered_at=ctx.at, reason=reason)
    excluded = data.excluded if p.mentor.id in data.excluded else (*data.excluded, p.mentor.id)
    return evolve_trusted(data, proposals=_replace_last(data, ended), excluded=excluded)


def _e_decline(ctx: C) -> TrackData:
    return _end(ctx.data, ctx, ProposalStatus.DECLINED, ctx.payload.reason)


def _e_lapse(ctx: C) -> TrackData:
    return _end(ctx.data, ctx, ProposalStatus.LAPSED, "no answer in time")


def _e_cascade(ctx: C) -> TrackData:
    choice = cascade_choice(ctx.data)
    assert choice is not None  # the cascade_due guard ran
    p = _open(ctx.data, ctx, choice, ProposalSource.MENTEE)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


def _e_set_plan(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, plan=ctx.payload.plan)


def _e_begin(ctx: C) -> TrackData:
    plan = ctx.data.plan
    assert plan is not None
    return evolve_checked(
        ctx.data, started_at=ctx.at, ends_at=ctx.at + timedelta(days=plan.duration_days)
    )


def _e_log_session(ctx: C) -> TrackData:
    p: LogSession = ctx.payload
    s = SessionRecord(kind=p.kind, at=ctx.at, format=p.format, by=ctx.actor, notes=p.notes)
    return evolve_trusted(ctx.data, sessions=(*ctx.data.sessions, s))


def _e_complete_activity(ctx: C) -> TrackData:
    done = FrozenMap({**ctx.data.done_activities, ctx.payload.activity_id: ctx.at})
    return evolve_trusted(ctx.data, done_activities=done)


def _e_complete_milestone(ctx: C) -> TrackData:
    done = FrozenMap({**ctx.data.done_milestones, ctx.payload.milestone_id: ctx.at})
    return evolve_trusted(ctx.data, done_milestones=done)


def _e_flag_milestone(ctx: C) -> TrackData:
    # The milestone_overdue guard refused a milestone flagged already: no id twice.
    flagged = (*ctx.data.overdue_milestones, ctx.payload.milestone_id)
    return evolve_trusted(ctx.data, overdue_milestones=flagged)


def _e_rate(ctx: C) -> TrackData:
    ratings = FrozenMap({**ctx.data.ratings, ctx.payload.goal_id: ctx.payload.percent})
    return evolve_trusted(ctx.data, ratings=ratings)


def _e_request_pulse(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, pulse_requests=(*ctx.data.pulse_requests, ctx.at))


def _e_answer_pulse(ctx: C) -> TrackData:
    a = PulseAnswer(
        teacher_id=ctx.actor, at=ctx.at, score=ctx.payload.score, comment=ctx.payload.comment
    )
    return evolve_trusted(ctx.data, pulses=(*ctx.data.pulses, a))


def _e_pause(ctx: C) -> TrackData:
    pause = PauseRecord(since=ctx.at, reason=ctx.payload.reason)
    return evolve_trusted(ctx.data, pauses=(*ctx.data.pauses, pause))


def _e_resume(ctx: C) -> TrackData:
    d = ctx.data
    last = d.pauses[-1]
    length = ctx.at - last.since
    return evolve_checked(
        d,
        pauses=(*d.pauses[:-1], evolve_checked(last, until=ctx.at)),
        ends_at=None if d.ends_at is None else d.ends_at + length,
    )


def _e_extend(ctx: C) -> TrackData:
    d = ctx.data
    days = ctx.payload.days
    # Checked: a form may allow more days than extension_days takes (36,500), and then the
    # track refuses the extension, as it always did.
    return evolve_checked(
        d,
        extension_days=d.extension_days + days,
        ends_at=None if d.ends_at is None else d.ends_at + timedelta(days=days),
    )


def _e_feedback(ctx: C) -> TrackData:
    f = FinalFeedback(
        teacher_id=ctx.actor, fit=ctx.payload.fit, what_changed=ctx.payload.what_changed
    )
    return evolve_trusted(ctx.data, feedback=(*ctx.data.feedback, f))


def _e_enter_festival(ctx: C) -> TrackData:
    entry: FestivalEntry = ctx.payload.entry
    if entry.track_id is None:
        entry = evolve_checked(entry, track_id=ctx.workflow_id)
    return evolve_trusted(ctx.data, festival_entry=entry)


def _e_close(ctx: C) -> TrackData:
    d = ctx.data
    roles = roles_of(d, ctx.actor)
    # None: the actor holds a role the host's policy gives, not one of the track's data.
    role = next(
        (r for r in (Role.MENTEE, Role.MENTOR, Role.CURATOR, Role.COORDINATOR) if r in roles),
        None,
    )
    changes: dict[str, Any] = {
        "closure": TrackClosure(by=ctx.actor, role=role, at=ctx.at, reason=ctx.payload.reason)
    }
    p = d.open_proposal
    if p is not None:
        # The proposal was not refused by its mentor: it is withdrawn, not remembered.
        gone = evolve_checked(
            p, status=ProposalStatus.WITHDRAWN, answered_at=ctx.at, reason="the track closed"
        )
        changes["proposals"] = _replace_last(d, gone)
    if d.mentor is not None and d.mentor.id not in d.excluded:
        # A pair that ended early is not proposed again.
        changes["excluded"] = (*d.excluded, d.mentor.id)
    if d.pauses and d.pauses[-1].until is None:
        changes["pauses"] = (*d.pauses[:-1], evolve_checked(d.pauses[-1], until=ctx.at))
    return evolve_trusted(d, **changes)


# -- the definition -----------------------------------------------------------------------------

_STATES = (
    State("requested", Label(ru="Запрос наставляемого", en="Requested")),
    State("proposed", Label(ru="Предложен наставник", en="Mentor proposed")),
    State("planning", Label(ru="Персонализированная программа", en="Planning the programme")),
    State("active", Label(ru="Работа пары", en="Active")),
    State("paused", Label(ru="Приостановлено", en="Paused")),
    State("review", Label(ru="Подведение итогов", en="Review")),
    State("completed", Label(ru="Завершено", en="Completed"), final=True),
    State("closed", Label(ru="Закрыто досрочно", en="Closed early"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("update_request", "Уточнить запрос", "Update the request", UpdateRequest),
    _t("rank_mentors", "Выбрать наставников по приоритету", "Rank mentors", RankMentors),
    _t("request_mentor", "Обратиться к наставнику", "Ask the next ranked mentor"),
    _t("propose", "Предложить наставника", "Propose a mentor", ProposeMentor),
    _t("publish", "Опубликовать предложение", "Publish the proposal"),
    _t("withdraw_proposal", "Отозвать предложение", "Withdraw the proposal", WithdrawProposal),
    _t("accept", "Принять предложение", "Accept the proposal"),
    _t("decline", "Отклонить предложение", "Decline the proposal", DeclineProposal),
    _t("lapse", "Срок ответа истёк", "The proposal lapses"),
    _t("cascade", "Обратиться к следующему из списка", "Cascade to the next ranked mentor"),
    _t("set_plan", "Утвердить программу", "Set the development programme", SetPlan),
    _t("begin", "Начать работу", "Begin work"),
    _t("log_session", "Отметить встречу", "Log a session", LogSession),
    _t("complete_activity", "Выполнить задание", "Complete an activity", CompleteActivity),
    _t("complete_milestone", "Достичь контрольной точки", "Reach a milestone", CompleteMilestone),
    _t(
        "flag_milestone", "Контрольная точка просрочена", "Flag an overdue milestone", FlagMilestone
    ),
    _t("rate_progress", "Оценить продвижение", "Rate progress", RateProgress),
    _t("request_pulse", "Отправить пульс-опрос", "Send a pulse survey"),
    _t("answer_pulse", "Ответить на пульс-опрос", "Answer the pulse survey", AnswerPulse),
    _t("pause", "Приостановить", "Pause", PauseTrack),
    _t("resume", "Возобновить", "Resume"),
    _t("extend", "Продлить", "Extend the end date", ExtendTrack),
    _t("reach_end", "Срок завершён", "The end date is reached"),
    _t("finish", "Перейти к итогам", "Finish and review"),
    _t("give_feedback", "Дать итоговую обратную связь", "Give final feedback", GiveFeedback),
    _t("enter_festival", "Подать заявку на фестиваль", "Enter the festival", EnterFestival),
    _t("complete", "Завершить", "Complete"),
    _t("close_early", "Закрыть досрочно", "Close early", CloseTrack),
)

_TRANSITIONS = (
    Transition("update_request", "requested", None, (), "update_request"),
    Transition("rank_mentors", "requested", None, ("choices_eligible",), "rank"),
    Transition("request_mentor", "requested", "proposed", ("has_choice",), "request_mentor"),
    Transition("propose", "requested", "proposed", ("mentor_eligible",), "propose"),
    Transition("publish", "proposed", None, ("is_draft",), "publish"),
    Transition("withdraw_proposal", "proposed", "requested", (), "withdraw"),
    Transition(
        "accept",
        "proposed",
        "planning",
        ("awaits_actor", "answer_in_time", "last_acceptance"),
        "accept_last",
    ),
    Transition("accept", "proposed", None, ("awaits_actor", "answer_in_time"), "accept_one"),
    Transition("decline", "proposed", "requested", ("awaits_actor",), "decline"),
    Transition("lapse", "proposed", "requested", ("proposal_overdue",), "lapse"),
    Transition("cascade", "requested", "proposed", ("cascade_due",), "cascade"),
    Transition("set_plan", "planning", None, ("plan_fits_request",), "set_plan"),
    Transition("begin", "planning", "active", ("has_plan",), "begin"),
    Transition("log_session", "active", None, ("session_allowed",), "log_session"),
    Transition("complete_activity", "active", None, ("activity_open",), "complete_activity"),
    Transition("complete_milestone", "active", None, ("milestone_open",), "complete_milestone"),
    Transition(
        "flag_milestone",
        "active",
        None,
        ("milestone_open", "milestone_overdue"),
        "flag_milestone",
    ),
    Transition("rate_progress", "active", None, ("rated_mode",), "rate"),
    Transition("request_pulse", "active", None, ("pulse_due",), "request_pulse"),
    Transition("answer_pulse", "active", None, ("pulse_open",), "answer_pulse"),
    Transition("pause", "active", "paused", (), "pause"),
    Transition("resume", "paused", "active", (), "resume"),
    Transition("extend", ("active", "paused"), None, ("extension_fits",), "extend"),
    Transition("reach_end", "active", "review", ("end_reached",)),
    Transition("finish", "active", "review", ("can_finish",)),
    Transition("give_feedback", "review", None, ("feedback_once",), "feedback"),
    Transition("enter_festival", "review", None, ("entry_matches",), "enter_festival"),
    Transition("complete", "review", "completed", ("all_feedback",)),
    Transition("close_early", ANY_STATE, "closed", (), "close"),
)

MENTORING_TRACK = WorkflowDefinition(
    name="mentoring_track",
    version="1",
    label=Label(ru="Трек наставничества", en="Mentoring track"),
    states=_STATES,
    initial="requested",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "mentor_eligible": _g_mentor_eligible,
        "choices_eligible": _g_choices_eligible,
        "has_choice": _g_has_choice,
        "is_draft": _g_is_draft,
        "awaits_actor": _g_awaits_actor,
        "answer_in_time": _g_not_overdue_answer,
        "last_acceptance": _g_last_acceptance,
        "proposal_overdue": _g_proposal_overdue,
        "cascade_due": _g_cascade_due,
        "plan_fits_request": _g_plan_fits_request,
        "has_plan": _g_has_plan,
        "session_allowed": _g_session_allowed,
        "activity_open": _g_activity_open,
        "milestone_open": _g_milestone_open,
        "milestone_overdue": _g_milestone_overdue,
        "rated_mode": _g_rated_mode,
        "pulse_due": _g_pulse_due,
        "pulse_open": _g_pulse_open,
        "extension_fits": _g_extension_fits,
        "end_reached": _g_end_reached,
        "can_finish": _g_can_finish,
        "feedback_once": _g_feedback_once,
        "entry_matches": _g_entry_matches,
        "all_feedback": _g_all_feedback,
    },
    effects={
        "update_request": _e_update_request,
        "rank": _e_rank,
        "propose": _e_propose,
        "request_mentor": _e_request_mentor,
        "publish": _e_publish,
        "withdraw": _e_withdraw,
        "accept_one": _e_accept_one,
        "accept_last": _e_accept_last,
        "decline": _e_decline,
        "lapse": _e_lapse,
        "cascade": _e_cascade,
        "set_plan": _e_set_plan,
        "begin": _e_begin,
        "log_session": _e_log_session,
        "complete_activity": _e_complete_activity,
        "complete_milestone": _e_complete_milestone,
        "flag_milestone": _e_flag_milestone,
        "rate": _e_rate,
        "request_pulse": _e_request_pulse,
        "answer_pulse": _e_answer_pulse,
        "pause": _e_pause,
        "resume": _e_resume,
        "extend": _e_extend,
        "feedback": _e_feedback,
        "enter_festival": _e_enter_festival,
        "close": _e_close,
    },
    data_type=TrackData,
    roles={
        **{r.value: ROLE_LABELS[r.value] for r in (Role.MENTOR, Role.MENTEE, Role.CURATOR)},
        _C: ROLE_LABELS[_C],
        "invited": Label(
            ru="приглашённый (ждут его ответа)", en="invited (the proposal awaits them)"
        ),
    },
    roles_of=track_roles,
    permissions=TRACK_PERMISSIONS,
)
"""The mentoring track, version 1."""


# -- time-based rules ---------------------------------------------------------------------------


@attrs.frozen
class Due:
    """A time-based trigger that has fallen due: fire ``trigger`` (with ``payload``)."""

    trigger: str
    due_at: datetime
    payload: Any = None


def due(track: Workflow, now: datetime) -> list[Due]:
    """What has fallen due on ``track`` at ``now``, earliest first.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import start, fire
        >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1", years_experience=1),),
        ...     request=MentoringRequest(goals=("g",)), coordinator_ids=("c",))
        >>> tr = start(MENTORING_TRACK, data, id="tr", actor="t1", at=at)
        >>> _ = fire(tr, "propose", actor="c", at=at, mentor=Teacher(
        ...     id="m1", name="О", organisation_id="s1", years_experience=9))
        >>> [d.trigger for d in due(tr, at + timedelta(days=8))]
        ['lapse']
    """
    if not is_aware(now):
        raise InvalidData(
            f"now is a timezone-aware datetime, got {shown(now)}; a host's clock must give one",
            path="$.now",
        )
    d: TrackData = track.data
    items: list[Due] = []
    state = track.state
    if state == "requested" and cascade_choice(d) is not None:
        last = d.proposals[-1]
        items.append(Due("cascade", last.answered_at or last.proposed_at))
    if state == "proposed":
        p = d.open_proposal
        if p is not None and p.status is ProposalStatus.OPEN and p.due_at and now > p.due_at:
            items.append(Due("lapse", p.due_at))
    # A paused track's milestones wait: the pause moves them when the track resumes.
    if state == "active" and d.plan is not None:
        for m in d.plan.milestones:
            if m.id in d.done_milestones or m.id in d.overdue_milestones:
                continue
            when = d.milestone_due_at(m.id)
            if when is not None and now > when:
                items.append(Due("flag_milestone", when, FlagMilestone(milestone_id=m.id)))
    if state == "active":
        pulse = d.next_pulse_at
        if pulse is not None and now >= pulse:
            items.append(Due("request_pulse", pulse))
        if d.ends_at is not None and now >= d.ends_at:
            items.append(Due("reach_end", d.ends_at))
    items.sort(key=lambda x: (x.due_at, x.trigger))
    return items


def tick(track: Workflow, now: datetime, *, actor: str = SYSTEM_ACTOR) -> list[DomainEvent]:
    """Fire every time-based trigger due on ``track`` at ``now``; return the events.

    The host calls it when it likes (a cron job, a request, a simulation step): the library
    keeps no timers. Events are recorded at ``now``. One pulse survey is sent per tick, so a
    track that was not ticked for months gets one survey, not a backlog.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import start
        >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)))
        >>> tick(start(MENTORING_TRACK, data, id="tr", actor="t1", at=at), at)
        []
    """
    events: list[DomainEvent] = []
    # Firing one item can change what else is due (a lapse cascades, the end moves the
    # track to review), so ask again after each.
    for _ in range(1000):
        items = due(track, now)
        if not items:
            break
        item = items[0]
        events.append(fire(track, item.trigger, item.payload, actor=actor, at=now))
    return events


def rematch_data(data: TrackData, **changes: Any) -> TrackData:
    """Data for a new track of the same mentees after an early closure.

    The request, form and rules carry over, and so does ``excluded`` (with the mentor who
    left in it), so the same pair is not proposed again.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> old = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)), excluded=("m1",))
        >>> rematch_data(old).excluded
        ('m1',)
    """
    excluded = list(data.excluded)
    if data.mentor is not None and data.mentor.id not in excluded:
        excluded.append(data.mentor.id)
    fresh = TrackData(
        form=data.form,
        mentees=data.mentees,
        request=data.request,
        rules=data.rules,
        programme_id=data.programme_id,
        coordinator_ids=data.coordinator_ids,
        curator_id=data.curator_id,
        excluded=tuple(excluded),
    )
    return attrs.evolve(fresh, **changes) if changes else fresh
