"""Scenarios: defaults, the shipped file, TOML round trips, and every bad value refused with
its key and line."""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pedcommunity.errors import InvalidData
from pedcommunity.simulation import (
    SHIPPED_SCENARIO,
    Scenario,
    ScenarioError,
    load_scenario,
    parameters,
    scenario_from_toml,
    scenario_to_toml,
)


def test_the_shipped_scenario_is_a_district_of_30_schools_and_900_teachers() -> None:
    s = load_scenario(SHIPPED_SCENARIO)
    assert (s.district.schools, s.district.teachers_per_school, s.info.years) == (30, 30, 3)
    assert s.effects.burnout_contagion == 0.21
    assert s.effects.early_attrition_5y == 0.17


def test_every_parameter_has_a_meaning_bounds_and_a_source() -> None:
    listed = parameters()
    assert len(listed) == len({p.key for p in listed}) > 30
    for p in listed:
        assert p.meaning and p.bounds and p.source
    cited = [p for p in listed if "(201" in p.source]
    assert {p.key for p in cited} >= {
        "effects.burnout_contagion",
        "effects.early_attrition_5y",
        "effects.attrition_annual",
        "mentoring.attrition_ratio",
    }


def test_empty_text_gives_the_defaults_and_to_toml_reads_back_equal() -> None:
    assert scenario_from_toml("") == Scenario()
    s = load_scenario(SHIPPED_SCENARIO)
    assert scenario_from_toml(scenario_to_toml(s)) == s


def _values() -> st.SearchStrategy[dict[str, object]]:
    """A valid value for some parameters, drawn within their bounds."""
    choices = {}
    for p in parameters():
        d = p.default
        if isinstance(d, bool):
            choices[p.key] = st.booleans()
        elif isinstance(d, int):
            low, high = (float(x) for x in p.bounds.split(" to "))
            choices[p.key] = st.integers(int(low), int(high))
        elif isinstance(d, float):
            low, high = (float(x) for x in p.bounds.split(" to "))
            choices[p.key] = st.floats(low, high, allow_nan=False)
    return st.fixed_dictionaries({}, optional=choices)


@given(_values())
def test_any_valid_values_round_trip_through_toml(values: dict[str, object]) -> None:
    s = Scenario()
    for key, value in values.items():
        if key in ("plc.min_size", "plc.max_size"):
            continue  # their order is a rule of its own (below)
        s = s.with_value(key, value)
    assert scenario_from_toml(scenario_to_toml(s)) == s


BAD = [
    # (text, key, line, words in the message)
    ("[plc]\nparticipation = 1.5\n", "plc.participation", 2, "from 0 to 1"),
    ("[scenario]\nname = 'x'\n\nyears = 0\n", "scenario.years", 4, "whole number from 1"),
    ("[district]\nschools = 'many'\n", "district.schools", 2, "whole number"),
    ("[district]\nschools = 2.5\n", "district.schools", 2, "whole number"),
    ("[district]\nschools = true\n", "district.schools", 2, "whole number"),
    ("[plc]\nenabled = 1\n", "plc.enabled", 2, "true or false"),
    ("[effects]\nburnout_sd = nan\n", "effects.burnout_sd", 2, "got nan"),
    ("[effects]\nburnout_sd = inf\n", "effects.burnout_sd", 2, "got inf"),
    ("[mentoring]\nform = 'solo'\n", "mentoring.form", 2, "traditional"),
    ("[mentoring]\nfrom = 'group'\n", "mentoring.from", 2, "unknown key 'from'"),
    ("# a comment\n[clubs]\nx = 1\n", "clubs", 2, "unknown section [clubs]"),
    ("[scenario]\nname = ''\n", "scenario.name", 2, "non-empty text"),
    ("[plc]\nmin_size = 10\nmax_size = 5\n", "plc.min_size", 2, "must not be above"),
    ("[district]\ncatalogue = 'fgos'\n", "district.catalogue", 2, "school95"),
    ("plc = 3\n", "plc", 1, "table of keys"),
    ("[district]\nschools = [1, 2]\n", "district.schools", 2, "whole number"),
]


@pytest.mark.parametrize(("text", "key", "line", "words"), BAD)
def test_a_bad_value_is_refused_naming_its_key_and_line(
    text: str, key: str, line: int, words: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_toml(text, source="s.toml")
    err = caught.value
    assert (err.key, err.line, err.source) == (key, line, "s.toml")
    assert words in str(err)
    assert str(err).startswith(f"s.toml line {line}: {key}: ")
    assert isinstance(err, InvalidData)
    assert err.summary("ru") == "Неверный сценарий"


def test_text_that_is_not_toml_is_refused_with_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_toml("[plc]\nparticipation = \n", source="s.toml")
    assert caught.value.line == 2 and caught.value.key is None
    with pytest.raises(ScenarioError):
        scenario_from_toml(b"[plc]")  # type: ignore[arg-type]


def test_files_that_cannot_be_read_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes("[scenario]\nname = 'Школа'\n".encode("cp1251"))
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(latin)
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nyears = -1\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    assert (caught.value.source, caught.value.line) == (str(bad), 2)


def test_with_value_refuses_unknown_keys_and_bad_values() -> None:
    with pytest.raises(ScenarioError, match="unknown key"):
        Scenario().with_value("plc.size", 3)
    with pytest.raises(ScenarioError, match="unknown section"):
        Scenario().with_value("plcs.size", 3)
    with pytest.raises(ScenarioError):
        Scenario().with_value("effects.burnout_mean", math.inf)
    s = Scenario().with_value("mentoring.sessions_per_month", 4)
    assert s.mentoring.sessions_per_month == 4.0 and isinstance(
        s.mentoring.sessions_per_month, float
    )


def test_a_scenario_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Scenario().plc.participation = 0.9  # type: ignore[misc]
