"""examples/pedagogical_investment.py runs seed 003's project end to end, in Russian and English.

The script runs as a user runs it, in its own process: its headings come in the seed's order,
the refusals it shows are the library's (a bank candidate with only an observation, a leader
outside the bank at the navigators school, a group at the festival of tandems, a sixth speaker
and any rent against the budget), the bank ends with ten navigators, the office with two
accepted initiatives and one rejected, and the budget's plan against fact adds up to the
seed's 692 644.00.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "pedagogical_investment.py"

HEADINGS = {
    "ru": [
        "Проект",
        "Программа наставничества",
        "Кластер «Компетентностные лидеры»",
        "Банк компетентностных лидеров",
        "Кластер «Школа навигаторов»",
        "Офис инициатив",
        "Фестиваль «Наставники Югры: маршрут построен»",
        "Бюджет: план и факт",
        "Итоги проекта",
    ],
    "en": [
        "Project",
        "Mentoring programme",
        "Competency leaders cluster",
        "Competency leaders bank",
        "Navigators school cluster",
        "Initiatives office",
        "Festival «Mentors of Yugra: the route is set»",
        "Budget: plan against fact",
        "Project review",
    ],
}
REFUSED = {"ru": "Отказ", "en": "Refused"}


@cache
def output(lang: str, seed: int | None = None) -> str:
    """What the script prints, run as a user runs it (once per language and seed)."""
    argv = [sys.executable, str(SCRIPT), "--lang", lang]
    if seed is not None:
        argv += ["--seed", str(seed)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert not done.stderr, done.stderr
    return done.stdout


def sections(out: str) -> dict[str, str]:
    """The text under each heading ``== label ==``, by label."""
    found: dict[str, str] = {}
    label = ""
    for line in out.splitlines():
        if line.startswith("== ") and line.endswith(" =="):
            label = line[3:-3]
            found[label] = ""
        elif label:
            found[label] += line + "\n"
    return found


def refusals(text: str, lang: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(REFUSED[lang])]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_headings_come_in_the_seeds_order(lang: str) -> None:
    """Nine headings, each once, in the order of the project's steps, and nothing else."""
    out = output(lang)
    headings = [line[3:-3] for line in out.splitlines() if line.startswith("== ")]
    assert headings == HEADINGS[lang]
    illustrative = "Иллюстрация, а не данные заявки" if lang == "ru" else "Illustrative, not seed"
    assert illustrative in out.split("\n== ")[0]  # said before anything is shown


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_refusal_is_shown_where_it_happens(lang: str) -> None:
    """Each step shows the library's refusal, with its guard and reason, and only there."""
    parts = sections(output(lang))
    bank, school, office, festival, budget = (
        refusals(parts[HEADINGS[lang][i]], lang) for i in (3, 4, 5, 6, 7)
    )
    assert len(bank) == 1
    assert "(results_verified): an observation alone does not include anyone" in bank[0]
    assert len(school) == 1
    assert "(in_bank): 'm01' is not in the competency leaders bank" in school[0]
    assert len(office) == 1
    assert (
        "(proposer_navigator):" in office[0] and "is a competency leader in the bank" in office[0]
    )
    assert len(festival) == 1
    assert "(tandem_entry): a festival entry is a pedagogical tandem" in festival[0]
    assert "and 3 mentees (t001, t002, t003)" in festival[0]
    assert len(budget) == 2
    assert "(within_line): line 'coaches_speakers'" in budget[0]
    assert "20000.00 more would overspend it by 20000.00" in budget[0]
    assert "(within_line): line 'rent'" in budget[1]
    for i in (0, 1, 2, 8):
        assert not refusals(parts[HEADINGS[lang][i]], lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_bank_ends_with_ten_navigators(lang: str) -> None:
    """Twelve leaders enter the bank; ten graduate from the school and are navigators."""
    parts = sections(output(lang))
    bank = [line for line in parts[HEADINGS[lang][3]].splitlines() if line.startswith("  ")]
    assert len([line for line in bank if not line.strip().startswith(REFUSED[lang])]) == 12
    navigator = "Навигатор" if lang == "ru" else "Navigator"
    school = parts[HEADINGS[lang][4]].splitlines()
    rows = [line.split() for line in school if line.startswith("  ") and "(" not in line]
    assert len(rows) == 12
    assert sum(1 for row in rows if row[1] == navigator and row[-1] == "navigators-2023") == 10
    told = "Навигаторов в банке: 10 из 12" if lang == "ru" else "Navigators in the bank: 10 of 12"
    assert told in school


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_office_summary(lang: str) -> None:
    """Three initiatives are decided: two accepted, one rejected, and the summary says so."""
    office = sections(output(lang))[HEADINGS[lang][5]]
    summary = {
        "ru": "Предложена: 0, На рассмотрении: 0, Принята: 2, Реализована: 0, Отклонена: 1, "
        "Отозвана автором: 0",
        "en": "Proposed: 0, Under review: 0, Accepted: 2, Implemented: 0, Rejected: 1, "
        "Withdrawn: 0",
    }
    assert f"  {summary[lang]}" in office.splitlines()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_budget_plan_against_fact(lang: str) -> None:
    """Per line and in total: the seed's plan of 692 644.00, 691 144.00 spent, no co-financing."""
    parts = sections(output(lang))
    budget = parts[HEADINGS[lang][7]].splitlines()
    total = {
        "ru": "  Итого                план 692 644.00, факт 691 144.00, остаток 1 500.00, "
        "освоено 99.8%",
        "en": "  Total                plan 692 644.00, spent 691 144.00, remaining 1 500.00, "
        "share 99.8%",
    }
    assert total[lang] in budget
    rows = [line.split()[0] for line in budget if line.startswith("  ") and "%" in line]
    assert rows == [
        "event_equipment",
        "space_equipment",
        "coaches_speakers",
        "bank_services",
        "personal_income_tax",
        total[lang].split()[0],
    ]
    rent = next(line for line in budget if line.startswith("  rent "))
    assert rent.endswith("—")  # nothing planned, nothing spent
    co = "Софинансирование: план 0.00, факт 0.00" if lang == "ru" else "Co-financing: planned 0.00"
    assert any(line.startswith(co) for line in budget)
    assert "692 644.00" in parts[HEADINGS[lang][0]]  # the plan printed in the first step


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_review_meets_the_seeds_targets_and_the_project_closes(lang: str) -> None:
    """Every target of PEDAGOGICAL_INVESTMENT_TARGETS is met; programme and project end."""
    parts = sections(output(lang))
    review = parts[HEADINGS[lang][8]].splitlines()
    met = "Достигнута" if lang == "ru" else "Met"
    targets = [line for line in review if line.startswith("  ") and "—" in line]
    assert len(targets) == 4
    assert all(line.endswith(f"— {met}") for line in targets)
    assert review[-1] == ("Этап: Проект завершён" if lang == "ru" else "Stage: Closed")
    festival = parts[HEADINGS[lang][6]].splitlines()
    assert ("Этап: Программа завершена" if lang == "ru" else "Stage: Completed") in festival


def test_the_same_seed_prints_the_same_and_another_seed_runs_too() -> None:
    """The output is a function of the seed; another seed runs the same story."""
    again = subprocess.run(
        [sys.executable, str(SCRIPT), "--lang", "en", "--seed", "2023"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        cwd=ROOT,
    ).stdout
    assert again == output("en")
    other = output("en", 7)
    assert other != output("en")
    assert [line for line in other.splitlines() if line.startswith("== ")] == [
        f"== {h} ==" for h in HEADINGS["en"]
    ]
    assert len(refusals(other, "en")) == 6
    assert "Navigators in the bank: 10 of 12" in other
