"""Every strategy of the JSON contract's public types, gathered from the strategy modules.

:data:`STRATEGIES` maps each type of :data:`pedcommunity.adapters.json.PUBLIC_TYPES` to its
strategy; its ``Workflow`` and ``DomainEvent`` entries draw from runs of every standard
definition.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import CORE_STRATEGIES, workflows
from tests.strategies_budget import BUDGET_STRATEGIES, project_workflows, roadmap_workflows
from tests.strategies_community import COMMUNITY_STRATEGIES, community_workflows
from tests.strategies_festival import FESTIVAL_STRATEGIES, festival_workflows
from tests.strategies_leaders import LEADERS_STRATEGIES, initiative_workflows, school_workflows
from tests.strategies_matching import MATCHING_STRATEGIES
from tests.strategies_mentoring import (
    MENTORING_STRATEGIES,
    mentoring_programmes,
    mentoring_tracks,
)
from tests.strategies_monitoring import MONITORING_STRATEGIES
from tests.strategies_plc import PLC_ORGANISATION_STRATEGIES

from pedcommunity.model import DomainEvent
from pedcommunity.workflows import Workflow

__all__ = ["STRATEGIES", "any_workflows"]


def any_workflows() -> SearchStrategy[Workflow]:
    """A running workflow of any standard definition."""
    return st.one_of(
        workflows(),
        mentoring_tracks(),
        mentoring_programmes(),
        festival_workflows(),
        school_workflows(),
        initiative_workflows(),
        roadmap_workflows(),
        community_workflows(),
        project_workflows(),
    )


#: A strategy for every public type of the JSON contract.
STRATEGIES: dict[type, SearchStrategy[Any]] = {
    **CORE_STRATEGIES,
    **FESTIVAL_STRATEGIES,
    **LEADERS_STRATEGIES,
    **MENTORING_STRATEGIES,
    **MATCHING_STRATEGIES,
    **BUDGET_STRATEGIES,
    **COMMUNITY_STRATEGIES,
    **MONITORING_STRATEGIES,
    **PLC_ORGANISATION_STRATEGIES,
    Workflow: any_workflows(),
    DomainEvent: any_workflows().flatmap(lambda wf: st.sampled_from(wf.events)),
}
