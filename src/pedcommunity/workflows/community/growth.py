"""How a community's members grow beyond its meetings: contests, internships, its library.

Seed 001 develops «конкурсное движение через индивидуальное и командное участие в конкурсах
профессионального мастерства» (3.4) and organises «стажировки» (3.3); seed 004's network keeps
a library whose administrator places and removes materials (29). The triggers, each with its
payload, guards and effect:

- ``enter_contest``: a member, or a team of members, enters an outside contest
  (:class:`~pedcommunity.model.ContestEntry`, no result yet). The entry id is new
  (``contest_entry_new``) and every contestant is a member on the day they entered
  (``contestants_members``).
- ``record_contest_result``: the outcome of a listed entry (``contest_entry_listed``),
  recorded once (``result_once``) and not dated before the entry (``result_after_entry``).
- ``arrange_internship``: a planned :class:`~pedcommunity.model.Internship` with a new id
  (``internship_new``) whose interns are current members (``interns_members``).
- ``close_internship``: a planned internship (``internship_open``) is completed or cancelled;
  a completed one ends on or after it starts (``closes_after_start``).
- ``add_to_library`` and ``remove_from_library``: a :class:`~pedcommunity.model.LibraryItem`
  with a new id (``library_item_new``) citing, if any, one of the community's materials
  (``material_known``); an item in the library (``library_item_present``) is removed, not
  before the day it was added (``removed_after_added``), and its record stays.

Every record of something that happened on a day is checked by ``not_future`` first.
"""

from __future__ import annotations

from datetime import date

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_bool, check_id, check_text, evolve_trusted
from pedcommunity.model.contests import ContestEntry, ContestOutcome
from pedcommunity.model.internships import Internship, InternshipStatus
from pedcommunity.model.library import LibraryItem
from pedcommunity.workflows.community._shared import C, _appended, _listed, _outsiders, _replaced
from pedcommunity.workflows.community.data import (
    _CONTEST,
    _INTERNSHIP,
    _LIBRARY,
    CommunityData,
    _optional_text,
)

__all__ = [
    "AddToLibrary",
    "ArrangeInternship",
    "CloseInternship",
    "EnterContest",
    "RecordContestResult",
    "RemoveFromLibrary",
]


def _at(data: CommunityData, kind: str, record_id: str) -> int:
    """Where the record is (a guard found it; only a custom definition without it gets here)."""
    pos = data._at(kind, record_id)
    if pos is None:
        raise ValueError(f"there is no {kind.replace('_', ' ')} '{record_id}'")
    return pos


# -- enter_contest ----------------------------------------------------------------------------


def _no_result(instance: object, attribute: attrs.Attribute[ContestEntry], value: object) -> None:
    if not isinstance(value, ContestEntry):
        raise TypeError(f"{attribute.name} must be a ContestEntry, got {shown(value)}")
    if value.outcome is not None:
        raise ValueError(
            f"{attribute.name} '{value.id}' must have no result yet; record it with "
            "record_contest_result"
        )


@attrs.frozen
class EnterContest:
    """Payload of ``enter_contest``: the entry, without a result (its ``entered_on`` is the day).

    Examples:
        >>> from pedcommunity.model import PROFESSIONAL_CONTESTS, ParticipationMode
        >>> entry = ContestEntry(id="ce1", contest=PROFESSIONAL_CONTESTS[0],
        ...                      mode=ParticipationMode.INDIVIDUAL, participant_ids=("anna",),
        ...                      entered_on=date(2026, 2, 1))
        >>> EnterContest(entry=entry).day
        datetime.date(2026, 2, 1)
    """

    entry: ContestEntry = attrs.field(validator=_no_result)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.entry.entered_on


def _g_contest_entry_new(ctx: C) -> str | None:
    eid = ctx.payload.entry.id
    if ctx.data._at(_CONTEST, eid) is not None:
        return f"contest entry id '{eid}' is taken; give the entry a new id"
    return None


def _g_contestants_members(ctx: C) -> str | None:
    e: ContestEntry = ctx.payload.entry
    out = _outsiders(ctx.data, e.participant_ids, e.entered_on)
    if out:
        return (
            f"contestants are members on the day they entered ({e.entered_on.isoformat()}); "
            f"not members: {_listed(out)}"
        )
    return None


def _e_enter_contest(ctx: C) -> CommunityData:
    d = ctx.data
    entry: ContestEntry = ctx.payload.entry
    return evolve_trusted(
        d,
        contest_entries=_appended(d.contest_entries, entry),
        _positions=d._positions.set((_CONTEST, entry.id), len(d.contest_entries)),
    )


