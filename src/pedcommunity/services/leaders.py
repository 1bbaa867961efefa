"""The leaders' path across workflows (seed 003:10-17): bank -> school -> office, track -> festival.

Seed 003 joins its clusters: the competency leaders bank (``include_in_bank`` on the
programme) is offered training at the navigators school; its graduates, navigators, bring
initiatives to the initiatives office; pairs of the programme enter the festival as
pedagogical tandems. Each step changes two workflows, and each use case here changes both in
one unit of work, computing every change before it applies any (as
:mod:`pedcommunity.services.programmes` does for a track and its programme), so a refusal by
either changes neither:

- :func:`open_navigators_school` starts ``navigators_school@2`` for the programme, with the
  bank's leaders offered training, and records it on the programme (``link_school``);
- :func:`offer_training` offers training to the leaders included in the bank since;
- :func:`enrol_from_bank` enrols a leader with the bank's own record of them;
- :func:`finish_navigators_school` finishes the school and raises its graduates to navigators
  in the bank (``record_navigators``);
- :func:`propose_initiative` starts an initiative of a navigator of the bank and records it
  on the programme (``record_initiative``);
- :func:`enter_festival` enters a pair in the festival: the track's ``enter_festival`` and the
  festival's ``submit_entry``.

``docs/leaders.md`` and ``docs/festival.md`` run the whole path.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.services import InMemoryStore
    >>> from pedcommunity.services.programmes import create_programme
    >>> from pedcommunity.workflows.mentoring_programme import ProgrammeData
    >>> store, at = InMemoryStore(), datetime(2023, 9, 1, tzinfo=timezone.utc)
    >>> _ = create_programme(store.unit_of_work(), ProgrammeData(name="П",
    ...                      coordinator_ids=("coord",)), id="p", actor="coord", at=at)
    >>> propose_initiative(store.unit_of_work(), "p", "i1", proposer_id="anna", title="Т",
    ...                    description="О", office_ids=("office",), actor="anna", at=at)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidTrigger: Cannot 'record_initiative' while in 'preparing'; ...
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from pedcommunity.errors import DuplicateId, InvalidData, PermissionDenied, UnknownId
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.festival import FestivalDirection, FestivalEntry
from pedcommunity.model.leaders import LeaderLevel
from pedcommunity.workflows.engine import Workflow, commit, preview, start
from pedcommunity.workflows.festival import FESTIVAL
from pedcommunity.workflows.initiatives import INITIATIVE, InitiativeData
from pedcommunity.workflows.navigators import NAVIGATORS_SCHOOL, NavigatorsSchoolData
from pedcommunity.workflows.permissions import AccessPolicy

from ._commands import repeated, repeated_event
from .ports import UnitOfWork
from .programmes import fire_track_in, load_programme, load_track

__all__ = [
    "enrol_from_bank",
    "enter_festival",
    "finish_navigators_school",
    "offer_training",
    "open_navigators_school",
    "propose_initiative",
]

#: The forms whose pairs enter the festival in the direction of the same name (seed 003:18-20).
_DIRECTED_FORMS = frozenset(d.value for d in FestivalDirection)


def _load_school(uow: UnitOfWork, school_id: str) -> tuple[Workflow, Workflow]:
    """A programme's navigators school and the programme, read in ``uow``.

    Raises:
        UnknownId: no such workflow, or no such programme.
        InvalidData: the workflow is not a navigators school of version 2 opened for a
            programme.
    """
    school = uow.workflows.get(school_id)
    if school.definition.key != NAVIGATORS_SCHOOL.key:
        raise InvalidData(
            f"'{school_id}' is a {school.definition.key}, not a {NAVIGATORS_SCHOOL.key}; open "
            "the school with open_navigators_school",
            path="$.school_id",
        )
    programme_id = school.data.programme_id
    if programme_id is None:
        raise InvalidData(
            f"navigators school '{school_id}' belongs to no programme; open it with "
            "open_navigators_school",
            path="$.school_id",
        )
    return school, load_programme(uow, programme_id)


def open_navigators_school(
    uow: UnitOfWork,
    programme_id: str,
    school_id: str,
    data: NavigatorsSchoolData,
    *,
    actor: str,
    at: datetime,
    command_id: str | None = None,
) -> Workflow:
    """Open the programme's navigators school (003:11), training offered to the whole bank.

    The school starts on ``navigators_school@2`` with ``programme_id`` and ``bank_ids`` (the
    bank's leaders, offered training) set from the programme; the programme records it
    (``link_school``). A coordinator of the programme or an organiser of the school opens it.

    Raises:
        UnknownId: no such programme.
        InvalidData: ``data`` is not a NavigatorsSchoolData.
        DuplicateId: the school id is taken.
        PermissionDenied: the actor is neither a coordinator nor an organiser.
        GuardFailed: the programme refuses (``link_school``: the bank is empty).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> school = NavigatorsSchoolData(name="Школа навигаторов", organiser_ids=("poisk",))
        >>> open_navigators_school(uow, "p", "s1", school, actor="poisk", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'p'; known: none.
    """
    with uow:
        if repeated(uow, command_id, workflow_id=school_id, trigger="start") is not None:
            return uow.workflows.get(school_id)
        programme = load_programme(uow, programme_id)
        if not isinstance(data, NavigatorsSchoolData):
            raise InvalidData(
                f"data is a NavigatorsSchoolData, got {type(data).__name__}", path="$.data"
            )
        if actor not in programme.data.coordinator_ids and actor not in data.organiser_ids:
            raise PermissionDenied(
                trigger="link_school", actor=actor, roles=("coordinator", "organiser")
            )
        if school_id in uow.workflows:
            raise DuplicateId(kind="workflow", id=school_id)
        link = preview(programme, "link_school", actor=actor, at=at, school_id=school_id)
        bank = tuple(e.id for e in programme.data.bank)
        school = start(
            NAVIGATORS_SCHOOL,
            attrs.evolve(data, programme_id=programme.id, bank_ids=bank),
            id=school_id,
            actor=actor,
            at=at,
        )
        commit(programme, link)
        uow.workflows.add(school)
        uow.commit(command_id=command_id)
        return school


def offer_training(
    uow: UnitOfWork,
    school_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> tuple[str, ...]:
    """Offer training to the bank's leaders not offered it yet; return whom it was offered to.

    Nothing is written when every leader of the bank has been offered training already.

    Raises:
        UnknownId: no such school or programme.
        InvalidData: the school was not opened for a programme.
        WorkflowError: the school refuses (its stage, or the actor is not an organiser).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> offer_training(uow, "s1", actor="poisk", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 's1'; known: none.
    """
    with uow:
        done = repeated(uow, command_id, workflow_id=school_id, trigger="offer_training")
        if done is not None:
            return tuple(
                i for e in done if e.workflow_id == school_id for i in e.payload.leader_ids
            )
        school, programme = _load_school(uow, school_id)
        new = tuple(e.id for e in programme.data.bank if e.id not in school.data.bank_ids)
        if not new:
            return ()
        commit(
            school,
            preview(school, "offer_training", actor=actor, at=at, policy=policy, leader_ids=new),
        )
        uow.commit(command_id=command_id)
        return new


def enrol_from_bank(
    uow: UnitOfWork,
    school_id: str,
    leader_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> DomainEvent:
    """Enrol a leader of the programme's bank in its navigators school, with the bank's record.

    Raises:
        UnknownId: no such school or programme, or the leader is not in the bank (the error
            lists the bank's leaders).
        InvalidData: the school was not opened for a programme.
        WorkflowError: the school refuses (``in_bank``: training was not offered to them;
            ``below_navigator``, ``not_enrolled``, ``cohort_room``...).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> enrol_from_bank(uow, "s1", "anna", actor="poisk", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 's1'; known: none.
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=school_id, trigger="enrol")
        if done is not None:
            return done
        school, programme = _load_school(uow, school_id)
        entry = programme.data.bank_entry(leader_id)
        if entry is None:
            known = [e.id for e in programme.data.bank]
            raise UnknownId(kind="bank entry", id=leader_id, known=known)
        event = commit(
            school, preview(school, "enrol", actor=actor, at=at, policy=policy, leader=entry.leader)
        )
        uow.commit(command_id=command_id)
        return event


def finish_navigators_school(
    uow: UnitOfWork,
    school_id: str,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> DomainEvent:
    """Finish the navigators school; its navigators become navigators in the programme's bank.

    The school's ``finish`` and the programme's ``record_navigators`` (for the graduates at
    navigator level: all of them, unless the school's rules graduate at a lower level) are
    computed first; if either refuses, neither workflow changes. Returns the school's event.

    Raises:
        UnknownId: no such school or programme.
        InvalidData: the school was not opened for a programme.
        WorkflowError: the school (``graduation_done``...) or the programme
            (``school_linked``, ``graduates_in_bank``) refuses.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> finish_navigators_school(uow, "s1", actor="poisk", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 's1'; known: none.
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=school_id, trigger="finish")
        if done is not None:
            return done
        school, programme = _load_school(uow, school_id)
        finish = preview(school, "finish", actor=actor, at=at, policy=policy)
        navigators = tuple(g.id for g in school.data.graduates if g.level >= LeaderLevel.NAVIGATOR)
        record = None
        if navigators:
            record = preview(
                programme,
                "record_navigators",
                actor=actor,
                at=at,
                school_id=school_id,
                leader_ids=navigators,
            )
        event = commit(school, finish)
        if record is not None:
            commit(programme, record)
        uow.commit(command_id=command_id)
        return event


def propose_initiative(
    uow: UnitOfWork,
    programme_id: str,
    initiative_id: str,
    *,
    proposer_id: str,
    title: str,
    description: str,
    office_ids: Iterable[str],
    actor: str,
    at: datetime,
    partners: Iterable[str] = (),
    expected_result: str | None = None,
    command_id: str | None = None,
) -> Workflow:
    """Bring a navigator's initiative to the initiatives office (003:13).

    The initiative starts with the bank's record of the proposer and the programme's id, and
    the programme records it (``record_initiative``), in one transaction. The proposer or a
    coordinator of the programme brings it.

    Raises:
        UnknownId: no such programme.
        DuplicateId: the initiative id is taken.
        PermissionDenied: the actor is neither the proposer nor a coordinator.
        GuardFailed: the programme refuses: the proposer is not a navigator of its bank
            (``proposer_navigator``), or the initiative is recorded already.
        InvalidData: a malformed title, description, partner or office id.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> propose_initiative(uow, "p", "i1", proposer_id="anna", title="Т", description="О",
        ...                    office_ids=("office",), actor="anna", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'p'; known: none.
    """
    with uow:
        if repeated(uow, command_id, workflow_id=initiative_id, trigger="start") is not None:
            return uow.workflows.get(initiative_id)
        programme = load_programme(uow, programme_id)
        if actor != proposer_id and actor not in programme.data.coordinator_ids:
            raise PermissionDenied(
                trigger="record_initiative", actor=actor, roles=("proposer", "coordinator")
            )
        if initiative_id in uow.workflows:
            raise DuplicateId(kind="workflow", id=initiative_id)
        record = preview(
            programme,
            "record_initiative",
            actor=actor,
            at=at,
            initiative_id=initiative_id,
            proposer_id=proposer_id,
        )
        entry = programme.data.bank_entry(proposer_id)
        assert entry is not None  # proposer_navigator holds it
        try:
            data = InitiativeData(
                title=title,
                description=description,
                proposer=entry.leader,
                partners=partners,
                expected_result=expected_result,
                office_ids=office_ids,
                programme_id=programme.id,
            )
        except (TypeError, ValueError) as exc:
            raise InvalidData(str(exc), path="$.data") from None
        initiative = start(INITIATIVE, data, id=initiative_id, actor=actor, at=at)
        commit(programme, record)
        uow.workflows.add(initiative)
        uow.commit(command_id=command_id)
        return initiative


def _check_direction(track: Workflow, entry: FestivalEntry) -> None:
    form_id = track.data.form.id
    if form_id in _DIRECTED_FORMS and entry.direction.value != form_id:
        form = FestivalDirection(form_id).label.en.lower()
        raise InvalidData(
            f"the pair works in {form}; its entry's direction is {entry.direction.value}",
            path="$.entry.direction",
        )


def enter_festival(
    uow: UnitOfWork,
    programme_id: str,
    track_id: str,
    festival_id: str,
    entry: FestivalEntry,
    *,
    actor: str,
    at: datetime,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
) -> DomainEvent:
    """Enter a pair of the programme in the festival (003:17): its track and the festival.

    The track records the entry (``enter_festival``, with the programme's rules across tracks
    checked as for any track change) and the festival receives it (``submit_entry``), both or
    neither: a festival of tandems refuses a group's entry, and then the track does not change
    either. A pair in traditional, reverse or partner mentoring enters in that direction. An
    entry that names no track is given the track's id. Returns the festival's event.

    Raises:
        UnknownId: no such programme, track or festival.
        InvalidData: ``festival_id`` is not a festival, ``entry`` is not a FestivalEntry, or
            its direction is not the pair's form (at ``$.entry.direction``).
        WorkflowError: the track or the festival refuses (``tandem_entry``, ``pair_entries``,
            ``entry_matches``...).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore
        >>> uow, at = InMemoryStore().unit_of_work(), datetime(2023, 9, 1, tzinfo=timezone.utc)
        >>> enter_festival(uow, "p", "tr-1", "fest", None, actor="m1", at=at)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'p'; known: none.
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=festival_id, trigger="submit_entry")
        if done is not None:
            return done
        programme = load_programme(uow, programme_id)
        track = load_track(uow, programme, track_id)
        festival = uow.workflows.get(festival_id)
        if festival.definition.name != FESTIVAL.name:
            raise InvalidData(
                f"'{festival_id}' is a {festival.definition.name}, not a festival",
                path="$.festival_id",
            )
        if not isinstance(entry, FestivalEntry):
            raise InvalidData(
                f"entry is a FestivalEntry, got {type(entry).__name__}", path="$.entry"
            )
        _check_direction(track, entry)
        if entry.track_id is None:
            entry = attrs.evolve(entry, track_id=track_id)
        submit = preview(festival, "submit_entry", actor=actor, at=at, policy=policy, entry=entry)
        fire_track_in(
            programme,
            track,
            "enter_festival",
            actor=actor,
            at=at,
            policy=policy,
            fields={"entry": entry},
        )
        event = commit(festival, submit)
        uow.commit(command_id=command_id)
        return event
