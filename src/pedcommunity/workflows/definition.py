"""Workflow definitions as data: states, triggers, transitions, guards and effects by name.

A :class:`WorkflowDefinition` is declared once per kind of workflow (the PLC cycle, a
mentoring track...). Integrators derive their own with :meth:`WorkflowDefinition.extend`: add a
stage, a transition or a guard, or relabel a stage, without subclassing anything.

Guards and effects are plain functions that receive a :class:`Context`:

- a guard returns ``None`` when the trigger may go ahead, or a sentence saying what is wrong
  and what would be allowed;
- an effect returns the workflow's new data (a new frozen object; it must not mutate the old).

Examples:
    >>> from pedcommunity.i18n import Label
    >>> from pedcommunity.workflows import State, Transition, TriggerSpec, WorkflowDefinition
    >>> door = WorkflowDefinition(
    ...     name="door", version="1", label=Label(ru="Дверь", en="Door"),
    ...     states=[State("closed", Label(ru="Закрыта", en="Closed")),
    ...             State("open", Label(ru="Открыта", en="Open"))],
    ...     initial="closed",
    ...     triggers=[TriggerSpec("push", Label(ru="Толкнуть", en="Push")),
    ...               TriggerSpec("pull", Label(ru="Потянуть", en="Pull"))],
    ...     transitions=[Transition("push", source="closed", dest="open"),
    ...                  Transition("pull", source="open", dest="closed")],
    ... )
    >>> door.triggers_from("closed")
    ('push',)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DefinitionError, PedcommunityError
from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap, check_id, to_frozen_map, to_tuple
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission, RolesOf
from pedcommunity.workflows.registry import DefinitionRegistry

if TYPE_CHECKING:
    from transitions import Machine

__all__ = [
    "ANY_STATE",
    "Context",
    "DefinitionRegistry",
    "Effect",
    "Guard",
    "State",
    "Transition",
    "TriggerSpec",
    "WorkflowDefinition",
]

D = TypeVar("D")

#: A transition source that stands for every state that is not final.
ANY_STATE = "*"
#: Events the engine records itself: a workflow's ``start`` and a ``migrate`` to another
#: version. No definition may declare a trigger of these names.
RESERVED_TRIGGERS = frozenset({"start", "migrate"})


@attrs.frozen
class Context(Generic[D]):
    """What a guard or an effect sees: the data before the trigger, and the trigger's details."""

    workflow_id: str
    state: str
    data: D
    trigger: str
    payload: Any
    actor: str
    at: datetime


Guard = Callable[[Context[Any]], str | None]
"""A guard: ``None`` allows the trigger, a string says why it is refused."""

Effect = Callable[[Context[Any]], Any]
"""An effect: returns the workflow's new data for an accepted trigger."""

CompiledStep = tuple["Transition", str, tuple[tuple[str, Guard], ...], Effect | None]
"""One row of a definition's dispatch table: a transition, its target, its guards, its effect."""


@attrs.frozen
class State:
    """A stage of a workflow, with its Russian and English label.

    A ``final`` state accepts no trigger at all (a completed track never changes).
    """

    name: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    final: bool = False


@attrs.frozen
class TriggerSpec:
    """A trigger's name, label, and the attrs class of its payload (``None``: no payload)."""

    name: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    payload: type | None = None

    @classmethod
    def labelled(cls, name: str, ru: str, en: str, payload: type | None = None) -> TriggerSpec:
        """A trigger from its name, its Russian and English labels, and its payload class.

        Examples:
            >>> TriggerSpec.labelled("push", "Толкнуть", "Push").label.ru
            'Толкнуть'
        """
        return cls(name, Label(ru=ru, en=en), payload)


