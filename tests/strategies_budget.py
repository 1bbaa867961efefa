"""Hypothesis strategies for budgets, spending, funding, the roadmap and the project workflow.

:data:`BUDGET_STRATEGIES` maps every public attrs class of ``model/budget/``,
``model/funding.py``, ``model/roadmap.py``, ``model/project.py``, ``workflows/roadmap.py``,
``workflows/project/`` and ``monitoring/programme.py`` to a strategy of valid values (merged
into ``tests.strategies_all.STRATEGIES``). :func:`roadmap_workflows` and
:func:`project_workflows` run prefixes of valid scripts of their workflows;
:func:`budget_examples` gives one realistic value of each type for the JSON Schema tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import aware_datetimes, ids, labels, record_day, texts

from pedcommunity.i18n import Label
from pedcommunity.model.budget import (
    PEDAGOGICAL_INVESTMENT_BUDGET,
    Budget,
    BudgetCategory,
    BudgetFinding,
    BudgetIssue,
    BudgetLine,
    BudgetTotals,
    Expense,
    LineSpending,
    SpendingFact,
    check_budget,
)
from pedcommunity.model.funding import FundingKind, FundingRecord
from pedcommunity.model.mentoring import ClusterKind
from pedcommunity.model.project import (
    PEDAGOGICAL_INVESTMENT_PLAN,
    CalendarItem,
    ProjectPlan,
    ProjectRole,
    TeamMember,
)
from pedcommunity.model.roadmap import (
    AKTANYSH_NETWORK_ROADMAP,
    RoadmapItem,
    RoadmapPhase,
    RoadmapPlan,
    RoadmapStage,
)
from pedcommunity.monitoring import TargetReview, programme_review
from pedcommunity.monitoring.goals import Direction, Target
from pedcommunity.workflows import Workflow, fire, start
from pedcommunity.workflows.project import (
    PROJECT,
    CancelProject,
    CloseProject,
    CompleteItem,
    ItemDone,
    ProjectData,
    ProjectRules,
    RecordExpense,
    VoidedExpense,
    VoidExpense,
)
from pedcommunity.workflows.roadmap import (
    ROADMAP,
    ActivityRecord,
    RecordActivity,
    RecordResult,
    ResultRecord,
    ReviseStage,
    RoadmapData,
    StageRevision,
    missing_results,
)

__all__ = [
    "BUDGET_STRATEGIES",
    "budget_examples",
    "budget_lines",
    "budgets",
    "expenses",
    "funding_records",
    "money",
    "project_plans",
    "project_workflows",
    "roadmap_plans",
    "roadmap_workflows",
]

T = TypeVar("T")


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


# -- money and budgets ------------------------------------------------------------------------


def money(*, min_value: int = -(10**9), max_value: int = 10**9) -> SearchStrategy[Decimal]:
    """Exact two-place amounts in roubles (negative ones too: check_budget flags them)."""
    cents = st.integers(min_value * 100, max_value * 100)
    return cents.map(lambda c: Decimal(c).scaleb(-2))


def budget_lines(*, consistent: bool | None = None) -> SearchStrategy[BudgetLine]:
    """Budget lines; ``consistent=True``: totals computed, ``False``/``None``: any amounts."""

    @st.composite
    def build(draw: Callable[..., Any]) -> BudgetLine:
        unit = draw(money(min_value=0 if consistent else -(10**7), max_value=10**7))
        qty = draw(st.integers(0, 1000))
        own = draw(money(min_value=0 if consistent else -(10**7), max_value=10**7))
        name, category = draw(labels()), draw(st.sampled_from(BudgetCategory))
        comment = draw(_optional(labels()))
        line_id = draw(_optional(ids(max_size=24)))
        if consistent or (consistent is None and draw(st.booleans())):
            return BudgetLine.of(
                name=name,
                category=category,
                unit_cost=unit,
                quantity=qty,
                co_financing=own,
                comment=comment,
                id=line_id,
            )
        return BudgetLine(
            name=name,
            category=category,
            unit_cost=unit,
            quantity=qty,
            total=draw(money()),
            co_financing=own,
            requested=draw(money()),
            comment=comment,
            id=line_id,
        )

    return build()


def budget_totals() -> SearchStrategy[BudgetTotals]:
    """Any three amounts."""
    return st.builds(BudgetTotals, total=money(), co_financing=money(), requested=money())


def _with_line_ids(lines: list[BudgetLine], every: bool) -> tuple[BudgetLine, ...]:
    """The lines with ids unique in the budget: ``l0``, ``l1``... for ``every`` line, else
    the drawn ids with repeats dropped (a line whose id is taken gets none)."""
    seen: set[str | None] = {None}
    out = []
    for i, drawn in enumerate(lines):
        line = drawn
        if every:
            line = attrs.evolve(drawn, id=f"l{i}")
        elif drawn.id in seen:
            line = attrs.evolve(drawn, id=None)
        seen.add(line.id)
        out.append(line)
    return tuple(out)


def budgets(
    *, consistent: bool | None = None, with_ids: bool = False, min_lines: int = 0
) -> SearchStrategy[Budget]:
    """Budgets of up to six lines, with or without stated subtotals and total.

    Line ids are unique; ``with_ids=True`` gives every line one (``l0``, ``l1``...).
    """
    return st.builds(
        Budget,
        title=labels(),
        lines=st.lists(budget_lines(consistent=consistent), min_size=min_lines, max_size=6).map(
            lambda lines: _with_line_ids(lines, with_ids)
        ),
        stated_subtotals=st.dictionaries(
            st.sampled_from(BudgetCategory), budget_totals(), max_size=2
        ),
        stated_total=_optional(money()),
        community_id=_optional(ids()),
    )


def budget_findings() -> SearchStrategy[BudgetFinding]:
    """Findings of every issue, with or without a line, category, field and amounts."""
    return st.builds(
        BudgetFinding,
        issue=st.sampled_from(BudgetIssue),
        message=labels(),
        line=_optional(st.integers(0, 50)),
        category=_optional(st.sampled_from(BudgetCategory)),
        field=_optional(st.sampled_from(("total", "requested", "co_financing", "stated_total"))),
        expected=_optional(money()),
        actual=_optional(money()),
    )


def funding_records() -> SearchStrategy[FundingRecord]:
    """Funding records of every kind, with positive amounts."""
    return st.builds(
        FundingRecord,
        id=ids(),
        community_id=ids(),
        kind=st.sampled_from(FundingKind),
        amount=money(min_value=0, max_value=10**7).filter(lambda d: d > 0),
        received_on=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
        source=texts(),
        purpose=_optional(texts()),
    )


# -- spending ---------------------------------------------------------------------------------

_DAYS = st.dates(date(1990, 1, 1), date(2100, 12, 31))


@st.composite
def expenses(draw: Callable[..., Any], line_ids: tuple[str, ...] = ()) -> Expense:
    """Expenses against one of ``line_ids`` (any id when none are given)."""
    amount = draw(money(min_value=0, max_value=10**6).filter(lambda d: d > 0))
    own = Decimal(draw(st.integers(0, int(amount * 100)))).scaleb(-2)
    return Expense(
        id=draw(ids(max_size=24)),
        line_id=draw(st.sampled_from(line_ids) if line_ids else ids(max_size=24)),
        amount=amount,
        paid_on=draw(_DAYS),
        description=draw(texts()),
        quantity=draw(st.integers(0, 10)),
        co_financed=own,
        document=draw(_optional(texts())),
    )


def line_spendings() -> SearchStrategy[LineSpending]:
    """Any line's plan and fact."""
    return st.builds(
        LineSpending,
        line_id=ids(),
        name=labels(),
        category=st.sampled_from(BudgetCategory),
        planned=budget_totals(),
        actual=budget_totals(),
        planned_quantity=st.integers(0, 1000),
        actual_quantity=st.integers(0, 1000),
    )


