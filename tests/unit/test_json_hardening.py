"""Hostile and malformed input never escapes the JSON contract as anything but InvalidData.

Deep nesting, non-finite and huge numbers, keys given twice or not strings, unpaired
surrogates, wrong-typed values when writing; one converter per registry, built once.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies_all import STRATEGIES

import pedcommunity.adapters.json as json_adapter
from pedcommunity.adapters.json import (
    MAX_DEPTH,
    MAX_INTEGER,
    PUBLIC_TYPES,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model import Teacher
from pedcommunity.workflows import (
    PLC_CYCLE,
    DefinitionRegistry,
    PlcData,
    State,
    Transition,
    TriggerSpec,
    Workflow,
    WorkflowDefinition,
    fire,
    start,
)

CONVERTER = make_converter()
AT = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
TEACHER = {"id": "t1", "name": "Анна Петрова", "organisation_id": "school-95"}


def _document(data: Any, type_name: str = "Teacher") -> dict[str, Any]:
    return {"schema_version": "1", "type": type_name, "data": data}


def _text(data: Any, type_name: str = "Teacher", **raw: str) -> str:
    """A document's JSON text, with each ``raw`` field's value spliced in as raw JSON text."""
    marked = {**data, **{key: f"@{key}@" for key in raw}}
    text = json.dumps(_document(marked, type_name), ensure_ascii=False)
    for key, literal in raw.items():
        text = text.replace(f'"@{key}@"', literal)
    return text


def _refused_text(text: str | bytes, **kwargs: Any) -> InvalidData:
    with pytest.raises(InvalidData) as info:
        from_json(text, **kwargs)
    return info.value


def _refused(document: Any, *, compare: bool = True, **kwargs: Any) -> InvalidData:
    """from_dict's refusal of ``document``; with ``compare``, checks it left it as it was."""
    before = copy.deepcopy(document) if compare else None
    with pytest.raises(InvalidData) as info:
        from_dict(document, **kwargs)
    if compare:
        assert document == before, "a refusal changes nothing"
    return info.value


def _nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def _door(name: str = "door") -> WorkflowDefinition:
    """An untyped definition: its data and the payload of 'push' are whatever JSON holds."""
    return WorkflowDefinition(
        name=name,
        version="1",
        label=Label(ru="Дверь", en="Door"),
        states=[
            State("closed", Label(ru="Закрыта", en="Closed")),
            State("open", Label(ru="Открыта", en="Open")),
        ],
        initial="closed",
        triggers=[TriggerSpec("push", Label(ru="Толкнуть", en="Push"))],
        transitions=[Transition("push", source="closed", dest="open")],
    )


def _plc() -> Workflow:
    """A PLC with three members and one who left, as stored."""
    wf = start(PLC_CYCLE, PlcData(name="ПОС: Мастерские роста"), id="plc-95", actor="head", at=AT)
    for t in ("t1", "t2", "t3", "t4"):
        fire(wf, "join", actor=t, at=AT, teacher_id=t)
    fire(wf, "leave", actor="t4", at=AT, teacher_id="t4", reason="Переезд")
    return wf


# -- nesting ------------------------------------------------------------------------------------


def test_thousands_of_nested_arrays_are_refused_with_their_position() -> None:
    """3,000 nested arrays: InvalidData at the first array past MAX_DEPTH, not RecursionError."""
    err = _refused_text("[" * 3000 + "]" * 3000)
    assert err.path == "$" + "[0]" * MAX_DEPTH
    assert f"deeper than {MAX_DEPTH} levels" in err.problem
    assert f"line 1, column {MAX_DEPTH + 1}" in err.problem


def test_deep_nesting_inside_a_field_of_a_real_document_is_refused_at_that_field() -> None:
    """The same inside a teacher's name: the path leads through the name."""
    err = _refused_text(_text(TEACHER, name="[" * 3000 + "]" * 3000))
    # The envelope is level 1, data level 2, the name's outermost array level 3.
    assert err.path == "$.data.name" + "[0]" * (MAX_DEPTH - 2)
    assert str(MAX_DEPTH) in err.problem


