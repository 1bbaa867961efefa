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
from .workflows import full_history

__all__ = ["community_report", "review_community"]


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
