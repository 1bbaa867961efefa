"""The competency leaders bank, the navigators school and the initiatives office (seed 003)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

# tests.strategies imports tests.strategies_leaders at its end: importing it first keeps the
# cycle harmless.
from tests.strategies_all import STRATEGIES
from tests.strategies_leaders import (
    LEADERS_STRATEGIES,
    example_initiative,
    example_school,
    initiative_workflows,
    leaders,
    leaders_examples,
    school_workflows,
)

from pedcommunity.adapters.json import make_converter
from pedcommunity.adapters.json_schema import schema_for
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PermissionDenied,
    UnknownId,
)
from pedcommunity.model import Level, Teacher
from pedcommunity.model.leaders import Leader, LeaderLevel, LeadersBank
from pedcommunity.workflows import (
    PLC_CYCLE,
    DefinitionRegistry,
    HostRoles,
    PlcData,
    Workflow,
    fire,
    replay,
    start,
)
from pedcommunity.workflows.initiatives import (
    INITIATIVE,
    InitiativeData,
    InitiativeRules,
    initiatives_in,
    office_summary,
)
from pedcommunity.workflows.navigators import (
    NAVIGATORS_SCHOOL,
    EnrolLeader,
    NavigatorsSchoolData,
    NavigatorsSchoolRules,
    promotions,
)

T0 = datetime(2026, 2, 1, tzinfo=UTC)
M, CL, NAV = LeaderLevel.MENTOR, LeaderLevel.COMPETENCY_LEADER, LeaderLevel.NAVIGATOR
REGISTRY = DefinitionRegistry([NAVIGATORS_SCHOOL, INITIATIVE])
CONV = make_converter(REGISTRY)


def leader(
    lid: str,
    org: str = "s1",
    *,
    level: LeaderLevel = M,
    capacity: int = 2,
    teaches: dict[str, Level] | None = None,
) -> Leader:
    teaches = {"nvc": Level.PROFICIENT} if teaches is None else teaches
    teacher = Teacher(id=lid, name=f"Педагог {lid}", organisation_id=org, competencies=teaches)
    return Leader(teacher=teacher, can_teach=tuple(teaches), capacity=capacity, level=level)


def ranked(leaders_: list[Leader]) -> list[str]:
    return [x.id for x in leaders_]


# -- the bank: reading and new banks ----------------------------------------------------------


def test_bank_refuses_duplicate_ids():
    """Two leaders with one id cannot share a bank."""
    with pytest.raises(DuplicateId) as info:
        LeadersBank([leader("a"), leader("a", "s2")])
    assert info.value.kind == "leader" and info.value.field == "leaders"


def test_bank_get_contains_iter_len():
    """A bank is looked up by id and iterates in order."""
    bank = LeadersBank([leader("a"), leader("b")])
    assert bank.get("b").id == "b"
    assert "a" in bank and "z" not in bank
    assert ranked(list(bank)) == ["a", "b"] and len(bank) == 2
    assert bank.ids() == ("a", "b")


def test_bank_get_unknown_lists_known_ids():
    """An unknown id is an UnknownId naming the ids that exist."""
    with pytest.raises(UnknownId) as info:
        LeadersBank([leader("a"), leader("b")]).get("c")
    assert info.value.kind == "leader" and info.value.known == ("a", "b")
    assert "'a', 'b'" in str(info.value)


def test_add_and_replace():
    """add appends a new leader; replace swaps a known one; neither changes the old bank."""
    bank = LeadersBank([leader("a")])
    bigger = bank.add(leader("b"))
    assert bank.ids() == ("a",) and bigger.ids() == ("a", "b")
    with pytest.raises(DuplicateId):
        bigger.add(leader("b", "s9"))
    changed = bigger.replace(leader("a", capacity=5))
    assert changed.get("a").capacity == 5 and bigger.get("a").capacity == 2
    assert changed.ids() == ("a", "b")
    with pytest.raises(UnknownId):
        bank.replace(leader("z"))


def test_promote_moves_one_level_up_and_stops_at_navigator():
    """promote goes mentor -> competency leader -> navigator, then refuses."""
    bank = LeadersBank([leader("a")])
    once = bank.promote("a")
    twice = once.promote("a")
    assert [b.get("a").level for b in (bank, once, twice)] == [M, CL, NAV]
    with pytest.raises(InvalidData) as info:
        twice.promote("a")
    assert "navigator already" in str(info.value) and info.value.path == "$.level"
    with pytest.raises(UnknownId):
        bank.promote("z")


def test_apply_raises_levels_keeps_the_rest_and_never_lowers():
    """apply takes only the level from promotions, and only upwards; it is idempotent."""
    bank = LeadersBank([leader("a", capacity=4), leader("b", level=NAV)])
    old_a = leader("a", capacity=1)  # an older snapshot, with another capacity
    new = bank.apply([old_a.promoted(), leader("b", level=CL)])
    assert new.get("a").level == CL and new.get("a").capacity == 4
    assert new.get("b").level == NAV
    assert new.apply([old_a.promoted()]) == new
    assert bank.apply([]) == bank
    with pytest.raises(UnknownId):
        bank.apply([old_a.promoted(), leader("ghost")])


# -- the bank: capacity and who_can_teach -----------------------------------------------------


def test_free_capacity_counts_the_load():
    """Free capacity is capacity minus load; negative when overloaded; bad loads refused."""
    bank = LeadersBank([leader("a", capacity=3)])
    assert bank.free_capacity("a") == 3
    assert bank.free_capacity("a", {"a": 2, "other": 9}) == 1
    assert bank.free_capacity("a", {"a": 5}) == -2
    with pytest.raises(InvalidData) as info:
        bank.free_capacity("a", {"a": -1})
    assert "'a'" in info.value.path
    with pytest.raises(InvalidData):
        bank.free_capacity("a", {"a": True})
    with pytest.raises(UnknownId):
        bank.free_capacity("z", {})


def test_with_free_capacity():
    """Only leaders below capacity have room."""
    bank = LeadersBank([leader("a", capacity=1), leader("b", capacity=2)])
    assert ranked(bank.with_free_capacity({"a": 1, "b": 1})) == ["b"]
    assert ranked(bank.with_free_capacity()) == ["a", "b"]


CITY = LeadersBank(
    [
        leader("e1", "s1", capacity=1, teaches={"nvc": Level.EXPERT}),
        leader("p1", "s1", capacity=3, teaches={"nvc": Level.PROFICIENT}, level=CL),
        leader("p2", "s2", capacity=3, teaches={"nvc": Level.PROFICIENT}, level=NAV),
        leader("p3", "s2", capacity=5, teaches={"nvc": Level.PROFICIENT, "4c": Level.NOVICE}),
        leader("d1", "s1", capacity=9, teaches={"4c": Level.EXPERT}),
    ]
)


def test_who_can_teach_ranks_by_level_then_free_capacity_then_id():
    """Higher own level first; among equals more free capacity, then id."""
    assert ranked(CITY.who_can_teach("nvc")) == ["e1", "p3", "p1", "p2"]
    # With p3 loaded, p1 and p2 have more room; equal room falls back to the id.
    assert ranked(CITY.who_can_teach("nvc", load={"p3": 3})) == ["e1", "p1", "p2", "p3"]


def test_who_can_teach_needs_the_competency_listed():
    """A leader who does not list the competency is never returned."""
    assert ranked(CITY.who_can_teach("4c")) == ["d1", "p3"]
    assert CITY.who_can_teach("unknown") == []


def test_who_can_teach_filters_by_organisation():
    """organisation_id keeps the search in one school; without it the city is searched."""
    assert ranked(CITY.who_can_teach("nvc", organisation_id="s2")) == ["p3", "p2"]
    assert CITY.who_can_teach("nvc", organisation_id="s9") == []


def test_who_can_teach_filters_by_level():
    """min_level keeps leaders at that level or above."""
    assert ranked(CITY.who_can_teach("nvc", min_level=CL)) == ["p1", "p2"]
    assert ranked(CITY.who_can_teach("nvc", min_level=NAV)) == ["p2"]


def test_who_can_teach_filters_by_capacity_unless_told_not_to():
    """Full leaders are left out by default and kept, ranked last, with free_only=False."""
    load = {"e1": 1, "p1": 3}
    assert ranked(CITY.who_can_teach("nvc", load=load)) == ["p3", "p2"]
    assert ranked(CITY.who_can_teach("nvc", load=load, free_only=False)) == [
        "e1",
        "p3",
        "p2",
        "p1",
    ]


def test_who_can_teach_refuses_a_bad_load_or_level():
    """A negative load is an error, not a bonus; so is a level that does not exist."""
    with pytest.raises(InvalidData):
        CITY.who_can_teach("nvc", load={"e1": -3})
    with pytest.raises(InvalidData) as info:
        CITY.who_can_teach("nvc", min_level=7)  # type: ignore[arg-type]
    assert info.value.path == "$.min_level" and "NAVIGATOR (3)" in str(info.value)


COMPETENCY_IDS = st.sampled_from(["c1", "c2", "c3"])


@st.composite
def bank_and_load(draw: Any) -> tuple[LeadersBank, dict[str, int]]:
    people = draw(
        st.lists(
            st.builds(
                lambda i, org, levels, cap, lv: Leader(
                    teacher=Teacher(
                        id=f"l{i}", name="Педагог", organisation_id=org, competencies=levels
                    ),
                    can_teach=tuple(levels),
                    capacity=cap,
                    level=lv,
                ),
                st.integers(0, 99),
                st.sampled_from(["s1", "s2"]),
                st.dictionaries(COMPETENCY_IDS, st.sampled_from(Level), max_size=3),
                st.integers(1, 4),
                st.sampled_from(LeaderLevel),
            ),
            max_size=8,
            unique_by=lambda x: x.id,
        )
    )
    bank = LeadersBank(people)
    load = draw(st.fixed_dictionaries({x.id: st.integers(0, 6) for x in people}))
    return bank, load


@given(
    case=bank_and_load(),
    cid=COMPETENCY_IDS,
    org=st.none() | st.sampled_from(["s1", "s2"]),
    floor=st.none() | st.sampled_from(LeaderLevel),
    free_only=st.booleans(),
)
def test_who_can_teach_properties(
    case: tuple[LeadersBank, dict[str, int]],
    cid: str,
    org: str | None,
    floor: LeaderLevel | None,
    free_only: bool,
):
    """Every result matches every filter, none is full when free_only, order is the key."""
    bank, load = case
    found = bank.who_can_teach(
        cid, load=load, organisation_id=org, min_level=floor, free_only=free_only
    )

    def free(x: Leader) -> int:
        return bank.free_capacity(x.id, load)

    for x in found:
        assert cid in x.can_teach
        assert org is None or x.organisation_id == org
        assert floor is None or x.level >= floor
        assert not free_only or free(x) > 0
    keys = [(-x.teacher.level(cid), -free(x), x.id) for x in found]
    assert keys == sorted(keys)
    # Nothing that matches is missed.
    expected = {
        x.id
        for x in bank
        if cid in x.can_teach
        and (org is None or x.organisation_id == org)
        and (floor is None or x.level >= floor)
        and (not free_only or free(x) > 0)
    }
    assert {x.id for x in found} == expected


@given(case=bank_and_load())
def test_with_free_capacity_matches_free_capacity(case: tuple[LeadersBank, dict[str, int]]):
    """with_free_capacity is exactly the leaders whose free capacity is positive."""
    bank, load = case
    assert [x.id for x in bank.with_free_capacity(load)] == [
        x.id for x in bank if bank.free_capacity(x.id, load) > 0
    ]


@given(leader_=leaders((M, CL)))
def test_promotion_keeps_everything_but_the_level(leader_: Leader):
    """promoted() changes the level by one and nothing else."""
    up = leader_.promoted()
    assert up.level == leader_.level + 1
    assert attrs.evolve(up, level=leader_.level) == leader_


# -- the navigators school --------------------------------------------------------------------


class Go:
    """Fires triggers an hour apart, checking that a refusal changes nothing.

    A trigger is fired by ``actor`` when given, else by the workflow's runner: the school's
    organiser or the initiatives office.
    """

    def __init__(self, wf: Workflow, actor: str = "office") -> None:
        self.wf = wf
        self.at = T0
        self.actor = actor

    def __call__(self, trigger: str, actor: str | None = None, **fields: object) -> None:
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, actor=actor or self.actor, at=self.at, **fields)

    def refused(
        self, error: type[Exception], trigger: str, actor: str | None = None, **fields: object
    ) -> Any:
        before = (self.wf.state, self.wf.data, tuple(self.wf.events))
        with pytest.raises(error) as info:
            self(trigger, actor, **fields)
        assert (self.wf.state, self.wf.data, tuple(self.wf.events)) == before
        return info.value


COHORT = [leader("a"), leader("b", level=CL), leader("c")]

#: The school's organiser (seed 003: ЦДО «Поиск»).
POISK = "poisk"


def school_at(stage: str, *, rules: NavigatorsSchoolRules | None = None) -> Go:
    """A school offered to bank leaders a, b, c, with them as its cohort and coach k."""
    data = NavigatorsSchoolData(
        name="Школа навигаторов",
        host_id="cdo-poisk",
        organiser_ids=(POISK,),
        rules=rules or NavigatorsSchoolRules(),
    )
    go = Go(start(NAVIGATORS_SCHOOL, data, id="school-1", actor=POISK, at=T0), POISK)
    go("offer_training", leader_ids=[x.id for x in COHORT])
    for x in COHORT:
        go("enrol", leader=x)
    go("add_coach", coach_id="k")
    if stage == "enrolment":
        return go
    go("start_training")
    # a attends all 4 sessions, b 3 of 4 (75%: enough), c 2 of 4 (short by one).
    for attendees in (("a", "b", "c"), ("a", "b"), ("a", "b", "c"), ("a",)):
        go("hold_session", topic="Позиция лидера", coach_id="k", attendees=attendees)
    if stage == "training":
        return go
    go("start_graduation")
    if stage == "graduation":
        return go
    raise AssertionError(stage)


def test_school_full_run_promotes_graduates():
    """Enrol, train, graduate and finish: graduates are navigators, in the bank too."""
    go = school_at("graduation")
    assert go.wf.data.eligible() == ("a", "b")
    go("graduate", leader_ids=("a", "b"))
    go("finish")
    assert go.wf.state == "finished" and go.wf.is_final and go.wf.allowed() == ()
    d = go.wf.data
    assert [(x.id, x.level) for x in promotions(d)] == [("a", NAV), ("b", NAV)]
    assert d.cohort == tuple(COHORT)  # the cohort keeps the records as they enrolled
    bank = LeadersBank([*COHORT, leader("z")]).apply(promotions(d))
    assert [bank.get(i).level for i in ("a", "b", "c", "z")] == [NAV, NAV, M, M]
    assert replay(NAVIGATORS_SCHOOL, go.wf.events) == go.wf
    assert [e.target for e in go.wf.events][-3:] == ["graduation", "graduation", "finished"]


def test_school_labels_are_bilingual():
    """Every stage and trigger has a Russian and an English label."""
    for item in (*NAVIGATORS_SCHOOL.states, *NAVIGATORS_SCHOOL.triggers):
        assert item.label.ru and item.label.en and item.label.ru != item.label.en


def test_sessions_record_the_time_and_coach():
    """A session is stamped with the trigger's time."""
    go = school_at("training")
    s = go.wf.data.sessions[0]
    assert s.coach_id == "k" and s.at == T0 + timedelta(hours=7) and s.attendees == ("a", "b", "c")
    assert go.wf.data.attended("b") == 3


