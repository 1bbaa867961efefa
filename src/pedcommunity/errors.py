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

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

__all__ = [
    "ConcurrentUpdate",
    "DefinitionError",
    "DeliveryFailed",
    "DuplicateId",
    "GuardFailed",
    "InvalidData",
    "InvalidKey",
    "InvalidTrigger",
    "PedcommunityError",
    "PermissionDenied",
    "PluginError",
    "StoreError",
    "UnknownDefinition",
    "UnknownId",
    "WorkflowError",
]


def _quote_all(names: Iterable[str]) -> str:
    quoted = ", ".join(f"'{n}'" for n in names)
    return quoted or "none"


class PedcommunityError(Exception):
    """The base of every error this library raises on purpose.

    :meth:`summary` names the kind of refusal in Russian or English, for the first line a user
    reads (the CLI, a UI's toast); ``str(err)`` gives the details.

    Examples:
        >>> InvalidData("must be a whole number", path="$.capacity").summary("ru")
        'Неверные данные'
    """

    #: The kind of refusal in each language; every subclass names its own.
    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Операция отклонена",
        "en": "The operation was refused",
    }

    def summary(self, lang: str = "en") -> str:
        """The kind of refusal in ``lang`` (``"ru"`` or ``"en"``; anything else gives English).

        Examples:
            >>> GuardFailed(trigger="vote", state="choice", guard="g", reason="r").summary("en")
            'A rule of the process is not met'
        """
        return self.summaries.get(lang, self.summaries["en"])


class WorkflowError(PedcommunityError):
    """A workflow refused a trigger or could not be built."""

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Процесс отклонил действие",
        "en": "The workflow refused the step",
    }


class InvalidTrigger(WorkflowError):
    """The trigger does not exist in the workflow's current state.

    Attributes:
        trigger: the trigger that was fired.
        state: the state the workflow was in (and still is).
        allowed: the triggers that the current state accepts.
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Это действие недоступно на текущем этапе",
        "en": "This step is not available at this stage",
    }

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

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Правило процесса не выполнено",
        "en": "A rule of the process is not met",
    }

    def __init__(self, *, trigger: str, state: str, guard: str, reason: str) -> None:
        self.trigger = trigger
        self.state = state
        self.guard = guard
        self.reason = reason
        super().__init__(f"Cannot '{trigger}' in '{state}': {reason} (guard '{guard}').")


class PermissionDenied(WorkflowError):
    """The actor may not fire this trigger: they hold none of the roles it takes.

    Raised before any guard or effect runs, so nothing changes. Who may fire what is part of
    each workflow definition (its permissions); the roles an actor holds come from the
    workflow's data (its leader, members, jurors...) and from the host's policy.

    Attributes:
        trigger: the trigger that was fired.
        actor: who fired it.
        roles: the roles that may fire it (for themselves, or for anyone when ``for_others``).
        actor_roles: the roles the actor holds in this workflow.
        for_others: the roles that may fire it in someone else's name.
        subjects: whom the call was made for, when the trigger acts for someone
            (a vote, an audit answer) and the actor is not among them.

    Examples:
        >>> err = PermissionDenied(trigger="choose_topic", actor="parent",
        ...                        roles=("leader", "facilitator"))
        >>> print(err)  # doctest: +NORMALIZE_WHITESPACE
        'parent' may not 'choose_topic': it takes the roles 'leader' or 'facilitator';
        'parent' holds no role here.
        >>> err.summary("ru")
        'Нет прав на это действие'
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Нет прав на это действие",
        "en": "Not permitted",
    }

    def __init__(
        self,
        *,
        trigger: str,
        actor: str,
        roles: Iterable[str],
        actor_roles: Iterable[str] = (),
        for_others: Iterable[str] = (),
        subjects: Iterable[str] = (),
        note: str | None = None,
    ) -> None:
        self.trigger = trigger
        self.actor = actor
        self.roles = tuple(roles)
        self.actor_roles = tuple(sorted(actor_roles))
        self.for_others = tuple(for_others)
        self.subjects = tuple(subjects)
        held = (
            f"'{actor}' holds {_roles_phrase(self.actor_roles, 'and')}"
            if self.actor_roles
            else f"'{actor}' holds no role here"
        )
        if self.subjects:
            whom = ", ".join(f"'{s}'" for s in self.subjects)
            others = _roles_phrase(self.for_others, "or") if self.for_others else "no role"
            message = (
                f"'{actor}' may not '{trigger}' in the name of {whom}: each acts for themselves, "
                f"and acting for someone else takes {others}; {held}."
            )
        else:
            message = (
                f"'{actor}' may not '{trigger}': it takes {_roles_phrase(self.roles, 'or')}; "
                f"{held}."
            )
        super().__init__(message if note is None else f"{message} {note}")


