"""Simulation for researchers: an agent-based district on the real workflows.

Teachers are agents (career stage, competency levels, engagement, burnout, school, close
colleagues); each school's PLCs run the real ``PLC_CYCLE`` (groups by ``form_groups``, topics
by vote, audits from the agents' levels, plans by ``propose_plan``), a mentoring programme
matches early-career teachers with the real matcher and runs each pair on the real track
workflow, and a district club holds events. Runs are seeded and reproducible on any number of
workers; sweeps run on every core or on Dask; results are tidy rows, summaries with
confidence intervals, plots, and the event log of every workflow a run created.

See docs/simulation.md for the model, every parameter with its source, and a tutorial.

Examples:
    >>> s = load_scenario(SHIPPED_SCENARIO)
    >>> s.district.schools * s.district.teachers_per_school, s.info.years
    (900, 3)
    >>> small = s.with_value("district.schools", 2).with_value("scenario.weeks", 2)
    >>> small = small.with_value("scenario.years", 1)
    >>> [r.ok for r in run_sweep(small, replications=2, workers=1, progress=False)]
    [True, True]
"""

from importlib.resources import files

from .run import ROW_KEYS, RunResult, replicate_seeds, rows_to_csv, run_scenario, to_dataframe
from .scenario import (
    CommunitySettings,
    District,
    Effects,
    MentoringSettings,
    Parameter,
    PlcSettings,
    Scenario,
    ScenarioError,
    ScenarioInfo,
    load_scenario,
    parameters,
    parameters_table,
    scenario_from_toml,
    scenario_to_toml,
)
from .summary import METRICS, final, summarise
from .sweep import run_sweep, vary

#: The shipped scenario: a district of 30 schools, 900 teachers, three years.
SHIPPED_SCENARIO = str(files("pedcommunity") / "data" / "scenarios" / "district.toml")

__all__ = [
    "METRICS",
    "ROW_KEYS",
    "SHIPPED_SCENARIO",
    "CommunitySettings",
    "District",
    "Effects",
    "MentoringSettings",
    "Parameter",
    "PlcSettings",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "ScenarioInfo",
    "final",
    "load_scenario",
    "parameters",
    "parameters_table",
    "replicate_seeds",
    "rows_to_csv",
    "run_scenario",
    "run_sweep",
    "scenario_from_toml",
    "scenario_to_toml",
    "summarise",
    "to_dataframe",
    "vary",
]
