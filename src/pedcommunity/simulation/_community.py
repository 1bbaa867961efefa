"""A district's teachers' network community for one school year, run on the real workflow.

:meth:`CommunityYear.start` starts one :data:`~pedcommunity.workflows.COMMUNITY_LIFE`
workflow (through ``Services.start``) run by the district's administrator, and its founding
members join. :meth:`CommunityYear.week` then, at the clock's time:

1. members who left the district (not in ``present``) ``leave``;
2. the teachers ``joining`` this week ``join`` (one who is a member already, or not in the
   district, is skipped);
3. in the first week of a month, ``events_per_month`` events are scheduled for this week and
   the weeks after it (a week apart, or spread over four weeks), each organised by a member
   drawn from ``rng``;
4. every scheduled event whose day has come is held today: each current member comes with
   probability their engagement (0 for a member missing from ``engagement``). An event
   nobody came to is cancelled: the workflow refuses to hold it, rightly.

Only these triggers (``join``, ``leave``, ``schedule_event``, ``hold_event``,
``cancel_event``) are fired: the real path of a community's events and membership, a trigger
per change.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set
from datetime import date, timedelta
from typing import TYPE_CHECKING

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model import CommunityKind, MeetingFormat, MemberKind
from pedcommunity.model.community_events import CommunityEvent, EventKind
from pedcommunity.workflows.community import (
    COMMUNITY_LIFE,
    CancelEvent,
    CommunityData,
    HoldEvent,
    JoinCommunity,
    LeaveCommunity,
    ScheduleEvent,
)

if TYPE_CHECKING:
    import numpy as np

    from pedcommunity.services import Services

__all__ = ["CommunityYear"]

#: The events of a month, in turn: the monthly meeting first (seed 001: at least one a month).
_KINDS = (EventKind.MONTHLY_MEETING, EventKind.WORKSHOP, EventKind.SEMINAR, EventKind.MEETUP)

_TEXTS = {
    "name": Label(
        ru="Сетевое сообщество педагогов (с {year}/{next} уч. г.)",
        en="Teachers' network (since {year}/{next})",
    ),
    "left": Label(ru="Выбыл(а) из района", en="Left the district"),
    "nobody": Label(ru="Никто не пришёл", en="Nobody came"),
    EventKind.MONTHLY_MEETING: Label(ru="Встреча сообщества", en="Community meeting"),
    EventKind.WORKSHOP: Label(ru="Мастер-класс коллег", en="Colleagues' master class"),
    EventKind.SEMINAR: Label(ru="Семинар с экспертом", en="Seminar with an expert"),
    EventKind.MEETUP: Label(ru="Митап молодых педагогов", en="Early-career meetup"),
}


@attrs.define
class CommunityYear:
    """A district's network community from the school year it is founded in.

    :meth:`week` goes by the clock's date, so the same community carries on into the next
    school years: call it every week for as long as the community lives.

    Attributes:
        workflow_id: the community's workflow, ``"<community_id>-<founding year>"``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> import numpy as np
        >>> from pedcommunity import ManualClock
        >>> from pedcommunity.services import InMemoryStore, bootstrap
        >>> app = bootstrap(InMemoryStore(), plugins=False,
        ...                 clock=ManualClock(datetime(2025, 9, 1, 9, tzinfo=timezone.utc)))
        >>> club = CommunityYear.start(app, tenant="d1", year=2025, community_id="club",
        ...                            members=["t1", "t2"], rng=np.random.default_rng(1))
        >>> sorted(club.week(app, 0, present={"t1", "t2"}, engagement={"t1": 1.0, "t2": 0.0},
        ...                  joining=[], rng=np.random.default_rng(2)))
        ['t1']
        >>> app.get(club.workflow_id, tenant="d1").data.member_ids()
        ('t1', 't2')
    """

    workflow_id: str
    _tenant: str = attrs.field(repr=False)
    _admin: str = attrs.field(repr=False)
    _events_per_month: int = attrs.field(repr=False)
    _lang: str = attrs.field(repr=False)
    _format: MeetingFormat = attrs.field(repr=False)
    _members: set[str] = attrs.field(factory=set, repr=False)  # current members
    _early: set[str] = attrs.field(factory=set, repr=False)  # early-career teachers known
    _pending: list[tuple[str, date]] = attrs.field(factory=list, repr=False)  # (event, day)
    _month: tuple[int, int] | None = attrs.field(default=None, repr=False)  # last scheduled
    _events: int = attrs.field(default=0, repr=False)  # events scheduled so far

    @property
    def members(self) -> frozenset[str]:
        """The current members, as of the last week run."""
        return frozenset(self._members)

    @classmethod
    def start(
        cls,
        services: Services,
        *,
        tenant: str,
        year: int,
        community_id: str,
        members: Sequence[str],
        rng: np.random.Generator,
        events_per_month: int = 1,
        early_career: Collection[str] = (),
        administrator_id: str = "administrator",
        kind: CommunityKind = CommunityKind.NETWORK,
        lang: str = "ru",
    ) -> CommunityYear:
        """Start the community now, and let the founding ``members`` join it.

        ``early_career`` names the early-career teachers (they join as such, here or in
        :meth:`week`); a network community meets online, any other kind in person. ``rng``
        is not drawn from here; it is taken for the drivers' common signature.

        Raises:
            InvalidData: ``events_per_month`` is not a whole number from 0, or a bad ``lang``.
            DuplicateId: the tenant has this community's workflow already.
        """
        lang = check_lang(lang)
        if (
            isinstance(events_per_month, bool)
            or not isinstance(events_per_month, int)
            or events_per_month < 0
        ):
            raise InvalidData(
                f"events_per_month is a whole number from 0, got {shown(events_per_month)}",
                path="$.events_per_month",
            )
        made = cls(
            workflow_id=f"{community_id}-{year}",
            tenant=tenant,
            admin=administrator_id,
            events_per_month=events_per_month,
            lang=lang,
            format=MeetingFormat.ONLINE
            if kind is CommunityKind.NETWORK
            else MeetingFormat.IN_PERSON,
            early=set(early_career),
        )
        name = _TEXTS["name"].get(lang).format(year=year, next=year + 1)
        data = CommunityData(name=name, kind=kind, administrator_ids=(administrator_id,))
        services.start(
            COMMUNITY_LIFE, data, id=made.workflow_id, actor=administrator_id, tenant=tenant
        )
        today = services.clock.now().date()
        for teacher_id in sorted(set(members)):
            made._join(services, teacher_id, today)
        return made

    def week(
        self,
        services: Services,
        week: int,
        *,
        present: Set[str],
        engagement: Mapping[str, float],
        joining: Sequence[str],
        rng: np.random.Generator,
        early_career: Collection[str] = (),
    ) -> frozenset[str]:
        """Run one week at the clock's time; return who attended an event this week.

        ``early_career`` adds to the early-career teachers known (see :meth:`start`).
        """
        today = services.clock.now().date()
        self._early.update(early_career)
        for teacher_id in sorted(self._members - present):
            said = LeaveCommunity(
                teacher_id=teacher_id, on=today, reason=_TEXTS["left"].get(self._lang)
            )
            self._fire(services, "leave", said, actor=teacher_id)
            self._members.discard(teacher_id)
        for teacher_id in sorted(set(joining)):
            # Deliberately skipped: a member already, or a teacher not in the district.
            if teacher_id not in self._members and teacher_id in present:
                self._join(services, teacher_id, today)
        if self._month != (today.year, today.month):
            self._month = (today.year, today.month)
            self._schedule(services, today, rng)
        came: set[str] = set()
        while self._pending and self._pending[0][1] <= today:
            event_id, _ = self._pending.pop(0)
            came |= self._hold(services, event_id, today, engagement, rng)
        return frozenset(came)

    # -- the triggers -----------------------------------------------------------------------

    def _fire(self, services: Services, trigger: str, payload: object, *, actor: str) -> None:
        services.fire(self.workflow_id, trigger, payload, actor=actor, tenant=self._tenant)

    def _join(self, services: Services, teacher_id: str, today: date) -> None:
        kind = (
            MemberKind.EARLY_CAREER_TEACHER
            if teacher_id in self._early
            else MemberKind.EXPERIENCED_TEACHER
        )
        said = JoinCommunity(teacher_id=teacher_id, kind=kind, on=today)
        self._fire(services, "join", said, actor=teacher_id)  # in their own name
        self._members.add(teacher_id)

    def _schedule(self, services: Services, today: date, rng: np.random.Generator) -> None:
        n = self._events_per_month
        members = sorted(self._members)
        # One draw per event whoever the members are, so the draws stay aligned.
        picks = rng.integers(0, max(len(members), 1), size=n)
        for i in range(n):
            self._events += 1
            kind = _KINDS[i % len(_KINDS)]
            event_id = f"{self.workflow_id}-e{self._events:03d}"
            day = today + timedelta(weeks=i if n <= 4 else i * 4 // n)
            event = CommunityEvent(
                id=event_id,
                kind=kind,
                planned_on=day,
                topic=_TEXTS[kind].get(self._lang),
                organiser_ids=(members[int(picks[i])],) if members else (),
                format=self._format,
            )
            self._fire(services, "schedule_event", ScheduleEvent(event=event), actor=self._admin)
            self._pending.append((event_id, day))
        self._pending.sort(key=lambda item: (item[1], item[0]))

    def _hold(
        self,
        services: Services,
        event_id: str,
        today: date,
        engagement: Mapping[str, float],
        rng: np.random.Generator,
    ) -> set[str]:
        members = sorted(self._members)
        draws = rng.random(len(members))
        came = tuple(m for m, d in zip(members, draws, strict=True) if d < engagement.get(m, 0.0))
        if not came:
            # has_participants refuses an event nobody came to: it is called off instead.
            said = CancelEvent(event_id=event_id, on=today, reason=_TEXTS["nobody"].get(self._lang))
            self._fire(services, "cancel_event", said, actor=self._admin)
            return set()
        held = HoldEvent(event_id=event_id, on=today, attendee_ids=came)
        self._fire(services, "hold_event", held, actor=self._admin)
        return set(came)
