"""The mentoring driver: a district's programme over a school year on the real workflows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity import ManualClock, replay
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.services import InMemoryStore, Services, bootstrap
from pedcommunity.simulation._mentoring import MentoringWeek, MentoringYear
from pedcommunity.simulation._people import EARLY_CAREER_YEARS, SimTeacher

TENANT = "district-1"
START = datetime(2025, 9, 1, 9, tzinfo=UTC)
SUBJECTS = ("math", "physics", "history", "russian")


def district(n: int = 40, early: int = 8, schools: int = 2) -> list[SimTeacher]:
    """``n`` teachers over ``schools`` schools, the first ``early`` of them early-career."""
    return [
        SimTeacher(
            id=f"t{i:03d}",
            school_id=f"s{i % schools}",
            years_experience=i % EARLY_CAREER_YEARS if i < early else 3 + (i * 7) % 30,
            subject=SUBJECTS[i % len(SUBJECTS)],
        )
        for i in range(n)
    ]


@attrs.frozen
class Run:
    services: Services
    year: MentoringYear
    weeks: tuple[MentoringWeek, ...]
    teachers: tuple[SimTeacher, ...]

    def events(self) -> list[Any]:
        return [(w.id, w.events) for w in self.services.export(tenant=TENANT)]

    def history(self, mentee: str) -> list[Any]:
        return self.services.history(self.year.tracks[mentee], tenant=TENANT).events


def run_year(
    seed: int = 1,
    *,
    teachers: list[SimTeacher] | None = None,
    leave: Mapping[int, Set[str]] | None = None,
    length: int = 52,
    first_week_at: timedelta = timedelta(0),
    **options: Any,
) -> Run:
    """A year of the programme, a week every 7 days; ``leave`` removes teachers at a week."""
    people = district() if teachers is None else teachers
    clock = ManualClock(START)
    app = bootstrap(InMemoryStore(), clock=clock, plugins=False)
    rng = np.random.default_rng(seed)
    year = MentoringYear.start(
        app,
        tenant=TENANT,
        year=2025,
        mentees=[t for t in people if t.early_career],
        mentors=[t for t in people if not t.early_career],
        rng=rng,
        **options,
    )
    present = {t.id for t in people}
    engagement = {t.id: 0.5 + 0.05 * (i % 10) for i, t in enumerate(people)}
    out = []
    for w in range(length):
        clock.set(START + first_week_at + timedelta(weeks=w))
        present -= set((leave or {}).get(w, ()))
        out.append(year.week(app, w, present=set(present), engagement=engagement, rng=rng))
    return Run(app, year, tuple(out), tuple(people))


def test_a_year_takes_every_pair_from_proposal_to_completion() -> None:
    """Every matched mentee's track completes, with sessions on the way; nothing else opens."""
    run = run_year()
    mentees = sorted(t.id for t in run.teachers if t.early_career)
    assert sorted(run.year.pairs) == mentees  # 32 mentors of capacity 2 for 8 mentees
    assert dict(Counter(run.year.states.values())) == {"completed": len(mentees)}
    assert sorted(m for w in run.weeks for m in w.completed) == mentees
    assert all(any(m in w.sessions for w in run.weeks) for m in mentees)
    ids = run.services.ids(tenant=TENANT)
    assert run.year.workflow_ids == tuple(sorted(ids))
    assert run.services.get("mentoring-2025", tenant=TENANT).state == "pairs_at_work"
    history = [e.trigger for e in run.history(mentees[0])]
    assert history[:6] == ["start", "propose", "publish", "accept", "accept", "set_plan"]
    assert history[-4:] == ["reach_end", "give_feedback", "give_feedback", "complete"]
    assert set(history[7:-4]) == {"log_session"}


@pytest.mark.parametrize("weeks", [12, 20, 45])
def test_tracks_complete_in_the_week_asked_for(weeks: int) -> None:
    """A plan ends ``weeks`` weeks after the start: the tracks complete in that week."""
    run = run_year(weeks=weeks)
    assert [i for i, w in enumerate(run.weeks) if w.completed] == [weeks]


def test_replay_rebuilds_every_stored_workflow() -> None:
    """Each stored log replays through its definition to the stored workflow."""
    run = run_year(leave={10: {"t001"}, 14: {"t020", "t021", "t030"}})
    for workflow_id in run.year.workflow_ids:
        stored = run.services.history(workflow_id, tenant=TENANT)
        assert replay(stored.definition, stored.events) == stored


def test_the_same_seed_gives_the_same_year() -> None:
    """Same inputs and seed: identical event logs and weekly results; another seed differs."""
    leave = {5: {"t003"}, 20: {"t025"}}
    first, again = run_year(7, leave=leave), run_year(7, leave=leave)
    assert first.events() == again.events()
    assert first.weeks == again.weeks
    assert dict(first.year.pairs) == dict(again.year.pairs)
    assert run_year(8, leave=leave).weeks != first.weeks


