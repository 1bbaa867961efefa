"""The routes that speak an LMS's standards: a tenant's xAPI statements and its calendars.

Each reads workflows through :class:`~pedcommunity.services.Services` with their whole logs
(a statement or a calendar's ``SEQUENCE`` is a translation of the log) and hands them to the
standard's adapter (:mod:`pedcommunity.adapters.xapi`, :mod:`pedcommunity.adapters.ical`),
imported when a request first needs it, so the service starts without those extras.
"""

from __future__ import annotations

from pedcommunity.errors import InvalidData
from pedcommunity.workflows import Workflow

from ._routes import Call, Reply

__all__ = ["tenant_calendar", "workflow_calendar", "xapi_statements"]


def _workflows(call: Call) -> list[Workflow]:
    """One workflow (``workflow``), or the tenant's (of one ``definition``), whole logs."""
    workflow_id: str | None = call.params.get("workflow")
    if workflow_id is not None:
        return [call.services.history(workflow_id, tenant=call.tenant)]
    return call.services.export(definition=call.params.get("definition"), tenant=call.tenant)


def xapi_statements(call: Call) -> Reply:
    """The tenant's xAPI 1.0.3 statements, as an LRS's ``StatementResult`` (no ``more``)."""
    from pedcommunity.adapters.xapi import Actors, StatementBuilder  # noqa: PLC0415 (extra)

    try:
        actors = Actors(call.params["home_page"])
    except InvalidData as exc:  # where the request holds it
        raise InvalidData(exc.problem, path="$.query.home_page") from None
    builder = StatementBuilder(actors, definitions=call.services.definitions)
    statements = [
        statement
        for workflow in _workflows(call)
        for statement in builder.build_log(workflow.events, tenant=call.tenant)
    ]
    return Reply(200, {"statements": statements, "more": ""})


def workflow_calendar(call: Call) -> Reply:
    """A community's, a PLC's or a mentoring track's calendar (``text/calendar``)."""
    from pedcommunity.adapters.ical import calendar_for  # noqa: PLC0415 (the ical extra)

    workflow = call.services.history(call.params["workflow_id"], tenant=call.tenant)
    calendar = calendar_for(
        workflow,
        zone=call.params["zone"],
        lang=call.params["lang"],
        tenant=call.tenant,
        definitions=call.services.definitions,
    )
    return Reply(200, calendar.to_ical().decode())


def tenant_calendar(call: Call) -> Reply:
    """Every calendar of the tenant (of one definition) merged into one (``text/calendar``)."""
    from pedcommunity.adapters import ical  # noqa: PLC0415 (the ical extra)

    calendar = ical.tenant_calendar(
        _workflows(call),
        name=call.tenant,
        zone=call.params["zone"],
        lang=call.params["lang"],
        tenant=call.tenant,
    )
    return Reply(200, calendar.to_ical().decode())
