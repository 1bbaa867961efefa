"""Seed 003's budget, line by line: the project «Педагогическая инвестиция», 692 644 roubles.

Examples:
    >>> PEDAGOGICAL_INVESTMENT_BUDGET.totals().total
    Decimal('692644.00')
"""

from __future__ import annotations

from decimal import Decimal

from pedcommunity.i18n import Label
from pedcommunity.model.budget._lines import Budget, BudgetCategory, BudgetLine, BudgetTotals
from pedcommunity.model.budget._money import ZERO

__all__ = ["PEDAGOGICAL_INVESTMENT_BUDGET"]

_GWS = BudgetCategory.GOODS_WORKS_SERVICES

#: Seed 003's budget, «Модель наставничества "Педагогическая инвестиция"» (Nefteyugansk),
#: transcribed line by line: four categories, 692 644 roubles overall, no co-financing. The
#: seed states one subtotal (goods, works and services: 600 000) and the overall total.
PEDAGOGICAL_INVESTMENT_BUDGET = Budget(
    title=Label(
        ru="Проект «Модель наставничества „Педагогическая инвестиция“»",
        en="Project 'Mentoring model «Pedagogical investment»'",
    ),
    lines=(
        BudgetLine(
            name=Label(
                ru="Оборудование для проведения мероприятий в рамках проекта",
                en="Equipment for the project's events",
            ),
            category=_GWS,
            unit_cost=Decimal("400000.00"),
            quantity=1,
            total=Decimal("400000.00"),
            co_financing=ZERO,
            requested=Decimal("400000.00"),
            comment=Label(
                ru="Интерактивная панель OEM Senke SK-55GB — цифровое оборудование для учебных "
                "центров, школ, вузов, музеев, используемое во время презентаций, развивающих "
                "мероприятий.",
                en="Interactive panel OEM Senke SK-55GB: digital equipment for training "
                "centres, schools, universities and museums, used for presentations and "
                "developmental events.",
            ),
            id="event_equipment",
        ),
        BudgetLine(
            name=Label(
                ru="Оборудование для организации пространства",
                en="Equipment to arrange the space",
            ),
            category=_GWS,
            unit_cost=Decimal("100000.00"),
            quantity=1,
            total=Decimal("100000.00"),
            co_financing=ZERO,
            requested=Decimal("100000.00"),
            comment=Label(
                ru="Оборудование для организации мероприятий с участием коучей и спикеров",
                en="Equipment for events with coaches and speakers",
            ),
            id="space_equipment",
        ),
        BudgetLine(
            name=Label(ru="Привлечение коучей и спикеров", en="Engaging coaches and speakers"),
            category=_GWS,
            unit_cost=Decimal("20000.00"),
            quantity=5,
            total=Decimal("100000.00"),
            co_financing=ZERO,
            requested=Decimal("100000.00"),
            comment=Label(
                ru="Приглашение коучей, спикеров – мастеров, имеющих большой практический опыт "
                "и наработки в области воспитания и образования.",
                en="Inviting coaches and speakers: masters with wide practical experience and "
                "work of their own in upbringing and education.",
            ),
            id="coaches_speakers",
        ),
        BudgetLine(
            # «Аренда плата»: the seed's own spelling of the line, kept as written.
            name=Label(ru="Аренда плата", en="Rent"),
            category=BudgetCategory.RENT,
            unit_cost=ZERO,
            quantity=0,
            total=ZERO,
            co_financing=ZERO,
            requested=ZERO,
            comment=Label(
                ru="Проект реализуется на базе муниципального бюджетного учреждения "
                'дополнительного образования "Центр дополнительного образования "Поиск" на '
                "безвозмездной основе",
                en="The project runs free of charge at the municipal budgetary institution of "
                "supplementary education 'Poisk Centre of Supplementary Education'",
            ),
            id="rent",
        ),
        BudgetLine(
            name=Label(
                ru="Расходы на банковское обслуживание и расходы на оформление ЭЦП",
                en="Bank service charges and issuing an electronic digital signature",
            ),
            category=BudgetCategory.OTHER_EXPENSES,
            unit_cost=Decimal("2600.00"),
            quantity=1,
            total=Decimal("2600.00"),
            co_financing=ZERO,
            requested=Decimal("2600.00"),
            id="bank_services",
        ),
        BudgetLine(
            name=Label(ru="НДФЛ", en="Personal income tax (NDFL)"),
            category=BudgetCategory.TAXES,
            unit_cost=Decimal("90044.00"),
            quantity=1,
            total=Decimal("90044.00"),
            co_financing=ZERO,
            requested=Decimal("90044.00"),
            id="personal_income_tax",
        ),
    ),
    stated_subtotals={
        _GWS: BudgetTotals(
            total=Decimal("600000.00"), co_financing=ZERO, requested=Decimal("600000.00")
        ),
    },
    stated_total=Decimal("692644.00"),
)
