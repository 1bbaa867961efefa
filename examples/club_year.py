"""A professional club's year (seed 000) on the engine, with its monitoring and reports.

Members join (experienced, early-career and student teachers), the council and committees
are formed, a work plan is adopted and checked (July is left empty, and the check says so),
events are held with attendance and feedback, materials are published, some members leave.
Then the half-year review, the year report and the conference's post-release are written
to the folder as Markdown, with the indicators by month as CSV, and as a PNG chart when
matplotlib is installed. Seeded: every run writes the same files.

Run: python examples/club_year.py [--out DIR] [--lang ru|en]
"""

from __future__ import annotations

import argparse
import csv
import heapq
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pedcommunity import Engine, ManualClock
from pedcommunity.adapters.charts import PlotUnavailable, write_chart
from pedcommunity.model import (
    Committee,
    CommitteeKind,
    CommunityEvent,
    CouncilRole,
    CouncilSeat,
    EventKind,
    FeedbackResponse,
    MeetingFormat,
    MemberKind,
    MethodicalMaterial,
    Partner,
    PartnerKind,
    WorkPlan,
    check_work_plan,
)
from pedcommunity.monitoring import (
    CommunityLog,
    Period,
    half_year_review,
    monthly_series,
    post_release,
    review_report,
    year_report,
)
from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, CommunityRules, Workflow

SEED = 2025
YEAR = Period.year(date(2025, 9, 1))
EX, EC, ST = (
    MemberKind.EXPERIENCED_TEACHER,
    MemberKind.EARLY_CAREER_TEACHER,
    MemberKind.STUDENT_TEACHER,
)

# id, name, kind, day joined
MEMBERS = [
    ("anna", "Анна Петрова", EX, date(2025, 9, 2)),
    ("boris", "Борис Ильин", EX, date(2025, 9, 2)),
    ("vera", "Вера Соколова", EX, date(2025, 9, 3)),
    ("gleb", "Глеб Орлов", EX, date(2025, 9, 4)),
    ("dina", "Дина Маркова", EX, date(2025, 9, 5)),
    ("egor", "Егор Лебедев", EC, date(2025, 9, 8)),
    ("zhanna", "Жанна Котова", EC, date(2025, 9, 8)),
    ("ivan", "Иван Белов", EC, date(2025, 9, 10)),
    ("kira", "Кира Новикова", EC, date(2025, 9, 12)),
    ("lev", "Лев Зайцев", ST, date(2025, 9, 12)),
    ("maria", "Мария Фёдорова", ST, date(2025, 9, 12)),
    ("nina", "Нина Громова", EX, date(2025, 10, 6)),
    ("oleg", "Олег Смирнов", EC, date(2025, 10, 20)),
    ("polina", "Полина Егорова", ST, date(2026, 2, 2)),
    ("roman", "Роман Титов", EC, date(2026, 2, 9)),
]
LEAVES = [
    ("ivan", date(2026, 1, 19), "Переезд в другой город"),
    ("maria", date(2026, 3, 30), "Практика закончилась"),
    ("gleb", date(2026, 6, 15), "Перешёл в управление образования"),
]
EXPERTS = {"x-karpova": "Е. Карпова (ТюмГУ)", "x-rudenko": "С. Руденко (ЦНППМ ПР)"}
NAMES = {tid: name for tid, name, _, _ in MEMBERS} | EXPERTS

