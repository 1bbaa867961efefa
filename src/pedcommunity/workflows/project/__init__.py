"""A grant project (seed 003) as a workflow: its plan carried out and its budget spent.

One workflow per project, running a :class:`~pedcommunity.model.project.ProjectPlan`:
``planned`` -> ``running`` -> ``reporting`` -> ``closed``, or ``cancelled`` from ``planned``
or ``running``. While it runs (and while it reports) the treasurer records the payments
against the budget's lines and the team marks the calendar plan's items done;
:meth:`ProjectData.spending` and :meth:`ProjectData.calendar_fact` set the plan against the
facts, and :func:`project_figures` gives the figures a review reads.

The rules, as guards:

- ``start_project``: the budget adds up (``budget_consistent``; the refusal lists
  :func:`~pedcommunity.model.budget.check_budget`'s findings).
- ``record_expense``: paid on a day that has come (``not_future``) and within the project's
  period when it has one (``in_project_period``), with a new id (``expense_new``), against a
  line of the budget (``line_known``), and, unless ``rules.allow_overspend``, within the
  line's planned total and its grant part (``within_line``). Seed 003's rent line plans 0,
  so any rent is refused.
- ``void_expense``: an expense that is recorded (``expense_listed``); its id stays taken.
- ``complete_item``: on a day that has come (``not_future``), an item of the calendar plan
  (``calendar_item_known``), once (``item_not_done``).

Who may fire what (:data:`PROJECT_PERMISSIONS`): the lead (``project_lead``) runs the project;
the treasurer and the lead record and void expenses; the team and the lead complete calendar
items.

Examples:
    >>> from datetime import date, datetime, timezone
    >>> from pedcommunity.model.budget import Expense
    >>> from pedcommunity.model.project import PEDAGOGICAL_INVESTMENT_PLAN
    >>> from pedcommunity.workflows import fire, start
    >>> at = datetime(2023, 3, 1, 9, tzinfo=timezone.utc)
    >>> wf = start(PROJECT, ProjectData(plan=PEDAGOGICAL_INVESTMENT_PLAN, lead_ids=("lead",),
    ...            treasurer_ids=("fin",)), id="pi-2023", actor="lead", at=at)
    >>> _ = fire(wf, "start_project", actor="lead", at=at)
    >>> _ = fire(wf, "record_expense", actor="fin", at=at, expense=Expense(
    ...     id="x1", line_id="event_equipment", amount=400000, paid_on=date(2023, 3, 1),
    ...     description="Интерактивная панель"))
    >>> wf.state, wf.data.spending().line("event_equipment").spent_share
    ('running', 1.0)
"""

from pedcommunity.workflows.project.data import (
    PROJECT_FIGURE_LABELS,
    CancelProject,
    CloseProject,
    CompleteItem,
    ItemDone,
    ProjectData,
    ProjectRules,
    RecordExpense,
    VoidedExpense,
    VoidExpense,
    project_figures,
    project_roles,
)
from pedcommunity.workflows.project.definition import PROJECT, PROJECT_PERMISSIONS

__all__ = [
    "PROJECT",
    "PROJECT_FIGURE_LABELS",
    "PROJECT_PERMISSIONS",
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
