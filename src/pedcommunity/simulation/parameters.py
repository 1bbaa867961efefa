"""The parameters of a scenario, one frozen section each, with their bounds and sources.

Each field is made by :func:`_p`: its default, its bounds (checked when a section is made),
its meaning and its source, kept as the field's metadata; :func:`.scenario.parameters` reads
them back for the docs. Where a value comes from the literature the source says so, and where
it is an assumption of the model the source says that instead: a parameter is not a claim.

Examples:
    >>> Effects().burnout_contagion, MentoringSettings().attrition_ratio
    (0.21, 0.6)
    >>> District(schools=0)
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: schools: schools is a whole number from 1 to 5000, got 0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = [
    "CATALOGUES",
    "GOLDRING",
    "GRAY_TAIE",
    "KIM",
    "CommunitySettings",
    "District",
    "Effects",
    "MentoringSettings",
    "PlcSettings",
    "ScenarioInfo",
]

#: The competency catalogues a district's teachers can be measured in (model.competencies).
CATALOGUES = ("school95", "4c")


def _check(kind: type, low: float | None, high: float | None) -> Callable[[Any, Any, Any], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        name = attribute.name
        if kind is bool:
            if not isinstance(value, bool):
                raise InvalidData(f"{name} is true or false, got {shown(value)}", path=name)
            return
        if kind is str:
            if not isinstance(value, str) or not value.strip():
                raise InvalidData(f"{name} is a non-empty text, got {shown(value)}", path=name)
            return
        whole = kind is int
        ok_type = isinstance(value, int) if whole else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type:
            what = "a whole number" if whole else "a number"
            raise InvalidData(f"{name} is {what}, got {shown(value)}", path=name)
        assert isinstance(value, int | float)
        if (
            math.isnan(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            what = "a whole number" if whole else "a number"
            raise InvalidData(
                f"{name} is {what} from {low:g} to {high:g}, got {shown(value)}", path=name
            )

    return check


def _p(
    default: Any,
    meaning: str,
    *,
    low: float | None = None,
    high: float | None = None,
    source: str = "An assumption of the model; vary it in a sweep.",
    choices: tuple[str, ...] = (),
) -> Any:
    kind = type(default)
    validators: list[Any] = [_check(kind, low, high)]
    if choices:
        validators.append(attrs.validators.in_(choices))
    converter = float if kind is float else None

    def to_float(value: Any) -> Any:
        # A TOML integer where a number is asked (``rate = 1``) is that number.
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    if kind is bool:
        bounds = "true/false"
    elif choices:
        bounds = " | ".join(choices)
    elif kind is str:
        bounds = "text"
    else:
        bounds = f"{low:g} to {high:g}"
    return attrs.field(
        default=default,
        validator=validators,
        converter=to_float if converter else None,
        metadata={"meaning": meaning, "source": source, "bounds": bounds},
    )


GRAY_TAIE = (
    "Gray & Taie (2015), Public School Teacher Attrition and Mobility in the First Five Years "
    "(NCES 2015-337): about 17% of beginning teachers had left teaching within five years."
)
KIM = (
    "Kim, Youngs & Frank (2017), Burnout contagion: is it due to early career teachers' "
    "social networks or organizational exposure? Teaching and Teacher Education 66, 250-260: "
    "+0.21 in a teacher's burnout per unit of their close colleagues' mean burnout."
)
GOLDRING = (
    "Goldring, Taie & Riddles (2014), Teacher Attrition and Mobility: Results From the "
    "2012-13 Teacher Follow-up Survey (NCES 2014-077): 7.7% of public school teachers left "
    "teaching in a year."
)


@attrs.frozen
class ScenarioInfo:
    """The ``[scenario]`` section: its name, length and the calendar it starts on."""

    name: str = _p("Район", "The scenario's name, shown in results and plots.")
    years: int = _p(3, "School years simulated.", low=1, high=50)
    start_year: int = _p(
        2025, "The calendar year the first school year starts (1 September).", low=2000, high=2100
    )
    weeks: int = _p(52, "Weeks simulated per school year (one step a week).", low=1, high=52)


@attrs.frozen
class District:
    """The ``[district]`` section: schools, teachers and their networks."""

    schools: int = _p(30, "Schools in the district.", low=1, high=5000)
    teachers_per_school: int = _p(30, "Teachers per school at the start.", low=4, high=300)
    early_career_share: float = _p(
        0.12, "Share of teachers in their first three years at the start.", low=0.0, high=1.0
    )
    colleagues: int = _p(
        4,
        "Close colleagues per teacher (a teacher's network, within the school).",
        low=1,
        high=50,
        source="Kim, Youngs & Frank (2017) measure burnout through close colleagues; how "
        "many is an assumption.",
    )
    catalogue: str = _p(
        "school95",
        "The competencies teachers grow (model.competencies: SCHOOL_95 or FOUR_C).",
        choices=CATALOGUES,
    )
    hire_each_year: bool = _p(
        True, "Fill the year's vacancies with new early-career teachers at the year's start."
    )


@attrs.frozen
class PlcSettings:
    """The ``[plc]`` section: each school's PLCs (seed 002's cycle, run for real)."""

    enabled: bool = _p(True, "Run PLC cycles in every school.")
    participation: float = _p(
        0.6,
        "Base share of a school's teachers who join a PLC in a year (by their own wish, seed "
        "002); engagement moves it.",
        low=0.0,
        high=1.0,
    )
    min_size: int = _p(4, "The fewest members a PLC group is formed with.", low=2, high=15)
    max_size: int = _p(
        12, "The most members of a PLC group (the cycle's rules allow 15).", low=2, high=15
    )
    support: float = _p(
        0.03, "Burnout relief while a teacher is in a PLC (burnout units).", low=0.0, high=1.0
    )


@attrs.frozen
class MentoringSettings:
    """The ``[mentoring]`` section: the district's programme for early-career teachers."""

    enabled: bool = _p(True, "Match early-career teachers with mentors every year.")
    form: str = _p(
        "traditional",
        "The mentoring form (seed 001): traditional, reverse, partner or group.",
        choices=("traditional", "reverse", "partner", "group"),
    )
    mentor_min_years: int = _p(5, "Years of experience a mentor has at least.", low=1, high=40)
    max_mentees_per_mentor: int = _p(2, "Mentees one mentor takes at most.", low=1, high=10)
    track_weeks: int = _p(30, "Weeks from a track's start to its completion.", low=4, high=50)
    sessions_per_month: float = _p(
        2.0, "Mentoring sessions a pair plans a month.", low=0.0, high=20.0
    )
    attrition_ratio: float = _p(
        0.6,
        "A mentored early-career teacher's leaving hazard, as a share of an unmentored one's.",
        low=0.0,
        high=2.0,
        source="A parameter, not a claim: Gray & Taie (2015) report higher retention among "
        "beginning teachers assigned a first-year mentor; the size of the causal effect is "
        "what a sweep explores.",
    )
    support: float = _p(
        0.03, "Burnout relief in a week with a mentoring session.", low=0.0, high=1.0
    )
    competency_gain: float = _p(
        0.05,
        "Chance a mentoring session raises the mentee's weakest competency a level.",
        low=0.0,
        high=1.0,
    )


