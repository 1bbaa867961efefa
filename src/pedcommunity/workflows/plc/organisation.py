"""The PLC's organisation (seed 002): preparation, the director's order, facilitators, recognition.

Everything here joins ``plc_cycle@2``: :mod:`pedcommunity.workflows.plc.definition` adds
these triggers, transitions, guards, effects and permissions to the learning rules of version 2.
"""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.workflows.definition import Effect, Guard, Transition, TriggerSpec
from pedcommunity.workflows.permissions import Permission

#: The triggers of the organisation (all stages).
ORGANISATION_TRIGGERS: tuple[TriggerSpec, ...] = ()
#: Their transitions.
ORGANISATION_TRANSITIONS: tuple[Transition, ...] = ()
#: The guards they name, and those added to existing triggers.
ORGANISATION_GUARDS: Mapping[str, Guard] = {}
#: The effects they name.
ORGANISATION_EFFECTS: Mapping[str, Effect] = {}
#: Guard names appended to existing triggers (``hold_meeting``).
ORGANISATION_ADD_GUARDS: Mapping[str, tuple[str, ...]] = {}
#: Who may fire each of them.
ORGANISATION_PERMISSIONS: Mapping[str, Permission] = {}