def _roles_phrase(roles: Sequence[str], joiner: str) -> str:
    if not roles:
        return "no role"
    noun = "the role" if len(roles) == 1 else "the roles"
    quoted = [f"'{r}'" for r in roles]
    tail = quoted[-1] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {joiner} {quoted[-1]}"
    return f"{noun} {tail}"


class DefinitionError(WorkflowError):
    """A workflow definition is inconsistent (unknown state, unknown guard, duplicate name)."""

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Ошибка в определении процесса",
        "en": "The workflow definition is inconsistent",
    }


class UnknownDefinition(WorkflowError):
    """No workflow definition of that name and version is registered.

    Attributes:
        name: the definition name asked for.
        version: the version asked for.
        known: the ``name@version`` strings that are registered.
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Неизвестное определение процесса",
        "en": "Unknown workflow definition",
    }

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

    summaries: ClassVar[Mapping[str, str]] = {"ru": "Неверные данные", "en": "Invalid data"}

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
        total: how many exist, when ``known`` holds only some of them (a store's first ten).

    Examples:
        >>> print(UnknownId(kind="workflow", id="plc-59", known=["plc-95", "plc-1"], total=12))
        Unknown workflow 'plc-59'; known: 'plc-1', 'plc-95' and 10 more.
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Неизвестный идентификатор",
        "en": "Unknown identifier",
    }

    def __init__(
        self, *, kind: str, id: str, known: Iterable[str] = (), total: int | None = None
    ) -> None:
        self.kind = kind
        self.id = id
        self.known = tuple(sorted(known))
        shown = self.known[:10]
        count = len(self.known) if total is None else max(total, len(self.known))
        more = f" and {count - len(shown)} more" if count > len(shown) else ""
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

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Повторяющийся идентификатор",
        "en": "Duplicate identifier",
    }

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

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Данные изменены кем-то другим",
        "en": "Changed concurrently",
    }

    def __init__(self, *, id: str, expected: int, actual: int) -> None:
        self.id = id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"'{id}' was changed concurrently: expected version {expected}, found {actual}; "
            "reload it and try again."
        )


class StoreError(PedcommunityError):
    """The event store could not do what was asked.

    Its database failed or is busy past the timeout, is of a newer schema version, holds a
    row that does not read back, or the driver it needs is not installed. The message names
    the store and what went wrong; ``problem`` holds it without the store. A database error
    never escapes raw: the store raises this instead (the driver's error is its
    ``__cause__``). A refused commit writes nothing.

    Attributes:
        problem: what went wrong, in plain words.
        target: the store it happened in (a file path or a URL without its password), when
            known.

    Examples:
        >>> err = StoreError("the database is locked", target="plc.db")
        >>> print(err)
        plc.db: the database is locked
        >>> err.summary("ru")
        'Ошибка хранилища'
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Ошибка хранилища",
        "en": "The store failed",
    }

    def __init__(self, problem: str, *, target: str | None = None) -> None:
        self.problem = problem
        self.target = target
        super().__init__(f"{target}: {problem}" if target else problem)


