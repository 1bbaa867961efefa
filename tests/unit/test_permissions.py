"""Who may fire each trigger: every trigger of every standard definition, the policy hook.

The sweep draws a workflow's data, a payload and a state from which the trigger may be fired,
and fires it as an actor who holds none of the roles it takes: the call must be refused with
:class:`PermissionDenied`, and the workflow must be exactly as it was. Triggers that act for
someone (a vote, an audit answer, a juror's score) are checked in their own name and in
someone else's.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies_all import STRATEGIES

from pedcommunity import PLC_CYCLE, SCHOOL_95_TOPICS, PlcData
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.clock import ManualClock
from pedcommunity.errors import (
    DefinitionError,
    GuardFailed,
    InvalidData,
    PermissionDenied,
)
from pedcommunity.i18n import Label
from pedcommunity.model import (
    MENTORING_FORMS,
    PEDAGOGICAL_INVESTMENT_PLAN,
    CommunityMembership,
    CouncilRole,
    CouncilSeat,
    DomainEvent,
    InteractionAgreement,
    Leader,
    MemberKind,
    MentoringRequest,
    ProjectRole,
    Teacher,
    TeamMember,
)
from pedcommunity.model.leaders import LeaderLevel
from pedcommunity.model.roadmap import AKTANYSH_NETWORK_ROADMAP
from pedcommunity.workflows import (
    ANY_STATE,
    ANYONE,
    FESTIVAL,
    MENTORING_PROGRAMME,
    ROADMAP,
    CommunityData,
    Engine,
    HostRoles,
    InitiativeData,
    MeetingKind,
    NavigatorsSchoolData,
    Permission,
    ProgrammeData,
    ProjectData,
    RoadmapData,
    State,
    TrackData,
    Transition,
    TriggerSpec,
    Workflow,
    WorkflowDefinition,
    authorise,
    fire,
    permissions_page,
    replay,
    standard_definitions,
    start,
)
from pedcommunity.workflows.festival import FestivalData

T0 = datetime(2025, 9, 1, 15, tzinfo=UTC)
OUTSIDER = "outsider-zz9"
DOCS = Path(__file__).resolve().parents[2] / "docs"

DEFINITIONS = list(standard_definitions())
CASES = [
    (d, spec.name) for d in DEFINITIONS for spec in d.triggers if not d.permissions[spec.name].open
]


def _sources(definition: WorkflowDefinition, trigger: str) -> list[str]:
    live = [s.name for s in definition.states if not s.final]
    found: list[str] = []
    for tr in definition.transitions:
        if tr.trigger == trigger:
            found += live if ANY_STATE in tr.source else list(tr.source)
    return sorted(set(found))


def _workflow(definition: WorkflowDefinition, data: Any, state: str) -> Workflow:
    first = DomainEvent(
        workflow_id="w",
        definition=definition.key,
        sequence=1,
        trigger="start",
        actor="founder",
        at=T0,
        source=definition.initial,
        target=definition.initial,
        payload=data,
    )
    # A workflow is plain data: put one straight into the state under test.
    return Workflow(id="w", definition=definition, state=state, data=data, events=[first])


def _snapshot(wf: Workflow) -> tuple[Any, ...]:
    return (wf.state, copy.deepcopy(wf.data), list(wf.events))


def test_every_standard_trigger_declares_who_may_fire_it() -> None:
    for d in DEFINITIONS:
        assert d.roles_of is not None, d.key
        assert set(d.permissions) == {t.name for t in d.triggers}, d.key
        for name, permission in d.permissions.items():
            for role in permission.roles | permission.for_others:
                assert role == ANYONE or role in d.roles, (d.key, name, role)


def test_the_sweep_covers_every_trigger_that_is_not_open_to_all() -> None:
    assert len(CASES) >= 100
    assert {d.key for d, _ in CASES} == {d.key for d in DEFINITIONS}


def _teacher(tid: str) -> Teacher:
    return Teacher(id=tid, name="Учитель", organisation_id="s1", years_experience=10)


#: Data of each standard definition with someone in every role that is easy to hold, and the
#: holder of each role. Permissions are checked before guards, so the data need not fit the
#: state the sweep puts the workflow in.
FIXED: dict[str, tuple[Any, dict[str, str]]] = {
    "plc_cycle@1": (
        PlcData(name="ПОС", leader_id="lead", facilitator_ids=("fac",), members=("m1", "m2")),
        {"leader": "lead", "facilitator": "fac", "member": "m1"},
    ),
    "mentoring_track@1": (
        TrackData(
            form=MENTORING_FORMS["traditional"],
            mentees=(_teacher("e1"),),
            request=MentoringRequest(goals=("g",)),
            curator_id="cur",
            coordinator_ids=("coord",),
        ),
        {"mentee": "e1", "curator": "cur", "coordinator": "coord"},
    ),
    "mentoring_programme@1": (
        ProgrammeData(
            name="П",
            coordinator_ids=("coord",),
            mentees=(_teacher("e1"),),
            leaders=(Leader(teacher=_teacher("l1")),),
        ),
        {"coordinator": "coord", "mentee": "e1", "mentor": "l1"},
    ),
    "festival@1": (
        FestivalData(name="Ф", organiser_ids=("org",), jury=("j1",)),
        {"organiser": "org", "juror": "j1"},
    ),
    "navigators_school@1": (
        NavigatorsSchoolData(
            name="Ш",
            organiser_ids=("org",),
            coaches=("coach",),
            cohort=(Leader(teacher=_teacher("l1")),),
        ),
        {"organiser": "org", "coach": "coach", "learner": "l1"},
    ),
    "initiative@1": (
        InitiativeData(
            title="И",
            description="О",
            proposer=Leader(teacher=_teacher("nav"), level=LeaderLevel.NAVIGATOR),
            office_ids=("office",),
        ),
        {"proposer": "nav", "office": "office"},
    ),
    "roadmap@1": (
        RoadmapData(plan=AKTANYSH_NETWORK_ROADMAP, administrator_ids=("admin",)),
        {"administrator": "admin"},
    ),
    "community_life@1": (
        CommunityData(
            name="К",
            administrator_ids=("admin",),
            members=(
                CommunityMembership(
                    teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER, joined=date(2025, 9, 1)
                ),
            ),
            council=(CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR),),
        ),
        {"administrator": "admin", "chair": "t1", "council": "t1", "member": "t1"},
    ),
    "project@1": (
        ProjectData(
            plan=attrs.evolve(
                PEDAGOGICAL_INVESTMENT_PLAN,
                team=(TeamMember(teacher_id="t1", name="Куратор", role=ProjectRole.MEMBER),),
            ),
            lead_ids=("lead",),
            treasurer_ids=("fin",),
        ),
        {"project_lead": "lead", "treasurer": "fin", "team": "t1"},
    ),
}
# A new version runs on the data of the old one: the same people hold the same roles.
for _name, _old in (("plc_cycle", "1"), ("festival", "1"), ("navigators_school", "1")):
    FIXED[f"{_name}@2"] = FIXED[f"{_name}@{_old}"]


def test_the_role_holders_hold_their_roles() -> None:
    for definition in DEFINITIONS:
        data, holders = FIXED[definition.key]
        assert definition.roles_of is not None
        for role, actor in holders.items():
            assert role in definition.roles_of(data, actor), (definition.key, role)
        assert not definition.roles_of(data, OUTSIDER)


@pytest.mark.parametrize(("definition", "trigger"), CASES, ids=[f"{d.name}.{t}" for d, t in CASES])
@settings(max_examples=4)
@given(data=st.data())
def test_an_actor_without_the_role_is_refused_and_nothing_changes(
    definition: WorkflowDefinition, trigger: str, data: st.DataObject
) -> None:
    wf_data, holders = FIXED[definition.key]
    spec = definition.trigger(trigger)
    payload = None if spec.payload is None else data.draw(STRATEGIES[spec.payload], label="payload")
    state = data.draw(st.sampled_from(_sources(definition, trigger)), label="state")
    permission = definition.permissions[trigger]
    wf = _workflow(definition, wf_data, state)
    before = _snapshot(wf)
    # Everyone who holds none of the roles, and the holders of the other roles, are refused.
    others = [
        a for r, a in holders.items() if not permission.admits(definition.roles_of(wf_data, a))
    ]  # type: ignore[misc]
    for actor in (OUTSIDER, *others):
        with pytest.raises(PermissionDenied) as err:
            fire(wf, trigger, payload, actor=actor, at=T0)
        assert (err.value.trigger, err.value.actor) == (trigger, actor)
        assert set(err.value.roles) == permission.roles | permission.for_others
        assert _snapshot(wf) == before
        assert trigger not in wf.allowed(actor)
    # A holder of a role that may fire it is offered it, and passes the permission check in
    # their own name (the guards and effects are the other tests' business).
    for role in sorted(permission.roles & set(holders)):
        actor = holders[role]
        roles = frozenset(definition.roles_of(wf_data, actor))  # type: ignore[misc]
        assert trigger in wf.allowed(actor), (role, actor)
        if permission.subject is None:
            assert (
                authorise(permission, trigger=trigger, actor=actor, roles=roles, payload=payload)
                == ()
            )


# -- in one's own name ---------------------------------------------------------------------


def _plc(**extra: Any) -> Workflow:
    data = PlcData(
        name="ПОС", leader_id="head", facilitator_ids=("fa",), members=("anna", "boris", "vera")
    )
    return start(PLC_CYCLE, attrs.evolve(data, **extra), id="plc", actor="head", at=T0)


def _in_choice() -> Workflow:
    plc = _plc()
    for kind in (MeetingKind.ORGANISATIONAL, MeetingKind.AGREEMENT):
        fire(plc, "hold_meeting", actor="fa", at=T0, kind=kind)
    fire(plc, "agree", actor="fa", at=T0, agreement=InteractionAgreement(rules=("По очереди",)))
    fire(plc, "open_topic_list", actor="head", at=T0)
    fire(plc, "propose_topic", actor="anna", at=T0, topic=SCHOOL_95_TOPICS[1])
    fire(plc, "open_vote", actor="fa", at=T0)
    return plc


def test_a_member_votes_only_in_their_own_name() -> None:
    plc = _in_choice()
    topic = SCHOOL_95_TOPICS[1].id
    before = _snapshot(plc)
    with pytest.raises(PermissionDenied) as err:
        fire(plc, "vote", actor="boris", at=T0, teacher_id="vera", topic_id=topic)
    assert err.value.subjects == ("vera",)
    assert set(err.value.for_others) == {"leader", "facilitator"}
    assert "in the name of 'vera'" in str(err.value)
    assert _snapshot(plc) == before
    event = fire(plc, "vote", actor="boris", at=T0, teacher_id="boris", topic_id=topic)
    assert event.on_behalf_of == ()


def test_the_facilitator_records_an_absent_members_vote_and_the_event_says_so() -> None:
    plc = _in_choice()
    topic = SCHOOL_95_TOPICS[1].id
    event = fire(plc, "vote", actor="fa", at=T0, teacher_id="vera", topic_id=topic)
    assert event.on_behalf_of == ("vera",)
    assert plc.data.votes == {"vera": topic}
    assert replay(PLC_CYCLE, plc.events) == plc
    assert from_json(to_json(plc)) == plc


def test_an_edited_on_behalf_of_does_not_replay() -> None:
    plc = _in_choice()
    fire(plc, "vote", actor="fa", at=T0, teacher_id="vera", topic_id=SCHOOL_95_TOPICS[1].id)
    forged = [*plc.events[:-1], attrs.evolve(plc.events[-1], on_behalf_of=())]
    with pytest.raises(InvalidData) as err:
        replay(PLC_CYCLE, forged)
    assert err.value.path == f"$.events[{len(forged) - 1}].on_behalf_of"


def test_anyone_joins_in_their_own_name_but_not_for_someone_else() -> None:
    plc = _plc(members=())
    fire(plc, "join", actor="gleb", at=T0, teacher_id="gleb")
    with pytest.raises(PermissionDenied):
        fire(plc, "join", actor="gleb", at=T0, teacher_id="dina")
    assert fire(plc, "join", actor="head", at=T0, teacher_id="dina").on_behalf_of == ("dina",)
    assert plc.data.members == ("gleb", "dina")


def test_a_juror_scores_only_as_themself() -> None:
    data = FestivalData(name="Ф", organiser_ids=("org",), jury=("j1", "j2"))
    fest = _workflow(FESTIVAL, data, "judging")
    before = _snapshot(fest)
    for actor in ("j1", "org", "m043"):
        with pytest.raises(PermissionDenied):
            fire(
                fest,
                "score_entry",
                actor=actor,
                at=T0,
                juror_id="j2",
                entry_id="e1",
                values={"results": 5},
            )
        assert _snapshot(fest) == before


def test_an_outsider_cannot_close_the_vote_but_the_refusal_lists_who_can() -> None:
    plc = _in_choice()
    with pytest.raises(PermissionDenied) as err:
        fire(plc, "choose_topic", actor="random_parent", at=T0)
    assert set(err.value.roles) == {"leader", "facilitator"}
    assert err.value.summary("ru") == "Нет прав на это действие"


def test_a_plc_without_a_leader_accepts_no_leaders_step() -> None:
    plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head", at=T0)
    with pytest.raises(PermissionDenied):
        fire(plc, "disband", actor="head", at=T0, reason="нет")


# -- allowed(actor) --------------------------------------------------------------------------


def test_allowed_for_an_actor_shows_only_their_buttons() -> None:
    plc = _in_choice()
    assert plc.allowed("anna") == ("join", "leave", "vote")
    assert plc.allowed("head") == plc.allowed()
    assert "disband" not in plc.allowed("fa")
    assert plc.allowed(OUTSIDER) == ("join",)
    with pytest.raises(InvalidData):
        plc.allowed("not an id")


# -- the host's policy ---------------------------------------------------------------------


LMS = {"ivanova": ["Instructor"], "petrov": ["Learner"]}
LTI = HostRoles(
    lookup=lambda workflow_id, actor: LMS.get(actor, ()),
    mapping={"Instructor": ["leader", "facilitator", "organiser"], "Learner": []},
)


def test_a_host_policy_maps_lms_roles_without_touching_the_definition() -> None:
    clock = ManualClock(T0)
    engine = Engine(clock=clock, policy=LTI)
    plc = engine.start(PLC_CYCLE, PlcData(name="ПОС"), id="lms-plc", actor="ivanova")
    for t in ("petrov", "sidorova", "orlova"):
        engine.fire(plc, "join", actor=t, teacher_id=t)
    engine.fire(plc, "hold_meeting", actor="ivanova", kind=MeetingKind.ORGANISATIONAL)
    with pytest.raises(PermissionDenied):
        engine.fire(plc, "hold_meeting", actor="petrov", kind=MeetingKind.AGREEMENT)
    assert "open_topic_list" in plc.allowed("ivanova", policy=LTI)
    assert "open_topic_list" not in plc.allowed("ivanova")
    # The log reads back without the policy: permissions are checked when a trigger is fired.
    assert replay(PLC_CYCLE, plc.events) == plc


def test_engine_refuses_a_policy_without_roles() -> None:
    with pytest.raises(InvalidData):
        Engine(clock=ManualClock(T0), policy=object())  # type: ignore[arg-type]


# -- extending permissions -------------------------------------------------------------------


def test_extend_grants_a_role_the_host_policy_gives() -> None:
    wider = PLC_CYCLE.extend(
        name="plc_cycle_methodologist",
        version="1",
        roles={"methodologist": Label(ru="методист", en="methodologist")},
        grant={"choose_topic": ["methodologist"]},
    )
    assert "methodologist" in wider.permissions["choose_topic"].roles
    assert "methodologist" not in PLC_CYCLE.permissions["choose_topic"].roles
    with pytest.raises(DefinitionError):
        PLC_CYCLE.extend(name="x", version="1", grant={"choose_topic": ["nobody_declared"]})
    with pytest.raises(DefinitionError):
        PLC_CYCLE.extend(name="x", version="1", grant={"no_such_trigger": ["leader"]})


def test_a_trigger_added_to_a_permissioned_definition_must_say_who_fires_it() -> None:
    spec = TriggerSpec.labelled("celebrate", "Отпраздновать", "Celebrate")
    move = Transition("celebrate", "reflection", None)
    with pytest.raises(DefinitionError, match="celebrate"):
        PLC_CYCLE.extend(name="x", version="1", triggers=[spec], transitions=[move])
    ok = PLC_CYCLE.extend(
        name="x",
        version="1",
        triggers=[spec],
        transitions=[move],
        permissions={"celebrate": Permission.of("member", "leader")},
    )
    assert ok.permissions["celebrate"].roles == {"member", "leader"}


def test_a_permission_names_only_declared_roles_and_real_payload_fields() -> None:
    with pytest.raises(DefinitionError, match="undeclared"):
        ROADMAP.extend(name="x", version="1", permissions={"advance": Permission.of("mayor")})
    with pytest.raises(DefinitionError, match="subject"):
        ROADMAP.extend(
            name="x",
            version="1",
            permissions={"advance": Permission.of("administrator", subject="teacher_id")},
        )
    with pytest.raises(InvalidData):
        Permission.of("not a role")
    with pytest.raises(InvalidData):
        Permission.of("member", for_others=("leader",))  # acting for others needs a subject


def test_a_definition_without_permissions_is_open() -> None:
    door = WorkflowDefinition(
        name="door",
        version="1",
        label=Label(ru="Дверь", en="Door"),
        states=[
            State("closed", Label(ru="Закрыта", en="Closed")),
            State("open", Label(ru="Открыта", en="Open")),
        ],
        initial="closed",
        triggers=[TriggerSpec.labelled("push", "Толкнуть", "Push")],
        transitions=[Transition("push", source="closed", dest="open")],
    )
    wf = start(door, None, id="d", actor="anyone-1", at=T0)
    assert wf.allowed("passer-by") == ("push",)
    fire(wf, "push", actor="passer-by", at=T0)
    assert wf.state == "open"


# -- the programme ---------------------------------------------------------------------------


def test_programme_triggers_are_for_coordinators() -> None:
    assert MENTORING_PROGRAMME.permissions["open_matching"].roles == {"coordinator"}
    assert MENTORING_PROGRAMME.permissions["sync_track"].open


# -- the generated page ----------------------------------------------------------------------


def test_the_permissions_page_is_current() -> None:
    page = DOCS / "permissions.md"
    expected = permissions_page(standard_definitions())
    assert page.read_text(encoding="utf-8") == expected, (
        "docs/permissions.md is stale; run python tools/gen_docs.py"
    )


def test_the_permissions_page_changes_when_a_definition_does() -> None:
    wider = PLC_CYCLE.extend(name="plc_cycle", version="1", grant={"vote": ["leader"]})
    registry = [wider if d.key == wider.key else d for d in standard_definitions()]
    assert permissions_page(registry) != permissions_page(standard_definitions())


def test_guard_refusals_are_still_guard_failures() -> None:
    plc = _in_choice()
    with pytest.raises(GuardFailed) as err:
        fire(plc, "choose_topic", actor="fa", at=T0)
    assert err.value.guard == "vote_quorum"
