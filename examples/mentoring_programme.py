"""A city mentoring programme from preparation to completion (seed 003).

The project «Педагогическая инвестиция» with 30 mentors and 60 mentees from two schools.
Tracks are opened for every mentee (one group of three, one reverse pair, one mentee who
ranks mentors herself), mentors proposed by optimal bulk matching (``match_programme``)
and published by the coordinator; one mentor declines and one proposal lapses, one pair
closes early and its mentee is rematched; the pairs work for a term with sessions,
milestones and pulse surveys, give final feedback, some enter the festival, and the programme
completes with recognition and a report. Everything is seeded: the same run every time.

Run: ``python examples/mentoring_programme.py [--lang en|ru] [--seed N]``
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta

from pedcommunity import Label, Level, ManualClock, Teacher
from pedcommunity.model.festival import (
    MENTORS_OF_YUGRA,
    Award,
    FestivalDirection,
    FestivalEntry,
    Product,
    ShowcaseTrack,
    standings,
)
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import (
    Activity,
    ActivityFormat,
    DevelopmentProgramme,
    Goal,
    MentoringRequest,
    Milestone,
)
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import Engine, Workflow
from pedcommunity.workflows.festival import FESTIVAL, FestivalData
from pedcommunity.workflows.mentoring_programme import (
    FIGURE_LABELS,
    ProgrammeData,
    ProgrammeReport,
    ProgrammeRules,
)

SCHOOLS = ("school-1", "school-2")
COMPETENCIES = {
    "4c.communication": Label(ru="Коммуникация", en="Communication"),
    "4c.collaboration": Label(ru="Кооперация", en="Collaboration"),
    "4c.critical_thinking": Label(ru="Критическое мышление", en="Critical thinking"),
    "4c.creativity": Label(ru="Креативность", en="Creativity"),
    "classroom": Label(ru="Управление классом", en="Classroom management"),
    "digital": Label(ru="Цифровые инструменты", en="Digital tools"),
}
FORMATS = (
    ActivityFormat.CONSULTATION,
    ActivityFormat.LESSON_OBSERVATION,
    ActivityFormat.MASTER_CLASS,
    ActivityFormat.PROJECT,
)
COORD = "coord"
T = {
    "title": Label(
        ru="Программа наставничества «Педагогическая инвестиция»",
        en="Mentoring programme “Pedagogical investment”",
    ),
    "stage": Label(ru="Этап", en="Stage"),
    "figures": Label(ru="Итоги", en="Figures"),
    "events": Label(ru="Событий в журналах", en="Events logged"),
    "declined": Label(ru="Отклонено предложение", en="Declined proposal"),
    "lapsed": Label(ru="Истёк срок ответа", en="Lapsed proposal"),
    "closed": Label(ru="Досрочное завершение и новый подбор", en="Early closure and rematch"),
    "awards": Label(ru="Награды фестиваля", en="Festival awards"),
    "busiest": Label(
        ru="Больше всего наставляемых (из возможных)", en="Most mentees (of capacity)"
    ),
}


def people(rng: random.Random) -> tuple[list[Leader], list[Teacher]]:
    comp_ids = list(COMPETENCIES)
    leaders = []
    for i in range(1, 31):
        strong = rng.sample(comp_ids[:5], 2)
        levels = {c: Level.EXPERT if c == strong[0] else Level.PROFICIENT for c in strong}
        years = rng.randint(8, 30)
        if i == 30:  # a young teacher who is the digital expert: the reverse mentor
            levels, years = {"digital": Level.EXPERT}, 2
        teacher = Teacher(
            id=f"m{i:02d}",
            name=f"Наставник {i}",
            organisation_id=SCHOOLS[i % 2],
            years_experience=years,
            competencies=levels,
        )
        leaders.append(Leader(teacher=teacher, can_teach=tuple(levels), capacity=rng.randint(2, 3)))
    mentees = []
    for i in range(1, 61):
        weak = rng.sample(comp_ids[:5], 2)
        years = rng.randint(0, 2)
        levels = dict.fromkeys(weak, Level.DEVELOPING)
        if i == 60:  # the experienced teacher who asks for digital tools: reverse mentoring
            weak, years, levels = ["digital"], 22, {"4c.communication": Level.EXPERT}
        mentees.append(
            Teacher(
                id=f"t{i:02d}",
                name=f"Молодой педагог {i}",
                organisation_id=SCHOOLS[i % 2],
                years_experience=years,
                competencies=levels,
            )
        )
    return leaders, mentees


def request_for(t: Teacher, rng: random.Random) -> MentoringRequest:
    wanted = tuple(c for c in t.competencies if t.level(c) <= Level.DEVELOPING) or ("digital",)
    return MentoringRequest(
        goals=tuple(f"Развить: {COMPETENCIES[c].ru}" for c in wanted),
        competency_ids=wanted,
        formats=tuple(rng.sample(FORMATS, 2)),
    )


def plan_for(req: MentoringRequest) -> DevelopmentProgramme:
    goals, activities, milestones = [], [], []
    for n, cid in enumerate(req.competency_ids, 1):
        goals.append(
            Goal(
                id=f"g{n}",
                title=COMPETENCIES[cid].ru,
                outcome="2 открытых урока с разбором",
                competency_id=cid,
            )
        )
        for k, fmt in enumerate(req.formats, 1):
            activities.append(
                Activity(id=f"a{n}{k}", goal_id=f"g{n}", title=fmt.label.ru, format=fmt)
            )
        milestones.append(
            Milestone(id=f"ms{n}", title=f"Открытый урок {n}", due_day=45 * n, goal_ids=(f"g{n}",))
        )
    return DevelopmentProgramme(
        goals=goals, activities=activities, milestones=milestones, duration_days=120
    )


def run(lang: str = "en", seed: int = 2026) -> tuple[MentoringProgramme, Workflow]:
    """Run the programme and print its report; return the programme and the festival."""
    rng = random.Random(seed)
    clock = ManualClock(datetime(2026, 9, 1, 9, tzinfo=UTC))

    def days(n: int) -> None:
        clock.advance(timedelta(days=n))

    notes: list[str] = []
    leaders, mentees = people(rng)
    prog = MentoringProgramme.create(
        ProgrammeData(
            name=T["title"].ru,
            coordinator_ids=(COORD,),
            organisation_ids=SCHOOLS,
            rules=ProgrammeRules(required_conditions=("order_issued", "curators_appointed")),
        ),
        id="pedagogical-investment",
        actor=COORD,
        clock=clock,
    )
    # Preparing conditions.
    for cond in ("order_issued", "curators_appointed"):
        prog.fire("meet_condition", actor=COORD, condition_id=cond)
    for k in ("k1", "k2", "k3"):
        prog.fire("add_curator", actor=COORD, teacher_id=k, capacity=25)
    prog.fire("open_mentee_base", actor=COORD)
    for t in mentees:
        prog.fire("enrol_mentee", actor=COORD, teacher=t)
    days(7)
    prog.fire("open_mentor_base", actor=COORD)
    for x in leaders:
        prog.fire("add_leader", actor=COORD, leader=x)
    days(7)
    prog.fire("open_training", actor=COORD)
    for x in [*leaders[:-2], leaders[-1]]:  # two mentors do not finish the training
        prog.fire("train_mentor", actor=COORD, leader_id=x.id)
    days(14)
    prog.fire("open_matching", actor=COORD)

    # One track per mentee; one group of three; the experienced teacher in a reverse pair.
    curators = ("k1", "k2", "k3")
    group = ("t01", "t03", "t05")
    grouped = {"t01", "t03", "t05"}
    n = 0
    for t in mentees:
        if t.id in grouped and t.id != group[0]:
            continue
        ids = group if t.id == group[0] else (t.id,)
        form = "group" if len(ids) > 1 else ("reverse" if t.id == "t60" else "traditional")
        req = request_for(t, rng)
        prog.open_track(
            f"tr-{t.id}",
            mentee_ids=ids,
            request=req,
            actor=COORD,
            form=form,
            curator_id=curators[n % 3],
        )
        n += 1

    # One mentee chooses for herself: she revises her request, ranks two mentors and asks
    # the first; the rest go through bulk matching.
    own = "tr-t02"
    d = prog.track(own).data
    prog.fire_track(
        own,
        "update_request",
        actor="t02",
        request=MentoringRequest(
            goals=(*d.request.goals, "Вести проекты с классом"),
            competency_ids=d.request.competency_ids,
            formats=d.request.formats,
        ),
    )
    ranked = [
        x.teacher
        for x in prog.available_mentors()
        if d.form.check(x.teacher, d.mentees, d.request.competency_ids) is None
    ][:2]
    prog.fire_track(own, "rank_mentors", actor="t02", choices=ranked)
    prog.fire_track(own, "request_mentor", actor="t02")
    prog.fire_track(own, "accept", actor=ranked[0].id)

    # Bulk matching makes drafts; the coordinator publishes them.
    matched = prog.match(actor=COORD)
    assert not matched.refused, matched.refused
    prog.publish_all(actor=COORD)

    # Answers: everyone accepts, except one mentor who declines and one who never answers.
    tracks = sorted(prog.tracks)
    decliner_track, silent_track = tracks[4], tracks[9]
    days(2)
    for tid in tracks:
        track = prog.track(tid)
        p = track.data.open_proposal
        if p is None:
            continue
        if tid == decliner_track:
            prog.fire_track(tid, "decline", actor=p.mentor.id, reason="нет свободного времени")
            notes.append(f"{T['declined'].get(lang)}: {p.mentor.id} → {tid}")
            continue
        if tid == silent_track:
            continue
        for person in p.awaiting:
            prog.fire_track(tid, "accept", actor=person)
    days(8)
    lapsed = prog.tick(actor="system")
    notes += [f"{T['lapsed'].get(lang)}: {e.workflow_id}" for e in lapsed if e.trigger == "lapse"]
    # The coordinator proposes someone else to the two tracks, who accept.
    for tid in (decliner_track, silent_track):
        track = prog.track(tid)
        mentor = next(
            x
            for x in prog.available_mentors()
            if x.id not in track.data.excluded
            and track.data.form.check(
                x.teacher, track.data.mentees, track.data.request.competency_ids
            )
            is None
        )
        prog.propose(tid, mentor.id, actor=COORD)
        for person in prog.track(tid).data.open_proposal.awaiting:  # type: ignore[union-attr]
            prog.fire_track(tid, "accept", actor=person)

    # Planning and the start of work.
    days(3)
    for tid, track in sorted(prog.tracks.items()):
        mentor = track.data.mentor.id  # type: ignore[union-attr]
        prog.fire_track(tid, "set_plan", actor=mentor, plan=plan_for(track.data.request))
        prog.fire_track(tid, "begin", actor=mentor)
    prog.fire("start_work", actor=COORD)

    # Early closure and rematch.
    days(20)
    leaving = tracks[14]
    prog.fire_track(leaving, "close_early", actor=COORD, reason="смена места работы наставника")
    new = prog.rematch(leaving, f"{leaving}-2", actor=COORD)
    old_mentor = prog.track(leaving).data.mentor.id  # type: ignore[union-attr]
    mentor = next(
        x
        for x in prog.available_mentors()
        if x.id not in new.data.excluded
        and new.data.form.check(x.teacher, new.data.mentees, new.data.request.competency_ids)
        is None
    )
    prog.propose(new.id, mentor.id, actor=COORD)
    for person in prog.track(new.id).data.open_proposal.awaiting:  # type: ignore[union-attr]
        prog.fire_track(new.id, "accept", actor=person)
    prog.fire_track(new.id, "set_plan", actor=mentor.id, plan=plan_for(new.data.request))
    prog.fire_track(new.id, "begin", actor=mentor.id)
    notes.append(f"{T['closed'].get(lang)}: {leaving} ({old_mentor}) → {new.id} ({mentor.id})")

    # A pair pauses for a fortnight (the end date and milestones move with it); another
    # pair's curator extends their track by a month.
    paused, extended = tracks[20], tracks[21]
    prog.fire_track(
        paused, "pause", actor=prog.track(paused).data.mentee_ids[0], reason="больничный"
    )
    days(14)
    prog.fire_track(paused, "resume", actor=COORD)
    prog.fire_track(extended, "extend", actor=prog.track(extended).data.curator_id, days=30)

    # Four months of work: sessions every fortnight, tasks, milestones, monthly pulses.
    for week in range(2, 19, 2):
        days(14)
        for tid, track in sorted(prog.tracks.items()):
            if track.state != "active":
                continue
            d = track.data
            mentor = d.mentor.id  # type: ignore[union-attr]
            prog.fire_track(tid, "log_session", actor=mentor)
            todo = [a for a in d.plan.activities if a.id not in d.done_activities]  # type: ignore[union-attr]
            if todo and rng.random() < 0.8:
                prog.fire_track(
                    tid, "complete_activity", actor=d.mentee_ids[0], activity_id=todo[0].id
                )
            for m in d.plan.milestones:  # type: ignore[union-attr]
                if (
                    m.id not in d.done_milestones
                    and m.id not in d.overdue_milestones
                    and clock.now() >= d.milestone_due_at(m.id) - timedelta(days=14)  # type: ignore[operator]
                    and rng.random() < 0.9
                ):
                    prog.fire_track(tid, "complete_milestone", actor=mentor, milestone_id=m.id)
            for g in d.plan.goal_ids:  # type: ignore[union-attr]
                prog.fire_track(
                    tid, "rate_progress", actor=mentor, goal_id=g, percent=min(100, week * 6)
                )
        prog.tick()
        for tid, track in sorted(prog.tracks.items()):
            d = track.data
            if track.state == "active" and d.pulse_requests and d.pulse_requests[-1] == clock.now():
                for person in d.mentee_ids:
                    prog.fire_track(tid, "answer_pulse", actor=person, score=rng.randint(3, 5))

    # The end date: review, feedback, festival entries, completion.
    days(30)
    prog.tick()
    showcases = list(ShowcaseTrack)
    for i, (tid, track) in enumerate(sorted(prog.tracks.items())):
        if track.state != "review":
            continue
        d = track.data
        mentor = d.mentor.id  # type: ignore[union-attr]
        for person in (mentor, *d.mentee_ids):
            prog.fire_track(
                tid,
                "give_feedback",
                actor=person,
                fit=rng.randint(3, 5),
                what_changed="уверенность на уроке, новые приёмы",
            )
        # The festival takes pedagogical tandems (seed 003:17): a group does not enter.
        if i % 5 == 0 and len(d.mentee_ids) == 1:
            direction = {"reverse": FestivalDirection.REVERSE}.get(
                d.form.id, FestivalDirection.TRADITIONAL
            )
            prog.fire_track(
                tid,
                "enter_festival",
                actor=mentor,
                entry=FestivalEntry(
                    id=f"entry-{tid}",
                    mentor_id=mentor,
                    mentee_ids=d.mentee_ids,
                    direction=direction,
                    showcase=showcases[i % 3],
                    product=Product(
                        title=f"Тандем {tid}",
                        kind="видеоролик",
                        link=f"https://example.org/festival/{tid}",
                    ),
                ),
            )
        prog.fire_track(tid, "complete", actor=mentor)

    # Some pairs finish late (the extension): tick again at their end date.
    days(45)
    prog.tick()
    for tid, track in sorted(prog.tracks.items()):
        if track.state == "review":
            d = track.data
            for person in (d.mentor.id, *d.mentee_ids):  # type: ignore[union-attr]
                prog.fire_track(
                    tid,
                    "give_feedback",
                    actor=person,
                    fit=4,
                    what_changed="новые приёмы работы с классом",
                )
            prog.fire_track(tid, "complete", actor=COORD)

    # The festival «Наставники Югры: маршрут построен»: entries, a jury, scores, awards.
    engine = Engine(clock=clock)
    fest = engine.start(
        FESTIVAL,
        FestivalData(name="Наставники Югры: маршрут построен", organiser_ids=(COORD,)),
        id="mentors-of-yugra-2027",
        actor=COORD,
    )
    entries = sorted(
        (t.data.festival_entry for t in prog.tracks.values() if t.data.festival_entry is not None),
        key=lambda e: e.id,
    )
    for e in entries:
        engine.fire(fest, "submit_entry", actor=e.mentor_id, entry=e)
    for juror in ("k1", "k2", "k3"):
        engine.fire(fest, "appoint_juror", actor=COORD, juror_id=juror)
    engine.fire(fest, "open_judging", actor=COORD)
    for e in entries:
        for juror in ("k1", "k2", "k3"):
            engine.fire(
                fest,
                "score_entry",
                actor=juror,
                juror_id=juror,
                entry_id=e.id,
                values={c.id: rng.randint(5, c.max_score) for c in fest.data.criteria},
            )
    engine.fire(fest, "close_judging", actor=COORD)
    table = standings(fest.data.entries, fest.data.criteria, fest.data.scores)
    for place, row in enumerate(table[:3], 1):
        engine.fire(
            fest,
            "give_award",
            actor=COORD,
            award=Award(entry_id=row.entry_id, title=MENTORS_OF_YUGRA, place=place),
        )
    engine.fire(fest, "close_festival", actor=COORD)

    # Completion: festival, recognition, report.
    prog.fire("open_completion", actor=COORD)
    prog.fire("hold_festival", actor=COORD, festival_id=fest.id)
    by_id = {e.id: e for e in entries}
    for award in fest.data.awards:
        e = by_id[award.entry_id]
        for person in (e.mentor_id, *e.mentee_ids):
            prog.fire(
                "recognise",
                actor=COORD,
                teacher_id=person,
                title=award.title,
                reason=f"{award.place}: {e.product.title}",
            )
    figures = prog.figures()
    prog.fire(
        "submit_report", actor=COORD, report=ProgrammeReport(summary=T["title"].ru, figures=figures)
    )
    prog.fire("complete", actor=COORD)

    print(f"# {T['title'].get(lang)}")
    print(f"{T['stage'].get(lang)}: {prog.workflow.state_label.get(lang)}")
    for line in notes:
        print(f"- {line}")
    print(f"\n## {T['figures'].get(lang)}")
    for key, value in figures.items():
        print(f"  {FIGURE_LABELS[key].get(lang):28} {value}")
    print(f"\n## {T['awards'].get(lang)}")
    for row in table[:5]:
        e = by_id[row.entry_id]
        print(
            f"  {row.rank}. {e.mentor_id} + {', '.join(e.mentee_ids):12} "
            f"{e.showcase.label.get(lang):15} {float(row.score):.2f}"
        )
    for r in prog.data.recognitions:
        print(f"  {r.teacher_id}: {r.title.get(lang)} ({r.reason})")
    load = sorted(prog.load().items(), key=lambda kv: -kv[1])  # empty: every track ended
    print(f"\n## {T['busiest'].get(lang)}")
    done = {}
    for t in prog.tracks.values():
        if t.data.mentor is not None:
            done[t.data.mentor.id] = done.get(t.data.mentor.id, 0) + len(t.data.mentee_ids)
    for mentor, n in sorted(done.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
        cap = prog.data.leader(mentor).capacity
        print(f"  {mentor}: {n} / {cap}")
    assert not load
    events = sum(len(w.events) for w in prog.workflows()) + len(fest.events)
    print(f"\n{T['events'].get(lang)}: {events}")
    return prog, fest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("ru", "en"), default="en")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    run(args.lang, args.seed)


if __name__ == "__main__":
    main()
