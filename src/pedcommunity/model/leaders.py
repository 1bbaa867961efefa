"""The competency leaders bank of seed 003: the mentors a programme has, and how far each came.

Mentors (and mentees) who proved themselves in the city's mentoring cluster form the bank of
competency leaders («банк компетентностных лидеров»). Each :class:`Leader` says what they can
teach, how many mentees they take at once, and their :class:`LeaderLevel`: mentor, competency
leader, or navigator (after the navigators school). :class:`LeadersBank` holds them with
unique ids and answers who can teach a competency, where, with what free capacity.

The bank does not know who mentors whom: a caller that does passes the current ``load``
(leader id to the number of mentees they have now) to the queries that need it.

Examples:
    >>> from pedcommunity.model import Teacher, Level
    >>> from pedcommunity.model.leaders import Leader, LeaderLevel, LeadersBank
    >>> t = Teacher(id="m1", name="Ольга", organisation_id="s1", years_experience=15,
    ...             competencies={"digital": Level.EXPERT})
    >>> Leader(teacher=t, can_teach=("digital",), capacity=2).level.label.en
    'Mentor'
    >>> bank = LeadersBank([Leader(teacher=t, can_teach=("digital",), capacity=2)])
    >>> [x.id for x in bank.who_can_teach("digital", load={"m1": 1})]
    ['m1']
    >>> bank.who_can_teach("digital", load={"m1": 2})
    []
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.i18n import LabelledIntEnum
from pedcommunity.model._fields import check_ids, check_positive_int, to_tuple
from pedcommunity.model.people import Teacher

__all__ = ["Leader", "LeaderLevel", "LeadersBank"]


class LeaderLevel(LabelledIntEnum):
    """How far a leader has come: mentor, competency leader, navigator (seed 003).

    Examples:
        >>> LeaderLevel(2).label.ru, LeaderLevel.NAVIGATOR > LeaderLevel.MENTOR
        ('Компетентностный лидер', True)
    """

    MENTOR = 1, "Наставник", "Mentor"
    COMPETENCY_LEADER = 2, "Компетентностный лидер", "Competency leader"
    NAVIGATOR = 3, "Навигатор", "Navigator"


@attrs.frozen
class Leader:
    """A mentor in the bank: who they are, what they teach, how many mentees they take at once.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> t = Teacher(id="m1", name="Ольга", organisation_id="s1")
        >>> Leader(teacher=t, capacity=3).promoted().level
        <LeaderLevel.COMPETENCY_LEADER: 2>
    """

    teacher: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))
    can_teach: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    capacity: int = attrs.field(default=1, validator=check_positive_int)
    level: LeaderLevel = attrs.field(
        default=LeaderLevel.MENTOR, validator=attrs.validators.instance_of(LeaderLevel)
    )

    @property
    def id(self) -> str:
        """The leader's id: their teacher id."""
        return self.teacher.id

    @property
    def organisation_id(self) -> str:
        """The organisation the leader works in."""
        return self.teacher.organisation_id

    def promoted(self) -> Leader:
        """This leader one :class:`LeaderLevel` up; the rest of the record is kept.

        Raises:
            InvalidData: the leader is a navigator already, the top level.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> t = Teacher(id="n1", name="Нина", organisation_id="s1")
            >>> Leader(teacher=t, level=LeaderLevel.NAVIGATOR).promoted()  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            pedcommunity.errors.InvalidData: $.level: leader 'n1' is a navigator already, ...
        """
        if self.level is LeaderLevel.NAVIGATOR:
            raise InvalidData(
                f"leader '{self.id}' is a navigator already, the top level; "
                "there is no level to promote them to",
                path="$.level",
            )
        return attrs.evolve(self, level=LeaderLevel(self.level + 1))

    def raised_to(self, level: LeaderLevel) -> Leader:
        """This leader at ``level`` or, if higher already, as they are: a level is never lowered.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> t = Teacher(id="m1", name="Мария", organisation_id="s1")
            >>> Leader(teacher=t).raised_to(LeaderLevel.NAVIGATOR).level.name
            'NAVIGATOR'
            >>> n = Leader(teacher=t, level=LeaderLevel.NAVIGATOR)
            >>> n.raised_to(LeaderLevel.COMPETENCY_LEADER) is n
            True
        """
        if level <= self.level:
            return self
        return attrs.evolve(self, level=level)


