"""No escapes: every definition walked with wrong calls, and every document mutated.

The promise, from the project's issue: a checker written outside the project, that walks
every definition with malformed and wrong calls and mutates JSON documents, finds no exception
outside the hierarchy (:class:`~pedcommunity.errors.PedcommunityError`), no refusal that
changed state, no accepted call that breaks replay or the JSON round trip.

Each test takes workflows of one standard definition in many reachable states (the scripted
strategies of ``tests/strategies*.py``), and fires calls wrong in one aspect (the trigger, the
actor, the time, the payload), each followed by a right call that moves the workflow on; the
right calls take their ids and actors from the workflow's data, so some are accepted. The
programme tests do the same through the methods of
:class:`~pedcommunity.workflows.MentoringProgramme`. The JSON tests mutate documents of driven
workflows and of every public type. The parts live in :mod:`tests.fuzz_calls`.

Examples per test follow the active hypothesis profile (a share of it, as these tests are
many); no test has a deadline.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.fuzz_calls import (
    ASPECTS,
    CONVERTER,
    ENGINE_ASPECTS,
    PROGRAMME_ASPECTS,
    Escape,
    ProgrammeSubject,
    WorkflowSubject,
    describe_escapes,
    engine_calls,
    fire_calls,
    mutated_documents,
    probe,
    probe_document,
    probe_python_document,
    programme_calls,
    programmes,
    python_mutations,
    shown,
    sweep_payloads,
    zone_escape,
)
from tests.strategies import workflows
from tests.strategies_all import STRATEGIES
from tests.strategies_budget import project_workflows, roadmap_workflows
from tests.strategies_community import community_workflows
from tests.strategies_festival import festival_workflows
from tests.strategies_leaders import initiative_workflows, school_workflows
from tests.strategies_mentoring import mentoring_programmes, mentoring_tracks

from pedcommunity.adapters.json import PUBLIC_TYPES, to_dict, to_json
from pedcommunity.workflows import Workflow, standard_definitions

#: Workflows of every standard definition, in many reachable states.
DRIVEN: dict[str, SearchStrategy[Workflow]] = {
    "plc_cycle": workflows(),
    "mentoring_track": mentoring_tracks(),
    "mentoring_programme": mentoring_programmes(),
    "festival": festival_workflows(),
    "navigators_school": school_workflows(),
    "initiative": initiative_workflows(),
    "roadmap": roadmap_workflows(),
    "community_life": community_workflows(),
    "project": project_workflows(),
}

#: Wrong calls per drawn workflow, each followed by a right one.
CALLS = 4

#: Types whose documents the workflow tests mutate already (they are whole runs).
_RUNS = {"Workflow", "DomainEvent"}
TYPE_NAMES = sorted(n for n in PUBLIC_TYPES if n not in _RUNS)


def _share(divisor: int) -> int:
    """A share of the active profile's examples: these tests are many, and each is a run."""
    active = settings.default
    return max(2, (active.max_examples if active is not None else 100) // divisor)


_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

#: No shrinking: a drawn workflow is a whole scripted run, and shrinking it takes minutes. The
#: failure message names the exact call and what it raised, which is what a fixer needs.
_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)

#: The settings every test here shares: no deadline, no shrinking, the first failure only.
_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": _SLOW,
    "phases": _PHASES,
    "report_multiple_bugs": False,
}


def _check(escape: Escape | None) -> None:
    if escape is not None:
        pytest.fail(str(escape), pytrace=False)


def test_every_standard_definition_is_driven() -> None:
    """A definition added to the library cannot skip the checker (its latest version is driven)."""
    assert sorted(DRIVEN) == sorted({d.name for d in standard_definitions()})


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("name", sorted(DRIVEN))
@settings(max_examples=_share(6), **_COMMON)
@given(data=st.data())
def test_calls_on_workflows(name: str, aspect: str, data: st.DataObject) -> None:
    """Calls wrong in one aspect are refused with a PedcommunityError and change nothing;
    right calls are accepted or refused likewise; accepted ones keep replay and JSON sound."""
    wf = data.draw(shown(DRIVEN[name]), label="workflow").value
    subject = WorkflowSubject(wf)
    for i in range(CALLS):
        call = data.draw(fire_calls(wf, aspect), label=f"call {i}")
        _check(zone_escape(wf, call))
        _check(probe(subject, call))
        if aspect != "right":
            step = data.draw(fire_calls(wf, "right"), label=f"right call after {i}")
            _check(zone_escape(wf, step))
            _check(probe(subject, step))


