"""Goals: what a community aims at, over which horizon, and which indicator shows it.

A :class:`CommunityGoal` has a title, a :class:`Horizon` (seed 000: the goals for the coming
year and
the prospects for three to five years), and, when the event log can show it, the name of the
indicator that measures it and a :class:`Target` (a value and a :class:`Direction`: at least
or at most) for the indicator over a review period. A goal the log cannot show (an online
platform, the club's reputation) has neither and is reviewed as "no data".

:data:`SEED_GOALS` are the ten goals of seed 000, section 2, word for word in Russian and
translated into English. The seed names no figures: the targets are this library's
suggestions for a half-year review, to be adjusted by each club.

:data:`SEED_004_GOALS` are the results seed 004's network community checks at its reflection
stage (the ids of :data:`~pedcommunity.model.AKTANYSH_NETWORK_ROADMAP`'s results). One target
comes from the seed, «100% выполнение запланированных мероприятий» (``all_done``: every
planned event held); the others are suggestions.

Examples:
    >>> [g.id for g in SEED_GOALS if g.horizon is Horizon.ONE_YEAR]
    ['active_core', 'regular_events', 'annual_plan', 'online_platform', 'first_partners']
    >>> t = Target(value=0.8, direction=Direction.AT_LEAST)
    >>> t.is_met(0.75), t.is_met(0.8), t.label.ru
    (False, True, 'не менее 0.8')
"""

from __future__ import annotations

import math

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import check_id, check_text
from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP, RoadmapPhase

__all__ = ["SEED_004_GOALS", "SEED_GOALS", "CommunityGoal", "Direction", "Horizon", "Target"]


class Direction(LabelledEnum):
    """Which way a target points: the value should be at least, or at most, the target.

    Examples:
        >>> Direction.AT_MOST.label.en
        'at most'
    """

    AT_LEAST = "at_least", "не менее", "at least"
    AT_MOST = "at_most", "не более", "at most"


class Horizon(LabelledEnum):
    """When a goal is due: within the coming year, or in three to five years (seed 000, 2).

    Examples:
        >>> Horizon.THREE_TO_FIVE_YEARS.label.ru
        'Перспектива на 3–5 лет'
    """

    ONE_YEAR = "one_year", "На ближайший год", "For the coming year"
    THREE_TO_FIVE_YEARS = "three_to_five_years", "Перспектива на 3–5 лет", "In three to five years"


def _finite(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {shown(value)}")


def _to_float(value: object) -> object:
    # Whole numbers are welcome (a target of 10 members); True is not a number here.
    return float(value) if type(value) is int else value


@attrs.frozen
class Target:
    """A target for an indicator: a value and whether to reach at least or at most that.

    Examples:
        >>> Target(value=10, direction=Direction.AT_LEAST).value
        10.0
        >>> Target(value=3, direction=Direction.AT_MOST).is_met(4.0)
        False
    """

    value: float = attrs.field(converter=_to_float, validator=_finite)
    direction: Direction = attrs.field(
        default=Direction.AT_LEAST, validator=attrs.validators.instance_of(Direction)
    )

    def is_met(self, value: float) -> bool:
        """Whether ``value`` meets the target (the target itself counts as met)."""
        if self.direction is Direction.AT_LEAST:
            return value >= self.value
        return value <= self.value

    @property
    def label(self) -> Label:
        """The target in words: "at least 0.8"."""
        number = f"{self.value:g}"
        d = self.direction.label
        return Label(ru=f"{d.ru} {number}", en=f"{d.en} {number}")


@attrs.frozen
class CommunityGoal:
    """A goal of the community, its horizon and, when measurable, its indicator and target.

    ``indicator`` and ``target`` come together or not at all. ``source`` says where the goal
    comes from.

    Examples:
        >>> g = CommunityGoal(id="g1",
        ...                   title=Label(ru="Провести конференцию", en="Hold a conference"),
        ...          horizon=Horizon.ONE_YEAR, indicator="conferences_held",
        ...          target=Target(value=1))
        >>> g.is_measured, g.target.label.en
        (True, 'at least 1')
        >>> CommunityGoal(id="g2", title=g.title, horizon=Horizon.ONE_YEAR, indicator="x")
        Traceback (most recent call last):
        ...
        ValueError: a goal has an indicator and a target together, or neither; 'g2' has \
an indicator only
    """

    id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    horizon: Horizon = attrs.field(validator=attrs.validators.instance_of(Horizon))
    indicator: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    target: Target | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Target))
    )
    source: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))

    def __attrs_post_init__(self) -> None:
        if (self.indicator is None) != (self.target is None):
            has = "an indicator" if self.indicator is not None else "a target"
            raise ValueError(
                f"a goal has an indicator and a target together, or neither; '{self.id}' has "
                f"{has} only"
            )

    @property
    def is_measured(self) -> bool:
        """Whether an indicator measures the goal."""
        return self.indicator is not None


