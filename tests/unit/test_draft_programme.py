"""Drafting a development programme from a mentee's request (issue 15, item 4e).

``draft_programme`` builds a plan that fits the request in every form of mentoring, so a
real track accepts it with ``set_plan``; ``plan_problems`` is the guard's body, moved out of
the track with its messages unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies_mentoring import mentoring_requests

from pedcommunity import draft_programme as top_level_draft
from pedcommunity.errors import GuardFailed, InvalidData, UnknownId
from pedcommunity.model import Level, Teacher
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    Activity,
    ActivityFormat,
    DevelopmentProgramme,
    Goal,
    MentoringForm,
    MentoringRequest,
    draft_programme,
    plan_problems,
)
from pedcommunity.workflows import MENTORING_TRACK, TrackData, fire, start

T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
REQUEST = MentoringRequest(
    goals=("Дисциплина на уроке", "Портфолио"),
    competency_ids=("classroom", "digital", "art"),
    formats=(ActivityFormat.LESSON_OBSERVATION, ActivityFormat.CONSULTATION),
)


def _people(form: MentoringForm, request: MentoringRequest) -> tuple[Teacher, tuple[Teacher, ...]]:
    """A mentor and mentees who suit ``form`` for ``request`` when any can."""
    strong = dict.fromkeys((*request.competency_ids, "x.mentor"), Level.EXPERT)
    years = {"reverse": (1, 20), "partner": (10, 10)}.get(form.id, (20, 1))
    mentor = Teacher(
        id="m1", name="Ольга", organisation_id="s1", years_experience=years[0], competencies=strong
    )
    mentees = tuple(
        Teacher(
            id=f"t{i}",
            name="Иван",
            organisation_id="s1",
            years_experience=years[1],
            competencies={"y.mentee": Level.EXPERT},
        )
        for i in range(1, form.min_mentees + 1)
    )
    return mentor, mentees


def _planning_track(form: MentoringForm, request: MentoringRequest) -> Any:
    """A real track of ``form`` in planning, or ``None`` when the form refuses such a pair."""
    mentor, mentees = _people(form, request)
    if form.check(mentor, mentees, request.competency_ids) is not None:
        return None
    data = TrackData(
        form=form, mentees=mentees, request=request, coordinator_ids=("coord",), curator_id="cur"
    )
    wf = start(MENTORING_TRACK, data, id="tr1", actor="coord", at=T0)
    at = T0 + timedelta(hours=1)
    fire(wf, "propose", actor="coord", at=at, mentor=mentor)
    for who in ("m1", *(m.id for m in mentees)):
        if wf.state == "proposed":
            fire(wf, "accept", actor=who, at=at)
    assert wf.state == "planning", wf.state
    return wf


@settings(max_examples=60, deadline=None)
@given(request=mentoring_requests(), form=st.sampled_from(MENTORING_FORMS.forms))
def test_a_draft_fits_its_request_and_a_real_track_accepts_it(
    request: MentoringRequest, form: MentoringForm
) -> None:
    plan = draft_programme(request, form)
    assert plan_problems(plan, request, form) is None
    assert form.min_days <= plan.duration_days <= form.max_days
    wf = _planning_track(form, request)
    if wf is not None:
        fire(wf, "set_plan", actor="m1", at=T0 + timedelta(hours=2), plan=plan)
        assert wf.data.plan == plan


@settings(max_examples=40, deadline=None)
@given(request=mentoring_requests(), lang=st.sampled_from(("ru", "en")))
def test_drafts_are_deterministic_with_numbered_ids(request: MentoringRequest, lang: str) -> None:
    plan = draft_programme(request, lang=lang)
    assert plan == draft_programme(request, lang=lang)
    n = max(len(request.goals), len(request.competency_ids))
    assert plan.goal_ids == tuple(f"g{i}" for i in range(1, n + 1))
    assert [a.id for a in plan.activities] == [f"a{i}" for i in range(1, n + 1)]
    assert [m.id for m in plan.milestones] == [f"m{i}" for i in range(1, n + 1)]
    assert plan.milestones[-1].due_day == plan.duration_days == 180
    assert [g.competency_id for g in plan.goals][: len(request.competency_ids)] == list(
        request.competency_ids
    )


def test_the_draft_reads_as_the_spec_says() -> None:
    plan = draft_programme(REQUEST, MENTORING_FORMS["traditional"], duration_days=100)
    assert [(g.id, g.title, g.competency_id) for g in plan.goals] == [
        ("g1", "Дисциплина на уроке", "classroom"),
        ("g2", "Портфолио", "digital"),
        ("g3", "Компетенция «art»", "art"),
    ]
    assert {g.outcome for g in plan.goals} == {"Результат уточняет наставник"}
    assert [(a.id, a.format, a.title) for a in plan.activities] == [
        ("a1", ActivityFormat.LESSON_OBSERVATION, "Посещение и анализ уроков: Дисциплина на уроке"),
        ("a2", ActivityFormat.CONSULTATION, "Консультация: Портфолио"),
        ("a3", ActivityFormat.LESSON_OBSERVATION, "Посещение и анализ уроков: Компетенция «art»"),
    ]
    assert [m.due_day for m in plan.milestones] == [34, 67, 100]
    en = draft_programme(REQUEST, lang="en")
    assert en.goals[2].title == "Competency art"
    assert en.goals[0].outcome == "Outcome to be set by the mentor"
    bare = draft_programme(MentoringRequest(goals=("Один", "Два")))
    assert [
        (g.competency_id, a.format) for g, a in zip(bare.goals, bare.activities, strict=True)
    ] == [
        (None, ActivityFormat.CONSULTATION),
        (None, ActivityFormat.CONSULTATION),
    ]
    assert top_level_draft is draft_programme


@pytest.mark.parametrize(
    ("form", "days", "expected"),
    [
        (None, 3, 3),
        ("flash", None, 30),
        ("traditional", None, 180),
        ("flash", 7, 7),
    ],
)
def test_the_duration(form: str | None, days: int | None, expected: int) -> None:
    f = MENTORING_FORMS[form] if form else None
    assert draft_programme(REQUEST, f, duration_days=days).duration_days == expected


def test_short_forms_clamp_the_default_up() -> None:
    long_form = attrs.evolve(MENTORING_FORMS["traditional"], min_days=200, max_days=400)
    assert draft_programme(REQUEST, long_form).duration_days == 200


@pytest.mark.parametrize(
    ("form", "days", "message"),
    [
        ("flash", 90, "flash mentoring lasts 1 to 30 days; got 90"),
        ("traditional", 10, "traditional mentoring lasts 30 to 365 days; got 10"),
        (None, 0, "duration_days must be a whole number of days from 1, got 0"),
        (None, True, "duration_days must be a whole number of days from 1, got True"),
        (None, 1.5, "duration_days must be a whole number of days from 1, got 1.5"),
    ],
)
def test_a_duration_outside_the_form_is_refused(form: str | None, days: Any, message: str) -> None:
    f = MENTORING_FORMS[form] if form else None
    with pytest.raises(InvalidData) as info:
        draft_programme(REQUEST, f, duration_days=days)
    assert info.value.path == "$.duration_days"
    assert info.value.problem == message


def test_bad_arguments_are_refused_in_the_hierarchy() -> None:
    with pytest.raises(InvalidData, match="MentoringRequest"):
        draft_programme("хочу расти")  # type: ignore[arg-type]
    with pytest.raises(InvalidData, match="MentoringForm"):
        draft_programme(REQUEST, "flash")  # type: ignore[arg-type]
    with pytest.raises(InvalidData, match="unsupported language"):
        draft_programme(REQUEST, lang="de")


# -- plan_problems: the guard's messages, byte for byte -----------------------------------------

_BASE = DevelopmentProgramme(
    goals=(Goal(id="g1", title="Класс", outcome="3 урока", competency_id="classroom"),),
    activities=(
        Activity(id="a1", goal_id="g1", title="Посещение", format=ActivityFormat.CONSULTATION),
    ),
    duration_days=90,
)
_ASKED = MentoringRequest(
    goals=("Класс",), competency_ids=("classroom",), formats=(ActivityFormat.CONSULTATION,)
)


@pytest.mark.parametrize(
    ("plan", "request_", "form", "message"),
    [
        (
            _BASE,
            _ASKED,
            "flash",
            "flash mentoring lasts 1 to 30 days; the plan has 90",
        ),
        (
            _BASE,
            attrs.evolve(_ASKED, competency_ids=("classroom", "digital", "art")),
            "traditional",
            (
                "the plan is built from the request: give a goal for every requested "
                "competency; missing: digital, art"
            ),
        ),
        (
            _BASE,
            attrs.evolve(_ASKED, competency_ids=()),
            "traditional",
            "goal 'g1' grows a competency the mentee did not ask for; asked: none",
        ),
        (
            _BASE,
            attrs.evolve(_ASKED, formats=(ActivityFormat.MASTER_CLASS, ActivityFormat.INTENSIVE)),
            "traditional",
            "activity 'a1' is a consultation; the mentee asked for: master_class, intensive",
        ),
        (
            attrs.evolve(_BASE, goals=(*_BASE.goals, Goal(id="g2", title="X", outcome="Y"))),
            _ASKED,
            "traditional",
            "every goal needs at least one activity; none for: g2",
        ),
        (_BASE, _ASKED, "traditional", None),
    ],
)
def test_plan_problems_messages_are_the_guards(
    plan: DevelopmentProgramme, request_: MentoringRequest, form: str, message: str | None
) -> None:
    assert plan_problems(plan, request_, MENTORING_FORMS[form]) == message


def test_the_track_guard_refuses_with_plan_problems_message() -> None:
    form = MENTORING_FORMS["traditional"]
    request = attrs.evolve(_ASKED, competency_ids=("classroom", "digital"))
    wf = _planning_track(form, request)
    before = (wf.state, wf.data, list(wf.events))
    with pytest.raises(GuardFailed) as info:
        fire(wf, "set_plan", actor="m1", at=T0 + timedelta(hours=2), plan=_BASE)
    assert info.value.guard == "plan_fits_request"
    assert info.value.reason == plan_problems(_BASE, request, form)
    assert "missing: digital" in info.value.reason
    assert (wf.state, wf.data, list(wf.events)) == before


def test_draft_plan_of_a_programme_track_uses_its_request_and_form() -> None:
    from tests.unit.test_mentoring_programme import matching, pair

    r = matching()
    pair(r, "tr-1", "t1", "m1")
    track = r.p.track("tr-1")
    plan = r.p.draft_plan("tr-1")
    assert plan == draft_programme(track.data.request, track.data.form)
    r.p.fire_track("tr-1", "set_plan", actor="m1", plan=plan)
    assert r.p.track("tr-1").data.plan == plan
    with pytest.raises(UnknownId):
        r.p.draft_plan("tr-none")
