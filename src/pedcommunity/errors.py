"""The one error hierarchy of pedcommunity.

Every refused operation raises a subclass of :class:`PedcommunityError`. Each error says what
was wrong and what would have been allowed, and carries the facts as attributes so an
application can react without parsing the message. A refused operation never changes state.

Examples:
    >>> from pedcommunity.errors import InvalidTrigger, PedcommunityError
    >>> err = InvalidTrigger(trigger="close_audit", state="forming", allowed=("join", "leave"))
    >>> isinstance(err, PedcommunityError)
    True
    >>> print(err)
    Cannot 'close_audit' while in 'forming'; allowed now: 'join', 'leave'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "ConcurrentUpdate",
    "DefinitionError",
    "DuplicateId",
    "GuardFailed",
    "InvalidData",
    "InvalidTrigger",
    "PedcommunityError",
    "UnknownDefinition",
    "UnknownId",
    "WorkflowError",
]


def _quote_all(names: Iterable[str]) -> str:
    quoted = ", ".join(f"'{n}'" for n in names)
    return quoted or "none"


class PedcommunityError(Exception):
    """The base of every error this library raises on purpose."""


class WorkflowError(PedcommunityError):
    """A workflow refused a trigger or could not be built."""


class InvalidTrigger(WorkflowError):
    """The trigger does not exist in the workflow's current state.

    Attributes:
        trigger: the trigger that was fired.
        state: the state the workflow was in (and still is).
        allowed: the triggers that the current state accepts.
    """

    def __init__(self, *, trigger: str, state: str, allowed: Sequence[str]) -> None:
        self.trigger = trigger
        self.state = state
        self.allowed = tuple(allowed)
        super().__init__(
            f"Cannot '{trigger}' while in '{state}'; allowed now: {_quote_all(self.allowed)}."
        )


class GuardFailed(WorkflowError):
    """A trigger exists in this state, but a guard refused it.

    Attributes:
        trigger: the trigger that was fired.
        state: the state the workflow was in (and still is).
        guard: the name of the guard that refused.
        reason: what was wrong and what would be allowed, in plain words.
    """

    def __init__(self, *, trigger: str, state: str, guard: str, reason: str) -> None:
        self.trigger = trigger
        self.state = state
        self.guard = guard
        self.reason = reason
        super().__init__(f"Cannot '{trigger}' in '{state}': {reason} (guard '{guard}').")


class DefinitionError(WorkflowError):
    """A workflow definition is inconsistent (unknown state, unknown guard, duplicate name)."""


class UnknownDefinition(WorkflowError):
    """No workflow definition of that name and version is registered.

    Attributes:
        name: the definition name asked for.
        version: the version asked for.
        known: the ``name@version`` strings that are registered.
    """

    def __init__(self, *, name: str, version: str, known: Sequence[str]) -> None:
        self.name = name
        self.version = version
        self.known = tuple(known)
        super().__init__(
            f"No workflow definition '{name}' version '{version}'; "
            f"registered: {_quote_all(self.known)}."
        )


class InvalidData(PedcommunityError, ValueError):
    """Input data is malformed. ``path`` points at the bad field (``$.members[2].name``).

    Attributes:
        path: a JSONPath-like pointer to the offending field, ``$`` for the whole document.
        problem: what is wrong with the value.
    """

    def __init__(self, problem: str, *, path: str = "$") -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnknownId(PedcommunityError, KeyError):
    """An identifier does not name anything of the expected kind.

    Attributes:
        kind: what was looked up (``"teacher"``, ``"topic"``...).
        id: the identifier that was not found.
        known: a few identifiers that do exist, to help spot a typo.
    """

    def __init__(self, *, kind: str, id: str, known: Iterable[str] = ()) -> None:
        self.kind = kind
        self.id = id
        self.known = tuple(sorted(known))
        shown = self.known[:10]
        more = f" and {len(self.known) - 10} more" if len(self.known) > 10 else ""
        super().__init__(f"Unknown {kind} '{id}'; known: {_quote_all(shown)}{more}.")

    def __str__(self) -> str:
        # KeyError.__str__ would wrap the message in quotes.
        return str(self.args[0])


class DuplicateId(PedcommunityError, ValueError):
    """An identifier is used twice where it must be unique.

    Attributes:
        kind: what the id names (``"competency"``, ``"member"``...).
        id: the repeated id.
        field: the field that holds the repeat, when known.
    """

    def __init__(self, *, kind: str, id: str, field: str | None = None) -> None:
        self.kind = kind
        self.id = id
        self.field = field
        super().__init__(f"Duplicate {kind} '{id}': each {kind} id must be unique.")


class ConcurrentUpdate(PedcommunityError):
    """Someone else changed the object first (optimistic concurrency).

    Attributes:
        id: the object's id.
        expected: the version the caller read.
        actual: the version that is stored now.
    """

    def __init__(self, *, id: str, expected: int, actual: int) -> None:
        self.id = id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"'{id}' was changed concurrently: expected version {expected}, found {actual}; "
            "reload it and try again."
        )
