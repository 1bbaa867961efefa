"""The mentoring festival of seed 003 («Наставники Югры: маршрут построен») as a workflow.

Stages: ``registration`` -> ``judging`` -> ``awarding`` -> ``closed``; ``cancel_festival``
ends it in ``cancelled`` from any stage that is not final. Every rule is a named guard; every
change of the festival's data is an effect that returns a new :class:`FestivalData`.

The rules, as guards:

- **Registration.** A mentoring pair (same mentor and mentees, or same mentoring track) enters
  ``FestivalRules.entries_per_pair`` times (once, by default: the seed's pair chooses one
  direction), never twice in the same showcase track. Entry ids are unique. Jurors are
  appointed and dismissed; a dismissed juror's scores are withdrawn.
- **Opening the judging.** At least one entry, at least ``min_jury`` jurors, and for every
  entry a juror who is not part of it.
- **Judging.** Only jurors score, only listed entries, only on listed criteria, from 0 to the
  criterion's ``max_score``. A juror never scores an entry they are the mentor or a mentee of
  (conflict of interest). Scoring a criterion again replaces the juror's earlier value, so a
  juror can correct a slip until the judging closes. A juror may be dismissed only while
  every entry keeps a juror who may score it; a withdrawn entry takes its scores with it.
- **Closing the judging.** Every entry is scored on every criterion by
  ``ceil(score_quorum * eligible jurors)`` of the jurors who may score it (all, by default).
- **Awarding.** Awards go to entries of the festival, a given title once per entry. The
  ``give_award`` event is the record of the award (who gave it, when, to which entry);
  :attr:`FestivalData.awards` keeps the list for the rules. The festival closes after at
  least one award: the seed's closing ceremony gives the award symbol.

Examples:
    >>> from pedcommunity.workflows.festival import FESTIVAL
    >>> [s.label.en for s in FESTIVAL.states]
    ['Registration', 'Judging', 'Awarding', 'Closed', 'Cancelled']
    >>> FESTIVAL.triggers_from("judging")  # doctest: +NORMALIZE_WHITESPACE
    ('withdraw_entry', 'appoint_juror', 'dismiss_juror', 'score_entry', 'close_judging',
     'cancel_festival')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label, counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    evolve_checked,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.festival import (
    FESTIVAL_CRITERIA,
    Award,
    Criterion,
    FestivalEntry,
    Score,
    Standing,
    standings,
)
from pedcommunity.workflows.definition import (
    ANY_STATE,
    Context,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

__all__ = [
    "FESTIVAL",
    "FESTIVAL_PERMISSIONS",
    "AppointJuror",
    "CancelFestival",
    "DismissJuror",
    "FestivalData",
    "FestivalRules",
    "GiveAward",
    "ScoreEntry",
    "SubmitEntry",
    "WithdrawEntry",
    "festival_roles",
]


# -- data -------------------------------------------------------------------------------------


def _share(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


@attrs.frozen
class FestivalRules:
    """The configurable rules of a festival.

    Attributes:
        entries_per_pair: how many entries one pair may submit, each in another showcase
            track (1: the seed's pair chooses one direction and shows one product).
        min_jury: how many jurors the judging needs to open.
        score_quorum: the share of the jurors free to score an entry who must score it on
            every criterion before the judging closes (1: all of them).

    Examples:
        >>> FestivalRules().quorum(3)
        3
        >>> FestivalRules(score_quorum=0.5).quorum(3)
        2
    """

    entries_per_pair: int = attrs.field(default=1, validator=check_positive_int)
    min_jury: int = attrs.field(default=1, validator=check_positive_int)
    score_quorum: float = attrs.field(default=1.0, validator=_share)

    def quorum(self, eligible: int) -> int:
        """How many of ``eligible`` jurors must score an entry fully (at least one)."""
        return max(1, math.ceil(self.score_quorum * eligible - 1e-9))


def _criteria(
    instance: object, attribute: attrs.Attribute[tuple[Criterion, ...]], value: object
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must hold at least one criterion")


def _unique_ids(kind: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise DuplicateId(kind=kind, id=item.id, field=attribute.name)
            seen.add(item.id)

    return check


@attrs.frozen
class FestivalData:
    """Everything a festival knows at one moment. Effects return a new one for each change.

    ``criteria`` default to :data:`~pedcommunity.model.festival.FESTIVAL_CRITERIA`; ids of
    criteria, jurors and entries are unique.

    Examples:
        >>> d = FestivalData(name="Наставники Югры: маршрут построен")
        >>> [c.id for c in d.criteria]
        ['relevance', 'results', 'originality', 'presentation']
        >>> d.jury, d.entries, d.rules.entries_per_pair
        ((), (), 1)
    """

    name: str = attrs.field(validator=check_text)
    organisation_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: FestivalRules = attrs.field(
        factory=FestivalRules, validator=attrs.validators.instance_of(FestivalRules)
    )
    criteria: tuple[Criterion, ...] = attrs.field(
        default=FESTIVAL_CRITERIA,
        converter=to_tuple,
        validator=[
            attrs.validators.deep_iterable(attrs.validators.instance_of(Criterion)),
            _criteria,
            _unique_ids("criterion"),
        ],
    )
    jury: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    entries: tuple[FestivalEntry, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            attrs.validators.deep_iterable(attrs.validators.instance_of(FestivalEntry)),
            _unique_ids("entry"),
        ],
    )
    scores: tuple[Score, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Score)),
    )
    awards: tuple[Award, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Award)),
    )
    closed_reason: str | None = attrs.field(default=None, validator=check_optional_text)

    def entry(self, entry_id: str) -> FestivalEntry | None:
        """The entry with this id, if any.

        Examples:
            >>> FestivalData(name="F").entry("e1") is None
            True
        """
        return next((e for e in self.entries if e.id == entry_id), None)

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, if any.

        Examples:
            >>> FestivalData(name="F").criterion("results").max_score
            10
        """
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def eligible_jurors(self, entry: FestivalEntry) -> tuple[str, ...]:
        """The jurors free to score ``entry``: the jury minus the entry's mentor and mentees.

        Examples:
            >>> from pedcommunity.model.festival import (
            ...     FestivalDirection, Product, ShowcaseTrack)
            >>> e = FestivalEntry(id="e1", mentor_id="m1", mentee_ids=("t1",),
            ...                   direction=FestivalDirection.REVERSE,
            ...                   showcase=ShowcaseTrack.ART,
            ...                   product=Product(title="T", kind="video",
            ...                                   link="https://example.org/v"))
            >>> FestivalData(name="F", jury=("j1", "m1")).eligible_jurors(e)
            ('j1',)
        """
        return tuple(j for j in self.jury if j not in entry.participants)

    def complete_jurors(self, entry_id: str) -> tuple[str, ...]:
        """The jurors who have scored the entry on every criterion, in jury order.

        Examples:
            >>> d = FestivalData(name="F", jury=("j1",), scores=[
            ...     Score(juror_id="j1", entry_id="e1", criterion_id=c.id, value=5)
            ...     for c in FESTIVAL_CRITERIA])
            >>> d.complete_jurors("e1"), d.complete_jurors("e2")
            (('j1',), ())
        """
        needed = {c.id for c in self.criteria}
        given: dict[str, set[str]] = {}
        for s in self.scores:
            if s.entry_id == entry_id:
                given.setdefault(s.juror_id, set()).add(s.criterion_id)
        return tuple(j for j in self.jury if needed <= given.get(j, set()))

    def standings(self) -> list[Standing]:
        """The entries ranked by their scores so far (see :func:`standings`).

        Examples:
            >>> FestivalData(name="F").standings()
            []
        """
        return standings(self.entries, self.criteria, self.scores)


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class SubmitEntry:
    """Payload of ``submit_entry``: a pair's entry."""

    entry: FestivalEntry = attrs.field(validator=attrs.validators.instance_of(FestivalEntry))


@attrs.frozen
class WithdrawEntry:
    """Payload of ``withdraw_entry``: the id of an entry to withdraw and, optionally, why."""

    entry_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen
class AppointJuror:
    """Payload of ``appoint_juror``: the teacher who joins the jury."""

    juror_id: str = attrs.field(validator=check_id)


@attrs.frozen
class DismissJuror:
    """Payload of ``dismiss_juror``: the juror who leaves the jury and, optionally, why."""

    juror_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


def _sheet(
    instance: object, attribute: attrs.Attribute[FrozenMap[str, int]], value: FrozenMap[str, int]
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must score at least one criterion")
    for key, points in value.items():
        check_id(instance, attribute, key)
        if isinstance(points, bool) or not isinstance(points, int) or points < 0:
            raise ValueError(
                f"{attribute.name} must give whole numbers of at least 0, "
                f"got {shown(points)} for '{key}'"
            )


@attrs.frozen
class ScoreEntry:
    """Payload of ``score_entry``: one juror's score sheet for one entry, criterion to points.

    A sheet may score some criteria now and the rest later; scoring a criterion again replaces
    the juror's earlier value.

    Examples:
        >>> ScoreEntry(juror_id="j1", entry_id="e1", values={"results": 9}).values["results"]
        9
    """

    juror_id: str = attrs.field(validator=check_id)
    entry_id: str = attrs.field(validator=check_id)
    values: FrozenMap[str, int] = attrs.field(converter=to_frozen_map, validator=_sheet)


@attrs.frozen
class GiveAward:
    """Payload of ``give_award``: the award; the event that carries it is its record."""

    award: Award = attrs.field(validator=attrs.validators.instance_of(Award))


@attrs.frozen
class CancelFestival:
    """Payload of ``cancel_festival``: why the festival does not take place."""

    reason: str = attrs.field(validator=check_text)


# -- guards -----------------------------------------------------------------------------------

C = Context[FestivalData]


def _g_entry_new(ctx: C) -> str | None:
    eid = ctx.payload.entry.id
    if ctx.data.entry(eid) is not None:
        return f"entry id '{eid}' is taken; give the entry a new id"
    return None


def _g_pair_entries(ctx: C) -> str | None:
    entry: FestivalEntry = ctx.payload.entry
    mine = [e for e in ctx.data.entries if e.same_pair(entry)]
    same_track = next((e for e in mine if e.showcase is entry.showcase), None)
    if same_track is not None:
        return (
            f"this pair has entered the {same_track.showcase.label.en.lower()} already "
            f"(entry '{same_track.id}'); a pair shows one product per track"
        )
    limit = ctx.data.rules.entries_per_pair
    if len(mine) >= limit:
        return (
            f"this pair has entered already ({', '.join(e.id for e in mine)}); "
            f"a pair enters {'once' if limit == 1 else f'at most {limit} times'}"
        )
    return None


def _g_entry_listed(ctx: C) -> str | None:
    eid = ctx.payload.entry_id
    if ctx.data.entry(eid) is None:
        listed = ", ".join(e.id for e in ctx.data.entries) or "none"
        return f"entry '{eid}' is not in the festival; entries: {listed}"
    return None


def _g_award_entry_listed(ctx: C) -> str | None:
    eid = ctx.payload.award.entry_id
    if ctx.data.entry(eid) is None:
        listed = ", ".join(e.id for e in ctx.data.entries) or "none"
        return f"awards go to entries of the festival; '{eid}' is not one; entries: {listed}"
    return None


def _g_juror_new(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    if jid in ctx.data.jury:
        return f"'{jid}' is on the jury already"
    return None


def _g_is_juror(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    if jid not in ctx.data.jury:
        return f"'{jid}' is not on the jury; jurors: {', '.join(ctx.data.jury) or 'none'}"
    return None


def _unjudgeable(data: FestivalData) -> list[str]:
    return [e.id for e in data.entries if not data.eligible_jurors(e)]


def _g_keeps_entries_judgeable(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    after = evolve_checked(ctx.data, jury=tuple(j for j in ctx.data.jury if j != jid))
    lost = _unjudgeable(after)
    if lost:
        return (
            f"without '{jid}' no juror could score {', '.join(lost)}; appoint another juror first"
        )
    return None


def _g_has_entries(ctx: C) -> str | None:
    if not ctx.data.entries:
        return "the festival has no entries; at least one pair must enter"
    return None


def _g_has_jury(ctx: C) -> str | None:
    need = ctx.data.rules.min_jury
    have = len(ctx.data.jury)
    if have < need:
        return f"the jury has {counted(have, 'juror')} and needs at least {need}; appoint jurors"
    return None


def _g_entries_judgeable(ctx: C) -> str | None:
    lost = _unjudgeable(ctx.data)
    if lost:
        return (
            f"every juror is part of {', '.join(lost)}; appoint a juror who is not, "
            "so that the entry can be scored"
        )
    return None


def _g_no_conflict(ctx: C) -> str | None:
    p: ScoreEntry = ctx.payload
    entry = ctx.data.entry(p.entry_id)
    if entry is not None and p.juror_id in entry.participants:
        return (
            f"'{p.juror_id}' is part of entry '{p.entry_id}' and may not judge it "
            "(conflict of interest)"
        )
    return None


def _g_criteria_listed(ctx: C) -> str | None:
    listed = [c.id for c in ctx.data.criteria]
    extra = sorted(set(ctx.payload.values) - set(listed))
    if extra:
        return f"score only the festival's criteria; not listed: {', '.join(extra)}; listed: " + (
            ", ".join(listed)
        )
    return None


def _g_score_in_range(ctx: C) -> str | None:
    for cid, points in ctx.payload.values.items():
        criterion = ctx.data.criterion(cid)
        if criterion is not None and points > criterion.max_score:
            return f"'{cid}' is scored from 0 to {criterion.max_score}; got {points}"
    return None


def _g_scoring_complete(ctx: C) -> str | None:
    d = ctx.data
    for e in d.entries:
        eligible = d.eligible_jurors(e)
        done = d.complete_jurors(e.id)
        need = d.rules.quorum(len(eligible))
        if len(done) < need:
            waiting = [j for j in eligible if j not in done]
            return (
                f"entry '{e.id}' is scored on every criterion by {len(done)} of "
                f"{counted(len(eligible), 'juror')} free to judge it; {need} "
                f"{'is' if need == 1 else 'are'} needed; "
                f"waiting for: {', '.join(waiting)}"
            )
    return None


def _g_award_once(ctx: C) -> str | None:
    award: Award = ctx.payload.award
    if any(a.entry_id == award.entry_id and a.title == award.title for a in ctx.data.awards):
        return f"entry '{award.entry_id}' has the award «{award.title.ru}» already"
    return None


def _g_has_awards(ctx: C) -> str | None:
    if not ctx.data.awards:
        return "give at least one award before closing (the award symbol «Наставники Югры»)"
    return None


# -- effects ----------------------------------------------------------------------------------


def _e_submit(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, entries=(*ctx.data.entries, ctx.payload.entry))


def _e_withdraw(ctx: C) -> FestivalData:
    eid = ctx.payload.entry_id
    d = ctx.data
    return evolve_checked(
        d,
        entries=tuple(e for e in d.entries if e.id != eid),
        scores=tuple(s for s in d.scores if s.entry_id != eid),
    )


def _e_appoint(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, jury=(*ctx.data.jury, ctx.payload.juror_id))


def _e_dismiss(ctx: C) -> FestivalData:
    jid = ctx.payload.juror_id
    d = ctx.data
    return evolve_checked(
        d,
        jury=tuple(j for j in d.jury if j != jid),
        scores=tuple(s for s in d.scores if s.juror_id != jid),
    )


def _e_score(ctx: C) -> FestivalData:
    p: ScoreEntry = ctx.payload
    d = ctx.data
    kept = tuple(
        s
        for s in d.scores
        if not (
            s.juror_id == p.juror_id and s.entry_id == p.entry_id and s.criterion_id in p.values
        )
    )
    # Criteria order, not the sheet's order: the same scores give the same data however sent.
    new = tuple(
        Score(juror_id=p.juror_id, entry_id=p.entry_id, criterion_id=c.id, value=p.values[c.id])
        for c in d.criteria
        if c.id in p.values
    )
    return evolve_checked(d, scores=kept + new)


def _e_award(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, awards=(*ctx.data.awards, ctx.payload.award))


def _e_cancel(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, closed_reason=ctx.payload.reason)


# -- the definition ---------------------------------------------------------------------------

_STAGES = (
    State("registration", Label(ru="Приём заявок", en="Registration")),
    State("judging", Label(ru="Экспертная оценка", en="Judging")),
    State("awarding", Label(ru="Награждение", en="Awarding")),
    State("closed", Label(ru="Фестиваль завершён", en="Closed"), final=True),
    State("cancelled", Label(ru="Фестиваль отменён", en="Cancelled"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("submit_entry", "Подать заявку", "Submit an entry", SubmitEntry),
    _t("withdraw_entry", "Отозвать заявку", "Withdraw an entry", WithdrawEntry),
    _t("appoint_juror", "Включить в жюри", "Appoint a juror", AppointJuror),
    _t("dismiss_juror", "Вывести из жюри", "Dismiss a juror", DismissJuror),
    _t("open_judging", "Начать экспертную оценку", "Open the judging"),
    _t("score_entry", "Оценить заявку", "Score an entry", ScoreEntry),
    _t("close_judging", "Завершить экспертную оценку", "Close the judging"),
    _t("give_award", "Вручить награду", "Give an award", GiveAward),
    _t("close_festival", "Закрыть фестиваль", "Close the festival"),
    _t("cancel_festival", "Отменить фестиваль", "Cancel the festival", CancelFestival),
)

_TRANSITIONS = (
    Transition("submit_entry", "registration", None, ("entry_new", "pair_entries"), "submit"),
    Transition("withdraw_entry", ("registration", "judging"), None, ("entry_listed",), "withdraw"),
    Transition("appoint_juror", ("registration", "judging"), None, ("juror_new",), "appoint"),
    Transition("dismiss_juror", "registration", None, ("is_juror",), "dismiss"),
    Transition(
        "dismiss_juror", "judging", None, ("is_juror", "keeps_entries_judgeable"), "dismiss"
    ),
    Transition(
        "open_judging", "registration", "judging", ("has_entries", "has_jury", "entries_judgeable")
    ),
    Transition(
        "score_entry",
        "judging",
        None,
        ("is_juror", "entry_listed", "no_conflict", "criteria_listed", "score_in_range"),
        "score",
    ),
    Transition("close_judging", "judging", "awarding", ("has_entries", "scoring_complete")),
    Transition("give_award", "awarding", None, ("award_entry_listed", "award_once"), "award"),
    Transition("close_festival", "awarding", "closed", ("has_awards",)),
    Transition("cancel_festival", ANY_STATE, "cancelled", (), "cancel"),
)

# -- who may fire what -----------------------------------------------------------------------


def festival_roles(data: FestivalData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a festival: ``organiser``, ``juror``, ``participant``.

    Examples:
        >>> d = FestivalData(name="F", organiser_ids=("org",), jury=("j1",))
        >>> sorted(festival_roles(d, "org")), sorted(festival_roles(d, "j1"))
        (['organiser'], ['juror'])
    """
    roles = set()
    if actor in data.organiser_ids:
        roles.add("organiser")
    if actor in data.jury:
        roles.add("juror")
    if any(actor in e.participants for e in data.entries):
        roles.add("participant")
    return frozenset(roles)


_ORG = Permission.of("organiser")

#: Who may fire each trigger of the festival: the organisers («оргкомитет») run it; a pair
#: submits its own entry (or the organisers submit it for them); each juror scores only in
#: their own name.
FESTIVAL_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "submit_entry": Permission.of(
            ANYONE, subject="entry.participants", for_others=("organiser",)
        ),
        "withdraw_entry": _ORG,
        "appoint_juror": _ORG,
        "dismiss_juror": _ORG,
        "open_judging": _ORG,
        "score_entry": Permission.of("juror", subject="juror_id"),
        "close_judging": _ORG,
        "give_award": _ORG,
        "close_festival": _ORG,
        "cancel_festival": _ORG,
    }
)

FESTIVAL = WorkflowDefinition(
    name="festival",
    version="1",
    label=Label(ru="Фестиваль наставничества", en="Mentoring festival"),
    states=_STAGES,
    initial="registration",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "entry_new": _g_entry_new,
        "pair_entries": _g_pair_entries,
        "entry_listed": _g_entry_listed,
        "award_entry_listed": _g_award_entry_listed,
        "juror_new": _g_juror_new,
        "is_juror": _g_is_juror,
        "keeps_entries_judgeable": _g_keeps_entries_judgeable,
        "has_entries": _g_has_entries,
        "has_jury": _g_has_jury,
        "entries_judgeable": _g_entries_judgeable,
        "no_conflict": _g_no_conflict,
        "criteria_listed": _g_criteria_listed,
        "score_in_range": _g_score_in_range,
        "scoring_complete": _g_scoring_complete,
        "award_once": _g_award_once,
        "has_awards": _g_has_awards,
    },
    effects={
        "submit": _e_submit,
        "withdraw": _e_withdraw,
        "appoint": _e_appoint,
        "dismiss": _e_dismiss,
        "score": _e_score,
        "award": _e_award,
        "cancel": _e_cancel,
    },
    data_type=FestivalData,
    roles={r: ROLE_LABELS[r] for r in ("organiser", "juror", "participant")},
    roles_of=festival_roles,
    permissions=FESTIVAL_PERMISSIONS,
)
"""The mentoring festival of seed 003, version 1."""
