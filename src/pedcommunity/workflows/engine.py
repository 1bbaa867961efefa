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
    >>> plc = engine.start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="plc-1",
    ...                    actor="head")
    >>> for t in ("t1", "t2", "t3"):
    ...     _ = engine.fire(plc, "join", actor=t, teacher_id=t)
    >>> plc.state, plc.data.members, plc.version
    ('forming', ('t1', 't2', 't3'), 4)
    >>> from pedcommunity.workflows import replay
    >>> replay(PLC_CYCLE, plc.events) == plc
    True
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.clock import Clock
from pedcommunity.errors import (
    ConcurrentUpdate,
    InvalidData,
    InvalidTrigger,
)
from pedcommunity.i18n import Label
from pedcommunity.model._fields import (
    _FULL_VALIDATION,
    MAX_WHOLE,
    check_id,
    full_validation,
    is_id,
    trusted_builder,
)
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows._dispatch import (
    Outcome,
    _apply_effect,
    _dispatch,
    _reference_outcome,
)
from pedcommunity.workflows._inputs import (
    _check_actor,
    _check_at,
    _check_trigger,
    _payload,
    _roles,
)
from pedcommunity.workflows.definition import (
    Context,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import DATA_ROLES, AccessPolicy, authorise, may_fire

__all__ = [
    "ENGINE_EVENTS",
    "MIGRATE",
    "START",
    "Engine",
    "Outcome",
    "Workflow",
    "commit",
    "fire",
    "full_validation",
    "preview",
    "start",
]

#: The trigger of every workflow's first event; its payload is the initial data.
START = "start"
#: The trigger of the event that moves a workflow to another version of its definition; its
#: payload (:class:`~pedcommunity.workflows.migration.MigrationRecord`) holds the new data.
MIGRATE = "migrate"
#: The labels of the events the engine records itself (a definition labels its own triggers).
ENGINE_EVENTS = {
    START: Label(ru="Начало", en="Started"),
    MIGRATE: Label(ru="Переход на новую версию", en="Moved to a new version"),
}


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
    #: Events recorded before ``events[0]`` and not held here: a workflow loaded from a
    #: snapshot (:func:`resume`) holds only the events after it. 0 for a whole history.
    base_version: int = attrs.field(
        default=0, repr=False, validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)]
    )
    #: When the last of those events happened (``None`` when ``base_version`` is 0): later
    #: triggers may not go back before it.
    base_at: datetime | None = attrs.field(default=None, repr=False)

    def copy(self) -> Workflow:
        """A copy of this workflow: firing on either leaves the other as it is.

        A store hands out copies, so a workflow a caller holds never changes under them, and
        firing on it never writes to the store behind its unit of work.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity import PLC_CYCLE, PlcData
            >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
            >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
            ...             actor="head", at=at)
            >>> held = plc.copy()
            >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
            >>> plc.version, held.version, held.data.members
            (2, 1, ())
        """
        # The data and the events are immutable; only the list of events grows in place.
        return attrs.evolve(self, events=list(self.events))

    @property
    def version(self) -> int:
        """How many events the workflow has recorded: the optimistic-concurrency version."""
        return self.base_version + len(self.events)

    @property
    def last_at(self) -> datetime | None:
        """When its last event happened (``None`` only for a hand-built empty workflow)."""
        return self.events[-1].at if self.events else self.base_at

    @property
    def state_label(self) -> Label:
        """The current stage's :class:`~pedcommunity.i18n.Label`."""
        return self.definition.state(self.state).label

    @property
    def is_final(self) -> bool:
        """Whether the workflow is in a final state and accepts no more triggers."""
        return self.definition.state(self.state).final

    def allowed(
        self, actor: str | None = None, *, policy: AccessPolicy | None = None
    ) -> tuple[str, ...]:
        """The triggers the current state accepts (guards may still refuse them).

        Given an ``actor``, only those the actor may fire (by the roles the workflow's data
        and ``policy`` give them), so a UI shows only the buttons that person may press. A
        trigger that acts for someone (a vote) is listed for those who may fire it in their
        own name.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity import PLC_CYCLE, PlcData
            >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
            ...             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
            >>> plc.allowed()  # doctest: +NORMALIZE_WHITESPACE
            ('join', 'leave', 'hold_meeting', 'agree', 'open_topic_list', 'disband', 'open_chat',
             'announce', 'record_order', 'appoint_facilitator', 'relieve_facilitator', 'recognise')
            >>> plc.allowed("t1")
            ('join',)
        """
        triggers = self.definition.triggers_from(self.state)
        if actor is None:
            return triggers
        definition = self.definition
        _check_actor(actor)
        roles = _roles(policy or DATA_ROLES, self, actor)
        return tuple(t for t in triggers if may_fire(definition.permissions.get(t), roles))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workflow):
            return NotImplemented
        return (
            self.id == other.id
            and self.definition.key == other.definition.key
            and self.state == other.state
            and self.data == other.data
            and self.events == other.events
            and self.base_version == other.base_version
        )

    __hash__ = None  # type: ignore[assignment]


