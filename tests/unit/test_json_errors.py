"""Invalid documents raise InvalidData with the path to the first bad field, and build nothing."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies_all import STRATEGIES

from pedcommunity.adapters.json import (
    PUBLIC_TYPES,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.i18n import Label
from pedcommunity.model import Organisation, Teacher
from pedcommunity.workflows import (
    PLC_CYCLE,
    DefinitionRegistry,
    PlcData,
    Workflow,
    fire,
    replay,
    start,
)

CONVERTER = make_converter()
AT = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)

TEACHER = {"id": "t1", "name": "Анна Петрова", "organisation_id": "school-95"}
TOPIC = {"id": "nvc", "title": {"ru": "Ненасильственное общение", "en": "NVC"}}


def _document(type_name: str, data: Any, version: Any = "1") -> dict[str, Any]:
    return {"schema_version": version, "type": type_name, "data": data}


def _refused(document: Any, path: str, cls: type | None = None) -> InvalidData:
    """Read ``document``; check it raises InvalidData at ``path`` and leaves the input as it was."""
    before = copy.deepcopy(document)
    with pytest.raises(InvalidData) as info:
        from_dict(document, cls, converter=CONVERTER)
    assert info.value.path == path, str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    assert document == before
    return info.value


def _read(document: Any) -> tuple[Any, InvalidData | None]:
    """Read ``document``: the object and no error, or no object and the InvalidData."""
    try:
        return from_dict(document, converter=CONVERTER), None
    except InvalidData as exc:
        return None, exc


def _plc_workflow() -> Workflow:
    """A PLC with three members, as stored."""
    wf = start(PLC_CYCLE, PlcData(name="ПОС: Мастерские роста"), id="plc-95", actor="head", at=AT)
    for t in ("t1", "t2", "t3"):
        fire(wf, "join", actor=t, at=AT, teacher_id=t)
    return wf


def _plc_document() -> dict[str, Any]:
    return to_dict(_plc_workflow(), converter=CONVERTER)


# -- the baseline documents are valid --------------------------------------------------------


def test_baseline_documents_are_valid() -> None:
    """The documents the tests below break are read without error as they are."""
    assert from_dict(_document("Teacher", TEACHER), Teacher).name == "Анна Петрова"
    assert from_dict(_document("Topic", TOPIC)).title.en == "NVC"
    assert from_dict(_plc_document(), Workflow) == _plc_workflow()


# -- the envelope ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "{not json", "{'id': 't1'}", '{"schema_version": "1",', b"\xff\xfe\xfa"],
    ids=["empty", "garbage", "single-quotes", "truncated", "not-utf8"],
)
def test_text_that_is_not_json_is_refused(text: str | bytes) -> None:
    """from_json refuses text that is not JSON with InvalidData at $."""
    with pytest.raises(InvalidData) as info:
        from_json(text, converter=CONVERTER)
    assert info.value.path == "$"
    assert "not valid JSON" in info.value.problem


@pytest.mark.parametrize("text", ["[]", "null", "42", "true", '"Teacher"', '[{"type": "Teacher"}]'])
def test_json_that_is_not_an_object_is_refused(text: str) -> None:
    """A document is a JSON object; anything else is refused at $."""
    with pytest.raises(InvalidData) as info:
        from_json(text, converter=CONVERTER)
    assert info.value.path == "$"
    assert "JSON object" in info.value.problem


@pytest.mark.parametrize(
    "version",
    ["2", "0", "2.0", "", "one", 1, 1.0, None, ["1"], "1.x", "1.", "1\n", " 1", "1.01", "11"],
    ids=repr,
)
def test_wrong_schema_version_is_refused(version: Any) -> None:
    """Another major version, a schema_version that is not a string, or a minor version that
    is not a number ('1.x', as the JSON Schema says) is refused."""
    err = _refused(_document("Teacher", TEACHER, version), "$.schema_version")
    assert "'1'" in err.problem


def test_missing_schema_version_is_refused() -> None:
    """A document without schema_version is refused at $.schema_version."""
    _refused({"type": "Teacher", "data": TEACHER}, "$.schema_version")


@pytest.mark.parametrize("version", ["1.1", "1.0", "1.12"])
def test_a_minor_version_of_the_same_major_is_read(version: str) -> None:
    """Readers refuse other major versions only: 1.1 is read as 1."""
    assert from_dict(_document("Teacher", TEACHER, version)) == Teacher(**TEACHER)


@pytest.mark.parametrize(
    "type_name", ["Pupil", "teacher", "", "WorkflowDefinition", "Context", 5, None, ["Teacher"]]
)
def test_unknown_type_is_refused(type_name: Any) -> None:
    """A type that is not in PUBLIC_TYPES is refused at $.type, listing the known ones."""
    err = _refused(_document(type_name, TEACHER), "$.type")
    assert "Teacher" in err.problem
    assert "Workflow" in err.problem


def test_missing_type_is_refused() -> None:
    """A document without type is refused at $.type."""
    _refused({"schema_version": "1", "data": TEACHER}, "$.type")


def test_type_mismatch_with_cls_is_refused() -> None:
    """from_dict(doc, cls=Organisation) refuses a Teacher document, naming both types."""
    err = _refused(_document("Teacher", TEACHER), "$.type", Organisation)
    assert "Organisation" in err.problem
    assert "Teacher" in err.problem


def test_type_mismatch_with_cls_is_refused_from_json() -> None:
    """from_json(text, cls) checks the type the same way."""
    text = to_json(Teacher(**TEACHER), converter=CONVERTER)
    with pytest.raises(InvalidData) as info:
        from_json(text, Organisation, converter=CONVERTER)
    assert info.value.path == "$.type"


def test_missing_data_is_refused() -> None:
    """A document without data is refused at $.data."""
    _refused({"schema_version": "1", "type": "Teacher"}, "$.data")


def test_unknown_envelope_field_is_refused() -> None:
    """The envelope has exactly schema_version, type and data."""
    err = _refused({**_document("Teacher", TEACHER), "checksum": "abc"}, "$")
    assert "checksum" in err.problem


@pytest.mark.parametrize(("type_name", "data"), [("Teacher", [TEACHER]), ("Label", "Да")])
def test_data_that_is_not_an_object_is_refused(type_name: str, data: Any) -> None:
    """The data of an attrs type is a JSON object."""
    _refused(_document(type_name, data), "$.data")


# -- missing, wrong and extra fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "data", "path"),
    [
        ("Teacher", {"id": "t1", "organisation_id": "school-95"}, "$.data.name"),
        ("Teacher", {"name": "Анна", "organisation_id": "school-95"}, "$.data.id"),
        ("Vote", {"teacher_id": "t1"}, "$.data.topic_id"),
        ("Topic", {"id": "nvc", "title": {"ru": "ННО"}}, "$.data.title.en"),
        (
            "CompetencyCatalogue",
            {
                "id": "cat",
                "name": {"ru": "Каталог", "en": "Catalogue"},
                "competencies": [
                    {"id": "a", "name": {"ru": "А", "en": "A"}},
                    {"id": "b", "name": {"ru": "Б"}},
                ],
            },
            "$.data.competencies[1].name.en",
        ),
    ],
    ids=["teacher.name", "teacher.id", "vote.topic_id", "topic.title.en", "catalogue-deep"],
)
def test_missing_required_field_is_refused_at_its_path(
    type_name: str, data: dict[str, Any], path: str
) -> None:
    """A missing required field is refused with the path to it."""
    err = _refused(_document(type_name, data), path)
    assert "missing" in err.problem


@pytest.mark.parametrize(
    ("type_name", "data", "path"),
    [
        (
            "Teacher",
            {**TEACHER, "competencies": {"4c.creativity": "high"}},
            "$.data.competencies['4c.creativity']",
        ),
        (
            "Teacher",
            {**TEACHER, "competencies": {"4c.creativity": 7}},
            "$.data.competencies['4c.creativity']",
        ),
        ("Teacher", {**TEACHER, "years_experience": "3"}, "$.data.years_experience"),
        ("Teacher", {**TEACHER, "years_experience": 3.7}, "$.data.years_experience"),
        ("Teacher", {**TEACHER, "years_experience": True}, "$.data.years_experience"),
        ("Teacher", {**TEACHER, "career_stage": "guru"}, "$.data.career_stage"),
        ("Teacher", {**TEACHER, "subjects": "mathematics"}, "$.data.subjects"),
        ("Teacher", {**TEACHER, "subjects": ["mathematics", 5]}, "$.data.subjects[1]"),
        ("Topic", {**TOPIC, "title": {"ru": "ННО", "en": 5}}, "$.data.title.en"),
        ("Topic", {**TOPIC, "title": "ННО"}, "$.data.title"),
        ("HoldMeeting", {"kind": "working", "online": "no"}, "$.data.online"),
        ("HoldMeeting", {"kind": "weekly"}, "$.data.kind"),
        ("Meeting", {"kind": "working", "at": "2025-09-01T10:00:00"}, "$.data.at"),
        ("Meeting", {"kind": "working", "at": "yesterday"}, "$.data.at"),
        ("Meeting", {"kind": "working", "at": 1756720800}, "$.data.at"),
        ("Membership", {"teacher_id": 5}, "$.data.teacher_id"),
        ("LearningPlan", {"uncovered": [["t1"]]}, "$.data.uncovered[0]"),
        (
            "PlcData",
            {"name": "ПОС", "meetings": [{"kind": "working", "at": "2025-09-01T10:00:00"}]},
            "$.data.meetings[0].at",
        ),
        ("PlcData", {"name": "ПОС", "votes": {"t1": 5}}, "$.data.votes['t1']"),
        ("PlcRules", {"vote_quorum": "half"}, "$.data.vote_quorum"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("$") else None,
)
def test_wrong_field_type_is_refused_at_its_path(
    type_name: str, data: dict[str, Any], path: str
) -> None:
    """A value of the wrong JSON type, even deep inside, is refused, not coerced."""
    _refused(_document(type_name, data), path)


@pytest.mark.parametrize(
    ("type_name", "data", "path", "field"),
    [
        ("Teacher", {**TEACHER, "age": 41}, "$.data", "age"),
        (
            "Topic",
            {**TOPIC, "title": {"ru": "ННО", "en": "NVC", "de": "GFK"}},
            "$.data.title",
            "de",
        ),
        (
            "LearningPlan",
            {"assignments": [{"learner_id": "t2", "competency_id": "c", "source": "курс", "x": 1}]},
            "$.data.assignments[0]",
            "x",
        ),
    ],
    ids=["top", "nested", "in-array"],
)
def test_extra_unknown_field_is_refused(
    type_name: str, data: dict[str, Any], path: str, field: str
) -> None:
    """Unknown fields are refused where they are, naming them."""
    err = _refused(_document(type_name, data), path)
    assert field in err.problem


@pytest.mark.parametrize(
    ("type_name", "data", "path", "words"),
    [
        ("Teacher", {**TEACHER, "years_experience": -2}, "$.data.years_experience", "0 to 70"),
        ("Teacher", {**TEACHER, "name": "   "}, "$.data.name", "non-empty"),
        ("Teacher", {**TEACHER, "id": "-t1"}, "$.data.id", "letters, digits"),
        ("Teacher", {**TEACHER, "id": "t" * 129}, "$.data.id", "1-128"),
        ("Topic", {**TOPIC, "title": {"ru": "ННО", "en": " "}}, "$.data.title.en", "empty"),
        ("PlcRules", {"min_members": 9, "max_members": 8}, "$.data.min_members", "exceed"),
        ("PlcRules", {"vote_quorum": 0}, "$.data.vote_quorum", "(0, 1]"),
        (
            "PlcData",
            {"name": "ПОС", "rules": {"min_members": 9, "max_members": 8}},
            "$.data.rules.min_members",
            "exceed",
        ),
        ("Reflection", {"teaching_changes": [], "pupil_impact": ["x"]}, "$.data", "change"),
        ("InteractionAgreement", {"rules": []}, "$.data", "rule"),
        (
            "LearningAssignment",
            {"learner_id": "t1", "competency_id": "c", "teacher_id": "t2", "source": "курс"},
            "$.data",
            "exactly one",
        ),
        (
            "LearningPlan",
            {
                "assignments": [
                    {"learner_id": "t1", "competency_id": "c", "source": "курс"},
                    {"learner_id": "t2", "competency_id": "c", "teacher_id": "t2"},
                ]
            },
            "$.data.assignments[1]",
            "themself",
        ),
        (
            "CycleRecord",
            {"number": 0, "topic_id": "t", "competency_ids": [], "plan": None, "reflection": None},
            "$.data.number",
            "at least 1",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("$") else None,
)
def test_validator_failure_is_refused_at_its_field(
    type_name: str, data: dict[str, Any], path: str, words: str
) -> None:
    """A value an attrs validator refuses becomes InvalidData at that field, with its reason."""
    err = _refused(_document(type_name, data), path)
    assert words in err.problem


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({**TEACHER, "subjects": ["mathematics", "  "]}, "$.data.subjects"),
        ({**TEACHER, "competencies": {"bad key": 1}}, "$.data.competencies"),
    ],
)
def test_validator_failure_inside_a_collection_points_at_the_collection(
    data: dict[str, Any], path: str
) -> None:
    """An item refused by a collection's validator is reported at (or inside) the collection."""
    before = copy.deepcopy(data)
    with pytest.raises(InvalidData) as info:
        from_dict(_document("Teacher", data), converter=CONVERTER)
    assert info.value.path.startswith(path)
    assert data == before


