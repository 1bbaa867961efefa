"""The roadmap of seed 004: its plan as data, and the workflow that runs it stage by stage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from tests.strategies_budget import example_roadmap, roadmap_workflows

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import DuplicateId, GuardFailed, InvalidData, InvalidTrigger
from pedcommunity.model import AKTANYSH_NETWORK_ROADMAP, RoadmapPhase, RoadmapPlan
from pedcommunity.workflows import (
    ROADMAP,
    RoadmapData,
    Workflow,
    fire,
    missing_results,
    replay,
    standard_definitions,
    start,
)

PLAN = AKTANYSH_NETWORK_ROADMAP
AT = datetime(2018, 5, 15, 9, 0, tzinfo=UTC)
CONVERTER = make_converter()


class Go:
    """Fires triggers an hour apart; ``refused`` checks nothing changed."""

    def __init__(self) -> None:
        self.at = AT
        self.wf = start(
            ROADMAP,
            RoadmapData(plan=PLAN, administrator_ids=("admin",)),
            id="aktanysh",
            actor="admin",
            at=AT,
        )

    def __call__(self, trigger: str, **fields: Any) -> None:
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, actor="admin", at=self.at, **fields)

    def finish_stage(self) -> None:
        for r in missing_results(self.wf.data, RoadmapPhase(self.wf.state)):
            self("record_result", result_id=r.id, evidence="Протокол")
        self("advance")

    def refused(self, error: type[Exception], trigger: str, **fields: Any) -> Any:
        before = (self.wf.state, self.wf.data, tuple(self.wf.events))
        with pytest.raises(error) as info:
            self(trigger, **fields)
        assert (self.wf.state, self.wf.data, tuple(self.wf.events)) == before
        return info.value


# -- the plan ---------------------------------------------------------------------------------


def test_seed_roadmap_has_the_four_stages_with_their_periods() -> None:
    """Seed 004: May-June, June-July, August-April, May; May 2018 to May 2019."""
    periods = [(s.phase.value, s.start, s.end) for s in PLAN.stages]
    assert periods == [
        ("analysis", date(2018, 5, 1), date(2018, 6, 30)),
        ("preparation", date(2018, 6, 1), date(2018, 7, 31)),
        ("implementation", date(2018, 8, 1), date(2019, 4, 30)),
        ("reflection", date(2019, 5, 1), date(2019, 5, 31)),
    ]
    labels = [s.label.ru for s in PLAN.stages]
    assert labels == [
        "Аналитико-концептуальный",
        "Организационно-подготовительный",
        "Внедренческий",
        "Рефлексивно-аналитический",
    ]


def test_seed_roadmap_content_and_results_are_the_seeds() -> None:
    """Each stage's content and results, counted and spot-checked against the seed."""
    counts = [(len(s.activities), len(s.expected_results)) for s in PLAN.stages]
    assert counts == [(1, 1), (3, 4), (1, 6), (1, 9)]
    prep = PLAN.stage(RoadmapPhase.PREPARATION)
    assert prep.activity("choose_platform").text.ru == (
        "Выбор площадки для создания сетевого сообщества"
    )
    assert "подготовка к ВПР" in prep.result("site_sections").text.ru
    impl = PLAN.stage(RoadmapPhase.IMPLEMENTATION)
    assert "задачами по математике на татарском языке" in impl.result("database").text.ru
    refl = PLAN.stage(RoadmapPhase.REFLECTION)
    assert refl.activities[0].text.ru == "Мониторинг и оценка результатов"
    assert refl.result("all_done").text.ru == "100% выполнение запланированных мероприятий"
    assert all(s.label.en for s in PLAN.stages)


def test_a_plan_refuses_stages_out_of_order_backwards_or_reused_ids() -> None:
    """Four phases in order, not running backwards, ids unique across the plan."""
    s = PLAN.stages
    with pytest.raises(ValueError, match="four stages in order"):
        RoadmapPlan(title=PLAN.title, stages=(s[1], s[0], s[2], s[3]))
    early = attrs.evolve(s[1], start=date(2018, 4, 1))
    with pytest.raises(ValueError, match="must not start or end before"):
        RoadmapPlan(title=PLAN.title, stages=(s[0], early, s[2], s[3]))
    reused = attrs.evolve(s[1], activities=(*s[1].activities, s[0].activities[0]))
    with pytest.raises(DuplicateId):
        RoadmapPlan(title=PLAN.title, stages=(s[0], reused, s[2], s[3]))
    with pytest.raises(ValueError, match="at least one result"):
        attrs.evolve(s[0], expected_results=())


# -- the workflow -----------------------------------------------------------------------------


def test_roadmap_is_a_standard_definition() -> None:
    """roadmap@1 is registered; its states are the four stages, then completed."""
    assert standard_definitions().get("roadmap", "1") is ROADMAP
    assert ROADMAP.state_names == (
        "analysis", "preparation", "implementation", "reflection", "completed",
    )  # fmt: skip
    assert ROADMAP.state("preparation").label.ru == "Организационно-подготовительный"


def test_the_seed_roadmap_runs_to_completed() -> None:
    """Record each stage's activities and results, advance four times: completed."""
    wf = example_roadmap()
    assert wf.state == "completed" and wf.is_final
    assert len(wf.data.results) == 20 and len(wf.data.activities) == 6
    assert wf.data.plan.stage(RoadmapPhase.PREPARATION).start == date(2018, 6, 15)
    assert wf.data.revisions[0].previous == PLAN.stage(RoadmapPhase.PREPARATION)
    assert replay(ROADMAP, wf.events) == wf
    assert from_json(to_json(wf, converter=CONVERTER), Workflow, converter=CONVERTER) == wf


