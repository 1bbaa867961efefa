"""iCalendar series: RRULEs from the domain's recurrences, EXDATEs, zones and DST, merging.

Occurrences are expanded by ``recurring-ical-events`` (a real implementation of RFC 5545's
recurrence rules) from the calendar as text, and compared with what the domain says
(:meth:`Recurrence.dates`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from tests.standards._ical_helpers import Club, parsed
from tests.standards.test_ical import plc_with_meetings, refused, track_in_work

from pedcommunity.adapters.ical import (
    CalendarSeries,
    community_calendar,
    merge_calendars,
    plc_calendar,
    tenant_calendar,
)
from pedcommunity.errors import InvalidData
from pedcommunity.model import EventKind, Recurrence, RecurringEvent, expand

BERLIN = ZoneInfo("Europe/Berlin")  # summer time ends on 26 October 2025
YEKT = ZoneInfo("Asia/Yekaterinburg")  # no summer time


def club_series(first: date, recurrence: Recurrence = Recurrence.MONTHLY) -> RecurringEvent:
    return RecurringEvent(
        id="club-meeting",
        kind=EventKind.MONTHLY_MEETING,
        topic="Обмен новостями",
        recurrence=recurrence,
        first=first,
    )


def club_with(series: RecurringEvent, cancelled: list[date], until: date) -> Club:
    """A club that schedules the series' occurrences up to ``until`` and cancels some."""
    club = Club()
    for e in expand(series, series.first, until):
        club("schedule_event", event=e)
    for day in cancelled:
        club(
            "cancel_event",
            event_id=f"{series.id}-{day.isoformat()}",
            on=club.today,
            reason="Каникулы",
        )
    return club


def occurrences(cal: Calendar, a: datetime, b: datetime) -> list[datetime | date]:
    return sorted(
        (e.decoded("DTSTART") for e in recurring_ical_events.of(cal).between(a, b)),
        key=lambda d: d.isoformat(),
    )


