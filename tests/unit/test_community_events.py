"""Community events: kinds, statuses, attendance and feedback, recurrence and expansion."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies_community import recurring_events

from pedcommunity.model import (
    CommunityEvent,
    EventKind,
    EventStatus,
    FeedbackResponse,
    MeetingFormat,
    MethodicalMaterial,
    Recurrence,
    RecurringEvent,
    expand,
)
from pedcommunity.model.community_events import add_months

D = date(2026, 3, 12)


def event(**kw: object) -> CommunityEvent:
    fields: dict[str, object] = {
        "id": "e1",
        "kind": EventKind.SEMINAR,
        "planned_on": D,
        "topic": "Ненасильственное общение",
    }
    fields.update(kw)
    return CommunityEvent(**fields)  # type: ignore[arg-type]


def test_all_fifteen_kinds_of_the_seeds_with_distinct_labels() -> None:
    """Every kind named in seeds 000, 001 and 003 exists, labelled in both languages."""
    assert {k.value for k in EventKind} == {
        "monthly_meeting",
        "seminar",
        "workshop",
        "annual_conference",
        "round_table",
        "meetup",
        "individual_consultation",
        "group_consultation",
        "exhibition",
        "contest",
        "coaching_session",
        "internship",
        "discussion_platform",
        "professional_cases",
        "community_launch",
    }
    assert len({k.label.ru for k in EventKind}) == 15
    assert len({k.label.en for k in EventKind}) == 15
    assert EventKind.WORKSHOP.label.en == "Workshop (master class)"
    assert {s.label.en for s in EventStatus} == {"Planned", "Held", "Cancelled"}


def test_a_planned_event_has_no_attendance() -> None:
    """Defaults: planned, in person, nobody attended yet."""
    e = event()
    assert e.status is EventStatus.PLANNED and e.format is MeetingFormat.IN_PERSON
    assert not e.is_held and e.days_late is None and e.participant_ids == ()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": EventStatus.HELD}, "held_on is set exactly when"),
        ({"held_on": D}, "held_on is set exactly when"),
        ({"guest_ids": ("x",)}, "only a held event has attendance"),
        ({"feedback": (FeedbackResponse(comment="Да"),)}, "only a held event"),
        ({"cancel_reason": "Болезнь"}, "only a cancelled event has a cancel_reason"),
        (
            {"status": EventStatus.HELD, "held_on": D, "attendee_ids": ("a",), "guest_ids": ("a",)},
            "overlap: a",
        ),
        (
            {
                "status": EventStatus.HELD,
                "held_on": D,
                "attendee_ids": ("a",),
                "feedback": (FeedbackResponse(ratings={"q": 5}, respondent_id="z"),),
            },
            "respondents must have attended 'e1': z",
        ),
        (
            {
                "status": EventStatus.HELD,
                "held_on": D,
                "attendee_ids": ("a",),
                "feedback": (
                    FeedbackResponse(ratings={"q": 5}, respondent_id="a"),
                    FeedbackResponse(ratings={"q": 4}, respondent_id="a"),
                ),
            },
            "'a' answered twice",
        ),
    ],
)
def test_inconsistent_events_are_refused(fields: dict[str, object], message: str) -> None:
    """Status, day held, attendance, feedback and cancel reason agree with one another."""
    with pytest.raises(ValueError, match=message):
        event(**fields)


def test_a_held_event_knows_who_came_and_how_late() -> None:
    """Participants are members then guests; days_late counts from the planned day."""
    e = event(
        status=EventStatus.HELD,
        held_on=date(2026, 3, 10),
        attendee_ids=("t1", "t2"),
        guest_ids=("x",),
        feedback=[FeedbackResponse(ratings={"q": 3}, respondent_id="x")],
    )
    assert e.participant_ids == ("t1", "t2", "x")
    assert e.days_late == -2
    cancelled = event(status=EventStatus.CANCELLED, cancel_reason="Карантин")
    assert cancelled.cancel_reason == "Карантин" and not cancelled.is_held


def test_feedback_mean_and_positive() -> None:
    """Mean of the 1-5 ratings; positive from a mean of 4; unrated responses are neither."""
    assert FeedbackResponse(ratings={"a": 4, "b": 3}).mean == 3.5
    assert FeedbackResponse(ratings={"a": 4, "b": 3}).is_positive is False
    assert FeedbackResponse(ratings={"a": 4}).is_positive is True
    assert FeedbackResponse(ratings={"a": 5, "b": 3}).is_positive is True
    unrated = FeedbackResponse(comment="Хорошо")
    assert unrated.mean is None and unrated.is_positive is None


@pytest.mark.parametrize("bad", [0, 6, True, 4.5, "5"])
def test_feedback_ratings_are_whole_numbers_from_1_to_5(bad: object) -> None:
    """Ratings outside 1-5, booleans, fractions and strings are refused."""
    with pytest.raises(ValueError, match="must rate from 1 to 5"):
        FeedbackResponse(ratings={"q": bad})  # type: ignore[dict-item]


def test_feedback_says_something() -> None:
    """An empty response (no rating, no comment) is refused; a blank comment too."""
    with pytest.raises(ValueError, match="rates at least one question or has a comment"):
        FeedbackResponse()
    with pytest.raises(ValueError, match="non-empty"):
        FeedbackResponse(comment=" ")


def test_add_months_clamps_to_the_month_length() -> None:
    """31 January + 1 month is 28 February (29 in a leap year); years roll over."""
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_recurrence_keeps_the_day_of_month_of_the_first_occurrence() -> None:
    """A monthly series on the 31st falls on the last day of short months and comes back."""
    days = Recurrence.MONTHLY.dates(date(2025, 10, 31), date(2026, 3, 31))
    assert days == (
        date(2025, 10, 31),
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    )
    assert Recurrence.QUARTERLY.dates(date(2025, 9, 15), date(2026, 9, 14)) == (
        date(2025, 9, 15),
        date(2025, 12, 15),
        date(2026, 3, 15),
        date(2026, 6, 15),
    )
    assert Recurrence.MONTHLY.dates(date(2026, 1, 1), date(2025, 12, 31)) == ()


def test_expand_gives_dated_planned_occurrences_in_the_period() -> None:
    """Occurrences before the period are skipped; ids carry the day; fields are copied."""
    r = RecurringEvent(
        id="club",
        kind=EventKind.MONTHLY_MEETING,
        topic="Новости клуба",
        recurrence=Recurrence.MONTHLY,
        first=date(2025, 9, 25),
        organiser_ids=("t1",),
        format=MeetingFormat.ONLINE,
    )
    out = expand(r, date(2025, 11, 1), date(2026, 1, 25))
    assert [e.id for e in out] == ["club-2025-11-25", "club-2025-12-25", "club-2026-01-25"]
    assert all(e.status is EventStatus.PLANNED for e in out)
    assert {(e.kind, e.topic, e.organiser_ids, e.format) for e in out} == {
        (EventKind.MONTHLY_MEETING, "Новости клуба", ("t1",), MeetingFormat.ONLINE)
    }
    assert expand(r, date(2025, 1, 1), date(2025, 9, 24)) == ()
    with pytest.raises(ValueError, match="must not be before start"):
        expand(r, date(2026, 1, 2), date(2026, 1, 1))


@given(
    r=recurring_events(),
    start=st.dates(date(1970, 1, 1), date(2100, 1, 1)),
    days=st.integers(0, 800),
)
def test_expand_properties(r: RecurringEvent, start: date, days: int) -> None:
    """Occurrences lie in the period, after the first one, in order, with distinct ids."""
    end = date.fromordinal(min(start.toordinal() + days, date(2100, 12, 31).toordinal()))
    out = expand(r, start, end)
    assert all(start <= e.planned_on <= end and e.planned_on >= r.first for e in out)
    assert [e.planned_on for e in out] == sorted({e.planned_on for e in out})
    assert len({e.id for e in out}) == len(out)
    if r.weekday is None:
        assert all(e.planned_on.day == min(r.first.day, 28) or e.planned_on.day >= 28 for e in out)
    else:  # the n-th weekday of the month: on its weekday, every occurrence
        assert all(e.planned_on.weekday() == r.weekday.index for e in out)


def test_materials_need_an_author() -> None:
    """A methodical material names at least one author, each once."""
    m = MethodicalMaterial(id="m", title="Пособие", author_ids=("a",), published_on=D)
    assert attrs.evolve(m, kind="пособие").kind == "пособие"
    with pytest.raises(ValueError, match="at least one author"):
        MethodicalMaterial(id="m", title="Пособие", author_ids=(), published_on=D)


def test_a_series_id_leaves_room_for_the_day() -> None:
    """A recurring event's id is at most 117 characters: its occurrences add the day."""
    fields = {
        "kind": EventKind.MEETUP,
        "topic": "Т",
        "recurrence": Recurrence.MONTHLY,
        "first": D,
    }
    longest = RecurringEvent(id="a" * 117, **fields)  # type: ignore[arg-type]
    (one,) = expand(longest, D, D)
    assert len(one.id) == 128
    with pytest.raises(ValueError, match="at most 117 characters"):
        RecurringEvent(id="a" * 118, **fields)  # type: ignore[arg-type]
