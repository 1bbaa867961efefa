"""Operationalisation and the resource audit, each trigger with its payload, guards and effect.

``list_competency``, ``unlist_competency``, ``open_audit``, ``submit_audit`` and
``close_audit``.
"""

from __future__ import annotations

from collections import Counter

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import check_id, evolve_trusted, to_tuple
from pedcommunity.model.audit import AuditAnswer
from pedcommunity.model.competencies import Competency
from pedcommunity.workflows.plc.data import C, PlcData

# -- operationalisation -----------------------------------------------------------------------


@attrs.frozen
class AddCompetency:
    """Payload of ``list_competency``: a competency the chosen problem needs."""

    competency: Competency = attrs.field(validator=attrs.validators.instance_of(Competency))


def _g_competency_new(ctx: C) -> str | None:
    cid = ctx.payload.competency.id
    if cid in ctx.data.competency_ids:
        return f"competency '{cid}' is listed already"
    return None


def _e_add_competency(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, competencies=(*ctx.data.competencies, ctx.payload.competency))


@attrs.frozen
class RemoveCompetency:
    """Payload of ``unlist_competency``: the id of a listed competency to remove."""

    competency_id: str = attrs.field(validator=check_id)


def _g_competency_listed(ctx: C) -> str | None:
    cid = ctx.payload.competency_id
    if cid not in ctx.data.competency_ids:
        listed = ", ".join(ctx.data.competency_ids) or "none"
        return f"competency '{cid}' is not listed; listed: {listed}"
    return None


def _e_remove_competency(ctx: C) -> PlcData:
    cid = ctx.payload.competency_id
    return evolve_trusted(
        ctx.data, competencies=tuple(c for c in ctx.data.competencies if c.id != cid)
    )


def _g_has_competencies(ctx: C) -> str | None:
    if not ctx.data.competencies:
        return "list at least one competency the chosen problem needs"
    return None


# -- the resource audit -----------------------------------------------------------------------


@attrs.frozen
class SubmitAudit:
    """Payload of ``submit_audit``: one member's answers, one per listed competency."""

    teacher_id: str = attrs.field(validator=check_id)
    answers: tuple[AuditAnswer, ...] = attrs.field(
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(AuditAnswer)),
    )


def _g_audit_answers(ctx: C) -> str | None:
    p: SubmitAudit = ctx.payload
    listed = set(ctx.data.competency_ids)
    wrong_owner = [a for a in p.answers if a.teacher_id != p.teacher_id]
    if wrong_owner:
        return (
            f"every answer must be {p.teacher_id}'s own; got one by '{wrong_owner[0].teacher_id}'"
        )
    given = [a.competency_id for a in p.answers]
    extra = sorted(set(given) - listed)
    if extra:
        return (
            f"answers only for listed competencies; not listed: {', '.join(extra)}; "
            f"listed: {', '.join(ctx.data.competency_ids)}"
        )
    dup = sorted(c for c, n in Counter(given).items() if n > 1)
    if dup:
        return f"one answer per competency; answered twice: {', '.join(dup)}"
    missing = [c for c in ctx.data.competency_ids if c not in given]
    if missing:
        return f"answer for every listed competency; missing: {', '.join(missing)}"
    return None


def _e_submit_audit(ctx: C) -> PlcData:
    p: SubmitAudit = ctx.payload
    kept = tuple(a for a in ctx.data.audit if a.teacher_id != p.teacher_id)
    order = {c: i for i, c in enumerate(ctx.data.competency_ids)}
    answers = tuple(sorted(p.answers, key=lambda a: order[a.competency_id]))
    return evolve_trusted(ctx.data, audit=kept + answers)


def _g_audit_quorum(ctx: C) -> str | None:
    d = ctx.data
    need = d.rules.quorum(d.rules.audit_quorum, len(d.members))
    have = len(d.audited_members)
    if have < need:
        waiting = [m for m in d.members if m not in d.audited_members]
        return (
            f"{have} of {counted(len(d.members), 'member')} {'has' if have == 1 else 'have'} "
            f"answered the audit; {need} {'is' if need == 1 else 'are'} needed; "
            f"waiting for: {', '.join(waiting)}"
        )
    return None


def audit_gaps(data: PlcData) -> list[AuditAnswer]:
    """The gaps of the current audit: answers ``must_prepare`` or ``cannot_do`` of members.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus
        >>> d = PlcData(name="P", members=("t1",), audit=(
        ...     AuditAnswer(teacher_id="t1", competency_id="c", status=AuditStatus.CANNOT_DO),))
        >>> [(a.teacher_id, a.competency_id) for a in audit_gaps(d)]
        [('t1', 'c')]
    """
    members = set(data.members)
    return [a for a in data.audit if a.is_gap and a.teacher_id in members]