def spending_facts() -> SearchStrategy[SpendingFact]:
    """A few lines and overall sums (each valid on its own)."""
    return st.builds(
        SpendingFact,
        lines=st.lists(line_spendings(), max_size=3).map(tuple),
        planned=budget_totals(),
        actual=budget_totals(),
    )


# -- projects ---------------------------------------------------------------------------------


def team_members() -> SearchStrategy[TeamMember]:
    """Team members in any role, with or without a duty."""
    return st.builds(
        TeamMember,
        teacher_id=ids(max_size=24),
        name=texts(),
        role=st.sampled_from(ProjectRole),
        duty=_optional(texts()),
    )


@st.composite
def calendar_items(
    draw: Callable[..., Any],
    task_ids: tuple[str, ...] = (),
    team_ids: tuple[str, ...] = (),
    within: tuple[date, date] = (date(1990, 1, 1), date(2100, 12, 31)),
) -> CalendarItem:
    """Calendar items within ``within``, serving some of ``task_ids``, led by ``team_ids``."""
    start = draw(st.dates(*within))
    end = draw(st.dates(start, within[1]))
    return CalendarItem(
        id=draw(ids(max_size=24)),
        title=draw(labels()),
        starts_on=start,
        ends_on=end,
        cluster=draw(_optional(st.sampled_from(ClusterKind))),
        task_ids=tuple(draw(st.lists(st.sampled_from(task_ids), unique=True))) if task_ids else (),
        responsible_ids=(
            tuple(draw(st.lists(st.sampled_from(team_ids), unique=True))) if team_ids else ()
        ),
        expected_result=draw(_optional(labels())),
    )


