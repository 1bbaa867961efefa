"""The four domain facts a badge is given for, each read from its workflow.

- :func:`festival_award_badges`: an award of the mentoring festival (seed 003), one badge to
  each participant of the awarded entry (the mentor and the mentees);
- :func:`mentoring_track_badges`: a completed mentoring track, one badge to each mentee and
  one to the mentor;
- :func:`plc_cycle_badges`: a completed PLC cycle (ended by its reflection, then a next cycle
  or closing), one badge to each member of the PLC when the cycle ended;
- :func:`membership_badge`: a teacher's current membership of a community.

Each returns :class:`~pedcommunity.adapters.badges.BadgeFact` s dated by the domain event
(the ``give_award``, ``complete``, ``next_cycle``/``close`` or ``join`` event), never by a
clock. A fact the workflow does not hold (a track not completed, a membership that ended, an
award not given) is refused with :class:`~pedcommunity.errors.InvalidData` naming the field.

Examples:
    >>> from pedcommunity.adapters.badges import MEMBERSHIP
    >>> _specialised(MEMBERSHIP, "club-1", Label(ru="Клуб", en="Club")).key
    'community-membership-...'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.adapters.badges._achievements import (
    FESTIVAL_AWARD,
    MEMBERSHIP,
    MENTORING_TRACK_MENTEE,
    MENTORING_TRACK_MENTOR,
    PLC_CYCLE_COMPLETED,
    Achievement,
    BadgeEvidence,
    BadgeFact,
)
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.festival import Award, FestivalEntry
from pedcommunity.workflows.engine import Workflow

__all__ = [
    "festival_award_badges",
    "membership_badge",
    "mentoring_track_badges",
    "plc_cycle_badges",
]


def _of_kind(workflow: object, name: str) -> Workflow:
    if not isinstance(workflow, Workflow):
        raise InvalidData(f"must be a workflow, got {shown(workflow)}", path="$")
    if workflow.definition.name != name:
        raise InvalidData(
            f"must be a '{name}' workflow, got '{workflow.definition.key}'", path="$.definition"
        )
    return workflow


def _specialised(base: Achievement, *parts: object) -> Achievement:
    """``base`` with a key of its own for these parts (a festival and title, a community)."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:12]
    return attrs.evolve(base, key=f"{base.key}-{digest}")


def _event_id(workflow: Workflow, event: DomainEvent, teacher_id: str) -> str:
    return f"{workflow.id}#{event.sequence}:{teacher_id}"


def _last(events: Iterable[DomainEvent], *triggers: str) -> DomainEvent | None:
    found = None
    for e in events:
        if e.trigger in triggers:
            found = e
    return found


# -- the festival -----------------------------------------------------------------------------


def festival_award_badges(festival: Workflow, award: Award) -> tuple[BadgeFact, ...]:
    """The badges of one festival award: one per participant of the awarded entry.

    The achievement is the award's title (by default «Наставники Югры»), with the place when
    the award has one; the evidence is the entry's product; the badge is dated by the
    ``give_award`` event.

    Raises:
        InvalidData: not a festival workflow (``$.definition``), a cancelled festival
            (``$.state``), an award this festival did not give (``$.awards``), or a festival
            whose ``give_award`` event is not among the events held (``$.events``).

    Examples:
        >>> festival_award_badges("fest", Award(entry_id="e1"))
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $: must be a workflow, got 'fest'
    """
    wf = _of_kind(festival, "festival")
    if wf.state == "cancelled":
        raise InvalidData("the festival was cancelled: it gives no awards", path="$.state")
    if not isinstance(award, Award) or award not in wf.data.awards:
        given = ", ".join(f"{a.title.ru} -> {a.entry_id}" for a in wf.data.awards) or "none"
        raise InvalidData(
            f"{shown(award)} is not an award of festival '{wf.id}'; given: {given}",
            path="$.awards",
        )
    event = next(
        (e for e in reversed(wf.events) if e.trigger == "give_award" and e.payload.award == award),
        None,
    )
    if event is None:
        raise InvalidData(
            f"the 'give_award' event of the award to '{award.entry_id}' is not among the "
            "events held (a workflow resumed from a later snapshot); load its whole history",
            path="$.events",
        )
    entry: FestivalEntry = wf.data.entry(award.entry_id)
    place = (
        Label(
            ru=f"{award.title.ru}, {award.place} место", en=f"{award.title.en}, place {award.place}"
        )
        if award.place is not None
        else award.title
    )
    achievement = attrs.evolve(
        _specialised(FESTIVAL_AWARD, wf.id, award.title.ru, award.place), name=place
    )
    product = BadgeEvidence(
        name=Label(ru=entry.product.title, en=entry.product.title),
        url=entry.product.link,
        narrative=Label(
            ru=f"{entry.direction.label.ru}; {entry.showcase.label.ru}; {entry.product.kind}",
            en=f"{entry.direction.label.en}; {entry.showcase.label.en}; {entry.product.kind}",
        ),
        genre=entry.product.kind,
    )
    narrative = Label(
        ru=f"Фестиваль «{wf.data.name}»: {place.ru}.",
        en=f"Festival «{wf.data.name}»: {place.en}.",
    )
    return tuple(
        BadgeFact(
            id=_event_id(wf, event, teacher),
            achievement=achievement,
            recipient_id=teacher,
            issued_on=event.at,
            narrative=narrative,
            evidence=(product,),
        )
        for teacher in entry.participants
    )


