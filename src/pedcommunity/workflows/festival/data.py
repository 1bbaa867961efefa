"""The festival's data: its rules and :class:`FestivalData`."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.model._fields import (
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    to_tuple,
)
from pedcommunity.model.festival import (
    FESTIVAL_CRITERIA,
    Award,
    Criterion,
    FestivalEntry,
    Score,
    Standing,
    standings,
)
from pedcommunity.workflows.definition import Context


def _share(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


@attrs.frozen
class FestivalRules:
    """The configurable rules of a festival.

    Attributes:
        entries_per_pair: how many entries one pair may submit, each in another showcase
            track (1: the seed's pair chooses one direction and shows one product).
        min_jury: how many jurors the judging needs to open.
        score_quorum: the share of the jurors free to score an entry who must score it on
            every criterion before the judging closes (1: all of them).
        tandems_only: an entry is a pedagogical tandem, one mentor and one mentee (seed
            003:17, «в качестве "педагогических тандемов"»); ``False`` for a festival of
            groups. ``festival@2`` checks it; ``festival@1`` ignores it and takes groups.

    Examples:
        >>> FestivalRules().quorum(3)
        3
        >>> FestivalRules(score_quorum=0.5).quorum(3)
        2
        >>> FestivalRules().tandems_only
        True
    """

    entries_per_pair: int = attrs.field(default=1, validator=check_positive_int)
    min_jury: int = attrs.field(default=1, validator=check_positive_int)
    score_quorum: float = attrs.field(default=1.0, validator=_share)
    tandems_only: bool = attrs.field(default=True, validator=check_bool)

    def quorum(self, eligible: int) -> int:
        """How many of ``eligible`` jurors must score an entry fully (at least one)."""
        return max(1, math.ceil(self.score_quorum * eligible - 1e-9))


def _criteria(
    instance: object, attribute: attrs.Attribute[tuple[Criterion, ...]], value: object
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must hold at least one criterion")


def _unique_ids(kind: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise DuplicateId(kind=kind, id=item.id, field=attribute.name)
            seen.add(item.id)

    return check


@attrs.frozen
class FestivalData:
    """Everything a festival knows at one moment. Effects return a new one for each change.

    ``criteria`` default to :data:`~pedcommunity.model.festival.FESTIVAL_CRITERIA`; ids of
    criteria, jurors and entries are unique.

    Examples:
        >>> d = FestivalData(name="Наставники Югры: маршрут построен")
        >>> [c.id for c in d.criteria]
        ['relevance', 'results', 'originality', 'presentation']
        >>> d.jury, d.entries, d.rules.entries_per_pair
        ((), (), 1)
    """

    name: str = attrs.field(validator=check_text)
    organisation_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: FestivalRules = attrs.field(
        factory=FestivalRules, validator=attrs.validators.instance_of(FestivalRules)
    )
    criteria: tuple[Criterion, ...] = attrs.field(
        default=FESTIVAL_CRITERIA,
        converter=to_tuple,
        validator=[
            attrs.validators.deep_iterable(attrs.validators.instance_of(Criterion)),
            _criteria,
            _unique_ids("criterion"),
        ],
    )
    jury: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    entries: tuple[FestivalEntry, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            attrs.validators.deep_iterable(attrs.validators.instance_of(FestivalEntry)),
            _unique_ids("entry"),
        ],
    )
    scores: tuple[Score, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Score)),
    )
    awards: tuple[Award, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Award)),
    )
    closed_reason: str | None = attrs.field(default=None, validator=check_optional_text)

    def entry(self, entry_id: str) -> FestivalEntry | None:
        """The entry with this id, if any.

        Examples:
            >>> FestivalData(name="F").entry("e1") is None
            True
        """
        return next((e for e in self.entries if e.id == entry_id), None)

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, if any.

        Examples:
            >>> FestivalData(name="F").criterion("results").max_score
            10
        """
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def eligible_jurors(self, entry: FestivalEntry) -> tuple[str, ...]:
        """The jurors free to score ``entry``: the jury minus the entry's mentor and mentees.

        Examples:
            >>> from pedcommunity.model.festival import (
            ...     FestivalDirection, Product, ShowcaseTrack)
            >>> e = FestivalEntry(id="e1", mentor_id="m1", mentee_ids=("t1",),
            ...                   direction=FestivalDirection.REVERSE,
            ...                   showcase=ShowcaseTrack.ART,
            ...                   product=Product(title="T", kind="video",
            ...                                   link="https://example.org/v"))
            >>> FestivalData(name="F", jury=("j1", "m1")).eligible_jurors(e)
            ('j1',)
        """
        return tuple(j for j in self.jury if j not in entry.participants)

    def complete_jurors(self, entry_id: str) -> tuple[str, ...]:
        """The jurors who have scored the entry on every criterion, in jury order.

        Examples:
            >>> d = FestivalData(name="F", jury=("j1",), scores=[
            ...     Score(juror_id="j1", entry_id="e1", criterion_id=c.id, value=5)
            ...     for c in FESTIVAL_CRITERIA])
            >>> d.complete_jurors("e1"), d.complete_jurors("e2")
            (('j1',), ())
        """
        needed = {c.id for c in self.criteria}
        given: dict[str, set[str]] = {}
        for s in self.scores:
            if s.entry_id == entry_id:
                given.setdefault(s.juror_id, set()).add(s.criterion_id)
        return tuple(j for j in self.jury if needed <= given.get(j, set()))

    def standings(self) -> list[Standing]:
        """The entries ranked by their scores so far (see :func:`standings`).

        Examples:
            >>> FestivalData(name="F").standings()
            []
        """
        return standings(self.entries, self.criteria, self.scores)


#: What every guard and effect of the festival gets.
C = Context[FestivalData]
