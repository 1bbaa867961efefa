"""The mentoring festival of seed 003 («Наставники Югры: маршрут построен») as a workflow.

Stages: ``registration`` -> ``judging`` -> ``awarding`` -> ``closed``; ``cancel_festival``
ends it in ``cancelled`` from any stage that is not final. Every rule is a named guard; every
change of the festival's data is an effect that returns a new :class:`FestivalData`.

The rules, as guards:

- **Registration.** An entry is a pedagogical tandem, one mentor and one mentee (seed 003:17;
  :data:`FESTIVAL`, version 2; ``FestivalRules.tandems_only=False`` takes groups, and
  :data:`FESTIVAL_V1` never checks it). A mentoring pair (same mentor and mentees, or same
  mentoring track) enters
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

from pedcommunity.workflows.festival.awarding import CancelFestival, GiveAward
from pedcommunity.workflows.festival.data import FestivalData, FestivalRules
from pedcommunity.workflows.festival.definition import (
    FESTIVAL,
    FESTIVAL_PERMISSIONS,
    FESTIVAL_V1,
    festival_roles,
)
from pedcommunity.workflows.festival.judging import ScoreEntry
from pedcommunity.workflows.festival.registration import (
    AppointJuror,
    DismissJuror,
    SubmitEntry,
    WithdrawEntry,
)

__all__ = [
    "FESTIVAL",
    "FESTIVAL_PERMISSIONS",
    "FESTIVAL_V1",
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
