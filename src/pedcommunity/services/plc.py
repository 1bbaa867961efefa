"""PLC use cases that need matching: propose a peer-learning plan, and adopt it.

The PLC cycle's definition (:mod:`pedcommunity.workflows.plc`) checks a plan when it is
adopted; proposing one is matching's work (:func:`pedcommunity.matching.plan_peer_learning`).
The two meet here, so that ``workflows`` and ``matching`` do not import each other.

Examples:
    >>> from pedcommunity.model import AuditAnswer, AuditStatus
    >>> from pedcommunity.workflows.plc import PlcData
    >>> d = PlcData(name="P", members=("t1", "t2"), audit=(
    ...     AuditAnswer(teacher_id="t1", competency_id="c", status=AuditStatus.CAN_TEACH),
    ...     AuditAnswer(teacher_id="t2", competency_id="c", status=AuditStatus.CANNOT_DO)))
    >>> propose_plan(d).assignments[0].teacher_id
    't1'
"""

from __future__ import annotations

from datetime import datetime

from pedcommunity.errors import InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.learning import LearningPlan
from pedcommunity.workflows.engine import Workflow, fire
from pedcommunity.workflows.permissions import AccessPolicy
from pedcommunity.workflows.plc import PLC_CYCLE, PlcData

from ._commands import repeated
from .ports import UnitOfWork

__all__ = ["adopt_proposed_plan", "propose_learning_plan", "propose_plan"]


def propose_plan(data: PlcData) -> LearningPlan:
    """Propose a peer-learning plan for the PLC's current audit, within its teaching load.

    Gaps go to peers who can teach them, spreading the load; a gap no peer can take goes to
    the outside source the learner named, else it is listed in ``uncovered``. See
    :func:`pedcommunity.matching.plan_peer_learning`.
    """
    from pedcommunity.matching.peer_learning import plan_peer_learning  # noqa: PLC0415 (numpy)

    if not isinstance(data, PlcData):
        raise InvalidData(f"a plan is proposed for PlcData, got {type(data).__name__}", path="$")
    members = set(data.members)
    return plan_peer_learning(
        [a for a in data.audit if a.teacher_id in members],
        max_load=data.rules.max_teaching_load,
    )


def _plc(uow: UnitOfWork, plc_id: str) -> Workflow:
    workflow = uow.workflows.get(plc_id)
    if workflow.definition.name != PLC_CYCLE.name and not isinstance(workflow.data, PlcData):
        raise InvalidData(
            f"'{plc_id}' is a {workflow.definition.name}, not a PLC cycle", path="$.plc_id"
        )
    return workflow


def propose_learning_plan(uow: UnitOfWork, plc_id: str) -> LearningPlan:
    """The peer-learning plan :func:`propose_plan` proposes for a stored PLC (nothing stored).

    Raises:
        UnknownId: no such workflow.
        InvalidData: it is not a PLC cycle (or a definition extended from it).
    """
    with uow:
        return propose_plan(_plc(uow, plc_id).data)


def adopt_proposed_plan(
    uow: UnitOfWork,
    plc_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> DomainEvent:
    """Propose a peer-learning plan for a stored PLC and adopt it (``adopt_plan``), in one go.

    Raises:
        WorkflowError: the PLC refuses the plan (not at its plan stage, a gap uncovered...).
    """
    with uow:
        done = repeated(uow, command_id, workflow_id=plc_id, trigger="adopt_plan")
        if done is not None:
            return done[-1]
        plc = _plc(uow, plc_id)
        event = fire(
            plc, "adopt_plan", actor=actor, at=at, policy=policy, plan=propose_plan(plc.data)
        )
        uow.commit(command_id=command_id)
        return event
