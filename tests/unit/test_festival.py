"""The mentoring festival (seed 003): every stage, every guard, standings, replay and JSON."""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import ids
from tests.strategies_festival import (
    FESTIVAL_STRATEGIES,
    criteria,
    festival_entries,
    festival_workflows,
)

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PermissionDenied,
    UnknownId,
)
from pedcommunity.i18n import Label
from pedcommunity.model.festival import (
    FESTIVAL_CRITERIA,
    MENTORS_OF_YUGRA,
    Award,
    Criterion,
    FestivalDirection,
    FestivalEntry,
    Product,
    Score,
    ShowcaseTrack,
    Standing,
    standings,
)
from pedcommunity.services import InMemoryStore
from pedcommunity.services.migrations import (
    FESTIVAL_TANDEMS_MIGRATION,
    plan_migration,
    run_migration,
)
from pedcommunity.services.workflows import get_workflow, import_workflows
from pedcommunity.workflows import (
    DefinitionRegistry,
    HostRoles,
    Workflow,
    fire,
    replay,
    standard_definitions,
    start,
)
from pedcommunity.workflows.festival import (
    FESTIVAL,
    FESTIVAL_V1,
    FestivalData,
    FestivalRules,
    GiveAward,
    ScoreEntry,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)
D = FestivalDirection
S = ShowcaseTrack
CRITERIA = [c.id for c in FESTIVAL_CRITERIA]
CONVERTER = make_converter(DefinitionRegistry([FESTIVAL]))
LAUREATE = Label(ru="Лауреат", en="Laureate")
#: The festival's organising committee («оргкомитет»), who run every festival here.
ORGANISERS = ("organiser",)


class Stepper:
    """Fires triggers with a clock that moves one hour per trigger."""

    def __init__(self, wf: Workflow) -> None:
        self.wf = wf
        self.at = T0

    def __call__(self, trigger: str, actor: str = "organiser", **fields: object) -> None:
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, actor=actor, at=self.at, **fields)


def product(kind: str = "video") -> Product:
    return Product(title="Наш педагогический тандем", kind=kind, link="https://example.org/t")


def entry(
    eid: str,
    mentor: str,
    mentees: tuple[str, ...] = ("t1",),
    *,
    showcase: ShowcaseTrack = S.ART,
    direction: FestivalDirection = D.TRADITIONAL,
    track_id: str | None = None,
) -> FestivalEntry:
    return FestivalEntry(
        id=eid,
        mentor_id=mentor,
        mentee_ids=mentees,
        direction=direction,
        showcase=showcase,
        product=product(),
        track_id=track_id,
    )


ENTRIES = (
    entry("e1", "m1", ("t1",), showcase=S.ART, direction=D.TRADITIONAL),
    entry("e2", "m2", ("t2",), showcase=S.PROFI, direction=D.REVERSE),
    entry("e3", "m3", ("t3",), showcase=S.ART, direction=D.PARTNER),
)

# Points per entry, the same from every juror on every criterion: e1 > e3 > e2.
POINTS = {"e1": 9, "e2": 5, "e3": 7}


def sheet(points: int) -> dict[str, int]:
    return dict.fromkeys(CRITERIA, points)


def festival_at(
    stage: str, *, rules: FestivalRules | None = None, jury: tuple[str, ...] = ("j1", "j2")
) -> Stepper:
    """A festival driven up to ``stage`` with ENTRIES and ``jury``."""
    data = FestivalData(
        name="Наставники Югры: маршрут построен",
        organiser_ids=ORGANISERS,
        rules=rules or FestivalRules(),
    )
    go = Stepper(start(FESTIVAL, data, id="fest-2026", actor="organiser", at=T0))
    for j in jury:
        go("appoint_juror", juror_id=j)
    for e in ENTRIES:
        go("submit_entry", e.mentor_id, entry=e)
    if stage == "registration":
        return go
    go("open_judging")
    if stage == "judging":
        return go
    for e in ENTRIES:
        for j in jury:
            go("score_entry", j, juror_id=j, entry_id=e.id, values=sheet(POINTS[e.id]))
    if stage == "scored":
        return go
    go("close_judging")
    if stage == "awarding":
        return go
    raise AssertionError(stage)


def snapshot(wf: Workflow) -> tuple[object, ...]:
    return (wf.state, wf.data, tuple(wf.events))


def refused(
    go: Stepper,
    error: type[Exception],
    trigger: str,
    actor: str = "organiser",
    **fields: object,
) -> Any:
    """Fire a trigger that must be refused; check the festival did not change."""
    before = snapshot(go.wf)
    with pytest.raises(error) as info:
        go(trigger, actor, **fields)
    assert snapshot(go.wf) == before
    return info.value


