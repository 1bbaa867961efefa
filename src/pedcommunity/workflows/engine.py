"""The workflow engine: start a workflow, fire triggers on it, rebuild it from its events.

A :class:`Workflow` is plain data: its id, its definition, its state, its domain data and the
domain events that brought it there. :func:`fire` is all or nothing: it checks the trigger and
its guards, computes the new data, and only then commits the new state, data and one
:class:`~pedcommunity.model.DomainEvent`. A refused trigger raises
:class:`~pedcommunity.errors.InvalidTrigger` or :class:`~pedcommunity.errors.GuardFailed`
and leaves the workflow exactly as it was.

Time comes from the caller: :class:`Engine` binds a :class:`~pedcommunity.clock.Clock`, and
:func:`fire` takes the time explicitly (that is how :func:`replay` re-applies stored events).

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import Engine, ManualClock, PLC_CYCLE, PlcData
    >>> engine = Engine(clock=ManualClock(datetime(2025, 9, 1, tzinfo=timezone.utc)))
    >>> plc = engine.start(PLC_CYCLE, PlcData(name="ПОС"), id="plc-1", actor="head")
    >>> for t in ("t1", "t2", "t3"):
    ...     _ = engine.fire(plc, "join", actor=t, teacher_id=t)
    >>> plc.state, plc.data.members, plc.version
    ('forming', ('t1', 't2', 't3'), 4)
    >>> replay(PLC_CYCLE, plc.events) == plc
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

from pedcommunity.clock import Clock
from pedcommunity.errors import (
    ConcurrentUpdate,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PedcommunityError,
)
from pedcommunity.i18n import Label
from pedcommunity.model._fields import check_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows._machine import Cursor
from pedcommunity.workflows.definition import Context, WorkflowDefinition

__all__ = ["START", "Engine", "Outcome", "Workflow", "commit", "fire", "preview", "replay", "start"]

#: The trigger of every workflow's first event; its payload is the initial data.
START = "start"


@attrs.define(eq=False, slots=True)
class Workflow:
    """One running workflow: a PLC, a mentoring track, a programme...

    Read it freely; change it only through :func:`fire` (or :meth:`Engine.fire`), which keeps
    ``state``, ``data`` and ``events`` consistent.
    """

    id: str = attrs.field(validator=check_id)
    definition: WorkflowDefinition = attrs.field(repr=lambda d: d.key)
    state: str
    data: Any
    events: list[DomainEvent] = attrs.field(factory=list, repr=lambda e: f"<{len(e)} events>")

    @property
    def version(self) -> int:
        """How many events the workflow has recorded: the optimistic-concurrency version."""
        return len(self.events)

    @property
    def state_label(self) -> Label:
        """The current stage's :class:`~pedcommunity.i18n.Label`."""
        return self.definition.state(self.state).label

    @property
    def is_final(self) -> bool:
        """Whether the workflow is in a final state and accepts no more triggers."""
        return self.definition.state(self.state).final

    def allowed(self) -> tuple[str, ...]:
        """The triggers the current state accepts (guards may still refuse them)."""
        return self.definition.triggers_from(self.state)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workflow):
            return NotImplemented
        return (
            self.id == other.id
            and self.definition.key == other.definition.key
            and self.state == other.state
            and self.data == other.data
            and self.events == other.events
        )

    __hash__ = None  # type: ignore[assignment]


def _payload(
    definition: WorkflowDefinition, trigger: str, payload: Any, fields: dict[str, Any]
) -> Any:
    spec = definition.trigger(trigger)
    if spec.payload is None:
        if payload is not None or fields:
            raise InvalidData(f"'{trigger}' takes no payload", path="$.payload")
        return None
    if payload is not None:
        if fields:
            raise InvalidData(
                f"pass either a {spec.payload.__name__} or its fields, not both", path="$.payload"
            )
        if not isinstance(payload, spec.payload):
            raise InvalidData(
                f"'{trigger}' takes a {spec.payload.__name__}, got {type(payload).__name__}",
                path="$.payload",
            )
        return payload
    try:
        return spec.payload(**fields)
    except PedcommunityError:
        raise
    except (TypeError, ValueError) as exc:
        names = ", ".join(a.name for a in attrs.fields(spec.payload))
        raise InvalidData(
            f"bad payload for '{trigger}': {exc}; {spec.payload.__name__} takes: {names}",
            path="$.payload",
        ) from None


