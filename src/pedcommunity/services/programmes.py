"""The mentoring programme's use cases: its tracks change with it in one transaction.

A programme is a programme workflow and one track workflow per pair or group, stored side by
side. Every use case here loads the programme and the tracks it touches from one unit of
work, computes every change first (the track's, and the programme's ``sync_track`` when the
track's status changes: :mod:`pedcommunity.workflows.mentoring_programme.coordination`), and
commits them together, so a store never holds a track whose programme did not record it.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.model import Teacher
    >>> from pedcommunity.services import InMemoryStore
    >>> from pedcommunity.services.workflows import fire_trigger, get_workflow
    >>> from pedcommunity.workflows.mentoring_programme import ProgrammeData
    >>> store, at = InMemoryStore(), datetime(2026, 9, 1, tzinfo=timezone.utc)
    >>> _ = create_programme(store.unit_of_work(), ProgrammeData(name="П",
    ...                      coordinator_ids=("c",)), id="p", actor="c", at=at)
    >>> _ = fire_trigger(store.unit_of_work(), "p", "add_curator", actor="c", at=at,
    ...                  teacher_id="k1", capacity=5)
    >>> get_workflow(store.unit_of_work(), "p").data.curators[0].teacher_id
    'k1'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId, WorkflowError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.mentoring import MentoringForm, MentoringRequest
from pedcommunity.workflows.engine import Workflow, commit
from pedcommunity.workflows.mentoring_programme import MENTORING_PROGRAMME, ProgrammeData
from pedcommunity.workflows.mentoring_programme.coordination import (
    check_programme,
    check_track_id,
    is_draft,
    new_track_data,
    plan_open,
    plan_track,
    proposed_tracks,
    rematch_track_data,
    unknown_track,
)
from pedcommunity.workflows.mentoring_programme.permissions import SERVICE_TRIGGERS
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, ProposalSource, TrackRules
from pedcommunity.workflows.permissions import AccessPolicy

from ._commands import repeated, repeated_event, start_in
from .ports import UnitOfWork

__all__ = [
    "create_programme",
    "fire_track",
    "open_track",
    "propose",
    "propose_matches",
    "publish_all",
    "rematch",
]


def programme_of(workflow: Workflow, uow: UnitOfWork) -> Workflow | None:
    """The stored programme a track belongs to, read in ``uow``; ``None`` for any other workflow."""
    if workflow.definition.name != MENTORING_TRACK.name:
        return None
    programme_id = getattr(workflow.data, "programme_id", None)
    if programme_id is None or programme_id not in uow.workflows:
        return None
    return load_programme(uow, str(programme_id))


def refuse_sync(workflow: Workflow, trigger: str) -> None:
    """Refuse a programme's record fired by hand, ``sync_track`` and the other service triggers.

    :data:`~pedcommunity.workflows.mentoring_programme.permissions.SERVICE_TRIGGERS` are fired
    by the services with the change they record (a track's, the navigators school's, an
    initiative's).
    """
    why = SERVICE_TRIGGERS.get(trigger) if isinstance(trigger, str) else None
    if workflow.definition.name == MENTORING_PROGRAMME.name and why is not None:
        raise InvalidData(f"{trigger} {why}", path="$.trigger")


def load_programme(uow: UnitOfWork, programme_id: str) -> Workflow:
    """The stored programme workflow (a mentoring_programme), read in ``uow``.

    Raises:
        UnknownId: no workflow with this id.
        InvalidData: the workflow is not a mentoring programme.
    """
    workflow = uow.workflows.get(programme_id)
    if workflow.definition.name != MENTORING_PROGRAMME.name:
        raise InvalidData(
            f"'{programme_id}' is a {workflow.definition.name}, not a mentoring programme",
            path="$.programme_id",
        )
    return check_programme(workflow)


def load_track(uow: UnitOfWork, programme: Workflow, track_id: str) -> Workflow:
    """One of the programme's tracks, read in ``uow``.

    Raises:
        InvalidData: a malformed id.
        UnknownId: the programme has no such track.
    """
    check_track_id(track_id, "track_id")
    if track_id not in programme.data.tracks:
        raise unknown_track(track_id, programme.data)
    return uow.workflows.get(track_id)


def fire_track_in(
    programme: Workflow,
    track: Workflow,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    fields: Mapping[str, Any] | None = None,
    call: str | None = None,
) -> DomainEvent:
    """Fire a trigger on a programme's track, both read in an entered unit of work.

    The track's change and the programme's record of it are computed first, then applied
    together; the caller commits the unit of work.
    """
    outcome, sync = plan_track(
        programme,
        track,
        trigger,
        payload,
        actor=actor,
        at=at,
        call=call,
        expected_version=expected_version,
        policy=policy,
        fields=fields,
    )
    if sync is not None:
        commit(programme, sync)
    return commit(track, outcome)


def create_programme(
    uow: UnitOfWork,
    data: ProgrammeData,
    *,
    id: str,
    actor: str,
    at: datetime,
    command_id: str | None = None,
) -> Workflow:
    """Start a programme in ``preparing`` and store it.

    Raises:
        DuplicateId: the tenant already has a workflow with this id.
        InvalidData: ``data`` is not a ProgrammeData, or a malformed id, actor or time.
    """
    with uow:
        programme, _, _ = start_in(
            uow, MENTORING_PROGRAMME, data, id=id, actor=actor, at=at, command_id=command_id
        )
        return programme


def _open(
    uow: UnitOfWork,
    programme: Workflow,
    track_id: str,
    data: Any,
    *,
    actor: str,
    at: datetime,
    call: str,
    policy: AccessPolicy | None,
    command_id: str | None,
) -> Workflow:
    if track_id in uow.workflows:
        raise DuplicateId(kind="workflow", id=track_id)
    track, sync = plan_open(programme, track_id, data, actor=actor, at=at, call=call, policy=policy)
    commit(programme, sync)
    uow.workflows.add(track)
    uow.commit(command_id=command_id)
    return track


def open_track(
    uow: UnitOfWork,
    programme_id: str,
    track_id: str,
    *,
    mentee_ids: Iterable[str],
    request: MentoringRequest,
    actor: str,
    at: datetime,
    form: MentoringForm | str = "traditional",
    curator_id: str | None = None,
    rules: TrackRules | None = None,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> Workflow:
    """Open a track for enrolled mentees (one, or a group), in ``requested``.

    Mentors the mentees declined, let lapse or left early in earlier tracks are carried into
    the new track's ``excluded``.

    Raises:
        InvalidData: a malformed argument (``path`` names it).
        UnknownId: no such programme, a mentee not enrolled, or an unknown form name.
        DuplicateId: the track id is taken (by a track or any other workflow of the tenant).
        GuardFailed: the programme's rules refuse the track (named ``open_track``).
    """
    with uow:
        if repeated(uow, command_id, workflow_id=track_id, trigger="start") is not None:
            return uow.workflows.get(track_id)
        programme = load_programme(uow, programme_id)
        data = new_track_data(
            programme,
            track_id,
            mentee_ids=mentee_ids,
            request=request,
            form=form,
            curator_id=curator_id,
            rules=rules,
        )
        return _open(
            uow,
            programme,
            track_id,
            data,
            actor=actor,
            at=at,
            call="open_track",
            policy=policy,
            command_id=command_id,
        )


def rematch(
    uow: UnitOfWork,
    programme_id: str,
    closed_track_id: str,
    new_track_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> Workflow:
    """Open a new track for the mentees of a track that closed early (or completed).

    Raises:
        InvalidData: the old track is still open, or a malformed id.
        UnknownId: no such programme or track.
        DuplicateId: the new track id is taken.
        GuardFailed: the programme's rules refuse the new track (named ``rematch``).
    """
    with uow:
        if repeated(uow, command_id, workflow_id=new_track_id, trigger="start") is not None:
            return uow.workflows.get(new_track_id)
        programme = load_programme(uow, programme_id)
        old = load_track(uow, programme, closed_track_id)
        data = rematch_track_data(programme, old, new_track_id)
        return _open(
            uow,
            programme,
            new_track_id,
            data,
            actor=actor,
            at=at,
            call="rematch",
            policy=policy,
            command_id=command_id,
        )


def fire_track(
    uow: UnitOfWork,
    programme_id: str,
    track_id: str,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
    **fields: Any,
) -> DomainEvent:
    """Fire a trigger on one of the programme's tracks, all or nothing with the programme.

    ``expected_version`` is the track's. The track's change is computed first; if it alters
    the track's status, the programme's rules across tracks are checked (``sync_track``)
    before anything is stored.

    Raises:
        UnknownId: no such programme or track.
        WorkflowError: the track or the programme refused (nothing stored); the error names
            ``trigger``, also when the programme's rules refused it.
        ConcurrentUpdate: ``expected_version`` is stale, or someone stored first.
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=track_id, trigger=trigger)
        if done is not None:
            return done
        programme = load_programme(uow, programme_id)
        track = load_track(uow, programme, track_id)
        event = fire_track_in(
            programme,
            track,
            trigger,
            payload,
            actor=actor,
            at=at,
            expected_version=expected_version,
            policy=policy,
            fields=fields,
        )
        uow.commit(command_id=command_id)
        return event


