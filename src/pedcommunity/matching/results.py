"""What a matching run returns: pairs with their reasons, the unmatched with theirs, figures.

All of it is plain, frozen data that round-trips through the JSON contract, so a coordinator's
screen, a CSV export and a stored proposal all read the same thing.

Examples:
    >>> from pedcommunity.i18n import Label
    >>> pair = MatchedPair(mentor_id="olga", mentee_id="ivan", score=0.8, breakdown=(
    ...     CriterionScore(criterion="subject", label=Label(ru="Общий предмет", en="Same subject"),
    ...                    value=1.0, weight=1.5,
    ...                    explanation=Label(ru="Общий предмет: math", en="Same subject: math")),))
    >>> print(pair.explain("en"))
    olga → ivan: 0.80
      - Same subject: math (1.00 × 1.5)
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label, LabelledEnum, check_lang
from pedcommunity.model._fields import check_id, instances_of, to_tuple

__all__ = [
    "CriterionScore",
    "MatchedPair",
    "MatchingFigures",
    "MatchingMethod",
    "MatchingResult",
    "Objective",
    "Unmatched",
    "UnmatchedReason",
]


def _finite(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {shown(value)}")


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"{attribute.name} must be a whole number of 0 or more, got {shown(value)}"
        )


class MatchingMethod(LabelledEnum):
    """How the pairs were chosen.

    Examples:
        >>> MatchingMethod("stable").label.en, MatchingMethod.OPTIMAL.value
        ('Stable matching', 'optimal')
    """

    OPTIMAL = "optimal", "Оптимальный подбор", "Optimal matching"
    STABLE = "stable", "Устойчивый подбор", "Stable matching"
    GREEDY = "greedy", "Быстрый подбор", "Greedy matching"
    SUGGEST = "suggest", "Подсказки для самоподбора", "Suggestions"


class Objective(LabelledEnum):
    """What ``optimal`` maximises: participation (most mentees, then score) or quality.

    Examples:
        >>> Objective("quality").label.en
        'Quality: the best total score'
    """

    PARTICIPATION = (
        "participation",
        "Охват: больше всего пар, затем лучшая сумма баллов",
        "Participation: most pairs, then the best total score",
    )
    QUALITY = "quality", "Качество: лучшая сумма баллов", "Quality: the best total score"


@attrs.frozen
class CriterionScore:
    """One criterion's part in a pair's score, with its reason in words.

    Attributes:
        criterion: the criterion's name (``"coverage"``).
        label: the criterion's Russian and English name.
        value: its score for the pair, 0 to 1.
        weight: its weight.
        explanation: why the pair scored ``value`` (Russian and English).
    """

    criterion: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    value: float = attrs.field(validator=_finite)
    weight: float = attrs.field(validator=_finite)
    explanation: Label = attrs.field(validator=attrs.validators.instance_of(Label))


@attrs.frozen
class MatchedPair:
    """A mentor and a mentee put together, with the score and its breakdown.

    Attributes:
        mentor_id: the mentor.
        mentee_id: the mentee.
        score: the pair's score (the weighted mean of ``breakdown``, or the score given).
        breakdown: each criterion's part; empty when scores came from an edge list.
        locked: the coordinator fixed this pair before matching.
    """

    mentor_id: str = attrs.field(validator=check_id)
    mentee_id: str = attrs.field(validator=check_id)
    score: float = attrs.field(validator=_finite)
    breakdown: tuple[CriterionScore, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CriterionScore)
    )
    locked: bool = False

    def explain(self, lang: str = "ru") -> str:
        """The pair, its score and one line per criterion, in ``lang``.

        Examples:
            >>> print(MatchedPair(mentor_id="m1", mentee_id="t1", score=0.5, locked=True)
            ...       .explain("ru"))
            m1 → t1: 0.50 (закреплена координатором)
        """
        lang = check_lang(lang)
        head = f"{self.mentor_id} → {self.mentee_id}: {self.score:.2f}"
        if self.locked:
            head += (
                " (закреплена координатором)" if lang == "ru" else " (locked by the coordinator)"
            )
        lines = [head]
        for part in self.breakdown:
            lines.append(f"  - {part.explanation.get(lang)} ({part.value:.2f} × {part.weight:g})")
        return "\n".join(lines)


class UnmatchedReason(LabelledEnum):
    """Why a mentee got no mentor.

    Examples:
        >>> UnmatchedReason.MENTORS_FULL.label.ru
        'Все подходящие наставники заняты'
    """

    NO_ELIGIBLE_MENTOR = "no_eligible_mentor", "Нет подходящего наставника", "No eligible mentor"
    MENTORS_FULL = (
        "mentors_full",
        "Все подходящие наставники заняты",
        "All eligible mentors are full",
    )
    NOT_CHOSEN = (
        "not_chosen",
        "Подходящий наставник свободен, но пара не выбрана методом",
        "An eligible mentor is free, but the method did not choose the pair",
    )


@attrs.frozen
class Unmatched:
    """A mentee left without a mentor, and why.

    Attributes:
        mentee_id: the mentee.
        reason: why.
        eligible: how many mentors were eligible for them.
    """

    mentee_id: str = attrs.field(validator=check_id)
    reason: UnmatchedReason = attrs.field(validator=attrs.validators.instance_of(UnmatchedReason))
    eligible: int = attrs.field(default=0, validator=_count)


@attrs.frozen
class MatchingFigures:
    """How good a matching is, in numbers a coordinator reads.

    Attributes:
        mentees: mentees to match.
        mentors: mentors with at least one place.
        matched: mentees matched (locked pairs included).
        total_score: the sum of the pairs' scores.
        mean_score: their mean (0 with no pairs).
        min_score: the lowest (0 with no pairs).
        blocking_pairs: pairs that would both rather be together than with their partners now
            (0 for a stable matching).
        places: the mentors' places in all.
    """

    mentees: int = attrs.field(validator=_count)
    mentors: int = attrs.field(validator=_count)
    matched: int = attrs.field(validator=_count)
    total_score: float = attrs.field(validator=_finite)
    mean_score: float = attrs.field(validator=_finite)
    min_score: float = attrs.field(validator=_finite)
    blocking_pairs: int = attrs.field(validator=_count)
    places: int = attrs.field(validator=_count)

    def rows(self, lang: str = "ru") -> list[tuple[str, str]]:
        """(label, value) rows for a report, in ``lang``.

        Examples:
            >>> f = MatchingFigures(mentees=3, mentors=2, matched=2, total_score=1.5,
            ...                     mean_score=0.75, min_score=0.5, blocking_pairs=0, places=2)
            >>> f.rows("en")[2]
            ('Matched', '2 of 3')
        """
        ru = check_lang(lang) == "ru"
        return [
            ("Наставляемых" if ru else "Mentees", str(self.mentees)),
            ("Наставников" if ru else "Mentors", str(self.mentors)),
            (
                "Подобрано" if ru else "Matched",
                f"{self.matched} {'из' if ru else 'of'} {self.mentees}",
            ),
            ("Сумма баллов" if ru else "Total score", f"{self.total_score:.3f}"),
            ("Средний балл" if ru else "Mean score", f"{self.mean_score:.3f}"),
            ("Наименьший балл" if ru else "Lowest score", f"{self.min_score:.3f}"),
            ("Блокирующих пар" if ru else "Blocking pairs", str(self.blocking_pairs)),
        ]


@attrs.frozen
class MatchingResult:
    """Pairs, the unmatched and figures of one matching run.

    Attributes:
        method: how the pairs were chosen.
        objective: what ``optimal`` maximised (``None`` for other methods).
        pairs: the pairs, sorted by mentee id.
        unmatched: mentees left without a mentor, sorted by id.
        figures: quality figures.
    """

    method: MatchingMethod = attrs.field(validator=attrs.validators.instance_of(MatchingMethod))
    objective: Objective | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(Objective))
    )
    pairs: tuple[MatchedPair, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(MatchedPair)
    )
    unmatched: tuple[Unmatched, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(Unmatched)
    )
    figures: MatchingFigures = attrs.field(validator=attrs.validators.instance_of(MatchingFigures))

    def mentor_of(self) -> dict[str, str]:
        """Mentee id to mentor id, for every pair.

        Examples:
            >>> f = MatchingFigures(mentees=1, mentors=1, matched=1, total_score=1.0,
            ...                     mean_score=1.0, min_score=1.0, blocking_pairs=0, places=1)
            >>> MatchingResult(method=MatchingMethod.GREEDY, objective=None, figures=f,
            ...     pairs=[MatchedPair(mentor_id="m", mentee_id="t", score=1.0)], unmatched=[]
            ... ).mentor_of()
            {'t': 'm'}
        """
        return {p.mentee_id: p.mentor_id for p in self.pairs}

    def mentees_of(self) -> dict[str, tuple[str, ...]]:
        """Mentor id to the ids of their mentees (sorted), for mentors with any."""
        out: dict[str, list[str]] = {}
        for p in self.pairs:
            out.setdefault(p.mentor_id, []).append(p.mentee_id)
        return {m: tuple(sorted(ts)) for m, ts in sorted(out.items())}

    def report(self, lang: str = "ru") -> str:
        """A plain-text report: method, figures, each pair with its reasons, the unmatched."""
        ru = check_lang(lang) == "ru"
        lines = [self.method.label.get(lang)]
        if self.objective is not None:
            lines.append(self.objective.label.get(lang))
        width = max(len(k) for k, _ in self.figures.rows(lang))
        lines += [f"  {k.ljust(width)}  {v}" for k, v in self.figures.rows(lang)]
        lines.append("")
        lines += [p.explain(lang) for p in self.pairs]
        if self.unmatched:
            lines.append("")
            lines.append("Без наставника:" if ru else "Without a mentor:")
            lines += [f"  {u.mentee_id}: {u.reason.label.get(lang)}" for u in self.unmatched]
        return "\n".join(lines)