def guard_of(go: Stepper, trigger: str, **fields: object) -> str:
    err = refused(go, GuardFailed, trigger, **fields)
    assert err.trigger == trigger and err.state == go.wf.state
    assert err.reason in str(err)
    return str(err.guard)


# -- the happy path ------------------------------------------------------------------------


def test_full_run_from_registration_to_closed() -> None:
    """Entries, jury, scores, standings, awards as events, closing: the whole festival."""
    go = festival_at("awarding")
    ranked = go.wf.data.standings()
    assert [s.entry_id for s in ranked] == ["e1", "e3", "e2"]
    assert [(s.entry_id, s.track_rank) for s in ranked] == [("e1", 1), ("e3", 2), ("e2", 1)]
    assert ranked[0].score == pytest.approx(0.9)
    go("give_award", award=Award(entry_id="e1", place=1))
    go("give_award", award=Award(entry_id="e2", title=LAUREATE, place=1))
    go("close_festival")
    wf = go.wf
    assert [s.name for s in FESTIVAL.states if s.name in {e.target for e in wf.events}] == [
        "registration",
        "judging",
        "awarding",
        "closed",
    ]
    assert wf.is_final and wf.allowed() == ()
    # The give_award events are the record of the awards.
    given_awards = [e for e in wf.events if e.trigger == "give_award"]
    assert [e.payload.award for e in given_awards] == list(wf.data.awards)
    assert given_awards[0].payload.award.title == MENTORS_OF_YUGRA
    assert given_awards[0].actor == "organiser" and given_awards[0].at > T0
    assert replay(FESTIVAL, wf.events) == wf


def test_festival_labels_are_bilingual() -> None:
    """Every stage and trigger has a Russian and an English label."""
    for item in (*FESTIVAL.states, *FESTIVAL.triggers):
        assert item.label.ru and item.label.en
    assert FESTIVAL.state("registration").label.ru == "Приём заявок"


def test_rescoring_replaces_the_earlier_value() -> None:
    """A juror who scores a criterion again replaces their value; other criteria stay."""
    go = festival_at("judging")
    go("score_entry", "j1", juror_id="j1", entry_id="e1", values={"results": 3, "relevance": 4})
    go("score_entry", "j1", juror_id="j1", entry_id="e1", values={"results": 8})
    mine = {s.criterion_id: s.value for s in go.wf.data.scores if s.juror_id == "j1"}
    assert mine == {"relevance": 4, "results": 8}
    assert len(go.wf.data.scores) == 2


def test_score_sheet_order_does_not_change_the_data() -> None:
    """Scores are stored in criteria order whatever the sheet's order."""
    a, b = festival_at("judging"), festival_at("judging")
    a("score_entry", "j1", juror_id="j1", entry_id="e1", values={"results": 1, "relevance": 2})
    b("score_entry", "j1", juror_id="j1", entry_id="e1", values={"relevance": 2, "results": 1})
    assert a.wf.data == b.wf.data


def test_dismissed_juror_takes_their_scores() -> None:
    """Dismissing a juror withdraws their scores; the quorum then counts the rest."""
    go = festival_at("judging", jury=("j1", "j2", "j3"))
    for e in ENTRIES:
        for j in ("j1", "j2"):
            go("score_entry", j, juror_id=j, entry_id=e.id, values=sheet(POINTS[e.id]))
    go("score_entry", "j3", juror_id="j3", entry_id="e1", values={"results": 1})
    err = refused(go, GuardFailed, "close_judging")
    assert err.guard == "scoring_complete" and "waiting for: j3" in err.reason
    go("dismiss_juror", juror_id="j3", reason="болезнь")
    assert "j3" not in go.wf.data.jury
    assert all(s.juror_id != "j3" for s in go.wf.data.scores)
    go("close_judging")
    assert go.wf.state == "awarding"


def test_withdrawn_entry_takes_its_scores() -> None:
    """Withdrawing an entry during judging drops its scores."""
    go = festival_at("scored")
    go("withdraw_entry", entry_id="e2", reason="пара выбыла")
    assert go.wf.data.entry("e2") is None
    assert all(s.entry_id != "e2" for s in go.wf.data.scores)
    go("close_judging")
    assert [s.entry_id for s in go.wf.data.standings()] == ["e1", "e3"]


def test_juror_appointed_during_judging_must_score_too() -> None:
    """With the default quorum every juror free to judge must score every entry."""
    go = festival_at("scored")
    go("appoint_juror", juror_id="j3")
    err = refused(go, GuardFailed, "close_judging")
    assert err.guard == "scoring_complete" and "j3" in err.reason


def test_quorum_lets_judging_close_with_part_of_the_jury() -> None:
    """score_quorum=0.5: half the jurors free to judge each entry are enough."""
    go = festival_at("judging", rules=FestivalRules(score_quorum=0.5))
    for e in ENTRIES:
        go("score_entry", "j1", juror_id="j1", entry_id=e.id, values=sheet(6))
    go("close_judging")
    assert go.wf.state == "awarding"