def test_id_with_a_trailing_newline_is_refused() -> None:
    """An id is letters, digits and _.:@/- only: a trailing newline is refused."""
    _refused(_document("Teacher", {**TEACHER, "id": "t1\n"}), "$.data.id")


_DUPLICATES = {
    "topic": ("Topic", {**TOPIC, "competencies": ["nvc", "nvc"]}, "$.data.competencies"),
    "catalogue": (
        "CompetencyCatalogue",
        {
            "id": "cat",
            "name": {"ru": "Каталог", "en": "Catalogue"},
            "competencies": [
                {"id": "a", "name": {"ru": "А", "en": "A"}},
                {"id": "a", "name": {"ru": "А", "en": "A"}},
            ],
        },
        "$.data.competencies",
    ),
    "community": (
        "Community",
        {"id": "c", "name": "ПОС", "kind": "plc", "member_ids": ["t1", "t1"]},
        "$.data.member_ids",
    ),
}


@pytest.mark.parametrize("case", sorted(_DUPLICATES))
def test_duplicate_ids_are_refused(case: str) -> None:
    """A repeated id is refused as InvalidData that names the duplicate."""
    type_name, data, _ = _DUPLICATES[case]
    with pytest.raises(InvalidData) as info:
        from_dict(_document(type_name, data), converter=CONVERTER)
    assert "Duplicate" in info.value.problem
    assert info.value.path.startswith("$.data")


