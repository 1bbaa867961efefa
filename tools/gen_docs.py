"""Regenerate the documentation pages that are generated from the library's definitions.

Usage, from the repository root::

    python tools/gen_docs.py          # rewrite docs/permissions.md, docs/openapi.json,
                                      # the parameter table of docs/simulation.md and the
                                      # workflow diagrams in docs/diagrams/
    python tools/gen_docs.py --check  # exit 1 if a generated page is stale

``tests/unit/test_permissions.py`` fails when ``docs/permissions.md`` is stale,
``tests/service/test_openapi.py`` when ``docs/openapi.json`` is (the HTTP service's OpenAPI
document, written from its route table and the JSON contract), and
``tests/unit/test_diagrams.py`` when a page of ``docs/diagrams/`` is (one page per standard
definition and language, drawn by :mod:`pedcommunity.workflows.diagram`, and an index).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pedcommunity.adapters.http._openapi import openapi_document
from pedcommunity.adapters.http._table import OPERATIONS
from pedcommunity.simulation import parameters_table
from pedcommunity.workflows import (
    DefinitionRegistry,
    definition_page,
    permissions_page,
    standard_definitions,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
DIAGRAMS = DOCS / "diagrams"

#: One line on each standard definition, for the diagrams' index: (English, Russian).
DESCRIPTIONS = {
    "plc_cycle": (
        (
            "Teachers of one school go round the cycle: forming the group, choosing a topic, "
            "the resource audit, peer learning and reflection."
        ),
        (
            "Учителя одной школы проходят цикл ПОС: формирование группы, выбор темы-проблемы, "
            "самоаудит ресурсов, взаимообучение и рефлексия."
        ),
    ),
    "mentoring_track": (
        (
            "One mentoring pair, from the mentee's request to the final review: choosing the "
            "mentor, the personal programme, sessions and feedback."
        ),
        (
            "Одна наставническая пара — от запроса наставляемого до подведения итогов: подбор "
            "наставника, персонализированная программа, встречи, обратная связь."
        ),
    ),
    "mentoring_programme": (
        (
            "A school's or a region's mentoring programme: conditions, the mentee and mentor "
            "bases, training mentors, pairs at work, the festival and the report."
        ),
        (
            "Программа наставничества школы или региона: условия, базы наставляемых и "
            "наставников, обучение наставников, работа пар, фестиваль и отчёт."
        ),
    ),
    "festival": (
        (
            "A mentoring festival: entries of mentoring pairs (tandems), the jury's scores, "
            "the awards."
        ),
        (
            "Фестиваль наставничества (такой, как «Наставники Югры»): заявки педагогических "
            "тандемов, экспертная оценка жюри, награждение."
        ),
    ),
    "navigators_school": (
        "The navigators school: competency leaders trained with coaches, up to graduation.",
        "«Школа навигаторов»: обучение компетентностных лидеров с коучами вплоть до выпуска.",
    ),
    "initiative": (
        (
            "A leader's initiative in the initiatives office: review, acceptance or rejection, "
            "implementation."
        ),
        "Инициатива лидера в «Офисе инициатив»: рассмотрение, принятие или отклонение, реализация.",
    ),
    "roadmap": (
        (
            "A community's roadmap through its four stages: analysis, preparation, "
            "implementation, reflection."
        ),
        (
            "Дорожная карта сообщества: аналитико-концептуальный, организационно-подготовительный, "
            "внедренческий и рефлексивно-аналитический этапы."
        ),
    ),
    "community_life": (
        (
            "The life of a professional community: members, the council, committees, events, "
            "work plans, the library."
        ),
        (
            "Жизнь профессионального сообщества: участники, совет, комитеты, мероприятия, планы "
            "работы, библиотека."
        ),
    ),
    "project": (
        "A grant project: the calendar plan, the budget and its spending, the report.",
        "Грантовый проект: календарный план, бюджет и расходы, отчётность.",
    ),
}

GENERATED = "<!-- Generated from the definitions by python tools/gen_docs.py; do not edit. -->"

_INDEX = {
    "en": {
        "title": "# Workflow diagrams",
        "intro": (
            "Each standard workflow definition drawn as a state diagram: its stages, the "
            "triggers that move a workflow between them, and who may fire each. The diagrams "
            "are generated from the definitions themselves, and a test fails when a definition "
            "changes and its page is not regenerated. Each page shows the latest version; the "
            "[permissions page](../permissions.md) lists the roles of every version."
        ),
        "head": "| workflow | definition | what it is |",
        "own": "## Your own definitions",
        "own_intro": (
            "The command line draws any definition the installation knows, the standard ones "
            "and those the installed plugins add (a school's own extension of the PLC cycle, "
            "say), as a Mermaid diagram, a page like these, or JSON:"
        ),
        "python": (
            'In Python, `mermaid_diagram(definition, lang="en")` and '
            '`definition_page(definition, "en")` from `pedcommunity.workflows` give the same '
            "text."
        ),
        "earlier": "earlier",
    },
    "ru": {
        "title": "# Диаграммы процессов",
        "intro": (
            "Каждое стандартное определение процесса в виде диаграммы состояний: этапы, "
            "действия, которые переводят процесс с этапа на этап, и кто может их выполнять. "
            "Диаграммы строятся по самим определениям, а тест не проходит, если определение "
            "изменилось, а страница не обновлена. На каждой странице — последняя версия; роли "
            "всех версий перечислены на [странице о правах](../permissions.md)."
        ),
        "head": "| процесс | определение | что это |",
        "own": "## Собственные определения",
        "own_intro": (
            "Командная строка рисует любое определение, известное установке: стандартные и "
            "добавленные плагинами (например, расширенный цикл ПОС своей школы) — как "
            "диаграмму Mermaid, как такую же страницу или как JSON:"
        ),
        "python": (
            'В Python то же самое дают `mermaid_diagram(definition, lang="ru")` и '
            '`definition_page(definition, "ru")` из `pedcommunity.workflows`.'
        ),
        "earlier": "ранее",
    },
}


def _suffix(lang: str) -> str:
    return ".md" if lang == "en" else f".{lang}.md"


def _index(definitions: DefinitionRegistry, latest: list[str], lang: str) -> str:
    """The diagrams' index in ``lang``: a row per definition name, then the commands."""
    text = _INDEX[lang]
    lines = [text["title"], "", text["intro"], "", text["head"], "|---|---|---|"]
    for name in latest:
        definition = definitions.latest(name)
        older = [d.version for d in definitions if d.name == name and d is not definition]
        key = f"`{definition.key}`" + (f" ({text['earlier']}: {', '.join(older)})" if older else "")
        english, russian = DESCRIPTIONS[name]
        description = english if lang == "en" else russian
        link = f"[{definition.label.get(lang)}]({name}.md)"
        lines.append(f"| {link} | {key} | {description} |")
    lines += [
        "",
        text["own"],
        "",
        text["own_intro"],
        "",
        "```console",
        f"pedcommunity definitions list --lang {lang}",
        f"pedcommunity definitions show plc_cycle --version 1 --lang {lang}",
        f"pedcommunity definitions show festival --format markdown --lang {lang}",
        f"pedcommunity definitions show initiative --format json --lang {lang}",
        "```",
        "",
        text["python"],
        "",
        GENERATED,
    ]
    return "\n".join(lines) + "\n"


