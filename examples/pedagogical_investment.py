"""Seed 003's project «Педагогическая инвестиция» end to end, in 2023, through the services.

The city project runs its plan and budget (``project@1``) and a mentoring programme in the
seed's three clusters: the competency leaders' educational track with invited speakers, the
competency leaders bank formed from its results, the navigators school at ЦДО «Поиск» whose
graduates bring initiatives to the initiatives office, and the festival «Наставники Югры:
маршрут построен» of pedagogical tandems. Each step prints a heading ``== ... ==``:

1. the project: the seed's goal, tasks and budget, with a team and a calendar plan;
2. the programme: 90 mentors and 110 mentees from 6 schools, bulk matching, and a personal
   programme drafted from every mentee's request (``draft_programme``);
3. cluster 1: three speakers, the seed's three events, the first pairs complete their tracks;
4. the bank: 8 mentors and 4 mentees with their reasons (an observation alone is refused);
5. cluster 2: the navigators school with 2 coaches (a leader outside the bank is refused),
   four sessions, ten navigators;
6. the initiatives office: three initiatives, two accepted (a leader who did not graduate
   is refused);
7. cluster 3: the festival of tandems (a group of a mentor and three mentees is refused),
   the jury, the «Наставники Югры» awards, recognition, the programme's report;
8. the budget, plan against fact (a sixth speaker and any rent are refused);
9. the review against the seed's targets, and the project's close.

From the seed: the goal, the tasks, the city, the budget line by line, the clusters, the
three events, «около 200 активных педагогов», the bank, the school at ЦДО «Поиск», the
office, the festival's tandems, showcase tracks, directions and award. **Illustrative, not
seed data** (in ``examples/_investment_people.py``): the team, the calendar plan and every
date (the seed gives only the year), all names and ids, the split of about 200 teachers into
90 mentors and 110 mentees from 6 schools, who attends what, who enters the bank and why,
the sessions, the initiatives, the jury's scores and the payments. Everything is seeded: the
same ``--seed`` prints the same output.

Run: ``python examples/pedagogical_investment.py [--lang ru|en] [--seed N]``
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, datetime, timedelta

# The illustrative cast, dates, payments and texts live next to this file (Python puts a
# script's folder on the import path).
from _investment_people import (
    BANK_REASONS,
    COACHES,
    CURATORS,
    EVENTS,
    FEST,
    FIN,
    GROUP,
    INITIATIVES,
    LEAD,
    OFFICE,
    PARTNER,
    PAYMENTS,
    POISK,
    PROG,
    PROJECT,
    REVERSE,
    SCHOOL,
    SCHOOLS,
    SESSIONS,
    SPEAKERS,
    TZ,
    Run,
    T,
    cast,
    form_of,
    project_plan,
    request_for,
    tandem,
)

from pedcommunity import GuardFailed, ManualClock
from pedcommunity.model import (
    MENTORS_OF_YUGRA,
    Award,
    BankResult,
    BankResultKind,
    ClusterEvent,
    ClusterKind,
    CommunityEvent,
    ShowcaseTrack,
    check_spending,
)
from pedcommunity.monitoring import PEDAGOGICAL_INVESTMENT_TARGETS, programme_review
from pedcommunity.services import bootstrap
from pedcommunity.workflows import (
    FIGURE_LABELS,
    PROJECT_FIGURE_LABELS,
    FestivalData,
    NavigatorsSchoolData,
    ProgrammeData,
    ProgrammeReport,
    ProjectData,
    office_summary,
    project_figures,
)
from pedcommunity.workflows.initiatives import INITIATIVE

LABELS = {**FIGURE_LABELS, **PROJECT_FIGURE_LABELS}


def calendar_done(run: Run, item_id: str, result: str) -> None:
    """A curator marks an item of the project's calendar plan done today."""
    on = run.clock.now().date()
    run.app.fire(PROJECT, "complete_item", actor=CURATORS[0], item_id=item_id, on=on, result=result)


def step_project(run: Run) -> None:
    """1. The project: the seed's goal, tasks and budget; an illustrative team and calendar."""
    plan = project_plan()
    run.heading(T["project"])
    data = ProjectData(plan=plan, lead_ids=(LEAD,), programme_id=PROG)
    run.app.start("project", data, id=PROJECT, actor=LEAD)
    run.app.fire(PROJECT, "start_project", actor=LEAD)  # the budget adds up (check_budget)
    run.show_plan(plan)
    run.stage(run.app.get(PROJECT))


