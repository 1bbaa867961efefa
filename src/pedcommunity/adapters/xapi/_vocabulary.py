"""The xAPI vocabulary the statements use: verbs, activity types and our own IRIs.

Every verb and activity type comes from the xAPI registries (ADL's, the Activity Streams
schema, Tin Can's registry); only the context extension and the ids of our activities are
IRIs of ours. Display texts are language maps in ``ru-RU`` and ``en-US``, made from the
library's :class:`~pedcommunity.i18n.Label` s.

Examples:
    >>> JOINED.id
    'http://activitystrea.ms/schema/1.0/join'
    >>> JOINED.as_json()["display"]["ru-RU"]
    'вступил(а)'
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from pedcommunity.i18n import Label

__all__ = [
    "ACTIVITY_TYPES",
    "ATTENDED",
    "BADGE",
    "COMMUNITY",
    "COMPLETED",
    "COURSE",
    "EARNED",
    "JOINED",
    "LEFT",
    "MEETING",
    "MENTORED",
    "MODULE",
    "NAMESPACE",
    "PROGRESSED",
    "VERBS",
    "VOIDED",
    "WORKFLOW_EXTENSION",
    "Verb",
    "language_map",
    "registration",
    "statement_id",
]

#: The uuid5 namespace of every statement id and registration this adapter derives.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/pedcommunity/xapi")

#: The ``context.extensions`` key under which a statement names the event it came from:
#: ``{"definition": "plc_cycle@2", "workflow": "plc-95", "sequence": 7, "trigger": "join"}``.
WORKFLOW_EXTENSION = "https://w3id.org/pedcommunity/xapi/extensions/workflow-event"


def language_map(label: Label) -> dict[str, str]:
    """An xAPI language map of a bilingual label.

    Examples:
        >>> language_map(Label(ru="Встреча", en="Meeting"))
        {'ru-RU': 'Встреча', 'en-US': 'Meeting'}
    """
    return {"ru-RU": label.ru, "en-US": label.en}


@attrs.frozen
class Verb:
    """An xAPI verb: its registry IRI and what it displays in Russian and English.

    Examples:
        >>> Verb("http://adlnet.gov/expapi/verbs/attended",
        ...      Label(ru="посетил(а)", en="attended")).as_json()["id"]
        'http://adlnet.gov/expapi/verbs/attended'
    """

    id: str
    label: Label

    def as_json(self) -> dict[str, Any]:
        """The statement's ``verb`` object."""
        return {"id": self.id, "display": language_map(self.label)}


def _verb(iri: str, ru: str, en: str) -> Verb:
    return Verb(iri, Label(ru=ru, en=en))


JOINED = _verb("http://activitystrea.ms/schema/1.0/join", "вступил(а)", "joined")
LEFT = _verb("http://activitystrea.ms/schema/1.0/leave", "вышел(вышла)", "left")
ATTENDED = _verb("http://adlnet.gov/expapi/verbs/attended", "посетил(а)", "attended")
PROGRESSED = _verb("http://adlnet.gov/expapi/verbs/progressed", "продвинулся(ась)", "progressed")
COMPLETED = _verb("http://adlnet.gov/expapi/verbs/completed", "завершил(а)", "completed")
MENTORED = _verb("http://id.tincanapi.com/verb/mentored", "наставлял(а)", "mentored")
#: Tin Can's registry: "the actor has earned a reward" (a badge, a certificate, an award).
EARNED = _verb("http://id.tincanapi.com/verb/earned", "получил(а)", "earned")
VOIDED = _verb("http://adlnet.gov/expapi/verbs/voided", "аннулировал(а)", "voided")

#: Every verb a statement of this adapter may carry.
VERBS: tuple[Verb, ...] = (
    JOINED,
    LEFT,
    ATTENDED,
    PROGRESSED,
    COMPLETED,
    MENTORED,
    EARNED,
    VOIDED,
)

#: A meeting, a learning or mentoring session, an event of a community or a cluster.
MEETING = "http://adlnet.gov/expapi/activities/meeting"
#: A PLC or a community as a place one joins and leaves.
COMMUNITY = "http://id.tincanapi.com/activitytype/community-site"
#: What one completes: a PLC's cycle, a mentoring track, a programme, a navigators school.
COURSE = "http://adlnet.gov/expapi/activities/course"
#: A stage of a cycle, a track or a programme (what ``progressed`` reaches).
MODULE = "http://adlnet.gov/expapi/activities/module"
#: An award, a recognition (Activity Streams' badge, as Open Badges' xAPI recipe uses).
BADGE = "http://activitystrea.ms/schema/1.0/badge"

#: Every activity type a statement of this adapter may carry.
ACTIVITY_TYPES: tuple[str, ...] = (MEETING, COMMUNITY, COURSE, MODULE, BADGE)


def statement_id(tenant: str, workflow_id: str, sequence: int, part: str) -> str:
    """The id of one statement of one event: a uuid5, the same every time.

    Examples:
        >>> statement_id("s95", "p", 2, "join:anna") == statement_id("s95", "p", 2, "join:anna")
        True
        >>> statement_id("s95", "p", 2, "join:anna") == statement_id("s96", "p", 2, "join:anna")
        False
    """
    return str(uuid.uuid5(NAMESPACE, f"statement\n{tenant}\n{workflow_id}\n{sequence}\n{part}"))


def registration(tenant: str, workflow_id: str, cycle: int | None = None) -> str:
    """The ``context.registration`` of a workflow (of one cycle of a PLC): a uuid5.

    Examples:
        >>> registration("s95", "plc-95", 1) != registration("s95", "plc-95", 2)
        True
    """
    tail = "" if cycle is None else f"\ncycle\n{cycle}"
    return str(uuid.uuid5(NAMESPACE, f"registration\n{tenant}\n{workflow_id}{tail}"))
