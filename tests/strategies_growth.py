"""Hypothesis strategies for contests, internships and the library, and their payloads.

Every strategy builds valid values only: an individual entry names one participant and a team
two or more, a result comes with its day, an internship closes exactly when it is no longer
planned, a library item in a section that needs a link has one. :data:`GROWTH_STRATEGIES` maps
each public attrs class of ``model.contests``, ``model.internships``, ``model.library`` and
``workflows.community.growth`` to its strategy; ``strategies_community`` merges it into
``COMMUNITY_STRATEGIES``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import _optional, ids, labels, texts

from pedcommunity.model.contests import (
    Contest,
    ContestEntry,
    ContestLevel,
    ContestOutcome,
    ParticipationMode,
)
from pedcommunity.model.internships import Internship, InternshipStatus
from pedcommunity.model.library import LibraryItem, LibrarySection
from pedcommunity.workflows.community import (
    AddToLibrary,
    ArrangeInternship,
    CloseInternship,
    EnterContest,
    RecordContestResult,
    RemoveFromLibrary,
)

__all__ = [
    "GROWTH_STRATEGIES",
    "contest_entries",
    "dates",
    "internships",
    "library_items",
]


def dates() -> SearchStrategy[date]:
    """Calendar days between 1970 and 2100."""
    return st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))


def _later(draw: Callable[..., Any], day: date) -> date:
    return day + timedelta(days=draw(st.integers(0, 3000)))


def contests() -> SearchStrategy[Contest]:
    """Contests of any level, or of none."""
    return st.builds(
        Contest, id=ids(), name=labels(), level=_optional(st.sampled_from(ContestLevel))
    )


@st.composite
def contest_entries(draw: Callable[..., Any], *, with_result: bool | None = None) -> ContestEntry:
    """Entries, individual (one participant) or team (2-4), with or without a result."""
    mode = draw(st.sampled_from(ParticipationMode))
    size = (1, 1) if mode is ParticipationMode.INDIVIDUAL else (2, 4)
    people = draw(st.lists(ids(), min_size=size[0] + 1, max_size=size[1] + 1, unique=True))
    count = draw(st.integers(size[0], len(people) - 1))
    entered = draw(dates())
    result = draw(st.booleans()) if with_result is None else with_result
    return ContestEntry(
        id=draw(ids()),
        contest=draw(contests()),
        mode=mode,
        participant_ids=people[:count],
        entered_on=entered,
        mentor_id=draw(st.none() | st.just(people[-1])),
        outcome=draw(st.sampled_from(ContestOutcome)) if result else None,
        outcome_on=_later(draw, entered) if result else None,
    )


@st.composite
def internships(draw: Callable[..., Any], *, planned: bool = False) -> Internship:
    """Internships, planned, completed (closed on or after the start) or cancelled."""
    people = draw(st.lists(ids(), min_size=2, max_size=4, unique=True))
    starts = draw(dates())
    status = InternshipStatus.PLANNED if planned else draw(st.sampled_from(InternshipStatus))
    closed = None
    if status is InternshipStatus.COMPLETED:
        closed = _later(draw, starts)
    elif status is InternshipStatus.CANCELLED:
        closed = starts - timedelta(days=draw(st.integers(0, 60)))
    return Internship(
        id=draw(ids()),
        intern_ids=people[1:],
        host=draw(texts()),
        topic=draw(texts()),
        starts_on=starts,
        ends_on=_later(draw, starts),
        host_id=draw(_optional(ids())),
        supervisor_id=draw(st.none() | st.just(people[0])),
        status=status,
        closed_on=closed,
        outcome=draw(_optional(texts())) if closed is not None else None,
    )


@st.composite
def library_items(draw: Callable[..., Any], *, held: bool = False) -> LibraryItem:
    """Library items of every section (a link where the section needs one), some removed."""
    section = draw(st.sampled_from(LibrarySection))
    added = draw(dates())
    removed = not held and draw(st.booleans())
    return LibraryItem(
        id=draw(ids()),
        title=draw(texts()),
        section=section,
        added_on=added,
        added_by=draw(ids()),
        link=draw(texts()) if section.needs_link else draw(_optional(texts())),
        material_id=draw(_optional(ids())),
        author=draw(_optional(texts())),
        language=draw(_optional(st.sampled_from(("ru", "tt", "en", "ru-RU", "tt-Cyrl")))),
        removed_on=_later(draw, added) if removed else None,
        removal_reason=draw(texts()) if removed else None,
    )


#: A strategy for every public attrs class of contests, internships and the library.
GROWTH_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Contest: contests(),
    ContestEntry: contest_entries(),
    Internship: internships(),
    LibraryItem: library_items(),
    EnterContest: st.builds(EnterContest, entry=contest_entries(with_result=False)),
    RecordContestResult: st.builds(
        RecordContestResult,
        entry_id=ids(),
        outcome=st.sampled_from(ContestOutcome),
        on=dates(),
    ),
    ArrangeInternship: st.builds(ArrangeInternship, internship=internships(planned=True)),
    CloseInternship: st.builds(
        CloseInternship,
        internship_id=ids(),
        on=dates(),
        completed=st.booleans(),
        outcome=_optional(texts()),
    ),
    AddToLibrary: st.builds(AddToLibrary, item=library_items(held=True)),
    RemoveFromLibrary: st.builds(RemoveFromLibrary, item_id=ids(), on=dates(), reason=texts()),
}
