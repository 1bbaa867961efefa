"""Learning tracked (``plc_cycle@2``): sessions, learnt gaps and their confirmation.

Seed 002, «Как работает ПОС» п.5: «Где, у кого и как этому могу научиться?»; «Результаты»:
teachers «помогают друг другу изменить и совершенствовать преподавание» and «сами
овладевают техниками и технологиями»; «Базовые принципы» п.6: «Учителя обмениваются
профессиональными оценками». So in the learning stage a session is held with the peer or
source the plan assigns (``hold_session``), the learner marks a gap learnt
(``mark_learnt``), a colleague who taught it confirms it (``confirm_learnt``) or sends it
back (``decline_learnt``), and reflection opens once enough gaps are confirmed
(``enough_learnt``, added to ``start_reflection``).

Examples:
    >>> from pedcommunity.workflows.plc.definition import PLC_CYCLE
    >>> PLC_CYCLE.triggers_from("learning")[6:10]
    ('hold_session', 'mark_learnt', 'confirm_learnt', 'decline_learnt')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import attrs

from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_optional_text,
    check_text,
    evolve_trusted,
    to_tuple,
)
from pedcommunity.model.learning import (
    LearningAssignment,
    LearningSession,
    LearntMark,
    check_session_parties,
)
from pedcommunity.model.mentoring._enums import MeetingFormat
from pedcommunity.workflows.plc.data import C, PlcData
from pedcommunity.workflows.plc.membership import _e_leave

#: How many gaps a refusal lists before "and N more".
_SHOWN_GAPS = 5


def gap_list(gaps: Iterable[tuple[str, str]]) -> str:
    """Gaps as a refusal lists them: ``t2 in nvc, t3 in nvc``, at most five, then how many more.

    Examples:
        >>> gap_list([(f"t{i}", "nvc") for i in range(7)])
        't0 in nvc, t1 in nvc, t2 in nvc, t3 in nvc, t4 in nvc and 2 more'
        >>> gap_list([])
        'none'
    """
    items = [f"{learner} in {competency}" for learner, competency in gaps]
    if not items:
        return "none"
    shown = ", ".join(items[:_SHOWN_GAPS])
    rest = len(items) - _SHOWN_GAPS
    return f"{shown} and {rest} more" if rest > 0 else shown


def _who(teacher_id: str | None, source: str | None) -> str:
    return f"'{teacher_id}'" if teacher_id is not None else f"«{source}»"


def _assigned(a: LearningAssignment) -> str:
    return _who(a.teacher_id, a.source)


def _no_gap(data: PlcData, learner: str, competency: str) -> str:
    return (
        f"{learner} has no gap in {competency} in the adopted plan; "
        f"gaps: {gap_list(data.plan_gaps)}"
    )


# -- hold_session -----------------------------------------------------------------------------


@attrs.frozen
class HoldLearningSession:
    """Payload of ``hold_session``: a learning session held (``held_on``: today if not given)."""

    competency_id: str = attrs.field(validator=check_id)
    learner_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[check_ids, attrs.validators.min_len(1)]
    )
    teacher_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    source: str | None = attrs.field(default=None, validator=check_optional_text)
    held_on: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    notes: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        check_session_parties(self.teacher_id, self.source, self.learner_ids)


def _g_session_in_plan(ctx: C) -> str | None:
    p = ctx.payload
    given = _who(p.teacher_id, p.source)
    for learner in p.learner_ids:
        a = ctx.data.assignment(learner, p.competency_id)
        if a is None:
            return f"{learner} has no gap in {p.competency_id} in the adopted plan"
        if (a.teacher_id, a.source) != (p.teacher_id, p.source):
            return (
                f"the plan assigns {learner}'s gap in {p.competency_id} to {_assigned(a)}, "
                f"not to {given}"
            )
    return None


def _g_recorder_took_part(ctx: C) -> str | None:
    p = ctx.payload
    if ctx.actor == p.teacher_id or ctx.actor in p.learner_ids:
        return None
    if ctx.actor == ctx.data.leader_id or ctx.actor in ctx.data.facilitator_ids:
        return None
    return (
        f"'{ctx.actor}' did not take part in this session; its teacher, a learner, the leader "
        "or a facilitator records it"
    )


def _held_on(ctx: C) -> date:
    held: date | None = ctx.payload.held_on
    return ctx.at.date() if held is None else held


def _g_session_not_future(ctx: C) -> str | None:
    day, today = _held_on(ctx), ctx.at.date()
    if day > today:
        return (
            f"a session is recorded once held; {day.isoformat()} is after today "
            f"({today.isoformat()})"
        )
    return None


def _g_session_in_cycle(ctx: C) -> str | None:
    # A session counts towards this cycle's plan: one held before the plan was adopted (years
    # ago, in another cycle) would let a gap be marked learnt without learning under the plan.
    day, adopted_at = _held_on(ctx), ctx.data.plan_adopted_at
    if adopted_at is None:
        return None
    # The day of adoption where this session is recorded: members may be in other time zones.
    adopted = adopted_at.astimezone(ctx.at.tzinfo).date()
    if day < adopted:
        return (
            f"a session of this cycle is held on or after the day its plan was adopted "
            f"({adopted.isoformat()}); {day.isoformat()} is before it"
        )
    return None


def _e_session(ctx: C) -> PlcData:
    p = ctx.payload
    session = LearningSession(
        competency_id=p.competency_id,
        learner_ids=p.learner_ids,
        on=_held_on(ctx),
        teacher_id=p.teacher_id,
        source=p.source,
        format=p.format,
        notes=p.notes,
    )
    return evolve_trusted(ctx.data, sessions=(*ctx.data.sessions, session))


# -- mark_learnt ------------------------------------------------------------------------------


@attrs.frozen
class MarkLearnt:
    """Payload of ``mark_learnt``: a learner's gap learnt, and what they now do in lessons."""

    learner_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)
    evidence: str | None = attrs.field(default=None, validator=check_optional_text)