def test_navigator_cannot_enrol():
    """A navigator has nothing left to learn here."""
    go = school_at("enrolment")
    err = go.refused(GuardFailed, "enrol", leader=leader("n", level=NAV))
    assert err.guard == "below_navigator" and "navigator already" in err.reason


def test_no_double_enrolment():
    """A leader enrols once."""
    go = school_at("enrolment")
    err = go.refused(GuardFailed, "enrol", leader=leader("a", capacity=7))
    assert err.guard == "not_enrolled"


def test_a_coach_does_not_enrol():
    """A coach of the school is not a learner in it."""
    go = school_at("enrolment")
    err = go.refused(GuardFailed, "enrol", leader=leader("k"))
    assert err.guard == "not_a_coach"


def test_cohort_maximum():
    """The cohort never grows past max_cohort."""
    go = school_at("enrolment", rules=NavigatorsSchoolRules(min_cohort=1, max_cohort=3))
    err = go.refused(GuardFailed, "enrol", leader=leader("d"))
    assert err.guard == "cohort_room" and "3" in err.reason


def test_enrolment_closes_when_training_starts():
    """Nobody enrols once training has started."""
    go = school_at("training")
    err = go.refused(InvalidTrigger, "enrol", leader=leader("d"))
    assert "hold_session" in err.allowed


