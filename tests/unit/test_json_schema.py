"""The JSON Schema of the contract: shipped, valid, and in step with what the converter writes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity import (
    PLC_CYCLE,
    AuditAnswer,
    AuditStatus,
    CareerStage,
    Community,
    CommunityKind,
    Competency,
    CompetencyCatalogue,
    DomainEvent,
    Engine,
    EvidenceSource,
    EvidenceUnit,
    InteractionAgreement,
    Label,
    LearningAssignment,
    LearningPlan,
    Level,
    ManualClock,
    Organisation,
    OrganisationKind,
    PlcData,
    PupilEvidence,
    Reflection,
    Teacher,
    Topic,
)
from pedcommunity.adapters.json import (
    DATE_TIME_PATTERN,
    MAX_INTEGER,
    PUBLIC_TYPES,
    from_dict,
    make_converter,
    to_dict,
)
from pedcommunity.adapters.json_schema import (
    CONTRACT_SCHEMA_ID,
    ID_PATTERN,
    NON_BLANK_PATTERN,
    contract_schema,
    schema_for,
)
from pedcommunity.errors import InvalidData
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import (
    AddCompetency,
    AdoptPlan,
    AgreeInteraction,
    ChooseTopic,
    CycleRecord,
    DefinitionRegistry,
    Disband,
    HoldMeeting,
    Leave,
    Meeting,
    MeetingKind,
    Membership,
    PlcRules,
    ProposeTopic,
    Reflect,
    RemoveCompetency,
    State,
    SubmitAudit,
    Transition,
    TriggerSpec,
    Vote,
    WithdrawTopic,
    Workflow,
    WorkflowDefinition,
    fire,
    start,
)

AT = datetime(2025, 9, 1, 15, 30, tzinfo=timezone(timedelta(hours=7)))
NVC = Competency(
    id="nonviolent_communication",
    name=Label(ru="Ненасильственное общение", en="Non-violent communication"),
    description=Label(ru="Техника ННО М. Розенберга", en="M. Rosenberg's NVC technique"),
)
TOPIC = Topic(
    id="nonviolent_communication",
    title=Label(ru="Техника ненасильственного общения", en="Non-violent communication"),
    challenge=Label(ru="Конфликты на переменах", en="Conflicts at break time"),
    competencies=("nonviolent_communication", "4c.communication"),
    proposed_by="t1",
)
AGREEMENT = InteractionAgreement(
    rules=("Говорим по очереди", "Без оценок"), signed_by=("t1", "t2", "t3")
)
PLAN = LearningPlan(
    assignments=(
        LearningAssignment(
            learner_id="t2", competency_id="nonviolent_communication", teacher_id="t1"
        ),
        LearningAssignment(
            learner_id="t3", competency_id="nonviolent_communication", source="курс ЦНППМ"
        ),
    ),
    uncovered=(("t4", "4c.creativity"),),
)
EVIDENCE = PupilEvidence(
    measure="Аргументируют позицию в дискуссии",
    group="5–7 классы",
    baseline=0.35,
    result=0.6,
    baseline_on=date(2025, 9, 15),
    result_on=date(2025, 10, 1),
    source=EvidenceSource.LESSON_OBSERVATION,
    pupils=74,
    competency_id="nonviolent_communication",
    collected_by=("t1", "t2"),
)
SCORES = PupilEvidence(
    measure="Диагностическая работа",
    group="6Б",
    baseline=3.1,
    result=3.6,
    baseline_on=date(2025, 9, 15),
    result_on=date(2025, 10, 1),
    source=EvidenceSource.OTHER,
    unit=EvidenceUnit.SCORE,
    max_score=5,
    source_note="протоколы 12 уроков",
)
REFLECTION = Reflection(
    teaching_changes=("Соглашения на каждом уроке",),
    pupil_impact=("Конфликтов на переменах стало меньше",),
    pupil_evidence=(EVIDENCE, SCORES),
)
ANSWER = AuditAnswer(
    teacher_id="t3",
    competency_id="nonviolent_communication",
    status=AuditStatus.MUST_PREPARE,
    learning_source="курс ЦНППМ",
)


def run_plc() -> Workflow:
    """A PLC run through a whole cycle and into the next, then disbanded: every trigger once.

    Every trigger of ``PLC_CYCLE`` but ``close``: the learning of version 2 (a session with a
    peer and one with a source, a mark sent back and marked again, confirmations) and the
    organisation's triggers (chat, announcement, the director's order, facilitators,
    recognition, a meeting's team-building activity).
    """
    from pedcommunity.model import (
        ChatPlatform,
        DirectorsOrder,
        MeetingActivity,
        PlcRecognition,
        RecognitionKind,
        TeamBuildingTool,
    )
    from pedcommunity.model.mentoring import MeetingFormat

    clock = ManualClock(datetime(2025, 9, 1, 9, tzinfo=UTC))
    engine = Engine(clock=clock)
    plc = engine.start(
        PLC_CYCLE,
        PlcData(
            name="ПОС: Мастерские роста",
            organisation_id="school-95",
            leader_id="head",
            rules=PlcRules(max_teaching_load=1),  # so t3's gap goes to the outside source
        ),
        id="plc-95",
        actor="head",
    )

    def fire(trigger: str, payload: Any = None, *, actor: str = "head", **fields: Any) -> None:
        clock.advance(timedelta(days=1))
        engine.fire(plc, trigger, payload, actor=actor, **fields)

    fire(
        "open_chat",
        platform=ChatPlatform.SFERUM,
        name="ПОС: Мастерские роста",
        link="https://sferum.ru/?p=messages&join=abc",
    )
    fire("announce", channel="Общий чат школы", description="Приглашаем в ПОС")
    for t in ("t1", "t2", "t3"):
        fire("join", actor=t, teacher_id=t)
    members = ("t1", "t2", "t3")
    fire(
        "record_order",
        order=DirectorsOrder(
            number="123-о",
            signed_on=date(2025, 9, 3),
            leader_id="head",
            facilitator_ids=("t1",),
        ),
    )
    fire("appoint_facilitator", teacher_id="t2")
    fire("relieve_facilitator", teacher_id="t2")
    fire(
        "hold_meeting",
        kind=MeetingKind.ORGANISATIONAL,
        attendees=members,
        activities=(MeetingActivity(tool=TeamBuildingTool.MOOD_SQUARE, led_by="t1"),),
    )
    fire("hold_meeting", kind=MeetingKind.AGREEMENT, online=True, attendees=members, notes="Zoom")
    fire("agree", agreement=AGREEMENT)
    fire("open_topic_list")
    fire("propose_topic", topic=attrs.evolve(TOPIC, proposed_by=None), actor="t1")
    fire("propose_topic", topic=Topic(id="4c", title=Label(ru="4К", en="4C")), actor="t2")
    fire("withdraw_topic", topic_id="4c")
    fire("open_vote")
    for t in members:
        fire("vote", actor=t, teacher_id=t, topic_id=TOPIC.id)
    fire("choose_topic", ChooseTopic())
    fire("list_competency", competency=NVC)
    fire("list_competency", competency=Competency(id="x", name=Label(ru="Икс", en="X")))
    fire("unlist_competency", competency_id="x")
    fire("open_audit")
    statuses = {"t1": AuditStatus.CAN_TEACH, "t2": AuditStatus.CANNOT_DO, "t3": None}
    for t, status in statuses.items():
        answer = ANSWER if status is None else attrs.evolve(ANSWER, teacher_id=t, status=status)
        fire("submit_audit", actor=t, teacher_id=t, answers=(answer,))
    fire("close_audit")
    fire("adopt_plan", plan=propose_plan(plc.data))
    fire("hold_meeting", kind=MeetingKind.WORKING, attendees=("t1", "t2"))
    nvc = NVC.id
    assert plc.data.plan is not None
    peer = next(a for a in plc.data.plan.assignments if a.teacher_id is not None)
    outside = next(a for a in plc.data.plan.assignments if a.source is not None)
    learner = peer.learner_id
    fire(
        "hold_session",
        actor=peer.teacher_id,
        competency_id=nvc,
        learner_ids=(learner,),
        teacher_id=peer.teacher_id,
    )
    fire(
        "hold_session",
        actor=outside.learner_id,
        competency_id=nvc,
        learner_ids=(outside.learner_id,),
        source=outside.source,
        format=MeetingFormat.ONLINE,
        notes="Вебинар 1",
    )
    mark = {"learner_id": learner, "competency_id": nvc}
    fire("mark_learnt", actor=learner, **mark)
    fire("decline_learnt", actor=peer.teacher_id, reason="Нужен открытый урок", **mark)
    fire("mark_learnt", actor=learner, evidence="Урок с приёмами ННО в 6Б", **mark)
    fire("confirm_learnt", actor=peer.teacher_id, **mark)
    fire("mark_learnt", actor=outside.learner_id, learner_id=outside.learner_id, competency_id=nvc)
    fire("confirm_learnt", learner_id=outside.learner_id, competency_id=nvc)
    fire("start_reflection")
    fire("reflect", reflection=REFLECTION)
    fire(
        "recognise",
        recognition=PlcRecognition(
            kind=RecognitionKind.INCENTIVE,
            teacher_ids=("t1", "t2"),
            on=date(2025, 10, 5),
            reason="Активное участие в работе ПОС",
        ),
    )
    fire("next_cycle")
    fire("join", actor="t4", teacher_id="t4")
    fire("leave", actor="t4", teacher_id="t4", reason="Переезд")
    fire("disband", reason="Школа закрывается на ремонт")
    return plc


@cache
def examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type, by its name in the contract."""
    plc = run_plc()
    return (
        plc_values(plc)
        | {
            "Label": Label(ru="Выбор темы", en="Choice of topic"),
            "AuditAnswer": ANSWER,
            "Community": Community(
                id="plc-95",
                name="ПОС: Мастерские роста",
                kind=CommunityKind.PLC,
                organisation_ids=("school-95",),
                member_ids=("t1", "t2", "t3"),
            ),
            "Competency": NVC,
            "CompetencyCatalogue": CompetencyCatalogue(
                id="school-95",
                name=Label(ru="Компетенции СШ 95", en="School 95"),
                competencies=(NVC,),
            ),
            "DomainEvent": DomainEvent(
                workflow_id="plc-95",
                definition="plc_cycle@1",
                sequence=2,
                trigger="join",
                actor="t1",
                at=AT,
                source="forming",
                target="forming",
                payload=Membership(teacher_id="t1"),
            ),
            "InteractionAgreement": AGREEMENT,
            "LearningAssignment": PLAN.assignments[0],
            "LearningPlan": PLAN,
            "Organisation": Organisation(
                id="school-95",
                name="МБОУ СШ № 95",
                kind=OrganisationKind.SCHOOL,
                city="Красноярск",
            ),
            "Reflection": REFLECTION,
            "Teacher": Teacher(
                id="t1",
                name="Анна Петрова",
                organisation_id="school-95",
                subjects=("mathematics",),
                years_experience=12,
                competencies={
                    "4c.communication": Level.EXPERT,
                    "nonviolent_communication": Level.NONE,
                },
            ),
            "Topic": TOPIC,
            "AddCompetency": AddCompetency(competency=NVC),
            "AdoptPlan": AdoptPlan(plan=PLAN),
            "AgreeInteraction": AgreeInteraction(agreement=AGREEMENT),
            "ChooseTopic": ChooseTopic(topic_id=TOPIC.id),
            "CycleRecord": CycleRecord(
                number=1,
                topic_id=TOPIC.id,
                competency_ids=(NVC.id,),
                plan=PLAN,
                reflection=REFLECTION,
                sessions=plc.data.history[0].sessions,
                learnt=plc.data.history[0].learnt,
            ),
            "Disband": Disband(reason="Цели достигнуты"),
            "HoldMeeting": HoldMeeting(
                kind=MeetingKind.WORKING, online=True, attendees=("t1", "t2")
            ),
            "Leave": Leave(teacher_id="t2", reason="Декрет"),
            "Meeting": Meeting(
                kind=MeetingKind.ORGANISATIONAL, at=AT, attendees=("t1", "t2", "t3")
            ),
            "Membership": Membership(teacher_id="t1"),
            "PlcData": plc.data,
            "PlcRules": PlcRules(min_members=4, max_members=8, vote_quorum=0.75),
            "ProposeTopic": ProposeTopic(topic=TOPIC),
            "Reflect": Reflect(reflection=REFLECTION),
            "RemoveCompetency": RemoveCompetency(competency_id=NVC.id),
            "SubmitAudit": SubmitAudit(teacher_id="t3", answers=(ANSWER,)),
            "Vote": Vote(teacher_id="t1", topic_id=TOPIC.id),
            "WithdrawTopic": WithdrawTopic(topic_id="4c"),
            "Workflow": plc,
        }
        | {name: value for name, value in collected().items() if name in PUBLIC_TYPES}
        | extra()
    )


