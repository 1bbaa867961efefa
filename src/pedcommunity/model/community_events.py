"""What a community does: its events, their feedback, recurring events and publications.

The kinds of event come from seeds 000 and 001: monthly meetings, quarterly seminars,
workshops (master classes), the annual conference, round tables, meetups, individual and group
consultations, exhibitions, contests, coaching sessions and internships. A
:class:`CommunityEvent` is planned, then held (with the members and guests who came and their
feedback) or cancelled. :class:`RecurringEvent` and :func:`expand` turn "monthly" or
"quarterly" into dated occurrences; :class:`MethodicalMaterial` is a publication of the
community's members (seed 000: a collection of practical recommendations).

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
    >>> e = CommunityEvent(id="e1", kind=EventKind.WORKSHOP, planned_on=date(2026, 3, 12),
    ...                    topic="Ментальные карты на уроке", organiser_ids=("t1",))
    >>> e.kind.label.ru, e.status.value
    ('Практикум (мастер-класс)', 'planned')
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_text,
    instances_of,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.mentoring import ClusterKind, MeetingFormat
from pedcommunity.model.recurrence import Recurrence, Weekday, add_months, nth_weekday

__all__ = [
    "MAX_SERIES_ID",
    "POSITIVE_RATING",
    "ClusterEvent",
    "CommunityEvent",
    "EventKind",
    "EventStatus",
    "FeedbackResponse",
    "MethodicalMaterial",
    "Recurrence",
    "RecurringEvent",
    "Weekday",
    "add_months",
    "expand",
]

_optional_text = attrs.validators.optional(check_text)


class EventKind(LabelledEnum):
    """The kinds of community event (seed 000 section 4, seed 001 3.1 and 2.2, seed 003).

    Examples:
        >>> len(EventKind), EventKind("round_table").label.en
        (15, 'Round table')
    """

    MONTHLY_MEETING = "monthly_meeting", "Ежемесячная встреча", "Monthly meeting"
    SEMINAR = "seminar", "Семинар (тренинг)", "Seminar"
    WORKSHOP = "workshop", "Практикум (мастер-класс)", "Workshop (master class)"
    ANNUAL_CONFERENCE = "annual_conference", "Ежегодная конференция", "Annual conference"
    ROUND_TABLE = "round_table", "Круглый стол", "Round table"
    MEETUP = "meetup", "Митап", "Meetup"
    INDIVIDUAL_CONSULTATION = (
        "individual_consultation",
        "Индивидуальное консультирование",
        "Individual consultation",
    )
    GROUP_CONSULTATION = "group_consultation", "Групповое консультирование", "Group consultation"
    EXHIBITION = "exhibition", "Выставка", "Exhibition"
    CONTEST = "contest", "Конкурс", "Contest"
    COACHING_SESSION = "coaching_session", "Коуч-сессия", "Coaching session"
    INTERNSHIP = "internship", "Стажировка", "Internship"
    # Seed 003's first cluster («Компетентностные лидеры»), 003:7.
    DISCUSSION_PLATFORM = "discussion_platform", "Дискуссионная площадка", "Discussion platform"
    PROFESSIONAL_CASES = "professional_cases", "Проф-кейсы", "Professional cases"
    COMMUNITY_LAUNCH = "community_launch", "Запуск сообщества", "Community launch"


class EventStatus(LabelledEnum):
    """Where an event is: planned, held or cancelled.

    Examples:
        >>> EventStatus.HELD.label.ru
        'Проведено'
    """

    PLANNED = "planned", "Запланировано", "Planned"
    HELD = "held", "Проведено", "Held"
    CANCELLED = "cancelled", "Отменено", "Cancelled"


#: The lowest mean rating (on the 1-5 scale) that counts a response as positive.
POSITIVE_RATING = 4


def _ratings(
    instance: object, attribute: attrs.Attribute[FrozenMap[str, int]], value: FrozenMap[str, int]
) -> None:
    for question, rating in value.items():
        check_id(instance, attribute, question)
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise ValueError(
                f"{attribute.name} must rate from 1 to 5, got {shown(rating)} for '{question}'"
            )


@attrs.frozen
class FeedbackResponse:
    """One answer to an event's feedback survey: a 1-5 rating per question, and a comment.

    ``respondent_id`` is ``None`` for anonymous surveys. A response rates at least one
    question or says something in its comment. A response is positive when its mean rating is
    at least :data:`POSITIVE_RATING` (4).

    Examples:
        >>> r = FeedbackResponse(ratings={"useful": 5, "format": 4}, comment="Спасибо!")
        >>> r.mean, r.is_positive
        (4.5, True)
        >>> FeedbackResponse(comment="Без оценок").is_positive is None
        True
        >>> FeedbackResponse(ratings={"useful": 6})
        Traceback (most recent call last):
        ...
        ValueError: ratings must rate from 1 to 5, got 6 for 'useful'
    """

    ratings: FrozenMap[str, int] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_ratings
    )
    comment: str | None = attrs.field(default=None, validator=_optional_text)
    respondent_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )

    def __attrs_post_init__(self) -> None:
        if not self.ratings and self.comment is None:
            raise ValueError("a feedback response rates at least one question or has a comment")

    @property
    def mean(self) -> float | None:
        """The mean rating, ``None`` when the response rates nothing."""
        if not self.ratings:
            return None
        return sum(self.ratings.values()) / len(self.ratings)

    @property
    def is_positive(self) -> bool | None:
        """Whether the mean rating is at least :data:`POSITIVE_RATING`; ``None`` if unrated."""
        mean = self.mean
        return None if mean is None else mean >= POSITIVE_RATING


def _respondents(
    instance: Any, attribute: attrs.Attribute[tuple[FeedbackResponse, ...]], value: Any
) -> None:
    seen: set[str] = set()
    for r in value:
        if r.respondent_id is None:
            continue
        if r.respondent_id in seen:
            raise ValueError(f"{attribute.name}: '{r.respondent_id}' answered twice")
        seen.add(r.respondent_id)


@attrs.frozen
class CommunityEvent:
    """A community event: what, when, who organises it, and once held, who came and what they said.

    ``planned_on`` is the day the event is planned for; ``held_on`` the day it took place
    (set exactly when ``status`` is held; it may differ from the planned day). ``expert_ids``
    are the invited experts (seed 000: seminars with invited experts). ``attendee_ids`` are
    the members who came, ``guest_ids`` everyone else who came (experts, partners, colleagues
    from outside); the two never overlap. ``feedback`` holds the survey's responses; a named
    respondent attended. Only a held event has attendance and feedback; only a cancelled one
    has a ``cancel_reason``.

    Examples:
        >>> e = CommunityEvent(id="s1", kind=EventKind.SEMINAR, planned_on=date(2025, 10, 20),
        ...                    topic="Ненасильственное общение", organiser_ids=("t1",),
        ...                    expert_ids=("x1",), format=MeetingFormat.ONLINE,
        ...                    status=EventStatus.HELD, held_on=date(2025, 10, 22),
        ...                    attendee_ids=("t1", "t2"), guest_ids=("x1",),
        ...                    feedback=[FeedbackResponse(ratings={"useful": 5},
        ...                                               respondent_id="t2")])
        >>> e.is_held, e.participant_ids, e.days_late
        (True, ('t1', 't2', 'x1'), 2)
        >>> CommunityEvent(id="s2", kind=EventKind.SEMINAR, planned_on=date(2025, 10, 20),
        ...                topic="Т", attendee_ids=("t1",))
        Traceback (most recent call last):
        ...
        ValueError: only a held event has attendance or feedback; 's2' is planned
    """

    id: str = attrs.field(validator=check_id)
    kind: EventKind = attrs.field(validator=attrs.validators.instance_of(EventKind))
    planned_on: date = attrs.field(validator=check_date)
    topic: str = attrs.field(validator=check_text)
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    expert_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    status: EventStatus = attrs.field(
        default=EventStatus.PLANNED, validator=attrs.validators.instance_of(EventStatus)
    )
    held_on: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )
    attendee_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    guest_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    feedback: tuple[FeedbackResponse, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(FeedbackResponse), _respondents]
    )
    cancel_reason: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        held = self.status is EventStatus.HELD
        if held != (self.held_on is not None):
            raise ValueError(
                f"held_on is set exactly when the event is held; '{self.id}' is "
                f"{self.status.value} and held_on is {shown(self.held_on)}"
            )
        if not held and (self.attendee_ids or self.guest_ids or self.feedback):
            raise ValueError(
                f"only a held event has attendance or feedback; '{self.id}' is {self.status.value}"
            )
        if self.cancel_reason is not None and self.status is not EventStatus.CANCELLED:
            raise ValueError(f"only a cancelled event has a cancel_reason; '{self.id}' is not")
        both = sorted(set(self.attendee_ids) & set(self.guest_ids))
        if both:
            raise ValueError(f"attendee_ids and guest_ids overlap: {', '.join(both)}")
        came = set(self.participant_ids)
        strangers = sorted(
            r.respondent_id
            for r in self.feedback
            if r.respondent_id is not None and r.respondent_id not in came
        )
        if strangers:
            raise ValueError(
                f"feedback respondents must have attended '{self.id}': {', '.join(strangers)}"
            )

    @property
    def is_held(self) -> bool:
        """Whether the event took place."""
        return self.status is EventStatus.HELD

    @property
    def participant_ids(self) -> tuple[str, ...]:
        """Everyone who came: the attending members, then the guests."""
        return self.attendee_ids + self.guest_ids

    @property
    def days_late(self) -> int | None:
        """How many days after the planned day it was held (negative: early); ``None`` if not."""
        if self.held_on is None:
            return None
        return (self.held_on - self.planned_on).days


@attrs.frozen
class ClusterEvent:
    """An event of one of a mentoring programme's clusters: a :class:`CommunityEvent` inside it.

    Seed 003's first cluster runs its educational track as events: discussion platforms
    «Педагогическая инициатива», professional cases «Персонализированная программа», the
    community launch «Компетентностный лидер». ``event.topic`` holds the title,
    ``event.expert_ids`` the invited speakers, and ``event.attendee_ids`` the programme's
    mentors and mentees who came; the wrapped event checks its own consistency.

    Examples:
        >>> e = ClusterEvent(CommunityEvent(id="e1", kind=EventKind.DISCUSSION_PLATFORM,
        ...                                 planned_on=date(2023, 2, 10),
        ...                                 topic="Педагогическая инициатива",
        ...                                 expert_ids=("sp1",)))
        >>> e.id, e.cluster.value, e.event.kind.label.ru
        ('e1', 'competency_leaders', 'Дискуссионная площадка')
    """

    event: CommunityEvent = attrs.field(validator=attrs.validators.instance_of(CommunityEvent))
    cluster: ClusterKind = attrs.field(
        default=ClusterKind.COMPETENCY_LEADERS, validator=attrs.validators.instance_of(ClusterKind)
    )

    @property
    def id(self) -> str:
        """The event's id."""
        return self.event.id

    @property
    def is_held(self) -> bool:
        """Whether the event took place."""
        return self.event.is_held


