"""Every field a workflow can be handed has a validator, so nothing malformed gets in.

A payload (and a workflow's starting data, the payload of its ``start`` event) is checked when
it is built; a field without a validator let ``reason=5`` in, after which the workflow could
no longer be read back from JSON.
"""

from __future__ import annotations

import typing
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from pedcommunity.errors import InvalidData
from pedcommunity.workflows import (
    PLC_CYCLE,
    DismissJuror,
    HoldMeeting,
    Leave,
    MeetingKind,
    WithdrawEntry,
    WithdrawLeader,
    fire,
    standard_definitions,
    start,
)
from pedcommunity.workflows.plc import PlcData

T0 = datetime(2025, 9, 1, tzinfo=UTC)


def _classes_in(tp: Any) -> list[type]:
    found, stack = [], [tp]
    while stack:
        item = stack.pop()
        if isinstance(item, type):
            found.append(item)
        stack.extend(typing.get_args(item))
    return found


def _reachable() -> dict[type, None]:
    seen: dict[type, None] = {}

    def walk(cls: type) -> None:
        if cls in seen or not attrs.has(cls):
            return
        seen[cls] = None
        attrs.resolve_types(cls)
        for field in attrs.fields(cls):
            for inner in _classes_in(field.type):
                walk(inner)

    for definition in standard_definitions():
        for spec in definition.triggers:
            if spec.payload is not None:
                walk(spec.payload)
        if definition.data_type is not None:
            walk(definition.data_type)
    return seen


def test_every_field_of_every_payload_and_data_class_has_a_validator() -> None:
    classes = _reachable()
    assert len(classes) > 100
    missing = [
        f"{cls.__qualname__}.{field.name}"
        for cls in classes
        for field in attrs.fields(cls)
        if field.init and field.validator is None
    ]
    assert not missing, f"fields without a validator: {', '.join(missing)}"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: Leave(teacher_id="t1", reason=v), "reason"),
        (lambda v: HoldMeeting(kind=MeetingKind.WORKING, notes=v), "notes"),
        (lambda v: HoldMeeting(kind=MeetingKind.WORKING, online=v), "online"),
        (lambda v: WithdrawEntry(entry_id="e1", reason=v), "reason"),
        (lambda v: DismissJuror(juror_id="j1", reason=v), "reason"),
        (lambda v: WithdrawLeader(leader_id="l1", reason=v), "reason"),
        (lambda v: PlcData(name="ПОС", closed_reason=v), "closed_reason"),
    ],
)
@pytest.mark.parametrize("value", [5, b"x", " ", ["x"]])
def test_the_fields_that_took_anything_refuse_a_wrong_value(
    build: Any, field: str, value: object
) -> None:
    with pytest.raises((TypeError, ValueError)) as err:
        build(value)
    assert field in str(err.value)


@pytest.mark.parametrize("reason", [5, b"x", ""])
def test_the_engine_refuses_a_bad_reason_naming_the_field(reason: object) -> None:
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=T0)
    fire(plc, "join", actor="t1", at=T0, teacher_id="t1")
    with pytest.raises(InvalidData) as err:
        fire(plc, "leave", actor="t1", at=T0, teacher_id="t1", reason=reason)
    assert err.value.path == "$.payload.reason"
    assert plc.data.members == ("t1",)
    assert plc.version == 2
