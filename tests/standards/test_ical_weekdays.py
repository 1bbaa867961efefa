"""iCalendar of weekday series (``BYDAY=1TU``) and of the series a community keeps.

``recurring-ical-events`` (a real implementation of RFC 5545's recurrence rules) expands the
calendar read back from text; the days must be exactly what the domain says
(:meth:`RecurringEvent.dates`), across a summer-time change too. A community's own series
(``schedule_series``, ``cancel_occurrence``, ``end_series``) come out of its data with their
``EXDATE`` s and ``UNTIL``, and each change bumps the series' ``SEQUENCE``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.standards._ical_helpers import Club, parsed
from tests.standards.test_ical import refused
from tests.standards.test_ical_series import occurrences

from pedcommunity.adapters.ical import CalendarSeries, calendar_for, community_calendar
from pedcommunity.errors import InvalidData
from pedcommunity.model import EventKind, Recurrence, RecurringEvent, Weekday
from pedcommunity.model.recurrence import WEEKS, nth_weekday

BERLIN = ZoneInfo("Europe/Berlin")  # summer time ends on 26 October 2025, begins 29 March 2026
YEKT = ZoneInfo("Asia/Yekaterinburg")
WIDE = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC))


def tuesdays(first: date = date(2025, 9, 2), **kw: object) -> RecurringEvent:
    fields: dict[str, object] = {
        "recurrence": Recurrence.MONTHLY,
        "weekday": Weekday.TUESDAY,
        "week": 1,
    } | kw
    fields.setdefault("id", "club")
    return RecurringEvent(kind=EventKind.MONTHLY_MEETING, topic="Новости", first=first, **fields)  # type: ignore[arg-type]


def test_the_first_tuesday_is_byday_1tu() -> None:
    spec = CalendarSeries(tuesdays(), at=time(16), count=5)
    cal = parsed(community_calendar(Club().wf, zone=BERLIN, series=[spec]))
    (master,) = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=5;BYDAY=1TU"
    found = occurrences(cal, *WIDE)
    assert [d.date() for d in found] == list(tuesdays().dates(date(2026, 1, 31)))
    assert {d.astimezone(BERLIN).hour for d in found} == {16}  # October and November alike


def test_the_last_friday_of_the_quarter_is_byday_minus_1fr() -> None:
    friday = tuesdays(date(2025, 9, 26), recurrence=Recurrence.QUARTERLY, weekday=Weekday.FRIDAY,
                      week=-1)  # fmt: skip
    spec = CalendarSeries(friday, until=date(2026, 12, 31))
    cal = parsed(community_calendar(Club().wf, zone=YEKT, series=[spec]))
    (master,) = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20261231;INTERVAL=3;BYDAY=-1FR"
    assert occurrences(cal, date(2020, 1, 1), date(2040, 1, 1)) == list(
        friday.dates(date(2026, 12, 31))
    )


@settings(max_examples=30)
@given(
    month=st.integers(0, 30),
    weekday=st.sampled_from(Weekday),
    week=st.sampled_from(WEEKS),
    recurrence=st.sampled_from(Recurrence),
    count=st.integers(1, 10),
    timed=st.booleans(),
    by_until=st.booleans(),
)
def test_any_weekday_series_expands_as_the_domain_says(
    *,
    month: int,
    weekday: Weekday,
    week: int,
    recurrence: Recurrence,
    count: int,
    timed: bool,
    by_until: bool,
) -> None:
    """From 2024 on, in Berlin (every series of 7+ months crosses a summer-time change)."""
    year, m = divmod(2024 * 12 + month, 12)
    first = nth_weekday(year, m + 1, weekday, week)
    event = tuesdays(first, recurrence=recurrence, weekday=weekday, week=week)
    days = list(event.dates(first + timedelta(days=31 * 3 * count))[:count])
    ends = {"until": days[-1]} if by_until else {"count": count}
    spec = CalendarSeries(event, at=time(8, 45) if timed else None, **ends)  # type: ignore[arg-type]
    text = community_calendar(Club().wf, zone=BERLIN, series=[spec]).to_ical()
    found = occurrences(parsed(community_calendar(Club().wf, zone=BERLIN, series=[spec])), *WIDE)
    assert b"BYDAY=" in text and b"BYMONTHDAY" not in text
    if timed:
        local = [d.astimezone(BERLIN) for d in found]
        assert [d.date() for d in local] == days
        assert {d.time() for d in local} == {time(8, 45)}
    else:
        assert found == days


# -- the series a community keeps ------------------------------------------------------------


def kept_club() -> Club:
    club = Club()
    club("schedule_series", series=tuesdays(organiser_ids=("t1",)), on=club.today)
    return club


def test_a_kept_series_is_in_the_calendar_without_the_argument() -> None:
    club = kept_club()
    (master,) = parsed(community_calendar(club.wf, zone=YEKT)).walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TU"
    assert master.decoded("DTSTART") == date(2025, 9, 2) and master["SEQUENCE"] == 0
    assert "EXDATE" not in master
    again = parsed(calendar_for(club.wf, zone=YEKT))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(master["UID"])]


def test_a_cancelled_occurrence_is_an_exdate_and_an_end_an_until() -> None:
    club = kept_club()
    club.today = date(2025, 10, 1)
    club("cancel_occurrence", series_id="club", occurrence=date(2025, 11, 4), on=club.today,
         reason="Каникулы")  # fmt: skip
    cal = parsed(community_calendar(club.wf, zone=YEKT))
    (master,) = cal.walk("VEVENT")
    assert [d.dt for d in master["EXDATE"].dts] == [date(2025, 11, 4)]
    assert master["SEQUENCE"] == 1
    club("end_series", series_id="club", until=date(2026, 1, 31), on=club.today)
    cal = parsed(community_calendar(club.wf, zone=YEKT))
    (master,) = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20260131;BYDAY=1TU"
    assert master["SEQUENCE"] == 2
    assert occurrences(cal, date(2020, 1, 1), date(2040, 1, 1)) == [
        date(2025, 9, 2),
        date(2025, 10, 7),
        date(2025, 12, 2),
        date(2026, 1, 6),
    ]


def test_a_kept_series_beside_the_hosts_own() -> None:
    club = kept_club()
    other = RecurringEvent(id="seminar", kind=EventKind.SEMINAR, topic="Семинар",
                           recurrence=Recurrence.QUARTERLY, first=date(2025, 9, 15))  # fmt: skip
    cal = parsed(community_calendar(club.wf, zone=YEKT, series=[CalendarSeries(other, count=2)]))
    assert sorted(e["RRULE"].to_ical() for e in cal.walk("VEVENT")) == [
        b"FREQ=MONTHLY;BYDAY=1TU",
        b"FREQ=MONTHLY;COUNT=2;INTERVAL=3;BYMONTHDAY=15",
    ]


@pytest.mark.parametrize(
    ("spec", "path", "fragment"),
    [
        (tuesdays(), "$.series[0]", "the community keeps series 'club' itself"),
        (
            CalendarSeries(tuesdays(), at=time(18), cancelled=(date(2025, 10, 7),)),
            "$.series[0]",
            "the community keeps series",
        ),
        (
            CalendarSeries(
                tuesdays(id="x"),
                cancelled=(date(2025, 9, 3),),
            ),
            "$.series[0].cancelled[0]",
            "one of the series' occurrences",
        ),
        (
            CalendarSeries(tuesdays(id="x"), cancelled="2025-09-02"),
            "$.series[0].cancelled",
            "a list of days",
        ),
    ],
)
def test_a_host_series_that_clashes_or_cancels_no_occurrence_is_refused(
    spec: object, path: str, fragment: str
) -> None:
    club = kept_club()
    err = refused(
        lambda: community_calendar(club.wf, zone=YEKT, series=[spec]),
        InvalidData,
        fragment,
        club.wf,
    )
    assert err.path == path
