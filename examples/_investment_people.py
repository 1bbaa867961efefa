"""The illustrative half of ``pedagogical_investment.py``: what seed 003 does not give.

Seed 003 gives the project's goal, tasks, city and budget, its three clusters, the three
events of the first, «около 200 активных педагогов», the bank, the navigators school at ЦДО
«Поиск», the initiatives office and the festival of tandems. It gives no team, no calendar
plan, no dates beyond the year 2023 and no people. Everything here is invented for the
example, seeded so that a run is the same every time: the team and the calendar, the 90
mentors and 110 mentees from 6 schools with their requests, the speakers and coaches, the
days, the initiatives, the festival products and the payments.

It also holds the example's texts in Russian and English and :class:`Run`, which moves the
clock and prints. Run ``python examples/_investment_people.py`` to print the invented cast.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import attrs

from pedcommunity import GuardFailed, Label, Leader, Level, ManualClock, Teacher, TrackData
from pedcommunity.model import (
    PEDAGOGICAL_INVESTMENT_PLAN,
    ActivityFormat,
    BankEntry,
    CalendarItem,
    ClusterKind,
    EventKind,
    Expense,
    FestivalDirection,
    FestivalEntry,
    MentoringRequest,
    Product,
    ProjectPlan,
    ProjectRole,
    ShowcaseTrack,
    Speaker,
    SpeakerKind,
    SpendingFact,
    TeamMember,
)
from pedcommunity.services import MentoringProgramme, Services
from pedcommunity.workflows import FestivalData, Workflow

TZ = timezone(timedelta(hours=5))  # Nefteyugansk's time
LEAD, FIN = "lead", "treasurer"  # the project lead coordinates the programme too
CURATORS = ("curator-1", "curator-2")
POISK, OFFICE = "poisk", "office"  # the organiser at ЦДО «Поиск»; the initiatives office
PROG, PROJECT, SCHOOL, FEST = "pi-2023", "project-2023", "navigators-2023", "festival-2023"
SPEAKERS = tuple(  # the invited masters of cluster 1 (003:7), who also judge the festival
    Speaker(id=f"sp{i}", name=f"Спикер-мастер {i}", expertise="Воспитание и образование")
    for i in (1, 2, 3)
)
COACHES = tuple(  # the navigators school's coaches (003:13); 5 paid from one budget line
    Speaker(id=f"coach{i}", name=f"Коуч {i}", kind=SpeakerKind.COACH) for i in (1, 2)
)
SCHOOLS = tuple(f"school-{i}" for i in range(1, 7))
COMPETENCIES = {
    "communication": Label(ru="Коммуникация", en="Communication"),
    "collaboration": Label(ru="Кооперация", en="Collaboration"),
    "critical_thinking": Label(ru="Критическое мышление", en="Critical thinking"),
    "creativity": Label(ru="Креативность", en="Creativity"),
    "classroom": Label(ru="Управление классом", en="Classroom management"),
    "digital": Label(ru="Цифровые инструменты", en="Digital tools"),
}
FORMATS = (
    ActivityFormat.CONSULTATION,
    ActivityFormat.LESSON_OBSERVATION,
    ActivityFormat.MASTER_CLASS,
    ActivityFormat.PROJECT,
    ActivityFormat.INTENSIVE,
)
#: One group of three mentees, three reverse and three partner pairs; the rest traditional.
GROUP, REVERSE, PARTNER = (
    ("t001", "t002", "t003"),
    ("t004", "t005", "t006"),
    ("t007", "t008", "t009"),
)
#: The seed's three events of cluster 1 (003:7); the ids and days are ours.
EVENTS = (
    ("e1", EventKind.DISCUSSION_PLATFORM, "Педагогическая инициатива", date(2023, 2, 15)),
    ("e2", EventKind.PROFESSIONAL_CASES, "Персонализированная программа", date(2023, 3, 15)),
    ("e3", EventKind.COMMUNITY_LAUNCH, "Компетентностный лидер", date(2023, 4, 12)),
)
BANK_REASONS = (
    "Провёл(а) мастер-класс на проф-кейсах",
    "Предложил(а) идею сетевого проекта",
    "Модератор дискуссионной площадки",
    "Отмечен(а) спикерами за персональную программу",
)
SESSIONS = ("Позиция лидера", "Повести за собой", "Проект в образовании", "Самоанализ и рост")
#: Initiatives: title, description, the office's decision and its note. The fourth comes from
#: a competency leader who did not graduate, and the programme refuses it.
INITIATIVES = (
    (
        "Клуб молодых педагогов",
        "Ежемесячные встречи наставников и молодых специалистов",
        "accept",
        "Включить в план города на 2024 год",
    ),
    (
        "Городская школа цифрового урока",
        "Практикумы навигаторов для школ города",
        "accept",
        "Пилот в двух школах",
    ),
    (
        "Каникулы без наставника",
        "Перерыв в работе пар на летние каникулы",
        "reject",
        "Работа пар не прерывается на каникулы",
    ),
    ("Сеть наставников района", "Наставники двух школ работают вместе", None, None),
)


def _paid(eid: str, line: str, amount: int, day: date, what: str) -> Expense:
    return Expense(
        id=eid, line_id=line, amount=amount, paid_on=day, description=what, document=f"п/п {eid}"
    )


#: The treasurer's payment orders of the year against the budget's lines (003:48-75). The
#: last two the budget does not allow: a sixth speaker, and rent (planned at 0).
PAYMENTS = (
    _paid(
        "x1", "event_equipment", 400000, date(2023, 3, 1), "Интерактивная панель OEM Senke SK-55GB"
    ),
    _paid("x2", "space_equipment", 98500, date(2023, 3, 20), "Оборудование пространства"),
    *(
        _paid(f"fee-{s.id}", "coaches_speakers", 20000, e[3], f"Гонорар: {s.name}")
        for s, e in zip(SPEAKERS, EVENTS, strict=True)
    ),
    *(
        _paid(f"fee-{c.id}", "coaches_speakers", 20000, date(2023, 10, 27), f"Гонорар: {c.name}")
        for c in COACHES
    ),
    _paid("x3", "bank_services", 2600, date(2023, 12, 18), "Банковское обслуживание и ЭЦП"),
    _paid("x4", "personal_income_tax", 90044, date(2023, 12, 18), "НДФЛ"),
    _paid("fee-sp4", "coaches_speakers", 20000, date(2023, 12, 18), "Гонорар шестого спикера"),
    _paid("rent-1", "rent", 15000, date(2023, 12, 18), "Аренда зала"),
)


def _item(
    iid: str,
    ru: str,
    en: str,
    start: date,
    end: date,
    *tasks: str,
    cluster: ClusterKind | None = None,
) -> CalendarItem:
    return CalendarItem(
        id=iid,
        title=Label(ru=ru, en=en),
        starts_on=start,
        ends_on=end,
        cluster=cluster,
        task_ids=tasks,
        responsible_ids=CURATORS,
    )


def project_plan() -> ProjectPlan:
    """Seed 003's plan with a team and a calendar plan (the seed's are empty headings)."""
    return attrs.evolve(
        PEDAGOGICAL_INVESTMENT_PLAN,
        starts_on=date(2023, 1, 9),
        ends_on=date(2023, 12, 29),
        team=(
            TeamMember(teacher_id=LEAD, name="Анна Лебедева", role=ProjectRole.LEAD),
            TeamMember(teacher_id=FIN, name="Ольга Иванова", role=ProjectRole.TREASURER),
            TeamMember(teacher_id=CURATORS[0], name="Марина Петрова", duty="Кластеры 1 и 3"),
            TeamMember(teacher_id=CURATORS[1], name="Елена Сидорова", duty="Кластер 2"),
        ),
        calendar=(
            _item(
                "cluster1",
                "Кластер 1: события и треки",
                "Cluster 1: events and tracks",
                date(2023, 2, 1),
                date(2023, 4, 30),
                "open_community",
                cluster=ClusterKind.COMPETENCY_LEADERS,
            ),
            _item(
                "bank",
                "Банк компетентностных лидеров",
                "The competency leaders bank",
                date(2023, 5, 1),
                date(2023, 5, 31),
                "resources",
            ),
            _item(
                "school",
                "Школа навигаторов в ЦДО «Поиск»",
                "Navigators school at CDO Poisk",
                date(2023, 9, 1),
                date(2023, 10, 31),
                "resources",
                cluster=ClusterKind.NAVIGATORS_SCHOOL,
            ),
            _item(
                "office",
                "Офис инициатив",
                "Initiatives office",
                date(2023, 11, 1),
                date(2023, 11, 30),
                "exchange_channel",
            ),
            _item(
                "festival",
                "Фестиваль тандемов",
                "Festival of tandems",
                date(2023, 11, 13),
                date(2023, 12, 22),
                "open_community",
                "exchange_channel",
                cluster=ClusterKind.FESTIVAL,
            ),
        ),
    )


def cast(rng: random.Random) -> tuple[list[Leader], list[Teacher]]:
    """90 mentors and 110 mentees from 6 schools, about 200 teachers as in 003:9."""
    comps = list(COMPETENCIES)
    mentors = []
    for i in range(1, 91):
        strong = rng.sample(comps, 2)
        levels = {strong[0]: Level.EXPERT, strong[1]: Level.PROFICIENT}
        years = rng.randint(8, 30)
        if i <= 3:  # young digital experts: the reverse mentors
            levels, years = {"digital": Level.EXPERT}, 3
        t = Teacher(
            id=f"m{i:02d}",
            name=f"Наставник {i}",
            organisation_id=SCHOOLS[i % 6],
            years_experience=years,
            competencies=levels,
        )
        capacity = 3 if i % 5 == 0 else 2 if i % 3 else 1
        mentors.append(Leader(teacher=t, can_teach=tuple(levels), capacity=capacity))
    mentees = []
    for i in range(1, 111):
        tid, weak = f"t{i:03d}", rng.sample(comps[:5], 2)
        levels, years = dict.fromkeys(weak, Level.DEVELOPING), rng.randint(0, 3)
        if tid in REVERSE:  # experienced teachers who ask for digital tools
            levels, years = {"communication": Level.EXPERT, "digital": Level.NOVICE}, 20
        elif tid in PARTNER:  # peers with a strength of their own
            levels, years = {"creativity": Level.EXPERT, weak[0]: Level.DEVELOPING}, 10
        mentees.append(
            Teacher(
                id=tid,
                name=f"Педагог {i}",
                organisation_id=SCHOOLS[i % 6],
                years_experience=years,
                competencies=levels,
            )
        )
    return mentors, mentees


def form_of(mentee_id: str) -> str:
    """The form of a mentee's track."""
    if mentee_id in GROUP:
        return "group"
    return (
        "reverse" if mentee_id in REVERSE else "partner" if mentee_id in PARTNER else "traditional"
    )


