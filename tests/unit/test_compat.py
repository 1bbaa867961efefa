"""Documents written by earlier releases still read, and replay to what they stored.

Every ``tests/data/compat/*.json`` was written with ``to_json`` by the code of an earlier
release (before issue 15 added the seeds' missing steps). Reading one back must give the
same object: a stored workflow replays, under the definition version it names, to the state
and data it stored. A change that makes an old document unreadable, or replays it to
something else, fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pedcommunity.adapters.json import from_json, to_dict, to_json
from pedcommunity.workflows import Workflow

COMPAT = Path(__file__).resolve().parent.parent / "data" / "compat"
DOCUMENTS = sorted(COMPAT.glob("*.json"))


def test_there_are_compat_documents() -> None:
    assert len(DOCUMENTS) >= 2, f"no compat documents in {COMPAT}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_an_old_document_reads_back_unchanged(path: Path) -> None:
    stored = json.loads(path.read_text(encoding="utf-8"))
    obj = from_json(path.read_text(encoding="utf-8"))
    # What it reads as is what a fresh write of it reads as, and the stored fields keep their
    # values: new fields may appear (with their defaults), none may change or vanish.
    assert from_json(to_json(obj)) == obj
    _contains(to_dict(obj)["data"], stored["data"], "$")
    if isinstance(obj, Workflow):
        assert obj.state == stored["data"]["state"]
        assert obj.definition.version == stored["data"]["definition_version"]
        assert len(obj.events) == len(stored["data"]["events"])


def _contains(new: object, old: object, path: str) -> None:
    """Every value of ``old`` is in ``new`` at the same place (``new`` may have more keys)."""
    if isinstance(old, dict):
        assert isinstance(new, dict), path
        for key, value in old.items():
            assert key in new, f"{path}.{key} vanished"
            _contains(new[key], value, f"{path}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), path
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            _contains(a, b, f"{path}[{i}]")
    else:
        assert new == old, f"{path}: {old!r} became {new!r}"
