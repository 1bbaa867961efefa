"""Bad input to the engine and the programme ends in the error hierarchy, in the user's words.

Each test here failed before: a malformed time raised ``TypeError`` from the engine's time
check, an actor of the wrong form was checked only after the effects ran, a trigger name that
is not a string raised ``TypeError``, ``open_track(mentee_ids=5)`` raised ``TypeError``, a
refusal by the programme's rules named the internal ``sync_track``, and counts read "1
mentees".
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.clock import ManualClock
from pedcommunity.errors import (
    ConcurrentUpdate,
    GuardFailed,
    InvalidData,
    PedcommunityError,
    UnknownId,
)
from pedcommunity.model import Teacher
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import MentoringRequest
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import (
    ProgrammeData,
    ProgrammeRules,
    Workflow,
    fire,
    preview,
    replay,
    start,
)

T0 = datetime(2025, 9, 1, 15, tzinfo=UTC)
C = "coord"


def _plc() -> Workflow:
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=T0)
    fire(plc, "join", actor="t1", at=T0, teacher_id="t1")
    return plc


def _state(wf: Workflow) -> Any:
    return (wf.state, copy.deepcopy(wf.data), list(wf.events))


@pytest.mark.parametrize(
    "at",
    [datetime(2025, 9, 2, 15), "2025-09-02T15:00:00+00:00", date(2025, 9, 2), 1756800000, None],
    ids=["naive", "string", "date", "int", "none"],
)
def test_a_malformed_time_is_invalid_data_at_its_path(at: object) -> None:
    plc = _plc()
    before = _state(plc)
    with pytest.raises(InvalidData) as err:
        fire(plc, "join", actor="t2", at=at, teacher_id="t2")  # type: ignore[arg-type]
    assert err.value.path == "$.at"
    assert _state(plc) == before
    with pytest.raises(InvalidData):
        start(PLC_CYCLE, PlcData(name="ПОС"), id="q", actor="head", at=at)  # type: ignore[arg-type]


def test_an_aware_time_in_another_zone_is_accepted_and_ordered() -> None:
    plc = _plc()
    msk = timezone(timedelta(hours=3))
    fire(plc, "join", actor="t2", at=datetime(2025, 9, 1, 19, tzinfo=msk), teacher_id="t2")
    with pytest.raises(InvalidData) as err:
        fire(plc, "join", actor="t3", at=datetime(2025, 9, 1, 17, tzinfo=msk), teacher_id="t3")
    assert "backwards" in str(err.value)


@pytest.mark.parametrize("actor", ["", " ", "a b", 5, None, "x" * 129, "Анна", "t1\n"])
def test_a_malformed_actor_is_refused_before_any_guard_or_effect(actor: object) -> None:
    plc = _plc()
    before = _state(plc)
    with pytest.raises(InvalidData) as err:
        fire(plc, "propose_topic", actor=actor, at=T0, topic_id="x")  # type: ignore[arg-type]
    assert err.value.path == "$.actor"
    assert _state(plc) == before


@pytest.mark.parametrize("trigger", [5, None, b"join", ["join"], "", "no such"])
def test_a_trigger_name_that_is_not_an_id_is_invalid_data(trigger: object) -> None:
    plc = _plc()
    before = _state(plc)
    with pytest.raises(InvalidData) as err:
        fire(plc, trigger, actor="t1", at=T0)  # type: ignore[arg-type]
    assert err.value.path == "$.trigger"
    assert _state(plc) == before


@pytest.mark.parametrize("version", ["2", 2.0, True])
def test_a_malformed_expected_version_is_invalid_data(version: object) -> None:
    plc = _plc()
    with pytest.raises(InvalidData):
        fire(plc, "join", actor="t2", at=T0, teacher_id="t2", expected_version=version)  # type: ignore[arg-type]
    with pytest.raises(ConcurrentUpdate):
        fire(plc, "join", actor="t2", at=T0, teacher_id="t2", expected_version=1)


def test_a_wrong_payload_field_names_its_path() -> None:
    plc = _plc()
    with pytest.raises(InvalidData) as err:
        fire(plc, "hold_meeting", actor="head", at=T0, kind="organisational")
    assert err.value.path == "$.payload.kind"
    assert "(<enum" not in str(err.value)  # the validator's message, not its argument tuple


def test_replay_checks_every_event_not_only_the_last() -> None:
    plc = _plc()
    fire(plc, "join", actor="t2", at=T0, teacher_id="t2")
    fire(plc, "join", actor="t3", at=T0, teacher_id="t3")
    for field, value in (("target", "closed"), ("source", "choice")):
        edited = list(plc.events)
        edited[1] = attrs.evolve(edited[1], **{field: value})
        with pytest.raises(InvalidData) as err:
            replay(PLC_CYCLE, edited)
        assert err.value.path == f"$.events[1].{field}"
    with pytest.raises(InvalidData):
        replay(PLC_CYCLE, [plc.events[0], plc.events[0]])
    with pytest.raises(InvalidData):
        replay(PLC_CYCLE, 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidData):
        replay(PLC_CYCLE, [plc.events[0], "event"])  # type: ignore[list-item]


# -- the programme -------------------------------------------------------------------------


def _teacher(tid: str, years: int) -> Teacher:
    return Teacher(id=tid, name="Педагог", organisation_id="s1", years_experience=years)


def _programme() -> tuple[MentoringProgramme, ManualClock]:
    clock = ManualClock(datetime(2026, 9, 1, 9, tzinfo=UTC))
    prog = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=(C,), rules=ProgrammeRules(min_mentees=1)),
        id="prog",
        actor=C,
        clock=clock,
    )
    prog.fire("add_curator", actor=C, teacher_id="k1", capacity=5)
    prog.fire("open_mentee_base", actor=C)
    for i in (1, 2):
        prog.fire("enrol_mentee", actor=C, teacher=_teacher(f"t{i}", 1))
    prog.fire("open_mentor_base", actor=C)
    prog.fire("add_leader", actor=C, leader=Leader(teacher=_teacher("m1", 15), capacity=1))
    prog.fire("open_training", actor=C)
    prog.fire("train_mentor", actor=C, leader_id="m1")
    prog.fire("open_matching", actor=C)
    for i in (1, 2):
        prog.open_track(
            f"tr{i}", mentee_ids=(f"t{i}",), request=MentoringRequest(goals=("г",)), actor=C
        )
    return prog, clock


def _snapshot(prog: MentoringProgramme) -> Any:
    return [(wf.id, wf.state, copy.deepcopy(wf.data), len(wf.events)) for wf in prog.workflows()]


def test_a_refusal_by_the_programme_names_what_the_user_called() -> None:
    prog, _ = _programme()
    prog.propose("tr1", "m1", actor=C)
    before = _snapshot(prog)
    with pytest.raises(GuardFailed) as err:
        prog.propose("tr2", "m1", actor=C)
    assert err.value.trigger == "propose"
    assert err.value.guard == "mentor_capacity"
    assert "sync_track" not in str(err.value)
    assert "can take 1 mentee at once" in str(err.value)
    assert _snapshot(prog) == before


def test_opening_a_track_in_the_wrong_stage_names_open_track() -> None:
    clock = ManualClock(datetime(2026, 9, 1, 9, tzinfo=UTC))
    prog = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=(C,)), id="p", actor=C, clock=clock
    )
    prog.fire("add_curator", actor=C, teacher_id="k1", capacity=5)
    prog.fire("open_mentee_base", actor=C)
    prog.fire("enrol_mentee", actor=C, teacher=_teacher("t1", 1))
    with pytest.raises(GuardFailed) as err:
        prog.open_track("tr", mentee_ids=("t1",), request=MentoringRequest(goals=("г",)), actor=C)
    assert (err.value.trigger, err.value.guard) == ("open_track", "programme_stage")
    assert prog.tracks == {}


def test_counts_agree_in_number() -> None:
    clock = ManualClock(datetime(2026, 9, 1, 9, tzinfo=UTC))
    prog = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=(C,), rules=ProgrammeRules(min_mentees=2)),
        id="p",
        actor=C,
        clock=clock,
    )
    prog.fire("add_curator", actor=C, teacher_id="k1", capacity=5)
    prog.fire("open_mentee_base", actor=C)
    prog.fire("enrol_mentee", actor=C, teacher=_teacher("t1", 1))
    with pytest.raises(GuardFailed) as err:
        prog.fire("open_mentor_base", actor=C)
    assert "has 1 mentee;" in str(err.value)
    assert "2 are needed" in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"mentee_ids": 5}, InvalidData),
        ({"mentee_ids": "t1"}, InvalidData),
        ({"mentee_ids": [5]}, InvalidData),
        ({"mentee_ids": ("nobody",)}, UnknownId),
        ({"form": "no_such_form"}, UnknownId),
        ({"form": 5}, InvalidData),
        ({"request": "goals"}, InvalidData),
        ({"actor": "not an id"}, InvalidData),
    ],
)
def test_open_track_refuses_malformed_arguments(
    kwargs: dict[str, Any], error: type[PedcommunityError]
) -> None:
    prog, _ = _programme()
    before = _snapshot(prog)
    call: dict[str, Any] = {
        "mentee_ids": ("t1",),
        "request": MentoringRequest(goals=("г",)),
        "actor": C,
        **kwargs,
    }
    with pytest.raises(error):
        prog.open_track("tr9", **call)
    assert _snapshot(prog) == before


def test_propose_matches_refuses_what_is_not_a_mapping() -> None:
    prog, _ = _programme()
    with pytest.raises(InvalidData):
        prog.propose_matches([("tr1", "m1")], actor=C)  # type: ignore[arg-type]


def test_the_programme_previews_without_changing_anything() -> None:
    prog, _ = _programme()
    before = _snapshot(prog)
    out = prog.preview("propose", track_id="tr1", actor=C, mentor=_teacher("m1", 15))
    assert out.state == "proposed"
    assert _snapshot(prog) == before
    prog.propose("tr1", "m1", actor=C)
    with pytest.raises(GuardFailed) as err:
        prog.preview("propose", track_id="tr2", actor=C, mentor=_teacher("m1", 15))
    assert err.value.trigger == "propose"
    with pytest.raises(InvalidData):
        prog.preview("sync_track", actor=C)


def test_preview_of_the_engine_changes_nothing_either() -> None:
    plc = _plc()
    before = _state(plc)
    preview(plc, "join", actor="t2", at=T0, teacher_id="t2")
    assert _state(plc) == before
