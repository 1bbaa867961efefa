"""A programme and its tracks changing together: the rules, as pure functions over workflows.

A change to a track that alters its :class:`~.data.TrackStatus` is mirrored by the
programme's ``sync_track``, whose guards hold the rules that span tracks. These functions
compute both changes without committing either, so the caller (the services layer, over a
unit of work) commits the pair or neither. A refusal is worded for what the caller called
(``propose``, ``open_track``), also when the programme's rules refuse it.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.workflows import start
    >>> from pedcommunity.workflows.mentoring_programme import (
    ...     MENTORING_PROGRAMME, ProgrammeData)
    >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
    >>> prog = start(MENTORING_PROGRAMME, ProgrammeData(name="П", coordinator_ids=("c",)),
    ...              id="p", actor="c", at=at)
    >>> available_mentors(prog.data), free_places(prog.data)
    ([], {})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, GuardFailed, InvalidData, InvalidTrigger, UnknownId
from pedcommunity.model._fields import is_id
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringForm, MentoringRequest
from pedcommunity.workflows.engine import Outcome, Workflow, preview, start
from pedcommunity.workflows.mentoring_programme.bank import cluster_figures
from pedcommunity.workflows.mentoring_programme.data import ProgrammeData
from pedcommunity.workflows.mentoring_programme.definition import MENTORING_PROGRAMME
from pedcommunity.workflows.mentoring_programme.tracks import TrackUpdate, track_status
from pedcommunity.workflows.mentoring_track import (
    MENTORING_TRACK,
    ProposalStatus,
    TrackData,
    TrackRules,
    rematch_data,
)
from pedcommunity.workflows.permissions import AccessPolicy

__all__ = [
    "available_mentors",
    "check_in_step",
    "free_places",
    "is_draft",
    "new_track_data",
    "plan_open",
    "plan_track",
    "programme_figures",
    "proposed_tracks",
    "rematch_track_data",
    "sync_outcome",
]


def check_track_id(value: object, field: str) -> str:
    """``value`` if it is a track id, else :class:`InvalidData` at ``$.<field>``."""
    if not is_id(value):
        raise InvalidData(f"a track id is an id string, got {shown(value)}", path=f"$.{field}")
    assert isinstance(value, str)
    return value


def id_list(value: object, field: str) -> tuple[str, ...]:
    """A tuple of ids from a list or tuple of them; one string or anything else is refused."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidData(
            f"{field} is a list of ids, got {type(value).__name__}", path=f"$.{field}"
        )
    ids = tuple(value)
    for i, item in enumerate(ids):
        if not isinstance(item, str):
            raise InvalidData(
                f"{field} holds id strings, got {type(item).__name__}", path=f"$.{field}[{i}]"
            )
    return ids


def check_programme(workflow: object) -> Workflow:
    """``workflow`` if it runs on the mentoring programme's definition, else InvalidData."""
    if not isinstance(workflow, Workflow) or workflow.definition is not MENTORING_PROGRAMME:
        raise InvalidData("a programme runs on a mentoring_programme workflow", path="$")
    return workflow


def sync_outcome(
    programme: Workflow,
    update: TrackUpdate,
    *,
    actor: str,
    at: datetime,
    call: str,
    state: str,
    policy: AccessPolicy | None = None,
) -> Outcome:
    """The programme's record of a track's change, refused in the words of ``call``.

    ``state`` is the track's state the caller sees (the error's ``state``).
    """
    try:
        return preview(programme, "sync_track", update, actor=actor, at=at, policy=policy)
    except GuardFailed as exc:
        raise GuardFailed(
            trigger=call,
            state=state,
            guard=exc.guard,
            reason=f"the programme's rules refuse it: {exc.reason}",
        ) from None
    except InvalidTrigger:
        stage = programme.state_label.en.lower()
        raise GuardFailed(
            trigger=call,
            state=state,
            guard="programme_stage",
            reason=(
                f"the programme is at its '{stage}' stage; tracks open and change while "
                "it is matching or its pairs are at work"
            ),
        ) from None


