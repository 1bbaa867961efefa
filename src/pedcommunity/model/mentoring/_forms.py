"""The forms of mentoring: who may mentor whom and how, and the catalogue of standard forms.

Examples:
    >>> MENTORING_FORMS.ids
    ('traditional', 'reverse', 'partner', 'group', 'flash', 'virtual')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model._fields import check_bool, check_id, check_positive_int, to_tuple
from pedcommunity.model.mentoring._enums import MeetingFormat
from pedcommunity.model.people import Teacher

__all__ = [
    "FLASH",
    "GROUP",
    "MENTORING_FORMS",
    "PARTNER",
    "REVERSE",
    "TRADITIONAL",
    "VIRTUAL",
    "MentoringForm",
    "MentoringForms",
]


def _optional_int(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{attribute.name} must be a whole number or None, got {shown(value)}")


def _formats(
    instance: object, attribute: attrs.Attribute[tuple[MeetingFormat, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValueError(f"{attribute.name} must list at least one meeting format")
    for f in value:
        if not isinstance(f, MeetingFormat):
            raise ValueError(f"{attribute.name} holds MeetingFormat values, got {shown(f)}")
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} lists a meeting format twice")


@attrs.frozen
class MentoringForm:
    """A form of mentoring and the eligibility rules a track checks before a pair is formed.

    The experience gap is the mentor's years of experience minus each mentee's:
    ``min_experience_gap=1`` means the mentor is more experienced than every mentee,
    ``max_experience_gap=-1`` that the mentor is less experienced (reverse mentoring).
    ``mentor_stronger_in_request`` asks that the mentor's level exceed the mentee's in at least
    one competency the mentee wants to grow; ``mutual_strengths`` that each side is stronger
    than the other in something (partners with complementary strengths).

    Examples:
        >>> flash = MENTORING_FORMS["flash"]
        >>> flash.max_meetings, flash.label.ru
        (1, 'Флеш-наставничество')
    """

    id: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    description: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    min_mentees: int = attrs.field(default=1, validator=check_positive_int)
    max_mentees: int = attrs.field(default=1, validator=check_positive_int)
    min_experience_gap: int | None = attrs.field(default=None, validator=_optional_int)
    max_experience_gap: int | None = attrs.field(default=None, validator=_optional_int)
    mentor_stronger_in_request: bool = attrs.field(default=False, validator=check_bool)
    mutual_strengths: bool = attrs.field(default=False, validator=check_bool)
    meeting_formats: tuple[MeetingFormat, ...] = attrs.field(
        default=(MeetingFormat.IN_PERSON, MeetingFormat.ONLINE),
        converter=to_tuple,
        validator=_formats,
    )
    max_meetings: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_positive_int)
    )
    min_days: int = attrs.field(default=30, validator=check_positive_int)
    max_days: int = attrs.field(default=365, validator=check_positive_int)

    def __attrs_post_init__(self) -> None:
        if self.min_mentees > self.max_mentees:
            raise ValueError(
                f"min_mentees ({self.min_mentees}) must not exceed max_mentees ({self.max_mentees})"
            )
        if self.min_days > self.max_days:
            raise ValueError(
                f"min_days ({self.min_days}) must not exceed max_days ({self.max_days})"
            )
        lo, hi = self.min_experience_gap, self.max_experience_gap
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"min_experience_gap ({lo}) must not exceed max_experience_gap ({hi})")

    def check_group(self, mentee_count: int) -> str | None:
        """Say what is wrong with a group of ``mentee_count`` mentees for this form, if anything.

        Examples:
            >>> print(MENTORING_FORMS["traditional"].check_group(2))
            traditional mentoring is for 1 mentee, not 2; a group form takes several
        """
        lo, hi = self.min_mentees, self.max_mentees
        if lo <= mentee_count <= hi:
            return None
        size = f"{lo}" if lo == hi else f"{lo} to {hi}"
        hint = "; a group form takes several" if hi == 1 else ""
        return (
            f"{self.label.en.lower()} is for {size} mentee{'s' if hi > 1 else ''}, "
            f"not {mentee_count}{hint}"
        )

    def check(
        self, mentor: Teacher, mentees: Sequence[Teacher], competency_ids: Iterable[str] = ()
    ) -> str | None:
        """Say why ``mentor`` may not mentor ``mentees`` in this form, or ``None`` if they may.

        Args:
            mentor: the proposed mentor.
            mentees: the mentee, or the group's mentees.
            competency_ids: the competencies the mentees asked to grow.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Teacher(id="a", name="A", organisation_id="o", years_experience=5)
            >>> print(MENTORING_FORMS["traditional"].check(a, [a]))
            traditional mentoring: a cannot mentor themself
        """
        name = self.label.en.lower()
        wanted = tuple(competency_ids)
        problem = self.check_group(len(mentees))
        if problem is not None:
            return problem
        for mentee in mentees:
            if mentee.id == mentor.id:
                return f"{name}: {mentor.id} cannot mentor themself"
            gap = mentor.years_experience - mentee.years_experience
            years = (
                f"{mentor.id} has {mentor.years_experience} years, "
                f"{mentee.id} has {mentee.years_experience}"
            )
            lo, hi = self.min_experience_gap, self.max_experience_gap
            if lo is not None and gap < lo:
                need = (
                    "more experience than every mentee"
                    if lo == 1
                    else f"at least {lo} more years than every mentee"
                    if lo > 0
                    else f"no more than {-lo} fewer years than any mentee"
                )
                return f"{name}: the mentor must have {need} ({years})"
            if hi is not None and gap > hi:
                need = (
                    "less experience than every mentee"
                    if hi == -1
                    else f"no more than {hi} more years than any mentee"
                    if hi >= 0
                    else f"at least {-hi} fewer years than every mentee"
                )
                return f"{name}: the mentor must have {need} ({years})"
            if self.mentor_stronger_in_request and not any(
                mentor.level(c) > mentee.level(c) for c in wanted
            ):
                asked = ", ".join(wanted) or "none"
                return (
                    f"{name}: {mentor.id} is not stronger than {mentee.id} in any competency "
                    f"{mentee.id} asked for ({asked})"
                )
            if self.mutual_strengths:
                comps = set(mentor.competencies) | set(mentee.competencies)
                gives = any(mentor.level(c) > mentee.level(c) for c in comps)
                takes = any(mentee.level(c) > mentor.level(c) for c in comps)
                if not (gives and takes):
                    return (
                        f"{name}: partners need complementary strengths; each of {mentor.id} "
                        f"and {mentee.id} must be stronger than the other in some competency"
                    )
        return None


def _form(id: str, ru: str, en: str, about_ru: str, about_en: str, **rules: Any) -> MentoringForm:
    return MentoringForm(
        id=id,
        label=Label(ru=ru, en=en),
        description=Label(ru=about_ru, en=about_en),
        **rules,
    )


TRADITIONAL = _form(
    "traditional",
    "Традиционное наставничество",
    "Traditional mentoring",
    "Один на один: более опытный педагог сопровождает менее опытного.",
    "One to one: a more experienced teacher supports a less experienced one.",
    min_experience_gap=1,
)
REVERSE = _form(
    "reverse",
    "Реверсивное наставничество",
    "Reverse mentoring",
    "Менее опытный педагог наставляет более опытного там, где сильнее (например, цифровые "
    "инструменты).",
    "The less experienced teacher mentors a more experienced one where they are stronger "
    "(e.g. digital tools).",
    max_experience_gap=-1,
    mentor_stronger_in_request=True,
)
PARTNER = _form(
    "partner",
    "Партнёрское наставничество",
    "Partner mentoring",
    "Коллеги близкого опыта с взаимодополняющими сильными сторонами.",
    "Peers of similar experience with complementary strengths.",
    min_experience_gap=-5,
    max_experience_gap=5,
    mutual_strengths=True,
)
GROUP = _form(
    "group",
    "Групповое наставничество",
    "Group mentoring",
    "Один наставник и несколько наставляемых.",
    "One mentor and several mentees.",
    min_mentees=2,
    max_mentees=8,
    min_experience_gap=1,
)
FLASH = _form(
    "flash",
    "Флеш-наставничество",
    "Flash mentoring",
    "Одна встреча для ответа на конкретный запрос.",
    "A single meeting to answer one request.",
    min_experience_gap=1,
    max_meetings=1,
    min_days=1,
    max_days=30,
)
VIRTUAL = _form(
    "virtual",
    "Виртуальное наставничество",
    "Virtual mentoring",
    "Дистанционная работа пары, только онлайн.",
    "A pair that works remotely, online only.",
    min_experience_gap=1,
    meeting_formats=(MeetingFormat.ONLINE,),
)


@attrs.frozen
class MentoringForms:
    """A catalogue of mentoring forms by id; extend it with :meth:`add` (it returns a new one).

    Examples:
        >>> from pedcommunity.i18n import Label
        >>> mine = MENTORING_FORMS.add(MentoringForm(
        ...     id="team", label=Label(ru="Командное", en="Team mentoring"),
        ...     description=Label(ru="Команда", en="A team"), max_mentees=5))
        >>> "team" in mine, "team" in MENTORING_FORMS
        (True, False)
    """

    forms: tuple[MentoringForm, ...] = attrs.field(converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for f in self.forms:
            if not isinstance(f, MentoringForm):
                raise ValueError(f"forms holds MentoringForm values, got {shown(f)}")
            if f.id in seen:
                raise DuplicateId(kind="mentoring form", id=f.id, field="forms")
            seen.add(f.id)

    def __getitem__(self, form_id: str) -> MentoringForm:
        for f in self.forms:
            if f.id == form_id:
                return f
        raise UnknownId(kind="mentoring form", id=form_id, known=self.ids)

    def __contains__(self, form_id: object) -> bool:
        return any(f.id == form_id for f in self.forms)

    def __iter__(self) -> Iterator[MentoringForm]:
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)

    @property
    def ids(self) -> tuple[str, ...]:
        """The forms' ids in catalogue order."""
        return tuple(f.id for f in self.forms)

    def add(self, form: MentoringForm) -> MentoringForms:
        """A new catalogue with ``form`` added (a form with the same id is refused)."""
        return MentoringForms((*self.forms, form))


#: The standard forms: traditional, reverse, partner, group, flash and virtual mentoring.
MENTORING_FORMS = MentoringForms((TRADITIONAL, REVERSE, PARTNER, GROUP, FLASH, VIRTUAL))
