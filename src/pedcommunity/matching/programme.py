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

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .criteria import DEFAULT_CRITERIA, ExperienceGap, MatchingCriterion, Population
from .problem import _candidate_problem, _total
from .results import MatchingResult, Objective
from .solvers import greedy, optimal, stable

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from pedcommunity.model.leaders import Leader
    from pedcommunity.model.mentoring import MentoringForm
    from pedcommunity.model.people import Teacher
    from pedcommunity.workflows.mentoring_programme import MentoringProgramme
    from pedcommunity.workflows.mentoring_track import TrackData

__all__ = ["PROGRAMME_CRITERIA", "match_programme"]

#: The default criteria without the experience gap: in a programme each track's form already
#: rules on experience, as a hard constraint.
PROGRAMME_CRITERIA: tuple[MatchingCriterion, ...] = tuple(
    c for c in DEFAULT_CRITERIA if not isinstance(c, ExperienceGap)
)


#: Mentees x leaders x competencies compared at once when a form compares levels.
_CELLS = 1 << 22


def _eligibility(
    leaders: Sequence[Leader],
    forms: Sequence[MentoringForm],
    mentees: Sequence[Sequence[Teacher]],
    *,
    wanted: Sequence[Collection[str]],
    excluded: Sequence[Collection[str]] = (),
) -> npt.NDArray[np.bool_]:
    """Which leader may mentor which track: a tracks x leaders boolean matrix, column-wise.

    Track ``t`` (form ``forms[t]``, mentees ``mentees[t]``, the competencies it asked for in
    ``wanted[t]``, leaders it declined or let lapse in ``excluded[t]``) may have leader ``l``
    exactly when ``forms[t].check(leaders[l].teacher, mentees[t], wanted[t])`` finds nothing
    wrong, ``l`` is not excluded and is none of the mentees: the same answer as asking
    :meth:`~pedcommunity.model.MentoringForm.check` pair by pair, for every leader at once
    (the experience window, the mentor stronger in the request, complementary strengths,
    the group size, nobody mentoring themself).

    Examples:
        >>> from pedcommunity.model import Leader, Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS
        >>> old = Teacher(id="old", name="O", organisation_id="s", years_experience=20)
        >>> young = Teacher(id="young", name="Y", organisation_id="s", years_experience=1)
        >>> leaders = [Leader(teacher=old), Leader(teacher=young)]
        >>> _eligibility(leaders, [MENTORING_FORMS["traditional"]], [[young]], wanted=[[]])
        array([[ True, False]])
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    n_t, n_l = len(forms), len(leaders)
    excluded = list(excluded) or [() for _ in range(n_t)]
    out = np.ones((n_t, n_l), dtype=bool)
    if not n_t or not n_l:
        return out
    leader_at = {x.id: i for i, x in enumerate(leaders)}
    for t, (skip, group) in enumerate(zip(excluded, mentees, strict=True)):
        for lid in (*skip, *(m.id for m in group)):
            if lid in leader_at:
                out[t, leader_at[lid]] = False
        if forms[t].check_group(len(group)) is not None:
            out[t] = False
    # One row per mentee of every track, with its track's rules.
    rows = [(t, m) for t, group in enumerate(mentees) for m in group]
    if not rows:
        return out
    track = np.array([t for t, _ in rows], dtype=np.int64)
    big = 1 << 30  # an open end of the experience window
    lo = np.array([-big if f.min_experience_gap is None else f.min_experience_gap for f in forms])
    hi = np.array([big if f.max_experience_gap is None else f.max_experience_gap for f in forms])
    years = np.array([x.teacher.years_experience for x in leaders], dtype=np.int64)
    gap = years[None, :] - np.array([m.years_experience for _, m in rows])[:, None]
    fits = (gap >= lo[track][:, None]) & (gap <= hi[track][:, None])
    teacher_at: dict[str, list[int]] = {}
    for i, x in enumerate(leaders):
        teacher_at.setdefault(x.teacher.id, []).append(i)
    for r, (_, m) in enumerate(rows):
        fits[r, teacher_at.get(m.id, [])] = False
    stronger = np.array([forms[t].mentor_stronger_in_request for t, _ in rows])
    mutual = np.array([forms[t].mutual_strengths for t, _ in rows])
    if stronger.any() or mutual.any():
        fits &= _strengths(leaders, rows, wanted, stronger, mutual)
    # A track is open to a leader when every one of its mentees is.
    starts = np.flatnonzero(np.concatenate([[True], track[1:] != track[:-1]]))
    out[track[starts]] &= np.logical_and.reduceat(fits, starts, axis=0)
    return out


def _strengths(
    leaders: Sequence[Leader],
    rows: Sequence[tuple[int, Teacher]],
    wanted: Sequence[Collection[str]],
    stronger: npt.NDArray[np.bool_],
    mutual: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """The level rules of the forms, mentee rows x leaders (True where a row has none)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    comps: dict[str, int] = {}
    for x in leaders:
        for c in x.teacher.competencies:
            comps.setdefault(c, len(comps))
    for _, m in rows:
        for c in m.competencies:
            comps.setdefault(c, len(comps))
    for t, _ in rows:
        for c in wanted[t]:
            comps.setdefault(c, len(comps))
    width = max(len(comps), 1)

    def levels(people: Sequence[Teacher]) -> Any:
        out = np.zeros((len(people), width), dtype=np.int8)
        for k, p in enumerate(people):
            for c, level in p.competencies.items():
                out[k, comps[c]] = int(level)
        return out

    mentor = levels([x.teacher for x in leaders])
    mentee = levels([m for _, m in rows])
    asked = np.zeros((len(rows), width), dtype=bool)
    for r, (t, _) in enumerate(rows):
        asked[r, [comps[c] for c in wanted[t]]] = True
    out = np.ones((len(rows), len(leaders)), dtype=bool)
    step = max(1, _CELLS // (len(leaders) * width))
    for a in range(0, len(rows), step):
        b = min(a + step, len(rows))
        more = mentor[None, :, :] > mentee[a:b, None, :]  # rows x leaders x competencies
        if stronger[a:b].any():
            out[a:b] &= ~stronger[a:b, None] | (more & asked[a:b, None, :]).any(axis=2)
        if mutual[a:b].any():
            less = mentor[None, :, :] < mentee[a:b, None, :]
            out[a:b] &= ~mutual[a:b, None] | (more.any(axis=2) & less.any(axis=2))
    return out


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

    # Who may mentor which track, for every pair at once (the forms' rules, declined and
    # lapsed mentors, nobody their own mentor).
    allowed = _eligibility(
        leaders,
        [d.form for _, d in waiting],
        [d.mentees for _, d in waiting],
        wanted=[d.request.competency_ids for _, d in waiting],
        excluded=[d.excluded for _, d in waiting],
    )
    row_of = {tid: t for t, (tid, _) in enumerate(waiting)}

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
        room = np.array([free[x.id] >= size for x in leaders], dtype=bool)
        candidates = np.flatnonzero(room & allowed[row_of[tid]]).tolist()
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
    # The allowed pairs as a mask, not as never pairs: a never list of every pair the forms
    # rule out would be checked and looked up pair by pair.
    single_rows = np.array([row_of[tid] for tid, _ in singles], dtype=np.int64)
    problem = _candidate_problem(
        mentors, mentees, criteria, k=None, allowed=allowed[single_rows].reshape(-1, len(leaders))
    )
    if method == "optimal":
        result = optimal(problem, objective=objective)
    elif method == "stable":
        result = stable(problem)
    else:
        result = greedy(problem)
    pairs.update(result.mentor_of())
    return dict(sorted(pairs.items())), result
