"""Every built-in indicator on a hand-computed club; user indicators; snapshots; refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.strategies_monitoring import hand_workflow

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.errors import DuplicateId, InvalidData, PedcommunityError
from pedcommunity.i18n import Label
from pedcommunity.monitoring import (
    ACTIVE_MEMBERS,
    BUILT_IN_INDICATORS,
    CommunityLog,
    Indicator,
    Period,
    Unit,
    held_events,
    indicator_index,
    monthly_series,
)
from pedcommunity.workflows import start

SEPTEMBER = Period(start=date(2025, 9, 1), end=date(2025, 9, 30))
OCTOBER = Period(start=date(2025, 10, 1), end=date(2025, 10, 31))


@pytest.fixture(scope="module")
def log() -> CommunityLog:
    return CommunityLog(hand_workflow())


def values(log: CommunityLog, period: Period) -> dict[str, float | None]:
    return {i.name: i.measure(log, period) for i in BUILT_IN_INDICATORS}


def test_every_indicator_over_september(log: CommunityLog) -> None:
    """The hand-computed figures of the club's September (see hand_workflow)."""
    assert values(log, SEPTEMBER) == {
        "active_members": 3.0,  # a, b (meeting), a, b, d (seminar), d (material)
        "active_member_growth": 3.0,  # nobody was active before the club started
        "attendance_rate": pytest.approx(5 / 7),  # (2 + 3) came of (4 + 3) members
        "activity_variety": 2.0,  # a meeting and a seminar
        "materials_published": 1.0,
        "planned_events_held": pytest.approx(2 / 3),  # the workshop was cancelled
        "positive_feedback_share": pytest.approx(2 / 3),  # b 5, d 4 of b, a (3.5), d
        "early_career_retention": 0.5,  # b stayed, c left
        "partners_added": 1.0,
        "conferences_held": 0.0,
        "work_plans_adopted": 1.0,
    }


def test_every_indicator_over_an_empty_october(log: CommunityLog) -> None:
    """Nothing held in October: no data where nothing was measured, zero where counted."""
    assert values(log, OCTOBER) == {
        "active_members": 0.0,
        "active_member_growth": -3.0,
        "attendance_rate": None,
        "activity_variety": 0.0,
        "materials_published": 0.0,
        "planned_events_held": None,
        "positive_feedback_share": None,
        "early_career_retention": 1.0,  # only b, still a member
        "partners_added": 0.0,
        "conferences_held": 0.0,
        "work_plans_adopted": 0.0,
    }


def test_feedback_recorded_later_counts_only_in_later_reviews(log: CommunityLog) -> None:
    """The response of 2 October about a September seminar is outside September's snapshot."""
    autumn = Period(start=date(2025, 9, 1), end=date(2025, 10, 31))
    share = next(i for i in BUILT_IN_INDICATORS if i.name == "positive_feedback_share")
    assert share.measure(log, SEPTEMBER) == pytest.approx(2 / 3)
    assert share.measure(log, autumn) == 0.5  # a's 2 joins the rated responses


def test_snapshots_replay_the_log_up_to_a_day(log: CommunityLog) -> None:
    """data_on rebuilds the community as it was at the end of a day."""
    assert log.data_on(date(2025, 9, 2)).member_ids() == ("a", "b", "c")
    assert log.data_on(date(2025, 9, 14)).member_ids() == ("a", "b", "c", "d")
    assert log.data_on(date(2025, 9, 15)).member_ids() == ("a", "b", "d")
    assert log.data_on(date(2030, 1, 1)) == log.data
    e2 = log.data_on(date(2025, 9, 30)).event("e2")
    assert e2 is not None and len(e2.feedback) == 1
    assert [e.id for e in held_events(log.data, SEPTEMBER)] == ["e1", "e2"]
    assert [e.trigger for e in log.events_in(OCTOBER)] == ["record_feedback"]


def test_a_user_defined_indicator() -> None:
    """A small function and an Indicator around it work in series like the built-in ones."""

    def guests(log: CommunityLog, period: Period) -> int:
        return sum(len(e.guest_ids) for e in held_events(log.data_on(period.end), period))

    guest_count = Indicator(
        name="guests", label=Label(ru="Гости", en="Guests"), unit=Unit.PEOPLE, compute=guests
    )
    log = CommunityLog(hand_workflow())
    assert guest_count.measure(log, SEPTEMBER) == 1.0
    rows = monthly_series(
        log, Period(start=date(2025, 9, 1), end=date(2025, 10, 31)), [guest_count, ACTIVE_MEMBERS]
    )
    assert [(r.indicator, r.start.month, r.value) for r in rows] == [
        ("guests", 9, 1.0),
        ("active_members", 9, 3.0),
        ("guests", 10, 0.0),
        ("active_members", 10, 0.0),
    ]


def test_an_indicator_must_give_a_finite_number_or_none() -> None:
    """A function returning text or NaN is refused with the indicator's name."""
    log = CommunityLog(hand_workflow())
    for bad in ("many", float("nan"), True):
        ind = Indicator(
            name="bad",
            label=Label(ru="Плохо", en="Bad"),
            unit=Unit.ITEMS,
            compute=lambda log, period, bad=bad: bad,
        )
        with pytest.raises(InvalidData, match="indicator 'bad' must give a finite number"):
            ind.measure(log, SEPTEMBER)
    with pytest.raises(ValueError, match="compute must be a function"):
        Indicator(name="x", label=Label(ru="Х", en="X"), unit=Unit.ITEMS, compute=3)  # type: ignore[arg-type]


def test_refusals() -> None:
    """Backward periods, other workflows, days before the start, duplicate indicators."""
    with pytest.raises(InvalidData, match="a period ends on or after it starts") as info:
        Period(start=date(2026, 3, 1), end=date(2026, 2, 28))
    assert isinstance(info.value, PedcommunityError) and info.value.path == "$.end"
    plc = start(
        PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="h", at=datetime(2025, 9, 1, tzinfo=UTC)
    )
    with pytest.raises(InvalidData, match="community_life workflow, got plc_cycle@2"):
        CommunityLog(plc)
    log = CommunityLog(hand_workflow())
    with pytest.raises(InvalidData, match="there is no community on 2025-08-31"):
        log.data_on(date(2025, 8, 31))
    with pytest.raises(DuplicateId):
        indicator_index([ACTIVE_MEMBERS, ACTIVE_MEMBERS])


def test_periods() -> None:
    """Half-years, years, months and the preceding period."""
    half = Period.half_year(date(2025, 9, 1))
    assert (half.end, half.days) == (date(2026, 2, 28), 181)
    assert Period.year(date(2025, 9, 1)).end == date(2026, 8, 31)
    assert len(Period.year(date(2025, 9, 15)).months()) == 13
    assert SEPTEMBER.preceding() == Period(start=date(2025, 8, 2), end=date(2025, 8, 31))


def test_units_format_for_readers() -> None:
    """Shares are percentages; counts carry their unit, in Russian with its plural."""
    assert Unit.SHARE.format(2 / 3, "ru") == "66,7%"
    assert Unit.SHARE.format(1.0, "en") == "100%"
    assert [Unit.KINDS.format(n, "ru") for n in (1, 2, 5, 11, 21)] == [
        "1 вид",
        "2 вида",
        "5 видов",
        "11 видов",
        "21 вид",
    ]
    assert Unit.PEOPLE.format(1, "en") == "1 person"
    assert Unit.ITEMS.format(None, "ru") == "нет данных"
