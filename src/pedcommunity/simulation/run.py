r"""One run of a scenario: seeded, recorded, its rows tidy and its event log kept.

:func:`run_scenario` steps a :class:`~.model.DistrictModel` through the scenario's years and
returns a :class:`RunResult`: one row per week (plain dicts, a pandas DataFrame on request),
the run's record (library version, scenario, seed) and the store that holds the event log of
every workflow the run created, so monitoring reads a simulated district as it reads a real
one, and :meth:`RunResult.save` writes it to a SQL store.

Seeds: a run takes a :class:`numpy.random.SeedSequence` (or a whole number, its entropy);
:func:`replicate_seeds` spawns the replications' sequences up front, so replication ``r`` of
a sweep is the same run whoever runs it, wherever, with however many workers.

Examples:
    >>> from pedcommunity.simulation.scenario import scenario_from_toml
    >>> s = scenario_from_toml('[district]\nschools = 2\nteachers_per_school = 10\n'
    ...                        '[scenario]\nyears = 1\nweeks = 2')
    >>> r = run_scenario(s, seed=7)
    >>> len(r.rows), r.rows[0]["seed"], r.error is None
    (2, '7/0', True)
    >>> run_scenario(s, seed=7).rows == r.rows
    True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from pedcommunity._repr import shown
from pedcommunity._version import __version__
from pedcommunity.errors import InvalidData
from pedcommunity.services import InMemoryStore, bootstrap
from pedcommunity.workflows.engine import Workflow

from .scenario import Scenario, scenario_to_toml

__all__ = [
    "ROW_KEYS",
    "RunResult",
    "replicate_seeds",
    "rows_to_csv",
    "run_scenario",
    "to_dataframe",
]

#: The columns of a run's rows, in order: the run's own, then the model's (model._row).
ROW_KEYS = (
    "scenario",
    "replication",
    "seed",
    "step",
    "year",
    "week",
    "date",
    "teachers",
    "early_career",
    "left",
    "left_total",
    "retention",
    "early_retention",
    "burnout",
    "engagement",
    "competency",
    "plc_groups",
    "plc_members",
    "gaps_learnt",
    "mentoring_pairs",
    "mentoring_sessions",
    "tracks_completed",
    "club_attended",
)


def _seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidData(f"seed is a whole number of 0 or more, got {shown(seed)}", path="$.seed")
    return np.random.SeedSequence(seed)


def replicate_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    """The seed sequences of ``replications`` independent replications of ``seed``.

    Spawned up front from one :class:`numpy.random.SeedSequence`: the streams are
    independent, and replication ``r``'s is the same however the runs are spread.

    Examples:
        >>> [s.spawn_key for s in replicate_seeds(42, 3)]
        [(0,), (1,), (2,)]
    """
    _check_count("replications", replications)
    return _seed_sequence(seed).spawn(replications)


def _check_count(name: str, value: object) -> None:
    """Refuse ``value`` unless it is a whole number of 1 or more (``path`` ``$.<name>``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidData(
            f"{name} is a whole number of 1 or more, got {shown(value)}", path=f"$.{name}"
        )


def _seed_label(seq: np.random.SeedSequence) -> str:
    key = "/".join(str(k) for k in seq.spawn_key) or "0"
    return f"{seq.entropy}/{key}"


@attrs.frozen
class RunResult:
    """What one run gives: its rows, its record and (unless dropped) its event log.

    Attributes:
        scenario: the scenario run.
        replication: the replication's number in its sweep (0 for a single run).
        seed: ``"<entropy>/<spawn key>"``: what reproduces the run.
        version: the library's version that ran it.
        rows: one dict per week, keys :data:`ROW_KEYS`.
        store: the in-memory store with every workflow the run created (``None`` when a
            sweep dropped it to keep the results small).
        error: ``None``, or the failed run's error (``"Type: message"``) and traceback.
    """

    scenario: Scenario
    replication: int
    seed: str
    version: str
    rows: tuple[dict[str, Any], ...]
    store: InMemoryStore | None = attrs.field(default=None, eq=False, repr=False)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the run finished."""
        return self.error is None

    def record(self) -> dict[str, str]:
        """The run's record: library version, seed, replication and the whole scenario (TOML).

        Examples:
            >>> from pedcommunity.simulation.scenario import Scenario
            >>> r = RunResult(scenario=Scenario(), replication=0, seed="1/0", version="0.1.0",
            ...               rows=())
            >>> sorted(r.record())
            ['library_version', 'replication', 'scenario', 'seed']
        """
        return {
            "library_version": self.version,
            "seed": self.seed,
            "replication": str(self.replication),
            "scenario": scenario_to_toml(self.scenario),
        }

    def workflows(self) -> list[Workflow]:
        """Every workflow the run created, each rebuilt from its events (sorted by id).

        Raises:
            InvalidData: the run kept no store (a sweep's run, or a failed one).
        """
        from .model import TENANT  # noqa: PLC0415 (model imports this module's users)

        if self.store is None:
            raise InvalidData(
                "this run kept no event log (run_sweep(..., keep_store=True) keeps it)",
                path="$.store",
            )
        services = bootstrap(self.store, plugins=False)
        return list(services.export(tenant=TENANT))

    def save(self, target: str, *, tenant: str | None = None) -> int:
        """Write the run's workflows to a store (a SQLite path or a SQL URL); their count.

        The same events the store would have kept had the district been real: monitoring,
        reviews and the HTTP service read them unchanged.
        """
        from .model import TENANT  # noqa: PLC0415

        services = bootstrap(target)
        try:
            services.init_store()
            return services.import_workflows(self.workflows(), tenant=tenant or TENANT)
        finally:
            services.close()


def run_scenario(
    scenario: Scenario,
    seed: int | np.random.SeedSequence = 0,
    *,
    replication: int = 0,
    keep_store: bool = True,
) -> RunResult:
    """Run ``scenario`` once from ``seed``: every week of every year.

    Args:
        scenario: the district and its parameters.
        seed: a whole number (the entropy of a new seed sequence) or a spawned
            :class:`numpy.random.SeedSequence` (:func:`replicate_seeds`).
        replication: the replication's number, recorded in each row.
        keep_store: keep the event log in :attr:`RunResult.store`.

    Raises:
        InvalidData: a bad seed or scenario. A failure inside the run itself is raised too;
            :func:`~.sweep.run_sweep` records it instead.
    """
    from .model import DistrictModel  # noqa: PLC0415 (the drivers load the workflows)

    if not isinstance(scenario, Scenario):
        raise InvalidData(f"a Scenario is run, got {shown(scenario)}", path="$.scenario")
    seq = _seed_sequence(seed)
    label = _seed_label(seq)
    model = DistrictModel(scenario, np.random.default_rng(seq))
    head = {"scenario": scenario.info.name, "replication": replication, "seed": label}
    rows = []
    for _ in range(scenario.info.years * scenario.info.weeks):
        rows.append({**head, **model.step()})
    return RunResult(
        scenario=scenario,
        replication=replication,
        seed=label,
        version=__version__,
        rows=tuple(rows),
        store=model.services.store if keep_store else None,  # type: ignore[arg-type]
    )


def _failed(
    scenario: Scenario, seq: np.random.SeedSequence, replication: int, error: str
) -> RunResult:
    """A run that failed: no rows, its ``error`` recorded (a sweep goes on without it)."""
    return RunResult(
        scenario=scenario,
        replication=replication,
        seed=_seed_label(seq),
        version=__version__,
        rows=(),
        error=error,
    )


def rows_to_csv(results: Iterable[RunResult], path: str | Path | None = None) -> str:
    """The rows of ``results`` as CSV (columns :data:`ROW_KEYS`); written to ``path`` if given.

    Numbers are written as Python writes them (``repr``), so the same runs give the same
    bytes on any machine.

    Examples:
        >>> print(rows_to_csv([]).strip()[:30])
        scenario,replication,seed,step
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ROW_KEYS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerows(result.rows)
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def to_dataframe(results: Sequence[RunResult]) -> Any:
    """The rows of ``results`` as one pandas DataFrame (pandas must be installed).

    Examples:
        >>> to_dataframe([]).columns[:2].tolist()
        ['scenario', 'replication']
    """
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    return pd.DataFrame([row for r in results for row in r.rows], columns=list(ROW_KEYS))
