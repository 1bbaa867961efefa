"""Which transition a trigger takes, on the compiled table and on the reference machine.

:func:`_dispatch` reads the definition's compiled table (the engine's fast path);
:func:`_reference_outcome` fires through the definition's shared ``transitions.Machine``
under :func:`~pedcommunity.workflows.full_validation` (the reference semantics the table must
match). :class:`Outcome` is what either computes: the new state and data, and the event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity.errors import GuardFailed, InvalidData, PedcommunityError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows._machine import Cursor
from pedcommunity.workflows.definition import Context, Effect, WorkflowDefinition

if TYPE_CHECKING:
    from pedcommunity.workflows.engine import Workflow


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