def request_for(t: Teacher, rng: random.Random) -> MentoringRequest:
    """A mentee's request: what they want to grow, in two formats they chose («под запрос»)."""
    wanted = tuple(c for c in t.competencies if t.level(c) <= Level.DEVELOPING)
    return MentoringRequest(
        goals=tuple(f"Развить: {COMPETENCIES[c].ru}" for c in wanted),
        competency_ids=wanted,
        formats=tuple(rng.sample(FORMATS, 2)),
    )


def tandem(d: TrackData, showcase: ShowcaseTrack, n: int) -> FestivalEntry:
    """A pair's festival entry, in the direction of its form, with a product for the showcase."""
    assert d.mentor is not None  # a pair at the festival has its mentor
    kind = {
        ShowcaseTrack.ART: "видеоролик",
        ShowcaseTrack.PROFI: "ментальная карта",
        ShowcaseTrack.CONTENT: "информационный ресурс",
    }[showcase]
    group = d.form.id == "group"
    direction = FestivalDirection.TRADITIONAL if group else FestivalDirection(d.form.id)
    title = f"Педагогический тандем {d.mentor.id} + {', '.join(d.mentee_ids)}"
    link = f"https://{d.mentees[0].organisation_id}.example/festival/{n}"
    return FestivalEntry(
        id=f"entry-{n}",
        mentor_id=d.mentor.id,
        mentee_ids=d.mentee_ids,
        direction=direction,
        showcase=showcase,
        product=Product(title=title, kind=kind, link=link),
    )


