"""What PLC group forming returns: the rankings it reads, the groups, the unplaced and why.

All of it is plain, frozen data that round-trips through the JSON contract and the CSV
adapter; :func:`~pedcommunity.matching.form_groups` builds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum, check_lang
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_positive_int,
    instances_of,
    to_tuple,
)

__all__ = [
    "GroupPlan",
    "PlcGroup",
    "Satisfaction",
    "TopicRanking",
    "Unplaced",
    "UnplacedReason",
]


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    # A lone string is iterable too: "nvc" would become ("n", "v", "c") without this check.
    if isinstance(value, str):
        raise ValueError(f"expected a sequence of ids, not the single string {shown(value)}")
    return tuple(value)


def _check_ranks(instance: object, attribute: attrs.Attribute[Any], value: tuple[int, ...]) -> None:
    for rank in value:
        check_positive_int(instance, attribute, rank)


@attrs.frozen
class TopicRanking:
    """One teacher's choice of topics, best first; an empty ranking chooses nothing.

    Examples:
        >>> r = TopicRanking(teacher_id="anna", topic_ids=("nvc", "4c"))
        >>> r.rank_of("4c"), r.rank_of("sel")
        (2, None)
    """

    teacher_id: str = attrs.field(validator=check_id)
    topic_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=check_ids)

    def rank_of(self, topic_id: str) -> int | None:
        """The rank (1 for the first choice) this teacher gave ``topic_id``, or ``None``."""
        try:
            return self.topic_ids.index(topic_id) + 1
        except ValueError:
            return None


@attrs.frozen
class PlcGroup:
    """The group formed for one topic: its teachers and the rank each gave the topic.

    ``ranks[k]`` is the rank ``teacher_ids[k]`` gave ``topic_id`` (1 for a first choice).

    Examples:
        >>> g = PlcGroup(topic_id="nvc", teacher_ids=("anna", "boris"), ranks=(1, 2))
        >>> g.size, g.rank_of("boris")
        (2, 2)
    """

    topic_id: str = attrs.field(validator=check_id)
    teacher_ids: tuple[str, ...] = attrs.field(converter=_ids, validator=check_ids)
    ranks: tuple[int, ...] = attrs.field(converter=to_tuple, validator=_check_ranks)

    def __attrs_post_init__(self) -> None:
        if not self.teacher_ids:
            raise ValueError(f"the group for topic {shown(self.topic_id)} has no teachers")
        if len(self.ranks) != len(self.teacher_ids):
            raise ValueError(
                f"the group for topic {shown(self.topic_id)} has {len(self.teacher_ids)} teachers "
                f"but {len(self.ranks)} ranks; give one rank per teacher"
            )

    @property
    def size(self) -> int:
        """How many teachers the group has."""
        return len(self.teacher_ids)

    def rank_of(self, teacher_id: str) -> int | None:
        """The rank ``teacher_id`` gave this group's topic, or ``None`` if not a member."""
        try:
            return self.ranks[self.teacher_ids.index(teacher_id)]
        except ValueError:
            return None


class UnplacedReason(LabelledEnum):
    """Why a teacher is in no group.

    Examples:
        >>> UnplacedReason.NO_CHOICES.label.get("en")
        'Ranked no topics'
        >>> UnplacedReason("ranked_groups_full").label.ru
        'Группы по выбранным темам заполнены'
    """

    #: The teacher ranked no topic at all.
    NO_CHOICES = "no_choices", "Не выбрал ни одной темы", "Ranked no topics"
    #: None of the topics the teacher ranked gathered enough takers to form a group.
    NO_RANKED_TOPIC_OPEN = (
        "no_ranked_topic_open",
        "Ни одна из выбранных тем не набрала группу",
        "None of the ranked topics gathered a group",
    )
    #: Every ranked topic that formed a group is full (``max_size`` teachers).
    RANKED_GROUPS_FULL = (
        "ranked_groups_full",
        "Группы по выбранным темам заполнены",
        "The groups of the ranked topics are full",
    )


@attrs.frozen
class Unplaced:
    """A teacher left out of every group, and why.

    Examples:
        >>> Unplaced(teacher_id="gleb", reason=UnplacedReason.NO_CHOICES).reason.label.get("ru")
        'Не выбрал ни одной темы'
    """

    teacher_id: str = attrs.field(validator=check_id)
    reason: UnplacedReason = attrs.field(validator=attrs.validators.instance_of(UnplacedReason))


@attrs.frozen
class Satisfaction:
    """How well a plan meets the teachers' choices.

    ``by_rank[k]`` counts the teachers placed at their ``k + 1``-th choice.

    Examples:
        >>> s = Satisfaction(placed=4, unplaced=1, by_rank=(3, 0, 1))
        >>> s.mean_rank, s.share_placed
        (1.5, 0.8)
    """

    placed: int = attrs.field(validator=attrs.validators.ge(0))
    unplaced: int = attrs.field(validator=attrs.validators.ge(0))
    by_rank: tuple[int, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(attrs.validators.ge(0))
    )

    def __attrs_post_init__(self) -> None:
        if sum(self.by_rank) != self.placed:
            raise ValueError(
                f"by_rank counts {sum(self.by_rank)} teachers, placed is {self.placed}"
            )

    @property
    def mean_rank(self) -> float | None:
        """The mean rank of the placed teachers' topics (1.0 when all got a first choice)."""
        if not self.placed:
            return None
        return sum(k * n for k, n in enumerate(self.by_rank, start=1)) / self.placed

    @property
    def share_placed(self) -> float | None:
        """The share of teachers placed in a group, or ``None`` when there are no teachers."""
        total = self.placed + self.unplaced
        return self.placed / total if total else None