def test_deep_nesting_inside_a_stored_workflow_is_refused() -> None:
    """And inside an event's payload of a stored workflow (objects this time)."""
    document = to_dict(_plc(), converter=CONVERTER)
    document["data"]["events"][1]["payload"]["teacher_id"] = "@deep@"
    text = json.dumps(document).replace('"@deep@"', '{"a": ' * 3000 + "1" + "}" * 3000)
    err = _refused_text(text)
    assert err.path.startswith("$.data.events[1].payload.teacher_id.a.a.a")
    assert err.path.count(".a") == MAX_DEPTH - 5


@settings(deadline=None, max_examples=60)
@given(depth=st.integers(1, 6000), opening=st.sampled_from(["[", '{"k": ']))
def test_any_depth_is_read_or_refused_with_invalid_data(depth: int, opening: str) -> None:
    """At any depth, arrays or objects, from_json raises InvalidData: never RecursionError."""
    closing = "]" if opening == "[" else "}"
    text = _text(TEACHER, name=opening * depth + "1" + closing * depth)
    err = _refused_text(text)
    if depth + 2 > MAX_DEPTH:
        assert f"deeper than {MAX_DEPTH}" in err.problem
    else:
        assert err.path == "$.data.name"  # not a string, but not too deep either


def _door_document(data: Any) -> tuple[str, DefinitionRegistry]:
    door = _door()
    registry = DefinitionRegistry([door])
    wf = start(door, None, id="d", actor="me", at=AT)
    fire(wf, "push", actor="me", at=AT)
    document = to_dict(wf, definitions=registry)
    document["data"]["data"] = data
    document["data"]["events"][0]["payload"] = data
    return json.dumps(document), registry


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused() -> None:
    """MAX_DEPTH levels are read (untyped data: the 'start' event's payload holds it at level
    5); one more is refused, by the reader and by the writer."""
    inner = MAX_DEPTH - 4  # the envelope, the workflow, its events, the event, the payload
    text, registry = _door_document(_nested(inner))
    wf = from_json(text, definitions=registry)
    assert wf.data == _nested(inner)
    assert json.loads(to_json(wf, definitions=registry)) == json.loads(text)

    deeper, _ = _door_document(_nested(inner + 1))
    err = _refused_text(deeper, definitions=registry)
    assert err.path == "$.data.events[0].payload" + "[0]" * inner
    too_deep = start(_door(), _nested(inner + 1), id="d", actor="me", at=AT)
    with pytest.raises(InvalidData) as info:
        to_json(too_deep, definitions=DefinitionRegistry([too_deep.definition]))
    assert f"deeper than {MAX_DEPTH}" in info.value.problem


def test_deep_and_self_holding_python_documents_are_refused() -> None:
    """from_dict: 3,000 nested lists, a list that holds itself, a dict that holds itself."""
    err = _refused(_document({**TEACHER, "subjects": _nested(3000)}), compare=False)
    assert err.path == "$.data.subjects" + "[0]" * (MAX_DEPTH - 2)
    assert str(MAX_DEPTH) in err.problem
    loop: list[Any] = []
    loop.append(loop)
    assert (
        str(MAX_DEPTH) in _refused(_document({**TEACHER, "subjects": loop}), compare=False).problem
    )
    ring: dict[str, Any] = dict(TEACHER)
    ring["self"] = ring
    assert str(MAX_DEPTH) in _refused(_document(ring), compare=False).problem