# Events and outcomes the engine builds from values it has just checked (the trigger is one
# of the definition's, the actor and time passed their checks, the states are the
# definition's): building them through their validators would check everything twice.
_new_event = trusted_builder(DomainEvent)
_new_outcome = trusted_builder(Outcome)
_new_context = trusted_builder(Context)
# Workflow's generated __setattr__ checks every assignment (for its id); the engine's own
# assignments of the state and data it computed need not pass through it.
_set = object.__setattr__


def preview(
    workflow: Workflow,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    **fields: Any,
) -> Outcome:
    """Check ``trigger`` and compute its :class:`Outcome` without changing ``workflow``.

    It raises exactly what :func:`fire` would raise; :func:`commit` applies the outcome.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> out = preview(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> out.data.members, plc.data.members
        (('t1',), ())
        >>> _ = commit(plc, out)
        >>> plc.data.members
        ('t1',)
    """
    return _preview(
        workflow,
        trigger,
        payload,
        actor=actor,
        at=at,
        expected_version=expected_version,
        policy=policy or DATA_ROLES,
        fields=fields,
    )


def _preview(
    workflow: Workflow,
    trigger: str,
    payload: Any,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None,
    policy: AccessPolicy | None,
    fields: dict[str, Any],
) -> Outcome:
    # ``policy=None`` skips the permission check: only replay does that, since a stored log
    # records who acted under the host's policy of its time (see :func:`replay`).
    definition = workflow.definition
    # The cheap checks first, in the order a caller fixes them: no guard or effect runs for a
    # call that is refused anyway, and nothing malformed reaches a guard.
    if expected_version is not None:
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidData(
                f"expected_version is a whole number, got {shown(expected_version)}",
                path="$.expected_version",
            )
        if not 0 <= expected_version <= MAX_WHOLE:
            raise InvalidData(
                f"expected_version is a version from 0 to 2**53 - 1, got {shown(expected_version)}",
                path="$.expected_version",
            )
        if expected_version != workflow.version:
            raise ConcurrentUpdate(
                id=workflow.id, expected=expected_version, actual=workflow.version
            )
    # A trigger the definition declares is a valid name already; only others need the check.
    if type(trigger) is not str or trigger not in definition._trigger_index:
        _check_trigger(trigger)
    _check_actor(actor)
    at = _check_at(at)
    events = workflow.events
    last = events[-1].at if events else workflow.base_at
    if last is not None and at < last:
        raise InvalidData(
            f"time runs backwards: {at.isoformat()} is before the last event at {last.isoformat()}",
            path="$.at",
        )
    state = workflow.state
    if (state, trigger) not in definition._dispatch:
        raise InvalidTrigger(trigger=trigger, state=state, allowed=definition.triggers_from(state))
    payload = _payload(definition, trigger, payload, fields)
    permission = definition.permissions.get(trigger)
    if policy is not None:
        roles = _roles(policy, workflow, actor)
        on_behalf_of = authorise(
            permission, trigger=trigger, actor=actor, roles=roles, payload=payload
        )
    else:
        subjects = permission.subjects(payload) if permission is not None else ()
        on_behalf_of = () if actor in subjects else subjects
    if on_behalf_of and not all(map(is_id, on_behalf_of)):
        # A custom payload class may not check the field it names as its subject; the event
        # records those ids, so they must be ids.
        raise InvalidData(
            f"'{trigger}' acts for {shown(on_behalf_of)}, which are not all ids",
            path=f"$.payload.{permission.subject if permission else ''}",
        )
    context = _new_context(workflow.id, state, workflow.data, trigger, payload, actor, at)
    if _FULL_VALIDATION.get():
        return _reference_outcome(workflow, context, on_behalf_of)
    target, effect = _dispatch(definition, state, trigger, context)
    data = workflow.data if effect is None else _apply_effect(effect, trigger, context)
    event = _new_event(
        workflow.id,
        definition._key,
        workflow.version + 1,
        trigger,
        actor,
        at,
        state,
        target,
        payload,
        on_behalf_of,
    )
    return _new_outcome(target, data, event)


