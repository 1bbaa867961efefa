"""The navigators school («Школа навигаторов», seed 003) as a workflow definition.

Leaders of the competency leaders bank are offered training with coaches; those who attend
enough of it graduate one :class:`~pedcommunity.model.leaders.LeaderLevel` up (a mentor
becomes a competency leader, a competency leader a navigator). Navigators then bring their
initiatives to the initiatives office (:mod:`pedcommunity.workflows.initiatives`).

Stages: ``enrolment`` -> ``training`` -> ``graduation`` -> ``finished``, or ``cancelled``.

The rules, as guards:

- **Enrolment.** The payload is the leader's bank record (``bank.get(id)``). Only leaders
  below navigator enrol, once; a coach of the school does not enrol as a learner; the cohort
  stays within ``max_cohort``. Leaders may withdraw during enrolment and training.
- **Training.** It starts with ``min_cohort`` to ``max_cohort`` leaders and at least one
  coach. A coaching session is led by a coach of the school and attended by cohort members.
- **Graduation.** It opens after ``min_sessions`` sessions. A cohort member graduates once,
  and only if they attended at least ``min_attendance`` of the sessions held (the refusal
  says who falls short and by how many sessions). Each graduate's promoted record is kept.
- **End.** The school finishes once someone has graduated; it may be cancelled before that.

:func:`promotions` gives the promoted records; ``bank.apply(promotions(data))`` raises the
graduates in a :class:`~pedcommunity.model.leaders.LeadersBank`.

Examples:
    >>> from pedcommunity.workflows.navigators import NAVIGATORS_SCHOOL
    >>> [s.name for s in NAVIGATORS_SCHOOL.states]
    ['enrolment', 'training', 'graduation', 'finished', 'cancelled']
    >>> NAVIGATORS_SCHOOL.triggers_from("training")
    ('withdraw_leader', 'add_coach', 'hold_session', 'start_graduation', 'cancel')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label, counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    evolve_checked,
    instances_of,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.workflows.definition import (
    Context,
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission

__all__ = [
    "NAVIGATORS_SCHOOL",
    "SCHOOL_PERMISSIONS",
    "AddCoach",
    "CancelSchool",
    "CoachingSession",
    "EnrolLeader",
    "GraduateLeaders",
    "HoldSession",
    "NavigatorsSchoolData",
    "NavigatorsSchoolRules",
    "WithdrawLeader",
    "promotions",
    "school_roles",
]


# -- data -------------------------------------------------------------------------------------


def _share(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


def _unique_leaders(
    instance: object, attribute: attrs.Attribute[tuple[Leader, ...]], value: tuple[Leader, ...]
) -> None:
    seen: set[str] = set()
    for leader in value:
        if not isinstance(leader, Leader):
            raise TypeError(f"{attribute.name} holds Leader objects, got {shown(leader)}")
        if leader.id in seen:
            raise DuplicateId(kind="leader", id=leader.id, field=attribute.name)
        seen.add(leader.id)


def _learners(
    instance: object, attribute: attrs.Attribute[tuple[Leader, ...]], value: tuple[Leader, ...]
) -> None:
    _unique_leaders(instance, attribute, value)
    top = [x.id for x in value if x.level is LeaderLevel.NAVIGATOR]
    if top:
        raise ValueError(
            f"{attribute.name} holds leaders below navigator only; navigators: {', '.join(top)}"
        )


@attrs.frozen
class NavigatorsSchoolRules:
    """The configurable rules of a navigators school.

    Examples:
        >>> NavigatorsSchoolRules().min_attendance
        0.75
        >>> NavigatorsSchoolRules(min_cohort=5, max_cohort=4)
        Traceback (most recent call last):
        ...
        ValueError: min_cohort (5) must not exceed max_cohort (4)
    """

    min_attendance: float = attrs.field(default=0.75, validator=_share)
    min_cohort: int = attrs.field(default=3, validator=check_positive_int)
    max_cohort: int = attrs.field(default=25, validator=check_positive_int)
    min_sessions: int = attrs.field(default=1, validator=check_positive_int)

    def __attrs_post_init__(self) -> None:
        if self.min_cohort > self.max_cohort:
            raise ValueError(
                f"min_cohort ({self.min_cohort}) must not exceed max_cohort ({self.max_cohort})"
            )

    def sessions_needed(self, held: int) -> int:
        """How many of ``held`` sessions a leader must attend to graduate.

        Examples:
            >>> NavigatorsSchoolRules().sessions_needed(4)
            3
        """
        # The epsilon keeps 0.75 * 4 from rounding up to 4 through float error.
        return math.ceil(self.min_attendance * held - 1e-9)


@attrs.frozen
class CoachingSession:
    """A session of the school: its topic, the coach who led it, when, and who attended."""

    topic: str = attrs.field(validator=check_text)
    coach_id: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    attendees: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)


@attrs.frozen
class NavigatorsSchoolData:
    """Everything a navigators school knows at one moment. Effects return a new one.

    ``cohort`` holds the leaders' records as they enrolled; ``graduates`` holds the promoted
    records of those who graduated (one level up).

    Examples:
        >>> d = NavigatorsSchoolData(name="Школа навигаторов 2026", host_id="cdo-poisk")
        >>> d.cohort, d.rules.min_cohort
        ((), 3)
    """

    name: str = attrs.field(validator=check_text)
    host_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: NavigatorsSchoolRules = attrs.field(
        factory=NavigatorsSchoolRules,
        validator=attrs.validators.instance_of(NavigatorsSchoolRules),
    )
    cohort: tuple[Leader, ...] = attrs.field(default=(), converter=to_tuple, validator=_learners)
    coaches: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    sessions: tuple[CoachingSession, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CoachingSession)
    )
    graduates: tuple[Leader, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_leaders
    )
    cancelled_reason: str | None = attrs.field(default=None, validator=check_optional_text)

    @property
    def cohort_ids(self) -> tuple[str, ...]:
        """The ids of the cohort's leaders, in enrolment order."""
        return tuple(x.id for x in self.cohort)

    @property
    def graduate_ids(self) -> tuple[str, ...]:
        """The ids of the graduates, in graduation order."""
        return tuple(x.id for x in self.graduates)

    def member(self, leader_id: str) -> Leader | None:
        """The cohort member with this id, if any."""
        return next((x for x in self.cohort if x.id == leader_id), None)

    def attended(self, leader_id: str) -> int:
        """How many of the sessions held this leader attended.

        Examples:
            >>> from datetime import datetime, timezone
            >>> at = datetime(2026, 2, 1, tzinfo=timezone.utc)
            >>> d = NavigatorsSchoolData(name="Ш", sessions=[
            ...     CoachingSession(topic="Лидер", coach_id="c", at=at, attendees=("a",))])
            >>> d.attended("a"), d.attended("b")
            (1, 0)
        """
        return sum(1 for s in self.sessions if leader_id in s.attendees)

    def eligible(self) -> tuple[str, ...]:
        """Cohort members who meet the attendance rule and have not graduated yet.

        Examples:
            >>> NavigatorsSchoolData(name="Ш").eligible()
            ()
        """
        need = self.rules.sessions_needed(len(self.sessions))
        done = set(self.graduate_ids)
        return tuple(
            i
            for i in self.cohort_ids
            if i not in done and self.sessions and self.attended(i) >= need
        )


