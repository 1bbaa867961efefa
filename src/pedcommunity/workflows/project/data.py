"""What a project workflow knows: its plan, its people, its expenses and its calendar's facts.

The payloads of the project's triggers are here too, with :func:`project_figures`, the three
figures a review reads from a project (:data:`PROJECT_FIGURE_LABELS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.budget import Expense, SpendingFact, compare_spending
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.project import ProjectPlan, ProjectRole
from pedcommunity.model.work_plans import PlanFact
from pedcommunity.workflows.definition import Context

__all__ = [
    "PROJECT_FIGURE_LABELS",
    "CancelProject",
    "CloseProject",
    "CompleteItem",
    "ItemDone",
    "ProjectData",
    "ProjectRules",
    "RecordExpense",
    "VoidExpense",
    "VoidedExpense",
    "project_figures",
    "project_roles",
]


@attrs.frozen
class ProjectRules:
    """A project's rules: whether an expense may take a budget line beyond its plan.

    Examples:
        >>> ProjectRules().allow_overspend
        False
    """

    allow_overspend: bool = attrs.field(default=False, validator=check_bool)


@attrs.frozen
class VoidedExpense:
    """An expense taken back (a payment returned, a mistaken entry): the expense, why, who, when."""

    expense: Expense = attrs.field(validator=attrs.validators.instance_of(Expense))
    reason: str = attrs.field(validator=check_text)
    by: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)


@attrs.frozen
class ItemDone:
    """A calendar item carried out: which, on what day, recorded by whom, with what result."""

    item_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    by: str = attrs.field(validator=check_id)
    result: str | None = attrs.field(default=None, validator=check_optional_text)


def _unique_expenses(instance: ProjectData, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for e in (*instance.expenses, *(v.expense for v in instance.voided)):
        if e.id in seen:
            raise DuplicateId(kind="expense", id=e.id, field=attribute.name)
        seen.add(e.id)


def _unique_done(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for d in value:
        if d.item_id in seen:
            raise DuplicateId(kind="calendar item", id=d.item_id, field=attribute.name)
        seen.add(d.item_id)


def _leads(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one project lead")


@attrs.frozen
class ProjectData:
    """Everything a project workflow knows.

    ``lead_ids`` name the project's leads (at least one); ``treasurer_ids`` who answers for
    the money, besides the plan's team members in the treasurer role. ``expenses`` are the
    recorded payments, ``voided`` those taken back (their ids stay taken), ``done`` the
    calendar items carried out. ``programme_id`` names the mentoring programme the project
    runs, if any.

    Examples:
        >>> from pedcommunity.model.project import PEDAGOGICAL_INVESTMENT_PLAN
        >>> d = ProjectData(plan=PEDAGOGICAL_INVESTMENT_PLAN, lead_ids=("lead",))
        >>> d.spending().planned.total, d.calendar_fact(date(2023, 6, 1)).held_share
        (Decimal('692644.00'), None)
    """

    plan: ProjectPlan = attrs.field(validator=attrs.validators.instance_of(ProjectPlan))
    lead_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[check_ids, _leads])
    programme_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    treasurer_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    expenses: tuple[Expense, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Expense)
    )
    voided: tuple[VoidedExpense, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(VoidedExpense), _unique_expenses]
    )
    done: tuple[ItemDone, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(ItemDone), _unique_done]
    )
    rules: ProjectRules = attrs.field(
        factory=ProjectRules, validator=attrs.validators.instance_of(ProjectRules)
    )
    summary: str | None = attrs.field(default=None, validator=check_optional_text)
    cancel_reason: str | None = attrs.field(default=None, validator=check_optional_text)

    def expense(self, expense_id: str) -> Expense | None:
        """The recorded (not voided) expense ``expense_id``, or ``None``."""
        return next((e for e in self.expenses if e.id == expense_id), None)

    def spending(self, as_of: date | None = None) -> SpendingFact:
        """The budget against the recorded expenses (see :func:`compare_spending`)."""
        return compare_spending(self.plan.budget, self.expenses, as_of=as_of)

    def calendar_fact(self, as_of: date) -> PlanFact:
        """The calendar plan against what was carried out, on the day ``as_of``.

        An item done on or before its end day is on time, after it late; an item not done is
        upcoming while its end day is on or after ``as_of`` and not done after that. The
        result is a :class:`~pedcommunity.model.work_plans.PlanFact` with ``plan_id``
        ``"calendar"`` (``not_held`` holds the items not done).

        Examples:
            >>> import attrs
            >>> from pedcommunity.i18n import Label
            >>> from pedcommunity.model.project import PEDAGOGICAL_INVESTMENT_PLAN, CalendarItem
            >>> def item(i, end):
            ...     return CalendarItem(id=i, title=Label(ru=i, en=i),
            ...                         starts_on=date(2023, 2, 1), ends_on=end)
            >>> plan = attrs.evolve(PEDAGOGICAL_INVESTMENT_PLAN, calendar=(
            ...     item("c1", date(2023, 4, 30)), item("c2", date(2023, 5, 31)),
            ...     item("c3", date(2023, 5, 31)), item("c4", date(2023, 12, 31))))
            >>> d = ProjectData(plan=plan, lead_ids=("lead",), done=(
            ...     ItemDone(item_id="c1", on=date(2023, 4, 20), by="lead"),
            ...     ItemDone(item_id="c2", on=date(2023, 6, 5), by="lead")))
            >>> f = d.calendar_fact(date(2023, 6, 10))
            >>> f.on_time, f.late, f.not_held, f.upcoming
            (('c1',), ('c2',), ('c3',), ('c4',))
        """
        done = {d.item_id: d.on for d in self.done}
        on_time: list[str] = []
        late: list[str] = []
        not_done: list[str] = []
        upcoming: list[str] = []
        for item in self.plan.calendar:
            day = done.get(item.id)
            if day is not None:
                (late if day > item.ends_on else on_time).append(item.id)
            elif item.ends_on >= as_of:
                upcoming.append(item.id)
            else:
                not_done.append(item.id)
        return PlanFact(
            plan_id="calendar", on_time=on_time, late=late, not_held=not_done, upcoming=upcoming
        )


def project_roles(data: ProjectData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds on a project: ``project_lead``, ``treasurer``, ``team``.

    The leads are ``lead_ids`` and the team's members in the lead role; the treasurers are
    ``treasurer_ids`` and the team's members in the treasurer role; everyone in the plan's
    team is ``team``.

    Examples:
        >>> import attrs
        >>> from pedcommunity.model.project import PEDAGOGICAL_INVESTMENT_PLAN, TeamMember
        >>> plan = attrs.evolve(PEDAGOGICAL_INVESTMENT_PLAN, team=(
        ...     TeamMember(teacher_id="t1", name="Анна", role=ProjectRole.TREASURER),))
        >>> d = ProjectData(plan=plan, lead_ids=("lead",))
        >>> sorted(project_roles(d, "t1")), sorted(project_roles(d, "lead"))
        (['team', 'treasurer'], ['project_lead'])
    """
    roles: set[str] = set()
    plan = data.plan
    if actor in data.lead_ids or actor in plan.members_in(ProjectRole.LEAD):
        roles.add("project_lead")
    if actor in data.treasurer_ids or actor in plan.members_in(ProjectRole.TREASURER):
        roles.add("treasurer")
    if actor in plan.members_in():
        roles.add("team")
    return frozenset(roles)


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class RecordExpense:
    """Payload of ``record_expense``: the payment made."""

    expense: Expense = attrs.field(validator=attrs.validators.instance_of(Expense))

    @property
    def day(self) -> date:
        """The day the expense was paid."""
        return self.expense.paid_on