def extra() -> dict[str, Any]:
    """Hand-made values of the types the example runs do not produce."""
    from tests.strategies_budget import budget_examples
    from tests.strategies_community import community_examples
    from tests.strategies_leaders import leaders_examples
    from tests.strategies_matching import matching_examples
    from tests.strategies_mentoring import mentoring_examples
    from tests.strategies_monitoring import monitoring_examples

    from pedcommunity.model import MENTORING_FORMS, FestivalDirection, ShowcaseTrack, Standing
    from pedcommunity.workflows import (
        CancelFestival,
        CancelProgramme,
        DismissJuror,
        WithdrawEntry,
        WithdrawProposal,
    )

    return (
        leaders_examples()
        | matching_examples()
        | budget_examples()
        | community_examples()
        | monitoring_examples()
        | mentoring_examples()
        | {
            "CancelFestival": CancelFestival(reason="Карантин"),
            "CancelProgramme": CancelProgramme(reason="Нет финансирования"),
            "DismissJuror": DismissJuror(juror_id="k2", reason="Конфликт интересов"),
            "MentoringForms": MENTORING_FORMS,
            "Standing": Standing(
                entry_id="e1",
                showcase=ShowcaseTrack.ART,
                direction=FestivalDirection.REVERSE,
                score=0.75,
                rank=2,
                track_rank=1,
                jurors=3,
                criterion_means={"results": 7.5},
            ),
            "WithdrawEntry": WithdrawEntry(entry_id="e1", reason="Болезнь"),
            "WithdrawProposal": WithdrawProposal(reason="Ошибка подбора"),
        }
    )