def step_programme(run: Run) -> None:
    """2. The programme: bases, training, bulk matching, a drafted programme on every track."""
    run.heading(T["programme"])
    run.on(date(2023, 1, 10))
    data = ProgrammeData(
        name="Педагогическая инвестиция", coordinator_ids=(LEAD,), organisation_ids=SCHOOLS
    )
    run.app.start("mentoring_programme", data, id=PROG, actor=LEAD)
    prog = run.prog
    for c in CURATORS:
        prog.fire("add_curator", actor=LEAD, teacher_id=c, capacity=60)
    mentors, mentees = cast(run.rng)
    prog.fire("open_mentee_base", actor=LEAD)
    for t in mentees:
        prog.fire("enrol_mentee", actor=LEAD, teacher=t)
    prog.fire("open_mentor_base", actor=LEAD)
    for x in mentors:
        prog.fire("add_leader", actor=LEAD, leader=x)
    run.on(date(2023, 1, 16))
    prog.fire("open_training", actor=LEAD)
    for x in mentors:
        prog.fire("train_mentor", actor=LEAD, leader_id=x.id)
    run.on(date(2023, 1, 23))
    prog.fire("open_matching", actor=LEAD)
    for n, t in enumerate(m for m in mentees if m.id not in GROUP[1:]):
        prog.open_track(
            f"tr-{t.id}",
            mentee_ids=GROUP if t.id in GROUP else (t.id,),
            request=request_for(t, run.rng),
            actor=LEAD,
            form=form_of(t.id),
            curator_id=CURATORS[n % 2],
        )
    # Optimal bulk matching (services.matching.match_programme_tracks), published at once.
    matched = prog.match(actor=LEAD, publish=True)
    run.on(date(2023, 1, 27))
    for tid, track in sorted(prog.tracks.items()):
        for person in track.data.open_proposal.awaiting:
            prog.fire_track(tid, "accept", actor=person)
    run.on(date(2023, 2, 1))
    prog.fire("start_work", actor=LEAD)
    # 12 pairs work for a term only, so their results count for the bank in May.
    special = {f"tr-{t}" for t in GROUP + REVERSE + PARTNER}
    short = set(run.rng.sample(sorted(set(prog.tracks) - special), 12))
    for tid, track in sorted(prog.tracks.items()):
        # The mentor's first plan is drafted from the mentee's request («под запрос»).
        plan = prog.draft_plan(tid, duration_days=60 if tid in short else 270)
        mentor = track.data.mentor.id
        prog.fire_track(tid, "set_plan", actor=mentor, plan=plan)
        prog.fire_track(tid, "begin", actor=mentor)
    forms = Counter(track.data.form.label.get(run.lang) for track in prog.tracks.values())
    counts = {"mentees": len(mentees), "mentors": len(mentors), "schools": len(SCHOOLS)}
    run.say("people", **counts, tracks=len(prog.tracks))
    run.say("matched", pairs=len(matched.pairs))
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(forms.items())))
    run.stage(prog.workflow)


def work(run: Run, until: date) -> None:
    """The pairs at work report the milestones due by ``until`` (nine in ten reached)."""
    prog = run.prog
    for tid, track in sorted(prog.tracks.items()):
        d = track.data
        if track.state == "active":
            for m in d.plan.milestones:
                if d.milestone_due_at(m.id).date() <= until and run.rng.random() < 0.9:
                    prog.fire_track(tid, "complete_milestone", actor=d.mentor.id, milestone_id=m.id)


def close_track(run: Run, tid: str) -> None:
    """Both sides give their final feedback and the mentor completes the track."""
    prog = run.prog
    d = prog.track(tid).data
    changed = "новые приёмы работы, уверенность на уроке"
    for person in (d.mentor.id, *d.mentee_ids):
        fit = run.rng.randint(3, 5)
        prog.fire_track(tid, "give_feedback", actor=person, fit=fit, what_changed=changed)
    prog.fire_track(tid, "complete", actor=d.mentor.id)


