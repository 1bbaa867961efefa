"""Post-releases, reviews and year reports as Markdown, in Russian and English."""

from __future__ import annotations

from datetime import date

import pytest
from tests.strategies_monitoring import hand_workflow

from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.monitoring import (
    CommunityLog,
    Period,
    post_release,
    review,
    review_report,
    year_report,
)

NAMES = {"a": "Анна", "b": "Борис", "d": "Дина", "x1": "Эксперт Иванова"}
SEPTEMBER = Period(start=date(2025, 9, 1), end=date(2025, 9, 30))


@pytest.fixture(scope="module")
def log() -> CommunityLog:
    return CommunityLog(hand_workflow())


def test_post_release_in_russian(log: CommunityLog) -> None:
    """What, when, organisers, experts, attendance, feedback summary and materials."""
    text = post_release(log, "e2", "ru", names=NAMES)
    assert text.startswith("# Пост-релиз: Семинар\n")
    for line in (
        "- **Что:** Семинар (тренинг)",
        "- **Когда:** 20.09.2025",
        "- **Организаторы:** нет",
        "- **Приглашённые эксперты:** Эксперт Иванова",
        "- **Посещаемость:** 3 из 3 участников (100%), гостей: 1",
        "- Анкет: 2 (с оценками: 2)",
        "- Средняя оценка: 3 / 5",
        "- Позитивных (средняя оценка не ниже 4): 1 (50%)",
        "- «Памятка», Дина, 26.09.2025",
    ):
        assert line in text.splitlines(), line


def test_post_release_in_english(log: CommunityLog) -> None:
    """The same report in English, with comments quoted and people by id without names."""
    text = post_release(log, "e1", "en")
    lines = text.splitlines()
    assert lines[0] == "# Post-release: Встреча"
    assert "- **Organised by:** a" in lines
    assert "- **Attendance:** 2 of 4 members came (50%), guests: 0" in lines
    assert "- Responses: 3 (rated: 2)" in lines
    assert "- Mean rating: 4.25 / 5" in lines
    assert "> Неплохо" in lines and "> Спасибо" in lines
    assert "No materials." in lines
    assert "Что" not in text
    chosen = post_release(log, "e1", "en", material_ids=["m1"])
    assert "- «Памятка», d, 2025-09-26" in chosen.splitlines()


def test_post_release_refusals(log: CommunityLog) -> None:
    """Unknown or not-held events, unknown materials and languages are refused clearly."""
    with pytest.raises(UnknownId, match="Unknown event 'e9'"):
        post_release(log, "e9")
    with pytest.raises(InvalidData, match="'e3' is cancelled"):
        post_release(log, "e3")
    with pytest.raises(UnknownId, match="Unknown material 'm9'"):
        post_release(log, "e1", material_ids=["m9"])
    with pytest.raises(InvalidData, match="unsupported language 'de'"):
        post_release(log, "e1", "de")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "# Полугодовой анализ: Клуб",
                "Период: 01.09.2025 – 30.09.2025",
                "| Посещаемость мероприятий | 71,4% |",
                "### На ближайший год",
                "Итого: достигнуто 2, не достигнуто 5, нет данных 3.",
            ],
        ),
        (
            "en",
            [
                "# Half-year review: Клуб",
                "Period: 2025-09-01 – 2025-09-30",
                "| Attendance rate | 71.4% |",
                "### In three to five years",
                (
                    "| Find the first partners among experts and educational organisations. | "
                    "Partners added | at least 1 item | 1 item | **Met** |"
                ),
                "In all: met 2, not met 5, no data 3.",
            ],
        ),
    ],
)
def test_review_report(log: CommunityLog, lang: str, expected: list[str]) -> None:
    """Indicators, then the goals by horizon with target, value and status."""
    lines = review_report(review(log, SEPTEMBER), lang).splitlines()
    for line in expected:
        assert line in lines, line


def test_review_report_title(log: CommunityLog) -> None:
    """A caller names the review."""
    text = review_report(review(log, SEPTEMBER), "en", title=Label(ru="Анализ", en="Review"))
    assert text.startswith("# Review: Клуб\n")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_year_report(log: CommunityLog, lang: str) -> None:
    """Events held and cancelled, materials, plan against fact with its check, months."""
    text = year_report(
        log, Period(start=date(2025, 9, 1), end=date(2025, 10, 31)), lang, names=NAMES
    )
    lines = text.splitlines()
    if lang == "ru":
        assert "| 20.09.2025 | Семинар (тренинг) | Семинар | 3 / 3 | 1 | 2 |" in lines
        assert "| 25.09.2025 | Практикум | Болезнь ведущего |" in lines
        assert "- в срок: 2; с опозданием: 0; не проведено: 1; предстоит: 0; вне плана: 0" in lines
        assert (
            "  - Нет мероприятий вида «Ежегодная конференция» за период плана (сентябрь 2025)"
            in lines
        )
        assert "| 10.2025 | 0 чел. | нет данных | 0 видов | 0 шт. | нет данных |" in lines
    else:
        assert "| 2025-09-10 | Monthly meeting | Встреча | 2 / 4 | 0 | 3 |" in lines
        assert "- 2025-09-26: «Памятка», Дина" in lines
        assert "  - no annual conference in the plan year (September 2025)" in lines
        assert "| 2025-09 | 3 people | 71.4% | 2 kinds | 1 item | 66.7% |" in lines
    with pytest.raises(UnknownId):
        year_report(log, SEPTEMBER, lang, monthly=["likes"])
