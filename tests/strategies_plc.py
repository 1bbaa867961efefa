"""Hypothesis strategies for the PLC's organisation: chat, announcements, orders, recognition.

:data:`PLC_ORGANISATION_STRATEGIES` maps each public attrs class of
``model/plc_organisation.py``, ``workflows/plc/organisation.py`` and
``workflows/plc/activity.py`` to a strategy of valid values (:mod:`tests.strategies_all`
merges it); :func:`plc_organisation_examples` gives one hand-built value of each.
:func:`meeting_activities`, :func:`group_chats`, :func:`announcements`,
:func:`directors_orders` and :func:`recognitions` also serve ``meetings()`` and
``plc_data()`` of :mod:`tests.strategies`.
"""

from __future__ import annotations

import string
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import aware_datetimes, cyrillic_texts, ids, texts, unique_ids

from pedcommunity.model import (
    Announcement,
    ChatPlatform,
    DirectorsOrder,
    GroupChat,
    MeetingActivity,
    PlcRecognition,
    RecognitionKind,
    TeamBuildingTool,
)
from pedcommunity.workflows import (
    Announce,
    FacilitatorChange,
    MemberActivity,
    OpenChat,
    Recognise,
    RecordOrder,
)

__all__ = [
    "PLC_ORGANISATION_STRATEGIES",
    "announcements",
    "directors_orders",
    "group_chats",
    "links",
    "meeting_activities",
    "plc_organisation_examples",
    "recognitions",
]

T = TypeVar("T")

_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
_HOST = string.ascii_lowercase + string.digits + "-"
_PATH = string.ascii_letters + string.digits + "/?=&_.-%"


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def links() -> SearchStrategy[str]:
    """http(s) links: a host and an optional path or query."""
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}.ru{path}",
        st.sampled_from(("http", "https", "HTTPS")),
        st.text(string.ascii_lowercase, min_size=1, max_size=1).flatmap(
            lambda first: st.text(_HOST, max_size=10).map(lambda rest: first + rest)
        ),
        st.just("") | st.text(_PATH, max_size=20).map(lambda p: "/" + p),
    )


def group_chats() -> SearchStrategy[GroupChat]:
    """Group chats on every platform, with or without a link."""
    return st.builds(
        GroupChat,
        platform=st.sampled_from(ChatPlatform),
        name=cyrillic_texts(),
        opened_at=aware_datetimes(),
        link=_optional(links()),
    )


def announcements() -> SearchStrategy[Announcement]:
    """Announcements in some channel, with or without the chat's link."""
    return st.builds(
        Announcement,
        channel=texts(),
        description=cyrillic_texts(),
        at=aware_datetimes(),
        link=_optional(links()),
    )


def directors_orders() -> SearchStrategy[DirectorsOrder]:
    """Orders, some with the default title, some naming a leader or facilitators."""
    return st.builds(
        DirectorsOrder,
        number=texts(max_size=10),
        signed_on=_DAYS,
        title=st.just("О создании профессионального обучающегося сообщества") | cyrillic_texts(),
        signed_by=_optional(cyrillic_texts()),
        leader_id=_optional(ids()),
        facilitator_ids=unique_ids(max_size=2),
    )


def recognitions() -> SearchStrategy[PlcRecognition]:
    """Recognitions of every kind, of one to four teachers."""
    return st.builds(
        PlcRecognition,
        kind=st.sampled_from(RecognitionKind),
        teacher_ids=unique_ids(min_size=1),
        on=_DAYS,
        reason=cyrillic_texts(),
        title=_optional(texts()),
        given_by=_optional(texts()),
    )


def meeting_activities() -> SearchStrategy[MeetingActivity]:
    """Activities with every tool; a tool 'other' always has its name."""
    return st.sampled_from(TeamBuildingTool).flatmap(
        lambda tool: st.builds(
            MeetingActivity,
            tool=st.just(tool),
            name=texts() if tool is TeamBuildingTool.OTHER else _optional(texts()),
            led_by=_optional(ids()),
            notes=_optional(texts()),
        )
    )


def member_activities() -> SearchStrategy[MemberActivity]:
    """Counts of what a member did, zeros included."""
    count = st.integers(0, 1000)
    return st.builds(
        MemberActivity,
        meetings_attended=count,
        sessions_taught=count,
        sessions_attended=count,
        gaps_learnt=count,
        topics_proposed=count,
    )


#: A strategy for each public type of the PLC's organisation.
PLC_ORGANISATION_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    GroupChat: group_chats(),
    Announcement: announcements(),
    DirectorsOrder: directors_orders(),
    PlcRecognition: recognitions(),
    MeetingActivity: meeting_activities(),
    MemberActivity: member_activities(),
    OpenChat: st.builds(
        OpenChat,
        platform=st.sampled_from(ChatPlatform),
        name=cyrillic_texts(),
        link=_optional(links()),
    ),
    Announce: st.builds(Announce, channel=texts(), description=cyrillic_texts()),
    RecordOrder: st.builds(RecordOrder, order=directors_orders()),
    FacilitatorChange: st.builds(FacilitatorChange, teacher_id=ids()),
    Recognise: st.builds(Recognise, recognition=recognitions()),
}


def plc_organisation_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public type, by its name in the contract."""
    at = datetime(2025, 8, 20, 9, tzinfo=UTC)
    link = "https://sferum.ru/?p=messages&join=Mr95"
    order = DirectorsOrder(
        number="123-о",
        signed_on=date(2025, 8, 25),
        signed_by="Директор МБОУ СШ № 95",
        leader_id="head",
        facilitator_ids=("t01",),
    )
    recognition = PlcRecognition(
        kind=RecognitionKind.COUNCIL,
        teacher_ids=("t01", "t03"),
        on=date(2026, 5, 28),
        reason="Провели открытые уроки с приёмами ННО",
        title="Благодарность",
        given_by="Педагогический совет",
    )
    return {
        "GroupChat": GroupChat(
            platform=ChatPlatform.SFERUM, name="ПОС: Мастерские роста", opened_at=at, link=link
        ),
        "Announcement": Announcement(
            channel="Общий чат школы",
            description="Приглашаем в ПОС «Мастерские роста»: вступление по желанию",
            at=at,
            link=link,
        ),
        "DirectorsOrder": order,
        "PlcRecognition": recognition,
        "MeetingActivity": MeetingActivity(
            tool=TeamBuildingTool.OTHER, name="Мировое кафе", led_by="t01", notes="20 минут"
        ),
        "MemberActivity": MemberActivity(
            meetings_attended=3,
            sessions_taught=1,
            sessions_attended=2,
            gaps_learnt=1,
            topics_proposed=1,
        ),
        "OpenChat": OpenChat(platform=ChatPlatform.SFERUM, name="ПОС: Мастерские роста", link=link),
        "Announce": Announce(channel="Общий чат школы", description="Вступайте в ПОС"),
        "RecordOrder": RecordOrder(order=order),
        "FacilitatorChange": FacilitatorChange(teacher_id="t01"),
        "Recognise": Recognise(recognition=recognition),
    }
