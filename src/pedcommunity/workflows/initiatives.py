"""The initiatives office («Офис инициатив», seed 003): one workflow per initiative.

The last step of the city's mentoring programme: leaders who went through the navigators
school come forward with initiatives, proposals of projects for the city's education. The
office reviews each one and accepts or rejects it; an accepted initiative is implemented.

Stages: ``proposed`` -> ``under_review`` -> ``accepted`` -> ``implemented``; ``rejected``
from review; ``withdrawn`` by the proposer before acceptance.

The rules:

- **Who proposes.** Initiatives come from leaders who went through the navigators school:
  the proposer's level must be at least ``rules.min_proposer_level`` (navigator by default).
  This is a rule of :class:`InitiativeData` itself, checked when the data is built: an
  initiative from a leader below the level cannot exist, so it cannot be started or read
  back from JSON (the reader reports it as :class:`~pedcommunity.errors.InvalidData` at
  ``$.proposer``). A guard would have let such an initiative wait in ``proposed``.
- **Who does what** (:data:`INITIATIVE_PERMISSIONS`). The proposer withdraws; the office
  (``office_ids``) takes the initiative for review, accepts or rejects it, and a proposer
  never decides on their own initiative, even when they work in the office. The proposer or
  the office reports the implementation. A decision gives its reasons.

Examples:
    >>> from pedcommunity.workflows.initiatives import INITIATIVE
    >>> [s.label.en for s in INITIATIVE.states]
    ['Proposed', 'Under review', 'Accepted', 'Implemented', 'Rejected', 'Withdrawn']
    >>> INITIATIVE.triggers_from("under_review")
    ('accept', 'reject', 'withdraw')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_text,
    evolve_checked,
    to_tuple,
)
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.workflows.definition import (
    Context,
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.permissions import ROLE_LABELS, Permission

__all__ = [
    "INITIATIVE",
    "INITIATIVE_PERMISSIONS",
    "InitiativeData",
    "InitiativeDecision",
    "InitiativeRules",
    "ReportImplementation",
    "WithdrawInitiative",
    "initiative_roles",
    "initiatives_in",
    "office_summary",
]

_optional_text = attrs.validators.optional(check_text)


# -- data -------------------------------------------------------------------------------------


@attrs.frozen
class InitiativeRules:
    """The configurable rules of the initiatives office.

    Examples:
        >>> InitiativeRules().min_proposer_level.label.en
        'Navigator'
    """

    min_proposer_level: LeaderLevel = attrs.field(
        default=LeaderLevel.NAVIGATOR, validator=attrs.validators.instance_of(LeaderLevel)
    )


@attrs.frozen
class InitiativeData:
    """One initiative: what is proposed, by whom, and what the office decided.

    ``proposer`` is the leader's record as it was when they proposed. ``programme_id`` names
    the mentoring programme whose bank the navigator comes from, when the initiative was
    proposed through it (:func:`pedcommunity.services.leaders.propose_initiative`).

    Raises:
        ValueError: the proposer's level is below ``rules.min_proposer_level``.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.leaders import Leader, LeaderLevel
        >>> t = Teacher(id="n1", name="Нина", organisation_id="s1")
        >>> d = InitiativeData(title="Клуб молодых педагогов", description="Встречи раз в месяц",
        ...                    proposer=Leader(teacher=t, level=LeaderLevel.NAVIGATOR))
        >>> d.proposer_id
        'n1'
        >>> InitiativeData(title="T", description="D", proposer=Leader(teacher=t))
        Traceback (most recent call last):
        ...
        ValueError: proposer 'n1' is a mentor; initiatives come from leaders at level navigator \