def plan_track(
    programme: Workflow,
    track: Workflow,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    call: str | None = None,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    fields: Mapping[str, Any] | None = None,
) -> tuple[Outcome, Outcome | None]:
    """A track's change and, if it alters the track's status, the programme's ``sync_track``.

    Both are computed before either is committed: commit the sync (if any) and the track's
    outcome together, or neither. It raises what firing either would raise.
    """
    outcome = preview(
        track,
        trigger,
        payload,
        actor=actor,
        at=at,
        expected_version=expected_version,
        policy=policy,
        **(fields or {}),
    )
    status = track_status(outcome.state, outcome.data)
    if status == programme.data.tracks.get(track.id):
        return outcome, None
    update = TrackUpdate(track_id=track.id, status=status)
    sync = sync_outcome(
        programme,
        update,
        actor=actor,
        at=at,
        call=call or trigger,
        state=track.state,
        policy=policy,
    )
    return outcome, sync


def new_track_data(
    programme: Workflow,
    track_id: str,
    *,
    mentee_ids: Iterable[str],
    request: MentoringRequest,
    form: MentoringForm | str = "traditional",
    curator_id: str | None = None,
    rules: TrackRules | None = None,
) -> TrackData:
    """The data of a new track for enrolled mentees, carrying the mentors they left behind.

    Raises:
        InvalidData: a malformed argument (``path`` names it).
        UnknownId: a mentee not enrolled, or an unknown form name.
        DuplicateId: the track id is taken.
    """
    check_track_id(track_id, "track_id")
    data: ProgrammeData = programme.data
    if track_id in data.tracks:
        raise DuplicateId(kind="track", id=track_id)
    if isinstance(form, str):
        form_obj = MENTORING_FORMS[form]  # UnknownId lists the forms
    elif isinstance(form, MentoringForm):
        form_obj = form
    else:
        raise InvalidData(
            f"form is a MentoringForm or the name of one, got {type(form).__name__}",
            path="$.form",
        )
    ids = id_list(mentee_ids, "mentee_ids")
    mentees = tuple(data.mentee(t) for t in ids)
    excluded = sorted(data._excluded_for(ids))
    try:
        return TrackData(
            form=form_obj,
            mentees=mentees,
            request=request,
            rules=rules or TrackRules(),
            programme_id=programme.id,
            coordinator_ids=data.coordinator_ids,
            curator_id=curator_id,
            excluded=excluded,
        )
    except (TypeError, ValueError) as exc:
        raise InvalidData(str(exc), path="$.data") from None


def rematch_track_data(programme: Workflow, old: Workflow, new_track_id: str) -> TrackData:
    """The data of a new track for the mentees of a track that closed (early or completed).

    Raises:
        InvalidData: the old track is still open, or the new id is malformed.
        DuplicateId: the new track id is taken.
    """
    check_track_id(new_track_id, "new_track_id")
    if not old.is_final:
        raise InvalidData(
            f"track '{old.id}' is {old.state}; close it before a rematch",
            path="$.closed_track_id",
        )
    data: ProgrammeData = programme.data
    if new_track_id in data.tracks:
        raise DuplicateId(kind="track", id=new_track_id)
    new = rematch_data(old.data)
    extra = sorted(data._excluded_for(new.mentee_ids) - set(new.excluded))
    return attrs.evolve(new, excluded=(*new.excluded, *extra))


def plan_open(
    programme: Workflow,
    track_id: str,
    data: TrackData,
    *,
    actor: str,
    at: datetime,
    call: str,
    policy: AccessPolicy | None = None,
) -> tuple[Workflow, Outcome]:
    """A new track started (not yet kept anywhere) and the programme's record of it."""
    track = start(MENTORING_TRACK, data, id=track_id, actor=actor, at=at)
    update = TrackUpdate(track_id=track_id, status=track_status(track.state, track.data))
    sync = sync_outcome(
        programme, update, actor=actor, at=at, call=call, state=track.state, policy=policy
    )
    return track, sync


