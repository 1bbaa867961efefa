"""The programme's record of its navigators school and initiatives (seed 003:11-13).

Bank -> school -> office: the programme forms the competency leaders bank
(``include_in_bank``); its leaders are offered training at the navigators school; those who
graduate become navigators and bring initiatives to the initiatives office. The school and
each initiative are workflows of their own; the programme records what spans them, so that
its own log says which school is its own, who of its bank became a navigator, and which
initiatives came from them:

- ``link_school``: a navigators school of the programme opens (the bank must hold someone);
- ``record_navigators``: the school's graduates, leaders of the bank, become navigators (each
  entry is raised to :attr:`~pedcommunity.model.leaders.LeaderLevel.NAVIGATOR` and names the
  school);
- ``record_initiative``: an initiative proposed by one of the bank's navigators.

Only the services fire them (:mod:`pedcommunity.services.leaders`), in the same transaction
as the school's or the initiative's own change; fired by hand they are refused (see
:data:`~pedcommunity.workflows.mentoring_programme.permissions.SERVICE_TRIGGERS`).

Examples:
    >>> LinkSchool("school-2023").school_id
    'school-2023'
    >>> RecordNavigators("school-2023", ("anna",)).leader_ids
    ('anna',)
"""

from __future__ import annotations

import attrs

from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    evolve_trusted,
    to_tuple,
)
from pedcommunity.model.bank import BankEntry
from pedcommunity.model.leaders import LeaderLevel
from pedcommunity.workflows.mentoring_programme.data import C, ProgrammeData
from pedcommunity.workflows.navigators.data import some_leaders

__all__ = ["LinkSchool", "RecordInitiative", "RecordNavigators", "navigator_ids"]


@attrs.frozen
class LinkSchool:
    """Payload of ``link_school``: the navigators school the programme opens.

    Examples:
        >>> LinkSchool("school 1")
        Traceback (most recent call last):
        ...
        ValueError: school_id must be 1-128 characters of letters, digits and '_.:@/-' starting \
with a letter or digit, got 'school 1'
    """

    school_id: str = attrs.field(validator=check_id)


@attrs.frozen
class RecordNavigators:
    """Payload of ``record_navigators``: the school's graduates, leaders of the bank.

    Examples:
        >>> RecordNavigators("s1", ())
        Traceback (most recent call last):
        ...
        ValueError: leader_ids must name at least one leader
    """

    school_id: str = attrs.field(validator=check_id)
    leader_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[some_leaders, check_ids]
    )


@attrs.frozen
class RecordInitiative:
    """Payload of ``record_initiative``: an initiative and the navigator who proposed it.

    Examples:
        >>> RecordInitiative("init-1", proposer_id="anna").proposer_id
        'anna'
    """

    initiative_id: str = attrs.field(validator=check_id)
    proposer_id: str = attrs.field(validator=check_id)


def navigator_ids(data: ProgrammeData) -> tuple[str, ...]:
    """The bank's navigators: its leaders who finished the navigators school, in bank order.

    Examples:
        >>> from pedcommunity.workflows.mentoring_programme import ProgrammeData
        >>> navigator_ids(ProgrammeData(name="П", coordinator_ids=("c",)))
        ()
    """
    return tuple(e.id for e in data.bank if e.leader.level >= LeaderLevel.NAVIGATOR)


# -- link_school -----------------------------------------------------------------------------


def _g_bank_not_empty(ctx: C) -> str | None:
    if not ctx.data.bank:
        return "the bank is empty; include leaders before opening the navigators school"
    return None


def _g_school_new(ctx: C) -> str | None:
    sid = ctx.payload.school_id
    if sid in ctx.data.school_ids:
        return f"navigators school '{sid}' is linked to the programme already"
    return None


def _e_link(ctx: C) -> ProgrammeData:
    return evolve_trusted(ctx.data, school_ids=(*ctx.data.school_ids, ctx.payload.school_id))


# -- record_navigators -----------------------------------------------------------------------


def _g_school_linked(ctx: C) -> str | None:
    sid = ctx.payload.school_id
    if sid not in ctx.data.school_ids:
        linked = ", ".join(ctx.data.school_ids) or "none"
        return f"school '{sid}' is not a navigators school of this programme; linked: {linked}"
    return None


def _g_graduates_in_bank(ctx: C) -> str | None:
    strangers = [i for i in ctx.payload.leader_ids if ctx.data.bank_entry(i) is None]
    if strangers:
        return (
            "the school's graduates are leaders of the competency leaders bank; not in it: "
            + ", ".join(strangers)
        )
    return None


def _e_navigators(ctx: C) -> ProgrammeData:
    p: RecordNavigators = ctx.payload
    chosen = set(p.leader_ids)

    def raised(e: BankEntry) -> BankEntry:
        if e.id not in chosen:
            return e
        return attrs.evolve(
            e, leader=e.leader.raised_to(LeaderLevel.NAVIGATOR), navigators_school_id=p.school_id
        )

    return evolve_trusted(ctx.data, bank=tuple(raised(e) for e in ctx.data.bank))


# -- record_initiative -----------------------------------------------------------------------


def _g_initiative_new(ctx: C) -> str | None:
    iid = ctx.payload.initiative_id
    if iid in ctx.data.initiatives:
        return f"initiative '{iid}' is recorded already (proposed by {ctx.data.initiatives[iid]})"
    return None


def _g_proposer_navigator(ctx: C) -> str | None:
    pid = ctx.payload.proposer_id
    entry = ctx.data.bank_entry(pid)
    if entry is not None and entry.leader.level >= LeaderLevel.NAVIGATOR:
        return None
    who = (
        f"'{pid}' is not in the competency leaders bank"
        if entry is None
        else f"'{pid}' is a {entry.leader.level.label.en.lower()} in the bank"
    )
    navigators = ", ".join(navigator_ids(ctx.data)) or "none"
    return (
        f"{who}; the initiatives office takes initiatives from navigators, leaders who "
        f"finished the navigators school (navigators: {navigators})"
    )


def _e_initiative(ctx: C) -> ProgrammeData:
    p: RecordInitiative = ctx.payload
    return evolve_trusted(
        ctx.data, initiatives=FrozenMap({**ctx.data.initiatives, p.initiative_id: p.proposer_id})
    )
