"""Which trigger of which standard definition gives which xAPI statements.

One function per mapped trigger, found in :data:`RULES` by the definition's name (an
extended definition by the standard one it is based on) and the trigger; a stage change
forward (:data:`STAGES`) adds a ``progressed`` statement. Every trigger not listed gives no
statement (docs/standards.md lists them).

Examples:
    >>> sorted(RULES["plc_cycle"])
    ['close', 'hold_meeting', 'hold_session', 'join', 'leave', 'next_cycle', 'recognise']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows import DefinitionRegistry
from pedcommunity.workflows.definition import WorkflowDefinition

from ._vocabulary import (
    ATTENDED,
    BADGE,
    COMMUNITY,
    COMPLETED,
    COURSE,
    EARNED,
    JOINED,
    LEFT,
    MEETING,
    MENTORED,
    MODULE,
    PROGRESSED,
    Verb,
    registration,
)

if TYPE_CHECKING:
    from ._statements import StatementBuilder

__all__ = ["RULES", "STAGES", "At", "base_of", "family", "statements"]

Statement = dict[str, Any]

#: The stages whose reaching (moving forward, not back) is a ``progressed`` statement.
STAGES: dict[str, tuple[str, ...]] = {
    "plc_cycle": (
        "topic_list",
        "choice",
        "operationalisation",
        "resource_audit",
        "learning",
        "reflection",
    ),
    "mentoring_track": ("planning", "active", "review"),
    "mentoring_programme": (
        "mentee_base",
        "mentor_base",
        "mentor_training",
        "matching",
        "pairs_at_work",
        "completion",
    ),
    "navigators_school": ("training", "graduation"),
    "roadmap": ("preparation", "implementation", "reflection"),
}


def base_of(
    definition: WorkflowDefinition, definitions: DefinitionRegistry
) -> WorkflowDefinition | None:
    """The standard definition ``definition`` is (or extends), if this adapter maps it.

    Examples:
        >>> from pedcommunity.workflows import PLC_CYCLE, standard_definitions
        >>> base_of(PLC_CYCLE.extend(name="mine", version="1"), standard_definitions()).key
        'plc_cycle@2'
    """
    seen: WorkflowDefinition | None = definition
    while seen is not None:
        if seen.name in RULES or seen.name in STAGES:
            return seen
        if seen.based_on is None or seen.based_on not in definitions:
            return None
        name, _, version = seen.based_on.rpartition("@")
        seen = definitions.get(name, version)
    return None


def family(definition: WorkflowDefinition, definitions: DefinitionRegistry) -> str | None:
    """The name of the standard definition ``definition`` is (or extends), if mapped.

    Examples:
        >>> from pedcommunity.workflows import PLC_CYCLE, standard_definitions
        >>> family(PLC_CYCLE, standard_definitions())
        'plc_cycle'
    """
    base = base_of(definition, definitions)
    return None if base is None else base.name


@attrs.frozen
class At:
    """One event being translated, with what its rules need to know."""

    builder: StatementBuilder
    tenant: str
    event: DomainEvent
    before: Any
    definition: WorkflowDefinition
    base: WorkflowDefinition

    @property
    def family(self) -> str:
        """The name of the standard definition the event's is (or extends)."""
        return self.base.name

    @property
    def payload(self) -> Any:
        """The event's payload."""
        return self.event.payload

    @property
    def cycle(self) -> int | None:
        """A PLC's cycle number (before the event), else ``None``."""
        return int(self.before.cycle) if self.family == "plc_cycle" else None

    @property
    def registration(self) -> str:
        """The workflow's (for a PLC, the cycle's) registration."""
        return registration(self.tenant, self.event.workflow_id, self.cycle)

    def agent(self, teacher_id: str) -> dict[str, Any]:
        """A teacher's Agent."""
        return self.builder.actors.agent(teacher_id)

    def sub(self, kind: str, name: Label, *path: object) -> dict[str, Any]:
        """An activity inside this workflow (a meeting, a stage, an award)."""
        b = self.builder
        return b.activity(
            b.activity_id(self.tenant, self.family, self.event.workflow_id, *path), kind, name
        )

    @property
    def title(self) -> Label:
        """The workflow's name (a PLC's, a community's...) or its kind and id."""
        name = getattr(self.before, "name", None)
        if isinstance(name, str) and name:
            return Label(ru=name, en=name)
        wid, label = self.event.workflow_id, self.definition.label
        return Label(ru=f"{label.ru} {wid}", en=f"{label.en} {wid}")

    @property
    def place(self) -> dict[str, Any]:
        """The workflow as a place one joins and leaves (a PLC, a community)."""
        return self.sub(COMMUNITY, self.title)

    @property
    def whole(self) -> dict[str, Any]:
        """The workflow itself: what one completes (a PLC: the current cycle).

        A community completes nothing: its events' parent is the community itself, the
        same activity (id and type) its members join.
        """
        if self.family == "community_life":
            return self.place
        if self.cycle is None:
            return self.sub(COURSE, self.title)
        t, n = self.title, self.cycle
        return self.sub(COURSE, Label(ru=f"{t.ru}: цикл {n}", en=f"{t.en}: cycle {n}"), "cycles", n)

    @property
    def instructor(self) -> dict[str, Any] | None:
        """The PLC's first facilitator (else its leader), the track's mentor, else nobody.

        One Agent: xAPI 1.0.3 allows a Group, but ralph's model (the validator the tests
        use) takes an Agent, so of several facilitators the first appointed is named.
        """
        d, actors = self.before, self.builder.actors
        if self.family == "plc_cycle":
            ids = d.facilitator_ids or ((d.leader_id,) if d.leader_id else ())
            return actors.agent(ids[0]) if ids else None
        if self.family == "mentoring_track" and d.mentor is not None:
            return actors.agent(d.mentor.id)
        return None

    @property
    def team(self) -> dict[str, Any] | None:
        """The PLC as a Group."""
        if self.family != "plc_cycle":
            return None
        return self.builder.actors.team(self.event.workflow_id, self.before.name, self.tenant)

    def make(
        self,
        people: Iterable[str],
        verb: Verb,
        obj: dict[str, Any],
        *,
        parent: dict[str, Any] | None = None,
        instructor: dict[str, Any] | None = None,
    ) -> list[Statement]:
        """One statement per person (each once, in order)."""
        teach = self.instructor if instructor is None else instructor
        # A PLC's statements about its meetings, stages, cycles and awards name the PLC too,
        # as the activity they are indirectly about (a query by related activities finds it).
        place = self.place if self.family == "plc_cycle" else None
        grouping = place if place is not None and place["id"] != obj.get("id") else None
        return [
            self.builder.statement(
                self,
                f"{verb.id}\n{p}",
                self.agent(p),
                verb,
                obj,
                instructor=teach,
                team=self.team,
                parent=parent,
                grouping=grouping,
            )
            for p in dict.fromkeys(people)
        ]