def test_conflicted_juror_is_not_counted_for_their_own_entry() -> None:
    """A juror who is a mentee of an entry scores the others; the entry needs the rest."""
    go = festival_at("registration", jury=("j1", "t1"))
    go("open_judging")
    for e in ENTRIES:
        for j in go.wf.data.eligible_jurors(e):
            go("score_entry", j, juror_id=j, entry_id=e.id, values=sheet(5))
    assert go.wf.data.eligible_jurors(ENTRIES[0]) == ("j1",)
    go("close_judging")
    assert go.wf.state == "awarding"


def test_pair_may_enter_several_tracks_when_the_rules_allow() -> None:
    """entries_per_pair=2: a second entry in another track, never twice in one track."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS, rules=FestivalRules(entries_per_pair=2))
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    go("submit_entry", entry=entry("a", "m1", showcase=S.ART))
    assert guard_of(go, "submit_entry", entry=entry("b", "m1", showcase=S.ART)) == "pair_entries"
    go("submit_entry", entry=entry("b", "m1", showcase=S.PROFI))
    err = refused(go, GuardFailed, "submit_entry", entry=entry("c", "m1", showcase=S.CONTENT))
    assert err.guard == "pair_entries" and "at most 2" in err.reason


# -- refusals: wrong stage -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "trigger", "fields"),
    [
        ("registration", "score_entry", {"juror_id": "j1", "entry_id": "e1", "values": {"a": 1}}),
        ("registration", "give_award", {"award": Award(entry_id="e1")}),
        ("registration", "close_judging", {}),
        ("judging", "submit_entry", {"entry": entry("e9", "m9")}),
        ("judging", "give_award", {"award": Award(entry_id="e1")}),
        ("awarding", "score_entry", {"juror_id": "j1", "entry_id": "e1", "values": {"a": 1}}),
        ("awarding", "appoint_juror", {"juror_id": "j9"}),
        ("awarding", "withdraw_entry", {"entry_id": "e1"}),
    ],
)
def test_triggers_outside_their_stage_are_refused(
    stage: str, trigger: str, fields: dict[str, object]
) -> None:
    """A trigger the stage does not accept raises InvalidTrigger listing what is allowed."""
    go = festival_at(stage)
    err = refused(go, InvalidTrigger, trigger, **fields)
    assert err.state == stage and err.trigger == trigger
    assert "cancel_festival" in err.allowed


@pytest.mark.parametrize("stage", ["registration", "judging", "awarding"])
def test_cancel_from_any_live_stage_and_then_nothing(stage: str) -> None:
    """A festival can be cancelled from any live stage; a cancelled one accepts nothing."""
    go = festival_at(stage)
    go("cancel_festival", reason="карантин")
    assert go.wf.state == "cancelled" and go.wf.data.closed_reason == "карантин"
    for trigger in ("cancel_festival", "submit_entry", "close_festival"):
        assert refused(go, InvalidTrigger, trigger, reason="x").allowed == ()


# -- refusals: guards ------------------------------------------------------------------------


def test_entry_ids_are_unique() -> None:
    """An entry id cannot be used twice."""
    go = festival_at("registration")
    assert guard_of(go, "submit_entry", entry=entry("e1", "m9", ("t9",))) == "entry_new"


@pytest.mark.parametrize(
    "again",
    [
        entry("x1", "m3", ("t3",), showcase=S.CONTENT, direction=D.REVERSE),
        entry("x2", "m3", ("t3",), showcase=S.ART),
    ],
)
def test_a_pair_enters_once(again: FestivalEntry) -> None:
    """The same mentor and mentee enter once, in one direction and track."""
    go = festival_at("registration")
    err = refused(go, GuardFailed, "submit_entry", entry=again)
    assert err.guard == "pair_entries" and "e3" in err.reason


def test_a_group_enters_once_whatever_the_order_of_its_mentees() -> None:
    """In a festival of groups, the same mentor and mentees in any order are the same group."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS, rules=FestivalRules(tandems_only=False))
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    go("submit_entry", entry=entry("g1", "m3", ("t3", "t4")))
    again = entry("g2", "m3", ("t4", "t3"), showcase=S.CONTENT, direction=D.REVERSE)
    err = refused(go, GuardFailed, "submit_entry", entry=again)
    assert err.guard == "pair_entries" and "g1" in err.reason


