"""What each route does: read its request, call one use case of the services, answer.

A handler takes a :class:`Call` (the request as read: tenant, acting user, parameters, body)
and returns a :class:`Reply`; it runs in a worker thread, since the stores block. Handlers
call :class:`~pedcommunity.services.Services` only, never the engine or a store, so the
service cannot do what the library would refuse.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import attrs

from pedcommunity.adapters.json import MAX_INTEGER, from_dict, from_plain, to_dict, to_json
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.monitoring import Period
from pedcommunity.services import Services
from pedcommunity.services import review as review_uc
from pedcommunity.services.matching import form_plc_groups
from pedcommunity.services.workflows import PayloadReader
from pedcommunity.workflows import DefinitionRegistry

from ._views import definition_view, event_documents, workflow_view

__all__ = ["Call", "Reply"]


@attrs.frozen
class Call:
    """A request as the service read it."""

    services: Services
    tenant: str
    actor: str | None
    params: Mapping[str, Any]
    body: Any = None
    idempotency_key: str | None = None


@attrs.frozen
class Reply:
    """An answer: its status, its body (JSON-ready, or text) and extra headers."""

    status: int
    body: Any
    headers: Mapping[str, str] = attrs.field(factory=dict)


def _re_rooted(error: InvalidData, root: str) -> InvalidData:
    """The same refusal, its path under ``root`` (where the part stands in the request)."""
    return InvalidData(error.problem, path=root + error.path[1:])


def _fields(
    body: Any,
    allowed: Mapping[str, type | tuple[type, ...]],
    required: set[str],
    bounds: Mapping[str, tuple[int, int]] | None = None,
    nullable: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The request's JSON object, its fields checked against their JSON types and bounds.

    Only the ``nullable`` fields may be ``null`` (as absent); the OpenAPI document says which.

    As in the contract, a number with a zero fraction (``4.0``) is the integer 4: JSON Schema
    cannot tell them apart, so neither does the service.
    """
    if not isinstance(body, dict):
        raise InvalidData("the request's body is a JSON object", path="$")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise InvalidData(
            f"unknown fields: {', '.join(unknown)}; allowed: {', '.join(allowed)}",
            path=f"$.{unknown[0]}",
        )
    for name in sorted(required - set(body)):
        raise InvalidData("required field is missing", path=f"$.{name}")
    fields = dict(body)
    for name, raw in body.items():
        kinds = _tuple(allowed[name])
        value = fields[name] = (
            int(raw) if int in kinds and isinstance(raw, float) and raw.is_integer() else raw
        )
        if value is None and name not in nullable:
            raise InvalidData(f"expected {_names(kinds)}, got null", path=f"$.{name}")
        if value is not None and (
            not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
        ):
            raise InvalidData(
                f"expected {_names(kinds)}, got {json.dumps(value)[:60]}", path=f"$.{name}"
            )
        limits = (bounds or {}).get(name)
        if limits is not None and isinstance(value, int) and not limits[0] <= value <= limits[1]:
            low, high = limits
            raise InvalidData(f"a whole number from {low} to {high}, got {value}", path=f"$.{name}")
    return fields


def _names(kinds: tuple[type, ...]) -> str:
    json_names = {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        dict: "an object",
        list: "an array",
    }
    return " or ".join(json_names.get(k, k.__name__) for k in kinds)


@contextlib.contextmanager
def _idempotency_key() -> Iterator[None]:
    """A command id's refusal, pointed at the header that carried it."""
    try:
        yield
    except InvalidData as exc:
        if exc.path != "$.command_id":
            raise
        raise InvalidData(exc.problem, path="$.headers.Idempotency-Key") from None


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


# -- definitions ------------------------------------------------------------------------------


def list_definitions(call: Call) -> Reply:
    """Every definition the service runs, with states, triggers, labels and who fires each."""
    return Reply(200, {"definitions": [definition_view(d) for d in call.services.definitions]})


def get_definition(call: Call) -> Reply:
    """One definition (its latest version, or ``?version=``), with its payloads' schemas."""
    definition = call.services.definition(call.params["name"], call.params["version"])
    return Reply(200, definition_view(definition, payloads=True))


# -- workflows --------------------------------------------------------------------------------


def _view(call: Call, workflow: Any) -> dict[str, Any]:
    return workflow_view(
        workflow,
        actor=call.actor,
        policy=call.services.policy,
        definitions=call.services.definitions,
    )


def start_workflow(call: Call) -> Reply:
    """Start a workflow of a definition with its data (a contract document)."""
    body = _fields(
        call.body,
        {"definition": str, "version": str, "id": str, "data": dict},
        {"definition", "id", "data"},
        nullable=frozenset({"version"}),
    )
    definition = call.services.definition(body["definition"], body.get("version"))
    try:
        data: Any = from_dict(body["data"], definitions=call.services.definitions)
    except InvalidData as exc:
        raise _re_rooted(exc, "$.data") from None
    assert call.actor is not None
    with _idempotency_key():
        started = call.services.start_command(
            definition,
            data,
            id=body["id"],
            actor=call.actor,
            tenant=call.tenant,
            command_id=call.idempotency_key,
        )
    headers = {"Location": f"/v1/workflows/{started.workflow.id}"}
    if started.repeated:
        headers["Idempotent-Replayed"] = "true"
    return Reply(201, _view(call, started.workflow), headers)


def list_workflows(call: Call) -> Reply:
    """The tenant's workflow ids, in the order they were started (of one definition)."""
    return Reply(200, {"ids": call.services.ids(call.params["definition"], tenant=call.tenant)})