def _propose_in(
    uow: UnitOfWork,
    programme: Workflow,
    track_id: str,
    mentor_id: str,
    *,
    actor: str,
    at: datetime,
    draft: bool,
    policy: AccessPolicy | None,
) -> DomainEvent:
    if not isinstance(draft, bool):
        raise InvalidData(f"draft is True or False, got {shown(draft)}", path="$.draft")
    leader = programme.data.leader(mentor_id)
    track = load_track(uow, programme, track_id)
    source = ProposalSource.MATCHING if draft else ProposalSource.COORDINATOR
    return fire_track_in(
        programme,
        track,
        "propose",
        actor=actor,
        at=at,
        policy=policy,
        fields={"mentor": leader.teacher, "source": source},
        call="propose",
    )


def propose(
    uow: UnitOfWork,
    programme_id: str,
    track_id: str,
    mentor_id: str,
    *,
    actor: str,
    at: datetime,
    draft: bool = False,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> DomainEvent:
    """Propose a leader of the bank as mentor of a track (a draft when ``draft``).

    Raises:
        UnknownId: no such programme, track or leader.
        WorkflowError: refused by the track or by the programme's rules (named ``propose``).
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=track_id, trigger="propose")
        if done is not None:
            return done
        programme = load_programme(uow, programme_id)
        event = _propose_in(
            uow, programme, track_id, mentor_id, actor=actor, at=at, draft=draft, policy=policy
        )
        uow.commit(command_id=command_id)
        return event


def propose_matches(
    uow: UnitOfWork,
    programme_id: str,
    pairs: Mapping[str, str],
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
) -> tuple[list[DomainEvent], dict[str, str]]:
    """Record bulk-matching results as draft proposals: ``{track_id: mentor_id}``.

    Each pair is proposed on its own; a refused one is reported, not raised, so one bad pair
    does not hold back the rest. The accepted ones are stored in one transaction. Returns the
    events and ``{track_id: reason}`` for the refused.
    """
    if not isinstance(pairs, Mapping):
        raise InvalidData(
            f"pairs maps track ids to mentor ids, got {type(pairs).__name__}", path="$.pairs"
        )
    with uow:
        events, refused = propose_drafts(
            uow, load_programme(uow, programme_id), pairs, actor=actor, at=at, policy=policy
        )
        uow.commit()
        return events, refused


def propose_drafts(
    uow: UnitOfWork,
    programme: Workflow,
    pairs: Mapping[str, str],
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None,
) -> tuple[list[DomainEvent], dict[str, str]]:
    """Draft proposals for ``{track_id: mentor_id}`` in an entered unit of work (not committed).

    A refused pair is reported in ``{track_id: reason}`` and changes nothing.
    """
    events: list[DomainEvent] = []
    refused: dict[str, str] = {}
    for track_id, mentor_id in pairs.items():
        try:
            events.append(
                _propose_in(
                    uow,
                    programme,
                    track_id,
                    mentor_id,
                    actor=actor,
                    at=at,
                    draft=True,
                    policy=policy,
                )
            )
        except (WorkflowError, UnknownId, InvalidData) as exc:
            refused[str(track_id)] = str(exc)
    return events, refused


def publish_all(
    uow: UnitOfWork,
    programme_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
) -> list[DomainEvent]:
    """Publish every draft proposal (a coordinator's review of bulk matching), all or nothing."""
    with uow:
        programme = load_programme(uow, programme_id)
        events = publish_drafts(
            uow, programme, proposed_tracks(programme.data), actor=actor, at=at, policy=policy
        )
        uow.commit()
        return events


def publish_drafts(
    uow: UnitOfWork,
    programme: Workflow,
    track_ids: Iterable[str],
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None,
) -> list[DomainEvent]:
    """Publish the draft proposals among ``track_ids``, in an entered unit of work."""
    events = []
    for track_id in track_ids:
        track = uow.workflows.get(track_id)
        if is_draft(track):
            events.append(
                fire_track_in(programme, track, "publish", actor=actor, at=at, policy=policy)
            )
    return events