def check_in_step(programme: Workflow, tracks: Iterable[Workflow]) -> dict[str, Workflow]:
    """The tracks by id, checked to be exactly the programme's and in the status it recorded.

    Raises:
        InvalidData: a track is missing, extra, or its status differs from what the
            programme recorded.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows.mentoring_programme import (
        ...     MENTORING_PROGRAMME, ProgrammeData)
        >>> prog = start(MENTORING_PROGRAMME, ProgrammeData(name="П", coordinator_ids=("c",)),
        ...              id="p", actor="c", at=datetime(2026, 9, 1, tzinfo=timezone.utc))
        >>> check_in_step(prog, [])
        {}
    """
    check_programme(programme)
    by_id = {t.id: t for t in tracks}
    recorded = dict(programme.data.tracks)
    for tid, track in by_id.items():
        if tid not in recorded:
            raise InvalidData(f"track '{tid}' is not a track of programme '{programme.id}'")
        if track_status(track.state, track.data) != recorded.pop(tid):
            raise InvalidData(
                f"track '{tid}' is out of step with programme '{programme.id}': the "
                "programme recorded another status"
            )
    if recorded:
        raise InvalidData(f"tracks missing: {', '.join(sorted(recorded))}")
    return by_id


def free_places(data: ProgrammeData) -> dict[str, int]:
    """Mentees held per mentor (formed pairs and waiting proposals), by mentor id.

    The same counts as :func:`~.indexes.mentor_load` of the programme's tracks, read from the
    programme's index rather than counted again.
    """
    return dict(sorted(data._load.items()))


def available_mentors(
    data: ProgrammeData, competency_id: str | None = None, *, organisation_id: str | None = None
) -> list[Leader]:
    """Trained leaders with free capacity, the best in ``competency_id`` first.

    Optionally only leaders who teach ``competency_id``, or who work in ``organisation_id``;
    ties go to the most free places, then the id.
    """
    load = data._load
    out = [
        x
        for x in data.leaders
        if (not data.rules.training_required or data._is_trained(x.id))
        and x.capacity > load.get(x.id, 0)
        and (competency_id is None or competency_id in x.can_teach)
        and (organisation_id is None or x.organisation_id == organisation_id)
    ]
    out.sort(
        key=lambda x: (
            -int(x.teacher.level(competency_id)) if competency_id else 0,
            -(x.capacity - load.get(x.id, 0)),
            x.id,
        )
    )
    return out


def proposed_tracks(data: ProgrammeData) -> list[str]:
    """The tracks waiting on a proposal (a draft or published), in the order they opened.

    Read from the index of live tracks: ended tracks, however many, are not visited.
    """
    tracks = data.tracks
    return [tid for tid in data.live_tracks if tracks[tid].state == "proposed"]


def is_draft(track: Workflow) -> bool:
    """Whether a track waits on a draft proposal (bulk matching's, not yet published)."""
    p = track.data.open_proposal if track.state == "proposed" else None
    return p is not None and p.status is ProposalStatus.DRAFT


def programme_figures(data: ProgrammeData, tracks: Iterable[Workflow]) -> dict[str, float]:
    """The programme's figures, computed from its tracks.

    ``pairs_formed`` counts tracks that reached planning; ``declined`` and ``lapsed``
    count proposals; ``mean_fit`` is the mean final rating of how well pairs suited
    (0 when none was given). :data:`~.closing.FIGURE_LABELS` names them in Russian and
    English. The clusters' events, speakers and bank are counted by
    :func:`~.bank.cluster_figures`.
    """
    tracks = list(tracks)
    states = Counter(t.state for t in tracks)
    proposals = [p for t in tracks for p in t.data.proposals]
    fits = [f.fit for t in tracks for f in t.data.feedback]
    formed = sum(1 for t in tracks if t.data.mentor is not None)
    return {
        "mentees": len(data.mentees),
        "mentors": len(data.leaders),
        "mentors_trained": len(data.trained),
        "tracks": len(tracks),
        "pairs_formed": formed,
        "completed": states.get("completed", 0),
        "closed_early": states.get("closed", 0),
        "proposals": len(proposals),
        "declined": sum(1 for p in proposals if p.status is ProposalStatus.DECLINED),
        "lapsed": sum(1 for p in proposals if p.status is ProposalStatus.LAPSED),
        "festival_entries": sum(1 for t in tracks if t.data.festival_entry is not None),
        "mean_fit": round(sum(fits) / len(fits), 2) if fits else 0.0,
        **cluster_figures(data),
    }


def unknown_track(track_id: str, data: ProgrammeData) -> UnknownId:
    """The error for a track id the programme does not hold."""
    return UnknownId(kind="track", id=track_id, known=sorted(data.tracks))
