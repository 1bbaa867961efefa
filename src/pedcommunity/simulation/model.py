r"""The district model: teachers as agents, a step a week, the real workflows inside.

Teachers live in numpy arrays, one row a post (school, close colleagues) and the teacher who
holds it (id, years, competency levels, burnout, engagement): a weekly update of 10,000
teachers is a few array operations. What the seeds describe as a process runs for real,
through the services layer on an in-memory store, with a :class:`~pedcommunity.ManualClock`
the model moves a week at a time: each school's PLCs (:class:`._plc.PlcYear`), the
district's mentoring programme (:class:`._mentoring.MentoringYear`) and its club
(:class:`._community.CommunityYear`). What they do feeds back: a gap confirmed learnt in a
PLC raises that competency a level, a mentoring session relieves burnout and may raise the
mentee's weakest competency, an event attended raises engagement.

Each week, for every teacher in post (the effects' sources: :mod:`.scenario`):

- burnout moves toward its equilibrium ``base + contagion x (colleagues' mean burnout) -
  support`` by ``burnout_rate`` of the gap (so the equilibrium carries Kim, Youngs & Frank's
  +0.21 per unit);
- engagement drifts toward ``1 - burnout`` and gains what events attended add;
- the teacher leaves with the weekly hazard of their annual rate (early-career: the rate
  that makes ``early_attrition_5y`` leave within five years; mentored early-career teachers:
  that times ``mentoring.attrition_ratio``), times ``exp(burnout_hazard x (burnout -
  b*))``, where ``b* = burnout_mean / (1 - burnout_contagion)`` is the district's equilibrium
  mean: a teacher of average burnout leaves at the literature's rate.

At a school year's start the teachers in post gain a year, vacancies are filled with new
early-career teachers (``district.hire_each_year``), PLC groups are formed anew and the
mentoring programme matches the year's early-career teachers.

Examples:
    >>> from pedcommunity.simulation.scenario import scenario_from_toml
    >>> s = scenario_from_toml('[district]\nschools = 2\nteachers_per_school = 12\n'
    ...                        '[scenario]\nyears = 1\nweeks = 3')
    >>> import numpy as np
    >>> m = DistrictModel(s, np.random.default_rng(1))
    >>> rows = [m.step() for _ in range(3)]
    >>> rows[-1]["week"], m.n, rows[0]["teachers"] + rows[0]["left"]
    (2, 24, 24)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from pedcommunity.clock import ManualClock
from pedcommunity.model.competencies import FOUR_C, SCHOOL_95, Competency
from pedcommunity.services import InMemoryStore, Services, bootstrap

from ._community import CommunityYear
from ._mentoring import MentoringYear
from ._people import EARLY_CAREER_YEARS, SimTeacher
from ._plc import PlcYear
from .scenario import Scenario

__all__ = ["SUBJECTS", "TENANT", "DistrictModel"]

#: The tenant a run's workflows are stored under.
TENANT = "district"
#: The subjects posts are given, in turn.
SUBJECTS = ("russian", "math", "history", "biology", "english", "physics", "primary")


def _weekly(annual: float, weeks: int) -> float:
    """The weekly probability that compounds to ``annual`` over a year of ``weeks`` weeks."""
    return 1.0 - (1.0 - annual) ** (1.0 / weeks) if annual < 1.0 else 1.0


class _Levels(Mapping[str, tuple[int, ...]]):
    """A teacher's competency levels, read from the model's array when a driver asks."""

    def __init__(self, model: DistrictModel) -> None:
        self._model = model

    def __getitem__(self, teacher: str) -> tuple[int, ...]:
        return tuple(self._model.levels[self._model.slot[teacher]].tolist())

    def __iter__(self) -> Iterator[str]:
        return iter(self._model.slot)

    def __len__(self) -> int:
        return len(self._model.slot)


class DistrictModel:
    """A simulated district, stepped a week at a time (see the module doc).

    Args:
        scenario: what the district is.
        rng: the run's only source of randomness.
        store: where the workflows go (a new :class:`~pedcommunity.services.InMemoryStore`
            by default).

    Attributes:
        services: the services the workflows run through (their store holds the event log).
        rows: one dict per step taken (:meth:`step` returns each too).
    """

    def __init__(
        self, scenario: Scenario, rng: np.random.Generator, *, store: InMemoryStore | None = None
    ) -> None:
        self.scenario = scenario
        self.rng = rng
        d, e = scenario.district, scenario.effects
        self.start = datetime(scenario.info.start_year, 9, 1, 9, 0, tzinfo=UTC)
        self.clock = ManualClock(self.start)
        self.services: Services = bootstrap(
            store if store is not None else InMemoryStore(), clock=self.clock, plugins=False
        )
        self.competencies: tuple[Competency, ...] = (
            SCHOOL_95 if d.catalogue == "school95" else FOUR_C
        ).competencies
        n = d.schools * d.teachers_per_school
        self.n = n
        self.school = np.repeat(np.arange(d.schools), d.teachers_per_school)
        self.school_ids = tuple(f"s{k + 1:03d}" for k in range(d.schools))
        self.subject = tuple(SUBJECTS[i % len(SUBJECTS)] for i in range(n))
        # Close colleagues: k other posts of the same school, drawn once per post.
        k = min(d.colleagues, d.teachers_per_school - 1)
        within = np.stack(
            [rng.permutation(d.teachers_per_school - 1)[:k] for _ in range(n)]
        )  # offsets among the school's other posts
        own = np.arange(n) % d.teachers_per_school
        other = within + (within >= own[:, None])
        self.colleagues = (self.school * d.teachers_per_school)[:, None] + other
        self.ids: list[str] = [""] * n
        self.hired = 0
        self.employed = np.zeros(n, dtype=bool)
        self.years = np.zeros(n, dtype=np.int64)
        self.base = np.zeros(n)
        self.burnout = np.zeros(n)
        self.engagement = np.zeros(n)
        self.levels = np.zeros((n, len(self.competencies)), dtype=np.int64)
        self.mentored = np.zeros(n, dtype=bool)
        self.in_plc = np.zeros(n, dtype=bool)
        self.slot: dict[str, int] = {}
        # The district's equilibrium mean burnout, b = mean + contagion x b: the hazard's
        # reference, so that a teacher of average burnout leaves at the literature's rate.
        c = e.burnout_contagion
        self._b_eq = min(1.0, e.burnout_mean / (1.0 - c)) if c < 1.0 else 1.0
        early = rng.random(n) < d.early_career_share
        self._fill(
            np.arange(n),
            years=np.where(
                early,
                rng.integers(0, EARLY_CAREER_YEARS, n),
                rng.integers(EARLY_CAREER_YEARS, 35, n),
            ),
        )
        self.year = 0
        self.week = 0
        self.steps = 0
        self.left_total = 0
        self.rows: list[dict[str, Any]] = []
        self.plcs: list[PlcYear] = []
        self.mentoring: MentoringYear | None = None
        self.community: CommunityYear | None = None
        self._club: set[str] = set()
        self._year_start = np.zeros(n, dtype=bool)
        self._early_start = np.zeros(n, dtype=bool)
        self._w_early = _weekly(1.0 - (1.0 - e.early_attrition_5y) ** 0.2, scenario.info.weeks)
        self._w_other = _weekly(e.attrition_annual, scenario.info.weeks)

    # -- people ---------------------------------------------------------------------------------

    def _fill(self, posts: np.ndarray, *, years: np.ndarray) -> None:
        """New teachers in ``posts``: ids, years, levels, baseline burnout and engagement."""
        e, rng = self.scenario.effects, self.rng
        count = len(posts)
        for post in posts.tolist():
            self.hired += 1
            teacher = f"t{self.hired:06d}"
            self.ids[post] = teacher
            self.slot[teacher] = post
        self.employed[posts] = True
        self.years[posts] = years
        # Experience brings levels: 0-3 per competency, higher on average with years.
        skill = np.clip(years / 15.0, 0.0, 1.0)[:, None]
        draws = rng.random((count, len(self.competencies)))
        self.levels[posts] = np.clip(np.floor(draws * 2.0 + skill * 1.5), 0, 3).astype(np.int64)
        self.base[posts] = np.clip(rng.normal(e.burnout_mean, e.burnout_sd, count), 0.0, 1.0)
        # Start at equilibrium (colleagues at the district's mean), not below it: no drift.
        self.burnout[posts] = np.clip(self.base[posts] + e.burnout_contagion * self._b_eq, 0, 1)
        self.engagement[posts] = np.clip(rng.normal(e.engagement_mean, 0.15, count), 0.0, 1.0)
        self.mentored[posts] = False

    def teacher(self, post: int) -> SimTeacher:
        """The teacher in ``post`` as the drivers see them."""
        return SimTeacher(
            id=self.ids[post],
            school_id=self.school_ids[int(self.school[post])],
            years_experience=int(self.years[post]),
            subject=self.subject[post],
        )

    def _present(self) -> set[str]:
        return {self.ids[p] for p in np.flatnonzero(self.employed).tolist()}

    def _engagement(self, posts: Iterator[int] | list[int]) -> dict[str, float]:
        return {self.ids[p]: float(self.engagement[p]) for p in posts}

    # -- the year -------------------------------------------------------------------------------

    def _begin_year(self) -> None:
        s, rng = self.scenario, self.rng
        if self.year > 0:
            self.years[self.employed] += 1
            vacant = np.flatnonzero(~self.employed)
            if s.district.hire_each_year and len(vacant):
                self._fill(vacant, years=np.zeros(len(vacant), dtype=np.int64))
        self.mentored[:] = False
        self.in_plc[:] = False
        self._year_start = self.employed.copy()
        self._early_start = self.employed & (self.years < EARLY_CAREER_YEARS)
        year = s.info.start_year + self.year
        self.plcs = []
        if s.plc.enabled:
            join = np.clip(s.plc.participation * (0.5 + self.engagement), 0.0, 1.0)
            chosen = self.employed & (rng.random(self.n) < join)
            for k, school_id in enumerate(self.school_ids):
                posts = np.flatnonzero(chosen & (self.school == k)).tolist()
                if len(posts) < s.plc.min_size:
                    continue
                plc = PlcYear.start(
                    self.services,
                    tenant=TENANT,
                    school_id=school_id,
                    year=year,
                    teachers=[self.ids[p] for p in posts],
                    levels=_Levels(self),
                    competencies=self.competencies,
                    rng=rng,
                    min_size=s.plc.min_size,
                    max_size=s.plc.max_size,
                )
                self.plcs.append(plc)
                for teacher in plc.members:
                    self.in_plc[self.slot[teacher]] = True
        self.mentoring = None
        if s.mentoring.enabled:
            posts = np.flatnonzero(self.employed).tolist()
            mentees = [self.teacher(p) for p in posts if self.years[p] < EARLY_CAREER_YEARS]
            mentors = [
                self.teacher(p) for p in posts if self.years[p] >= s.mentoring.mentor_min_years
            ]
            if mentees and mentors:
                self.mentoring = MentoringYear.start(
                    self.services,
                    tenant=TENANT,
                    year=year,
                    mentees=mentees,
                    mentors=mentors,
                    rng=rng,
                    form=s.mentoring.form,
                    max_mentees_per_mentor=s.mentoring.max_mentees_per_mentor,
                    weeks=s.mentoring.track_weeks,
                    sessions_per_month=s.mentoring.sessions_per_month,
                )
                for mentee in self.mentoring.pairs:
                    self.mentored[self.slot[mentee]] = True
        # The club is founded in the first year and lives on: its members leave with their
        # posts and others join through the years (CommunityYear works by the clock's date).
        if s.community.enabled and self.community is None:
            staff = np.flatnonzero(self.employed)
            count = min(len(staff), max(2, round(s.community.founding_share * len(staff))))
            founders = [self.ids[p] for p in sorted(rng.choice(staff, count, replace=False))]
            if founders:
                self.community = CommunityYear.start(
                    self.services,
                    tenant=TENANT,
                    year=year,
                    community_id="club",
                    members=founders,
                    rng=rng,
                    events_per_month=s.community.events_per_month,
                )
                self._club = set(founders)

    # -- the week -------------------------------------------------------------------------------

    def step(self) -> dict[str, Any]:
        """Run one week; return its row (see docs/simulation.md for the columns)."""
        s, e, rng = self.scenario, self.scenario.effects, self.rng
        # A school year starts on 1 September; its weeks follow (52 of them end by 31 August).
        first = self.start.replace(year=self.start.year + self.year)
        self.clock.set(first + timedelta(days=7 * self.week))
        if self.week == 0:
            self._begin_year()
        present = self._present()
        learnt = 0
        # Built once a week for every PLC: the drivers look teachers up, never iterate.
        on_posts = np.flatnonzero(self.employed).tolist()
        engaged = self._engagement(on_posts)
        levels = _Levels(self)
        for plc in self.plcs:
            for teacher, competency in plc.week(
                self.services,
                self.week,
                present=present,
                engagement=engaged,
                levels=levels,
                rng=rng,
            ):
                post = self.slot[teacher]
                self.levels[post, competency] = min(3, int(self.levels[post, competency]) + 1)
                learnt += 1
        session = np.zeros(self.n, dtype=bool)
        completed = 0
        if self.mentoring is not None:
            pairs = self.mentoring.pairs
            people = sorted(t for t in {*pairs, *pairs.values()} if t in present)
            week = self.mentoring.week(
                self.services,
                self.week,
                present=present,
                engagement=self._engagement([self.slot[t] for t in people]),
                rng=rng,
            )
            completed = len(week.completed)
            for mentee in sorted(week.sessions):
                post = self.slot[mentee]
                session[post] = True
                if rng.random() < s.mentoring.competency_gain:
                    weakest = int(np.argmin(self.levels[post]))
                    self.levels[post, weakest] = min(3, int(self.levels[post, weakest]) + 1)
        attended = np.zeros(self.n, dtype=bool)
        if self.community is not None:
            # One draw per post, in post order: the same stream whoever is in the club.
            chance = s.community.weekly_join_rate * self.engagement
            drawn = np.flatnonzero(self.employed & (rng.random(self.n) < chance)).tolist()
            self._club &= present  # who left their post left the club (the driver says so)
            joining = [self.ids[p] for p in drawn if self.ids[p] not in self._club]
            self._club.update(joining)
            members = sorted(self._club)
            came = self.community.week(
                self.services,
                self.week,
                present=present,
                engagement=self._engagement([self.slot[t] for t in members]),
                joining=joining,
                rng=rng,
            )
            for teacher in sorted(came):
                attended[self.slot[teacher]] = True
        # Burnout toward its equilibrium, through close colleagues (Kim, Youngs & Frank 2017).
        on = self.employed
        weights = on[self.colleagues]
        sums = np.where(weights, self.burnout[self.colleagues], 0.0).sum(axis=1)
        counts = weights.sum(axis=1)
        around = np.divide(sums, counts, out=np.zeros(self.n), where=counts > 0)
        support = s.plc.support * self.in_plc + s.mentoring.support * session
        target = np.clip(self.base + e.burnout_contagion * around - support, 0.0, 1.0)
        self.burnout = np.where(on, self.burnout + e.burnout_rate * (target - self.burnout), 0.0)
        drift = e.engagement_drift * ((1.0 - self.burnout) - self.engagement)
        boost = s.community.engagement_boost * attended
        self.engagement = np.where(on, np.clip(self.engagement + drift + boost, 0.0, 1.0), 0.0)
        # Leaving: each teacher's weekly hazard (Gray & Taie 2015; Goldring et al. 2014).
        early = self.years < EARLY_CAREER_YEARS
        hazard = np.where(early, self._w_early, self._w_other)
        hazard = np.where(early & self.mentored, hazard * s.mentoring.attrition_ratio, hazard)
        hazard = hazard * np.exp(e.burnout_hazard * (self.burnout - self._b_eq))
        leave = on & (rng.random(self.n) < np.minimum(hazard, 1.0))
        for post in np.flatnonzero(leave).tolist():
            del self.slot[self.ids[post]]
        self.employed = on & ~leave
        left = int(leave.sum())
        self.left_total += left
        row = self._row(
            left=left,
            learnt=learnt,
            sessions=int(session.sum()),
            completed=completed,
            attended=int(attended.sum()),
        )
        self.rows.append(row)
        self.steps += 1
        self.week += 1
        if self.week >= s.info.weeks:
            self.week = 0
            self.year += 1
        return row

    def _row(self, **counts: int) -> dict[str, Any]:
        on = self.employed
        n_on = int(on.sum())
        early_start = int(self._early_start.sum())
        year_start = int(self._year_start.sum())

        def mean(values: np.ndarray) -> float:
            return round(float(values[on].mean()), 6) if n_on else math.nan

        return {
            "step": self.steps,
            "year": self.year + 1,
            "week": self.week,
            "date": self.clock.now().date().isoformat(),
            "teachers": n_on,
            "early_career": int((on & (self.years < EARLY_CAREER_YEARS)).sum()),
            "left": counts["left"],
            "left_total": self.left_total,
            "retention": round(int((on & self._year_start).sum()) / year_start, 6)
            if year_start
            else math.nan,
            "early_retention": round(int((on & self._early_start).sum()) / early_start, 6)
            if early_start
            else math.nan,
            "burnout": mean(self.burnout),
            "engagement": mean(self.engagement),
            "competency": mean(self.levels.mean(axis=1)),
            "plc_groups": len(self.plcs),
            "plc_members": int((on & self.in_plc).sum()),
            "gaps_learnt": counts["learnt"],
            "mentoring_pairs": len(self.mentoring.pairs) if self.mentoring else 0,
            "mentoring_sessions": counts["sessions"],
            "tracks_completed": counts["completed"],
            "club_attended": counts["attended"],
        }
