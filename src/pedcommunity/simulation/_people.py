"""The simulated teachers as the drivers see them: plain records, built from the model's arrays.

The model (:mod:`pedcommunity.simulation.model`) keeps its agents in numpy arrays, one row a
teacher; the drivers that run real workflows (:mod:`._plc`, :mod:`._mentoring`,
:mod:`._community`) get these small records instead, so that they need not know the arrays.

Examples:
    >>> SimTeacher(id="t0001", school_id="s01", years_experience=2, subject="math").early_career
    True
"""

from __future__ import annotations

import attrs

__all__ = ["EARLY_CAREER_YEARS", "SimTeacher"]

#: Teachers with fewer years than this are early-career (молодые педагоги): mentees.
EARLY_CAREER_YEARS = 3


@attrs.frozen
class SimTeacher:
    """A simulated teacher: id, school, years of experience and subject."""

    id: str
    school_id: str
    years_experience: int
    subject: str

    @property
    def early_career(self) -> bool:
        """Whether the teacher is in their first :data:`EARLY_CAREER_YEARS` years."""
        return self.years_experience < EARLY_CAREER_YEARS
