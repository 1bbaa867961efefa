"""A proposed peer-learning plan for a PLC's audit (calls :mod:`pedcommunity.matching`).

Kept apart from the definition: workflows are to stop importing matching, and this use case
moves to the services layer.
"""

from __future__ import annotations

from pedcommunity.matching.peer_learning import plan_peer_learning
from pedcommunity.model.learning import LearningPlan
from pedcommunity.workflows.plc.data import PlcData


def propose_plan(data: PlcData) -> LearningPlan:
    """Propose a peer-learning plan for the PLC's current audit, within its teaching load.

    Gaps go to peers who can teach them, spreading the load; a gap no peer can take goes to
    the outside source the learner named, else it is listed in ``uncovered``. See
    :func:`pedcommunity.matching.plan_peer_learning`.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus
        >>> d = PlcData(name="P", members=("t1", "t2"), audit=(
        ...     AuditAnswer(teacher_id="t1", competency_id="c", status=AuditStatus.CAN_TEACH),
        ...     AuditAnswer(teacher_id="t2", competency_id="c", status=AuditStatus.CANNOT_DO)))
        >>> propose_plan(d).assignments[0].teacher_id
        't1'
    """
    members = set(data.members)
    return plan_peer_learning(
        [a for a in data.audit if a.teacher_id in members],
        max_load=data.rules.max_teaching_load,
    )