def test_same_mentoring_track_is_the_same_pair() -> None:
    """Two entries naming the same mentoring track come from the same pair."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS)
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    go("submit_entry", entry=entry("a", "m1", ("t1",), track_id="track-7"))
    again = entry("b", "m2", ("t2",), showcase=S.PROFI, track_id="track-7")
    assert guard_of(go, "submit_entry", entry=again) == "pair_entries"
    go("submit_entry", entry=entry("c", "m1", ("t2",)))  # another mentee: another pair


def test_withdraw_and_score_need_a_listed_entry() -> None:
    """Only entries of the festival can be withdrawn or scored."""
    go = festival_at("registration")
    assert guard_of(go, "withdraw_entry", entry_id="zz") == "entry_listed"
    go("withdraw_entry", entry_id="e3")
    assert [e.id for e in go.wf.data.entries] == ["e1", "e2"]
    go("open_judging")
    err = refused(
        go, GuardFailed, "score_entry", "j1", juror_id="j1", entry_id="e3", values={"results": 5}
    )
    assert err.guard == "entry_listed" and "e1, e2" in err.reason


def test_jury_membership_rules() -> None:
    """A juror is appointed once; only a juror can be dismissed."""
    go = festival_at("registration")
    assert guard_of(go, "appoint_juror", juror_id="j1") == "juror_new"
    assert guard_of(go, "dismiss_juror", juror_id="j9") == "is_juror"
    go("dismiss_juror", juror_id="j2")
    assert go.wf.data.jury == ("j1",)


def test_judging_needs_entries_and_a_jury() -> None:
    """open_judging needs an entry, min_jury jurors, and a free juror for every entry."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS, rules=FestivalRules(min_jury=2))
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    go("appoint_juror", juror_id="t1")
    assert guard_of(go, "open_judging") == "has_entries"
    go("submit_entry", entry=entry("e1", "m1", ("t1",)))
    err = refused(go, GuardFailed, "open_judging")
    assert err.guard == "has_jury" and "at least 2" in err.reason
    go("appoint_juror", juror_id="m1")
    err = refused(go, GuardFailed, "open_judging")
    assert err.guard == "entries_judgeable" and "e1" in err.reason
    go("appoint_juror", juror_id="j1")
    go("open_judging")
    assert go.wf.state == "judging"


def test_dismissal_during_judging_keeps_every_entry_judgeable() -> None:
    """During judging a juror leaves only if every entry keeps a juror free to judge it."""
    go = festival_at("registration", jury=("j1", "t1"))
    go("open_judging")
    err = refused(go, GuardFailed, "dismiss_juror", juror_id="j1")
    assert err.guard == "keeps_entries_judgeable" and "e1" in err.reason
    assert guard_of(go, "dismiss_juror", juror_id="zz") == "is_juror"
    go("dismiss_juror", juror_id="t1")
    assert go.wf.data.jury == ("j1",)


def test_only_jurors_score() -> None:
    """A score sheet from someone off the jury is refused, by permission or by the jury guard."""
    go = festival_at("judging")
    sheet_of_x = {"juror_id": "x", "entry_id": "e1", "values": {"results": 5}}
    denied = refused(go, PermissionDenied, "score_entry", "x", **sheet_of_x)
    assert (denied.trigger, denied.actor, denied.roles) == ("score_entry", "x", ("juror",))
    # The organisers may not score in a juror's name either: scores are the jurors' own.
    denied = refused(
        go, PermissionDenied, "score_entry", "organiser", **{**sheet_of_x, "juror_id": "j1"}
    )
    assert (denied.actor, denied.roles, denied.actor_roles) == (
        "organiser",
        ("juror",),
        ("organiser",),
    )
    # A host whose own directory calls 'x' a juror still meets the festival's jury guard.
    host = HostRoles(lookup=lambda wf, actor: ["Expert"], mapping={"Expert": ["juror"]})
    before = snapshot(go.wf)
    with pytest.raises(GuardFailed) as info:
        fire(
            go.wf,
            "score_entry",
            actor="x",
            at=go.at + timedelta(hours=1),
            policy=host,
            **sheet_of_x,
        )
    assert snapshot(go.wf) == before
    assert info.value.guard == "is_juror" and "j1, j2" in info.value.reason


def test_a_juror_never_judges_their_own_entry() -> None:
    """Conflict of interest: a juror who is the mentor or a mentee of an entry cannot score it."""
    go = festival_at("registration", jury=("j1", "m2", "t3"))
    go("open_judging")
    for juror, eid in (("m2", "e2"), ("t3", "e3")):
        err = refused(
            go,
            GuardFailed,
            "score_entry",
            juror,
            juror_id=juror,
            entry_id=eid,
            values={"results": 5},
        )
        assert err.guard == "no_conflict" and "conflict of interest" in err.reason
    go("score_entry", "m2", juror_id="m2", entry_id="e1", values={"results": 5})


