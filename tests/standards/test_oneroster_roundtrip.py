"""Export a directory as OneRoster 1.1 or 1.2 (folder or zip) and read it back equal."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pedcommunity.adapters.oneroster import STAFF_ROLES, read_roster, write_roster
from pedcommunity.adapters.oneroster._files import ORG_KINDS
from pedcommunity.model import Organisation, Teacher
from pedcommunity.services import (
    DirectoryOrg,
    DirectoryPerson,
    InMemoryStore,
    Roster,
    export_roster,
    import_roster,
)

DATA = Path(__file__).parent.parent / "data" / "oneroster"


@pytest.mark.parametrize("sample", ["v1p1", "v1p2"])
@pytest.mark.parametrize("out", ["roster.zip", "folder"])
def test_the_samples_read_back_equal(tmp_path: Path, sample: str, out: str) -> None:
    first = InMemoryStore()
    source = read_roster(DATA / sample)
    import_roster(first, "s", source)
    written = write_roster(export_roster(first, "s"), tmp_path / out, source.version)
    second = InMemoryStore()
    import_roster(second, "s", read_roster(written))
    assert second.roster("s") == first.roster("s")
    # Importing the export again into the first store changes nothing.
    change = import_roster(first, "s", read_roster(written))
    assert (change.put_orgs, change.put_people, change.drop_orgs, change.drop_people) == (
        (),
        (),
        (),
        (),
    )


_NAME = st.text(
    alphabet=st.sampled_from("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя-'"),
    min_size=1,
    max_size=12,
)
_TEXT = st.text(alphabet=st.sampled_from('abc@.-_ 12,"Ж'), max_size=10).map(str.strip)
_ID = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,8}", fullmatch=True)
_WHEN = st.none() | st.integers(0, 10**6).map(
    lambda s: datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=s, milliseconds=s % 1000)
)


@st.composite
def rosters(draw: st.DrawFn, version: str) -> Roster:
    org_ids = draw(st.lists(_ID, min_size=1, max_size=4, unique=True))
    orgs = []
    for k, org_id in enumerate(org_ids):
        org_type = draw(st.sampled_from(sorted(ORG_KINDS)))
        parent = draw(st.sampled_from([None, *org_ids[:k]]))
        orgs.append(
            DirectoryOrg(
                Organisation(id=org_id, name=draw(_NAME), kind=ORG_KINDS[org_type]),
                org_type=org_type,
                identifier=draw(_TEXT),
                parent_id=parent,
                date_last_modified=draw(_WHEN),
            )
        )
    people = []
    for person_id in draw(st.lists(_ID, max_size=5, unique=True)):
        mine = draw(st.lists(st.sampled_from(org_ids), min_size=1, unique=True))
        given, family = draw(_NAME), draw(_NAME)
        middle = draw(st.sampled_from(["", "Сергеевна"]))
        name = " ".join(p for p in (given, middle, family) if p)
        people.append(
            DirectoryPerson(
                Teacher(id=person_id, name=name, organisation_id=mine[0]),
                role=draw(st.sampled_from(STAFF_ROLES[version])),
                given_name=given,
                family_name=family,
                middle_name=middle,
                email=draw(_TEXT),
                username=draw(_TEXT),
                identifier=draw(_TEXT),
                org_ids=tuple(mine),
                enabled=draw(st.booleans()),
                date_last_modified=draw(_WHEN),
            )
        )
    return Roster(orgs=tuple(orgs), people=tuple(people))


@pytest.mark.parametrize("version", ["1.1", "1.2"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_rosters_read_back_equal(version: str, data: st.DataObject) -> None:
    roster = data.draw(rosters(version))
    with tempfile.TemporaryDirectory() as tmp:
        written = write_roster(roster, Path(tmp) / "r.zip", version)
        store = InMemoryStore()
        import_roster(store, "s", read_roster(written))
    assert store.roster("s") == roster