# -- record_contest_result --------------------------------------------------------------------


@attrs.frozen
class RecordContestResult:
    """Payload of ``record_contest_result``: the entry, its outcome, the day it was announced.

    Examples:
        >>> RecordContestResult(entry_id="ce1", outcome=ContestOutcome.LAUREATE,
        ...                     on=date(2026, 4, 1)).outcome.label.ru
        'Лауреат'
    """

    entry_id: str = attrs.field(validator=check_id)
    outcome: ContestOutcome = attrs.field(validator=attrs.validators.instance_of(ContestOutcome))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_contest_entry_listed(ctx: C) -> str | None:
    eid = ctx.payload.entry_id
    if ctx.data.contest_entry(eid) is None:
        known = [e.id for e in ctx.data.contest_entries]
        return f"there is no contest entry '{eid}'; entries: {_listed(known)}"
    return None


def _g_result_once(ctx: C) -> str | None:
    e = ctx.data.contest_entry(ctx.payload.entry_id)
    if e is not None and e.outcome is not None:
        return f"'{e.id}' has its result already: {e.outcome.value}"
    return None


def _g_result_after_entry(ctx: C) -> str | None:
    p: RecordContestResult = ctx.payload
    e = ctx.data.contest_entry(p.entry_id)
    if e is not None and p.on < e.entered_on:
        return (
            f"'{e.id}' was entered on {e.entered_on.isoformat()}; its result comes on or after "
            f"that day, not on {p.on.isoformat()}"
        )
    return None


def _e_record_result(ctx: C) -> CommunityData:
    p: RecordContestResult = ctx.payload
    d = ctx.data
    pos = _at(d, _CONTEST, p.entry_id)
    # Guards result_once and result_after_entry hold the entry's rules on its result.
    done = evolve_trusted(d.contest_entries[pos], outcome=p.outcome, outcome_on=p.on)
    return evolve_trusted(d, contest_entries=_replaced(d.contest_entries, pos, done))


# -- arrange_internship and close_internship --------------------------------------------------


def _planned(instance: object, attribute: attrs.Attribute[Internship], value: object) -> None:
    if not isinstance(value, Internship):
        raise TypeError(f"{attribute.name} must be an Internship, got {shown(value)}")
    if value.status is not InternshipStatus.PLANNED:
        raise ValueError(
            f"{attribute.name} '{value.id}' must be planned, not {value.status.value}; "
            "close it with close_internship"
        )


@attrs.frozen
class ArrangeInternship:
    """Payload of ``arrange_internship``: a planned internship (it may start later).

    Examples:
        >>> i = Internship(id="in1", intern_ids=("boris",), host="Школа № 5",
        ...                topic="Оценивание", starts_on=date(2026, 3, 1),
        ...                ends_on=date(2026, 3, 14))
        >>> ArrangeInternship(internship=i).internship.is_open
        True
    """

    internship: Internship = attrs.field(validator=_planned)


def _g_internship_new(ctx: C) -> str | None:
    iid = ctx.payload.internship.id
    if ctx.data._at(_INTERNSHIP, iid) is not None:
        return f"internship id '{iid}' is taken; give the internship a new id"
    return None


def _g_interns_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.internship.intern_ids)
    if out:
        return f"interns are current members; not members: {_listed(out)}"
    return None


def _e_arrange_internship(ctx: C) -> CommunityData:
    d = ctx.data
    internship: Internship = ctx.payload.internship
    return evolve_trusted(
        d,
        internships=_appended(d.internships, internship),
        _positions=d._positions.set((_INTERNSHIP, internship.id), len(d.internships)),
    )


@attrs.frozen
class CloseInternship:
    """Payload of ``close_internship``: the day it ended, whether it took place, its outcome.

    Examples:
        >>> CloseInternship(internship_id="in1", on=date(2026, 3, 14), completed=True,
        ...                 outcome="Открытый урок").completed
        True
    """

    internship_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    completed: bool = attrs.field(validator=check_bool)
    outcome: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_internship_open(ctx: C) -> str | None:
    iid = ctx.payload.internship_id
    i = ctx.data.internship(iid)
    if i is None:
        known = [x.id for x in ctx.data.internships if x.is_open]
        return f"there is no internship '{iid}'; planned internships: {_listed(known)}"
    if i.closed_on is not None:
        return (
            f"internship '{iid}' is {i.status.value} already (closed on {i.closed_on.isoformat()})"
        )
    return None


