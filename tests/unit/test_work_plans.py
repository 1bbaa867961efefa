"""Work plans: the period, rules as data, findings in Russian and English, plan and fact."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model import (
    SEED_PLAN_RULES,
    CommunityEvent,
    EventKind,
    EventStatus,
    PlanFact,
    PlannedActivity,
    PlanPeriod,
    PlanRule,
    WorkPlan,
    check_work_plan,
    compare_with_fact,
)

K = EventKind


def ev(eid: str, kind: EventKind, day: date, **kw: object) -> CommunityEvent:
    return CommunityEvent(id=eid, kind=kind, planned_on=day, topic="Тема", **kw)  # type: ignore[arg-type]


def full_year() -> WorkPlan:
    """September 2025 to August 2026: a meeting a month, a seminar a quarter, one conference."""
    months = [date(2025 + (m > 12), (m - 1) % 12 + 1, 15) for m in range(9, 21)]
    events = [ev(f"m{d:%Y-%m}", K.MONTHLY_MEETING, d) for d in months]
    events += [ev(f"s{d:%Y-%m}", K.SEMINAR, d.replace(day=20)) for d in months[::3]]
    events.append(ev("conf", K.ANNUAL_CONFERENCE, date(2026, 5, 28)))
    return WorkPlan(
        id="2025-26", title="План", starts=date(2025, 9, 1), ends=date(2026, 8, 31), events=events
    )


def test_a_plan_that_meets_the_seed_rules_has_no_findings() -> None:
    """12 monthly meetings, 4 quarterly seminars and one conference: nothing to report."""
    assert check_work_plan(full_year(), SEED_PLAN_RULES) == ()
    assert check_work_plan(full_year()) == ()


def test_the_seed_rules() -> None:
    """The three rules of seeds 000 and 001, with their sources."""
    by_id = {r.id: r for r in SEED_PLAN_RULES}
    assert list(by_id) == ["event_monthly", "seminar_quarterly", "annual_conference"]
    assert by_id["event_monthly"].period is PlanPeriod.MONTH
    assert by_id["event_monthly"].kinds == () and by_id["event_monthly"].minimum == 1
    assert by_id["seminar_quarterly"].kinds == (K.SEMINAR,)
    assert by_id["annual_conference"].minimum == by_id["annual_conference"].maximum == 1
    assert by_id["event_monthly"].source == "seed 001, 4.2"


def test_a_month_without_events_is_named_in_both_languages() -> None:
    """Dropping March's meeting gives exactly one finding: no event in March 2026."""
    plan = full_year()
    plan = WorkPlan(
        id=plan.id,
        title=plan.title,
        starts=plan.starts,
        ends=plan.ends,
        events=[e for e in plan.events if e.id not in {"m2026-03", "s2026-03"}],
    )
    findings = check_work_plan(plan)
    assert [(f.rule_id, f.starts, f.ends, f.found) for f in findings] == [
        ("event_monthly", date(2026, 3, 1), date(2026, 3, 31), 0),
        ("seminar_quarterly", date(2026, 3, 1), date(2026, 5, 31), 0),
    ]
    assert findings[0].message == Label(
        ru="Нет мероприятий в марте 2026 г.", en="no event in March 2026"
    )
    assert findings[1].message.en == "no seminar in quarter 3 (March 2026 – May 2026)"
    assert findings[1].message.ru == (
        "Нет мероприятий вида «Семинар (тренинг)» в квартале 3 (март 2026 – май 2026)"
    )


def test_counts_below_the_minimum_and_above_the_maximum() -> None:
    """A rule of 2-3 workshops a month reports 1 and 4 with the count and the bound."""
    rule = PlanRule(
        id="ws",
        title=Label(ru="Практикумы", en="Workshops"),
        period=PlanPeriod.MONTH,
        kinds=(K.WORKSHOP,),
        minimum=2,
        maximum=3,
    )
    events = [ev("j1", K.WORKSHOP, date(2026, 1, 5))]
    events += [ev(f"f{i}", K.WORKSHOP, date(2026, 2, i + 1)) for i in range(4)]
    events += [ev(f"m{i}", K.WORKSHOP, date(2026, 3, i + 1)) for i in range(2)]
    events.append(ev("other", K.SEMINAR, date(2026, 1, 9)))
    plan = WorkPlan(
        id="p", title="П", starts=date(2026, 1, 1), ends=date(2026, 3, 31), events=events
    )
    findings = check_work_plan(plan, [rule])
    assert [(f.starts.month, f.found) for f in findings] == [(1, 1), (2, 4)]
    assert findings[0].message.en == "1 workshop (master class) in January 2026; at least 2 needed"
    assert findings[0].message.ru == (
        "Мероприятий вида «Практикум (мастер-класс)» в январе 2026 г.: 1, нужно не менее 2"
    )
    assert findings[1].message.en == "4 workshop (master class) in February 2026; at most 3 allowed"
    assert findings[1].message.ru.endswith(": 4, допускается не более 3")


