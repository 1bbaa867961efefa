"""How far a PLC's learning has come: gaps learnt per member and per competency.

A function of the PLC's data (its current cycle, or a finished cycle's record), not a
monitoring indicator: it reads no event log.

Examples:
    >>> from datetime import date, datetime, timezone
    >>> from pedcommunity.model import LearningAssignment, LearningPlan, LearningSession
    >>> from pedcommunity.model import LearntMark
    >>> at = datetime(2025, 12, 1, 10, tzinfo=timezone.utc)
    >>> data = PlcData(name="ПОС", members=("t1", "t2", "t3"), plan=LearningPlan(assignments=(
    ...     LearningAssignment(learner_id="t2", competency_id="nvc", teacher_id="t1"),
    ...     LearningAssignment(learner_id="t3", competency_id="nvc", teacher_id="t1"),
    ...     LearningAssignment(learner_id="t3", competency_id="4c", source="курс ЦНППМ"))),
    ...     sessions=(LearningSession(competency_id="nvc", learner_ids=("t2", "t3"),
    ...                               on=date(2025, 11, 5), teacher_id="t1"),),
    ...     learnt=(LearntMark(learner_id="t2", competency_id="nvc", marked_at=at,
    ...                        confirmed_by="t1", confirmed_at=at),
    ...             LearntMark(learner_id="t3", competency_id="nvc", marked_at=at)))
    >>> p = learning_progress(data)
    >>> p.gaps, p.marked, p.learnt, p.needed, p.sessions, p.not_learnt
    (3, 2, 1, 2, 1, (('t3', 'nvc'), ('t3', '4c')))
    >>> p.by_member["t3"].share, p.by_member["t1"].sessions_taught, p.by_member["t1"].share
    (0.0, 1, None)
    >>> p.by_competency["nvc"]
    GapCount(gaps=2, learnt=1, sessions_attended=2, sessions_taught=1)
"""

from __future__ import annotations

from collections import Counter

import attrs

from pedcommunity.model._fields import FrozenMap, check_id, check_id_pairs, to_frozen_map
from pedcommunity.model.learning import _to_pairs
from pedcommunity.model.work_plans._plans import check_count
from pedcommunity.workflows.plc.data import CycleRecord, PlcData, PlcRules
from pedcommunity.workflows.plc.sessions import learnt_needed

__all__ = ["GapCount", "LearningProgress", "learning_progress"]


@attrs.frozen
class GapCount:
    """Gaps and sessions counted for one member or one competency.

    ``sessions_attended`` counts learners' places in sessions (a session of two learners
    counts twice for its competency); ``sessions_taught`` the sessions a peer taught.

    Examples:
        >>> GapCount(gaps=4, learnt=3, sessions_attended=5, sessions_taught=0).share
        0.75
    """

    gaps: int = attrs.field(validator=check_count)
    learnt: int = attrs.field(validator=check_count)
    sessions_attended: int = attrs.field(validator=check_count)
    sessions_taught: int = attrs.field(validator=check_count)

    @property
    def share(self) -> float | None:
        """The share of the gaps learnt; ``None`` with no gaps."""
        return None if self.gaps == 0 else self.learnt / self.gaps


_COUNTS = attrs.validators.deep_mapping(
    key_validator=check_id, value_validator=attrs.validators.instance_of(GapCount)
)


@attrs.frozen
class LearningProgress:
    """A cycle's learning: the plan's gaps, marked, learnt (confirmed) and needed for reflection.

    ``not_learnt`` lists the gaps not yet confirmed, in plan order, as
    ``(learner_id, competency_id)`` pairs.

    Examples:
        >>> learning_progress(PlcData(name="ПОС")).needed
        0
    """

    gaps: int = attrs.field(validator=check_count)
    marked: int = attrs.field(validator=check_count)
    learnt: int = attrs.field(validator=check_count)
    needed: int = attrs.field(validator=check_count)
    sessions: int = attrs.field(validator=check_count)
    by_member: FrozenMap[str, GapCount] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_COUNTS
    )
    by_competency: FrozenMap[str, GapCount] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_COUNTS
    )
    not_learnt: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=check_id_pairs
    )

    @property
    def share(self) -> float | None:
        """The share of the plan's gaps learnt; ``None`` with no gaps."""
        return None if self.gaps == 0 else self.learnt / self.gaps


def learning_progress(
    data: PlcData | CycleRecord, rules: PlcRules | None = None
) -> LearningProgress:
    """Count the learning of the current cycle (``PlcData``) or of a finished cycle.

    ``rules`` gives ``min_learnt_share`` for ``needed``; a :class:`PlcData` brings its own,
    a :class:`CycleRecord` takes the default rules unless given.

    Examples:
        >>> learning_progress(PlcData(name="ПОС"), PlcRules(min_learnt_share=1.0)).gaps
        0
    """
    if rules is None:
        rules = data.rules if isinstance(data, PlcData) else PlcRules()
    plan = data.plan
    gaps = [] if plan is None else [(a.learner_id, a.competency_id) for a in plan.assignments]
    in_plan = set(gaps)
    marks = [m for m in data.learnt if m.gap in in_plan]
    confirmed = {m.gap for m in marks if m.confirmed}
    people = Counter[str]()
    places = Counter[tuple[str, str]]()
    taught = Counter[tuple[str, str]]()
    for s in data.sessions:
        people.update(s.learner_ids)
        places[("c", s.competency_id)] += len(s.learner_ids)
        taught[("c", s.competency_id)] += 1
        if s.teacher_id is not None:
            taught[("m", s.teacher_id)] += 1
    # Everyone who is a member, has a gap, or took part in a session, in that order.
    listed = data.members if isinstance(data, PlcData) else ()
    teachers = [t for k, t in taught if k == "m"]
    members = dict.fromkeys([*listed, *(m for m, _ in gaps), *people, *teachers])
    competencies = dict.fromkeys([*(c for _, c in gaps), *(s.competency_id for s in data.sessions)])

    def count(keep: list[tuple[str, str]], attended: int, taught_n: int) -> GapCount:
        return GapCount(
            gaps=len(keep),
            learnt=sum(1 for g in keep if g in confirmed),
            sessions_attended=attended,
            sessions_taught=taught_n,
        )

    by_member = {
        m: count([g for g in gaps if g[0] == m], people[m], taught[("m", m)]) for m in members
    }
    by_competency = {
        c: count([g for g in gaps if g[1] == c], places[("c", c)], taught[("c", c)])
        for c in competencies
    }
    return LearningProgress(
        gaps=len(gaps),
        marked=len(marks),
        learnt=len(confirmed),
        needed=learnt_needed(rules.min_learnt_share, len(gaps)),
        sessions=len(data.sessions),
        by_member=by_member,
        by_competency=by_competency,
        not_learnt=tuple(g for g in gaps if g not in confirmed),
    )
