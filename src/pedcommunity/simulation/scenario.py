r"""A scenario: everything a simulated district is, frozen, typed and loadable from TOML.

A :class:`Scenario` has one section per part of the model (:class:`District`,
:class:`PlcSettings`, :class:`MentoringSettings`, :class:`CommunitySettings`,
:class:`Effects`); every parameter carries its bounds, its meaning and, where it has one, its
source (:func:`parameters` lists them all, and docs/simulation.md's table is made from that
list). A TOML file names only what differs from the defaults:

.. code-block:: toml

    [scenario]
    name = "Район: 30 школ"
    years = 3

    [mentoring]
    sessions_per_month = 4.0

A bad file is refused with a :class:`ScenarioError` naming the key and its line; an unknown
key is refused too (a typo must not silently leave a default in place).

Examples:
    >>> s = scenario_from_toml('[district]\nschools = 4\n[plc]\nparticipation = 0.5')
    >>> s.district.schools, s.plc.participation, s.mentoring.enabled
    (4, 0.5, True)
    >>> scenario_from_toml('[plc]\nparticipation = 1.5', source="s.toml")
    Traceback (most recent call last):
    ...
    pedcommunity.simulation.scenario.ScenarioError: s.toml line 2: plc.participation: ...
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = [
    "CATALOGUES",
    "CommunitySettings",
    "District",
    "Effects",
    "MentoringSettings",
    "Parameter",
    "PlcSettings",
    "Scenario",
    "ScenarioError",
    "ScenarioInfo",
    "load_scenario",
    "parameters",
    "parameters_table",
    "scenario_from_toml",
    "scenario_to_toml",
]

from .parameters import (
    CATALOGUES,
    CommunitySettings,
    District,
    Effects,
    MentoringSettings,
    PlcSettings,
    ScenarioInfo,
)


class ScenarioError(InvalidData):
    """A scenario refused: the key at fault, its line in the file, and what is allowed.

    Attributes:
        key: the dotted key (``plc.participation``), or ``None`` for the file as a whole.
        line: the line of the file, or ``None`` where the scenario came from no file.
        source: the file's name (``scenario`` when none was given).

    Examples:
        >>> err = ScenarioError("years is a whole number from 1 to 50, got 0",
        ...                     key="scenario.years", line=3, source="d.toml")
        >>> str(err), err.summary("ru")
        ... # doctest: +NORMALIZE_WHITESPACE
        ('d.toml line 3: scenario.years: years is a whole number from 1 to 50, got 0',
         'Неверный сценарий')
    """

    summaries: ClassVar[Mapping[str, str]] = {"ru": "Неверный сценарий", "en": "Invalid scenario"}

    def __init__(
        self, problem: str, *, key: str | None, line: int | None = None, source: str = "scenario"
    ) -> None:
        self.key = key
        self.line = line
        self.source = source
        where = source if line is None else f"{source} line {line}"
        problem_text = problem if key is None else f"{key}: {problem}"
        super().__init__(problem_text, path=where)


# -- parameters -------------------------------------------------------------------------------


@attrs.frozen
class Parameter:
    """One parameter of a scenario as the docs list it.

    Examples:
        >>> p = next(p for p in parameters() if p.key == "effects.burnout_contagion")
        >>> p.default, p.source.startswith("Kim, Youngs & Frank (2017)")
        (0.21, True)
    """

    key: str
    default: Any
    bounds: str
    meaning: str
    source: str


_SECTIONS: dict[str, type] = {
    "scenario": ScenarioInfo,
    "district": District,
    "plc": PlcSettings,
    "mentoring": MentoringSettings,
    "community": CommunitySettings,
    "effects": Effects,
}


@attrs.frozen
class Scenario:
    """A whole scenario: one frozen value per section (see the module doc).

    Examples:
        >>> s = Scenario()
        >>> s.info.years, s.district.schools * s.district.teachers_per_school
        (3, 900)
        >>> attrs.evolve(s, plc=attrs.evolve(s.plc, enabled=False)).plc.enabled
        False
    """

    info: ScenarioInfo = attrs.field(factory=ScenarioInfo)
    district: District = attrs.field(factory=District)
    plc: PlcSettings = attrs.field(factory=PlcSettings)
    mentoring: MentoringSettings = attrs.field(factory=MentoringSettings)
    community: CommunitySettings = attrs.field(factory=CommunitySettings)
    effects: Effects = attrs.field(factory=Effects)

    def __attrs_post_init__(self) -> None:
        if self.plc.min_size > self.plc.max_size:
            raise ScenarioError(
                f"min_size ({self.plc.min_size}) must not be above max_size ({self.plc.max_size})",
                key="plc.min_size",
            )

    def section(self, name: str) -> Any:
        """The section called ``name`` in TOML (``scenario`` is :attr:`info`)."""
        return self.info if name == "scenario" else getattr(self, name)

    def with_value(self, key: str, value: Any) -> Scenario:
        """This scenario with one parameter changed, by its dotted key (for sweeps).

        Raises:
            ScenarioError: no such key, or a value out of its bounds.

        Examples:
            >>> Scenario().with_value("mentoring.attrition_ratio", 0.8).mentoring.attrition_ratio
            0.8
        """
        table, _, name = key.partition(".")
        return _build({**_as_tables(self), table: {**_as_tables(self).get(table, {}), name: value}})


def parameters() -> list[Parameter]:
    """Every parameter: its dotted key, default, bounds, meaning and source.

    Examples:
        >>> [p.key for p in parameters()][:3]
        ['scenario.name', 'scenario.years', 'scenario.start_year']
    """
    out = []
    for table, cls in _SECTIONS.items():
        for a in attrs.fields(cls):
            out.append(
                Parameter(
                    key=f"{table}.{a.name}",
                    default=a.default,
                    bounds=a.metadata["bounds"],
                    meaning=a.metadata["meaning"],
                    source=a.metadata["source"],
                )
            )
    return out


def parameters_table() -> str:
    """Every parameter as a Markdown table (docs/simulation.md's, by tools/gen_docs.py).

    Examples:
        >>> parameters_table().splitlines()[0]
        '| key | default | bounds | meaning | source |'
    """

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|")

    lines = ["| key | default | bounds | meaning | source |", "|---|---|---|---|---|"]
    for p in parameters():
        default = _toml_value(p.default)
        lines.append(
            f"| `{p.key}` | `{cell(default)}` | {cell(p.bounds)} | {cell(p.meaning)} | "
            f"{cell(p.source)} |"
        )
    return "\n".join(lines) + "\n"


# -- TOML -------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-. \"']+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")
_AT_LINE = re.compile(r"at line (\d+)")


def _line_of(text: str, table: str, key: str | None) -> int | None:
    """The line (1-based) that sets ``table.key`` (or opens ``[table]``) in ``text``."""
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            current = header.group(1).strip().strip("\"'")
            if key is None and current == table:
                return number
            continue
        found = _KEY.match(raw)
        if found and current == table and found.group(1).strip("\"'") == key:
            return number
    return None


def _as_tables(scenario: Scenario) -> dict[str, dict[str, Any]]:
    return {name: attrs.asdict(scenario.section(name)) for name in _SECTIONS}


def _build(tables: Mapping[str, Any], text: str = "", source: str = "scenario") -> Scenario:
    sections: dict[str, Any] = {}
    for table, values in tables.items():
        cls = _SECTIONS.get(table)
        if cls is None:
            raise ScenarioError(
                f"unknown section [{table}]; the sections are "
                + ", ".join(f"[{s}]" for s in _SECTIONS),
                key=table,
                line=_line_of(text, table, None),
                source=source,
            )
        if not isinstance(values, Mapping):
            raise ScenarioError(
                f"[{table}] is a table of keys, got {shown(values)}",
                key=table,
                line=_line_of(text, "", table),
                source=source,
            )
        names = {a.name for a in attrs.fields(cls)}
        for name in values:
            if name not in names:
                raise ScenarioError(
                    f"unknown key '{name}' in [{table}]; its keys are {', '.join(sorted(names))}",
                    key=f"{table}.{name}",
                    line=_line_of(text, table, name),
                    source=source,
                )
        try:
            sections["info" if table == "scenario" else table] = cls(**values)
        except (InvalidData, ValueError, TypeError) as exc:
            name = exc.path if isinstance(exc, InvalidData) else _culprit(exc, values)
            problem = exc.problem if isinstance(exc, InvalidData) else str(exc)
            raise ScenarioError(
                problem,
                key=f"{table}.{name}" if name else table,
                line=_line_of(text, table, name) if name else _line_of(text, table, None),
                source=source,
            ) from None
    try:
        return Scenario(**sections)
    except ScenarioError as exc:
        table, _, name = (exc.key or "").partition(".")
        raise ScenarioError(
            exc.problem.partition(": ")[2] or exc.problem,
            key=exc.key,
            line=_line_of(text, table, name),
            source=source,
        ) from None


def _culprit(exc: Exception, values: Mapping[str, Any]) -> str | None:
    # attrs' in_ names the attribute in quotes: 'form' must be in (...)
    found = re.search(r"'(\w+)' must be in", str(exc))
    if found and found.group(1) in values:
        return found.group(1)
    return None


def scenario_from_toml(text: str, *, source: str = "scenario") -> Scenario:
    r"""The scenario a TOML text describes (defaults for whatever it leaves out).

    Raises:
        ScenarioError: the text is not TOML, or names an unknown section or key, or a value
            of the wrong type or out of its bounds; the error names the key and its line.

    Examples:
        >>> scenario_from_toml('[scenario]\nyears = 1').info.years
        1
        >>> scenario_from_toml('[mentoring]\nfrom = "group"')
        Traceback (most recent call last):
        ...
        pedcommunity.simulation.scenario.ScenarioError: scenario line 2: mentoring.from: ...
    """
    if not isinstance(text, str):
        raise ScenarioError(f"a scenario is TOML text, got {shown(text)}", key=None, source=source)
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _AT_LINE.search(str(exc))
        raise ScenarioError(
            f"not valid TOML: {exc}",
            key=None,
            line=int(at.group(1)) if at else None,
            source=source,
        ) from None
    return _build(tables, text, source)


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in a TOML file (UTF-8).

    Raises:
        ScenarioError: the file cannot be read, or is refused (see :func:`scenario_from_toml`).

    Examples:
        >>> from pedcommunity.simulation import SHIPPED_SCENARIO
        >>> load_scenario(SHIPPED_SCENARIO).district.schools
        30
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the file: {exc}", key=None, source=where) from None
    return scenario_from_toml(text, source=where)


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as TOML, every key written (what a run records, and reads back equal).

    Examples:
        >>> s = Scenario().with_value("plc.participation", 0.75)
        >>> scenario_from_toml(scenario_to_toml(s)) == s
        True
    """
    lines: list[str] = []
    for table, values in _as_tables(scenario).items():
        lines.append(f"[{table}]")
        for name, value in values.items():
            lines.append(f"{name} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return repr(value)
