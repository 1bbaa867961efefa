"""The festival's definitions, :data:`FESTIVAL` and :data:`FESTIVAL_V1`, and who fires what.

The stages, triggers and transitions are declared here; the guards and effects come from the
module of each sub-process. Version 2 (:data:`FESTIVAL`) takes pedagogical tandems only;
version 1 stays registered, so that its logs, group entries included, replay unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap
from pedcommunity.workflows.definition import (
    ANY_STATE,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.festival.awarding import (
    CancelFestival,
    GiveAward,
    _e_award,
    _e_cancel,
    _g_award_entry_listed,
    _g_award_once,
    _g_has_awards,
)
from pedcommunity.workflows.festival.data import FestivalData
from pedcommunity.workflows.festival.judging import (
    ScoreEntry,
    _e_score,
    _g_criteria_listed,
    _g_entries_judgeable,
    _g_has_entries,
    _g_has_jury,
    _g_no_conflict,
    _g_score_in_range,
    _g_scoring_complete,
)
from pedcommunity.workflows.festival.registration import (
    AppointJuror,
    DismissJuror,
    SubmitEntry,
    WithdrawEntry,
    _e_appoint,
    _e_dismiss,
    _e_submit,
    _e_withdraw,
    _g_entry_listed,
    _g_entry_new,
    _g_is_juror,
    _g_juror_new,
    _g_keeps_entries_judgeable,
    _g_pair_entries,
    _g_tandem_entry,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

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


# -- who may fire what ------------------------------------------------------------------------


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


FESTIVAL_V1 = WorkflowDefinition(
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
"""The mentoring festival of seed 003, version 1: an entry may name one mentor and any number
of mentees (``FestivalRules.tandems_only`` is not checked). Kept to replay version 1 logs."""


FESTIVAL = FESTIVAL_V1.extend(
    name="festival",
    version="2",
    guards={"tandem_entry": _g_tandem_entry},
    add_guards={"submit_entry": ["tandem_entry"]},
)
"""The mentoring festival of seed 003, version 2: an entry is a pedagogical tandem (003:17).

``submit_entry`` also checks ``tandem_entry``: one mentor and one mentee per entry, unless
``FestivalRules.tandems_only`` is ``False``.

Examples:
    >>> FESTIVAL.key, FESTIVAL.based_on
    ('festival@2', 'festival@1')
    >>> [tr.guards for tr in FESTIVAL.transitions if tr.trigger == "submit_entry"]
    [('entry_new', 'pair_entries', 'tandem_entry')]
"""
