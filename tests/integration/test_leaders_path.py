"""The leaders' path of seed 003 through the services, in memory and on SQLite.

Bank -> navigators school -> initiatives office, and a track -> the festival: every use case
of :mod:`pedcommunity.services.leaders` changes two workflows in one unit of work, and a
refusal by either (or a commit that fails) changes neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.strategies_leaders import COORDINATOR, bank_programme, work_track

from pedcommunity.clock import ManualClock
from pedcommunity.errors import (
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PermissionDenied,
    StoreError,
    UnknownId,
)
from pedcommunity.model.bank import BankResult, BankResultKind
from pedcommunity.model.festival import FestivalDirection, FestivalEntry, Product, ShowcaseTrack
from pedcommunity.model.leaders import LeaderLevel
from pedcommunity.services import Services, bootstrap, leaders
from pedcommunity.workflows import Workflow
from pedcommunity.workflows.festival import FestivalData
from pedcommunity.workflows.initiatives import office_summary
from pedcommunity.workflows.navigators import NavigatorsSchoolData, NavigatorsSchoolRules

NAV, CL = LeaderLevel.NAVIGATOR, LeaderLevel.COMPETENCY_LEADER
POISK = "poisk"
SCHOOL = NavigatorsSchoolData(
    name="Школа навигаторов 2023",
    host_id="cdo-poisk",
    organiser_ids=(POISK,),
    rules=NavigatorsSchoolRules(min_cohort=2),
)


@pytest.fixture(params=["memory", "sqlite"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """A deployment with a programme whose bank holds anna, boris, vera and the mentee t1."""
    clock = ManualClock(datetime(2023, 2, 1, 9, tzinfo=UTC))
    target = None if request.param == "memory" else str(tmp_path / "leaders.db")
    services = bootstrap(target, clock=clock, plugins=False)
    bank_programme(services, clock, bank=("anna", "boris", "vera", "t1"))
    clock.advance(timedelta(days=30))
    try:
        yield services
    finally:
        services.close()


def snapshot(app: Services, *ids: str) -> list[tuple[Any, ...]]:
    """What the store holds of each workflow (None for one it does not hold)."""
    found: list[tuple[Any, ...]] = []
    for workflow_id in ids:
        try:
            wf = app.get(workflow_id)
        except UnknownId:
            found.append((workflow_id, None))
            continue
        found.append((workflow_id, wf.state, wf.data, wf.version))
    return found


def opened(app: Services) -> Workflow:
    return app.open_navigators_school("p", "school-1", SCHOOL, actor=COORDINATOR)


def graduation(app: Services, *cohort: str) -> None:
    """Enrol ``cohort`` from the bank in the open school, train and graduate them all."""
    for who in cohort:
        app.enrol_from_bank("school-1", who, actor=POISK)
    app.fire("school-1", "add_coach", actor=POISK, coach_id="coach-1")
    app.fire("school-1", "start_training", actor=POISK)
    for _ in range(2):
        app.fire(
            "school-1",
            "hold_session",
            actor="coach-1",
            topic="Позиция лидера",
            coach_id="coach-1",
            attendees=cohort,
        )
    app.fire("school-1", "start_graduation", actor=POISK)
    app.fire("school-1", "graduate", actor=POISK, leader_ids=cohort)


# -- the whole path ---------------------------------------------------------------------------


def test_open_enrol_finish_propose_accept(app: Services) -> None:
    """From the bank to an accepted initiative, every step recorded on the programme."""
    school = opened(app)
    assert school.definition.key == "navigators_school@2"
    assert school.data.programme_id == "p"
    assert school.data.bank_ids == ("anna", "boris", "vera", "t1")
    assert app.get("p").data.school_ids == ("school-1",)
    graduation(app, "anna", "t1")
    assert app.get("school-1").data.cohort[0] == app.get("p").data.bank_entry("anna").leader
    app.finish_navigators_school("school-1", actor=POISK)
    assert app.get("school-1").state == "finished"
    bank = {e.id: e for e in app.get("p").data.bank}
    assert [(i, bank[i].leader.level, bank[i].navigators_school_id) for i in bank] == [
        ("anna", NAV, "school-1"),
        ("boris", CL, None),
        ("vera", CL, None),
        ("t1", NAV, "school-1"),
    ]
    idea = app.propose_initiative(
        "p",
        "init-1",
        proposer_id="anna",
        title="Клуб молодых педагогов",
        description="Ежемесячные встречи наставников и молодых специалистов",
        partners=("ЦДО «Поиск»",),
        office_ids=("office",),
        actor="anna",
    )
    assert idea.data.programme_id == "p" and idea.data.proposer.level is NAV
    assert app.get("p").data.initiatives == {"init-1": "anna"}
    app.fire("init-1", "start_review", actor="office")
    app.fire("init-1", "accept", actor="office", note="Включить в план")
    assert office_summary([app.get("init-1")])["accepted"] == 1


def test_training_is_offered_to_leaders_included_later(app: Services) -> None:
    """offer_training offers it to the bank's newcomers only, and says whom."""
    opened(app)
    before = snapshot(app, "school-1")
    assert app.offer_training("school-1", actor=POISK) == ()  # nobody new: nothing written
    assert snapshot(app, "school-1") == before
    app.fire(
        "p",
        "include_in_bank",
        actor=COORDINATOR,
        teacher_id="t2",
        reason="Провела открытый урок",
        results=(BankResult(BankResultKind.EVENTS_ATTENDED, value=1),),
    )
    assert app.offer_training("school-1", actor=POISK) == ("t2",)
    assert app.get("school-1").data.bank_ids == ("anna", "boris", "vera", "t1", "t2")
    app.enrol_from_bank("school-1", "t2", actor=POISK)
    assert app.get("school-1").data.cohort_ids == ("t2",)