@attrs.frozen
class VoidExpense:
    """Payload of ``void_expense``: the expense taken back, and why."""

    expense_id: str = attrs.field(validator=check_id)
    reason: str = attrs.field(validator=check_text)


@attrs.frozen
class CompleteItem:
    """Payload of ``complete_item``: a calendar item carried out, on what day, with what result."""

    item_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    result: str | None = attrs.field(default=None, validator=check_optional_text)

    @property
    def day(self) -> date:
        """The day the item was carried out."""
        return self.on


@attrs.frozen
class CloseProject:
    """Payload of ``close_project``: the project's closing summary."""

    summary: str = attrs.field(validator=check_text)


@attrs.frozen
class CancelProject:
    """Payload of ``cancel_project``: why the project stops."""

    reason: str = attrs.field(validator=check_text)


C = Context[ProjectData]

# -- figures ----------------------------------------------------------------------------------

#: Russian and English names of the figures :func:`project_figures` computes.
PROJECT_FIGURE_LABELS: Mapping[str, Label] = FrozenMap(
    {
        "budget_spent_share": Label(ru="Доля израсходованного бюджета", en="Budget spent"),
        "co_financing_share": Label(ru="Доля софинансирования", en="Co-financing share"),
        "calendar_done_share": Label(
            ru="Доля выполненных пунктов календарного плана", en="Calendar plan done"
        ),
    }
)


def project_figures(data: ProjectData, as_of: date | None = None) -> dict[str, float]:
    """A project's figures: budget spent, co-financing and calendar plan done, as shares.

    ``budget_spent_share`` is spent over planned (0 for a budget that plans nothing);
    ``co_financing_share`` the share of own funds in what was spent, or in the plan before
    anything is spent (seed 003 plans 0); ``calendar_done_share`` the share of the calendar
    plan's items carried out (by ``as_of`` when given; 0 for an empty calendar).

    Examples:
        >>> from pedcommunity.model.project import PEDAGOGICAL_INVESTMENT_PLAN
        >>> d = ProjectData(plan=PEDAGOGICAL_INVESTMENT_PLAN, lead_ids=("lead",), expenses=(
        ...     Expense(id="x1", line_id="event_equipment", amount=400000,
        ...             paid_on=date(2023, 3, 1), description="Панель"),))
        >>> {k: round(v, 3) for k, v in project_figures(d).items()}
        {'budget_spent_share': 0.577, 'co_financing_share': 0.0, 'calendar_done_share': 0.0}
    """
    fact = data.spending(as_of)
    co = fact.co_financing_share_actual
    if co is None:
        co = fact.co_financing_share_planned
    items = data.plan.calendar
    done = [d for d in data.done if as_of is None or d.on <= as_of]
    return {
        "budget_spent_share": fact.spent_share or 0.0,
        "co_financing_share": co or 0.0,
        "calendar_done_share": len(done) / len(items) if items else 0.0,
    }
