"""The community driver: a district's network community over a school year, on the workflow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity import ManualClock, replay
from pedcommunity.errors import InvalidData
from pedcommunity.model import MemberKind
from pedcommunity.services import InMemoryStore, Services, bootstrap
from pedcommunity.simulation._community import CommunityYear
from pedcommunity.workflows import COMMUNITY_LIFE

TENANT = "district-1"
START = datetime(2025, 9, 1, 9, tzinfo=UTC)
TEACHERS = tuple(f"t{i:03d}" for i in range(40))


@attrs.frozen
class Run:
    services: Services
    club: CommunityYear
    weeks: tuple[frozenset[str], ...]

    @property
    def workflow(self) -> Any:
        return self.services.history(self.club.workflow_id, tenant=TENANT)

    def triggers(self) -> list[str]:
        return [e.trigger for e in self.workflow.events]


def run_year(
    seed: int = 1,
    *,
    founders: Sequence[str] = TEACHERS[:30],
    leave: Mapping[int, Set[str]] | None = None,
    join: Mapping[int, Sequence[str]] | None = None,
    engagement: Mapping[str, float] | None = None,
    length: int = 52,
    **options: Any,
) -> Run:
    """A year of the community, a week every 7 days; ``leave`` takes teachers out at a week."""
    clock = ManualClock(START)
    app = bootstrap(InMemoryStore(), clock=clock, plugins=False)
    rng = np.random.default_rng(seed)
    club = CommunityYear.start(
        app, tenant=TENANT, year=2025, community_id="club", members=founders, rng=rng, **options
    )
    present = set(TEACHERS)
    liking = engagement or {t: 0.2 + 0.02 * i for i, t in enumerate(TEACHERS)}
    out = []
    for w in range(length):
        clock.set(START + timedelta(weeks=w))
        present -= set((leave or {}).get(w, ()))
        came = club.week(
            app,
            w,
            present=set(present),
            engagement=liking,
            joining=list((join or {}).get(w, ())),
            rng=rng,
        )
        out.append(came)
    return Run(app, club, tuple(out))


def test_a_year_holds_an_event_every_month() -> None:
    """Founders join; twelve monthly events are scheduled and held, each in its week."""
    run = run_year()
    data = run.workflow.data
    assert data.member_ids() == TEACHERS[:30]
    assert run.triggers().count("schedule_event") == 12
    assert run.triggers().count("hold_event") == 12
    held_on = [e.held_on for e in data.events]
    assert held_on == [e.planned_on for e in data.events]
    assert len({(d.year, d.month) for d in held_on}) == 12
    assert sum(1 for w in run.weeks if w) == 12
    for came, event in zip([w for w in run.weeks if w], data.events, strict=True):
        assert came == set(event.attendee_ids)


def test_attendance_follows_engagement() -> None:
    """A member of engagement 0 never comes, one of engagement 1 always does."""
    liking = dict.fromkeys(TEACHERS, 0.5) | {"t000": 0.0, "t001": 1.0}
    run = run_year(engagement=liking)
    held = [w for w in run.weeks if w]
    assert all("t001" in came and "t000" not in came for came in held)
    assert all(came <= set(TEACHERS[:30]) for came in held)


def test_several_events_a_month_are_spread_over_its_weeks() -> None:
    """Four events a month: one a week from the month's first week (6 October: October's)."""
    run = run_year(events_per_month=4, length=6)
    days = [e.planned_on for e in run.workflow.data.events]
    assert days[:4] == [date(2025, 9, 1) + timedelta(weeks=k) for k in range(4)]
    assert run.triggers().count("hold_event") + run.triggers().count("cancel_event") == 5


def test_replay_rebuilds_the_stored_community() -> None:
    """The stored log replays through the definition to the stored workflow."""
    run = run_year(leave={8: {"t003", "t004"}}, join={10: ["t035", "t036"]})
    stored = run.workflow
    assert replay(COMMUNITY_LIFE, stored.events) == stored


def test_the_same_seed_gives_the_same_year() -> None:
    """Same inputs and seed: identical event log and attendance; another seed differs."""
    args: dict[str, Any] = {"leave": {5: {"t002"}}, "join": {7: ["t031"]}}
    first, again = run_year(3, **args), run_year(3, **args)
    assert first.workflow.events == again.workflow.events
    assert first.weeks == again.weeks
    assert run_year(4, **args).weeks != first.weeks


def test_departed_members_leave_and_come_no_more() -> None:
    """A member who left the district leaves that week and attends nothing after."""
    run = run_year(leave={10: {"t005", "t006"}, 30: {"t007"}})
    data = run.workflow.data
    assert "t005" not in data.member_ids() and "t007" not in data.member_ids()
    leaves = [e for e in run.workflow.events if e.trigger == "leave"]
    assert [(e.payload.teacher_id, e.actor, e.at) for e in leaves] == [
        ("t005", "t005", START + timedelta(weeks=10)),
        ("t006", "t006", START + timedelta(weeks=10)),
        ("t007", "t007", START + timedelta(weeks=30)),
    ]
    assert all(not came & {"t005", "t006"} for came in run.weeks[10:])
    assert all("t007" not in came for came in run.weeks[30:])
    assert run.club.members == frozenset(TEACHERS[:30]) - {"t005", "t006", "t007"}


def test_joiners_become_members_of_their_kind() -> None:
    """Joiners join that week, as early-career teachers when named so; repeats are skipped."""
    run = run_year(join={3: ["t031", "t032", "t000"], 9: ["t031"]}, early_career={"t032"})
    data = run.workflow.data
    kinds = {m.teacher_id: m.kind for m in data.members}
    assert kinds["t031"] is MemberKind.EXPERIENCED_TEACHER
    assert kinds["t032"] is MemberKind.EARLY_CAREER_TEACHER
    assert run.triggers().count("join") == 32  # t000 a founder, t031 once
    joined = {m.teacher_id: m.joined for m in data.members}
    assert joined["t031"] == (START + timedelta(weeks=3)).date()


def test_a_teacher_who_left_the_district_does_not_join() -> None:
    """A joiner not in the district is skipped, deliberately."""
    run = run_year(leave={2: {"t033"}}, join={4: ["t033"]})
    assert "t033" not in run.workflow.data.member_ids()


def test_an_event_nobody_came_to_is_cancelled() -> None:
    """With every engagement 0 each event is called off, and nobody attended anything."""
    run = run_year(engagement=dict.fromkeys(TEACHERS, 0.0))
    assert run.triggers().count("cancel_event") == 12
    assert "hold_event" not in run.triggers()
    assert all(not came for came in run.weeks)


def test_an_empty_community_keeps_running() -> None:
    """No founders and no joiners: events have no organiser and are cancelled."""
    run = run_year(founders=())
    assert run.workflow.data.member_ids() == ()
    assert run.triggers().count("cancel_event") == 12


def test_a_bad_count_is_refused() -> None:
    """``events_per_month`` is a whole number from 0."""
    app = bootstrap(InMemoryStore(), clock=ManualClock(START), plugins=False)
    for bad in (-1, 1.5, True):
        with pytest.raises(InvalidData, match="events_per_month"):
            CommunityYear.start(
                app,
                tenant=TENANT,
                year=2025,
                community_id="club",
                members=[],
                rng=np.random.default_rng(1),
                events_per_month=bad,
            )
    assert app.ids(tenant=TENANT) == []


@settings(max_examples=15)
@given(
    seed=st.integers(0, 2**16),
    leave=st.dictionaries(st.integers(0, 51), st.sets(st.sampled_from(TEACHERS), max_size=4)),
    join=st.dictionaries(st.integers(0, 51), st.lists(st.sampled_from(TEACHERS), max_size=4)),
    per_month=st.integers(0, 6),
)
def test_any_comings_and_goings_keep_the_rules(
    seed: int, leave: dict[int, set[str]], join: dict[int, list[str]], per_month: int
) -> None:
    """No error; attendees are members present that week; the log replays."""
    run = run_year(seed, leave=leave, join=join, events_per_month=per_month)
    gone: set[str] = set()
    for w, came in enumerate(run.weeks):
        gone |= leave.get(w, set())
        assert not came & gone
    stored = run.workflow
    assert replay(COMMUNITY_LIFE, stored.events) == stored
    assert set(stored.data.member_ids()) == run.club.members
    assert not run.club.members & gone
