"""Reviews and reports of a stored community: monitoring over the store.

A review reads a community's whole event log (indicators count what happened in a period),
so these use cases load the full history even when the store keeps a snapshot of the
community, then hand it to :mod:`pedcommunity.monitoring` unchanged.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from pedcommunity.monitoring import Period
    >>> from pedcommunity.services import InMemoryStore
    >>> from pedcommunity.services.workflows import start_workflow
    >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData
    >>> store = InMemoryStore()
    >>> _ = start_workflow(store.unit_of_work(), COMMUNITY_LIFE,
    ...                    CommunityData(name="Клуб", administrator_ids=("c",)), id="club",
    ...                    actor="c", at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> r = review_community(store.unit_of_work(), "club", Period.year(date(2025, 9, 1)))
    >>> r.community_id, len(r.values) > 0
    ('club', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pedcommunity.errors import InvalidData
from pedcommunity.monitoring import (
    BUILT_IN_INDICATORS,
    SEED_GOALS,
    CommunityGoal,
    Indicator,
    Period,
    Review,
    review,
    year_report,
)
from pedcommunity.workflows.community import COMMUNITY_LIFE
from pedcommunity.workflows.engine import Workflow

from .ports import UnitOfWork

__all__ = ["community_report", "full_history", "review_community"]


def full_history(uow: UnitOfWork, workflow_id: str) -> Workflow:
    """A stored workflow with every one of its events, also when the store keeps a snapshot.

    Raises:
        UnknownId: the tenant has no such workflow.

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> with InMemoryStore().unit_of_work() as uow:
        ...     full_history(uow, "nothing")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'nothing'; known: none.
    """
    workflow = uow.workflows.get(workflow_id)
    if not workflow.base_version:
        return workflow
    return Workflow(
        id=workflow.id,
        definition=workflow.definition,
        state=workflow.state,
        data=workflow.data,
        events=uow.workflows.events(workflow_id),
    )


def _community(uow: UnitOfWork, community_id: str) -> Workflow:
    workflow = full_history(uow, community_id)
    if workflow.definition.name != COMMUNITY_LIFE.name:
        raise InvalidData(
            f"'{community_id}' is a {workflow.definition.name}; reviews are of a "
            f"{COMMUNITY_LIFE.name} workflow",
            path="$.community_id",
        )
    return workflow


def review_community(
    uow: UnitOfWork,
    community_id: str,
    period: Period,
    *,
    goals: Iterable[CommunityGoal] = SEED_GOALS,
    indicators: Iterable[Indicator] = BUILT_IN_INDICATORS,
) -> Review:
    """Every indicator of a stored community over ``period``, and its goals assessed.

    Raises:
        UnknownId: no such workflow, or a goal names an indicator not given.
        InvalidData: the workflow is not a community.
    """
    with uow:
        return review(_community(uow, community_id), period, goals, indicators)


def community_report(
    uow: UnitOfWork,
    community_id: str,
    period: Period,
    lang: str = "ru",
    *,
    names: Mapping[str, str] | None = None,
) -> str:
    """The Markdown report of a stored community over ``period``, in ``lang``.

    See :func:`pedcommunity.monitoring.year_report`.

    Examples:
        >>> from datetime import UTC, date, datetime
        >>> from pedcommunity.services import InMemoryStore
        >>> from pedcommunity.services.workflows import start_workflow
        >>> from pedcommunity.workflows import CommunityData
        >>> store = InMemoryStore()
        >>> _ = start_workflow(store.unit_of_work(), COMMUNITY_LIFE,
        ...                    CommunityData(name="Клуб"), id="club", actor="c",
        ...                    at=datetime(2025, 9, 1, tzinfo=UTC))
        >>> community_report(store.unit_of_work(), "club", Period.year(date(2025, 9, 1)),
        ...                  "en").splitlines()[0].startswith("# ")
        True
    """
    with uow:
        return year_report(_community(uow, community_id), period, lang, names=names)