def promotions(data: NavigatorsSchoolData) -> tuple[Leader, ...]:
    """The promoted records of the school's graduates, to apply to a leaders bank.

    Apply them once the school has finished: ``bank.apply(promotions(wf.data))`` (see
    :meth:`~pedcommunity.model.leaders.LeadersBank.apply`).

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
        >>> [x.level.name for x in promotions(NavigatorsSchoolData(name="Ш",
        ...                                                        graduates=[a.promoted()]))]
        ['COMPETENCY_LEADER']
    """
    return data.graduates


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class EnrolLeader:
    """Payload of ``enrol``: the leader's record from the bank."""

    leader: Leader = attrs.field(validator=attrs.validators.instance_of(Leader))


@attrs.frozen
class WithdrawLeader:
    """Payload of ``withdraw_leader``: the cohort member who leaves and, optionally, why."""

    leader_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen
class AddCoach:
    """Payload of ``add_coach``: a coach who trains the cohort."""

    coach_id: str = attrs.field(validator=check_id)


@attrs.frozen
class HoldSession:
    """Payload of ``hold_session``: a coaching session took place."""

    topic: str = attrs.field(validator=check_text)
    coach_id: str = attrs.field(validator=check_id)
    attendees: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)


def _some(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one leader")


@attrs.frozen
class GraduateLeaders:
    """Payload of ``graduate``: the cohort members who graduate now."""

    leader_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[_some, check_ids])


@attrs.frozen
class CancelSchool:
    """Payload of ``cancel``: why the school ends without graduates."""

    reason: str = attrs.field(validator=check_text)


# -- guards -----------------------------------------------------------------------------------

C = Context[NavigatorsSchoolData]


def _g_below_navigator(ctx: C) -> str | None:
    leader: Leader = ctx.payload.leader
    if leader.level is LeaderLevel.NAVIGATOR:
        return (
            f"'{leader.id}' is a navigator already; the school trains mentors and "
            "competency leaders"
        )
    return None


def _g_not_enrolled(ctx: C) -> str | None:
    lid = ctx.payload.leader.id
    if lid in ctx.data.cohort_ids:
        return f"'{lid}' is enrolled already"
    return None


def _g_not_a_coach(ctx: C) -> str | None:
    lid = ctx.payload.leader.id
    if lid in ctx.data.coaches:
        return f"'{lid}' coaches this school and does not enrol as a learner"
    return None


def _g_cohort_room(ctx: C) -> str | None:
    mx = ctx.data.rules.max_cohort
    if len(ctx.data.cohort) >= mx:
        return f"the cohort is full ({counted(mx, 'leader')} is the maximum)"
    return None