def test_withdraw_leader():
    """A cohort member may withdraw (or the organiser for them); a stranger cannot."""
    go = school_at("enrolment")
    err = go.refused(GuardFailed, "withdraw_leader", leader_id="z")
    assert err.guard == "in_cohort" and "a, b, c" in err.reason
    denied = go.refused(PermissionDenied, "withdraw_leader", "z", leader_id="z")
    assert (denied.trigger, denied.actor) == ("withdraw_leader", "z")
    go("withdraw_leader", "c", leader_id="c", reason="переезд")
    assert go.wf.data.cohort_ids == ("a", "b")
    assert go.wf.events[-1].on_behalf_of == ()
    go("withdraw_leader", leader_id="b")
    assert go.wf.data.cohort_ids == ("a",) and go.wf.events[-1].on_behalf_of == ("b",)


def test_coach_rules():
    """A coach is added once and never from the cohort."""
    go = school_at("enrolment")
    assert go.refused(GuardFailed, "add_coach", coach_id="k").guard == "new_coach"
    err = go.refused(GuardFailed, "add_coach", coach_id="a")
    assert err.guard == "new_coach" and "cohort" in err.reason


def test_training_needs_cohort_size_and_a_coach():
    """Training starts with min_cohort to max_cohort leaders and at least one coach."""
    data = NavigatorsSchoolData(name="Школа", organiser_ids=(POISK,))
    go = Go(start(NAVIGATORS_SCHOOL, data, id="s", actor=POISK, at=T0), POISK)
    go("offer_training", leader_ids=("a", "b", "c"))
    go("enrol", leader=leader("a"))
    go("enrol", leader=leader("b"))
    err = go.refused(GuardFailed, "start_training")
    assert err.guard == "cohort_size" and "has 2 leaders" in err.reason
    go("enrol", leader=leader("c"))
    assert go.refused(GuardFailed, "start_training").guard == "has_coach"


