"""Recurring events: weekday rules of the model, and the community's series triggers.

The model: ``RecurringEvent`` on "the n-th weekday of the month" (both parts or neither,
``first`` such a day), its dates against a brute-force count of weekdays, and old documents
(no weekday, no series) reading the same. The workflow: ``schedule_series``,
``cancel_occurrence``, ``end_series`` of community_life@1, every refusal (the guard, a
fragment of its reason, nothing changed), who may fire them, and a replay.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.test_community_workflow import ADMIN, Life, club

from pedcommunity.adapters.json import from_dict, to_dict
from pedcommunity.errors import InvalidData, PermissionDenied
from pedcommunity.model import (
    EventKind,
    EventSeries,
    Recurrence,
    RecurringEvent,
    Weekday,
    expand,
)
from pedcommunity.model.recurrence import WEEKS, nth_weekday
from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, fire, replay

TUESDAY_1 = {"weekday": Weekday.TUESDAY, "week": 1}


def series(sid: str = "club", first: date = date(2025, 9, 2), **kw: Any) -> RecurringEvent:
    """A monthly meeting on the first Tuesday (2 September 2025 is one) unless told otherwise."""
    fields: dict[str, Any] = {"recurrence": Recurrence.MONTHLY, **TUESDAY_1, **kw}
    return RecurringEvent(
        id=sid, kind=EventKind.MONTHLY_MEETING, topic="Новости клуба", first=first, **fields
    )


# -- the model --------------------------------------------------------------------------------


def test_weekdays_are_labelled_and_numbered_as_python_counts() -> None:
    assert [d.index for d in Weekday] == list(range(7))
    assert [d.label.en for d in Weekday] == list(calendar.day_name)
    assert Weekday.SUNDAY.label.ru == "Воскресенье"
    assert all(Weekday.of(date(2025, 9, 1) + timedelta(days=i)).index == i for i in range(7))


@given(
    year=st.integers(1900, 2200),
    month=st.integers(1, 12),
    weekday=st.sampled_from(Weekday),
    week=st.sampled_from(WEEKS),
)
def test_nth_weekday_is_the_nth_such_day_of_the_month(
    year: int, month: int, weekday: Weekday, week: int
) -> None:
    days = [
        date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday.index
    ]
    assert nth_weekday(year, month, weekday, week) == days[week - 1 if week > 0 else -1]


@settings(max_examples=50)
@given(
    year=st.integers(2000, 2100),
    month=st.integers(1, 12),
    weekday=st.sampled_from(Weekday),
    week=st.sampled_from(WEEKS),
    recurrence=st.sampled_from(Recurrence),
    months=st.integers(0, 30),
)
def test_a_weekday_series_falls_on_its_weekday_every_month_or_quarter(
    *, year: int, month: int, weekday: Weekday, week: int, recurrence: Recurrence, months: int
) -> None:
    first = nth_weekday(year, month, weekday, week)
    r = series(first=first, recurrence=recurrence, weekday=weekday, week=week)
    until = first + timedelta(days=31 * months)
    days = r.dates(until)
    assert days[0] == first and all(d <= until for d in days)
    step = recurrence.months
    for k, d in enumerate(days):
        index = first.year * 12 + first.month - 1 + k * step
        assert (d.year, d.month) == (index // 12, index % 12 + 1)
        assert d == nth_weekday(d.year, d.month, weekday, week)
    following = divmod(first.year * 12 + first.month - 1 + len(days) * step, 12)
    assert nth_weekday(following[0], following[1] + 1, weekday, week) > until
    assert [e.planned_on for e in expand(r, first, until)] == list(days)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"weekday": Weekday.TUESDAY, "week": None}, "both weekday and week"),
        ({"weekday": None, "week": 1}, "both weekday and week"),
        ({"week": 5}, "week is 1 to 4, or -1"),
        ({"week": 0}, "week is 1 to 4, or -1"),
        ({"week": True}, "week is 1 to 4, or -1"),
        ({"weekday": "tuesday"}, "weekday"),
        ({"first": date(2025, 9, 9)}, "must be the 1st Tuesday of its month"),
        ({"week": -1}, "last Tuesday of its month, as every occurrence is: that is 2025-09-30"),
    ],
)
def test_a_bad_weekday_rule_is_refused(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        series(**fields)


def test_recurrence_dates_refuses_half_a_rule() -> None:
    with pytest.raises(ValueError, match="both the weekday and the week"):
        Recurrence.MONTHLY.dates(date(2025, 9, 2), date(2026, 1, 1), week=1)
    with pytest.raises(ValueError, match="week is 1 to 4"):
        Recurrence.MONTHLY.dates(date(2025, 9, 2), date(2026, 1, 1), weekday=Weekday.MONDAY, week=7)


def test_old_documents_read_the_same() -> None:
    """No weekday, no series: a document written before them reads back unchanged."""
    old = RecurringEvent(
        id="club",
        kind=EventKind.MONTHLY_MEETING,
        topic="Т",
        recurrence=Recurrence.MONTHLY,
        first=date(2025, 9, 25),
    )
    doc = to_dict(old)
    assert doc["data"]["weekday"] is None and doc["data"]["week"] is None
    del doc["data"]["weekday"], doc["data"]["week"]
    assert from_dict(doc) == old
    data = to_dict(CommunityData(name="Клуб"))
    del data["data"]["series"]
    assert from_dict(data) == CommunityData(name="Клуб")
    bad = to_dict(series())
    bad["data"]["week"] = 2
    with pytest.raises(InvalidData, match="2nd Tuesday"):
        from_dict(bad)


def test_an_event_series_keeps_its_days_off_and_its_end() -> None:
    s = EventSeries(event=series(), until=date(2025, 12, 2), cancelled=(date(2025, 11, 4),))
    assert s.occurrences() == (date(2025, 9, 2), date(2025, 10, 7), date(2025, 12, 2))
    assert s.occurs_on(date(2025, 11, 4)) and not s.occurs_on(date(2026, 1, 6))
    with pytest.raises(ValueError, match="runs on"):
        EventSeries(event=series()).occurrences()
    with pytest.raises(ValueError, match="not be before the series' first occurrence"):
        EventSeries(event=series(), until=date(2025, 9, 1))
    with pytest.raises(ValueError, match="twice"):
        EventSeries(event=series(), cancelled=(date(2025, 10, 7), date(2025, 10, 7)))
    with pytest.raises(ValueError, match="not an occurrence of 'club'"):
        EventSeries(event=series(), cancelled=(date(2025, 10, 8),))


# -- the workflow -----------------------------------------------------------------------------


def scheduled() -> Life:
    """A club of four that scheduled the first-Tuesday series 'club' on 5 September 2025."""
    life = club()
    life("schedule_series", series=series(organiser_ids=("a",)), on=life.today)
    return life


def test_schedule_cancel_and_end_a_series() -> None:
    life = scheduled()
    (kept,) = life.data.series
    assert kept == EventSeries(event=series(organiser_ids=("a",)))
    assert life.data.event_series("club") is kept and life.data.events == ()
    life("cancel_occurrence", series_id="club", occurrence=date(2025, 10, 7), on=life.today,
         reason="Каникулы")  # fmt: skip
    life("end_series", series_id="club", until=date(2025, 12, 31), on=life.today)
    life("end_series", series_id="club", until=date(2025, 11, 30), on=life.today)
    s = life.data.event_series("club")
    assert s is not None and s.until == date(2025, 11, 30)
    assert s.cancelled == (date(2025, 10, 7),)
    assert s.occurrences() == (date(2025, 9, 2), date(2025, 11, 4))
    assert [e.trigger for e in life.wf.events[-4:]] == [
        "schedule_series",
        "cancel_occurrence",
        "end_series",
        "end_series",
    ]
    again = replay(COMMUNITY_LIFE, life.wf.events)
    assert again.data == life.data and again.data.event_series("club") == s


def test_the_new_triggers_are_labelled_and_stay_on_version_1() -> None:
    assert COMMUNITY_LIFE.key == "community_life@1"
    labels = {t.name: t.label for t in COMMUNITY_LIFE.triggers}
    assert labels["schedule_series"].en == "Schedule a recurring event"
    assert labels["cancel_occurrence"].ru == "Отменить одно мероприятие серии"
    assert labels["end_series"].ru == "Завершить регулярное мероприятие"


@pytest.mark.parametrize(
    ("trigger", "fields", "guard", "fragment"),
    [
        ("schedule_series", {"series": series()}, "series_new", "series id 'club' is taken"),
        (
            "schedule_series",
            {"series": series("other", organiser_ids=("a", "zz"))},
            "series_organisers_members",
            "not members: zz",
        ),
        (
            "schedule_series",
            {"series": series("late"), "on": date(2030, 1, 1)},
            "not_future",
            "",
        ),
        (
            "cancel_occurrence",
            {"series_id": "nope", "occurrence": date(2025, 10, 7), "reason": "R"},
            "series_known",
            "there is no series 'nope'; series: club",
        ),
        (
            "cancel_occurrence",
            {"series_id": "club", "occurrence": date(2025, 10, 8), "reason": "R"},
            "is_occurrence",
            (
                "2025-10-08 is not an occurrence of series 'club'; the nearest occurrences: "
                "2025-10-07, 2025-11-04"
            ),
        ),
        (
            "cancel_occurrence",
            {"series_id": "club", "occurrence": date(2025, 8, 5), "reason": "R"},
            "is_occurrence",
            "the nearest occurrences: 2025-09-02",
        ),
        (
            "end_series",
            {"series_id": "nope", "until": date(2025, 12, 1)},
            "series_known",
            "there is no series 'nope'",
        ),
        (
            "end_series",
            {"series_id": "club", "until": date(2025, 9, 1)},
            "ends_after_first",
            "ends on or after its first occurrence (2025-09-02), got 2025-09-01",
        ),
    ],
)
def test_refusals_change_nothing(
    trigger: str, fields: dict[str, Any], guard: str, fragment: str
) -> None:
    life = scheduled()
    err = life.guard(trigger, **({"on": life.today} | fields))
    assert err.guard == guard and fragment in err.reason


def test_a_day_off_twice_after_the_end_and_a_later_end_are_refused() -> None:
    life = scheduled()
    life("cancel_occurrence", series_id="club", occurrence=date(2025, 10, 7), on=life.today,
         reason="Каникулы")  # fmt: skip
    err = life.guard(
        "cancel_occurrence",
        series_id="club",
        occurrence=date(2025, 10, 7),
        on=life.today,
        reason="Снова",
    )
    assert err.guard == "is_occurrence" and "cancelled already" in err.reason
    life("end_series", series_id="club", until=date(2025, 11, 30), on=life.today)
    err = life.guard(
        "cancel_occurrence", series_id="club", occurrence=date(2025, 12, 2), on=life.today,
        reason="R",
    )  # fmt: skip
    assert "ends on 2025-11-30; 2025-12-02 is after its end" in err.reason
    err = life.guard("end_series", series_id="club", until=date(2025, 11, 30), on=life.today)
    assert err.guard == "ends_after_first" and "it can only end earlier" in err.reason


def test_a_bad_payload_is_refused_before_any_guard() -> None:
    life = scheduled()
    err = life.refused(
        InvalidData, "end_series", series_id="club", until="2025-12-01", on=life.today
    )
    assert "until" in str(err)


def test_those_who_schedule_events_run_series() -> None:
    """The events' permission: administrator, council, committee; a plain member may not."""
    assert all(
        COMMUNITY_LIFE.permissions[t] == COMMUNITY_LIFE.permissions["schedule_event"]
        for t in ("schedule_series", "cancel_occurrence", "end_series")
    )
    life = scheduled()
    before = life.data
    with pytest.raises(PermissionDenied):
        fire(life.wf, "end_series", actor="a", at=life._at(), series_id="club",
             until=date(2025, 12, 1), on=life.today)  # fmt: skip
    assert life.data == before
    fire(life.wf, "end_series", actor=ADMIN, at=life._at(), series_id="club",
         until=date(2025, 12, 1), on=life.today)  # fmt: skip


def test_the_data_refuses_a_series_twice() -> None:
    with pytest.raises(ValueError, match="series"):
        CommunityData(name="К", series=[EventSeries(event=series()), EventSeries(event=series())])
    assert attrs.fields(CommunityData).series.default == ()