def test_shared_parts_of_a_python_document_are_walked_once_per_depth() -> None:
    """A list holding the same list twice, 60 levels down, has 2**60 paths: it is checked
    (and refused for its type) without walking them all."""
    shared: Any = "x"
    for _ in range(60):
        shared = [shared, shared]
    # (Comparing it with a copy would walk every path: the check is on the reader only.)
    err = _refused(_document({**TEACHER, "subjects": shared}), compare=False)
    assert err.path.startswith("$.data.subjects[0]")


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_numbers_are_refused_where_they_are(literal: str) -> None:
    """NaN and Infinity are not JSON, and 1e400 no double: refused at their field."""
    err = _refused_text(_text(TEACHER, years_experience=literal))
    assert err.path == "$.data.years_experience"
    assert "finite" in err.problem or "out of range" in err.problem


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "1e400"])
def test_non_finite_numbers_are_refused_in_untyped_data_too(literal: str) -> None:
    """Even where any JSON goes (an untyped definition's data), NaN is no JSON number."""
    text, registry = _door_document({"count": 1})
    err = _refused_text(text.replace('"count": 1', f'"count": {literal}'), definitions=registry)
    assert err.path == "$.data.data.count"


def test_huge_integers_are_refused_at_their_field() -> None:
    """A 5,000-digit integer (past Python's conversion limit) and 2**53 are out of range."""
    err = _refused_text(_text(TEACHER, years_experience="9" * 5000))
    assert err.path == "$.data.years_experience"
    assert "5000-digit" in err.problem
    event = to_dict(_plc().events[1], converter=CONVERTER)
    event["data"]["sequence"] = MAX_INTEGER + 1
    err = _refused(event, converter=CONVERTER)
    assert err.path == "$.data.sequence"
    assert "out of range" in err.problem
    huge = _document({**TEACHER, "years_experience": 10**5000})
    assert _refused(huge, converter=CONVERTER).path == "$.data.years_experience"


def test_a_number_with_a_zero_fraction_is_an_integer() -> None:
    """4.0 is the integer 4 (JSON Schema agrees); 4.5 is not an integer."""
    teacher = from_json(_text(TEACHER, years_experience="4.0"), Teacher)
    assert teacher.years_experience == 4
    assert type(teacher.years_experience) is int
    assert _refused_text(_text(TEACHER, years_experience="4.5")).path == "$.data.years_experience"


# -- keys and text ------------------------------------------------------------------------------


def test_a_key_given_twice_is_refused() -> None:
    """json.loads keeps the last of two equal keys; a contract refuses the ambiguity."""
    label = '{"ru": "Да", "en": "Yes"}'
    err = _refused_text(
        f'{{"schema_version": "1", "type": "Teacher", "type": "Label", "data": {label}}}'
    )
    assert err.path == "$"
    assert '"type"' in err.problem
    err = _refused_text('{"schema_version": "1", "type": "Label", "data": {"ru": "a", "ru": "b"}}')
    assert err.path == "$.data"


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({**_document(TEACHER), 1: "x"}, "$"),
        (_document({**TEACHER, 5: "x"}), "$.data"),
        (_document({**TEACHER, "competencies": {5: 1}}), "$.data.competencies"),
        (_document({**TEACHER, "competencies": {(1, 2): 1}}), "$.data.competencies"),
        (_document({**TEACHER, "competencies": {None: 1}}), "$.data.competencies"),
    ],
    ids=["envelope", "data", "map", "tuple", "none"],
)
def test_keys_that_are_not_strings_are_refused(document: dict[Any, Any], path: str) -> None:
    """A Python document whose keys are not strings has no JSON form: refused at the object."""
    assert _refused(document).path == path


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (_text(TEACHER, name='"\\ud800"'), "$.data.name"),
        (_text(TEACHER, name='"Анна\\udfff"'), "$.data.name"),
        (_text(TEACHER, competencies='{"\\ud83d": 1}'), "$.data.competencies"),
    ],
    ids=["high", "low", "key"],
)
def test_unpaired_surrogates_are_refused(text: str, path: str) -> None:
    """A lone surrogate is not Unicode text: no UTF-8 file could hold what was read."""
    err = _refused_text(text)
    assert err.path == path
    assert "surrogate" in err.problem