def _g_closes_after_start(ctx: C) -> str | None:
    p: CloseInternship = ctx.payload
    i = ctx.data.internship(p.internship_id)
    if p.completed and i is not None and p.on < i.starts_on:
        return (
            f"a completed internship ends on or after it starts ({i.starts_on.isoformat()}), "
            f"not on {p.on.isoformat()}; cancel it if it did not take place"
        )
    return None


def _e_close_internship(ctx: C) -> CommunityData:
    p: CloseInternship = ctx.payload
    d = ctx.data
    pos = _at(d, _INTERNSHIP, p.internship_id)
    i = d.internships[pos]
    status = InternshipStatus.COMPLETED if p.completed else InternshipStatus.CANCELLED
    # Guards internship_open and closes_after_start hold the internship's rules on closing.
    closed = evolve_trusted(
        i, status=status, closed_on=p.on, outcome=i.outcome if p.outcome is None else p.outcome
    )
    return evolve_trusted(d, internships=_replaced(d.internships, pos, closed))


# -- add_to_library and remove_from_library ---------------------------------------------------


def _held(instance: object, attribute: attrs.Attribute[LibraryItem], value: object) -> None:
    if not isinstance(value, LibraryItem):
        raise TypeError(f"{attribute.name} must be a LibraryItem, got {shown(value)}")
    if value.removed_on is not None:
        raise ValueError(
            f"{attribute.name} '{value.id}' must not be removed yet; remove it with "
            "remove_from_library"
        )


@attrs.frozen
class AddToLibrary:
    """Payload of ``add_to_library``: the new item (its ``added_on`` is the day).

    Examples:
        >>> from pedcommunity.model import LibrarySection
        >>> item = LibraryItem(id="lib1", title="Положение о сетевом сообществе",
        ...                    section=LibrarySection.REGULATIONS, added_on=date(2025, 9, 1),
        ...                    added_by="admin")
        >>> AddToLibrary(item=item).day, AddToLibrary(item=item).material_ref is None
        (datetime.date(2025, 9, 1), True)
    """

    item: LibraryItem = attrs.field(validator=_held)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.item.added_on

    @property
    def material_ref(self) -> str | None:
        """The community's material the item places in the library, if it is one."""
        return self.item.material_id


def _g_library_item_new(ctx: C) -> str | None:
    iid = ctx.payload.item.id
    if ctx.data._at(_LIBRARY, iid) is not None:
        return f"library item id '{iid}' is taken; give the item a new id"
    return None


def _e_add_to_library(ctx: C) -> CommunityData:
    d = ctx.data
    item: LibraryItem = ctx.payload.item
    return evolve_trusted(
        d,
        library=_appended(d.library, item),
        _positions=d._positions.set((_LIBRARY, item.id), len(d.library)),
    )


@attrs.frozen
class RemoveFromLibrary:
    """Payload of ``remove_from_library``: the item, the day it was removed, and why.

    Examples:
        >>> RemoveFromLibrary(item_id="lib1", on=date(2026, 1, 10), reason="Утратил силу").day
        datetime.date(2026, 1, 10)
    """

    item_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_library_item_present(ctx: C) -> str | None:
    iid = ctx.payload.item_id
    item = ctx.data.library_item(iid)
    if item is None:
        held = [i.id for i in ctx.data.library_on()]
        return f"there is no library item '{iid}'; items in the library: {_listed(held)}"
    if item.removed_on is not None:
        return f"library item '{iid}' was removed on {item.removed_on.isoformat()} already"
    return None


def _g_removed_after_added(ctx: C) -> str | None:
    p: RemoveFromLibrary = ctx.payload
    item = ctx.data.library_item(p.item_id)
    if item is not None and p.on < item.added_on:
        return (
            f"library item '{item.id}' was added on {item.added_on.isoformat()} and cannot be "
            f"removed before that ({p.on.isoformat()})"
        )
    return None


def _e_remove_from_library(ctx: C) -> CommunityData:
    p: RemoveFromLibrary = ctx.payload
    d = ctx.data
    pos = _at(d, _LIBRARY, p.item_id)
    # Guards library_item_present and removed_after_added hold the item's rules on removal.
    removed = evolve_trusted(d.library[pos], removed_on=p.on, removal_reason=p.reason)
    return evolve_trusted(d, library=_replaced(d.library, pos, removed))
