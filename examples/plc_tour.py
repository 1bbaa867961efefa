"""A short tour of the PLC cycle through the public API (the README's tour, runnable).

Run: python examples/plc_tour.py
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from pedcommunity import (
    PLC_CYCLE,
    SCHOOL_95_TOPICS,
    AuditAnswer,
    AuditStatus,
    Competency,
    Engine,
    GuardFailed,
    InteractionAgreement,
    Label,
    ManualClock,
    PermissionDenied,
    PlcData,
    replay,
)
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import MeetingKind


def main(argv: list[str] | None = None) -> None:
    """Parse the command line (only ``--help``) and take the tour."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    clock = ManualClock(datetime(2025, 9, 1, 15, 0, tzinfo=UTC))  # time is injected
    engine = Engine(clock=clock)
    plc = engine.start(
        PLC_CYCLE,
        PlcData(name="ПОС: Мастерские роста", leader_id="head"),
        id="plc-95",
        actor="head",
    )

    for t in ("anna", "boris", "vera"):
        engine.fire(plc, "join", actor=t, teacher_id=t)
    engine.fire(plc, "hold_meeting", actor="head", kind=MeetingKind.ORGANISATIONAL)
    engine.fire(plc, "hold_meeting", actor="head", kind=MeetingKind.AGREEMENT)
    engine.fire(
        plc, "agree", actor="head", agreement=InteractionAgreement(rules=("Говорим по очереди",))
    )
    engine.fire(plc, "open_topic_list", actor="head")
    engine.fire(plc, "propose_topic", actor="anna", topic=SCHOOL_95_TOPICS[1])
    engine.fire(plc, "open_vote", actor="head")

    try:  # a refused trigger says why and changes nothing
        engine.fire(plc, "choose_topic", actor="head")
    except GuardFailed as err:
        print(err)

    try:  # who may fire each trigger is part of the definition
        engine.fire(
            plc, "vote", actor="boris", teacher_id="vera", topic_id="nonviolent_communication"
        )
    except PermissionDenied as err:
        print(err)

    for t in ("anna", "boris"):
        engine.fire(plc, "vote", actor=t, teacher_id=t, topic_id="nonviolent_communication")
    engine.fire(plc, "choose_topic", actor="head")
    engine.fire(
        plc,
        "list_competency",
        actor="head",
        competency=Competency(id="nvc", name=Label(ru="ННО", en="NVC")),
    )
    engine.fire(plc, "open_audit", actor="head")
    for t, status in (
        ("anna", AuditStatus.CAN_TEACH),
        ("boris", AuditStatus.CANNOT_DO),
        ("vera", AuditStatus.MUST_PREPARE),
    ):
        engine.fire(
            plc,
            "submit_audit",
            actor=t,
            teacher_id=t,
            answers=[AuditAnswer(teacher_id=t, competency_id="nvc", status=status)],
        )
    engine.fire(plc, "close_audit", actor="head")
    engine.fire(plc, "adopt_plan", actor="head", plan=propose_plan(plc.data))

    print(plc.state, plc.state_label.get("ru"))
    print(plc.allowed())
    print(plc.allowed("anna"))  # what anna may press now
    assert replay(PLC_CYCLE, plc.events) == plc  # the event log rebuilds the PLC
    assert from_json(to_json(plc)) == plc  # one versioned JSON contract for every type
    print(f"{plc.version} events; replay and JSON round-trip agree")


if __name__ == "__main__":
    main()