# -- the mentoring track ----------------------------------------------------------------------


def mentoring_track_badges(track: Workflow) -> tuple[BadgeFact, ...]:
    """The badges of a completed mentoring track: each mentee's, then the mentor's.

    Dated by the ``complete`` event; the activity runs from the track's start (``begin``) to
    its completion.

    Raises:
        InvalidData: not a mentoring track (``$.definition``), or a track not completed
            (``$.state``: still running, or closed early).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import start
        >>> from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, TrackData
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)))
        >>> track = start(MENTORING_TRACK, data, id="tr1", actor="t1",
        ...               at=datetime(2026, 9, 1, tzinfo=timezone.utc))
        >>> mentoring_track_badges(track)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.state: track 'tr1' is not completed ...
    """
    wf = _of_kind(track, "mentoring_track")
    if wf.state != "completed":
        raise InvalidData(
            f"track '{wf.id}' is not completed (it is in '{wf.state}'); a badge is given for "
            "a completed track only",
            path="$.state",
        )
    event = _last(wf.events, "complete")
    if event is None:
        raise InvalidData(
            f"the 'complete' event of track '{wf.id}' is not among the events held; load its "
            "whole history",
            path="$.events",
        )
    d = wf.data
    assert d.mentor is not None  # a completed track has a mentor: it was accepted
    goals = "; ".join(d.request.goals)
    narrative = Label(
        ru=f"{d.form.label.ru}. Наставник: {d.mentor.name}. Цели: {goals}.",
        en=f"{d.form.label.en}. Mentor: {d.mentor.name}. Goals: {goals}.",
    )
    common: dict[str, Any] = {
        "issued_on": event.at,
        "narrative": narrative,
        "activity_start": d.started_at,
        "activity_end": event.at,
    }
    mentees = tuple(
        BadgeFact(
            id=_event_id(wf, event, m.id),
            achievement=MENTORING_TRACK_MENTEE,
            recipient_id=m.id,
            **common,
        )
        for m in d.mentees
    )
    mentor = BadgeFact(
        id=_event_id(wf, event, d.mentor.id),
        achievement=MENTORING_TRACK_MENTOR,
        recipient_id=d.mentor.id,
        **common,
    )
    return (*mentees, mentor)


# -- the PLC cycle ----------------------------------------------------------------------------


