"""Forming the competency leaders bank from the first cluster's results: ``include_in_bank``.

Seed 003 (003:10) forms the bank from the mentors and mentees «которые ярко себя проявили в
кластере». A coordinator includes a participant with a reason and the results that show it;
each result is checked against the programme's own record (events attended, a completed track
of theirs), and an observation alone includes nobody. The mentor base
(``ProgrammeData.leaders``, the pool matching uses) is never touched.
"""

from __future__ import annotations

from typing import Any

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.bank import (
    BankEntry,
    BankResult,
    BankResultKind,
    BankRole,
    _some_results,
)
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.model.mentoring import ClusterKind
from pedcommunity.workflows.mentoring_programme.data import C, ProgrammeData

__all__ = ["IncludeInBank", "cluster_figures"]


@attrs.frozen
class IncludeInBank:
    """Payload of ``include_in_bank``: who, why, and the results that show it.

    ``can_teach`` and ``capacity`` set the bank record's; left out, a mentor keeps the mentor
    base's and a mentee teaches nothing yet and takes one mentee.

    Examples:
        >>> p = IncludeInBank("m1", "Провела проф-кейс",
        ...                   [BankResult(BankResultKind.EVENTS_ATTENDED, value=3)])
        >>> p.capacity is None, p.results[0].value
        (True, 3)
        >>> IncludeInBank("m1", "Р", [])
        Traceback (most recent call last):
        ...
        ValueError: results must cite at least one result
    """

    teacher_id: str = attrs.field(validator=check_id)
    reason: str = attrs.field(validator=check_text)
    results: tuple[BankResult, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(BankResult), _some_results]
    )
    can_teach: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    capacity: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_positive_int)
    )


_CLUSTER_1 = ClusterKind.COMPETENCY_LEADERS


def _g_first_cluster_held(ctx: C) -> str | None:
    if not any(e.is_held and e.cluster is _CLUSTER_1 for e in ctx.data.events):
        return (
            "the bank is formed from the results of the first cluster; no event of the "
            "competency leaders cluster has been held yet"
        )
    return None


def _g_bank_candidate(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if not (ctx.data._has_leader(tid) or ctx.data._is_mentee(tid)):
        return (
            f"'{tid}' is neither a mentor nor a mentee of the programme; the bank is formed "
            "from its participants"
        )
    return None


def _g_not_in_bank(ctx: C) -> str | None:
    entry = ctx.data.bank_entry(ctx.payload.teacher_id)
    if entry is not None:
        return (
            f"'{entry.id}' is in the bank already (included on "
            f"{entry.included_on.isoformat()}: {entry.reason})"
        )
    return None


def _result_problem(data: ProgrammeData, teacher_id: str, result: BankResult) -> str | None:
    if result.kind is BankResultKind.EVENTS_ATTENDED:
        n = data.attended(teacher_id, _CLUSTER_1)
        if result.value is not None and n < result.value:  # BankResult requires a value
            return (
                f"'{teacher_id}' attended {counted(n, 'event')} of the competency leaders "
                f"cluster, not {result.value}"
            )
    elif result.kind is BankResultKind.TRACK_COMPLETED:
        ref = result.ref
        status = data.tracks.get(ref) if ref is not None else None
        if status is None:
            return f"track '{ref}' is not in the programme"
        if teacher_id != status.mentor_id and teacher_id not in status.mentee_ids:
            return f"'{teacher_id}' is not the mentor or a mentee of track '{ref}'"
        if status.state != "completed":
            return f"track '{ref}' is {status.state}, not completed"
    return None


def _g_results_verified(ctx: C) -> str | None:
    p: IncludeInBank = ctx.payload
    if all(r.kind is BankResultKind.OBSERVATION for r in p.results):
        return (
            "an observation alone does not include anyone; cite events attended or a "
            "completed track"
        )
    for result in p.results:
        problem = _result_problem(ctx.data, p.teacher_id, result)
        if problem is not None:
            return problem
    return None


def _bank_record(data: ProgrammeData, p: IncludeInBank) -> tuple[Leader, BankRole]:
    """The leader record the bank holds, and the role the participant had."""
    changes: dict[str, Any] = {}
    if p.can_teach:
        changes["can_teach"] = p.can_teach
    if p.capacity is not None:
        changes["capacity"] = p.capacity
    if data._has_leader(p.teacher_id):
        leader = data.leader(p.teacher_id).raised_to(LeaderLevel.COMPETENCY_LEADER)
        return attrs.evolve(leader, **changes), BankRole.MENTOR
    leader = Leader(teacher=data.mentee(p.teacher_id), level=LeaderLevel.COMPETENCY_LEADER)
    return attrs.evolve(leader, **changes), BankRole.MENTEE


def _e_include(ctx: C) -> ProgrammeData:
    p: IncludeInBank = ctx.payload
    leader, role = _bank_record(ctx.data, p)
    entry = BankEntry(
        leader=leader,
        role=role,
        reason=p.reason,
        results=p.results,
        included_on=ctx.at.date(),
        included_by=ctx.actor,
    )
    return evolve_trusted(ctx.data, bank=(*ctx.data.bank, entry))


def cluster_figures(data: ProgrammeData) -> dict[str, float]:
    """The figures of the clusters' events, the speakers and the bank (seed 003's numbers).

    ``cluster_events_held`` counts the held events of every cluster (the seed: 3 formats in
    the first); ``first_cluster_participants`` the mentors and mentees who attended an event
    of the first cluster or are in a formed pair or group (the seed: «около 200»);
    ``navigators`` the bank's leaders who finished the navigators school; ``initiatives``
    the navigators' initiatives the programme recorded.

    Examples:
        >>> f = cluster_figures(ProgrammeData(name="П", coordinator_ids=("c",)))
        >>> f["cluster_events_held"], f["bank_size"]
        (0, 0)
    """
    people = set(data.cluster_participants(_CLUSTER_1))
    for status in data.tracks.values():
        if status.mentor_id is not None:
            people.add(status.mentor_id)
            people.update(status.mentee_ids)
    roles = [e.role for e in data.bank]
    return {
        "cluster_events_held": sum(1 for e in data.events if e.is_held),
        "first_cluster_participants": len(people),
        "speakers_invited": len(data.speakers),
        "bank_size": len(data.bank),
        "bank_mentors": roles.count(BankRole.MENTOR),
        "bank_mentees": roles.count(BankRole.MENTEE),
        "navigators": sum(1 for e in data.bank if e.level is LeaderLevel.NAVIGATOR),
        "initiatives": len(data.initiatives),  # recorded by ``record_initiative``
    }
