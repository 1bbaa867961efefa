"""Criteria that score a mentor for a mentee, each from 0 (poor) to 1 (ideal), with weights.

A pair's score is the weighted mean of its criteria, so it stays between 0 and 1 whatever the
weights. A criterion marked ``required`` also acts as a hard constraint: a pair it scores 0 is
not eligible at all (by default only :class:`FormatMatch` is required: a mentee who can only
meet in person gets no online-only mentor).

The built-in criteria are the ones coordinators named in the source documents:

=================== ============================================================================
``coverage``        how far the mentor can teach what the mentee needs, level by level
``subject``         a subject in common
``organisation``    same (or, per programme, a different) organisation
``experience``      the experience gap the mentoring form wants (traditional, reverse, partner)
``time``            the share of the mentee's time slots the mentor can also meet in
``format``          a meeting format in common (in person, online)
``wishes``          the mentee asked for this mentor (first wish scores highest)
=================== ============================================================================

Adding a criterion takes a few lines: subclass :class:`MatchingCriterion`, give it a ``name`` and a
``label`` and write ``score``. Built-ins also score whole blocks of pairs at once with numpy
(:meth:`MatchingCriterion.score_block`), which is what lets a region of 100,000 mentees be scored;
a criterion of your own works without it, only slower.

The modules: :mod:`.base` (:class:`Population`, :class:`MatchingCriterion` and the block
helpers), :mod:`.needs` (coverage and wishes) and :mod:`.profile` (subject, organisation,
experience, time and format).

Examples:
    >>> import attrs
    >>> from pedcommunity.i18n import Label
    >>> from pedcommunity.model import MenteeProfile, MentorProfile
    >>> @attrs.frozen
    ... class SameCity(MatchingCriterion):
    ...     name = "city"
    ...     label = Label(ru="Один город", en="Same city")
    ...     def score(self, mentor, mentee):
    ...         return float(mentor.attributes.get("city") == mentee.attributes.get("city"))
    >>> m = MentorProfile(id="m1", attributes={"city": "Сургут"})
    >>> e = MenteeProfile(id="t1", attributes={"city": "Сургут"})
    >>> SameCity(weight=2).score(m, e)
    1.0
"""

from __future__ import annotations

from .base import MatchingCriterion, Population
from .needs import MenteeWishes, NeedsCoverage
from .profile import (
    ExperienceGap,
    FormatMatch,
    OrganisationPreference,
    SameSubject,
    TimeOverlap,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "ExperienceGap",
    "FormatMatch",
    "MatchingCriterion",
    "MenteeWishes",
    "NeedsCoverage",
    "OrganisationPreference",
    "Population",
    "SameSubject",
    "TimeOverlap",
]


DEFAULT_CRITERIA: tuple[MatchingCriterion, ...] = (
    NeedsCoverage(weight=4.0),
    SameSubject(weight=1.5),
    ExperienceGap(weight=1.5),
    OrganisationPreference(weight=1.0),
    TimeOverlap(weight=1.0),
    FormatMatch(weight=0.5),
    MenteeWishes(weight=1.0),
)
"""The criteria used when none are given: needs coverage counts most, then subject and
experience; a common meeting format is required."""