@attrs.frozen
class Outcome:
    """What a trigger would do: the new state and data, and the event that records them.

    :func:`preview` computes it without touching the workflow; :func:`commit` applies it.

    It lets a caller check a second rule (another workflow's guard) before anything is
    committed, so changes that span two workflows stay all or nothing.
    """

    state: str
    data: Any
    event: DomainEvent


def preview(
    workflow: Workflow,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    **fields: Any,
) -> Outcome:
    """Check ``trigger`` and compute its :class:`Outcome` without changing ``workflow``.

    It raises exactly what :func:`fire` would raise; :func:`commit` applies the outcome.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head", at=at)
        >>> out = preview(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> out.data.members, plc.data.members
        (('t1',), ())
        >>> _ = commit(plc, out)
        >>> plc.data.members
        ('t1',)
    """
    definition = workflow.definition
    if expected_version is not None and expected_version != workflow.version:
        raise ConcurrentUpdate(id=workflow.id, expected=expected_version, actual=workflow.version)
    if not isinstance(actor, str) or not actor:
        raise InvalidData("actor must be a non-empty id string", path="$.actor")
    # The cheap checks first: no guard or effect runs for a call that is refused anyway.
    last = workflow.events[-1].at if workflow.events else None
    if last is not None and at < last:
        raise InvalidData(
            f"time runs backwards: {at.isoformat()} is before the last event at {last.isoformat()}",
            path="$.at",
        )
    state = workflow.state
    if not definition.transitions_for(state, trigger):
        raise InvalidTrigger(trigger=trigger, state=state, allowed=definition.triggers_from(state))
    payload = _payload(definition, trigger, payload, fields)
    context = Context(
        workflow_id=workflow.id,
        state=state,
        data=workflow.data,
        trigger=trigger,
        payload=payload,
        actor=actor,
        at=at,
    )
    cursor = Cursor(state, context)
    accepted = definition.machine.events[trigger].trigger(cursor)
    if not accepted or cursor.matched is None:
        guard, reason = cursor.refusal or ("?", "no transition matched")
        raise GuardFailed(trigger=trigger, state=state, guard=guard, reason=reason)
    spec = cursor.matched
    data = workflow.data
    if spec.effect is not None:
        data = definition.effects[spec.effect](context)
    try:
        event = DomainEvent(
            workflow_id=workflow.id,
            definition=definition.key,
            sequence=workflow.version + 1,
            trigger=trigger,
            actor=actor,
            at=at,
            source=state,
            target=cursor.state,
            payload=payload,
        )
    except (TypeError, ValueError) as exc:
        raise InvalidData(str(exc)) from None
    return Outcome(state=cursor.state, data=data, event=event)


def commit(workflow: Workflow, outcome: Outcome) -> DomainEvent:
    """Apply an :class:`Outcome` from :func:`preview`; return its event.

    Raises:
        ConcurrentUpdate: the workflow changed since the outcome was computed.
    """
    event = outcome.event
    if event.workflow_id != workflow.id or event.definition != workflow.definition.key:
        raise InvalidData(
            f"this outcome belongs to '{event.workflow_id}' ({event.definition}), not to "
            f"'{workflow.id}' ({workflow.definition.key})"
        )
    if event.sequence != workflow.version + 1:
        raise ConcurrentUpdate(id=workflow.id, expected=event.sequence - 1, actual=workflow.version)
    workflow.state = outcome.state
    workflow.data = outcome.data
    workflow.events.append(event)
    return event


def fire(
    workflow: Workflow,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    **fields: Any,
) -> DomainEvent:
    """Fire ``trigger`` on ``workflow`` at time ``at``; return the recorded event.

    The payload is either an instance of the trigger's payload class or its fields as keyword
    arguments. ``expected_version`` guards against a concurrent update: when given, it must
    equal ``workflow.version``.

    Raises:
        InvalidTrigger: the current state has no such trigger (lists what is allowed).
        GuardFailed: a guard refused (says which and why).
        InvalidData: the payload or the actor is malformed.
        ConcurrentUpdate: ``expected_version`` does not match.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData, GuardFailed
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head", at=at)
        >>> try:
        ...     fire(plc, "open_topic_list", actor="head", at=at)
        ... except GuardFailed as err:
        ...     print(err.guard)
        min_members
        >>> plc.state, plc.version
        ('forming', 1)
    """
    outcome = preview(
        workflow,
        trigger,
        payload,
        actor=actor,
        at=at,
        expected_version=expected_version,
        **fields,
    )
    # Commit: nothing in preview touched the workflow, so a refusal left it as it was.
    return commit(workflow, outcome)


