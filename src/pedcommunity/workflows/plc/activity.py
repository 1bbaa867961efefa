"""How active each member of a PLC has been: meetings, sessions, gaps learnt, topics.

Seed 002 gives incentives to «активных членов ПОС» (active members) without saying what
counts; here a member is active when :attr:`MemberActivity.total` is above zero: they attended
a meeting, taught or attended a learning session, had a gap confirmed learnt, or proposed a
topic still listed.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.workflows import Meeting, MeetingKind, PlcData
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> d = PlcData(name="ПОС", members=("t1", "t2"), meetings=(
    ...     Meeting(kind=MeetingKind.ORGANISATIONAL, at=at, attendees=("t1",)),))
    >>> a = member_activity(d)
    >>> a["t1"].meetings_attended, a["t1"].total, a["t2"].total
    (1, 1, 0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from pedcommunity.model._fields import FrozenMap
from pedcommunity.model.learning import LearningSession, LearntMark
from pedcommunity.model.work_plans._plans import check_count
from pedcommunity.workflows.plc.data import PlcData

__all__ = ["MemberActivity", "member_activity"]


@attrs.frozen
class MemberActivity:
    """What one member did in the PLC's life (this cycle and the archived ones).

    Examples:
        >>> MemberActivity(meetings_attended=2, sessions_taught=1, sessions_attended=0,
        ...                gaps_learnt=1, topics_proposed=0).total
        4
    """

    meetings_attended: int = attrs.field(validator=check_count)
    sessions_taught: int = attrs.field(validator=check_count)
    sessions_attended: int = attrs.field(validator=check_count)
    gaps_learnt: int = attrs.field(validator=check_count)
    topics_proposed: int = attrs.field(validator=check_count)

    @property
    def total(self) -> int:
        """Everything counted together: above zero for an active member."""
        return (
            self.meetings_attended
            + self.sessions_taught
            + self.sessions_attended
            + self.gaps_learnt
            + self.topics_proposed
        )


def _sessions(data: PlcData) -> Iterable[LearningSession]:
    for record in data.history:
        yield from record.sessions
    yield from data.sessions


def _learnt(data: PlcData) -> Iterable[LearntMark]:
    for record in data.history:
        yield from record.learnt
    yield from data.learnt


def member_activity(data: PlcData) -> FrozenMap[str, MemberActivity]:
    """Each current member's :class:`MemberActivity`, in membership order.

    Meetings are those the PLC recorded with attendees; sessions and learnt gaps count this
    cycle and the archived ones (a gap counts once confirmed); topics are those still listed.

    Examples:
        >>> from pedcommunity.workflows import PlcData
        >>> member_activity(PlcData(name="ПОС", members=("t1",)))["t1"].total
        0
    """
    meetings = Counter(a for m in data.meetings for a in m.attendees)
    taught: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for s in _sessions(data):
        if s.teacher_id is not None:
            taught[s.teacher_id] += 1
        attended.update(s.learner_ids)
    learnt = Counter(m.learner_id for m in _learnt(data) if m.confirmed)
    topics = Counter(t.proposed_by for t in data.topics if t.proposed_by is not None)
    return FrozenMap(
        {
            t: MemberActivity(
                meetings_attended=meetings[t],
                sessions_taught=taught[t],
                sessions_attended=attended[t],
                gaps_learnt=learnt[t],
                topics_proposed=topics[t],
            )
            for t in data.members
        }
    )
