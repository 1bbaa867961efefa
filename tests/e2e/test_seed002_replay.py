"""Seed 002, School 95's PLC «Мастерские роста», replayed from the docs alone.

Every step the seed describes, written as a new user would from README.md and docs/*.md
(docs/plc-cycle.md, docs/workflows.md, docs/services.md, docs/json-contract.md,
docs/errors.md), through the services a host calls (``bootstrap`` over the in-memory store):
the director's order naming the leader and a facilitator; the preparatory stage (a chat in
Сферум named «ПОС: Мастерские роста», its link and a short description posted in the
school's chat); teachers joining by their own wish, 3 to 15 of them; the facilitators; the
organisational meeting online and the agreement meeting, with the team-building tools (mood
square, mood pyramid, emotion wheel); the cycle: the list of problems, the choice of topic,
its operationalisation into competencies, the resource audit («что я умею / не умею / к чему
нужно подготовиться»), learning from one another («где, у кого и как этому могу научиться»)
with gaps marked learnt and confirmed by the colleague who taught, and progress; reflection
with what changed in teaching and the main result, what pupils learnt, as measured evidence
with a baseline and a result; recognition at the teachers' council, an award, incentives for
active members; the next cycle; the report. Each refusal checks the error type, a fragment
of its message and that nothing changed.

Where the docs did not say how to do a step, the test says so in a ``Documentation gap``
note (the page and what is missing); those steps were finished from the public objects'
fields.

The story is built by :class:`Seed002`, one stage after another; each test builds a fresh
story up to the stage it needs (the store is in memory, so this is fast).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest

from pedcommunity import (
    PLC_CYCLE,
    SCHOOL_95_TOPICS,
    AuditAnswer,
    AuditStatus,
    Competency,
    EvidenceSource,
    GuardFailed,
    HostRoles,
    InteractionAgreement,
    InvalidTrigger,
    Label,
    ManualClock,
    PedcommunityError,
    PermissionDenied,
    PlcData,
    PlcRules,
    PupilEvidence,
    Reflection,
    replay,
)
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.model import (
    ChatPlatform,
    DirectorsOrder,
    EvidenceUnit,
    MeetingActivity,
    PlcRecognition,
    RecognitionKind,
    TeamBuildingTool,
)
from pedcommunity.monitoring import plc_report
from pedcommunity.services import Services, bootstrap
from pedcommunity.services.plc import adopt_proposed_plan, propose_learning_plan, propose_plan
from pedcommunity.workflows import MeetingKind, Workflow, learning_progress, member_activity

SEED = "/work/shared/seeds/002_65f73ea21448e5b2.txt"
PLC = "pos-95"
NAME = "ПОС: Мастерские роста"
CHAT_LINK = "https://sferum.ru/?p=messages&join=pos95-masterskie"
SCHOOL_CHAT = "Общий чат школы № 95"
TOPIC = (
    "growth_workshops"  # «Мастерские роста: Мастерская выбора, ... достижения, ... жизнестойкости»
)
#: Twelve teachers answer the announcement; 't11' joins and then takes part in nothing.
TEACHERS = tuple(f"t{i:02}" for i in range(1, 13))
ACTIVE = tuple(t for t in TEACHERS if t != "t11")
#: The three workshops of the chosen topic, as the competencies the problem needs.
COMPETENCIES = {
    "workshop_choice": ("Мастерская выбора", "Workshop of choice"),
    "workshop_achievement": ("Мастерская достижения", "Workshop of achievement"),
    "workshop_resilience": ("Мастерская жизнестойкости", "Workshop of resilience"),
}
#: The «внутренняя ревизия»: who can teach what, and the gaps («не умею», «подготовиться»).
CAN_TEACH = {"t01": "workshop_choice", "t02": "workshop_achievement", "t03": "workshop_resilience"}
GAPS = {
    "t04": ("workshop_choice", AuditStatus.CANNOT_DO),
    "t05": ("workshop_choice", AuditStatus.MUST_PREPARE),
    "t06": ("workshop_choice", AuditStatus.CANNOT_DO),
    "t07": ("workshop_achievement", AuditStatus.MUST_PREPARE),
    "t08": ("workshop_achievement", AuditStatus.CANNOT_DO),
    "t09": ("workshop_achievement", AuditStatus.MUST_PREPARE),
    "t10": ("workshop_resilience", AuditStatus.CANNOT_DO),
    "t11": ("workshop_resilience", AuditStatus.CANNOT_DO),
    "t12": ("workshop_choice", AuditStatus.MUST_PREPARE),
}
#: t12 knows where to learn: «Где, у кого и как этому могу научиться?»
COURSE = "Курс ЦНППМ «Мастерская выбора»"
#: The director is no PLC data's role: the school's directory maps them to 'administrator'.
DIRECTORY = {"director": ["Директор"]}


def seed_text() -> str:
    """The seed document, to check that the steps quote it."""
    with open(SEED, encoding="utf-8") as f:
        return f.read()


class Seed002:
    """Seed 002's PLC through the services, built stage by stage.

    ``reach(stage)`` runs every stage up to ``stage`` once, in the seed's order; a test asks
    for the stage it checks and gets a story that has run exactly that far.
    """

    STAGES = (
        "created",
        "order",
        "preparation",
        "joined",
        "facilitators",
        "organisational_meeting",
        "agreement_meeting",
        "topic_list",
        "vote_opened",
        "choice",
        "operationalisation",
        "audit",
        "plan",
        "learning",
        "reflection_started",
        "reflected",
        "recognised",
        "next_cycle",
    )

    def __init__(self, *, require_preparation: bool = True) -> None:
        self.clock = ManualClock(datetime(2025, 8, 25, 9, tzinfo=UTC))
        policy = HostRoles(
            lookup=lambda workflow_id, actor: DIRECTORY.get(actor, ()),
            mapping={"Директор": ["administrator"]},
        )
        self.app: Services = bootstrap(clock=self.clock, policy=policy, plugins=False)
        self.require_preparation = require_preparation
        self.done: list[str] = []

    # -- helpers ---------------------------------------------------------------------------

    @property
    def wf(self) -> Workflow:
        """The stored PLC."""
        return self.app.get(PLC)

    def fire(self, trigger: str, actor: str = "head", **fields: Any) -> Any:
        """Fire a trigger on the PLC through the services."""
        return self.app.fire(PLC, trigger, actor=actor, **fields)

    def to(self, day: date, hour: int = 15) -> date:
        """Move the clock forward to ``day`` (never back) and return it."""
        target = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        if target > self.clock.now():
            self.clock.advance(target - self.clock.now())
        return day

    def reach(self, stage: str) -> Seed002:
        """Run every stage up to and including ``stage``."""
        for name in self.STAGES[: self.STAGES.index(stage) + 1]:
            if name not in self.done:
                getattr(self, f"_{name}")()
                self.done.append(name)
        return self

    # -- the stages ------------------------------------------------------------------------

    def _created(self) -> None:
        """The PLC exists before anyone leads it; the preparatory stage is required."""
        rules = PlcRules(require_preparation=self.require_preparation)
        self.app.start(
            "plc_cycle",
            PlcData(name=NAME, organisation_id="school-95", rules=rules),
            id=PLC,
            actor="director",
        )

    def _order(self) -> None:
        """«Приказ директора о создании ПОС», naming the leader and a facilitator.

        Documentation gap: docs/plc-cycle.md says the order names "a leader or facilitators"
        but shows only ``number``, ``signed_on`` and ``leader_id``; the field for the
        facilitators (``facilitator_ids``) and who signed it (``signed_by``) come from the
        class's fields.
        """
        self.fire(
            "record_order",
            "director",
            order=DirectorsOrder(
                number="112-о",
                signed_on=self.to(date(2025, 8, 25)),
                signed_by="director",
                leader_id="head",
                facilitator_ids=("fac1",),
            ),
        )

    def _preparation(self) -> None:
        """«Создать чат в Сферум …»; «Разместить ссылку и краткое описание … в общий чат»."""
        self.to(date(2025, 8, 26))
        self.fire("open_chat", platform=ChatPlatform.SFERUM, name=NAME, link=CHAT_LINK)
        self.fire(
            "announce",
            channel=SCHOOL_CHAT,
            description="Открываем ПОС «Мастерские роста»: Мастерская выбора, достижения и "
            "жизнестойкости. Вступление по желанию, по ссылке на чат в Сферуме.",
        )

    def _joined(self) -> None:
        """Twelve teachers join by their own wish, each in their own name."""
        self.to(date(2025, 8, 29))
        for t in TEACHERS:
            self.fire("join", t, teacher_id=t)

    def _facilitators(self) -> None:
        """The leader appoints a second facilitator from the members.

        Documentation gap: docs/plc-cycle.md names ``appoint_facilitator`` and
        ``relieve_facilitator`` but not their payload (``teacher_id``).
        """
        self.fire("appoint_facilitator", teacher_id="t01")

    def _organisational_meeting(self) -> None:
        """«Первая встреча: в формате он-лайн: организационная …», with the mood square.

        Documentation gap: docs/plc-cycle.md says each activity is "led by a member, the
        leader or a facilitator" but not the field (``led_by``), and names the mood pyramid
        and the emotion wheel without their members (``MOOD_PYRAMID``, ``EMOTION_WHEEL``).
        """
        self.to(date(2025, 9, 2))
        self.fire(
            "hold_meeting",
            kind=MeetingKind.ORGANISATIONAL,
            online=True,
            attendees=ACTIVE,
            activities=(MeetingActivity(tool=TeamBuildingTool.MOOD_SQUARE, led_by="fac1"),),
        )

    def _agreement_meeting(self) -> None:
        """«Вторая встреча: Создание „Соглашения о взаимодействии“», pyramid and wheel."""
        self.to(date(2025, 9, 9))
        self.fire(
            "hold_meeting",
            kind=MeetingKind.AGREEMENT,
            attendees=ACTIVE,
            activities=(
                MeetingActivity(tool=TeamBuildingTool.MOOD_PYRAMID, led_by="head"),
                MeetingActivity(tool=TeamBuildingTool.EMOTION_WHEEL, led_by="t01"),
            ),
        )
        self.fire(
            "agree",
            agreement=InteractionAgreement(
                rules=("Говорим по очереди", "Не оцениваем личность", "Делимся опытом открыто")
            ),
        )

    def _topic_list(self) -> None:
        """«Формируется список тем-проблем»: the school's five topics, proposed by members."""
        self.to(date(2025, 9, 16))
        self.fire("open_topic_list")
        for t, topic in zip(TEACHERS, SCHOOL_95_TOPICS, strict=False):
            self.fire("propose_topic", t, topic=topic)

    def _vote_opened(self) -> None:
        """The list is closed; the vote opens."""
        self.to(date(2025, 9, 23))
        self.fire("open_vote")

    def _choice(self) -> None:
        """«Педагоги осуществляют Выбор темы-проблемы»: most vote for the growth workshops."""
        for t in ACTIVE:
            topic = "4c" if t in ("t09", "t10") else TOPIC
            self.fire("vote", t, teacher_id=t, topic_id=topic)
        self.fire("choose_topic")

    def _operationalisation(self) -> None:
        """«Операционализация»: the competencies the chosen problem needs."""
        self.to(date(2025, 9, 30))
        for cid, (ru, en) in COMPETENCIES.items():
            self.fire("list_competency", competency=Competency(id=cid, name=Label(ru=ru, en=en)))
        self.fire("open_audit")

    def _audit(self) -> None:
        """«Определение собственных ресурсов»: each member answers for each competency."""
        self.to(date(2025, 10, 7))
        for t in TEACHERS:
            answers = []
            for cid in COMPETENCIES:
                status, source = AuditStatus.CAN_DO, None
                if CAN_TEACH.get(t) == cid:
                    status = AuditStatus.CAN_TEACH
                elif t in GAPS and GAPS[t][0] == cid:
                    status = GAPS[t][1]
                    source = COURSE if t == "t12" else None
                answers.append(
                    AuditAnswer(
                        teacher_id=t, competency_id=cid, status=status, learning_source=source
                    )
                )
            self.fire("submit_audit", t, teacher_id=t, answers=answers)
        self.fire("close_audit")

    def _plan(self) -> None:
        """The peer-learning plan: peers first, the course for the one nobody can take."""
        self.to(date(2025, 10, 14))
        self.fire("adopt_plan", plan=propose_plan(self.wf.data))

    def _learning(self) -> None:
        """Sessions held; six gaps marked learnt and confirmed by who taught them.

        Documentation gap: docs/plc-cycle.md says a session is recorded "on the day it was
        held (never later than today)" and may be with "the outside source the plan assigns",
        but its example shows neither field: the day is ``held_on`` and the source ``source``.
        """
        self.to(date(2025, 11, 10))
        self.fire(
            "hold_session",
            "t01",
            competency_id="workshop_choice",
            learner_ids=("t04", "t05", "t06"),
            teacher_id="t01",
            held_on=date(2025, 10, 21),
        )
        self.fire(
            "hold_session",
            "t02",
            competency_id="workshop_achievement",
            learner_ids=("t07", "t08", "t09"),
            teacher_id="t02",
            held_on=date(2025, 10, 28),
        )
        self.fire(
            "hold_session",
            "t12",
            competency_id="workshop_choice",
            learner_ids=("t12",),
            source=COURSE,
            held_on=date(2025, 11, 5),
        )
        marked = {
            "t04": "workshop_choice",
            "t05": "workshop_choice",
            "t06": "workshop_choice",
            "t07": "workshop_achievement",
            "t08": "workshop_achievement",
            "t09": "workshop_achievement",
            "t12": "workshop_choice",
        }
        self.to(date(2025, 11, 20))
        for learner, cid in marked.items():
            self.fire(
                "mark_learnt",
                learner,
                learner_id=learner,
                competency_id=cid,
                evidence="Провёл(а) урок-мастерскую в своём классе",
            )
        teachers = {"workshop_choice": "t01", "workshop_achievement": "t02"}
        for learner in ("t04", "t05", "t06", "t07", "t08"):
            cid = marked[learner]
            self.fire("confirm_learnt", teachers[cid], learner_id=learner, competency_id=cid)
        # The course is no member: the leader confirms what t12 learnt there.
        self.fire("confirm_learnt", "head", learner_id="t12", competency_id="workshop_choice")

    def _reflection_started(self) -> None:
        """Six of ten gaps are learnt: more than the half reflection needs."""
        self.to(date(2025, 12, 15))
        self.fire("start_reflection")

    def _reflected(self) -> None:
        """What changed in teaching, and what pupils learnt, measured."""
        self.to(date(2025, 12, 20))
        self.fire("reflect", reflection=REFLECTION)

    def _recognised(self) -> None:
        """«Признание членов ПОС на педсовете», «Награждение», «Стимулирование активных».

        Documentation gap: docs/plc-cycle.md names the four kinds in words ("at the teachers'
        council, at the staff meeting, an award, or an incentive") but not the members
        (``COUNCIL``, ``STAFF_MEETING``, ``AWARD``, ``INCENTIVE``), nor the award's ``title``.
        """
        self.to(date(2025, 12, 26))
        day = date(2025, 12, 26)
        self.fire(
            "recognise",
            "director",
            recognition=PlcRecognition(
                kind=RecognitionKind.COUNCIL,
                teacher_ids=TEACHERS,
                on=day,
                reason="Итоги первого цикла ПОС «Мастерские роста»",
            ),
        )
        self.fire(
            "recognise",
            "director",
            recognition=PlcRecognition(
                kind=RecognitionKind.AWARD,
                teacher_ids=("t01", "t02"),
                on=day,
                reason="Провели мастерские для коллег",
                title="Почётная грамота",
            ),
        )
        self.fire(
            "recognise",
            recognition=PlcRecognition(
                kind=RecognitionKind.INCENTIVE,
                teacher_ids=("t01", "t02", "t04"),
                on=day,
                reason="Активное участие в ПОС",
            ),
        )

    def _next_cycle(self) -> None:
        """The next cycle starts from the topic list, without the studied topic."""
        self.to(date(2026, 1, 12))
        self.fire("next_cycle")