#: The longest id of a recurring event: its occurrences add ``-YYYY-MM-DD`` (11 characters)
#: and must stay within the 128 characters of an id.
MAX_SERIES_ID = 128 - 11


def _series_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_id(instance, attribute, value)
    assert isinstance(value, str)  # check_id just checked it
    if len(value) > MAX_SERIES_ID:
        raise ValueError(
            f"{attribute.name} of a recurring event has at most {MAX_SERIES_ID} characters "
            f"(its occurrences add the day), got {len(value)}"
        )


_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}


def _week(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (isinstance(value, bool) or value not in _ORDINALS):
        raise ValueError(f"{attribute.name} is 1 to 4, or -1 for the last, got {shown(value)}")


@attrs.frozen
class RecurringEvent:
    """An event that recurs monthly or quarterly from its ``first`` occurrence on.

    Its ``id`` has at most :data:`MAX_SERIES_ID` (117) characters, so that the ids of its
    occurrences (the id and the day) are valid ids too.

    Without a weekday rule it recurs on ``first``'s day of the month. With one, ``weekday``
    and ``week`` together (1-4, or -1 for the last), it recurs on that weekday of every month
    (every third month): "the first Tuesday", "the last Friday"; ``first`` is itself such a
    day, the first occurrence (a day that is not is refused, with the day that would be).

    Examples:
        >>> r = RecurringEvent(id="club-meeting", kind=EventKind.MONTHLY_MEETING,
        ...                    topic="Обмен новостями", recurrence=Recurrence.MONTHLY,
        ...                    first=date(2025, 9, 25))
        >>> r.recurrence.label.en, r.weekday is None
        ('Monthly', True)
        >>> club = attrs.evolve(r, first=date(2025, 9, 2), weekday=Weekday.TUESDAY, week=1)
        >>> club.dates(date(2025, 11, 30))
        (datetime.date(2025, 9, 2), datetime.date(2025, 10, 7), datetime.date(2025, 11, 4))
        >>> attrs.evolve(club, first=date(2025, 9, 9))
        Traceback (most recent call last):
        ...
        ValueError: first (2025-09-09) must be the 1st Tuesday of its month, as every \
occurrence is: that is 2025-09-02
    """

    id: str = attrs.field(validator=_series_id)
    kind: EventKind = attrs.field(validator=attrs.validators.instance_of(EventKind))
    topic: str = attrs.field(validator=check_text)
    recurrence: Recurrence = attrs.field(validator=attrs.validators.instance_of(Recurrence))
    first: date = attrs.field(validator=check_date)
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    expert_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    weekday: Weekday | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Weekday))
    )
    # _week refuses with the message; in_ only tells the JSON Schema the same five values.
    week: int | None = attrs.field(
        default=None,
        validator=[_week, attrs.validators.optional(attrs.validators.in_(tuple(_ORDINALS)))],
    )

    def __attrs_post_init__(self) -> None:
        if (self.weekday is None) != (self.week is None):
            raise ValueError(
                f"a weekday rule names both weekday and week (1-4, or -1 for the last); "
                f"'{self.id}' has weekday={shown(self.weekday)} and week={shown(self.week)}"
            )
        if self.weekday is None or self.week is None:
            return
        day = nth_weekday(self.first.year, self.first.month, self.weekday, self.week)
        if day != self.first:
            raise ValueError(
                f"first ({self.first.isoformat()}) must be the {_ORDINALS[self.week]} "
                f"{self.weekday.label.en} of its month, as every occurrence is: that is "
                f"{day.isoformat()}"
            )

    def dates(self, until: date) -> tuple[date, ...]:
        """The occurrences from ``first`` to ``until`` (inclusive): :meth:`Recurrence.dates`.

        Examples:
            >>> r = RecurringEvent(id="s", kind=EventKind.SEMINAR, topic="С",
            ...                    recurrence=Recurrence.QUARTERLY, first=date(2025, 9, 26),
            ...                    weekday=Weekday.FRIDAY, week=-1)
            >>> r.dates(date(2025, 12, 31))
            (datetime.date(2025, 9, 26), datetime.date(2025, 12, 26))
        """
        return self.recurrence.dates(self.first, until, weekday=self.weekday, week=self.week)


