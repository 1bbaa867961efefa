"""Seed 003's project (issue 15, items 4f and 4g): its plan, the ``project@1`` workflow, and
its figures against the seed's targets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from tests.strategies_budget import example_project, project_workflows

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidTrigger,
    PedcommunityError,
    PermissionDenied,
)
from pedcommunity.i18n import Label
from pedcommunity.model import (
    PEDAGOGICAL_INVESTMENT_BUDGET,
    PEDAGOGICAL_INVESTMENT_PLAN,
    CalendarItem,
    ClusterKind,
    Expense,
    ProjectRole,
    RoadmapItem,
    TeamMember,
)
from pedcommunity.monitoring import (
    PEDAGOGICAL_INVESTMENT_TARGETS,
    GoalStatus,
    programme_review,
)
from pedcommunity.workflows import (
    PROJECT,
    ROLE_LABELS,
    ProjectData,
    ProjectRules,
    Workflow,
    fire,
    project_figures,
    replay,
    standard_definitions,
    start,
)

PLAN = PEDAGOGICAL_INVESTMENT_PLAN
T0 = datetime(2023, 1, 9, 9, tzinfo=UTC)
D = Decimal


def item(iid: str, start_: date, end: date, **fields: Any) -> CalendarItem:
    return CalendarItem(
        id=iid, title=Label(ru=iid, en=iid), starts_on=start_, ends_on=end, **fields
    )


TEAM = (
    TeamMember(teacher_id="lead", name="Руководитель", role=ProjectRole.LEAD),
    TeamMember(teacher_id="fin", name="Бухгалтер", role=ProjectRole.TREASURER),
    TeamMember(teacher_id="cur", name="Куратор", role=ProjectRole.MEMBER, duty="Кластер 1"),
)
CALENDAR = (
    item(
        "cluster1",
        date(2023, 2, 1),
        date(2023, 4, 30),
        cluster=ClusterKind.COMPETENCY_LEADERS,
        task_ids=("open_community",),
        responsible_ids=("cur",),
    ),
    item("bank", date(2023, 5, 1), date(2023, 5, 31)),
)


# -- the plan ---------------------------------------------------------------------------------


def test_the_seeds_plan_holds_its_goal_and_tasks_word_for_word() -> None:
    assert [g.text.ru for g in PLAN.goals] == [
        (
            "Запуск современной модели наставничества в городе Нефтеюганске, обеспечивающей "
            "преодоление профессиональных рисков в педагогической деятельности и мотивацию "
            "профессионального роста педагогов."
        )
    ]
    assert [t.text.ru for t in PLAN.tasks] == [
        (
            "Сформировать открытое сообщество, где выстроены доверительные и партнерские "
            "отношения внутри образовательного пространства города."
        ),
        (
            "Создать канал обмена личностным, жизненным и профессиональным опытом для каждого "
            "участника проекта."
        ),
        (
            "Предоставить каждому участнику проекта ресурсы и возможности для осознанного "
            "развития и развития компетенций для профессиональной и личной самореализации."
        ),
    ]
    assert PLAN.geography == Label(ru="г. Нефтеюганск", en="Nefteyugansk")
    assert PLAN.budget is PEDAGOGICAL_INVESTMENT_BUDGET
    # The seed's «Команда» and «Календарный план» are empty headings.
    assert (PLAN.team, PLAN.calendar, PLAN.starts_on, PLAN.ends_on) == ((), (), None, None)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"goals": ()}, ValueError, "goals must hold at least one item"),
        ({"tasks": (*PLAN.tasks, PLAN.tasks[0])}, DuplicateId, "open_community"),
        (
            {"tasks": (*PLAN.tasks, RoadmapItem(id="launch_model", text=PLAN.goals[0].text))},
            DuplicateId,
            "launch_model",
        ),
        ({"team": (*TEAM, TEAM[0])}, DuplicateId, "lead"),
        ({"calendar": (*CALENDAR, CALENDAR[0])}, DuplicateId, "cluster1"),
        ({"team": (), "calendar": CALENDAR}, ValueError, "names 'cur' as responsible"),
        (
            {
                "team": TEAM,
                "calendar": (item("x", date(2023, 1, 1), date(2023, 1, 2), task_ids=("nine",)),),
            },
            ValueError,
            "serves task 'nine', which is not a task of the plan",
        ),
        (
            {"team": TEAM, "calendar": CALENDAR, "starts_on": date(2023, 3, 1)},
            ValueError,
            "starts on 2023-02-01, before the project starts on 2023-03-01",
        ),
        (
            {"team": TEAM, "calendar": CALENDAR, "ends_on": date(2023, 5, 1)},
            ValueError,
            "ends on 2023-05-31, after the project ends on 2023-05-01",
        ),
        (
            {"starts_on": date(2023, 5, 1), "ends_on": date(2023, 4, 1)},
            ValueError,
            "the project ends on 2023-04-01, before it starts on 2023-05-01",
        ),
        (
            {
                "budget": attrs.evolve(
                    PEDAGOGICAL_INVESTMENT_BUDGET,
                    lines=(attrs.evolve(PEDAGOGICAL_INVESTMENT_BUDGET.lines[0], id=None),),
                )
            },
            ValueError,
            "line 1 ('Equipment for the project's events') has no id",
        ),
    ],
)
def test_plan_validators(changes: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        attrs.evolve(PLAN, **changes)


def test_a_calendar_item_may_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends on 2023-01-31, before it starts on 2023-02-01"):
        item("x", date(2023, 2, 1), date(2023, 1, 31))


def test_a_plan_with_team_and_calendar() -> None:
    plan = attrs.evolve(
        PLAN, team=TEAM, calendar=CALENDAR, starts_on=date(2023, 1, 9), ends_on=date(2023, 12, 29)
    )
    assert plan.members_in(ProjectRole.TREASURER) == ("fin",)
    assert plan.members_in() == ("lead", "fin", "cur")
    assert plan.calendar_item("bank") is CALENDAR[1]
    assert plan.calendar_item("nine") is None


# -- the workflow -----------------------------------------------------------------------------


class Run:
    """A project run by its lead, with a clock that moves a day per trigger."""

    def __init__(self, **changes: Any) -> None:
        self.at = T0
        plan = attrs.evolve(PLAN, team=TEAM, calendar=CALENDAR)
        data = ProjectData(plan=plan, lead_ids=("lead",), **changes)
        self.wf: Workflow = start(PROJECT, data, id="pi", actor="lead", at=T0)

    def __call__(self, trigger: str, actor: str = "lead", **fields: Any) -> None:
        self.at += timedelta(days=1)
        fire(self.wf, trigger, actor=actor, at=self.at, **fields)

    def spend(self, eid: str, line: str, amount: int, actor: str = "fin", **more: Any) -> None:
        self("record_expense", actor=actor, expense=self.expense(eid, line, amount, **more))

    def expense(self, eid: str, line: str, amount: int, **more: Any) -> Expense:
        paid_on = more.pop("paid_on", self.at.date())
        return Expense(
            id=eid, line_id=line, amount=amount, paid_on=paid_on, description="Оплата", **more
        )

    def refused(
        self,
        error: type[PedcommunityError],
        trigger: str,
        actor: str = "lead",
        guard: str | None = None,
        **fields: Any,
    ) -> PedcommunityError:
        before = (self.wf.state, self.wf.data, self.wf.version, tuple(self.wf.events))
        with pytest.raises(error) as info:
            fire(self.wf, trigger, actor=actor, at=self.at + timedelta(hours=1), **fields)
        assert (self.wf.state, self.wf.data, self.wf.version, tuple(self.wf.events)) == before
        if guard is not None:
            assert isinstance(info.value, GuardFailed), info.value
            assert info.value.guard == guard, info.value
        return info.value


def running(**changes: Any) -> Run:
    r = Run(**changes)
    r("start_project")
    return r


def test_project_is_a_standard_definition_with_labelled_roles() -> None:
    assert standard_definitions().get("project", "1") is PROJECT
    assert PROJECT.label.ru == "Проект"
    assert [s.label.ru for s in PROJECT.states] == [
        "Проект запланирован",
        "Реализация",
        "Отчётность",
        "Проект завершён",
        "Проект отменён",
    ]
    assert ROLE_LABELS["project_lead"].ru == "руководитель проекта"
    assert ROLE_LABELS["treasurer"].ru == "ответственный за финансы"
    assert ROLE_LABELS["team"].ru == "команда проекта"


def test_a_whole_run_replays_and_round_trips() -> None:
    r = running(treasurer_ids=("acc",))
    r.spend("x1", "event_equipment", 400000)
    r.spend("x2", "coaches_speakers", 20000, actor="acc")
    r("void_expense", actor="fin", expense_id="x2", reason="Возврат гонорара")
    r("complete_item", actor="cur", item_id="cluster1", on=r.at.date(), result="212 участников")
    r("start_reporting")
    r.spend("x3", "bank_services", 2600)  # reporting still takes late payments
    r("close_project", summary="Модель запущена")
    wf = r.wf
    assert (wf.state, wf.is_final, wf.data.summary) == ("closed", True, "Модель запущена")
    assert [e.id for e in wf.data.expenses] == ["x1", "x3"]
    assert wf.data.voided[0].expense.id == "x2" and wf.data.voided[0].by == "fin"
    assert wf.data.done[0].by == "cur"
    assert replay(PROJECT, wf.events) == wf
    assert from_json(to_json(wf)) == wf


def test_an_expense_before_start_project_is_refused() -> None:
    r = Run()
    r.refused(
        InvalidTrigger,
        "record_expense",
        actor="lead",
        expense=r.expense("x1", "event_equipment", 1000),
    )


def test_an_unknown_line_is_refused() -> None:
    r = running()
    err = r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="line_known",
        expense=r.expense("x1", "catering", 1000),
    )
    assert "budget line 'catering' is not in the budget; lines: event_equipment," in str(err)


def test_a_sixth_speaker_is_refused() -> None:
    r = running()
    for i in range(5):
        r.spend(f"fee{i}", "coaches_speakers", 20000)
    err = r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="within_line",
        expense=r.expense("fee5", "coaches_speakers", 20000),
    )
    assert isinstance(err, GuardFailed)
    assert err.reason == (
        "line 'coaches_speakers' (Привлечение коучей и спикеров) plans 100000.00; "
        "100000.00 is spent; 20000.00 more would overspend it by 20000.00"
    )


def test_any_rent_is_refused() -> None:
    r = running()
    err = r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="within_line",
        expense=r.expense("r1", "rent", 1),
    )
    assert "line 'rent' (Аренда плата) plans 0.00" in str(err)


def test_the_grant_part_is_held_to_the_requested_amount() -> None:
    b = PEDAGOGICAL_INVESTMENT_BUDGET
    line = attrs.evolve(b.lines[0], co_financing=D("100000.00"), requested=D("300000.00"))
    budget = attrs.evolve(b, lines=(line, *b.lines[1:]), stated_subtotals={}, stated_total=None)
    r = Run()
    r.wf = start(
        PROJECT,
        ProjectData(plan=attrs.evolve(PLAN, budget=budget), lead_ids=("lead",)),
        id="pi",
        actor="lead",
        at=T0,
    )
    r("start_project")
    err = r.refused(
        GuardFailed,
        "record_expense",
        guard="within_line",
        expense=r.expense("x1", "event_equipment", 400000),
    )
    assert (
        "requests 300000.00 from the grant; 0.00 of it is spent; 400000.00 more would "
        "overspend it by 100000.00" in str(err)
    )
    r.spend("x1", "event_equipment", 400000, actor="lead", co_financed=100000)


def test_allow_overspend_lets_a_line_go_over() -> None:
    r = running(rules=ProjectRules(allow_overspend=True))
    r.spend("r1", "rent", 5000)
    assert r.wf.data.spending().line("rent").overspent


def test_a_future_day_and_a_day_outside_the_period_are_refused() -> None:
    r = running()
    r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="not_future",
        expense=r.expense("x1", "bank_services", 100, paid_on=date(2024, 1, 1)),
    )
    r.refused(
        GuardFailed,
        "complete_item",
        actor="cur",
        guard="not_future",
        item_id="cluster1",
        on=date(2024, 1, 1),
    )
    r2 = Run()
    r2.wf = start(
        PROJECT,
        ProjectData(plan=attrs.evolve(PLAN, starts_on=date(2023, 1, 9)), lead_ids=("lead",)),
        id="pi",
        actor="lead",
        at=T0,
    )
    r2("start_project")
    err = r2.refused(
        GuardFailed,
        "record_expense",
        guard="in_project_period",
        expense=r2.expense("x1", "bank_services", 100, paid_on=date(2023, 1, 2)),
    )
    assert "outside the project's period (2023-01-09 to the end)" in str(err)


def test_expense_ids_stay_taken_after_voiding() -> None:
    r = running()
    r.spend("x1", "bank_services", 100)
    r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="expense_new",
        expense=r.expense("x1", "bank_services", 100),
    )
    r("void_expense", actor="fin", expense_id="x1", reason="Ошибка")
    assert r.wf.data.spending().actual.total == D("0.00")
    err = r.refused(
        GuardFailed,
        "void_expense",
        actor="fin",
        guard="expense_listed",
        expense_id="x1",
        reason="Снова",
    )
    assert "expense 'x1' is voided already" in str(err)
    r.refused(
        GuardFailed,
        "record_expense",
        actor="fin",
        guard="expense_new",
        expense=r.expense("x1", "bank_services", 100),
    )
    err = r.refused(
        GuardFailed,
        "void_expense",
        actor="fin",
        guard="expense_listed",
        expense_id="x9",
        reason="?",
    )
    assert "expense 'x9' is not recorded; expenses: none" in str(err)


def test_a_team_member_may_not_record_an_expense() -> None:
    r = running()
    err = r.refused(
        PermissionDenied,
        "record_expense",
        actor="cur",
        expense=r.expense("x1", "bank_services", 100),
    )
    assert isinstance(err, PermissionDenied)
    assert set(err.roles) == {"treasurer", "project_lead"}
    r.refused(PermissionDenied, "start_reporting", actor="fin")


def test_calendar_items_are_completed_once() -> None:
    r = running()
    err = r.refused(
        GuardFailed,
        "complete_item",
        actor="cur",
        guard="calendar_item_known",
        item_id="nine",
        on=r.at.date(),
    )
    assert "items: cluster1, bank" in str(err)
    r("complete_item", actor="cur", item_id="cluster1", on=r.at.date())
    err = r.refused(
        GuardFailed,
        "complete_item",
        actor="lead",
        guard="item_not_done",
        item_id="cluster1",
        on=r.at.date(),
    )
    assert "is done already (on 2023-01-10)" in str(err)


def test_a_budget_with_slips_does_not_start() -> None:
    b = PEDAGOGICAL_INVESTMENT_BUDGET
    broken = attrs.evolve(b, lines=(attrs.evolve(b.lines[2], total=D("90000.00")), *b.lines[3:]))
    r = Run()
    r.wf = start(
        PROJECT,
        ProjectData(plan=attrs.evolve(PLAN, budget=broken), lead_ids=("lead",)),
        id="pi",
        actor="lead",
        at=T0,
    )
    err = r.refused(GuardFailed, "start_project", guard="budget_consistent")
    assert str(err).startswith(
        "Cannot 'start_project' in 'planned': the budget has slips: line 1 'Engaging coaches "
        "and speakers': total 90000.00 is not unit cost 20000.00 × quantity 5 = 100000.00"
    )


def test_cancel_from_planned_or_running_only() -> None:
    r = running()
    r("start_reporting")
    r.refused(InvalidTrigger, "cancel_project", reason="Поздно")
    r2 = Run()
    r2("cancel_project", reason="Грант не выделен")
    assert (r2.wf.state, r2.wf.data.cancel_reason) == ("cancelled", "Грант не выделен")


def test_project_data_needs_a_lead() -> None:
    with pytest.raises(ValueError, match="lead_ids must name at least one project lead"):
        ProjectData(plan=PLAN, lead_ids=())


# -- the calendar and the figures -------------------------------------------------------------


def test_calendar_fact_and_figures() -> None:
    r = running()
    r.spend("x1", "event_equipment", 400000)
    r.at = datetime(2023, 4, 29, 9, tzinfo=UTC)
    r("complete_item", actor="cur", item_id="cluster1", on=date(2023, 4, 29))
    data: ProjectData = r.wf.data
    fact = data.calendar_fact(date(2023, 6, 10))
    assert (fact.on_time, fact.late, fact.not_held, fact.upcoming) == (
        ("cluster1",),
        (),
        ("bank",),
        (),
    )
    assert data.calendar_fact(date(2023, 5, 1)).upcoming == ("bank",)
    figures = project_figures(data)
    assert figures == {
        "budget_spent_share": pytest.approx(400000 / 692644),
        "co_financing_share": 0.0,
        "calendar_done_share": 0.5,
    }
    assert project_figures(data, as_of=date(2023, 4, 1))["calendar_done_share"] == 0.0


def test_the_seeds_targets_and_the_review() -> None:
    assert {k: (t.value, t.direction.value) for k, t in PEDAGOGICAL_INVESTMENT_TARGETS.items()} == {
        "first_cluster_participants": (200.0, "at_least"),
        "cluster_events_held": (3.0, "at_least"),
        "speakers_invited": (5.0, "at_least"),
        "budget_spent_share": (1.0, "at_most"),
    }
    figures = {
        "first_cluster_participants": 199,
        "cluster_events_held": 3,
        "budget_spent_share": 1.0,
    }
    rows = programme_review(figures)
    assert [(r.figure, r.status) for r in rows] == [
        ("first_cluster_participants", GoalStatus.NOT_MET),
        ("cluster_events_held", GoalStatus.MET),
        ("speakers_invited", GoalStatus.NO_DATA),
        ("budget_spent_share", GoalStatus.MET),
    ]
    assert rows[3].label.ru == "Доля израсходованного бюджета"
    assert rows[3].text("en") == "Budget spent: 100.0% (target: at most 1) — Met"
    assert rows[2].text("ru").startswith(f"{rows[2].label.ru}: — (цель: не менее 5)")
    with pytest.raises(ValueError, match="status must be not_met"):
        attrs.evolve(rows[0], status=GoalStatus.MET)


def test_the_example_project_is_in_reporting() -> None:
    wf = example_project()
    assert wf.state == "reporting"
    assert wf.data.spending().actual.total == D("420000.00")


@settings(max_examples=25, deadline=None)
@given(project_workflows())
def test_scripted_projects_replay_and_keep_within_their_lines(wf: Workflow) -> None:
    assert replay(PROJECT, wf.events) == wf
    assert not any(ls.overspent for ls in wf.data.spending().lines)
    assert from_json(to_json(wf)) == wf
