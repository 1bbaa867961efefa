"""The PLC's organisation (seed 002): preparation, the order, facilitators, recognition, activities.

Every refusal goes through ``refused``: the error, a fragment of its message, and the PLC
(state, data, events) unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies_plc import PLC_ORGANISATION_STRATEGIES, plc_organisation_examples
from tests.unit.test_plc_cycle import REFLECTION, T0, Stepper, learn, plc_at, refused

from pedcommunity import PlcData, PlcRules, start
from pedcommunity.adapters.json import (
    PUBLIC_TYPES,
    from_dict,
    from_json,
    from_plain,
    to_dict,
    to_json,
)
from pedcommunity.adapters.json_schema import contract_schema
from pedcommunity.errors import GuardFailed, InvalidData, InvalidTrigger, PermissionDenied
from pedcommunity.model import (
    ChatPlatform,
    DirectorsOrder,
    MeetingActivity,
    PlcRecognition,
    RecognitionKind,
    TeamBuildingTool,
)
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import (
    HoldMeeting,
    HostRoles,
    MeetingKind,
    MemberActivity,
    member_activity,
    replay,
)
from pedcommunity.workflows.plc.definition import PLC_CYCLE

CHAT = {"platform": ChatPlatform.SFERUM, "name": "ПОС: Мастерские роста"}
LINK = "https://sferum.ru/?p=messages&join=abc"
TODAY = T0.date()


def plc(*, rules: PlcRules | None = None) -> Stepper:
    """A forming PLC with members t1..t3, led by 'head'."""
    return plc_at("forming", rules=rules)


def order(number: str = "123-о", signed_on: date = TODAY, **kw: Any) -> DirectorsOrder:
    return DirectorsOrder(number=number, signed_on=signed_on, **kw)


def recognition(kind: RecognitionKind, *teachers: str, on: date = TODAY) -> PlcRecognition:
    return PlcRecognition(kind=kind, teacher_ids=teachers, on=on, reason="Открытые уроки")


# -- 10. the preparatory stage ----------------------------------------------------------------


def test_open_chat_then_announce_copies_the_link() -> None:
    go = plc()
    go("open_chat", **CHAT, link=LINK)
    go("announce", "head", channel="Общий чат школы", description="Вступайте в ПОС")
    d = go.wf.data
    assert (
        d.chat is not None
        and d.chat.link == LINK
        and d.chat.opened_at == go.at - timedelta(hours=1)
    )
    assert d.announcements[0].link == LINK and d.announcements[0].at == go.at
    assert d.prepared
    assert go.wf.state == "forming"


def test_open_chat_twice_is_refused() -> None:
    go = plc()
    go("open_chat", **CHAT)
    err = refused(go, GuardFailed, "open_chat", platform=ChatPlatform.TELEGRAM, name="ПОС")
    assert "the PLC's chat is open already: «ПОС: Мастерские роста» (sferum)" in str(err)


def test_announce_before_a_chat_is_refused() -> None:
    go = plc()
    err = refused(go, GuardFailed, "announce", channel="Общий чат школы", description="ПОС")
    assert "open the PLC's chat first" in str(err)


def test_a_bad_chat_link_is_invalid_data() -> None:
    go = plc()
    err = refused(go, InvalidData, "open_chat", **CHAT, link="sferum.ru/abc")
    assert "http(s) URL" in str(err)


def test_require_preparation_holds_the_organisational_meeting() -> None:
    go = plc(rules=PlcRules(require_preparation=True))
    kind = MeetingKind.ORGANISATIONAL
    err = refused(go, GuardFailed, "hold_meeting", kind=kind)
    assert "the preparatory stage comes first (seed 002)" in str(err)
    go("open_chat", **CHAT)
    refused(go, GuardFailed, "hold_meeting", kind=kind)  # a chat alone is not enough
    go("announce", channel="Общий чат школы", description="Вступайте в ПОС")
    go("hold_meeting", kind=kind)
    assert go.wf.data.held(kind)


def test_without_the_rule_preparation_is_optional() -> None:
    go = plc()
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    assert not go.wf.data.prepared


def test_members_may_not_prepare() -> None:
    go = plc()
    err = refused(go, PermissionDenied, "open_chat", "t1", **CHAT)
    assert "open_chat" in str(err)


# -- 11. the director's order -----------------------------------------------------------------


def test_record_order_refusals() -> None:
    go = plc()
    go("record_order", order=order(signed_on=TODAY - timedelta(days=5)))
    assert go.wf.data.order is not None and go.wf.data.order.number == "123-о"
    err = refused(go, GuardFailed, "record_order", order=order())
    assert "order № 123-о is recorded already" in str(err)
    tomorrow = TODAY + timedelta(days=1)
    err = refused(go, GuardFailed, "record_order", order=order("124-о", tomorrow))
    assert f"the order is signed on {tomorrow.isoformat()}, after today" in str(err)
    err = refused(go, GuardFailed, "record_order", order=order("7-о", TODAY - timedelta(days=9)))
    last = (TODAY - timedelta(days=5)).isoformat()
    assert f"orders are recorded in date order; the last is № 123-о of {last}" in str(err)
    go("record_order", order=order("130-о", TODAY, title="О внесении изменений"))
    assert [o.number for o in go.wf.data.orders] == ["123-о", "130-о"]
    assert go.wf.data.order is not None and go.wf.data.order.number == "123-о"


def test_an_order_naming_a_new_leader_moves_the_leaders_steps() -> None:
    go = plc()
    go("record_order", order=order(leader_id="t1", facilitator_ids=("t2",)))
    d = go.wf.data
    assert (d.leader_id, d.facilitator_ids) == ("t1", ("t2",))
    refused(go, PermissionDenied, "disband", "head", reason="нет")
    go("disband", "t1", reason="Цели достигнуты")
    assert go.wf.state == "closed"


def test_an_order_without_names_keeps_leader_and_facilitators() -> None:
    go = plc()
    go("appoint_facilitator", teacher_id="t3")
    go("record_order", order=order())
    assert (go.wf.data.leader_id, go.wf.data.facilitator_ids) == ("head", ("t3",))


def test_the_administration_records_a_leaderless_plcs_order() -> None:
    go = Stepper(start(PLC_CYCLE, PlcData(name="ПОС"), id="plc", actor="director", at=T0))
    policy = HostRoles(
        lookup=lambda wf, actor: ["school_admin"] if actor == "director" else [],
        mapping={"school_admin": ["administrator"]},
    )
    refused(go, PermissionDenied, "record_order", "director", order=order(leader_id="head"))
    go("record_order", "director", order=order(leader_id="head"), policy=policy)
    assert go.wf.data.leader_id == "head"
    assert go.wf.events[-1].actor == "director"


def test_members_may_not_record_orders() -> None:
    go = plc()
    refused(go, PermissionDenied, "record_order", "t1", order=order())


# -- 12. facilitators -------------------------------------------------------------------------


def test_appoint_and_relieve_a_facilitator() -> None:
    go = plc()
    go("appoint_facilitator", teacher_id="metodist")  # a facilitator need not be a member
    assert go.wf.data.facilitator_ids == ("metodist",)
    err = refused(go, GuardFailed, "appoint_facilitator", teacher_id="metodist")
    assert "'metodist' is a facilitator already" in str(err)
    go("relieve_facilitator", teacher_id="metodist")
    assert go.wf.data.facilitator_ids == ()
    err = refused(go, GuardFailed, "relieve_facilitator", teacher_id="metodist")
    assert "'metodist' is not a facilitator; facilitators: none" in str(err)


def test_only_the_leader_changes_facilitators() -> None:
    go = plc()
    go("appoint_facilitator", teacher_id="t1")
    refused(go, PermissionDenied, "appoint_facilitator", "t1", teacher_id="t2")
    refused(go, PermissionDenied, "relieve_facilitator", "t1", teacher_id="t1")
    assert go.wf.data.facilitator_ids == ("t1",)


# -- 13. recognition --------------------------------------------------------------------------


def test_recognise_refusals() -> None:
    go = plc()
    council = RecognitionKind.COUNCIL
    err = refused(go, GuardFailed, "recognise", recognition=recognition(council, "t1", "x9"))
    assert "recognition goes to members of the PLC; not members: x9" in str(err)
    tomorrow = TODAY + timedelta(days=1)
    err = refused(go, GuardFailed, "recognise", recognition=recognition(council, "t1", on=tomorrow))
    assert f"the recognition is dated {tomorrow.isoformat()}, after today" in str(err)
    go("recognise", recognition=recognition(council, "t1"))
    err = refused(go, GuardFailed, "recognise", recognition=recognition(council, "t2", "t1"))
    assert f"'t1' was recognised (council) on {TODAY.isoformat()} already" in str(err)
    go("recognise", recognition=recognition(RecognitionKind.STAFF_MEETING, "t1"))
    assert len(go.wf.data.recognitions) == 2


def test_an_incentive_goes_to_active_members_only() -> None:
    go = plc()
    incentive = recognition(RecognitionKind.INCENTIVE, "t2")
    err = refused(go, GuardFailed, "recognise", recognition=incentive)
    assert "incentives go to active members (seed 002); 't2' attended no meeting" in str(err)
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL, attendees=("t1", "t2"))
    assert member_activity(go.wf.data)["t2"].meetings_attended == 1
    go("recognise", recognition=incentive)
    assert go.wf.data.recognitions == (incentive,)


def test_an_award_needs_no_activity() -> None:
    go = plc()
    go("recognise", recognition=recognition(RecognitionKind.AWARD, "t3"))
    assert go.wf.data.recognitions[0].kind is RecognitionKind.AWARD


def test_members_may_not_recognise() -> None:
    go = plc()
    refused(
        go,
        PermissionDenied,
        "recognise",
        "t1",
        recognition=recognition(RecognitionKind.AWARD, "t1"),
    )


def test_a_closed_plc_recognises_no_one() -> None:
    go = plc()
    go("disband", reason="Реорганизация")
    refused(go, InvalidTrigger, "recognise", recognition=recognition(RecognitionKind.AWARD, "t1"))


# -- 14. team-building activities -------------------------------------------------------------


def test_meeting_activities_are_stored() -> None:
    go = plc()
    activities = (
        MeetingActivity(tool=TeamBuildingTool.MOOD_SQUARE, led_by="t1"),
        MeetingActivity(tool=TeamBuildingTool.OTHER, name="Мировое кафе", led_by="head"),
    )
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL, online=True, activities=activities)
    assert go.wf.data.meetings[0].activities == activities
    assert replay(go.wf.definition, go.wf.events) == go.wf


def test_an_unknown_activity_leader_is_refused() -> None:
    go = plc()
    activity = MeetingActivity(tool=TeamBuildingTool.EMOTION_WHEEL, led_by="guest")
    err = refused(
        go, GuardFailed, "hold_meeting", kind=MeetingKind.ORGANISATIONAL, activities=(activity,)
    )
    assert "an activity is led by a member, the leader or a facilitator; 'guest'" in str(err)


def test_an_other_activity_without_a_name_is_invalid_data() -> None:
    with pytest.raises(InvalidData) as info:
        from_plain({"kind": "organisational", "activities": [{"tool": "other"}]}, HoldMeeting)
    assert "needs its name" in str(info.value)
    assert info.value.path.startswith("$.activities[0]")


# -- the organisation in every stage but closed ------------------------------------------------


@pytest.mark.parametrize(
    "trigger",
    [
        "open_chat",
        "announce",
        "record_order",
        "appoint_facilitator",
        "relieve_facilitator",
        "recognise",
    ],
)
def test_organisation_triggers_in_every_live_stage(trigger: str) -> None:
    for state in PLC_CYCLE.state_names:
        expected = not PLC_CYCLE.state(state).final
        assert (trigger in PLC_CYCLE.triggers_from(state)) is expected, state


# -- 16. the JSON contract ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(plc_organisation_examples()))
def test_examples_round_trip_and_fit_the_schema(name: str) -> None:
    value = plc_organisation_examples()[name]
    assert PUBLIC_TYPES[name] is type(value)
    document = to_dict(value)
    jsonschema.validate(document, contract_schema())
    assert from_json(to_json(value), type(value)) == value


@given(data=st.data())
def test_every_organisation_type_round_trips(data: st.DataObject) -> None:
    for cls, strategy in PLC_ORGANISATION_STRATEGIES.items():
        value = data.draw(strategy, label=cls.__name__)
        assert from_dict(to_dict(value), cls) == value


def test_a_prepared_and_recognised_plc_reads_back_from_json() -> None:
    go = plc()
    go("open_chat", **CHAT, link=LINK)
    go("announce", channel="Общий чат школы", description="Вступайте в ПОС")
    go("record_order", order=order(leader_id="head", facilitator_ids=("t1",)))
    go("appoint_facilitator", teacher_id="t2")
    go("relieve_facilitator", teacher_id="t1")
    activity = MeetingActivity(tool=TeamBuildingTool.MOOD_PYRAMID, led_by="t2")
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL, attendees=("t1",), activities=(activity,))
    go("recognise", recognition=recognition(RecognitionKind.INCENTIVE, "t1"))
    wf = go.wf
    assert replay(PLC_CYCLE, wf.events) == wf
    assert from_json(to_json(wf)) == wf


# -- member_activity ------------------------------------------------------------------------------


def test_member_activity_counts_this_cycle_and_the_archived_ones() -> None:
    go = plc_at("learning")
    go("adopt_plan", plan=propose_plan(go.wf.data))
    learn(go)  # t1 teaches t2 and t3 c1, t2 teaches t3 c2: three sessions, three gaps
    go("hold_meeting", kind=MeetingKind.WORKING, attendees=("t1", "t3"))
    before = member_activity(go.wf.data)
    expected = {
        "t1": MemberActivity(1, 2, 0, 0, 1),
        "t2": MemberActivity(0, 1, 1, 1, 1),
        "t3": MemberActivity(1, 0, 2, 2, 0),
    }
    assert before == expected
    go("start_reflection")
    go("reflect", reflection=REFLECTION)
    go("next_cycle")
    after = member_activity(go.wf.data)
    # Sessions and learnt gaps move to the history and still count; topic "a" was studied.
    assert after["t3"] == expected["t3"]
    assert after["t1"] == MemberActivity(1, 2, 0, 0, 0)