def _g_gap_in_plan(ctx: C) -> str | None:
    p = ctx.payload
    if ctx.data.assignment(p.learner_id, p.competency_id) is None:
        return _no_gap(ctx.data, p.learner_id, p.competency_id)
    return None


def _confirmer(a: LearningAssignment | None) -> str:
    if a is not None and a.teacher_id is not None:
        return f"'{a.teacher_id}'"
    return "the leader or a facilitator"


def _g_not_marked_yet(ctx: C) -> str | None:
    p = ctx.payload
    m = ctx.data.mark(p.learner_id, p.competency_id)
    if m is None:
        return None
    head = f"{p.learner_id}'s gap in {p.competency_id} is marked learnt already"
    if m.confirmed_at is not None:
        return f"{head} (confirmed by '{m.confirmed_by}' on {m.confirmed_at.date().isoformat()})"
    a = ctx.data.assignment(p.learner_id, p.competency_id)
    return f"{head} (awaiting confirmation by {_confirmer(a)})"


def sessions_for_gap(data: PlcData, learner_id: str, competency_id: str) -> int:
    """How many sessions of the gap's assigned teacher or source the learner took part in.

    Examples:
        >>> sessions_for_gap(PlcData(name="P"), "t2", "nvc")
        0
    """
    a = data.assignment(learner_id, competency_id)
    if a is None:
        return 0
    return sum(
        1
        for s in data.sessions
        if s.competency_id == competency_id
        and learner_id in s.learner_ids
        and (s.teacher_id, s.source) == (a.teacher_id, a.source)
    )


def _g_sessions_held_for_gap(ctx: C) -> str | None:
    p, d = ctx.payload, ctx.data
    need = d.rules.min_sessions_per_gap
    held = sessions_for_gap(d, p.learner_id, p.competency_id)
    if held >= need:
        return None
    a = d.assignment(p.learner_id, p.competency_id)
    who = _assigned(a) if a is not None else "anyone"
    if held == 0:
        return (
            f"no session of {who} with {p.learner_id} in {p.competency_id} is recorded; "
            f"hold_session first (min_sessions_per_gap is {need})"
        )
    return (
        f"only {held} of {who}'s sessions with {p.learner_id} in {p.competency_id} "
        f"are recorded; min_sessions_per_gap is {need}"
    )


def _e_mark(ctx: C) -> PlcData:
    p = ctx.payload
    mark = LearntMark(
        learner_id=p.learner_id,
        competency_id=p.competency_id,
        marked_at=ctx.at,
        evidence=p.evidence,
    )
    return evolve_trusted(ctx.data, learnt=(*ctx.data.learnt, mark))


