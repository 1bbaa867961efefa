"""The navigators school («Школа навигаторов», seed 003) as a workflow definition.

Leaders of the competency leaders bank are offered training with coaches (seed 003:11); those
who attend enough of it graduate as navigators, who then bring their initiatives to the
initiatives office (:mod:`pedcommunity.workflows.initiatives`). :data:`NAVIGATORS_SCHOOL` is
version 2; :data:`NAVIGATORS_SCHOOL_V1`, kept to replay old logs, enrols any leader and
graduates them one :class:`~pedcommunity.model.leaders.LeaderLevel` up (a mentor becomes a
competency leader).

Stages: ``enrolment`` -> ``training`` -> ``graduation`` -> ``finished``, or ``cancelled``.

The rules, as guards:

- **Offer.** ``offer_training`` (version 2) records the bank leaders offered training
  (``bank_ids``), each once; the services offer it to the programme's bank
  (:mod:`pedcommunity.services.leaders`).
- **Enrolment.** The payload is the leader's bank record. In version 2 only the leaders
  offered training enrol (``in_bank``; ``rules.bank_only=False`` opens enrolment). Only
  leaders below navigator enrol, once; a coach of the school does not enrol as a learner; the
  cohort stays within ``max_cohort``. Leaders may withdraw during enrolment and training.
- **Training.** It starts with ``min_cohort`` to ``max_cohort`` leaders and at least one
  coach. A coaching session is led by a coach of the school and attended by cohort members.
- **Graduation.** It opens after ``min_sessions`` sessions. A cohort member graduates once,
  and only if they attended at least ``min_attendance`` of the sessions held (the refusal
  says who falls short and by how many sessions). Each graduate's raised record is kept:
  at ``rules.graduates_as`` (navigator) in version 2, one level up in version 1.
- **End.** The school finishes once someone has graduated; it may be cancelled before that.

:func:`promotions` gives the promoted records; ``bank.apply(promotions(data))`` raises the
graduates in a :class:`~pedcommunity.model.leaders.LeadersBank`.

Examples:
    >>> from pedcommunity.workflows.navigators import NAVIGATORS_SCHOOL
    >>> [s.name for s in NAVIGATORS_SCHOOL.states]
    ['enrolment', 'training', 'graduation', 'finished', 'cancelled']
    >>> NAVIGATORS_SCHOOL.triggers_from("training")  # doctest: +NORMALIZE_WHITESPACE
    ('withdraw_leader', 'add_coach', 'hold_session', 'start_graduation', 'cancel',
     'offer_training')
"""

from __future__ import annotations

from pedcommunity.workflows.navigators.data import (
    CoachingSession,
    NavigatorsSchoolData,
    NavigatorsSchoolRules,
)
from pedcommunity.workflows.navigators.definition import (
    NAVIGATORS_SCHOOL,
    NAVIGATORS_SCHOOL_V1,
    SCHOOL_PERMISSIONS,
    school_roles,
)
from pedcommunity.workflows.navigators.enrolment import (
    AddCoach,
    EnrolLeader,
    OfferTraining,
    WithdrawLeader,
)
from pedcommunity.workflows.navigators.graduation import (
    CancelSchool,
    GraduateLeaders,
    promotions,
)
from pedcommunity.workflows.navigators.training import HoldSession

__all__ = [
    "NAVIGATORS_SCHOOL",
    "NAVIGATORS_SCHOOL_V1",
    "SCHOOL_PERMISSIONS",
    "AddCoach",
    "CancelSchool",
    "CoachingSession",
    "EnrolLeader",
    "GraduateLeaders",
    "HoldSession",
    "NavigatorsSchoolData",
    "NavigatorsSchoolRules",
    "OfferTraining",
    "WithdrawLeader",
    "promotions",
    "school_roles",
]