def test_scores_only_on_listed_criteria_within_range() -> None:
    """A sheet names listed criteria only, each from 0 to its max_score."""
    go = festival_at("judging")
    err = refused(
        go, GuardFailed, "score_entry", "j1", juror_id="j1", entry_id="e1", values={"charm": 5}
    )
    assert err.guard == "criteria_listed" and "charm" in err.reason
    err = refused(
        go, GuardFailed, "score_entry", "j1", juror_id="j1", entry_id="e1", values={"results": 11}
    )
    assert err.guard == "score_in_range" and "0 to 10" in err.reason
    go("score_entry", "j1", juror_id="j1", entry_id="e1", values={"results": 10, "relevance": 0})


@pytest.mark.parametrize("values", [{}, {"results": -1}, {"results": True}, {"results": 2.5}])
def test_malformed_score_sheets_are_invalid_data(values: dict[str, Any]) -> None:
    """An empty sheet or a value that is not a whole number >= 0 is refused as InvalidData."""
    go = festival_at("judging")
    err = refused(go, InvalidData, "score_entry", "j1", juror_id="j1", entry_id="e1", values=values)
    assert err.path == "$.payload.values"


def test_judging_closes_when_every_entry_is_fully_scored() -> None:
    """Every free juror scores every entry on every criterion before the judging closes."""
    go = festival_at("judging")
    err = refused(go, GuardFailed, "close_judging")
    assert err.guard == "scoring_complete" and "e1" in err.reason and "j1, j2" in err.reason
    for e in ENTRIES:
        for j in ("j1", "j2"):
            go("score_entry", j, juror_id=j, entry_id=e.id, values=sheet(5))
    go("withdraw_entry", entry_id="e1")
    go("withdraw_entry", entry_id="e2")
    go("withdraw_entry", entry_id="e3")
    assert guard_of(go, "close_judging") == "has_entries"


def test_awards_go_to_entries_once_per_title() -> None:
    """An award needs an entry of the festival; a title is given to an entry once."""
    go = festival_at("awarding")
    err = refused(go, GuardFailed, "give_award", award=Award(entry_id="zz"))
    assert err.guard == "award_entry_listed" and "e1, e2, e3" in err.reason
    go("give_award", award=Award(entry_id="e1"))
    err = refused(go, GuardFailed, "give_award", award=Award(entry_id="e1", place=1))
    assert err.guard == "award_once" and "Наставники Югры" in err.reason
    go("give_award", award=Award(entry_id="e1", title=LAUREATE, place=1))
    go("give_award", award=Award(entry_id="e3"))
    assert [(a.entry_id, a.title.en) for a in go.wf.data.awards] == [
        ("e1", "Mentors of Yugra"),
        ("e1", "Laureate"),
        ("e3", "Mentors of Yugra"),
    ]


def test_the_festival_closes_after_an_award() -> None:
    """close_festival needs at least one award: the closing ceremony gives the symbol."""
    go = festival_at("awarding")
    assert guard_of(go, "close_festival") == "has_awards"
    go("give_award", award=Award(entry_id="e2"))
    go("close_festival")
    assert go.wf.state == "closed"


def test_a_payload_of_the_wrong_class_is_invalid_data() -> None:
    """give_award takes a GiveAward; a ScoreEntry is refused without a change."""
    go = festival_at("awarding")
    before = snapshot(go.wf)
    wrong = ScoreEntry(juror_id="j1", entry_id="e1", values={"results": 1})
    with pytest.raises(InvalidData):
        fire(go.wf, "give_award", wrong, actor="organiser", at=go.at + timedelta(hours=1))
    assert snapshot(go.wf) == before
    fire(go.wf, "give_award", GiveAward(award=Award(entry_id="e1")), actor="organiser", at=go.at)


# -- the model's validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (Criterion, {"id": "c", "name": LAUREATE, "weight": 0}),
        (Criterion, {"id": "c", "name": LAUREATE, "weight": -1.5}),
        (Criterion, {"id": "c", "name": LAUREATE, "weight": math.nan}),
        (Criterion, {"id": "c", "name": LAUREATE, "weight": math.inf}),
        (Criterion, {"id": "c", "name": LAUREATE, "weight": True}),
        (Criterion, {"id": "c", "name": LAUREATE, "max_score": 0}),
        (Score, {"juror_id": "j", "entry_id": "e", "criterion_id": "c", "value": -1}),
        (Score, {"juror_id": "j", "entry_id": "e", "criterion_id": "c", "value": 1.0}),
        (Award, {"entry_id": "e", "place": 0}),
        (Award, {"entry_id": "bad id"}),
        (Product, {"title": "t", "kind": "video", "link": "ftp://example.org"}),
        (FestivalRules, {"score_quorum": 0}),
        (FestivalRules, {"entries_per_pair": 0}),
        (FestivalData, {"name": "F", "criteria": ()}),
        (FestivalData, {"name": " "}),
    ],
)
def test_invalid_values_are_refused(cls: type, fields: dict[str, Any]) -> None:
    """Validators refuse what the festival cannot hold."""
    with pytest.raises(ValueError, match=r"\w"):
        cls(**fields)