def test_records_keep_stage_actor_and_time() -> None:
    """A record says in which stage, by whom and when it was made."""
    go = Go()
    go("record_activity", activity_id="plan", note="Совещание")
    go("record_result", result_id="roadmap", evidence="Карта утверждена")
    (a,), (r,) = go.wf.data.activities, go.wf.data.results
    assert (a.phase, a.by, a.at, a.note) == (
        RoadmapPhase.ANALYSIS,
        "admin",
        AT + timedelta(hours=1),
        "Совещание",
    )
    assert (r.result_id, r.evidence, r.at) == (
        "roadmap",
        "Карта утверждена",
        AT + timedelta(hours=2),
    )


def test_advance_is_refused_until_every_result_is_recorded() -> None:
    """In preparation, advance lists the missing results by id; then it is allowed."""
    go = Go()
    go.finish_stage()
    go("record_result", result_id="platform_chosen", evidence="Сайт на nsportal")
    err = go.refused(GuardFailed, "advance")
    assert err.guard == "results_recorded"
    assert "3 expected result(s) of the preparation stage not recorded yet" in err.reason
    assert "'conditions'" in err.reason and "'administrator'" in err.reason
    assert "'platform_chosen'" not in err.reason
    go.finish_stage()
    assert go.wf.state == "implementation"


@pytest.mark.parametrize(
    ("trigger", "fields", "guard", "words"),
    [
        ("record_activity", {"activity_id": "support"}, "activity_in_stage", "plans no activity"),
        ("record_result", {"result_id": "survey"}, "result_in_stage", "expects no result"),
    ],
)
def test_items_of_another_stage_are_refused(
    trigger: str, fields: dict[str, str], guard: str, words: str
) -> None:
    """An activity or result of the implementation stage cannot be recorded in analysis."""
    go = Go()
    extra = {"evidence": "x"} if trigger == "record_result" else {}
    err = go.refused(GuardFailed, trigger, **fields, **extra)
    assert err.guard == guard and words in err.reason
    assert "'plan'" in err.reason or "'roadmap'" in err.reason


def test_recording_twice_is_refused() -> None:
    """The same activity or result is recorded once."""
    go = Go()
    go("record_activity", activity_id="plan")
    go("record_result", result_id="roadmap", evidence="Карта")
    assert go.refused(GuardFailed, "record_activity", activity_id="plan").guard == (
        "activity_not_recorded"
    )
    err = go.refused(GuardFailed, "record_result", result_id="roadmap", evidence="Ещё раз")
    assert err.guard == "result_not_recorded"


def test_revise_is_refused_for_the_current_or_a_past_stage() -> None:
    """Only a stage still to come can be revised; reflection has none after it."""
    go = Go()
    err = go.refused(GuardFailed, "revise_stage", stage=PLAN.stages[0], reason="Иначе")
    assert err.guard == "future_stage" and "the current stage" in err.reason
    go.finish_stage()
    err = go.refused(GuardFailed, "revise_stage", stage=PLAN.stages[0], reason="Иначе")
    assert "behind" in err.reason and "'implementation'" in err.reason


def test_revise_is_refused_when_the_plan_would_break() -> None:
    """A revised stage that runs backwards or reuses an id is refused by plan_stays_valid."""
    go = Go()
    backwards = attrs.evolve(PLAN.stages[2], end=date(2018, 7, 1), start=date(2018, 7, 1))
    err = go.refused(GuardFailed, "revise_stage", stage=backwards, reason="Раньше")
    assert err.guard == "plan_stays_valid" and "must not start or end before" in err.reason
    reused = attrs.evolve(PLAN.stages[3], activities=PLAN.stages[0].activities)
    err = go.refused(GuardFailed, "revise_stage", stage=reused, reason="Повтор")
    assert err.guard == "plan_stays_valid" and "Duplicate roadmap item 'plan'" in err.reason


def test_revise_a_future_stage_changes_the_plan_and_keeps_the_old() -> None:
    """Revising the reflection stage in analysis replaces it and records the previous stage."""
    go = Go()
    new = attrs.evolve(PLAN.stages[3], end=date(2019, 6, 30))
    go("revise_stage", stage=new, reason="Итоги в июне")
    assert go.wf.data.plan.end == date(2019, 6, 30)
    (rev,) = go.wf.data.revisions
    assert (rev.previous, rev.reason, rev.by) == (PLAN.stages[3], "Итоги в июне", "admin")


def test_completed_accepts_nothing_and_bad_payloads_change_nothing() -> None:
    """After reflection nothing fires; a malformed payload is InvalidData, state unchanged."""
    go = Go()
    assert go.refused(InvalidData, "record_result", result_id="roadmap").path == "$.payload"
    err = go.refused(InvalidData, "revise_stage", stage="later", reason="x")
    assert err.path == "$.payload.stage"
    for _ in range(4):
        go.finish_stage()
    err = go.refused(InvalidTrigger, "advance")
    assert err.state == "completed" and err.allowed == ()
    assert go.wf.events[-1].trigger == "advance" and go.wf.version == 25


@given(roadmap_workflows())
def test_any_run_replays_and_round_trips(wf: Workflow) -> None:
    """Every prefix of a valid run replays to itself and reads back from JSON as itself."""
    assert replay(ROADMAP, wf.events) == wf
    assert from_json(to_json(wf, converter=CONVERTER), Workflow, converter=CONVERTER) == wf
    if wf.state != "completed":
        done = {r.result_id for r in wf.data.results}
        for phase in RoadmapPhase:
            if phase.index < RoadmapPhase(wf.state).index:
                assert {r.id for r in wf.data.plan.stage(phase).expected_results} <= done
