"""The PLC's organisation (seed 002): preparation, the director's order, facilitators, recognition.

Everything here joins ``plc_cycle@2``: :mod:`pedcommunity.workflows.plc.definition` adds
these triggers, transitions, guards, effects and permissions to the learning rules of version 2.

- **The preparatory stage** («Подготовительный этап»): ``open_chat`` records the PLC's group
  chat, ``announce`` posts its link and a short description in another channel (the school's
  chat), so teachers join by their own wish. With ``PlcRules.require_preparation`` the
  organisational meeting waits for both (guard ``prepared_first``).
- **The director's order** (``record_order``): an optional record; a leader or facilitators it
  names become the PLC's, so the leader changes only by an order.
- **Facilitators**: the leader appoints and relieves them (``appoint_facilitator``,
  ``relieve_facilitator``); a facilitator need not be a member.
- **PlcRecognition** (``recognise``): at the teachers' council, at the staff meeting, an award, or
  an incentive, which goes to active members only (see
  :func:`~pedcommunity.workflows.plc.activity.member_activity`).
- **Team-building activities** of a meeting (``hold_meeting(activities=...)``) are led by a
  member, the leader or a facilitator (guard ``activity_leaders_known``).

Examples:
    >>> from datetime import date, datetime, timezone
    >>> from pedcommunity.workflows import PlcData, fire, start
    >>> from pedcommunity.workflows.plc.definition import PLC_CYCLE
    >>> at = datetime(2025, 8, 20, 9, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> _ = fire(plc, "open_chat", actor="head", at=at, platform=ChatPlatform.SFERUM,
    ...          name="ПОС: Мастерские роста", link="https://sferum.ru/?p=messages&join=abc")
    >>> _ = fire(plc, "announce", actor="head", at=at, channel="Общий чат школы",
    ...          description="Приглашаем в ПОС «Мастерские роста»")
    >>> plc.data.prepared, plc.data.announcements[0].link
    (True, 'https://sferum.ru/?p=messages&join=abc')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap, check_id, check_text, evolve_trusted
from pedcommunity.model.plc_organisation import (
    Announcement,
    ChatPlatform,
    DirectorsOrder,
    GroupChat,
    MeetingActivity,
    PlcRecognition,
    RecognitionKind,
    optional_link,
)
from pedcommunity.workflows.definition import (
    ANY_STATE,
    Effect,
    Guard,
    Transition,
    TriggerSpec,
)
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission
from pedcommunity.workflows.plc.activity import member_activity
from pedcommunity.workflows.plc.data import C, MeetingKind, PlcData

__all__ = [
    "ORGANISATION_ADD_GUARDS",
    "ORGANISATION_EFFECTS",
    "ORGANISATION_GUARDS",
    "ORGANISATION_PERMISSIONS",
    "ORGANISATION_ROLES",
    "ORGANISATION_TRANSITIONS",
    "ORGANISATION_TRIGGERS",
    "Announce",
    "FacilitatorChange",
    "OpenChat",
    "Recognise",
    "RecordOrder",
]

# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class OpenChat:
    """Payload of ``open_chat``: the PLC's group chat, on which platform, and its link.

    Examples:
        >>> OpenChat(platform=ChatPlatform.TELEGRAM, name="ПОС 95").link is None
        True
    """

    platform: ChatPlatform = attrs.field(validator=attrs.validators.instance_of(ChatPlatform))
    name: str = attrs.field(validator=check_text)
    link: str | None = attrs.field(default=None, validator=optional_link)


@attrs.frozen
class Announce:
    """Payload of ``announce``: where the PLC is announced, and the short description posted.

    Examples:
        >>> Announce(channel="Общий чат школы", description="Вступайте в ПОС").channel
        'Общий чат школы'
    """

    channel: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)


@attrs.frozen
class RecordOrder:
    """Payload of ``record_order``: the director's order to record.

    Examples:
        >>> RecordOrder(order=DirectorsOrder(number="123-о", signed_on=date(2025, 8, 25))
        ...             ).order.number
        '123-о'
    """

    order: DirectorsOrder = attrs.field(validator=attrs.validators.instance_of(DirectorsOrder))


@attrs.frozen
class FacilitatorChange:
    """Payload of ``appoint_facilitator`` and ``relieve_facilitator``: the teacher concerned.

    Examples:
        >>> FacilitatorChange(teacher_id="t01").teacher_id
        't01'
    """

    teacher_id: str = attrs.field(validator=check_id)


@attrs.frozen
class Recognise:
    """Payload of ``recognise``: the recognition given to members.

    Examples:
        >>> Recognise(recognition=PlcRecognition(kind=RecognitionKind.AWARD, teacher_ids=("t1",),
        ...           on=date(2026, 5, 28), reason="Лучшая практика")).recognition.kind.value
        'award'
    """

    recognition: PlcRecognition = attrs.field(
        validator=attrs.validators.instance_of(PlcRecognition)
    )


# -- guards -----------------------------------------------------------------------------------


def _not_after_today(day_of: Callable[[C], date], what: str) -> Guard:
    """A guard refusing a record whose day (``day_of(ctx)``) is after the day it is made."""

    def guard(ctx: C) -> str | None:
        day, today = day_of(ctx), ctx.at.date()
        if day > today:
            return f"{what} {day.isoformat()}, after today ({today.isoformat()})"
        return None

    return guard


def _g_no_chat_yet(ctx: C) -> str | None:
    chat = ctx.data.chat
    if chat is not None:
        return f"the PLC's chat is open already: «{chat.name}» ({chat.platform.value})"
    return None


def _g_chat_open(ctx: C) -> str | None:
    if ctx.data.chat is None:
        return (
            "open the PLC's chat first: the announcement posts its link "
            "(seed 002, preparatory stage)"
        )
    return None


def _g_prepared_first(ctx: C) -> str | None:
    d = ctx.data
    if (
        d.rules.require_preparation
        and ctx.payload.kind is MeetingKind.ORGANISATIONAL
        and not d.prepared
    ):
        return (
            "the preparatory stage comes first (seed 002): open the PLC's chat and announce it "
            "in the school's chat"
        )
    return None


def _known(d: PlcData) -> set[str]:
    """Who may lead an activity: members, the leader and facilitators."""
    known = {*d.members, *d.facilitator_ids}
    if d.leader_id is not None:
        known.add(d.leader_id)
    return known


def _g_activity_leaders_known(ctx: C) -> str | None:
    activities: tuple[MeetingActivity, ...] = ctx.payload.activities
    known = _known(ctx.data)
    stranger = next((a.led_by for a in activities if a.led_by and a.led_by not in known), None)
    if stranger is not None:
        return (
            "an activity is led by a member, the leader or a facilitator; "
            f"{shown(stranger)} is none of them"
        )
    return None


def _g_order_new(ctx: C) -> str | None:
    number = ctx.payload.order.number
    if any(o.number == number for o in ctx.data.orders):
        return f"order № {number} is recorded already"
    return None


def _g_order_in_date_order(ctx: C) -> str | None:
    orders = ctx.data.orders
    if orders and ctx.payload.order.signed_on < orders[-1].signed_on:
        last = orders[-1]
        return (
            "orders are recorded in date order; "
            f"the last is № {last.number} of {last.signed_on.isoformat()}"
        )
    return None


def _g_not_facilitator_yet(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid in ctx.data.facilitator_ids:
        return f"{shown(tid)} is a facilitator already"
    return None


def _g_is_facilitator(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    fids = ctx.data.facilitator_ids
    if tid not in fids:
        return f"{shown(tid)} is not a facilitator; facilitators: {', '.join(fids) or 'none'}"
    return None


def _g_recognised_are_members(ctx: C) -> str | None:
    r: PlcRecognition = ctx.payload.recognition
    strangers = [t for t in r.teacher_ids if t not in ctx.data.members]
    if strangers:
        return f"recognition goes to members of the PLC; not members: {', '.join(strangers)}"
    return None


def _g_recognition_new(ctx: C) -> str | None:
    r: PlcRecognition = ctx.payload.recognition
    for old in ctx.data.recognitions:
        if old.kind is r.kind and old.on == r.on:
            again = next((t for t in r.teacher_ids if t in old.teacher_ids), None)
            if again is not None:
                return (
                    f"{shown(again)} was recognised ({r.kind.value}) on {r.on.isoformat()} already"
                )
    return None


def _g_incentive_to_active(ctx: C) -> str | None:
    r: PlcRecognition = ctx.payload.recognition
    if r.kind is not RecognitionKind.INCENTIVE:
        return None
    activity = member_activity(ctx.data)
    idle = next((t for t in r.teacher_ids if t not in activity or not activity[t].total), None)
    if idle is not None:
        return (
            f"incentives go to active members (seed 002); {shown(idle)} attended no meeting, "
            "took part in no session and has no gap learnt"
        )
    return None


# -- effects ----------------------------------------------------------------------------------


def _e_open_chat(ctx: C) -> PlcData:
    p: OpenChat = ctx.payload
    chat = GroupChat(platform=p.platform, name=p.name, opened_at=ctx.at, link=p.link)
    return evolve_trusted(ctx.data, chat=chat)


def _e_announce(ctx: C) -> PlcData:
    p: Announce = ctx.payload
    d = ctx.data
    link = None if d.chat is None else d.chat.link
    post = Announcement(channel=p.channel, description=p.description, at=ctx.at, link=link)
    return evolve_trusted(d, announcements=(*d.announcements, post))


def _e_record_order(ctx: C) -> PlcData:
    order: DirectorsOrder = ctx.payload.order
    d = ctx.data
    return evolve_trusted(
        d,
        orders=(*d.orders, order),
        leader_id=order.leader_id or d.leader_id,
        facilitator_ids=order.facilitator_ids or d.facilitator_ids,
    )


def _e_appoint_facilitator(ctx: C) -> PlcData:
    d = ctx.data
    return evolve_trusted(d, facilitator_ids=(*d.facilitator_ids, ctx.payload.teacher_id))


def _e_relieve_facilitator(ctx: C) -> PlcData:
    d = ctx.data
    tid = ctx.payload.teacher_id
    return evolve_trusted(d, facilitator_ids=tuple(f for f in d.facilitator_ids if f != tid))


def _e_recognise(ctx: C) -> PlcData:
    d = ctx.data
    return evolve_trusted(d, recognitions=(*d.recognitions, ctx.payload.recognition))


# -- the hooks plc_cycle@2 merges -------------------------------------------------------------

_t = TriggerSpec.labelled

#: The triggers of the organisation (all stages).
ORGANISATION_TRIGGERS: tuple[TriggerSpec, ...] = (
    _t("open_chat", "Создать чат ПОС", "Open the PLC's chat", OpenChat),
    _t("announce", "Разместить объявление", "Announce the PLC", Announce),
    _t(
        "record_order",
        "Зарегистрировать приказ директора",
        "Record the director's order",
        RecordOrder,
    ),
    _t("appoint_facilitator", "Назначить модератора", "Appoint a facilitator", FacilitatorChange),
    _t("relieve_facilitator", "Снять модератора", "Relieve a facilitator", FacilitatorChange),
    _t("recognise", "Отметить участников ПОС", "Recognise members", Recognise),
)

#: Their transitions: every stage but ``closed``, none moves the PLC to another stage.
ORGANISATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition("open_chat", ANY_STATE, None, ("no_chat_yet",), "open_chat"),
    Transition("announce", ANY_STATE, None, ("chat_open",), "announce"),
    Transition(
        "record_order",
        ANY_STATE,
        None,
        ("order_new", "order_not_future", "order_in_date_order"),
        "record_order",
    ),
    Transition(
        "appoint_facilitator", ANY_STATE, None, ("not_facilitator_yet",), "appoint_facilitator"
    ),
    Transition("relieve_facilitator", ANY_STATE, None, ("is_facilitator",), "relieve_facilitator"),
    Transition(
        "recognise",
        ANY_STATE,
        None,
        (
            "recognised_are_members",
            "recognition_not_future",
            "recognition_new",
            "incentive_to_active",
        ),
        "recognise",
    ),
)

#: The guards they name, and those added to existing triggers.
ORGANISATION_GUARDS: Mapping[str, Guard] = FrozenMap(
    {
        "no_chat_yet": _g_no_chat_yet,
        "chat_open": _g_chat_open,
        "prepared_first": _g_prepared_first,
        "activity_leaders_known": _g_activity_leaders_known,
        "order_new": _g_order_new,
        "order_not_future": _not_after_today(
            lambda ctx: ctx.payload.order.signed_on, "the order is signed on"
        ),
        "order_in_date_order": _g_order_in_date_order,
        "not_facilitator_yet": _g_not_facilitator_yet,
        "is_facilitator": _g_is_facilitator,
        "recognised_are_members": _g_recognised_are_members,
        "recognition_not_future": _not_after_today(
            lambda ctx: ctx.payload.recognition.on, "the recognition is dated"
        ),
        "recognition_new": _g_recognition_new,
        "incentive_to_active": _g_incentive_to_active,
    }
)

#: The effects they name.
ORGANISATION_EFFECTS: Mapping[str, Effect] = FrozenMap(
    {
        "open_chat": _e_open_chat,
        "announce": _e_announce,
        "record_order": _e_record_order,
        "appoint_facilitator": _e_appoint_facilitator,
        "relieve_facilitator": _e_relieve_facilitator,
        "recognise": _e_recognise,
    }
)

#: Guard names appended to existing triggers (``hold_meeting``).
ORGANISATION_ADD_GUARDS: Mapping[str, tuple[str, ...]] = FrozenMap(
    {"hold_meeting": ("activity_leaders_known", "prepared_first")}
)

#: The role the organisation adds: the school's administration, which ``plc_roles`` never
#: grants; a host maps its own users onto it (``HostRoles``), so a PLC without a leader can
#: still get its creating order recorded.
ORGANISATION_ROLES: Mapping[str, Label] = FrozenMap({"administrator": ROLE_LABELS["administrator"]})

_RUN = Permission.of("leader", "facilitator")
_LEAD = Permission.of("leader")
_SCHOOL = Permission.of("leader", "administrator")

#: Who may fire each of them: the leader and facilitators prepare; the leader and the
#: school's administration record orders and recognition; the leader alone changes
#: facilitators.
ORGANISATION_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "open_chat": _RUN,
        "announce": _RUN,
        "record_order": _SCHOOL,
        "appoint_facilitator": _LEAD,
        "relieve_facilitator": _LEAD,
        "recognise": _SCHOOL,
    }
)