def test_surrogates_in_bytes_and_raw_text_are_refused_and_pairs_are_read() -> None:
    """UTF-8 bytes of a surrogate, and a str holding one, are refused; an escaped pair is one
    character."""
    cesu = _text(TEACHER, name='"@"').encode().replace(b'"@"', b'"\xed\xa0\x80"')
    assert "Unicode" in _refused_text(cesu).problem
    raw = _text(TEACHER, name='"Ан\ud800на"')
    assert _refused_text(raw).path == "$.data.name"
    assert from_json(_text(TEACHER, name='"\\ud83d\\ude00"')).name == "😀"


@pytest.mark.parametrize("text", [5, None, ["{}"], {"schema_version": "1"}, 3.5], ids=repr)
def test_input_that_is_not_text_is_refused(text: Any) -> None:
    """from_json takes str or bytes; anything else is refused, not a TypeError."""
    assert "JSON" in _refused_text(text).problem


@pytest.mark.parametrize("cls", ["Teacher", 5, Label], ids=repr)
def test_cls_that_does_not_match_is_refused(cls: Any) -> None:
    """from_dict(document, cls) with a cls that is not the document's type, or no type at all."""
    assert _refused(_document(TEACHER), cls=cls).path == "$.type"


_HOSTILE: list[Any] = [
    float("nan"),
    float("inf"),
    -float("inf"),
    10**5000,
    MAX_INTEGER + 1,
    -0.0,
    4.0,
    {1: "x"},
    {(1, 2): "x"},
    {"k": {2.5: "x"}},
    b"x",
    bytearray(b"x"),
    {"a", "b"},
    frozenset(),
    object(),
    Decimal("NaN"),
    datetime(2025, 9, 1),
    AT,
    "\ud800",
    "t1\n",
    "",
    _nested(3000),
    _nested(40, {"k": float("nan")}),
    (1, 2),
    Label(ru="Да", en="Yes"),
    range(3),
]