def plc_values(plc: Workflow) -> dict[str, Any]:
    """Values of every public type the example PLC holds or reports (its data, its payloads,
    its learning progress and members' activity, the reflection's impact)."""
    from pedcommunity.workflows import learning_progress, member_activity

    found: dict[str, Any] = {}
    _walk(plc.data, found)
    for event in plc.events:
        _walk(event.payload, found)
    _walk(learning_progress(plc.data.history[0]), found)
    _walk(member_activity(plc.data), found)
    _walk(REFLECTION.impact, found)
    return {name: value for name, value in found.items() if name in PUBLIC_TYPES}


@cache
def mentoring_run() -> Any:
    """The example programme of examples/mentoring_programme.py, run once, quietly."""
    import contextlib
    import io
    import runpy
    from pathlib import Path

    script = Path(__file__).parents[2] / "examples" / "mentoring_programme.py"
    module = runpy.run_path(str(script))
    with contextlib.redirect_stdout(io.StringIO()):
        return module["run"]("en")


def _walk(obj: Any, found: dict[str, Any]) -> None:
    """Collect the first value of every attrs type reachable from ``obj``."""
    if attrs.has(type(obj)):
        found.setdefault(type(obj).__name__, obj)
        for field in attrs.fields(type(obj)):
            _walk(getattr(obj, field.name), found)
    elif isinstance(obj, dict):
        for value in obj.values():
            _walk(value, found)
    elif isinstance(obj, tuple | list):
        for item in obj:
            _walk(item, found)


@cache
def collected() -> dict[str, Any]:
    """Values of every type met in the example programme's workflows and events."""
    found: dict[str, Any] = {}
    programme, festival = mentoring_run()
    for wf in (*programme.workflows(), festival):
        _walk(wf.data, found)
        for event in wf.events:
            _walk(event.payload, found)
    return found


@cache
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the contract schema (built once), checking formats as the reader does.

    Formats are annotations unless a format checker asserts them; date-time needs the
    rfc3339-validator package (see test_formats_are_checked).
    """
    return jsonschema.Draft202012Validator(
        contract_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(document: Any) -> list[str]:
    """The schema's complaints about ``document`` (empty when it is valid)."""
    return [e.message for e in validator().iter_errors(document)]