@pytest.mark.parametrize("zone", [BERLIN, YEKT])
def test_local_time_stays_across_a_dst_change(zone: ZoneInfo) -> None:
    series = club_series(date(2025, 9, 25))
    club = club_with(series, [date(2025, 11, 25)], date(2026, 1, 31))
    spec = CalendarSeries(series, at=time(17, 30), count=6)
    cal = parsed(community_calendar(club.wf, zone=zone, series=[spec]))
    (master,) = cal.walk("VEVENT")  # the occurrences are the series, not events of their own
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=6;BYMONTHDAY=25"
    assert master["DTSTART"].params["TZID"] == zone.key
    assert [d.dt for d in master["EXDATE"].dts] == [datetime(2025, 11, 25, 17, 30, tzinfo=zone)]
    found = occurrences(cal, datetime(2025, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    # COUNT counts the cancelled occurrence too (RFC 5545): 6 in the rule, 5 shown.
    assert len(found) == 5
    assert [d.date() for d in found] == [
        date(2025, 9, 25),
        date(2025, 10, 25),
        date(2025, 12, 25),
        date(2026, 1, 25),
        date(2026, 2, 25),
    ]
    local = [d.astimezone(zone) for d in found]
    assert {(d.hour, d.minute) for d in local} == {(17, 30)}
    offsets = {d.utcoffset() for d in local}
    assert len(offsets) == (2 if zone is BERLIN else 1)  # Berlin crossed a change, Yugra none
    assert [tz.tz_name for tz in cal.timezones] == [zone.key]


def test_count_with_an_exdate_yields_one_fewer() -> None:
    series = club_series(date(2026, 1, 10))
    spec = CalendarSeries(series, count=4)
    plain = parsed(
        community_calendar(club_with(series, [], date(2026, 5, 1)).wf, zone=YEKT, series=[spec])
    )
    cut = parsed(
        community_calendar(
            club_with(series, [date(2026, 2, 10)], date(2026, 5, 1)).wf, zone=YEKT, series=[spec]
        )
    )
    window = (date(2025, 1, 1), date(2028, 1, 1))
    assert len(occurrences(plain, *window)) == 4
    assert occurrences(cut, *window) == [date(2026, 1, 10), date(2026, 3, 10), date(2026, 4, 10)]
    (master,) = cut.walk("VEVENT")
    assert master["SEQUENCE"] == 1  # the cancellation changed the series


def test_an_occurrence_held_on_another_day_is_an_override() -> None:
    series = club_series(date(2025, 9, 10))
    club = club_with(series, [], date(2025, 11, 30))
    club.today = date(2025, 10, 12)
    club(
        "hold_event",
        event_id="club-meeting-2025-10-10",
        on=date(2025, 10, 11),
        attendee_ids=("t1",),
    )
    cal = parsed(
        community_calendar(
            club.wf, zone=BERLIN, series=[CalendarSeries(series, at=time(18), count=3)]
        )
    )
    master, moved = cal.walk("VEVENT")
    assert str(master["UID"]) == str(moved["UID"])
    assert moved.decoded("RECURRENCE-ID") == datetime(2025, 10, 10, 18, tzinfo=BERLIN)
    found = occurrences(cal, datetime(2025, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [d.date() for d in found] == [date(2025, 9, 10), date(2025, 10, 11), date(2025, 11, 10)]


def test_quarterly_until_and_the_month_end() -> None:
    series = club_series(date(2025, 8, 31), Recurrence.QUARTERLY)
    spec = CalendarSeries(series, until=date(2026, 12, 31))
    cal = parsed(community_calendar(Club().wf, zone=YEKT, series=[spec]))
    (master,) = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20261231;INTERVAL=3;BYMONTHDAY=-1"
    found = occurrences(cal, date(2025, 1, 1), date(2028, 1, 1))
    assert found == list(Recurrence.QUARTERLY.dates(series.first, date(2026, 12, 31)))


@settings(max_examples=25)
@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    recurrence=st.sampled_from(Recurrence),
    count=st.integers(min_value=1, max_value=14),
    timed=st.booleans(),
    by_until=st.booleans(),
    drop=st.sets(st.integers(min_value=0, max_value=13), max_size=4),
)
def test_any_series_round_trips_and_expands_as_the_domain_says(
    *,
    first: date,
    recurrence: Recurrence,
    count: int,
    timed: bool,
    by_until: bool,
    drop: set[int],
) -> None:
    series = club_series(first, recurrence)
    days = recurrence.dates(first, first + timedelta(days=31 * 3 * count))[:count]
    cancelled = [days[i] for i in sorted(drop) if i < len(days)]
    club = club_with(series, cancelled, days[-1])
    ends = {"until": days[-1]} if by_until else {"count": count}
    spec = CalendarSeries(series, at=time(9, 15) if timed else None, **ends)
    text = community_calendar(club.wf, zone=BERLIN, series=[spec]).to_ical()
    cal = Calendar.from_ical(text)
    assert cal.to_ical() == text  # written, read, written again: the same text
    found = occurrences(cal, datetime(2023, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC))
    expected = [d for d in days if d not in cancelled]
    if timed:
        assert [d.astimezone(BERLIN).date() for d in found] == expected
        assert {d.astimezone(BERLIN).time() for d in found} <= {time(9, 15)}
    else:
        assert found == expected


def test_vtimezones_match_the_zone_database() -> None:
    series = club_series(date(2025, 3, 1))
    cal = parsed(
        community_calendar(
            Club().wf, zone=BERLIN, series=[CalendarSeries(series, at=time(7), count=24)]
        )
    )
    (vtz,) = cal.timezones
    tz = vtz.to_tz()
    for days in range(0, 2 * 365, 5):
        moment = datetime(2025, 1, 1, 12) + timedelta(days=days)
        assert tz.utcoffset(moment) == BERLIN.utcoffset(moment), moment


@pytest.mark.parametrize(
    ("spec", "path", "fragment"),
    [
        (
            CalendarSeries(club_series(date(2026, 1, 5)), at=time(9, tzinfo=UTC)),
            ".at",
            "without a zone",
        ),
        (CalendarSeries(club_series(date(2026, 1, 5)), count=0), ".count", "1 to 1200"),
        (CalendarSeries(club_series(date(2026, 1, 5)), count=True), ".count", "1 to 1200"),
        (
            CalendarSeries(club_series(date(2026, 1, 5)), until=date(2025, 1, 5)),
            ".until",
            "on or after its first occurrence",
        ),
        (
            CalendarSeries(club_series(date(2026, 1, 5)), until=date(2026, 5, 5), count=3),
            ".count",
            "not both",
        ),
        ("club-meeting", "", "a CalendarSeries or a RecurringEvent"),
    ],
)
def test_bad_series_are_refused(spec: object, path: str, fragment: str) -> None:
    club = Club()
    err = refused(
        lambda: community_calendar(club.wf, zone=YEKT, series=[spec]),
        InvalidData,
        fragment,
        club.wf,
    )
    assert err.path == f"$.series[0]{path}"


def test_a_series_twice_or_outside_a_community_is_refused() -> None:
    club = Club()
    s = club_series(date(2026, 1, 5))
    refused(
        lambda: community_calendar(club.wf, zone=YEKT, series=[s, s]),
        InvalidData,
        "given twice",
        club.wf,
    )
    from pedcommunity.adapters.ical import calendar_for

    plc = plc_with_meetings()
    refused(
        lambda: calendar_for(plc, zone=YEKT, series=[s]),
        InvalidData,
        "only a community's calendar has series",
        plc,
    )


def test_a_tenants_calendars_merge_with_one_vtimezone_per_zone() -> None:
    plc = plc_with_meetings()
    track, _ = track_in_work()
    club = Club()
    club(
        "schedule_event",
        event=expand(club_series(date(2025, 9, 30)), date(2025, 9, 1), date(2025, 9, 30))[0],
    )
    merged = parsed(
        tenant_calendar([plc, track, club.wf], name="Школа 95", zone=YEKT, tenant="school-95")
    )
    assert str(merged["X-WR-CALNAME"]) == "Школа 95"
    assert len(merged.walk("VEVENT")) == 2 + 2 + 1 + 1  # meetings, sessions, milestone, event
    assert [tz.tz_name for tz in merged.timezones] == ["Asia/Yekaterinburg"]
    both = merge_calendars(
        [plc_calendar(plc, zone=YEKT), plc_calendar(plc, zone=BERLIN)], name="Два пояса"
    )
    assert sorted(tz.tz_name for tz in both.timezones) == ["Asia/Yekaterinburg"]
    twice = merge_calendars(
        [plc_calendar(plc, zone=BERLIN), plc_calendar(plc, zone=YEKT)], name="x"
    )
    assert len(twice.walk("VEVENT")) == 2  # the same items (same UIDs) are kept once
    with pytest.raises(InvalidData) as info:
        merge_calendars([Calendar(), "x"], name="x")  # type: ignore[list-item]
    assert info.value.path == "$.calendars[1]"
    with pytest.raises(InvalidData) as info:
        merge_calendars([], name="")
    assert info.value.path == "$.name"