def test_pairs_are_experienced_mentors_of_early_career_mentees() -> None:
    """A mentor is past their early career, never their own mentee, within their capacity."""
    teachers = district(40, early=12)
    run = run_year(teachers=teachers, max_mentees_per_mentor=1)
    by_id = {t.id: t for t in teachers}
    assert len(run.year.pairs) == 12
    for mentee, mentor in run.year.pairs.items():
        assert by_id[mentee].early_career
        assert by_id[mentor].years_experience >= EARLY_CAREER_YEARS
        assert mentor != mentee
    assert max(Counter(run.year.pairs.values()).values()) == 1


def test_the_shortlist_takes_mentors_from_the_mentees_schools_first() -> None:
    """Shortlisted mentors come from each mentee's school; a school with none borrows."""
    teachers = [*district(40, early=8), SimTeacher("x1", "s9", 1, "math")]
    run = run_year(teachers=teachers, shortlist=1, max_mentees_per_mentor=1)
    school = {t.id: t.school_id for t in teachers}
    assert len(run.year.pairs) == 9
    for mentee, mentor in run.year.pairs.items():
        if mentee != "x1":
            assert school[mentor] == school[mentee]
    assert school[run.year.pairs["x1"]] in {"s0", "s1"}


def test_early_career_teachers_are_never_mentors() -> None:
    """An early-career teacher in ``mentors`` is left out of the mentor pool."""
    teachers = district(12, early=4)
    clock = ManualClock(START)
    app = bootstrap(InMemoryStore(), clock=clock, plugins=False)
    year = MentoringYear.start(
        app,
        tenant=TENANT,
        year=2025,
        mentees=teachers[:2],
        mentors=teachers[2:],
        rng=np.random.default_rng(1),
    )
    assert set(year.pairs.values()) <= {t.id for t in teachers[4:]}


def test_sessions_are_logged_only_for_working_pairs() -> None:
    """A session is a matched mentee's, logged by their mentor while the track is active."""
    run = run_year(leave={12: {"t002"}})
    for w, week in enumerate(run.weeks):
        assert week.sessions <= set(run.year.pairs)
        if w >= 12:
            assert "t002" not in week.sessions
    for mentee, mentor in run.year.pairs.items():
        for event in run.history(mentee):
            if event.trigger == "log_session":
                assert event.actor == mentor
                assert event.source == "active"
    assert not run.weeks[0].sessions and not run.weeks[1].sessions


def test_a_departure_closes_the_track_early() -> None:
    """A mentee who leaves, or whose mentor leaves, has the track closed by the coordinator."""
    base = run_year()
    mentor_of_t004 = base.year.pairs["t004"]
    alone = [m for m, x in base.year.pairs.items() if x == mentor_of_t004]
    run = run_year(leave={9: {"t001"}, 15: {mentor_of_t004}})
    closed = {m for m, s in run.year.states.items() if s == "closed"}
    assert closed == {"t001", *alone}
    last = run.history("t001")[-1]
    assert (last.trigger, last.actor, last.at) == (
        "close_early",
        "coordinator",
        START + timedelta(weeks=9),
    )
    assert "выбыл" in last.payload.reason
    assert run.history("t004")[-1].at == START + timedelta(weeks=15)
    assert all("t001" not in w.sessions for w in run.weeks[9:])


def test_mentees_without_a_mentor_wait_unmatched() -> None:
    """More mentees than places: the rest wait in ``requested``; one who leaves is closed."""
    teachers = [*district(8, early=8), SimTeacher("m1", "s0", 20, "math")]
    run = run_year(teachers=teachers, leave={6: {"t007"}}, max_mentees_per_mentor=2)
    assert len(run.year.pairs) == 2
    waiting = set(run.year.tracks) - set(run.year.pairs)
    states = run.year.states
    assert len(waiting) == 6
    assert {states[m] for m in waiting - {"t007"}} == {"requested"}
    assert states["t007"] == "closed"
    assert all(w.sessions <= set(run.year.pairs) for w in run.weeks)


def test_no_mentor_at_all_opens_no_track() -> None:
    """Without mentors the programme stops at its mentor base, and the weeks do nothing."""
    run = run_year(teachers=district(6, early=6))
    assert run.year.pairs == {}
    assert run.year.workflow_ids == ("mentoring-2025",)
    assert run.services.get("mentoring-2025", tenant=TENANT).state == "mentor_base"
    assert all(w == MentoringWeek(frozenset(), ()) for w in run.weeks)


def test_a_proposal_unanswered_in_time_lapses() -> None:
    """A first week more than the answer time after the start: the proposals lapse."""
    run = run_year(first_week_at=timedelta(days=8), length=3)
    assert set(run.year.states.values()) == {"requested"}
    assert run.history("t001")[-1].trigger == "lapse"