EVIDENCE = (
    PupilEvidence(
        measure="Ставят себе учебную цель и выбирают способ её достичь",
        group="7А, 7Б",
        baseline=0.32,
        result=0.58,
        baseline_on=date(2025, 9, 15),
        result_on=date(2025, 12, 12),
        source=EvidenceSource.LESSON_OBSERVATION,
        competency_id="workshop_choice",
        pupils=52,
        collected_by=("t04", "t05"),
    ),
    PupilEvidence(
        measure="Доводят начатое дело до результата (диагностика)",
        group="8В",
        baseline=5.1,
        result=6.4,
        baseline_on=date(2025, 9, 18),
        result_on=date(2025, 12, 10),
        source=EvidenceSource.DIAGNOSTIC,
        unit=EvidenceUnit.SCORE,
        max_score=10,
        competency_id="workshop_achievement",
        pupils=27,
        collected_by=("t07",),
    ),
)
REFLECTION = Reflection(
    teaching_changes=(
        "Уроки-мастерские выбора в 5–7 классах",
        "Рефлексия достижений в конце каждого урока",
    ),
    pupil_impact=("Ученики чаще сами предлагают, как решить задачу",),
    pupil_evidence=EVIDENCE,
)


def mark_of(wf: Workflow, learner: str, competency: str) -> Any:
    """The learner's mark for a gap, if any (``PlcData.learnt`` holds ``LearntMark``s)."""
    marks = [m for m in wf.data.learnt if (m.learner_id, m.competency_id) == (learner, competency)]
    return marks[0] if marks else None


