"""Who may fire each trigger of a mentoring programme, and the roles a person holds in one."""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.model._fields import FrozenMap
from pedcommunity.workflows.mentoring_programme.data import ProgrammeData
from pedcommunity.workflows.permissions import ANYONE, Permission

__all__ = ["PROGRAMME_PERMISSIONS", "SERVICE_TRIGGERS", "programme_roles"]


def programme_roles(data: ProgrammeData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a programme: coordinator, curator, mentee, mentor.

    ``mentor`` is a leader of the programme's mentor base (``leaders``).

    Examples:
        >>> d = ProgrammeData(name="П", coordinator_ids=("c1",))
        >>> sorted(programme_roles(d, "c1")), programme_roles(d, "x")
        (['coordinator'], frozenset())
    """
    roles = set()
    if actor in data.coordinator_ids:
        roles.add("coordinator")
    if data.curator(actor) is not None:
        roles.add("curator")
    if data._is_mentee(actor):
        roles.add("mentee")
    if data._has_leader(actor):
        roles.add("mentor")
    return frozenset(roles)


_COORD = Permission.of("coordinator")

#: The programme's triggers that only the services fire, each with what fires it: they record
#: a change of another workflow (a track, the navigators school, an initiative) in the same
#: transaction, so fired by hand they are refused (``services.programmes.refuse_sync``).
SERVICE_TRIGGERS: Mapping[str, str] = FrozenMap(
    {
        "sync_track": "is fired by the programme itself when a track changes; use fire_track, "
        "open_track or rematch",
        "link_school": "is fired when the programme opens its navigators school; use "
        "open_navigators_school",
        "record_navigators": "is fired when the navigators school finishes; use "
        "finish_navigators_school",
        "record_initiative": "is fired when a navigator proposes an initiative; use "
        "propose_initiative",
    }
)
_COORD_OR_CURATOR = Permission.of("coordinator", "curator")

#: Who may fire each trigger of a programme: its coordinators run it. ``sync_track`` is the
#: programme's own record of a track's change: :class:`MentoringProgramme` fires it after the
#: track's own permission check (anyone with a role in the track, or the clock), and its
#: ``may_open`` guard lets only a coordinator, a curator or the mentee open a track.
PROGRAMME_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        **dict.fromkeys(
            (
                "meet_condition",
                "add_curator",
                "open_mentee_base",
                "enrol_mentee",
                "open_mentor_base",
                "add_leader",
                "update_leader",
                "open_training",
                "train_mentor",
                "open_matching",
                "start_work",
                "open_completion",
                "hold_festival",
                "recognise",
                "submit_report",
                "complete",
                "cancel",
                "include_in_bank",
            ),
            _COORD,
        ),
        # Curators run the first cluster's events with the coordinators.
        **dict.fromkeys(
            ("invite_speaker", "schedule_event", "hold_event", "cancel_event"),
            _COORD_OR_CURATOR,
        ),
        # Records the services fire after their own checks (refused by hand: SERVICE_TRIGGERS).
        **dict.fromkeys(SERVICE_TRIGGERS, Permission.of(ANYONE)),
    }
)
