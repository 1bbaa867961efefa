"""The PLC report: the order, chat, own-wish joins, learning, pupils' results, recognition."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.unit.test_plc_cycle import REFLECTION, T0, Stepper, learn, plc_at

from pedcommunity.datasets import load_school95
from pedcommunity.demo import run_demo
from pedcommunity.errors import InvalidData
from pedcommunity.model import (
    ChatPlatform,
    DirectorsOrder,
    EvidenceSource,
    EvidenceUnit,
    MeetingActivity,
    PlcRecognition,
    PupilEvidence,
    RecognitionKind,
    Reflection,
    TeamBuildingTool,
)
from pedcommunity.monitoring import plc_report
from pedcommunity.monitoring.plc_report import joined_by_own_wish
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, MeetingKind, start

NAMES = {"t1": "Анна Петрова", "head": "Ольга Смирнова"}


def organised_plc() -> Stepper:
    """A PLC in learning, prepared, with an order, one member enrolled by the leader, 2 of 3
    gaps learnt, a meeting with a mood square and an incentive for t1."""
    go = plc_at("learning")
    go("join", "head", teacher_id="t4")  # enrolled by the leader, not by own wish
    go("open_chat", platform=ChatPlatform.SFERUM, name="ПОС: Мастерские роста")
    go("announce", channel="Общий чат школы", description="Вступайте в ПОС")
    go(
        "record_order",
        order=DirectorsOrder(number="123-о", signed_on=date(2025, 8, 25), leader_id="head"),
    )
    go("adopt_plan", plan=propose_plan(go.wf.data))
    learn(go, 2)
    activity = MeetingActivity(tool=TeamBuildingTool.MOOD_SQUARE, led_by="t1")
    go(
        "hold_meeting",
        kind=MeetingKind.WORKING,
        online=True,
        attendees=("t1", "t2"),
        activities=(activity,),
    )
    go(
        "recognise",
        recognition=PlcRecognition(
            kind=RecognitionKind.INCENTIVE, teacher_ids=("t1",), on=T0.date(), reason="Наставник"
        ),
    )
    return go


def test_the_report_in_russian() -> None:
    go = organised_plc()
    text = plc_report(go.wf, names=NAMES)
    assert text.startswith("# Отчёт ПОС: ПОС\n")
    assert (
        "- Приказ: № 123-о от 25.08.2025 «О создании профессионального обучающегося сообщества»"
        in text
    )
    assert "- Руководитель: Ольга Смирнова" in text
    assert "- Чат ПОС: «ПОС: Мастерские роста» (Сферум)" in text
    posted = go.wf.data.announcements[0].at.strftime("%d.%m.%Y")
    assert f"- Объявления: Общий чат школы ({posted})" in text
    assert "- Участники: 4; вступили по собственному желанию: 3 из 4" in text
    assert "Освоено 2 из 3 дефицитов (67%); для рефлексии нужно 2 (50%)" in text
    assert "| Рабочая встреча | 1 | 1 |" in text
    assert "Командообразование: Квадрат настроения: 1" in text
    assert "| Анна Петрова | 0 | 0 | — | 2 | 0 |" in text
    assert "Стимулирование: Анна Петрова (Наставник)" in text
    assert "Самые активные: Анна Петрова (4), t2 (4), t3 (2)" in text
    assert "Итоги цикла ещё не записаны." in text


def test_the_report_in_english_after_a_cycle() -> None:
    go = organised_plc()
    learn_rest(go)
    go("start_reflection")
    go("reflect", reflection=REFLECTION)
    text = plc_report(go.wf, "en")
    assert "- Director's order: № 123-о of 2025-08-25" in text
    assert "joined by their own wish: 3 of 4" in text
    assert "3 of 3 gaps learnt (100%); reflection needs 2 (50%)" in text
    assert "- 6Б: Аргументируют позицию: 35% → 60% (+25 pp), lesson observation" in text
    assert "The main result: 1 of 1 measures improved" in text
    go("next_cycle")
    text = plc_report(go.wf, "en")
    assert "Cycle 1:\n\n3 of 3 gaps learnt (100%)" in text
    assert "- Cycle 1: Topic a; 100% of gaps learnt; 1 of 1 measures improved" in text
    assert "- 6Б: Аргументируют позицию: 35% → 60% (+25 pp)" in text  # the last reflection


def learn_rest(go: Stepper) -> None:
    """Learn the plan's third gap (the first two are learnt)."""
    plan = go.wf.data.plan
    assert plan is not None
    a = plan.assignments[2]
    assert a.teacher_id is not None
    go(
        "hold_session",
        a.teacher_id,
        competency_id=a.competency_id,
        learner_ids=(a.learner_id,),
        teacher_id=a.teacher_id,
    )
    go("mark_learnt", a.learner_id, learner_id=a.learner_id, competency_id=a.competency_id)
    go("confirm_learnt", a.teacher_id, learner_id=a.learner_id, competency_id=a.competency_id)


