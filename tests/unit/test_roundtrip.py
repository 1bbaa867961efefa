"""Round trips through the JSON contract for every public type, and replays of workflows."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import labels, workflows
from tests.strategies_all import STRATEGIES

from pedcommunity.adapters.json import (
    PUBLIC_TYPES,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from pedcommunity.workflows import PLC_CYCLE, Workflow, replay

NAMES = sorted(PUBLIC_TYPES)

# One converter for the property tests: the default, make_converter() on every call, costs
# about 20 times more; test_round_trip_with_the_default_converter covers that path.
CONVERTER = make_converter()

# A \uXXXX escape of a Cyrillic letter (after an even run of backslashes, so an escaped
# backslash followed by "u04..." in some text does not count).
_CYRILLIC_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u04[0-5][0-9a-fA-F]")


def _is_json_value(value: Any) -> bool:
    if value is None or isinstance(value, str | bool | int | float):
        return True
    if type(value) is list:
        return all(_is_json_value(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _is_json_value(v) for k, v in value.items())
    return False


def test_every_public_type_has_a_strategy() -> None:
    """Every PUBLIC_TYPES entry has a strategy, so a new public type cannot skip these tests."""
    missing = sorted(name for name, cls in PUBLIC_TYPES.items() if cls not in STRATEGIES)
    assert not missing, f"add strategies to tests/strategies.py for: {', '.join(missing)}"


def test_strategies_cover_only_public_types() -> None:
    """STRATEGIES has no entry for a type that is not (or no longer) public."""
    public = set(PUBLIC_TYPES.values())
    stale = sorted(cls.__name__ for cls in STRATEGIES if cls not in public)
    assert not stale, f"not in PUBLIC_TYPES: {', '.join(stale)}"


#: Types whose values are whole workflow runs (a track with its events, a programme): each draw
#: is a scripted run, so they get a third of the profile's examples (CI's 150 gives 50).
WHOLE_RUNS = frozenset(
    {"Workflow", "DomainEvent", "TrackData", "ProgrammeData", "LeadersBank", "FestivalData"}
)


def _third_of_profile() -> int:
    active = settings.default
    return max(10, (active.max_examples if active is not None else 100) // 3)


@pytest.mark.parametrize("name", [n for n in NAMES if n not in WHOLE_RUNS])
# Some values are large to draw by nature, which is no reason to stop checking them.
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_round_trip(name: str, data: st.DataObject) -> None:
    """to_dict gives plain JSON values; from_dict and from_json give back x, for every type."""
    _check_round_trip(name, data)


@pytest.mark.parametrize("name", sorted(WHOLE_RUNS & set(NAMES)))
@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    max_examples=_third_of_profile(),
)
@given(data=st.data())
def test_round_trip_of_whole_runs(name: str, data: st.DataObject) -> None:
    """The same round trip for the types whose values are whole workflow runs."""
    _check_round_trip(name, data)


def test_whole_runs_are_public_types() -> None:
    assert set(NAMES) >= WHOLE_RUNS


def _check_round_trip(name: str, data: st.DataObject) -> None:
    cls = PUBLIC_TYPES[name]
    x = data.draw(STRATEGIES[cls], label=name)

    document = to_dict(x, converter=CONVERTER)
    assert document["schema_version"] == "1"
    assert document["type"] == name
    # A JSON-ready document: dicts, lists, strings, numbers, booleans and None only.
    assert _is_json_value(document), document
    back = from_dict(document, cls, converter=CONVERTER)
    assert type(back) is cls
    assert back == x
    # Equal datetimes may differ in offset: writing again must keep every offset as it was.
    assert to_dict(back, converter=CONVERTER) == document

    text = to_json(x, converter=CONVERTER)
    assert from_json(text, cls, converter=CONVERTER) == x
    assert from_json(text.encode("utf-8"), cls, converter=CONVERTER) == x


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=5, deadline=None)  # a fresh converter per call costs ~50 ms
@given(data=st.data())
def test_round_trip_with_the_default_converter(name: str, data: st.DataObject) -> None:
    """Without a converter argument, to_json/from_json and to_dict/from_dict round-trip too."""
    cls = PUBLIC_TYPES[name]
    x = data.draw(STRATEGIES[cls], label=name)
    assert from_json(to_json(x)) == x
    assert from_dict(to_dict(x), cls) == x


@given(labels())
def test_json_text_keeps_cyrillic_unescaped(label: Any) -> None:
    """to_json writes Russian text as itself, not as \\uXXXX escapes."""
    text = to_json(label, converter=CONVERTER)
    assert label.ru in text
    assert not _CYRILLIC_ESCAPE.search(text)
    assert json.loads(text.encode("utf-8"))["data"]["ru"] == label.ru


@given(workflows())
def test_replay_rebuilds_the_workflow(wf: Workflow) -> None:
    """Replaying a workflow's events through its definition gives back the same workflow."""
    assert replay(wf.definition, wf.events) == wf


@given(workflows())
def test_workflow_read_back_from_json_replays_to_itself(wf: Workflow) -> None:
    """A workflow read back from UTF-8 JSON equals the original and replays to itself."""
    text = to_json(wf, converter=CONVERTER)
    assert wf.data.name in text  # the Russian name is written as itself
    assert not _CYRILLIC_ESCAPE.search(text)
    back = from_json(text.encode("utf-8"), Workflow, converter=CONVERTER)
    assert back == wf
    assert back.definition is PLC_CYCLE
    assert back.version == wf.version
    assert replay(back.definition, back.events) == back


@given(workflows(full=True))
def test_the_scripted_cycle_runs_to_its_end(wf: Workflow) -> None:
    """The workflows strategy can run whole cycles: it ends closed or in a next cycle."""
    assert wf.data.history
    if wf.state == "closed":
        assert wf.is_final
    else:
        assert wf.state == "topic_list"
        assert len(wf.data.history) == 2
        assert wf.data.cycle == 3
