"""How a PLC is organised (seed 002): chat, announcements, order, recognition, activities.

Seed 002's preparatory stage («Подготовительный этап») opens a group chat («Создать чат в
Сферум с названием «ПОС: Мастерские роста»») and posts its link with a short description in
the school's chat, so that teachers join by their own wish. Among its «Способы мотивации» are
the director's order creating the PLC («Приказ директора о создании ПОС»), incentives for
active members, recognition at the teachers' council or the staff meeting, and awards. Its
meetings use team-building exercises and trainings and tools such as the mood square, the
mood pyramid and the emotion wheel.

Examples:
    >>> from datetime import date
    >>> order = DirectorsOrder(number="123-о", signed_on=date(2025, 8, 25), leader_id="head")
    >>> order.title
    'О создании профессионального обучающегося сообщества'
    >>> MeetingActivity(tool=TeamBuildingTool.MOOD_SQUARE).tool.label.ru
    'Квадрат настроения'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_optional_text,
    check_text,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.festival import _check_link

__all__ = [
    "Announcement",
    "ChatPlatform",
    "DirectorsOrder",
    "GroupChat",
    "MeetingActivity",
    "PlcRecognition",
    "RecognitionKind",
    "TeamBuildingTool",
]

#: A link that may be absent: ``None`` or an http(s) URL (also the ``open_chat`` payload's).
optional_link = attrs.validators.optional(_check_link)
_optional_id = attrs.validators.optional(check_id)


class ChatPlatform(LabelledEnum):
    """Where the PLC's group chat lives (seed 002: Сферум, and a Telegram chat).

    Examples:
        >>> ChatPlatform("sferum").label.ru
        'Сферум'
    """

    SFERUM = "sferum", "Сферум", "Sferum"
    TELEGRAM = "telegram", "Телеграм", "Telegram"
    OTHER = "other", "Другое", "Other"


@attrs.frozen
class GroupChat:
    """The PLC's group chat («чат ПОС»), opened at the preparatory stage.

    Examples:
        >>> from datetime import datetime, timezone
        >>> GroupChat(platform=ChatPlatform.SFERUM, name="ПОС: Мастерские роста",
        ...           opened_at=datetime(2025, 8, 20, tzinfo=timezone.utc)).link is None
        True
    """

    platform: ChatPlatform = attrs.field(validator=attrs.validators.instance_of(ChatPlatform))
    name: str = attrs.field(validator=check_text)
    opened_at: datetime = attrs.field(validator=check_aware)
    link: str | None = attrs.field(default=None, validator=optional_link)


@attrs.frozen
class Announcement:
    """A post about the PLC in another channel (the school's chat), with the PLC chat's link.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Announcement(channel="Общий чат школы", description="Приглашаем в ПОС",
        ...              at=datetime(2025, 8, 21, tzinfo=timezone.utc)).channel
        'Общий чат школы'
    """

    channel: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)
    at: datetime = attrs.field(validator=check_aware)
    link: str | None = attrs.field(default=None, validator=optional_link)


@attrs.frozen
class DirectorsOrder:
    """The director's order («Приказ директора») about the PLC: by default, creating it.

    An order may appoint the PLC's leader and its facilitators; recording it
    (``record_order``) makes them so. Seed 002 lists the order among the ways of motivation,
    so a PLC runs without one.

    Examples:
        >>> from datetime import date
        >>> DirectorsOrder(number="123-о", signed_on=date(2025, 8, 25),
        ...                facilitator_ids=("t01",)).facilitator_ids
        ('t01',)
    """

    number: str = attrs.field(validator=check_text)
    signed_on: date = attrs.field(validator=check_date)
    title: str = attrs.field(
        default="О создании профессионального обучающегося сообщества", validator=check_text
    )
    signed_by: str | None = attrs.field(default=None, validator=check_optional_text)
    leader_id: str | None = attrs.field(default=None, validator=_optional_id)
    facilitator_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )


class RecognitionKind(LabelledEnum):
    """How seed 002 recognises a PLC's members («Способы мотивации»).

    Examples:
        >>> RecognitionKind.INCENTIVE.label.en
        'Incentive'
    """

    COUNCIL = "council", "Признание на педсовете", "Recognition at the teachers' council"
    STAFF_MEETING = (
        "staff_meeting",
        "Признание на коллективном собрании",
        "Recognition at the staff meeting",
    )
    AWARD = "award", "Награждение", "Award"
    INCENTIVE = "incentive", "Стимулирование", "Incentive"


def _some_teachers(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one teacher recognised")


@attrs.frozen
class PlcRecognition:
    """Members recognised on a day: at the council or the staff meeting, an award, an incentive.

    Examples:
        >>> from datetime import date
        >>> r = PlcRecognition(kind=RecognitionKind.COUNCIL, teacher_ids=("t01", "t03"),
        ...                 on=date(2026, 5, 28), reason="Провели открытые уроки")
        >>> r.teacher_ids, r.kind.label.ru
        (('t01', 't03'), 'Признание на педсовете')
    """

    kind: RecognitionKind = attrs.field(validator=attrs.validators.instance_of(RecognitionKind))
    # _some_teachers first, for its message; min_len tells the JSON Schema the same rule.
    teacher_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple,
        validator=attrs.validators.and_(_some_teachers, check_ids, attrs.validators.min_len(1)),
    )
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)
    title: str | None = attrs.field(default=None, validator=check_optional_text)
    given_by: str | None = attrs.field(default=None, validator=check_optional_text)


class TeamBuildingTool(LabelledEnum):
    """The team-building exercises, trainings and tools seed 002 names for its meetings.

    Examples:
        >>> [t.value for t in TeamBuildingTool][:3]
        ['mood_square', 'mood_pyramid', 'emotion_wheel']
    """

    MOOD_SQUARE = "mood_square", "Квадрат настроения", "Mood square"
    MOOD_PYRAMID = "mood_pyramid", "Пирамида настроения", "Mood pyramid"
    EMOTION_WHEEL = "emotion_wheel", "Колесо эмоций", "Emotion wheel"
    EXERCISE = "exercise", "Упражнение на командообразование", "Team-building exercise"
    TRAINING = "training", "Тренинг на командообразование", "Team-building training"
    OTHER = "other", "Другой инструмент", "Other tool"


@attrs.frozen
class MeetingActivity:
    """A team-building activity of a meeting: the tool, and who led it.

    An activity with the tool ``other`` says what it was in ``name``.

    Examples:
        >>> MeetingActivity(tool=TeamBuildingTool.OTHER, name="Мировое кафе").name
        'Мировое кафе'
        >>> MeetingActivity(tool=TeamBuildingTool.OTHER)
        Traceback (most recent call last):
        ...
        ValueError: an activity with tool 'other' needs its name
    """

    tool: TeamBuildingTool = attrs.field(validator=attrs.validators.instance_of(TeamBuildingTool))
    name: str | None = attrs.field(default=None, validator=check_optional_text)
    led_by: str | None = attrs.field(default=None, validator=_optional_id)
    notes: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.tool is TeamBuildingTool.OTHER and self.name is None:
            raise ValueError("an activity with tool 'other' needs its name")

    @property
    def title(self) -> str:
        """What the activity was: its name, else its tool's Russian label.

        Examples:
            >>> MeetingActivity(tool=TeamBuildingTool.EMOTION_WHEEL).title
            'Колесо эмоций'
        """
        return self.name or self.tool.label.ru