# -- the schema itself --------------------------------------------------------------------------


def test_shipped_schema_is_the_generated_one() -> None:
    """The shipped document-1.schema.json is exactly contract_schema(), as gen_schema writes it."""
    path = resources.files("pedcommunity").joinpath("data", "schema", "document-1.schema.json")
    text = path.read_text(encoding="utf-8")
    schema = contract_schema()
    assert json.loads(text) == schema, "stale: run python tools/gen_schema.py"
    assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_formats_are_checked() -> None:
    """The schema tests check date-times and dates: their format checkers are installed.

    jsonschema checks "date-time" only with the rfc3339-validator package installed, and
    skips it silently without; this test fails instead.
    """
    checkers = validator().format_checker
    assert checkers is not None
    assert {"date-time", "date"} <= set(checkers.checkers)
    meeting = {"kind": "working", "at": "2025-02-30T10:00:00+03:00"}
    assert errors({"schema_version": "1", "type": "Meeting", "data": meeting})


def test_contract_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The contract schema passes the draft 2020-12 metaschema."""
    schema = contract_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == CONTRACT_SCHEMA_ID
    assert schema["title"]


@pytest.mark.parametrize("name", sorted(PUBLIC_TYPES))
def test_schema_for_every_public_type_is_valid(name: str) -> None:
    """schema_for gives a valid draft 2020-12 schema for each public type."""
    schema = schema_for(PUBLIC_TYPES[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_schema_for_maps_field_types() -> None:
    """Fields map to JSON types: optional, tuples, pairs, maps, enums, datetimes, defaults."""
    plan = schema_for(LearningPlan)
    assert plan["properties"]["uncovered"]["items"] == {
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "string"}],
        "items": False,
        "minItems": 2,
    }
    assert plan["$defs"]["LearningAssignment"]["required"] == ["learner_id", "competency_id"]
    teacher = schema_for(Teacher)
    assert teacher["description"] == "A teacher: a member of communities, a mentor or a mentee."
    assert teacher["$defs"]["Level"]["type"] == "integer"
    assert teacher["$defs"]["CareerStage"]["enum"] == [s.value for s in CareerStage]
    assert "default" not in teacher["properties"]["career_stage"]  # computed from the years
    assert teacher["properties"]["subjects"] == {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "pattern": NON_BLANK_PATTERN},
        "default": [],
    }
    assert teacher["properties"]["id"] == {"type": "string", "pattern": ID_PATTERN}
    assert teacher["properties"]["years_experience"]["maximum"] == MAX_INTEGER
    meeting = schema_for(Meeting)
    assert meeting["properties"]["at"] == {
        "type": "string",
        "format": "date-time",
        "pattern": f"^(?:{DATE_TIME_PATTERN})(?![\\s\\S])",
    }
    notes = meeting["properties"]["notes"]
    assert notes["default"] is None
    assert notes["anyOf"][0]["type"] == "string"
    assert notes["anyOf"][1] == {"type": "null"}
    assert schema_for(PlcData)["properties"]["rules"]["default"] == to_dict(PlcRules())["data"]


def test_event_payload_is_any_payload_class_or_null() -> None:
    """An event's payload is one of the definitions' payload classes or their data, or null."""
    event = schema_for(DomainEvent)
    options = event["properties"]["payload"]["anyOf"]
    assert {"type": "null"} in options
    assert {"$ref": "#/$defs/PlcData"} in options
    assert {"$ref": "#/$defs/Membership"} in options
    assert "payload" not in event["required"]


def test_schema_for_refuses_what_is_not_an_attrs_class() -> None:
    """schema_for says so when given a type that is not an attrs class."""
    with pytest.raises(TypeError, match="attrs class"):
        schema_for(int)


# -- every example validates --------------------------------------------------------------------


def test_every_public_type_has_an_example() -> None:
    """Each name in PUBLIC_TYPES has an example here, so a new type cannot be forgotten."""
    assert set(examples()) == set(PUBLIC_TYPES)
    for name, obj in examples().items():
        assert type(obj) is PUBLIC_TYPES[name], name


@pytest.mark.parametrize("name", sorted(PUBLIC_TYPES))
def test_written_documents_match_the_schema(name: str) -> None:
    """The JSON of a realistic value of each public type validates against the contract."""
    obj = examples()[name]
    document = to_dict(obj)
    wire = json.loads(json.dumps(document, ensure_ascii=False))
    assert errors(wire) == []
    assert from_dict(wire) == obj


def test_to_dict_is_already_plain_json() -> None:
    """to_dict gives plain JSON values (lists, not tuples), so it validates before dumping."""
    document = to_dict(examples()["LearningPlan"])
    assert document == json.loads(json.dumps(document, ensure_ascii=False))
    assert errors(document) == []


def test_every_workflow_of_the_example_programme_matches_the_schema() -> None:
    """The programme, its tracks, the festival, a navigators school and an initiative validate
    and read back equal (replayed)."""
    from tests.strategies_leaders import example_initiative, example_school

    programme, festival = mentoring_run()
    for wf in (*programme.workflows(), festival, example_school(), example_initiative()):
        document = json.loads(json.dumps(to_dict(wf), ensure_ascii=False))
        assert errors(document) == [], wf.id
        assert from_dict(document) == wf


def test_the_example_workflow_fires_every_trigger() -> None:
    """The example PLC exercises every trigger, so every payload class is checked."""
    fired = {e.trigger for e in examples()["Workflow"].events}
    assert fired >= {t.name for t in PLC_CYCLE.triggers} - {"close"}


def test_schema_follows_the_registered_definitions() -> None:
    """Workflows of a custom definition validate once it is registered, as the reader needs."""
    door = WorkflowDefinition(
        name="door",
        version="1",
        label=Label(ru="Дверь", en="Door"),
        states=[
            State("closed", Label(ru="Закрыта", en="Closed")),
            State("open", Label(ru="Открыта", en="Open")),
        ],
        initial="closed",
        triggers=[TriggerSpec("push", Label(ru="Толкнуть", en="Push"), payload=Membership)],
        transitions=[Transition("push", source="closed", dest="open")],
    )
    registry = DefinitionRegistry([PLC_CYCLE, door])
    wf = start(door, None, id="door-1", actor="me", at=AT)
    fire(wf, "push", actor="me", at=AT, teacher_id="t1")
    document = json.loads(json.dumps(to_dict(wf, converter=make_converter(registry))))
    custom = jsonschema.Draft202012Validator(contract_schema(definitions=registry))
    assert list(custom.iter_errors(document)) == []
    plc = json.loads(json.dumps(to_dict(examples()["Workflow"]), ensure_ascii=False))
    assert list(custom.iter_errors(plc)) == []
    assert errors(document), "the default schema, like the default reader, knows no door"
    with pytest.raises(InvalidData):
        from_dict(document)
    document["data"]["state"] = "ajar"
    assert list(custom.iter_errors(document))


# -- invalid documents are refused --------------------------------------------------------------


def _doc(name: str) -> dict[str, Any]:
    return copy.deepcopy(to_dict(examples()[name]))


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def _drop(doc: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return doc


def _event_index(trigger: str) -> int:
    events = examples()["Workflow"].events
    return next(i for i, e in enumerate(events) if e.trigger == trigger)


INVALID: dict[str, Callable[[], Any]] = {
    "wrong enum value": lambda: _set(_doc("Teacher"), ("data", "career_stage"), "guru"),
    "IntEnum level out of range": lambda: _set(
        _doc("Teacher"), ("data", "competencies", "4c.creativity"), 7
    ),
    "enum given by name": lambda: _set(_doc("Community"), ("data", "kind"), "PLC"),
    "nested enum in an event payload": lambda: _set(
        _doc("Workflow"),
        ("data", "events", _event_index("hold_meeting"), "payload", "kind"),
        "party",
    ),
    "missing required field": lambda: _drop(_doc("Label"), ("data", "en")),
    "missing nested required field": lambda: _drop(
        _doc("LearningPlan"), ("data", "assignments", 0, "learner_id")
    ),
    "missing event field": lambda: _drop(_doc("DomainEvent"), ("data", "at")),
    "missing workflow events": lambda: _drop(_doc("Workflow"), ("data", "events")),
    "missing envelope data": lambda: _drop(_doc("Label"), ("data",)),
    "extra field": lambda: _set(_doc("Teacher"), ("data", "age"), 41),
    "extra nested field": lambda: _set(_doc("Topic"), ("data", "title", "de"), "Thema"),
    "extra envelope field": lambda: _set(_doc("Label"), ("meta",), {}),
    "extra workflow field": lambda: _set(_doc("Workflow"), ("data", "owner"), "head"),
    "wrong schema_version": lambda: _set(_doc("Label"), ("schema_version",), "2"),
    "schema_version as a number": lambda: _set(_doc("Label"), ("schema_version",), 1),
    "unknown type": lambda: _set(_doc("Label"), ("type",), "Robot"),
    "data of another type": lambda: _set(_doc("Label"), ("data",), _doc("Teacher")["data"]),
    "object where an array goes": lambda: _set(_doc("Reflection"), ("data", "pupil_impact"), {}),
    "pair with three items": lambda: _set(
        _doc("LearningPlan"), ("data", "uncovered", 0), ["t4", "4c.creativity", "x"]
    ),
    "string where an integer goes": lambda: _set(_doc("PlcRules"), ("data", "min_members"), "4"),
    "fraction where an integer goes": lambda: _set(_doc("PlcRules"), ("data", "min_members"), 3.9),
    "string where a boolean goes": lambda: _set(_doc("HoldMeeting"), ("data", "online"), "false"),
    "number where a string goes": lambda: _set(_doc("HoldMeeting"), ("data", "notes"), 5),
    "event sequence 0": lambda: _set(_doc("DomainEvent"), ("data", "sequence"), 0),
    "payload of another trigger": lambda: _set(
        _doc("DomainEvent"), ("data", "payload"), {"teacher_id": "t1", "topic_id": "nvc"}
    ),
    "payload for a trigger that takes none": lambda: _set(
        _doc("Workflow"),
        ("data", "events", _event_index("open_vote"), "payload"),
        {"teacher_id": "t1"},
    ),
    "trigger unknown to the definition": lambda: _set(
        _doc("DomainEvent"), ("data", "trigger"), "teleport"
    ),
    "workflow state unknown to the definition": lambda: _set(
        _doc("Workflow"), ("data", "state"), "dreaming"
    ),
    "workflow data of the wrong type": lambda: _set(
        _doc("Workflow"), ("data", "data"), _doc("Label")["data"]
    ),
    "workflow of an unregistered definition": lambda: _set(
        _doc("Workflow"), ("data", "definition_version"), "9"
    ),
    "event of an unregistered definition": lambda: _set(
        _doc("DomainEvent"), ("data", "definition"), "plc_cycle@9"
    ),
    "empty event log": lambda: _set(_doc("Workflow"), ("data", "events"), []),
    "not an object": lambda: ["schema_version", "1"],
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_documents_are_refused_by_schema_and_reader(case: str) -> None:
    """Each malformed document fails the schema, and the reader refuses it too."""
    document = INVALID[case]()
    assert errors(document), f"the schema accepts: {case}"
    with pytest.raises(InvalidData):
        from_dict(document)


# The reader accepts these (a string as a sequence of characters, a missing payload as None);
# the schema refuses them.
LOOSE_READER: dict[str, Callable[[], Any]] = {
    "string where an array goes": lambda: _set(_doc("HoldMeeting"), ("data", "attendees"), "t1"),
    "event of a trigger with a payload, without one": lambda: _drop(
        _doc("DomainEvent"), ("data", "payload")
    ),
}


@pytest.mark.parametrize("case", sorted(LOOSE_READER))
def test_loosely_typed_documents_are_refused_by_schema(case: str) -> None:
    """The schema refuses wrongly typed values that the reader would coerce."""
    assert errors(LOOSE_READER[case]()), f"the schema accepts: {case}"


@pytest.mark.parametrize("case", sorted(LOOSE_READER))
def test_loosely_typed_documents_are_refused_by_reader(case: str) -> None:
    """The reader refuses what the schema refuses, instead of coercing it."""
    with pytest.raises(InvalidData):
        from_dict(LOOSE_READER[case](), converter=_converter())


# -- properties ---------------------------------------------------------------------------------

IDS = st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,15}\Z")
TEXT = st.text(min_size=1, max_size=20).filter(str.strip)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from([s.value for s in CareerStage]),
)


TEACHERS = st.builds(
    Teacher,
    id=IDS,
    name=TEXT,
    organisation_id=IDS,
    subjects=st.lists(TEXT, max_size=3),
    years_experience=st.integers(0, 70),
    competencies=st.dictionaries(IDS, st.sampled_from(Level), max_size=4),
)


@given(teacher=TEACHERS)
@settings(deadline=None)
def test_any_valid_teacher_matches_the_schema(teacher: Teacher) -> None:
    """Every teacher the model accepts is written as a document the schema accepts."""
    document = to_dict(teacher, converter=_converter())
    assert errors(json.loads(json.dumps(document, ensure_ascii=False))) == []


@cache
def _converter() -> Any:
    return make_converter()


@given(version=st.one_of(st.text(max_size=6), st.integers(), st.none()))
@settings(deadline=None)
def test_a_schema_version_the_schema_accepts_is_read(version: Any) -> None:
    """The schema is never looser than the reader about schema_version."""
    document = _set(_doc("Label"), ("schema_version",), version)
    if not errors(document):
        assert from_dict(document, converter=_converter()) == examples()["Label"]


@given(stage=JSON_SCALARS, level=JSON_SCALARS)
@settings(deadline=None)
def test_an_enum_value_the_schema_accepts_is_read(stage: Any, level: Any) -> None:
    """The schema is never looser than the reader about enum values, by value or as integers."""
    document = _doc("Teacher")
    document["data"]["career_stage"] = stage
    document["data"]["competencies"]["4c.creativity"] = level
    if not errors(document):
        teacher = from_dict(document, Teacher, converter=_converter())
        assert teacher.career_stage.value == stage
        assert teacher.competencies["4c.creativity"] == level


# -- the schema and the reader agree ------------------------------------------------------------


def _reads(document: Any) -> InvalidData | None:
    """None if the reader reads ``document``, else its refusal (only InvalidData may come)."""
    try:
        from_dict(document, converter=_converter())
    except InvalidData as exc:
        return exc
    return None


def _agree(document: Any) -> None:
    """Assert that the schema accepts ``document`` exactly when the reader reads it."""
    refusal = _reads(document)
    assert validator().is_valid(document) == (refusal is None), refusal or "the reader reads it"


@pytest.mark.parametrize(
    "version",
    [
        *["1", "1.0", "1.2", "1.10", "1.x", "1.", "1..2", "1.2.3", "01", "1.01", "1\n", " 1"],
        *["1 ", "", "2", "2.0", "١", 1, 1.0, None, ["1"]],
    ],
    ids=repr,
)
def test_schema_and_reader_agree_on_schema_version(version: Any) -> None:
    """'1' and '1.N' are read and valid; '1.x', '1\\n', 1 and '2' are refused by both."""
    _agree(_set(_doc("Label"), ("schema_version",), version))


@pytest.mark.parametrize(
    "sequence",
    [
        2,
        2.0,
        1,
        0,
        0.0,
        -3,
        2.5,
        True,
        "2",
        None,
        MAX_INTEGER,
        MAX_INTEGER + 1,
        1e300,
        10**400,
    ],
    ids=lambda v: repr(v)[:24],
)
def test_schema_and_reader_agree_on_integers(sequence: Any) -> None:
    """A number with a zero fraction is an integer for both; 2.5, true and 2**53 for neither."""
    _agree(_set(_doc("DomainEvent"), ("data", "sequence"), sequence))


@pytest.mark.parametrize(
    "value",
    [0.75, 1, 1.0, -2.5, True, "0.5", 1e308, -1e308, 10**400, -(10**400), None],
    ids=lambda v: repr(v)[:24],
)
def test_schema_and_reader_agree_on_numbers(value: Any) -> None:
    """A number is finite: 10**400, which no double holds, is refused by both."""
    _agree(_set(_doc("Target"), ("data", "value"), value))


DATE_TIMES = [
    "2025-09-01T10:00:00+03:00",
    "2025-09-01T10:00:00Z",
    "2025-09-01T10:00:00.5Z",
    "2025-09-01T10:00:00.123456-09:30",
    "2025-09-01T10:00:00-00:00",
    "2025-09-01T10:00:00.1234567Z",  # more digits than a datetime holds
    "2025-09-01T10:00:00",  # naive
    "2025-09-01",
    "2025-09-01t10:00:00z",
    "2025-09-01T10:00:00z",
    "2025-09-01 10:00:00Z",
    "2025-09-01T10:00Z",
    "2025-02-30T10:00:00Z",
    "2025-09-01T24:00:00Z",
    "2025-09-01T23:59:60Z",
    "2025-09-01T10:00:00+24:00",
    "2025-09-01T10:00:00+03:00:30",
    "2025-09-01T10:00:00+0300",
    "20250901T100000Z",
    "2025-W36-1T10:00:00Z",
    "0000-01-01T00:00:00Z",
    "2025-09-01T10:00:00Z\n",
    "yesterday",
    "",
    1756720800,
    None,
]


@pytest.mark.parametrize("at", DATE_TIMES, ids=repr)
def test_schema_and_reader_agree_on_date_times(at: Any) -> None:
    """RFC 3339 date-times with an offset and at most six fractional digits, for both."""
    _agree(_set(_doc("Meeting"), ("data", "at"), at))


@pytest.mark.parametrize(
    "day", ["2025-09-01", "2024-02-29", "2025-02-29", "2025-9-1", "2025-09-01T10:00:00Z", ""]
)
def test_schema_and_reader_agree_on_dates(day: str) -> None:
    """Dates are YYYY-MM-DD and exist, for both."""
    document = _doc("CommunityEvent")
    document["data"]["planned_on"] = day
    _agree(document)


BAD_STRINGS = ["", " \t", "\u3000", "\x1c", "bad id", "-lead", "t1\n", "x" * 129, "Ёлка", "ok"]


@pytest.mark.parametrize("value", BAD_STRINGS, ids=repr)
@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("Teacher", ("data", "id")),
        ("Teacher", ("data", "name")),
        ("InteractionAgreement", ("data", "rules", 0)),
        ("Topic", ("data", "competencies", 0)),
        ("Topic", ("data", "title", "ru")),
        ("DomainEvent", ("data", "actor")),
        ("Meeting", ("data", "notes")),
        ("Leave", ("data", "reason")),
    ],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else v,
)
def test_schema_and_reader_agree_on_ids_and_texts(
    name: str, where: tuple[Any, ...], value: str
) -> None:
    """Ids are check_id's, texts are not blank (Python's whitespace), for both."""
    _agree(_set(_doc(name), where, value))


def test_non_blank_pattern_spells_out_pythons_whitespace() -> None:
    """The whitespace the pattern excludes is exactly what str.strip strips."""
    import re
    import sys

    blank = re.compile(NON_BLANK_PATTERN)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (blank.search(char) is None) == char.isspace(), hex(code)


# What the reader refuses and the schema does not say: the model's rules in custom validators
# and rules across fields, by (class, field). Here the schema accepts and the reader refuses;
# the other way round is never allowed.
READER_ONLY: dict[tuple[str, str], str] = {
    ("Committee", "lead_id"): "an id, and a member of the committee (_lead_is_member)",
    ("ProjectGroup", "lead_id"): "an id, and a member of the group (_lead_is_member)",
    ("MethodicalMaterial", "author_ids"): "ids, not repeated (_authors)",
    ("HoldEvent", "guest_ids"): "ids, and not the members who attended (_disjoint)",
    ("LibraryItem", "language"): "a BCP 47 language tag (_language)",
    ("Constraints", "must"): "pairs of ids (_check_pairs)",
    ("Constraints", "never"): "pairs of ids (_check_pairs)",
    ("LearningPlan", "uncovered"): "(learner id, competency id) pairs",
    ("RecurringEvent", "id"): "an id a series' dated ids are made from (_series_id)",
    ("Product", "link"): "an http(s) URL (_check_link)",
    ("PlanRule", "maximum"): "not below the minimum",
    ("MentoringForm", "max_experience_gap"): "not below the minimum gap",
    ("MentoringForm", "min_experience_gap"): "not above the maximum gap",
    ("PlcRules", "vote_quorum"): "a share in (0, 1] (_share)",
    ("PlcRules", "min_learnt_share"): "a share from 0 to 1 (_share0)",
    ("PlcRules", "min_sessions_per_gap"): "a whole number of 0 or more (check_count)",
    ("PlcRules", "min_pupil_evidence"): "a whole number of 0 or more (check_count)",
    ("PupilEvidence", "baseline"): "within the unit: a share, a score, a count",
    ("PupilEvidence", "result"): "within the unit: a share, a score, a count",
    ("PupilEvidence", "max_score"): "only for unit 'score', and above 0",
    ("PupilEvidence", "result_on"): "after baseline_on",
    ("PupilEvidence", "source_note"): "required for source 'other'",
    ("LearningSession", "teacher_id"): "exactly one of teacher_id and source, not a learner",
    ("LearningSession", "source"): "exactly one of teacher_id and source",
    ("HoldLearningSession", "teacher_id"): "exactly one of teacher_id and source, not a learner",
    ("HoldLearningSession", "source"): "exactly one of teacher_id and source",
    ("LearntMark", "confirmed_at"): "given with confirmed_by (and the other way round)",
    ("LearntMark", "confirmed_by"): "given with confirmed_at (and the other way round)",
    ("GroupChat", "link"): "an http(s) URL (optional_link)",
    ("OpenChat", "link"): "an http(s) URL (optional_link)",
    ("Announcement", "link"): "an http(s) URL (optional_link)",
    ("MeetingActivity", "name"): "required for tool 'other'",
    ("NavigatorsSchoolRules", "min_attendance"): "a share in (0, 1] (_share)",
    ("FestivalRules", "score_quorum"): "a share in (0, 1] (_share)",
    ("Standing", "score"): "a number from 0 to 1",
    ("Workflow", "*"): "the events are the record: stored data must be what they replay to",
}

_TIMES = [t for t in DATE_TIMES if isinstance(t, str)][4:]
_DAYS = ["2025-02-30", "2025-9-1", "2025-09-01T10:00:00Z", "", "2025-09-01\n"]


def _variants(value: Any) -> list[Any]:
    """Bad (and some good) replacements for one value of a document."""
    import re

    from pedcommunity.adapters.json import DATE_PATTERN

    if isinstance(value, bool):
        return [0, "true", None]
    if isinstance(value, int):
        return [float(value), value + 0.5, True, MAX_INTEGER + 1, str(value)]
    if isinstance(value, float):
        return [True, str(value), 10**400]
    if isinstance(value, str):
        if re.fullmatch(DATE_TIME_PATTERN, value):
            return _TIMES
        if re.fullmatch(DATE_PATTERN, value):
            return _DAYS
        return BAD_STRINGS[:-1]  # not "ok": an id may have to name something
    return ["", 0] if value is None else []


def _owned_leaves(obj: Any, doc: Any, where: tuple[Any, ...], owner: tuple[str, str]) -> Any:
    """Each scalar of ``doc`` (the JSON of ``obj``) with the attrs (class, field) it belongs to."""
    if isinstance(obj, Workflow):
        for key in ("id", "definition", "definition_version", "state"):
            yield (*where, key), doc[key], ("Workflow", key)
        yield from _owned_leaves(obj.data, doc["data"], (*where, "data"), ("Workflow", "data"))
        for i, event in enumerate(obj.events):
            yield from _owned_leaves(event, doc["events"][i], (*where, "events", i), owner)
    elif attrs.has(type(obj)) and isinstance(doc, dict):
        for field in attrs.fields(type(obj)):
            if field.name in doc:
                yield from _owned_leaves(
                    getattr(obj, field.name),
                    doc[field.name],
                    (*where, field.name),
                    (type(obj).__name__, field.name),
                )
    elif isinstance(obj, tuple | list) and isinstance(doc, list):
        for i, (item, part) in enumerate(zip(obj, doc, strict=True)):
            yield from _owned_leaves(item, part, (*where, i), owner)
    elif isinstance(obj, dict) and isinstance(doc, dict):
        for key, part in doc.items():
            match = next((v for k, v in obj.items() if to_dict_key(k) == key), None)
            yield from _owned_leaves(match, part, (*where, key), owner)
    elif not isinstance(doc, dict | list):
        yield where, doc, owner


def to_dict_key(key: Any) -> Any:
    """A mapping key as the document writes it."""
    return getattr(key, "value", key)


@cache
def _mutations() -> list[tuple[str, tuple[Any, ...], Any, tuple[str, str]]]:
    """(type, where, new value, owner): each (class, field) of the examples mutated once.

    Every value of a field is mutated in the smallest example document that holds it, with
    each of the bad (and some good) replacements of its kind: the same field nested in a
    larger document would be checked by the same schema and the same validators again.
    """
    done: set[tuple[str, str]] = set()
    found = []
    documents = {name: json.loads(json.dumps(to_dict(obj))) for name, obj in examples().items()}
    for name in sorted(documents, key=lambda n: (len(json.dumps(documents[n])), n)):
        obj, document = examples()[name], documents[name]
        fresh: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}
        for where, value, owner in _owned_leaves(obj, document["data"], ("data",), ("", "")):
            if owner not in done:
                fresh.setdefault(owner, (where, value))
        for owner, (where, value) in fresh.items():
            found += [(name, where, new, owner) for new in _variants(value)]
        done |= set(fresh)
    return found


def test_the_mutations_cover_every_field() -> None:
    """Every (class, field) with a scalar in the examples is mutated, ids and texts among them."""
    owners = {owner for _, _, _, owner in _mutations()}
    assert ("Teacher", "id") in owners
    assert ("Label", "ru") in owners
    assert ("DomainEvent", "at") in owners
    assert ("Workflow", "state") in owners
    assert len(owners) > 400


@pytest.mark.parametrize("part", range(8))
def test_reader_refuses_exactly_what_the_schema_refuses(part: int) -> None:
    """For every field of every example, made blank, given bad characters, a float for an
    integer, a naive or garbled date-time...: the schema refuses it if and only if the reader
    does, but for the model's rules listed in READER_ONLY (never the other way round)."""
    problems = []
    for name, where, new, owner in _mutations()[part::8]:
        document = _set(_doc(name), where, new)
        refusal = _reads(document)
        valid = validator().is_valid(document)
        if valid == (refusal is None):
            continue
        if not valid:
            problems.append(f"{name} {where} = {new!r}: the schema refuses, the reader reads")
        elif owner not in READER_ONLY and (name, "*") not in READER_ONLY:
            problems.append(
                f"{name} {where} = {new!r} ({owner}): only the reader refuses: {refusal}"
            )
    assert not problems, "\n".join(problems[:20])


def test_reader_only_rules_are_all_needed() -> None:
    """Each READER_ONLY entry is a field of the examples (no stale entries)."""
    owners = {owner for _, _, _, owner in _mutations()} | {("Workflow", "*")}
    assert set(READER_ONLY) <= owners
