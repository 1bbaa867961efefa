"""How a community's events recur: every month or quarter, on a day of the month or a weekday.

Seed 000 fixes a club's rhythm as "monthly" and "quarterly"; schools fix the day either as a
day of the month (the 25th) or as a weekday of the month ("the first Tuesday", "the last
Friday"). :class:`Recurrence` says how often, :class:`Weekday` and a week number (1-4, or -1
for the last) say which weekday; :func:`nth_weekday` finds that day in a month.

Examples:
    >>> from datetime import date
    >>> Recurrence.MONTHLY.dates(date(2025, 9, 2), date(2025, 12, 31),
    ...                          weekday=Weekday.TUESDAY, week=1)
    ... # doctest: +NORMALIZE_WHITESPACE
    (datetime.date(2025, 9, 2), datetime.date(2025, 10, 7), datetime.date(2025, 11, 4),
     datetime.date(2025, 12, 2))
"""

from __future__ import annotations

import calendar
from datetime import date

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum

__all__ = ["WEEKS", "Recurrence", "Weekday", "add_months", "nth_weekday"]

#: The week numbers of a weekday rule: the first to the fourth, and -1, the last (every month
#: has four of each weekday, not always five).
WEEKS = (1, 2, 3, 4, -1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clamped to the month's length.

    Examples:
        >>> add_months(date(2026, 1, 31), 1), add_months(date(2025, 11, 15), 3)
        (datetime.date(2026, 2, 28), datetime.date(2026, 2, 15))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class Weekday(LabelledEnum):
    """A day of the week, Monday to Sunday (``index`` is :meth:`datetime.date.weekday`'s).

    Examples:
        >>> Weekday.TUESDAY.label.ru, Weekday.TUESDAY.index, Weekday.of(date(2025, 9, 2))
        ('Вторник', 1, <Weekday.TUESDAY: 'tuesday'>)
    """

    MONDAY = "monday", "Понедельник", "Monday"
    TUESDAY = "tuesday", "Вторник", "Tuesday"
    WEDNESDAY = "wednesday", "Среда", "Wednesday"
    THURSDAY = "thursday", "Четверг", "Thursday"
    FRIDAY = "friday", "Пятница", "Friday"
    SATURDAY = "saturday", "Суббота", "Saturday"
    SUNDAY = "sunday", "Воскресенье", "Sunday"

    @property
    def index(self) -> int:
        """0 for Monday to 6 for Sunday, as :meth:`datetime.date.weekday` counts."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, day: date) -> Weekday:
        """The weekday ``day`` falls on."""
        return list(cls)[day.weekday()]


def _check_week(week: object) -> int:
    if isinstance(week, bool) or not isinstance(week, int) or week not in WEEKS:
        raise ValueError(f"week is 1 to 4, or -1 for the last, got {shown(week)}")
    return week


def nth_weekday(year: int, month: int, weekday: Weekday, week: int) -> date:
    """The ``week``-th ``weekday`` of the month (``week=-1``: the last one).

    Raises:
        ValueError: ``week`` is not one of 1, 2, 3, 4 and -1.

    Examples:
        >>> nth_weekday(2025, 9, Weekday.TUESDAY, 1), nth_weekday(2026, 2, Weekday.FRIDAY, -1)
        (datetime.date(2025, 9, 2), datetime.date(2026, 2, 27))
    """
    _check_week(week)
    if week > 0:
        first = date(year, month, 1)
        return date(year, month, 1 + (weekday.index - first.weekday()) % 7 + 7 * (week - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, last.day - (last.weekday() - weekday.index) % 7)


def _rule(weekday: Weekday | None, week: int | None) -> tuple[Weekday, int] | None:
    """The weekday rule, checked: both parts or neither."""
    if weekday is None and week is None:
        return None
    if weekday is None or week is None:
        raise ValueError(
            f"a weekday rule names both the weekday and the week (1-4, or -1 for the last), "
            f"got weekday={shown(weekday)} and week={shown(week)}"
        )
    if not isinstance(weekday, Weekday):
        raise ValueError(f"weekday must be a Weekday, got {shown(weekday)}")
    return weekday, _check_week(week)


class Recurrence(LabelledEnum):
    """How often an event recurs: every month or every quarter (seed 000, section 4).

    Examples:
        >>> Recurrence.QUARTERLY.months, Recurrence.MONTHLY.label.ru
        (3, 'Ежемесячно')
        >>> Recurrence.MONTHLY.dates(date(2026, 1, 31), date(2026, 4, 30))
        ... # doctest: +NORMALIZE_WHITESPACE
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 31),
         datetime.date(2026, 4, 30))
    """

    MONTHLY = "monthly", "Ежемесячно", "Monthly"
    QUARTERLY = "quarterly", "Ежеквартально", "Quarterly"

    @property
    def months(self) -> int:
        """The number of months between two occurrences."""
        return 1 if self is Recurrence.MONTHLY else 3

    def dates(
        self,
        first: date,
        until: date,
        *,
        weekday: Weekday | None = None,
        week: int | None = None,
    ) -> tuple[date, ...]:
        """The occurrences from ``first`` to ``until`` (inclusive).

        Without a weekday rule, every occurrence keeps the day of month of ``first`` where the
        month has it (the 31st falls on the 30th or the 28th in shorter months and comes
        back after). With one (``weekday`` and ``week`` together), the occurrence of each
        month (each third month) from ``first``'s month on is its ``week``-th ``weekday``;
        a day before ``first`` is skipped (a :class:`RecurringEvent
        <pedcommunity.model.community_events.RecurringEvent>` starts on such a day).

        Raises:
            ValueError: only one of ``weekday`` and ``week``, or a week that is not 1-4 or -1.

        Examples:
            >>> Recurrence.QUARTERLY.dates(date(2025, 9, 26), date(2026, 6, 30),
            ...                            weekday=Weekday.FRIDAY, week=-1)
            ... # doctest: +NORMALIZE_WHITESPACE
            (datetime.date(2025, 9, 26), datetime.date(2025, 12, 26),
             datetime.date(2026, 3, 27), datetime.date(2026, 6, 26))
        """
        rule = _rule(weekday, week)
        out: list[date] = []
        k = 0
        start = first.year * 12 + first.month - 1
        # The calendar ends with 9999: a series stops there instead of overflowing.
        while start + k * self.months < 10000 * 12:
            if rule is None:
                day = add_months(first, k * self.months)
            else:
                month = add_months(first.replace(day=1), k * self.months)
                day = nth_weekday(month.year, month.month, *rule)
            if day > until:
                return tuple(out)
            if day >= first:
                out.append(day)
            k += 1
        return tuple(out)
