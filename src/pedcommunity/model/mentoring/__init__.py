"""Mentoring: the forms of mentoring, who plays which role, and a mentee's development programme.

A :class:`MentoringForm` says who may mentor whom and how (one to one or a group, the
experience gap, strengths, meeting format, how long). The standard forms of seeds 001 and 003
are in :data:`MENTORING_FORMS`; a programme can add its own with
:meth:`MentoringForms.add`. A mentee's :class:`MentoringRequest` (goals, competencies to grow,
preferred formats) is what their :class:`DevelopmentProgramme` is built from.

The package holds the roles and formats (``_enums``), the forms of mentoring (``_forms``)
the request and development programme (``_programme``) and drafting a programme from a
request (``_draft``); import every name from here.

Examples:
    >>> from pedcommunity.model import Teacher, Level
    >>> from pedcommunity.model.mentoring import MENTORING_FORMS
    >>> senior = Teacher(id="m1", name="Ольга", organisation_id="s1", years_experience=20,
    ...                  competencies={"4c.creativity": Level.EXPERT})
    >>> junior = Teacher(id="t1", name="Иван", organisation_id="s1", years_experience=1,
    ...                  competencies={"digital": Level.PROFICIENT})
    >>> MENTORING_FORMS["traditional"].check(senior, [junior], ["4c.creativity"]) is None
    True
    >>> print(MENTORING_FORMS["reverse"].check(senior, [junior], ["4c.creativity"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    reverse mentoring: the mentor must have less experience than every mentee
    (m1 has 20 years, t1 has 1)
"""

from pedcommunity.model.mentoring._clusters import ClusterKind, Speaker, SpeakerKind
from pedcommunity.model.mentoring._draft import DEFAULT_DRAFT_DAYS as DEFAULT_DRAFT_DAYS
from pedcommunity.model.mentoring._draft import draft_programme
from pedcommunity.model.mentoring._enums import ActivityFormat, MeetingFormat, Role
from pedcommunity.model.mentoring._forms import FLASH as FLASH
from pedcommunity.model.mentoring._forms import GROUP as GROUP
from pedcommunity.model.mentoring._forms import MENTORING_FORMS, MentoringForm, MentoringForms
from pedcommunity.model.mentoring._forms import PARTNER as PARTNER
from pedcommunity.model.mentoring._forms import REVERSE as REVERSE
from pedcommunity.model.mentoring._forms import TRADITIONAL as TRADITIONAL
from pedcommunity.model.mentoring._forms import VIRTUAL as VIRTUAL
from pedcommunity.model.mentoring._programme import (
    Activity,
    DevelopmentProgramme,
    Goal,
    MentoringRequest,
    Milestone,
    plan_problems,
)

__all__ = [
    "MENTORING_FORMS",
    "Activity",
    "ActivityFormat",
    "ClusterKind",
    "DevelopmentProgramme",
    "Goal",
    "MeetingFormat",
    "MentoringForm",
    "MentoringForms",
    "MentoringRequest",
    "Milestone",
    "Role",
    "Speaker",
    "SpeakerKind",
    "draft_programme",
    "plan_problems",
]
