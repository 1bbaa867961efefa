"""What a PLC agrees on and produces: the agreement, the plan, sessions, learnt gaps, reflection.

Examples:
    >>> from pedcommunity.model import LearningAssignment, LearningPlan
    >>> plan = LearningPlan(assignments=[
    ...     LearningAssignment(learner_id="t2", competency_id="nvc", teacher_id="t1"),
    ...     LearningAssignment(learner_id="t3", competency_id="nvc", source="онлайн-курс"),
    ... ])
    >>> plan.load()
    {'t1': 1}
    >>> plan.covers("t3", "nvc")
    True
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_id_pairs,
    check_ids,
    check_optional_text,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.evidence import ImpactSummary, PupilEvidence, summarise_impact
from pedcommunity.model.mentoring._enums import MeetingFormat

__all__ = [
    "InteractionAgreement",
    "LearningAssignment",
    "LearningPlan",
    "LearningSession",
    "LearntMark",
    "Reflection",
]


@attrs.frozen
class InteractionAgreement:
    """The interaction agreement (Соглашение о взаимодействии) a PLC agrees at its second meeting.

    Examples:
        >>> InteractionAgreement(rules=("Говорим по очереди", "Без оценок")).rules[0]
        'Говорим по очереди'
    """

    rules: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    signed_by: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_id)
    )

    def __attrs_post_init__(self) -> None:
        if not self.rules:
            raise ValueError("an interaction agreement needs at least one rule")


@attrs.frozen
class LearningAssignment:
    """One gap and who or what covers it: a peer (``teacher_id``) or an outside ``source``."""

    learner_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)
    teacher_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    source: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))

    def __attrs_post_init__(self) -> None:
        if (self.teacher_id is None) == (self.source is None):
            raise ValueError("an assignment names exactly one of teacher_id (a peer) or source")
        if self.teacher_id == self.learner_id:
            raise ValueError(f"{shown(self.learner_id)} cannot be assigned to teach themself")

    @property
    def by_peer(self) -> bool:
        """Whether a peer of the PLC teaches this gap."""
        return self.teacher_id is not None


def _to_pairs(value: Any) -> tuple[Any, ...]:
    # JSON brings pairs as lists; the plan keeps them as tuples.
    return tuple(tuple(p) if isinstance(p, list) else p for p in value)


@attrs.frozen
class LearningPlan:
    """The PLC's peer-learning plan: every gap assigned to a peer or an outside source.

    ``uncovered`` lists gaps nobody could cover, as ``(learner_id, competency_id)`` pairs; the
    PLC's guard refuses to adopt a plan that leaves any.
    """

    assignments: tuple[LearningAssignment, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(LearningAssignment)),
    )
    uncovered: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=check_id_pairs
    )

    def __attrs_post_init__(self) -> None:
        keys = [(a.learner_id, a.competency_id) for a in self.assignments]
        dup = [k for k, n in Counter(keys).items() if n > 1]
        if dup:
            raise ValueError(f"gap {dup[0]} is assigned twice; assign each gap once")

    def covers(self, learner_id: str, competency_id: str) -> bool:
        """Whether the plan covers this learner's gap in this competency."""
        return any(
            a.learner_id == learner_id and a.competency_id == competency_id
            for a in self.assignments
        )

    def load(self) -> dict[str, int]:
        """How many gaps each peer teaches, for peers who teach at least one."""
        return dict(Counter(a.teacher_id for a in self.assignments if a.teacher_id is not None))


def check_session_parties(
    teacher_id: str | None, source: str | None, learner_ids: tuple[str, ...]
) -> None:
    """Refuse a session with both or neither of a peer and a source, or a peer among learners.

    A learning session and the payload that records one share this rule.

    Examples:
        >>> check_session_parties("t1", "курс", ("t2",))
        Traceback (most recent call last):
        ...
        ValueError: a session names exactly one of teacher_id (a peer) or source
    """
    if (teacher_id is None) == (source is None):
        raise ValueError("a session names exactly one of teacher_id (a peer) or source")
    if teacher_id in learner_ids:
        raise ValueError(f"{shown(teacher_id)} cannot teach themself")