def test_session_needs_a_school_coach_and_cohort_attendees():
    """Sessions are led by a coach of the school and attended by the cohort."""
    go = school_at("training")
    err = go.refused(GuardFailed, "hold_session", topic="T", coach_id="x", attendees=("a",))
    assert err.guard == "school_coach"
    err = go.refused(GuardFailed, "hold_session", topic="T", coach_id="k", attendees=("a", "q"))
    assert err.guard == "attendees_in_cohort" and "q" in err.reason
    err = go.refused(GuardFailed, "hold_session", topic="T", coach_id="k", attendees=())
    assert err.guard == "attendees_in_cohort"


def test_graduation_needs_the_minimum_of_sessions():
    """Graduation opens after min_sessions sessions."""
    go = school_at("enrolment", rules=NavigatorsSchoolRules(min_sessions=2))
    go("start_training")
    go("hold_session", topic="T", coach_id="k", attendees=("a",))
    err = go.refused(GuardFailed, "start_graduation")
    assert err.guard == "sessions_held" and "1 session has been held" in err.reason


def test_graduation_refuses_short_attendance_and_says_by_how_much():
    """Only those who met the attendance rule graduate; the refusal names who is short."""
    go = school_at("graduation")
    err = go.refused(GuardFailed, "graduate", leader_ids=("a", "c"))
    assert err.guard == "attendance_met"
    assert "'c' attended 2 (short by 1)" in err.reason and "3 of the 4" in err.reason
    assert "'a'" not in err.reason


