"""The mentoring festival of seed 003 («Наставники Югры: маршрут построен»).

Mentoring pairs (pedagogical tandems) enter one direction (traditional, reverse or partner
mentoring) and one showcase track (the art, profi and content clusters) with a product. A
jury scores each entry on weighted :class:`Criterion` s; :func:`standings` ranks the entries
overall and within each track; the best practices get an :class:`Award`, by default the award
symbol «Наставники Югры» (:data:`MENTORS_OF_YUGRA`).

Examples:
    >>> from pedcommunity.model.festival import FestivalEntry, FestivalDirection, Product
    >>> from pedcommunity.model.festival import ShowcaseTrack
    >>> e = FestivalEntry(id="e1", mentor_id="m1", mentee_ids=("t1",),
    ...                   direction=FestivalDirection.REVERSE, showcase=ShowcaseTrack.ART,
    ...                   product=Product(title="Наш тандем", kind="video",
    ...                                   link="https://example.org/tandem"))
    >>> e.showcase.label.en
    'Art cluster'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from fractions import Fraction

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_text,
    to_frozen_map,
    to_tuple,
)

__all__ = [
    "FESTIVAL_CRITERIA",
    "MENTORS_OF_YUGRA",
    "Award",
    "Criterion",
    "FestivalDirection",
    "FestivalEntry",
    "Product",
    "Score",
    "ShowcaseTrack",
    "Standing",
    "standings",
]


class FestivalDirection(LabelledEnum):
    """The direction of mentoring a pair enters the festival in (one of three, seed 003).

    Examples:
        >>> FestivalDirection("partner").label.ru
        'Партнёрское наставничество'
    """

    TRADITIONAL = "traditional", "Традиционное наставничество", "Traditional mentoring"
    REVERSE = "reverse", "Реверсивное наставничество", "Reverse mentoring"
    PARTNER = "partner", "Партнёрское наставничество", "Partner mentoring"


class ShowcaseTrack(LabelledEnum):
    """The festival's online clusters: what kind of product a pair shows (seed 003).

    Examples:
        >>> ShowcaseTrack("profi").label.en
        'Profi cluster'
    """

    ART = "art", "Арт-кластер", "Art cluster"
    PROFI = "profi", "Профи-кластер", "Profi cluster"
    CONTENT = "content", "Контент-кластер", "Content cluster"


_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def _check_link(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _URL.fullmatch(value):
        raise ValueError(f"{attribute.name} must be an http(s) URL, got {shown(value)}")


@attrs.frozen
class Product:
    """What a pair shows: a title, a kind (video, poem, mind map, web page...) and a link.

    Examples:
        >>> Product(title="Карта визуализации", kind="mind map",
        ...         link="https://example.org/map").kind
        'mind map'
    """

    title: str = attrs.field(validator=check_text)
    kind: str = attrs.field(validator=check_text)
    link: str = attrs.field(validator=_check_link)


def _non_empty(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one mentee")


@attrs.frozen
class FestivalEntry:
    """A pair's (or group's) entry: one direction, one showcase track, one product.

    ``track_id`` names the pair's mentoring track, when it has one: two entries with the same
    track come from the same pair.

    Examples:
        >>> e = FestivalEntry(id="e1", mentor_id="m1", mentee_ids=("t2", "t1"),
        ...                   direction=FestivalDirection.TRADITIONAL,
        ...                   showcase=ShowcaseTrack.PROFI,
        ...                   product=Product(title="Маршрут", kind="mind map",
        ...                                   link="https://example.org/map"))
        >>> e.participants
        ('m1', 't2', 't1')
    """

    id: str = attrs.field(validator=check_id)
    mentor_id: str = attrs.field(validator=check_id)
    mentee_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[check_ids, _non_empty])
    direction: FestivalDirection = attrs.field(
        validator=attrs.validators.instance_of(FestivalDirection)
    )
    showcase: ShowcaseTrack = attrs.field(validator=attrs.validators.instance_of(ShowcaseTrack))
    product: Product = attrs.field(validator=attrs.validators.instance_of(Product))
    track_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))

    def __attrs_post_init__(self) -> None:
        if self.mentor_id in self.mentee_ids:
            raise ValueError(f"mentee_ids must not include the mentor '{self.mentor_id}'")

    @property
    def participants(self) -> tuple[str, ...]:
        """The mentor, then the mentees: everyone a juror must not be to score this entry."""
        return (self.mentor_id, *self.mentee_ids)

    def same_pair(self, other: FestivalEntry) -> bool:
        """Whether ``other`` comes from the same pair: same mentor and mentees, or same track.

        Examples:
            >>> p = Product(title="T", kind="video", link="https://example.org/v")
            >>> a = FestivalEntry(id="a", mentor_id="m", mentee_ids=("x", "y"),
            ...                   direction=FestivalDirection.PARTNER,
            ...                   showcase=ShowcaseTrack.ART, product=p)
            >>> a.same_pair(attrs.evolve(a, id="b", mentee_ids=("y", "x")))
            True
        """
        if self.track_id is not None and self.track_id == other.track_id:
            return True
        return self.mentor_id == other.mentor_id and set(self.mentee_ids) == set(other.mentee_ids)


# -- judging ----------------------------------------------------------------------------------


def _positive_number(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{attribute.name} must be a positive finite number, got {shown(value)}")


def _whole(minimum: int) -> Callable[[object, attrs.Attribute[int], object], None]:
    def check(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
        # bool is an int in Python, but True is not a score.
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(
                f"{attribute.name} must be a whole number of at least {minimum}, got {shown(value)}"
            )

    return check


@attrs.frozen
class Criterion:
    """What the jury scores an entry on, with its weight and top score.

    A juror gives a whole number from 0 to ``max_score``; :func:`standings` divides by
    ``max_score``, so criteria with different scales weigh only by ``weight``.

    Examples:
        >>> c = Criterion(id="originality", name=Label(ru="Оригинальность", en="Originality"))
        >>> c.weight, c.max_score
        (1.0, 10)
        >>> Criterion(id="x", name=c.name, weight=0)
        Traceback (most recent call last):
        ...
        ValueError: weight must be a positive finite number, got 0
    """

    id: str = attrs.field(validator=check_id)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    weight: float = attrs.field(default=1.0, validator=_positive_number)
    max_score: int = attrs.field(default=10, validator=_whole(1))


#: The festival's default criteria, equal weights, 0 to 10 points each. The seed names what a
#: product shows: the content of the mentoring work, the results of the interaction, and its
#: uniqueness; the clusters are online showcases, so the presentation counts too.
FESTIVAL_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        id="relevance",
        name=Label(
            ru="Актуальность и содержание наставнической работы",
            en="Relevance and content of the mentoring work",
        ),
    ),
    Criterion(
        id="results",
        name=Label(
            ru="Результаты взаимодействия наставника и наставляемого",
            en="Results of the mentor-mentee interaction",
        ),
    ),
    Criterion(
        id="originality",
        name=Label(ru="Оригинальность и уникальность практики", en="Originality of the practice"),
    ),
    Criterion(
        id="presentation",
        name=Label(ru="Качество представления продукта", en="Quality of the presentation"),
    ),
)


@attrs.frozen
class Score:
    """One juror's score of one entry on one criterion.

    The upper bound is the criterion's ``max_score``, checked where the criterion is known (the
    festival workflow, :func:`standings`).

    Examples:
        >>> Score(juror_id="j1", entry_id="e1", criterion_id="results", value=8).value
        8
    """

    juror_id: str = attrs.field(validator=check_id)
    entry_id: str = attrs.field(validator=check_id)
    criterion_id: str = attrs.field(validator=check_id)
    value: int = attrs.field(validator=_whole(0))


#: The festival's award symbol, given to the pairs that showed the best mentoring practices.
MENTORS_OF_YUGRA = Label(ru="Наставники Югры", en="Mentors of Yugra")


@attrs.frozen
class Award:
    """An award given to an entry: a title and, for placed awards, the place (1 = first).

    Examples:
        >>> Award(entry_id="e1").title.ru
        'Наставники Югры'
        >>> Award(entry_id="e2", title=Label(ru="Лауреат", en="Laureate"), place=2).place
        2
    """

    entry_id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(
        default=MENTORS_OF_YUGRA, validator=attrs.validators.instance_of(Label)
    )
    place: int | None = attrs.field(default=None, validator=attrs.validators.optional(_whole(1)))


def _share(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a number from 0 to 1, got {shown(value)}")


def _means(
    instance: object,
    attribute: attrs.Attribute[FrozenMap[str, float]],
    value: FrozenMap[str, float],
) -> None:
    for key, mean in value.items():
        check_id(instance, attribute, key)
        if isinstance(mean, bool) or not isinstance(mean, int | float) or not mean >= 0:
            raise ValueError(f"{attribute.name} must map criteria to means >= 0, got {shown(mean)}")


@attrs.frozen
class Standing:
    """An entry's place in the festival: its score, its rank overall and within its track.

    ``score`` is the weighted mean, over the criteria, of the jurors' mean score divided by
    the criterion's ``max_score``: 0 to 1. ``criterion_means`` holds each scored criterion's
    mean juror score in points; ``jurors`` counts the jurors who scored the entry at all.

    Examples:
        >>> s = Standing(entry_id="e1", showcase=ShowcaseTrack.ART,
        ...              direction=FestivalDirection.TRADITIONAL, score=0.75, rank=2,
        ...              track_rank=1, jurors=2, criterion_means={"results": 7.5})
        >>> s.track_rank, s.criterion_means["results"]
        (1, 7.5)
    """

    entry_id: str = attrs.field(validator=check_id)
    showcase: ShowcaseTrack = attrs.field(validator=attrs.validators.instance_of(ShowcaseTrack))
    direction: FestivalDirection = attrs.field(
        validator=attrs.validators.instance_of(FestivalDirection)
    )
    score: float = attrs.field(validator=_share)
    rank: int = attrs.field(validator=_whole(1))
    track_rank: int = attrs.field(validator=_whole(1))
    jurors: int = attrs.field(default=0, validator=_whole(0))
    criterion_means: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_means
    )


def _unique(items: tuple[FestivalEntry, ...] | tuple[Criterion, ...], kind: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise DuplicateId(kind=kind, id=item.id, field=f"{kind}s")
        seen.add(item.id)


def standings(
    entries: Iterable[FestivalEntry], criteria: Iterable[Criterion], scores: Iterable[Score]
) -> list[Standing]:
    """Rank entries by their weighted, normalised mean juror score; best first.

    For each entry and criterion, the jurors' scores are averaged and divided by the
    criterion's ``max_score``; the entry's score is the weighted mean of these over all
    ``criteria``, an unscored criterion counting 0. The arithmetic is exact (fractions), so
    equal results tie exactly, and ties go to the smaller entry id. ``rank`` is the place
    among all entries, ``track_rank`` the place within the entry's showcase track.

    Raises:
        InvalidData: no criteria, a score above its criterion's ``max_score``, or the same
            juror scoring the same entry on the same criterion twice.
        DuplicateId: two entries or two criteria share an id.
        UnknownId: a score names an entry or a criterion not given.

    Examples:
        >>> p = Product(title="Ролик", kind="video", link="https://example.org/v")
        >>> def entry(id, track):
        ...     return FestivalEntry(id=id, mentor_id="m-" + id, mentee_ids=("t-" + id,),
        ...                          direction=FestivalDirection.TRADITIONAL,
        ...                          showcase=track, product=p)
        >>> entries = [entry("a", ShowcaseTrack.ART), entry("b", ShowcaseTrack.ART),
        ...            entry("c", ShowcaseTrack.CONTENT)]
        >>> crit = [Criterion(id="results", name=Label(ru="Результаты", en="Results"),
        ...                   weight=2),
        ...         Criterion(id="style", name=Label(ru="Подача", en="Style"), max_score=5)]
        >>> scores = [Score(juror_id=j, entry_id=e, criterion_id=c, value=v)
        ...           for j, e, c, v in [("j1", "a", "results", 6), ("j2", "a", "results", 8),
        ...                              ("j1", "a", "style", 5), ("j1", "b", "results", 10),
        ...                              ("j1", "c", "style", 4)]]
        >>> [(s.entry_id, round(s.score, 3), s.rank, s.track_rank)
        ...  for s in standings(entries, crit, scores)]
        [('a', 0.8, 1, 1), ('b', 0.667, 2, 2), ('c', 0.267, 3, 1)]
    """
    entry_list = tuple(entries)
    crit = tuple(criteria)
    if not crit:
        raise InvalidData("give at least one criterion to rank by", path="$.criteria")
    _unique(entry_list, "entry")
    _unique(crit, "criterion")
    by_id = {c.id: c for c in crit}
    known_entries = {e.id for e in entry_list}
    points: dict[tuple[str, str], list[int]] = {}
    jurors: dict[str, set[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for i, s in enumerate(scores):
        if s.entry_id not in known_entries:
            raise UnknownId(kind="entry", id=s.entry_id, known=known_entries)
        criterion = by_id.get(s.criterion_id)
        if criterion is None:
            raise UnknownId(kind="criterion", id=s.criterion_id, known=by_id)
        if s.value > criterion.max_score:
            raise InvalidData(
                f"{s.value} is above the top score of '{criterion.id}' ({criterion.max_score})",
                path=f"$.scores[{i}].value",
            )
        key = (s.juror_id, s.entry_id, s.criterion_id)
        if key in seen:
            raise InvalidData(
                f"juror '{s.juror_id}' scored entry '{s.entry_id}' on '{s.criterion_id}' twice",
                path=f"$.scores[{i}]",
            )
        seen.add(key)
        points.setdefault((s.entry_id, s.criterion_id), []).append(s.value)
        jurors.setdefault(s.entry_id, set()).add(s.juror_id)
    total_weight = sum(Fraction(c.weight) for c in crit)
    results: dict[str, Fraction] = {}
    means: dict[str, dict[str, float]] = {}
    for e in entry_list:
        weighted = Fraction(0)
        means[e.id] = {}
        for c in crit:
            values = points.get((e.id, c.id))
            if values:
                mean = Fraction(sum(values), len(values))
                means[e.id][c.id] = float(mean)
                weighted += Fraction(c.weight) * mean / c.max_score
        results[e.id] = weighted / total_weight
    ranked = sorted(entry_list, key=lambda e: (-results[e.id], e.id))
    per_track: dict[ShowcaseTrack, int] = {}
    out = []
    for rank, e in enumerate(ranked, start=1):
        per_track[e.showcase] = per_track.get(e.showcase, 0) + 1
        out.append(
            Standing(
                entry_id=e.id,
                showcase=e.showcase,
                direction=e.direction,
                score=float(results[e.id]),
                rank=rank,
                track_rank=per_track[e.showcase],
                jurors=len(jurors.get(e.id, ())),
                criterion_means=means[e.id],
            )
        )
    return out
