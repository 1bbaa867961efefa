"""The pair's work: the development programme, sessions, progress, pulses, pauses.

The mentor (or curator) sets the personal development programme, built from the request, and
begins; then sessions and check-ins are logged, activities and milestones completed (a
milestone not reached in time is flagged overdue), progress rated or derived, pulse surveys
sent and answered, and the track paused, resumed or extended within its form's bounds. Each
trigger's payload, guards and effect are here, and at the end this sub-process's part of the
definition (:data:`TRIGGERS`, :data:`TRANSITIONS`, :data:`GUARDS`, :data:`EFFECTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_positive_int,
    check_text,
    evolve_checked,
    evolve_trusted,
)
from pedcommunity.model.mentoring import DevelopmentProgramme, MeetingFormat, plan_problems
from pedcommunity.workflows.definition import Effect, Guard, Transition, TriggerSpec
from pedcommunity.workflows.mentoring_track.data import (
    C,
    PauseRecord,
    ProgressMode,
    PulseAnswer,
    SessionKind,
    SessionRecord,
    TrackData,
    _between,
    _optional_text,
)

__all__ = [
    "EFFECTS",
    "GUARDS",
    "TRANSITIONS",
    "TRIGGERS",
    "AnswerPulse",
    "CompleteActivity",
    "CompleteMilestone",
    "ExtendTrack",
    "FlagMilestone",
    "LogSession",
    "PauseTrack",
    "RateProgress",
    "SetPlan",
]

# -- payloads -----------------------------------------------------------------------------------


@attrs.frozen
class SetPlan:
    """Payload of ``set_plan``: the personal development programme."""

    plan: DevelopmentProgramme = attrs.field(
        validator=attrs.validators.instance_of(DevelopmentProgramme)
    )


@attrs.frozen
class LogSession:
    """Payload of ``log_session``: a session or check-in that took place."""

    kind: SessionKind = attrs.field(
        default=SessionKind.SESSION, validator=attrs.validators.instance_of(SessionKind)
    )
    format: MeetingFormat = attrs.field(
        default=MeetingFormat.IN_PERSON, validator=attrs.validators.instance_of(MeetingFormat)
    )
    notes: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class CompleteActivity:
    """Payload of ``complete_activity``: an activity of the plan is done."""

    activity_id: str = attrs.field(validator=check_id)


@attrs.frozen
class CompleteMilestone:
    """Payload of ``complete_milestone``: a milestone of the plan is reached."""

    milestone_id: str = attrs.field(validator=check_id)


@attrs.frozen
class FlagMilestone:
    """Payload of ``flag_milestone``: a milestone fell due without being reached."""

    milestone_id: str = attrs.field(validator=check_id)


@attrs.frozen
class RateProgress:
    """Payload of ``rate_progress``: the mentor's rating of one goal, in percent."""

    goal_id: str = attrs.field(validator=check_id)
    percent: int = attrs.field(validator=_between(0, 100))


@attrs.frozen
class AnswerPulse:
    """Payload of ``answer_pulse``: the actor's pulse answer (1 to 5) and a comment."""

    score: int = attrs.field(validator=_between(1, 5))
    comment: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class PauseTrack:
    """Payload of ``pause``: why the track pauses."""

    reason: str = attrs.field(validator=check_text)


@attrs.frozen
class ExtendTrack:
    """Payload of ``extend``: how many days to add to the end date."""

    days: int = attrs.field(validator=check_positive_int)


# -- guards -------------------------------------------------------------------------------------


def _g_plan_fits_request(ctx: C) -> str | None:
    return plan_problems(ctx.payload.plan, ctx.data.request, ctx.data.form)


def _g_has_plan(ctx: C) -> str | None:
    if ctx.data.plan is None:
        return "set the development programme (set_plan) first"
    return None


def _g_session_allowed(ctx: C) -> str | None:
    form = ctx.data.form
    fmt: MeetingFormat = ctx.payload.format
    if fmt not in form.meeting_formats:
        allowed = ", ".join(f.value for f in form.meeting_formats)
        return f"{form.label.en.lower()} meets {allowed} only, not {fmt.value}"
    if form.max_meetings is not None and ctx.payload.kind is SessionKind.SESSION:
        held = sum(1 for s in ctx.data.sessions if s.kind is SessionKind.SESSION)
        if held >= form.max_meetings:
            return (
                f"{form.label.en.lower()} has at most {counted(form.max_meetings, 'session')}; "
                f"{held} held"
            )
    return None