def start(
    definition: WorkflowDefinition, data: Any, *, id: str, actor: str, at: datetime
) -> Workflow:
    """Start a workflow of ``definition`` in its initial state, recording a ``start`` event.

    The start event's payload is ``data``, so the event log alone can rebuild the workflow.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> wf = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head",
        ...            at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> wf.state, wf.events[0].trigger
        ('forming', 'start')
    """
    if definition.data_type is not None and not isinstance(data, definition.data_type):
        raise InvalidData(
            f"{definition.key} runs on {definition.data_type.__name__}, got {type(data).__name__}",
            path="$.data",
        )
    try:
        event = DomainEvent(
            workflow_id=id,
            definition=definition.key,
            sequence=1,
            trigger=START,
            actor=actor,
            at=at,
            source=definition.initial,
            target=definition.initial,
            payload=data,
        )
        return Workflow(
            id=id, definition=definition, state=definition.initial, data=data, events=[event]
        )
    except (TypeError, ValueError) as exc:
        raise InvalidData(str(exc)) from None


def replay(definition: WorkflowDefinition, events: Iterable[DomainEvent]) -> Workflow:
    """Rebuild a workflow by re-applying its events from the ``start`` event on.

    Every event is fired again with its own actor and time, through the same guards, so a log
    that the definition would not accept is refused rather than silently loaded.

    Raises:
        InvalidData: the log is empty, does not begin with ``start``, or is out of sequence.
        WorkflowError: an event is refused by the definition (the log does not fit it).
    """
    items: Sequence[DomainEvent] = list(events)
    if not items or items[0].trigger != START:
        raise InvalidData("an event log must begin with a 'start' event", path="$.events[0]")
    first = items[0]
    if first.definition != definition.key:
        raise InvalidData(
            f"the log was written under {first.definition}, not {definition.key}; "
            "replay it with that definition",
            path="$.events[0].definition",
        )
    workflow = start(
        definition, first.payload, id=first.workflow_id, actor=first.actor, at=first.at
    )
    for i, event in enumerate(items[1:], start=1):
        if (
            event.sequence != i + 1
            or event.workflow_id != first.workflow_id
            or event.definition != definition.key
        ):
            raise InvalidData(
                f"event {event.sequence} of '{event.workflow_id}' ({event.definition}) is out "
                f"of place; expected event {i + 1} of '{first.workflow_id}' ({definition.key})",
                path=f"$.events[{i}]",
            )
        fire(workflow, event.trigger, event.payload, actor=event.actor, at=event.at)
    return workflow


class Engine:
    """Binds a clock to :func:`start` and :func:`fire`: the everyday entry point.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import Engine, ManualClock, PLC_CYCLE, PlcData
        >>> engine = Engine(clock=ManualClock(datetime(2025, 9, 1, tzinfo=timezone.utc)))
        >>> plc = engine.start(PLC_CYCLE, PlcData(name="ПОС"), id="plc-1", actor="head")
        >>> engine.fire(plc, "join", actor="t1", teacher_id="t1").trigger
        'join'
    """

    __slots__ = ("clock",)

    def __init__(self, *, clock: Clock) -> None:
        if not isinstance(clock, Clock):
            raise InvalidData("Engine needs a clock with a now() method", path="$.clock")
        self.clock = clock

    def start(self, definition: WorkflowDefinition, data: Any, *, id: str, actor: str) -> Workflow:
        """Start a workflow now (see :func:`start`)."""
        return start(definition, data, id=id, actor=actor, at=self.clock.now())

    def fire(
        self,
        workflow: Workflow,
        trigger: str,
        payload: Any = None,
        *,
        actor: str,
        expected_version: int | None = None,
        **fields: Any,
    ) -> DomainEvent:
        """Fire a trigger now (see :func:`fire`)."""
        return fire(
            workflow,
            trigger,
            payload,
            actor=actor,
            at=self.clock.now(),
            expected_version=expected_version,
            **fields,
        )
