"""The library of a network community (seed 004): items, sections, adding and removing."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from tests.unit.test_community_workflow import Life, club

from pedcommunity.errors import InvalidData, PermissionDenied
from pedcommunity.model import LibraryItem, LibrarySection, MethodicalMaterial
from pedcommunity.monitoring import LIBRARY_ITEMS_ADDED, LIBRARY_SIZE, CommunityLog, Period
from pedcommunity.workflows import COMMUNITY_LIFE, fire, replay

D = date(2025, 9, 5)
METHODICAL = LibrarySection.METHODICAL_MATERIALS


def item(iid: str = "lib1", **kw: Any) -> LibraryItem:
    fields: dict[str, object] = {
        "title": "Задачи по математике на татарском языке",
        "section": METHODICAL,
        "added_on": D,
        "added_by": "coordinator",
    } | kw
    return LibraryItem(id=iid, **fields)  # type: ignore[arg-type]


def test_the_four_sections_of_the_seed() -> None:
    """Methodical materials, regulations, digital resources and external links."""
    assert [s.label.ru for s in LibrarySection] == [
        "Методические материалы",
        "Нормативные документы",
        "Цифровые образовательные ресурсы",
        "Ссылки на внешние источники",
    ]
    assert [s for s in LibrarySection if s.needs_link] == [
        LibrarySection.DIGITAL_RESOURCES,
        LibrarySection.EXTERNAL_LINKS,
    ]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"section": LibrarySection.EXTERNAL_LINKS}, "an item in external_links needs a link"),
        ({"section": LibrarySection.DIGITAL_RESOURCES}, "needs a link"),
        ({"language": "татарский"}, "BCP 47 language tag"),
        ({"language": "t"}, "BCP 47 language tag"),
        ({"removed_on": D}, "set together"),
        ({"removal_reason": "Устарело"}, "set together"),
        (
            {"removed_on": date(2025, 9, 4), "removal_reason": "Устарело"},
            "must not be before added_on",
        ),
    ],
)
def test_item_validators(fields: dict[str, Any], words: str) -> None:
    """A link where the section needs one, a language tag, the removal fields together."""
    with pytest.raises(ValueError, match=words):
        item(**fields)


def test_an_outside_author_and_a_tatar_item() -> None:
    """The author may be an outsider (a ministry); "tt" tags the seed's Tatar problems."""
    regulation = item(
        "reg",
        title="Приказ о ВПР",
        section=LibrarySection.REGULATIONS,
        author="Минпросвещения России",
    )
    assert regulation.author == "Минпросвещения России"
    assert item(language="tt").language == "tt" and item(language="ru-RU").is_held


def stocked() -> Life:
    """A club with one material and a library of three items, one of them removed."""
    life = club()
    m = MethodicalMaterial(id="m1", title="Пособие", author_ids=("a",), published_on=life.today)
    life("publish_material", material=m)
    life("add_to_library", item=item("lib1", material_id="m1", added_on=life.today))
    link = item(
        "lib2",
        title="РЭШ",
        section=LibrarySection.DIGITAL_RESOURCES,
        link="https://resh.edu.ru",
        added_on=life.today,
    )
    life("add_to_library", item=link)
    life("add_to_library", item=item("lib3", added_on=life.today))
    life("remove_from_library", item_id="lib3", on=life.today, reason="Дубль")
    return life


def test_add_and_remove() -> None:
    """Items are added and removed; a removed one keeps its record, day and reason."""
    life = stocked()
    assert [i.id for i in life.data.library] == ["lib1", "lib2", "lib3"]
    assert [i.id for i in life.data.library_on()] == ["lib1", "lib2"]
    removed = life.data.library_item("lib3")
    assert removed is not None and (removed.removed_on, removed.removal_reason) == (
        date(2025, 9, 9),
        "Дубль",
    )
    assert [i.id for i in life.data.library_on(date(2025, 9, 8))] == ["lib1", "lib2", "lib3"]
    assert replay(COMMUNITY_LIFE, life.wf.events) == life.wf


def test_library_refusals() -> None:
    """Every guard of add_to_library and remove_from_library, and nothing changes."""
    life = stocked()
    err = life.guard("add_to_library", item=item("lib1", added_on=life.today))
    assert err.guard == "library_item_new" and "'lib1' is taken" in err.reason
    # A removed item's id stays taken.
    assert life.guard("add_to_library", item=item("lib3")).guard == "library_item_new"
    err = life.guard("add_to_library", item=item("lib4", material_id="m9"))
    assert err.guard == "material_known"
    assert err.reason == "material 'm9' is not among the community's materials; materials: m1"
    future = life.guard("add_to_library", item=item("lib5", added_on=date(2030, 1, 1)))
    assert future.guard == "not_future"
    gone = item("lib6", removed_on=D, removal_reason="Устарело")
    assert "must not be removed yet" in str(life.refused(InvalidData, "add_to_library", item=gone))

    err = life.guard("remove_from_library", item_id="lib9", on=life.today, reason="Р")
    assert err.guard == "library_item_present"
    assert "there is no library item 'lib9'; items in the library: lib1, lib2" in err.reason
    err = life.guard("remove_from_library", item_id="lib3", on=life.today, reason="Р")
    assert err.guard == "library_item_present" and "was removed on 2025-09-09" in err.reason
    err = life.guard("remove_from_library", item_id="lib1", on=date(2025, 9, 1), reason="Р")
    assert err.guard == "removed_after_added" and "added on 2025-09-06" in err.reason
    err = life.guard("remove_from_library", item_id="lib1", on=date(2030, 1, 1), reason="Р")
    assert err.guard == "not_future"


def test_the_administrator_and_the_council_keep_the_library() -> None:
    """A member may not add or remove items (seed 004: the administrator does)."""
    life = stocked()
    before = (life.wf.data, tuple(life.wf.events))
    with pytest.raises(PermissionDenied):
        fire(life.wf, "add_to_library", actor="a", at=life._at(), item=item("lib7"))
    with pytest.raises(PermissionDenied):
        fire(
            life.wf,
            "remove_from_library",
            actor="a",
            at=life._at(),
            item_id="lib1",
            on=D,
            reason="Р",
        )
    assert (life.wf.data, tuple(life.wf.events)) == before


def test_library_indicators() -> None:
    """Items added in a period; items held on its last day."""
    log = CommunityLog(stocked().wf)
    sept = Period(start=date(2025, 9, 1), end=date(2025, 9, 30))
    early = Period(start=date(2025, 9, 1), end=date(2025, 9, 8))
    october = Period(start=date(2025, 10, 1), end=date(2025, 10, 31))
    assert LIBRARY_ITEMS_ADDED.measure(log, sept) == 3.0
    assert LIBRARY_SIZE.measure(log, sept) == 2.0  # lib3 was removed on the 9th
    assert LIBRARY_SIZE.measure(log, early) == 3.0
    assert (LIBRARY_ITEMS_ADDED.measure(log, october), LIBRARY_SIZE.measure(log, october)) == (
        0.0,
        2.0,
    )


def test_items_evolve_within_their_rules() -> None:
    """attrs.evolve re-checks an item: removing before adding is refused."""
    with pytest.raises(ValueError, match="must not be before added_on"):
        attrs.evolve(item(), removed_on=date(2025, 9, 1), removal_reason="Р")
