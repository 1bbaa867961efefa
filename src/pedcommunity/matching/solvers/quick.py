"""The quick ones: greedy matching for previews, and suggestions for one mentee to choose from."""

from __future__ import annotations

from collections.abc import Sequence

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.matching.criteria import DEFAULT_CRITERIA, MatchingCriterion, Population
from pedcommunity.matching.problem import Constraints, as_problem
from pedcommunity.matching.problem.core import _total
from pedcommunity.matching.results import MatchedPair, MatchingMethod, MatchingResult
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .outcome import Source, _breakdown, _Prepared, _result

__all__ = ["greedy", "suggest"]


def greedy(
    source: Source, *, constraints: Constraints | None = None, explain: bool = True
) -> MatchingResult:
    """Take the highest-scoring pair whose mentee is free and mentor has a place, repeatedly.

    Ties go to the lower mentor index, then the lower mentee index, so the result is the same
    every time. Good for previews; :func:`optimal` is exact.

    Examples:
        >>> from pedcommunity.matching import MatchingProblem
        >>> p = MatchingProblem.from_edges([("m1", "t1", 0.5), ("m2", "t1", 0.5)],
        ...                                {"m1": 1, "m2": 1})
        >>> greedy(p).mentor_of()
        {'t1': 'm1'}
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    problem = as_problem(source, constraints=constraints)
    prep = _Prepared(problem)
    edges = prep.edges
    order = edges[
        np.lexsort(
            (problem.edge_mentee[edges], problem.edge_mentor[edges], -problem.edge_score[edges])
        )
    ]
    with_edges = np.bincount(problem.edge_mentor[edges], minlength=len(problem.mentor_ids)) > 0
    left_places = int(prep.capacity[with_edges].sum())
    left_mentees = int(np.count_nonzero(~prep.taken))
    # Plain lists: the loop reads one item at a time, where numpy scalars cost several times more.
    cap = prep.capacity.tolist()
    taken = prep.taken.tolist()
    chosen: list[int] = []
    em, ee = problem.edge_mentor[order].tolist(), problem.edge_mentee[order].tolist()
    for e, i, j in zip(order.tolist(), em, ee, strict=True):
        if not left_places or not left_mentees:
            break
        if taken[j] or cap[i] == 0:
            continue
        chosen.append(e)
        taken[j] = True
        cap[i] -= 1
        left_places -= 1
        left_mentees -= 1
    return _result(
        problem, prep, np.array(chosen, dtype=np.int64), MatchingMethod.GREEDY, None, explain
    )


def suggest(
    mentee: MenteeProfile,
    mentors: Sequence[MentorProfile],
    *,
    k: int = 5,
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    constraints: Constraints | None = None,
) -> tuple[MatchedPair, ...]:
    """The ``k`` best mentors for ``mentee`` to choose from, each with its reasons.

    Mentors with no place left (``capacity`` 0), forbidden pairs and pairs a required
    criterion rules out are skipped. Ties go to the mentor listed first.

    Examples:
        >>> from pedcommunity.model import MenteeProfile, MentorProfile
        >>> mentors = [MentorProfile(id="m1", teaches={"digital": 4}),
        ...            MentorProfile(id="m2", teaches={"digital": 4}, capacity=0),
        ...            MentorProfile(id="m3", teaches={"nvc": 4})]
        >>> tops = suggest(MenteeProfile(id="t1", needs={"digital": 3}), mentors, k=2)
        >>> [p.mentor_id for p in tops]
        ['m1', 'm3']
        >>> print(tops[0].breakdown[0].explanation.en)
        Covers 1 of 1 needs in full (digital)
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidData(f"k must be a whole number of at least 1, got {shown(k)}", path="$.k")
    if not isinstance(mentee, MenteeProfile):
        raise InvalidData(f"expected a MenteeProfile, got {type(mentee).__name__}", path="$.mentee")
    criteria = tuple(criteria)
    total = _total(criteria)
    mentors = list(mentors)
    constraints = constraints or Constraints()
    known = {m.id for m in mentors}
    for mid, _ in constraints.never:
        if mid not in known:
            raise UnknownId(kind="mentor", id=mid, known=known)
    never = {mid for mid, eid in constraints.never if eid == mentee.id}
    pop = Population(mentors, [mentee])
    rows = np.zeros(1, dtype=np.intp)
    score = np.zeros(len(mentors), dtype=np.float64)
    ok = np.array(
        [m.capacity > 0 and m.id not in never and m.id != mentee.id for m in mentors], dtype=bool
    )
    for c in criteria:
        s = c.score_block(pop, rows)[0].astype(np.float64)
        if c.required:
            ok &= s > 0
        score += c.weight * s
    score /= total
    idx = [i for i in np.lexsort((np.arange(len(mentors)), -score)).tolist() if ok[i]][:k]
    return tuple(
        MatchedPair(
            mentor_id=mentors[i].id,
            mentee_id=mentee.id,
            score=round(float(score[i]), 6),
            breakdown=_breakdown(criteria, mentors[i], mentee),
        )
        for i in idx
    )
