"""The domain model validates on construction and stays immutable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from pedcommunity import (
    FOUR_C,
    SCHOOL_95,
    SCHOOL_95_TOPICS,
    AuditAnswer,
    AuditStatus,
    CareerStage,
    Community,
    CommunityKind,
    Competency,
    CompetencyCatalogue,
    DuplicateId,
    InteractionAgreement,
    InvalidData,
    Label,
    LearningAssignment,
    LearningPlan,
    Level,
    ManualClock,
    Organisation,
    PlcRules,
    Teacher,
    UnknownId,
)
from pedcommunity.i18n import check_lang

A = AuditStatus


def test_teacher_defaults_its_career_stage_from_experience():
    """Fewer than three years is early-career; a student teacher is said explicitly."""
    assert Teacher(id="a", name="A", organisation_id="o", years_experience=2).career_stage is (
        CareerStage.EARLY_CAREER
    )
    assert Teacher(id="a", name="A", organisation_id="o", years_experience=3).career_stage is (
        CareerStage.EXPERIENCED
    )
    s = Teacher(id="s", name="S", organisation_id="u", career_stage=CareerStage.STUDENT_TEACHER)
    assert s.career_stage.label.ru == "Студент педвуза"


@pytest.mark.parametrize(
    "fields",
    [
        {"id": ""},
        {"id": "has space"},
        {"id": "-leading"},
        {"name": "  "},
        {"organisation_id": None},
        {"years_experience": -1},
        {"years_experience": 71},
        {"years_experience": True},
        {"years_experience": 2.5},
        {"subjects": ("",)},
        {"competencies": {"c": 3}},
        {"competencies": {"bad id": Level.EXPERT}},
        {"career_stage": "experienced"},
    ],
)
def test_teacher_refuses_bad_fields(fields):
    """Every malformed field is refused when the teacher is built."""
    base = {"id": "t1", "name": "Анна", "organisation_id": "s95"}
    with pytest.raises((ValueError, TypeError)):
        Teacher(**{**base, **fields})


def test_model_objects_are_immutable():
    """Frozen classes and their mappings cannot be changed in place."""
    t = Teacher(id="t", name="T", organisation_id="o", competencies={"c": Level.EXPERT})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        t.name = "X"  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        t.competencies["c"] = Level.NONE  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        t.competencies.update({"d": Level.NONE})
    assert hash(t) == hash(attrs.evolve(t))
    assert t.level("missing") is Level.NONE


def test_levels_are_ordinal_with_labels():
    """Levels compare by mastery and have Russian and English names."""
    assert Level.NONE < Level.NOVICE < Level.DEVELOPING < Level.PROFICIENT < Level.EXPERT
    assert all(level.label.ru and level.label.en for level in Level)


def test_catalogues_ship_the_seeds_competencies():
    """The 4C and School 95 catalogues hold the competencies named in seed 002."""
    assert [c.name.en for c in FOUR_C] == [
        "Communication",
        "Collaboration",
        "Critical thinking",
        "Creativity",
    ]
    assert "nonviolent_communication" in SCHOOL_95
    assert len(SCHOOL_95) == 7
    merged = FOUR_C.merge(SCHOOL_95, id="all", name=Label(ru="Все", en="All"))
    assert len(merged) == 11
    for topic in SCHOOL_95_TOPICS:
        for cid in topic.competencies:
            assert cid in merged, (topic.id, cid)


def test_catalogue_refuses_duplicates_and_reports_unknown_ids():
    """A catalogue has unique ids; a missing id is an UnknownId listing the known ones."""
    c = Competency(id="a", name=Label(ru="А", en="A"))
    with pytest.raises(DuplicateId, match="'a'"):
        CompetencyCatalogue(id="x", name=Label(ru="Х", en="X"), competencies=[c, c])
    with pytest.raises(UnknownId) as info:
        FOUR_C["4c.creatvity"]
    assert "4c.creativity" in str(info.value)
    assert info.value.kind == "competency"


def test_labels_need_both_languages():
    """A label has non-empty Russian and English text; other languages are refused."""
    with pytest.raises(ValueError, match="ru"):
        Label(ru="", en="Yes")
    with pytest.raises(InvalidData, match="unsupported language"):
        Label(ru="Да", en="Yes").get("de")
    assert check_lang("ru") == "ru"


def test_community_kinds_carry_seed_002_goals_and_focus():
    """Each of the nine kinds has a label, a goal and a focus in both languages."""
    assert len(CommunityKind) == 9
    for kind in CommunityKind:
        for text in (kind.label, kind.goal, kind.focus):
            assert text.ru and text.en
    assert CommunityKind.PROFESSIONAL_ASSOCIATION.focus.ru == "Качество преподавания"
    with pytest.raises(DuplicateId):
        Community(id="c", name="C", kind=CommunityKind.PLC, member_ids=("t1", "t1"))


def test_audit_status_gaps():
    """Must-prepare and cannot-do are gaps; can-teach offers to teach."""
    assert {s for s in AuditStatus if s.is_gap} == {AuditStatus.MUST_PREPARE, AuditStatus.CANNOT_DO}
    a = AuditAnswer(teacher_id="t", competency_id="c", status=AuditStatus.CAN_TEACH)
    assert a.can_teach and not a.is_gap
    with pytest.raises(TypeError):
        AuditAnswer(teacher_id="t", competency_id="c", status="can_teach")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="learning_source"):
        AuditAnswer(teacher_id="t", competency_id="c", status=A.CANNOT_DO, learning_source="  ")


def test_learning_assignments_name_exactly_one_source():
    """An assignment names a peer or an outside source, never both, never oneself."""
    with pytest.raises(ValueError, match="exactly one"):
        LearningAssignment(learner_id="a", competency_id="c")
    with pytest.raises(ValueError, match="exactly one"):
        LearningAssignment(learner_id="a", competency_id="c", teacher_id="b", source="s")
    with pytest.raises(ValueError, match="themself"):
        LearningAssignment(learner_id="a", competency_id="c", teacher_id="a")
    one = LearningAssignment(learner_id="a", competency_id="c", teacher_id="b")
    with pytest.raises(ValueError, match="twice"):
        LearningPlan(assignments=[one, one])


def test_agreement_needs_a_rule():
    """An interaction agreement has at least one rule."""
    with pytest.raises(ValueError, match="at least one rule"):
        InteractionAgreement(rules=())


@pytest.mark.parametrize(
    "fields",
    [
        {"min_members": 0},
        {"min_members": 5, "max_members": 4},
        {"vote_quorum": 0},
        {"vote_quorum": 1.5},
        {"audit_quorum": True},
        {"max_teaching_load": 0},
    ],
)
def test_plc_rules_refuse_nonsense(fields):
    """Bounds and quorums must make sense."""
    with pytest.raises(ValueError):  # noqa: PT011
        PlcRules(**fields)


def test_organisation_kind_default():
    """An organisation is a school unless said otherwise."""
    assert Organisation(id="s", name="Школа").kind.value == "school"


def test_manual_clock_only_moves_forward():
    """The manual clock refuses naive times and moving backwards."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    clock = ManualClock(start)
    with pytest.raises(InvalidData):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(InvalidData):
        clock.set(start - timedelta(days=1))
    with pytest.raises(InvalidData):
        ManualClock(datetime(2025, 1, 1))
    assert clock.set(start + timedelta(days=1)) == clock.now()