def _g_activity_open(ctx: C) -> str | None:
    aid = ctx.payload.activity_id
    plan = ctx.data.plan
    if plan is None or all(a.id != aid for a in plan.activities):
        known = ", ".join(a.id for a in plan.activities) if plan else "none"
        return f"activity '{aid}' is not in the plan; activities: {known}"
    if aid in ctx.data.done_activities:
        return f"activity '{aid}' is done already"
    return None


def _g_milestone_open(ctx: C) -> str | None:
    mid = ctx.payload.milestone_id
    plan = ctx.data.plan
    if plan is None or all(m.id != mid for m in plan.milestones):
        known = ", ".join(m.id for m in plan.milestones) if plan else "none"
        return f"milestone '{mid}' is not in the plan; milestones: {known}"
    if mid in ctx.data.done_milestones:
        return f"milestone '{mid}' is reached already"
    return None


def _g_milestone_overdue(ctx: C) -> str | None:
    mid = ctx.payload.milestone_id
    if mid in ctx.data.overdue_milestones:
        return f"milestone '{mid}' is flagged overdue already"
    when = ctx.data.milestone_due_at(mid)
    if when is None or ctx.at <= when:
        return f"milestone '{mid}' is due at {when.isoformat() if when else '?'}, not yet"
    return None


def _g_rated_mode(ctx: C) -> str | None:
    if ctx.data.rules.progress is not ProgressMode.RATED:
        return "progress in this track is derived from completed activities, not rated"
    plan = ctx.data.plan
    gid = ctx.payload.goal_id
    if plan is None or gid not in plan.goal_ids:
        known = ", ".join(plan.goal_ids) if plan else "none"
        return f"goal '{gid}' is not in the plan; goals: {known}"
    return None


def _g_pulse_open(ctx: C) -> str | None:
    if not ctx.data.pulse_requests:
        return "no pulse survey has been sent yet (tick sends one when it falls due)"
    last = ctx.data.pulse_requests[-1]
    if any(p.teacher_id == ctx.actor and p.at >= last for p in ctx.data.pulses):
        return f"'{ctx.actor}' has answered the current pulse survey already"
    return None


def _g_pulse_due(ctx: C) -> str | None:
    when = ctx.data.next_pulse_at
    if when is None:
        return "this track runs no pulse surveys"
    if ctx.at < when:
        return f"the next pulse survey is due at {when.isoformat()}"
    return None


def _g_extension_fits(ctx: C) -> str | None:
    d = ctx.data
    if d.plan is None:
        return "set the plan first"
    total = d.plan.duration_days + d.extension_days + ctx.payload.days
    if total > d.form.max_days:
        return (
            f"{d.form.label.en.lower()} lasts at most {d.form.max_days} days; the track "
            f"would last {total}"
        )
    return None


# -- effects ------------------------------------------------------------------------------------


def _e_set_plan(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, plan=ctx.payload.plan)


def _e_begin(ctx: C) -> TrackData:
    plan = ctx.data.plan
    assert plan is not None
    return evolve_checked(
        ctx.data, started_at=ctx.at, ends_at=ctx.at + timedelta(days=plan.duration_days)
    )


def _e_log_session(ctx: C) -> TrackData:
    p: LogSession = ctx.payload
    s = SessionRecord(kind=p.kind, at=ctx.at, format=p.format, by=ctx.actor, notes=p.notes)
    return evolve_trusted(ctx.data, sessions=(*ctx.data.sessions, s))


def _e_complete_activity(ctx: C) -> TrackData:
    done = FrozenMap({**ctx.data.done_activities, ctx.payload.activity_id: ctx.at})
    return evolve_trusted(ctx.data, done_activities=done)


def _e_complete_milestone(ctx: C) -> TrackData:
    done = FrozenMap({**ctx.data.done_milestones, ctx.payload.milestone_id: ctx.at})
    return evolve_trusted(ctx.data, done_milestones=done)


def _e_flag_milestone(ctx: C) -> TrackData:
    # The milestone_overdue guard refused a milestone flagged already: no id twice.
    flagged = (*ctx.data.overdue_milestones, ctx.payload.milestone_id)
    return evolve_trusted(ctx.data, overdue_milestones=flagged)


def _e_rate(ctx: C) -> TrackData:
    ratings = FrozenMap({**ctx.data.ratings, ctx.payload.goal_id: ctx.payload.percent})
    return evolve_trusted(ctx.data, ratings=ratings)


def _e_request_pulse(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, pulse_requests=(*ctx.data.pulse_requests, ctx.at))


def _e_answer_pulse(ctx: C) -> TrackData:
    a = PulseAnswer(
        teacher_id=ctx.actor, at=ctx.at, score=ctx.payload.score, comment=ctx.payload.comment
    )
    return evolve_trusted(ctx.data, pulses=(*ctx.data.pulses, a))


