"""The navigators school's definitions and who may fire what.

:data:`NAVIGATORS_SCHOOL` is version 2, :data:`NAVIGATORS_SCHOOL_V1` version 1. The stages,
triggers and transitions are declared here; the guards and effects come from the module of
each sub-process. Version 2 enrols only the bank leaders offered training and graduates
navigators; version 1 stays registered, so that its logs replay unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap
from pedcommunity.workflows.definition import (
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.navigators.data import NavigatorsSchoolData
from pedcommunity.workflows.navigators.enrolment import (
    AddCoach,
    EnrolLeader,
    OfferTraining,
    WithdrawLeader,
    _e_add_coach,
    _e_enrol,
    _e_offer,
    _e_withdraw,
    _g_below_navigator,
    _g_cohort_room,
    _g_in_bank,
    _g_in_cohort,
    _g_new_coach,
    _g_not_a_coach,
    _g_not_enrolled,
    _g_offer_new,
)
from pedcommunity.workflows.navigators.graduation import (
    CancelSchool,
    GraduateLeaders,
    _e_cancel,
    _e_graduate,
    _e_graduate_to,
    _g_attendance_met,
    _g_graduates_in_cohort,
    _g_graduation_done,
    _g_no_graduates,
    _g_not_graduated,
)
from pedcommunity.workflows.navigators.training import (
    HoldSession,
    _e_session,
    _g_attendees_in_cohort,
    _g_cohort_size,
    _g_has_coach,
    _g_school_coach,
    _g_sessions_held,
)
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission

# -- the definition ---------------------------------------------------------------------------


_STAGES = (
    State("enrolment", Label(ru="Набор в школу", en="Enrolment")),
    State("training", Label(ru="Обучение с коучами", en="Training")),
    State("graduation", Label(ru="Выпуск", en="Graduation")),
    State("finished", Label(ru="Школа завершена", en="Finished"), final=True),
    State("cancelled", Label(ru="Школа отменена", en="Cancelled"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("enrol", "Зачислить лидера", "Enrol a leader", EnrolLeader),
    _t("withdraw_leader", "Отчислить лидера", "Withdraw a leader", WithdrawLeader),
    _t("add_coach", "Пригласить коуча", "Add a coach", AddCoach),
    _t("start_training", "Начать обучение", "Start training"),
    _t("hold_session", "Провести коуч-сессию", "Hold a coaching session", HoldSession),
    _t("start_graduation", "Перейти к выпуску", "Start graduation"),
    _t("graduate", "Выпустить лидеров", "Graduate leaders", GraduateLeaders),
    _t("finish", "Завершить школу", "Finish the school"),
    _t("cancel", "Отменить школу", "Cancel the school", CancelSchool),
)


_TRANSITIONS = (
    Transition(
        "enrol",
        "enrolment",
        None,
        ("below_navigator", "not_enrolled", "not_a_coach", "cohort_room"),
        "enrol",
    ),
    Transition("withdraw_leader", ("enrolment", "training"), None, ("in_cohort",), "withdraw"),
    Transition("add_coach", ("enrolment", "training"), None, ("new_coach",), "add_coach"),
    Transition("start_training", "enrolment", "training", ("cohort_size", "has_coach")),
    Transition(
        "hold_session", "training", None, ("school_coach", "attendees_in_cohort"), "session"
    ),
    Transition("start_graduation", "training", "graduation", ("sessions_held",)),
    Transition(
        "graduate",
        "graduation",
        None,
        ("graduates_in_cohort", "not_graduated", "attendance_met"),
        "graduate",
    ),
    Transition("finish", "graduation", "finished", ("graduation_done",)),
    Transition(
        "cancel", ("enrolment", "training", "graduation"), "cancelled", ("no_graduates",), "cancel"
    ),
)


_GUARDS: dict[str, Guard] = {
    "below_navigator": _g_below_navigator,
    "not_enrolled": _g_not_enrolled,
    "not_a_coach": _g_not_a_coach,
    "cohort_room": _g_cohort_room,
    "in_cohort": _g_in_cohort,
    "new_coach": _g_new_coach,
    "cohort_size": _g_cohort_size,
    "has_coach": _g_has_coach,
    "school_coach": _g_school_coach,
    "attendees_in_cohort": _g_attendees_in_cohort,
    "sessions_held": _g_sessions_held,
    "graduates_in_cohort": _g_graduates_in_cohort,
    "not_graduated": _g_not_graduated,
    "attendance_met": _g_attendance_met,
    "graduation_done": _g_graduation_done,
    "no_graduates": _g_no_graduates,
}


_EFFECTS: dict[str, Effect] = {
    "enrol": _e_enrol,
    "withdraw": _e_withdraw,
    "add_coach": _e_add_coach,
    "session": _e_session,
    "graduate": _e_graduate,
    "cancel": _e_cancel,
}


# -- who may fire what ------------------------------------------------------------------------


def school_roles(data: NavigatorsSchoolData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a navigators school: ``organiser``, ``coach``, ``learner``.

    Examples:
        >>> d = NavigatorsSchoolData(name="Школа", organiser_ids=("poisk",), coaches=("c1",))
        >>> sorted(school_roles(d, "poisk")), sorted(school_roles(d, "c1"))
        (['organiser'], ['coach'])
    """
    roles = set()
    if actor in data.organiser_ids:
        roles.add("organiser")
    if actor in data.coaches:
        roles.add("coach")
    if actor in data.cohort_ids:
        roles.add("learner")
    return frozenset(roles)


