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
    >>> replay(PLC_CYCLE, plc.events) == plc
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.clock import Clock
from pedcommunity.errors import (
    ConcurrentUpdate,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PedcommunityError,
    UnknownDefinition,
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
from pedcommunity.model.domain_events import DomainEvent, is_aware
from pedcommunity.workflows._machine import Cursor
from pedcommunity.workflows.definition import (
    Context,
    DefinitionRegistry,
    Effect,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import DATA_ROLES, AccessPolicy, authorise, may_fire

__all__ = [
    "MIGRATE",
    "START",
    "Engine",
    "Outcome",
    "Workflow",
    "apply_event",
    "commit",
    "fire",
    "full_validation",
    "preview",
    "replay",
    "resume",
    "start",
]

#: The trigger of every workflow's first event; its payload is the initial data.
START = "start"
#: The trigger of the event that moves a workflow to another version of its definition; its
#: payload (:class:`~pedcommunity.workflows.migration.MigrationRecord`) holds the new data.
MIGRATE = "migrate"


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
            >>> plc.allowed()
            ('join', 'leave', 'hold_meeting', 'agree', 'open_topic_list', 'disband')
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


def _check_actor(actor: object) -> None:
    if not is_id(actor):
        raise InvalidData(
            "the actor is an id of 1-128 letters, digits and '_.:@/-' starting with a letter "
            f"or digit, got {shown(actor)}",
            path="$.actor",
        )


#: Times after this year are refused: due dates a year or more ahead must stay representable.
LAST_YEAR = 9000


def _check_at(at: object) -> None:
    if not is_aware(at):
        raise InvalidData(
            "the time is a timezone-aware datetime (datetime(..., tzinfo=timezone.utc)), got "
            f"{shown(at)}",
            path="$.at",
        )
    assert isinstance(at, datetime)
    if at.year > LAST_YEAR:
        raise InvalidData(f"the time is after the year {LAST_YEAR}: {at.isoformat()}", path="$.at")


def _roles(policy: AccessPolicy, workflow: Workflow, actor: str) -> frozenset[str]:
    if policy is DATA_ROLES:
        # The library's own policy, called directly (what DataRoles.roles does).
        roles_of = workflow.definition.roles_of
        roles: Any = frozenset() if roles_of is None else frozenset(roles_of(workflow.data, actor))
    else:
        # The policy is the host's code: check what it gives before trusting it. (What
        # isinstance(policy, AccessPolicy) checks, without a runtime Protocol's slow isinstance.)
        if not callable(getattr(policy, "roles", None)):
            raise InvalidData(
                "an access policy has a roles(definition, workflow_id, data, actor) method, got "
                f"{shown(policy)}",
                path="$.policy",
            )
        roles = policy.roles(workflow.definition, workflow.id, workflow.data, actor)
    # A custom definition's roles_of is the host's code too: its role names are checked alike.
    if type(roles) is frozenset and all(type(r) is str for r in roles):
        return roles
    if not isinstance(roles, frozenset | set | tuple | list) or not all(
        isinstance(r, str) for r in roles
    ):
        raise InvalidData(
            f"an access policy's roles() returns a set of role names, got {shown(roles)}",
            path="$.policy",
        )
    return frozenset(roles)


def _check_trigger(trigger: object) -> None:
    if not is_id(trigger):
        raise InvalidData(
            f"a trigger is named by an id string, got {shown(trigger)}", path="$.trigger"
        )


def _payload(
    definition: WorkflowDefinition, trigger: str, payload: Any, fields: dict[str, Any]
) -> Any:
    spec = definition._trigger_index[trigger]
    if not fields and payload is not None and type(payload) is spec.payload:
        return payload  # the common case, first: an instance, already checked when built
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
    except RecursionError:
        raise InvalidData(
            f"bad payload for '{trigger}': a value is nested too deep", path="$.payload"
        ) from None
    except (TypeError, ValueError, OverflowError) as exc:
        names = [a.name for a in attrs.fields(spec.payload)]
        problem, field = _field_problem(exc, names)
        raise InvalidData(
            f"bad payload for '{trigger}': {problem}; {spec.payload.__name__} takes: "
            f"{', '.join(names)}",
            path="$.payload" if field is None else f"$.payload.{field}",
        ) from None


def _field_problem(exc: Exception, names: Sequence[str]) -> tuple[str, str | None]:
    """The readable problem in a validator's error, and the field it names, if any."""
    # attrs' instance_of raises TypeError(message, attribute, expected, value).
    if len(exc.args) > 1 and isinstance(exc.args[1], attrs.Attribute):
        return str(exc.args[0]), exc.args[1].name
    text = str(exc)
    # The library's validators start with the field's name ("reason must be ...").
    head = text.split(" ", 1)[0].rstrip(":")
    return text, head if head in names else None


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
    _check_at(at)
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


def _dispatch(
    definition: WorkflowDefinition, state: str, trigger: str, context: Context[Any]
) -> tuple[str, Effect | None]:
    """The target and effect of the first transition whose guards all pass (as ``transitions``).

    The definition's compiled table lists the transitions in the order the ``transitions``
    machine tries them; the first refusal is kept, since it explains best why when every
    alternative fails.
    """
    refusal: tuple[str, str] | None = None
    try:
        for _spec, target, guards, effect in definition._dispatch[state, trigger]:
            for name, guard in guards:
                reason = guard(context)
                if reason is not None:
                    if refusal is None:
                        refusal = (name, reason)
                    break
            else:
                return target, effect
    except OverflowError:
        raise _past_the_calendar(trigger) from None
    name, reason = refusal or ("?", "no transition matched")
    raise GuardFailed(trigger=trigger, state=state, guard=name, reason=reason)


def _past_the_calendar(trigger: str) -> InvalidData:
    # A guard's date arithmetic past datetime's range: the call's numbers are too large.
    return InvalidData(f"'{trigger}' reaches a date past the calendar's range", path="$.payload")


def _apply_effect(effect: Effect, trigger: str, context: Context[Any]) -> Any:
    try:
        return effect(context)
    except (TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, PedcommunityError):
            raise
        # A payload class's validators should have refused this; the effect's own check is
        # the last line, and the workflow is untouched since effects return new data.
        raise InvalidData(
            f"'{trigger}' cannot apply this payload: {exc}", path="$.payload"
        ) from None


def _reference_outcome(
    workflow: Workflow, context: Context[Any], on_behalf_of: tuple[str, ...]
) -> Outcome:
    """The reference path (under :func:`full_validation`): fired through ``transitions``.

    The definition's shared ``transitions.Machine`` picks the transition on a throwaway
    cursor, the effect runs with whole-record validation, and the event is built through its
    validators: the semantics the compiled table must match.
    """
    definition = workflow.definition
    trigger, state = context.trigger, context.state
    cursor = Cursor(state, context)
    try:
        accepted = definition.machine.events[trigger].trigger(cursor)
    except OverflowError:
        raise _past_the_calendar(trigger) from None
    if not accepted or cursor.matched is None:
        guard, reason = cursor.refusal or ("?", "no transition matched")
        raise GuardFailed(trigger=trigger, state=state, guard=guard, reason=reason)
    spec = cursor.matched
    data = workflow.data
    if spec.effect is not None:
        data = _apply_effect(definition.effects[spec.effect], trigger, context)
    event = DomainEvent(
        workflow_id=workflow.id,
        definition=definition.key,
        sequence=workflow.version + 1,
        trigger=trigger,
        actor=context.actor,
        at=context.at,
        source=state,
        target=cursor.state,
        payload=context.payload,
        on_behalf_of=on_behalf_of,
    )
    return Outcome(state=cursor.state, data=data, event=event)


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
    _check_at(at)
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


def check_migration_target(
    workflow: Workflow,
    definition: WorkflowDefinition,
    *,
    state: str,
    data: Any,
    payload: Any,
    actor: str,
    at: datetime,
) -> DomainEvent:
    """The ``migrate`` event moving ``workflow`` to ``definition`` in ``state`` with ``data``.

    Checked, not applied: see :func:`pedcommunity.workflows.migration.migrate`.
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"a migration moves to a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    current = workflow.definition
    if definition.name != current.name or definition.key == current.key:
        raise InvalidData(
            f"{current.key} migrates to another version of '{current.name}', not to "
            f"{definition.key}",
            path="$.definition",
        )
    if not isinstance(state, str) or state not in definition._state_index:
        raise InvalidData(
            f"{shown(state)} is not a state of {definition.key}; its states: "
            f"{', '.join(definition.state_names)}",
            path="$.state",
        )
    if definition.data_type is not None and not isinstance(data, definition.data_type):
        raise InvalidData(
            f"{definition.key} runs on {definition.data_type.__name__}, got {type(data).__name__}",
            path="$.data",
        )
    _check_actor(actor)
    _check_at(at)
    last = workflow.last_at
    if last is not None and at < last:
        raise InvalidData(
            f"time runs backwards: {at.isoformat()} is before the last event at {last.isoformat()}",
            path="$.at",
        )
    return DomainEvent(
        workflow_id=workflow.id,
        definition=definition.key,
        sequence=workflow.version + 1,
        trigger=MIGRATE,
        actor=actor,
        at=at,
        source=workflow.state,
        target=state,
        payload=payload,
    )


def _apply_migration(
    workflow: Workflow, event: DomainEvent, definitions: DefinitionRegistry | None, i: int
) -> DomainEvent:
    """Apply a stored ``migrate`` event: it names the new version and holds the new data."""
    if definitions is None:
        raise InvalidData(
            f"event {i + 1} moves the workflow to {event.definition}; replay it with the "
            "definitions of every version (definitions=registry)",
            path=f"$.events[{i}]",
        )
    name, _, version = event.definition.rpartition("@")
    try:
        definition = definitions.get(name, version)
    except UnknownDefinition as exc:
        raise InvalidData(str(exc), path=f"$.events[{i}].definition") from None
    payload = event.payload
    record_from = getattr(payload, "from_definition", None)
    if record_from != workflow.definition.key or not hasattr(payload, "data"):
        raise InvalidData(
            f"a migrate event records the version it leaves ({workflow.definition.key}) "
            "and the new data",
            path=f"$.events[{i}].payload",
        )
    if event.source != workflow.state:
        raise InvalidData(
            f"the log says {_shown(event.source)}, but the workflow is in {_shown(workflow.state)}",
            path=f"$.events[{i}].source",
        )
    try:
        made = check_migration_target(
            workflow,
            definition,
            state=event.target,
            data=payload.data,
            payload=payload,
            actor=event.actor,
            at=event.at,
        )
    except InvalidData as exc:
        raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
    if made.on_behalf_of != event.on_behalf_of:
        raise InvalidData("a migrate event is made by its actor alone", path=f"$.events[{i}]")
    _set(workflow, "definition", definition)
    _set(workflow, "state", event.target)
    _set(workflow, "data", payload.data)
    workflow.events.append(event)
    return event


def replay(
    definition: WorkflowDefinition,
    events: Iterable[DomainEvent],
    *,
    definitions: DefinitionRegistry | None = None,
) -> Workflow:
    """Rebuild a workflow by re-applying its events from the ``start`` event on.

    Every event is fired again with its own actor and time, through the same guards, and what
    the definition produces must be exactly the stored event (its source and target states,
    its time order, whom it was for), so a log that the definition would not accept, or that
    was edited, is refused rather than silently loaded or rewritten.

    Permissions are not checked again: the log records who acted under the host's policy of
    its time, and a log must read back wherever it is loaded (permissions are checked when a
    trigger is fired).

    Raises:
        InvalidData: the log is empty, does not begin with ``start``, is out of sequence, or an
            event differs from what the definition produces (``path`` names the event and
            field, e.g. ``$.events[3].target``).
        WorkflowError: an event is refused by the definition (the log does not fit it).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> replay(PLC_CYCLE, plc.events) == plc
        True
        >>> edited = [plc.events[0], attrs.evolve(plc.events[1], target="closed")]
        >>> replay(PLC_CYCLE, edited)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.events[1].target: the log says 'closed', but \
the definition makes 'forming'
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"replay takes a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    try:
        items: Sequence[DomainEvent] = list(events)
    except TypeError:
        raise InvalidData("an event log is a sequence of DomainEvents", path="$.events") from None
    for i, item in enumerate(items):
        if not isinstance(item, DomainEvent):
            raise InvalidData(
                f"an event log holds DomainEvents, got {type(item).__name__}",
                path=f"$.events[{i}]",
            )
    if not items or items[0].trigger != START:
        raise InvalidData("an event log must begin with a 'start' event", path="$.events[0]")
    first = items[0]
    if first.definition != definition.key:
        raise InvalidData(
            f"the log was written under {first.definition}, not {definition.key}; "
            "replay it with that definition",
            path="$.events[0].definition",
        )
    if first.sequence != 1 or first.source != definition.initial or first.target != first.source:
        raise InvalidData(
            f"a start event is event 1 and stays in '{definition.initial}'",
            path="$.events[0]",
        )
    if first.on_behalf_of:
        raise InvalidData("a start event is made by its actor alone", path="$.events[0]")
    workflow = start(
        definition, first.payload, id=first.workflow_id, actor=first.actor, at=first.at
    )
    for event in items[1:]:
        apply_event(workflow, event, definitions=definitions)
    return workflow


def apply_event(
    workflow: Workflow,
    event: DomainEvent,
    *,
    definitions: DefinitionRegistry | None = None,
) -> DomainEvent:
    """Apply one stored event to a workflow being rebuilt, with every check :func:`replay` makes.

    :func:`replay` is ``start`` from the first event, then this for each of the others; a
    reader that wants the workflow after each event (monitoring's snapshots, a simulation
    resuming a stored run) calls it step by step. The event must be the next one
    (``event.sequence == workflow.version + 1``) of this workflow and definition; it is fired
    again with its own actor, time and payload through the same guards, without permissions
    (see :func:`replay`), and what the definition makes must be exactly the stored event.
    Each event is checked once, in O(its size) plus its guards and effect.

    Raises:
        InvalidData: the event is out of place or differs from what the definition makes
            (``path`` names ``$.events[i]`` and the field, ``i`` being the workflow's
            version).
        WorkflowError: the definition refuses the event.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> copy = replay(PLC_CYCLE, plc.events[:1])
        >>> apply_event(copy, plc.events[1]).trigger, copy == plc
        ('join', True)
    """
    if not isinstance(workflow, Workflow) or not workflow.version:
        raise InvalidData("apply_event takes a started Workflow", path="$.workflow")
    if not isinstance(event, DomainEvent):
        raise InvalidData(
            f"an event log holds DomainEvents, got {type(event).__name__}",
            path=f"$.events[{workflow.version}]",
        )
    definition = workflow.definition
    i = workflow.version
    migrating = event.trigger == MIGRATE and event.definition != definition.key
    if (
        event.sequence != i + 1
        or event.workflow_id != workflow.id
        or (event.definition != definition.key and not migrating)
    ):
        raise InvalidData(
            f"event {event.sequence} of '{event.workflow_id}' ({event.definition}) is out "
            f"of place; expected event {i + 1} of '{workflow.id}' ({definition.key})",
            path=f"$.events[{i}]",
        )
    if event.trigger == START:
        raise InvalidData("only the first event is a 'start'", path=f"$.events[{i}].trigger")
    if event.trigger == MIGRATE:
        return _apply_migration(workflow, event, definitions, i)
    try:
        outcome = _preview(
            workflow,
            event.trigger,
            event.payload,
            actor=event.actor,
            at=event.at,
            expected_version=None,
            policy=None,
            fields={},
        )
    except InvalidData as exc:
        raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
    rebuilt = outcome.event
    for field in ("source", "target", "on_behalf_of"):
        stored, made = getattr(event, field), getattr(rebuilt, field)
        if stored != made:
            raise InvalidData(
                f"the log says {_shown(stored)}, but the definition makes {_shown(made)}",
                path=f"$.events[{i}].{field}",
            )
    if _FULL_VALIDATION.get():
        return commit(workflow, outcome)  # the reference path checks it as a caller's outcome
    # The outcome was just made for this workflow, as in fire: set it without re-checking.
    _set(workflow, "state", outcome.state)
    _set(workflow, "data", outcome.data)
    workflow.events.append(rebuilt)
    return rebuilt


def resume(
    definition: WorkflowDefinition,
    *,
    id: str,
    state: str,
    data: Any,
    version: int,
    at: datetime,
) -> Workflow:
    """A workflow as a snapshot keeps it: its state and data after its first ``version`` events.

    The events themselves are not held (``base_version`` counts them); the workflow fires and
    takes :func:`apply_event` as a whole one does, numbering its next event ``version + 1``
    and refusing a time before ``at``, when its last event happened. A store loads a long
    workflow this way, from its latest snapshot and the events after it, instead of replaying
    its whole history.

    Raises:
        InvalidData: ``state`` is not a state of ``definition``, ``data`` is not its data type,
            ``version`` is not a whole number from 1, or ``at`` has no time zone.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> copy = resume(PLC_CYCLE, id="p", state=plc.state, data=plc.data, version=2, at=at)
        >>> fire(copy, "join", actor="t2", at=at, teacher_id="t2").sequence, copy.version
        (3, 3)
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"resume takes a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    if not is_id(id):
        raise InvalidData(f"a workflow id is an id, got {shown(id)}", path="$.id")
    if not isinstance(state, str) or state not in definition._state_index:
        raise InvalidData(
            f"{shown(state)} is not a state of {definition.key}; its states: "
            f"{', '.join(definition.state_names)}",
            path="$.state",
        )
    if definition.data_type is not None and not isinstance(data, definition.data_type):
        raise InvalidData(
            f"{definition.key} runs on {definition.data_type.__name__}, got {type(data).__name__}",
            path="$.data",
        )
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_WHOLE:
        raise InvalidData(
            f"version is a whole number from 1 to 2**53 - 1, got {shown(version)}",
            path="$.version",
        )
    _check_at(at)
    return Workflow(
        id=id,
        definition=definition,
        state=state,
        data=data,
        events=[],
        base_version=version,
        base_at=at,
    )


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(f"'{v}'" for v in value) + ")" if value else "nobody"
    return f"'{value}'"


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
