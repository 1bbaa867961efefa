"""A project's plan (seed 003): goals, tasks, team, calendar plan and budget.

Seed 003 is a grant application: «Цели» (one goal), «Задачи» (three tasks), «Команда» and
«Календарный план» (both headings left empty in the seed) and «Бюджет». A
:class:`ProjectPlan` holds them: goals and tasks are
:class:`~pedcommunity.model.roadmap.RoadmapItem` s (an id and a ru/en text), the team is a
list of :class:`TeamMember` s with their :class:`ProjectRole`, the calendar a list of
:class:`CalendarItem` s (optionally tied to a cluster of the programme and to the tasks they
serve), and the budget a :class:`~pedcommunity.model.budget.Budget` whose lines have ids, so
expenses can be recorded against them.

:data:`PEDAGOGICAL_INVESTMENT_PLAN` is seed 003's plan: its goal and three tasks word for
word, the city, and the budget. The seed gives no team, calendar or dates, so the plan has
none; a project fills them in before it starts.

Examples:
    >>> PEDAGOGICAL_INVESTMENT_PLAN.goals[0].text.ru[:40]
    'Запуск современной модели наставничества'
    >>> [t.id for t in PEDAGOGICAL_INVESTMENT_PLAN.tasks]
    ['open_community', 'exchange_channel', 'resources']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_optional_text,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET, Budget
from pedcommunity.model.mentoring import ClusterKind
from pedcommunity.model.roadmap import RoadmapItem

__all__ = [
    "PEDAGOGICAL_INVESTMENT_PLAN",
    "CalendarItem",
    "ProjectPlan",
    "ProjectRole",
    "TeamMember",
]

_optional_label = attrs.validators.optional(attrs.validators.instance_of(Label))
_optional_date = attrs.validators.optional(check_date)


class ProjectRole(LabelledEnum):
    """What a member of a project's team does.

    Examples:
        >>> ProjectRole.TREASURER.label.ru
        'Ответственный за финансы'
    """

    LEAD = "lead", "Руководитель проекта", "Project lead"
    COORDINATOR = "coordinator", "Координатор", "Coordinator"
    TREASURER = "treasurer", "Ответственный за финансы", "Treasurer"
    MEMBER = "member", "Член команды", "Team member"


@attrs.frozen
class TeamMember:
    """A member of the project's team («Команда»): who, in what role, doing what.

    Examples:
        >>> TeamMember(teacher_id="t1", name="Ольга", role=ProjectRole.LEAD).role.label.en
        'Project lead'
    """

    teacher_id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    role: ProjectRole = attrs.field(
        default=ProjectRole.MEMBER, validator=attrs.validators.instance_of(ProjectRole)
    )
    duty: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen
class CalendarItem:
    """An item of the calendar plan («Календарный план»): what, when, for which tasks, who.

    Examples:
        >>> item = CalendarItem(id="cluster1", title=Label(ru="Кластер 1", en="Cluster 1"),
        ...                     starts_on=date(2023, 2, 1), ends_on=date(2023, 4, 30),
        ...                     cluster=ClusterKind.COMPETENCY_LEADERS)
        >>> item.cluster.value
        'competency_leaders'
        >>> attrs.evolve(item, ends_on=date(2023, 1, 31))
        Traceback (most recent call last):
        ...
        ValueError: calendar item 'cluster1' ends on 2023-01-31, before it starts on 2023-02-01
    """

    id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    starts_on: date = attrs.field(validator=check_date)
    ends_on: date = attrs.field(validator=check_date)
    cluster: ClusterKind | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(ClusterKind))
    )
    task_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    responsible_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    expected_result: Label | None = attrs.field(default=None, validator=_optional_label)

    def __attrs_post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(
                f"calendar item '{self.id}' ends on {self.ends_on.isoformat()}, before it "
                f"starts on {self.starts_on.isoformat()}"
            )


def _unique(kind: str, field: str, keys: Iterable[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise DuplicateId(kind=kind, id=key, field=field)
        seen.add(key)


def _at_least_one(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must hold at least one item")


@attrs.frozen
class ProjectPlan:
    """A project's plan: title, goals, tasks, budget, team, calendar plan, period, audiences.

    The plan holds at least one goal; the ids of goals and tasks are unique across both, of
    calendar items and of team members each among their own; calendar items fall within
    ``starts_on``..``ends_on`` (when given), name tasks of the plan and members of the team;
    every budget line has an id.

    Examples:
        >>> plan = PEDAGOGICAL_INVESTMENT_PLAN
        >>> plan.task("resources").text.en[:30]
        'Give every participant of the '
        >>> lead = TeamMember(teacher_id="lead", name="Руководитель", role=ProjectRole.LEAD)
        >>> item = CalendarItem(id="bank", title=Label(ru="Банк", en="Bank"),
        ...                     starts_on=date(2023, 5, 1), ends_on=date(2023, 5, 31),
        ...                     task_ids=("tasks9",), responsible_ids=("lead",))
        >>> attrs.evolve(plan, team=(lead,), calendar=(item,))
        Traceback (most recent call last):
        ...
        ValueError: calendar item 'bank' serves task 'tasks9', which is not a task of the \
