"""The criteria of how two profiles fit: subject, organisation, experience, time, format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label
from pedcommunity.model.mentoring import MentoringForm
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .base import MatchingCriterion, Population, _common_block, _overlap_block

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]
    Index = npt.NDArray[np.intp]

__all__ = [
    "ExperienceGap",
    "FormatMatch",
    "OrganisationPreference",
    "SameSubject",
    "TimeOverlap",
]


@attrs.frozen
class SameSubject(MatchingCriterion):
    """1 when mentor and mentee teach a subject in common, 0 when not, 0.5 when unknown.

    Examples:
        >>> SameSubject().score(MentorProfile(id="m", subjects=("math", "physics")),
        ...                     MenteeProfile(id="t", subjects=("physics",)))
        1.0
    """

    name: ClassVar[str] = "subject"
    label: ClassVar[Label] = Label(ru="Общий предмет", en="Same subject")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if not mentor.subjects or not mentee.subjects:
            return 0.5
        return 1.0 if set(mentor.subjects) & set(mentee.subjects) else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        common = sorted(set(mentor.subjects) & set(mentee.subjects))
        if common:
            return Label(
                ru=f"Общий предмет: {', '.join(common)}", en=f"Same subject: {', '.join(common)}"
            )
        if value == 0.5:
            return Label(ru="Предмет не указан", en="Subject not stated")
        return Label(ru="Разные предметы", en="Different subjects")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _overlap_block(
            pop, "subjects", lambda m: m.subjects, lambda e: e.subjects, mentees
        )
        men_has = pop.cached(
            "subjects_known", lambda: np.array([bool(m.subjects) for m in pop.mentors], dtype=bool)
        )
        out = (common > 0).astype(np.float32)
        # Row and column masks: a full-size boolean mask costs more than the product itself.
        out[sizes == 0, :] = 0.5
        out[:, ~men_has] = 0.5
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _common_block(
            pop, "subjects", (lambda m: m.subjects, lambda e: e.subjects), mentees, mentors
        )
        men_has = pop.cached(
            "subjects_known", lambda: np.array([bool(m.subjects) for m in pop.mentors], dtype=bool)
        )
        out = (common > 0).astype(np.float32)
        out[sizes == 0, :] = 0.5
        out[:, ~men_has[mentors]] = 0.5
        return out


@attrs.frozen
class OrganisationPreference(MatchingCriterion):
    """Same organisation (or a different one, ``prefer="different"``): 1 if as preferred.

    Within one school a pair meets easily; a city programme may rather spread experience
    across schools. Unknown organisations score 0.5.

    Examples:
        >>> m = MentorProfile(id="m", organisation_id="s1")
        >>> e = MenteeProfile(id="t", organisation_id="s2")
        >>> OrganisationPreference().score(m, e), OrganisationPreference(prefer="different").score(
        ...     m, e)
        (0.0, 1.0)
    """

    name: ClassVar[str] = "organisation"
    label: ClassVar[Label] = Label(ru="Организация", en="Organisation")

    prefer: Literal["same", "different"] = attrs.field(
        default="same", validator=attrs.validators.in_(("same", "different"))
    )

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if mentor.organisation_id is None or mentee.organisation_id is None:
            return 0.5
        same = mentor.organisation_id == mentee.organisation_id
        return 1.0 if same == (self.prefer == "same") else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        if value == 0.5:
            return Label(ru="Организация не указана", en="Organisation not stated")
        if mentor.organisation_id == mentee.organisation_id:
            return Label(ru="Из одной организации", en="Same organisation")
        return Label(ru="Из разных организаций", en="Different organisations")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102

        men, ees = pop.cached("organisations", lambda: self._codes(pop))
        return self._values(men, ees[mentees])

    @staticmethod
    def _codes(pop: Population) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        codes: dict[str, int] = {}
        men = [
            codes.setdefault(m.organisation_id, len(codes)) if m.organisation_id else -1
            for m in pop.mentors
        ]
        ees = [
            codes.setdefault(e.organisation_id, len(codes)) if e.organisation_id else -1
            for e in pop.mentees
        ]
        return np.array(men, dtype=np.int64), np.array(ees, dtype=np.int64)

    def _values(self, men: npt.NDArray[np.int64], block: npt.NDArray[np.int64]) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        same = block[:, None] == men[None, :]
        out: Matrix = (same if self.prefer == "same" else ~same).astype(np.float32)
        out[block < 0, :] = 0.5
        out[:, men < 0] = 0.5
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        men, ees = pop.cached("organisations", lambda: self._codes(pop))
        return self._values(men[mentors], ees[mentees])


_GAP_PRESETS: dict[str, tuple[int | None, int | None]] = {
    "traditional": (5, None),
    "reverse": (None, -1),
    "partner": (-5, 5),
}


@attrs.frozen
class ExperienceGap(MatchingCriterion):
    """The mentor's years of experience minus the mentee's, inside the window a form wants.

    A gap inside ``[min_gap, max_gap]`` (either end open when ``None``) scores 1; outside it
    the score falls by one ``scale``-th per year away, down to 0. ``form`` picks a preset
    window: ``"traditional"`` five years or more, ``"reverse"`` a younger mentor (the mentee
    is the more experienced teacher), ``"partner"`` within five years either way.
    :meth:`for_form` takes the window from a :class:`~pedcommunity.model.MentoringForm`.

    Examples:
        >>> m = MentorProfile(id="m", years_experience=12)
        >>> e = MenteeProfile(id="t", years_experience=2)
        >>> ExperienceGap().score(m, e), ExperienceGap(form="partner").score(m, e)
        (1.0, 0.5)
    """

    name: ClassVar[str] = "experience"
    label: ClassVar[Label] = Label(ru="Разница в опыте", en="Experience gap")

    form: str = attrs.field(default="traditional")
    min_gap: int | None = attrs.field(
        default=attrs.Factory(
            lambda self: _GAP_PRESETS.get(self.form, (None, None))[0], takes_self=True
        )
    )
    max_gap: int | None = attrs.field(
        default=attrs.Factory(
            lambda self: _GAP_PRESETS.get(self.form, (None, None))[1], takes_self=True
        )
    )
    scale: int = attrs.field(default=10)

    @scale.validator
    def _check_scale(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"scale must be a whole number of at least 1, got {shown(value)}")
        if self.min_gap is not None and self.max_gap is not None and self.min_gap > self.max_gap:
            raise ValueError(f"min_gap {self.min_gap} is above max_gap {self.max_gap}")

    @classmethod
    def for_form(cls, form: MentoringForm, **kwargs: Any) -> ExperienceGap:
        """The window of ``form``'s experience rule.

        Examples:
            >>> from pedcommunity.model.mentoring import MENTORING_FORMS
            >>> g = ExperienceGap.for_form(MENTORING_FORMS["reverse"])
            >>> g.form, g.min_gap, g.max_gap
            ('reverse', None, -1)
        """
        return cls(
            form=form.id, min_gap=form.min_experience_gap, max_gap=form.max_experience_gap, **kwargs
        )

    def _distance(self, gap: Any) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        lo = -np.inf if self.min_gap is None else self.min_gap
        hi = np.inf if self.max_gap is None else self.max_gap
        return np.maximum(np.maximum(lo - gap, gap - hi), 0)

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        gap = mentor.years_experience - mentee.years_experience
        return float(max(0.0, 1.0 - float(self._distance(gap)) / self.scale))

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        gap = mentor.years_experience - mentee.years_experience
        if gap >= 0:
            base = Label(
                ru=f"Наставник опытнее на {gap} л.", en=f"Mentor {gap} years more experienced"
            )
        else:
            base = Label(
                ru=f"Наставляемый опытнее на {-gap} л.", en=f"Mentee {-gap} years more experienced"
            )
        fits = (
            Label(ru="как требует форма", en="as the form wants")
            if value == 1.0
            else Label(ru="вне окна формы", en="outside the form's window")
        )
        return Label(ru=f"{base.ru}, {fits.ru}", en=f"{base.en}, {fits.en}")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102

        men, ees = pop.cached("years", lambda: self._years(pop))
        return self._values(men, ees[mentees])

    def _values(self, men: npt.NDArray[np.int16], block: npt.NDArray[np.int16]) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        # Years are whole numbers from 0 to 70, so the gap has 141 values: look them up.
        gaps = np.arange(-70, 71)
        table = np.clip(1.0 - self._distance(gaps) / self.scale, 0.0, 1.0).astype(np.float32)
        gap = men[None, :] - block[:, None] + np.int16(70)
        out: Matrix = table[gap]
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        men, ees = pop.cached("years", lambda: self._years(pop))
        return self._values(men[mentors], ees[mentees])

    @staticmethod
    def _years(pop: Population) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        return (
            np.array([m.years_experience for m in pop.mentors], dtype=np.int16),
            np.array([e.years_experience for e in pop.mentees], dtype=np.int16),
        )


@attrs.frozen
class TimeOverlap(MatchingCriterion):
    """The share of the mentee's time slots the mentor can meet in too (1 if either is free).

    Examples:
        >>> TimeOverlap().score(MentorProfile(id="m", available=("mon", "tue")),
        ...                     MenteeProfile(id="t", available=("tue", "wed")))
        0.5
    """

    name: ClassVar[str] = "time"
    label: ClassVar[Label] = Label(ru="Общее время", en="Time overlap")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if not mentor.available or not mentee.available:
            return 1.0
        return len(set(mentor.available) & set(mentee.available)) / len(mentee.available)

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        if not mentor.available or not mentee.available:
            return Label(ru="Время не ограничено", en="No time limits stated")
        common = sorted(set(mentor.available) & set(mentee.available))
        if not common:
            return Label(ru="Нет общего времени", en="No common time slot")
        return Label(ru=f"Общее время: {', '.join(common)}", en=f"Common time: {', '.join(common)}")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _overlap_block(
            pop, "available", lambda m: m.available, lambda e: e.available, mentees
        )
        men_free = pop.cached(
            "available_free", lambda: np.array([not m.available for m in pop.mentors], dtype=bool)
        )
        out = common / np.maximum(sizes, 1)[:, None]
        out[sizes == 0, :] = 1.0
        out[:, men_free] = 1.0
        return out.astype(np.float32, copy=False)

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _common_block(
            pop, "available", (lambda m: m.available, lambda e: e.available), mentees, mentors
        )
        men_free = pop.cached(
            "available_free", lambda: np.array([not m.available for m in pop.mentors], dtype=bool)
        )
        out = common / np.maximum(sizes, 1)[:, None]
        out[sizes == 0, :] = 1.0
        out[:, men_free[mentors]] = 1.0
        return out.astype(np.float32, copy=False)


@attrs.frozen
class FormatMatch(MatchingCriterion):
    """1 when mentor and mentee share a meeting format; required by default.

    Examples:
        >>> from pedcommunity.model import MeetingFormat as F
        >>> FormatMatch().score(MentorProfile(id="m", formats=(F.ONLINE,)),
        ...                     MenteeProfile(id="t", formats=(F.IN_PERSON,)))
        0.0
    """

    name: ClassVar[str] = "format"
    label: ClassVar[Label] = Label(ru="Формат встреч", en="Meeting format")

    required: bool = attrs.field(default=True, kw_only=True)

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        return 1.0 if set(mentor.formats) & set(mentee.formats) else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        common = [f for f in mentee.formats if f in mentor.formats]
        if not common:
            return Label(ru="Нет общего формата встреч", en="No common meeting format")
        return Label(
            ru="Формат: " + ", ".join(f.label.ru.lower() for f in common),
            en="Format: " + ", ".join(f.label.en.lower() for f in common),
        )

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, _ = _overlap_block(
            pop, "formats", lambda m: m.formats, lambda e: e.formats, mentees
        )
        return (common > 0).astype(np.float32)

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, _ = _common_block(
            pop, "formats", (lambda m: m.formats, lambda e: e.formats), mentees, mentors
        )
        return (common > 0).astype(np.float32)
