"""What a PLC agrees on and produces: the interaction agreement, the learning plan, reflection.

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
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._fields import check_id, check_id_pairs, check_text, to_tuple

__all__ = ["InteractionAgreement", "LearningAssignment", "LearningPlan", "Reflection"]


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


@attrs.frozen
class Reflection:
    """What the cycle changed: in teaching practice, and the evidence of impact on pupils.

    Seed 002 names pupils mastering the skills the main result of a PLC, so the evidence of
    impact on pupils' learning is required.

    Examples:
        >>> Reflection(teaching_changes=("Соглашения на каждом уроке",),
        ...            pupil_impact=("Конфликтов на переменах стало меньше",)).pupil_impact[0]
        'Конфликтов на переменах стало меньше'
    """

    teaching_changes: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    pupil_impact: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )

    def __attrs_post_init__(self) -> None:
        if not self.teaching_changes:
            raise ValueError("a reflection names at least one change in teaching")
        if not self.pupil_impact:
            raise ValueError(
                "a reflection names at least one piece of evidence of impact on pupils' learning"
            )
