"""Regenerate the documentation pages that are generated from the library's definitions.

Usage, from the repository root::

    python tools/gen_docs.py          # rewrite docs/permissions.md, docs/openapi.json and
                                      # the parameter table of docs/simulation.md
    python tools/gen_docs.py --check  # exit 1 if a generated page is stale

``tests/unit/test_permissions.py`` fails when ``docs/permissions.md`` is stale, and
``tests/service/test_openapi.py`` when ``docs/openapi.json`` is (the HTTP service's OpenAPI
document, written from its route table and the JSON contract).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pedcommunity.adapters.http._openapi import openapi_document
from pedcommunity.adapters.http._table import OPERATIONS
from pedcommunity.simulation import parameters_table
from pedcommunity.workflows import permissions_page, standard_definitions

DOCS = Path(__file__).resolve().parents[1] / "docs"


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
    }


def main(argv: list[str]) -> int:
    """Write the pages, or with ``--check`` report the stale ones (exit 1)."""
    stale = [
        path
        for path, text in pages().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if "--check" in argv:
        for path in stale:
            print(f"{path} is stale; run python tools/gen_docs.py")
        return 1 if stale else 0
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
