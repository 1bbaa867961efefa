"""A community's roadmap (seed 004) as a workflow: four stages, then completed.

The workflow runs a :class:`~pedcommunity.model.roadmap.RoadmapPlan`. Its states are the
plan's stages, ``analysis`` -> ``preparation`` -> ``implementation`` -> ``reflection``, then
``completed``. In each stage the community records the planned activities it has carried out
and the expected results it has reached; it moves on when every expected result of the stage
is recorded.

Triggers and their guards:

- ``record_activity`` (:class:`RecordActivity`): guards ``activity_in_stage`` (the current
  stage plans that activity) and ``activity_not_recorded`` (once per activity).
- ``record_result`` (:class:`RecordResult`): guards ``result_in_stage`` (the current stage
  expects that result) and ``result_not_recorded``.
- ``advance``: guard ``results_recorded``; its refusal lists the missing results.
- ``revise_stage`` (:class:`ReviseStage`): change the plan of a stage still to come; guards
  ``future_stage`` (not the current stage nor one behind) and ``plan_stays_valid`` (the revised
  plan keeps its order and its unique ids). The stage as it was is kept in the revision.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP
    >>> from pedcommunity.workflows import start, fire
    >>> at = datetime(2018, 5, 15, tzinfo=timezone.utc)
    >>> data = RoadmapData(plan=AKTANYSH_NETWORK_ROADMAP, administrator_ids=("admin",))
    >>> wf = start(ROADMAP, data, id="aktanysh", actor="admin", at=at)
    >>> _ = fire(wf, "record_activity", actor="admin", at=at, activity_id="plan")
    >>> _ = fire(wf, "record_result", actor="admin", at=at, result_id="roadmap",
    ...          evidence="Дорожная карта утверждена")
    >>> _ = fire(wf, "advance", actor="admin", at=at)
    >>> wf.state, wf.state_label.ru
    ('preparation', 'Организационно-подготовительный')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_text,
    evolve_checked,
    instances_of,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.roadmap import RoadmapItem, RoadmapPhase, RoadmapPlan, RoadmapStage
from pedcommunity.workflows.definition import (
    Context,
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission

__all__ = [
    "ROADMAP",
    "ROADMAP_PERMISSIONS",
    "ActivityRecord",
    "RecordActivity",
    "RecordResult",
    "ResultRecord",
    "ReviseStage",
    "RoadmapData",
    "StageRevision",
    "missing_results",
    "roadmap_roles",
]

_optional_text = attrs.validators.optional(check_text)

#: The final state, after the reflection stage.
COMPLETED = "completed"


# -- data -------------------------------------------------------------------------------------


@attrs.frozen
class ActivityRecord:
    """A planned activity carried out: which, in what stage, by whom, when, and a note."""

    activity_id: str = attrs.field(validator=check_id)
    phase: RoadmapPhase = attrs.field(validator=attrs.validators.instance_of(RoadmapPhase))
    by: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    note: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class ResultRecord:
    """An expected result reached: which, in what stage, by whom, when, and the evidence."""

    result_id: str = attrs.field(validator=check_id)
    phase: RoadmapPhase = attrs.field(validator=attrs.validators.instance_of(RoadmapPhase))
    by: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    evidence: str = attrs.field(validator=check_text)


@attrs.frozen
class StageRevision:
    """A change to the plan of a stage to come: the stage as it was, why, by whom, when."""

    previous: RoadmapStage = attrs.field(validator=attrs.validators.instance_of(RoadmapStage))
    reason: str = attrs.field(validator=check_text)
    by: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)


def _unique_by(attr: str) -> Callable[[object, attrs.Attribute[Any], Iterable[object]], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
        seen: set[str] = set()
        for record in value:
            key = getattr(record, attr)
            if key in seen:
                raise DuplicateId(kind=attr.removesuffix("_id"), id=key, field=attribute.name)
            seen.add(key)

    return check


@attrs.frozen
class RoadmapData:
    """Everything a roadmap workflow knows: the plan, and what has been done and reached.

    Examples:
        >>> from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP
        >>> d = RoadmapData(plan=AKTANYSH_NETWORK_ROADMAP, community_id="aktanysh-primary")
        >>> d.activities, d.results, d.recorded_results(RoadmapPhase.ANALYSIS)
        ((), (), ())
    """

    plan: RoadmapPlan = attrs.field(validator=attrs.validators.instance_of(RoadmapPlan))
    community_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    administrator_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    activities: tuple[ActivityRecord, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ActivityRecord), _unique_by("activity_id")],
    )
    results: tuple[ResultRecord, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ResultRecord), _unique_by("result_id")],
    )
    revisions: tuple[StageRevision, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(StageRevision)
    )

    def recorded_results(self, phase: RoadmapPhase) -> tuple[str, ...]:
        """The ids of the results recorded in ``phase``, in the order recorded."""
        return tuple(r.result_id for r in self.results if r.phase is phase)

    def done_activities(self, phase: RoadmapPhase) -> tuple[str, ...]:
        """The ids of the activities recorded in ``phase``, in the order recorded."""
        return tuple(a.activity_id for a in self.activities if a.phase is phase)


def missing_results(data: RoadmapData, phase: RoadmapPhase) -> tuple[RoadmapItem, ...]:
    """The expected results of ``phase`` not recorded yet, in the plan's order.

    Examples:
        >>> from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP
        >>> d = RoadmapData(plan=AKTANYSH_NETWORK_ROADMAP)
        >>> [r.id for r in missing_results(d, RoadmapPhase.PREPARATION)]
        ['platform_chosen', 'conditions', 'site_sections', 'administrator']
    """
    done = set(data.recorded_results(phase))
    return tuple(r for r in data.plan.stage(phase).expected_results if r.id not in done)


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class RecordActivity:
    """Payload of ``record_activity``: the planned activity carried out, and a note."""

    activity_id: str = attrs.field(validator=check_id)
    note: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class RecordResult:
    """Payload of ``record_result``: the expected result reached, and the evidence of it."""

    result_id: str = attrs.field(validator=check_id)
    evidence: str = attrs.field(validator=check_text)


@attrs.frozen
class ReviseStage:
    """Payload of ``revise_stage``: the new plan of a stage still to come, and why."""

    stage: RoadmapStage = attrs.field(validator=attrs.validators.instance_of(RoadmapStage))
    reason: str = attrs.field(validator=check_text)


# -- guards and effects -----------------------------------------------------------------------

C = Context[RoadmapData]


def _phase(ctx: C) -> RoadmapPhase:
    return RoadmapPhase(ctx.state)


def _quoted(ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids) or "none"


def _g_activity_in_stage(ctx: C) -> str | None:
    stage = ctx.data.plan.stage(_phase(ctx))
    planned = tuple(a.id for a in stage.activities)
    if ctx.payload.activity_id not in planned:
        return (
            f"the {stage.phase.value} stage plans no activity '{ctx.payload.activity_id}'; "
            f"its activities: {_quoted(planned)}"
        )
    return None


def _g_activity_not_recorded(ctx: C) -> str | None:
    if any(a.activity_id == ctx.payload.activity_id for a in ctx.data.activities):
        return f"activity '{ctx.payload.activity_id}' is already recorded"
    return None


def _g_result_in_stage(ctx: C) -> str | None:
    stage = ctx.data.plan.stage(_phase(ctx))
    expected = tuple(r.id for r in stage.expected_results)
    if ctx.payload.result_id not in expected:
        return (
            f"the {stage.phase.value} stage expects no result '{ctx.payload.result_id}'; "
            f"its expected results: {_quoted(expected)}"
        )
    return None


def _g_result_not_recorded(ctx: C) -> str | None:
    if any(r.result_id == ctx.payload.result_id for r in ctx.data.results):
        return f"result '{ctx.payload.result_id}' is already recorded"
    return None


def _g_results_recorded(ctx: C) -> str | None:
    missing = missing_results(ctx.data, _phase(ctx))
    if missing:
        listed = "; ".join(f"'{r.id}' ({r.text.en})" for r in missing)
        return (
            f"{len(missing)} expected result(s) of the {ctx.state} stage not recorded yet: "
            f"{listed}; record them with 'record_result' first"
        )
    return None


def _g_future_stage(ctx: C) -> str | None:
    current = _phase(ctx)
    target = ctx.payload.stage.phase
    if target.index <= current.index:
        later = [p.value for p in RoadmapPhase if p.index > current.index]
        return (
            f"only a stage still to come can be revised; '{target.value}' is "
            f"{'the current stage' if target is current else 'behind'}; "
            f"stages to come: {_quoted(later)}"
        )
    return None


def _g_plan_stays_valid(ctx: C) -> str | None:
    try:
        ctx.data.plan.with_stage(ctx.payload.stage)
    except (ValueError, TypeError) as exc:
        return f"the revised plan would be invalid: {exc}"
    return None


def _e_activity(ctx: C) -> RoadmapData:
    record = ActivityRecord(
        activity_id=ctx.payload.activity_id,
        phase=_phase(ctx),
        by=ctx.actor,
        at=ctx.at,
        note=ctx.payload.note,
    )
    return evolve_checked(ctx.data, activities=(*ctx.data.activities, record))


def _e_result(ctx: C) -> RoadmapData:
    record = ResultRecord(
        result_id=ctx.payload.result_id,
        phase=_phase(ctx),
        by=ctx.actor,
        at=ctx.at,
        evidence=ctx.payload.evidence,
    )
    return evolve_checked(ctx.data, results=(*ctx.data.results, record))


def _e_revise(ctx: C) -> RoadmapData:
    stage: RoadmapStage = ctx.payload.stage
    revision = StageRevision(
        previous=ctx.data.plan.stage(stage.phase),
        reason=ctx.payload.reason,
        by=ctx.actor,
        at=ctx.at,
    )
    return evolve_checked(
        ctx.data,
        plan=ctx.data.plan.with_stage(stage),
        revisions=(*ctx.data.revisions, revision),
    )


# -- the definition ---------------------------------------------------------------------------

_STAGE_NAMES = tuple(p.value for p in RoadmapPhase)

_STATES = (
    *(State(p.value, p.label) for p in RoadmapPhase),
    State(COMPLETED, Label(ru="Завершена", en="Completed"), final=True),
)

_t = TriggerSpec.labelled

_TRIGGERS = (
    _t("record_activity", "Отметить проведённое мероприятие", "Record an activity", RecordActivity),
    _t("record_result", "Зафиксировать результат", "Record a result", RecordResult),
    _t("advance", "Перейти к следующему этапу", "Advance to the next stage"),
    _t("revise_stage", "Скорректировать план этапа", "Revise a stage's plan", ReviseStage),
)

_TRANSITIONS = (
    Transition(
        "record_activity",
        _STAGE_NAMES,
        None,
        ("activity_in_stage", "activity_not_recorded"),
        "record_activity",
    ),
    Transition(
        "record_result",
        _STAGE_NAMES,
        None,
        ("result_in_stage", "result_not_recorded"),
        "record_result",
    ),
    *(
        Transition("advance", here, there, ("results_recorded",))
        for here, there in zip(_STAGE_NAMES, (*_STAGE_NAMES[1:], COMPLETED), strict=True)
    ),
    Transition(
        "revise_stage", _STAGE_NAMES, None, ("future_stage", "plan_stays_valid"), "revise_stage"
    ),
)

_GUARDS: dict[str, Guard] = {
    "activity_in_stage": _g_activity_in_stage,
    "activity_not_recorded": _g_activity_not_recorded,
    "result_in_stage": _g_result_in_stage,
    "result_not_recorded": _g_result_not_recorded,
    "results_recorded": _g_results_recorded,
    "future_stage": _g_future_stage,
    "plan_stays_valid": _g_plan_stays_valid,
}

_EFFECTS: dict[str, Effect] = {
    "record_activity": _e_activity,
    "record_result": _e_result,
    "revise_stage": _e_revise,
}

# -- who may fire what -----------------------------------------------------------------------


def roadmap_roles(data: RoadmapData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds on a roadmap: ``administrator`` (seed 004) or none.

    Examples:
        >>> from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP
        >>> d = RoadmapData(plan=AKTANYSH_NETWORK_ROADMAP, administrator_ids=("admin",))
        >>> sorted(roadmap_roles(d, "admin")), roadmap_roles(d, "guest")
        (['administrator'], frozenset())
    """
    return frozenset({"administrator"}) if actor in data.administrator_ids else frozenset()


_ADMIN = Permission.of("administrator")

#: Who may fire each trigger of the roadmap: its administrator (seed 004: «Администратор
#: (в моем лице) сетевого сообщества»).
ROADMAP_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    dict.fromkeys(("record_activity", "record_result", "advance", "revise_stage"), _ADMIN)
)

ROADMAP = WorkflowDefinition(
    name="roadmap",
    version="1",
    label=Label(ru="Дорожная карта сообщества", en="Community roadmap"),
    states=_STATES,
    initial=RoadmapPhase.ANALYSIS.value,
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=RoadmapData,
    roles={"administrator": ROLE_LABELS["administrator"]},
    roles_of=roadmap_roles,
    permissions=ROADMAP_PERMISSIONS,
)
"""A community's roadmap of seed 004, version 1: four stages, each closed by its results.

Examples:
    >>> ROADMAP.key, ROADMAP.state_names[-1]
    ('roadmap@1', 'completed')
    >>> ROADMAP.triggers_from("reflection")
    ('record_activity', 'record_result', 'advance', 'revise_stage')
"""