@st.composite
def project_plans(draw: Callable[..., Any]) -> ProjectPlan:
    """Plans with unique ids, a calendar within the period, and ids on every budget line."""
    items = draw(st.lists(roadmap_items(), min_size=1, max_size=4, unique_by=lambda i: i.id))
    n_goals = draw(st.integers(1, len(items)))
    team = draw(st.lists(team_members(), max_size=3, unique_by=lambda m: m.teacher_id))
    period = draw(
        _optional(
            st.dates(date(1990, 1, 1), date(2090, 1, 1)).flatmap(
                lambda d: st.tuples(st.just(d), st.dates(d, date(2100, 12, 31)))
            )
        )
    )
    tasks = tuple(items[n_goals:])
    calendar = draw(
        st.lists(
            calendar_items(
                tuple(t.id for t in tasks),
                tuple(m.teacher_id for m in team),
                period or (date(1990, 1, 1), date(2100, 12, 31)),
            ),
            max_size=3,
            unique_by=lambda c: c.id,
        )
    )
    return ProjectPlan(
        title=draw(labels()),
        goals=tuple(items[:n_goals]),
        tasks=tasks,
        budget=draw(budgets(with_ids=True)),
        team=tuple(team),
        calendar=tuple(calendar),
        starts_on=period[0] if period else None,
        ends_on=period[1] if period else None,
        geography=draw(_optional(labels())),
        audiences=tuple(draw(st.lists(labels(), max_size=2))),
    )


def item_dones() -> SearchStrategy[ItemDone]:
    """Calendar items done, with or without a result."""
    return st.builds(ItemDone, item_id=ids(), on=_DAYS, by=ids(), result=_optional(texts()))


def voided_expenses() -> SearchStrategy[VoidedExpense]:
    """Expenses taken back."""
    return st.builds(
        VoidedExpense, expense=expenses(), reason=texts(), by=ids(), at=aware_datetimes()
    )