def step_cluster_1(run: Run) -> None:
    """3. Cluster 1: speakers, the seed's three events, the first completed tracks."""
    lang, prog = run.lang, run.prog
    run.heading(ClusterKind.COMPETENCY_LEADERS.label)
    for speaker in SPEAKERS:
        prog.fire("invite_speaker", speaker, actor=LEAD)
    for n, (eid, kind, title, day) in enumerate(EVENTS):
        speakers = (SPEAKERS[n].id, SPEAKERS[(n + 1) % 3].id)
        event = CommunityEvent(id=eid, kind=kind, planned_on=day, topic=title, expert_ids=speakers)
        prog.fire("schedule_event", actor=CURATORS[0], event=ClusterEvent(event))
    people = sorted([*(x.id for x in prog.data.leaders), *(t.id for t in prog.data.mentees)])
    for n, (eid, kind, title, day) in enumerate(EVENTS):
        run.on(day)
        # Every mentor comes to the launch of the competency leaders' community.
        came = [
            p
            for p in people
            if run.rng.random() < (0.55, 0.5, 0.7)[n] or (eid == "e3" and p.startswith("m"))
        ]
        guests = prog.data.cluster_event(eid).event.expert_ids
        prog.fire(
            "hold_event",
            actor=CURATORS[0],
            event_id=eid,
            on=day,
            attendee_ids=came,
            guest_ids=guests,
        )
        print(
            f"{day:%d.%m} {kind.label.get(lang)} «{title}»: "
            + run.text("attended", n=len(came), speakers=", ".join(guests))
        )
    run.on(date(2023, 4, 20))
    work(run, date(2023, 4, 20))
    short = [t for t, w in sorted(prog.tracks.items()) if w.data.plan.duration_days == 60]
    for tid in short:  # the term's pairs reach every milestone, finish and complete
        d = prog.track(tid).data
        for m in d.plan.milestones:
            if m.id not in d.done_milestones:
                prog.fire_track(tid, "complete_milestone", actor=d.mentor.id, milestone_id=m.id)
        prog.fire_track(tid, "finish", actor=d.mentor.id)
        close_track(run, tid)
    run.say("completed", n=len(short))
    figures = prog.figures()  # about 200 teachers in the cluster (003:9), its 3 events (003:7)
    first = ("first_cluster_participants", "cluster_events_held")
    for row in programme_review(figures, {k: PEDAGOGICAL_INVESTMENT_TARGETS[k] for k in first}):
        print(row.text(lang))
    print(f"{LABELS['speakers_invited'].get(lang)}: {figures['speakers_invited']:g}")
    calendar_done(run, "cluster1", f"{figures['first_cluster_participants']:g} участников")


def step_bank(run: Run) -> None:
    """4. The bank: 8 mentors and 4 mentees who stood out, with the results that show it."""
    prog = run.prog
    run.heading(T["bank"])
    run.on(date(2023, 5, 17))
    data, cluster = prog.data, ClusterKind.COMPETENCY_LEADERS
    completed = {
        p: tid
        for tid, s in data.tracks.items()
        if s.state == "completed"
        for p in (s.mentor_id, *s.mentee_ids)
    }

    def best(ids: list[str], n: int) -> list[str]:  # a completed track, then most events
        return sorted(ids, key=lambda i: (i not in completed, -data.attended(i, cluster), i))[:n]

    for who in best([x.id for x in data.leaders], 8) + best([t.id for t in data.mentees], 4):
        results = [BankResult(BankResultKind.EVENTS_ATTENDED, value=data.attended(who, cluster))]
        if who in completed:
            results.append(BankResult(BankResultKind.TRACK_COMPLETED, ref=completed[who]))
        prog.fire(
            "include_in_bank",
            actor=LEAD,
            teacher_id=who,
            reason=run.rng.choice(BANK_REASONS),
            results=results,
        )
    run.show_bank(prog.data.bank, reasons=True)
    noticed = next(t.id for t in reversed(data.mentees) if prog.data.bank_entry(t.id) is None)
    try:  # curators noticed her, but nothing the programme recorded shows it
        prog.fire(
            "include_in_bank",
            actor=LEAD,
            teacher_id=noticed,
            reason="Активна",
            results=[BankResult(BankResultKind.OBSERVATION, note="Заметили кураторы")],
        )
    except GuardFailed as err:
        run.refused(err)
    calendar_done(run, "bank", f"{len(prog.data.bank)} лидеров")