def story(stage: str, **options: Any) -> Seed002:
    """A fresh story run up to ``stage``."""
    return Seed002(**options).reach(stage)


@contextmanager
def unchanged(s: Seed002) -> Iterator[None]:
    """Assert that the stored PLC is exactly as it was after the block."""
    before = s.wf
    yield
    after = s.wf
    assert after.version == before.version
    assert after.state == before.state
    assert after.data == before.data
    assert tuple(after.events) == tuple(before.events)


def refused(
    s: Seed002,
    error: type[PedcommunityError],
    fragment: str,
    trigger: str,
    actor: str = "head",
    **fields: Any,
) -> PedcommunityError:
    """Fire a trigger that must be refused with ``error`` saying ``fragment``; nothing changes."""
    with unchanged(s), pytest.raises(error) as info:
        s.fire(trigger, actor, **fields)
    assert fragment in str(info.value), str(info.value)
    return info.value


# -- the preparatory stage -----------------------------------------------------------------


def test_the_seed_is_the_one_replayed() -> None:
    """«ТЕМЫ ПОС МБОУ СШ № 95 … Мастерские роста: Мастерская выбора, … жизнестойкости»"""
    text = seed_text()
    for words in ("«ПОС: Мастерские роста»", "от 3 до 15 педагогов", "квадрат настроения"):
        assert words in text
    titles = {t.id: t.title.ru for t in SCHOOL_95_TOPICS}
    assert titles[TOPIC].startswith("Мастерские роста")
    assert PLC_CYCLE.key == "plc_cycle@2"
    assert story("created").wf.definition.key == "plc_cycle@2"


