"""A period anywhere in the calendar: its preceding period and its months never overflow.

Found by schemathesis through the HTTP service: a review of 0058-12-02..0561-11-01 asked for
the period before it, which would start before year 1 (a 500, an OverflowError).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pedcommunity.clock import ManualClock
from pedcommunity.errors import PedcommunityError
from pedcommunity.monitoring import Period
from pedcommunity.services import bootstrap
from pedcommunity.workflows import CommunityData

DAYS = st.dates(min_value=date.min, max_value=date.max)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    a, b = draw(DAYS), draw(DAYS)
    return Period(start=min(a, b), end=max(a, b))


@given(periods())
def test_the_preceding_period_ends_the_day_before_and_is_as_long_where_the_calendar_allows(
    period: Period,
) -> None:
    before = period.preceding()
    if period.start > date.min:
        assert before.end == period.start - timedelta(days=1)
        assert before.days == min(period.days, (before.end - date.min).days + 1)
    else:
        assert before == Period(start=date.min, end=date.min)


# Up to about two years (December 9999 included): a year-long review is the common case, and a
# period of centuries has thousands of months, each built.
SHORT = st.builds(
    lambda start, days: Period(
        start=start, end=start + timedelta(days=min(days, (date.max - start).days))
    ),
    st.one_of(DAYS, st.dates(min_value=date(9997, 1, 1), max_value=date.max)),
    st.integers(0, 800),
)


@given(SHORT)
def test_the_months_cover_the_period_day_after_day(period: Period) -> None:
    months = period.months()
    assert months[0].start == period.start and months[-1].end == period.end
    for a, b in itertools.pairwise(months):
        assert b.start == a.end + timedelta(days=1) and b.start.day == 1
    assert len(months) <= (period.end.year - period.start.year + 1) * 12


def test_a_review_over_any_period_is_an_answer_or_a_refusal() -> None:
    app = bootstrap(clock=ManualClock(datetime(2025, 9, 1, tzinfo=UTC)), plugins=False)
    app.start(
        "community_life", CommunityData(name="Клуб", administrator_ids=("c",)), id="c", actor="c"
    )
    for start, end in [
        (date.min, date.max),
        (date(58, 12, 2), date(561, 11, 1)),
        (date.min, date.min),
        (date.max, date.max),
        (date(2025, 9, 1), date.max),
    ]:
        try:
            app.review_community("c", Period(start=start, end=end))
            app.community_report("c", Period(start=start, end=end), "en")
        except PedcommunityError:
            pass  # a refusal says why; anything else is a bug
