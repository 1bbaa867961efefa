"""Who may fire each trigger of a mentoring track, and the roles an actor holds in one.

An actor's roles come from the track's data (:func:`roles_of`): the mentees, the mentor once
a proposal is accepted, the curator and the coordinators. :func:`track_roles` adds
``invited`` for the people an open proposal awaits; :data:`TRACK_PERMISSIONS` names the roles
that may fire each trigger.
"""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap
from pedcommunity.model.mentoring import Role
from pedcommunity.workflows.mentoring_track.data import TrackData
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

__all__ = ["TRACK_PERMISSIONS", "TRACK_ROLES", "roles_of", "track_roles"]

_M, _E, _K, _C = (r.value for r in (Role.MENTOR, Role.MENTEE, Role.CURATOR, Role.COORDINATOR))
_STAFF = Permission.of(_K, _C)
_PAIR = Permission.of(_M, _E)
_ALL = Permission.of(_M, _E, _K, _C)
_MENTOR_OR_STAFF = Permission.of(_M, _K, _C)
_MENTEE_OR_STAFF = Permission.of(_E, _K, _C)
#: The clock's triggers (``tick`` fires them): open to any actor, since their guards refuse
#: them until they fall due.
_CLOCK = Permission.of(ANYONE)

#: Who may fire each trigger of a mentoring track. A proposal is answered by the people it
#: awaits (the role ``invited``: the proposed mentor and the mentees); time-based triggers are
#: open to any actor, as their guards check the clock.
TRACK_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "update_request": _MENTEE_OR_STAFF,
        "rank_mentors": Permission.of(_E),
        "request_mentor": Permission.of(_E),
        "propose": _STAFF,
        "publish": _STAFF,
        "withdraw_proposal": _MENTEE_OR_STAFF,
        "accept": Permission.of("invited"),
        "decline": Permission.of("invited"),
        "lapse": _CLOCK,
        "cascade": _CLOCK,
        "set_plan": _MENTOR_OR_STAFF,
        "begin": _MENTOR_OR_STAFF,
        "log_session": _PAIR,
        "complete_activity": _PAIR,
        "complete_milestone": _MENTOR_OR_STAFF,
        "flag_milestone": _CLOCK,
        "rate_progress": Permission.of(_M),
        "request_pulse": _CLOCK,
        "answer_pulse": _PAIR,
        "pause": _ALL,
        "resume": _ALL,
        "extend": _STAFF,
        "reach_end": _CLOCK,
        "finish": _MENTOR_OR_STAFF,
        "give_feedback": _PAIR,
        "enter_festival": _PAIR,
        "complete": _MENTOR_OR_STAFF,
        "close_early": _ALL,
    }
)


def roles_of(data: TrackData, actor: str) -> frozenset[Role]:
    """The roles ``actor`` holds in a track.

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.model import Teacher
        >>> d = TrackData(form=MENTORING_FORMS["traditional"],
        ...               mentees=(Teacher(id="t1", name="А", organisation_id="s1"),),
        ...               request=MentoringRequest(goals=("g",)), curator_id="k1")
        >>> sorted(r.value for r in roles_of(d, "t1")), sorted(r.value for r in roles_of(d, "k1"))
        (['mentee'], ['curator'])
    """
    roles = set()
    if actor in data.mentee_ids:
        roles.add(Role.MENTEE)
    if data.mentor is not None and actor == data.mentor.id:
        roles.add(Role.MENTOR)
    if actor == data.curator_id:
        roles.add(Role.CURATOR)
    if actor in data.coordinator_ids:
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def track_roles(data: TrackData, actor: str) -> frozenset[str]:
    """The role names ``actor`` holds in a track, ``invited`` included (:data:`TRACK_PERMISSIONS`).

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.model import Teacher
        >>> d = TrackData(form=MENTORING_FORMS["traditional"],
        ...               mentees=(Teacher(id="t1", name="А", organisation_id="s1"),),
        ...               request=MentoringRequest(goals=("g",)), coordinator_ids=("c1",))
        >>> sorted(track_roles(d, "c1"))
        ['coordinator']
    """
    names = {r.value for r in roles_of(data, actor)}
    p = data.open_proposal
    if p is not None and actor in p.awaiting:
        names.add("invited")
    return frozenset(names)


#: The roles :data:`TRACK_PERMISSIONS` names, with their labels (the definition's ``roles``).
TRACK_ROLES: Mapping[str, Label] = FrozenMap(
    {
        **{r.value: ROLE_LABELS[r.value] for r in (Role.MENTOR, Role.MENTEE, Role.CURATOR)},
        _C: ROLE_LABELS[_C],
        "invited": Label(
            ru="приглашённый (ждут его ответа)", en="invited (the proposal awaits them)"
        ),
    }
)
