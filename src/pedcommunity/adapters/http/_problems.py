"""Errors as ``application/problem+json`` (RFC 9457): one status per kind of refusal.

Every refusal of the library keeps its type (``error``), its message (``detail``) and its
facts (``path``, ``allowed``, ``roles``, ``expected``/``actual``); ``title`` is the error's
summary in the language the client asked for (``Accept-Language``). The statuses:

=====  ============================================================================
401    :class:`~pedcommunity.errors.InvalidKey`: no key, or one not accepted
403    :class:`~pedcommunity.errors.PermissionDenied`: the acting user may not do that
404    :class:`~pedcommunity.errors.UnknownId`, ``UnknownDefinition``: nothing of that id
       for this tenant (another tenant's workflows are unknown, never forbidden)
409    ``InvalidTrigger``, ``GuardFailed``, ``ConcurrentUpdate``, ``DuplicateId``: the
       request is well formed but the workflow's state refuses it
422    :class:`~pedcommunity.errors.InvalidData`: a bad body, field, header or parameter
503    :class:`~pedcommunity.errors.StoreError`: the store cannot be reached
=====  ============================================================================

Examples:
    >>> from pedcommunity.errors import GuardFailed
    >>> body = problem(GuardFailed(trigger="open_vote", state="topics", guard="min_topics",
    ...                            reason="no topic yet"), "en")
    >>> body["status"], body["error"], body["type"]
    (409, 'GuardFailed', 'https://pedcommunity.example/problems/guard-failed')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pedcommunity.errors import (
    ConcurrentUpdate,
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidKey,
    InvalidTrigger,
    PedcommunityError,
    PermissionDenied,
    StoreError,
    UnknownDefinition,
    UnknownId,
)

__all__ = ["PROBLEM_TYPE_BASE", "HttpRefusal", "problem", "status_of"]

#: Where each problem type is named: ``<base><kebab-case error name>``.
PROBLEM_TYPE_BASE = "https://pedcommunity.example/problems/"

_STATUS: tuple[tuple[type[PedcommunityError], int], ...] = (
    (InvalidKey, 401),
    (PermissionDenied, 403),
    (UnknownId, 404),
    (UnknownDefinition, 404),
    (ConcurrentUpdate, 409),
    (InvalidTrigger, 409),
    (GuardFailed, 409),
    (DuplicateId, 409),
    (InvalidData, 422),
    (StoreError, 503),
)


class HttpRefusal(PedcommunityError):
    """A refusal of the HTTP layer itself: no such route, a method or media type not taken.

    Examples:
        >>> HttpRefusal(405, "MethodNotAllowed", "GET is not allowed here; allowed: POST").status
        405
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "Запрос не принят",
        "en": "The request is not accepted",
    }

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error


def status_of(error: PedcommunityError) -> int:
    """The HTTP status of a library error (422 for a refusal of no more specific kind).

    Examples:
        >>> from pedcommunity.errors import UnknownId
        >>> status_of(UnknownId(kind="workflow", id="p"))
        404
    """
    if isinstance(error, HttpRefusal):
        return error.status
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 422


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem(error: PedcommunityError, lang: str) -> dict[str, Any]:
    """The problem document of ``error``, its title in ``lang`` (``ru`` or ``en``)."""
    name = error.error if isinstance(error, HttpRefusal) else type(error).__name__
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + _kebab(name),
        "title": error.summary(lang),
        "status": status_of(error),
        "detail": str(error),
        "error": name,
    }
    if isinstance(error, InvalidData):
        body["path"] = error.path
    elif isinstance(error, GuardFailed):
        body["guard"] = error.guard
    elif isinstance(error, InvalidTrigger):
        body["allowed"] = list(error.allowed)
    elif isinstance(error, PermissionDenied):
        body["roles"] = list(error.roles)
    elif isinstance(error, ConcurrentUpdate):
        body["expected"], body["actual"] = error.expected, error.actual
    return body