# id, kind, day, topic, organisers, invited experts
PLAN_EVENTS = [
    ("m-09", EventKind.MONTHLY_MEETING, date(2025, 9, 25), "Знакомство и планы", ("anna",), ()),
    ("m-10", EventKind.MONTHLY_MEETING, date(2025, 10, 9), "Новости и идеи", ("boris",), ()),
    (
        "s-10",
        EventKind.SEMINAR,
        date(2025, 10, 23),
        "Ненасильственное общение",
        ("vera",),
        ("x-karpova",),
    ),
    (
        "m-11",
        EventKind.MONTHLY_MEETING,
        date(2025, 11, 13),
        "Профилактика выгорания",
        ("anna",),
        (),
    ),
    ("w-11", EventKind.WORKSHOP, date(2025, 11, 27), "Ментальные карты на уроке", ("dina",), ()),
    ("m-12", EventKind.MONTHLY_MEETING, date(2025, 12, 11), "Итоги полугодия", ("boris",), ()),
    (
        "s-01",
        EventKind.SEMINAR,
        date(2026, 1, 22),
        "Формирующее оценивание",
        ("vera",),
        ("x-rudenko",),
    ),
    ("m-01", EventKind.MONTHLY_MEETING, date(2026, 1, 29), "Наставничество в клубе", ("anna",), ()),
    ("m-02", EventKind.MONTHLY_MEETING, date(2026, 2, 12), "Новые участники", ("boris",), ()),
    ("w-02", EventKind.WORKSHOP, date(2026, 2, 26), "Кейс-метод", ("dina",), ()),
    ("m-03", EventKind.MONTHLY_MEETING, date(2026, 3, 12), "Проекты клуба", ("anna",), ()),
    ("w-03", EventKind.WORKSHOP, date(2026, 3, 26), "Функциональная грамотность", ("kira",), ()),
    (
        "s-04",
        EventKind.SEMINAR,
        date(2026, 4, 16),
        "Проектная деятельность",
        ("vera",),
        ("x-karpova",),
    ),
    (
        "m-04",
        EventKind.MONTHLY_MEETING,
        date(2026, 4, 23),
        "Подготовка к конференции",
        ("boris",),
        (),
    ),
    (
        "conf",
        EventKind.ANNUAL_CONFERENCE,
        date(2026, 5, 21),
        "Практики, которые работают",
        ("anna", "boris"),
        ("x-karpova", "x-rudenko"),
    ),
    ("m-05", EventKind.MONTHLY_MEETING, date(2026, 5, 28), "Итоги конференции", ("anna",), ()),
    (
        "s-06",
        EventKind.SEMINAR,
        date(2026, 6, 11),
        "Цифровые инструменты",
        ("vera",),
        ("x-rudenko",),
    ),
    ("m-06", EventKind.MONTHLY_MEETING, date(2026, 6, 25), "Планы на лето", ("boris",), ()),
    # July 2026 is left empty: the plan check flags it.
    ("m-08", EventKind.MONTHLY_MEETING, date(2026, 8, 27), "План на новый год", ("anna",), ()),
]
CANCELLED = {"w-02": "Карантин по гриппу в школах района"}
MATERIALS = [
    ("mat-1", "Ментальные карты: сценарии уроков", ("dina", "egor"), date(2025, 12, 4)),
    ("mat-2", "Формирующее оценивание: памятка", ("vera", "kira"), date(2026, 2, 5)),
    ("mat-3", "Сборник практических рекомендаций", ("anna", "boris", "nina"), date(2026, 5, 21)),
]
COMMENTS = ["Очень полезно", "Хочется больше практики", "Спасибо за идеи", "Отличная атмосфера"]
ATTENDS = {EX: 0.8, EC: 0.7, ST: 0.55}


def plan() -> WorkPlan:
    """The club's work plan for the year."""
    return WorkPlan(
        id="plan-2025-26",
        title="План работы клуба на 2025/26 учебный год",
        starts=YEAR.start,
        ends=YEAR.end,
        events=[
            CommunityEvent(
                id=eid,
                kind=kind,
                planned_on=day,
                topic=topic,
                organiser_ids=org,
                expert_ids=experts,
                format=MeetingFormat.ONLINE
                if kind is EventKind.MONTHLY_MEETING and day.month in (12, 1)
                else MeetingFormat.IN_PERSON,
            )
            for eid, kind, day, topic, org, experts in PLAN_EVENTS
        ],
    )


