"""Indicators of the members' growth beyond meetings: contests, internships, outlets, library.

:data:`GROWTH_INDICATORS`, from seeds 000, 001 and 004, read the community as it was at the
end of the period, as the built-in ones do:

- ``contest_entries`` (items): entries into outside contests entered in the period.
- ``contest_participants`` (people): the members named in those entries, each counted once.
- ``contest_awards`` (items): entries whose result, recorded in the period, is a distinction
  (laureate, prize winner or winner).
- ``internships_completed`` (items): internships completed, closed on a day of the period.
- ``interns`` (people): the members who completed those internships, each counted once.
- ``outlet_publications`` (items): materials published in the period in a media outlet.
- ``library_items_added`` (items): library items added in the period.
- ``library_size`` (items): the items in the library on the period's last day.
- ``project_products`` (items): project groups closed in the period that name their product.

They are not in :data:`~pedcommunity.monitoring.BUILT_IN_INDICATORS` (a club with no contests
would read a row of zeros in every report): pass them to a review with the built-in ones.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from pedcommunity.monitoring import BUILT_IN_INDICATORS, Period, review
    >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, start
    >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
    ...            id="club", actor="c", at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> r = review(wf, Period.year(date(2025, 9, 1)),
    ...            indicators=BUILT_IN_INDICATORS + GROWTH_INDICATORS)
    >>> r.value("library_size"), r.value("contest_awards")
    (0.0, 0.0)
"""

from __future__ import annotations

from pedcommunity.model.contests import ContestEntry
from pedcommunity.model.internships import Internship, InternshipStatus
from pedcommunity.monitoring.indicators import Indicator, Unit, _ind
from pedcommunity.monitoring.log import CommunityLog, Period

__all__ = [
    "CONTEST_AWARDS",
    "CONTEST_ENTRIES",
    "CONTEST_PARTICIPANTS",
    "GROWTH_INDICATORS",
    "INTERNS",
    "INTERNSHIPS_COMPLETED",
    "LIBRARY_ITEMS_ADDED",
    "LIBRARY_SIZE",
    "OUTLET_PUBLICATIONS",
    "PROJECT_PRODUCTS",
]


def _entered(log: CommunityLog, period: Period) -> list[ContestEntry]:
    data = log.data_on(period.end)
    return [e for e in data.contest_entries if period.contains(e.entered_on)]


def _contest_entries(log: CommunityLog, period: Period) -> float:
    return float(len(_entered(log, period)))


def _contest_participants(log: CommunityLog, period: Period) -> float:
    return float(len({p for e in _entered(log, period) for p in e.participant_ids}))


def _contest_awards(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(
        sum(
            1
            for e in data.contest_entries
            if e.outcome is not None
            and e.outcome.is_award
            and e.outcome_on is not None
            and period.contains(e.outcome_on)
        )
    )


def _completed(log: CommunityLog, period: Period) -> list[Internship]:
    data = log.data_on(period.end)
    return [
        i
        for i in data.internships
        if i.status is InternshipStatus.COMPLETED
        and i.closed_on is not None
        and period.contains(i.closed_on)
    ]


def _internships_completed(log: CommunityLog, period: Period) -> float:
    return float(len(_completed(log, period)))


def _interns(log: CommunityLog, period: Period) -> float:
    return float(len({t for i in _completed(log, period) for t in i.intern_ids}))


def _outlet_publications(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(
        sum(
            1 for m in data.materials if m.outlet_id is not None and period.contains(m.published_on)
        )
    )


def _library_items_added(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(sum(1 for i in data.library if period.contains(i.added_on)))


def _library_size(log: CommunityLog, period: Period) -> float:
    return float(len(log.data_on(period.end).library_on(period.end)))


def _project_products(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(
        sum(
            1
            for g in data.project_groups
            if g.product_kind is not None and g.closed is not None and period.contains(g.closed)
        )
    )


CONTEST_ENTRIES = _ind(
    "contest_entries",
    "Заявки на конкурсы профессионального мастерства",
    "Contest entries",
    Unit.ITEMS,
    _contest_entries,
    "Заявки участников на внешние конкурсы, поданные в период | "
    "Entries into outside contests made in the period",
)
CONTEST_PARTICIPANTS = _ind(
    "contest_participants",
    "Участники конкурсов",
    "Contest participants",
    Unit.PEOPLE,
    _contest_participants,
    "Участники, названные в заявках периода (каждый один раз) | "
    "Members named in the period's entries, each counted once",
)
CONTEST_AWARDS = _ind(
    "contest_awards",
    "Победы и призовые места в конкурсах",
    "Contest awards",
    Unit.ITEMS,
    _contest_awards,
    "Заявки с результатом «лауреат», «призёр» или «победитель», записанным в период | "
    "Entries whose result recorded in the period is laureate, prize winner or winner",
)
INTERNSHIPS_COMPLETED = _ind(
    "internships_completed",
    "Пройденные стажировки",
    "Internships completed",
    Unit.ITEMS,
    _internships_completed,
    "Стажировки, завершённые в период | Internships completed in the period",
)
INTERNS = _ind(
    "interns",
    "Прошедшие стажировку",
    "Interns",
    Unit.PEOPLE,
    _interns,
    "Участники, прошедшие стажировку в период (каждый один раз) | "
    "Members who completed an internship in the period, each counted once",
)
OUTLET_PUBLICATIONS = _ind(
    "outlet_publications",
    "Публикации в сетевом издании (СМИ)",
    "Publications in a media outlet",
    Unit.ITEMS,
    _outlet_publications,
    "Методические материалы, опубликованные в период в СМИ-партнёре | "
    "Methodical materials published in the period in a media outlet",
)
LIBRARY_ITEMS_ADDED = _ind(
    "library_items_added",
    "Размещено в библиотеке",
    "Library items added",
    Unit.ITEMS,
    _library_items_added,
    "Материалы, размещённые в библиотеке в период | Items added to the library in the period",
)
LIBRARY_SIZE = _ind(
    "library_size",
    "Фонд библиотеки",
    "Library size",
    Unit.ITEMS,
    _library_size,
    "Материалы в библиотеке на последний день периода | "
    "Items in the library on the period's last day",
)
PROJECT_PRODUCTS = _ind(
    "project_products",
    "Продукты проектных групп",
    "Project-group products",
    Unit.ITEMS,
    _project_products,
    "Проектные группы, завершившие работу в период с названным продуктом | "
    "Project groups closed in the period that name their product",
)

#: The indicators of contests, internships, outlets, the library and project products.
GROWTH_INDICATORS: tuple[Indicator, ...] = (
    CONTEST_ENTRIES,
    CONTEST_PARTICIPANTS,
    CONTEST_AWARDS,
    INTERNSHIPS_COMPLETED,
    INTERNS,
    OUTLET_PUBLICATIONS,
    LIBRARY_ITEMS_ADDED,
    LIBRARY_SIZE,
    PROJECT_PRODUCTS,
)
