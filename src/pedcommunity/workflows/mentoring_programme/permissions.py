"""Who may fire each trigger of a mentoring programme, and the roles a person holds in one."""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.model._fields import FrozenMap
from pedcommunity.workflows.mentoring_programme.data import ProgrammeData
from pedcommunity.workflows.permissions import ANYONE, Permission

__all__ = ["PROGRAMME_PERMISSIONS", "programme_roles"]


def programme_roles(data: ProgrammeData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a programme: coordinator, curator, mentee, mentor.

    ``mentor`` is a leader of the programme's leaders bank.

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
            ),
            _COORD,
        ),
        "sync_track": Permission.of(ANYONE),
    }
)
