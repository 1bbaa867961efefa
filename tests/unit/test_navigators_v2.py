"""The navigators school, version 2 (seed 003:11): enrolment from the bank, navigators graduate.

Also the programme's records of its school and initiatives (``link_school``,
``record_navigators``, ``record_initiative``), guard by guard. Version 1
(:data:`NAVIGATORS_SCHOOL_V1`) stays registered: its logs replay unchanged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PermissionDenied,
)
from pedcommunity.model import DomainEvent, Level, Teacher
from pedcommunity.model.bank import BankEntry, BankResult, BankResultKind, BankRole
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.services import InMemoryStore
from pedcommunity.services.migrations import (
    SCHOOL_BANK_ONLY_MIGRATION,
    plan_migration,
    run_migration,
)
from pedcommunity.services.workflows import get_workflow, import_workflows
from pedcommunity.workflows import (
    MENTORING_PROGRAMME,
    NAVIGATORS_SCHOOL,
    NAVIGATORS_SCHOOL_V1,
    ProgrammeData,
    Workflow,
    WorkflowDefinition,
    fire,
    replay,
    standard_definitions,
    start,
)
from pedcommunity.workflows.mentoring_programme.navigators_link import navigator_ids
from pedcommunity.workflows.navigators import (
    NavigatorsSchoolData,
    NavigatorsSchoolRules,
    OfferTraining,
    promotions,
)

M, CL, NAV = LeaderLevel.MENTOR, LeaderLevel.COMPETENCY_LEADER, LeaderLevel.NAVIGATOR
T0 = datetime(2023, 9, 1, tzinfo=UTC)
POISK = "poisk"

#: A navigators_school@1 written before version 2 existed: leaders from no bank enrolled, and
#: a mentor graduated one level up, as a competency leader.
SCHOOL_V1_DOC = Path(__file__).parents[1] / "data" / "compat" / "navigators_school_v1.json"


def leader(lid: str, level: LeaderLevel = CL) -> Leader:
    teacher = Teacher(
        id=lid, name=f"Педагог {lid}", organisation_id="s1", competencies={"nvc": Level.EXPERT}
    )
    return Leader(teacher=teacher, can_teach=("nvc",), capacity=2, level=level)


class Go:
    """Fires triggers an hour apart; :meth:`refused` checks a refusal changes nothing."""

    def __init__(self, wf: Workflow, actor: str = POISK) -> None:
        self.wf = wf
        self.at = T0
        self.actor = actor

    def __call__(self, trigger: str, actor: str | None = None, **fields: object) -> DomainEvent:
        self.at += timedelta(hours=1)
        return fire(self.wf, trigger, actor=actor or self.actor, at=self.at, **fields)

    def refused(
        self, error: type[Exception], trigger: str, actor: str | None = None, **fields: object
    ) -> Any:
        before = (self.wf.state, self.wf.data, tuple(self.wf.events), self.wf.version)
        with pytest.raises(error) as info:
            self(trigger, actor, **fields)
        assert (self.wf.state, self.wf.data, tuple(self.wf.events), self.wf.version) == before
        return info.value


def school(
    *,
    rules: NavigatorsSchoolRules | None = None,
    definition: WorkflowDefinition = NAVIGATORS_SCHOOL,
    programme_id: str | None = "investment-2023",
) -> Go:
    data = NavigatorsSchoolData(
        name="Школа навигаторов",
        host_id="cdo-poisk",
        organiser_ids=(POISK,),
        rules=rules or NavigatorsSchoolRules(min_cohort=1),
        programme_id=programme_id,
    )
    return Go(start(definition, data, id="school-1", actor=POISK, at=T0))


def graduated(go: Go, *leaders: Leader) -> Go:
    """Offer (v2), enrol ``leaders``, train them in one session, graduate them all."""
    if "offer_training" in go.wf.allowed():
        go("offer_training", leader_ids=[x.id for x in leaders])
    for x in leaders:
        go("enrol", leader=x)
    go("add_coach", coach_id="k")
    go("start_training")
    go("hold_session", topic="Позиция лидера", coach_id="k", attendees=[x.id for x in leaders])
    go("start_graduation")
    go("graduate", leader_ids=[x.id for x in leaders])
    go("finish")
    return go


# -- definitions ------------------------------------------------------------------------------


def test_version_2_is_the_school_and_version_1_stays_registered() -> None:
    """NAVIGATORS_SCHOOL is navigators_school@2, derived from @1; both are standard."""
    assert NAVIGATORS_SCHOOL.key == "navigators_school@2"
    assert NAVIGATORS_SCHOOL.based_on == NAVIGATORS_SCHOOL_V1.key == "navigators_school@1"
    keys = {d.key for d in standard_definitions()}
    assert {"navigators_school@1", "navigators_school@2"} <= keys
    assert standard_definitions().latest("navigators_school") is NAVIGATORS_SCHOOL
    assert "offer_training" not in {t.name for t in NAVIGATORS_SCHOOL_V1.triggers}
    spec = NAVIGATORS_SCHOOL.trigger("offer_training")
    assert spec.label.ru == "Предложить обучение лидерам банка"
    assert spec.label.en == "Offer training to bank leaders"


def test_rules_of_version_2_have_defaults_and_refuse_a_mentor_level() -> None:
    """bank_only and graduates_as default to the seed's rule; graduating as mentor is no rule."""
    r = NavigatorsSchoolRules()
    assert (r.bank_only, r.graduates_as) == (True, NAV)
    with pytest.raises(ValueError, match="graduates_as is a level above mentor"):
        NavigatorsSchoolRules(graduates_as=M)
    with pytest.raises(ValueError, match="bank_only must be True or False"):
        NavigatorsSchoolRules(bank_only=1)  # type: ignore[arg-type]


