""":class:`MentoringProgramme`: one programme's use cases bound to a store, a clock and a policy.

The object a developer holds for a programme. Every method is one use case of
:mod:`pedcommunity.services.programmes` over a unit of work of its store, so a track and its
programme change in one transaction or not at all, whether the store is in memory (the
default) or a database (:meth:`MentoringProgramme.open`).

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.clock import ManualClock
    >>> from pedcommunity.model import Teacher
    >>> from pedcommunity.workflows.mentoring_programme import ProgrammeData
    >>> prog = MentoringProgramme.create(
    ...     ProgrammeData(name="Школьная программа", coordinator_ids=("c",)),
    ...     id="p1", actor="c", clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
    >>> _ = prog.fire("add_curator", actor="c", teacher_id="k1", capacity=5)
    >>> _ = prog.fire("open_mentee_base", actor="c")
    >>> _ = prog.fire("enrol_mentee", actor="c", teacher=Teacher(
    ...     id="t1", name="Иван", organisation_id="s1", years_experience=1))
    >>> prog.state, len(prog.store.outbox().read("example"))
    ('mentee_base', 4)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pedcommunity.clock import Clock
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import (
    DevelopmentProgramme,
    MentoringForm,
    MentoringRequest,
    draft_programme,
)
from pedcommunity.workflows.engine import Outcome, Workflow, preview
from pedcommunity.workflows.mentoring_programme import MENTORING_PROGRAMME, ProgrammeData
from pedcommunity.workflows.mentoring_programme.coordination import (
    available_mentors,
    check_in_step,
    check_programme,
    free_places,
    plan_track,
    programme_figures,
)
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, SYSTEM_ACTOR, TrackRules
from pedcommunity.workflows.permissions import AccessPolicy
from pedcommunity.workflows.rebuild import replay

from . import programmes as uc
from .matching import ProgrammeMatching, match_programme_tracks, matching_inputs
from .memory import InMemoryStore
from .ports import DEFAULT_TENANT, EventStore, UnitOfWork, check_tenant
from .timers import tick_programme
from .workflows import fire_trigger

if TYPE_CHECKING:
    from pedcommunity.matching import MatchingCriterion, MatchingMethod, Objective
    from pedcommunity.matching.programme import WaitingTrack

__all__ = ["MentoringProgramme"]


class MentoringProgramme:
    """A programme workflow and its track workflows, kept in step in one store.

    Programme triggers go through :meth:`fire`, track triggers through :meth:`fire_track`;
    :meth:`preview` answers what either would do without changing anything. A refusal names
    what the caller called (``propose``, ``open_track``), also when the programme's rules
    across tracks refuse it; ``policy`` is the host's
    :class:`~pedcommunity.workflows.permissions.AccessPolicy` for every trigger.

    Built from workflows (``MentoringProgramme(workflow, tracks, clock=...)``, :meth:`create`,
    :meth:`restore`, :meth:`replay`), it keeps them in an
    :class:`~pedcommunity.services.InMemoryStore` of its own (:attr:`store`);
    :meth:`open` binds it to a programme already in any store.
    """

    __slots__ = ("clock", "id", "policy", "store", "tenant")

    def __init__(
        self,
        workflow: Workflow,
        tracks: Iterable[Workflow] = (),
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> None:
        check_programme(workflow)
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            uow.workflows.add(workflow)
            for track in tracks:
                uow.workflows.add(track)
            uow.commit()
        self.store: EventStore = store
        self.tenant = DEFAULT_TENANT
        self.id = workflow.id
        self.clock = clock
        self.policy = policy

    # -- creating and restoring -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        store: EventStore,
        programme_id: str,
        *,
        clock: Clock,
        tenant: str = DEFAULT_TENANT,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Bind to a programme kept in ``store`` (in memory or a database).

        Raises:
            UnknownId: the tenant has no workflow ``programme_id``.
            InvalidData: it is not a mentoring programme.
        """
        tenant = check_tenant(tenant)
        with store.unit_of_work(tenant) as uow:
            uc.load_programme(uow, programme_id)
        prog = cls.__new__(cls)
        prog.store, prog.tenant, prog.id = store, tenant, programme_id
        prog.clock, prog.policy = clock, policy
        return prog

    @classmethod
    def create(
        cls,
        data: ProgrammeData,
        *,
        id: str,
        actor: str,
        clock: Clock,
        policy: AccessPolicy | None = None,
        store: EventStore | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> MentoringProgramme:
        """Start a new programme in ``preparing`` (in ``store``, by default a new in-memory one)."""
        store = store if store is not None else InMemoryStore()
        uc.create_programme(store.unit_of_work(tenant), data, id=id, actor=actor, at=clock.now())
        return cls.open(store, id, clock=clock, tenant=tenant, policy=policy)

    @classmethod
    def restore(
        cls,
        workflow: Workflow,
        tracks: Iterable[Workflow],
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Rebuild a programme from its workflows, checking they are in step.

        Raises:
            InvalidData: a track is missing, extra, or its status differs from what the
                programme recorded.
        """
        by_id = check_in_step(check_programme(workflow), tracks)
        return cls(workflow, by_id.values(), clock=clock, policy=policy)

    @classmethod
    def replay(
        cls,
        programme_events: Iterable[DomainEvent],
        track_events: Iterable[Iterable[DomainEvent]],
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Rebuild a programme from its event logs (the programme's, then each track's)."""
        workflow = replay(MENTORING_PROGRAMME, programme_events)
        tracks = [replay(MENTORING_TRACK, events) for events in track_events]
        return cls.restore(workflow, tracks, clock=clock, policy=policy)

    # -- reading --------------------------------------------------------------------------------

    def _uow(self) -> UnitOfWork:
        return self.store.unit_of_work(self.tenant)

    @property
    def workflow(self) -> Workflow:
        """The programme workflow, as last stored (a copy: it does not change under you)."""
        return self._stored().copy()

    def _stored(self) -> Workflow:
        with self._uow() as uow:
            return uow.workflows.get(self.id)

    @property
    def state(self) -> str:
        """The programme's stage."""
        return self._stored().state

    @property
    def data(self) -> ProgrammeData:
        """The programme's data."""
        data: ProgrammeData = self._stored().data
        return data

    @property
    def tracks(self) -> Mapping[str, Workflow]:
        """The programme's tracks by id (read them; change them with :meth:`fire_track`)."""
        with self._uow() as uow:
            tracks = uow.workflows.get(self.id).data.tracks
            return {tid: uow.workflows.get(tid).copy() for tid in tracks}

    def track(self, track_id: str) -> Workflow:
        """One track by id.

        Raises:
            UnknownId: the programme has no such track.
        """
        with self._uow() as uow:
            return uc.load_track(uow, uow.workflows.get(self.id), track_id).copy()

    def workflows(self) -> Iterator[Workflow]:
        """The programme workflow, then every track."""
        yield self.workflow
        yield from self.tracks.values()

    def load(self) -> dict[str, int]:
        """Mentees held per mentor (formed pairs and waiting proposals), by mentor id."""
        return free_places(self.data)

    def free_capacity(self, leader_id: str) -> int:
        """How many more mentees a leader can take."""
        data = self.data
        return data.leader(leader_id).capacity - data._held(leader_id)

    def available_mentors(
        self, competency_id: str | None = None, *, organisation_id: str | None = None
    ) -> list[Leader]:
        """Trained leaders with free capacity, the best in ``competency_id`` first.

        Optionally only leaders who teach ``competency_id``, or who work in
        ``organisation_id``; ties go to the most free places, then the id.
        """
        return available_mentors(self.data, competency_id, organisation_id=organisation_id)

    def draft_plan(
        self, track_id: str, *, duration_days: int | None = None, lang: str = "ru"
    ) -> DevelopmentProgramme:
        """A first development programme for a track, drafted from its request and form.

        See :func:`~pedcommunity.model.mentoring.draft_programme`; the draft fits the track's
        request, so ``set_plan`` accepts it (the mentor usually edits outcomes first).

        Raises:
            UnknownId: the programme has no such track.
            InvalidData: ``duration_days`` lies outside the track's form.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity.clock import ManualClock
            >>> prog = MentoringProgramme.create(
            ...     ProgrammeData(name="П", coordinator_ids=("c",)), id="p1", actor="c",
            ...     clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
            >>> prog.draft_plan("tr-1")  # a track opened by open_track drafts its plan
            Traceback (most recent call last):
            ...
            pedcommunity.errors.UnknownId: Unknown track 'tr-1'; known: none.
        """
        data = self.track(track_id).data
        return draft_programme(data.request, data.form, duration_days=duration_days, lang=lang)

    def figures(self) -> dict[str, float]:
        """The programme's figures, computed from its tracks (see :data:`FIGURE_LABELS`)."""
        return programme_figures(self.data, self.tracks.values())

    # -- changing -------------------------------------------------------------------------------

    def fire(self, trigger: str, payload: Any = None, *, actor: str, **fields: Any) -> DomainEvent:
        """Fire a programme trigger now (``sync_track`` is fired by the tracks, not here).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity.clock import ManualClock
            >>> prog = MentoringProgramme.create(
            ...     ProgrammeData(name="П", coordinator_ids=("c",)), id="p1", actor="c",
            ...     clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
            >>> prog.fire("add_curator", actor="c", teacher_id="k1", capacity=5).trigger
            'add_curator'
        """
        return fire_trigger(
            self._uow(),
            self.id,
            trigger,
            payload,
            actor=actor,
            at=self.clock.now(),
            policy=self.policy,
            **fields,
        )

    def preview(
        self,
        trigger: str,
        payload: Any = None,
        *,
        actor: str,
        track_id: str | None = None,
        **fields: Any,
    ) -> Outcome:
        """What a trigger would do now, without changing anything.

        Without ``track_id``, a programme trigger; with it, a trigger of that track, checked
        against the programme's rules across tracks too. It raises exactly what :meth:`fire`
        or :meth:`fire_track` would raise.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity import GuardFailed
            >>> from pedcommunity.clock import ManualClock
            >>> prog = MentoringProgramme.create(
            ...     ProgrammeData(name="П", coordinator_ids=("c",)), id="p1", actor="c",
            ...     clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
            >>> try:
            ...     prog.preview("open_mentee_base", actor="c")
            ... except GuardFailed as err:
            ...     print(err.reason)
            appoint at least one curator to run the personal programmes
            >>> prog.preview("add_curator", actor="c", teacher_id="k1", capacity=5).state
            'preparing'
            >>> prog.data.curators
            ()
        """
        at = self.clock.now()
        with self._uow() as uow:
            programme = uc.load_programme(uow, self.id)
            if track_id is None:
                uc.refuse_sync(programme, trigger)
                return preview(
                    programme, trigger, payload, actor=actor, at=at, policy=self.policy, **fields
                )
            track = uc.load_track(uow, programme, track_id)
            return plan_track(
                programme,
                track,
                trigger,
                payload,
                actor=actor,
                at=at,
                policy=self.policy,
                fields=fields,
            )[0]

    def open_track(
        self,
        track_id: str,
        *,
        mentee_ids: Iterable[str],
        request: MentoringRequest,
        actor: str,
        form: MentoringForm | str = "traditional",
        curator_id: str | None = None,
        rules: TrackRules | None = None,
    ) -> Workflow:
        """Open a track for enrolled mentees (one, or a group), in ``requested``.

        See :func:`pedcommunity.services.programmes.open_track`.
        """
        return uc.open_track(
            self._uow(),
            self.id,
            track_id,
            mentee_ids=mentee_ids,
            request=request,
            actor=actor,
            at=self.clock.now(),
            form=form,
            curator_id=curator_id,
            rules=rules,
            policy=self.policy,
        )

    def rematch(self, closed_track_id: str, new_track_id: str, *, actor: str) -> Workflow:
        """Open a new track for the mentees of a track that closed early (or completed)."""
        return uc.rematch(
            self._uow(),
            self.id,
            closed_track_id,
            new_track_id,
            actor=actor,
            at=self.clock.now(),
            policy=self.policy,
        )

    def fire_track(
        self, track_id: str, trigger: str, payload: Any = None, *, actor: str, **fields: Any
    ) -> DomainEvent:
        """Fire a trigger on one of the programme's tracks now, all or nothing.

        Raises:
            UnknownId: no such track.
            WorkflowError: the track or the programme refused (state unchanged in both); the
                error names ``trigger``, also when the programme's rules refused it.
        """
        return uc.fire_track(
            self._uow(),
            self.id,
            track_id,
            trigger,
            payload,
            actor=actor,
            at=self.clock.now(),
            policy=self.policy,
            **fields,
        )

    def propose(
        self, track_id: str, mentor_id: str, *, actor: str, draft: bool = False
    ) -> DomainEvent:
        """Propose a leader of the bank as mentor of a track (a draft when ``draft``)."""
        return uc.propose(
            self._uow(),
            self.id,
            track_id,
            mentor_id,
            actor=actor,
            at=self.clock.now(),
            draft=draft,
            policy=self.policy,
        )

    def propose_matches(
        self, pairs: Mapping[str, str], *, actor: str
    ) -> tuple[list[DomainEvent], dict[str, str]]:
        """Record bulk-matching results as draft proposals: ``{track_id: mentor_id}``.

        A refused pair is reported in ``{track_id: reason}``, not raised.
        """
        return uc.propose_matches(
            self._uow(), self.id, pairs, actor=actor, at=self.clock.now(), policy=self.policy
        )

    def publish_all(self, *, actor: str) -> list[DomainEvent]:
        """Publish every draft proposal (a coordinator's review of bulk matching)."""
        return uc.publish_all(
            self._uow(), self.id, actor=actor, at=self.clock.now(), policy=self.policy
        )

    def matching_inputs(self) -> tuple[list[WaitingTrack], list[Leader], dict[str, int]]:
        """The waiting tracks, available mentors and their load, as matching reads them.

        ``match_programme(tracks, mentors, load=load)`` of these is what :meth:`match` runs.
        """
        with self._uow() as uow:
            return matching_inputs(uow, uc.load_programme(uow, self.id))

    def match(
        self,
        *,
        actor: str,
        method: MatchingMethod | str = "optimal",
        criteria: Sequence[MatchingCriterion] | None = None,
        objective: Objective | str = "participation",
        publish: bool = False,
    ) -> ProgrammeMatching:
        """Bulk matching: mentors for every waiting track, recorded as draft proposals.

        With ``publish`` the drafts are published at once. See
        :func:`pedcommunity.services.matching.match_programme_tracks`.
        """
        return match_programme_tracks(
            self._uow(),
            self.id,
            actor=actor,
            at=self.clock.now(),
            method=method,
            criteria=criteria,
            objective=objective,
            publish=publish,
            policy=self.policy,
        )

    def tick(self, *, actor: str = SYSTEM_ACTOR) -> list[DomainEvent]:
        """Fire every time-based trigger due on the programme's tracks now."""
        return tick_programme(
            self._uow(), self.id, at=self.clock.now(), actor=actor, policy=self.policy
        )

    def __repr__(self) -> str:
        return f"<MentoringProgramme {self.id!r} of {self.tenant!r}>"
