"""The engine's checks of what a caller passes: actor, time, trigger, payload, roles.

Each refuses with :class:`~pedcommunity.errors.InvalidData` naming the bad field (``$.actor``,
``$.at``, ``$.trigger``, ``$.payload``, ``$.policy``), before anything changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.model._fields import is_id
from pedcommunity.model.domain_events import is_aware
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.permissions import DATA_ROLES, AccessPolicy

if TYPE_CHECKING:
    from pedcommunity.workflows.engine import Workflow


def _check_actor(actor: object) -> None:
    if not is_id(actor):
        raise InvalidData(
            "the actor is an id of 1-128 letters, digits and '_.:@/-' starting with a letter "
            f"or digit, got {shown(actor)}",
            path="$.actor",
        )


#: Times after this year are refused: due dates a year or more ahead must stay representable.
LAST_YEAR = 9000


def _check_at(at: object) -> datetime:
    """``at``, checked, with its zone as a fixed UTC offset (``timezone(offset)``).

    A zone with daylight-saving rules (``ZoneInfo("Europe/Moscow")``) would make "seven
    days later" mean a wall-clock week in a live run but an absolute one after a JSON round
    trip (which keeps only the offset), and a replay would then disagree with the stored
    data. Every time the engine records is therefore kept with its offset at that instant.

    Examples:
        >>> from datetime import timedelta
        >>> odd = timezone(timedelta(hours=-5, seconds=-17))
        >>> _check_at(datetime(2025, 9, 1, 23, 30, tzinfo=odd)).isoformat()
        '2025-09-02T04:30:17+00:00'
    """
    if not is_aware(at):
        raise InvalidData(
            "the time is a timezone-aware datetime (datetime(..., tzinfo=timezone.utc)), got "
            f"{shown(at)}",
            path="$.at",
        )
    assert isinstance(at, datetime)
    if at.year > LAST_YEAR:
        raise InvalidData(f"the time is after the year {LAST_YEAR}: {at.isoformat()}", path="$.at")
    offset = at.utcoffset()
    assert offset is not None  # is_aware checked it
    if offset % timedelta(minutes=1):
        # RFC 3339 writes offsets in whole minutes, so the JSON contract keeps such a time in
        # UTC; recording it so from the start makes its day (a record's date) the same in a
        # live run and in a replay of the stored log.
        return at.astimezone(UTC)
    if type(at.tzinfo) is timezone:
        return at
    return at.astimezone(timezone(offset))


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