class Year:
    """Runs the club's year: actions on a calendar, each fired at 18:00 of its day."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = ManualClock(datetime.combine(YEAR.start, time(18), tzinfo=UTC))
        self.engine = Engine(clock=self.clock)
        self.wf: Workflow = self.engine.start(
            COMMUNITY_LIFE,
            CommunityData(
                name="Профессиональный клуб педагогов «Практика»",
                rules=CommunityRules(enforce_plan_rules=False),
                administrator_ids=("coordinator",),  # the club's coordinator records its year
            ),
            id="club-praktika",
            actor="coordinator",
        )
        self.kinds = {tid: kind for tid, _, kind, _ in MEMBERS}
        self.calendar: list[tuple[date, int, Callable[[date], None]]] = []
        self.count = 0

    def at(self, day: date, action: Callable[[date], None]) -> None:
        self.count += 1
        heapq.heappush(self.calendar, (day, self.count, action))

    def fire(self, trigger: str, **fields: Any) -> None:
        self.engine.fire(self.wf, trigger, actor="coordinator", **fields)

    def run(self) -> None:
        while self.calendar:
            day, _, action = heapq.heappop(self.calendar)
            self.clock.set(datetime.combine(day, time(18), tzinfo=UTC))
            action(day)

    def hold(self, eid: str) -> Callable[[date], None]:
        def act(day: date) -> None:
            data: CommunityData = self.wf.data
            event = data.event(eid)
            assert event is not None
            if eid in CANCELLED:
                self.fire("cancel_event", event_id=eid, on=day, reason=CANCELLED[eid])
                return
            members = data.member_ids(on=day)
            came = [
                t
                for t in members
                if t in event.organiser_ids or self.rng.random() < ATTENDS[self.kinds[t]]
            ]
            self.fire(
                "hold_event",
                event_id=eid,
                on=day,
                attendee_ids=came,
                guest_ids=event.expert_ids,
            )
            self.at(day + timedelta(days=1), self.feedback(eid, day, came))

        return act

    def feedback(self, eid: str, held: date, came: list[str]) -> Callable[[date], None]:
        def act(day: date) -> None:
            responses = []
            for t in came:
                if self.rng.random() < 0.7:
                    low = 2 if self.kinds[t] is ST else 3
                    ratings = {q: self.rng.randint(low, 5) for q in ("useful", "format")}
                    comment = self.rng.choice(COMMENTS) if self.rng.random() < 0.3 else None
                    responses.append(
                        FeedbackResponse(ratings=ratings, comment=comment, respondent_id=t)
                    )
            if responses:
                self.fire("record_feedback", event_id=eid, responses=responses, on=day)

        return act

    def script(self) -> WorkPlan:
        for tid, _, kind, joined in MEMBERS:
            self.at(
                joined,
                lambda day, tid=tid, kind=kind: self.fire(
                    "join", teacher_id=tid, kind=kind, on=day
                ),
            )
        for tid, day, reason in LEAVES:
            self.at(
                day, lambda d, tid=tid, r=reason: self.fire("leave", teacher_id=tid, on=d, reason=r)
            )
        seats = [
            CouncilSeat(teacher_id="anna", role=CouncilRole.CHAIR),
            CouncilSeat(teacher_id="boris", role=CouncilRole.DEPUTY_CHAIR),
            CouncilSeat(teacher_id="gleb", role=CouncilRole.TREASURER),
            CouncilSeat(
                teacher_id="dina",
                role=CouncilRole.DIRECTION_LEAD,
                direction=CommitteeKind.EVENTS,
            ),
            CouncilSeat(
                teacher_id="vera",
                role=CouncilRole.DIRECTION_LEAD,
                direction=CommitteeKind.METHODOLOGY,
            ),
            CouncilSeat(
                teacher_id="egor",
                role=CouncilRole.DIRECTION_LEAD,
                direction=CommitteeKind.EXTERNAL_RELATIONS,
            ),
        ]
        self.at(date(2025, 9, 15), lambda d: self.fire("elect_council", seats=seats, on=d))
        committees = [
            Committee(
                kind=CommitteeKind.EVENTS, member_ids=("dina", "kira", "lev"), lead_id="dina"
            ),
            Committee(
                kind=CommitteeKind.METHODOLOGY,
                member_ids=("vera", "zhanna", "ivan"),
                lead_id="vera",
            ),
            Committee(
                kind=CommitteeKind.EXTERNAL_RELATIONS, member_ids=("egor", "maria"), lead_id="egor"
            ),
        ]
        for c in committees:
            self.at(
                date(2025, 9, 16), lambda d, c=c: self.fire("form_committee", committee=c, on=d)
            )
        the_plan = plan()
        self.at(date(2025, 9, 18), lambda d: self.fire("adopt_work_plan", plan=the_plan, on=d))
        for e in the_plan.events:
            self.at(e.planned_on, self.hold(e.id))
        partner = Partner(
            id="tyumsu",
            name="Тюменский государственный университет",
            kind=PartnerKind.UNIVERSITY,
            since=date(2025, 11, 10),
        )
        self.at(partner.since, lambda d: self.fire("add_partner", partner=partner))
        for mid, title, authors, day in MATERIALS:
            material = MethodicalMaterial(
                id=mid,
                title=title,
                author_ids=authors,
                published_on=day,
                kind="методическая разработка",
            )
            self.at(day, lambda d, m=material: self.fire("publish_material", material=m))
        return the_plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path("out/club_year"), help="output folder (out/club_year)"
    )
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    args = parser.parse_args(argv)
    lang: str = args.lang

    year = Year(SEED)
    the_plan = year.script()
    findings = check_work_plan(the_plan)
    print("Проверка плана:" if lang == "ru" else "Plan check:")
    for f in findings:
        print(f"  - {f.message.get(lang)}")
    year.run()

    log = CommunityLog(year.wf)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = {
        "half_year_review.md": review_report(half_year_review(log, YEAR.start), lang),
        "year_report.md": year_report(log, YEAR, lang, names=NAMES),
        "post_release_conf.md": post_release(log, "conf", lang, names=NAMES),
    }
    for name, text in written.items():
        (out / name).write_text(text, encoding="utf-8")
    rows = monthly_series(log, YEAR)
    with (out / "indicators.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].as_dict()))
        writer.writeheader()
        writer.writerows(r.as_dict() for r in rows)
    files = [*written, "indicators.csv"]
    try:
        write_chart(rows, out / "indicators.png", lang=lang, title=log.name)
        files.append("indicators.png")
    except PlotUnavailable as exc:
        print(("Диаграмма не построена: " if lang == "ru" else "No chart: ") + str(exc))
    print(("Записано в " if lang == "ru" else "Written to ") + f"{out}: " + ", ".join(files))
    return 0


if __name__ == "__main__":
    main()