def _places(value: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [where]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*where, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _places(item, (*where, i))
    return found


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_values_in_real_documents_raise_only_invalid_data(data: st.DataObject) -> None:
    """Any real document with a hostile value put anywhere (as a value or as a key) is read
    or refused with InvalidData whose path starts at $, and is left as it was."""
    name = data.draw(st.sampled_from(sorted(PUBLIC_TYPES)), label="type")
    x = data.draw(STRATEGIES[PUBLIC_TYPES[name]], label="value")
    document = to_dict(x, converter=CONVERTER)
    where = data.draw(st.sampled_from(_places(document)), label="where")
    hostile = data.draw(st.sampled_from(_HOSTILE), label="hostile")
    as_key = data.draw(st.booleans(), label="as key")
    parent: Any = document
    for step in where[:-1]:
        parent = parent[step]
    if not where:
        document = hostile
    elif as_key and isinstance(parent, dict):
        try:
            parent[hostile] = parent.pop(where[-1])
        except TypeError:  # unhashable: put it as a value instead
            parent[where[-1]] = hostile
    else:
        parent[where[-1]] = hostile
    try:
        result = from_dict(document, converter=CONVERTER)
    except InvalidData as err:
        path = err.path
    else:
        assert type(result) in PUBLIC_TYPES.values()
        return
    assert path.startswith("$"), path


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_json_text_raises_only_invalid_data(data: st.DataObject) -> None:
    """Real documents' text with NaN, Infinity, huge numbers, a repeated key, deep nesting or
    a lone surrogate spliced in at any value: read or refused with InvalidData."""
    name = data.draw(st.sampled_from(sorted(PUBLIC_TYPES)), label="type")
    x = data.draw(STRATEGIES[PUBLIC_TYPES[name]], label="value")
    document = to_dict(x, converter=CONVERTER)
    where = data.draw(st.sampled_from(_places(document)[1:]), label="where")
    literal = data.draw(
        st.sampled_from(
            [
                "NaN",
                "-Infinity",
                "1e400",
                "9" * 4400,
                "1" * 200 + ".5",
                '"\\udc00"',
                '{"a": 1, "a": 2}',
                "[" * 2000 + "]" * 2000,
                "-0",
                "1E2",
            ]
        ),
        label="literal",
    )
    parent: Any = document
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = "\x00splice\x00"
    text = json.dumps(document, ensure_ascii=False).replace('"\\u0000splice\\u0000"', literal)
    try:
        result = from_json(text, converter=CONVERTER)
    except InvalidData as err:
        path = err.path
    else:
        assert type(result) in PUBLIC_TYPES.values()
        return
    assert path.startswith("$"), path


# -- one converter, built once ------------------------------------------------------------------


def test_the_default_converter_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """to_json and from_json without a converter reuse one: no converter per call."""
    built: list[Any] = []
    real = json_adapter.make_converter

    def counting(definitions: DefinitionRegistry | None = None) -> Any:
        built.append(definitions)
        return real(definitions)

    monkeypatch.setattr(json_adapter, "make_converter", counting)
    teacher = Teacher(**TEACHER)
    for _ in range(3):
        assert from_json(to_json(teacher)) == teacher
        assert from_dict(to_dict(_plc())) == _plc()
    assert len(built) <= 1


def test_a_registry_gets_its_own_converter_which_sees_definitions_added_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """definitions=registry: one converter for it, built once, that also reads a definition
    registered after it was built; the default converter knows none of them."""
    door, window = _door("door"), _door("window")
    registry = DefinitionRegistry([PLC_CYCLE, door])
    wf = start(door, {"colour": "red"}, id="d1", actor="me", at=AT)
    fire(wf, "push", actor="me", at=AT)
    text = to_json(wf, definitions=registry)
    assert from_json(text, Workflow, definitions=registry) == wf
    assert "'door'" in _refused_text(text).problem

    built: list[Any] = []
    real = json_adapter.make_converter
    monkeypatch.setattr(json_adapter, "make_converter", lambda d=None: built.append(d) or real(d))
    registry.add(window)
    other = start(window, [1, 2], id="w1", actor="me", at=AT)
    assert from_json(to_json(other, definitions=registry), definitions=registry) == other
    assert from_json(text, definitions=registry) == wf
    assert built == []


def test_a_converter_and_definitions_together_are_refused() -> None:
    """A converter has its own definitions: giving both is ambiguous."""
    registry = DefinitionRegistry([PLC_CYCLE])
    with pytest.raises(InvalidData):
        to_json(Teacher(**TEACHER), converter=CONVERTER, definitions=registry)
    with pytest.raises(InvalidData):
        from_json(to_json(Teacher(**TEACHER)), converter=CONVERTER, definitions=registry)
    with pytest.raises(InvalidData):
        from_dict(_document(TEACHER), definitions=[PLC_CYCLE])  # type: ignore[arg-type]


# -- writing ------------------------------------------------------------------------------------


def _sneak(obj: Any, field: str, value: Any) -> None:
    """Set a field of a frozen object past its validators, as a buggy caller might."""
    object.__setattr__(obj, field, value)


@pytest.mark.parametrize(
    "reason",
    [b"x", 5, ["Переезд"], float("nan"), Label(ru="Да", en="Yes"), {"ru": "Да"}],
    ids=repr,
)
def test_a_wrong_typed_payload_value_is_refused_when_writing(reason: Any) -> None:
    """A payload whose str field holds bytes (or a number, a list...): InvalidData at its path,
    from to_json and to_dict alike, rather than a TypeError or a document no reader takes."""
    wf = _plc()
    leave = next(i for i, e in enumerate(wf.events) if e.trigger == "leave")
    _sneak(wf.events[leave].payload, "reason", reason)
    for write in (to_json, to_dict):
        with pytest.raises(InvalidData) as info:
            write(wf, converter=CONVERTER)
        assert info.value.path == f"$.data.events[{leave}].payload.reason"
        assert "string" in info.value.problem


def test_wrong_typed_values_are_refused_when_writing_any_type() -> None:
    """The writer checks every declared type: an int, a bool, an enum, a date-time."""
    teacher = Teacher(**TEACHER)
    for field, value in [
        ("years_experience", "12"),
        ("years_experience", True),
        ("years_experience", 2**60),
        ("career_stage", "novice"),
        ("subjects", "mathematics"),
        ("competencies", {"4c.creativity": 3}),
    ]:
        bad = copy.copy(teacher)
        _sneak(bad, field, value)
        with pytest.raises(InvalidData) as info:
            to_json(bad, converter=CONVERTER)
        assert info.value.path.startswith(f"$.data.{field}"), (field, info.value)


def test_naive_and_odd_date_times_when_writing() -> None:
    """A naive time is refused at its path; an offset in seconds (no RFC 3339 form) is written
    in UTC: the same instant, read back equal."""
    wf = _plc()
    _sneak(wf.events[2], "at", datetime(2025, 9, 1, 10, 0))
    with pytest.raises(InvalidData) as info:
        to_json(wf, converter=CONVERTER)
    assert info.value.path == "$.data.events[2].at"
    lmt = datetime(2025, 9, 1, 10, 0, tzinfo=timezone(timedelta(hours=2, seconds=17)))
    meeting = from_json(
        '{"schema_version": "1", "type": "Meeting", "data": '
        '{"kind": "working", "at": "2025-09-01T10:00:00Z"}}'
    )
    _sneak(meeting, "at", lmt)
    text = to_json(meeting, converter=CONVERTER)
    assert '"at": "2025-09-01T07:59:43+00:00"' in text
    assert from_json(text).at == lmt


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"x": float("nan")}, "$.data.data.x"),
        ({"x": [1, float("inf")]}, "$.data.data.x[1]"),
        ({1: "a"}, "$.data.data"),
        ({"x": b"bytes"}, "$.data.data.x"),
        ({"x": {1, 2}}, "$.data.data.x"),
        ({"x": "\ud800"}, "$.data.data.x"),
    ],
    ids=["nan", "inf", "int-key", "bytes", "set", "surrogate"],
)
def test_untyped_data_json_cannot_hold_is_refused_when_writing(data: Any, path: str) -> None:
    """Data of an untyped definition is written as it is: NaN, a non-string key, bytes, a set
    or a lone surrogate has no JSON form, and is refused where it is."""
    door = _door()
    wf = start(door, data, id="d", actor="me", at=AT)
    with pytest.raises(InvalidData) as info:
        to_json(wf, definitions=DefinitionRegistry([door]))
    assert info.value.path in (path, path.replace("$.data.data", "$.data.events[0].payload"))