def _to_sources(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Transition:
    """A trigger that moves from ``source`` states to ``dest`` when all its guards allow it.

    ``dest=None`` makes an internal transition: the data changes, the stage does not.
    ``source`` may be a state name, several, or :data:`ANY_STATE` (every non-final state).
    When several transitions share a trigger and a source, the first whose guards pass wins.
    """

    trigger: str = attrs.field(validator=check_id)
    source: tuple[str, ...] = attrs.field(converter=_to_sources)
    dest: str | None = None
    guards: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    effect: str | None = None


@attrs.frozen(eq=False)
class WorkflowDefinition:
    """One kind of workflow, declared as data and validated on construction.

    Its ``transitions`` state machine is built once, on first use, and shared by every
    instance of this definition: instances are plain data and cost almost nothing.

    Who may fire each trigger is part of the definition: ``roles`` names the roles it knows
    (with their Russian and English labels), ``roles_of(data, actor)`` reads the roles an
    actor holds from a workflow's data, and ``permissions`` maps every trigger to a
    :class:`~pedcommunity.workflows.permissions.Permission`. A definition that declares
    permissions must declare one for every trigger, so a trigger added by :meth:`extend` says
    who may fire it; a definition with no permissions at all (a toy, a test) is open to anyone.

    Raises:
        DefinitionError: when a transition names an unknown state, trigger, guard or effect,
            a name is declared twice, or a permission is missing or names an unknown role.
    """

    name: str = attrs.field(validator=check_id)
    version: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    states: tuple[State, ...] = attrs.field(converter=to_tuple)
    initial: str = attrs.field(validator=check_id)
    triggers: tuple[TriggerSpec, ...] = attrs.field(converter=to_tuple)
    transitions: tuple[Transition, ...] = attrs.field(converter=to_tuple)
    guards: FrozenMap[str, Guard] = attrs.field(factory=FrozenMap, converter=to_frozen_map)
    effects: FrozenMap[str, Effect] = attrs.field(factory=FrozenMap, converter=to_frozen_map)
    data_type: type | None = None
    based_on: str | None = None
    roles: FrozenMap[str, Label] = attrs.field(factory=FrozenMap, converter=to_frozen_map)
    roles_of: RolesOf | None = None
    permissions: FrozenMap[str, Permission] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map
    )

    def __attrs_post_init__(self) -> None:
        self._validate()

    @property
    def key(self) -> str:
        """``name@version``, the identity recorded in every instance and event."""
        return self._key

    # -- queries --------------------------------------------------------------------------------

    def state(self, name: str) -> State:
        """The :class:`State` called ``name``."""
        try:
            return self._state_index[name]
        except KeyError:
            raise DefinitionError(
                f"{self.key} has no state '{name}'; states: {', '.join(self.state_names)}"
            ) from None

    def trigger(self, name: str) -> TriggerSpec:
        """The :class:`TriggerSpec` called ``name``."""
        try:
            return self._trigger_index[name]
        except KeyError:
            raise DefinitionError(
                f"{self.key} has no trigger '{name}'; triggers: "
                f"{', '.join(t.name for t in self.triggers)}"
            ) from None

    @property
    def state_names(self) -> tuple[str, ...]:
        """The states in declaration order."""
        return tuple(self._state_index)

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """The triggers a workflow in ``state`` accepts (before guards), in declaration order."""
        return self._allowed.get(state, ())

    def transitions_for(self, state: str, trigger: str) -> tuple[Transition, ...]:
        """The transitions ``trigger`` may take from ``state``, in the order they are tried."""
        return self._by_state_trigger.get((state, trigger), ())

    # -- the shared machine ---------------------------------------------------------------------

    @functools.cached_property
    def machine(self) -> Machine:
        """The one ``transitions.Machine`` of this definition, built on first use.

        Instances are never added to it: the engine fires its events on a short-lived cursor,
        so the machine keeps no reference to any workflow (see
        :mod:`pedcommunity.workflows.engine`).
        """
        # _machine imports this module; importing it here breaks the cycle.
        from pedcommunity.workflows._machine import build_machine  # noqa: PLC0415

        return build_machine(self)

    # -- deriving new definitions --------------------------------------------------------------

    def extend(
        self,
        *,
        name: str,
        version: str,
        label: Label | None = None,
        states: Iterable[State] = (),
        triggers: Iterable[TriggerSpec] = (),
        transitions: Iterable[Transition] = (),
        guards: Mapping[str, Guard] | None = None,
        effects: Mapping[str, Effect] | None = None,
        add_guards: Mapping[str, Iterable[str]] | None = None,
        relabel: Mapping[str, Label] | None = None,
        remove_transitions: Iterable[tuple[str, str]] = (),
        roles: Mapping[str, Label] | None = None,
        roles_of: RolesOf | None = None,
        permissions: Mapping[str, Permission] | None = None,
        grant: Mapping[str, Iterable[str]] | None = None,
    ) -> WorkflowDefinition:
        """Derive a new definition from this one; this one is left as it is.

        A derived definition needs its own ``name`` and ``version``, so that stored instances
        and events always say which rules they ran under.

        Args:
            name: the new definition's name.
            version: the new definition's version.
            label: a new label for the workflow kind.
            states: stages to add.
            triggers: triggers to add.
            transitions: transitions to add (tried after the existing ones of the same trigger).
            guards: named guard functions to add (or replace).
            effects: named effect functions to add (or replace).
            add_guards: trigger name to extra guard names, appended to every transition of it.
            relabel: state or trigger name to its new label.
            remove_transitions: ``(trigger, source)`` pairs whose transitions are dropped.
            roles: roles to add, with their labels (a role a host policy gives, for example).
            roles_of: a new role resolver (replaces this definition's).
            permissions: trigger name to its :class:`Permission` (added, or replacing one).
            grant: trigger name to roles added to those that may fire it.

        Examples:
            >>> from pedcommunity.workflows import PLC_CYCLE
            >>> strict = PLC_CYCLE.extend(
            ...     name="plc_cycle_strict", version="1",
            ...     guards={"two_topics": lambda ctx: None if len(ctx.data.topics) >= 2
            ...             else "list at least two topics before voting"},
            ...     add_guards={"open_vote": ["two_topics"]})
            >>> strict.key, strict.based_on
            ('plc_cycle_strict@1', 'plc_cycle@2')

            A head of methodology (a role the host's policy gives) may also choose the topic:

            >>> wider = PLC_CYCLE.extend(
            ...     name="plc_cycle_school_95", version="1",
            ...     roles={"methodologist": Label(ru="методист", en="methodologist")},
            ...     grant={"choose_topic": ["methodologist"]})
            >>> sorted(wider.permissions["choose_topic"].roles)
            ['facilitator', 'leader', 'methodologist']
        """
        relabel = dict(relabel or {})
        new_states = [
            attrs.evolve(s, label=relabel.pop(s.name)) if s.name in relabel else s
            for s in (*self.states, *states)
        ]
        new_triggers = [
            attrs.evolve(t, label=relabel.pop(t.name)) if t.name in relabel else t
            for t in (*self.triggers, *triggers)
        ]
        if relabel:
            raise DefinitionError(
                f"cannot relabel unknown states or triggers: {', '.join(sorted(relabel))}"
            )
        removed = set(remove_transitions)
        extra = {k: tuple(v) for k, v in (add_guards or {}).items()}
        unknown_triggers = set(extra) - {t.name for t in new_triggers}
        if unknown_triggers:
            raise DefinitionError(
                f"add_guards names unknown triggers: {', '.join(sorted(unknown_triggers))}"
            )
        new_transitions = []
        for tr in (*self.transitions, *transitions):
            if any((tr.trigger, src) in removed for src in tr.source):
                continue
            more = extra.get(tr.trigger, ())
            new_transitions.append(attrs.evolve(tr, guards=tr.guards + more) if more else tr)
        new_permissions = {**self.permissions, **(permissions or {})}
        for trigger, extra_roles in (grant or {}).items():
            if trigger not in new_permissions:
                raise DefinitionError(
                    f"grant names trigger '{trigger}', which has no permission to widen; "
                    "pass permissions={...} for it instead"
                )
            try:
                new_permissions[trigger] = new_permissions[trigger].granted(extra_roles)
            except PedcommunityError as exc:
                raise DefinitionError(f"grant for '{trigger}': {exc}") from None
        return WorkflowDefinition(
            name=name,
            version=version,
            label=label or self.label,
            states=new_states,
            initial=self.initial,
            triggers=new_triggers,
            transitions=new_transitions,
            guards={**self.guards, **(guards or {})},
            effects={**self.effects, **(effects or {})},
            data_type=self.data_type,
            based_on=self.key,
            roles={**self.roles, **(roles or {})},
            roles_of=roles_of or self.roles_of,
            permissions=new_permissions,
        )

    # -- validation -----------------------------------------------------------------------------

    def _validate(self) -> None:
        object.__setattr__(self, "_key", f"{self.name}@{self.version}")
        if not self.states:
            raise DefinitionError(f"{self.key} declares no states")
        state_index: dict[str, State] = {}
        for s in self.states:
            if s.name in state_index:
                raise DefinitionError(f"{self.key} declares state '{s.name}' twice")
            if s.name == ANY_STATE:
                raise DefinitionError(f"'{ANY_STATE}' is reserved for 'any state'")
            state_index[s.name] = s
        trigger_index: dict[str, TriggerSpec] = {}
        for t in self.triggers:
            if t.name in trigger_index:
                raise DefinitionError(f"{self.key} declares trigger '{t.name}' twice")
            if t.name in RESERVED_TRIGGERS:
                raise DefinitionError(
                    f"{self.key}: '{t.name}' is the engine's own event (reserved: "
                    f"{', '.join(sorted(RESERVED_TRIGGERS))}); name the trigger otherwise"
                )
            trigger_index[t.name] = t
        if self.initial not in state_index:
            raise DefinitionError(f"{self.key}: initial state '{self.initial}' is not declared")
        if state_index[self.initial].final:
            raise DefinitionError(f"{self.key}: the initial state cannot be final")
        live = tuple(s.name for s in self.states if not s.final)
        by_state_trigger: dict[tuple[str, str], list[Transition]] = {}
        for tr in self.transitions:
            where = f"{self.key}: transition '{tr.trigger}'"
            if tr.trigger not in trigger_index:
                raise DefinitionError(f"{where} has no TriggerSpec; declare it in triggers")
            sources = live if ANY_STATE in tr.source else tr.source
            for src in sources:
                if src not in state_index:
                    raise DefinitionError(f"{where} starts from unknown state '{src}'")
                if state_index[src].final:
                    raise DefinitionError(f"{where} leaves final state '{src}'")
                by_state_trigger.setdefault((src, tr.trigger), []).append(tr)
            if tr.dest is not None and tr.dest not in state_index:
                raise DefinitionError(f"{where} goes to unknown state '{tr.dest}'")
            for g in tr.guards:
                if g not in self.guards:
                    raise DefinitionError(
                        f"{where} names guard '{g}', which is not among the definition's guards"
                    )
            if tr.effect is not None and tr.effect not in self.effects:
                raise DefinitionError(f"{where} names unknown effect '{tr.effect}'")
        self._validate_permissions(trigger_index)
        order = {t.name: i for i, t in enumerate(self.triggers)}
        allowed: dict[str, list[str]] = {}
        for src, trig in by_state_trigger:
            allowed.setdefault(src, []).append(trig)
        # Frozen attrs classes refuse normal assignment; these caches are derived, not state.
        object.__setattr__(self, "_state_index", state_index)
        object.__setattr__(self, "_trigger_index", trigger_index)
        object.__setattr__(
            self, "_by_state_trigger", {k: tuple(v) for k, v in by_state_trigger.items()}
        )
        # The dispatch table the engine fires through: per (state, trigger), the transitions
        # in the order ``transitions`` tries them, each with its target state and its guard
        # and effect functions looked up once here rather than on every trigger. The shared
        # ``machine`` stays the reference semantics (a property test compares the two).
        object.__setattr__(
            self,
            "_dispatch",
            {
                (src, trig): tuple(
                    (
                        tr,
                        src if tr.dest is None else tr.dest,
                        tuple((g, self.guards[g]) for g in tr.guards),
                        None if tr.effect is None else self.effects[tr.effect],
                    )
                    for tr in trs
                )
                for (src, trig), trs in by_state_trigger.items()
            },
        )
        object.__setattr__(
            self,
            "_allowed",
            {s: tuple(sorted(ts, key=order.__getitem__)) for s, ts in allowed.items()},
        )

    def _validate_permissions(self, trigger_index: Mapping[str, TriggerSpec]) -> None:
        for role, label in self.roles.items():
            if not isinstance(role, str) or role == ANYONE or not isinstance(label, Label):
                raise DefinitionError(
                    f"{self.key}: roles maps role names (not '{ANYONE}') to Labels; "
                    f"got {shown(role)}: {shown(label)}"
                )
        if not self.permissions:
            return
        known = {*self.roles, ANYONE}
        for trigger, permission in self.permissions.items():
            if trigger not in trigger_index:
                raise DefinitionError(f"{self.key}: a permission names unknown trigger '{trigger}'")
            if not isinstance(permission, Permission):
                raise DefinitionError(
                    f"{self.key}: the permission of '{trigger}' is not a Permission"
                )
            unknown = sorted((permission.roles | permission.for_others) - known)
            if unknown:
                raise DefinitionError(
                    f"{self.key}: the permission of '{trigger}' names undeclared roles "
                    f"{', '.join(unknown)}; declare them in roles "
                    f"(known: {', '.join(sorted(known))})"
                )
            if permission.subject is not None:
                spec = trigger_index[trigger]
                head = permission.subject.split(".")[0]
                names = {a.name for a in attrs.fields(spec.payload)} if spec.payload else set()
                if head not in names:
                    raise DefinitionError(
                        f"{self.key}: the permission of '{trigger}' reads subject "
                        f"'{permission.subject}', which its payload does not have"
                    )
        missing = [t for t in trigger_index if t not in self.permissions]
        if missing:
            raise DefinitionError(
                f"{self.key}: triggers without a permission: {', '.join(missing)}; say who may "
                "fire each (permissions={name: Permission.of(...)})"
            )

    def role_label(self, role: str) -> Label:
        """The label of ``role``: the definition's own, else the standard one, else its name.

        Examples:
            >>> from pedcommunity.workflows import PLC_CYCLE
            >>> PLC_CYCLE.role_label("facilitator").ru
            'модератор (фасилитатор)'
        """
        return self.roles.get(role) or ROLE_LABELS.get(role) or Label(ru=role, en=role)

    _state_index: dict[str, State] = attrs.field(init=False, repr=False, eq=False)
    _trigger_index: dict[str, TriggerSpec] = attrs.field(init=False, repr=False, eq=False)
    _by_state_trigger: dict[tuple[str, str], tuple[Transition, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _allowed: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)
    _dispatch: dict[tuple[str, str], tuple[CompiledStep, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _key: str = attrs.field(init=False, repr=False, eq=False)

    def __repr__(self) -> str:
        return f"<WorkflowDefinition {self.key}: {len(self.states)} states>"