def test_prikaz_direktora_o_sozdanii_pos_names_the_leader_and_facilitator() -> None:
    """«Способы мотивации: Приказ директора о создании ПОС.»"""
    s = story("created")
    assert s.wf.data.leader_id is None
    # Before the order, a teacher of the school cannot record one.
    refused(
        s,
        PermissionDenied,
        "record_order",
        "record_order",
        "t01",
        order=DirectorsOrder(number="1", signed_on=date(2025, 8, 25), leader_id="t01"),
    )
    s.reach("order")
    d = s.wf.data
    assert d.order is not None and d.order.number == "112-о"
    assert d.order.title == "О создании профессионального обучающегося сообщества"
    assert d.leader_id == "head"
    assert "fac1" in d.facilitator_ids
    # An order signed after today is refused.
    refused(
        s,
        GuardFailed,
        "after today",
        "record_order",
        "director",
        order=DirectorsOrder(number="113-о", signed_on=date(2025, 8, 26)),
    )


def test_sozdat_chat_v_sferum_s_nazvaniem_pos_masterskie_rosta() -> None:
    """«1. Создать чат в Сферум с названием «ПОС: Мастерские роста»»"""
    s = story("order")
    assert not s.wf.data.prepared
    s.fire("open_chat", platform=ChatPlatform.SFERUM, name=NAME, link=CHAT_LINK)
    chat = s.wf.data.chat
    assert chat is not None
    assert (chat.platform, chat.name, chat.link) == (ChatPlatform.SFERUM, NAME, CHAT_LINK)
    assert not s.wf.data.prepared  # the announcement is still to come