def _g_in_cohort(ctx: C) -> str | None:
    lid = ctx.payload.leader_id
    if lid not in ctx.data.cohort_ids:
        return f"'{lid}' is not in the cohort; cohort: {', '.join(ctx.data.cohort_ids) or 'none'}"
    return None


def _g_new_coach(ctx: C) -> str | None:
    cid = ctx.payload.coach_id
    if cid in ctx.data.coaches:
        return f"'{cid}' coaches this school already"
    if cid in ctx.data.cohort_ids:
        return f"'{cid}' is a learner in the cohort; a coach comes from outside it"
    return None


def _g_cohort_size(ctx: C) -> str | None:
    r = ctx.data.rules
    n = len(ctx.data.cohort)
    if not r.min_cohort <= n <= r.max_cohort:
        return (
            f"the cohort has {counted(n, 'leader')}; training needs {r.min_cohort} to "
            f"{r.max_cohort}"
        )
    return None


def _g_has_coach(ctx: C) -> str | None:
    if not ctx.data.coaches:
        return "the school has no coach; add one before training starts"
    return None


def _g_school_coach(ctx: C) -> str | None:
    cid = ctx.payload.coach_id
    if cid not in ctx.data.coaches:
        return (
            f"'{cid}' is not a coach of this school; "
            f"coaches: {', '.join(ctx.data.coaches) or 'none'}; "
            "add them first"
        )
    return None


def _g_attendees_in_cohort(ctx: C) -> str | None:
    attendees = ctx.payload.attendees
    if not attendees:
        return "name the cohort members who attended the session"
    strangers = [a for a in attendees if a not in ctx.data.cohort_ids]
    if strangers:
        return f"attendees must be in the cohort; not in it: {', '.join(strangers)}"
    return None


def _g_sessions_held(ctx: C) -> str | None:
    need = ctx.data.rules.min_sessions
    held = len(ctx.data.sessions)
    if held < need:
        return (
            f"{counted(held, 'session')} {'has' if held == 1 else 'have'} been held; "
            f"graduation needs at least {need}"
        )
    return None


def _g_graduates_in_cohort(ctx: C) -> str | None:
    strangers = [i for i in ctx.payload.leader_ids if i not in ctx.data.cohort_ids]
    if strangers:
        return f"only cohort members graduate; not in the cohort: {', '.join(strangers)}"
    return None


def _g_not_graduated(ctx: C) -> str | None:
    again = [i for i in ctx.payload.leader_ids if i in ctx.data.graduate_ids]
    if again:
        return f"graduated already: {', '.join(again)}"
    return None


def _g_attendance_met(ctx: C) -> str | None:
    d = ctx.data
    held = len(d.sessions)
    need = d.rules.sessions_needed(held)
    short = [(i, d.attended(i)) for i in ctx.payload.leader_ids if d.attended(i) < need]
    if short:
        who = "; ".join(f"'{i}' attended {n} (short by {need - n})" for i, n in short)
        return (
            f"graduation needs {need} of the {held} sessions held "
            f"({d.rules.min_attendance:.0%} attendance); {who}"
        )
    return None


def _g_graduation_done(ctx: C) -> str | None:
    if not ctx.data.graduates:
        eligible = ", ".join(ctx.data.eligible()) or "none"
        return (
            f"nobody has graduated yet; graduate those who met the attendance rule "
            f"(eligible: {eligible}), or cancel the school"
        )
    return None


def _g_no_graduates(ctx: C) -> str | None:
    if ctx.data.graduates:
        return (
            f"leaders have graduated already ({', '.join(ctx.data.graduate_ids)}); "
            "finish the school instead"
        )
    return None


# -- effects ----------------------------------------------------------------------------------


def _e_enrol(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, cohort=(*ctx.data.cohort, ctx.payload.leader))


def _e_withdraw(ctx: C) -> NavigatorsSchoolData:
    lid = ctx.payload.leader_id
    return evolve_checked(ctx.data, cohort=tuple(x for x in ctx.data.cohort if x.id != lid))


def _e_add_coach(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, coaches=(*ctx.data.coaches, ctx.payload.coach_id))


def _e_session(ctx: C) -> NavigatorsSchoolData:
    p: HoldSession = ctx.payload
    session = CoachingSession(topic=p.topic, coach_id=p.coach_id, at=ctx.at, attendees=p.attendees)
    return evolve_checked(ctx.data, sessions=(*ctx.data.sessions, session))


def _e_graduate(ctx: C) -> NavigatorsSchoolData:
    d = ctx.data
    by_id = {x.id: x for x in d.cohort}
    promoted = tuple(by_id[lid].promoted() for lid in ctx.payload.leader_ids)
    return evolve_checked(d, graduates=(*d.graduates, *promoted))


def _e_cancel(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, cancelled_reason=ctx.payload.reason)


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

# -- who may fire what -----------------------------------------------------------------------


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

NAVIGATORS_SCHOOL = WorkflowDefinition(
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
"""The navigators school of seed 003, version 1: enrolment, training, graduation a level up."""
