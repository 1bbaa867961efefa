"""The demo: School 95's PLC (seed 002) runs through one whole cycle, printed stage by stage.

Everything goes through the public API: an :class:`~pedcommunity.workflows.Engine` with a
manual clock, the :data:`~pedcommunity.workflows.PLC_CYCLE` definition, and the sample data
of :mod:`pedcommunity.datasets`. ``pedcommunity demo`` calls :func:`run_demo`.

Examples:
    >>> lines = []
    >>> plc = run_demo("en", out=lines.append)
    >>> plc.state, plc.data.cycle, plc.data.history[0].topic_id
    ('topic_list', 2, '4c')
    >>> any("Resource audit" in line for line in lines)
    True
    >>> [line for line in lines if line.startswith(("Learning sessions", "Gaps learnt"))]
    ['Learning sessions held: 12', 'Gaps learnt (confirmed): 25 of 27; reflection needs 14']
    >>> print(next(line for line in lines if "35%" in line))
      - 5–7 классы: Аргументируют свою позицию в дискуссии: 35% → 60% (+25 pp), lesson observation
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from pedcommunity.clock import ManualClock
from pedcommunity.datasets import load_school95
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model import (
    FOUR_C,
    SCHOOL_95,
    SCHOOL_95_TOPICS,
    AuditStatus,
    Competency,
    MeetingActivity,
    PlcRecognition,
    RecognitionKind,
    TeamBuildingTool,
)
from pedcommunity.monitoring.plc_report import joined_by_own_wish
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import (
    PLC_CYCLE,
    Engine,
    MeetingKind,
    PlcData,
    Workflow,
    learning_progress,
    member_activity,
    tally,
)

__all__ = ["run_demo"]

_CATALOGUE = SCHOOL_95.merge(FOUR_C, id="demo", name=Label(ru="Демо", en="Demo"))

_M = {
    "title": Label(
        ru="Демонстрация: ПОС МБОУ СШ № 95 проходит полный цикл",
        en="Demo: the PLC of School 95 runs a whole cycle",
    ),
    "order": Label(
        ru="Зарегистрирован приказ № {n} от {d}: «{t}»", en="Order № {n} of {d} recorded: «{t}»"
    ),
    "chat": Label(
        ru="Подготовительный этап: создан чат «{name}» ({platform}), "
        "объявление размещено: {channel}",
        en="Preparatory stage: chat «{name}» opened ({platform}), announced in: {channel}",
    ),
    "members": Label(ru="Участники ({n})", en="Members ({n})"),
    "own_wish": Label(
        ru="Вступили по своему желанию: {k} из {n}", en="Joined by their own wish: {k} of {n}"
    ),
    "activity": Label(ru="  командообразование: {tool}", en="  team-building: {tool}"),
    "meeting": Label(ru="Проведена встреча: {kind}", en="Meeting held: {kind}"),
    "agreement": Label(
        ru="Соглашение о взаимодействии принято ({n} правила)",
        en="Interaction agreement agreed ({n} rules)",
    ),
    "topics": Label(ru="Темы-проблемы:", en="Topic-problems:"),
    "votes": Label(ru="Голоса:", en="Votes:"),
    "chosen": Label(ru="Выбрана тема: {topic}", en="Chosen topic: {topic}"),
    "competencies": Label(
        ru="Компетенции, нужные для решения проблемы:",
        en="Competencies the problem needs:",
    ),
    "audit_head": Label(ru="Итоги ревизии ресурсов:", en="Resource audit summary:"),
    "gaps": Label(ru="Дефицитов: {n}", en="Gaps: {n}"),
    "plan_head": Label(ru="План взаимного обучения:", en="Peer-learning plan:"),
    "by_peer": Label(
        ru="  - {comp}: {learner} ← {teacher}", en="  - {comp}: {learner} <- {teacher}"
    ),
    "by_source": Label(
        ru="  - {comp}: {learner} ← {source}", en="  - {comp}: {learner} <- {source}"
    ),
    "load": Label(ru="Нагрузка наставников-коллег: {load}", en="Peer teaching load: {load}"),
    "sessions": Label(ru="Проведено занятий: {n}", en="Learning sessions held: {n}"),
    "learnt": Label(
        ru="Освоено (подтверждено) дефицитов: {k} из {g}; для рефлексии нужно {need}",
        en="Gaps learnt (confirmed): {k} of {g}; reflection needs {need}",
    ),
    "not_learnt": Label(ru="Ещё не освоено: {gaps}", en="Not yet learnt: {gaps}"),
    "changes": Label(ru="Что изменилось в преподавании:", en="What changed in teaching:"),
    "impact": Label(
        ru="Главный результат, влияние на учеников:",
        en="The main result, impact on pupils' learning:",
    ),
    "evidence": Label(ru="Измеренные результаты учеников:", en="Pupils' measured results:"),
    "next": Label(
        ru="Начат цикл {n}; осталось тем: {topics}",
        en="Cycle {n} started; topics left: {topics}",
    ),
    "recognised": Label(
        ru="{kind}: {names}",
        en="{kind}: {names}",
    ),
    "events": Label(ru="Записано событий: {n}", en="Events recorded: {n}"),
}


def run_demo(lang: str = "ru", *, out: Callable[[str], None] = print) -> Workflow:
    """Run School 95's PLC through a whole cycle, writing what happens with ``out``.

    Args:
        lang: ``"ru"`` (default) or ``"en"`` for every printed label.
        out: where each line goes (``print`` by default).

    Returns:
        The PLC workflow, at the start of its second cycle.
    """
    lang = check_lang(lang)
    sample = load_school95()
    names = {t.id: t.name for t in sample.teachers}
    clock = ManualClock(datetime(2025, 9, 1, 15, 0, tzinfo=timezone(timedelta(hours=7))))
    engine = Engine(clock=clock)
    head = sample.facilitator

    def say(key: str, **kw: object) -> None:
        out(_M[key].get(lang).format(**kw))

    def stage(plc: Workflow) -> None:
        out("")
        out(f"== {plc.state_label.get(lang)} ==")

    def comp_name(cid: str) -> str:
        return _CATALOGUE[cid].name.get(lang)

    say("title")
    plc = engine.start(
        PLC_CYCLE,
        PlcData(
            name=sample.plc_name,
            organisation_id=sample.organisation.id,
            leader_id=head,
            facilitator_ids=(head,),
        ),
        id=sample.plc_id,
        actor=head,
    )

    stage(plc)
    order = sample.order
    engine.fire(plc, "record_order", actor=head, order=order)
    say("order", n=order.number, d=order.signed_on.strftime("%d.%m.%Y"), t=order.title)
    engine.fire(plc, "open_chat", sample.chat, actor=head)
    engine.fire(plc, "announce", sample.announcement, actor=head)
    say(
        "chat",
        name=sample.chat.name,
        platform=sample.chat.platform.label.get(lang),
        channel=sample.announcement.channel,
    )
    for t in sample.teachers:
        engine.fire(plc, "join", actor=t.id, teacher_id=t.id)
    say("members", n=len(plc.data.members))
    say("own_wish", k=len(joined_by_own_wish(plc)), n=len(plc.data.members))
    for t in sample.teachers:
        out(f"  - {t.name} ({', '.join(t.subjects)}; {t.career_stage.label.get(lang)})")
    for kind, tool in (
        (MeetingKind.ORGANISATIONAL, TeamBuildingTool.MOOD_SQUARE),
        (MeetingKind.AGREEMENT, TeamBuildingTool.EMOTION_WHEEL),
    ):
        clock.advance(timedelta(days=7))
        engine.fire(
            plc,
            "hold_meeting",
            actor=head,
            kind=kind,
            online=True,
            attendees=plc.data.members,
            activities=(MeetingActivity(tool=tool, led_by=head),),
        )
        say("meeting", kind=kind.label.get(lang))
        say("activity", tool=tool.label.get(lang))
    engine.fire(plc, "agree", actor=head, agreement=sample.agreement)
    say("agreement", n=len(sample.agreement.rules))

    clock.advance(timedelta(days=7))
    engine.fire(plc, "open_topic_list", actor=head)
    stage(plc)
    for i, topic in enumerate(SCHOOL_95_TOPICS):
        proposer = sample.teachers[i * 2].id
        engine.fire(plc, "propose_topic", actor=proposer, topic=topic)
    say("topics")
    for topic in plc.data.topics:
        out(f"  - {topic.title.get(lang)}")

    clock.advance(timedelta(days=7))
    engine.fire(plc, "open_vote", actor=head)
    stage(plc)
    for teacher_id, topic_id in sample.votes.items():
        engine.fire(plc, "vote", actor=teacher_id, teacher_id=teacher_id, topic_id=topic_id)
    say("votes")
    for topic_id, n in tally(plc.data.votes, plc.data.topics):
        title = plc.data.topic(topic_id)
        out(f"  {n:2d} × {title.title.get(lang) if title else topic_id}")
    engine.fire(plc, "choose_topic", actor=head)
    chosen = plc.data.chosen_topic
    assert chosen is not None  # the guard has just accepted a choice
    say("chosen", topic=chosen.title.get(lang))

    clock.advance(timedelta(days=7))
    stage(plc)
    for cid in chosen.competencies:
        competency: Competency = _CATALOGUE[cid]
        engine.fire(plc, "list_competency", actor=head, competency=competency)
    say("competencies")
    for c in plc.data.competencies:
        out(f"  - {c.name.get(lang)}")

    engine.fire(plc, "open_audit", actor=head)
    stage(plc)
    for teacher_id in plc.data.members:
        answers = sample.audit_answers(teacher_id, plc.data.competency_ids)
        engine.fire(plc, "submit_audit", actor=teacher_id, teacher_id=teacher_id, answers=answers)
    _print_audit(plc, lang, out, comp_name)
    clock.advance(timedelta(days=14))
    engine.fire(plc, "close_audit", actor=head)

    stage(plc)
    plan = propose_plan(plc.data)
    engine.fire(plc, "adopt_plan", actor=head, plan=plan)
    say("plan_head")
    for a in sorted(plan.assignments, key=lambda a: (a.competency_id, a.learner_id)):
        if a.teacher_id is not None:
            say(
                "by_peer",
                learner=names[a.learner_id],
                teacher=names[a.teacher_id],
                comp=comp_name(a.competency_id),
            )
        else:
            say(
                "by_source",
                learner=names[a.learner_id],
                source=a.source,
                comp=comp_name(a.competency_id),
            )
    load = ", ".join(f"{names[t]} {n}" for t, n in sorted(plan.load().items()))
    say("load", load=load)

    _learn(plc, engine, clock, head)
    progress = learning_progress(plc.data)
    say("sessions", n=progress.sessions)
    say("learnt", k=progress.learnt, g=progress.gaps, need=progress.needed)
    gaps = ", ".join(f"{names[t]} ({comp_name(c)})" for t, c in progress.not_learnt)
    say("not_learnt", gaps=gaps)

    clock.advance(timedelta(days=14))
    engine.fire(plc, "start_reflection", actor=head)
    stage(plc)
    engine.fire(plc, "reflect", actor=head, reflection=sample.reflection)
    say("changes")
    for line in sample.reflection.teaching_changes:
        out(f"  - {line}")
    say("impact")
    for line in sample.reflection.pupil_impact:
        out(f"  - {line}")
    say("evidence")
    for evidence in sample.reflection.pupil_evidence:
        out(f"  - {evidence.describe(lang)}")
    out("  " + sample.reflection.impact.describe(lang))

    # Seed 002 «Способы мотивации»: the most active members are recognised at the teachers'
    # council before the next cycle starts.
    activity = member_activity(plc.data)
    top = sorted(plc.data.members, key=lambda t: (-activity[t].total, t))[:3]
    recognition = PlcRecognition(
        kind=RecognitionKind.COUNCIL,
        teacher_ids=tuple(top),
        on=clock.now().date(),
        reason="Активное участие в работе ПОС",
    )
    engine.fire(plc, "recognise", actor=head, recognition=recognition)
    say("recognised", kind=recognition.kind.label.get(lang), names=", ".join(names[t] for t in top))

    clock.advance(timedelta(days=7))
    engine.fire(plc, "next_cycle", actor=head)
    stage(plc)
    say("next", n=plc.data.cycle, topics=len(plc.data.topics))
    say("events", n=plc.version)
    return plc


def _learn(plc: Workflow, engine: Engine, clock: ManualClock, head: str) -> None:
    """Hold the plan's sessions, then learners mark their gaps and colleagues confirm them.

    One session per teacher or source and competency, with all its learners; every gap but
    the plan's last two is marked and confirmed (by its peer teacher, or by the leader for an
    outside source), so the demo shows learning still under way.
    """
    plan = plc.data.plan
    assert plan is not None  # adopted just before
    groups: dict[tuple[str, str | None, str | None], list[str]] = {}
    for a in plan.assignments:
        groups.setdefault((a.competency_id, a.teacher_id, a.source), []).append(a.learner_id)
    for (cid, teacher, source), learners in groups.items():
        clock.advance(timedelta(days=3))
        engine.fire(
            plc,
            "hold_session",
            actor=teacher or head,
            competency_id=cid,
            learner_ids=tuple(learners),
            teacher_id=teacher,
            source=source,
        )
    clock.advance(timedelta(days=14))
    for a in plan.assignments[:-2]:
        gap = {"learner_id": a.learner_id, "competency_id": a.competency_id}
        engine.fire(plc, "mark_learnt", actor=a.learner_id, **gap)
        engine.fire(plc, "confirm_learnt", actor=a.teacher_id or head, **gap)


def _print_audit(
    plc: Workflow, lang: str, out: Callable[[str], None], comp_name: Callable[[str], str]
) -> None:
    statuses = list(AuditStatus)
    out(_M["audit_head"].get(lang))
    header = "".join(f"{s.label.get(lang):>20}" for s in statuses)
    out(f"  {'':38}{header}")
    counts = Counter((a.competency_id, a.status) for a in plc.data.audit)
    for cid in plc.data.competency_ids:
        cells = "".join(f"{counts[(cid, s)]:>20}" for s in statuses)
        out(f"  {comp_name(cid)[:38]:38}{cells}")
    gaps = sum(1 for a in plc.data.audit if a.is_gap)
    out("  " + _M["gaps"].get(lang).format(n=gaps))
