"""Bulk matching for a running mentoring programme: every waiting track gets a mentor.

:func:`match_programme` takes plain inputs: the tracks waiting for a mentor
(:class:`WaitingTrack`: each one's form, mentees and request, the mentors it declined or let
lapse, the mentee's own ranking of mentors), the leaders who may mentor them, and how many
mentees each leader holds now. Each track's form decides who may mentor it (the form's
experience and strength rules are hard constraints here), mentors a track already declined or
lapsed on are never proposed again, and a mentee's own ranked choices count as wishes. Group
tracks take as many places as they have mentees: they are served first, each by its best
mentor with enough places; the one-to-one tracks are then matched with the chosen method
(:func:`~pedcommunity.matching.solve`). The pairs feed a programme's ``propose_matches``
directly.

This module knows nothing of workflows: whoever holds the programme (the services layer)
reads its waiting tracks, its available mentors and their load, and passes them in.

Examples:
    See ``examples/mentoring_programme.py``, and :func:`match_programme`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .criteria import DEFAULT_CRITERIA, ExperienceGap, MatchingCriterion, Population
from .problem.candidates import _candidate_problem
from .problem.core import _total
from .results import MatchingMethod, MatchingResult, Objective
from .solvers.dispatch import _method, solve
from .waiting import WaitingTrack, _read_inputs

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from pedcommunity.model import Leader, MentoringForm, Teacher

__all__ = ["PROGRAMME_CRITERIA", "WaitingTrack", "match_programme"]

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
    tracks: Iterable[WaitingTrack],
    mentors: Iterable[Leader],
    *,
    load: Mapping[str, int] | None = None,
    method: MatchingMethod | str = "optimal",
    criteria: Sequence[MatchingCriterion] = PROGRAMME_CRITERIA,
    objective: Objective | str = Objective.PARTICIPATION,
) -> tuple[dict[str, str], MatchingResult]:
    """Mentors for the waiting tracks: ``({track_id: mentor_id}, result)``.

    In ``result`` each mentee is a one-to-one track, named by the track id; group tracks are
    in the mapping only. The result does not depend on the order of ``tracks`` or
    ``mentors``: tracks go in id order, and mentors with the most free places first, then
    by id (ties go to the first).

    Args:
        tracks: the tracks waiting for a mentor (a stored programme's:
            :func:`pedcommunity.services.matching.matching_inputs`).
        mentors: the leaders who may take mentees (trained ones); a leader with no free
            place left is left out.
        load: mentees each mentor holds now, by mentor id (none when missing).
        method: ``"optimal"``, ``"stable"`` or ``"greedy"`` (see
            :func:`~pedcommunity.matching.solve`), for the one-to-one tracks.
        criteria: how pairs are scored.
        objective: what ``optimal`` maximises.

    Raises:
        InvalidData: an unknown ``method``, bad criteria, or inputs that are not tracks,
            leaders and a load of whole numbers.

    Examples:
        >>> from pedcommunity.model import MENTORING_FORMS, Leader, MentoringRequest, Teacher
        >>> def teacher(i, years):
        ...     return Teacher(id=i, name=i, organisation_id="s1", years_experience=years)
        >>> mentors = [Leader(teacher=teacher("olga", 20), can_teach=("digital",), capacity=2),
        ...            Leader(teacher=teacher("petr", 15), can_teach=("digital",))]
        >>> request = MentoringRequest(goals=("Уроки",), competency_ids=("digital",))
        >>> tracks = [WaitingTrack(track_id=f"tr{i}", form=MENTORING_FORMS["traditional"],
        ...                        mentees=[teacher(f"t{i}", 1)], request=request,
        ...                        excluded=["olga"] if i == 1 else [])
        ...           for i in (1, 2)]
        >>> pairs, result = match_programme(tracks, mentors, load={"olga": 1})
        >>> pairs, result.figures.matched
        ({'tr1': 'petr', 'tr2': 'olga'}, 2)
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    chosen = _method(method)  # refused before any work, as every bad input is
    criteria = tuple(criteria)
    total = _total(criteria)
    given = _read_inputs(tracks, mentors, load)
    waiting = sorted(given[0], key=lambda t: t.track_id)
    held = given[2]
    # The programme's available mentors, in its order: most free places first, then by id.
    leaders = sorted(
        (x for x in given[1] if x.capacity > held.get(x.id, 0)),
        key=lambda x: (held.get(x.id, 0) - x.capacity, x.id),
    )
    free = {x.id: x.capacity - held.get(x.id, 0) for x in leaders}

    # Who may mentor which track, for every pair at once (the forms' rules, declined and
    # lapsed mentors, nobody their own mentor).
    allowed = _eligibility(
        leaders,
        [t.form for t in waiting],
        [t.mentees for t in waiting],
        wanted=[t.wanted for t in waiting],
        excluded=[t.excluded for t in waiting],
    )
    row_of = {t.track_id: r for r, t in enumerate(waiting)}

    def mentee_profile(t: WaitingTrack) -> MenteeProfile:
        wishes = tuple(c for c in t.ranked if c in free)
        return MenteeProfile.from_request(t.mentees[0], t.request, id=t.track_id, wishes=wishes)

    pairs: dict[str, str] = {}
    groups = sorted(
        (t for t in waiting if len(t.mentees) > 1), key=lambda t: (-len(t.mentees), t.track_id)
    )
    for t in groups:
        size = len(t.mentees)
        room = np.array([free[x.id] >= size for x in leaders], dtype=bool)
        candidates = np.flatnonzero(room & allowed[row_of[t.track_id]]).tolist()
        if not candidates:
            continue
        pop = Population(
            [MentorProfile.from_leader(leaders[i]) for i in candidates], [mentee_profile(t)]
        )
        score = np.zeros(len(candidates))
        for c in criteria:
            score += c.weight * c.score_block(pop, np.zeros(1, dtype=np.intp))[0]
        best = candidates[int(np.argmax(score / total))]  # ties: the first, in mentor order
        pairs[t.track_id] = leaders[best].id
        free[leaders[best].id] -= size

    singles = [t for t in waiting if len(t.mentees) == 1]
    mentors_ = [MentorProfile.from_leader(x, load=x.capacity - max(free[x.id], 0)) for x in leaders]
    mentees = [mentee_profile(t) for t in singles]
    # The allowed pairs as a mask, not as never pairs: a never list of every pair the forms
    # rule out would be checked and looked up pair by pair.
    single_rows = np.array([row_of[t.track_id] for t in singles], dtype=np.int64)
    problem = _candidate_problem(
        mentors_,
        mentees,
        criteria,
        k=None,
        allowed=allowed[single_rows].reshape(len(singles), len(leaders)),
    )
    result = solve(problem, chosen, objective=objective)
    pairs.update(result.mentor_of())
    return dict(sorted(pairs.items())), result