# -- membership ------------------------------------------------------------------------------


def _join(at: At) -> list[Statement]:
    return at.make([at.payload.teacher_id], JOINED, at.place)


def _leave(at: At) -> list[Statement]:
    return at.make([at.payload.teacher_id], LEFT, at.place)


# -- meetings and sessions -------------------------------------------------------------------


def _plc_meeting(at: At) -> list[Statement]:
    p = at.payload
    meeting = at.sub(MEETING, p.kind.label, "meetings", at.event.sequence)
    return at.make(p.attendees, ATTENDED, meeting, parent=at.whole)


def _plc_session(at: At) -> list[Statement]:
    p = at.payload
    names = {c.id: c.name for c in at.before.competencies}
    topic = names.get(p.competency_id, Label(ru=p.competency_id, en=p.competency_id))
    name = Label(ru=f"Взаимообучение: {topic.ru}", en=f"Peer learning: {topic.en}")
    session = at.sub(MEETING, name, "sessions", at.event.sequence)
    teacher = at.agent(p.teacher_id) if p.teacher_id else None
    return at.make(p.learner_ids, ATTENDED, session, parent=at.whole, instructor=teacher)


def _event_topic(at: At, event_id: str) -> Label:
    for e in at.before.events:
        event = getattr(e, "event", e)  # a programme keeps ClusterEvents around its events
        if event.id == event_id:
            return Label(ru=event.topic, en=event.topic)
    return Label(ru=event_id, en=event_id)


def _held_event(at: At) -> list[Statement]:
    p = at.payload
    event = at.sub(MEETING, _event_topic(at, p.event_id), "events", p.event_id)
    return at.make((*p.attendee_ids, *p.guest_ids), ATTENDED, event, parent=at.whole)


def _coaching_session(at: At) -> list[Statement]:
    p = at.payload
    name = Label(ru=p.topic, en=p.topic)
    session = at.sub(MEETING, name, "sessions", at.event.sequence)
    coach = at.agent(p.coach_id)
    return at.make(p.attendees, ATTENDED, session, parent=at.whole, instructor=coach)