def test_festival_data_ids_are_unique() -> None:
    """Criteria, jurors and entries have unique ids within a festival."""
    c = FESTIVAL_CRITERIA[0]
    with pytest.raises(DuplicateId, match="criterion 'relevance'"):
        FestivalData(name="F", criteria=(c, c))
    with pytest.raises(DuplicateId, match="entry 'e1'"):
        FestivalData(name="F", entries=(ENTRIES[0], ENTRIES[0]))
    with pytest.raises(DuplicateId):
        FestivalData(name="F", jury=("j1", "j1"))


def test_entry_refuses_the_mentor_as_a_mentee() -> None:
    """A mentor is not their own mentee."""
    with pytest.raises(ValueError, match="mentor"):
        entry("e", "m1", ("m1",))


# -- standings -------------------------------------------------------------------------------


def crit(cid: str, weight: float = 1.0, max_score: int = 10) -> Criterion:
    return Criterion(id=cid, name=Label(ru=cid, en=cid), weight=weight, max_score=max_score)


def sc(juror: str, eid: str, cid: str, value: int) -> Score:
    return Score(juror_id=juror, entry_id=eid, criterion_id=cid, value=value)


def test_standings_on_a_hand_computed_example() -> None:
    """Weighted mean of per-criterion juror means over max_score; ranks overall and per track."""
    entries = [
        entry("a", "m1", showcase=S.ART),
        entry("b", "m2", showcase=S.PROFI),
        entry("c", "m3", showcase=S.ART),
        entry("d", "m4", showcase=S.PROFI),
    ]
    criteria_ = [crit("content", weight=3), crit("style", weight=1, max_score=5)]
    scores = [
        # a: content mean (8+6)/2 = 7 -> 0.7; style (5+4)/2 = 4.5 -> 0.9; (3*0.7+0.9)/4 = 0.75
        sc("j1", "a", "content", 8),
        sc("j2", "a", "content", 6),
        sc("j1", "a", "style", 5),
        sc("j2", "a", "style", 4),
        # b: content 10 -> 1.0; style unscored counts 0; 3/4 = 0.75, ties with a: a first
        sc("j1", "b", "content", 10),
        # c: content 4 -> 0.4, style 5 -> 1.0; (1.2+1)/4 = 0.55
        sc("j2", "c", "content", 4),
        sc("j2", "c", "style", 5),
        # d: nothing scored: 0
    ]
    result = standings(entries, criteria_, scores)
    assert [(s.entry_id, s.score, s.rank, s.track_rank) for s in result] == [
        ("a", 0.75, 1, 1),
        ("b", 0.75, 2, 1),
        ("c", 0.55, 3, 2),
        ("d", 0.0, 4, 2),
    ]
    a = result[0]
    assert a.criterion_means == {"content": 7.0, "style": 4.5}
    assert a.jurors == 2 and a.showcase is S.ART and a.direction is D.TRADITIONAL
    assert result[1].criterion_means == {"content": 10.0}
    assert result[3].jurors == 0 and result[3].criterion_means == {}


def test_standings_ties_are_exact() -> None:
    """Equal results tie exactly whatever the float rounding of the sums; ids break ties."""
    entries = [entry("z", "m1"), entry("y", "m2", showcase=S.CONTENT)]
    criteria_ = [crit("c1", weight=0.1), crit("c2", weight=0.2), crit("c3", weight=0.3)]
    scores = [
        *(sc("j", "z", c, v) for c, v in (("c1", 1), ("c2", 2), ("c3", 3))),
        *(sc("j", "y", c, v) for c, v in (("c1", 1), ("c2", 2), ("c3", 3))),
    ]
    assert [s.entry_id for s in standings(entries, criteria_, scores)] == ["y", "z"]


def test_standings_refuse_bad_input() -> None:
    """Unknown entries or criteria, scores above the top, repeats and no criteria are refused."""
    entries = [entry("a", "m1")]
    criteria_ = [crit("c", max_score=5)]
    with pytest.raises(UnknownId, match="entry 'zz'"):
        standings(entries, criteria_, [sc("j", "zz", "c", 1)])
    with pytest.raises(UnknownId, match="criterion 'zz'"):
        standings(entries, criteria_, [sc("j", "a", "zz", 1)])
    with pytest.raises(InvalidData) as info:
        standings(entries, criteria_, [sc("j", "a", "c", 1), sc("j", "a", "c", 6)])
    assert info.value.path == "$.scores[1].value"
    with pytest.raises(InvalidData, match="twice"):
        standings(entries, criteria_, [sc("j", "a", "c", 1), sc("j", "a", "c", 2)])
    with pytest.raises(InvalidData, match="at least one criterion"):
        standings(entries, [], [])
    with pytest.raises(DuplicateId):
        standings([*entries, *entries], criteria_, [])
    with pytest.raises(DuplicateId):
        standings(entries, [*criteria_, *criteria_], [])


