"""Strategies for the equivalence test of the incremental and the reference paths (issue 13).

:data:`RUNS` draws whole scripted runs of every standard definition (a prefix of the script,
or all of it, so that the call sequences reach the deep stages); :func:`noise_calls` draws a
call to slip between two calls of a run: a call wrong in one aspect (trigger, actor, policy,
time, payload, version) or a right one built from the workflow's own data, from
:mod:`tests.fuzz_calls`, with its time kept inside the run's timeline so the run's next call can
still be made after it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.fuzz_calls import ASPECTS, Call, fire_calls, last_time
from tests.strategies import offsets, workflows
from tests.strategies_budget import project_workflows, roadmap_workflows
from tests.strategies_community import community_workflows
from tests.strategies_festival import festival_workflows
from tests.strategies_leaders import initiative_workflows, school_workflows
from tests.strategies_mentoring import mentoring_programmes, mentoring_tracks

from pedcommunity.workflows import Workflow

__all__ = ["RUNS", "noise_calls"]

#: Whole runs of every standard definition by name: a prefix of each scripted run, and for
#: the scripts that take ``full``, often the whole script (so every stage is reached).
RUNS: dict[str, SearchStrategy[Workflow]] = {
    "plc_cycle": workflows() | workflows(full=True),
    "mentoring_track": mentoring_tracks() | mentoring_tracks(full=True),
    "mentoring_programme": mentoring_programmes() | mentoring_programmes(full=True),
    "festival": festival_workflows(),
    "navigators_school": school_workflows() | school_workflows(full=True),
    "initiative": initiative_workflows(),
    "roadmap": roadmap_workflows() | roadmap_workflows(full=True),
    "community_life": community_workflows(),
    "project": project_workflows(),
}


def _cheap(call: Call) -> bool:
    # A list nested 100,000 deep takes a fifth of a second to build, for each path: the
    # payload's own check refuses it before any effect runs, and tests/unit/test_no_escapes.py
    # sends it everywhere already.
    return "100,000 deep" not in repr(call)


@st.composite
def noise_calls(draw: Callable[..., Any], wf: Workflow, before: datetime | None) -> Call:
    """A call on ``wf`` wrong in a drawn aspect (or right), at a time not after ``before``.

    ``before`` is the time of the run's next call (``None`` after the last): a call stamped
    later would make the rest of the run refused for running backwards in time. A call
    whose aspect is the time keeps its wrong time.
    """
    aspect = draw(st.sampled_from(ASPECTS), label="aspect")
    call: Call = draw(fire_calls(wf, aspect).filter(_cheap), label="call")
    if aspect == "at":
        return call
    times = [last_time(wf)] if before is None else [last_time(wf), before]
    at = draw(st.sampled_from(times), label="when").astimezone(draw(offsets(), label="zone"))
    if call.method == "fire":
        return Call(call.method, call.args, {**call.kwargs, "at": at}, call.kind, call.clock)
    if call.method == "tick":
        return Call(call.method, (call.args[0], at), call.kwargs, call.kind, call.clock)
    return call
