"""The bridge to ``transitions``: one machine per definition, fired on throwaway cursors.

``transitions`` mutates the models registered with a machine. Registering every workflow
would tie 100,000 instances to one machine (it keeps a list, compares models by equality, and
fails on slotted classes). Instead each trigger is fired on a :class:`Cursor`: a tiny object
holding the state and the trigger's context. ``transitions`` picks the transition, asks its
conditions (our guards) and moves the cursor; the engine then commits the result to the
workflow. Nothing here is public: the engine's API is the only way in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from transitions import EventData, Machine

from pedcommunity.workflows.definition import ANY_STATE, Context, Transition

if TYPE_CHECKING:
    from pedcommunity.workflows.definition import WorkflowDefinition


class Cursor:
    """The short-lived model ``transitions`` moves; the engine reads the outcome off it."""

    __slots__ = ("context", "matched", "refusal", "state")

    def __init__(self, state: str, context: Context[Any]) -> None:
        self.state = state
        self.context = context
        self.matched: Transition | None = None
        self.refusal: tuple[str, str] | None = None


def _condition(definition: WorkflowDefinition, spec: Transition) -> Callable[[EventData], bool]:
    guards = [(name, definition.guards[name]) for name in spec.guards]

    def check(event: EventData) -> bool:
        cursor = cast(Cursor, event.model)
        for name, guard in guards:
            reason = guard(cursor.context)
            if reason is not None:
                # Keep the first refusal: when every alternative fails, it explains best why.
                if cursor.refusal is None:
                    cursor.refusal = (name, reason)
                return False
        cursor.matched = spec
        return True

    return check


def build_machine(definition: WorkflowDefinition) -> Machine:
    """Build the shared machine for ``definition`` (no model is ever registered with it)."""
    live = [s.name for s in definition.states if not s.final]
    transitions = []
    for spec in definition.transitions:
        sources = live if ANY_STATE in spec.source else list(spec.source)
        transitions.append(
            {
                "trigger": spec.trigger,
                "source": sources,
                "dest": spec.dest,
                "conditions": [_condition(definition, spec)],
            }
        )
    return Machine(
        model=None,
        states=list(definition.state_names),
        transitions=transitions,
        initial=definition.initial,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
    )