@attrs.frozen
class LearningSession:
    """A learning session («Занятие») held in the learning stage: who learnt what, from whom.

    Seed 002, «Как работает ПОС» п.5: «Где, у кого и как этому могу научиться?». A session is
    taught by a peer of the PLC (``teacher_id``) or follows an outside ``source`` (a course,
    a webinar), as the plan assigns the learners' gaps.

    Examples:
        >>> from datetime import date
        >>> s = LearningSession(competency_id="nvc", learner_ids=("t2", "t3"),
        ...                     on=date(2025, 11, 5), teacher_id="t1")
        >>> s.format.label.en, s.by_peer
        ('In person', True)
        >>> LearningSession(competency_id="nvc", learner_ids=("t1",), on=date(2025, 11, 5),
        ...                 teacher_id="t1")
        Traceback (most recent call last):
        ...
        ValueError: 't1' cannot teach themself
    """

    competency_id: str = attrs.field(validator=check_id)
    learner_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[check_ids, attrs.validators.min_len(1)]
    )
    on: date = attrs.field(validator=check_date)
    teacher_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    source: str | None = attrs.field(default=None, validator=check_optional_text)
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    notes: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        check_session_parties(self.teacher_id, self.source, self.learner_ids)

    @property
    def by_peer(self) -> bool:
        """Whether a peer of the PLC taught the session."""
        return self.teacher_id is not None


@attrs.frozen
class LearntMark:
    """A learner's mark that a gap is learnt («Отметка об освоении»), and a peer's confirmation.

    Seed 002, «Базовые принципы» п.6: «Учителя обмениваются профессиональными оценками», so
    a colleague who taught the gap (or the leader, for an outside source) confirms it.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2025, 12, 1, 10, tzinfo=timezone.utc)
        >>> m = LearntMark(learner_id="t2", competency_id="nvc", marked_at=at,
        ...                evidence="Провела урок с приёмами ННО в 6Б")
        >>> m.confirmed, attrs.evolve(m, confirmed_by="t1", confirmed_at=at).confirmed
        (False, True)
    """

    learner_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)
    marked_at: datetime = attrs.field(validator=check_aware)
    evidence: str | None = attrs.field(default=None, validator=check_optional_text)
    confirmed_by: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    confirmed_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_aware)
    )

    def __attrs_post_init__(self) -> None:
        if (self.confirmed_by is None) != (self.confirmed_at is None):
            raise ValueError("confirmed_by and confirmed_at go together")

    @property
    def confirmed(self) -> bool:
        """Whether a colleague has confirmed the gap learnt."""
        return self.confirmed_by is not None

    @property
    def gap(self) -> tuple[str, str]:
        """The gap marked: ``(learner_id, competency_id)``."""
        return (self.learner_id, self.competency_id)


@attrs.frozen
class Reflection:
    """What the cycle changed: in teaching practice, and the evidence of impact on pupils.

    Seed 002 names pupils mastering the skills the main result of a PLC, so the evidence of
    impact on pupils' learning is required: in words (``pupil_impact``), measured
    (``pupil_evidence``, see :class:`PupilEvidence`), or both.

    Examples:
        >>> Reflection(teaching_changes=("Соглашения на каждом уроке",),
        ...            pupil_impact=("Конфликтов на переменах стало меньше",)).pupil_impact[0]
        'Конфликтов на переменах стало меньше'
        >>> Reflection(teaching_changes=("Соглашения на каждом уроке",)).impact.measures
        Traceback (most recent call last):
        ...
        ValueError: a reflection names at least one piece of evidence of impact on pupils' \
learning (pupil_impact or pupil_evidence)
    """

    teaching_changes: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    pupil_impact: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    pupil_evidence: tuple[PupilEvidence, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(PupilEvidence)
    )

    def __attrs_post_init__(self) -> None:
        if not self.teaching_changes:
            raise ValueError("a reflection names at least one change in teaching")
        if not self.pupil_impact and not self.pupil_evidence:
            raise ValueError(
                "a reflection names at least one piece of evidence of impact on pupils' "
                "learning (pupil_impact or pupil_evidence)"
            )

    @property
    def impact(self) -> ImpactSummary:
        """How many of the measured results improved, stayed and worsened."""
        return summarise_impact(self.pupil_evidence)