@pytest.mark.parametrize("case", sorted(_DUPLICATES))
def test_duplicate_ids_are_refused_at_their_field(case: str) -> None:
    """A repeated id is refused at the field that repeats it."""
    type_name, data, path = _DUPLICATES[case]
    _refused(_document(type_name, data), path)


def test_duplicate_competency_of_a_topic_is_named_in_plain_words() -> None:
    """The message about a topic's repeated competency says 'competency'."""
    type_name, data, _ = _DUPLICATES["topic"]
    with pytest.raises(InvalidData) as info:
        from_dict(_document(type_name, data), converter=CONVERTER)
    assert "Duplicate competency 'nvc'" in info.value.problem


# -- workflows -------------------------------------------------------------------------------


def _broken(change: Any) -> dict[str, Any]:
    document = _plc_document()
    change(document["data"])
    return document


def test_unknown_workflow_definition_is_refused_with_a_helpful_message() -> None:
    """A workflow of an unregistered definition is refused, naming it and the registered ones."""
    document = _broken(lambda wf: wf.update(definition="mentoring"))
    with pytest.raises(PedcommunityError) as info:
        from_dict(document, Workflow, converter=CONVERTER)
    # The code wraps UnknownDefinition into InvalidData (the JSON adapter's one error).
    assert isinstance(info.value, InvalidData)
    message = str(info.value)
    assert "'mentoring'" in message
    assert "'2'" in message
    assert "plc_cycle@1" in message and "plc_cycle@2" in message