@st.composite
def judged(draw: Any) -> tuple[list[FestivalEntry], list[Criterion], list[Score]]:
    """Entries, criteria and a valid set of scores (each juror once per entry and criterion)."""
    entries = draw(st.lists(festival_entries(), max_size=6, unique_by=lambda e: e.id))
    crits = draw(st.lists(criteria(), min_size=1, max_size=3, unique_by=lambda c: c.id))
    jurors = draw(st.lists(ids(max_size=8), min_size=1, max_size=3, unique=True))
    scores = [
        sc(j, e.id, c.id, draw(st.integers(0, c.max_score)))
        for e in entries
        for c in crits
        for j in jurors
        if draw(st.booleans())
    ]
    return entries, crits, scores


@settings(max_examples=40, deadline=None)
@given(judged(), st.randoms(use_true_random=False))
def test_standings_are_a_deterministic_permutation(
    case: tuple[list[FestivalEntry], list[Criterion], list[Score]], rnd: random.Random
) -> None:
    """Standings rank every entry once, best first, whatever order the input comes in."""
    entries, crits, scores = case
    result = standings(entries, crits, scores)
    assert sorted(s.entry_id for s in result) == sorted(e.id for e in entries)
    assert [s.rank for s in result] == list(range(1, len(entries) + 1))
    assert all(0 <= s.score <= 1 for s in result)
    # Ranking is exact (fractions); the float score can only say "not increasing": two
    # scores a hair apart may print as the same float.
    assert all(a.score >= b.score for a, b in itertools.pairwise(result))
    for track in S:
        ranks = [s.track_rank for s in result if s.showcase is track]
        assert ranks == list(range(1, len(ranks) + 1))
    for shuffled in (entries, crits, scores):
        rnd.shuffle(shuffled)
    assert standings(entries, crits, scores) == result


# -- replay and JSON -------------------------------------------------------------------------


def finished() -> Workflow:
    go = festival_at("awarding")
    go("give_award", award=Award(entry_id="e1", place=1))
    go("close_festival")
    return go.wf


def test_workflow_round_trips_through_json() -> None:
    """A whole festival is stored and read back equal, its definition found by name."""
    wf = finished()
    back = CONVERTER.structure(CONVERTER.unstructure(wf), Workflow)
    assert back == wf and back.definition is FESTIVAL


def test_stored_data_must_be_what_the_events_produce() -> None:
    """Reading back refuses stored data that the events do not produce."""
    doc = CONVERTER.unstructure(finished())
    doc["data"]["awards"] = []
    with pytest.raises(InvalidData, match="the events are the record"):
        CONVERTER.structure(doc, Workflow)


@pytest.mark.parametrize("cls", list(FESTIVAL_STRATEGIES), ids=lambda c: c.__name__)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_festival_type_round_trips(cls: type, data: st.DataObject) -> None:
    """conv.structure(conv.unstructure(x, T), T) == x for every festival type."""
    x = data.draw(FESTIVAL_STRATEGIES[cls])
    assert CONVERTER.structure(CONVERTER.unstructure(x, cls), cls) == x


def test_strategies_cover_every_public_festival_class() -> None:
    """Every public attrs class of the festival modules has a strategy."""
    import pedcommunity.model.festival as model_festival
    import pedcommunity.workflows.festival as wf_festival

    public = {
        obj
        for module in (model_festival, wf_festival)
        for obj in (getattr(module, n) for n in module.__all__)
        if isinstance(obj, type) and attrs.has(obj)
    }
    assert public == set(FESTIVAL_STRATEGIES)
    assert Standing in public


@settings(max_examples=20, deadline=None)
@given(festival_workflows())
def test_scripted_festivals_replay_and_round_trip(wf: Workflow) -> None:
    """Every scripted festival replays to itself and survives JSON."""
    assert replay(FESTIVAL, wf.events) == wf
    assert CONVERTER.structure(CONVERTER.unstructure(wf), Workflow) == wf


# -- version 1 documents -----------------------------------------------------------------------

#: A festival@1 written before festival@2 existed: a group entry (1 mentor, 3 mentees), closed.
FESTIVAL_V1_DOC = Path(__file__).parents[1] / "data" / "compat" / "festival_v1.json"


