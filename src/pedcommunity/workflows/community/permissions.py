"""Who may fire what in a community's life: its roles and the permission of each trigger."""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.model._fields import FrozenMap
from pedcommunity.model.structure import CouncilRole
from pedcommunity.workflows.community.data import CommunityData
from pedcommunity.workflows.permissions import ANYONE, Permission

__all__ = ["COMMUNITY_PERMISSIONS", "community_roles"]


def community_roles(data: CommunityData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a community.

    ``administrator`` (``administrator_ids``: seed 004's administrator, a club's founders
    until its council is elected), ``chair`` and ``council`` (a council seat), ``committee``
    (a member of a committee), ``member`` (a current member).

    Examples:
        >>> from pedcommunity.model.structure import CouncilSeat
        >>> d = CommunityData(name="К", administrator_ids=("admin",), council=[
        ...     CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR)])
        >>> sorted(community_roles(d, "t1")), sorted(community_roles(d, "admin"))
        (['chair', 'council'], ['administrator'])
    """
    roles = set()
    if actor in data.administrator_ids:
        roles.add("administrator")
    for seat in data.council:
        if seat.teacher_id == actor:
            roles.add("council")
            if seat.role is CouncilRole.CHAIR:
                roles.add("chair")
    if any(actor in c.member_ids for c in data.committees):
        roles.add("committee")
    if data.membership(actor) is not None:
        roles.add("member")
    return frozenset(roles)


_GOVERN = Permission.of("administrator", "council")
_EVENTS = Permission.of("administrator", "council", "committee")
_HEAD = Permission.of("administrator", "chair")

#: Who may fire each trigger of community life: anyone joins in their own name (the
#: administrator or the council may add someone, seed 004); members leave for themselves; the
#: administrator and the chair elect the council and dissolve the community; the council
#: governs; committees run events with it; members publish their materials. A member enters
#: a contest for themselves or with their team (the committees, the council and the
#: administrator enter anyone); internships are arranged and recurring events run like
#: events; the administrator and the council keep the library (seed 004: «размещение
#: (удаление) материалов»).
COMMUNITY_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "join": Permission.of(
            ANYONE, subject="teacher_id", for_others=("administrator", "chair", "council")
        ),
        "leave": Permission.of(
            "member", subject="teacher_id", for_others=("administrator", "chair")
        ),
        "elect_council": _HEAD,
        "form_committee": _GOVERN,
        "assign_committee_members": _GOVERN,
        "form_project_group": _GOVERN,
        "close_project_group": _GOVERN,
        "add_partner": _GOVERN,
        "set_coordinating_centre": _GOVERN,
        "adopt_work_plan": _GOVERN,
        "schedule_event": _EVENTS,
        "hold_event": _EVENTS,
        "record_feedback": _EVENTS,
        "cancel_event": _EVENTS,
        "schedule_series": _EVENTS,
        "cancel_occurrence": _EVENTS,
        "end_series": _EVENTS,
        "publish_material": Permission.of("member", "administrator", "council"),
        "enter_contest": Permission.of(
            "member",
            subject="entry.participant_ids",
            for_others=("administrator", "council", "committee"),
        ),
        "record_contest_result": _EVENTS,
        "arrange_internship": _EVENTS,
        "close_internship": _EVENTS,
        "add_to_library": _GOVERN,
        "remove_from_library": _GOVERN,
        "dissolve": _HEAD,
    }
)