plan; tasks: open_community, exchange_channel, resources
    """

    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    goals: tuple[RoadmapItem, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(RoadmapItem), _at_least_one]
    )
    tasks: tuple[RoadmapItem, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(RoadmapItem)
    )
    budget: Budget = attrs.field(validator=attrs.validators.instance_of(Budget))
    team: tuple[TeamMember, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(TeamMember)
    )
    calendar: tuple[CalendarItem, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CalendarItem)
    )
    starts_on: date | None = attrs.field(default=None, validator=_optional_date)
    ends_on: date | None = attrs.field(default=None, validator=_optional_date)
    geography: Label | None = attrs.field(default=None, validator=_optional_label)
    audiences: tuple[Label, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Label)
    )

    def __attrs_post_init__(self) -> None:
        _unique("goal or task", "tasks", (i.id for i in (*self.goals, *self.tasks)))
        _unique("calendar item", "calendar", (c.id for c in self.calendar))
        _unique("team member", "team", (m.teacher_id for m in self.team))
        for i, line in enumerate(self.budget.lines):
            if line.id is None:
                raise ValueError(
                    f"budget: line {i + 1} ('{line.name.en}') has no id; give every budget "
                    "line an id, so spending can be recorded against it"
                )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(
                f"the project ends on {self.ends_on.isoformat()}, before it starts on "
                f"{self.starts_on.isoformat()}"
            )
        tasks = [t.id for t in self.tasks]
        team = [m.teacher_id for m in self.team]
        for item in self.calendar:
            self._check_item(item, tasks, team)

    def _check_item(self, item: CalendarItem, tasks: list[str], team: list[str]) -> None:
        if self.starts_on is not None and item.starts_on < self.starts_on:
            raise ValueError(
                f"calendar item '{item.id}' starts on {item.starts_on.isoformat()}, before the "
                f"project starts on {self.starts_on.isoformat()}"
            )
        if self.ends_on is not None and item.ends_on > self.ends_on:
            raise ValueError(
                f"calendar item '{item.id}' ends on {item.ends_on.isoformat()}, after the "
                f"project ends on {self.ends_on.isoformat()}"
            )
        for tid in item.task_ids:
            if tid not in tasks:
                raise ValueError(
                    f"calendar item '{item.id}' serves task '{tid}', which is not a task of "
                    f"the plan; tasks: {', '.join(tasks) or 'none'}"
                )
        for rid in item.responsible_ids:
            if rid not in team:
                raise ValueError(
                    f"calendar item '{item.id}' names '{rid}' as responsible, who is not in "
                    f"the team; team: {', '.join(team) or 'none'}"
                )

    def task(self, task_id: str) -> RoadmapItem:
        """The task with id ``task_id``.

        Raises:
            UnknownId: the plan has no such task.
        """
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise UnknownId(kind="task", id=task_id, known=(t.id for t in self.tasks))

    def calendar_item(self, item_id: str) -> CalendarItem | None:
        """The calendar item with id ``item_id``, or ``None``."""
        return next((c for c in self.calendar if c.id == item_id), None)

    def members_in(self, *roles: ProjectRole) -> tuple[str, ...]:
        """The ids of the team members in any of ``roles`` (all of them with no roles).

        Examples:
            >>> plan = attrs.evolve(PEDAGOGICAL_INVESTMENT_PLAN, team=(
            ...     TeamMember(teacher_id="t1", name="Анна", role=ProjectRole.TREASURER),))
            >>> plan.members_in(ProjectRole.TREASURER), plan.members_in(ProjectRole.LEAD)
            (('t1',), ())
        """
        return tuple(m.teacher_id for m in self.team if not roles or m.role in roles)


def _item(iid: str, ru: str, en: str) -> RoadmapItem:
    return RoadmapItem(id=iid, text=Label(ru=ru, en=en))


#: Seed 003's project plan: the goal and the three tasks word for word (003:30-35), the city,
#: and the budget with line ids. Team, calendar plan, dates and target audiences are empty
#: headings in the seed, and stay empty here.
PEDAGOGICAL_INVESTMENT_PLAN = ProjectPlan(
    title=Label(
        ru="Модель наставничества «Педагогическая инвестиция»",
        en="Mentoring model «Pedagogical investment»",
    ),
    goals=(
        _item(
            "launch_model",
            "Запуск современной модели наставничества в городе Нефтеюганске, обеспечивающей "
            "преодоление профессиональных рисков в педагогической деятельности и мотивацию "
            "профессионального роста педагогов.",
            "Launch a modern mentoring model in the city of Nefteyugansk that helps teachers "
            "overcome professional risks in their work and motivates their professional "
            "growth.",
        ),
    ),
    tasks=(
        _item(
            "open_community",
            "Сформировать открытое сообщество, где выстроены доверительные и партнерские "
            "отношения внутри образовательного пространства города.",
            "Form an open community with relations of trust and partnership within the "
            "city's educational space.",
        ),
        _item(
            "exchange_channel",
            "Создать канал обмена личностным, жизненным и профессиональным опытом для каждого "
            "участника проекта.",
            "Create a channel for every participant of the project to exchange personal, "
            "life and professional experience.",
        ),
        _item(
            "resources",
            "Предоставить каждому участнику проекта ресурсы и возможности для осознанного "
            "развития и развития компетенций для профессиональной и личной самореализации.",
            "Give every participant of the project resources and opportunities for conscious "
            "development and for developing competencies for professional and personal "
            "self-realisation.",
        ),
    ),
    budget=PEDAGOGICAL_INVESTMENT_BUDGET,
    geography=Label(ru="г. Нефтеюганск", en="Nefteyugansk"),
)