def test_an_unprepared_plc_says_what_is_missing() -> None:
    go = plc_at("forming")
    text = plc_report(go.wf)
    assert "- Приказ: приказ не зарегистрирован" in text
    assert "- Чат ПОС: не создан" in text
    assert "План обучения не принят." in text
    assert "Пока никого не отмечали." in text
    assert "Завершённых циклов нет." in text
    assert "Самые активные: нет" in text


def test_joined_by_own_wish_reads_the_last_join() -> None:
    go = plc_at("forming")
    go("leave", "t1", teacher_id="t1")
    go("join", "head", teacher_id="t1")
    assert joined_by_own_wish(go.wf) == ("t2", "t3")


def test_measured_results_and_the_main_result_are_reported() -> None:
    go = organised_plc()
    learn_rest(go)
    go("start_reflection")
    evidence = REFLECTION.pupil_evidence[0]
    count = PupilEvidence(
        measure="Конфликты на переменах",
        group="5А",
        baseline=12,
        result=12,
        baseline_on=date(2025, 5, 1),
        result_on=date(2025, 8, 1),
        source=EvidenceSource.OTHER,
        source_note="журнал дежурных",
        unit=EvidenceUnit.COUNT,
        higher_is_better=False,
        competency_id="c1",
    )
    reflection = Reflection(
        teaching_changes=("Групповая работа",), pupil_evidence=(evidence, count)
    )
    go("reflect", reflection=reflection)
    text = plc_report(go.wf)
    assert f"- {evidence.describe('ru')}\n- {count.describe('ru')}\n" in text
    assert "Главный результат: улучшение по 1 из 2 показателей" in text


def test_the_report_refuses_what_is_not_a_plc_and_unknown_languages() -> None:
    club = start(
        COMMUNITY_LIFE,
        CommunityData(name="Клуб", administrator_ids=("c",)),
        id="club",
        actor="c",
        at=T0,
    )
    with pytest.raises(InvalidData, match="plc_report takes a PLC"):
        plc_report(club)
    with pytest.raises(InvalidData, match="unsupported language"):
        plc_report(plc_at("forming").wf, "de")


def test_the_report_of_the_demo_plc() -> None:
    """School 95's demo PLC: own-wish joins, the learnt-share line, a measured result."""
    wf = run_demo("en", out=lambda line: None)
    names = {t.id: t.name for t in load_school95().teachers}
    for lang, wish, learnt, change in (
        (
            "ru",
            "вступили по собственному желанию: 12 из 12",
            r"Освоено \d+ из \d+ дефицитов",
            "п.п.",
        ),
        ("en", "joined by their own wish: 12 of 12", r"\d+ of \d+ gaps learnt", " pp)"),
    ):
        text = plc_report(wf, lang, names=names)
        assert wish in text
        assert re.search(learnt + r" \(\d+%\); ", text)
        assert any(line.startswith("- ") and change in line for line in text.splitlines())
