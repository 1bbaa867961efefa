"""An example pedcommunity plugin: a school's PLC cycle, a criterion and a store scheme."""

from __future__ import annotations

from typing import Any

import attrs

from pedcommunity.i18n import Label
from pedcommunity.matching.criteria import MatchingCriterion
from pedcommunity.services import InMemoryStore
from pedcommunity.workflows import PLC_CYCLE
from pedcommunity.workflows.definition import DefinitionRegistry

#: School 95's own PLC cycle: the standard one under its own name, with a relabelled stage.
SCHOOL_PLC = PLC_CYCLE.extend(
    name="school_plc",
    version="1",
    relabel={"forming": Label(ru="Сбор команды", en="Gathering the team")},
)


#: A version 3 of the standard PLC cycle (built on the library's ``plc_cycle@2``), as a
#: deployment would ship it before migrating its running PLCs to it
#: (``pedcommunity store migrate``).
PLC_CYCLE_V3 = PLC_CYCLE.extend(
    name="plc_cycle",
    version="3",
    relabel={"topic_list": Label(ru="Банк тем-проблем", en="Bank of topic-problems")},
)


def definitions() -> list[Any]:
    """The plugin's definitions: its own PLC cycle and a version 3 of the standard one."""
    return [SCHOOL_PLC, PLC_CYCLE_V3]


@attrs.frozen
class SameCity(MatchingCriterion):
    """A mentor and a mentee from the same city score 1."""

    name = "same_city"
    label = Label(ru="Один город", en="Same city")

    def score(self, mentor: Any, mentee: Any) -> float:
        """1 when both profiles name the same city."""
        return float(mentor.attributes.get("city") == mentee.attributes.get("city"))


def open_school_store(target: str, *, definitions: DefinitionRegistry) -> InMemoryStore:
    """``schoolmem://anything``: an in-memory store, to show a store plugin's shape."""
    return InMemoryStore(definitions)