def test_a_leader_outside_the_bank_is_not_enrolled(app: Services) -> None:
    """enrol_from_bank raises UnknownId listing the bank; the school does not change."""
    opened(app)
    before = snapshot(app, "school-1", "p")
    with pytest.raises(UnknownId) as info:
        app.enrol_from_bank("school-1", "t2", actor=POISK)
    assert info.value.kind == "bank entry" and "'anna', 'boris', 't1', 'vera'" in str(info.value)
    assert snapshot(app, "school-1", "p") == before


def test_a_stranger_does_not_open_the_school(app: Services) -> None:
    """A stranger may not open the programme's school, and nothing is written."""
    before = snapshot(app, "p", "school-1")
    with pytest.raises(PermissionDenied):
        app.open_navigators_school("p", "school-1", SCHOOL, actor="stranger")
    assert snapshot(app, "p", "school-1") == before


# -- all or nothing ---------------------------------------------------------------------------


class FailingCommit:
    """A unit of work whose commit fails, as a database that went away would."""

    def __init__(self, uow: Any) -> None:
        self.uow = uow

    def __getattr__(self, name: str) -> Any:
        return getattr(self.uow, name)

    def __enter__(self) -> FailingCommit:
        self.uow.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.uow.__exit__(*exc)

    def commit(self, *, command_id: str | None = None) -> Any:
        raise StoreError("the database went away")


def test_a_failing_commit_changes_neither_school_nor_programme(app: Services) -> None:
    """finish_navigators_school computes both changes; a failed commit stores neither."""
    opened(app)
    graduation(app, "anna", "t1")
    before = snapshot(app, "school-1", "p")
    with pytest.raises(StoreError):
        leaders.finish_navigators_school(
            FailingCommit(app.store.unit_of_work()),  # type: ignore[arg-type]
            "school-1",
            actor=POISK,
            at=app.clock.now(),
        )
    assert snapshot(app, "school-1", "p") == before
    app.finish_navigators_school("school-1", actor=POISK)  # and it still can finish
    assert app.get("p").data.bank_entry("anna").leader.level is NAV


def test_a_refused_finish_changes_neither(app: Services) -> None:
    """The school refuses to finish without graduates; the programme records nothing."""
    opened(app)
    for who in ("anna", "t1"):
        app.enrol_from_bank("school-1", who, actor=POISK)
    before = snapshot(app, "school-1", "p")
    with pytest.raises(InvalidTrigger) as info:
        app.finish_navigators_school("school-1", actor=POISK)
    assert info.value.state == "enrolment"
    assert snapshot(app, "school-1", "p") == before