@st.composite
def project_data(draw: Callable[..., Any]) -> ProjectData:
    """Project data as a snapshot (each field valid on its own; no workflow made it)."""
    spent = draw(st.lists(expenses(), max_size=4, unique_by=lambda e: e.id))
    n_live = draw(st.integers(0, len(spent)))
    voided = [
        VoidedExpense(expense=e, reason="Ошибка", by="fin", at=draw(aware_datetimes()))
        for e in spent[n_live:]
    ]
    return ProjectData(
        plan=draw(project_plans()),
        lead_ids=draw(st.lists(ids(), min_size=1, max_size=2, unique=True).map(tuple)),
        programme_id=draw(_optional(ids())),
        treasurer_ids=draw(st.lists(ids(), max_size=2, unique=True).map(tuple)),
        expenses=tuple(spent[:n_live]),
        voided=tuple(voided),
        done=tuple(draw(st.lists(item_dones(), max_size=3, unique_by=lambda d: d.item_id))),
        rules=ProjectRules(allow_overspend=draw(st.booleans())),
        summary=draw(_optional(texts())),
        cancel_reason=draw(_optional(texts())),
    )


@st.composite
def target_reviews(draw: Callable[..., Any]) -> TargetReview:
    """A figure against a target, its status computed."""
    target = Target(
        value=draw(st.floats(-1e6, 1e6, allow_nan=False)),
        direction=draw(st.sampled_from(Direction)),
    )
    value = draw(_optional(st.floats(-1e6, 1e6, allow_nan=False)))
    figure = draw(ids(max_size=24))
    row = programme_review({} if value is None else {figure: value}, {figure: target})[0]
    return attrs.evolve(row, label=draw(labels()))


_PROJECT_AT = datetime(2023, 1, 9, 9, 0, tzinfo=UTC)


@st.composite
def project_workflows(draw: Callable[..., Any]) -> Workflow:
    """Seed 003's project (with a small team and calendar) after a prefix of a valid script:
    start, expenses within their lines (some voided), calendar items done, then reporting and
    closing, or a cancellation."""
    lead, fin, member = "lead", "fin", "t1"
    plan = attrs.evolve(
        PEDAGOGICAL_INVESTMENT_PLAN,
        team=(
            TeamMember(teacher_id=lead, name="Руководитель", role=ProjectRole.LEAD),
            TeamMember(teacher_id=fin, name="Бухгалтер", role=ProjectRole.TREASURER),
            TeamMember(teacher_id=member, name="Куратор", role=ProjectRole.MEMBER),
        ),
        calendar=(
            CalendarItem(
                id="cluster1",
                title=Label(ru="Кластер 1", en="Cluster 1"),
                starts_on=date(2023, 2, 1),
                ends_on=date(2023, 4, 30),
                cluster=ClusterKind.COMPETENCY_LEADERS,
                task_ids=("open_community",),
                responsible_ids=(member,),
            ),
            CalendarItem(
                id="festival",
                title=Label(ru="Фестиваль", en="Festival"),
                starts_on=date(2023, 11, 1),
                ends_on=date(2023, 12, 15),
                cluster=ClusterKind.FESTIVAL,
            ),
        ),
    )
    at = _PROJECT_AT
    wf = start(
        PROJECT,
        ProjectData(plan=plan, lead_ids=(lead,), treasurer_ids=(fin,)),
        id=draw(ids(max_size=12)),
        actor=lead,
        at=at,
    )
    steps = draw(st.integers(0, 12))

    def run(trigger: str, actor: str, payload: Any = None) -> bool:
        nonlocal steps, at
        if steps <= 0:
            return False
        steps -= 1
        at += timedelta(days=draw(st.integers(1, 20)))
        fire(wf, trigger, payload, actor=actor, at=at)
        return True

    if draw(st.integers(0, 9)) == 0:
        run("cancel_project", lead, CancelProject(reason="Нет финансирования"))
        return wf
    if not run("start_project", lead):
        return wf
    for i in range(draw(st.integers(0, 6))):
        line = draw(st.sampled_from(("event_equipment", "space_equipment", "coaches_speakers")))
        room = wf.data.spending().line(line).remaining
        if room <= 0:
            continue
        amount = min(room, Decimal(draw(st.integers(1, 100))) * 1000)
        paid_on = record_day(at + timedelta(days=1))
        e = Expense(id=f"x{i}", line_id=line, amount=amount, paid_on=paid_on, description="Оплата")
        if not run("record_expense", draw(st.sampled_from((lead, fin))), RecordExpense(expense=e)):
            return wf
        if draw(st.integers(0, 4)) == 0 and not run(
            "void_expense", fin, VoidExpense(expense_id=e.id, reason="Возврат")
        ):
            return wf
    for item in plan.calendar:
        if draw(st.booleans()):
            day = record_day(at + timedelta(days=1))
            if not run("complete_item", member, CompleteItem(item_id=item.id, on=day)):
                return wf
    if run("start_reporting", lead):
        run("close_project", lead, CloseProject(summary="Проект реализован"))
    return wf


