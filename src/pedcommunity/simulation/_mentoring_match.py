"""Who mentors whom: the shortlist, the mentees' tracks and the matcher, for the programme.

:func:`shortlist_mentors` keeps a few mentors a mentee, each school's own first;
:func:`mentee_units` groups the mentees into tracks (one each, or a school's group);
:func:`match_units` pairs each with a mentor through the real matcher
(``services.matching.match_mentors``); :func:`teacher_record` and :func:`mentoring_request`
build the records the programme enrols and the tracks ask for.

They are apart from :mod:`._mentoring`, which keeps :class:`._mentoring.MentoringYear`
(opening the programme and moving its tracks week by week): these run once, when the year
starts, and fire nothing. The random draws are the caller's, in its order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pedcommunity.i18n import Label
from pedcommunity.model import FOUR_C, Level, MenteeProfile, MentorProfile, Teacher
from pedcommunity.model.mentoring import MentoringForm, MentoringRequest
from pedcommunity.simulation._people import SimTeacher

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "match_units",
    "mentee_units",
    "mentoring_request",
    "shortlist_mentors",
    "teacher_record",
]

_GOAL = Label(ru="Развить компетенцию: {name}", en="Grow a competency: {name}")


def shortlist_mentors(
    people: Sequence[SimTeacher],
    pool: Sequence[SimTeacher],
    per_mentee: int | None,
    rng: np.random.Generator,
) -> list[SimTeacher]:
    """At most ``per_mentee`` mentors a mentee, in id order: each school's own first.

    As a coordinator asks each school for mentors in proportion to its early-career teachers
    and fills the places of schools short of mentors from elsewhere (in an order drawn from
    ``rng``). Matching scores every pair: 1,500 mentees took 0.8 s with 8,500 mentors and
    0.45 s with a shortlist of 3,000.

    Examples:
        >>> import numpy as np
        >>> pool = [SimTeacher(f"m{i}", f"s{i % 3}", 10, "math") for i in range(9)]
        >>> people = [SimTeacher("t1", "s1", 1, "math")]
        >>> [t.id for t in shortlist_mentors(people, pool, 2, np.random.default_rng(1))]
        ['m1', 'm7']
    """
    if per_mentee is None or len(pool) <= per_mentee * len(people):
        return list(pool)
    places = Counter(t.school_id for t in people for _ in range(per_mentee))
    chosen, rest = [], []
    for i in rng.permutation(len(pool)).tolist():
        school = pool[i].school_id
        if places[school] > 0:
            places[school] -= 1
            chosen.append(i)
        else:
            rest.append(i)
    chosen.extend(rest[: per_mentee * len(people) - len(chosen)])
    return [pool[i] for i in sorted(chosen)]


def mentee_units(
    people: Sequence[SimTeacher], form: MentoringForm, size: int
) -> list[tuple[SimTeacher, ...]]:
    """The mentees of each track: one each, or groups of at most ``size`` (the form's sizes).

    A school's mentees are split into groups as even as can be; those of schools with too
    few for a group are grouped together; too few of those form no group.

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS
        >>> people = [SimTeacher(f"t{i}", f"s{min(i, 5)}", 1, "math") for i in range(8)]
        >>> [[t.id for t in u] for u in mentee_units(people, MENTORING_FORMS["group"], 2)]
        [['t5', 't6', 't7'], ['t0', 't1', 't2'], ['t3', 't4']]
    """
    if form.max_mentees == 1:
        return [(t,) for t in people]
    low, size = form.min_mentees, min(max(size, form.min_mentees), form.max_mentees)
    schools: dict[str, list[SimTeacher]] = {}
    for t in people:  # in id order
        schools.setdefault(t.school_id, []).append(t)
    few = [t for school in sorted(schools) for t in schools[school] if len(schools[school]) < low]
    out = []
    for group in [*(schools[s] for s in sorted(schools) if len(schools[s]) >= low), few]:
        n = len(group)
        k = -(-n // size)
        while k > 0 and n // k < low:
            k -= 1
        at = 0
        for i in range(k):
            step = n // k + (i < n % k)
            out.append(tuple(group[at : at + step]))
            at += step
    return out


def teacher_record(t: SimTeacher) -> Teacher:
    """The programme's record of a simulated teacher (named by id).

    Examples:
        >>> teacher_record(SimTeacher("t1", "s1", 12, "math")).subjects
        ('math',)
    """
    return Teacher(
        id=t.id,
        name=t.id,
        organisation_id=t.school_id,
        subjects=(t.subject,),
        years_experience=t.years_experience,
    )


def mentoring_request(competency_ids: Sequence[str], lang: str) -> MentoringRequest:
    """A track's request: one goal per competency its mentees want to grow, in ``lang``.

    Examples:
        >>> mentoring_request(["4c.creativity", "4c.creativity"], "en").competency_ids
        ('4c.creativity',)
    """
    wanted = tuple(dict.fromkeys(competency_ids))
    goals = (_GOAL.get(lang).format(name=FOUR_C[c].name.get(lang)) for c in wanted)
    return MentoringRequest(goals=tuple(goals), competency_ids=wanted)


def match_units(
    units: Sequence[Sequence[SimTeacher]],
    requests: Mapping[str, MentoringRequest],
    mentors: Sequence[SimTeacher],
    teaches: Mapping[str, tuple[str, ...]],
    *,
    capacity: int,
    method: str,
    k: int,
) -> dict[str, str]:
    """A unit's first mentee's id to its mentor's, by the matcher's default criteria.

    The profiles are those ``MentorProfile.from_leader`` and ``MenteeProfile.from_request``
    give (a group's joins its members'); the programme checks the form's rules on each pair.

    Examples:
        >>> match_units([], {}, [], {}, capacity=2, method="optimal", k=10)
        {}
    """
    if not units or not mentors:
        return {}
    from pedcommunity.services.matching import match_mentors  # noqa: PLC0415 (scipy)

    def mentor(t: SimTeacher) -> MentorProfile:
        return MentorProfile(
            id=t.id,
            organisation_id=t.school_id,
            subjects=(t.subject,),
            years_experience=t.years_experience,
            teaches=dict.fromkeys(teaches[t.id], Level.PROFICIENT),
            capacity=capacity,
        )

    def mentee(unit: Sequence[SimTeacher]) -> MenteeProfile:
        return MenteeProfile(
            id=unit[0].id,
            organisation_id=unit[0].school_id,
            subjects=tuple(sorted({t.subject for t in unit})),
            years_experience=max(t.years_experience for t in unit),
            needs=dict.fromkeys(requests[unit[0].id].competency_ids, Level.PROFICIENT),
        )

    result = match_mentors(
        [mentor(t) for t in mentors],
        [mentee(u) for u in units],
        method=method,
        k=k,
        explain=False,
    )
    return result.mentor_of()