def step_school(run: Run) -> None:
    """5. Cluster 2: the navigators school at ЦДО «Поиск» trains the bank; ten graduate."""
    app = run.app
    run.heading(ClusterKind.NAVIGATORS_SCHOOL.label)
    run.on(date(2023, 9, 4))
    prog = run.prog
    for coach in COACHES:
        prog.fire("invite_speaker", coach, actor=LEAD)
    school = NavigatorsSchoolData(
        name="Школа навигаторов 2023", host_id="cdo-poisk", organiser_ids=(POISK,)
    )
    app.open_navigators_school(PROG, SCHOOL, school, actor=LEAD)  # training offered to the bank
    bank = [e.id for e in prog.data.bank]
    outsider = next(x for x in prog.data.leaders if x.id not in bank)
    try:  # the school enrols the bank's leaders only (enrol_from_bank: UnknownId for them)
        app.fire(SCHOOL, "enrol", actor=POISK, leader=outsider)
    except GuardFailed as err:
        run.refused(err)
    for who in bank:
        app.enrol_from_bank(SCHOOL, who, actor=POISK)  # with the bank's own record
    for coach in COACHES:
        app.fire(SCHOOL, "add_coach", actor=POISK, coach_id=coach.id)
    app.fire(SCHOOL, "start_training", actor=POISK)
    busy = set(run.rng.sample(bank, 2))  # two leaders come to every other session only
    for n, topic in enumerate(SESSIONS):
        run.on(date(2023, 9, 11) + timedelta(days=14 * n))
        came = [b for b in bank if b not in busy or n % 2 == 0]
        led = COACHES[n % 2].id  # the coaches take turns
        app.fire(SCHOOL, "hold_session", actor=led, topic=topic, coach_id=led, attendees=came)
    run.on(date(2023, 10, 27))
    app.fire(SCHOOL, "start_graduation", actor=POISK)
    app.fire(SCHOOL, "graduate", actor=POISK, leader_ids=[b for b in bank if b not in busy])
    app.finish_navigators_school(SCHOOL, actor=POISK)  # the graduates: navigators in the bank
    done = app.get(SCHOOL).data
    run.say("sessions", n=len(done.sessions), graduates=len(done.graduates))
    run.show_bank(run.prog.data.bank, reasons=False)
    navigators = sum(1 for e in run.prog.data.bank if e.navigators_school_id)
    run.say("navigators", n=navigators, size=len(bank))
    calendar_done(run, "school", f"{navigators} навигаторов")


def step_office(run: Run) -> None:
    """6. The office: navigators bring three initiatives; two are accepted, one rejected."""
    lang, app = run.lang, run.app
    run.heading(T["office"])
    run.on(date(2023, 11, 1))
    bank = run.prog.data.bank
    navigators = [e.id for e in bank if e.navigators_school_id]
    not_graduated = next(e.id for e in bank if not e.navigators_school_id)
    authors = [*run.rng.sample(navigators, 3), not_graduated]
    for n, (who, (title, about, _, _)) in enumerate(zip(authors, INITIATIVES, strict=True), 1):
        try:
            app.propose_initiative(
                PROG,
                f"init-{n}",
                proposer_id=who,
                title=title,
                description=about,
                office_ids=(OFFICE,),
                actor=who,
            )
        except GuardFailed as err:  # the office takes initiatives from navigators only
            run.refused(err)
            continue
        app.fire(f"init-{n}", "start_review", actor=OFFICE)
    run.on(date(2023, 11, 10))
    for n, (_, _, decision, note) in enumerate(INITIATIVES[:3], 1):
        app.fire(f"init-{n}", decision, actor=OFFICE, note=note)
        i = app.get(f"init-{n}")
        print(f"  init-{n} {i.data.proposer.id:5} «{i.data.title}»: {i.state_label.get(lang)}")
    summary = office_summary(app.export(definition="initiative"))
    print(
        "  " + ", ".join(f"{INITIATIVE.state(s).label.get(lang)}: {k}" for s, k in summary.items())
    )
    calendar_done(run, "office", "2 инициативы приняты")