or above (rules.min_proposer_level)
    """

    title: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)
    proposer: Leader = attrs.field(validator=attrs.validators.instance_of(Leader))
    partners: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    expected_result: str | None = attrs.field(default=None, validator=_optional_text)
    rules: InitiativeRules = attrs.field(
        factory=InitiativeRules, validator=attrs.validators.instance_of(InitiativeRules)
    )
    office_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    reviewer_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    decided_by: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    decision_note: str | None = attrs.field(default=None, validator=_optional_text)
    outcome: str | None = attrs.field(default=None, validator=_optional_text)
    withdrawal_reason: str | None = attrs.field(default=None, validator=_optional_text)
    programme_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )

    def __attrs_post_init__(self) -> None:
        need = self.rules.min_proposer_level
        level = self.proposer.level
        if level < need:
            # The message starts with the field's name: the JSON reader points its path there.
            raise ValueError(
                f"proposer '{self.proposer.id}' is a {level.label.en.lower()}; initiatives "
                f"come from leaders at level {need.label.en.lower()} or above "
                "(rules.min_proposer_level)"
            )

    @property
    def proposer_id(self) -> str:
        """The proposing leader's id."""
        return self.proposer.id


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class InitiativeDecision:
    """Payload of ``accept`` and ``reject``: the office's reasons."""

    note: str = attrs.field(validator=check_text)


@attrs.frozen
class WithdrawInitiative:
    """Payload of ``withdraw``: why the proposer withdraws, if they say."""

    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen
class ReportImplementation:
    """Payload of ``report_implemented``: what the implemented initiative achieved."""

    outcome: str = attrs.field(validator=check_text)


# -- guards and effects -----------------------------------------------------------------------

C = Context[InitiativeData]


def _g_not_proposer(ctx: C) -> str | None:
    if ctx.actor == ctx.data.proposer_id:
        return (
            f"'{ctx.actor}' proposed this initiative; the initiatives office reviews and "
            "decides it, not the proposer"
        )
    return None


def _g_is_proposer(ctx: C) -> str | None:
    pid = ctx.data.proposer_id
    if ctx.actor != pid:
        return f"only the proposer '{pid}' may withdraw the initiative, not '{ctx.actor}'"
    return None


def _e_review(ctx: C) -> InitiativeData:
    return evolve_checked(ctx.data, reviewer_id=ctx.actor)


def _e_decide(ctx: C) -> InitiativeData:
    return evolve_checked(ctx.data, decided_by=ctx.actor, decision_note=ctx.payload.note)


def _e_withdraw(ctx: C) -> InitiativeData:
    return evolve_checked(ctx.data, withdrawal_reason=ctx.payload.reason)


def _e_implemented(ctx: C) -> InitiativeData:
    return evolve_checked(ctx.data, outcome=ctx.payload.outcome)


# -- the definition ---------------------------------------------------------------------------