def test_razmestit_ssylku_i_kratkoe_opisanie_v_obshchii_chat_shkoly() -> None:
    """«2. Разместить ссылку и краткое описание предстоящей деятельности в общий чат школы»"""
    s = story("preparation")
    d = s.wf.data
    assert d.prepared
    (post,) = d.announcements
    assert post.channel == SCHOOL_CHAT
    assert post.link == CHAT_LINK  # the announcement copies the chat's link
    assert "по желанию" in post.description


def test_organisational_meeting_before_the_preparatory_stage_is_refused() -> None:
    """«Подготовительный этап» comes before «Первая встреча … организационная»."""
    s = story("order")
    for t in TEACHERS[:3]:  # three teachers heard of it in the staff room
        s.fire("join", t, teacher_id=t)
    err = refused(
        s,
        GuardFailed,
        "the preparatory stage comes first",
        "hold_meeting",
        kind=MeetingKind.ORGANISATIONAL,
        online=True,
    )
    assert isinstance(err, GuardFailed) and err.guard == "prepared_first"
    s.fire("open_chat", platform=ChatPlatform.SFERUM, name=NAME, link=CHAT_LINK)
    refused(  # the chat alone is not enough: the announcement too
        s,
        GuardFailed,
        "announce it in the school's chat",
        "hold_meeting",
        kind=MeetingKind.ORGANISATIONAL,
    )
    s.fire("announce", channel=SCHOOL_CHAT, description="ПОС «Мастерские роста»: по желанию")
    s.fire("hold_meeting", kind=MeetingKind.ORGANISATIONAL, online=True)
    assert len(s.wf.data.meetings) == 1


