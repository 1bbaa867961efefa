"""The request and its proposals: from the mentee's request to an accepted mentor.

The mentee updates the request and may rank the mentors they would like; a coordinator or
curator proposes a mentor (bulk matching proposes drafts that a coordinator publishes), or the
mentee asks their best remaining choice. The people a proposal awaits accept or decline it; an
unanswered proposal lapses; a declined or lapsed proposal from the ranked list cascades to the
next choice. Each trigger's payload, guards and effect are here, and at the end this
sub-process's part of the definition (:data:`TRIGGERS`, :data:`TRANSITIONS`, :data:`GUARDS`,
:data:`EFFECTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import attrs

from pedcommunity.model._fields import (
    FrozenMap,
    evolve_checked,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.mentoring import MentoringRequest
from pedcommunity.model.people import Teacher
from pedcommunity.workflows.definition import Effect, Guard, Transition, TriggerSpec
from pedcommunity.workflows.mentoring_track.data import (
    C,
    Proposal,
    ProposalSource,
    ProposalStatus,
    TrackData,
    _optional_text,
)

__all__ = [
    "EFFECTS",
    "GUARDS",
    "TRANSITIONS",
    "TRIGGERS",
    "DeclineProposal",
    "ProposeMentor",
    "RankMentors",
    "UpdateRequest",
    "WithdrawProposal",
    "cascade_choice",
]

# -- payloads -----------------------------------------------------------------------------------


@attrs.frozen
class UpdateRequest:
    """Payload of ``update_request``: the mentee's revised request."""

    request: MentoringRequest = attrs.field(
        validator=attrs.validators.instance_of(MentoringRequest)
    )


@attrs.frozen
class RankMentors:
    """Payload of ``rank_mentors``: the mentors the mentee would like, best first."""

    choices: tuple[Teacher, ...] = attrs.field(converter=to_tuple, validator=instances_of(Teacher))


@attrs.frozen
class ProposeMentor:
    """Payload of ``propose``: a mentor proposed by a coordinator, or by bulk matching (draft)."""

    mentor: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))
    source: ProposalSource = attrs.field(
        default=ProposalSource.COORDINATOR, validator=attrs.validators.instance_of(ProposalSource)
    )

    def __attrs_post_init__(self) -> None:
        if self.source is ProposalSource.MENTEE:
            raise ValueError(
                "source: a mentee's choice goes through 'request_mentor', not 'propose'"
            )


@attrs.frozen
class WithdrawProposal:
    """Payload of ``withdraw_proposal``: why the coordinator takes a proposal back."""

    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class DeclineProposal:
    """Payload of ``decline``: why the proposal is declined."""

    reason: str | None = attrs.field(default=None, validator=_optional_text)


# -- guards -------------------------------------------------------------------------------------


def _eligible(data: TrackData, mentor: Teacher) -> str | None:
    if mentor.id in data.excluded:
        return (
            f"'{mentor.id}' declined, let a proposal lapse or closed a track with these "
            "mentees before; propose someone else"
        )
    return data.form.check(mentor, data.mentees, data.request.competency_ids)


def _g_mentor_eligible(ctx: C) -> str | None:
    return _eligible(ctx.data, ctx.payload.mentor)


def _g_choices_eligible(ctx: C) -> str | None:
    seen: set[str] = set()
    for t in ctx.payload.choices:
        if t.id in seen:
            return f"'{t.id}' is ranked twice"
        seen.add(t.id)
        problem = _eligible(ctx.data, t)
        if problem is not None:
            return f"cannot rank '{t.id}': {problem}"
    if not ctx.payload.choices:
        return "rank at least one mentor"
    return None


def _g_has_choice(ctx: C) -> str | None:
    if ctx.data.next_choice() is None:
        return "no ranked mentor is left to ask; rank more mentors or ask a coordinator"
    return None