def _mentoring_session(at: At) -> list[Statement]:
    mentor = at.before.mentor
    mentees = [t.id for t in at.before.mentees]
    session = at.sub(MEETING, at.payload.kind.label, "sessions", at.event.sequence)
    out = at.make(mentees, ATTENDED, session, parent=at.whole)
    if mentor is not None:
        for mentee in dict.fromkeys(mentees):
            out.append(
                at.builder.statement(
                    at,
                    f"{MENTORED.id}\n{mentee}",
                    at.agent(mentor.id),
                    MENTORED,
                    at.agent(mentee),
                    parent=at.whole,
                )
            )
    return out


# -- completion and awards -------------------------------------------------------------------


def _plc_cycle_done(at: At) -> list[Statement]:
    return at.make(at.before.members, COMPLETED, at.whole)


def _track_done(at: At) -> list[Statement]:
    return at.make([t.id for t in at.before.mentees], COMPLETED, at.whole)


def _by_actor_done(at: At) -> list[Statement]:
    return at.make([at.event.actor], COMPLETED, at.whole)


def _graduated(at: At) -> list[Statement]:
    return at.make(at.payload.leader_ids, COMPLETED, at.whole)


def _plc_recognised(at: At) -> list[Statement]:
    r = at.payload.recognition
    name = Label(ru=r.title, en=r.title) if r.title else r.kind.label
    badge = at.sub(BADGE, name, "recognitions", at.event.sequence)
    return at.make(r.teacher_ids, EARNED, badge, parent=at.whole)


def _programme_recognised(at: At) -> list[Statement]:
    p = at.payload
    badge = at.sub(BADGE, p.title, "recognitions", at.event.sequence)
    return at.make([p.teacher_id], EARNED, badge, parent=at.whole)


def _festival_award(at: At) -> list[Statement]:
    award = at.payload.award
    entry = next((e for e in at.before.entries if e.id == award.entry_id), None)
    if entry is None:
        raise InvalidData(
            f"the award is for entry {award.entry_id!r}, which the festival does not hold",
            path="$.payload.award.entry_id",
        )
    badge = at.sub(BADGE, award.title, "awards", at.event.sequence)
    return at.make((entry.mentor_id, *entry.mentee_ids), EARNED, badge, parent=at.whole)


Rule = Callable[[At], list[Statement]]

#: The mapped triggers of each standard definition (by name, every version).
RULES: dict[str, dict[str, Rule]] = {
    "plc_cycle": {
        "join": _join,
        "leave": _leave,
        "hold_meeting": _plc_meeting,
        "hold_session": _plc_session,
        "recognise": _plc_recognised,
        "next_cycle": _plc_cycle_done,
        "close": _plc_cycle_done,
    },
    "mentoring_track": {"log_session": _mentoring_session, "complete": _track_done},
    "mentoring_programme": {
        "hold_event": _held_event,
        "recognise": _programme_recognised,
        "complete": _by_actor_done,
    },
    "festival": {"give_award": _festival_award},
    "navigators_school": {"hold_session": _coaching_session, "graduate": _graduated},
    "community_life": {"join": _join, "leave": _leave, "hold_event": _held_event},
}


def _progressed(at: At) -> list[Statement]:
    e, stages = at.event, STAGES.get(at.family, ())
    if e.target not in stages:
        return []
    if e.source in stages:
        forward = stages.index(e.target) > stages.index(e.source)
    else:
        # A state of the standard definition before the stages (forming, a pause) is compared
        # in its order; a stage an extension added (not in the standard definition) leads
        # on to the standard stage it returns to, as the standard path would have.
        order = [s.name for s in at.base.states]
        forward = e.source not in order or (
            e.target in order and order.index(e.target) > order.index(e.source)
        )
    if not forward:
        return []  # back to an earlier stage (a declined proposal, a resumed pause)
    label = next(s.label for s in at.definition.states if s.name == e.target)
    path = ("cycles", at.cycle, "stages", e.target) if at.cycle else ("stages", e.target)
    stage = at.sub(MODULE, label, *path)
    return at.make([e.actor], PROGRESSED, stage, parent=at.whole)


def statements(at: At) -> list[Statement]:
    """Every statement of the event ``at`` describes."""
    rule = RULES.get(at.family, {}).get(at.event.trigger)
    out = rule(at) if rule is not None else []
    if at.event.source != at.event.target:
        out.extend(_progressed(at))
    return out
