"""Regenerate the shipped JSON Schema of the JSON contract from the library's types.

Usage, from the repository root::

    python tools/gen_schema.py          # rewrite src/pedcommunity/data/schema/document-1...
    python tools/gen_schema.py --check  # exit 1 if the shipped file is stale

The file is ``contract_schema()`` with the standard workflow definitions, pretty-printed with
sorted keys and Cyrillic kept; ``tests/unit/test_json_schema.py`` fails when it is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pedcommunity.adapters.json import SCHEMA_VERSION
from pedcommunity.adapters.json_schema import contract_schema

TARGET = (
    Path(__file__).resolve().parents[1]
    / "src/pedcommunity/data/schema"
    / f"document-{SCHEMA_VERSION}.schema.json"
)


def render() -> str:
    """The text of the schema file: the contract schema as stable, readable JSON."""
    return json.dumps(contract_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write the schema file, or with ``--check`` say whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is stale; run python tools/gen_schema.py\n")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
