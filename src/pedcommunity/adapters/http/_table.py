"""The service's routes, one :class:`~._operations.Operation` each: the one table of them.

:mod:`~pedcommunity.adapters.http.app` serves them; :mod:`~pedcommunity.adapters.http._openapi`
describes them. It imports no web framework, so the OpenAPI document can be written (and
checked current) without the ``server`` extra.

Examples:
    >>> [op.operation_id for op in OPERATIONS if op.method == "POST"]
    ['startWorkflow', 'fireTrigger', 'matchProgramme', 'publishProgramme', 'formGroups']
"""

from __future__ import annotations

from . import _routes as r
from . import _standards_routes as standards
from ._operations import ACTOR, ACTOR_ROLES, AFTER, IDEMPOTENCY_KEY, Operation, Param

__all__ = ["OPERATIONS"]

_ID = "workflow_id"
_WORKFLOW = Param(_ID, "path", "id", "the workflow's id", required=True)
_NOT_FOUND = (404, ("No such workflow for this tenant", None))
_REFUSED = (409, ("The workflow's state refuses it (trigger, guard, version, duplicate id)", None))
_FORBIDDEN = (403, ("The acting user may not do this", None))
_INVALID = (422, ("Invalid body, field, header or parameter", None))
_AUTH = (401, ("No API key, or one not accepted", None))
_BODY = (
    (413, ("The body is larger than the service takes", None)),
    (415, ("The body is not JSON", None)),
)


_DEFINITION = Param("definition", "query", "id", "only workflows of this definition")
_ZONE = Param("zone", "query", "zone", "the time zone of timed items (an IANA name)", default="UTC")
_LANG = Param("lang", "query", "lang", "the calendar's language", default="ru")