@attrs.frozen
class CommunitySettings:
    """The ``[community]`` section: one district club with monthly events."""

    enabled: bool = _p(True, "Run a district teachers' club.")
    founding_share: float = _p(0.05, "Share of teachers who found the club.", low=0.0, high=1.0)
    weekly_join_rate: float = _p(
        0.002, "Weekly chance an engaged non-member joins (times engagement).", low=0.0, high=1.0
    )
    events_per_month: int = _p(1, "Club events a month.", low=0, high=8)
    engagement_boost: float = _p(
        0.02, "Engagement gained by attending an event.", low=0.0, high=1.0
    )


@attrs.frozen
class Effects:
    """The ``[effects]`` section: how burnout, engagement and leaving evolve."""

    burnout_contagion: float = _p(
        0.21,
        "Equilibrium burnout gained per unit of close colleagues' mean burnout.",
        low=0.0,
        high=2.0,
        source=KIM,
    )
    burnout_mean: float = _p(0.3, "Mean baseline burnout (0 none, 1 complete).", low=0.0, high=1.0)
    burnout_sd: float = _p(0.1, "Spread of baseline burnout.", low=0.0, high=1.0)
    burnout_rate: float = _p(
        0.04, "Share of the gap to its equilibrium burnout closes each week.", low=0.0, high=1.0
    )
    early_attrition_5y: float = _p(
        0.17,
        "Share of early-career teachers who leave within five years, unmentored.",
        low=0.0,
        high=1.0,
        source=GRAY_TAIE,
    )
    attrition_annual: float = _p(
        0.077,
        "Share of experienced teachers who leave teaching in a year.",
        low=0.0,
        high=1.0,
        source=GOLDRING,
    )
    burnout_hazard: float = _p(
        1.5,
        "Leaving hazard multiplied by exp(this x (burnout - the equilibrium mean burnout)).",
        low=0.0,
        high=10.0,
    )
    engagement_mean: float = _p(
        0.6,
        "Mean engagement at the start (0 to 1; near the default equilibrium, 1 - burnout).",
        low=0.0,
        high=1.0,
    )
    engagement_drift: float = _p(
        0.01,
        "Weekly pull of engagement toward 1 - burnout.",
        low=0.0,
        high=1.0,
    )
