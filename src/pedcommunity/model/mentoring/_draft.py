"""Drafting a mentee's development programme from their request (seed 003: «под запрос»).

Seed 003 builds personal programmes «как индивидуальных треков, разработанных от запросов
наставляемых, выбор форм мероприятий также «под запрос»». :func:`draft_programme` gives the
mentor a first draft that already fits the request (a goal per requested competency, an
activity per goal in a format the mentee asked for, a milestone per goal); the mentor then
sets real outcomes and titles with ``attrs.evolve`` before ``set_plan``.

Examples:
    >>> req = MentoringRequest(goals=("Вести уроки с цифровыми инструментами",),
    ...                        competency_ids=("digital",))
    >>> [g.title for g in draft_programme(req).goals]
    ['Вести уроки с цифровыми инструментами']
"""

from __future__ import annotations

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model._fields import MAX_WHOLE
from pedcommunity.model.mentoring._enums import ActivityFormat
from pedcommunity.model.mentoring._forms import MentoringForm
from pedcommunity.model.mentoring._programme import (
    Activity,
    DevelopmentProgramme,
    Goal,
    MentoringRequest,
    Milestone,
)

__all__ = ["DEFAULT_DRAFT_DAYS", "draft_programme"]

#: How long a drafted programme lasts when neither the caller nor the form says otherwise:
#: half a year, the length of a school semester's mentoring.
DEFAULT_DRAFT_DAYS = 180

_OUTCOME = Label(ru="Результат уточняет наставник", en="Outcome to be set by the mentor")
_CHECKPOINT = Label(ru="Контрольная точка", en="Checkpoint")


def _duration(form: MentoringForm | None, duration_days: int | None) -> int:
    if duration_days is None:
        if form is None:
            return DEFAULT_DRAFT_DAYS
        return min(max(DEFAULT_DRAFT_DAYS, form.min_days), form.max_days)
    if (
        isinstance(duration_days, bool)
        or not isinstance(duration_days, int)
        or not 1 <= duration_days <= MAX_WHOLE
    ):
        raise InvalidData(
            f"duration_days must be a whole number of days from 1, got {shown(duration_days)}",
            path="$.duration_days",
        )
    if form is not None and not form.min_days <= duration_days <= form.max_days:
        raise InvalidData(
            f"{form.label.en.lower()} lasts {form.min_days} to {form.max_days} days; "
            f"got {duration_days}",
            path="$.duration_days",
        )
    return duration_days


def draft_programme(
    request: MentoringRequest,
    form: MentoringForm | None = None,
    *,
    duration_days: int | None = None,
    lang: str = "ru",
) -> DevelopmentProgramme:
    """A first development programme built from ``request``, deterministic, in ``lang``.

    Goals ``g1``, ``g2``... come one per requested competency, titled with the mentee's goal
    text in the same position (or «Компетенция «c»» when the request has fewer texts); goal
    texts left over become goals with no competency. Each goal gets one activity ``a{i}``,
    in the requested formats taken in turn (a consultation when none is named), and one
    milestone ``m{i}`` due on day ``ceil(duration * i / n)``. The duration is
    ``duration_days``, or 180 days kept within the form's bounds. The draft always passes
    :func:`plan_problems` for the same request and form.

    Args:
        request: the mentee's request.
        form: the track's form of mentoring (its bounds on the duration), if known.
        duration_days: the programme's length; it must lie within the form's bounds.
        lang: the language of the drafted titles, ``"ru"`` or ``"en"``.

    Raises:
        InvalidData: ``duration_days`` is not a whole number from 1, or lies outside the
            form's bounds (path ``$.duration_days``); ``lang`` is not supported.

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, plan_problems
        >>> req = MentoringRequest(goals=("Цифровой урок", "Портфолио"),
        ...                        competency_ids=("digital",),
        ...                        formats=(ActivityFormat.MASTER_CLASS,))
        >>> plan = draft_programme(req, MENTORING_FORMS["flash"])
        >>> plan.duration_days, [(g.id, g.competency_id) for g in plan.goals]
        (30, [('g1', 'digital'), ('g2', None)])
        >>> [(a.id, a.title) for a in plan.activities]
        [('a1', 'Мастер-класс: Цифровой урок'), ('a2', 'Мастер-класс: Портфолио')]
        >>> [(m.id, m.due_day) for m in plan.milestones]
        [('m1', 15), ('m2', 30)]
        >>> plan_problems(plan, req, MENTORING_FORMS["flash"]) is None
        True
        >>> draft_programme(req, MENTORING_FORMS["flash"], duration_days=90)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.duration_days: flash mentoring lasts 1 to 30 \
days; got 90
    """
    lang = check_lang(lang)
    if not isinstance(request, MentoringRequest):
        raise InvalidData(f"request must be a MentoringRequest, got {shown(request)}")
    if form is not None and not isinstance(form, MentoringForm):
        raise InvalidData(f"form must be a MentoringForm or None, got {shown(form)}", path="$.form")
    days = _duration(form, duration_days)
    texts = request.goals
    titles: list[tuple[str, str | None]] = []
    for i, cid in enumerate(request.competency_ids):
        named = (
            texts[i]
            if i < len(texts)
            else Label(ru=f"Компетенция «{cid}»", en=f"Competency {cid}").get(lang)
        )
        titles.append((named, cid))
    titles.extend((text, None) for text in texts[len(request.competency_ids) :])
    formats = request.formats or (ActivityFormat.CONSULTATION,)
    n = len(titles)
    goals: list[Goal] = []
    activities: list[Activity] = []
    milestones: list[Milestone] = []
    for i, (title, competency) in enumerate(titles, start=1):
        goal = Goal(id=f"g{i}", title=title, outcome=_OUTCOME.get(lang), competency_id=competency)
        fmt = formats[(i - 1) % len(formats)]
        goals.append(goal)
        activities.append(
            Activity(
                id=f"a{i}", goal_id=goal.id, title=f"{fmt.label.get(lang)}: {title}", format=fmt
            )
        )
        milestones.append(
            Milestone(
                id=f"m{i}",
                title=f"{_CHECKPOINT.get(lang)}: {title}",
                due_day=-(-days * i // n),  # ceil, exact for any whole number
                goal_ids=(goal.id,),
            )
        )
    return DevelopmentProgramme(
        goals=goals, activities=activities, milestones=milestones, duration_days=days
    )