def test_unknown_workflow_definition_is_refused_at_its_field() -> None:
    """The path of an unknown definition points at the document's definition field."""
    _refused(_broken(lambda wf: wf.update(definition="mentoring")), "$.data.definition")


def test_derived_definition_needs_its_registry() -> None:
    """A derived definition's workflow reads back only with a converter that registers it."""
    strict = PLC_CYCLE.extend(name="plc_strict", version="2", label=Label(ru="Строгий", en="S"))
    converter = make_converter(DefinitionRegistry([PLC_CYCLE, strict]))
    wf = start(strict, PlcData(name="ПОС"), id="p", actor="head", at=AT)
    text = to_json(wf, converter=converter)
    assert from_json(text, Workflow, converter=converter) == wf
    with pytest.raises(InvalidData) as info:
        from_json(text, Workflow, converter=CONVERTER)
    assert "'plc_strict'" in info.value.problem
    assert "'2'" in info.value.problem


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda wf: wf["events"][2].update(sequence=5), "$.data.events[2]", "sequence 5"),
        (lambda wf: wf["events"][2].update(sequence=2), "$.data.events[2]", "sequence 2"),
        (
            lambda wf: wf["events"].insert(1, wf["events"].pop(2)),
            "$.data.events[1]",
            "sequence 3",
        ),
        (lambda wf: wf["events"].pop(1), "$.data.events[1]", "sequence 3"),
        (lambda wf: wf["events"][1].update(workflow_id="other"), "$.data.events[1]", "'other'"),
    ],
    ids=["gap", "repeat", "swapped", "missing", "other-workflow"],
)
def test_event_out_of_sequence_is_refused(change: Any, path: str, words: str) -> None:
    """Events are numbered 1, 2, 3... and belong to the workflow; others are refused."""
    err = _refused(_broken(change), path)
    assert words in err.problem


