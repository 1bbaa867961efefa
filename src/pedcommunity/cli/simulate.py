r"""``pedcommunity simulate``: run a scenario (or a sweep) and write its rows, summary and plot.

``pedcommunity simulate [scenario.toml] --replications 20 --workers 2 --out runs.csv --plot
fig.png`` runs the scenario (the shipped district by default) ``--replications`` times from
``--seed`` on ``--workers`` processes (or a Dask cluster: ``--dask tcp://host:8786``, or
``--dask local`` for a LocalCluster of ``--workers``), writes one row per week and run to
``--out`` (CSV: the same bytes for the same scenario and seed, whatever the workers; beside
it ``<name>.record.toml``: the library's version, the seed and every scenario run),
a summary with confidence intervals to ``--summary``, a plot to ``--plot``, and prints each
scenario's last week. ``--vary mentoring.attrition_ratio=0.4,0.6,1.0`` sweeps one parameter
(``--plot`` then draws the response too, beside the figure: ``fig-response.png``).
``--show-scenario`` prints the scenario as TOML (every key) and exits: a start for your own.

A refused scenario prints one line naming the file, the line and the key, and exits with 2.

Examples:
    >>> from pedcommunity.cli import main
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> with open(os.path.join(d, "s.toml"), "w") as f:
    ...     _ = f.write('[scenario]\nyears = 1\nweeks = 2\n[district]\nschools = 2\n'
    ...                 'teachers_per_school = 10\n')
    >>> main(["simulate", os.path.join(d, "s.toml"), "--replications", "2", "--workers", "1",
    ...       "--out", os.path.join(d, "runs.csv"), "--lang", "en"])  # doctest: +ELLIPSIS
    Ran 2 runs of 1 scenario(s) (seed 0, 1 worker(s)); 0 failed.
    ...
    0
    >>> with open(os.path.join(d, "bad.toml"), "w") as f:
    ...     _ = f.write('[plc]\nparticipation = 2\n')
    >>> main(["simulate", os.path.join(d, "bad.toml"), "--lang", "en"])
    2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pedcommunity.cli._common import Usage, add_lang, say

__all__ = ["add_commands", "run_simulate"]

_TEXT = {
    "ran": (
        (
            "Прогонов: {runs}, сценариев: {scenarios} (зерно {seed}, процессов: {workers}); "
            "неудачных: {failed}."
        ),
        (
            "Ran {runs} runs of {scenarios} scenario(s) (seed {seed}, {workers} worker(s)); "
            "{failed} failed."
        ),
    ),
    "last": (
        (
            "{name}: к концу (неделя {step}) удержание {retention}, молодых {early}, "
            "вовлечённость {engagement}, компетенции {competency}"
        ),
        (
            "{name}: at the end (week {step}) retention {retention}, early-career {early}, "
            "engagement {engagement}, competency {competency}"
        ),
    ),
    "wrote": ("Записано: {path}", "Wrote {path}"),
    "failed": (
        "Прогон {replication} сценария «{name}» не удался: {error}",
        "Run {replication} of '{name}' failed: {error}",
    ),
}


def _t(key: str, lang: str, **values: object) -> str:
    return say(_TEXT, key, lang, **values)


def add_commands(sub: Any) -> None:
    """Register ``simulate`` on the subparsers."""
    p = sub.add_parser(
        "simulate",
        help="simulate a district (PLCs, mentoring, a club) / моделирование района",
        description="Run a scenario's agent-based district on the real workflows. "
        "Моделирование района на настоящих процессах.",
    )
    p.add_argument("scenario", nargs="?", help="a scenario TOML file (default: the shipped one)")
    p.add_argument("--replications", type=int, default=1, help="runs per scenario (default 1)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    p.add_argument("--seed", type=int, default=0, help="the root seed (default 0)")
    p.add_argument("--out", help="write the rows (one per week and run) to this CSV")
    p.add_argument("--summary", help="write means and confidence intervals to this CSV")
    p.add_argument("--plot", help="draw retention, engagement, competency (PNG, SVG, PDF)")
    p.add_argument(
        "--vary", help="sweep one parameter: KEY=V1,V2,... (mentoring.attrition_ratio=0.4,1)"
    )
    p.add_argument("--dask", help="run on a Dask cluster: its address, or 'local'")
    p.add_argument("--show-scenario", action="store_true", help="print the scenario as TOML")
    add_lang(p)
    p.set_defaults(run=run_simulate)


def _values(text: str) -> tuple[str, list[Any]]:
    key, sep, listed = text.partition("=")
    if not sep or not key.strip() or not listed.strip():
        raise Usage(
            "--vary это КЛЮЧ=З1,З2,... (mentoring.attrition_ratio=0.4,1.0)",
            "--vary is KEY=V1,V2,... (mentoring.attrition_ratio=0.4,1.0)",
        )
    values: list[Any] = []
    for raw in listed.split(","):
        item = raw.strip()
        value: Any = item
        for kind in (int, float):
            try:
                value = kind(item)
                break
            except ValueError:
                continue
        if item in ("true", "false"):
            value = item == "true"
        values.append(value)
    return key.strip(), values


def run_simulate(args: argparse.Namespace) -> int:
    """Run ``pedcommunity simulate``; the exit code."""
    from pedcommunity._version import __version__  # noqa: PLC0415
    from pedcommunity.simulation import (  # noqa: PLC0415 (numpy and the workflows load here)
        SHIPPED_SCENARIO,
        final,
        load_scenario,
        rows_to_csv,
        run_sweep,
        scenario_to_toml,
        summarise,
        vary,
    )

    lang = args.lang
    scenario = load_scenario(args.scenario or SHIPPED_SCENARIO)
    if args.show_scenario:
        print(scenario_to_toml(scenario), end="")
        return 0
    for name, value in (("--replications", args.replications), ("--workers", args.workers)):
        if value is not None and value < 1:
            raise Usage(f"{name} это целое число от 1", f"{name} is a whole number of 1 or more")
    key, values = _values(args.vary) if args.vary else ("", [])
    scenarios = vary(scenario, key, values) if key else [scenario]
    client: Any = None
    cluster: Any = None
    executor = None
    if args.dask:
        import importlib  # noqa: PLC0415

        # The dask extra's; untyped, hence Any.
        distributed: Any = importlib.import_module("distributed")
        if args.dask == "local":
            cluster = distributed.LocalCluster(
                n_workers=args.workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(args.dask)
        executor = client.get_executor()
    try:
        results = run_sweep(
            scenarios, args.replications, executor, seed=args.seed, workers=args.workers
        )
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    failed = [r for r in results if not r.ok]
    workers = args.workers or ("dask" if args.dask else "all")
    print(
        _t(
            "ran",
            lang,
            runs=len(results),
            scenarios=len(scenarios),
            seed=args.seed,
            workers=workers,
            failed=len(failed),
        )
    )
    for r in failed:
        last_line = (r.error or "").strip().splitlines()[-1:] or [""]
        print(
            _t(
                "failed",
                lang,
                replication=r.replication,
                name=r.scenario.info.name,
                error=last_line[0],
            ),
            file=sys.stderr,
        )
    summary = summarise(results)
    ends = {(row["scenario"], row["metric"]): row for row in final(summary)}
    for s in scenarios:
        name = s.info.name

        def at(metric: str, name: str = name) -> str:
            row = ends.get((name, metric))
            return (
                "-" if row is None else f"{row['mean']:.3f} [{row['low']:.3f}, {row['high']:.3f}]"
            )

        step = ends.get((name, "retention"), {}).get("step", "-")
        print(
            _t(
                "last",
                lang,
                name=name,
                step=step,
                retention=at("retention"),
                early=at("early_retention"),
                engagement=at("engagement"),
                competency=at("competency"),
            )
        )
    if args.out:
        rows_to_csv(results, args.out)
        print(_t("wrote", lang, path=args.out))
        # What reproduces the rows, beside them: the library's version, the seed, each scenario.
        out = Path(args.out)
        record = out.with_name(f"{out.stem}.record.toml")
        head = (
            f"# pedcommunity {__version__}: pedcommunity simulate --seed {args.seed} "
            f"--replications {args.replications}\n"
        )
        record.write_text(
            head + "\n".join(f"\n# {s.info.name}\n{scenario_to_toml(s)}" for s in scenarios),
            encoding="utf-8",
        )
        print(_t("wrote", lang, path=record))
    if args.summary:
        import csv  # noqa: PLC0415

        with open(args.summary, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(
                f, fieldnames=list(summary[0]) if summary else ["scenario"], lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(summary)
        print(_t("wrote", lang, path=args.summary))
    if args.plot:
        from pedcommunity.simulation.plots import plot_response, plot_runs  # noqa: PLC0415

        plot_runs(results, args.plot, lang=lang)
        print(_t("wrote", lang, path=args.plot))
        if key:
            path = Path(args.plot)
            response = path.with_name(f"{path.stem}-response{path.suffix}")
            plot_response(results, key, response, lang=lang)
            print(_t("wrote", lang, path=response))
    return 0 if len(failed) < len(results) else 1
