"""Benchmark: what a mentoring programme and a community's year cost as they grow (issue 13).

What it measures. Two tables of CPU seconds (``time.process_time``), one column per size, each
operation through the library's public API, as an application would call it:

- ``MentoringProgramme`` at 1,000, 10,000 and 100,000 tracks, built as
  ``examples/mentoring_programme.py`` builds its programme, scaled: one mentee per track, a
  leaders bank of half as many mentors as mentees with capacities of 2 or 3 (1.25 places per
  mentee), 95% of them trained, a curator for every 20 tracks (25 places each). The rows:
  the programme's setup (enrolling the mentees, adding and training the mentors); opening one
  track per mentee; ``propose_matches`` with one draft proposal per track (the pairs are
  computed beforehand from the mentors' competencies, outside the measurement, as bulk
  matching would hand them over); ``publish_all``; 90% of the proposals accepted by mentor and
  mentee; one trigger on the programme at that size (the acceptance that forms a pair, which
  the programme's rules across tracks check: the median of a few, in µs); ``to_json`` of the
  whole programme (every workflow ``prog.workflows()`` yields, one document each) and
  ``from_json`` of those documents with ``MentoringProgramme.restore``.
- ``community_life`` at 1,000, 10,000 and 50,000 members, a district network's year built as
  ``examples/club_year.py`` builds a club's: members join in the first week of September (40%
  experienced, 40% early-career, 20% student teachers); a year's work plan of one event a week
  (a monthly meeting, a seminar a quarter, the annual conference in May; it meets the seeds'
  plan rules) is adopted and every event held, with a fifth of the members that day attending,
  drawn at random from them, and a tenth of those answering the feedback survey the next day;
  5% of the members leave during the year. The rows: members join; the year of events (the
  plan, the events, the feedback, the leaves); ``half_year_review``; the year report
  (``year_report``) on a fresh ``CommunityLog``; ``replay`` of the whole event log.

Every payload's fields, ids and dates are drawn beforehand from ``random.Random(seed)``, so a
run is reproducible and the figures are the library's work, not the script's; the triggers
build and validate their payloads inside the measurement, as they do for a caller. After each
table the script checks what it built (the programme read back from JSON equals the one
written; the replayed community equals the live one), outside the measurements.

For each operation it prints the growth exponent fitted over the sizes (the least-squares
slope of log time against log size) beside the goal of issue 13: growth at most as n log n,
i.e. an exponent no larger than that of n log n over the same sizes (1.11 from 1,000 to
100,000) plus 0.05 for timing noise; for the one trigger, at most log n. Then the absolute
goals: at 100,000 tracks ``propose_matches`` and publishing together under 10 s, one trigger
under 1 ms, reading the programme from JSON under 10 s; at 50,000 members the year, its review
and its report (with the members joining) under 30 s. A goal at a size not run, or skipped,
is reported as not measured, with an estimate from the fitted exponent when there is one.
Nothing is asserted about time: the script only prints figures.

``--json PATH`` writes the figures as a list of rows of the same keys (``table``,
``operation``, ``label``, ``size``, ``unit``, ``metric``, ``value``, ``goal``, ``holds``,
``note``, ``seed``): one per operation and size (``cpu_seconds``, or for the one trigger
``median_cpu_seconds_per_trigger``; ``value`` is null and ``note`` says why when it was
skipped), one per operation (``growth_exponent``) and one per absolute goal
(``goal_cpu_seconds``).

``--budget SECONDS`` stops an operation growing past what the machine can afford: once one
size of an operation took longer than the budget, its larger sizes are skipped (printed
"skipped (over budget)"); a size is skipped unrun too when the last one's time, grown at the
goal's own rate (n log n, the most an operation may grow to meet it), would be over ten
budgets ("skipped (est. over budget)"): had it been run, it would have taken at least that.
The later steps of a skipped size need it and are skipped as well ("skipped (earlier
step)"). The code of issue 13's start is quadratic: 100,000 tracks would take hours without
a budget.

Run it from the repository root::

    python benchmarks/scale.py --budget 60        # the issue's sizes, bounded
    python benchmarks/scale.py                    # the issue's sizes, everything
    python benchmarks/scale.py --quick            # 200-2,000 tracks, 100-1,000 members
    python benchmarks/scale.py --sizes-tracks 1000,5000 --only programme --json out.json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import random
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

import pedcommunity
from pedcommunity import Label, Level, ManualClock, Teacher, Workflow, replay, start
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.model import (
    MENTORING_FORMS,
    ActivityFormat,
    CommunityEvent,
    CommunityKind,
    EventKind,
    FeedbackResponse,
    Leader,
    MemberKind,
    MentoringRequest,
    WorkPlan,
    check_work_plan,
)
from pedcommunity.monitoring import CommunityLog, Period, half_year_review, year_report
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import (
    COMMUNITY_LIFE,
    CommunityData,
    ProgrammeData,
    ProgrammeRules,
    fire,
)

DEFAULT_TRACKS = (1_000, 10_000, 100_000)
DEFAULT_MEMBERS = (1_000, 10_000, 50_000)
# A smoke run: seconds once operations grow as n log n (a minute and a half of CPU on the
# quadratic code of issue 13's start).
QUICK_TRACKS = (200, 1_000, 2_000)
QUICK_MEMBERS = (100, 500, 1_000)
SEED = 2026

#: Slack on the fitted exponent for timing noise: 10% noise over a tenfold size step moves a
#: slope by about 0.04.
NOISE_MARGIN = 0.05
#: With ``--budget``, a size is skipped unrun when its time estimated at the goal's rate of
#: growth (a lower bound for an operation that misses the goal) is over this many budgets.
PREDICTION_FACTOR = 10
#: Pair-forming acceptances timed one by one for "one trigger" (their median is printed).
TRIGGER_SAMPLES = 9

COORD = "coord"
T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
COMPETENCIES = {
    "4c.communication": Label(ru="Коммуникация", en="Communication"),
    "4c.collaboration": Label(ru="Кооперация", en="Collaboration"),
    "4c.critical_thinking": Label(ru="Критическое мышление", en="Critical thinking"),
    "4c.creativity": Label(ru="Креативность", en="Creativity"),
    "classroom": Label(ru="Управление классом", en="Classroom management"),
}
FORMATS = (
    ActivityFormat.CONSULTATION,
    ActivityFormat.LESSON_OBSERVATION,
    ActivityFormat.MASTER_CLASS,
    ActivityFormat.PROJECT,
)

NETWORK_ADMIN = "coordinator"
YEAR = Period.year(date(2025, 9, 1))
ATTENDANCE = 0.2  # the share of the members that day who come to an event
FEEDBACK = 0.1  # the share of those who came who answer the survey
LEAVING = 0.05  # the share of the members who leave during the year
MEMBER_KINDS = (
    (MemberKind.EXPERIENCED_TEACHER, 0.4),
    (MemberKind.EARLY_CAREER_TEACHER, 0.4),
    (MemberKind.STUDENT_TEACHER, 0.2),
)


# -- the tables and their measurements ----------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One row of a table: what is measured and the growth it is held to."""

    key: str
    label: str
    growth: str = "n log n"  # or "log n": one trigger, whose cost a whole operation multiplies
    per_trigger: bool = False  # a median of single triggers in µs, not a total in seconds


