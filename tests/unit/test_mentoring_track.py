"""The mentoring track: every stage, every rule, every refusal leaves the track as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from pedcommunity.errors import (
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PedcommunityError,
    PermissionDenied,
)
from pedcommunity.model import Level, Teacher
from pedcommunity.model.festival import FestivalDirection, FestivalEntry, Product, ShowcaseTrack
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    Activity,
    ActivityFormat,
    DevelopmentProgramme,
    Goal,
    MeetingFormat,
    MentoringRequest,
    Milestone,
    Role,
)
from pedcommunity.workflows import Workflow, fire, replay, start
from pedcommunity.workflows.mentoring_track import (
    MENTORING_TRACK,
    ProgressMode,
    ProposalSource,
    ProposalStatus,
    SessionKind,
    TrackData,
    TrackRules,
    due,
    rematch_data,
    roles_of,
    tick,
)

T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
MENTEE = Teacher(
    id="t1",
    name="Иван",
    organisation_id="s1",
    years_experience=1,
    competencies={"digital": Level.PROFICIENT},
)
MENTOR = Teacher(
    id="m1",
    name="Ольга",
    organisation_id="s1",
    years_experience=20,
    competencies={"classroom": Level.EXPERT},
)
MENTOR2 = Teacher(id="m2", name="Пётр", organisation_id="s2", years_experience=12)
MENTOR3 = Teacher(id="m3", name="Анна", organisation_id="s2", years_experience=9)
REQUEST = MentoringRequest(
    goals=("Дисциплина на уроке",),
    competency_ids=("classroom",),
    formats=(ActivityFormat.LESSON_OBSERVATION, ActivityFormat.CONSULTATION),
)
PLAN = DevelopmentProgramme(
    goals=(Goal(id="g1", title="Класс", outcome="3 урока без срывов", competency_id="classroom"),),
    activities=(
        Activity(
            id="a1", goal_id="g1", title="Посещение", format=ActivityFormat.LESSON_OBSERVATION
        ),
        Activity(id="a2", goal_id="g1", title="Разбор", format=ActivityFormat.CONSULTATION),
    ),
    milestones=(Milestone(id="ms1", title="Открытый урок", due_day=30, goal_ids=("g1",)),),
    duration_days=90,
)


def data(**changes: Any) -> TrackData:
    base = TrackData(
        form=MENTORING_FORMS["traditional"],
        mentees=(MENTEE,),
        request=REQUEST,
        coordinator_ids=("coord",),
        curator_id="cur",
    )
    return attrs.evolve(base, **changes) if changes else base


class Run:
    """A track and a clock that moves one hour per trigger."""

    def __init__(self, **changes: Any) -> None:
        self.at = T0
        self.wf = start(MENTORING_TRACK, data(**changes), id="tr1", actor="t1", at=T0)

    def __call__(self, trigger: str, actor: str, payload: Any = None, **fields: Any) -> None:
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, payload, actor=actor, at=self.at, **fields)

    def later(self, **delta: float) -> None:
        self.at += timedelta(**delta)

    def refused(
        self,
        error: type[PedcommunityError],
        trigger: str,
        actor: str,
        guard: str | None = None,
        **fields: Any,
    ) -> PedcommunityError:
        before = (self.wf.state, self.wf.data, list(self.wf.events))
        with pytest.raises(error) as info:
            fire(self.wf, trigger, actor=actor, at=self.at + timedelta(minutes=1), **fields)
        assert (self.wf.state, self.wf.data, list(self.wf.events)) == before
        if guard is not None:
            assert isinstance(info.value, GuardFailed)
            assert info.value.guard == guard, info.value
        return info.value

    def denied(
        self, trigger: str, actor: str, roles: tuple[str, ...], **fields: Any
    ) -> PermissionDenied:
        """Fire a trigger ``actor`` may not fire: refused before any guard, nothing changes."""
        err = self.refused(PermissionDenied, trigger, actor, **fields)
        assert isinstance(err, PermissionDenied)
        assert (err.trigger, err.actor, err.roles) == (trigger, actor, roles), err
        return err


#: The roles that may fire the triggers open to everyone in a track (pause, close_early...).
ALL_ROLES = ("coordinator", "curator", "mentee", "mentor")
STAFF = ("coordinator", "curator")
MENTOR_OR_STAFF = ("coordinator", "curator", "mentor")
PAIR = ("mentee", "mentor")


def to(stage: str, **changes: Any) -> Run:
    r = Run(**changes)
    if stage == "requested":
        return r
    r("propose", "coord", mentor=MENTOR)
    if stage == "proposed":
        return r
    r("accept", "m1")
    r("accept", "t1")
    if stage == "planning":
        return r
    r("set_plan", "m1", plan=PLAN)
    r("begin", "m1")
    if stage == "active":
        return r
    if stage == "paused":
        r("pause", "t1", reason="больничный")
        return r
    r("complete_milestone", "m1", milestone_id="ms1")
    r("finish", "m1")
    if stage == "review":
        return r
    r("give_feedback", "m1", fit=5, what_changed="увереннее")
    r("give_feedback", "t1", fit=4, what_changed="дисциплина")
    r("complete", "m1")
    assert r.wf.state == "completed"
    return r


# -- the happy path -----------------------------------------------------------------------------


def test_a_pair_runs_from_request_to_completion_and_replays() -> None:
    r = to("completed")
    assert r.wf.is_final
    assert r.wf.data.mentor == MENTOR
    assert r.wf.data.proposals[-1].status is ProposalStatus.ACCEPTED
    assert replay(MENTORING_TRACK, r.wf.events) == r.wf
    assert MENTORING_TRACK.states[0].label.ru == "Запрос наставляемого"


def test_every_stage_and_trigger_has_both_labels() -> None:
    for item in (*MENTORING_TRACK.states, *MENTORING_TRACK.triggers):
        assert item.label.ru.strip() and item.label.en.strip()
        assert item.label.ru != item.label.en


def test_a_completed_track_accepts_nothing() -> None:
    r = to("completed")
    for trigger in (t.name for t in MENTORING_TRACK.triggers):
        r.refused(InvalidTrigger, trigger, "coord")


def test_closed_track_accepts_nothing() -> None:
    r = to("active")
    r("close_early", "t1", reason="переезд")
    assert r.wf.state == "closed"
    assert r.wf.data.closure is not None and r.wf.data.closure.role is Role.MENTEE
    r.refused(InvalidTrigger, "log_session", "m1")


# -- proposals ----------------------------------------------------------------------------------


def test_a_coordinators_proposal_waits_for_mentor_and_mentee() -> None:
    r = to("proposed")
    p = r.wf.data.open_proposal
    assert p is not None and p.awaiting == ("m1", "t1") and p.status is ProposalStatus.OPEN
    assert p.due_at == r.at + timedelta(days=7)
    r("accept", "m1")
    assert r.wf.state == "proposed" and r.wf.data.open_proposal.awaiting == ("t1",)  # type: ignore[union-attr]
    r.denied("accept", "m1", ("invited",))  # answered: no longer awaited
    r("accept", "t1")
    assert r.wf.state == "planning"


def test_a_declined_mentor_is_never_proposed_again() -> None:
    r = to("proposed")
    r("decline", "m1", reason="нет времени")
    assert r.wf.state == "requested" and r.wf.data.excluded == ("m1",)
    r.refused(GuardFailed, "propose", "coord", guard="mentor_eligible", mentor=MENTOR)
    r("propose", "coord", mentor=MENTOR2)
    assert r.wf.data.candidate_id == "m2"


def test_a_proposal_lapses_on_tick_and_is_remembered() -> None:
    r = to("proposed")
    assert due(r.wf, r.at + timedelta(days=6)) == []
    r.refused(GuardFailed, "lapse", "system", guard="proposal_overdue")
    late = r.at + timedelta(days=8)
    before = list(r.wf.events)
    with pytest.raises(GuardFailed) as info:
        fire(r.wf, "accept", actor="m1", at=late)
    assert info.value.guard == "answer_in_time" and r.wf.events == before
    events = tick(r.wf, late)
    assert [e.trigger for e in events] == ["lapse"]
    assert r.wf.state == "requested"
    assert r.wf.data.proposals[-1].status is ProposalStatus.LAPSED
    assert r.wf.data.excluded == ("m1",)


def test_a_ranked_request_cascades_to_the_next_choice() -> None:
    r = Run()
    r("rank_mentors", "t1", choices=(MENTOR, MENTOR2, MENTOR3))
    r.refused(GuardFailed, "cascade", "system", guard="cascade_due")
    r("request_mentor", "t1")
    p = r.wf.data.open_proposal
    assert p is not None and p.mentor == MENTOR and p.awaiting == ("m1",)
    assert p.source is ProposalSource.MENTEE
    r("decline", "m1")
    assert r.wf.state == "requested" and [d.trigger for d in due(r.wf, r.at)] == ["cascade"]
    assert [e.trigger for e in tick(r.wf, r.at)] == ["cascade"]
    assert r.wf.state == "proposed" and r.wf.data.candidate_id == "m2"
    # m2 does not answer: the proposal lapses and the same tick cascades to m3.
    assert [e.trigger for e in tick(r.wf, r.at + timedelta(days=8))] == ["lapse", "cascade"]
    assert r.wf.state == "proposed" and r.wf.data.candidate_id == "m3"
    assert r.wf.data.excluded == ("m1", "m2")
    r.at += timedelta(days=8)
    r("decline", "m3")
    assert r.wf.state == "requested" and due(r.wf, r.at) == []
    r.refused(GuardFailed, "request_mentor", "t1", guard="has_choice")
    r.refused(GuardFailed, "cascade", "system", guard="cascade_due")


def test_a_coordinators_proposal_does_not_cascade() -> None:
    r = Run()
    r("rank_mentors", "t1", choices=(MENTOR2,))
    r("propose", "coord", mentor=MENTOR)
    r("decline", "t1")
    assert r.wf.state == "requested" and due(r.wf, r.at) == []


def test_bulk_matching_proposals_are_drafts_until_published() -> None:
    r = Run()
    r("propose", "coord", mentor=MENTOR, source=ProposalSource.MATCHING)
    p = r.wf.data.open_proposal
    assert p is not None and p.status is ProposalStatus.DRAFT and p.due_at is None
    assert due(r.wf, r.at + timedelta(days=100)) == []
    r.refused(GuardFailed, "accept", "m1", guard="awaits_actor")
    assert r.denied("publish", "t1", STAFF).actor_roles == ("invited", "mentee")
    r("publish", "coord")
    assert r.wf.data.open_proposal.status is ProposalStatus.OPEN  # type: ignore[union-attr]
    r.refused(GuardFailed, "publish", "coord", guard="is_draft")


def test_a_withdrawn_proposal_is_not_held_against_the_mentor() -> None:
    r = to("proposed")
    r("withdraw_proposal", "coord", reason="ошибка")
    assert r.wf.state == "requested" and r.wf.data.excluded == ()
    r("propose", "coord", mentor=MENTOR)


@pytest.mark.parametrize(
    ("mentor", "form", "why"),
    [
        (MENTEE, "traditional", "themself"),
        (
            Teacher(id="y", name="Y", organisation_id="s1", years_experience=1),
            "traditional",
            "more experience",
        ),
        (MENTOR, "reverse", "less experience"),
        (
            Teacher(
                id="y",
                name="Y",
                organisation_id="s1",
                years_experience=0,
                competencies={"digital": Level.NOVICE},
            ),
            "reverse",
            "not stronger",
        ),
        (
            Teacher(id="y", name="Y", organisation_id="s1", years_experience=9),
            "partner",
            "no more than 5",
        ),
        (
            Teacher(id="y", name="Y", organisation_id="s1", years_experience=3),
            "partner",
            "complementary",
        ),
    ],
)
def test_form_eligibility_is_checked(mentor: Teacher, form: str, why: str) -> None:
    r = Run(form=MENTORING_FORMS[form])
    err = r.refused(GuardFailed, "propose", "coord", guard="mentor_eligible", mentor=mentor)
    assert why in str(err)


def test_reverse_and_partner_pairs_that_fit_are_accepted() -> None:
    young = Teacher(
        id="y",
        name="Y",
        organisation_id="s1",
        years_experience=0,
        competencies={"classroom": Level.EXPERT},
    )
    senior_mentee = attrs.evolve(MENTEE, years_experience=15)
    r = Run(form=MENTORING_FORMS["reverse"], mentees=(senior_mentee,))
    r("propose", "coord", mentor=young)
    peer = Teacher(
        id="p",
        name="P",
        organisation_id="s1",
        years_experience=3,
        competencies={"classroom": Level.EXPERT},
    )
    r2 = Run(form=MENTORING_FORMS["partner"])
    r2("propose", "coord", mentor=peer)
    assert r.wf.state == r2.wf.state == "proposed"


def test_group_size_is_the_forms() -> None:
    other = Teacher(id="t2", name="Т", organisation_id="s1")
    with pytest.raises(ValueError, match="group mentoring is for 2 to 8"):
        data(form=MENTORING_FORMS["group"])
    with pytest.raises(InvalidData):
        start(MENTORING_TRACK, REQUEST, id="x", actor="a", at=T0)
    d = data(form=MENTORING_FORMS["group"], mentees=(MENTEE, other))
    wf = start(MENTORING_TRACK, d, id="g", actor="coord", at=T0)
    fire(wf, "propose", actor="coord", at=T0, mentor=MENTOR)
    assert wf.data.open_proposal.awaiting == ("m1", "t1", "t2")  # type: ignore[union-attr]


def test_ranking_refuses_ineligible_duplicate_or_empty_lists() -> None:
    r = Run()
    r.refused(GuardFailed, "rank_mentors", "t1", guard="choices_eligible", choices=(MENTEE,))
    r.refused(GuardFailed, "rank_mentors", "t1", guard="choices_eligible", choices=(MENTOR, MENTOR))
    r.refused(GuardFailed, "rank_mentors", "t1", guard="choices_eligible", choices=())
    r.denied("rank_mentors", "coord", ("mentee",), choices=(MENTOR,))
    r.refused(GuardFailed, "request_mentor", "t1", guard="has_choice")


@pytest.mark.parametrize(
    ("trigger", "actor", "fields", "roles"),
    [
        ("propose", "t1", {"mentor": MENTOR}, STAFF),
        ("propose", "stranger", {"mentor": MENTOR}, STAFF),
        ("update_request", "m1", {"request": REQUEST}, ("coordinator", "curator", "mentee")),
        ("close_early", "stranger", {"reason": "?"}, ALL_ROLES),
    ],
)
def test_roles_are_checked_in_requested(
    trigger: str, actor: str, fields: dict[str, Any], roles: tuple[str, ...]
) -> None:
    r = Run()
    r.denied(trigger, actor, roles, **fields)


def test_only_the_awaited_answer() -> None:
    r = to("proposed")
    assert r.denied("accept", "coord", ("invited",)).actor_roles == ("coordinator",)
    assert r.denied("decline", "m2", ("invited",)).actor_roles == ()


def test_proposing_needs_the_payload_class_or_its_fields() -> None:
    r = Run()
    r.refused(InvalidData, "propose", "coord", mentor="m1")
    r.refused(InvalidData, "propose", "coord", mentor=MENTOR, source=ProposalSource.MENTEE)
    r.refused(InvalidTrigger, "accept", "m1")


# -- planning -----------------------------------------------------------------------------------


def _plan(**changes: Any) -> DevelopmentProgramme:
    return attrs.evolve(PLAN, **changes)


@pytest.mark.parametrize(
    ("plan", "why"),
    [
        (_plan(duration_days=400), "lasts 30 to 365 days"),
        (_plan(duration_days=20, milestones=()), "lasts 30 to 365 days"),
        (
            _plan(goals=(Goal(id="g1", title="X", outcome="Y"),)),
            "give a goal for every requested competency",
        ),
        (
            _plan(
                goals=(*PLAN.goals, Goal(id="g2", title="X", outcome="Y", competency_id="art")),
                activities=(
                    *PLAN.activities,
                    Activity(id="a3", goal_id="g2", title="Z", format=ActivityFormat.CONSULTATION),
                ),
            ),
            "did not ask for",
        ),
        (
            _plan(
                activities=(
                    Activity(id="a9", goal_id="g1", title="MC", format=ActivityFormat.MASTER_CLASS),
                )
            ),
            "asked for",
        ),
        (
            _plan(goals=(*PLAN.goals, Goal(id="g2", title="X", outcome="Y"))),
            "at least one activity",
        ),
    ],
)
def test_the_plan_is_built_from_the_request(plan: DevelopmentProgramme, why: str) -> None:
    r = to("planning")
    err = r.refused(GuardFailed, "set_plan", "m1", guard="plan_fits_request", plan=plan)
    assert why in str(err)


def test_planning_refusals() -> None:
    r = to("planning")
    r.refused(GuardFailed, "begin", "m1", guard="has_plan")
    r.denied("set_plan", "t1", MENTOR_OR_STAFF, plan=PLAN)
    r("set_plan", "cur", plan=PLAN)
    r.denied("begin", "t1", MENTOR_OR_STAFF)
    r("begin", "m1")
    assert r.wf.data.started_at == r.at
    assert r.wf.data.ends_at == r.at + timedelta(days=90)


def test_development_programme_validates_its_parts() -> None:
    with pytest.raises(ValueError, match="unknown goal"):
        _plan(
            activities=(
                Activity(id="a", goal_id="zz", title="x", format=ActivityFormat.CONSULTATION),
            )
        )
    with pytest.raises(ValueError, match="after the programme"):
        _plan(milestones=(Milestone(id="m", title="x", due_day=91),))
    with pytest.raises(PedcommunityError):
        _plan(goals=(PLAN.goals[0], PLAN.goals[0]))
    with pytest.raises(ValueError, match="at least one goal"):
        DevelopmentProgramme(goals=())


# -- active -------------------------------------------------------------------------------------


def test_work_is_logged_and_progress_is_rated() -> None:
    r = to("active")
    r("log_session", "m1", kind=SessionKind.SESSION, format=MeetingFormat.ONLINE, notes="разбор")
    r("log_session", "t1", kind=SessionKind.CHECK_IN)
    r("complete_activity", "t1", activity_id="a1")
    r("rate_progress", "m1", goal_id="g1", percent=40)
    assert r.wf.data.progress("g1") == 40
    assert [s.by for s in r.wf.data.sessions] == ["m1", "t1"]
    r.refused(GuardFailed, "complete_activity", "t1", guard="activity_open", activity_id="a1")
    r.refused(GuardFailed, "complete_activity", "t1", guard="activity_open", activity_id="zz")
    r.denied("rate_progress", "t1", ("mentor",), goal_id="g1", percent=50)
    r.refused(GuardFailed, "rate_progress", "m1", guard="rated_mode", goal_id="zz", percent=50)
    r.refused(InvalidData, "rate_progress", "m1", goal_id="g1", percent=101)
    r.denied("log_session", "coord", PAIR)
    r.denied("complete_milestone", "t1", MENTOR_OR_STAFF, milestone_id="ms1")
    r.refused(GuardFailed, "complete_milestone", "m1", guard="milestone_open", milestone_id="x")
    r("complete_milestone", "m1", milestone_id="ms1")
    r.refused(GuardFailed, "complete_milestone", "m1", guard="milestone_open", milestone_id="ms1")


def test_derived_progress_counts_completed_activities() -> None:
    r = to("active", rules=TrackRules(progress=ProgressMode.DERIVED))
    r("complete_activity", "t1", activity_id="a1")
    assert r.wf.data.progress("g1") == 50
    r.refused(GuardFailed, "rate_progress", "m1", guard="rated_mode", goal_id="g1", percent=9)


def test_virtual_and_flash_forms_limit_sessions() -> None:
    r = to("active", form=MENTORING_FORMS["virtual"])
    r.refused(
        GuardFailed, "log_session", "m1", guard="session_allowed", format=MeetingFormat.IN_PERSON
    )
    r("log_session", "m1", format=MeetingFormat.ONLINE)
    flash_plan = _plan(duration_days=7, milestones=())
    f = Run(form=MENTORING_FORMS["flash"])
    f("propose", "coord", mentor=MENTOR)
    f("accept", "m1")
    f("accept", "t1")
    f("set_plan", "m1", plan=flash_plan)
    f("begin", "m1")
    f("log_session", "m1")
    f.refused(GuardFailed, "log_session", "m1", guard="session_allowed")
    f("log_session", "m1", kind=SessionKind.CHECK_IN)


def test_milestones_fall_due_and_are_flagged_by_tick() -> None:
    r = to("active")
    start_at = r.wf.data.started_at
    assert start_at is not None
    r.refused(
        GuardFailed, "flag_milestone", "system", guard="milestone_overdue", milestone_id="ms1"
    )
    events = tick(r.wf, start_at + timedelta(days=31))
    assert [e.trigger for e in events] == ["request_pulse", "flag_milestone"] or [
        e.trigger for e in events
    ] == ["flag_milestone", "request_pulse"]
    assert r.wf.data.overdue_milestones == ("ms1",)
    assert tick(r.wf, start_at + timedelta(days=31)) == []
    # An overdue milestone can still be reached.
    fire(
        r.wf, "complete_milestone", actor="m1", at=start_at + timedelta(days=32), milestone_id="ms1"
    )


def test_pulse_surveys_are_sent_by_tick_and_answered_once() -> None:
    r = to("active")
    r.refused(GuardFailed, "answer_pulse", "t1", guard="pulse_open", score=4)
    r.refused(GuardFailed, "request_pulse", "system", guard="pulse_due")
    start_at = r.wf.data.started_at
    assert start_at is not None
    r.at = start_at + timedelta(days=30)
    r("request_pulse", "system")
    r("answer_pulse", "t1", score=4, comment="всё хорошо")
    r("answer_pulse", "m1", score=5)
    r.refused(GuardFailed, "answer_pulse", "t1", guard="pulse_open", score=3)
    r.refused(InvalidData, "answer_pulse", "m1", score=6)
    assert r.wf.data.next_pulse_at == r.wf.data.pulse_requests[-1] + timedelta(days=30)
    none = to("active", rules=TrackRules(pulse_every_days=None))
    none.refused(GuardFailed, "request_pulse", "system", guard="pulse_due")


def test_pause_moves_the_end_date_and_milestones() -> None:
    r = to("active")
    end, ms = r.wf.data.ends_at, r.wf.data.milestone_due_at("ms1")
    r("pause", "t1", reason="больничный")
    r.refused(InvalidTrigger, "log_session", "m1")
    r.later(days=40)
    assert due(r.wf, r.at) == []  # a paused track flags no milestone
    r.denied("resume", "stranger", ALL_ROLES)
    r("resume", "m1")
    assert r.wf.data.ends_at - end == r.wf.data.milestone_due_at("ms1") - ms  # type: ignore[operator]
    assert r.wf.data.ends_at - end >= timedelta(days=40)  # type: ignore[operator]
    assert [d.trigger for d in due(r.wf, r.at)] == ["request_pulse"]  # not the milestone


def test_extension_stays_within_the_forms_bounds() -> None:
    r = to("active")
    end = r.wf.data.ends_at
    r.denied("extend", "m1", STAFF, days=10)
    r("extend", "cur", days=30)
    assert r.wf.data.ends_at == end + timedelta(days=30)  # type: ignore[operator]
    r.refused(GuardFailed, "extend", "coord", guard="extension_fits", days=300)
    r.refused(InvalidData, "extend", "coord", days=0)


def test_an_extension_past_what_the_record_holds_is_refused_as_before() -> None:
    # A form may allow more days than extension_days holds (36,500): the effect checks the
    # field it changes, so the track refuses the extension and stays as it was.
    long_form = attrs.evolve(MENTORING_FORMS["traditional"], max_days=100_000)
    r = to("active", form=long_form)
    r("extend", "cur", days=36_000)
    err = r.refused(InvalidData, "extend", "coord", days=600)
    assert str(err) == (
        "$.payload: 'extend' cannot apply this payload: extension_days must be a whole number "
        "from 0 to 36500, got 36600"
    )
    assert r.wf.data.extension_days == 36_000


def test_the_end_date_moves_the_track_to_review() -> None:
    r = to("active")
    r.refused(GuardFailed, "reach_end", "system", guard="end_reached")
    r.refused(GuardFailed, "finish", "m1", guard="can_finish")
    end = r.wf.data.ends_at
    assert end is not None
    events = tick(r.wf, end + timedelta(hours=1))
    assert events[-1].trigger == "reach_end" and r.wf.state == "review"


# -- review -------------------------------------------------------------------------------------


def _entry(**changes: Any) -> FestivalEntry:
    e = FestivalEntry(
        id="e1",
        mentor_id="m1",
        mentee_ids=("t1",),
        direction=FestivalDirection.TRADITIONAL,
        showcase=ShowcaseTrack.PROFI,
        product=Product(title="Карта", kind="ментальная карта", link="https://example.org/m"),
    )
    return attrs.evolve(e, **changes) if changes else e


def test_review_needs_both_sides_feedback_and_takes_one_festival_entry() -> None:
    r = to("review")
    r.refused(GuardFailed, "complete", "m1", guard="all_feedback")
    r("give_feedback", "m1", fit=5, what_changed="увереннее")
    r.refused(GuardFailed, "give_feedback", "m1", guard="feedback_once", fit=4, what_changed="x")
    r.denied("give_feedback", "coord", PAIR, fit=4, what_changed="x")
    r.refused(InvalidData, "give_feedback", "t1", fit=0, what_changed="x")
    r.refused(
        GuardFailed, "enter_festival", "t1", guard="entry_matches", entry=_entry(mentor_id="m2")
    )
    r.refused(
        GuardFailed, "enter_festival", "t1", guard="entry_matches", entry=_entry(mentee_ids=("t9",))
    )
    r.refused(
        GuardFailed, "enter_festival", "t1", guard="entry_matches", entry=_entry(track_id="other")
    )
    r("enter_festival", "t1", entry=_entry())
    assert r.wf.data.festival_entry.track_id == "tr1"  # type: ignore[union-attr]
    r.refused(GuardFailed, "enter_festival", "t1", guard="entry_matches", entry=_entry())
    r("give_feedback", "t1", fit=4, what_changed="дисциплина")
    r.denied("complete", "t1", MENTOR_OR_STAFF)
    r("complete", "cur")
    assert r.wf.state == "completed"


# -- closing and rematch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage", ["requested", "proposed", "planning", "active", "paused", "review"]
)
@pytest.mark.parametrize(("actor", "role"), [("t1", Role.MENTEE), ("coord", Role.COORDINATOR)])
def test_early_closure_from_every_stage(stage: str, actor: str, role: Role) -> None:
    r = to(stage)
    r("close_early", actor, reason="смена работы")
    d = r.wf.data
    assert r.wf.state == "closed" and d.closure is not None and d.closure.role is role
    assert d.open_proposal is None
    if d.mentor is not None:
        assert "m1" in d.excluded
    assert not d.pauses or d.pauses[-1].until is not None
    again = rematch_data(d)
    assert again.mentees == d.mentees and again.mentor is None and again.proposals == ()
    assert set(d.excluded) <= set(again.excluded)


def test_close_early_needs_a_reason_and_a_role() -> None:
    r = to("active")
    r.refused(InvalidData, "close_early", "m1", reason="  ")
    assert r.denied("close_early", "stranger", ALL_ROLES, reason="x").actor_roles == ()


def test_roles_of_reads_the_track() -> None:
    r = to("active")
    d = r.wf.data
    assert roles_of(d, "m1") == {Role.MENTOR}
    assert roles_of(d, "t1") == {Role.MENTEE}
    assert roles_of(d, "cur") == {Role.CURATOR}
    assert roles_of(d, "coord") == {Role.COORDINATOR}
    assert roles_of(d, "x") == frozenset()


def test_tick_does_nothing_when_nothing_is_due() -> None:
    r = to("completed")
    assert tick(r.wf, r.at + timedelta(days=1000)) == []
    w: Workflow = to("requested").wf
    assert due(w, T0 + timedelta(days=1000)) == []