def test_event_sequence_below_one_is_refused_within_the_event() -> None:
    """An event numbered 0 is refused inside that event."""
    document = _broken(lambda wf: wf["events"][1].update(sequence=0))
    with pytest.raises(InvalidData) as info:
        from_dict(document, converter=CONVERTER)
    assert info.value.path.startswith("$.data.events[1]")
    assert "sequence" in info.value.problem


def test_state_that_does_not_match_the_last_event_is_refused() -> None:
    """The stored state must be where the last event ended."""
    err = _refused(_broken(lambda wf: wf.update(state="choice")), "$.data.state")
    assert "'forming'" in err.problem
    assert "'choice'" in err.problem


def test_unknown_state_is_refused() -> None:
    """A state the definition does not have is refused, listing the states."""
    err = _refused(_broken(lambda wf: wf.update(state="nowhere")), "$.data.state")
    assert "topic_list" in err.problem


@pytest.mark.parametrize("events", [[], None, {"0": {}}], ids=repr)
def test_workflow_without_events_is_refused(events: Any) -> None:
    """A workflow has a non-empty array of events."""
    _refused(_broken(lambda wf: wf.update(events=events)), "$.data.events")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda wf: wf.pop("id"), "$.data.id"),
        (lambda wf: wf.update(definition_version=1), "$.data.definition_version"),
        (lambda wf: wf.update(owner="head"), "$.data"),
        (lambda wf: wf["data"].update(name=" "), "$.data.data.name"),
        (lambda wf: wf["events"][1]["payload"].update(teacher_id="-"), None),
        (lambda wf: wf["events"][1]["payload"].pop("teacher_id"), None),
        (lambda wf: wf["events"][1].update(payload=None), "$.data.events[1].payload"),
        (lambda wf: wf["events"][1].update(at="2025-09-01T10:00:00"), "$.data.events[1].at"),
        (lambda wf: wf["events"][1].pop("actor"), "$.data.events[1].actor"),
        (lambda wf: wf["events"][1].update(trigger="fly"), "$.data.events[1].trigger"),
        (lambda wf: wf["events"][1].update(definition="plc"), "$.data.events[1].definition"),
        (lambda wf: wf["events"][0].update(payload=None), "$.data.events[0].payload"),
    ],
    ids=[
        "no-id",
        "version-number",
        "extra-field",
        "blank-name",
        "bad-payload-id",
        "payload-field-missing",
        "payload-missing",
        "naive-time",
        "no-actor",
        "unknown-trigger",
        "definition-without-version",
        "start-without-data",
    ],
)
def test_bad_workflow_field_is_refused_at_its_path(change: Any, path: str | None) -> None:
    """A bad field of a stored workflow, its data or one of its events is refused at its path."""
    _refused(_broken(change), path or "$.data.events[1].payload.teacher_id")