def step_festival(run: Run) -> None:
    """7. Cluster 3: the festival of tandems, its jury and awards; the programme completes."""
    app, prog = run.app, run.prog
    run.heading(ClusterKind.FESTIVAL.label)
    run.on(date(2023, 11, 13))
    work(run, date(2023, 11, 13))
    prog.tick()  # the pairs reach their end dates: their tracks go to review
    festival = FestivalData(name="Наставники Югры: маршрут построен", organiser_ids=(LEAD,))
    app.start("festival", festival, id=FEST, actor=LEAD)  # festival@2: tandems only
    traditional = [
        t
        for t, w in sorted(prog.tracks.items())
        if w.state == "review" and w.data.form.id == "traditional"
    ]
    pairs = [f"tr-{t}" for t in REVERSE + PARTNER] + run.rng.sample(traditional, 3)
    for n, tid in enumerate(pairs, 1):  # three directions across the three showcase tracks
        entry = tandem(prog.track(tid).data, list(ShowcaseTrack)[n % 3], n)
        app.enter_festival(PROG, tid, FEST, entry, actor=entry.mentor_id)
    group = tandem(prog.track(f"tr-{GROUP[0]}").data, ShowcaseTrack.CONTENT, len(pairs) + 1)
    try:  # the festival refuses a group, and the group's track does not change either
        app.enter_festival(PROG, f"tr-{GROUP[0]}", FEST, group, actor=group.mentor_id)
    except GuardFailed as err:
        run.refused(err)
    for tid in sorted(prog.tracks):
        if prog.track(tid).state == "review":
            close_track(run, tid)
    run.on(date(2023, 12, 1))
    jury = [s.id for s in SPEAKERS]  # the invited masters judge
    for juror in jury:
        app.fire(FEST, "appoint_juror", actor=LEAD, juror_id=juror)
    app.fire(FEST, "open_judging", actor=LEAD)
    fest = app.get(FEST).data
    for e in fest.entries:
        for juror in jury:
            values = {c.id: run.rng.randint(5, c.max_score) for c in fest.criteria}
            app.fire(FEST, "score_entry", actor=juror, juror_id=juror, entry_id=e.id, values=values)
    run.on(date(2023, 12, 8))
    app.fire(FEST, "close_judging", actor=LEAD)
    table = app.get(FEST).data.standings()
    for row in table:  # the award symbol to the best tandem of each showcase track
        if row.track_rank == 1:
            award = Award(entry_id=row.entry_id, title=MENTORS_OF_YUGRA, place=1)
            app.fire(FEST, "give_award", actor=LEAD, award=award)
    app.fire(FEST, "close_festival", actor=LEAD)
    fest = app.get(FEST).data
    run.show_standings(fest)
    run.on(date(2023, 12, 15))
    prog.fire("open_completion", actor=LEAD)
    prog.fire("hold_festival", actor=LEAD, festival_id=FEST)
    for award in fest.awards:
        e = fest.entry(award.entry_id)
        for person in (e.mentor_id, *e.mentee_ids):
            prog.fire(
                "recognise",
                actor=LEAD,
                teacher_id=person,
                title=award.title,
                reason=e.product.title,
            )
    report = ProgrammeReport(summary="Педагогическая инвестиция, 2023", figures=prog.figures())
    prog.fire("submit_report", actor=LEAD, report=report)
    prog.fire("complete", actor=LEAD)
    run.stage(prog.workflow)
    calendar_done(run, "festival", f"{len(fest.awards)} награды «Наставники Югры»")


def step_budget(run: Run) -> None:
    """8. The budget: the year's payments against the plan, per line and in total."""
    lang, app = run.lang, run.app
    run.heading(T["budget"])
    run.on(date(2023, 12, 18))
    for expense in PAYMENTS:  # the treasurer enters the year's payment orders
        try:
            app.fire(PROJECT, "record_expense", actor=FIN, expense=expense)
        except GuardFailed as err:  # beyond a line's plan: a sixth speaker, any rent
            run.refused(err)
    project = app.get(PROJECT).data
    run.show_spending(project.spending())  # compare_spending(budget, expenses), line by line
    findings = check_spending(project.plan.budget, project.expenses)
    for f in findings:
        print(f"  - {f.message.get(lang)}")
    if not findings:
        run.say("findings")


def step_review(run: Run) -> None:
    """9. The figures against the seed's targets; the project reports and closes."""
    lang, app = run.lang, run.app
    run.heading(T["review"])
    run.on(date(2023, 12, 27))
    figures = {**run.prog.figures(), **project_figures(app.get(PROJECT).data)}
    for row in programme_review(figures):  # PEDAGOGICAL_INVESTMENT_TARGETS by default
        print(f"  {row.text(lang)}")
    for key in (
        "bank_size",
        "navigators",
        "initiatives",
        "festival_entries",
        "calendar_done_share",
    ):
        print(f"  {LABELS[key].get(lang)}: {figures[key]:g}")
    app.fire(PROJECT, "start_reporting", actor=LEAD)
    app.fire(
        PROJECT,
        "close_project",
        actor=LEAD,
        summary="Модель наставничества запущена: банк, школа навигаторов, офис, фестиваль",
    )
    run.stage(app.get(PROJECT))


def run(lang: str = "ru", seed: int = 2023) -> Run:
    """Run the whole project, printing each step; the run's deployment holds everything."""
    clock = ManualClock(datetime(2023, 1, 9, 10, tzinfo=TZ))  # the Year of the Teacher
    app = bootstrap(":memory:", clock=clock, plugins=False)
    r = Run(app, clock, lang, seed)
    print(f"# {project_plan().title.get(lang)} (--seed {seed})")
    print(r.text("note"))
    for step in (
        step_project,
        step_programme,
        step_cluster_1,
        step_bank,
        step_school,
        step_office,
        step_festival,
        step_budget,
        step_review,
    ):
        step(r)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    run(args.lang, args.seed).app.close()


if __name__ == "__main__":
    main()
