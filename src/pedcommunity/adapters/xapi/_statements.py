"""xAPI 1.0.3 statements from domain events: a pure translation, plain JSON-ready dicts.

:class:`StatementBuilder` turns one event (and the workflow's data just before it) into zero
or more statements; :meth:`StatementBuilder.build_log` does it for a whole log, rebuilding
the data as it goes. Which trigger gives which statement is in :mod:`._rules`.

Every statement's id is a uuid5 of the tenant, the event (workflow id and sequence) and the
statement's part (its verb and person), so the same event always gives the same statements
and sending them twice is safe. ``context.registration`` is a uuid5 of the tenant and the
workflow (and, for a PLC, its cycle); timestamps are the event's time in UTC.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.workflows import fire, start
    >>> at = datetime(2025, 9, 1, 15, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> _ = fire(plc, "join", actor="anna", at=at, teacher_id="anna")
    >>> builder = StatementBuilder(Actors("https://lms.example"))
    >>> [s["verb"]["display"]["en-US"] for s in builder.build_log(plc.events, tenant="s95")]
    ['joined']
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC
from typing import Any
from urllib.parse import quote

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.services.ports import StoredEvent, check_tenant
from pedcommunity.workflows import DefinitionRegistry

from . import _rules
from ._actors import Actors
from ._history import History, definition_of, standard_definitions
from ._vocabulary import (
    COMPLETED,
    NAMESPACE,
    VOIDED,
    WORKFLOW_EXTENSION,
    Verb,
    language_map,
    registration,
    statement_id,
)

__all__ = ["StatementBuilder", "registration", "statement_id"]


def _timestamp(event: DomainEvent) -> str:
    at = event.at.astimezone(UTC)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StatementBuilder:
    """Builds the xAPI statements of domain events.

    Args:
        actors: the host's mapping of teachers to accounts (and its ``homePage``).
        activity_base: where the ids of our activities live (an http(s) URL ending in
            ``/``); by default ``<home_page>/pedcommunity/xapi/``. An activity id is
            ``<base><tenant>/<definition>/<workflow id>[/...]``.
        definitions: the workflow definitions events are read with (the standard ones by
            default); an extended definition is translated as the standard one it is based on.

    Raises:
        InvalidData: ``activity_base`` is not an http(s) URL ending in ``/``.

    Examples:
        >>> b = StatementBuilder(Actors("https://lms.example"))
        >>> b.activity_id("s95", "plc_cycle", "plc-95", "meetings", 3)
        'https://lms.example/pedcommunity/xapi/s95/plc_cycle/plc-95/meetings/3'
    """

    def __init__(
        self,
        actors: Actors,
        *,
        activity_base: str | None = None,
        definitions: DefinitionRegistry | None = None,
    ) -> None:
        if not isinstance(actors, Actors):
            raise InvalidData(f"actors is an Actors, got {type(actors).__name__}", path="$.actors")
        base = activity_base or f"{actors.home_page.rstrip('/')}/pedcommunity/xapi/"
        if not base.startswith(("http://", "https://")) or not base.endswith("/"):
            raise InvalidData(
                f"activity_base is an http(s) URL ending in '/', got {base!r}",
                path="$.activity_base",
            )
        self.actors = actors
        self.activity_base = base
        self.definitions = definitions if definitions is not None else standard_definitions()

    # -- the parts of a statement --------------------------------------------------------

    def activity_id(self, tenant: str, *path: object) -> str:
        """The IRI of one of our activities: the base, the tenant, then ``path``."""
        parts = (tenant, *path)
        return self.activity_base + "/".join(quote(str(p), safe="") for p in parts)

    def activity(self, activity_id: str, kind: str, name: Label) -> dict[str, Any]:
        """An xAPI Activity with its type and its name in Russian and English."""
        return {
            "objectType": "Activity",
            "id": activity_id,
            "definition": {"type": kind, "name": language_map(name)},
        }

    def statement(
        self,
        at: _rules.At,
        part: str,
        actor: dict[str, Any],
        verb: Verb,
        obj: dict[str, Any],
        *,
        instructor: dict[str, Any] | None = None,
        team: dict[str, Any] | None = None,
        parent: dict[str, Any] | None = None,
        grouping: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One statement of the event ``at`` describes; ``part`` makes its id unique.

        A ``completed`` statement carries ``result.completion: true`` (the verb says the
        activity was finished; the result says so where an LRS's reports look).
        """
        e = at.event
        context: dict[str, Any] = {"registration": at.registration}
        if instructor is not None:
            context["instructor"] = instructor
        if team is not None:
            context["team"] = team
        related = {"parent": parent, "grouping": grouping}
        if parent is not None or grouping is not None:
            context["contextActivities"] = {k: [v] for k, v in related.items() if v is not None}
        context["extensions"] = {
            WORKFLOW_EXTENSION: {
                "definition": e.definition,
                "workflow": e.workflow_id,
                "sequence": e.sequence,
                "trigger": e.trigger,
            }
        }
        made: dict[str, Any] = {
            "id": statement_id(at.tenant, e.workflow_id, e.sequence, part),
            "actor": actor,
            "verb": verb.as_json(),
            "object": obj,
        }
        if verb.id == COMPLETED.id:
            made["result"] = {"completion": True}
        made["context"] = context
        made["timestamp"] = _timestamp(e)
        return made

    # -- events to statements ------------------------------------------------------------

    def build(
        self, event: DomainEvent | StoredEvent, before: Any, *, tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """The statements of one event; ``before`` is the workflow's data just before it.

        A :class:`~pedcommunity.services.ports.StoredEvent` brings its own tenant; a
        :class:`~pedcommunity.model.DomainEvent` needs ``tenant``. An event that maps to
        nothing gives ``[]``.

        Raises:
            InvalidData: no tenant, or ``event`` is neither kind of event.
            UnknownDefinition: the event's definition is not in :attr:`definitions`.
        """
        if isinstance(event, StoredEvent):
            tenant = event.tenant if tenant is None else tenant
            event = event.event
        if not isinstance(event, DomainEvent):
            raise InvalidData(
                f"build takes a DomainEvent or a StoredEvent, got {type(event).__name__}",
                path="$.event",
            )
        tenant = check_tenant(tenant)
        definition = definition_of(event, self.definitions)
        base = _rules.base_of(definition, self.definitions)
        if base is None or before is None:
            return []
        at = _rules.At(self, tenant, event, before, definition, base)
        return _rules.statements(at)

    def build_log(self, events: Iterable[DomainEvent], *, tenant: str) -> list[dict[str, Any]]:
        """The statements of a workflow's whole log (from its ``start`` event), in order.

        Raises:
            InvalidData: the log does not begin with ``start``, is out of order, or does not
                replay (the same checks as :func:`~pedcommunity.workflows.replay`).
        """
        out: list[dict[str, Any]] = []
        history: History | None = None
        for event in events:
            if history is None:
                history = History(event, self.definitions)
                continue
            out.extend(self.build(event, history.before(event), tenant=tenant))
            history.advance(event)
        return out

    def void(
        self,
        target: str | Mapping[str, Any],
        *,
        actor: str,
        at: DomainEvent,
        tenant: str,
    ) -> dict[str, Any]:
        """A statement voiding ``target`` (a statement or its id), by ``actor`` when ``at`` was.

        No standard trigger retracts what an earlier statement says (see the docs: leaving
        does not undo joining; only planned events are cancelled, and they gave no
        statement), so voiding is the host's correction: a statement sent in error, a
        workflow erased. Its id is a uuid5 of the voided id, so it too can be sent twice.
        xAPI 1.0.3 (2.3.2): "Any Statement that voids another cannot itself be voided": given
        the statement, a voiding one is refused (given only an id, the LRS must know).

        Raises:
            InvalidData: ``target`` is not a UUID (or a statement with one), or it is itself
                a voiding statement.

        Examples:
            >>> from datetime import datetime, timezone
            >>> e = DomainEvent(workflow_id="p", definition="plc_cycle@2", sequence=5,
            ...                 trigger="leave", actor="head", at=datetime(2025, 9, 1,
            ...                 tzinfo=timezone.utc), source="forming", target="forming")
            >>> b = StatementBuilder(Actors("https://lms.example"))
            >>> v = b.void("6f1f5c8e-51a5-5a39-9d5e-7a7c9a1e0c11", actor="head", at=e,
            ...            tenant="s95")
            >>> v["verb"]["id"], v["object"]["objectType"]
            ('http://adlnet.gov/expapi/verbs/voided', 'StatementRef')
            >>> b.void(v, actor="head", at=e, tenant="s95")
            Traceback (most recent call last):
            ...
            pedcommunity.errors.InvalidData: $.target: a voiding statement cannot itself be \
voided (xAPI 1.0.3, 2.3.2); void the statement it voids again under a new id instead
        """
        tenant = check_tenant(tenant)
        target_id: object = target
        if isinstance(target, Mapping):
            verb = target.get("verb")
            if isinstance(verb, Mapping) and verb.get("id") == VOIDED.id:
                raise InvalidData(
                    "a voiding statement cannot itself be voided (xAPI 1.0.3, 2.3.2); "
                    "void the statement it voids again under a new id instead",
                    path="$.target",
                )
            target_id = target.get("id")
        try:
            ref = str(uuid.UUID(str(target_id))) if isinstance(target_id, str) else None
        except ValueError:
            ref = None
        if ref is None:
            raise InvalidData(f"a statement id is a UUID, got {shown(target_id)}", path="$.target")
        return {
            "id": str(uuid.uuid5(NAMESPACE, f"void\n{tenant}\n{ref}")),
            "actor": self.actors.agent(actor),
            "verb": VOIDED.as_json(),
            "object": {"objectType": "StatementRef", "id": ref},
            "timestamp": _timestamp(at),
        }
