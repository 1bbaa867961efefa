"""The project workflow ``project@1``: guards, effects, who may fire what, and the definition."""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap, evolve_checked
from pedcommunity.model.budget import Expense, check_budget
from pedcommunity.workflows._guards import _g_not_future
from pedcommunity.workflows.definition import (
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission
from pedcommunity.workflows.project.data import (
    C,
    CancelProject,
    CloseProject,
    CompleteItem,
    ItemDone,
    ProjectData,
    RecordExpense,
    VoidedExpense,
    VoidExpense,
    project_roles,
)

__all__ = ["PROJECT", "PROJECT_PERMISSIONS"]


# -- guards -----------------------------------------------------------------------------------


def _g_budget_consistent(ctx: C) -> str | None:
    findings = check_budget(ctx.data.plan.budget)
    if findings:
        return "the budget has slips: " + "; ".join(f.message.en for f in findings)
    return None


def _g_in_project_period(ctx: C) -> str | None:
    plan = ctx.data.plan
    e: Expense = ctx.payload.expense
    if (plan.starts_on is not None and e.paid_on < plan.starts_on) or (
        plan.ends_on is not None and e.paid_on > plan.ends_on
    ):
        since = plan.starts_on.isoformat() if plan.starts_on else "the start"
        until = plan.ends_on.isoformat() if plan.ends_on else "the end"
        return (
            f"expense '{e.id}' is paid on {e.paid_on.isoformat()}, outside the project's "
            f"period ({since} to {until})"
        )
    return None


def _g_expense_new(ctx: C) -> str | None:
    eid = ctx.payload.expense.id
    taken = {e.id for e in ctx.data.expenses} | {v.expense.id for v in ctx.data.voided}
    if eid in taken:
        return f"expense id '{eid}' is taken; give the expense a new id"
    return None


def _g_line_known(ctx: C) -> str | None:
    budget = ctx.data.plan.budget
    lid = ctx.payload.expense.line_id
    if lid not in budget.line_ids:
        return f"budget line '{lid}' is not in the budget; lines: {', '.join(budget.line_ids)}"
    return None


def _g_within_line(ctx: C) -> str | None:
    if ctx.data.rules.allow_overspend:
        return None
    e: Expense = ctx.payload.expense
    ls = ctx.data.spending().line(e.line_id)
    name = f"line '{ls.line_id}' ({ls.name.ru})"
    over = ls.actual.total + e.amount - ls.planned.total
    if over > 0:
        return (
            f"{name} plans {ls.planned.total}; {ls.actual.total} is spent; {e.amount} more "
            f"would overspend it by {over}"
        )
    over = ls.actual.requested + e.granted - ls.planned.requested
    if over > 0:
        return (
            f"{name} requests {ls.planned.requested} from the grant; {ls.actual.requested} of "
            f"it is spent; {e.granted} more would overspend it by {over}"
        )
    return None


def _g_expense_listed(ctx: C) -> str | None:
    eid = ctx.payload.expense_id
    if ctx.data.expense(eid) is not None:
        return None
    if any(v.expense.id == eid for v in ctx.data.voided):
        return f"expense '{eid}' is voided already"
    known = ", ".join(e.id for e in ctx.data.expenses) or "none"
    return f"expense '{eid}' is not recorded; expenses: {known}"


def _g_calendar_item_known(ctx: C) -> str | None:
    iid = ctx.payload.item_id
    if ctx.data.plan.calendar_item(iid) is None:
        known = ", ".join(c.id for c in ctx.data.plan.calendar) or "none"
        return f"calendar item '{iid}' is not in the calendar plan; items: {known}"
    return None


def _g_item_not_done(ctx: C) -> str | None:
    iid = ctx.payload.item_id
    for d in ctx.data.done:
        if d.item_id == iid:
            return f"calendar item '{iid}' is done already (on {d.on.isoformat()})"
    return None


# -- effects ----------------------------------------------------------------------------------


def _e_record_expense(ctx: C) -> ProjectData:
    p: RecordExpense = ctx.payload
    return evolve_checked(ctx.data, expenses=(*ctx.data.expenses, p.expense))


def _e_void_expense(ctx: C) -> ProjectData:
    p: VoidExpense = ctx.payload
    d = ctx.data
    gone = d.expense(p.expense_id)
    assert gone is not None  # guard expense_listed
    record = VoidedExpense(expense=gone, reason=p.reason, by=ctx.actor, at=ctx.at)
    return evolve_checked(
        d,
        expenses=tuple(e for e in d.expenses if e.id != p.expense_id),
        voided=(*d.voided, record),
    )


def _e_complete_item(ctx: C) -> ProjectData:
    p: CompleteItem = ctx.payload
    done = ItemDone(item_id=p.item_id, on=p.on, by=ctx.actor, result=p.result)
    return evolve_checked(ctx.data, done=(*ctx.data.done, done))


def _e_close(ctx: C) -> ProjectData:
    return evolve_checked(ctx.data, summary=ctx.payload.summary)


def _e_cancel(ctx: C) -> ProjectData:
    return evolve_checked(ctx.data, cancel_reason=ctx.payload.reason)


# -- the definition ---------------------------------------------------------------------------

_STATES = (
    State("planned", Label(ru="Проект запланирован", en="Planned")),
    State("running", Label(ru="Реализация", en="Running")),
    State("reporting", Label(ru="Отчётность", en="Reporting")),
    State("closed", Label(ru="Проект завершён", en="Closed"), final=True),
    State("cancelled", Label(ru="Проект отменён", en="Cancelled"), final=True),
)

_t = TriggerSpec.labelled

_TRIGGERS = (
    _t("start_project", "Начать реализацию проекта", "Start the project"),
    _t("record_expense", "Записать расход", "Record an expense", RecordExpense),
    _t("void_expense", "Аннулировать расход", "Void an expense", VoidExpense),
    _t(
        "complete_item",
        "Отметить выполнение пункта календарного плана",
        "Complete a calendar item",
        CompleteItem,
    ),
    _t("start_reporting", "Перейти к отчётности", "Start reporting"),
    _t("close_project", "Завершить проект", "Close the project", CloseProject),
    _t("cancel_project", "Отменить проект", "Cancel the project", CancelProject),
)

_WORK = ("running", "reporting")

_TRANSITIONS = (
    Transition("start_project", "planned", "running", ("budget_consistent",)),
    Transition(
        "record_expense",
        _WORK,
        None,
        ("not_future", "in_project_period", "expense_new", "line_known", "within_line"),
        "record_expense",
    ),
    Transition("void_expense", _WORK, None, ("expense_listed",), "void_expense"),
    Transition(
        "complete_item",
        _WORK,
        None,
        ("not_future", "calendar_item_known", "item_not_done"),
        "complete_item",
    ),
    Transition("start_reporting", "running", "reporting"),
    Transition("close_project", "reporting", "closed", (), "close"),
    Transition("cancel_project", ("planned", "running"), "cancelled", (), "cancel"),
)

_GUARDS: dict[str, Guard] = {
    "budget_consistent": _g_budget_consistent,
    "not_future": _g_not_future,
    "in_project_period": _g_in_project_period,
    "expense_new": _g_expense_new,
    "line_known": _g_line_known,
    "within_line": _g_within_line,
    "expense_listed": _g_expense_listed,
    "calendar_item_known": _g_calendar_item_known,
    "item_not_done": _g_item_not_done,
}

_EFFECTS: dict[str, Effect] = {
    "record_expense": _e_record_expense,
    "void_expense": _e_void_expense,
    "complete_item": _e_complete_item,
    "close": _e_close,
    "cancel": _e_cancel,
}

_LEAD = Permission.of("project_lead")
_MONEY = Permission.of("treasurer", "project_lead")

#: Who may fire each trigger of a project: the lead runs it; the treasurer and the lead record
#: and void expenses; the team and the lead mark calendar items done.
PROJECT_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "start_project": _LEAD,
        "record_expense": _MONEY,
        "void_expense": _MONEY,
        "complete_item": Permission.of("team", "project_lead"),
        "start_reporting": _LEAD,
        "close_project": _LEAD,
        "cancel_project": _LEAD,
    }
)

PROJECT = WorkflowDefinition(
    name="project",
    version="1",
    label=Label(ru="Проект", en="Project"),
    states=_STATES,
    initial="planned",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=ProjectData,
    roles={r: ROLE_LABELS[r] for r in ("project_lead", "treasurer", "team")},
    roles_of=project_roles,
    permissions=PROJECT_PERMISSIONS,
)
"""A grant project of seed 003, version 1: planned, running, reporting, closed or cancelled.

Examples:
    >>> PROJECT.key, PROJECT.triggers_from("running")
    ... # doctest: +NORMALIZE_WHITESPACE
    ('project@1', ('record_expense', 'void_expense', 'complete_item', 'start_reporting',
     'cancel_project'))
"""
