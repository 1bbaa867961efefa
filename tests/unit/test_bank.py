"""The competency leaders bank, formed from the first cluster's results (``include_in_bank``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.test_mentoring_programme import PLAN, C, Prog, matching
from tests.unit.test_programme_clusters import DAY, at_work, cluster_one, event, with_speakers

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import GuardFailed, InvalidTrigger, PermissionDenied
from pedcommunity.model import (
    BankEntry,
    BankResult,
    BankResultKind,
    BankRole,
    ClusterKind,
    Leader,
    LeaderLevel,
    Level,
    Teacher,
)
from pedcommunity.workflows import replay
from pedcommunity.workflows.mentoring_programme import MENTORING_PROGRAMME, ProgrammeData

EVENTS = BankResultKind.EVENTS_ATTENDED
TRACK = BankResultKind.TRACK_COMPLETED
SEEN = BankResultKind.OBSERVATION


def attended(n: int) -> BankResult:
    return BankResult(EVENTS, value=n)


def completed(track_id: str) -> BankResult:
    return BankResult(TRACK, ref=track_id)


def noted(note: str = "Вела проф-кейс") -> BankResult:
    return BankResult(SEEN, note=note)


def after_cluster_one() -> Prog:
    """Pairs at work; m1 came to 3 events of cluster 1, t1 to 2, t2 to 1."""
    return cluster_one(at_work(), {"e1": ("m1", "t1", "t2"), "e2": ("m1", "t1"), "e3": ("m1",)})


def complete_track(r: Prog, track: str = "a", mentor: str = "m1", mentee: str = "t1") -> None:
    r.p.fire_track(track, "set_plan", actor=mentor, plan=PLAN)
    r.p.fire_track(track, "begin", actor=mentor)
    r.p.fire_track(track, "finish", actor=mentor)
    r.p.fire_track(track, "give_feedback", actor=mentor, fit=5, what_changed="увереннее")
    r.p.fire_track(track, "give_feedback", actor=mentee, fit=5, what_changed="дисциплина")
    r.p.fire_track(track, "complete", actor=mentor)


def include(r: Prog, teacher_id: str, *results: BankResult, **fields: Any) -> None:
    r(
        "include_in_bank",
        teacher_id=teacher_id,
        reason="Ярко проявил(а) себя",
        results=results,
        **fields,
    )


def refused_inclusion(r: Prog, guard: str, teacher_id: str, *results: BankResult) -> str:
    return str(r.refused(GuardFailed, lambda: include(r, teacher_id, *results), guard))


# -- included ----------------------------------------------------------------------------------


def test_a_mentor_and_a_mentee_are_included_with_their_reasons_and_results() -> None:
    r = after_cluster_one()
    complete_track(r)
    leaders_before = r.p.data.leaders
    include(r, "m1", attended(3), completed("a"), noted())
    r(
        "include_in_bank",
        teacher_id="t2",
        reason="Предложила дискуссионную площадку",
        results=(attended(1),),
        can_teach=("classroom",),
        capacity=2,
    )
    m1, t2 = r.p.data.bank
    assert (m1.id, m1.role, m1.level, m1.reason) == (
        "m1",
        BankRole.MENTOR,
        LeaderLevel.COMPETENCY_LEADER,
        "Ярко проявил(а) себя",
    )
    assert m1.results == (attended(3), completed("a"), noted())
    # The mentor's record is the mentor base's, raised; the base itself is untouched.
    assert m1.leader == r.p.data.leader("m1").raised_to(LeaderLevel.COMPETENCY_LEADER)
    assert r.p.data.leaders == leaders_before
    assert r.p.data.leader("m1").level is LeaderLevel.MENTOR
    assert (t2.role, t2.leader.teacher, t2.leader.can_teach, t2.leader.capacity) == (
        BankRole.MENTEE,
        r.p.data.mentee("t2"),
        ("classroom",),
        2,
    )
    assert (t2.included_on, t2.included_by) == (r.clock.now().date(), C)
    f = r.p.figures()
    assert (f["bank_size"], f["bank_mentors"], f["bank_mentees"], f["navigators"]) == (2, 1, 1, 0)


def test_a_mentor_keeps_a_higher_level_and_takes_payload_fields() -> None:
    r = after_cluster_one()
    include(r, "m1", attended(2), can_teach=("digital",), capacity=4)
    entry = r.p.data.bank_entry("m1")
    assert entry is not None
    assert (entry.leader.can_teach, entry.leader.capacity) == (("digital",), 4)
    assert r.p.data.bank_entry("m2") is None


def test_the_bank_is_a_leaders_bank_for_queries() -> None:
    r = after_cluster_one()
    include(r, "m1", attended(3))
    include(r, "t1", attended(2), can_teach=("classroom",))
    bank = r.p.data.competency_leaders()
    assert bank.ids() == ("m1", "t1")
    assert [x.id for x in bank.who_can_teach("classroom")] == ["m1", "t1"]
    assert bank.who_can_teach("classroom", min_level=LeaderLevel.NAVIGATOR) == []
    assert [x.id for x in bank.who_can_teach("classroom", load={"m1": 1})] == ["t1"]


# -- refused -----------------------------------------------------------------------------------


def test_the_bank_waits_for_an_event_of_the_first_cluster() -> None:
    r = at_work()
    message = refused_inclusion(r, "first_cluster_held", "m1", attended(1))
    assert "no event of the competency leaders cluster has been held yet" in message
    r("schedule_event", event=event("f1", cluster=ClusterKind.FESTIVAL))
    r("hold_event", event_id="f1", on=DAY, attendee_ids=("m1",))
    refused_inclusion(r, "first_cluster_held", "m1", attended(1))  # another cluster's event


def test_only_participants_enter_the_bank() -> None:
    r = after_cluster_one()
    message = refused_inclusion(r, "bank_candidate", "sp1", attended(1))
    assert "'sp1' is neither a mentor nor a mentee of the programme" in message


def test_a_participant_enters_the_bank_once() -> None:
    r = after_cluster_one()
    include(r, "m1", attended(3))
    message = refused_inclusion(r, "not_in_bank", "m1", attended(1))
    day = r.p.data.bank[0].included_on.isoformat()
    assert f"'m1' is in the bank already (included on {day}: Ярко проявил(а) себя)" in message


def test_events_attended_are_checked_against_the_record() -> None:
    r = after_cluster_one()
    message = refused_inclusion(r, "results_verified", "t2", attended(3))
    assert "'t2' attended 1 event of the competency leaders cluster, not 3" in message
    message = refused_inclusion(r, "results_verified", "m2", attended(1))
    assert "'m2' attended 0 events of the competency leaders cluster, not 1" in message


def test_a_completed_track_is_the_participants_own_and_completed() -> None:
    r = after_cluster_one()
    message = refused_inclusion(r, "results_verified", "m1", attended(1), completed("a"))
    assert "track 'a' is active, not completed" not in message  # 'a' is planning: not begun
    assert "track 'a' is planning, not completed" in message
    r.p.fire_track("a", "set_plan", actor="m1", plan=PLAN)
    r.p.fire_track("a", "begin", actor="m1")
    message = refused_inclusion(r, "results_verified", "m1", completed("a"))
    assert "track 'a' is active, not completed" in message
    message = refused_inclusion(r, "results_verified", "t2", attended(1), completed("a"))
    assert "'t2' is not the mentor or a mentee of track 'a'" in message
    message = refused_inclusion(r, "results_verified", "m1", completed("tr-9"))
    assert "track 'tr-9' is not in the programme" in message


def test_an_observation_alone_includes_nobody() -> None:
    r = after_cluster_one()
    message = refused_inclusion(r, "results_verified", "m1", noted(), noted("Ещё"))
    assert "an observation alone does not include anyone" in message


def test_the_bank_is_formed_while_pairs_work_or_at_completion_only() -> None:
    early = cluster_one(with_speakers(matching()), {})  # still matching pairs
    early.refused(InvalidTrigger, lambda: include(early, "m1", attended(1)))
    r = cluster_one(at_work(), {})
    r.refused(
        PermissionDenied,
        lambda: r(
            "include_in_bank", actor="k1", teacher_id="m1", reason="Р", results=(attended(1),)
        ),
    )
    complete_track(r)
    r("open_completion")
    include(r, "m1", attended(3), completed("a"))  # at completion too
    assert r.p.data.bank_entry("m1") is not None


def test_the_bank_replays_and_reads_back() -> None:
    r = after_cluster_one()
    include(r, "m1", attended(3))
    include(r, "t1", attended(2), noted())
    wf = r.p.workflow
    assert replay(MENTORING_PROGRAMME, wf.events) == wf
    assert from_json(to_json(wf)) == wf


@given(claimed=st.integers(1, 6))
def test_a_claim_of_events_is_accepted_exactly_when_the_record_holds_it(claimed: int) -> None:
    r = after_cluster_one()  # m1 attended 3
    if claimed <= 3:
        include(r, "m1", attended(claimed))
        assert r.p.data.bank[0].results == (attended(claimed),)
    else:
        refused_inclusion(r, "results_verified", "m1", attended(claimed))


# -- the types ---------------------------------------------------------------------------------


def _leader(level: LeaderLevel = LeaderLevel.COMPETENCY_LEADER) -> Leader:
    t = Teacher(id="m1", name="Ольга", organisation_id="s1", competencies={"nvc": Level.EXPERT})
    return Leader(teacher=t, can_teach=("nvc",), level=level)


def _entry(**changes: Any) -> BankEntry:
    fields: dict[str, Any] = {
        "leader": _leader(),
        "role": BankRole.MENTOR,
        "reason": "Ярко",
        "results": (attended(2),),
        "included_on": date(2023, 5, 15),
        "included_by": "coord",
    }
    return BankEntry(**(fields | changes))


def test_a_bank_entry_holds_a_competency_leader_with_results() -> None:
    assert _entry().level is LeaderLevel.COMPETENCY_LEADER
    with pytest.raises(ValueError, match="'m1' is at level mentor"):
        _entry(leader=_leader(LeaderLevel.MENTOR))
    with pytest.raises(ValueError, match="results must cite at least one result"):
        _entry(results=())
    with pytest.raises(ValueError, match="navigators_school_id is set for a navigator only"):
        _entry(navigators_school_id="s1")
    nav = _entry(leader=_leader(LeaderLevel.NAVIGATOR), navigators_school_id="s1")
    assert nav.navigators_school_id == "s1"
    with pytest.raises(ValueError, match="reason must be a non-empty string"):
        _entry(reason=" ")


def test_each_result_kind_requires_its_field() -> None:
    with pytest.raises(ValueError, match="give a value of at least 1"):
        BankResult(EVENTS)
    with pytest.raises(ValueError, match="value must be a whole number of at least 1"):
        BankResult(EVENTS, value=0)
    with pytest.raises(ValueError, match="give its id as ref"):
        BankResult(TRACK)
    with pytest.raises(ValueError, match="give a note"):
        BankResult(SEEN)
    assert BankResult(TRACK, ref="a", note="Досрочно").note == "Досрочно"


def test_programme_data_refuses_a_repeated_bank_entry() -> None:
    with pytest.raises(ValueError, match="m1"):
        ProgrammeData(name="П", coordinator_ids=(C,), bank=(_entry(), _entry()))
    d = ProgrammeData(name="П", coordinator_ids=(C,), bank=(_entry(),))
    assert d.competency_leaders().get("m1") == _leader()
    assert attrs.evolve(d, bank=()).competency_leaders().ids() == ()