def test_v1_document_reads_back_and_replays_as_v1() -> None:
    """A stored festival@1 with a group entry still reads, replays and writes the same."""
    text = FESTIVAL_V1_DOC.read_text(encoding="utf-8")
    wf = from_json(text, Workflow, definitions=standard_definitions())
    assert wf.definition.key == "festival@1" and wf.state == "closed"
    group = wf.data.entry("e-group")
    assert group is not None and len(group.mentee_ids) == 3
    assert replay(wf.definition, wf.events) == wf
    # Written again, it reads back equal (new rule fields are written with their defaults).
    assert from_json(to_json(wf), Workflow, definitions=standard_definitions()) == wf


# -- festival@2: pedagogical tandems ---------------------------------------------------------

GROUP = entry("g1", "m1", ("t1", "t2", "t3"))


def test_version_2_is_the_festival_and_version_1_stays_registered() -> None:
    """FESTIVAL is festival@2, derived from @1; both are standard definitions."""
    assert (FESTIVAL.key, FESTIVAL.based_on) == ("festival@2", "festival@1")
    assert FESTIVAL_V1.key == "festival@1"
    keys = {d.key for d in standard_definitions()}
    assert {"festival@1", "festival@2"} <= keys
    assert standard_definitions().latest("festival") is FESTIVAL


def test_version_2_refuses_a_group_entry() -> None:
    """One mentor and three mentees are not a tandem: refused, and nothing changes."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS)
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    err = refused(go, GuardFailed, "submit_entry", entry=GROUP)
    assert err.guard == "tandem_entry"
    assert err.reason == (
        "a festival entry is a pedagogical tandem, one mentor and one mentee; entry 'g1' "
        "names mentor 'm1' and 3 mentees (t1, t2, t3); enter each pair on its own, or set "
        "FestivalRules.tandems_only=False for a festival of groups"
    )
    go("submit_entry", entry=entry("e1", "m1", ("t1",)))
    assert [e.id for e in go.wf.data.entries] == ["e1"]


def test_a_festival_of_groups_takes_them() -> None:
    """FestivalRules(tandems_only=False) accepts the group entry under version 2."""
    rules = FestivalRules(tandems_only=False)
    data = FestivalData(name="F", organiser_ids=ORGANISERS, rules=rules)
    go = Stepper(start(FESTIVAL, data, id="f", actor="organiser", at=T0))
    go("submit_entry", entry=GROUP)
    assert go.wf.data.entry("g1") == GROUP


def test_version_1_takes_groups_whatever_the_rules_say() -> None:
    """FESTIVAL_V1 never checks tandems_only, so its logs replay as they were written."""
    data = FestivalData(name="F", organiser_ids=ORGANISERS)
    assert data.rules.tandems_only
    go = Stepper(start(FESTIVAL_V1, data, id="f", actor="organiser", at=T0))
    go("submit_entry", entry=GROUP)
    assert replay(FESTIVAL_V1, go.wf.events) == go.wf
    with pytest.raises(GuardFailed) as info:
        replay(FESTIVAL, [attrs.evolve(e, definition="festival@2") for e in go.wf.events])
    assert info.value.guard == "tandem_entry"


def test_tandems_only_is_a_bool() -> None:
    """A rule that is not True or False is malformed."""
    with pytest.raises(ValueError, match="tandems_only must be True or False"):
        FestivalRules(tandems_only="yes")  # type: ignore[arg-type]


def test_the_tandems_migration_dry_run_and_run() -> None:
    """The dry run lists the v1 festivals to move and writes nothing; moved, a festival keeps
    its group entry and refuses new groups."""
    store = InMemoryStore()
    stored = from_json(FESTIVAL_V1_DOC.read_text(encoding="utf-8"), Workflow)
    data = FestivalData(name="F", organiser_ids=ORGANISERS)
    live = Stepper(start(FESTIVAL_V1, data, id="fest-live", actor="organiser", at=T0))
    live("submit_entry", entry=GROUP)
    import_workflows(store.unit_of_work(), [stored, live.wf])
    at = T0 + timedelta(days=10)
    plan = plan_migration(
        store.unit_of_work(), FESTIVAL_TANDEMS_MIGRATION, definitions=store.definitions, at=at
    )
    assert sorted((m.workflow_id, m.to_state) for m in plan.moves) == [
        ("fest-2023", "closed"),
        ("fest-live", "registration"),
    ]
    assert plan.blocked == ()
    assert get_workflow(store.unit_of_work(), "fest-live").definition.key == "festival@1"
    run_migration(
        store.unit_of_work(),
        FESTIVAL_TANDEMS_MIGRATION,
        definitions=store.definitions,
        actor="admin",
        at=at,
    )
    moved = get_workflow(store.unit_of_work(), "fest-live")
    assert moved.definition.key == "festival@2" and moved.data.entry("g1") == GROUP
    go = Stepper(moved)
    go.at = at
    err = refused(go, GuardFailed, "submit_entry", entry=entry("g2", "m2", ("t4", "t5")))
    assert err.guard == "tandem_entry"
