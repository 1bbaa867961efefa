"""Reports as Markdown, in Russian or English: an event's post-release, reviews, a year report.

Pure string building: every function returns the Markdown text and writes nothing.
People appear by id unless ``names`` maps ids to the names to print.

- :func:`post_release` («пост-релиз», seed 001 5.2): what was held, when, who organised it,
  the invited experts, attendance, a summary of the feedback and the materials.
- :func:`review_report`: a :class:`~pedcommunity.monitoring.review.Review` (the half-year
  review of seed 000, section 6): the indicators, then the goals by horizon with their
  figures and status.
- :func:`year_report`: a year of the community: the review of the year, the events held and
  cancelled, the materials, the work plans against the facts, and the indicators by month.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from pedcommunity.monitoring.review import half_year_review
    >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, start
    >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
    ...            id="club", actor="c",
    ...            at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> text = review_report(half_year_review(wf, date(2025, 9, 1)), "en")
    >>> text.splitlines()[0]
    '# Half-year review: Клуб'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model.community_events import (
    POSITIVE_RATING,
    CommunityEvent,
    EventStatus,
    MethodicalMaterial,
)
from pedcommunity.model.work_plans import check_work_plan, compare_with_fact
from pedcommunity.monitoring.goals import SEED_GOALS, CommunityGoal, Horizon
from pedcommunity.monitoring.indicators import BUILT_IN_INDICATORS, Indicator, indicator_index
from pedcommunity.monitoring.log import CommunityLog, Period
from pedcommunity.monitoring.review import Review, monthly_series, review
from pedcommunity.workflows.community import CommunityData
from pedcommunity.workflows.engine import Workflow

__all__ = ["post_release", "review_report", "year_report"]

#: How long after an event a material still counts as one of its materials.
MATERIAL_WINDOW = timedelta(days=30)

_T = {
    "post_release": Label(ru="Пост-релиз", en="Post-release"),
    "community": Label(ru="Сообщество", en="Community"),
    "what": Label(ru="Что", en="What"),
    "when": Label(ru="Когда", en="When"),
    "planned_for": Label(ru="планировалось на", en="planned for"),
    "format": Label(ru="Формат", en="Format"),
    "organisers": Label(ru="Организаторы", en="Organised by"),
    "experts": Label(ru="Приглашённые эксперты", en="Invited experts"),
    "attendance": Label(ru="Посещаемость", en="Attendance"),
    "of": Label(ru="из", en="of"),
    # Genitive plural after "из N" is right for any N; "гостей: N" avoids the count's case.
    "members_came": Label(ru="участников", en="members came"),
    "guests": Label(ru="гостей", en="guests"),
    "feedback": Label(ru="Обратная связь", en="Feedback"),
    "responses": Label(ru="Анкет", en="Responses"),
    "rated": Label(ru="с оценками", en="rated"),
    "mean": Label(ru="Средняя оценка", en="Mean rating"),
    "positive": Label(
        ru=f"Позитивных (средняя оценка не ниже {POSITIVE_RATING})",
        en=f"Positive (mean rating at least {POSITIVE_RATING})",
    ),
    "comments": Label(ru="Отзывы", en="Comments"),
    "no_feedback": Label(ru="Анкет пока нет.", en="No responses yet."),
    "materials": Label(ru="Материалы", en="Materials"),
    "no_materials": Label(ru="Материалов нет.", en="No materials."),
    "none": Label(ru="нет", en="none"),
    "half_year": Label(ru="Полугодовой анализ", en="Half-year review"),
    "period": Label(ru="Период", en="Period"),
    "indicators": Label(ru="Показатели", en="Indicators"),
    "indicator": Label(ru="Показатель", en="Indicator"),
    "value": Label(ru="Значение", en="Value"),
    "goals": Label(ru="Цели", en="Goals"),
    "goal": Label(ru="Цель", en="Goal"),
    "target": Label(ru="Ориентир", en="Target"),
    "status": Label(ru="Статус", en="Status"),
    "not_measured": Label(ru="не измеряется журналом", en="not measured by the log"),
    "summary": Label(ru="Итого", en="In all"),
    "met": Label(ru="достигнуто", en="met"),
    "not_met": Label(ru="не достигнуто", en="not met"),
    "no_data": Label(ru="нет данных", en="no data"),
    "year_report": Label(ru="Отчёт о работе за год", en="Year report"),
    "events_held": Label(ru="Проведённые мероприятия", en="Events held"),
    "date": Label(ru="Дата", en="Date"),
    "kind": Label(ru="Вид", en="Kind"),
    "topic": Label(ru="Тема", en="Topic"),
    "came": Label(ru="Участники", en="Members"),
    "cancelled": Label(ru="Отменённые мероприятия", en="Cancelled events"),
    "reason": Label(ru="Причина", en="Reason"),
    "title": Label(ru="Название", en="Title"),
    "authors": Label(ru="Авторы", en="Authors"),
    "plans": Label(ru="План и факт", en="Plan and fact"),
    "on_time": Label(ru="в срок", en="on time"),
    "late": Label(ru="с опозданием", en="late"),
    "not_held": Label(ru="не проведено", en="not held"),
    "upcoming": Label(ru="предстоит", en="upcoming"),
    "unplanned": Label(ru="вне плана", en="unplanned"),
    "plan_check": Label(ru="Проверка плана по правилам", en="Plan check against the rules"),
    "plan_ok": Label(ru="План соответствует правилам.", en="The plan meets every rule."),
    "by_month": Label(ru="Показатели по месяцам", en="Indicators by month"),
    "month": Label(ru="Месяц", en="Month"),
}


def _t(key: str, lang: str) -> str:
    return _T[key].get(lang)


def _day(day: date, lang: str) -> str:
    return day.strftime("%d.%m.%Y") if lang == "ru" else day.isoformat()


def _people(ids: Iterable[str], names: Mapping[str, str] | None, lang: str) -> str:
    shown = [names.get(i, i) if names else i for i in ids]
    return ", ".join(shown) if shown else _t("none", lang)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "ru" else text


def _percent(part: int, whole: int, lang: str) -> str:
    if whole == 0:
        return _t("no_data", lang)
    text = f"{100 * part / whole:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if lang == "ru" else text) + "%"


def _log(source: Workflow | CommunityLog) -> CommunityLog:
    return source if isinstance(source, CommunityLog) else CommunityLog(source)


def _event_materials(
    data: CommunityData, event: CommunityEvent, material_ids: Sequence[str] | None
) -> list[MethodicalMaterial]:
    if material_ids is not None:
        by_id = {m.id: m for m in data.materials}
        missing = [i for i in material_ids if i not in by_id]
        if missing:
            raise UnknownId(kind="material", id=missing[0], known=by_id)
        return [by_id[i] for i in material_ids]
    assert event.held_on is not None  # post_release checked it
    people = set(event.organiser_ids) | set(event.attendee_ids) | set(event.expert_ids)
    last = event.held_on + MATERIAL_WINDOW
    return [
        m
        for m in data.materials
        if event.held_on <= m.published_on <= last and people & set(m.author_ids)
    ]


def post_release(
    source: Workflow | CommunityLog,
    event_id: str,
    lang: str = "ru",
    *,
    names: Mapping[str, str] | None = None,
    material_ids: Sequence[str] | None = None,
) -> str:
    """The post-release of a held event, as Markdown in ``lang``.

    The feedback is what has been recorded so far. The materials are ``material_ids`` when
    given, else those published from the day held to 30 days later with an author among the
    event's organisers, experts or attending members.

    Raises:
        UnknownId: there is no such event, or no such material.
        InvalidData: the event has not been held, or ``lang`` is not ``ru`` or ``en``.

    Examples:
        >>> from datetime import UTC, date, datetime
        >>> from pedcommunity.model import CommunityEvent, EventKind, MemberKind
        >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, fire, start
        >>> at = datetime(2025, 9, 10, 18, tzinfo=UTC)
        >>> club = CommunityData(name="Клуб", administrator_ids=("c",))
        >>> wf = start(COMMUNITY_LIFE, club, id="club", actor="c", at=at)
        >>> _ = fire(wf, "join", actor="c", at=at, teacher_id="t1",
        ...          kind=MemberKind.EXPERIENCED_TEACHER, on=date(2025, 9, 10))
        >>> _ = fire(wf, "schedule_event", actor="c", at=at, event=CommunityEvent(
        ...     id="e1", kind=EventKind.MEETUP, planned_on=date(2025, 9, 10), topic="Знакомство"))
        >>> _ = fire(wf, "hold_event", actor="c", at=at, event_id="e1", on=date(2025, 9, 10),
        ...          attendee_ids=("t1",))
        >>> print(post_release(wf, "e1", "en", names={"t1": "Anna"}))  # doctest: +ELLIPSIS
        # Post-release: Знакомство
        <BLANKLINE>
        - **Community:** Клуб
        - **What:** Meetup
        - **When:** 2025-09-10
        - **Format:** In person
        - **Organised by:** none
        - **Invited experts:** none
        - **Attendance:** 1 of 1 members came (100%), guests: 0
        ...
    """
    lang = check_lang(lang)
    log = _log(source)
    data = log.data
    event = data.event(event_id)
    if event is None:
        raise UnknownId(kind="event", id=event_id, known=[e.id for e in data.events])
    if event.held_on is None:
        raise InvalidData(
            f"a post-release is about a held event; '{event_id}' is {event.status.value}",
            path="$.event_id",
        )
    when = _day(event.held_on, lang)
    if event.held_on != event.planned_on:
        when += f" ({_t('planned_for', lang)} {_day(event.planned_on, lang)})"
    members = log.members_on(data, event.held_on)
    came = len(event.attendee_ids)
    lines = [
        f"# {_t('post_release', lang)}: {event.topic}",
        "",
        f"- **{_t('community', lang)}:** {log.name}",
        f"- **{_t('what', lang)}:** {event.kind.label.get(lang)}",
        f"- **{_t('when', lang)}:** {when}",
        f"- **{_t('format', lang)}:** {event.format.label.get(lang)}",
        f"- **{_t('organisers', lang)}:** {_people(event.organiser_ids, names, lang)}",
        f"- **{_t('experts', lang)}:** {_people(event.expert_ids, names, lang)}",
        (
            f"- **{_t('attendance', lang)}:** {came} {_t('of', lang)} {members} "
            f"{_t('members_came', lang)} ({_percent(came, members, lang)}), "
            f"{_t('guests', lang)}: {len(event.guest_ids)}"
        ),
        "",
        f"## {_t('feedback', lang)}",
        "",
    ]
    rated = [r for r in event.feedback if r.mean is not None]
    if not event.feedback:
        lines.append(_t("no_feedback", lang))
    else:
        positive = sum(1 for r in rated if r.is_positive)
        lines.append(
            f"- {_t('responses', lang)}: {len(event.feedback)} ({_t('rated', lang)}: {len(rated)})"
        )
        if rated:
            mean = sum(r.mean for r in rated if r.mean is not None) / len(rated)
            lines.append(f"- {_t('mean', lang)}: {_number(mean, lang)} / 5")
            lines.append(
                f"- {_t('positive', lang)}: {positive} ({_percent(positive, len(rated), lang)})"
            )
        comments = [r.comment for r in event.feedback if r.comment is not None]
        if comments:
            lines += ["", f"{_t('comments', lang)}:", ""]
            lines += [f"> {c}" for c in comments]
    lines += ["", f"## {_t('materials', lang)}", ""]
    materials = _event_materials(data, event, material_ids)
    if not materials:
        lines.append(_t("no_materials", lang))
    for m in materials:
        link = f" ({m.link})" if m.link else ""
        lines.append(
            f"- «{m.title}», {_people(m.author_ids, names, lang)}, "
            f"{_day(m.published_on, lang)}{link}"
        )
    return "\n".join(lines) + "\n"


def _review_sections(r: Review, lang: str, level: str) -> list[str]:
    lines = [
        f"{level} {_t('indicators', lang)}",
        "",
        f"| {_t('indicator', lang)} | {_t('value', lang)} |",
        "|---|---|",
    ]
    lines += [f"| {_cell(v.label.get(lang))} | {v.text(lang)} |" for v in r.values]
    lines += ["", f"{level} {_t('goals', lang)}"]
    values = {v.indicator: v for v in r.values}
    for horizon in Horizon:
        items = [a for a in r.assessments if a.goal.horizon is horizon]
        if not items:
            continue
        lines += [
            "",
            f"{level}# {horizon.label.get(lang)}",
            "",
            (
                f"| {_t('goal', lang)} | {_t('indicator', lang)} | {_t('target', lang)} | "
                f"{_t('value', lang)} | {_t('status', lang)} |"
            ),
            "|---|---|---|---|---|",
        ]
        for a in items:
            g = a.goal
            if g.indicator is None or g.target is None:
                ind, target, value = _t("not_measured", lang), "—", "—"
            else:
                v = values[g.indicator]
                ind = v.label.get(lang)
                target = (
                    g.target.direction.label.get(lang) + " " + v.unit.format(g.target.value, lang)
                )
                value = v.text(lang)
            lines.append(
                f"| {_cell(g.title.get(lang))} | {_cell(ind)} | {target} | {value} | "
                f"**{a.status.label.get(lang)}** |"
            )
    lines += [
        "",
        (
            f"{_t('summary', lang)}: {_t('met', lang)} {len(r.met)}, {_t('not_met', lang)} "
            f"{len(r.not_met)}, {_t('no_data', lang)} {len(r.no_data)}."
        ),
    ]
    return lines


def review_report(r: Review, lang: str = "ru", *, title: Label | None = None) -> str:
    """A review as Markdown in ``lang``: the indicators, then the goals with their status.

    ``title`` defaults to "Half-year review" («Полугодовой анализ»).

    Raises:
        InvalidData: ``lang`` is not ``ru`` or ``en``.

    Examples:
        >>> from datetime import date
        >>> r = Review(community_id="club", community_name="Клуб",
        ...            period=Period(start=date(2025, 9, 1), end=date(2026, 2, 28)))
        >>> print(review_report(r, "ru"))  # doctest: +ELLIPSIS
        # Полугодовой анализ: Клуб
        <BLANKLINE>
        Период: 01.09.2025 – 28.02.2026
        ...
        Итого: достигнуто 0, не достигнуто 0, нет данных 0.
        <BLANKLINE>
    """
    lang = check_lang(lang)
    head = (title or _T["half_year"]).get(lang)
    lines = [
        f"# {head}: {r.community_name}",
        "",
        f"{_t('period', lang)}: {_day(r.period.start, lang)} – {_day(r.period.end, lang)}",
        "",
        *_review_sections(r, lang, "##"),
    ]
    return "\n".join(lines) + "\n"


#: The indicators :func:`year_report` shows month by month.
MONTHLY_COLUMNS = (
    "active_members",
    "attendance_rate",
    "activity_variety",
    "materials_published",
    "positive_feedback_share",
)


def year_report(
    source: Workflow | CommunityLog,
    period: Period,
    lang: str = "ru",
    *,
    goals: Iterable[CommunityGoal] = SEED_GOALS,
    indicators: Iterable[Indicator] = BUILT_IN_INDICATORS,
    names: Mapping[str, str] | None = None,
    monthly: Sequence[str] = MONTHLY_COLUMNS,
) -> str:
    """A report on the community over ``period`` (a year, usually), as Markdown in ``lang``.

    It holds the review of the period, the events held and cancelled in it, the materials
    published, every work plan against the facts with its check against the community's plan
    rules, and the ``monthly`` indicators month by month.

    Raises:
        UnknownId: a goal or a ``monthly`` column names an indicator not given.
        InvalidData: ``lang`` is not ``ru`` or ``en``.

    Examples:
        >>> from datetime import UTC, date, datetime
        >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, start
        >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
        ...            id="club", actor="c",
        ...            at=datetime(2025, 9, 1, tzinfo=UTC))
        >>> text = year_report(wf, Period.year(date(2025, 9, 1)), "en")
        >>> [line for line in text.splitlines() if line.startswith("## ")]
        ['## Indicators', '## Goals', '## Events held', '## Materials', '## Plan and fact', \
'## Indicators by month']
    """
    lang = check_lang(lang)
    log = _log(source)
    index = indicator_index(indicators)
    for name in monthly:
        if name not in index:
            raise UnknownId(kind="indicator", id=name, known=index)
    # Every snapshot the review and the months read, rebuilt in one pass over the log.
    log._prepare([period, *period.months()])
    r = review(log, period, goals, index.values())
    data = log.data_on(period.end)
    lines = [
        f"# {_t('year_report', lang)}: {log.name}",
        "",
        f"{_t('period', lang)}: {_day(period.start, lang)} – {_day(period.end, lang)}",
        "",
        *_review_sections(r, lang, "##"),
        "",
        f"## {_t('events_held', lang)}",
        "",
        (
            f"| {_t('date', lang)} | {_t('kind', lang)} | {_t('topic', lang)} | {_t('came', lang)} "
            f"| {_t('guests', lang).capitalize()} | {_t('responses', lang)} |"
        ),
        "|---|---|---|---|---|---|",
    ]
    held = sorted(
        (e for e in data.events if e.held_on is not None and period.contains(e.held_on)),
        key=lambda e: (e.held_on, e.id),
    )
    for e in held:
        assert e.held_on is not None
        lines.append(
            f"| {_day(e.held_on, lang)} | {e.kind.label.get(lang)} | {_cell(e.topic)} | "
            f"{len(e.attendee_ids)} / {log.members_on(data, e.held_on)} | "
            f"{len(e.guest_ids)} | {len(e.feedback)} |"
        )
    cancelled = [
        e
        for e in data.events
        if e.status is EventStatus.CANCELLED and period.contains(e.planned_on)
    ]
    if cancelled:
        lines += [
            "",
            f"## {_t('cancelled', lang)}",
            "",
            f"| {_t('date', lang)} | {_t('topic', lang)} | {_t('reason', lang)} |",
            "|---|---|---|",
        ]
        lines += [
            f"| {_day(e.planned_on, lang)} | {_cell(e.topic)} | {_cell(e.cancel_reason or '')} |"
            for e in cancelled
        ]
    lines += ["", f"## {_t('materials', lang)}", ""]
    materials = [m for m in data.materials if period.contains(m.published_on)]
    if not materials:
        lines.append(_t("no_materials", lang))
    lines += [
        f"- {_day(m.published_on, lang)}: «{m.title}», {_people(m.author_ids, names, lang)}"
        for m in materials
    ]
    lines += ["", f"## {_t('plans', lang)}"]
    for plan in data.work_plans:
        fact = compare_with_fact(plan, data.events, as_of=period.end)
        lines += [
            "",
            f"### {plan.title} ({_day(plan.starts, lang)} – {_day(plan.ends, lang)})",
            "",
            (
                f"- {_t('on_time', lang)}: {len(fact.on_time)}; {_t('late', lang)}: "
                f"{len(fact.late)}; {_t('not_held', lang)}: {len(fact.not_held)}; "
                f"{_t('upcoming', lang)}: {len(fact.upcoming)}; {_t('unplanned', lang)}: "
                f"{len(fact.unplanned)}"
            ),
        ]
        findings = check_work_plan(plan, data.rules.plan_rules)
        lines.append(f"- {_t('plan_check', lang)}:")
        if not findings:
            lines.append(f"  - {_t('plan_ok', lang)}")
        lines += [f"  - {f.message.get(lang)}" for f in findings]
    shown = [index[name] for name in monthly]
    rows = monthly_series(log, period, shown)
    lines += [
        "",
        f"## {_t('by_month', lang)}",
        "",
        "| " + " | ".join([_t("month", lang), *(i.label.get(lang) for i in shown)]) + " |",
        "|---" * (len(shown) + 1) + "|",
    ]
    units = {i.name: i.unit for i in shown}
    for k in range(0, len(rows), max(len(shown), 1)):
        chunk = rows[k : k + len(shown)]
        month = (
            chunk[0].start.strftime("%m.%Y") if lang == "ru" else chunk[0].start.strftime("%Y-%m")
        )
        cells = [units[row.indicator].format(row.value, lang) for row in chunk]
        lines.append("| " + " | ".join([month, *cells]) + " |")
    return "\n".join(lines) + "\n"
