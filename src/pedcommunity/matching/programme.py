"""Bulk matching for a running mentoring programme: every waiting track gets a mentor.

:func:`match_programme` reads a :class:`~pedcommunity.workflows.MentoringProgramme`: the
tracks waiting in ``requested``, the trained leaders with free places and their load now.
Each track's form decides who may mentor it (the form's experience and strength rules are
hard constraints here), mentors a track already declined or lapsed on are never proposed
again, and a mentee's own ranked choices count as wishes. Group tracks take as many places
as they have mentees: they are served first, each by its best mentor with enough places;
the one-to-one tracks are then matched with the chosen method. The result feeds
:meth:`~pedcommunity.workflows.MentoringProgramme.propose_matches` directly.

Examples:
    See ``examples/mentoring_programme.py``: ``pairs, result = match_programme(prog)`` then
    ``prog.propose_matches(pairs, actor=coordinator)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .criteria import DEFAULT_CRITERIA, ExperienceGap, MatchingCriterion, Population
from .problem import Constraints, _total, candidate_problem
from .results import MatchingResult, Objective
from .solvers import greedy, optimal, stable

if TYPE_CHECKING:
    from pedcommunity.workflows.mentoring_programme import MentoringProgramme
    from pedcommunity.workflows.mentoring_track import TrackData

__all__ = ["PROGRAMME_CRITERIA", "match_programme"]

#: The default criteria without the experience gap: in a programme each track's form already
#: rules on experience, as a hard constraint.
PROGRAMME_CRITERIA: tuple[MatchingCriterion, ...] = tuple(
    c for c in DEFAULT_CRITERIA if not isinstance(c, ExperienceGap)
)


def match_programme(
    programme: MentoringProgramme,
    *,
    method: str = "optimal",
    criteria: Sequence[MatchingCriterion] = PROGRAMME_CRITERIA,
    objective: Objective | str = Objective.PARTICIPATION,
) -> tuple[dict[str, str], MatchingResult]:
    """Mentors for every track waiting in ``requested``: ``({track_id: mentor_id}, result)``.

    In ``result`` each mentee is a one-to-one track, named by the track id; group tracks are
    in the mapping only.

    Raises:
        InvalidData: an unknown ``method``.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    if method not in ("optimal", "stable", "greedy"):
        raise InvalidData(
            f"unknown method {shown(method)}; use 'optimal', 'stable' or 'greedy'", path="$.method"
        )
    criteria = tuple(criteria)
    total = _total(criteria)
    load = programme.load()
    leaders = programme.available_mentors()
    free = {x.id: x.capacity - load.get(x.id, 0) for x in leaders}
    waiting: list[tuple[str, TrackData]] = sorted(
        (tid, wf.data)
        for tid, wf in programme.tracks.items()
        if wf.state == "requested" and wf.data.open_proposal is None
    )

    def allowed(leader_index: int, d: TrackData) -> bool:
        leader = leaders[leader_index]
        return (
            leader.id not in d.excluded
            and leader.id not in d.mentee_ids
            and d.form.check(leader.teacher, d.mentees, d.request.competency_ids) is None
        )

    def mentee_profile(tid: str, d: TrackData) -> MenteeProfile:
        return MenteeProfile.from_request(
            d.mentees[0], d.request, id=tid, wishes=tuple(c.id for c in d.choices if c.id in free)
        )

    pairs: dict[str, str] = {}
    groups = sorted(
        ((tid, d) for tid, d in waiting if len(d.mentee_ids) > 1),
        key=lambda item: (-len(item[1].mentee_ids), item[0]),
    )
    for tid, d in groups:
        size = len(d.mentee_ids)
        candidates = [i for i, x in enumerate(leaders) if free[x.id] >= size and allowed(i, d)]
        if not candidates:
            continue
        pop = Population(
            [MentorProfile.from_leader(leaders[i]) for i in candidates], [mentee_profile(tid, d)]
        )
        score = np.zeros(len(candidates))
        for c in criteria:
            score += c.weight * c.score_block(pop, np.zeros(1, dtype=np.intp))[0]
        best = candidates[int(np.argmax(score / total))]  # ties: the first, by id order
        pairs[tid] = leaders[best].id
        free[leaders[best].id] -= size

    singles = [(tid, d) for tid, d in waiting if len(d.mentee_ids) == 1]
    mentors = [MentorProfile.from_leader(x, load=x.capacity - max(free[x.id], 0)) for x in leaders]
    mentees = [mentee_profile(tid, d) for tid, d in singles]
    never = [
        (leaders[i].id, tid) for tid, d in singles for i in range(len(leaders)) if not allowed(i, d)
    ]
    problem = candidate_problem(
        mentors, mentees, criteria, constraints=Constraints(never=never), k=None
    )
    if method == "optimal":
        result = optimal(problem, objective=objective)
    elif method == "stable":
        result = stable(problem)
    else:
        result = greedy(problem)
    pairs.update(result.mentor_of())
    return dict(sorted(pairs.items())), result