@attrs.frozen
class GroupPlan:
    """The PLC groups formed from the teachers' rankings (see :func:`form_groups`).

    Groups are sorted by topic id, the teachers of a group and the unplaced teachers by teacher
    id. ``dropped_topic_ids`` lists the topics on offer that formed no group.

    Examples:
        >>> plan = GroupPlan(
        ...     groups=[PlcGroup(topic_id="nvc", teacher_ids=("anna", "boris"), ranks=(1, 2))],
        ...     unplaced=[Unplaced(teacher_id="gleb", reason=UnplacedReason.NO_CHOICES)],
        ...     dropped_topic_ids=["4c"], min_size=2, max_size=15,
        ... )
        >>> plan.group_of("boris").topic_id, plan.group_of("gleb")
        ('nvc', None)
        >>> print(plan.describe("en"))
        1 group (2-15 teachers each).
        Placed 2 of 3 teachers: 1st choice 1, 2nd choice 1; mean rank 1.50.
        Unplaced: 1 (gleb).
        Topics dropped: 4c.
    """

    groups: tuple[PlcGroup, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(PlcGroup)
    )
    unplaced: tuple[Unplaced, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Unplaced)
    )
    dropped_topic_ids: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, validator=check_ids
    )
    min_size: int = attrs.field(default=3, validator=check_positive_int)
    max_size: int = attrs.field(default=15, validator=check_positive_int)

    def __attrs_post_init__(self) -> None:
        if self.min_size > self.max_size:
            raise ValueError(
                f"min_size ({self.min_size}) must not exceed max_size ({self.max_size})"
            )
        topics: set[str] = set()
        teachers: set[str] = set()
        for g in self.groups:
            if not self.min_size <= g.size <= self.max_size:
                raise ValueError(
                    f"the group for topic {shown(g.topic_id)} has {g.size} teachers; "
                    f"groups have {self.min_size} to {self.max_size}"
                )
            if g.topic_id in topics:
                raise ValueError(
                    f"topic {shown(g.topic_id)} has two groups; a topic forms one group"
                )
            topics.add(g.topic_id)
            for t in g.teacher_ids:
                if t in teachers:
                    raise ValueError(f"teacher {shown(t)} is in two groups")
                teachers.add(t)
        for u in self.unplaced:
            if u.teacher_id in teachers:
                raise ValueError(f"teacher {shown(u.teacher_id)} is both placed and unplaced")
            teachers.add(u.teacher_id)
        both = topics.intersection(self.dropped_topic_ids)
        if both:
            raise ValueError(f"topic {min(both)!r} is both formed and dropped")

    def group_of(self, teacher_id: str) -> PlcGroup | None:
        """The group ``teacher_id`` is in, or ``None`` if they are not placed.

        Examples:
            >>> GroupPlan(min_size=1).group_of("anna") is None
            True
        """
        return next((g for g in self.groups if teacher_id in g.teacher_ids), None)

    def satisfaction(self) -> Satisfaction:
        """Count the teachers placed at each rank of their choice, and those unplaced.

        Examples:
            >>> from pedcommunity.matching import form_groups
            >>> form_groups({"a": ["x"], "b": ["y", "x"]}, min_size=1).satisfaction().by_rank
            (2,)
        """
        ranks = [r for g in self.groups for r in g.ranks]
        by_rank = [0] * max(ranks, default=0)
        for r in ranks:
            by_rank[r - 1] += 1
        return Satisfaction(placed=len(ranks), unplaced=len(self.unplaced), by_rank=by_rank)

    def describe(self, lang: str = "ru") -> str:
        """A short summary of the plan for a coordinator, in Russian or English, line by line.

        Examples:
            >>> from pedcommunity.matching import form_groups
            >>> plan = form_groups({"a": ["x"], "b": ["x"], "c": ["y"]}, min_size=2)
            >>> print(plan.describe("ru"))
            Групп: 1 (по 2–15 педагогов).
            Распределено 2 из 3 педагогов: 1-й выбор — 2; средний ранг 1,00.
            Не распределены: 1 (c).
            Темы без группы: y.
        """
        ru = check_lang(lang) == "ru"
        s = self.satisfaction()
        parts = [
            f"Групп: {len(self.groups)} (по {self.min_size}–{self.max_size} педагогов)."
            if ru
            else f"{len(self.groups)} group{'' if len(self.groups) == 1 else 's'} "
            f"({self.min_size}-{self.max_size} teachers each)."
        ]
        total = s.placed + s.unplaced
        placed = (
            f"Распределено {s.placed} из {total} педагогов"
            if ru
            else f"Placed {s.placed} of {total} teachers"
        )
        if s.mean_rank is not None:
            ranks = ", ".join(
                f"{k}-й выбор — {n}" if ru else f"{_ordinal(k)} choice {n}"
                for k, n in enumerate(s.by_rank, start=1)
                if n
            )
            mean = f"{s.mean_rank:.2f}"
            placed += (
                f": {ranks}; средний ранг {mean.replace('.', ',')}"
                if ru
                else f": {ranks}; mean rank {mean}"
            )
        parts.append(placed + ".")
        if self.unplaced:
            shown = ", ".join(u.teacher_id for u in self.unplaced[:10])
            more = len(self.unplaced) - 10
            if more > 0:
                shown += f" и ещё {more}" if ru else f" and {more} more"
            parts.append(
                f"{'Не распределены' if ru else 'Unplaced'}: {len(self.unplaced)} ({shown})."
            )
        if self.dropped_topic_ids:
            dropped = ", ".join(self.dropped_topic_ids)
            parts.append(f"Темы без группы: {dropped}." if ru else f"Topics dropped: {dropped}.")
        return "\n".join(parts)


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"