def test_an_event_of_an_unregistered_definition_is_refused_at_the_event() -> None:
    """Writing a workflow whose definition the registry lacks names the event's definition."""
    wf = start(_door(), None, id="d", actor="me", at=AT)
    with pytest.raises(InvalidData) as info:
        to_json(wf)
    assert info.value.path == "$.data.events[0].definition"
    assert "door" in info.value.problem


def test_writing_a_value_that_reads_back_is_unchanged() -> None:
    """The writer's checks refuse nothing the model makes: a whole PLC run is written and
    read back equal, twice with the same text."""
    wf = _plc()
    text = to_json(wf)
    assert from_json(text) == wf
    assert to_json(from_json(text)) == text
    assert math.isclose(from_json(to_json(PlcData(name="ПОС"))).rules.vote_quorum, 0.5)


# -- replaying a stored workflow checks every event ---------------------------------------------


@pytest.mark.parametrize("field", ["target", "source"])
def test_an_edited_state_in_a_middle_event_is_refused(field: str) -> None:
    """A stored event whose source or target is not where replaying it goes is refused at that
    event (engine.replay compares every replayed event with the stored one)."""
    document = to_dict(_plc(), converter=CONVERTER)
    events = document["data"]["events"]
    middle = len(events) // 2
    assert 0 < middle < len(events) - 1
    events[middle][field] = "topic_list" if events[middle][field] != "topic_list" else "forming"
    err = _refused(document, converter=CONVERTER)
    assert err.path == f"$.data.events[{middle}].{field}"