def test_graduation_only_for_the_cohort_and_once():
    """A stranger does not graduate; nobody graduates twice."""
    go = school_at("graduation")
    assert go.refused(GuardFailed, "graduate", leader_ids=("z",)).guard == "graduates_in_cohort"
    go("graduate", leader_ids=("a",))
    err = go.refused(GuardFailed, "graduate", leader_ids=("b", "a"))
    assert err.guard == "not_graduated" and "a" in err.reason


def test_graduation_payload_must_name_someone():
    """An empty list of graduates is malformed data, and nothing changes."""
    go = school_at("graduation")
    err = go.refused(InvalidData, "graduate", leader_ids=())
    assert "at least one" in str(err)


def test_finish_needs_graduates_and_cancel_needs_none():
    """Finishing needs a graduation; cancelling is for a school without graduates."""
    go = school_at("graduation")
    err = go.refused(GuardFailed, "finish")
    assert err.guard == "graduation_done" and "eligible: a, b" in err.reason
    go("graduate", leader_ids=("b",))
    assert go.refused(GuardFailed, "cancel", reason="нет коучей").guard == "no_graduates"


def test_cancel_records_the_reason_and_ends():
    """A cancelled school is final."""
    go = school_at("training")
    go("cancel", reason="нет помещения")
    assert go.wf.state == "cancelled" and go.wf.data.cancelled_reason == "нет помещения"
    err = go.refused(InvalidTrigger, "hold_session", topic="T", coach_id="k", attendees=("a",))
    assert err.allowed == ()


