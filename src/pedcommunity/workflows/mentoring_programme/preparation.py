"""Preparing a mentoring programme: conditions, curators, the mentee base, leaders, training.

Each trigger's payload, guards and effect, in the order the programme meets them:
``meet_condition``, ``add_curator`` and ``open_mentee_base``; ``enrol_mentee`` and
``open_mentor_base``; ``add_leader``, ``update_leader`` and ``open_training``; ``train_mentor``
and ``open_matching``.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import check_id, evolve_trusted
from pedcommunity.model.leaders import Leader
from pedcommunity.model.people import Teacher
from pedcommunity.workflows.mentoring_programme.data import C, Curator, ProgrammeData

__all__ = ["AddLeader", "ConditionMet", "EnrolMentee", "TrainMentor"]


# -- conditions and curators --------------------------------------------------------------------


@attrs.frozen
class ConditionMet:
    """Payload of ``meet_condition``: a condition of the programme is in place."""

    condition_id: str = attrs.field(validator=check_id)


def _g_condition_new(ctx: C) -> str | None:
    cid = ctx.payload.condition_id
    if cid in ctx.data.conditions:
        return f"condition '{cid}' is met already"
    return None


def _g_conditions_met(ctx: C) -> str | None:
    missing = [c for c in ctx.data.rules.required_conditions if c not in ctx.data.conditions]
    if missing:
        return f"conditions not yet met: {', '.join(missing)}"
    if not ctx.data.curators:
        return "appoint at least one curator to run the personal programmes"
    return None


def _g_curator_new(ctx: C) -> str | None:
    c: Curator = ctx.payload
    if ctx.data.curator(c.teacher_id) is not None:
        return f"'{c.teacher_id}' is a curator already"
    return None


def _e_condition(ctx: C) -> ProgrammeData:
    d = ctx.data
    return evolve_trusted(d, conditions=(*d.conditions, ctx.payload.condition_id))


def _e_curator(ctx: C) -> ProgrammeData:
    d = ctx.data
    c: Curator = ctx.payload
    return evolve_trusted(
        d, curators=(*d.curators, c), _curator_at=d._curator_at.set(c.teacher_id, len(d.curators))
    )


# -- the mentee base ----------------------------------------------------------------------------


@attrs.frozen
class EnrolMentee:
    """Payload of ``enrol_mentee``: a teacher joins the mentee base."""

    teacher: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))


def _g_mentee_new(ctx: C) -> str | None:
    t: Teacher = ctx.payload.teacher
    if ctx.data._is_mentee(t.id):
        return f"'{t.id}' is in the mentee base already"
    return None


def _g_enough_mentees(ctx: C) -> str | None:
    need = ctx.data.rules.min_mentees
    if len(ctx.data.mentees) < need:
        return (
            f"the mentee base has {counted(len(ctx.data.mentees), 'mentee')}; at least "
            f"{need} {'is' if need == 1 else 'are'} needed"
        )
    return None


def _e_enrol(ctx: C) -> ProgrammeData:
    d = ctx.data
    t: Teacher = ctx.payload.teacher
    return evolve_trusted(
        d, mentees=d.mentees.append(t), _mentee_at=d._mentee_at.set(t.id, len(d.mentees))
    )


# -- the mentor base ---------------------------------------------------------------------------


@attrs.frozen
class AddLeader:
    """Payload of ``add_leader`` and ``update_leader``: a mentor's record in the mentor base."""

    leader: Leader = attrs.field(validator=attrs.validators.instance_of(Leader))


def _g_leader_new(ctx: C) -> str | None:
    x: Leader = ctx.payload.leader
    if ctx.data._has_leader(x.id):
        return f"'{x.id}' is in the mentor base already; use update_leader"
    return None


def _g_leader_known(ctx: C) -> str | None:
    lid = ctx.payload.leader.id if hasattr(ctx.payload, "leader") else ctx.payload.leader_id
    if not ctx.data._has_leader(lid):
        known = ", ".join(y.id for y in ctx.data.leaders) or "none"
        return f"'{lid}' is not in the mentor base; leaders: {known}"
    return None


def _g_capacity_covers_load(ctx: C) -> str | None:
    x: Leader = ctx.payload.leader
    held = ctx.data._held(x.id)
    if x.capacity < held:
        return f"'{x.id}' holds {counted(held, 'mentee')} now; the capacity cannot drop below that"
    return None


def _g_enough_mentors(ctx: C) -> str | None:
    need = ctx.data.rules.min_mentors
    if len(ctx.data.leaders) < need:
        return (
            f"the mentor base has {counted(len(ctx.data.leaders), 'mentor')}; at least "
            f"{need} {'is' if need == 1 else 'are'} needed"
        )
    return None


def _e_add_leader(ctx: C) -> ProgrammeData:
    d = ctx.data
    x: Leader = ctx.payload.leader
    return evolve_trusted(
        d, leaders=d.leaders.append(x), _leader_at=d._leader_at.set(x.id, len(d.leaders))
    )


def _e_update_leader(ctx: C) -> ProgrammeData:
    d = ctx.data
    new: Leader = ctx.payload.leader
    return evolve_trusted(d, leaders=d.leaders.set(d._leader_at[new.id], new))


# -- selecting and training mentors -------------------------------------------------------------


@attrs.frozen
class TrainMentor:
    """Payload of ``train_mentor``: a leader was selected and completed the training."""

    leader_id: str = attrs.field(validator=check_id)


def _g_not_trained(ctx: C) -> str | None:
    if ctx.data._is_trained(ctx.payload.leader_id):
        return f"'{ctx.payload.leader_id}' has completed the training already"
    return None


def _g_someone_trained(ctx: C) -> str | None:
    if ctx.data.rules.training_required and not ctx.data.trained:
        return "no mentor has completed the training yet"
    return None


def _e_train(ctx: C) -> ProgrammeData:
    d = ctx.data
    lid: str = ctx.payload.leader_id
    return evolve_trusted(
        d, trained=d.trained.append(lid), _trained_at=d._trained_at.set(lid, len(d.trained))
    )
