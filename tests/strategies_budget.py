"""Hypothesis strategies for budgets, funding records and the roadmap workflow.

:data:`BUDGET_STRATEGIES` maps every public attrs class of ``model/budget.py``,
``model/funding.py``, ``model/roadmap.py`` and ``workflows/roadmap.py`` to a strategy of
valid values (merged into ``tests.strategies_all.STRATEGIES``). :func:`roadmap_workflows` runs
prefixes of valid scripts of the roadmap workflow; :func:`budget_examples` gives one
realistic value of each type for the JSON Schema tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import aware_datetimes, ids, labels, texts

from pedcommunity.i18n import Label
from pedcommunity.model.budget import (
    PEDAGOGICAL_INVESTMENT_BUDGET,
    Budget,
    BudgetCategory,
    BudgetFinding,
    BudgetIssue,
    BudgetLine,
    BudgetTotals,
    check_budget,
)
from pedcommunity.model.funding import FundingKind, FundingRecord
from pedcommunity.model.roadmap import (
    AKTANYSH_NETWORK_ROADMAP,
    RoadmapItem,
    RoadmapPhase,
    RoadmapPlan,
    RoadmapStage,
)
from pedcommunity.workflows import Workflow, fire, start
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
    "funding_records",
    "money",
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
        if consistent or (consistent is None and draw(st.booleans())):
            return BudgetLine.of(
                name=name,
                category=category,
                unit_cost=unit,
                quantity=qty,
                co_financing=own,
                comment=comment,
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
        )

    return build()


def budget_totals() -> SearchStrategy[BudgetTotals]:
    """Any three amounts."""
    return st.builds(BudgetTotals, total=money(), co_financing=money(), requested=money())


def budgets(*, consistent: bool | None = None) -> SearchStrategy[Budget]:
    """Budgets of up to six lines, with or without stated subtotals and total."""
    return st.builds(
        Budget,
        title=labels(),
        lines=st.lists(budget_lines(consistent=consistent), max_size=6).map(tuple),
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


def budget_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type here, by its name in the contract."""
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
    }
