"""``store.check()``: verify a whole store and report every problem found.

A store that a crash, a killed writer or a hand edit may have touched is checked here, from
the tables alone (the store's cache is not used):

- every workflow replays from its events: sequences 1, 2, ... without a gap, every event's
  document reads back and fits its row, its definition is registered, and the definition
  accepts it (:func:`~pedcommunity.workflows.replay`'s checks); the ``workflows`` row names
  the definition of the start event and the position of it;
- the latest snapshot of each workflow holds the state and data its events give at that
  version;
- no event belongs to a workflow the ``workflows`` table does not list, and every command's
  range of positions holds exactly its events.

Examples:
    >>> CheckReport(workflows=2, events=9, snapshots=0, problems=()).ok
    True
    >>> print(CheckReport(workflows=1, events=3, snapshots=0,
    ...                   problems=("school-95/plc: sequence 3 follows 1",)))
    1 workflows, 3 events, 0 snapshots: 1 problem
      school-95/plc: sequence 3 follows 1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from pedcommunity.errors import PedcommunityError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.rebuild import apply_event, replay

from ._codec import aware
from ._connection import transaction
from ._schema import COMMANDS, EVENTS, EVENTS_AFTER, LATEST_SNAPSHOT, SNAPSHOTS, WORKFLOWS

if TYPE_CHECKING:
    from .store import SqlStore

__all__ = ["CheckReport", "check_store"]


@attrs.frozen
class CheckReport:
    """What :meth:`~pedcommunity.adapters.store.SqlStore.check` found.

    Attributes:
        workflows: how many workflows the store lists.
        events: how many events it holds.
        snapshots: how many snapshots it holds.
        problems: one line per problem found (``tenant/workflow: what``); empty when the
            store is consistent.
    """

    workflows: int
    events: int
    snapshots: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems

    def __str__(self) -> str:
        head = f"{self.workflows} workflows, {self.events} events, {self.snapshots} snapshots"
        if self.ok:
            return f"{head}: consistent"
        noun = "problem" if len(self.problems) == 1 else "problems"
        return "\n  ".join([f"{head}: {len(self.problems)} {noun}", *self.problems])


def check_store(store: SqlStore) -> CheckReport:
    """Check ``store`` as the module docstring says; see :class:`CheckReport`."""
    problems: list[str] = []
    count = sa.select(sa.func.count())
    with store.session() as conn, transaction(conn, write=False, consistent=True):
        listed = conn.execute(
            sa.select(WORKFLOWS).order_by(WORKFLOWS.c.tenant, WORKFLOWS.c.created_position)
        ).all()
        totals = [
            conn.execute(count.select_from(table)).scalar_one() for table in (EVENTS, SNAPSHOTS)
        ]
        for row in listed:
            _check_workflow(store, conn, row, problems)
        orphans = conn.execute(
            sa.select(EVENTS.c.tenant, EVENTS.c.workflow_id, sa.func.count())
            .select_from(
                EVENTS.outerjoin(
                    WORKFLOWS,
                    (WORKFLOWS.c.tenant == EVENTS.c.tenant)
                    & (WORKFLOWS.c.workflow_id == EVENTS.c.workflow_id),
                )
            )
            .where(WORKFLOWS.c.workflow_id.is_(None))
            .group_by(EVENTS.c.tenant, EVENTS.c.workflow_id)
        ).all()
        for tenant, workflow_id, n in orphans:
            problems.append(f"{tenant}/{workflow_id}: {n} events of a workflow not listed")
        _check_commands(conn, problems)
    return CheckReport(
        workflows=len(listed), events=totals[0], snapshots=totals[1], problems=tuple(problems)
    )


def _check_workflow(store: SqlStore, conn: sa.Connection, row: Any, problems: list[str]) -> None:
    name = f"{row.tenant}/{row.workflow_id}"
    params = {"tenant": row.tenant, "workflow_id": row.workflow_id}
    rows = conn.execute(EVENTS_AFTER, {**params, "after": 0}).all()
    snapshot = conn.execute(LATEST_SNAPSHOT, params).first()
    if not rows:
        problems.append(f"{name}: listed, but it has no events")
        return
    expected = 1
    for r in rows:
        if r.sequence != expected:
            problems.append(f"{name}: sequence {r.sequence} follows {expected - 1}")
            return
        expected += 1
    first = rows[0]
    key = f"{row.definition_name}@{row.definition_version}"
    if first.definition != key or first.position != row.created_position:
        problems.append(
            f"{name}: listed as started on {key} at position {row.created_position}, but its "
            f"start event is {first.definition} at position {first.position}"
        )
    workflow: Workflow | None = None
    for r in rows:
        try:
            event = store.codec.read_event(
                r.document, position=r.position, workflow_id=row.workflow_id, sequence=r.sequence
            )
            workflow = _next(workflow, event, store, name)
        except PedcommunityError as exc:
            problems.append(f"{name}: {exc}")
            return
        if snapshot is not None and workflow.version == snapshot.version:
            _compare(store, workflow, snapshot, name, problems)
    if snapshot is not None and snapshot.version > len(rows):
        problems.append(
            f"{name}: a snapshot at version {snapshot.version}, past its {len(rows)} events"
        )


def _next(workflow: Workflow | None, event: DomainEvent, store: SqlStore, name: str) -> Workflow:
    if workflow is None:
        definition = store.codec.definition(event.definition, where=name)
        return replay(definition, [event])
    apply_event(workflow, event, definitions=store.definitions)
    return workflow


def _compare(
    store: SqlStore, workflow: Workflow, snapshot: Any, name: str, problems: list[str]
) -> None:
    where = f"{name}: the snapshot at version {snapshot.version}"
    if snapshot.definition != workflow.definition.key or snapshot.state != workflow.state:
        problems.append(
            f"{where} says {snapshot.definition} in '{snapshot.state}', but the events give "
            f"{workflow.definition.key} in '{workflow.state}'"
        )
        return
    try:
        data = store.codec.read_data(workflow.definition, snapshot.data, where=where)
    except PedcommunityError as exc:
        problems.append(str(exc))
        return
    if data != workflow.data:
        problems.append(f"{where} holds data the events do not give")
    if aware(snapshot.at) != workflow.last_at:
        problems.append(f"{where} is dated {snapshot.at}, its last event {workflow.last_at}")


def _check_commands(conn: sa.Connection, problems: list[str]) -> None:
    commands = conn.execute(sa.select(COMMANDS)).all()
    for c in commands:
        if not c.events:
            continue
        held = conn.execute(
            sa.select(EVENTS.c.tenant, EVENTS.c.command_id).where(
                EVENTS.c.position.between(c.first_position, c.last_position)
            )
        ).all()
        mine = sum(1 for t, i in held if t == c.tenant and i == c.command_id)
        if mine != c.events or len(held) != c.events:
            problems.append(
                f"{c.tenant}/command {c.command_id}: recorded {c.events} events at positions "
                f"{c.first_position}-{c.last_position}, which hold {mine} of them"
            )