def test_partial_months_and_quarters_count() -> None:
    """A plan from 15 September to 10 December has months Sep-Dec and quarters Sep-Nov, Dec."""
    plan = WorkPlan(
        id="p",
        title="П",
        starts=date(2025, 9, 15),
        ends=date(2025, 12, 10),
        events=[ev("s", K.SEMINAR, date(2025, 9, 20))],
    )
    findings = check_work_plan(plan)
    assert [(f.rule_id, f.starts, f.ends) for f in findings] == [
        ("event_monthly", date(2025, 10, 1), date(2025, 10, 31)),
        ("event_monthly", date(2025, 11, 1), date(2025, 11, 30)),
        ("event_monthly", date(2025, 12, 1), date(2025, 12, 10)),
        ("seminar_quarterly", date(2025, 12, 1), date(2025, 12, 10)),
        ("annual_conference", date(2025, 9, 15), date(2025, 12, 10)),
    ]
    assert findings[3].message.en == "no seminar in quarter 2 (December 2025)"
    assert findings[4].message.en == (
        "no annual conference in the plan year (September 2025 – December 2025)"
    )


def test_rules_with_several_kinds_and_duplicate_rule_ids() -> None:
    """Kinds of a rule count together; two rules with one id are refused."""
    rule = PlanRule(
        id="talks",
        title=Label(ru="Обсуждения", en="Talks"),
        period=PlanPeriod.YEAR,
        kinds=(K.ROUND_TABLE, K.MEETUP),
        minimum=2,
    )
    plan = WorkPlan(
        id="p",
        title="П",
        starts=date(2026, 1, 1),
        ends=date(2026, 6, 30),
        events=[ev("a", K.MEETUP, date(2026, 2, 1)), ev("b", K.ROUND_TABLE, date(2026, 5, 1))],
    )
    assert check_work_plan(plan, [rule]) == ()
    one = WorkPlan(id="p", title="П", starts=plan.starts, ends=plan.ends, events=plan.events[:1])
    (finding,) = check_work_plan(one, [rule])
    assert finding.message.en.startswith("1 round table or meetup in the plan year")
    with pytest.raises(DuplicateId):
        check_work_plan(plan, [rule, rule])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minimum": 0}, "needs a minimum of at least 1 or a maximum"),
        ({"minimum": 3, "maximum": 2}, "maximum \\(2\\) is below minimum \\(3\\)"),
        ({"minimum": -1}, "at least 0"),
        ({"kinds": (K.SEMINAR, K.SEMINAR)}, "must not repeat"),
    ],
)
def test_bad_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    """Rules are validated on construction."""
    with pytest.raises(ValueError, match=message):
        PlanRule(id="r", title=Label(ru="Р", en="R"), period=PlanPeriod.MONTH, **kwargs)  # type: ignore[arg-type]


def test_a_zero_minimum_with_a_maximum_is_a_cap() -> None:
    """minimum=0, maximum=0 forbids a kind (no contests in the plan)."""
    rule = PlanRule(
        id="no_contests",
        title=Label(ru="Без конкурсов", en="No contests"),
        period=PlanPeriod.YEAR,
        kinds=(K.CONTEST,),
        minimum=0,
        maximum=0,
    )
    plan = WorkPlan(
        id="p",
        title="П",
        starts=date(2026, 1, 1),
        ends=date(2026, 1, 31),
        events=[ev("c", K.CONTEST, date(2026, 1, 5))],
    )
    assert check_work_plan(plan, [rule])[0].message.en.endswith("at most 0 allowed")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ends": date(2025, 8, 31)}, "ends on or after it starts"),
        ({"ends": date(2026, 9, 1)}, "at most a year"),
        ({"events": [ev("x", K.SEMINAR, date(2026, 9, 1))]}, "outside the plan"),
        (
            {"events": [ev("x", K.SEMINAR, date(2025, 9, 2), status=EventStatus.CANCELLED)]},
            "must be planned, not cancelled",
        ),
        (
            {"activities": [PlannedActivity(id="a", title="А", due=date(2024, 1, 1))]},
            "outside the plan",
        ),
    ],
)
def test_bad_plans_are_refused(kwargs: dict[str, object], message: str) -> None:
    """A plan's period is at most a year; its events are planned and inside it."""
    fields: dict[str, object] = {
        "id": "p",
        "title": "П",
        "starts": date(2025, 9, 1),
        "ends": date(2026, 8, 31),
    }
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        WorkPlan(**fields)  # type: ignore[arg-type]