def expand(recurring: RecurringEvent, start: date, end: date) -> tuple[CommunityEvent, ...]:
    """The planned occurrences of ``recurring`` from ``start`` to ``end`` (both inclusive).

    Occurrences follow :meth:`RecurringEvent.dates` (its day of the month or its weekday
    rule) from ``recurring.first``; those before
    ``start`` are skipped. Each occurrence is a planned :class:`CommunityEvent` whose id is the
    recurring event's id and the day (``club-meeting-2025-10-25``), so the same series always
    gives the same ids.

    Raises:
        ValueError: ``end`` is before ``start``.

    Examples:
        >>> r = RecurringEvent(id="seminar", kind=EventKind.SEMINAR, topic="Семинар",
        ...                    recurrence=Recurrence.QUARTERLY, first=date(2025, 9, 15))
        >>> [(e.id, e.planned_on.isoformat())
        ...  for e in expand(r, date(2025, 10, 1), date(2026, 5, 31))]
        [('seminar-2025-12-15', '2025-12-15'), ('seminar-2026-03-15', '2026-03-15')]
    """
    if end < start:
        raise ValueError(f"end ({end.isoformat()}) must not be before start ({start.isoformat()})")
    return tuple(
        CommunityEvent(
            id=f"{recurring.id}-{day.isoformat()}",
            kind=recurring.kind,
            planned_on=day,
            topic=recurring.topic,
            organiser_ids=recurring.organiser_ids,
            expert_ids=recurring.expert_ids,
            format=recurring.format,
        )
        for day in recurring.dates(end)
        if day >= start
    )


def _authors(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    check_ids(instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must name at least one author")


@attrs.frozen
class MethodicalMaterial:
    """A methodical material the community's members published: a title, authors, a day.

    ``kind`` says what it is (a methodical manual, a lesson plan, a collection of practical
    recommendations...); ``link`` where to read it, when it is online; ``outlet_id`` the
    media outlet that published it (seed 000: a network publication with the status of a
    mass medium), a partner of the community of kind ``media``.

    Examples:
        >>> m = MethodicalMaterial(id="m1", title="Сборник практических рекомендаций",
        ...                        author_ids=("t1", "t2"), published_on=date(2026, 5, 20),
        ...                        kind="сборник", outlet_id="pedmir")
        >>> m.author_ids, m.outlet_id
        (('t1', 't2'), 'pedmir')
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    author_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_authors)
    published_on: date = attrs.field(validator=check_date)
    kind: str | None = attrs.field(default=None, validator=_optional_text)
    link: str | None = attrs.field(default=None, validator=_optional_text)
    outlet_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