def _answers(
    ok: tuple[int, str, str | None], *more: tuple[int, tuple[str, str | None]]
) -> dict[int, tuple[str, str | None]]:
    return {ok[0]: (ok[1], ok[2]), _AUTH[0]: _AUTH[1], _INVALID[0]: _INVALID[1], **dict(more)}


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/health",
        "health",
        "Check that the service and its store answer",
        "operations",
        handler=lambda call: None,
        auth=False,
        responses={
            200: ("The service and its store answer", "Health"),
            503: ("The store does not answer", None),
        },
    ),
    Operation(
        "GET",
        "/v1/definitions",
        "listDefinitions",
        "List the workflow definitions",
        "definitions",
        handler=r.list_definitions,
        responses=_answers((200, "Every definition", "DefinitionList")),
    ),
    Operation(
        "GET",
        "/v1/definitions/{name}",
        "getDefinition",
        "Read one definition",
        "definitions",
        handler=r.get_definition,
        params=(
            Param("name", "path", "id", "the definition's name", required=True),
            Param("version", "query", "id", "a version (by default the latest)"),
        ),
        responses=_answers(
            (200, "The definition, with its payloads' schemas", "DefinitionView"),
            (404, ("No such definition", None)),
        ),
    ),
    Operation(
        "POST",
        "/v1/workflows",
        "startWorkflow",
        "Start a workflow",
        "workflows",
        handler=r.start_workflow,
        body="StartRequest",
        params=(ACTOR, ACTOR_ROLES, IDEMPOTENCY_KEY),
        responses=_answers(
            (201, "Started", "WorkflowView"), (404, ("No such definition", None)), _REFUSED, *_BODY
        ),
    ),
    Operation(
        "GET",
        "/v1/workflows",
        "listWorkflows",
        "List the tenant's workflows",
        "workflows",
        handler=r.list_workflows,
        params=(Param("definition", "query", "id", "only those of this definition's name"),),
        responses=_answers((200, "The tenant's workflow ids", "WorkflowIds")),
    ),
    Operation(
        "GET",
        "/v1/workflows/{workflow_id}",
        "getWorkflow",
        "Read a workflow",
        "workflows",
        handler=r.get_workflow,
        params=(_WORKFLOW, ACTOR, ACTOR_ROLES),
        responses=_answers(
            (200, "Its state, data and what the user may fire", "WorkflowView"), _NOT_FOUND
        ),
    ),
    Operation(
        "GET",
        "/v1/workflows/{workflow_id}/events",
        "readEvents",
        "Read a page of events",
        "workflows",
        handler=r.read_events,
        params=(
            _WORKFLOW,
            AFTER,
            Param("limit", "query", "limit", "how many events at most", default=100),
        ),
        responses=_answers((200, "A page of events", "EventsPage"), _NOT_FOUND),
    ),
    Operation(
        "POST",
        "/v1/workflows/{workflow_id}/triggers/{trigger}",
        "fireTrigger",
        "Fire a trigger",
        "workflows",
        handler=r.fire_trigger,
        body="FireRequest",
        params=(
            _WORKFLOW,
            Param("trigger", "path", "id", "the trigger's name", required=True),
            ACTOR,
            ACTOR_ROLES,
            IDEMPOTENCY_KEY,
        ),
        responses=_answers(
            (200, "The event and the workflow after it", "FireResult"),
            _NOT_FOUND,
            _FORBIDDEN,
            _REFUSED,
            *_BODY,
        ),
        description="With 'expected_version', a workflow changed since is refused (409). "
        "With an 'Idempotency-Key' done before, nothing is stored and the first answer's "
        "event is given again, with the workflow as it is now ('Idempotent-Replayed: true'); "
        "the same key from another user or with another payload is refused (422).",
    ),
    Operation(
        "POST",
        "/v1/programmes/{programme_id}/matching",
        "matchProgramme",
        "Match a programme's waiting tracks with mentors",
        "programmes",
        handler=r.match_programme,
        heavy=True,
        body="MatchingRequest",
        params=(
            Param("programme_id", "path", "id", "the programme's id", required=True),
            ACTOR,
            ACTOR_ROLES,
        ),
        responses=_answers(
            (200, "Pairs proposed (and published, if asked)", "MatchingRun"),
            (404, ("No such programme", None)),
            _FORBIDDEN,
            _REFUSED,
            *_BODY,
        ),
    ),
    Operation(
        "POST",
        "/v1/programmes/{programme_id}/publication",
        "publishProgramme",
        "Publish every draft proposal of a programme",
        "programmes",
        handler=r.publish_drafts,
        heavy=True,
        params=(
            Param("programme_id", "path", "id", "the programme's id", required=True),
            ACTOR,
            ACTOR_ROLES,
        ),
        responses=_answers(
            (200, "The proposals published, all or none", "Published"),
            (404, ("No such programme", None)),
            _FORBIDDEN,
            _REFUSED,
        ),
        description="After a matching run without 'publish': the coordinator has reviewed "
        "the drafts; every one is published in one transaction, or none is.",
    ),
    Operation(
        "POST",
        "/v1/plc-groups",
        "formGroups",
        "Form PLC groups from ranked topics",
        "plc",
        handler=r.form_groups,
        heavy=True,
        body="GroupsRequest",
        responses=_answers((200, "The groups formed", "GroupPlanDocument"), *_BODY),
    ),
    Operation(
        "GET",
        "/v1/communities/{community_id}/review",
        "reviewCommunity",
        "A community's review over a period",
        "communities",
        handler=r.review_community,
        heavy=True,
        params=(
            Param("community_id", "path", "id", "the community's id", required=True),
            Param("start", "query", "date", "the period's first day", required=True),
            Param("end", "query", "date", "the period's last day", required=True),
        ),
        responses=_answers(
            (200, "Indicators and goals", "ReviewDocument"), (404, ("No such community", None))
        ),
    ),
    Operation(
        "GET",
        "/v1/communities/{community_id}/report",
        "communityReport",
        "A community's report over a period (Markdown)",
        "communities",
        handler=r.community_report,
        heavy=True,
        media_type="text/markdown",
        params=(
            Param("community_id", "path", "id", "the community's id", required=True),
            Param("start", "query", "date", "the period's first day", required=True),
            Param("end", "query", "date", "the period's last day", required=True),
            Param("lang", "query", "lang", "the report's language", default="ru"),
        ),
        responses=_answers((200, "The report", None), (404, ("No such community", None))),
    ),
    Operation(
        "GET",
        "/v1/export",
        "exportLog",
        "Export the tenant's event log (JSON lines)",
        "export",
        handler=r.export_log,
        heavy=True,
        media_type="application/x-ndjson",
        params=(_DEFINITION,),
        responses=_answers((200, "One Workflow document per line, with its events", None)),
    ),
    Operation(
        "GET",
        "/v1/xapi/statements",
        "xapiStatements",
        "The tenant's xAPI 1.0.3 statements",
        "standards",
        handler=standards.xapi_statements,
        heavy=True,
        params=(
            Param(
                "home_page",
                "query",
                "url",
                "the LMS's address: the homePage of the actors' accounts",
                required=True,
            ),
            Param("workflow", "query", "id", "only this workflow's statements"),
            _DEFINITION,
        ),
        responses=_answers(
            (200, "The statements, as an LRS's StatementResult", "StatementResult"), _NOT_FOUND
        ),
        description="Built from the workflows' whole logs, as `pedcommunity.adapters.xapi` "
        "builds them for an LRS: the same statement ids, so an LMS that stores them and an "
        "LRS fed by the outbox agree.",
    ),
    Operation(
        "GET",
        "/v1/calendar",
        "tenantCalendar",
        "The tenant's calendar (iCalendar)",
        "standards",
        handler=standards.tenant_calendar,
        heavy=True,
        media_type="text/calendar",
        params=(_DEFINITION, _ZONE, _LANG),
        responses=_answers(
            (200, "Every community's, PLC's and mentoring track's items in one calendar", None)
        ),
    ),
    Operation(
        "GET",
        "/v1/workflows/{workflow_id}/calendar",
        "workflowCalendar",
        "A workflow's calendar (iCalendar)",
        "standards",
        handler=standards.workflow_calendar,
        heavy=True,
        media_type="text/calendar",
        params=(_WORKFLOW, _ZONE, _LANG),
        responses=_answers(
            (200, "A community's events and plan, a PLC's meetings, a track's sessions", None),
            (404, ("No such workflow, or its definition has no calendar", None)),
        ),
    ),
)