def _unique_leaders(
    instance: LeadersBank,
    attribute: attrs.Attribute[tuple[Leader, ...]],
    value: tuple[Leader, ...],
) -> None:
    seen: set[str] = set()
    for leader in value:
        if not isinstance(leader, Leader):
            raise TypeError(f"a leaders bank holds Leader objects, got {shown(leader)}")
        if leader.id in seen:
            raise DuplicateId(kind="leader", id=leader.id, field=attribute.name)
        seen.add(leader.id)


def _check_load(load: Mapping[str, int]) -> Mapping[str, int]:
    for key, n in load.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidData(
                f"a load counts mentees: a whole number of at least 0, got {shown(n)}",
                path=f"$.load[{shown(key)}]",
            )
    return load


@attrs.frozen
class LeadersBank:
    """The bank of competency leaders: leaders with unique ids, in the order they were added.

    Every method returns a new bank or a new value; a bank never changes.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
        >>> bank = LeadersBank().add(a)
        >>> "a" in bank, len(bank), bank.promote("a").get("a").level.label.en
        (True, 1, 'Competency leader')
    """

    leaders: tuple[Leader, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_leaders
    )

    # -- reading ----------------------------------------------------------------------------

    def ids(self) -> tuple[str, ...]:
        """The leaders' ids in bank order.

        Examples:
            >>> LeadersBank().ids()
            ()
        """
        return tuple(x.id for x in self.leaders)

    def get(self, leader_id: str) -> Leader:
        """The leader with this id.

        Raises:
            UnknownId: no leader has this id (the error lists the known ones).

        Examples:
            >>> LeadersBank().get("x")
            Traceback (most recent call last):
            ...
            pedcommunity.errors.UnknownId: Unknown leader 'x'; known: none.
        """
        for leader in self.leaders:
            if leader.id == leader_id:
                return leader
        raise UnknownId(kind="leader", id=leader_id, known=self.ids())

    def __contains__(self, leader_id: object) -> bool:
        return any(x.id == leader_id for x in self.leaders)

    def __iter__(self) -> Iterator[Leader]:
        return iter(self.leaders)

    def __len__(self) -> int:
        return len(self.leaders)

    # -- new banks --------------------------------------------------------------------------

    def add(self, leader: Leader) -> LeadersBank:
        """A new bank with ``leader`` added at the end.

        Raises:
            DuplicateId: a leader with the same id is in the bank.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
            >>> LeadersBank([a]).add(a)
            Traceback (most recent call last):
            ...
            pedcommunity.errors.DuplicateId: Duplicate leader 'a': each leader id must be unique.
        """
        return LeadersBank((*self.leaders, leader))

    def replace(self, leader: Leader) -> LeadersBank:
        """A new bank where the leader with ``leader``'s id is replaced by ``leader``.

        Raises:
            UnknownId: no leader has that id.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
            >>> LeadersBank([a]).replace(attrs.evolve(a, capacity=4)).get("a").capacity
            4
        """
        self.get(leader.id)
        return LeadersBank(leader if x.id == leader.id else x for x in self.leaders)

    def promote(self, leader_id: str) -> LeadersBank:
        """A new bank with this leader one :class:`LeaderLevel` up.

        Raises:
            UnknownId: no leader has this id.
            InvalidData: the leader is a navigator already, the top level.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
            >>> LeadersBank([a]).promote("a").promote("a").get("a").level.name
            'NAVIGATOR'
        """
        return self.replace(self.get(leader_id).promoted())

    def apply(self, promotions: Iterable[Leader]) -> LeadersBank:
        """A new bank with each named leader raised to the level of their promoted record.

        Only the level is taken from ``promotions`` (for instance
        :func:`pedcommunity.workflows.navigators.promotions` of a finished school): the rest
        of the bank's record stays as the bank has it now, since the school's snapshot may be
        older. A level is never lowered, so applying the same promotions twice changes nothing.

        Raises:
            UnknownId: a promoted leader is not in the bank (nothing is applied).

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
            >>> bank = LeadersBank([attrs.evolve(a, capacity=5)])
            >>> new = bank.apply([a.promoted()])
            >>> new.get("a").level.name, new.get("a").capacity
            ('COMPETENCY_LEADER', 5)
        """
        levels: dict[str, LeaderLevel] = {}
        for record in promotions:
            self.get(record.id)
            levels[record.id] = max(levels.get(record.id, record.level), record.level)
        return LeadersBank(
            attrs.evolve(x, level=levels[x.id]) if levels.get(x.id, 0) > x.level else x
            for x in self.leaders
        )

    # -- capacity and queries ---------------------------------------------------------------

    def free_capacity(self, leader_id: str, load: Mapping[str, int] | None = None) -> int:
        """The leader's capacity minus the mentees they have now (negative when overloaded).

        Args:
            leader_id: the leader.
            load: leader id to the number of mentees they currently have; a leader it does
                not name has none.

        Raises:
            UnknownId: no leader has this id.
            InvalidData: a load is not a whole number of at least 0.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"), capacity=3)
            >>> LeadersBank([a]).free_capacity("a", {"a": 1})
            2
        """
        leader = self.get(leader_id)
        return leader.capacity - _check_load(load or {}).get(leader_id, 0)

    def with_free_capacity(self, load: Mapping[str, int] | None = None) -> list[Leader]:
        """The leaders who can take at least one more mentee, in bank order.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
            >>> LeadersBank([a]).with_free_capacity({"a": 1})
            []
        """
        load = _check_load(load or {})
        return [x for x in self.leaders if x.capacity - load.get(x.id, 0) > 0]

    def who_can_teach(
        self,
        competency_id: str,
        *,
        load: Mapping[str, int] | None = None,
        organisation_id: str | None = None,
        min_level: LeaderLevel | None = None,
        free_only: bool = True,
    ) -> list[Leader]:
        """The leaders who list ``competency_id`` in ``can_teach``, best first.

        Ranked by the leader's own :class:`~pedcommunity.model.Level` in the competency
        (higher first), then free capacity (more first), then id.

        Args:
            competency_id: the competency a mentee needs.
            load: leader id to the number of mentees they have now (none by default).
            organisation_id: only leaders of this organisation (by default, the whole city).
            min_level: only leaders at this :class:`LeaderLevel` or above.
            free_only: only leaders with free capacity (the default).

        Raises:
            InvalidData: a load is not a whole number of at least 0, or ``min_level`` is not
                a leader level.

        Examples:
            >>> from pedcommunity.model import Teacher, Level
            >>> def lead(i, org, lvl, cap=1):
            ...     t = Teacher(id=i, name="Педагог", organisation_id=org,
            ...                 competencies={"nvc": lvl})
            ...     return Leader(teacher=t, can_teach=("nvc",), capacity=cap)
            >>> bank = LeadersBank([lead("a", "s1", Level.PROFICIENT, 3),
            ...                     lead("b", "s2", Level.EXPERT),
            ...                     lead("c", "s1", Level.PROFICIENT, 2)])
            >>> [x.id for x in bank.who_can_teach("nvc")]
            ['b', 'a', 'c']
            >>> [x.id for x in bank.who_can_teach("nvc", load={"b": 1, "a": 2})]
            ['c', 'a']
            >>> [x.id for x in bank.who_can_teach("nvc", organisation_id="s1")]
            ['a', 'c']
        """
        load = _check_load(load or {})
        try:
            floor = LeaderLevel.MENTOR if min_level is None else LeaderLevel(min_level)
        except ValueError:
            levels = ", ".join(f"{x.name} ({x.value})" for x in LeaderLevel)
            raise InvalidData(
                f"min_level must be a LeaderLevel: {levels}; got {shown(min_level)}",
                path="$.min_level",
            ) from None

        def free(x: Leader) -> int:
            return x.capacity - load.get(x.id, 0)

        found = [
            x
            for x in self.leaders
            if competency_id in x.can_teach
            and (organisation_id is None or x.organisation_id == organisation_id)
            and x.level >= floor
            and (not free_only or free(x) > 0)
        ]
        return sorted(found, key=lambda x: (-x.teacher.level(competency_id), -free(x), x.id))
