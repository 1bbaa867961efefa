"""Learning and reflection, each trigger with its payload, guards and effect.

``adopt_plan``, ``start_reflection``, ``reflect``, ``next_cycle`` and ``close``; the
sessions and learnt marks of ``plc_cycle@2`` are in :mod:`pedcommunity.workflows.plc.sessions`.
"""

from __future__ import annotations

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import counted
from pedcommunity.model._fields import evolve_checked, evolve_trusted
from pedcommunity.model.learning import LearningPlan, Reflection
from pedcommunity.workflows.plc.audit import audit_gaps
from pedcommunity.workflows.plc.data import C, CycleRecord, PlcData

# -- learning ---------------------------------------------------------------------------------


@attrs.frozen
class AdoptPlan:
    """Payload of ``adopt_plan``: the peer-learning plan for the audit's gaps."""

    plan: LearningPlan = attrs.field(validator=attrs.validators.instance_of(LearningPlan))


def _g_plan_covers(ctx: C) -> str | None:
    return check_plan(ctx.data, ctx.payload.plan)


def check_plan(data: PlcData, plan: LearningPlan) -> str | None:
    """Say what is wrong with ``plan`` for this PLC's audit, or ``None`` if it is sound.

    A sound plan covers every gap exactly once, by a member who can teach that competency or
    by the outside source the learner named, within each teacher's load, and nothing else.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus, LearningPlan
        >>> d = PlcData(name="P", members=("t1", "t2"), audit=(
        ...     AuditAnswer(teacher_id="t2", competency_id="c", status=AuditStatus.CANNOT_DO),))
        >>> check_plan(d, LearningPlan())
        'gap not covered: t2 in c'
    """
    teachers = {(a.teacher_id, a.competency_id) for a in data.audit if a.can_teach}
    sources = {(a.teacher_id, a.competency_id): a.learning_source for a in data.audit}
    gaps = {(a.teacher_id, a.competency_id) for a in audit_gaps(data)}
    members = set(data.members)
    for a in plan.assignments:
        key = (a.learner_id, a.competency_id)
        if key not in gaps:
            return f"{a.learner_id} has no gap in {a.competency_id} to cover"
        if a.teacher_id is not None:
            if a.teacher_id not in members:
                return f"peer '{a.teacher_id}' is not a member"
            if (a.teacher_id, a.competency_id) not in teachers:
                return f"'{a.teacher_id}' did not offer to teach {a.competency_id}"
        elif a.source != sources.get(key):
            named = sources.get(key)
            return (
                f"{a.learner_id} named {shown(named)} as the source for {a.competency_id}, "
                f"not {shown(a.source)}"
                if named
                else f"{a.learner_id} named no outside source for {a.competency_id} "
                "and no peer was assigned"
            )
    for teacher, n in plan.load().items():
        if n > data.rules.max_teaching_load:
            return (
                f"'{teacher}' would teach {counted(n, 'gap')}; the load limit is "
                f"{data.rules.max_teaching_load}"
            )
    for learner, comp in sorted(gaps):
        if not plan.covers(learner, comp):
            return f"gap not covered: {learner} in {comp}"
    return None


def _e_adopt_plan(ctx: C) -> PlcData:
    # A mark stays only while its gap keeps the teacher or source who taught it; the
    # sessions held stay in any case (they happened).
    d, plan = ctx.data, ctx.payload.plan
    keep = {(a.learner_id, a.competency_id, a.teacher_id, a.source) for a in plan.assignments}
    learnt = tuple(
        m
        for m in d.learnt
        if (old := d.assignment(*m.gap)) is not None
        and (*m.gap, old.teacher_id, old.source) in keep
    )
    return evolve_trusted(d, plan=plan, learnt=learnt)


def _e_adopt_plan_v2(ctx: C) -> PlcData:
    # Version 2's adopt_plan: as version 1's, and the time is kept (sessions count from it).
    # Version 1 never sets it, so a stored version-1 document still replays to its data.
    return evolve_trusted(_e_adopt_plan(ctx), plan_adopted_at=ctx.at)


def _g_plan_adopted(ctx: C) -> str | None:
    if ctx.data.plan is None:
        return "adopt a learning plan first"
    return None


# -- reflection and the end of a cycle --------------------------------------------------------


@attrs.frozen
class Reflect:
    """Payload of ``reflect``: the cycle's reflection."""

    reflection: Reflection = attrs.field(validator=attrs.validators.instance_of(Reflection))


def _g_no_reflection_yet(ctx: C) -> str | None:
    if ctx.data.reflection is not None:
        return "this cycle's reflection is recorded already"
    return None


def _g_pupil_evidence_measured(ctx: C) -> str | None:
    need = ctx.data.rules.min_pupil_evidence
    got = len(ctx.payload.reflection.pupil_evidence)
    if got < need:
        return (
            f"seed 002's main result is what pupils learnt: record at least {need} measured "
            "result(s) in pupil_evidence (measure, group, baseline, result, source); "
            f"got {got}"
        )
    return None


def _g_evidence_fits_cycle(ctx: C) -> str | None:
    d = ctx.data
    listed = d.competency_ids
    takers = {*d.members, *d.facilitator_ids, *([d.leader_id] if d.leader_id else [])}
    for ev in ctx.payload.reflection.pupil_evidence:
        if ev.competency_id is not None and ev.competency_id not in listed:
            return (
                f"evidence «{ev.measure}» names competency '{ev.competency_id}', not listed "
                f"in this cycle; listed: {', '.join(listed) or 'none'}"
            )
        outsiders = [t for t in ev.collected_by if t not in takers]
        if outsiders:
            return (
                f"evidence «{ev.measure}» was collected by '{outsiders[0]}', who is not a "
                "member (nor the leader or a facilitator)"
            )
    return None


def _g_evidence_not_future(ctx: C) -> str | None:
    today = ctx.at.date()
    for ev in ctx.payload.reflection.pupil_evidence:
        if ev.result_on > today:
            return (
                f"evidence «{ev.measure}» has its result dated {ev.result_on.isoformat()}, "
                f"after today ({today.isoformat()})"
            )
    return None


def _e_reflect(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, reflection=ctx.payload.reflection)


def _g_reflected(ctx: C) -> str | None:
    if ctx.data.reflection is None:
        return "record the reflection (changes in teaching, evidence of impact on pupils) first"
    return None


def _archive(d: PlcData) -> tuple[CycleRecord, ...]:
    if d.chosen_topic_id is None:
        return d.history
    record = CycleRecord(
        number=d.cycle,
        topic_id=d.chosen_topic_id,
        competency_ids=d.competency_ids,
        plan=d.plan,
        reflection=d.reflection,
        sessions=d.sessions,
        learnt=d.learnt,
    )
    return (*d.history, record)


def _e_next_cycle(ctx: C) -> PlcData:
    d = ctx.data
    history = _archive(d)
    studied = {r.topic_id for r in history}
    return evolve_checked(
        d,
        cycle=d.cycle + 1,
        history=history,
        topics=tuple(t for t in d.topics if t.id not in studied),
        votes={},
        chosen_topic_id=None,
        competencies=(),
        audit=(),
        plan=None,
        plan_adopted_at=None,
        reflection=None,
        sessions=(),
        learnt=(),
    )


def _e_close(ctx: C) -> PlcData:
    d = ctx.data
    return evolve_trusted(
        d, history=_archive(d), closed_reason=ctx.payload.reason, sessions=(), learnt=()
    )
