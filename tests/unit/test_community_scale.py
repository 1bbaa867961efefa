"""Community life at scale (issue 13): indexes kept by effects, monitoring in one pass.

:class:`~pedcommunity.workflows.CommunityData` keeps derived indexes (a member's memberships,
the position of each event, group, partner, plan and material, who came to each held event
and who answered its survey) so each guard looks up instead of scanning; the effects keep
them in step. :class:`~pedcommunity.monitoring.CommunityLog` rebuilds its snapshots in one
forward pass over the log. These tests drive random community lives (joins, leaves and
returns, events held with members, non-members and guests, feedback, posts, plans...) and
require after every call:

- every index equals what a fresh construction of the data computes, and every lookup
  answers as the scan it replaced;
- the default path and the reference path (``full_validation()``: whole-record validation
  and the ``transitions`` engine) accept and refuse alike and keep equal data;
- monitoring's snapshots, reviews, series and reports equal those of the per-date replay it
  replaced, on valid and on edited logs, and the log is read once: each event is checked
  once however many days are asked for.

No timing is asserted; the figures are in ``benchmarks/scale.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import offsets

from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.model import (
    Committee,
    CommitteeKind,
    CommunityEvent,
    CommunityMembership,
    CouncilRole,
    CouncilSeat,
    EventKind,
    FeedbackResponse,
    MemberKind,
    MethodicalMaterial,
    Partner,
    PartnerKind,
    ProjectGroup,
    WorkPlan,
)
from pedcommunity.model._fields import full_validation
from pedcommunity.monitoring import (
    CommunityLog,
    Period,
    half_year_review,
    monthly_series,
    review,
    year_report,
)
from pedcommunity.workflows import (
    COMMUNITY_LIFE,
    CommunityData,
    CommunityRules,
    Workflow,
    fire,
    replay,
    start,
)
from pedcommunity.workflows import rebuild as rebuild_module

ADMIN = "coordinator"
POOL = tuple(f"t{i}" for i in range(8))
GUESTS = ("x1", "x2")
EVENTS = tuple(f"e{i}" for i in range(6))
GROUPS = ("g1", "g2")

# -- the lookups as they were: scans of the records -----------------------------------------------


def scan_membership(d: CommunityData, tid: str) -> CommunityMembership | None:
    return next((m for m in d.members if m.teacher_id == tid and m.is_current), None)


def scan_is_member(d: CommunityData, tid: str, on: date | None) -> bool:
    if on is None:
        return scan_membership(d, tid) is not None
    return any(m.teacher_id == tid and m.active_on(on) for m in d.members)


def check_indexes(d: CommunityData, days: list[date]) -> None:
    """The data's indexes equal a fresh construction's; lookups answer as the old scans."""
    fresh = attrs.evolve(d)  # every validator and __attrs_post_init__: the indexes afresh
    derived = [f.name for f in attrs.fields(CommunityData) if not f.init]
    assert derived == ["_member_positions", "_positions", "_event_people"]
    for name in derived:
        assert getattr(d, name) == getattr(fresh, name), name
    for tid in (*POOL, *GUESTS, "nobody"):
        assert d.membership(tid) == scan_membership(d, tid)
        for on in (None, *days):
            assert d.is_member(tid, on) == scan_is_member(d, tid, on), (tid, on)
    for eid in (*EVENTS, "plan-a", "plan-b", "nothing"):
        assert d.event(eid) == next((e for e in d.events if e.id == eid), None)
    for gid in (*GROUPS, "nothing"):
        assert d.group(gid) == next((g for g in d.project_groups if g.id == gid), None)
    # Anything that is not an id names nothing, as a scan found nothing.
    assert d.membership(["t0"]) is None  # type: ignore[arg-type]
    assert d.event(7) is None  # type: ignore[arg-type]
    assert not d.is_member({"t0"}, days[0])  # type: ignore[arg-type]


# -- random lives ---------------------------------------------------------------------------------


def _some(data: st.DataObject, items: Any, min_size: int = 0) -> list[str]:
    items = tuple(items)
    if not items:
        return []
    return data.draw(st.lists(st.sampled_from(items), min_size=min_size, max_size=5, unique=True))


def _one(data: st.DataObject, right: Any, wrong: Any) -> Any:
    """Mostly one of ``right`` (built from the data: the call goes through), else ``wrong``."""
    right = tuple(right)
    if right and data.draw(st.integers(0, 4)):
        return data.draw(st.sampled_from(right))
    return data.draw(st.sampled_from(tuple(wrong)))


_KINDS = (
    *("join",) * 6,
    *("leave",) * 3,
    *("schedule_event",) * 3,
    *("hold_event",) * 5,
    *("record_feedback",) * 3,
    "cancel_event",
    "publish_material",
    "form_project_group",
    "close_project_group",
    "form_committee",
    "assign_committee_members",
    "elect_council",
    "add_partner",
    "adopt_work_plan",
)


def _action(data: st.DataObject, today: date, d: CommunityData) -> tuple[str, dict[str, Any]]:
    """A trigger and its payload fields: mostly right for the community as it is, or wrong."""
    pick = data.draw
    on = today - timedelta(days=pick(st.integers(0, 3)))
    # Sometimes a day after the record's: guard not_future refuses it.
    if pick(st.integers(0, 29)) == 0:
        on = today + timedelta(days=1)
    # Dissolving ends the life: one call in a hundred (a middle value, which hypothesis
    # draws no more often than any other, unlike the ends of a range).
    kind = "dissolve" if pick(st.integers(0, 99)) == 57 else pick(st.sampled_from(_KINDS))
    current = d.member_ids()
    if kind == "join":
        tid = _one(data, (t for t in POOL if t not in current), POOL)
        lefts = [m.left for m in d.members if m.teacher_id == tid and m.left]
        if lefts and pick(st.integers(0, 3)):
            on = max(on, *lefts)  # a return on or after the day they left
        return kind, {"teacher_id": tid, "kind": pick(st.sampled_from(MemberKind)), "on": on}
    if kind == "leave":
        tid = _one(data, current, POOL)
        m = d.membership(tid)
        if m is not None and pick(st.integers(0, 3)):
            on = max(on, m.joined)
        return kind, {"teacher_id": tid, "on": on}
    planned = [e.id for e in d.events if e.status.value == "planned"]
    held = [e for e in d.events if e.is_held]
    if kind == "schedule_event":
        event = CommunityEvent(
            id=_one(data, (e for e in EVENTS if d.event(e) is None), EVENTS),
            kind=pick(st.sampled_from(EventKind)),
            planned_on=on,
            topic="Тема",
            organiser_ids=_some(data, _one(data, [current], [POOL]))[:2],
        )
        return kind, {"event": event}
    if kind == "hold_event":
        came = _some(data, _one(data, [d.member_ids(on=on)], [POOL]))
        guests = [g for g in _some(data, _one(data, [GUESTS], [POOL + GUESTS])) if g not in came]
        return kind, {
            "event_id": _one(data, planned, (*EVENTS, "plan-a")),
            "on": on,
            "attendee_ids": came,
            "guest_ids": guests,
        }
    if kind == "record_feedback":
        event = _one(data, held, [None])
        answered = {r.respondent_id for r in event.feedback} if event is not None else set()
        fresh = [p for p in event.participant_ids if p not in answered] if event else []
        named = [
            FeedbackResponse(ratings={"useful": pick(st.integers(1, 5))}, respondent_id=r)
            for r in _some(data, _one(data, [fresh], [POOL + GUESTS]))
        ]
        anonymous = [FeedbackResponse(comment="Спасибо")] if pick(st.booleans()) else []
        return kind, {
            "event_id": event.id if event is not None else pick(st.sampled_from(EVENTS)),
            "responses": named + anonymous or [FeedbackResponse(comment="Хорошо")],
            "on": on,
        }
    if kind == "cancel_event":
        return kind, {"event_id": _one(data, planned, EVENTS), "on": on, "reason": "Карантин"}
    if kind == "publish_material":
        authors = _some(data, _one(data, [d.member_ids(on=on)], [POOL]), min_size=1)
        material = MethodicalMaterial(
            id=pick(st.sampled_from(("m1", "m2", "m3"))),
            title="Сборник",
            author_ids=authors or ["t0"],
            published_on=on,
        )
        return kind, {"material": material}
    if kind == "form_project_group":
        members = _some(data, _one(data, [current], [POOL]))
        group = ProjectGroup(
            id=pick(st.sampled_from(GROUPS)),
            task="Задача",
            formed=on,
            member_ids=members,
            lead_id=members[0] if members and pick(st.booleans()) else None,
        )
        return kind, {"group": group}
    if kind == "close_project_group":
        group = d.group(pick(st.sampled_from(GROUPS)))
        if group is not None and pick(st.integers(0, 3)):
            on = max(on, group.formed)
        return kind, {"group_id": group.id if group else "g1", "on": on}
    if kind in ("form_committee", "assign_committee_members"):
        members = _some(data, _one(data, [current], [POOL]))
        committee = Committee(
            kind=pick(st.sampled_from((CommitteeKind.EVENTS, CommitteeKind.METHODOLOGY))),
            member_ids=members,
            lead_id=members[-1] if members and pick(st.booleans()) else None,
        )
        return kind, {"committee": committee, "on": on}
    if kind == "elect_council":
        chosen = _some(data, _one(data, [current], [POOL]), min_size=1) or ["t0"]
        seats = [CouncilSeat(teacher_id=chosen[0], role=CouncilRole.CHAIR)]
        if len(chosen) > 1:
            seats.append(CouncilSeat(teacher_id=chosen[1], role=CouncilRole.TREASURER))
        return kind, {"seats": seats, "on": on}
    if kind == "add_partner":
        partner = Partner(
            id=pick(st.sampled_from(("p1", "p2"))),
            name="Университет",
            kind=PartnerKind.UNIVERSITY,
            since=on,
        )
        return kind, {"partner": partner}
    if kind == "adopt_work_plan":
        event = CommunityEvent(
            id=pick(st.sampled_from(("plan-a", "plan-b", EVENTS[0]))),
            kind=EventKind.SEMINAR,
            planned_on=on + timedelta(days=pick(st.integers(0, 40))),
            topic="Семинар",
            organiser_ids=_some(data, _one(data, [current], [POOL]))[:1],
        )
        plan = WorkPlan(
            id=pick(st.sampled_from(("plan-1", "plan-2"))),
            title="План",
            starts=on,
            ends=on + timedelta(days=60),
            events=[event],
        )
        return kind, {"plan": plan, "on": on}
    return "dissolve", {"on": on, "reason": "Итоги"}


@attrs.define
class Life:
    """A community on both paths, fired alike; ``days`` seen so far for the checks."""

    new: Workflow
    ref: Workflow
    tz: timezone
    today: date
    days: list[date]
    accepted: int = 0
    refused: int = 0


def begin(data: st.DataObject) -> Life:
    tz = data.draw(offsets())
    today = data.draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 1, 1)))
    at = datetime.combine(today, time(9), tzinfo=tz)
    community = CommunityData(
        name="Сеть",
        administrator_ids=(ADMIN,),
        rules=CommunityRules(enforce_plan_rules=False),
    )
    new = start(COMMUNITY_LIFE, community, id="net", actor=ADMIN, at=at)
    with full_validation():
        ref = start(COMMUNITY_LIFE, community, id="net", actor=ADMIN, at=at)
    return Life(new=new, ref=ref, tz=tz, today=today, days=[today])


def step(life: Life, data: st.DataObject) -> None:
    """One random call on both paths: the same answer, equal workflows, sound indexes."""
    life.today += timedelta(days=data.draw(st.integers(0, 9)))
    trigger, fields = _action(data, life.today, life.new.data)
    hour = data.draw(st.sampled_from((0, 9, 18, 23)))
    at = datetime.combine(life.today, time(hour), tzinfo=life.tz)
    at = max(at, life.new.events[-1].at)
    answers = []
    for wf, reference in ((life.new, False), (life.ref, True)):
        before = (wf.state, wf.data, len(wf.events))
        try:
            if reference:
                with full_validation():
                    fire(wf, trigger, actor=ADMIN, at=at, **fields)
            else:
                fire(wf, trigger, actor=ADMIN, at=at, **fields)
            answers.append(None)
        except PedcommunityError as exc:
            assert (wf.state, wf.data, len(wf.events)) == before  # a refusal changes nothing
            answers.append((type(exc), str(exc)))
    assert answers[0] == answers[1], (trigger, fields, answers)
    assert life.new == life.ref
    if answers[0] is None:
        life.accepted += 1
        life.days.append(fields.get("on") or life.today)
    else:
        life.refused += 1
    check_indexes(life.new.data, [*life.days[-3:], life.today + timedelta(days=1)])


def live(data: st.DataObject, steps: int) -> Life:
    life = begin(data)
    for _ in range(steps):
        if life.new.is_final:
            break
        step(life, data)
    return life


@given(st.data())
def test_indexes_equal_a_fresh_computation_after_random_lives(data: st.DataObject) -> None:
    life = live(data, data.draw(st.integers(1, 45)))
    # Reading the log back (replay, as JSON reading does) builds the same indexes too.
    again = replay(COMMUNITY_LIFE, life.new.events)
    assert again == life.new
    check_indexes(again.data, life.days[-3:])


def test_a_long_life_keeps_its_indexes() -> None:
    """Members join, leave and come back many times over: every index stays exact."""
    tz = UTC
    day = date(2025, 9, 1)
    wf = start(
        COMMUNITY_LIFE,
        CommunityData(name="Сеть", administrator_ids=(ADMIN,)),
        id="net",
        actor=ADMIN,
        at=datetime.combine(day, time(9), tzinfo=tz),
    )
    ids = [f"t{i:03d}" for i in range(120)]
    for k, tid in enumerate(ids):
        at = datetime.combine(day, time(10), tzinfo=tz)
        fire(
            wf, "join", actor=ADMIN, at=at, teacher_id=tid, kind=MemberKind.STUDENT_TEACHER, on=day
        )
        if k % 7 == 3:
            fire(wf, "leave", actor=ADMIN, at=at, teacher_id=ids[k // 2], on=day)
        if k % 11 == 5 and not wf.data.is_member(ids[k // 3]):
            fire(
                wf,
                "join",
                actor=ADMIN,
                at=at,
                teacher_id=ids[k // 3],
                kind=MemberKind.EXPERIENCED_TEACHER,
                on=day,
            )
        day += timedelta(days=1)
    d = wf.data
    assert len(d.members) > len(ids)  # some came back: two memberships
    fresh = attrs.evolve(d)
    assert d._member_positions == fresh._member_positions
    for tid in ids:
        assert d.membership(tid) == scan_membership(d, tid)
        for on in (date(2025, 9, 1), date(2025, 10, 15), day):
            assert d.is_member(tid, on) == scan_is_member(d, tid, on)


# -- monitoring: one pass against the per-date replay ---------------------------------------------


def replayed_on(wf: Workflow, day: date) -> CommunityData:
    """The snapshot as monitoring took it before: the log's prefix up to ``day``, replayed.

    The whole log was the workflow's own data, as now.
    """
    events = tuple(wf.events)
    n = sum(1 for _ in itertools.takewhile(lambda e: e.at.date() <= day, events))
    if n == 0:
        raise InvalidData(
            f"'{wf.id}' started on {events[0].at.date().isoformat()}; there is no community "
            f"on {day.isoformat()}"
        )
    if n == len(events):
        whole: CommunityData = wf.data
        return whole
    data: CommunityData = replay(COMMUNITY_LIFE, events[:n]).data
    return data


class PerDateLog(CommunityLog):
    """Monitoring as it was: each snapshot a replay from the start, headcounts by scanning."""

    def __init__(self, workflow: Workflow) -> None:
        super().__init__(workflow)
        self._workflow = workflow

    def data_on(self, day: date) -> CommunityData:
        return replayed_on(self._workflow, day)

    def _prepare(self, periods: Any) -> None:
        pass

    def members_on(self, data: CommunityData, day: date) -> int:
        return len(data.member_ids(on=day))


def outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("value", call())
    except PedcommunityError as exc:
        return ("error", type(exc), str(exc))


def snapshot_days(data: st.DataObject, life: Life) -> list[date]:
    first, last = life.new.events[0].at.date(), life.today
    span = (last - first).days
    return data.draw(
        st.lists(
            st.integers(-3, span + 3).map(lambda k: first + timedelta(days=k)),
            min_size=1,
            max_size=8,
        )
    )


@given(st.data())
def test_single_pass_snapshots_equal_the_per_date_replay(data: st.DataObject) -> None:
    life = live(data, data.draw(st.integers(0, 30)))
    events = tuple(life.new.events)
    days = snapshot_days(data, life)
    log = CommunityLog(life.new)
    if data.draw(st.booleans()):
        # All at once, in one pass, in any order; then each again from what was kept.
        wanted = [d for d in days if d >= events[0].at.date()]
        assert log.data_on_each(wanted) == tuple(replayed_on(life.new, d) for d in wanted)
    for day in days:  # in the drawn order: later, earlier, again
        assert outcome(lambda d=day: log.data_on(d)) == outcome(
            lambda d=day: replayed_on(life.new, d)
        )
        if day >= events[0].at.date():
            snap = log.data_on(day)
            check_indexes(snap, [day])
            for on in (day, day - timedelta(days=1)):
                assert log.members_on(snap, on) == len(snap.member_ids(on=on))


@given(st.data())
def test_reviews_series_and_reports_equal_the_per_date_replay(data: st.DataObject) -> None:
    life = live(data, data.draw(st.integers(0, 30)))
    start_day = life.new.events[0].at.date() - timedelta(days=data.draw(st.integers(0, 40)))
    year = Period.year(start_day)
    new, old = CommunityLog(life.new), PerDateLog(life.new)
    checked = [0]
    real = rebuild_module._preview

    def counting(*args: Any, **kwargs: Any) -> Any:
        checked[0] += 1
        return real(*args, **kwargs)

    # The old per-date replays go through the engine too: compute them outside the count.
    old_review = outcome(lambda: half_year_review(old, start_day))
    old_series = outcome(lambda: monthly_series(old, year))
    old_report = outcome(lambda: year_report(old, year, "en"))
    with mock.patch.object(rebuild_module, "_preview", counting):
        assert outcome(lambda: half_year_review(new, start_day)) == old_review
        assert outcome(lambda: monthly_series(new, year)) == old_series
        assert checked[0] <= len(life.new.events) - 1  # one pass for both
        checked[0] = 0
        fresh = CommunityLog(life.new)
        assert outcome(lambda: year_report(fresh, year, "en")) == old_report
        assert checked[0] <= len(life.new.events) - 1


def _edited(events: list[Any], data: st.DataObject) -> list[Any]:
    """The log with one event edited so that replay refuses it (or a later one)."""
    i = data.draw(st.integers(1, len(events) - 1))
    e = events[i]
    how = data.draw(st.sampled_from(("target", "sequence", "earlier", "payload", "start")))
    if how == "target":
        edited = attrs.evolve(e, target="dissolved" if e.target == "active" else "active")
    elif how == "sequence":
        edited = attrs.evolve(e, sequence=e.sequence + 1)
    elif how == "earlier":
        edited = attrs.evolve(e, at=events[0].at - timedelta(days=1))
    elif how == "start":
        edited = attrs.evolve(e, trigger="start")
    else:
        other = events[data.draw(st.integers(0, len(events) - 1))]
        edited = attrs.evolve(e, payload=other.payload)
    return [*events[:i], edited, *events[i + 1 :]]


@given(st.data())
def test_an_edited_log_is_refused_as_the_per_date_replay_refuses_it(data: st.DataObject) -> None:
    life = live(data, data.draw(st.integers(2, 25)))
    if len(life.new.events) < 2:
        return
    events = _edited(list(life.new.events), data)
    forged = Workflow(
        id=life.new.id,
        definition=COMMUNITY_LIFE,
        state=life.new.state,
        data=life.new.data,
        events=events,
    )
    log = CommunityLog(forged)
    for day in snapshot_days(data, life):
        got = outcome(lambda d=day: log.data_on(d))
        assert got == outcome(lambda d=day: replayed_on(forged, d)), day


def test_a_log_that_is_not_all_events_is_refused_with_its_path() -> None:
    life = Workflow(
        id="net",
        definition=COMMUNITY_LIFE,
        state="active",
        data=CommunityData(name="Сеть"),
        events=[
            start(
                COMMUNITY_LIFE,
                CommunityData(name="Сеть"),
                id="net",
                actor=ADMIN,
                at=datetime(2025, 9, 1, 9, tzinfo=UTC),
            ).events[0],
            "not an event",  # type: ignore[list-item]
        ],
    )
    log = CommunityLog(life)
    with pytest.raises(InvalidData) as err:
        log.data_on(date(2025, 9, 2))
    assert err.value.path == "$.events[1]"
    empty = Workflow(
        id="net", definition=COMMUNITY_LIFE, state="active", data=CommunityData(name="С")
    )
    with pytest.raises(InvalidData, match="no events"):
        CommunityLog(empty).data_on(date(2025, 9, 1))


def year_of_a_club(members: int = 40) -> Workflow:
    """A small network: members join, a weekly event for a year, feedback, some leave."""
    tz = timezone(timedelta(hours=5))
    day = date(2025, 9, 1)
    wf = start(
        COMMUNITY_LIFE,
        CommunityData(name="Сеть", administrator_ids=(ADMIN,)),
        id="net",
        actor=ADMIN,
        at=datetime.combine(day, time(9), tzinfo=tz),
    )

    def at(d: date) -> datetime:
        return datetime.combine(d, time(18), tzinfo=tz)

    ids = [f"t{i:03d}" for i in range(members)]
    for k, tid in enumerate(ids):
        fire(
            wf,
            "join",
            actor=ADMIN,
            at=at(day),
            teacher_id=tid,
            kind=MemberKind.EARLY_CAREER_TEACHER if k % 3 else MemberKind.EXPERIENCED_TEACHER,
            on=day,
        )
    for week in range(52):
        day = date(2025, 9, 8) + timedelta(weeks=week)
        eid = f"ev{week}"
        event = CommunityEvent(
            id=eid,
            kind=EventKind.WORKSHOP if week % 2 else EventKind.SEMINAR,
            planned_on=day,
            topic="Тема",
        )
        fire(wf, "schedule_event", actor=ADMIN, at=at(day), event=event)
        current = wf.data.member_ids()
        came = current[week % 3 :: 2]
        fire(
            wf,
            "hold_event",
            actor=ADMIN,
            at=at(day),
            event_id=eid,
            on=day,
            attendee_ids=came,
            guest_ids=("x1",),
        )
        responses = [
            FeedbackResponse(ratings={"useful": 3 + k % 3}, respondent_id=t)
            for k, t in enumerate(came[:5])
        ]
        fire(
            wf,
            "record_feedback",
            actor=ADMIN,
            at=at(day + timedelta(days=1)),
            event_id=eid,
            responses=responses,
            on=day + timedelta(days=1),
        )
        if week % 5 == 4:
            fire(
                wf,
                "leave",
                actor=ADMIN,
                at=at(day + timedelta(days=1)),
                teacher_id=current[-1],
                on=day + timedelta(days=1),
            )
    return wf


def test_monitoring_reads_the_log_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A review, the monthly series and the year report check each event once, in all.

    Before, every snapshot replayed the log from its start: the year report alone checked
    each event about seven times.
    """
    wf = year_of_a_club()
    checked = [0]
    real = rebuild_module._preview

    def counting(*args: Any, **kwargs: Any) -> Any:
        checked[0] += 1
        return real(*args, **kwargs)

    # Monitoring checks events through apply_event (workflows.rebuild), as replay does.
    monkeypatch.setattr(rebuild_module, "_preview", counting)
    log = CommunityLog(wf)
    year = Period.year(date(2025, 9, 1))
    half_year_review(log, year.start)
    monthly_series(log, year)
    year_report(log, year, "ru")
    review(log, Period(start=date(2026, 1, 1), end=date(2026, 1, 31)))
    assert 0 < checked[0] <= len(wf.events) - 1
    # A snapshot of a day the pass has gone by starts from the end of the month before.
    for day in (date(2026, 5, 14), date(2025, 10, 20), date(2026, 2, 14), date(2025, 9, 3)):
        checked[0] = 0
        log.data_on(day)
        assert checked[0] <= sum(
            1 for e in wf.events if e.at.date().replace(day=1) == day.replace(day=1)
        )
    checked[0] = 0
    year_report(CommunityLog(wf), year, "en")  # a fresh log: one pass too
    assert 0 < checked[0] <= len(wf.events) - 1


def test_headcounts_count_a_teacher_once_when_memberships_overlap() -> None:
    """Data built by hand may give a teacher two memberships at once: counted once, as before."""
    d = CommunityData(
        name="К",
        members=[
            CommunityMembership(
                teacher_id="t1",
                kind=MemberKind.STUDENT_TEACHER,
                joined=date(2025, 9, 1),
                left=date(2025, 12, 1),
            ),
            CommunityMembership(
                teacher_id="t1", kind=MemberKind.STUDENT_TEACHER, joined=date(2025, 10, 1)
            ),
            CommunityMembership(
                teacher_id="t2", kind=MemberKind.STUDENT_TEACHER, joined=date(2025, 9, 15)
            ),
        ],
    )
    wf = start(COMMUNITY_LIFE, d, id="club", actor=ADMIN, at=datetime(2025, 9, 1, tzinfo=UTC))
    log = CommunityLog(wf)
    for day in (date(2025, 8, 31), date(2025, 9, 20), date(2025, 11, 1), date(2025, 12, 1)):
        assert log.members_on(d, day) == len(d.member_ids(on=day))
    assert log.members_on(d, date(2025, 11, 1)) == 2