# -- roadmaps ---------------------------------------------------------------------------------


def roadmap_items() -> SearchStrategy[RoadmapItem]:
    """An item: an id and a label."""
    return st.builds(RoadmapItem, id=ids(), text=labels())


def _stage(
    phase: RoadmapPhase, start: date, end: date, item_ids: list[str], n_activities: int
) -> RoadmapStage:
    def item(i: str) -> RoadmapItem:
        return RoadmapItem(id=i, text=Label(ru=f"Пункт {i}", en=f"Item {i}"))

    return RoadmapStage(
        phase=phase,
        start=start,
        end=end,
        activities=[item(i) for i in item_ids[:n_activities]],
        expected_results=[item(i) for i in item_ids[n_activities:]],
    )


@st.composite
def roadmap_stages(draw: Callable[..., Any]) -> RoadmapStage:
    """A stage of any phase with a valid period and distinct item ids."""
    start = draw(st.dates(date(2000, 1, 1), date(2090, 1, 1)))
    end = start + timedelta(days=draw(st.integers(0, 400)))
    n_act = draw(st.integers(0, 3))
    n_res = draw(st.integers(1, 3))
    item_ids = draw(
        st.lists(ids(max_size=16), min_size=n_act + n_res, max_size=n_act + n_res, unique=True)
    )
    return _stage(draw(st.sampled_from(RoadmapPhase)), start, end, item_ids, n_act)


@st.composite
def roadmap_plans(draw: Callable[..., Any]) -> RoadmapPlan:
    """Plans of four ordered, possibly overlapping stages with ids unique across the plan."""
    sizes = [(draw(st.integers(0, 2)), draw(st.integers(1, 2))) for _ in RoadmapPhase]
    total = sum(a + r for a, r in sizes)
    item_ids = draw(st.lists(ids(max_size=16), min_size=total, max_size=total, unique=True))
    day = draw(st.dates(date(2000, 1, 1), date(2080, 1, 1)))
    end = day
    stages = []
    for phase, (n_act, n_res) in zip(RoadmapPhase, sizes, strict=True):
        day += timedelta(days=draw(st.integers(0, 90)))
        end = max(end, day) + timedelta(days=draw(st.integers(0, 120)))
        stages.append(_stage(phase, day, end, item_ids[: n_act + n_res], n_act))
        item_ids = item_ids[n_act + n_res :]
    return RoadmapPlan(
        title=draw(labels()),
        stages=stages,
        goal=draw(_optional(labels())),
        target_group=draw(_optional(labels())),
    )


def activity_records() -> SearchStrategy[ActivityRecord]:
    """Records of activities done, with or without a note."""
    return st.builds(
        ActivityRecord,
        activity_id=ids(),
        phase=st.sampled_from(RoadmapPhase),
        by=ids(),
        at=aware_datetimes(),
        note=_optional(texts()),
    )