def diagram_pages(definitions: DefinitionRegistry) -> dict[Path, str]:
    """``docs/diagrams/``: each definition's latest version in each language, and the index."""
    names = list(dict.fromkeys(d.name for d in definitions))
    found: dict[Path, str] = {}
    for lang in ("en", "ru"):
        found[DIAGRAMS / f"index{_suffix(lang)}"] = _index(definitions, names, lang)
        for name in names:
            page = definition_page(definitions.latest(name), lang)
            found[DIAGRAMS / f"{name}{_suffix(lang)}"] = f"{page}\n{GENERATED}\n"
    return found


BEGIN, END = "<!-- parameters: begin (tools/gen_docs.py) -->", "<!-- parameters: end -->"


def _with_table(page: Path) -> str:
    """``page`` with the text between its parameter markers replaced by the table."""
    text = page.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{parameters_table()}{END}{tail}"


def pages() -> dict[Path, str]:
    """Each generated page's path and its text."""
    definitions = standard_definitions()
    openapi = openapi_document(OPERATIONS, definitions)
    return {
        DOCS / "permissions.md": permissions_page(definitions),
        DOCS / "openapi.json": json.dumps(openapi, ensure_ascii=False, indent=1) + "\n",
        DOCS / "simulation.md": _with_table(DOCS / "simulation.md"),
        **diagram_pages(definitions),
    }


def main(argv: list[str]) -> int:
    """Write the stale pages, or with ``--check`` only report them (exit 1)."""
    stale = {
        path: text
        for path, text in pages().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    }
    if "--check" in argv:
        for path in stale:
            print(f"{path} is stale; run python tools/gen_docs.py")
        return 1 if stale else 0
    for path, text in stale.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
