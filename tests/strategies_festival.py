"""Hypothesis strategies for the mentoring festival (seed 003): its model and its workflow.

Every strategy builds valid values only: links are http(s) URLs, a mentor is never one of
their mentees, ids of criteria and entries are unique within a festival, weights are positive
and finite, scores whole and non-negative.

:data:`FESTIVAL_STRATEGIES` maps each public attrs class of ``pedcommunity.model.festival``
and ``pedcommunity.workflows.festival`` to its strategy. :func:`festival_workflows` runs a
prefix of a scripted festival; :func:`festival_events` picks events from such runs.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import aware_datetimes, cyrillic_texts, ids, labels, texts

from pedcommunity.model import DomainEvent
from pedcommunity.model.festival import (
    MENTORS_OF_YUGRA,
    Award,
    Criterion,
    FestivalDirection,
    FestivalEntry,
    Product,
    Score,
    ShowcaseTrack,
    Standing,
)
from pedcommunity.workflows import Workflow, fire, start
from pedcommunity.workflows.festival import (
    FESTIVAL,
    AppointJuror,
    CancelFestival,
    DismissJuror,
    FestivalData,
    FestivalRules,
    GiveAward,
    ScoreEntry,
    SubmitEntry,
    WithdrawEntry,
)

__all__ = [
    "FESTIVAL_STRATEGIES",
    "award_titles",
    "awards",
    "criteria",
    "festival_data",
    "festival_entries",
    "festival_events",
    "festival_rules",
    "festival_standings",
    "festival_workflows",
    "links",
    "products",
    "scores",
]

T = TypeVar("T")


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(strategy: SearchStrategy[T], *, min_size: int = 0, max_size: int = 3) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


# -- model ------------------------------------------------------------------------------------

_HOST = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12)
# Anything but whitespace, controls and surrogates may follow the host (Cyrillic paths too).
_PATH = st.text(st.characters(codec="utf-8", exclude_categories=("Z", "C")), max_size=20).map(
    lambda p: "/" + p
)


def links() -> SearchStrategy[str]:
    """http(s) URLs: a host, a domain, an optional path of any non-blank characters."""
    return st.builds(
        "{}://{}.{}{}".format,
        st.sampled_from(("http", "https", "HTTPS")),
        _HOST,
        st.sampled_from(("ru", "org", "рф")),
        st.just("") | _PATH,
    )


def products() -> SearchStrategy[Product]:
    """Products of any kind with a non-blank title and an http(s) link."""
    kinds = st.sampled_from(("video", "poem", "song", "mind map", "web page")) | texts()
    return st.builds(Product, title=texts(), kind=kinds, link=links())


@st.composite
def festival_entries(draw: Callable[..., Any], *, entry_id: str | None = None) -> FestivalEntry:
    """Entries of 1-3 distinct mentees, none of them the mentor."""
    mentor = draw(ids())
    mentees = draw(
        st.lists(ids().filter(lambda m: m != mentor), min_size=1, max_size=3, unique=True)
    )
    return FestivalEntry(
        id=entry_id if entry_id is not None else draw(ids()),
        mentor_id=mentor,
        mentee_ids=mentees,
        direction=draw(st.sampled_from(FestivalDirection)),
        showcase=draw(st.sampled_from(ShowcaseTrack)),
        product=draw(products()),
        track_id=draw(_optional(ids())),
    )


_WEIGHTS = st.floats(
    min_value=0, max_value=1e6, exclude_min=True, allow_nan=False, allow_infinity=False
) | st.integers(1, 100)


def criteria() -> SearchStrategy[Criterion]:
    """Criteria with positive finite weights (floats or whole numbers) and top scores >= 1."""
    return st.builds(
        Criterion, id=ids(), name=labels(), weight=_WEIGHTS, max_score=st.integers(1, 100)
    )


def scores() -> SearchStrategy[Score]:
    """Scores of 0 to 100 points (the top score is checked against a criterion elsewhere)."""
    return st.builds(
        Score, juror_id=ids(), entry_id=ids(), criterion_id=ids(), value=st.integers(0, 100)
    )


def award_titles() -> SearchStrategy[Any]:
    """The award symbol «Наставники Югры» or any bilingual title."""
    return st.just(MENTORS_OF_YUGRA) | labels()


def awards() -> SearchStrategy[Award]:
    """Awards with or without a place."""
    return st.builds(
        Award, entry_id=ids(), title=award_titles(), place=_optional(st.integers(1, 10))
    )


_MEANS = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


def festival_standings() -> SearchStrategy[Standing]:
    """Standings as snapshots: a score in [0, 1], ranks >= 1, means >= 0."""
    return st.builds(
        Standing,
        entry_id=ids(),
        showcase=st.sampled_from(ShowcaseTrack),
        direction=st.sampled_from(FestivalDirection),
        score=st.floats(min_value=0, max_value=1),
        rank=st.integers(1, 100),
        track_rank=st.integers(1, 100),
        jurors=st.integers(0, 20),
        criterion_means=st.dictionaries(ids(), _MEANS, max_size=3),
    )


# -- the festival's data and payloads ---------------------------------------------------------

_SHARES = st.just(1) | st.floats(min_value=0, max_value=1, exclude_min=True)


def festival_rules() -> SearchStrategy[FestivalRules]:
    """Festival rules: 1-3 entries per pair, a jury of at least 1-5, a quorum in (0, 1]."""
    return st.builds(
        FestivalRules,
        entries_per_pair=st.integers(1, 3),
        min_jury=st.integers(1, 5),
        score_quorum=_SHARES,
        tandems_only=st.booleans(),
    )


def festival_data() -> SearchStrategy[FestivalData]:
    """Festival data as a snapshot (unique criteria, juror and entry ids; no workflow made it)."""
    return st.builds(
        FestivalData,
        name=cyrillic_texts(),
        organisation_id=_optional(ids()),
        organiser_ids=st.lists(ids(), max_size=2, unique=True).map(tuple),
        rules=festival_rules(),
        criteria=st.lists(criteria(), min_size=1, max_size=3, unique_by=lambda c: c.id).map(tuple),
        jury=st.lists(ids(), max_size=3, unique=True).map(tuple),
        entries=st.lists(festival_entries(), max_size=2, unique_by=lambda e: e.id).map(tuple),
        scores=_tuples(scores()),
        awards=_tuples(awards(), max_size=2),
        closed_reason=_optional(texts()),
    )


# -- running festivals ------------------------------------------------------------------------

#: The organiser's actor id in scripted festivals.
ORGANISER = "organiser"

_STAGES = ("registration", "judging", "awarding", "closed")


@st.composite
def festival_workflows(draw: Callable[..., Any], *, until: str | None = None) -> Workflow:
    """A festival that ran a valid script up to a drawn stage (``until`` fixes it).

    The script: a festival of tandems (the seed's) or, sometimes, of groups
    (``tandems_only=False``: 1-2 mentees an entry); 1-3 jurors, 1-4 pairs enter (one with a
    juror as its mentee, sometimes), the
    judging opens, every juror free to judge scores every entry on every criterion (some in two
    sheets, correcting a value), the judging closes, one or two awards, the festival closes;
    sometimes it is cancelled at the drawn stage instead. The organiser runs it; a pair's entry
    is submitted by its mentor, a mentee or the organiser; each juror scores in their own name.
    """
    stop = until if until is not None else draw(st.sampled_from(_STAGES))
    at = draw(aware_datetimes())
    step = timedelta(hours=1)
    crit = draw(st.lists(criteria(), min_size=1, max_size=2, unique_by=lambda c: c.id))
    groups = draw(st.booleans())
    data = FestivalData(
        name=draw(cyrillic_texts()),
        organiser_ids=(ORGANISER,),
        criteria=crit,
        rules=FestivalRules(tandems_only=not groups),
    )
    wf = start(FESTIVAL, data, id=draw(ids()), actor=ORGANISER, at=at)

    def go(trigger: str, payload: Any = None, actor: str = ORGANISER) -> None:
        nonlocal at
        at += step
        fire(wf, trigger, payload, actor=actor, at=at)

    # Prefixed ids: a juror, a mentor and a mentee can never be the same person by accident.
    jury = [f"juror-{k}" for k in range(draw(st.integers(1, 3)))]
    for j in jury:
        go("appoint_juror", AppointJuror(juror_id=j))
    for i in range(draw(st.integers(1, 4))):
        mentees = draw(
            st.lists(ids(max_size=16), min_size=1, max_size=2 if groups else 1, unique=True)
        )
        if i == 1 and len(jury) > 1 and draw(st.booleans()):
            mentees = [jury[0]]  # a juror who is a mentee: a conflict of interest to respect
        entry = FestivalEntry(
            id=f"e{i}",
            mentor_id=f"mentor-{i}",
            mentee_ids=[m if m in jury else f"t-{m}" for m in mentees],
            direction=draw(st.sampled_from(FestivalDirection)),
            showcase=draw(st.sampled_from(ShowcaseTrack)),
            product=draw(products()),
        )
        # The pair submits its own entry (the mentor or a mentee), or the organisers for them.
        submitter = draw(st.sampled_from((ORGANISER, *entry.participants)))
        go("submit_entry", SubmitEntry(entry=entry), submitter)
    if stop == "registration":
        return wf
    go("open_judging")
    for e in wf.data.entries:
        for j in wf.data.eligible_jurors(e):
            values = {c.id: draw(st.integers(0, c.max_score)) for c in crit}
            if draw(st.booleans()):
                # A slip first, corrected by the second sheet.
                slip = ScoreEntry(juror_id=j, entry_id=e.id, values={crit[0].id: 0})
                go("score_entry", slip, j)
            go("score_entry", ScoreEntry(juror_id=j, entry_id=e.id, values=values), j)
    if stop == "judging":
        return wf
    go("close_judging")
    ranked = wf.data.standings()
    go("give_award", GiveAward(award=Award(entry_id=ranked[0].entry_id, place=1)))
    if len(ranked) > 1 and draw(st.booleans()):
        go("give_award", GiveAward(award=Award(entry_id=ranked[1].entry_id, place=2)))
    if stop == "awarding":
        return wf
    if draw(st.booleans()):
        go("cancel_festival", CancelFestival(reason=draw(texts())))
    else:
        go("close_festival")
    return wf


def festival_events() -> SearchStrategy[DomainEvent]:
    """Events recorded by scripted festivals, with their typed payloads."""
    return festival_workflows().flatmap(lambda wf: st.sampled_from(wf.events))


#: A strategy for every public attrs class of the festival's model and workflow modules.
FESTIVAL_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Award: awards(),
    Criterion: criteria(),
    FestivalEntry: festival_entries(),
    Product: products(),
    Score: scores(),
    Standing: festival_standings(),
    FestivalData: festival_data(),
    FestivalRules: festival_rules(),
    AppointJuror: st.builds(AppointJuror, juror_id=ids()),
    CancelFestival: st.builds(CancelFestival, reason=texts()),
    DismissJuror: st.builds(DismissJuror, juror_id=ids(), reason=_optional(texts())),
    GiveAward: st.builds(GiveAward, award=awards()),
    ScoreEntry: st.builds(
        ScoreEntry,
        juror_id=ids(),
        entry_id=ids(),
        values=st.dictionaries(ids(), st.integers(0, 100), min_size=1, max_size=3),
    ),
    SubmitEntry: st.builds(SubmitEntry, entry=festival_entries()),
    WithdrawEntry: st.builds(WithdrawEntry, entry_id=ids(), reason=_optional(texts())),
}