def result_records() -> SearchStrategy[ResultRecord]:
    """Records of results reached, with their evidence."""
    return st.builds(
        ResultRecord,
        result_id=ids(),
        phase=st.sampled_from(RoadmapPhase),
        by=ids(),
        at=aware_datetimes(),
        evidence=texts(),
    )


def stage_revisions() -> SearchStrategy[StageRevision]:
    """Revisions: the stage as it was, a reason, who and when."""
    return st.builds(
        StageRevision, previous=roadmap_stages(), reason=texts(), by=ids(), at=aware_datetimes()
    )


def roadmap_data() -> SearchStrategy[RoadmapData]:
    """Roadmap data as a snapshot (each field valid on its own; no workflow made it)."""
    return st.builds(
        RoadmapData,
        plan=roadmap_plans(),
        community_id=_optional(ids()),
        administrator_ids=st.lists(ids(), max_size=2, unique=True).map(tuple),
        activities=st.lists(activity_records(), max_size=3, unique_by=lambda r: r.activity_id).map(
            tuple
        ),
        results=st.lists(result_records(), max_size=3, unique_by=lambda r: r.result_id).map(tuple),
        revisions=st.lists(stage_revisions(), max_size=2).map(tuple),
    )


class _Stop(Exception):
    """The drawn number of steps has been fired."""


@st.composite
def roadmap_workflows(draw: Callable[..., Any], *, full: bool = False) -> Workflow:
    """A roadmap that ran a prefix of a valid script (all of it, to completed, when ``full``).

    The script, stage by stage: maybe revise the next stage (a later end), record some of the
    stage's activities and all its results in a drawn order, then advance.
    """
    plan = draw(roadmap_plans())
    at = draw(aware_datetimes().filter(lambda d: d.year < 2099))
    wf = start(
        ROADMAP,
        RoadmapData(
            plan=plan,
            community_id=draw(_optional(ids(max_size=12))),
            administrator_ids=("admin",),
        ),
        id=draw(ids(max_size=12)),
        actor="admin",
        at=at,
    )
    budget = None if full else draw(st.integers(0, 25))

    def run(trigger: str, payload: Any = None) -> None:
        nonlocal budget, at
        if budget is not None:
            if budget <= 0:
                raise _Stop
            budget -= 1
        at += timedelta(hours=1)
        fire(wf, trigger, payload, actor="admin", at=at)

    try:
        for phase in RoadmapPhase:
            stage = wf.data.plan.stage(phase)
            following = phase.next()
            if following is not None and draw(st.booleans()):
                later = wf.data.plan.stage(following)
                revised = attrs.evolve(later, end=later.end + timedelta(days=30))
                after = following.next()
                # A later end must not pass the end of the stage after it.
                if after is None or revised.end <= wf.data.plan.stage(after).end:
                    run("revise_stage", ReviseStage(stage=revised, reason="Сдвиг сроков"))
            for item in draw(st.permutations(stage.activities)):
                if draw(st.booleans()):
                    run("record_activity", RecordActivity(activity_id=item.id))
            for item in draw(st.permutations(missing_results(wf.data, phase))):
                run("record_result", RecordResult(result_id=item.id, evidence="Протокол"))
            run("advance")
    except _Stop:
        pass
    return wf