def plc_cycle_badges(plc: Workflow, cycle: int | None = None) -> tuple[BadgeFact, ...]:
    """The badges of a completed PLC cycle (the last one by default): one per member.

    A cycle is completed when its reflection is recorded and the PLC moves to a next cycle or
    closes (a disbanded PLC completed no cycle). The members are those of the PLC when the
    cycle ended: today's members with the later ``join``/``leave`` events undone. The badge
    is dated by the ``next_cycle``/``close`` event; the narrative names the topic and what
    changed in teaching; the evidence is the reflection's evidence of impact on pupils.

    Raises:
        InvalidData: not a PLC (``$.definition``), no completed cycle or no cycle of that
            number (``$.data.history``), or its ending event is not among the events held
            (``$.events``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import start
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
        ...             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> plc_cycle_badges(plc)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.data.history: PLC 'p' has completed no cycle yet
    """
    wf = _of_kind(plc, "plc_cycle")
    history = wf.data.history
    if not history:
        raise InvalidData(f"PLC '{wf.id}' has completed no cycle yet", path="$.data.history")
    number = history[-1].number if cycle is None else cycle
    record = next((r for r in history if r.number == number), None)
    if record is None or isinstance(cycle, bool):
        done = ", ".join(str(r.number) for r in history)
        raise InvalidData(
            f"PLC '{wf.id}' has no completed cycle {shown(cycle)}; completed: {done}",
            path="$.data.history",
        )
    # The k-th completed cycle from the end ended with the k-th ending event from the end.
    ends = [i for i, e in enumerate(wf.events) if e.trigger in ("next_cycle", "close")]
    back = len(history) - history.index(record)
    if back > len(ends):
        raise InvalidData(
            f"the event that ended cycle {number} of PLC '{wf.id}' is not among the events "
            "held; load its whole history",
            path="$.events",
        )
    at = ends[-back]
    members = list(wf.data.members)
    for e in reversed(wf.events[at + 1 :]):
        if e.trigger == "join" and e.payload.teacher_id in members:
            members.remove(e.payload.teacher_id)
        elif e.trigger == "leave" and e.payload.teacher_id not in members:
            members.append(e.payload.teacher_id)
    event = wf.events[at]
    topic = _topic_title(wf, record.topic_id)
    changes = "; ".join(record.reflection.teaching_changes) if record.reflection else ""
    narrative = Label(
        ru=f"ПОС «{wf.data.name}», цикл {number}: тема «{topic.ru}». Изменения: {changes}.",
        en=f"PLC «{wf.data.name}», cycle {number}: topic «{topic.en}». Changes: {changes}.",
    )
    evidence = tuple(
        BadgeEvidence(
            name=Label(ru="Влияние на учеников", en="Impact on pupils"),
            narrative=Label(ru=text, en=text),
        )
        for text in (record.reflection.pupil_impact if record.reflection else ())
    )
    achievement = PLC_CYCLE_COMPLETED
    return tuple(
        BadgeFact(
            id=_event_id(wf, event, teacher),
            achievement=achievement,
            recipient_id=teacher,
            issued_on=event.at,
            narrative=narrative,
            evidence=evidence,
        )
        for teacher in members
    )


def _topic_title(wf: Workflow, topic_id: str) -> Label:
    topic = wf.data.topic(topic_id)
    if topic is None:  # a studied topic leaves the list at the next cycle: read its proposal
        topic = next(
            (
                e.payload.topic
                for e in wf.events
                if e.trigger == "propose_topic" and e.payload.topic.id == topic_id
            ),
            None,
        )
    return topic.title if topic is not None else Label(ru=topic_id, en=topic_id)


# -- membership -------------------------------------------------------------------------------


def membership_badge(community: Workflow, teacher_id: str) -> BadgeFact:
    """The badge of a teacher's current membership of a community.

    Dated by the ``join`` event that began the membership (or, for a workflow resumed from a
    later snapshot, midnight UTC of the day joined); the activity starts the day joined.

    Raises:
        InvalidData: not a community workflow (``$.definition``), a dissolved community
            (``$.state``), or the teacher is not a
            current member: never joined, or their membership ended (``$.data.members``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows import start
        >>> from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
        >>> club = start(COMMUNITY_LIFE, CommunityData(name="Клуб"), id="club", actor="a",
        ...              at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> membership_badge(club, "t1")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.data.members: 't1' is not a member of 'club'
    """
    wf = _of_kind(community, "community_life")
    if wf.is_final:
        raise InvalidData(
            f"community '{wf.id}' is {wf.state}: it has no active members", path="$.state"
        )
    d = wf.data
    membership = d.membership(teacher_id)
    if membership is None:
        past = [m for m in d.members if m.teacher_id == teacher_id]
        ended = f"; their membership ended on {past[-1].left.isoformat()}" if past else ""
        raise InvalidData(
            f"{shown(teacher_id)} is not a member of '{wf.id}'{ended}", path="$.data.members"
        )
    joined = next(
        (
            e
            for e in reversed(wf.events)
            if e.trigger == "join"
            and e.payload.teacher_id == teacher_id
            and e.payload.on == membership.joined
        ),
        None,
    )
    issued = joined.at if joined is not None else datetime.combine(membership.joined, time(), UTC)
    name = Label(ru=d.name, en=d.name)
    achievement = attrs.evolve(
        _specialised(MEMBERSHIP, wf.id),
        name=Label(ru=f"Участник сообщества «{name.ru}»", en=f"Member of «{name.en}»"),
    )
    return BadgeFact(
        id=f"{wf.id}#join:{teacher_id}:{membership.joined.isoformat()}",
        achievement=achievement,
        recipient_id=teacher_id,
        issued_on=issued,
        narrative=Label(
            ru=f"{d.kind.label.ru} «{d.name}»: {membership.kind.label.ru}, с "
            f"{membership.joined.isoformat()}.",
            en=f"{d.kind.label.en} «{d.name}»: {membership.kind.label.en}, since "
            f"{membership.joined.isoformat()}.",
        ),
        activity_start=datetime.combine(membership.joined, time(), UTC),
    )