#: The script's own words; every label of the library comes from the library.
T = {
    "note": Label(
        ru="Иллюстрация, а не данные заявки: команда, календарь, даты, имена, 90 наставников "
        "и 110 наставляемых из 6 школ, посещаемость, банк, инициативы, оценки, платежи.",
        en="Illustrative, not seed data: the team, calendar, dates, names, 90 mentors and 110 "
        "mentees from 6 schools, attendance, the bank, initiatives, scores, payments.",
    ),
    "project": Label(ru="Проект", en="Project"),
    "programme": Label(ru="Программа наставничества", en="Mentoring programme"),
    "bank": Label(ru="Банк компетентностных лидеров", en="Competency leaders bank"),
    "office": Label(ru="Офис инициатив", en="Initiatives office"),
    "budget": Label(ru="Бюджет: план и факт", en="Budget: plan against fact"),
    "review": Label(ru="Итоги проекта", en="Project review"),
    "goal": Label(ru="Цель", en="Goal"),
    "tasks": Label(ru="Задачи", en="Tasks"),
    "team": Label(ru="Команда", en="Team"),
    "calendar": Label(ru="Календарный план", en="Calendar plan"),
    "total": Label(ru="Итого", en="Total"),
    "stage": Label(ru="Этап", en="Stage"),
    "refused": Label(ru="Отказ", en="Refused"),
    "people": Label(
        ru="Наставляемых {mentees}, наставников {mentors}, школ {schools}; треков {tracks}",
        en="Mentees {mentees}, mentors {mentors}, schools {schools}; tracks {tracks}",
    ),
    "matched": Label(
        ru="Подбор: наставник найден для {pairs} треков; программы составлены по запросам",
        en="Matching: a mentor for {pairs} tracks; programmes drafted from the requests",
    ),
    "attended": Label(
        ru="пришли {n}, спикеры {speakers}", en="attended by {n}, speakers {speakers}"
    ),
    "completed": Label(ru="Завершили трек к маю: {n}", en="Tracks completed by May: {n}"),
    "navigators": Label(
        ru="Навигаторов в банке: {n} из {size}", en="Navigators in the bank: {n} of {size}"
    ),
    "sessions": Label(
        ru="Сессий с коучами: {n}; выпускников: {graduates}",
        en="Coaching sessions: {n}; graduates: {graduates}",
    ),
    "entries": Label(ru="Заявок тандемов: {n}", en="Tandem entries: {n}"),
    "award": Label(ru="награда", en="award"),
    "plan_fact": Label(
        ru="план {plan}, факт {fact}, остаток {left}, освоено {share}",
        en="plan {plan}, spent {fact}, remaining {left}, share {share}",
    ),
    "co": Label(
        ru="Софинансирование: план {plan}, факт {fact}",
        en="Co-financing: planned {plan}, actual {fact}",
    ),
    "findings": Label(ru="Замечаний по расходам нет", en="No findings on spending"),
}