# -- offering training ------------------------------------------------------------------------


def test_offer_then_enrol() -> None:
    """Leaders offered training enrol; the offers accumulate in bank_ids."""
    go = school()
    go("offer_training", leader_ids=("a", "b"))
    go("offer_training", leader_ids=("c",))
    assert go.wf.data.bank_ids == ("a", "b", "c")
    go("enrol", leader=leader("a", M))
    go("enrol", leader=leader("c"))
    assert go.wf.data.cohort_ids == ("a", "c")


def test_training_is_offered_once_to_each_leader() -> None:
    """offer_new names the leaders offered training already."""
    go = school()
    go("offer_training", leader_ids=("a", "b"))
    err = go.refused(GuardFailed, "offer_training", leader_ids=("c", "b", "a"))
    assert err.guard == "offer_new"
    assert err.reason == "training is offered to 'b', 'a' already"


def test_an_offer_names_someone_once() -> None:
    """An empty or repeating offer is malformed data, and nothing changes."""
    go = school()
    assert "at least one leader" in str(go.refused(InvalidData, "offer_training", leader_ids=()))
    go.refused(DuplicateId, "offer_training", leader_ids=("a", "a"))
    with pytest.raises(ValueError, match="at least one leader"):
        OfferTraining(leader_ids=())


def test_training_is_offered_during_enrolment_and_training_only() -> None:
    """After training, offering is refused as a trigger of the wrong stage."""
    go = school()
    go("offer_training", leader_ids=("a",))
    go("enrol", leader=leader("a"))
    go("add_coach", coach_id="k")
    go("start_training")
    go("offer_training", leader_ids=("b",))  # a late offer, for a later school
    go("hold_session", topic="T", coach_id="k", attendees=("a",))
    go("start_graduation")
    err = go.refused(InvalidTrigger, "offer_training", leader_ids=("c",))
    assert "offer_training" not in err.allowed


def test_only_an_organiser_offers_training() -> None:
    """A coach or a stranger may not offer training."""
    go = school()
    go("add_coach", coach_id="k")
    for actor in ("k", "anna"):
        err = go.refused(PermissionDenied, "offer_training", actor, leader_ids=("a",))
        assert err.roles == ("organiser",)


# -- enrolment from the bank ------------------------------------------------------------------


def test_enrolment_outside_the_bank_is_refused() -> None:
    """in_bank names the leader, the programme and who was offered training."""
    go = school()
    go("offer_training", leader_ids=("a", "b", "c"))
    err = go.refused(GuardFailed, "enrol", leader=leader("z"))
    assert err.guard == "in_bank"
    assert err.reason == (
        "'z' is not in the competency leaders bank (programme 'investment-2023'); the "
        "navigators school enrols bank members only; offered: a, b, c"
    )


def test_enrolment_before_any_offer_says_to_offer_first() -> None:
    """With bank_ids empty, the refusal says to offer training to bank leaders first."""
    go = school(programme_id=None)
    err = go.refused(GuardFailed, "enrol", leader=leader("a"))
    assert err.guard == "in_bank"
    assert err.reason.startswith("'a' is not in the competency leaders bank; ")
    assert err.reason.endswith(
        "offered: none; offer training to bank leaders first (offer_training)"
    )


def test_earlier_enrolment_guards_still_come_first() -> None:
    """A navigator is refused as one (below_navigator) before the bank is asked."""
    go = school()
    assert go.refused(GuardFailed, "enrol", leader=leader("n", NAV)).guard == "below_navigator"


def test_bank_only_false_opens_enrolment() -> None:
    """rules.bank_only=False: any leader below navigator enrols, with no offer."""
    go = school(rules=NavigatorsSchoolRules(min_cohort=1, bank_only=False))
    go("enrol", leader=leader("z", M))
    assert go.wf.data.cohort_ids == ("z",) and go.wf.data.bank_ids == ()