_STAGES = (
    State("proposed", Label(ru="Предложена", en="Proposed")),
    State("under_review", Label(ru="На рассмотрении", en="Under review")),
    State("accepted", Label(ru="Принята", en="Accepted")),
    State("implemented", Label(ru="Реализована", en="Implemented"), final=True),
    State("rejected", Label(ru="Отклонена", en="Rejected"), final=True),
    State("withdrawn", Label(ru="Отозвана автором", en="Withdrawn"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("start_review", "Взять на рассмотрение", "Take for review"),
    _t("accept", "Принять инициативу", "Accept the initiative", InitiativeDecision),
    _t("reject", "Отклонить инициативу", "Reject the initiative", InitiativeDecision),
    _t("withdraw", "Отозвать инициативу", "Withdraw the initiative", WithdrawInitiative),
    _t(
        "report_implemented",
        "Отчитаться о реализации",
        "Report the implementation",
        ReportImplementation,
    ),
)

_TRANSITIONS = (
    Transition("start_review", "proposed", "under_review", ("not_proposer",), "review"),
    Transition("accept", "under_review", "accepted", ("not_proposer",), "decide"),
    Transition("reject", "under_review", "rejected", ("not_proposer",), "decide"),
    Transition("withdraw", ("proposed", "under_review"), "withdrawn", ("is_proposer",), "withdraw"),
    Transition("report_implemented", "accepted", "implemented", (), "implemented"),
)

_GUARDS: dict[str, Guard] = {"not_proposer": _g_not_proposer, "is_proposer": _g_is_proposer}

_EFFECTS: dict[str, Effect] = {
    "review": _e_review,
    "decide": _e_decide,
    "withdraw": _e_withdraw,
    "implemented": _e_implemented,
}

# -- who may fire what -----------------------------------------------------------------------


def initiative_roles(data: InitiativeData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds on an initiative: ``proposer``, ``office``.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> lead = Leader(teacher=Teacher(id="n1", name="Нина", organisation_id="s1"),
        ...               level=LeaderLevel.NAVIGATOR)
        >>> d = InitiativeData(title="Т", description="О", proposer=lead, office_ids=("o1",))
        >>> sorted(initiative_roles(d, "n1")), sorted(initiative_roles(d, "o1"))
        (['proposer'], ['office'])
    """
    roles = set()
    if actor == data.proposer_id:
        roles.add("proposer")
    if actor in data.office_ids:
        roles.add("office")
    return frozenset(roles)


_OFFICE = Permission.of("office")

#: Who may fire each trigger of an initiative.
INITIATIVE_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "start_review": _OFFICE,
        "accept": _OFFICE,
        "reject": _OFFICE,
        "withdraw": Permission.of("proposer"),
        "report_implemented": Permission.of("proposer", "office"),
    }
)

INITIATIVE = WorkflowDefinition(
    name="initiative",
    version="1",
    label=Label(ru="Инициатива (Офис инициатив)", en="Initiative (initiatives office)"),
    states=_STAGES,
    initial="proposed",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=InitiativeData,
    roles={r: ROLE_LABELS[r] for r in ("proposer", "office")},
    roles_of=initiative_roles,
    permissions=INITIATIVE_PERMISSIONS,
)
"""One initiative brought to the initiatives office of seed 003, version 1."""


# -- queries ----------------------------------------------------------------------------------


def _initiatives(workflows: Iterable[Workflow]) -> list[Workflow]:
    found = list(workflows)
    for i, wf in enumerate(found):
        if not isinstance(wf.data, InitiativeData):
            raise InvalidData(
                f"'{wf.id}' is a {wf.definition.key} workflow, not an initiative",
                path=f"$[{i}]",
            )
    return found


def office_summary(workflows: Iterable[Workflow]) -> dict[str, int]:
    """How many initiatives are in each status: every status of :data:`INITIATIVE`, in order.

    Raises:
        InvalidData: a workflow is not an initiative.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.workflows import start
        >>> lead = Leader(teacher=Teacher(id="n1", name="Нина", organisation_id="s1"),
        ...               level=LeaderLevel.NAVIGATOR)
        >>> wf = start(INITIATIVE, InitiativeData(title="Т", description="О", proposer=lead),
        ...            id="i1", actor="n1", at=datetime(2026, 2, 1, tzinfo=timezone.utc))
        >>> office_summary([wf])  # doctest: +NORMALIZE_WHITESPACE
        {'proposed': 1, 'under_review': 0, 'accepted': 0, 'implemented': 0, 'rejected': 0,
         'withdrawn': 0}
    """
    counts = dict.fromkeys(INITIATIVE.state_names, 0)
    for wf in _initiatives(workflows):
        # A definition derived from INITIATIVE may add statuses of its own.
        counts[wf.state] = counts.get(wf.state, 0) + 1
    return counts


def initiatives_in(workflows: Iterable[Workflow], status: str) -> list[Workflow]:
    """The initiatives in ``status``, in the order given.

    Raises:
        InvalidData: a workflow is not an initiative, or no initiative can be in ``status``.

    Examples:
        >>> initiatives_in([], "accepted")
        []
        >>> initiatives_in([], "approved")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.status: no initiative is ever 'approved'; \
statuses: proposed, under_review, accepted, implemented, rejected, withdrawn
    """
    found = _initiatives(workflows)
    statuses = list(INITIATIVE.state_names)
    statuses += [s for wf in found for s in wf.definition.state_names if s not in statuses]
    if status not in statuses:
        raise InvalidData(
            f"no initiative is ever '{status}'; statuses: {', '.join(statuses)}", path="$.status"
        )
    return [wf for wf in found if wf.state == status]