def test_event_of_an_unknown_definition_version_is_refused_at_the_event() -> None:
    """An event recorded under another definition version is refused at that event."""
    document = _broken(lambda wf: wf["events"][1].update(definition="plc_cycle@9"))
    err = _refused(document, "$.data.events[1].definition")
    assert "plc_cycle@1" in err.problem


def test_workflow_data_its_events_do_not_produce_is_refused() -> None:
    """A stored workflow whose data differs from what its events produce is refused."""
    document = _broken(lambda wf: wf["data"].update(members=["t1"]))
    back, error = _read(document)
    if error is None:
        assert replay(back.definition, back.events) == back, "read back a workflow that lies"
    assert error is not None
    assert error.path.startswith("$.data.data")


# -- domain events on their own --------------------------------------------------------------


def _event_document(**changes: Any) -> dict[str, Any]:
    event = _plc_workflow().events[1]
    document = to_dict(event, converter=CONVERTER)
    document["data"].update(changes)
    return document


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"trigger": "open_vote", "source": "topic_list", "target": "choice"}, None, "no payload"),
        ({"payload": None}, "$.data.payload", "Membership"),
        ({"trigger": "fly"}, "$.data.trigger", "no trigger 'fly'"),
        ({"definition": "plc_cycle"}, "$.data.definition", "name@version"),
        ({"at": "2025-09-01"}, "$.data.at", "offset"),
        ({"sequence": "2"}, "$.data.sequence", "integer"),
    ],
    ids=["payload-not-taken", "payload-missing", "trigger", "definition", "date-only", "seq"],
)
def test_bad_event_document_is_refused(
    changes: dict[str, Any], path: str | None, words: str
) -> None:
    """A DomainEvent document is checked against its definition's triggers and payloads."""
    err = _refused(_event_document(**changes), path or "$.data.payload")
    assert words in err.problem


# -- any corruption ----------------------------------------------------------------------------

_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)


def _places(value: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [where]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*where, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _places(item, (*where, i))
    return found


@given(data=st.data())
def test_any_corrupted_document_is_read_or_refused_with_invalid_data(data: st.DataObject) -> None:
    """Replacing, removing or adding any value in a valid document never raises anything else."""
    name = data.draw(st.sampled_from(sorted(PUBLIC_TYPES)), label="type")
    x = data.draw(STRATEGIES[PUBLIC_TYPES[name]], label="value")
    document = json.loads(to_json(x, converter=CONVERTER))
    where = data.draw(st.sampled_from(_places(document)), label="where")
    action = data.draw(st.sampled_from(["replace", "remove", "add"]), label="action")
    new = data.draw(_JSON_VALUES, label="new")
    parent: Any = document
    for step in where[:-1]:
        parent = parent[step]
    if not where:
        document = new
    elif action == "replace":
        parent[where[-1]] = new
    elif action == "remove":
        del parent[where[-1]]
    elif isinstance(parent[where[-1]], dict):
        parent[where[-1]][data.draw(st.text(max_size=4), label="key")] = new
    elif isinstance(parent[where[-1]], list):
        parent[where[-1]].append(new)
    else:
        parent[where[-1]] = new
    result, error = _read(document)
    if error is None:
        assert type(result) in PUBLIC_TYPES.values()
    else:
        assert error.path.startswith("$"), error.path
        assert "<" not in error.path, error.path  # no object reprs in a path
