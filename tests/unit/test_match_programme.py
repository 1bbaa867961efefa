"""Bulk matching of a programme's waiting tracks from plain inputs (``match_programme``)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.clock import ManualClock
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.matching import MatchingMethod, match_programme
from pedcommunity.matching.programme import WaitingTrack
from pedcommunity.model import MENTORING_FORMS, Leader, MentoringRequest, Teacher

REQUEST = MentoringRequest(goals=("Класс",), competency_ids=("classroom",))
ONE = MENTORING_FORMS["traditional"]
GROUP = MENTORING_FORMS["group"]


def teacher(tid: str, years: int = 1) -> Teacher:
    return Teacher(id=tid, name=tid, organisation_id="s1", years_experience=years)


def leaders(*capacities: int) -> list[Leader]:
    """Leaders m1, m2... of 15 years who teach classroom management, with these capacities."""
    return [
        Leader(teacher=teacher(f"m{i}", 15), can_teach=("classroom",), capacity=c)
        for i, c in enumerate(capacities, 1)
    ]


def track(tid: str, *mentee_ids: str, **fields: object) -> WaitingTrack:
    form = GROUP if len(mentee_ids) > 1 else ONE
    mentees = [teacher(m) for m in mentee_ids]
    return WaitingTrack(track_id=tid, form=form, mentees=mentees, request=REQUEST, **fields)


# -- the two programme scenarios, from plain inputs ----------------------------------------------


def test_optimal_fills_every_place_and_skips_declined_mentors():
    """tr1 declined m1: m1 is never proposed to it again; every place is filled."""
    tracks = [track("tr1", "t1", excluded=["m1"])] + [track(f"tr{i}", f"t{i}") for i in (2, 3, 4)]
    pairs, result = match_programme(tracks, leaders(2, 1, 1))
    assert set(pairs) == {"tr1", "tr2", "tr3", "tr4"}
    assert pairs["tr1"] != "m1"
    assert result.figures.matched == 4
    assert sorted(pairs.values()) == ["m1", "m1", "m2", "m3"]


def test_groups_are_served_first_and_the_rest_reported():
    """A group track takes as many places as mentees; a mentee with no place stays unmatched."""
    tracks = [track("grp", "t1", "t2", "t3"), track("tr4", "t4"), track("tr5", "t5")]
    pairs, result = match_programme(tracks, leaders(3, 1), method="greedy")
    assert pairs["grp"] == "m1"
    assert [u.mentee_id for u in result.unmatched] in (["tr5"], ["tr4"])
    assert result.unmatched[0].reason.value == "mentors_full"
    with pytest.raises(InvalidData, match="unknown method") as info:
        match_programme(tracks, leaders(3, 1), method="random")
    assert info.value.path == "$.method"


def test_the_load_takes_places_and_a_full_mentor_is_left_out():
    """m1 holds 2 of 2: passing it changes nothing; m2 holds 1 of 2: one place left."""
    tracks = [track(f"tr{i}", f"t{i}") for i in (1, 2, 3)]
    pairs, result = match_programme(tracks, leaders(2, 2, 1), load={"m1": 2, "m2": 1})
    assert sorted(pairs.values()) == ["m2", "m3"]
    assert result.figures.places == 2
    without = match_programme(tracks, leaders(2, 2, 1)[1:], load={"m2": 1, "gone": 3})
    assert without == (pairs, result)


def test_the_mentees_ranking_counts_as_wishes():
    """Two equal mentors: the one the mentee ranked first is chosen."""
    pairs, result = match_programme([track("tr1", "t1", ranked=["m2", "m1"])], leaders(1, 1))
    assert pairs == {"tr1": "m2"}
    assert result.pairs[0].breakdown[-1].criterion == "wishes"


def test_the_method_may_be_a_member():
    tracks = [track("tr1", "t1"), track("tr2", "t2")]
    for method in MatchingMethod.OPTIMAL, MatchingMethod.STABLE, MatchingMethod.GREEDY:
        assert match_programme(tracks, leaders(1, 1), method=method) == match_programme(
            tracks, leaders(1, 1), method=method.value
        )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["optimal", "stable", "greedy"]))
def test_the_order_of_tracks_and_mentors_does_not_matter(seed, method):
    rnd = random.Random(seed)
    n = rnd.randint(1, 7)
    tracks = [
        track(f"tr{i}", f"t{i}", excluded=rnd.sample(["m1", "m2", "m3"], rnd.randint(0, 2)))
        for i in range(n)
    ]
    if rnd.random() < 0.5:
        tracks.append(track("grp", "g1", "g2"))
    mentors = leaders(*(rnd.randint(1, 3) for _ in range(4)))
    load = {m.id: rnd.randint(0, m.capacity) for m in mentors}
    want = match_programme(tracks, mentors, load=load, method=method)
    rnd.shuffle(tracks)
    rnd.shuffle(mentors)
    assert match_programme(tracks, mentors, load=load, method=method) == want


# -- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "path"),
    [
        ((5, leaders(1)), {}, "$.tracks"),
        (("tr1", leaders(1)), {}, "$.tracks"),
        (([track("tr1", "t1"), "tr2"], leaders(1)), {}, "$.tracks[1]"),
        (([track("tr1", "t1"), track("tr1", "t2")], leaders(1)), {}, "$.tracks[1]"),
        (([track("tr1", "t1")], None), {}, "$.mentors"),
        (([track("tr1", "t1")], "m1"), {}, "$.mentors"),
        (([track("tr1", "t1")], [*leaders(1), teacher("m2")]), {}, "$.mentors[1]"),
        (([track("tr1", "t1")], leaders(1) + leaders(2)), {}, "$.mentors[1]"),
        (([track("tr1", "t1")], leaders(1)), {"load": [("m1", 1)]}, "$.load"),
        (([track("tr1", "t1")], leaders(1)), {"load": {"m1": -1}}, "$.load['m1']"),
        (([track("tr1", "t1")], leaders(1)), {"load": {"m1": True}}, "$.load['m1']"),
        (([track("tr1", "t1")], leaders(1)), {"method": "suggest"}, "$.method"),
        (([track("tr1", "t1")], leaders(1)), {"criteria": ()}, "$.criteria"),
    ],
)
def test_bad_inputs_are_refused_with_their_path(args, kwargs, path):
    tracks = list(args[0]) if isinstance(args[0], list) else args[0]
    with pytest.raises(InvalidData) as info:
        match_programme(*args, **kwargs)
    assert info.value.path == path
    if isinstance(args[0], list):
        assert args[0] == tracks  # nothing the caller passed was changed


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"track_id": "bad id"}, "$.track_id"),
        ({"form": "traditional"}, "$.form"),
        ({"mentees": []}, "$.mentees"),
        ({"mentees": teacher("t1")}, "$.mentees"),
        ({"mentees": ["t1"]}, "$.mentees"),
        ({"request": "Класс"}, "$.request"),
        ({"excluded": "m1"}, "$.excluded"),
        ({"ranked": ["m1", ""]}, "$.ranked"),
    ],
)
def test_a_waiting_track_refuses_bad_fields(fields, path):
    given = {"track_id": "tr1", "form": ONE, "mentees": [teacher("t1")], "request": REQUEST}
    with pytest.raises(InvalidData) as info:
        WaitingTrack(**{**given, **fields})
    assert info.value.path == path


def test_a_waiting_track_refuses_a_repeated_id():
    with pytest.raises(DuplicateId):
        track("tr1", "t1", ranked=["m1", "m1"])


# -- the transition: a whole MentoringProgramme is still read -------------------------------------


def programme():
    """A programme in matching: a declined mentor, a group, a ranking, an open proposal, and
    leaders untrained, full and free."""
    from pedcommunity import MentoringProgramme, ProgrammeData

    clock = ManualClock(datetime(2026, 9, 1, 9, tzinfo=UTC))
    p = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=("c",)), id="p", actor="c", clock=clock
    )
    bank = leaders(2, 1, 1, 2, 1)
    steps = [("add_curator", {"teacher_id": "k1", "capacity": 2}), ("open_mentee_base", {})]
    steps += [("enrol_mentee", {"teacher": teacher(f"t{i}")}) for i in range(1, 9)]
    steps += [("open_mentor_base", {})] + [("add_leader", {"leader": x}) for x in bank]
    steps += [("open_training", {})] + [
        ("train_mentor", {"leader_id": m}) for m in ["m1", "m2", "m3", "m4"]
    ]
    for trigger, fields in [*steps, ("open_matching", {})]:
        p.fire(trigger, actor="c", **fields)
    for i in range(1, 7):
        p.open_track(f"tr{i}", mentee_ids=(f"t{i}",), request=REQUEST, actor="c")
    p.open_track("grp", mentee_ids=("t7", "t8"), request=REQUEST, actor="c", form=GROUP)
    p.propose("tr1", "m1", actor="c")
    p.fire_track("tr1", "decline", actor="m1", reason="нет времени")
    p.fire_track("tr2", "rank_mentors", actor="t2", choices=(bank[2].teacher, bank[1].teacher))
    p.propose("tr3", "m4", actor="c")  # an open proposal: tr3 waits for an answer, not a match
    return p


def inputs(p):
    """The plain inputs of a programme, as the services layer builds them."""
    waiting = []
    for tid in sorted(p.tracks, reverse=True):  # any order: match_programme sorts them
        wf = p.track(tid)
        if wf.state == "requested" and wf.data.open_proposal is None:
            waiting.append(WaitingTrack.from_track(tid, wf.data))
    return waiting, p.available_mentors(), p.load()


@pytest.mark.parametrize("method", ["optimal", "stable", "greedy"])
def test_a_whole_programme_gives_what_its_plain_inputs_give(method):
    p = programme()
    waiting, mentors, load = inputs(p)
    assert {t.track_id for t in waiting} == {"tr1", "tr2", "tr4", "tr5", "tr6", "grp"}
    assert "m5" not in {m.id for m in mentors}  # untrained
    read = p.matching_inputs()  # what the services layer reads from the store
    assert sorted(read[0], key=lambda t: t.track_id) == sorted(waiting, key=lambda t: t.track_id)
    assert read[1:] == (mentors, load)
    pairs, _ = match_programme(waiting, mentors, load=load, method=method)
    assert pairs["tr1"] != "m1" and "tr3" not in pairs
    if method == "optimal":
        assert pairs["tr2"] == "m3"  # the mentee's first choice
    matched = p.match(actor="c", method=method)  # matched and proposed in one transaction
    assert dict(matched.pairs) == pairs
    assert matched.refused == {}
    assert {e.workflow_id for e in matched.proposed} == set(pairs)


def test_a_group_no_mentor_can_take_is_reported_with_the_reason():
    """A group of 2 where no trained mentor has 2 free places is reported, not dropped."""
    p = programme()
    for t in ("t9", "t10"):
        p.fire("enrol_mentee", actor="c", teacher=teacher(t))
    p.open_track("grp3", mentee_ids=("t9", "t10"), request=REQUEST, actor="c", form=GROUP)
    waiting, mentors, load = inputs(p)
    free = {m.id: m.capacity - load.get(m.id, 0) for m in mentors}
    matched = p.match(actor="c")
    groups = {t.track_id for t in waiting if len(t.mentees) > 1}
    assert groups == {"grp", "grp3"}
    placed = groups & set(matched.pairs)
    assert set(matched.unplaced) == groups - placed
    assert matched.unplaced, "the fixture has room for one group of two only"
    # Mentors with two free places: at most that many groups of two are placed.
    assert len(placed) <= sum(1 for n in free.values() if n >= 2)
    for reason in matched.unplaced.values():
        assert "free places" in reason and "'group'" in reason