def test_school_data_rules():
    """A cohort holds leaders below navigator, once each; rules keep min <= max."""
    with pytest.raises(ValueError, match="navigators: n"):
        NavigatorsSchoolData(name="Ш", cohort=[leader("n", level=NAV)])
    with pytest.raises(DuplicateId):
        NavigatorsSchoolData(name="Ш", cohort=[leader("a"), leader("a")])
    with pytest.raises(ValueError, match="min_attendance"):
        NavigatorsSchoolRules(min_attendance=0)
    with pytest.raises(ValueError, match="min_cohort"):
        NavigatorsSchoolRules(min_cohort=4, max_cohort=3)


@pytest.mark.parametrize(("share", "held", "need"), [(0.75, 4, 3), (1.0, 3, 3), (0.5, 3, 2)])
def test_sessions_needed(share: float, held: int, need: int):
    """The attendance rule rounds up, without float error at exact shares."""
    assert NavigatorsSchoolRules(min_attendance=share).sessions_needed(held) == need


@given(wf=school_workflows())
def test_school_runs_replay_and_round_trip(wf: Workflow):
    """Any scripted school replays from its events and survives JSON."""
    assert replay(NAVIGATORS_SCHOOL, wf.events) == wf
    assert CONV.structure(CONV.unstructure(wf), Workflow) == wf
    graduates = set(wf.data.graduate_ids)
    assert graduates <= set(wf.data.cohort_ids)
    to = wf.data.rules.graduates_as
    assert all(x.level == max(wf.data.member(x.id).level, to) for x in wf.data.graduates)


# -- the initiatives office -------------------------------------------------------------------

NAVIGATOR = leader("n1", level=NAV)


#: The initiatives office: its staff member and its head.
OFFICE = ("office", "head")


def initiative(proposer: Leader = NAVIGATOR, **fields: Any) -> Go:
    data = InitiativeData(
        title="Клуб молодых педагогов",
        description="Ежемесячные встречи наставников и молодых специалистов",
        proposer=proposer,
        partners=("ЦДО «Поиск»",),
        expected_result="20 молодых педагогов в клубе",
        **{"office_ids": OFFICE, **fields},
    )
    return Go(start(INITIATIVE, data, id="init-1", actor=proposer.id, at=T0))


def test_initiative_accepted_and_implemented():
    """The office reviews and accepts; the implementation is reported."""
    go = initiative()
    go("start_review", "office")
    go("accept", "head", note="Поддержать, включить в план")
    go("report_implemented", "n1", outcome="Клуб работает")
    d = go.wf.data
    assert go.wf.state == "implemented" and go.wf.is_final
    assert (d.reviewer_id, d.decided_by, d.decision_note, d.outcome) == (
        "office",
        "head",
        "Поддержать, включить в план",
        "Клуб работает",
    )
    assert replay(INITIATIVE, go.wf.events) == go.wf
    assert CONV.structure(CONV.unstructure(go.wf), Workflow) == go.wf