# -- graduation -------------------------------------------------------------------------------


def test_mentors_and_competency_leaders_graduate_as_navigators() -> None:
    """Version 2 raises every graduate to NAVIGATOR, from MENTOR as from COMPETENCY_LEADER."""
    go = graduated(school(), leader("m", M), leader("c", CL))
    assert [(x.id, x.level) for x in promotions(go.wf.data)] == [("m", NAV), ("c", NAV)]
    assert [x.level for x in go.wf.data.cohort] == [M, CL]  # as they enrolled
    assert replay(NAVIGATORS_SCHOOL, go.wf.events) == go.wf


def test_graduates_as_a_lower_level_never_lowers_anyone() -> None:
    """graduates_as=COMPETENCY_LEADER: a mentor is raised to it, a competency leader stays."""
    rules = NavigatorsSchoolRules(min_cohort=1, graduates_as=CL)
    go = graduated(school(rules=rules), leader("m", M), leader("c", CL))
    assert [x.level for x in go.wf.data.graduates] == [CL, CL]


def test_version_1_still_enrols_anyone_and_promotes_one_level() -> None:
    """Under NAVIGATORS_SCHOOL_V1 a mentor from no bank enrols and graduates a competency leader."""
    go = graduated(school(definition=NAVIGATORS_SCHOOL_V1), leader("m", M), leader("c", CL))
    assert go.wf.definition.key == "navigators_school@1"
    assert [x.level for x in go.wf.data.graduates] == [CL, NAV]
    assert replay(NAVIGATORS_SCHOOL_V1, go.wf.events) == go.wf


# -- version 1 documents and the migration ----------------------------------------------------


def test_v1_document_reads_back_and_replays_as_v1() -> None:
    """A stored school@1 still reads and replays; its mentor graduated a competency leader."""
    text = SCHOOL_V1_DOC.read_text(encoding="utf-8")
    wf = from_json(text, Workflow, definitions=standard_definitions())
    assert wf.definition.key == "navigators_school@1" and wf.state == "finished"
    assert [(x.id, x.level) for x in wf.data.graduates] == [("a", CL), ("b", NAV)]
    assert replay(wf.definition, wf.events) == wf
    # Written again, it reads back equal (new rule fields are written with their defaults).
    assert from_json(to_json(wf), Workflow, definitions=standard_definitions()) == wf


def test_the_bank_only_migration_moves_v1_schools_and_then_enrolment_needs_an_offer() -> None:
    """A dry run lists the moves and writes nothing; after the run, enrolment needs an offer,
    and a finished school keeps its one-level graduates."""
    store = InMemoryStore()
    stored = from_json(SCHOOL_V1_DOC.read_text(encoding="utf-8"), Workflow)
    open_one = attrs.evolve(school(definition=NAVIGATORS_SCHOOL_V1).wf, id="school-2")
    import_workflows(store.unit_of_work(), [stored, open_one])
    at = datetime(2024, 1, 10, tzinfo=UTC)
    plan = plan_migration(
        store.unit_of_work(), SCHOOL_BANK_ONLY_MIGRATION, definitions=store.definitions, at=at
    )
    assert sorted((m.workflow_id, m.to_state) for m in plan.moves) == [
        ("school-2", "enrolment"),
        ("school-2023", "finished"),
    ]
    assert plan.blocked == ()
    assert get_workflow(store.unit_of_work(), "school-2").definition.key == "navigators_school@1"
    run_migration(
        store.unit_of_work(),
        SCHOOL_BANK_ONLY_MIGRATION,
        definitions=store.definitions,
        actor="admin",
        at=at,
    )
    moved = get_workflow(store.unit_of_work(), "school-2")
    assert moved.definition.key == "navigators_school@2" and moved.data.bank_ids == ()
    go = Go(moved)
    go.at = at
    err = go.refused(GuardFailed, "enrol", leader=leader("a"))
    assert err.guard == "in_bank" and "offer training to bank leaders first" in err.reason
    old = get_workflow(store.unit_of_work(), "school-2023")
    assert old.definition.key == "navigators_school@2"
    assert [x.level for x in old.data.graduates] == [CL, NAV]  # as they graduated under v1


# -- the programme's records ------------------------------------------------------------------


def entry(lid: str, level: LeaderLevel = CL, role: BankRole = BankRole.MENTOR) -> BankEntry:
    return BankEntry(
        leader=leader(lid, level),
        role=role,
        reason="Провела проф-кейс",
        results=(BankResult(BankResultKind.EVENTS_ATTENDED, value=2),),
        included_on=date(2023, 5, 15),
        included_by="coord",
    )


