"""The records of a mentoring track: its data, its rules and what it remembers.

:class:`TrackData` is everything a track knows at one moment; :class:`TrackRules` its
configurable rules; :class:`Proposal`, :class:`SessionRecord`, :class:`PulseAnswer`,
:class:`PauseRecord`, :class:`FinalFeedback` and :class:`TrackClosure` the records it keeps,
with the enums they use. The field validators shared by the payloads of the sub-processes
(:mod:`~pedcommunity.workflows.mentoring_track.proposals`, ``work``, ``closing``) live here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    instances_of,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.festival import FestivalEntry
from pedcommunity.model.mentoring import (
    DevelopmentProgramme,
    MeetingFormat,
    MentoringForm,
    MentoringRequest,
    Role,
)
from pedcommunity.model.people import Teacher
from pedcommunity.workflows.definition import Context

__all__ = [
    "C",
    "FinalFeedback",
    "PauseRecord",
    "ProgressMode",
    "Proposal",
    "ProposalSource",
    "ProposalStatus",
    "PulseAnswer",
    "SessionKind",
    "SessionRecord",
    "TrackClosure",
    "TrackData",
    "TrackRules",
]


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


class ProgressMode(LabelledEnum):
    """How progress per goal is measured: rated by the mentor, or derived from tasks done.

    Examples:
        >>> ProgressMode("derived").label.en
        'Derived from completed activities'
    """

    RATED = "rated", "Оценка наставника", "Rated by the mentor"
    DERIVED = "derived", "По выполненным заданиям", "Derived from completed activities"


class ProposalSource(LabelledEnum):
    """Where a proposal comes from.

    Examples:
        >>> ProposalSource("matching").label.en
        'Bulk matching'
    """

    COORDINATOR = "coordinator", "Предложение координатора", "Coordinator's proposal"
    MENTEE = "mentee", "Выбор наставляемого", "Mentee's choice"
    MATCHING = "matching", "Автоматический подбор", "Bulk matching"


class ProposalStatus(LabelledEnum):
    """Where a proposal stands. Drafts (from bulk matching) wait for a coordinator.

    Examples:
        >>> ProposalStatus.DRAFT.is_live, ProposalStatus("lapsed").label.en
        (True, 'Lapsed')
    """

    DRAFT = "draft", "Черновик", "Draft"
    OPEN = "open", "Ожидает ответа", "Awaiting an answer"
    ACCEPTED = "accepted", "Принято", "Accepted"
    DECLINED = "declined", "Отклонено", "Declined"
    LAPSED = "lapsed", "Истёк срок ответа", "Lapsed"
    WITHDRAWN = "withdrawn", "Отозвано", "Withdrawn"

    @property
    def is_live(self) -> bool:
        """Whether the proposal still waits for someone (a draft or an open proposal)."""
        return self in (ProposalStatus.DRAFT, ProposalStatus.OPEN)


class SessionKind(LabelledEnum):
    """A logged contact of the pair: a working session or a short check-in.

    Examples:
        >>> SessionKind("check_in").label.ru
        'Короткая сверка'
    """

    SESSION = "session", "Встреча", "Session"
    CHECK_IN = "check_in", "Короткая сверка", "Check-in"


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


#: The context the guards and effects of a track receive.
C = Context[TrackData]

# How the effects of the sub-processes are written. Payloads are validated when they are made,
# the engine checks the time, and the guards hold the record's rules (no id twice, an open
# proposal to answer): an effect sets what it changes and checks only fields whose own rule
# could refuse the new value (evolve_checked), never the whole track again. Under
# full_validation() both are attrs.evolve, the reference path.