@pytest.mark.parametrize("name", sorted(DRIVEN))
@settings(max_examples=_share(10), **_COMMON)
@given(data=st.data())
def test_every_wrong_value_in_every_payload_field(name: str, data: st.DataObject) -> None:
    """Each wrong value, in each payload field of each trigger allowed now (the other fields
    right), is refused with a PedcommunityError or accepted soundly; all escapes are listed."""
    wf = data.draw(shown(DRIVEN[name]), label="workflow").value
    escapes = sweep_payloads(data.draw, wf)
    if escapes:
        pytest.fail(describe_escapes(escapes), pytrace=False)


@pytest.mark.parametrize("aspect", ENGINE_ASPECTS)
@pytest.mark.parametrize("name", sorted(DRIVEN))
@settings(max_examples=_share(10), **_COMMON)
@given(data=st.data())
def test_engine_functions(name: str, aspect: str, data: st.DataObject) -> None:
    """start, replay, commit and preview with wrong arguments (a log out of order, a forged
    outcome, data of another definition) keep the promise, and leave the workflow alone."""
    wf = data.draw(shown(DRIVEN[name]), label="workflow").value
    subject = WorkflowSubject(wf)
    for i in range(CALLS):
        _check(probe(subject, data.draw(engine_calls(wf, aspect), label=f"call {i}")))


@pytest.mark.parametrize("aspect", PROGRAMME_ASPECTS)
@settings(max_examples=_share(3), **_COMMON)
@given(data=st.data())
def test_calls_on_programmes(aspect: str, data: st.DataObject) -> None:
    """The methods of MentoringProgramme keep the promise for the programme and every track."""
    prog = data.draw(shown(programmes()), label="programme").value
    subject = ProgrammeSubject(prog)
    for i in range(CALLS):
        _check(probe(subject, data.draw(programme_calls(prog, aspect), label=f"call {i}")))
        if aspect != "right":
            step = data.draw(programme_calls(prog, "right"), label=f"right call after {i}")
            _check(probe(subject, step))


@pytest.mark.parametrize("name", sorted(DRIVEN))
@settings(max_examples=_share(2), **_COMMON)
@given(data=st.data())
def test_mutated_workflow_documents(name: str, data: st.DataObject) -> None:
    """A mutated document of a driven workflow is refused with a PedcommunityError or reads
    back as a workflow that round-trips."""
    wf = data.draw(shown(DRIVEN[name]), label="workflow").value
    text = to_json(wf, converter=CONVERTER)
    for i in range(CALLS):
        what, mutated = data.draw(mutated_documents(text), label=f"mutation {i}")
        _check(probe_document(mutated, what))


@settings(max_examples=_share(1) * 3, **_COMMON)
@given(data=st.data())
def test_mutated_documents_of_public_types(data: st.DataObject) -> None:
    """The same for a document of every public type of the JSON contract."""
    name = data.draw(st.sampled_from(TYPE_NAMES), label="type")
    value = data.draw(STRATEGIES[PUBLIC_TYPES[name]], label=name)
    text = to_json(value, converter=CONVERTER)
    for i in range(CALLS):
        what, mutated = data.draw(mutated_documents(text), label=f"mutation {i}")
        _check(probe_document(mutated, what))


@settings(max_examples=_share(1) * 2, **_COMMON)
@given(data=st.data())
def test_from_dict_with_python_values(data: st.DataObject) -> None:
    """from_dict on a caller's dict holding values no JSON parser makes (bytes, sets, tuples,
    datetimes, a list that holds itself) refuses them with a PedcommunityError or round-trips."""
    name = data.draw(st.sampled_from(TYPE_NAMES), label="type")
    value = data.draw(STRATEGIES[PUBLIC_TYPES[name]], label=name)
    document = to_dict(value, converter=CONVERTER)
    what, mutated = data.draw(python_mutations(document), label="mutation")
    _check(probe_python_document(mutated, what))