def commit(workflow: Workflow, outcome: Outcome) -> DomainEvent:
    """Apply an :class:`Outcome` from :func:`preview`; return its event.

    Raises:
        ConcurrentUpdate: the workflow changed since the outcome was computed.
    """
    if not isinstance(outcome, Outcome) or not isinstance(outcome.event, DomainEvent):
        raise InvalidData("commit takes an Outcome from preview", path="$.outcome")
    event = outcome.event
    definition = workflow.definition
    if outcome.state not in definition._state_index or event.target != outcome.state:
        raise InvalidData(
            f"this outcome's state {shown(outcome.state)} is not one its event leads to in "
            f"{definition.key}; commit an Outcome from preview as it is",
            path="$.outcome.state",
        )
    if definition.data_type is not None and not isinstance(outcome.data, definition.data_type):
        raise InvalidData(
            f"this outcome's data is not a {definition.data_type.__name__}",
            path="$.outcome.data",
        )
    if event.workflow_id != workflow.id or event.definition != workflow.definition.key:
        raise InvalidData(
            f"this outcome belongs to '{event.workflow_id}' ({event.definition}), not to "
            f"'{workflow.id}' ({workflow.definition.key})"
        )
    if event.sequence != workflow.version + 1:
        raise ConcurrentUpdate(id=workflow.id, expected=event.sequence - 1, actual=workflow.version)
    _set(workflow, "state", outcome.state)  # checked above; no need for the setattr hooks
    _set(workflow, "data", outcome.data)
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
    policy: AccessPolicy | None = None,
    **fields: Any,
) -> DomainEvent:
    """Fire ``trigger`` on ``workflow`` at time ``at``; return the recorded event.

    The payload is either an instance of the trigger's payload class or its fields as keyword
    arguments. ``expected_version`` guards against a concurrent update: when given, it must
    equal ``workflow.version``. ``policy`` says which roles the actor holds (by default the
    roles the workflow's data gives them; see :mod:`pedcommunity.workflows.permissions`).

    The checks run in this order, and the first that fails raises: the version, the trigger
    name, the actor, the time, the trigger in this state, the payload, the actor's permission,
    the guards. Nothing changes on any refusal.

    Raises:
        ConcurrentUpdate: ``expected_version`` does not match.
        InvalidData: the trigger name, the actor, the time or the payload is malformed
            (``path`` names which: ``$.trigger``, ``$.actor``, ``$.at``, ``$.payload``).
        InvalidTrigger: the current state has no such trigger (lists what is allowed).
        PermissionDenied: the actor holds none of the roles the trigger takes.
        GuardFailed: a guard refused (says which and why).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData, GuardFailed
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> try:
        ...     fire(plc, "open_topic_list", actor="head", at=at)
        ... except GuardFailed as err:
        ...     print(err.guard)
        min_members
        >>> plc.state, plc.version
        ('forming', 1)
    """
    outcome = _preview(
        workflow,
        trigger,
        payload,
        actor=actor,
        at=at,
        expected_version=expected_version,
        policy=policy or DATA_ROLES,
        fields=fields,
    )
    # Commit: nothing in preview touched the workflow, so a refusal left it as it was. The
    # outcome is the one just computed for this workflow, so commit's checks of a caller's
    # outcome are not needed (the reference path runs them all).
    if _FULL_VALIDATION.get():
        return commit(workflow, outcome)
    event = outcome.event
    _set(workflow, "state", outcome.state)
    _set(workflow, "data", outcome.data)
    workflow.events.append(event)
    return event


def start(
    definition: WorkflowDefinition, data: Any, *, id: str, actor: str, at: datetime
) -> Workflow:
    """Start a workflow of ``definition`` in its initial state, recording a ``start`` event.

    The start event's payload is ``data``, so the event log alone can rebuild the workflow.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> wf = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...            at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> wf.state, wf.events[0].trigger
        ('forming', 'start')
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"start takes a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    if not is_id(id):
        raise InvalidData(
            "a workflow id is 1-128 letters, digits and '_.:@/-' starting with a letter or "
            f"digit, got {shown(id)}",
            path="$.id",
        )
    _check_actor(actor)
    at = _check_at(at)
    if definition.data_type is not None and not isinstance(data, definition.data_type):
        raise InvalidData(
            f"{definition.key} runs on {definition.data_type.__name__}, got {type(data).__name__}",
            path="$.data",
        )
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


class Engine:
    """Binds a clock to :func:`start` and :func:`fire`: the everyday entry point.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import Engine, ManualClock, PLC_CYCLE, PlcData
        >>> engine = Engine(clock=ManualClock(datetime(2025, 9, 1, tzinfo=timezone.utc)))
        >>> plc = engine.start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="plc-1",
        ...                    actor="head")
        >>> engine.fire(plc, "join", actor="t1", teacher_id="t1").trigger
        'join'
    """

    __slots__ = ("clock", "policy")

    def __init__(self, *, clock: Clock, policy: AccessPolicy | None = None) -> None:
        if not isinstance(clock, Clock):
            raise InvalidData("Engine needs a clock with a now() method", path="$.clock")
        if policy is not None and not isinstance(policy, AccessPolicy):
            raise InvalidData(
                "an access policy has a roles(definition, workflow_id, data, actor) method",
                path="$.policy",
            )
        self.clock = clock
        self.policy = policy

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
        """Fire a trigger now, under the engine's policy (see :func:`fire`)."""
        return fire(
            workflow,
            trigger,
            payload,
            actor=actor,
            at=self.clock.now(),
            expected_version=expected_version,
            policy=self.policy,
            **fields,
        )