#: A strategy for every public attrs class of budgets, funding and the roadmap.
BUDGET_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    BudgetLine: budget_lines(),
    BudgetTotals: budget_totals(),
    Budget: budgets(),
    BudgetFinding: budget_findings(),
    FundingRecord: funding_records(),
    RoadmapItem: roadmap_items(),
    RoadmapStage: roadmap_stages(),
    RoadmapPlan: roadmap_plans(),
    ActivityRecord: activity_records(),
    ResultRecord: result_records(),
    StageRevision: stage_revisions(),
    RoadmapData: roadmap_data(),
    RecordActivity: st.builds(RecordActivity, activity_id=ids(), note=_optional(texts())),
    Expense: expenses(),
    LineSpending: line_spendings(),
    SpendingFact: spending_facts(),
    TeamMember: team_members(),
    CalendarItem: calendar_items(),
    ProjectPlan: project_plans(),
    ProjectRules: st.builds(ProjectRules, allow_overspend=st.booleans()),
    ItemDone: item_dones(),
    VoidedExpense: voided_expenses(),
    ProjectData: project_data(),
    RecordExpense: st.builds(RecordExpense, expense=expenses()),
    VoidExpense: st.builds(VoidExpense, expense_id=ids(), reason=texts()),
    CompleteItem: st.builds(CompleteItem, item_id=ids(), on=_DAYS, result=_optional(texts())),
    CloseProject: st.builds(CloseProject, summary=texts()),
    CancelProject: st.builds(CancelProject, reason=texts()),
    TargetReview: target_reviews(),
    RecordResult: st.builds(RecordResult, result_id=ids(), evidence=texts()),
    ReviseStage: st.builds(ReviseStage, stage=roadmap_stages(), reason=texts()),
}


# -- realistic hand-built values, one per public type -------------------------------------------

_AT = datetime(2018, 5, 15, 9, 0, tzinfo=UTC)


def example_roadmap() -> Workflow:
    """Seed 004's roadmap run to its end: every activity and result, one revision."""
    plan = AKTANYSH_NETWORK_ROADMAP
    wf = start(
        ROADMAP,
        RoadmapData(plan=plan, community_id="aktanysh-primary", administrator_ids=("admin",)),
        id="aktanysh",
        actor="admin",
        at=_AT,
    )
    at = _AT
    for phase in RoadmapPhase:
        stage = wf.data.plan.stage(phase)
        if phase is RoadmapPhase.ANALYSIS:
            later = attrs.evolve(
                wf.data.plan.stage(RoadmapPhase.PREPARATION), start=date(2018, 6, 15)
            )
            at += timedelta(days=1)
            fire(
                wf,
                "revise_stage",
                ReviseStage(stage=later, reason="Площадка выбрана позже"),
                actor="admin",
                at=at,
            )
        for item in stage.activities:
            at += timedelta(days=1)
            fire(
                wf,
                "record_activity",
                RecordActivity(activity_id=item.id, note="Проведено"),
                actor="admin",
                at=at,
            )
        for item in stage.expected_results:
            at += timedelta(days=1)
            fire(
                wf,
                "record_result",
                RecordResult(result_id=item.id, evidence="Отчёт на сайте"),
                actor="admin",
                at=at,
            )
        at += timedelta(days=1)
        fire(wf, "advance", actor="admin", at=at)
    return wf


def example_project() -> Workflow:
    """Seed 003's project, run to reporting: three expenses, one voided, a calendar item done."""
    plan = attrs.evolve(
        PEDAGOGICAL_INVESTMENT_PLAN,
        starts_on=date(2023, 1, 9),
        ends_on=date(2023, 12, 29),
        team=(
            TeamMember(teacher_id="lead", name="Руководитель проекта", role=ProjectRole.LEAD),
            TeamMember(
                teacher_id="fin",
                name="Бухгалтер",
                role=ProjectRole.TREASURER,
                duty="Платёжные поручения",
            ),
        ),
        calendar=(
            CalendarItem(
                id="cluster1",
                title=Label(ru="Кластер «Компетентностные лидеры»", en="Competency leaders"),
                starts_on=date(2023, 2, 1),
                ends_on=date(2023, 4, 30),
                cluster=ClusterKind.COMPETENCY_LEADERS,
                task_ids=("open_community", "exchange_channel"),
                responsible_ids=("lead",),
                expected_result=Label(ru="Около 200 педагогов", en="About 200 teachers"),
            ),
        ),
    )
    at = datetime(2023, 1, 9, 9, 0, tzinfo=UTC)
    wf = start(
        PROJECT,
        ProjectData(plan=plan, lead_ids=("lead",), programme_id="pi-2023"),
        id="pi-project",
        actor="lead",
        at=at,
    )
    fire(wf, "start_project", actor="lead", at=at)
    for i, (line, amount, what) in enumerate(
        (
            ("event_equipment", 400000, "Интерактивная панель OEM Senke SK-55GB"),
            ("coaches_speakers", 20000, "Спикер: дискуссионная площадка"),
            ("bank_services", 2600, "Комиссия банка"),
        ),
        start=1,
    ):
        at += timedelta(days=20)
        expense = Expense(
            id=f"x{i}",
            line_id=line,
            amount=amount,
            paid_on=record_day(at),
            description=what,
            document=f"п/п №{i}",
        )
        fire(wf, "record_expense", RecordExpense(expense=expense), actor="fin", at=at)
    fire(wf, "void_expense", VoidExpense(expense_id="x3", reason="Возврат"), actor="fin", at=at)
    at += timedelta(days=60)
    fire(
        wf,
        "complete_item",
        CompleteItem(item_id="cluster1", on=date(2023, 4, 28), result="212 участников"),
        actor="lead",
        at=at,
    )
    fire(wf, "start_reporting", actor="lead", at=at)
    return wf