_ORG = Permission.of("organiser")


#: Who may fire each trigger of the navigators school: its organisers run it; a coach records
#: the sessions they led (an organiser may record one for them) and, with the organisers,
#: graduates the cohort; a learner may withdraw themselves.
SCHOOL_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "enrol": _ORG,
        "withdraw_leader": Permission.of("learner", subject="leader_id", for_others=("organiser",)),
        "add_coach": _ORG,
        "start_training": _ORG,
        "hold_session": Permission.of("coach", subject="coach_id", for_others=("organiser",)),
        "start_graduation": _ORG,
        "graduate": Permission.of("organiser", "coach"),
        "finish": _ORG,
        "cancel": _ORG,
    }
)


NAVIGATORS_SCHOOL_V1 = WorkflowDefinition(
    name="navigators_school",
    version="1",
    label=Label(ru="Школа навигаторов", en="Navigators school"),
    states=_STAGES,
    initial="enrolment",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=NavigatorsSchoolData,
    roles={r: ROLE_LABELS[r] for r in ("organiser", "coach", "learner")},
    roles_of=school_roles,
    permissions=SCHOOL_PERMISSIONS,
)
"""The navigators school of seed 003, version 1: any leader below navigator enrols, and a
graduate goes one level up (a mentor graduates as a competency leader). Kept to replay
version 1 logs."""


NAVIGATORS_SCHOOL = NAVIGATORS_SCHOOL_V1.extend(
    name="navigators_school",
    version="2",
    triggers=[
        _t(
            "offer_training",
            "Предложить обучение лидерам банка",
            "Offer training to bank leaders",
            OfferTraining,
        )
    ],
    transitions=[
        Transition("offer_training", ("enrolment", "training"), None, ("offer_new",), "offer")
    ],
    guards={"offer_new": _g_offer_new, "in_bank": _g_in_bank},
    effects={"offer": _e_offer, "graduate": _e_graduate_to},
    add_guards={"enrol": ["in_bank"]},
    permissions={"offer_training": _ORG},
)
"""The navigators school of seed 003, version 2 (003:11): training is offered to the leaders
of the competency leaders bank (``offer_training``), only they enrol (``in_bank``, unless
``rules.bank_only`` is ``False``), and graduates are raised to ``rules.graduates_as``
(navigator), so that the initiatives office takes their initiatives.

Examples:
    >>> NAVIGATORS_SCHOOL.key, NAVIGATORS_SCHOOL.based_on
    ('navigators_school@2', 'navigators_school@1')
    >>> NAVIGATORS_SCHOOL.triggers_from("enrolment")  # doctest: +NORMALIZE_WHITESPACE
    ('enrol', 'withdraw_leader', 'add_coach', 'start_training', 'cancel', 'offer_training')
"""