def _g_is_draft(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.DRAFT:
        return "only a draft proposal (from bulk matching) is published"
    return None


def _g_awaits_actor(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.OPEN:
        return "the proposal is a draft; a coordinator publishes it before anyone answers"
    if ctx.actor not in p.awaiting:
        waiting = ", ".join(p.awaiting) or "nobody"
        return f"the proposal does not wait for '{ctx.actor}'; it waits for: {waiting}"
    return None


def _g_last_acceptance(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is not None and set(p.awaiting) - {ctx.actor}:
        return "others must still accept"
    return None


def _g_not_overdue_answer(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is not None and p.due_at is not None and ctx.at > p.due_at:
        return (
            f"the time to answer ran out at {p.due_at.isoformat()}; the proposal lapses (call tick)"
        )
    return None


def _g_proposal_overdue(ctx: C) -> str | None:
    p = ctx.data.open_proposal
    if p is None or p.status is not ProposalStatus.OPEN or p.due_at is None:
        return "no open proposal is waiting for an answer"
    if ctx.at <= p.due_at:
        return f"the proposal is open until {p.due_at.isoformat()}"
    return None


def cascade_choice(data: TrackData) -> Teacher | None:
    """The mentor a ranked request cascades to, if a cascade is due.

    A cascade is due when the last proposal came from the mentee's ranked list and was
    declined or lapsed, and a ranked mentor not yet excluded is left.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)))
        >>> cascade_choice(data) is None  # no proposal yet, so nothing to cascade from
        True
    """
    last = data.proposals[-1] if data.proposals else None
    if (
        last is None
        or last.source is not ProposalSource.MENTEE
        or last.status not in (ProposalStatus.DECLINED, ProposalStatus.LAPSED)
    ):
        return None
    return data.next_choice()


def _g_cascade_due(ctx: C) -> str | None:
    if cascade_choice(ctx.data) is None:
        return (
            "no cascade is due: the last proposal did not come from the mentee's ranked "
            "list, was not declined or lapsed, or no ranked mentor is left"
        )
    return None


# -- effects ------------------------------------------------------------------------------------


def _e_update_request(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, request=ctx.payload.request)


def _e_rank(ctx: C) -> TrackData:
    return evolve_trusted(ctx.data, choices=ctx.payload.choices)


def _awaiting(data: TrackData, mentor: Teacher, source: ProposalSource) -> tuple[str, ...]:
    # The mentee asked this mentor, so only the mentor answers; a third party's proposal
    # needs everyone's consent.
    if source is ProposalSource.MENTEE:
        return (mentor.id,)
    return (mentor.id, *data.mentee_ids)


def _open(data: TrackData, ctx: C, mentor: Teacher, source: ProposalSource) -> Proposal:
    draft = source is ProposalSource.MATCHING
    return Proposal(
        mentor=mentor,
        source=source,
        status=ProposalStatus.DRAFT if draft else ProposalStatus.OPEN,
        proposed_by=ctx.actor,
        proposed_at=ctx.at,
        due_at=None if draft else ctx.at + timedelta(days=data.rules.response_days),
        awaiting=_awaiting(data, mentor, source),
    )


def _replace_last(data: TrackData, proposal: Proposal) -> tuple[Proposal, ...]:
    return (*data.proposals[:-1], proposal)


def _e_propose(ctx: C) -> TrackData:
    p = _open(ctx.data, ctx, ctx.payload.mentor, ctx.payload.source)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


def _e_request_mentor(ctx: C) -> TrackData:
    choice = ctx.data.next_choice()
    assert choice is not None  # the has_choice guard ran
    p = _open(ctx.data, ctx, choice, ProposalSource.MENTEE)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


def _e_publish(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    opened = evolve_checked(
        p,
        status=ProposalStatus.OPEN,
        due_at=ctx.at + timedelta(days=ctx.data.rules.response_days),
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, opened))


def _e_withdraw(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    gone = evolve_checked(
        p, status=ProposalStatus.WITHDRAWN, answered_at=ctx.at, reason=ctx.payload.reason
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, gone))


def _e_accept_one(ctx: C) -> TrackData:
    p = ctx.data.open_proposal
    assert p is not None
    p = evolve_checked(
        p,
        awaiting=tuple(a for a in p.awaiting if a != ctx.actor),
        accepted_by=(*p.accepted_by, ctx.actor),
    )
    return evolve_trusted(ctx.data, proposals=_replace_last(ctx.data, p))


def _e_accept_last(ctx: C) -> TrackData:
    d = _e_accept_one(ctx)
    p = d.proposals[-1]
    done = evolve_checked(p, status=ProposalStatus.ACCEPTED, answered_at=ctx.at)
    return evolve_trusted(d, proposals=_replace_last(d, done), mentor=p.mentor)


def _end(data: TrackData, ctx: C, status: ProposalStatus, reason: str | None) -> TrackData:
    p = data.open_proposal
    assert p is not None
    ended = evolve_checked(p, status=status, answered_at=ctx.at, reason=reason)
    excluded = data.excluded if p.mentor.id in data.excluded else (*data.excluded, p.mentor.id)
    return evolve_trusted(data, proposals=_replace_last(data, ended), excluded=excluded)


def _e_decline(ctx: C) -> TrackData:
    return _end(ctx.data, ctx, ProposalStatus.DECLINED, ctx.payload.reason)


def _e_lapse(ctx: C) -> TrackData:
    return _end(ctx.data, ctx, ProposalStatus.LAPSED, "no answer in time")


def _e_cascade(ctx: C) -> TrackData:
    choice = cascade_choice(ctx.data)
    assert choice is not None  # the cascade_due guard ran
    p = _open(ctx.data, ctx, choice, ProposalSource.MENTEE)
    return evolve_trusted(ctx.data, proposals=(*ctx.data.proposals, p))


# -- the definition's part ----------------------------------------------------------------------

_t = TriggerSpec.labelled

#: The triggers of the request and proposals, in the definition's order.
TRIGGERS: tuple[TriggerSpec, ...] = (
    _t("update_request", "Уточнить запрос", "Update the request", UpdateRequest),
    _t("rank_mentors", "Выбрать наставников по приоритету", "Rank mentors", RankMentors),
    _t("request_mentor", "Обратиться к наставнику", "Ask the next ranked mentor"),
    _t("propose", "Предложить наставника", "Propose a mentor", ProposeMentor),
    _t("publish", "Опубликовать предложение", "Publish the proposal"),
    _t("withdraw_proposal", "Отозвать предложение", "Withdraw the proposal", WithdrawProposal),
    _t("accept", "Принять предложение", "Accept the proposal"),
    _t("decline", "Отклонить предложение", "Decline the proposal", DeclineProposal),
    _t("lapse", "Срок ответа истёк", "The proposal lapses"),
    _t("cascade", "Обратиться к следующему из списка", "Cascade to the next ranked mentor"),
)

#: The transitions of the request and proposals, in the order they are tried.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("update_request", "requested", None, (), "update_request"),
    Transition("rank_mentors", "requested", None, ("choices_eligible",), "rank"),
    Transition("request_mentor", "requested", "proposed", ("has_choice",), "request_mentor"),
    Transition("propose", "requested", "proposed", ("mentor_eligible",), "propose"),
    Transition("publish", "proposed", None, ("is_draft",), "publish"),
    Transition("withdraw_proposal", "proposed", "requested", (), "withdraw"),
    Transition(
        "accept",
        "proposed",
        "planning",
        ("awaits_actor", "answer_in_time", "last_acceptance"),
        "accept_last",
    ),
    Transition("accept", "proposed", None, ("awaits_actor", "answer_in_time"), "accept_one"),
    Transition("decline", "proposed", "requested", ("awaits_actor",), "decline"),
    Transition("lapse", "proposed", "requested", ("proposal_overdue",), "lapse"),
    Transition("cascade", "requested", "proposed", ("cascade_due",), "cascade"),
)

#: The guards of the request and proposals, by the names the transitions give.
GUARDS: Mapping[str, Guard] = FrozenMap(
    {
        "mentor_eligible": _g_mentor_eligible,
        "choices_eligible": _g_choices_eligible,
        "has_choice": _g_has_choice,
        "is_draft": _g_is_draft,
        "awaits_actor": _g_awaits_actor,
        "answer_in_time": _g_not_overdue_answer,
        "last_acceptance": _g_last_acceptance,
        "proposal_overdue": _g_proposal_overdue,
        "cascade_due": _g_cascade_due,
    }
)

#: The effects of the request and proposals, by the names the transitions give.
EFFECTS: Mapping[str, Effect] = FrozenMap(
    {
        "update_request": _e_update_request,
        "rank": _e_rank,
        "propose": _e_propose,
        "request_mentor": _e_request_mentor,
        "publish": _e_publish,
        "withdraw": _e_withdraw,
        "accept_one": _e_accept_one,
        "accept_last": _e_accept_last,
        "decline": _e_decline,
        "lapse": _e_lapse,
        "cascade": _e_cascade,
    }
)
