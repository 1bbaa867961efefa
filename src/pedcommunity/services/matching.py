"""Matching use cases: pair mentors and mentees, match a stored programme, form PLC groups.

Here ``workflows`` and ``matching`` meet (neither imports the other): a programme's waiting
tracks, available mentors and their load are read from the store, matched by
:func:`pedcommunity.matching.match_programme`, and proposed (and published, if asked) in one
transaction. The CLI's ``match`` and ``groups`` commands call the other two use cases.

Examples:
    >>> from pedcommunity.model import MenteeProfile, MentorProfile
    >>> result = match_mentors([MentorProfile(id="m1", capacity=1)],
    ...                        [MenteeProfile(id="t1")], method="greedy")
    >>> result.method.value, len(result.pairs)
    ('greedy', 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity.errors import PermissionDenied
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.leaders import Leader
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.mentoring_programme.coordination import (
    available_mentors,
    free_places,
)
from pedcommunity.workflows.permissions import DATA_ROLES, AccessPolicy

from .ports import UnitOfWork
from .programmes import load_programme, propose_drafts, publish_drafts

if TYPE_CHECKING:
    from pedcommunity.matching import (
        Constraints,
        MatchingCriterion,
        MatchingMethod,
        MatchingProblem,
        MatchingResult,
        Objective,
    )
    from pedcommunity.matching.groups import GroupPlan, TopicRanking
    from pedcommunity.matching.programme import WaitingTrack
    from pedcommunity.model import MenteeProfile, MentorProfile

__all__ = [
    "ProgrammeMatching",
    "form_plc_groups",
    "match_mentors",
    "match_programme_tracks",
    "matching_inputs",
    "solve_problem",
]


@attrs.frozen
class ProgrammeMatching:
    """What matching a stored programme did.

    Attributes:
        pairs: ``{track_id: mentor_id}`` as the matcher chose them.
        result: the matcher's result (figures, the unmatched and why).
        proposed: the draft proposals recorded.
        refused: ``{track_id: reason}`` for pairs the programme's rules refused.
        published: the proposals published (when asked to publish).
        unplaced: ``{track_id: reason}`` for the group tracks no mentor could take (the
            one-to-one tracks left without a mentor are in ``result.unmatched``).
    """

    pairs: Mapping[str, str]
    result: MatchingResult
    proposed: tuple[DomainEvent, ...]
    refused: Mapping[str, str]
    published: tuple[DomainEvent, ...] = ()
    unplaced: Mapping[str, str] = attrs.field(factory=dict)


def matching_inputs(
    uow: UnitOfWork, programme: Workflow
) -> tuple[list[WaitingTrack], list[Leader], dict[str, int]]:
    """A stored programme's waiting tracks, available mentors and their load, for matching.

    Only the tracks the programme records as ``requested`` are read from the store.
    """
    from pedcommunity.matching.programme import WaitingTrack  # noqa: PLC0415 (numpy)

    waiting = []
    tracks = programme.data.tracks
    for track_id in programme.data.live_tracks:
        if tracks[track_id].state != "requested":
            continue
        track = uow.workflows.get(track_id)
        if track.state == "requested" and track.data.open_proposal is None:
            waiting.append(WaitingTrack.from_track(track_id, track.data))
    return waiting, available_mentors(programme.data), free_places(programme.data)


def match_programme_tracks(
    uow: UnitOfWork,
    programme_id: str,
    *,
    actor: str,
    at: datetime,
    method: MatchingMethod | str = "optimal",
    criteria: Sequence[MatchingCriterion] | None = None,
    objective: Objective | str = "participation",
    publish: bool = False,
    policy: AccessPolicy | None = None,
) -> ProgrammeMatching:
    """Match a stored programme's waiting tracks and record the pairs as draft proposals.

    With ``publish``, the drafts are published at once (a coordinator who trusts the
    matcher); otherwise a coordinator reviews them and calls
    :func:`pedcommunity.services.programmes.publish_all`. A pair the programme's rules refuse
    is reported in ``refused``, not raised. Everything is stored in one transaction.

    Raises:
        UnknownId: no such programme.
        InvalidData: an unknown method or objective, or bad criteria.
    """
    from pedcommunity.matching.programme import (  # noqa: PLC0415 (numpy)
        PROGRAMME_CRITERIA,
        match_programme,
    )

    with uow:
        programme = load_programme(uow, programme_id)
        _may_match(programme, actor, policy)
        waiting, mentors, load = matching_inputs(uow, programme)
        pairs, result = match_programme(
            waiting,
            mentors,
            load=load,
            method=method,
            criteria=PROGRAMME_CRITERIA if criteria is None else criteria,
            objective=objective,
        )
        proposed, refused = propose_drafts(uow, programme, pairs, actor=actor, at=at, policy=policy)
        published: list[DomainEvent] = []
        if publish:
            drafted = [event.workflow_id for event in proposed]
            published = publish_drafts(uow, programme, drafted, actor=actor, at=at, policy=policy)
        uow.commit()
        return ProgrammeMatching(
            pairs=dict(pairs),
            result=result,
            proposed=tuple(proposed),
            refused=refused,
            published=tuple(published),
            unplaced={
                t.track_id: _unplaced_group(t.form.id, len(t.mentees))
                for t in waiting
                if len(t.mentees) > 1 and t.track_id not in pairs
            },
        )


#: Who may run a programme's matching: those who may propose a mentor on its tracks.
MATCHING_ROLES = ("coordinator", "curator")


def _may_match(programme: Workflow, actor: str, policy: AccessPolicy | None) -> None:
    """Refuse, before anything is matched, an actor who could propose none of the pairs.

    Without it, a stranger's run would match the whole programme only to report every pair
    refused, one by one.
    """
    roles = (policy or DATA_ROLES).roles(programme.definition, programme.id, programme.data, actor)
    if not roles & set(MATCHING_ROLES):
        raise PermissionDenied(
            trigger="match", actor=actor, roles=list(MATCHING_ROLES), actor_roles=roles
        )


def _unplaced_group(form: str, size: int) -> str:
    return (
        f"no available mentor has {size} free places and may mentor this group under the "
        f"'{form}' form; raise a trained mentor's capacity or train another mentor"
    )


def match_mentors(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    *,
    method: MatchingMethod | str = "optimal",
    constraints: Constraints | None = None,
    criteria: Sequence[MatchingCriterion] | None = None,
    k: int | None = 20,
    objective: Objective | str = "participation",
    explain: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> MatchingResult:
    """Score mentor and mentee profiles, keep each mentee's ``k`` best, and match them.

    See :func:`pedcommunity.matching.candidate_problem` and
    :func:`pedcommunity.matching.solve`; ``explain=False`` skips the per-criterion
    explanations (seconds on a region of 100,000 mentees).
    """
    from pedcommunity.matching import candidate_problem  # noqa: PLC0415 (numpy, scipy)

    extra: dict[str, Any] = {} if criteria is None else {"criteria": criteria}
    problem = candidate_problem(
        mentors, mentees, constraints=constraints, k=k, progress=progress, **extra
    )
    return solve_problem(problem, method=method, objective=objective, explain=explain)


def solve_problem(
    problem: MatchingProblem,
    *,
    method: MatchingMethod | str = "optimal",
    objective: Objective | str = "participation",
    explain: bool = True,
) -> MatchingResult:
    """Match a scored problem (edges and capacities) with ``method``.

    Examples:
        >>> from pedcommunity.matching import MatchingProblem
        >>> problem = MatchingProblem.from_edges([("m1", "t1", 0.9)], capacities={"m1": 1})
        >>> solve_problem(problem, method="stable").pairs[0].mentee_id
        't1'
    """
    from pedcommunity.matching import solve  # noqa: PLC0415 (numpy, scipy)

    return solve(problem, method, objective=objective, explain=explain)


def form_plc_groups(
    rankings: Iterable[TopicRanking], *, min_size: int = 3, max_size: int = 15
) -> GroupPlan:
    """Form PLC groups from teachers' ranked topics (see :func:`pedcommunity.matching.form_groups`).

    Examples:
        >>> from pedcommunity.matching.groups import TopicRanking
        >>> rankings = [TopicRanking(teacher_id=f"t{i}", topic_ids=("4c",)) for i in range(3)]
        >>> [g.topic_id for g in form_plc_groups(rankings).groups]
        ['4c']
    """
    from pedcommunity.matching import form_groups  # noqa: PLC0415 (numpy, scipy)

    return form_groups(rankings, min_size=min_size, max_size=max_size)