def test_initiative_rejected_with_reasons():
    """A rejection needs a note and ends the initiative."""
    go = initiative()
    go("start_review")
    assert go.refused(InvalidData, "reject").path == "$.payload"
    go("reject", note="Дублирует городской проект")
    assert go.wf.state == "rejected" and go.wf.data.decision_note == "Дублирует городской проект"
    assert go.refused(InvalidTrigger, "withdraw", "n1").allowed == ()


@pytest.mark.parametrize("reviewed", [False, True])
def test_proposer_withdraws_before_acceptance(reviewed: bool):
    """The proposer may withdraw while proposed or under review."""
    go = initiative()
    if reviewed:
        go("start_review")
    go("withdraw", "n1", reason="Нет партнёров")
    assert go.wf.state == "withdrawn" and go.wf.data.withdrawal_reason == "Нет партнёров"


def test_only_the_proposer_withdraws_and_not_after_acceptance():
    """Someone else cannot withdraw; after acceptance nobody can."""
    go = initiative()
    denied = go.refused(PermissionDenied, "withdraw", "office")
    assert (denied.trigger, denied.actor, denied.roles) == ("withdraw", "office", ("proposer",))
    # A host that calls someone else a proposer still meets the initiative's own guard.
    host = HostRoles(lookup=lambda wf, actor: ["Author"], mapping={"Author": ["proposer"]})
    before = (go.wf.state, go.wf.data, tuple(go.wf.events))
    with pytest.raises(GuardFailed) as info:
        fire(go.wf, "withdraw", actor="office", at=go.at + timedelta(hours=1), policy=host)
    assert (go.wf.state, go.wf.data, tuple(go.wf.events)) == before
    err = info.value
    assert err.guard == "is_proposer" and "'n1'" in err.reason
    go("start_review")
    go("accept", note="Да")
    assert "withdraw" not in go.refused(InvalidTrigger, "withdraw", "n1").allowed


def test_proposer_neither_reviews_nor_decides():
    """A proposer may not take their initiative for review, nor accept or reject it."""
    denied = initiative().refused(PermissionDenied, "start_review", "n1")
    assert (denied.actor, denied.roles, denied.actor_roles) == ("n1", ("office",), ("proposer",))
    # Even when the proposer works in the office themself.
    go = initiative(office_ids=("office", "n1"))
    assert go.refused(GuardFailed, "start_review", "n1").guard == "not_proposer"
    go("start_review")
    for trigger in ("accept", "reject"):
        err = go.refused(GuardFailed, trigger, "n1", note="Сам себе одобряю")
        assert err.guard == "not_proposer" and "not the proposer" in err.reason


def test_proposer_level_is_checked_when_the_initiative_is_made():
    """Below the minimum level, the data cannot be built nor read back from JSON."""
    low = leader("m1", level=CL)
    with pytest.raises(ValueError, match="proposer 'm1' is a competency leader") as info:
        InitiativeData(title="T", description="D", proposer=low)
    assert "navigator" in str(info.value)
    relaxed = InitiativeRules(min_proposer_level=CL)
    ok = InitiativeData(title="T", description="D", proposer=low, rules=relaxed)
    document = CONV.unstructure(ok, InitiativeData)
    document["rules"]["min_proposer_level"] = NAV.value
    with pytest.raises(InvalidData) as err:
        CONV.structure(document, InitiativeData)
    assert err.value.path == "$.proposer"


def test_start_refuses_data_of_another_kind():
    """An initiative runs on InitiativeData only."""
    with pytest.raises(InvalidData):
        start(INITIATIVE, NavigatorsSchoolData(name="Ш"), id="i", actor="a", at=T0)