# -- confirm_learnt and decline_learnt --------------------------------------------------------


@attrs.frozen
class GapRef:
    """Payload of ``confirm_learnt``: whose gap in which competency."""

    learner_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)


@attrs.frozen
class DeclineLearnt:
    """Payload of ``decline_learnt``: the gap sent back, and why (the learner may mark again)."""

    learner_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)
    reason: str = attrs.field(validator=check_text)


def _g_gap_marked(ctx: C) -> str | None:
    p = ctx.payload
    if ctx.data.mark(p.learner_id, p.competency_id) is None:
        return f"{p.learner_id} has not marked the gap in {p.competency_id} learnt yet"
    return None


def _g_not_confirmed_yet(ctx: C) -> str | None:
    p = ctx.payload
    m = ctx.data.mark(p.learner_id, p.competency_id)
    if m is not None and m.confirmed_at is not None:
        return (
            f"{p.learner_id}'s gap in {p.competency_id} was confirmed by '{m.confirmed_by}' "
            f"on {m.confirmed_at.date().isoformat()} already"
        )
    return None


def _g_confirmer_taught_gap(ctx: C) -> str | None:
    p, d, actor = ctx.payload, ctx.data, ctx.actor
    a = d.assignment(p.learner_id, p.competency_id)
    if a is None:
        return _no_gap(d, p.learner_id, p.competency_id)
    gap = f"{p.learner_id}'s gap in {p.competency_id}"
    if a.teacher_id is not None:
        if actor != a.teacher_id:
            return f"{gap} is confirmed by its teacher '{a.teacher_id}', not by '{actor}'"
        return None
    runs = actor == d.leader_id or actor in d.facilitator_ids
    if not runs or actor == p.learner_id:
        return f"{gap} was learnt from «{a.source}»; the leader or a facilitator confirms it"
    return None


def _e_confirm(ctx: C) -> PlcData:
    p = ctx.payload
    learnt = tuple(
        attrs.evolve(m, confirmed_by=ctx.actor, confirmed_at=ctx.at)
        if m.gap == (p.learner_id, p.competency_id)
        else m
        for m in ctx.data.learnt
    )
    return evolve_trusted(ctx.data, learnt=learnt)


def _e_decline(ctx: C) -> PlcData:
    gap = (ctx.payload.learner_id, ctx.payload.competency_id)
    return evolve_trusted(ctx.data, learnt=tuple(m for m in ctx.data.learnt if m.gap != gap))


# -- start_reflection, and leave under version 2 ----------------------------------------------


def learnt_gaps(data: PlcData) -> tuple[tuple[str, str], ...]:
    """The plan's gaps confirmed learnt in this cycle, in plan order.

    Examples:
        >>> learnt_gaps(PlcData(name="P"))
        ()
    """
    confirmed = {m.gap for m in data.learnt if m.confirmed}
    return tuple(g for g in data.plan_gaps if g in confirmed)


def learnt_needed(share: float, gaps: int) -> int:
    """How many of ``gaps`` must be learnt for reflection at ``share`` (0 with no gaps).

    Not :meth:`PlcRules.quorum`, which asks at least one and would block a plan of no gaps.

    Examples:
        >>> learnt_needed(0.5, 3), learnt_needed(0.5, 0), learnt_needed(1.0, 3), learnt_needed(0, 3)
        (2, 0, 3, 0)
    """
    return math.ceil(share * gaps - 1e-9)


def _g_enough_learnt(ctx: C) -> str | None:
    d = ctx.data
    share = d.rules.min_learnt_share
    gaps = d.plan_gaps
    done = learnt_gaps(d)
    need = learnt_needed(share, len(gaps))
    if len(done) >= need:
        return None
    rest = [g for g in gaps if g not in set(done)]
    return (
        f"{len(done)} of {len(gaps)} gaps of the plan are learnt (confirmed); reflection needs "
        f"{need} (min_learnt_share {share}); not yet learnt: {gap_list(rest)}"
    )


def _e_leave_v2(ctx: C) -> PlcData:
    # Version 2's leave: as version 1's, and the leaver's learnt marks go with them.
    left = _e_leave(ctx)
    tid = ctx.payload.teacher_id
    return evolve_trusted(left, learnt=tuple(m for m in left.learnt if m.learner_id != tid))