class PluginError(PedcommunityError):
    """An installed plugin could not be loaded or gave something the library cannot use.

    Plugins add workflow definitions, matching criteria and stores through entry points
    (:mod:`pedcommunity.services.plugins`); a broken one is named with its distribution and
    entry point, so the user knows which package to fix or remove.

    Attributes:
        group: the entry point group (``pedcommunity.definitions``...).
        name: the entry point's name.
        problem: what went wrong.

    Examples:
        >>> err = PluginError(group="pedcommunity.stores", name="mongo", problem="not callable")
        >>> print(err)
        plugin pedcommunity.stores:mongo: not callable
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Ошибка расширения",
        "en": "A plugin failed",
    }

    def __init__(self, *, group: str, name: str, problem: str) -> None:
        self.group = group
        self.name = name
        self.problem = problem
        super().__init__(f"plugin {group}:{name}: {problem}")


class InvalidKey(PedcommunityError):
    """An API key was not accepted: missing, malformed, unknown, or revoked.

    The message says which and how to send one; it never names the tenant of a key that was
    not accepted, nor echoes the token (a key with a typo is still almost a secret). An HTTP
    service answers it with 401.

    Attributes:
        reason: ``"missing"``, ``"malformed"``, ``"unknown"`` or ``"revoked"``.
        detail: what was wrong, in plain words.
        key_id: the key's id when the token had one (an id names no tenant).

    Examples:
        >>> err = InvalidKey("revoked", "the API key 'a1b2c3d4e5f6' was revoked",
        ...                  key_id="a1b2c3d4e5f6")
        >>> print(err)  # doctest: +NORMALIZE_WHITESPACE
        the API key 'a1b2c3d4e5f6' was revoked; send 'Authorization: Bearer <key>' with a key
        made by 'pedcommunity keys create --tenant <tenant>'
        >>> err.summary("ru")
        'Нет доступа: ключ API не принят'
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Нет доступа: ключ API не принят",
        "en": "Access refused: the API key is not accepted",
    }

    #: The kinds of refusal, in the order a token is checked.
    REASONS: ClassVar[tuple[str, ...]] = ("missing", "malformed", "unknown", "revoked")

    #: What is allowed, said after every refusal.
    ALLOWED: ClassVar[str] = (
        "send 'Authorization: Bearer <key>' with a key made by "
        "'pedcommunity keys create --tenant <tenant>'"
    )

    def __init__(self, reason: str, detail: str, *, key_id: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.key_id = key_id
        super().__init__(f"{detail}; {self.ALLOWED}")


class DeliveryFailed(PedcommunityError):
    """An outside system (an xAPI LRS) did not accept what was sent to it.

    Raised by the senders in :mod:`pedcommunity.adapters` after their retries: the system
    refused the data (an HTTP 4xx, with its reply), kept failing (5xx, 429) or could not be
    reached. A 409 from an LRS means a statement id was reused with other content: a data
    bug, reported with the ids and never retried. What was not accepted is not acknowledged,
    so it is sent again on the next run.

    Attributes:
        problem: what went wrong, in plain words.
        target: where it was sent (an endpoint URL, without credentials).
        status: the HTTP status of the last answer, or ``None`` when none came.
        reply: the system's answer (its first 2,000 characters), or the connection error.
        ids: the ids of what was refused (statement ids), when known.

    Examples:
        >>> err = DeliveryFailed("the LRS refused the statements", target="http://lrs/xAPI",
        ...                      status=400, reply='{"detail": "bad verb"}', ids=("a1",))
        >>> print(err)  # doctest: +NORMALIZE_WHITESPACE
        http://lrs/xAPI: the LRS refused the statements (HTTP 400; ids: 'a1');
        the reply: {"detail": "bad verb"}
        >>> err.summary("ru")
        'Не удалось доставить данные'
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Не удалось доставить данные",
        "en": "The delivery failed",
    }

    def __init__(
        self,
        problem: str,
        *,
        target: str,
        status: int | None = None,
        reply: str = "",
        ids: Iterable[str] = (),
    ) -> None:
        self.problem = problem
        self.target = target
        self.status = status
        self.reply = reply[:2000]
        self.ids = tuple(ids)
        facts = [f"HTTP {status}"] if status is not None else []
        if self.ids:
            facts.append(f"ids: {_quote_all(self.ids[:10])}")
            if len(self.ids) > 10:
                facts[-1] += f" and {len(self.ids) - 10} more"
        message = f"{target}: {problem}"
        if facts:
            message += f" ({'; '.join(facts)})"
        if self.reply:
            message += f"; the reply: {self.reply}"
        super().__init__(message)