def _goal(  # noqa: PLR0917 - a table of the seed's goals reads best positionally
    gid: str,
    horizon: Horizon,
    ru: str,
    en: str,
    indicator: str | None = None,
    target: float | None = None,
    source: str = "seed 000, section 2",
) -> CommunityGoal:
    return CommunityGoal(
        id=gid,
        title=Label(ru=ru, en=en),
        horizon=horizon,
        indicator=indicator,
        target=None if target is None else Target(value=target),
        source=source,
    )


_Y1 = Horizon.ONE_YEAR
_Y5 = Horizon.THREE_TO_FIVE_YEARS

#: The goals of seed 000 (section 2), with suggested half-year targets where the log shows them.
SEED_GOALS: tuple[CommunityGoal, ...] = (
    _goal(
        "active_core",
        _Y1,
        "Сформировать ядро активных участников из разных образовательных учреждений.",
        "Form a core of active members from different educational institutions.",
        "active_members",
        10,
    ),
    _goal(
        "regular_events",
        _Y1,
        "Запустить цикл регулярных встреч, семинаров и мастер-классов по самым острым темам.",
        "Launch a cycle of regular meetings, seminars and master classes on the most "
        "pressing topics.",
        "activity_variety",
        3,
    ),
    _goal(
        "annual_plan",
        _Y1,
        "Разработать и утвердить годовой план мероприятий.",
        "Draw up and adopt the annual plan of events.",
        "work_plans_adopted",
        1,
    ),
    _goal(
        "online_platform",
        _Y1,
        "Создать простую онлайн-платформу (например, в соцсетях или на базе мессенджера) "
        "для оперативного общения.",
        "Create a simple online platform (on social media or a messenger, for example) for "
        "day-to-day communication.",
    ),
    _goal(
        "first_partners",
        _Y1,
        "Найти первых партнеров среди экспертов и образовательных организаций.",
        "Find the first partners among experts and educational organisations.",
        "partners_added",
        1,
    ),
    _goal(
        "regional_status",
        _Y5,
        "Закрепить за клубом статус известной и уважаемой профессиональной площадки в регионе.",
        "Establish the club as a well-known and respected professional platform in the region.",
    ),
    _goal(
        "mentoring_programme",
        _Y5,
        "Запустить системную программу наставничества для молодых специалистов.",
        "Launch a systematic mentoring programme for early-career teachers.",
        "early_career_retention",
        0.8,
    ),
    _goal(
        "own_developments",
        _Y5,
        "Реализовать и запатентовать несколько собственных методических разработок.",
        "Implement and patent several methodical developments of our own.",
        "materials_published",
        3,
    ),
    _goal(
        "regional_conference",
        _Y5,
        "Провести первую крупную региональную конференцию силами клуба.",
        "Hold the club's first large regional conference on its own.",
        "conferences_held",
        1,
    ),
    _goal(
        "recommendations_collection",
        _Y5,
        "Издать сборник практических рекомендаций, основанный на нашем опыте.",
        "Publish a collection of practical recommendations based on our experience.",
    ),
)


def _seed_004_goal(result_id: str, indicator: str, target: float) -> CommunityGoal:
    """A goal titled as the roadmap's result (the seed's words), measured by ``indicator``."""
    result = AKTANYSH_NETWORK_ROADMAP.stage(RoadmapPhase.REFLECTION).result(result_id)
    text = result.text
    return _goal(result.id, _Y1, text.ru, text.en, indicator, target, "seed 004, reflection stage")


#: Seed 004's results of the reflection stage that the log shows: ``all_done``'s 100% is the
#: seed's own figure, the other targets are suggestions for a year's review.
SEED_004_GOALS: tuple[CommunityGoal, ...] = (
    _seed_004_goal("all_done", "planned_events_held", 1.0),
    _seed_004_goal("more_members", "active_member_growth", 1),
    _seed_004_goal("publications", "materials_published", 1),
    _seed_004_goal("positive_feedback", "positive_feedback_share", 0.8),
    _seed_004_goal("activity_range", "activity_variety", 4),
)