def programme(*bank: BankEntry, state: str = "pairs_at_work", **fields: Any) -> Go:
    """A programme put straight into ``state`` with ``bank`` (a workflow is plain data)."""
    data = ProgrammeData(name="П", coordinator_ids=("coord",), bank=bank, **fields)
    first = DomainEvent(
        workflow_id="p",
        definition=MENTORING_PROGRAMME.key,
        sequence=1,
        trigger="start",
        actor="coord",
        at=T0,
        source="preparing",
        target="preparing",
        payload=data,
    )
    wf = Workflow(id="p", definition=MENTORING_PROGRAMME, state=state, data=data, events=[first])
    return Go(wf, actor="services")


def test_link_school_needs_a_bank_and_a_new_school() -> None:
    """bank_not_empty and school_new; the school is added to school_ids."""
    empty = programme()
    err = empty.refused(GuardFailed, "link_school", school_id="s1")
    assert (err.guard, err.reason) == (
        "bank_not_empty",
        "the bank is empty; include leaders before opening the navigators school",
    )
    go = programme(entry("anna"))
    go("link_school", school_id="s1")
    assert go.wf.data.school_ids == ("s1",)
    assert go.refused(GuardFailed, "link_school", school_id="s1").guard == "school_new"


def test_records_run_from_the_pairs_work_or_completion() -> None:
    """Before the bank can exist, the records are triggers of the wrong stage."""
    go = programme(entry("anna"), state="matching")
    assert go.refused(InvalidTrigger, "link_school", school_id="s1").state == "matching"
    done = programme(entry("anna"), state="completion")
    done("link_school", school_id="s1")


def test_record_navigators_raises_bank_entries_and_names_the_school() -> None:
    """The graduates become navigators in the bank; others stay as they are."""
    go = programme(entry("anna"), entry("boris", CL, BankRole.MENTEE), entry("vera"))
    go("link_school", school_id="s1")
    go("record_navigators", school_id="s1", leader_ids=("anna", "boris"))
    bank = {e.id: e for e in go.wf.data.bank}
    assert [(i, bank[i].leader.level, bank[i].navigators_school_id) for i in bank] == [
        ("anna", NAV, "s1"),
        ("boris", NAV, "s1"),
        ("vera", CL, None),
    ]
    assert navigator_ids(go.wf.data) == ("anna", "boris")
    assert go.wf.data.competency_leaders().get("anna").level is NAV


def test_record_navigators_refusals() -> None:
    """school_linked lists the linked schools; graduates_in_bank names the strangers."""
    go = programme(entry("anna"))
    err = go.refused(GuardFailed, "record_navigators", school_id="s9", leader_ids=("anna",))
    assert (err.guard, err.reason) == (
        "school_linked",
        "school 's9' is not a navigators school of this programme; linked: none",
    )
    go("link_school", school_id="s1")
    err = go.refused(GuardFailed, "record_navigators", school_id="s9", leader_ids=("anna",))
    assert err.reason.endswith("linked: s1")
    err = go.refused(GuardFailed, "record_navigators", school_id="s1", leader_ids=("x", "anna"))
    assert err.guard == "graduates_in_bank" and err.reason.endswith("not in it: x")
    assert "at least one" in str(
        go.refused(InvalidData, "record_navigators", school_id="s1", leader_ids=())
    )


def test_record_initiative_takes_navigators_of_the_bank_only() -> None:
    """proposer_navigator explains who may propose; initiative_new refuses a second record."""
    go = programme(entry("anna", NAV), entry("vera"))
    err = go.refused(GuardFailed, "record_initiative", initiative_id="i1", proposer_id="vera")
    assert (err.guard, err.reason) == (
        "proposer_navigator",
        (
            "'vera' is a competency leader in the bank; the initiatives office takes "
            "initiatives from navigators, leaders who finished the navigators school "
            "(navigators: anna)"
        ),
    )
    err = go.refused(GuardFailed, "record_initiative", initiative_id="i1", proposer_id="zoe")
    assert err.reason.startswith("'zoe' is not in the competency leaders bank; ")
    go("record_initiative", initiative_id="i1", proposer_id="anna")
    assert go.wf.data.initiatives == {"i1": "anna"}
    err = go.refused(GuardFailed, "record_initiative", initiative_id="i1", proposer_id="anna")
    assert err.guard == "initiative_new" and "proposed by anna" in err.reason


def test_programme_records_replay() -> None:
    """The records are events of the programme's own log: replaying them gives the data."""
    go = programme(entry("anna"))
    go("link_school", school_id="s1")
    go("record_navigators", school_id="s1", leader_ids=("anna",))
    go("record_initiative", initiative_id="i1", proposer_id="anna")
    assert [e.trigger for e in go.wf.events[1:]] == [
        "link_school",
        "record_navigators",
        "record_initiative",
    ]
    labels = {t.name: t.label for t in MENTORING_PROGRAMME.triggers}
    assert labels["record_navigators"].ru == "Отметить выпускников школы навигаторов"
    assert labels["record_initiative"].en == "Record a navigator's initiative"