class Run:
    """One run of the story: the deployment, its clock, the language and the seeded choices."""

    def __init__(self, app: Services, clock: ManualClock, lang: str, seed: int) -> None:
        self.app, self.clock, self.lang, self.rng = app, clock, lang, random.Random(seed)

    @property
    def prog(self) -> MentoringProgramme:
        """The programme, as stored now."""
        return self.app.programme(PROG)

    def on(self, day: date) -> None:
        """Move the clock to 10:00 on ``day`` (it only moves forward)."""
        self.clock.set(datetime.combine(day, time(10), tzinfo=TZ))

    def text(self, key: str, **values: object) -> str:
        """One of the texts in the run's language."""
        return T[key].get(self.lang).format(**values)

    def heading(self, label: Label) -> None:
        """A step's heading: ``== label ==``."""
        print(f"\n== {label.get(self.lang)} ==")

    def say(self, key: str, **values: object) -> None:
        """Print one of the texts in the run's language."""
        print(self.text(key, **values))

    def stage(self, workflow: Workflow) -> None:
        """The stage a workflow is at."""
        print(f"{self.text('stage')}: {workflow.state_label.get(self.lang)}")

    def show_plan(self, plan: ProjectPlan) -> None:
        """The plan: goal, tasks, team, calendar plan and budget."""
        lang = self.lang
        print(f"{plan.title.get(lang)}, {plan.geography.get(lang) if plan.geography else ''}")
        print(f"{self.text('goal')}: {plan.goals[0].text.get(lang)}")
        print(f"{self.text('tasks')}:")
        for n, task in enumerate(plan.tasks, 1):
            print(f"  {n}. {task.text.get(lang)}")
        team = "; ".join(f"{m.name} ({m.role.label.get(lang)})" for m in plan.team)
        print(f"{self.text('team')}: {team}")
        print(f"{self.text('calendar')}:")
        for c in plan.calendar:
            print(f"  {c.starts_on:%d.%m}–{c.ends_on:%d.%m} {c.title.get(lang)}")
        for line in plan.budget.lines:
            print(
                f"  {line.id:20} {money(line.unit_cost):>10} × {line.quantity} = "
                f"{money(line.total):>10}  {line.name.get(lang)}"
            )
        print(f"  {self.text('total'):20} {money(plan.budget.totals().total):>27}")

    def show_bank(self, bank: Iterable[BankEntry], *, reasons: bool) -> None:
        """Each entry of the bank: its level, and why it is there or where it graduated."""
        lang = self.lang
        for e in bank:
            level = e.leader.level.label.get(lang)
            if not reasons:
                print(f"  {e.id:5} {level:24} {e.navigators_school_id or '—'}")
                continue
            shown = "; ".join(f"{r.kind.label.get(lang)}: {r.value or r.ref}" for r in e.results)
            print(f"  {e.id:5} {e.role.label.get(lang)}, {level}. {e.reason} ({shown})")

    def show_standings(self, fest: FestivalData) -> None:
        """The festival's standings, the awarded entries marked."""
        lang, awarded = self.lang, {a.entry_id: a for a in fest.awards}
        self.say("entries", n=len(fest.entries))
        for row in fest.standings():
            e, award = fest.entry(row.entry_id), awarded.get(row.entry_id)
            mark = f" — {self.text('award')} «{award.title.get(lang)}»" if award else ""
            pair = f"{e.mentor_id} + {e.mentee_ids[0]:5}"
            kinds = f"{e.showcase.label.get(lang):15} {e.direction.label.get(lang):28}"
            print(f"  {row.rank}. {pair} {kinds} {float(row.score):.2f}{mark}")

    def show_spending(self, fact: SpendingFact) -> None:
        """Plan against fact per budget line and in total, and the co-financing."""
        rows = [(ls.line_id, ls) for ls in fact.lines] + [(self.text("total"), fact)]
        for name, row in rows:  # a line and the total have the same plan-fact figures
            share = "—" if row.spent_share is None else f"{row.spent_share:.1%}"
            figures = self.text(
                "plan_fact",
                plan=money(row.planned.total),
                fact=money(row.actual.total),
                left=money(row.remaining),
                share=share,
            )
            print(f"  {name:20} {figures}")
        self.say("co", plan=money(fact.planned.co_financing), fact=money(fact.actual.co_financing))

    def refused(self, err: GuardFailed) -> None:
        """A refusal: the guard names the rule; reasons are in English, as all the library's."""
        print(f"  {self.text('refused')} ({err.guard}): {err.reason}")


def money(x: Decimal) -> str:
    """``692644`` as ``692 644.00``."""
    return f"{x:,.2f}".replace(",", " ")