def test_office_summary_and_listing():
    """The office counts initiatives per status and lists them."""
    first = initiative()
    second = initiative()
    second("start_review")
    third = initiative()
    third("withdraw", "n1")
    wfs = [first.wf, second.wf, third.wf]
    summary = office_summary(wfs)
    assert list(summary) == list(INITIATIVE.state_names)
    assert summary["proposed"] == summary["under_review"] == summary["withdrawn"] == 1
    assert sum(summary.values()) == 3
    assert initiatives_in(wfs, "under_review") == [second.wf]
    with pytest.raises(InvalidData, match="statuses: proposed"):
        initiatives_in(wfs, "approved")
    plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="plc", actor="a", at=T0)
    with pytest.raises(InvalidData, match="not an initiative") as info:
        office_summary([first.wf, plc])
    assert info.value.path == "$[1]"


def test_initiative_labels_are_bilingual():
    """Every stage and trigger has a Russian and an English label."""
    for item in (*INITIATIVE.states, *INITIATIVE.triggers):
        assert item.label.ru and item.label.en


@given(wf=initiative_workflows())
def test_initiative_runs_replay_and_round_trip(wf: Workflow):
    """Any scripted initiative replays from its events and survives JSON."""
    assert replay(INITIATIVE, wf.events) == wf
    assert CONV.structure(CONV.unstructure(wf), Workflow) == wf
    assert office_summary([wf])[wf.state] == 1


# -- JSON round trips of every new type -------------------------------------------------------


@pytest.mark.parametrize("cls", list(LEADERS_STRATEGIES), ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_new_type_round_trips(cls: type, data: st.DataObject):
    """conv.structure(conv.unstructure(x, T), T) == x, through real JSON text."""
    x = data.draw(LEADERS_STRATEGIES[cls])
    document = CONV.unstructure(x, cls)
    assert CONV.structure(json.loads(json.dumps(document)), cls) == x


def test_strategies_cover_every_public_class():
    """LEADERS_STRATEGIES has an entry for every public attrs class of the four modules."""
    from pedcommunity.model import leaders as m
    from pedcommunity.workflows import initiatives as i
    from pedcommunity.workflows import navigators as n
    from pedcommunity.workflows.mentoring_programme import navigators_link as link

    public = {
        getattr(mod, name)
        for mod in (m, n, i, link)
        for name in mod.__all__
        if isinstance(getattr(mod, name), type) and attrs.has(getattr(mod, name))
    }
    assert public == set(LEADERS_STRATEGIES)
    assert all(STRATEGIES[cls] is LEADERS_STRATEGIES[cls] for cls in public)


def test_enrol_payload_round_trips_inside_an_event():
    """An event's payload is typed by the definition's trigger."""
    go = school_at("enrolment")
    event = go.wf.events[2]
    assert isinstance(event.payload, EnrolLeader)
    back = CONV.structure(CONV.unstructure(event), type(event))
    assert back == event


def test_examples_cover_every_type_and_match_the_schema():
    """The hand-built examples (for the contract's schema tests) validate and round-trip."""
    examples = leaders_examples()
    assert set(examples) == {cls.__name__ for cls in LEADERS_STRATEGIES}
    for name, x in examples.items():
        cls = type(x)
        assert cls.__name__ == name
        document = json.loads(json.dumps(CONV.unstructure(x, cls)))
        jsonschema.validate(document, schema_for(cls, definitions=REGISTRY))
        assert CONV.structure(document, cls) == x


@pytest.mark.parametrize(
    ("make", "definition"), [(example_school, NAVIGATORS_SCHOOL), (example_initiative, INITIATIVE)]
)
def test_example_workflows_match_the_schema(make: Any, definition: Any):
    """The example workflows validate against the schema and replay."""
    wf = make()
    assert wf.is_final
    document = json.loads(json.dumps(CONV.unstructure(wf)))
    jsonschema.validate(document, schema_for(Workflow, definitions=REGISTRY))
    assert CONV.structure(document, Workflow) == wf == replay(definition, wf.events)


def test_example_school_fires_every_trigger_but_cancel():
    """The example school exercises every payload class of the definition but CancelSchool."""
    fired = {e.trigger for e in example_school().events}
    assert fired >= {t.name for t in NAVIGATORS_SCHOOL.triggers} - {"cancel"}
