"""The mentoring programme: its stages, the rules across tracks, and every refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pedcommunity.clock import ManualClock
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PedcommunityError,
    PermissionDenied,
    UnknownId,
)
from pedcommunity.i18n import Label
from pedcommunity.model import Teacher
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import (
    Activity,
    ActivityFormat,
    DevelopmentProgramme,
    Goal,
    MentoringRequest,
)
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import fire, replay
from pedcommunity.workflows.mentoring_programme import (
    FIGURE_LABELS,
    MENTORING_PROGRAMME,
    ProgrammeData,
    ProgrammeReport,
    ProgrammeRules,
    TrackStatus,
    TrackUpdate,
    mentor_load,
)
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK

T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
C = "coord"
REQUEST = MentoringRequest(goals=("Класс",), competency_ids=("classroom",))
PLAN = DevelopmentProgramme(
    goals=(Goal(id="g1", title="Класс", outcome="Уроки без срывов", competency_id="classroom"),),
    activities=(
        Activity(id="a1", goal_id="g1", title="Разбор", format=ActivityFormat.CONSULTATION),
    ),
    duration_days=60,
)


def mentee(i: int) -> Teacher:
    return Teacher(id=f"t{i}", name=f"Педагог {i}", organisation_id="s1", years_experience=1)


def leader(i: int, capacity: int = 1) -> Leader:
    t = Teacher(id=f"m{i}", name=f"Наставник {i}", organisation_id="s1", years_experience=15)
    return Leader(teacher=t, can_teach=("classroom",), capacity=capacity)


class Prog:
    """A programme with a clock that moves one hour per call, and refusal checks."""

    def __init__(self, **rules: Any) -> None:
        self.clock = ManualClock(T0)
        self.p = MentoringProgramme.create(
            ProgrammeData(name="Программа", coordinator_ids=(C,), rules=ProgrammeRules(**rules)),
            id="prog",
            actor=C,
            clock=self.clock,
        )

    def __call__(self, trigger: str, actor: str = C, **fields: Any) -> None:
        self.clock.advance(timedelta(hours=1))
        self.p.fire(trigger, actor=actor, **fields)

    def snapshot(self) -> Any:
        return (
            self.p.state,
            self.p.data,
            len(self.p.workflow.events),
            {k: (t.state, t.data, len(t.events)) for k, t in self.p.tracks.items()},
        )

    def refused(
        self, error: type[PedcommunityError], call: Any, guard: str | None = None
    ) -> PedcommunityError:
        before = self.snapshot()
        with pytest.raises(error) as info:
            call()
        assert self.snapshot() == before
        if guard is not None:
            assert isinstance(info.value, GuardFailed) and info.value.guard == guard, info.value
        return info.value


def matching(
    mentees: int = 3, leaders: tuple[int, ...] = (1, 1), trained: int | None = None
) -> Prog:
    r = Prog()
    r("add_curator", teacher_id="k1", capacity=2)
    r("open_mentee_base")
    for i in range(1, mentees + 1):
        r("enrol_mentee", teacher=mentee(i))
    r("open_mentor_base")
    for i, cap in enumerate(leaders, 1):
        r("add_leader", leader=leader(i, cap))
    r("open_training")
    for i in range(1, (len(leaders) if trained is None else trained) + 1):
        r("train_mentor", leader_id=f"m{i}")
    r("open_matching")
    return r


def pair(r: Prog, track: str, mentee_id: str, mentor_id: str) -> None:
    r.p.open_track(track, mentee_ids=(mentee_id,), request=REQUEST, actor=C)
    r.p.propose(track, mentor_id, actor=C)
    r.p.fire_track(track, "accept", actor=mentor_id)
    r.p.fire_track(track, "accept", actor=mentee_id)


# -- stages -------------------------------------------------------------------------------------


def test_stages_have_labels_in_both_languages() -> None:
    for item in (*MENTORING_PROGRAMME.states, *MENTORING_PROGRAMME.triggers):
        assert item.label.ru.strip() and item.label.en.strip() and item.label.ru != item.label.en
    assert set(FIGURE_LABELS) == set(matching().p.figures())


def test_preparing_needs_conditions_and_a_curator() -> None:
    r = Prog(required_conditions=("order",))
    r.refused(GuardFailed, lambda: r.p.fire("open_mentee_base", actor=C), "conditions_met")
    r("meet_condition", condition_id="order")
    r.refused(
        GuardFailed,
        lambda: r.p.fire("meet_condition", actor=C, condition_id="order"),
        "condition_new",
    )
    r.refused(GuardFailed, lambda: r.p.fire("open_mentee_base", actor=C), "conditions_met")
    r("add_curator", teacher_id="k1", capacity=3)
    r.refused(GuardFailed, lambda: r.p.fire("add_curator", actor=C, teacher_id="k1"), "curator_new")
    err = r.refused(PermissionDenied, lambda: r.p.fire("open_mentee_base", actor="k1"))
    assert isinstance(err, PermissionDenied)
    assert (err.trigger, err.actor, err.roles, err.actor_roles) == (
        "open_mentee_base",
        "k1",
        ("coordinator",),
        ("curator",),
    )
    r("open_mentee_base")
    assert r.p.state == "mentee_base"


def test_the_bases_and_training_have_their_rules() -> None:
    r = Prog(min_mentees=2)
    r("add_curator", teacher_id="k1")
    r("open_mentee_base")
    r("enrol_mentee", teacher=mentee(1))
    r.refused(
        GuardFailed, lambda: r.p.fire("enrol_mentee", actor=C, teacher=mentee(1)), "mentee_new"
    )
    r.refused(GuardFailed, lambda: r.p.fire("open_mentor_base", actor=C), "enough_mentees")
    r.refused(InvalidTrigger, lambda: r.p.fire("add_leader", actor=C, leader=leader(1)))
    r("enrol_mentee", teacher=mentee(2))
    r("open_mentor_base")
    r.refused(GuardFailed, lambda: r.p.fire("open_training", actor=C), "enough_mentors")
    r("add_leader", leader=leader(1))
    r.refused(GuardFailed, lambda: r.p.fire("add_leader", actor=C, leader=leader(1)), "leader_new")
    r("open_training")
    r.refused(GuardFailed, lambda: r.p.fire("open_matching", actor=C), "someone_trained")
    r.refused(
        GuardFailed, lambda: r.p.fire("train_mentor", actor=C, leader_id="m9"), "leader_known"
    )
    r("train_mentor", leader_id="m1")
    r.refused(GuardFailed, lambda: r.p.fire("train_mentor", actor=C, leader_id="m1"), "not_trained")
    r("open_matching")
    r.refused(GuardFailed, lambda: r.p.fire("start_work", actor=C), "pair_formed")
    r.refused(InvalidData, lambda: r.p.fire("sync_track", actor=C))


# -- rules across tracks ------------------------------------------------------------------------


def test_a_mentor_never_exceeds_capacity_and_the_refusal_changes_nothing() -> None:
    r = matching()
    pair(r, "a", "t1", "m1")
    r.p.open_track("b", mentee_ids=("t2",), request=REQUEST, actor=C)
    err = r.refused(GuardFailed, lambda: r.p.propose("b", "m1", actor=C), "mentor_capacity")
    assert "can take 1" in str(err)
    assert r.p.track("b").state == "requested"
    assert r.p.available_mentors("classroom") == [r.p.data.leader("m2")]
    assert r.p.free_capacity("m1") == 0 and r.p.free_capacity("m2") == 1
    # A waiting proposal holds the place too.
    r.p.propose("b", "m2", actor=C)
    r.p.open_track("c", mentee_ids=("t3",), request=REQUEST, actor=C)
    r.refused(GuardFailed, lambda: r.p.propose("c", "m2", actor=C), "mentor_capacity")
    # Capacity cannot drop below the load.
    r.refused(
        GuardFailed,
        lambda: r.p.fire("update_leader", actor=C, leader=leader(9, 1)),
        "leader_known",
    )
    r.p.fire("update_leader", actor=C, leader=leader(1, 2))
    r.p.propose("c", "m1", actor=C)
    r.refused(
        GuardFailed,
        lambda: r.p.fire("update_leader", actor=C, leader=leader(1, 1)),
        "capacity_covers_load",
    )
    assert mentor_load(r.p.data.tracks) == {"m1": 2, "m2": 1}


def test_untrained_or_unknown_mentors_are_refused() -> None:
    r = matching(trained=1)
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.refused(GuardFailed, lambda: r.p.propose("a", "m2", actor=C), "mentor_selected")
    r.refused(UnknownId, lambda: r.p.propose("a", "m9", actor=C))
    stranger = Teacher(id="x", name="X", organisation_id="s1", years_experience=30)
    r.refused(
        GuardFailed,
        lambda: r.p.fire_track("a", "propose", actor=C, mentor=stranger),
        "mentor_selected",
    )


def test_a_mentee_has_one_open_track_and_must_be_enrolled() -> None:
    r = matching()
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.refused(
        GuardFailed,
        lambda: r.p.open_track("b", mentee_ids=("t1",), request=REQUEST, actor=C),
        "one_live_track",
    )
    r.refused(
        DuplicateId, lambda: r.p.open_track("a", mentee_ids=("t2",), request=REQUEST, actor=C)
    )
    r.refused(UnknownId, lambda: r.p.open_track("c", mentee_ids=("t9",), request=REQUEST, actor=C))
    r.refused(
        InvalidData, lambda: r.p.open_track("c", mentee_ids=("t2", "t3"), request=REQUEST, actor=C)
    )
    r.refused(InvalidData, lambda: r.p.rematch("a", "a2", actor=C))
    bad = TrackUpdate(
        track_id="z",
        status=TrackStatus(state="requested", form_id="traditional", mentee_ids=("t9",)),
    )
    r.refused(
        GuardFailed,
        lambda: fire(r.p.workflow, "sync_track", bad, actor=C, at=T0 + timedelta(days=30)),
        "mentees_enrolled",
    )


def test_curators_have_a_capacity() -> None:
    r = matching(mentees=3)
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C, curator_id="k1")
    r.p.open_track("b", mentee_ids=("t2",), request=REQUEST, actor=C, curator_id="k1")
    r.refused(
        GuardFailed,
        lambda: r.p.open_track("c", mentee_ids=("t3",), request=REQUEST, actor=C, curator_id="k1"),
        "curator_capacity",
    )
    r.refused(
        GuardFailed,
        lambda: r.p.open_track("c", mentee_ids=("t3",), request=REQUEST, actor=C, curator_id="k9"),
        "curator_capacity",
    )


def test_a_declined_pair_is_not_proposed_again_even_after_a_rematch() -> None:
    r = matching()
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.p.propose("a", "m1", actor=C)
    r.p.fire_track("a", "decline", actor="m1", reason="нет времени")
    r.refused(GuardFailed, lambda: r.p.propose("a", "m1", actor=C), "mentor_eligible")
    r.p.fire_track("a", "close_early", actor=C, reason="перевод")
    again = r.p.rematch("a", "a2", actor=C)
    assert "m1" in again.data.excluded
    r.refused(GuardFailed, lambda: r.p.propose("a2", "m1", actor=C), "mentor_eligible")
    # Even a track that forgot the history is stopped by the programme.
    forgetful = TrackUpdate(
        track_id="a2",
        status=TrackStatus(
            state="proposed", form_id="traditional", mentee_ids=("t1",), candidate_id="m1"
        ),
    )
    r.refused(
        GuardFailed,
        lambda: fire(r.p.workflow, "sync_track", forgetful, actor=C, at=r.clock.now()),
        "pair_not_excluded",
    )


def test_an_ended_track_never_changes_and_completion_needs_every_track_ended() -> None:
    r = matching()
    pair(r, "a", "t1", "m1")
    r.p.fire("start_work", actor=C)
    r.refused(GuardFailed, lambda: r.p.fire("open_completion", actor=C), "tracks_ended")
    r.refused(GuardFailed, lambda: r.p.fire("cancel", actor=C, reason="нет денег"), "tracks_ended")
    r.p.fire_track("a", "set_plan", actor="m1", plan=PLAN)
    r.p.fire_track("a", "begin", actor="m1")
    r.p.fire_track("a", "close_early", actor="m1", reason="переезд")
    stale = TrackUpdate(
        track_id="a",
        status=TrackStatus(
            state="active", form_id="traditional", mentee_ids=("t1",), mentor_id="m1"
        ),
    )
    r.refused(
        GuardFailed,
        lambda: fire(r.p.workflow, "sync_track", stale, actor=C, at=r.clock.now()),
        "track_may_change",
    )
    r.refused(InvalidTrigger, lambda: r.p.fire_track("a", "log_session", actor="m1"))
    r.p.fire("open_completion", actor=C)
    r.refused(GuardFailed, lambda: r.p.fire("complete", actor=C), "has_report")
    r.refused(
        GuardFailed,
        lambda: r.p.fire("recognise", actor=C, teacher_id="zz", title=Label(ru="Н", en="A")),
        "recognised_participant",
    )
    r.p.fire("hold_festival", actor=C, festival_id="f1")
    r.refused(
        GuardFailed, lambda: r.p.fire("hold_festival", actor=C, festival_id="f1"), "festival_new"
    )
    r.p.fire(
        "recognise",
        actor=C,
        teacher_id="m1",
        title=Label(ru="Наставник года", en="Mentor of the year"),
    )
    r.p.fire(
        "submit_report", actor=C, report=ProgrammeReport(summary="Итоги", figures=r.p.figures())
    )
    r.p.fire("complete", actor=C)
    assert r.p.state == "completed"
    assert r.p.figures()["closed_early"] == 1


def test_a_cancelled_programme_closes_after_its_tracks() -> None:
    r = matching()
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.p.fire_track("a", "close_early", actor=C, reason="отмена")
    r.p.fire("cancel", actor=C, reason="нет финансирования")
    assert r.p.state == "cancelled" and r.p.data.cancelled_reason == "нет финансирования"


# -- time, bulk matching, storage ---------------------------------------------------------------


def test_bulk_matching_drafts_are_published_and_lapse_on_tick() -> None:
    r = matching()
    for i in (1, 2, 3):
        r.p.open_track(f"tr{i}", mentee_ids=(f"t{i}",), request=REQUEST, actor=C)
    events, refused = r.p.propose_matches({"tr1": "m1", "tr2": "m2", "tr3": "m1"}, actor=C)
    assert len(events) == 2 and set(refused) == {"tr3"} and "capacity" in refused["tr3"]
    assert len(r.p.publish_all(actor=C)) == 2
    r.clock.advance(timedelta(days=8))
    lapsed = r.p.tick()
    assert [e.trigger for e in lapsed] == ["lapse", "lapse"]
    assert r.p.load() == {}
    assert r.p.data.excluded_pairs() == {("m1", "t1"), ("m2", "t2")}


def test_restore_and_replay_rebuild_the_programme() -> None:
    r = matching()
    pair(r, "a", "t1", "m1")
    r.p.open_track("b", mentee_ids=("t2",), request=REQUEST, actor=C)
    again = MentoringProgramme.replay(
        r.p.workflow.events, [t.events for t in r.p.tracks.values()], clock=r.clock
    )
    assert again.workflow == r.p.workflow and again.tracks == r.p.tracks
    assert replay(MENTORING_PROGRAMME, r.p.workflow.events) == r.p.workflow
    # A track fired behind the programme's back is out of step (the store hands out copies,
    # so the stored track is unchanged: the copy is what is out of step).
    tracks = dict(r.p.tracks)
    fire(tracks["a"], "close_early", actor="m1", at=r.clock.now(), reason="x")
    assert r.p.track("a").state != tracks["a"].state
    with pytest.raises(InvalidData, match="out of step"):
        MentoringProgramme.restore(r.p.workflow, tracks.values(), clock=r.clock)
    with pytest.raises(InvalidData, match="missing"):
        MentoringProgramme.restore(r.p.workflow, [r.p.track("b")], clock=r.clock)
    stray = replay(MENTORING_TRACK, r.p.track("b").events)
    stray.id = "zz"
    with pytest.raises(InvalidData, match="not a track"):
        MentoringProgramme.restore(r.p.workflow, [stray], clock=r.clock)


def test_programme_data_validates() -> None:
    with pytest.raises(ValueError, match="coordinator"):
        ProgrammeData(name="P", coordinator_ids=())
    with pytest.raises(DuplicateId):
        ProgrammeData(name="P", coordinator_ids=("c",), mentees=(mentee(1), mentee(1)))
    with pytest.raises(ValueError, match="numbers"):
        ProgrammeReport(summary="x", figures={"a": "1"})
    with pytest.raises(UnknownId):
        matching().p.track("nope")


def test_pairs_that_finished_during_matching_still_let_the_programme_go_on() -> None:
    r = matching()
    pair(r, "a", "t1", "m1")
    r.p.fire_track("a", "close_early", actor="m1", reason="переезд")
    r.p.fire("start_work", actor=C)
    r.p.fire("open_completion", actor=C)
    assert r.p.state == "completion"


def test_tick_runs_until_nothing_more_is_due() -> None:
    r = matching(leaders=(1, 1))
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.p.open_track("b", mentee_ids=("t2",), request=REQUEST, actor=C)
    leaders = [r.p.data.leader(m).teacher for m in ("m1", "m2")]
    # Track a asks m2 first and m1 next; track b holds m1 with a proposal that will lapse.
    r.p.fire_track("a", "rank_mentors", actor="t1", choices=(leaders[1], leaders[0]))
    r.p.propose("b", "m1", actor=C)
    r.p.fire_track("a", "request_mentor", actor="t1")
    r.p.fire_track("a", "decline", actor="m2")
    # m1 is held by b: the cascade is refused and a waits...
    assert [e.trigger for e in r.p.tick()] == []
    assert r.p.track("a").state == "requested"
    # ...until b's proposal lapses in a later tick, which frees m1 within the same tick.
    r.clock.advance(timedelta(days=8))
    fired = [(e.workflow_id, e.trigger) for e in r.p.tick()]
    assert ("b", "lapse") in fired and ("a", "cascade") in fired
    assert r.p.track("a").data.candidate_id == "m1"


def test_only_staff_or_the_mentee_open_a_track() -> None:
    r = matching()
    err = r.refused(
        GuardFailed,
        lambda: r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor="nobody"),
        "may_open",
    )
    # The refusal names the method the user called, and says the programme's rules refused it.
    assert isinstance(err, GuardFailed) and err.trigger == "open_track"
    assert err.reason.startswith("the programme's rules refuse it: 'nobody' may not open a track")
    r.p.open_track("a", mentee_ids=("t1",), request=REQUEST, actor="t1")
    r.p.open_track("b", mentee_ids=("t2",), request=REQUEST, actor="k1")
    r.p.fire_track("a", "close_early", actor="t1", reason="передумал")
    err = r.refused(GuardFailed, lambda: r.p.rematch("a", "a2", actor="nobody"), "may_open")
    assert isinstance(err, GuardFailed) and err.trigger == "rematch"
    r.p.rematch("a", "a2", actor="t1")


# -- bulk matching with pedcommunity.matching ---------------------------------------------------


def test_match_programme_fills_every_place_and_skips_declined_mentors() -> None:
    """Optimal bulk matching: capacities kept, a declined mentor never again, all refusals none."""
    from pedcommunity.matching import match_programme

    r = matching(mentees=4, leaders=(2, 1, 1))
    r.p.open_track("tr1", mentee_ids=("t1",), request=REQUEST, actor=C)
    r.p.propose("tr1", "m1", actor=C)
    r.p.fire_track("tr1", "decline", actor="m1", reason="нет времени")
    for i in (2, 3, 4):
        r.p.open_track(f"tr{i}", mentee_ids=(f"t{i}",), request=REQUEST, actor=C)
    tracks, mentors, load = r.p.matching_inputs()
    pairs, result = match_programme(tracks, mentors, load=load)
    assert set(pairs) == {"tr1", "tr2", "tr3", "tr4"}
    assert pairs["tr1"] != "m1"
    assert result.figures.matched == 4
    assert sorted(pairs.values()) == ["m1", "m1", "m2", "m3"]
    _, refused = r.p.propose_matches(pairs, actor=C)
    assert refused == {}


def test_match_programme_serves_groups_first_and_reports_the_rest() -> None:
    """A group track takes as many places as mentees; a mentee with no place stays unmatched."""
    from pedcommunity.matching import match_programme
    from pedcommunity.model.mentoring import MENTORING_FORMS

    r = matching(mentees=5, leaders=(3, 1))
    r.p.open_track(
        "grp",
        mentee_ids=("t1", "t2", "t3"),
        request=REQUEST,
        actor=C,
        form=MENTORING_FORMS["group"],
    )
    r.p.open_track("tr4", mentee_ids=("t4",), request=REQUEST, actor=C)
    r.p.open_track("tr5", mentee_ids=("t5",), request=REQUEST, actor=C)
    tracks, mentors, load = r.p.matching_inputs()
    pairs, result = match_programme(tracks, mentors, load=load, method="greedy")
    assert pairs["grp"] == "m1"
    assert [u.mentee_id for u in result.unmatched] == ["tr5"] or [
        u.mentee_id for u in result.unmatched
    ] == ["tr4"]
    assert result.unmatched[0].reason.value == "mentors_full"
    with pytest.raises(InvalidData, match="unknown method"):
        match_programme(tracks, mentors, load=load, method="random")


# -- the programme over a store: services --------------------------------------------------------


def test_services_tick_fires_on_every_programme_and_standalone_track() -> None:
    from pedcommunity.model.mentoring import MENTORING_FORMS
    from pedcommunity.services import Services
    from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, TrackData

    r = matching()
    for i in (1, 2):
        r.p.open_track(f"tr{i}", mentee_ids=(f"t{i}",), request=REQUEST, actor=C)
        r.p.propose(f"tr{i}", f"m{i}", actor=C)
    app = Services(store=r.p.store, clock=r.clock)
    # A track of no programme, with a proposal of its own that will lapse too.
    own = TrackData(
        form=MENTORING_FORMS["traditional"],
        mentees=(mentee(9),),
        request=REQUEST,
        coordinator_ids=("c9",),
    )
    app.start(MENTORING_TRACK, own, id="solo", actor="c9")
    app.fire("solo", "propose", actor="c9", mentor=leader(7).teacher)
    r.clock.advance(timedelta(days=30))
    fired = app.tick()
    assert sorted((e.workflow_id, e.trigger) for e in fired if e.trigger == "lapse") == [
        ("solo", "lapse"),
        ("tr1", "lapse"),
        ("tr2", "lapse"),
    ]
    assert r.p.load() == {}  # the programme recorded its tracks' lapses in the same commit
    assert app.tick() == []  # nothing more is due


def test_a_track_and_its_programme_are_stored_together_or_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A commit that fails after the track's change was made leaves both as they were."""
    from pedcommunity.services import InMemoryUnitOfWork

    r = matching()
    r.p.open_track("tr1", mentee_ids=("t1",), request=REQUEST, actor=C)
    before = r.snapshot()

    def failing(self: InMemoryUnitOfWork, **kwargs: Any) -> None:
        raise OSError("disk full")  # the store fails as the transaction commits

    with monkeypatch.context() as m:
        m.setattr(InMemoryUnitOfWork, "commit", failing)
        with pytest.raises(OSError, match="disk full"):
            r.p.propose("tr1", "m1", actor=C)
    assert r.snapshot() == before
    r.p.propose("tr1", "m1", actor=C)  # and the same call then goes through
    assert r.p.track("tr1").state == "proposed" and r.p.load() == {"m1": 1}