def test_without_required_preparation_the_meeting_needs_no_chat() -> None:
    """The preparatory stage is optional by default (docs/plc-cycle.md, ``require_preparation``)."""
    s = story("order", require_preparation=False)
    for t in TEACHERS[:3]:
        s.fire("join", t, teacher_id=t)
    s.fire("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    assert not s.wf.data.prepared and len(s.wf.data.meetings) == 1


def test_vstuplenie_v_pos_po_zhelaniyu() -> None:
    """«… для вступления в ПОС (по желанию)»: each teacher joins in their own name."""
    s = story("preparation")
    refused(s, PermissionDenied, "in the name of 't02'", "join", "t01", teacher_id="t02")
    s.reach("joined")
    assert s.wf.data.members == TEACHERS
    joins = [e for e in s.wf.events if e.trigger == "join"]
    assert all(e.actor == e.payload.teacher_id for e in joins)


def test_sobrana_gruppa_ot_3_do_15_pedagogov() -> None:
    """«Собрана группа педагогов, объединенных в ПОС: от 3 до 15 педагогов.»"""
    s = story("preparation")
    for t in TEACHERS[:2]:
        s.fire("join", t, teacher_id=t)
    refused(
        s,
        GuardFailed,
        "needs at least 3",
        "hold_meeting",
        kind=MeetingKind.ORGANISATIONAL,
    )
    for t in (*TEACHERS[2:], "t13", "t14", "t15"):
        s.fire("join", t, teacher_id=t)
    assert len(s.wf.data.members) == 15
    err = refused(s, GuardFailed, "(15 members is the maximum)", "join", "t16", teacher_id="t16")
    assert isinstance(err, GuardFailed) and err.guard == "room"


def test_rukovoditel_i_moderatory_pos() -> None:
    """The leader and the facilitators («фасилитатор») who run the meetings."""
    s = story("joined")
    refused(
        s, PermissionDenied, "appoint_facilitator", "appoint_facilitator", "t03", teacher_id="t03"
    )
    s.reach("facilitators")
    assert set(s.wf.data.facilitator_ids) == {"fac1", "t01"}
    # A facilitator runs a meeting, which a plain member may not.
    refused(
        s, PermissionDenied, "hold_meeting", "hold_meeting", "t03", kind=MeetingKind.ORGANISATIONAL
    )
    s.fire("relieve_facilitator", teacher_id="t01")
    assert s.wf.data.facilitator_ids == ("fac1",)


def test_pervaya_vstrecha_onlain_organizatsionnaya_s_kvadratom_nastroeniya() -> None:
    """«Первая встреча: в формате он-лайн: организационная для актуализации темы ПОС.»"""
    s = story("organisational_meeting")
    (meeting,) = s.wf.data.meetings
    assert meeting.kind == MeetingKind.ORGANISATIONAL
    assert meeting.online
    assert [a.tool for a in meeting.activities] == [TeamBuildingTool.MOOD_SQUARE]


def test_team_building_activity_led_by_a_stranger_is_refused() -> None:
    """«использование инструментов: квадрат настроения, пирамида настроения, колесо эмоций»"""
    s = story("organisational_meeting")
    refused(
        s,
        GuardFailed,
        "'stranger' is none of them",
        "hold_meeting",
        kind=MeetingKind.AGREEMENT,
        activities=(MeetingActivity(tool=TeamBuildingTool.EMOTION_WHEEL, led_by="stranger"),),
    )


def test_vtoraya_vstrecha_soglashenie_o_vzaimodeistvii_piramida_i_koleso_emotsii() -> None:
    """«Вторая встреча: Создание «Соглашения о взаимодействии».»"""
    s = story("agreement_meeting")
    d = s.wf.data
    assert [m.kind for m in d.meetings] == [MeetingKind.ORGANISATIONAL, MeetingKind.AGREEMENT]
    tools = [a.tool for m in d.meetings for a in m.activities]
    assert tools == [
        TeamBuildingTool.MOOD_SQUARE,
        TeamBuildingTool.MOOD_PYRAMID,
        TeamBuildingTool.EMOTION_WHEEL,
    ]
    assert d.agreement is not None and "Говорим по очереди" in d.agreement.rules


# -- the cycle: «Как работает ПОС» ---------------------------------------------------------


def test_formiruetsya_spisok_tem_problem() -> None:
    """«1. Формируется список тем-проблем-задач внешних вызовов.»"""
    s = story("topic_list")
    assert s.wf.state == "topic_list"
    assert [t.id for t in s.wf.data.topics] == [t.id for t in SCHOOL_95_TOPICS]


def test_pedagogi_osushchestvlyayut_vybor_temy_problemy() -> None:
    """«2. Педагоги осуществляют Выбор темы-проблемы»"""
    s = story("vote_opened")
    refused(s, GuardFailed, "0 of 12 members have voted; the quorum is 6", "choose_topic")
    s.reach("choice")
    assert s.wf.data.chosen_topic_id == TOPIC
    assert s.wf.state == "operationalisation"


def test_operatsionalizatsiya_spisok_kompetentsii() -> None:
    """«3. Операционализация выбранной проблемы: составляется список компетенций …»"""
    s = story("choice")
    refused(s, GuardFailed, "list at least one competency", "open_audit")
    s.reach("operationalisation")
    assert s.wf.data.competency_ids == tuple(COMPETENCIES)
    assert s.wf.state == "resource_audit"


def test_vnutrennyaya_reviziya_chto_ya_umeyu_ne_umeyu_k_chemu_podgotovitsya() -> None:
    """«4. Определение собственных ресурсов … 5. Что я умею? … К чему нужно подготовиться?
    Что я не умею?»"""
    s = story("audit")
    d = s.wf.data
    assert s.wf.state == "learning"
    assert len(d.audit) == len(TEACHERS) * len(COMPETENCIES)
    statuses = {(a.teacher_id, a.competency_id): a.status for a in d.audit}
    assert statuses["t01", "workshop_choice"] == AuditStatus.CAN_TEACH
    assert statuses["t04", "workshop_choice"] == AuditStatus.CANNOT_DO
    assert statuses["t05", "workshop_choice"] == AuditStatus.MUST_PREPARE


def test_gde_u_kogo_i_kak_etomu_mogu_nauchitsya() -> None:
    """«Где, у кого и как этому могу научиться?»: the plan names a colleague or a course."""
    s = story("plan")
    who = {
        (a.learner_id, a.competency_id): a.teacher_id or a.source
        for a in s.wf.data.plan.assignments
    }
    assert who == {
        ("t04", "workshop_choice"): "t01",
        ("t05", "workshop_choice"): "t01",
        ("t06", "workshop_choice"): "t01",
        ("t07", "workshop_achievement"): "t02",
        ("t08", "workshop_achievement"): "t02",
        ("t09", "workshop_achievement"): "t02",
        ("t10", "workshop_resilience"): "t03",
        ("t11", "workshop_resilience"): "t03",
        ("t12", "workshop_choice"): COURSE,  # t01 teaches three already
    }


def test_the_plan_through_the_services_use_case() -> None:
    """docs/services.md: «propose and adopt a peer-learning plan» as a use case over the store.

    Documentation gap: docs/services.md lists ``plc.propose_learning_plan`` and
    ``adopt_proposed_plan`` without their arguments, and never names the tenant a call without
    ``tenant=`` acts for (``"default"``), which a host wiring the functions directly needs.
    """
    s = story("audit")
    proposed = propose_learning_plan(s.app.store.unit_of_work("default"), PLC)
    assert proposed == propose_plan(s.wf.data)
    event = adopt_proposed_plan(
        s.app.store.unit_of_work("default"), PLC, actor="head", at=s.clock.now()
    )
    assert event.trigger == "adopt_plan"
    assert s.wf.data.plan == proposed


def test_marking_a_gap_learnt_with_no_session_is_refused() -> None:
    """«Учителя обмениваются профессиональными оценками»: learnt after learning, not before."""
    s = story("plan")
    refused(
        s,
        GuardFailed,
        "no session of 't01' with t04 in workshop_choice is recorded",
        "mark_learnt",
        "t04",
        learner_id="t04",
        competency_id="workshop_choice",
    )


def test_reflection_before_enough_learning_is_refused() -> None:
    """Reflection waits for the plan's gaps to be learnt (``min_learnt_share`` 0.5)."""
    s = story("plan")
    refused(
        s,
        GuardFailed,
        "0 of 9 gaps of the plan are learnt (confirmed); reflection needs 5",
        "start_reflection",
    )


def test_a_learner_cannot_confirm_their_own_gap() -> None:
    """The gap is confirmed by the colleague who taught it, never by the learner."""
    s = story("plan")
    s.fire(
        "hold_session",
        "t01",
        competency_id="workshop_choice",
        learner_ids=("t04",),
        teacher_id="t01",
        held_on=date(2025, 10, 14),
    )
    s.fire("mark_learnt", "t04", learner_id="t04", competency_id="workshop_choice")
    refused(
        s,
        GuardFailed,
        "t04's gap in workshop_choice is confirmed by its teacher 't01', not by 't04'",
        "confirm_learnt",
        "t04",
        learner_id="t04",
        competency_id="workshop_choice",
    )
    # Nor by another colleague who did not teach it.
    refused(
        s,
        GuardFailed,
        "not by 't02'",
        "confirm_learnt",
        "t02",
        learner_id="t04",
        competency_id="workshop_choice",
    )


def test_a_mark_sent_back_is_marked_again() -> None:
    """``decline_learnt`` sends a mark back with a reason; the learner may mark again.

    Documentation gap: docs/plc-cycle.md says "with a reason" but not the field (``reason``).
    """
    s = story("learning")
    s.fire(
        "decline_learnt",
        "t02",
        learner_id="t09",
        competency_id="workshop_achievement",
        reason="Покажи урок-мастерскую в классе",
    )
    assert mark_of(s.wf, "t09", "workshop_achievement") is None
    s.fire(
        "mark_learnt",
        "t09",
        learner_id="t09",
        competency_id="workshop_achievement",
        evidence="Открытый урок в 8В",
    )
    s.fire("confirm_learnt", "t02", learner_id="t09", competency_id="workshop_achievement")
    mark = mark_of(s.wf, "t09", "workshop_achievement")
    assert mark is not None and mark.confirmed_by == "t02"


def test_progress_of_learning_per_member_and_competency() -> None:
    """Learning that is tracked: who learnt what, from whom (issue 15, seed 002).

    Documentation gap: docs/plc-cycle.md names ``learning_progress(plc.data)`` without its
    module (``pedcommunity.workflows``) or the fields of what it returns (``gaps``,
    ``learnt``, ``needed``, ``by_member``, ``by_competency``, ``not_learnt`` ...).
    """
    s = story("learning")
    p = learning_progress(s.wf.data)
    assert (p.gaps, p.marked, p.learnt, p.needed) == (9, 7, 6, math.ceil(0.5 * 9))
    assert p.sessions == 3
    assert p.by_member["t04"].learnt == 1 and p.by_member["t10"].learnt == 0
    assert p.by_member["t01"].sessions_taught == 1
    assert p.by_competency["workshop_choice"].learnt == 4
    assert p.by_competency["workshop_resilience"].learnt == 0
    # Documentation gap: the shape of ``not_learnt`` ((learner, competency) pairs) is not told.
    assert set(p.not_learnt) == {
        ("t09", "workshop_achievement"),
        ("t10", "workshop_resilience"),
        ("t11", "workshop_resilience"),
    }


def test_glavnyi_rezultat_ucheniki_osvoili_eti_navyki_measured() -> None:
    """«Главный результат ученики освоили эти навыки – раскрыт личностный потенциал»"""
    s = story("reflection_started")
    assert s.wf.state == "reflection"
    text_only = Reflection(
        teaching_changes=REFLECTION.teaching_changes, pupil_impact=REFLECTION.pupil_impact
    )
    refused(s, GuardFailed, "measured result", "reflect", reflection=text_only)
    s.reach("reflected")
    r = s.wf.data.reflection
    assert r.teaching_changes[0] == "Уроки-мастерские выбора в 5–7 классах"
    assert [round(e.change, 2) for e in r.pupil_evidence] == [0.26, 1.3]
    assert r.impact.describe("en") == "The main result: 2 of 2 measures improved"
    assert "32% → 58%" in EVIDENCE[0].describe("ru")


def test_evidence_for_a_competency_outside_the_cycle_is_refused() -> None:
    """Evidence is for the competencies of the cycle (``evidence_fits_cycle``)."""
    s = story("reflection_started")
    stray = PupilEvidence(
        measure="Читают бегло",
        group="2А",
        baseline=0.5,
        result=0.7,
        baseline_on=date(2025, 9, 15),
        result_on=date(2025, 12, 10),
        source=EvidenceSource.DIAGNOSTIC,
        competency_id="reading",
    )
    refused(
        s,
        GuardFailed,
        "names competency 'reading', not listed in this cycle",
        "reflect",
        reflection=Reflection(teaching_changes=("—",), pupil_evidence=(stray,)),
    )


def test_evidence_collected_after_today_is_refused() -> None:
    """A result is measured before it is recorded (``evidence_not_future``)."""
    s = story("reflection_started")
    early = attrs.evolve(EVIDENCE[0], result_on=date(2025, 12, 31))
    refused(
        s,
        GuardFailed,
        "2025-12-31",
        "reflect",
        reflection=Reflection(teaching_changes=("—",), pupil_evidence=(early,)),
    )


def test_priznanie_na_pedsovete_nagrazhdenie_stimulirovanie_aktivnykh() -> None:
    """«Стимулирование активных членов ПОС. Признание членов ПОС на педсовете, коллективном
    собрании. Награждение.»

    Documentation gap: docs/plc-cycle.md names ``member_activity(plc.data)`` without its
    module (``pedcommunity.workflows``) or its fields.
    """
    s = story("reflected")
    activity = member_activity(s.wf.data)
    assert activity["t11"].total == 0
    refused(
        s,
        GuardFailed,
        "incentives go to active members (seed 002); "
        "'t11' attended no meeting, took part in no session and has no gap learnt",
        "recognise",
        recognition=PlcRecognition(
            kind=RecognitionKind.INCENTIVE,
            teacher_ids=("t04", "t11"),
            on=date(2025, 12, 20),
            reason="Активное участие",
        ),
    )
    s.reach("recognised")
    kinds = [(r.kind, r.teacher_ids) for r in s.wf.data.recognitions]
    assert kinds == [
        (RecognitionKind.COUNCIL, TEACHERS),
        (RecognitionKind.AWARD, ("t01", "t02")),
        (RecognitionKind.INCENTIVE, ("t01", "t02", "t04")),
    ]


def test_sleduyushchii_tsikl() -> None:
    """The next cycle: back to the list of problems, the studied topic archived."""
    s = story("next_cycle")
    d = s.wf.data
    assert s.wf.state == "topic_list"
    assert d.cycle == 2
    (record,) = d.history
    assert record.topic_id == TOPIC
    assert len(record.learnt) == 7 and len(record.sessions) == 3
    assert learning_progress(record).learnt == 6
    assert d.sessions == () and d.learnt == ()
    growth = next(t for t in SCHOOL_95_TOPICS if t.id == TOPIC)
    refused(s, GuardFailed, TOPIC, "propose_topic", "t01", topic=growth)


def test_the_pos_closes_after_reflection() -> None:
    """A PLC may also close after its reflection.

    Documentation gap: docs/plc-cycle.md lists ``close`` but not its payload (``reason``, the
    same ``Disband`` payload as ``disband``).
    """
    s = story("recognised")
    s.fire("close", reason="Цикл завершён, итоги подведены на педсовете")
    assert s.wf.state == "closed" and s.wf.allowed() == ()
    refused(
        s,
        InvalidTrigger,
        "Cannot 'recognise' while in 'closed'",
        "recognise",
        "director",
        recognition=PlcRecognition(
            kind=RecognitionKind.AWARD, teacher_ids=("t03",), on=date(2025, 12, 26), reason="—"
        ),
    )


# -- the report and the contract -----------------------------------------------------------


REPORT_LINES = {
    "en": (
        (
            "- Director's order: № 112-о of 2025-08-25 «О создании профессионального "
            "обучающегося сообщества»"
        ),
        f"- The PLC's chat: «{NAME}» (Sferum, {CHAT_LINK})",
        "- Members: 12; joined by their own wish: 12 of 12",
        "Team-building: Mood square: 1, Mood pyramid: 1, Emotion wheel: 1",
        "6 of 9 gaps learnt (67%); reflection needs 5 (50%)",
        (
            "- 7А, 7Б: Ставят себе учебную цель и выбирают способ её достичь: 32% → 58% (+26 pp), "
            "lesson observation"
        ),
        "The main result: 2 of 2 measures improved",
        "- 2025-12-26, Award «Почётная грамота»: t01, t02 (Провели мастерские для коллег)",
    ),
    "ru": (
        "- Приказ: № 112-о от 25.08.2025 «О создании профессионального обучающегося сообщества»",
        f"- Чат ПОС: «{NAME}» (Сферум, {CHAT_LINK})",
        "- Участники: 12; вступили по собственному желанию: 12 из 12",
        "Командообразование: Квадрат настроения: 1, Пирамида настроения: 1, Колесо эмоций: 1",
        "Освоено 6 из 9 дефицитов (67%); для рефлексии нужно 5 (50%)",
        (
            "- 7А, 7Б: Ставят себе учебную цель и выбирают способ её достичь — 32% → 58% "
            "(+26 п.п.), наблюдение уроков"
        ),
    ),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_otchet_pos(lang: str) -> None:
    """The PLC's report: the order, the chat, members by their own wish, meetings and their
    tools, learning (the learnt share), pupils' results (the evidence line), recognition.

    Documentation gap: docs/plc-cycle.md's report example prints only the order, chat,
    members, team-building and recognition lines; the learnt-share line and the evidence
    lines (what the seed calls the main result) are not shown, so these were read off a run.
    """
    s = story("next_cycle")
    lines = plc_report(s.wf, lang).splitlines()
    for line in REPORT_LINES[lang]:
        assert line in lines, line


def test_the_whole_run_round_trips_through_the_json_contract() -> None:
    """One versioned JSON contract: the PLC, its log and every new kind of value read back."""
    s = story("next_cycle")
    wf = s.wf
    assert from_json(to_json(wf)) == wf
    assert replay(PLC_CYCLE, wf.events) == wf
    d = wf.data
    record = d.history[0]
    for value in (
        d.order,
        d.chat,
        d.announcements[0],
        d.meetings[0].activities[0],
        d.recognitions[1],
        record,
        record.sessions[0],
        record.learnt[0],
        record.reflection,
        EVIDENCE[1],
    ):
        assert from_json(to_json(value)) == value, type(value).__name__


def test_the_store_keeps_every_step() -> None:
    """Every step is one event in the store, and nothing a refusal tried is there."""
    s = story("next_cycle")
    triggers = [e.trigger for e in s.app.events(PLC)]
    for step in (
        "record_order",
        "open_chat",
        "announce",
        "appoint_facilitator",
        "hold_meeting",
        "agree",
        "propose_topic",
        "vote",
        "choose_topic",
        "list_competency",
        "submit_audit",
        "adopt_plan",
        "hold_session",
        "mark_learnt",
        "confirm_learnt",
        "start_reflection",
        "reflect",
        "recognise",
        "next_cycle",
    ):
        assert step in triggers, step
    assert len(triggers) == s.wf.version