def test_plan_ids_are_unique() -> None:
    """Two planned events (or activities) with one id are refused."""
    with pytest.raises(DuplicateId) as info:
        WorkPlan(
            id="p",
            title="П",
            starts=date(2026, 1, 1),
            ends=date(2026, 1, 31),
            events=[ev("a", K.MEETUP, date(2026, 1, 2)), ev("a", K.MEETUP, date(2026, 1, 3))],
        )
    assert info.value.kind == "event"


def held(e: CommunityEvent, day: date) -> CommunityEvent:
    return attrs.evolve(e, status=EventStatus.HELD, held_on=day, attendee_ids=("t1",))


def test_plan_against_fact() -> None:
    """On time (or early), late, not held, cancelled, upcoming and unplanned, by hand."""
    plan = WorkPlan(
        id="p",
        title="П",
        starts=date(2026, 1, 1),
        ends=date(2026, 6, 30),
        events=[
            ev("early", K.MEETUP, date(2026, 1, 20)),
            ev("exact", K.MEETUP, date(2026, 2, 10)),
            ev("late", K.SEMINAR, date(2026, 2, 20)),
            ev("missed", K.MEETUP, date(2026, 3, 20)),
            ev("cancelled", K.MEETUP, date(2026, 3, 25)),
            ev("cancelled_future", K.MEETUP, date(2026, 6, 1)),
            ev("future", K.MEETUP, date(2026, 6, 10)),
            ev("absent", K.MEETUP, date(2026, 3, 1)),
        ],
    )
    p = {e.id: e for e in plan.events}
    facts = [
        held(p["early"], date(2026, 1, 15)),
        held(p["exact"], date(2026, 2, 10)),
        held(p["late"], date(2026, 3, 3)),
        p["missed"],
        CommunityEvent(
            id="cancelled",
            kind=K.MEETUP,
            planned_on=date(2026, 3, 25),
            topic="Т",
            status=EventStatus.CANCELLED,
        ),
        CommunityEvent(
            id="cancelled_future",
            kind=K.MEETUP,
            planned_on=date(2026, 6, 1),
            topic="Т",
            status=EventStatus.CANCELLED,
        ),
        p["future"],
        held(ev("extra", K.EXHIBITION, date(2026, 4, 1)), date(2026, 4, 2)),
        held(ev("last_year", K.EXHIBITION, date(2025, 4, 1)), date(2025, 4, 2)),
        ev("unheld_extra", K.EXHIBITION, date(2026, 4, 3)),
    ]
    r = compare_with_fact(plan, facts, as_of=date(2026, 4, 30))
    assert r.on_time == ("early", "exact")
    assert r.late == ("late",)
    assert r.not_held == ("missed", "cancelled", "cancelled_future", "absent")
    assert r.upcoming == ("future",)
    assert r.unplanned == ("extra",)
    assert r.slipped == ("late", "missed", "cancelled", "cancelled_future", "absent")
    assert r.held_share == 3 / 7
    everything_due = compare_with_fact(plan, facts)
    assert everything_due.upcoming == () and "future" in everything_due.not_held


def test_plan_against_fact_edge_cases() -> None:
    """No event due yet gives no share; repeated fact ids are refused."""
    plan = WorkPlan(
        id="p",
        title="П",
        starts=date(2026, 1, 1),
        ends=date(2026, 1, 31),
        events=[ev("a", K.MEETUP, date(2026, 1, 20))],
    )
    r = compare_with_fact(plan, [], as_of=date(2026, 1, 1))
    assert r.upcoming == ("a",) and r.held_share is None
    assert PlanFact(plan_id="p").held_share is None
    with pytest.raises(InvalidData) as info:
        compare_with_fact(plan, [plan.events[0], plan.events[0]])
    assert info.value.path == "$.events[1]"