def _e_pause(ctx: C) -> TrackData:
    pause = PauseRecord(since=ctx.at, reason=ctx.payload.reason)
    return evolve_trusted(ctx.data, pauses=(*ctx.data.pauses, pause))


def _e_resume(ctx: C) -> TrackData:
    d = ctx.data
    last = d.pauses[-1]
    length = ctx.at - last.since
    return evolve_checked(
        d,
        pauses=(*d.pauses[:-1], evolve_checked(last, until=ctx.at)),
        ends_at=None if d.ends_at is None else d.ends_at + length,
    )


def _e_extend(ctx: C) -> TrackData:
    d = ctx.data
    days = ctx.payload.days
    # Checked: a form may allow more days than extension_days takes (36,500), and then the
    # track refuses the extension, as it always did.
    return evolve_checked(
        d,
        extension_days=d.extension_days + days,
        ends_at=None if d.ends_at is None else d.ends_at + timedelta(days=days),
    )


# -- the definition's part ----------------------------------------------------------------------

_t = TriggerSpec.labelled

#: The triggers of the pair's work, in the definition's order.
TRIGGERS: tuple[TriggerSpec, ...] = (
    _t("set_plan", "Утвердить программу", "Set the development programme", SetPlan),
    _t("begin", "Начать работу", "Begin work"),
    _t("log_session", "Отметить встречу", "Log a session", LogSession),
    _t("complete_activity", "Выполнить задание", "Complete an activity", CompleteActivity),
    _t("complete_milestone", "Достичь контрольной точки", "Reach a milestone", CompleteMilestone),
    _t(
        "flag_milestone", "Контрольная точка просрочена", "Flag an overdue milestone", FlagMilestone
    ),
    _t("rate_progress", "Оценить продвижение", "Rate progress", RateProgress),
    _t("request_pulse", "Отправить пульс-опрос", "Send a pulse survey"),
    _t("answer_pulse", "Ответить на пульс-опрос", "Answer the pulse survey", AnswerPulse),
    _t("pause", "Приостановить", "Pause", PauseTrack),
    _t("resume", "Возобновить", "Resume"),
    _t("extend", "Продлить", "Extend the end date", ExtendTrack),
)

#: The transitions of the pair's work, in the order they are tried.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("set_plan", "planning", None, ("plan_fits_request",), "set_plan"),
    Transition("begin", "planning", "active", ("has_plan",), "begin"),
    Transition("log_session", "active", None, ("session_allowed",), "log_session"),
    Transition("complete_activity", "active", None, ("activity_open",), "complete_activity"),
    Transition("complete_milestone", "active", None, ("milestone_open",), "complete_milestone"),
    Transition(
        "flag_milestone",
        "active",
        None,
        ("milestone_open", "milestone_overdue"),
        "flag_milestone",
    ),
    Transition("rate_progress", "active", None, ("rated_mode",), "rate"),
    Transition("request_pulse", "active", None, ("pulse_due",), "request_pulse"),
    Transition("answer_pulse", "active", None, ("pulse_open",), "answer_pulse"),
    Transition("pause", "active", "paused", (), "pause"),
    Transition("resume", "paused", "active", (), "resume"),
    Transition("extend", ("active", "paused"), None, ("extension_fits",), "extend"),
)

#: The guards of the pair's work, by the names the transitions give.
GUARDS: Mapping[str, Guard] = FrozenMap(
    {
        "plan_fits_request": _g_plan_fits_request,
        "has_plan": _g_has_plan,
        "session_allowed": _g_session_allowed,
        "activity_open": _g_activity_open,
        "milestone_open": _g_milestone_open,
        "milestone_overdue": _g_milestone_overdue,
        "rated_mode": _g_rated_mode,
        "pulse_due": _g_pulse_due,
        "pulse_open": _g_pulse_open,
        "extension_fits": _g_extension_fits,
    }
)

#: The effects of the pair's work, by the names the transitions give.
EFFECTS: Mapping[str, Effect] = FrozenMap(
    {
        "set_plan": _e_set_plan,
        "begin": _e_begin,
        "log_session": _e_log_session,
        "complete_activity": _e_complete_activity,
        "complete_milestone": _e_complete_milestone,
        "flag_milestone": _e_flag_milestone,
        "rate": _e_rate,
        "request_pulse": _e_request_pulse,
        "answer_pulse": _e_answer_pulse,
        "pause": _e_pause,
        "resume": _e_resume,
        "extend": _e_extend,
    }
)