@pytest.mark.parametrize("form", ["traditional", "virtual", "flash"])
def test_each_one_to_one_form_runs_a_year(form: str) -> None:
    """Virtual pairs meet online; a flash track holds one session at most and lasts 30 days."""
    run = run_year(form=form)
    for mentee in run.year.pairs:
        sessions = [e for e in run.history(mentee) if e.trigger == "log_session"]
        if form == "flash":
            assert len(sessions) <= 1
        if form == "virtual":
            assert {e.payload.format.value for e in sessions} <= {"online"}
    assert set(run.year.states.values()) == {"completed"}


def test_group_mentoring_runs_groups_of_a_school() -> None:
    """Group form: a school's mentees in groups of at most the size asked, a mentor a group."""
    teachers = district(60, early=14, schools=2)
    run = run_year(teachers=teachers, form="group", max_mentees_per_mentor=3, leave={20: {"t002"}})
    tracks: dict[str, list[str]] = {}
    for mentee, track in run.year.tracks.items():
        tracks.setdefault(track, []).append(mentee)
    schools = {t.id: t.school_id for t in teachers}
    assert sorted(len(g) for g in tracks.values()) == [2, 2, 2, 2, 3, 3]  # 7 mentees a school
    assert all(len({schools[m] for m in g}) == 1 for g in tracks.values())
    assert sorted(run.year.tracks) == sorted(run.year.pairs)
    for group in tracks.values():
        assert len({run.year.pairs[m] for m in group}) == 1
    assert len(set(run.year.pairs.values())) == 6  # a mentor takes one group
    states = run.year.states
    with_t002 = next(g for g in tracks.values() if "t002" in g)
    assert {states[m] for m in with_t002} == {"closed"}
    assert {states[m] for g in tracks.values() if "t002" not in g for m in g} == {"completed"}
    for w in run.weeks:
        for group in tracks.values():
            assert set(group) <= w.sessions or not set(group) & w.sessions
    stored = run.services.history(run.year.tracks["t000"], tenant=TENANT)
    assert replay(stored.definition, stored.events) == stored


def test_a_lone_mentee_forms_no_group() -> None:
    """Group form with one mentee: no group, no track, and the weeks still run."""
    run = run_year(teachers=district(10, early=1), form="group")
    assert run.year.pairs == {}
    assert run.year.tracks == {}


@pytest.mark.parametrize("form", ["reverse", "partner"])
def test_forms_whose_rules_refuse_every_pair_leave_mentees_waiting(form: str) -> None:
    """Reverse and partner mentoring refuse these pairs: the mentees wait, nothing fails."""
    run = run_year(form=form, leave={3: {"t001"}})
    assert run.year.pairs == {}
    states = run.year.states
    assert states["t001"] == "closed"
    assert {s for m, s in states.items() if m != "t001"} == {"requested"}
    assert all(not w.sessions for w in run.weeks)


def test_bad_parameters_are_refused_before_anything_is_stored() -> None:
    """An unknown form, a zero count or a bad language is refused, and nothing is stored."""
    app = bootstrap(InMemoryStore(), clock=ManualClock(START), plugins=False)
    people = district(4, early=1)
    common: dict[str, Any] = {
        "tenant": TENANT,
        "year": 2025,
        "mentees": people[:1],
        "mentors": people[1:],
        "rng": np.random.default_rng(1),
    }
    with pytest.raises(UnknownId):
        MentoringYear.start(app, form="nope", **common)
    for bad in (
        {"weeks": 0},
        {"max_mentees_per_mentor": True},
        {"sessions_per_month": -1.0},
        {"candidates": 1.5},
        {"lang": "fr"},
    ):
        with pytest.raises(InvalidData):
            MentoringYear.start(app, **bad, **common)
    assert app.ids(tenant=TENANT) == []


@settings(max_examples=12)
@given(
    seed=st.integers(0, 2**16),
    leave=st.dictionaries(
        st.integers(0, 51),
        st.sets(st.sampled_from([f"t{i:03d}" for i in range(24)]), max_size=3),
        max_size=4,
    ),
)
def test_any_departures_keep_the_rules(seed: int, leave: dict[int, set[str]]) -> None:
    """Whoever leaves whenever: no error, sessions only for pairs, leavers' tracks closed."""
    teachers = district(24, early=6)
    run = run_year(seed, teachers=teachers, leave=leave)
    gone = {t for ids in leave.values() for t in ids}
    assert len(run.year.pairs) == 6
    for mentee, state in run.year.states.items():
        if {mentee, run.year.pairs[mentee]} & gone:
            assert state in {"closed", "completed"}
        else:
            assert state == "completed"
    for w, week in enumerate(run.weeks):
        left = {t for k, ids in leave.items() if k <= w for t in ids}
        assert week.sessions <= set(run.year.pairs) - left
        assert not {run.year.pairs[m] for m in week.sessions} & left
