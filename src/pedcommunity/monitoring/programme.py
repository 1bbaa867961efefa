"""Seed 003's numbers as targets, and a review of a programme's and a project's figures.

Seed 003 names a few numbers a coordinator can check: the first cluster gathers «около 200
активных педагогов» (003:9) through three events (003:7), five coaches and speakers are paid
from the budget (its «Привлечение коучей и спикеров» line: 20 000 × 5), and the project spends
no more than its budget. :data:`PEDAGOGICAL_INVESTMENT_TARGETS` holds them as
:class:`~pedcommunity.monitoring.goals.Target` s by figure name: the programme's figures
(``MentoringProgramme.figures()``) and the project's
(:func:`~pedcommunity.workflows.project_figures`). :func:`programme_review` sets figures
against targets, one :class:`TargetReview` row each, with Russian and English labels.

Examples:
    >>> rows = programme_review({"first_cluster_participants": 212, "cluster_events_held": 3,
    ...                          "speakers_invited": 4, "budget_spent_share": 0.98})
    >>> [(r.figure, r.status.value) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('first_cluster_participants', 'met'), ('cluster_events_held', 'met'),
     ('speakers_invited', 'not_met'), ('budget_spent_share', 'met')]
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap, check_id
from pedcommunity.monitoring.goals import Direction, Target
from pedcommunity.monitoring.review import GoalStatus, _to_float, _value
from pedcommunity.workflows import FIGURE_LABELS, PROJECT_FIGURE_LABELS

__all__ = ["PEDAGOGICAL_INVESTMENT_TARGETS", "TargetReview", "programme_review"]

#: Seed 003's numbers as targets, by figure: about 200 participants of the first cluster
#: (003:9), its three events (003:7), five coaches and speakers (the budget's line), and the
#: budget spent within the plan.
PEDAGOGICAL_INVESTMENT_TARGETS: Mapping[str, Target] = FrozenMap(
    {
        "first_cluster_participants": Target(value=200),
        "cluster_events_held": Target(value=3),
        "speakers_invited": Target(value=5),
        "budget_spent_share": Target(value=1.0, direction=Direction.AT_MOST),
    }
)


def _status(target: Target, value: float | None) -> GoalStatus:
    if value is None:
        return GoalStatus.NO_DATA
    return GoalStatus.MET if target.is_met(value) else GoalStatus.NOT_MET


@attrs.frozen
class TargetReview:
    """One figure against its target: the value (``None``: no data) and whether it is met.

    Examples:
        >>> r = TargetReview(figure="speakers_invited", label=Label(ru="Спикеров",
        ...                  en="Speakers"), target=Target(value=5), value=5,
        ...                  status=GoalStatus.MET)
        >>> r.text("ru")
        'Спикеров: 5 (цель: не менее 5) — Достигнута'
    """

    figure: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    target: Target = attrs.field(validator=attrs.validators.instance_of(Target))
    value: float | None = attrs.field(converter=_to_float, validator=_value)
    status: GoalStatus = attrs.field(validator=attrs.validators.instance_of(GoalStatus))

    def __attrs_post_init__(self) -> None:
        expected = _status(self.target, self.value)
        if self.status is not expected:
            raise ValueError(
                f"status must be {expected.value} for figure '{self.figure}' "
                f"(value {shown(self.value)}), not {self.status.value}"
            )

    def text(self, lang: str = "ru") -> str:
        """The row in words: label, value, target and status (a ``*_share`` as a percentage).

        Examples:
            >>> r = TargetReview(figure="budget_spent_share", label=Label(ru="Освоено",
            ...                  en="Spent"), target=Target(value=1.0, direction=Direction.AT_MOST),
            ...                  value=0.997834, status=GoalStatus.MET)
            >>> r.text("en")
            'Spent: 99.8% (target: at most 1) — Met'
        """
        if self.value is None:
            value = "—"
        elif self.figure.endswith("_share"):
            value = f"{self.value:.1%}"
        else:
            value = f"{self.value:g}"
        goal = "цель" if lang == "ru" else "target"
        return (
            f"{self.label.get(lang)}: {value} ({goal}: {self.target.label.get(lang)}) — "
            f"{self.status.label.get(lang)}"
        )


def programme_review(
    figures: Mapping[str, float],
    targets: Mapping[str, Target] = PEDAGOGICAL_INVESTMENT_TARGETS,
    labels: Mapping[str, Label] | None = None,
) -> tuple[TargetReview, ...]:
    """Set ``figures`` against ``targets``: one row per target, in the targets' order.

    A figure missing from ``figures`` is reviewed as "no data". Labels come from ``labels``,
    else from the programme's and the project's figure labels, else the figure's name.

    Examples:
        >>> rows = programme_review({"budget_spent_share": 1.05})
        >>> print(rows[-1].text("en"))
        Budget spent: 105.0% (target: at most 1) — Not met
        >>> rows[0].status.value
        'no_data'
    """
    known = {**FIGURE_LABELS, **PROJECT_FIGURE_LABELS, **(labels or {})}
    rows = []
    for figure, target in targets.items():
        value = figures.get(figure)
        rows.append(
            TargetReview(
                figure=figure,
                label=known.get(figure, Label(ru=figure, en=figure)),
                target=target,
                value=value,
                status=_status(target, None if value is None else float(value)),
            )
        )
    return tuple(rows)