def get_workflow(call: Call) -> Reply:
    """A workflow's state, version, data and the triggers the calling user may fire."""
    workflow = call.services.get(call.params["workflow_id"], tenant=call.tenant)
    return Reply(200, _view(call, workflow))


def read_events(call: Call) -> Reply:
    """A page of a workflow's events after a sequence number."""
    after, limit = call.params["after"], call.params["limit"]
    # One more than the page: whether there is a next one, without reading the rest.
    events = call.services.events(
        call.params["workflow_id"], after=after, limit=limit + 1, tenant=call.tenant
    )
    page = events[:limit]
    more = len(events) > limit
    return Reply(
        200,
        {
            "events": event_documents(page, call.services.definitions),
            "next_after": page[-1].sequence if more else None,
        },
    )


def _read_payload(definitions: DefinitionRegistry) -> PayloadReader:
    def read(cls: type, plain: Any) -> Any:
        try:
            return from_plain({} if plain is None else plain, cls, definitions=definitions)
        except InvalidData as exc:
            raise _re_rooted(exc, "$.payload") from None

    return read


def fire_trigger(call: Call) -> Reply:
    """Fire a trigger; answer with its event and the workflow after it."""
    body = _fields(
        call.body,
        {"expected_version": int, "payload": dict},
        set(),
        {"expected_version": (1, MAX_INTEGER)},
        nullable=frozenset({"expected_version", "payload"}),
    )
    version = body.get("expected_version")
    assert call.actor is not None
    with _idempotency_key():
        fired = call.services.fire_command(
            call.params["workflow_id"],
            call.params["trigger"],
            body.get("payload"),
            actor=call.actor,
            tenant=call.tenant,
            expected_version=version,
            command_id=call.idempotency_key,
            read_payload=_read_payload(call.services.definitions),
        )
    answer = {
        "event": to_dict(fired.event, definitions=call.services.definitions),
        "workflow": _view(call, fired.workflow),
    }
    return Reply(200, answer, {"Idempotent-Replayed": "true"} if fired.repeated else {})


# -- matching, groups, reviews ----------------------------------------------------------------


def match_programme(call: Call) -> Reply:
    """Match a programme's waiting tracks with its mentors; publish the pairs if asked."""
    body = _fields(
        call.body if call.body is not None else {},
        {"method": str, "objective": str, "publish": bool},
        set(),
    )
    assert call.actor is not None
    programme = call.services.programme(call.params["programme_id"], tenant=call.tenant)
    run = programme.match(
        actor=call.actor,
        method=body.get("method") or "optimal",
        objective=body.get("objective") or "participation",
        publish=bool(body.get("publish")),
    )
    events = call.services.definitions
    return Reply(
        200,
        {
            "pairs": dict(run.pairs),
            "refused": dict(run.refused),
            "unplaced": dict(run.unplaced),
            "proposed": event_documents(run.proposed, events),
            "published": event_documents(run.published, events),
        },
    )


def publish_drafts(call: Call) -> Reply:
    """Publish every draft proposal of a programme (a coordinator's review of a matching run)."""
    assert call.actor is not None
    programme = call.services.programme(call.params["programme_id"], tenant=call.tenant)
    published = programme.publish_all(actor=call.actor)
    return Reply(200, {"published": event_documents(published, call.services.definitions)})


def form_groups(call: Call) -> Reply:
    """Form PLC groups from teachers' ranked topics."""
    body = _fields(
        call.body,
        {"rankings": list, "min_size": int, "max_size": int},
        {"rankings"},
        {"min_size": (1, 1000), "max_size": (1, 1000)},
    )
    from pedcommunity.matching.groups import TopicRanking  # noqa: PLC0415 (numpy)

    try:
        rankings = from_plain(body["rankings"], list[TopicRanking])
    except InvalidData as exc:
        raise _re_rooted(exc, "$.rankings") from None
    try:
        plan = form_plc_groups(
            rankings, min_size=body.get("min_size") or 3, max_size=body.get("max_size") or 15
        )
    except InvalidData as exc:  # the sizes, named as the body names them
        raise InvalidData(exc.problem, path="$." + exc.path.removeprefix("$.")) from None
    return Reply(200, to_dict(plan))


def _period(call: Call) -> Period:
    start: date | None = call.params["start"]
    end: date | None = call.params["end"]
    if start is None or end is None:
        raise InvalidData("a review needs both start and end (YYYY-MM-DD)", path="$.query.start")
    try:
        return Period(start=start, end=end)
    except PedcommunityError as exc:
        raise InvalidData(str(exc), path="$.query.end") from None


def review_community(call: Call) -> Reply:
    """A community's indicators and goals over a period (a ``Review`` document)."""
    result = review_uc.review_community(
        call.services.store.unit_of_work(call.tenant), call.params["community_id"], _period(call)
    )
    return Reply(200, to_dict(result))


def community_report(call: Call) -> Reply:
    """A community's report over a period, as Markdown in Russian or English."""
    text = review_uc.community_report(
        call.services.store.unit_of_work(call.tenant),
        call.params["community_id"],
        _period(call),
        call.params["lang"],
    )
    return Reply(200, text)


def export_log(call: Call) -> Reply:
    """Every workflow of the tenant with its whole history: one document per line."""
    workflows = call.services.export(definition=call.params["definition"], tenant=call.tenant)
    lines = [to_json(w, definitions=call.services.definitions) + "\n" for w in workflows]
    return Reply(200, "".join(lines))