class Skipped(Exception):
    """An operation is over budget at a smaller size: this size stops here."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


OVER_BUDGET = "skipped (over budget)"
PREDICTED_OVER = "skipped (est. over budget)"
NEEDS_EARLIER = "skipped (earlier step)"


@dataclass
class Table:
    """The figures of one table: CPU time per operation and size, and what was skipped."""

    title: str
    unit: str  # what a size counts: tracks, members
    operations: Sequence[Operation]
    sizes: Sequence[int]
    budget: float | None
    seconds: dict[str, dict[int, float]] = field(default_factory=dict)
    notes: dict[str, dict[int, str]] = field(default_factory=dict)
    over_budget: set[str] = field(default_factory=set)
    charged: dict[str, tuple[int, float]] = field(default_factory=dict)  # last size, its cost
    failures: list[str] = field(default_factory=list)
    current: str | None = None  # the operation running now, to name it if it fails

    def __post_init__(self) -> None:
        for op in self.operations:
            self.seconds[op.key] = {}
            self.notes[op.key] = {}

    def operation(self, key: str) -> Operation:
        return next(op for op in self.operations if op.key == key)

    def measure(self, n: int, key: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` once, recording its CPU seconds as ``key`` at size ``n``."""
        self._check_budget(n, key)
        gc.collect()  # garbage of the previous step is not this step's cost
        t0 = time.process_time()
        result = work()
        spent = time.process_time() - t0
        self.seconds[key][n] = spent
        self._charge(n, key, spent)
        return result

    def measure_each(self, n: int, key: str, works: Iterable[Callable[[], Any]]) -> None:
        """Run each of ``works`` timed on its own; record their median, in seconds."""
        self._check_budget(n, key)
        gc.collect()
        spent = []
        for work in works:
            t0 = time.process_time()
            work()
            spent.append(time.process_time() - t0)
        if spent:
            self.seconds[key][n] = statistics.median(spent)
            self._charge(n, key, sum(spent))

    def _check_budget(self, n: int, key: str) -> None:
        self.current = key
        if key in self.over_budget:
            self.notes[key][n] = OVER_BUDGET
            raise Skipped(key)
        if self.budget is not None and key in self.charged:
            # Grown from the last size at the goal's own rate, the best it may do, would it
            # take more than ten budgets? Then it would take at least that: do not wait hours.
            last, spent = self.charged[key]
            growth = self.operation(key).growth
            if spent * model_ratio(growth, last, n) > PREDICTION_FACTOR * self.budget:
                self.notes[key][n] = PREDICTED_OVER
                raise Skipped(key)

    def _charge(self, n: int, key: str, spent: float) -> None:
        self.charged[key] = (n, spent)
        if self.budget is not None and spent > self.budget:
            self.over_budget.add(key)

    def run(self, n: int, body: Callable[[int, Table], None]) -> None:
        """Run the operations of size ``n`` in order; after a skipped one, skip the rest."""
        self.current = None
        try:
            body(n, self)
        except Skipped:
            pass
        except Exception as exc:  # one broken size must not lose the figures of the others
            failed = self.running()
            self.failures.append(f"{n:,} {self.unit}, {failed}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            if failed is not None and n not in self.seconds[failed]:
                self.notes[failed][n] = "failed"
        for op in self.operations:
            if n not in self.seconds[op.key]:
                self.notes[op.key].setdefault(n, NEEDS_EARLIER)

    # -- reading the figures --------------------------------------------------------------------

    def running(self) -> str | None:
        """The operation running or last run, if any (what a failure is charged to)."""
        return self.current

    def fit(self, key: str) -> tuple[float | None, int]:
        """The least-squares slope of log time over log size, and how many sizes it fits."""
        points = sorted(self.seconds[key].items())
        return growth_exponent([n for n, _ in points], [t for _, t in points]), len(points)

    def exponent_goal(self, key: str) -> float:
        measured = sorted(self.seconds[key])
        if len(measured) < 2:  # no fit: the goal over the sizes asked for
            measured = list(self.sizes)
        return model_exponent(self.operation(key).growth, measured) + NOISE_MARGIN

    def cell(self, key: str, n: int) -> str:
        if n in self.seconds[key]:
            value = self.seconds[key][n]
            if self.operation(key).per_trigger:
                return f"{value * 1e6:,.0f} µs"
            return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
        return self.notes[key].get(n, "not run")

    def at(self, key: str, n: int) -> float | None:
        """The seconds measured at ``n``, or ``None``."""
        return self.seconds[key].get(n)

    def estimate(self, key: str, n: int) -> float | None:
        """Seconds at ``n`` extrapolated from the largest size measured along the fit."""
        slope, _ = self.fit(key)
        if slope is None:
            return None
        largest = max(self.seconds[key])
        ratio: float = (n / largest) ** slope
        return self.seconds[key][largest] * ratio


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float | None:
    """The least-squares slope of log(seconds) against log(size); ``None`` under two sizes.

    Examples:
        >>> round(growth_exponent([1000, 10000, 100000], [1.0, 100.0, 10000.0]), 3)
        2.0
        >>> growth_exponent([1000], [1.0]) is None
        True
    """
    if len(sizes) < 2:
        return None
    xs = [math.log(n) for n in sizes]
    # A time too short for the clock still has a logarithm: a microsecond at least.
    ys = [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def model_ratio(growth: str, smaller: int, larger: int) -> float:
    """How much ``n log n`` (or ``log n``) grows from ``smaller`` to ``larger``.

    Examples:
        >>> round(model_ratio("n log n", 10_000, 100_000), 1)
        12.5
        >>> round(model_ratio("log n", 10_000, 100_000), 2)
        1.25
    """
    ratio = math.log(larger) / math.log(smaller)
    return ratio * larger / smaller if growth == "n log n" else ratio


def model_exponent(growth: str, sizes: Sequence[int]) -> float:
    """The fitted exponent of ``n log n`` (or ``log n``) itself over ``sizes``.

    Examples:
        >>> round(model_exponent("n log n", [1000, 10000, 100000]), 2)
        1.11
        >>> round(model_exponent("log n", [1000, 10000, 100000]), 2)
        0.11
    """
    if len(set(sizes)) < 2:
        return 1.0 if growth == "n log n" else 0.0
    if growth == "n log n":
        values = [n * math.log(n) for n in sizes]
    else:
        values = [math.log(n) for n in sizes]
    slope = growth_exponent(sizes, values)
    assert slope is not None
    return slope


# -- the mentoring programme --------------------------------------------------------------------

PROGRAMME_OPERATIONS = (
    Operation("setup", "setup: enrol mentees, add and train mentors"),
    Operation("open", "open the tracks"),
    Operation("propose", "propose_matches (one proposal per track)"),
    Operation("publish", "publish_all"),
    Operation("accept", "90% of proposals accepted"),
    Operation("trigger", "one trigger: a pair forms (median)", growth="log n", per_trigger=True),
    Operation("to_json", "to_json of the programme"),
    Operation("from_json", "from_json of the programme (and restore)"),
)


@dataclass(frozen=True)
class ProgrammeScript:
    """Everything a programme of ``n`` tracks is built from, drawn before any measurement."""

    curators: tuple[str, ...]
    mentees: tuple[Teacher, ...]
    leaders: tuple[Leader, ...]
    trained: tuple[str, ...]
    tracks: tuple[tuple[str, Teacher, MentoringRequest, str], ...]  # id, mentee, request, curator
    pairs: dict[str, str]  # track id -> mentor id
    accepted: tuple[str, ...]  # the tracks whose proposal both accept, in the order they answer
    timed: tuple[str, ...]  # tracks of the rest whose pair-forming acceptance is timed


def programme_script(n: int, rng: random.Random) -> ProgrammeScript:
    """Draw the people, the tracks and the pairs of a programme of ``n`` tracks."""
    comp_ids = list(COMPETENCIES)
    schools = [f"school-{i}" for i in range(max(2, n // 100))]
    leaders = []
    for i in range(max(2, n // 2)):
        strong = rng.sample(comp_ids, 2)
        levels = {c: Level.EXPERT if c == strong[0] else Level.PROFICIENT for c in strong}
        teacher = Teacher(
            id=f"m{i:06d}",
            name=f"Наставник {i}",
            organisation_id=schools[i % len(schools)],
            years_experience=rng.randint(8, 30),
            competencies=levels,
        )
        leaders.append(Leader(teacher=teacher, can_teach=tuple(levels), capacity=rng.randint(2, 3)))
    # Two mentors in forty do not finish the training, as in the example.
    trained = tuple(x.id for i, x in enumerate(leaders) if i % 20 != 19)
    mentees, tracks = [], []
    curators = tuple(f"k{i:05d}" for i in range(max(1, -(-n // 20))))
    for i in range(n):
        weak = rng.sample(comp_ids, 2)
        mentee = Teacher(
            id=f"t{i:06d}",
            name=f"Молодой педагог {i}",
            organisation_id=schools[i % len(schools)],
            years_experience=rng.randint(0, 2),
            competencies=dict.fromkeys(weak, Level.DEVELOPING),
        )
        request = MentoringRequest(
            goals=tuple(f"Развить: {COMPETENCIES[c].ru}" for c in weak),
            competency_ids=tuple(weak),
            formats=tuple(rng.sample(FORMATS, 2)),
        )
        mentees.append(mentee)
        tracks.append((f"tr-{i:06d}", mentee, request, curators[i % len(curators)]))
    pairs = plan_pairs(tracks, leaders, set(trained), rng)
    order = list(pairs)
    rng.shuffle(order)
    cut = round(0.9 * len(order))
    return ProgrammeScript(
        curators=curators,
        mentees=tuple(mentees),
        leaders=tuple(leaders),
        trained=trained,
        tracks=tuple(tracks),
        pairs=pairs,
        accepted=tuple(order[:cut]),
        timed=tuple(order[cut : cut + TRIGGER_SAMPLES]),
    )


def plan_pairs(
    tracks: Sequence[tuple[str, Teacher, MentoringRequest, str]],
    leaders: Sequence[Leader],
    trained: set[str],
    rng: random.Random,
) -> dict[str, str]:
    """One trained mentor with a free place per track, one who teaches what it asks if any.

    What bulk matching would hand over, computed greedily (``match_programme`` checks every
    track against every leader, which at 100,000 tracks is a benchmark of its own).
    """
    form = MENTORING_FORMS["traditional"]
    free = {x.id: x.capacity for x in leaders if x.id in trained}
    by_id = {x.id: x for x in leaders}
    pools: dict[str, list[str]] = {}
    for x in leaders:
        if x.id in free:
            for c in (*x.can_teach, "*"):
                pools.setdefault(c, []).append(x.id)
    for pool in pools.values():
        rng.shuffle(pool)
    pairs = {}
    for tid, mentee, request, _ in tracks:
        for c in (*request.competency_ids, "*"):
            pool = pools.get(c, [])
            while pool and free[pool[-1]] == 0:
                pool.pop()
            if pool:
                mentor = pool[-1]
                free[mentor] -= 1
                problem = form.check(by_id[mentor].teacher, [mentee], request.competency_ids)
                assert problem is None, problem
                pairs[tid] = mentor
                break
    return pairs


def programme_body(script: ProgrammeScript) -> Callable[[int, Table], None]:
    """The programme's operations at one size, measured in ``table``."""

    def body(n: int, table: Table) -> None:
        clock = ManualClock(T0)

        def setup() -> MentoringProgramme:
            prog = MentoringProgramme.create(
                ProgrammeData(
                    name="Региональная программа наставничества",
                    coordinator_ids=(COORD,),
                    rules=ProgrammeRules(
                        required_conditions=("order_issued", "curators_appointed")
                    ),
                ),
                id="region",
                actor=COORD,
                clock=clock,
            )
            for condition in ("order_issued", "curators_appointed"):
                prog.fire("meet_condition", actor=COORD, condition_id=condition)
            for k in script.curators:
                prog.fire("add_curator", actor=COORD, teacher_id=k, capacity=25)
            prog.fire("open_mentee_base", actor=COORD)
            for t in script.mentees:
                prog.fire("enrol_mentee", actor=COORD, teacher=t)
            prog.fire("open_mentor_base", actor=COORD)
            for x in script.leaders:
                prog.fire("add_leader", actor=COORD, leader=x)
            prog.fire("open_training", actor=COORD)
            for lid in script.trained:
                prog.fire("train_mentor", actor=COORD, leader_id=lid)
            prog.fire("open_matching", actor=COORD)
            return prog

        prog: MentoringProgramme = table.measure(n, "setup", setup)
        clock.advance(timedelta(days=14))

        def open_tracks() -> None:
            for tid, mentee, request, curator in script.tracks:
                prog.open_track(
                    tid, mentee_ids=(mentee.id,), request=request, actor=COORD, curator_id=curator
                )

        table.measure(n, "open", open_tracks)
        _, refused = table.measure(
            n, "propose", lambda: prog.propose_matches(script.pairs, actor=COORD)
        )
        assert not refused, next(iter(refused.items()))
        table.measure(n, "publish", lambda: prog.publish_all(actor=COORD))
        clock.advance(timedelta(days=2))

        def accept() -> None:
            for tid in script.accepted:
                prog.fire_track(tid, "accept", actor=script.pairs[tid])
                prog.fire_track(tid, "accept", actor=f"t{tid[3:]}")

        table.measure(n, "accept", accept)
        # The mentor answers first, untimed; the mentee's acceptance forms the pair, which the
        # programme's rules across tracks (capacity, exclusions, one live track) check.
        for tid in script.timed:
            prog.fire_track(tid, "accept", actor=script.pairs[tid])

        def form_pair(tid: str) -> Callable[[], Any]:
            return lambda: prog.fire_track(tid, "accept", actor=f"t{tid[3:]}")

        table.measure_each(n, "trigger", [form_pair(tid) for tid in script.timed])
        documents = table.measure(n, "to_json", lambda: [to_json(w) for w in prog.workflows()])

        def read() -> MentoringProgramme:
            workflows = [from_json(text, Workflow) for text in documents]
            return MentoringProgramme.restore(workflows[0], workflows[1:], clock=clock)

        back = table.measure(n, "from_json", read)
        assert back.workflow == prog.workflow, "the programme read back differs"
        assert all(back.track(t.id) == t for t in prog.workflows() if t.id != prog.id)

    return body


# -- community life -----------------------------------------------------------------------------

COMMUNITY_OPERATIONS = (
    Operation("join", "members join"),
    Operation("year", "a year of events (one a week)"),
    Operation("review", "half_year_review"),
    Operation("report", "year report, fresh log"),
    Operation("replay", "replay of the whole log"),
)


@dataclass(frozen=True)
class Step:
    """One trigger of the network's year: when, what, and its payload's fields."""

    at: datetime
    trigger: str
    fields: dict[str, Any]


def evening(day: date) -> datetime:
    """Everything is recorded at 18:00 of its day, as in the club's year."""
    return datetime.combine(day, day_time(18), tzinfo=UTC)


def work_plan(organisers: Sequence[str]) -> WorkPlan:
    """One event every Thursday from 11 September to the end of August.

    The first Thursday of a month is the monthly meeting; the second of the first month of
    each quarter, a seminar; the third in May, the annual conference; the rest, workshops.
    """
    first = date(2025, 9, 11)
    days = [first + timedelta(weeks=w) for w in range(60)]
    days = [d for d in days if d <= YEAR.end]
    events = []
    for i, day in enumerate(days):
        week_of_month = (day.day - 1) // 7
        if week_of_month == 0:
            kind = EventKind.MONTHLY_MEETING
        elif week_of_month == 1 and day.month in (9, 12, 3, 6):
            kind = EventKind.SEMINAR
        elif week_of_month == 2 and day.month == 5:
            kind = EventKind.ANNUAL_CONFERENCE
        else:
            kind = EventKind.WORKSHOP
        events.append(
            CommunityEvent(
                id=f"e{i + 1:02d}",
                kind=kind,
                planned_on=day,
                topic=f"{kind.value} {day.isoformat()}",
                organiser_ids=(organisers[i % len(organisers)],),
                expert_ids=("x-expert",) if kind is EventKind.SEMINAR else (),
            )
        )
    plan = WorkPlan(
        id="plan-2025-26",
        title="План работы сети на 2025/26 учебный год",
        starts=YEAR.start,
        ends=YEAR.end,
        events=events,
    )
    findings = check_work_plan(plan)
    assert not findings, [f.message.en for f in findings]
    return plan


def community_script(n: int, rng: random.Random) -> tuple[list[Step], list[Step]]:
    """The members' joins and the year after them, for a network of ``n`` members."""
    kinds = [k for k, _ in MEMBER_KINDS]
    weights = [w for _, w in MEMBER_KINDS]
    members = [(f"t{i:06d}", rng.choices(kinds, weights)[0]) for i in range(n)]
    joined = sorted(
        (YEAR.start + timedelta(days=rng.randrange(7)), tid, kind) for tid, kind in members
    )
    joins = [Step(evening(d), "join", {"teacher_id": t, "kind": k, "on": d}) for d, t, k in joined]

    # Organisers are experienced members who stay the whole year; leavers go on a Monday.
    experienced = [t for t, k in members if k is MemberKind.EXPERIENCED_TEACHER]
    organisers = experienced[:4] or [members[0][0]]
    plan = work_plan(organisers)
    mondays = [
        d for d in (date(2025, 9, 15) + timedelta(weeks=w) for w in range(50)) if d < YEAR.end
    ]
    may_leave = [t for t, _ in members if t not in organisers]
    leaving = rng.sample(may_leave, round(LEAVING * n))
    leaves = {t: rng.choice(mondays) for t in leaving}

    year = [
        Step(evening(date(2025, 9, 8)), "adopt_work_plan", {"plan": plan, "on": date(2025, 9, 8)})
    ]
    timeline: list[tuple[date, int, str, str]] = [(d, 0, "leave", t) for t, d in leaves.items()]
    timeline += [(e.planned_on, 1, "hold_event", e.id) for e in plan.events]
    timeline.sort()
    current = [t for t, _ in members]  # in the order they joined: the ids, whatever the day
    gone: set[str] = set()
    for day, _, trigger, subject in timeline:
        if trigger == "leave":
            gone.add(subject)
            year.append(
                Step(evening(day), "leave", {"teacher_id": subject, "on": day, "reason": "Переезд"})
            )
            continue
        if gone:
            current = [t for t in current if t not in gone]
            gone = set()
        came = sorted(rng.sample(current, max(1, round(ATTENDANCE * len(current)))))
        event = next(e for e in plan.events if e.id == subject)
        year.append(
            Step(
                evening(day),
                "hold_event",
                {
                    "event_id": subject,
                    "on": day,
                    "attendee_ids": came,
                    "guest_ids": event.expert_ids,
                },
            )
        )
        answering = rng.sample(came, round(FEEDBACK * len(came)))
        responses = [
            FeedbackResponse(
                ratings={"useful": rng.randint(3, 5), "format": rng.randint(2, 5)},
                respondent_id=t,
            )
            for t in sorted(answering)
        ]
        if responses:
            after = day + timedelta(days=1)
            year.append(
                Step(
                    evening(after),
                    "record_feedback",
                    {"event_id": subject, "responses": responses, "on": after},
                )
            )
    year.sort(key=lambda s: s.at)  # stable: a day's steps keep their order
    return joins, year


def community_body(joins: list[Step], year: list[Step]) -> Callable[[int, Table], None]:
    """The network's operations at one size, measured in ``table``."""

    def body(n: int, table: Table) -> None:
        wf = start(
            COMMUNITY_LIFE,
            CommunityData(
                name="Сетевое сообщество педагогов района",
                kind=CommunityKind.NETWORK,
                administrator_ids=(NETWORK_ADMIN,),
            ),
            id="network",
            actor=NETWORK_ADMIN,
            at=evening(YEAR.start),
        )

        def play(steps: list[Step]) -> Callable[[], None]:
            def run() -> None:
                for s in steps:
                    fire(wf, s.trigger, actor=NETWORK_ADMIN, at=s.at, **s.fields)

            return run

        table.measure(n, "join", play(joins))
        table.measure(n, "year", play(year))
        table.measure(n, "review", lambda: half_year_review(wf, YEAR.start))
        table.measure(n, "report", lambda: year_report(CommunityLog(wf), YEAR, "en"))
        again = table.measure(n, "replay", lambda: replay(COMMUNITY_LIFE, wf.events))
        assert again == wf, "the replayed community differs"

    return body


# -- running and printing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """An absolute goal of issue 13: some operations' sum at one size, under a limit."""

    key: str
    label: str
    table: str
    size: int
    operations: tuple[str, ...]
    limit: float  # seconds


GOALS = (
    Goal(
        "propose_and_publish",
        "propose_matches + publish_all at 100,000 tracks",
        "programme",
        100_000,
        ("propose", "publish"),
        10.0,
    ),
    Goal("one_trigger", "one trigger at 100,000 tracks", "programme", 100_000, ("trigger",), 1e-3),
    Goal(
        "read_programme",
        "from_json of a 100,000-track programme",
        "programme",
        100_000,
        ("from_json",),
        10.0,
    ),
    Goal(
        "network_year",
        "50,000 members: join + year + review + report",
        "community",
        50_000,
        ("join", "year", "review", "report"),
        30.0,
    ),
)


def sizes_arg(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are whole numbers separated by commas: {text!r}"
        ) from None
    if not sizes or any(n < 2 for n in sizes) or len(set(sizes)) != len(sizes):
        raise argparse.ArgumentTypeError(f"sizes are distinct numbers of at least 2: {text!r}")
    return tuple(sorted(sizes))


def shown_seconds(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs" if seconds < 0.01 else f"{seconds:,.2f} s"


def aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    """A table line: the first cell to the left, the figures to the right."""
    first, *rest = (
        c.ljust(w) if i == 0 else c.rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )
    return "  ".join([first, *rest])


def print_table(table: Table) -> list[dict[str, Any]]:
    """Print one table with its exponents; return its figures as tidy rows."""
    rows: list[dict[str, Any]] = []
    head = [
        f"{table.title}, {table.unit}",
        *(f"{n:,}" for n in table.sizes),
        "exponent",
        "goal",
        "holds",
    ]
    body = []
    for op in table.operations:
        slope, count = table.fit(op.key)
        goal = table.exponent_goal(op.key)
        holds = None if slope is None else slope <= goal
        fitted = "n/a" if slope is None else f"{slope:.2f}"
        if slope is not None and count < len(table.sizes):
            fitted += f" ({count} sizes)"
        body.append(
            [
                op.label,
                *(table.cell(op.key, n) for n in table.sizes),
                fitted,
                f"<= {goal:.2f} ({op.growth})",
                {None: "n/a", True: "yes", False: "NO"}[holds],
            ]
        )
        for n in table.sizes:
            value = table.at(op.key, n)
            rows.append(
                {
                    "table": table.title,
                    "operation": op.key,
                    "label": op.label,
                    "size": n,
                    "unit": table.unit,
                    "metric": "median_cpu_seconds_per_trigger" if op.per_trigger else "cpu_seconds",
                    "value": value,
                    "goal": None,
                    "holds": None,
                    "note": table.notes[op.key].get(n) if value is None else None,
                }
            )
        rows.append(
            {
                "table": table.title,
                "operation": op.key,
                "label": op.label,
                "size": None,
                "unit": table.unit,
                "metric": "growth_exponent",
                "value": slope,
                "goal": f"<= {goal:.3f} ({op.growth} over the sizes measured, +{NOISE_MARGIN})",
                "holds": holds,
                "note": None if slope is None else f"fitted over {count} sizes",
            }
        )
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    print()
    print(aligned(head, widths))
    print("  ".join("-" * w for w in widths))
    for r in body:
        print(aligned(r, widths))
    for failure in table.failures:
        print(f"FAILED at {failure}")
    return rows


def print_goals(tables: dict[str, Table]) -> list[dict[str, Any]]:
    """Print the absolute goals, measured or not; return them as tidy rows."""
    rows = []
    print("\nAbsolute goals (issue 13):")
    for g in GOALS:
        table = tables.get(g.table)
        if table is None:
            continue
        values = [table.at(k, g.size) for k in g.operations]
        limit = shown_seconds(g.limit)
        if all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            holds: bool | None = total < g.limit
            text = (
                f"{shown_seconds(total)} (goal < {limit}): {'holds' if holds else 'DOES NOT HOLD'}"
            )
            note = None
        else:
            total, holds = None, None
            why = "size not run"
            if g.size in table.sizes:
                why = next(
                    table.cell(k, g.size) for k in g.operations if table.at(k, g.size) is None
                )
            estimates = [table.estimate(k, g.size) for k in g.operations]
            guess = ""
            if all(e is not None for e in estimates):
                about = shown_seconds(sum(e for e in estimates if e is not None))
                guess = f"; about {about} by the fitted exponents"
            text = f"not measured, {why}{guess} (goal < {limit})"
            note = f"not measured: {why}{guess}"
        print(f"  {g.label:48} {text}")
        rows.append(
            {
                "table": table.title,
                "operation": g.key,
                "label": g.label,
                "size": g.size,
                "unit": table.unit,
                "metric": "goal_cpu_seconds",
                "value": total,
                "goal": f"< {g.limit} s",
                "holds": holds,
                "note": note,
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-tracks", type=sizes_arg, help="programme sizes, e.g. 1000,10000")
    parser.add_argument("--sizes-members", type=sizes_arg, help="community sizes, e.g. 1000,5000")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small sizes ({','.join(map(str, QUICK_TRACKS))} tracks, "
        f"{','.join(map(str, QUICK_MEMBERS))} members): a smoke run",
    )
    parser.add_argument(
        "--budget",
        type=float,
        metavar="SECONDS",
        help="skip the larger sizes of an operation once one size took longer than this",
    )
    parser.add_argument("--only", choices=("programme", "community"), help="run one table")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed ({SEED})")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures as JSON rows")
    args = parser.parse_args(argv)
    if args.budget is not None and not args.budget > 0:
        parser.error("--budget is a positive number of seconds")
    tracks = args.sizes_tracks or (QUICK_TRACKS if args.quick else DEFAULT_TRACKS)
    members = args.sizes_members or (QUICK_MEMBERS if args.quick else DEFAULT_MEMBERS)

    print(
        f"pedcommunity {pedcommunity.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; seed {args.seed}; budget "
        + ("none" if args.budget is None else f"{args.budget:g} s per operation and size")
    )
    print("CPU seconds (time.process_time) per operation; exponent: least-squares slope of")
    print("log time over log size; goal: n log n (or log n) over the same sizes, +0.05 for noise.")
    sys.stdout.flush()  # before the progress lines on stderr

    tables: dict[str, Table] = {}
    if args.only in (None, "programme"):
        table = Table("MentoringProgramme", "tracks", PROGRAMME_OPERATIONS, tracks, args.budget)
        for n in tracks:
            script = programme_script(n, random.Random(args.seed))
            table.run(n, programme_body(script))
            del script
            print(f"  ... {n:,} tracks done", file=sys.stderr, flush=True)
        tables["programme"] = table
    if args.only in (None, "community"):
        table = Table("community_life", "members", COMMUNITY_OPERATIONS, members, args.budget)
        for n in members:
            joins, year = community_script(n, random.Random(args.seed))
            table.run(n, community_body(joins, year))
            del joins, year
            print(f"  ... {n:,} members done", file=sys.stderr, flush=True)
        tables["community"] = table

    rows: list[dict[str, Any]] = []
    for table in tables.values():
        rows += print_table(table)
    rows += print_goals(tables)
    if args.json is not None:
        for row in rows:
            row["seed"] = args.seed
        args.json.write_text(
            json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"\nFigures written to {args.json} ({len(rows)} rows).")
    return 1 if any(t.failures for t in tables.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