def budget_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type here, by its name in the contract."""
    project = example_project()
    pdata: ProjectData = project.data
    fact = pdata.spending()
    wf = example_roadmap()
    broken = attrs.evolve(
        PEDAGOGICAL_INVESTMENT_BUDGET,
        lines=(attrs.evolve(PEDAGOGICAL_INVESTMENT_BUDGET.lines[2], total=Decimal("90000.00")),),
    )
    return {
        "Budget": PEDAGOGICAL_INVESTMENT_BUDGET,
        "BudgetLine": PEDAGOGICAL_INVESTMENT_BUDGET.lines[0],
        "BudgetTotals": PEDAGOGICAL_INVESTMENT_BUDGET.totals(),
        "BudgetFinding": check_budget(broken)[0],
        "FundingRecord": FundingRecord(
            id="fee-2025-09-anna",
            community_id="club-1",
            kind=FundingKind.MEMBERSHIP_FEES,
            amount=Decimal("500.00"),
            received_on=date(2025, 9, 1),
            source="Анна Петрова",
            purpose="Членский взнос за сентябрь",
        ),
        "RoadmapItem": AKTANYSH_NETWORK_ROADMAP.stages[0].activities[0],
        "RoadmapStage": AKTANYSH_NETWORK_ROADMAP.stages[1],
        "RoadmapPlan": AKTANYSH_NETWORK_ROADMAP,
        "ActivityRecord": wf.data.activities[0],
        "ResultRecord": wf.data.results[0],
        "StageRevision": wf.data.revisions[0],
        "RoadmapData": wf.data,
        "RecordActivity": RecordActivity(activity_id="plan", note="Совещание 15 мая"),
        "RecordResult": RecordResult(result_id="roadmap", evidence="Дорожная карта утверждена"),
        "ReviseStage": wf.events[1].payload,
        "Expense": pdata.expenses[0],
        "LineSpending": fact.line("event_equipment"),
        "SpendingFact": fact,
        "TeamMember": pdata.plan.team[1],
        "CalendarItem": pdata.plan.calendar[0],
        "ProjectPlan": pdata.plan,
        "ProjectRules": ProjectRules(allow_overspend=True),
        "ItemDone": pdata.done[0],
        "VoidedExpense": pdata.voided[0],
        "ProjectData": pdata,
        "RecordExpense": project.events[2].payload,
        "VoidExpense": VoidExpense(expense_id="x3", reason="Возврат"),
        "CompleteItem": CompleteItem(item_id="cluster1", on=date(2023, 4, 28)),
        "CloseProject": CloseProject(summary="Модель наставничества запущена"),
        "CancelProject": CancelProject(reason="Грант не выделен"),
        "TargetReview": programme_review({"speakers_invited": 5})[2],
    }