def test_an_initiative_of_a_competency_leader_is_refused_and_nothing_written(
    app: Services,
) -> None:
    """boris did not go through the school: no initiative is started, the programme holds."""
    opened(app)
    graduation(app, "anna", "t1")
    app.finish_navigators_school("school-1", actor=POISK)
    before = snapshot(app, "p", "init-2")
    with pytest.raises(GuardFailed) as info:
        app.propose_initiative(
            "p",
            "init-2",
            proposer_id="boris",
            title="Т",
            description="О",
            office_ids=("office",),
            actor="boris",
        )
    assert info.value.guard == "proposer_navigator"
    assert "'boris' is a competency leader in the bank" in info.value.reason
    assert "(navigators: anna, t1)" in info.value.reason
    assert snapshot(app, "p", "init-2") == before == [before[0], ("init-2", None)]


def test_records_fired_by_hand_are_refused(app: Services) -> None:
    """record_navigators and the other records are the services' own: InvalidData at $.trigger."""
    opened(app)
    before = snapshot(app, "p")
    for trigger, fields in (
        ("record_navigators", {"school_id": "school-1", "leader_ids": ("boris",)}),
        ("record_initiative", {"initiative_id": "i9", "proposer_id": "anna"}),
        ("link_school", {"school_id": "school-9"}),
    ):
        with pytest.raises(InvalidData) as info:
            app.fire("p", trigger, actor=COORDINATOR, **fields)
        assert info.value.path == "$.trigger" and trigger in str(info.value)
    with pytest.raises(InvalidData, match="use finish_navigators_school"):
        app.programme("p").fire(
            "record_navigators", actor=COORDINATOR, school_id="school-1", leader_ids=("boris",)
        )
    assert snapshot(app, "p") == before


# -- the festival -----------------------------------------------------------------------------


def festival(app: Services) -> None:
    data = FestivalData(name="Наставники Югры: маршрут построен", organiser_ids=(COORDINATOR,))
    app.start("festival", data, id="fest", actor=COORDINATOR)


def entry(eid: str, mentor: str, mentees: tuple[str, ...], direction: str) -> FestivalEntry:
    return FestivalEntry(
        id=eid,
        mentor_id=mentor,
        mentee_ids=mentees,
        direction=FestivalDirection(direction),
        showcase=ShowcaseTrack.ART,
        product=Product(title="Наш тандем", kind="видеоролик", link="https://example.org/t"),
    )


def test_a_pair_enters_the_festival_through_its_track(app: Services) -> None:
    """The track records the entry and the festival receives it, with the track's id."""
    festival(app)
    work_track(app, "p", "tr-anna")
    event = app.enter_festival(
        "p", "tr-anna", "fest", entry("e1", "anna", ("t1",), "traditional"), actor="anna"
    )
    assert event.trigger == "submit_entry" and event.workflow_id == "fest"
    submitted = app.get("fest").data.entry("e1")
    assert submitted.track_id == "tr-anna"
    assert app.programme("p").track("tr-anna").data.festival_entry == submitted


def test_a_group_track_changes_neither_workflow(app: Services) -> None:
    """festival@2 refuses gleb's group of three: the track does not record the entry either."""
    festival(app)
    work_track(app, "p", "tr-gleb")
    before = snapshot(app, "fest", "tr-gleb", "p")
    with pytest.raises(GuardFailed) as info:
        app.enter_festival(
            "p",
            "tr-gleb",
            "fest",
            entry("e2", "gleb", ("t4", "t5", "t6"), "partner"),
            actor="gleb",
        )
    assert info.value.guard == "tandem_entry"
    assert snapshot(app, "fest", "tr-gleb", "p") == before


def test_the_entry_goes_in_the_direction_of_the_pair(app: Services) -> None:
    """A traditional pair does not enter as reverse mentoring; nothing changes."""
    festival(app)
    work_track(app, "p", "tr-anna")
    before = snapshot(app, "fest", "tr-anna")
    with pytest.raises(InvalidData) as info:
        app.enter_festival(
            "p", "tr-anna", "fest", entry("e1", "anna", ("t1",), "reverse"), actor="anna"
        )
    assert info.value.path == "$.entry.direction"
    assert "the pair works in traditional mentoring; its entry's direction is reverse" in str(
        info.value
    )
    assert snapshot(app, "fest", "tr-anna") == before
