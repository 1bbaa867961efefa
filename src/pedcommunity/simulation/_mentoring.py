"""A district's mentoring programme for one school year, run on the real workflows.

:meth:`MentoringYear.start` pairs early-career teachers (mentees) with experienced ones
(mentors) by the real matcher (``services.matching.match_mentors``, each mentee's
``candidates`` best mentors kept: the programme's own ``match`` scores every pair, about 1 s
for 500 x 1,500) and runs the real programme (``MENTORING_PROGRAMME``, through
``Services.programme``): the mentee base, the chosen mentors as its trained mentor base, one
``MENTORING_TRACK`` per mentee (per group of mentees of a school, in group mentoring), the
pairs recorded as draft proposals and published. A pair the programme's rules refuse, and a
mentee no mentor was left for, stay unmatched: their track waits in ``requested``.

:meth:`MentoringYear.week` moves each track a step a week on the real path only: all accept
(week 0); the mentor sets the programme drafted from the request and begins (next week);
sessions are logged; at the plan's end (``weeks`` weeks after the start) the track goes to
review, everyone gives final feedback and the mentor completes it. A track whose mentor or a
mentee left (not in ``present``) is closed early by the coordinator (a group's too: completing
needs every mentee's feedback); a proposal nobody answered in time lapses.

The shortlist, the mentees' tracks, the matcher's pairs and the records the programme takes
are built in :mod:`._mentoring_match`; this module runs the programme and its tracks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model import FOUR_C, Teacher
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    MentoringForm,
    MentoringRequest,
    draft_programme,
)
from pedcommunity.simulation._mentoring_match import (
    match_units,
    mentee_units,
    mentoring_request,
    shortlist_mentors,
    teacher_record,
)
from pedcommunity.simulation._people import SimTeacher
from pedcommunity.workflows import mentoring_track as mt
from pedcommunity.workflows.mentoring_programme import MENTORING_PROGRAMME, ProgrammeData

if TYPE_CHECKING:
    import numpy as np

    from pedcommunity.services import Services

__all__ = ["MentoringWeek", "MentoringYear"]

#: The states after which a track takes no trigger.
_FINAL = frozenset({"completed", "closed"})

#: Tracks run no pulse surveys: an optional extra of the real path, and a trigger a month.
_RULES = mt.TrackRules(pulse_every_days=None)

_TEXTS = {
    "programme": Label(ru="Программа наставничества {year}/{next}", en="Mentoring {year}/{next}"),
    "mentee_left": Label(ru="Наставляемый выбыл из района", en="A mentee left the district"),
    "mentor_left": Label(ru="Наставник выбыл из района", en="The mentor left the district"),
    "changed_mentee": Label(ru="Увереннее веду уроки", en="More confident in lessons"),
    "changed_mentor": Label(ru="Пересмотрел свои приёмы", en="Revisited my own methods"),
}


@attrs.define
class MentoringWeek:
    """What happened in the programme one week.

    Attributes:
        sessions: the mentees who had a mentoring session this week.
        completed: the mentees whose track completed this week, sorted.

    Examples:
        >>> MentoringWeek(sessions=frozenset({"t1"}), completed=()).completed
        ()
    """

    sessions: frozenset[str]
    completed: tuple[str, ...]


@attrs.define
class _Track:
    """What the driver remembers of one track, so a week reads nothing back from the store."""

    track_id: str
    mentees: tuple[str, ...]
    request: MentoringRequest
    mentor: str | None = None
    state: str = "requested"
    due_at: datetime | None = None  # when the open proposal lapses
    ends_at: datetime | None = None  # the plan's end date, once work began
    formed_week: int = -1  # the week everyone accepted
    sessions: int = 0  # sessions logged


@attrs.define
class MentoringYear:
    """A district's mentoring programme over one school year (see the module's docstring).

    Attributes:
        workflow_ids: every workflow started (the programme and its tracks), sorted.
        pairs: mentee id to mentor id, for every mentee the matcher paired and the programme
            proposed (also when the track later closed early or the proposal lapsed).

    Examples:
        >>> from datetime import datetime, timezone
        >>> import numpy as np
        >>> from pedcommunity import ManualClock
        >>> from pedcommunity.services import InMemoryStore, bootstrap
        >>> from pedcommunity.simulation._people import SimTeacher
        >>> app = bootstrap(InMemoryStore(), plugins=False,
        ...                 clock=ManualClock(datetime(2025, 9, 1, 9, tzinfo=timezone.utc)))
        >>> year = MentoringYear.start(app, tenant="d1", year=2025,
        ...     mentees=[SimTeacher("t1", "s1", 1, "math")],
        ...     mentors=[SimTeacher("t2", "s1", 12, "math")], rng=np.random.default_rng(1))
        >>> dict(year.pairs), year.states["t1"]
        ({'t1': 't2'}, 'proposed')
        >>> _ = year.week(app, 0, present={"t1", "t2"}, engagement={"t1": 1.0, "t2": 1.0},
        ...               rng=np.random.default_rng(2))
        >>> year.states["t1"]
        'planning'
    """

    workflow_ids: tuple[str, ...]
    pairs: Mapping[str, str]
    _tenant: str = attrs.field(repr=False)
    _programme_id: str = attrs.field(repr=False)
    _coordinator: str = attrs.field(repr=False)
    _form: MentoringForm = attrs.field(repr=False)
    _end_at: datetime = attrs.field(repr=False)
    _session_chance: float = attrs.field(repr=False)
    _lang: str = attrs.field(repr=False)
    _tracks: list[_Track] = attrs.field(factory=list, repr=False)
    _working: bool = attrs.field(default=False, repr=False)

    @property
    def tracks(self) -> Mapping[str, str]:
        """Mentee id to the id of their track (a mentee left out of every group has none)."""
        return {m: t.track_id for t in self._tracks for m in t.mentees}

    @property
    def states(self) -> Mapping[str, str]:
        """Mentee id to their track's state, as of the last week run."""
        return {m: t.state for t in self._tracks for m in t.mentees}

    @classmethod
    def start(
        cls,
        services: Services,
        *,
        tenant: str,
        year: int,
        mentees: Sequence[SimTeacher],
        mentors: Sequence[SimTeacher],
        rng: np.random.Generator,
        form: str = "traditional",
        max_mentees_per_mentor: int = 2,
        weeks: int = 30,
        sessions_per_month: float = 2.0,
        method: str = "optimal",
        candidates: int = 10,
        shortlist: int | None = 2,
        coordinator_id: str = "coordinator",
        lang: str = "ru",
    ) -> MentoringYear:
        """Match mentees with mentors and start the programme and its tracks, now.

        Mentors are those of ``mentors`` past their early career who are not mentees. Each
        mentee asks to grow one 4C competency, each mentor can teach two (drawn from ``rng``);
        ``method`` and ``candidates`` go to the matcher, which considers ``shortlist`` mentors
        a mentee (``None``: all), from the mentees' own schools first. In group mentoring a
        school's mentees form groups of at most ``max_mentees_per_mentor`` (within the form's
        sizes), a mentor takes one group. Plans end ``weeks`` weeks from now, within the
        form's bounds.

        Raises:
            InvalidData: a parameter out of range, or a bad ``lang``.
            UnknownId: no mentoring form ``form``.
        """
        lang = check_lang(lang)
        form_obj = MENTORING_FORMS[form]  # UnknownId lists the forms
        _check_numbers(max_mentees_per_mentor, weeks, sessions_per_month, candidates, shortlist)
        now = services.clock.now()
        people = sorted({t.id: t for t in mentees}.values(), key=lambda t: t.id)
        taken = {t.id for t in people}
        pool = sorted(
            ({t.id: t for t in mentors if t.id not in taken and not t.early_career}).values(),
            key=lambda t: t.id,
        )
        pool = shortlist_mentors(people, pool, shortlist, rng)
        comps = FOUR_C.ids()
        wants = rng.integers(0, len(comps), size=len(people))
        first = rng.integers(0, len(comps), size=len(pool))
        second = (first + rng.integers(1, len(comps), size=len(pool))) % len(comps)
        wanted = {t.id: comps[int(c)] for t, c in zip(people, wants, strict=True)}
        teaches = {
            t.id: (comps[int(a)], comps[int(b)])
            for t, a, b in zip(pool, first, second, strict=True)
        }
        units = mentee_units(people, form_obj, max_mentees_per_mentor)
        requests = {u[0].id: mentoring_request([wanted[t.id] for t in u], lang) for u in units}
        # In group mentoring a mentor takes one group.
        places = max_mentees_per_mentor if form_obj.max_mentees == 1 else 1
        matched = match_units(
            units, requests, pool, teaches, capacity=places, method=method, k=candidates
        )
        # Only the mentors the matcher chose join the programme's mentor base: a district's
        # thousands of others would each cost a trigger and change nothing.
        by_id = {t.id: t for t in pool}
        room = max([max_mentees_per_mentor, *(len(u) for u in units)])
        leaders = [
            Leader(teacher=teacher_record(by_id[m]), can_teach=teaches[m], capacity=room)
            for m in sorted(set(matched.values()))
        ]
        programme_id = f"mentoring-{year}"
        made = cls(
            workflow_ids=(programme_id,),
            pairs={},
            tenant=tenant,
            programme_id=programme_id,
            coordinator=coordinator_id,
            form=form_obj,
            end_at=now + timedelta(weeks=weeks),
            session_chance=min(1.0, sessions_per_month * 12 / 52),
            lang=lang,
            tracks=[
                _Track(f"{programme_id}-{u[0].id}", tuple(t.id for t in u), requests[u[0].id])
                for u in units
            ],
        )
        made._open(services, year, [teacher_record(t) for t in people], leaders, matched)
        return made

    def _open(
        self,
        services: Services,
        year: int,
        people: Sequence[Teacher],
        leaders: Sequence[Leader],
        matched: Mapping[str, str],
    ) -> None:
        """Run the programme from preparation to the matcher's pairs, proposed and published."""
        coord, tenant = self._coordinator, self._tenant
        name = _TEXTS["programme"].get(self._lang).format(year=year, next=year + 1)
        data = ProgrammeData(name=name, coordinator_ids=(coord,))
        services.start(MENTORING_PROGRAMME, data, id=self._programme_id, actor=coord, tenant=tenant)
        prog = services.programme(self._programme_id, tenant=tenant)
        prog.fire("add_curator", actor=coord, teacher_id=coord)
        prog.fire("open_mentee_base", actor=coord)
        # A programme moves on only with someone in each base: without mentees, or without
        # a mentor the matcher chose, it stays where it is and no track opens.
        for teacher in people:
            prog.fire("enrol_mentee", actor=coord, teacher=teacher)
        if people:
            prog.fire("open_mentor_base", actor=coord)
        if not people or not leaders:
            self._tracks.clear()
            return
        for leader in leaders:
            prog.fire("add_leader", actor=coord, leader=leader)
        prog.fire("open_training", actor=coord)
        for leader in leaders:
            prog.fire("train_mentor", actor=coord, leader_id=leader.id)
        prog.fire("open_matching", actor=coord)
        for track in self._tracks:
            prog.open_track(
                track.track_id,
                mentee_ids=track.mentees,
                request=track.request,
                actor=coord,
                form=self._form,
                rules=_RULES,
            )
        self.workflow_ids = tuple(sorted((self._programme_id, *(t.track_id for t in self._tracks))))
        by_track = {
            t.track_id: matched[t.mentees[0]] for t in self._tracks if t.mentees[0] in matched
        }
        # A pair the programme's rules refuse is reported, not raised: those mentees wait.
        proposed, _refused = prog.propose_matches(by_track, actor=self._coordinator)
        prog.publish_all(actor=self._coordinator)
        due = services.clock.now() + timedelta(days=_RULES.response_days)
        recorded = {event.workflow_id for event in proposed}
        pairs: dict[str, str] = {}
        for track in self._tracks:
            if track.track_id in recorded:
                track.mentor, track.state, track.due_at = by_track[track.track_id], "proposed", due
                pairs.update(dict.fromkeys(track.mentees, track.mentor))
        self.pairs = dict(sorted(pairs.items()))

    def week(
        self,
        services: Services,
        week: int,
        *,
        present: Set[str],
        engagement: Mapping[str, float],
        rng: np.random.Generator,
    ) -> MentoringWeek:
        """Move every open track one step at the clock's time (see the module's docstring).

        A session is held with chance ``min(1, sessions_per_month * 12 / 52)`` times the
        mentor's engagement and the mentees' mean engagement (0 for a teacher missing from
        ``engagement``).
        """
        now = services.clock.now()
        completed: list[str] = []
        working: list[_Track] = []
        for track in self._tracks:
            if track.state in _FINAL:
                continue
            if not all(m in present for m in track.mentees) or (
                track.mentor is not None and track.mentor not in present
            ):
                self._close(services, track, present)
            elif track.state == "proposed":
                self._answer(services, track, week, now)
            elif track.state == "planning" and week > track.formed_week:
                self._begin(services, track, now)
            elif track.state == "active":
                assert track.ends_at is not None  # set when work began
                if now >= track.ends_at:
                    self._complete(services, track, engagement)
                    completed.extend(track.mentees)
                else:
                    working.append(track)
        sessions = self._sessions(services, working, engagement, rng)
        if not self._working and any(t.formed_week >= 0 for t in self._tracks):
            services.fire(
                self._programme_id, "start_work", actor=self._coordinator, tenant=self._tenant
            )
            self._working = True
        return MentoringWeek(sessions=frozenset(sessions), completed=tuple(sorted(completed)))

    # -- the steps of a track ---------------------------------------------------------------

    def _fire(
        self, services: Services, track: _Track, trigger: str, payload: Any = None, *, actor: str
    ) -> None:
        event = services.fire(track.track_id, trigger, payload, actor=actor, tenant=self._tenant)
        track.state = event.target

    def _close(self, services: Services, track: _Track, present: Set[str]) -> None:
        who = "mentor_left" if all(m in present for m in track.mentees) else "mentee_left"
        reason = mt.CloseTrack(reason=_TEXTS[who].get(self._lang))
        self._fire(services, track, "close_early", reason, actor=self._coordinator)

    def _answer(self, services: Services, track: _Track, week: int, now: datetime) -> None:
        assert track.mentor is not None  # both set with the proposal
        assert track.due_at is not None
        if now > track.due_at:
            # Nobody answered in time (the week came late): the proposal lapses, as tick
            # would have it, and the mentees wait unmatched.
            self._fire(services, track, "lapse", actor=mt.SYSTEM_ACTOR)
            track.mentor = None
            return
        for actor in (track.mentor, *track.mentees):
            self._fire(services, track, "accept", actor=actor)
        track.formed_week = week

    def _begin(self, services: Services, track: _Track, now: datetime) -> None:
        assert track.mentor is not None
        form = self._form
        days = min(max((self._end_at - now).days, form.min_days), form.max_days)
        plan = draft_programme(track.request, form, duration_days=days, lang=self._lang)
        self._fire(services, track, "set_plan", mt.SetPlan(plan=plan), actor=track.mentor)
        self._fire(services, track, "begin", actor=track.mentor)
        track.ends_at = now + timedelta(days=days)  # as the begin effect sets it

    def _sessions(
        self,
        services: Services,
        working: Sequence[_Track],
        engagement: Mapping[str, float],
        rng: np.random.Generator,
    ) -> list[str]:
        # One draw per working track, every week, in the tracks' order: the draws do not
        # depend on who is engaged, so a change of engagement moves no other pair's luck.
        draws = rng.random(len(working))
        held: list[str] = []
        limit = self._form.max_meetings
        log = mt.LogSession(format=self._form.meeting_formats[0])
        for track, draw in zip(working, draws, strict=True):
            assert track.mentor is not None
            chance = self._session_chance * _together(track, engagement)
            if draw >= chance or (limit is not None and track.sessions >= limit):
                continue
            self._fire(services, track, "log_session", log, actor=track.mentor)
            track.sessions += 1
            held.extend(track.mentees)
        return held

    def _complete(self, services: Services, track: _Track, engagement: Mapping[str, float]) -> None:
        assert track.mentor is not None
        self._fire(services, track, "reach_end", actor=mt.SYSTEM_ACTOR)
        fit = min(5, max(1, 1 + round(4 * max(_together(track, engagement), 0.0) ** 0.5)))
        mentor = mt.GiveFeedback(fit=fit, what_changed=_TEXTS["changed_mentor"].get(self._lang))
        self._fire(services, track, "give_feedback", mentor, actor=track.mentor)
        mentee = mt.GiveFeedback(fit=fit, what_changed=_TEXTS["changed_mentee"].get(self._lang))
        for actor in track.mentees:
            self._fire(services, track, "give_feedback", mentee, actor=actor)
        self._fire(services, track, "complete", actor=track.mentor)


# -- helpers ----------------------------------------------------------------------------------


def _together(track: _Track, engagement: Mapping[str, float]) -> float:
    """The mentor's engagement times the mentees' mean engagement."""
    assert track.mentor is not None
    mean = sum(engagement.get(m, 0.0) for m in track.mentees) / len(track.mentees)
    return engagement.get(track.mentor, 0.0) * mean


def _check_numbers(
    capacity: int, weeks: int, per_month: float, candidates: int, shortlist: int | None
) -> None:
    for name, value, low in (
        ("max_mentees_per_mentor", capacity, 1),
        ("weeks", weeks, 1),
        ("candidates", candidates, 1),
        ("shortlist", 1 if shortlist is None else shortlist, 1),
        ("sessions_per_month", per_month, 0),
    ):
        kind = int if low else int | float
        if isinstance(value, bool) or not isinstance(value, kind) or not value >= low:
            what = "a whole number from 1" if low else "a number from 0"
            raise InvalidData(f"{name} is {what}, got {shown(value)}", path=f"$.{name}")
