"""The ``pedcommunity`` command.

``pedcommunity demo [--lang ru|en]`` runs School 95's PLC through a whole cycle;
``pedcommunity schema`` prints the JSON Schema of the JSON contract;
``pedcommunity match`` pairs mentors with mentees from CSV files (see
:mod:`pedcommunity.adapters.matching_csv` for the columns);
``pedcommunity groups`` forms PLC groups from teachers' ranked topics.

Examples:
    >>> main(["--version"])  # doctest: +ELLIPSIS
    pedcommunity ...
    0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pedcommunity._version import __version__
from pedcommunity.errors import InvalidData, PedcommunityError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pedcommunity",
        description="Teacher communities: PLC cycles, mentoring, clubs. "
        "Сообщества педагогов: ПОС, наставничество, клубы.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo",
        help="run School 95's PLC through a whole cycle / демонстрация цикла ПОС школы 95",
    )
    demo.add_argument(
        "--lang", choices=("ru", "en"), default="ru", help="language of the output (default: ru)"
    )
    sub.add_parser(
        "schema",
        help="print the JSON Schema of the JSON contract / JSON-схема формата обмена",
    )
    match = sub.add_parser(
        "match",
        help="pair mentors with mentees from CSV files / подбор наставнических пар из CSV",
        description="Read mentor and mentee profiles (--mentors, --mentees) or scored edges "
        "(--edges, --capacities), match them and write the pairs CSV and the unmatched beside "
        "it. Columns: see the docs page on matching.",
    )
    match.add_argument("--mentors", help="mentors CSV (profiles)")
    match.add_argument("--mentees", help="mentees CSV (profiles)")
    match.add_argument("--edges", help="edges CSV: mentor_id,mentee_id,score")
    match.add_argument("--capacities", help="capacities CSV: mentor_id,capacity")
    match.add_argument("--never", help="pairs never to make CSV: mentor_id,mentee_id")
    match.add_argument("--locked", help="pairs a coordinator fixed CSV: mentor_id,mentee_id")
    match.add_argument(
        "--method",
        choices=("optimal", "stable", "greedy"),
        default="optimal",
        help="how to match (default: optimal)",
    )
    match.add_argument(
        "--objective",
        choices=("participation", "quality"),
        default="participation",
        help="for optimal: most pairs first (participation, default) or best total (quality)",
    )
    match.add_argument(
        "--k",
        type=int,
        default=20,
        help="candidates kept per mentee when scoring profiles (default 20; 0 keeps all)",
    )
    match.add_argument("--out", default="pairs.csv", help="pairs CSV to write (default pairs.csv)")
    match.add_argument("--lang", choices=("ru", "en"), default="ru", help="language of the summary")
    match.add_argument("--quiet", action="store_true", help="no progress bar")
    groups = sub.add_parser(
        "groups",
        help="form PLC groups from ranked topics / формирование групп ПОС по выбору тем",
        description="Read teacher_id,topic_id,rank rows and form groups within the size bounds; "
        "write topic_id,teacher_id,rank rows and the unplaced beside them.",
    )
    groups.add_argument("--rankings", required=True, help="rankings CSV: teacher_id,topic_id,rank")
    groups.add_argument("--min", type=int, default=3, dest="min_size", help="smallest group (3)")
    groups.add_argument("--max", type=int, default=15, dest="max_size", help="largest group (15)")
    groups.add_argument(
        "--out", default="groups.csv", help="groups CSV to write (default groups.csv)"
    )
    groups.add_argument(
        "--lang", choices=("ru", "en"), default="ru", help="language of the summary"
    )
    groups.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


_LARGE = 5000  # rows from which a progress bar is worth its noise


class _Progress:
    """A progress bar on stderr: tqdm's when it is installed, a plain one otherwise."""

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        self.enabled = enabled and total >= _LARGE
        self.label, self.total, self.done = label, total, 0
        self._bar: Any = None
        if self.enabled:
            try:
                from tqdm import tqdm  # noqa: PLC0415 (optional)
            except ImportError:
                pass
            else:
                self._bar = tqdm(total=total, desc=label, file=sys.stderr, unit="row")

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(done - self.done)
        else:
            filled = 30 * done // max(total, 1)
            print(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
                end="",
                file=sys.stderr,
                flush=True,
            )
        self.done = done

    def close(self) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            print(file=sys.stderr)


def _match(args: argparse.Namespace) -> int:
    from pedcommunity.adapters import matching_csv as mcsv  # noqa: PLC0415
    from pedcommunity.matching import (  # noqa: PLC0415
        Constraints,
        candidate_problem,
        greedy,
        optimal,
        stable,
    )

    ru = args.lang == "ru"
    profiles = args.mentors or args.mentees
    edges = args.edges or args.capacities
    if (
        bool(profiles) == bool(edges)
        or (profiles and not (args.mentors and args.mentees))
        or (edges and not (args.edges and args.capacities))
    ):
        raise InvalidData(
            "give either --mentors and --mentees, or --edges and --capacities", path="$.args"
        )
    if args.k < 0:
        raise InvalidData(f"--k must be 0 or more, got {args.k}", path="$.args.k")
    constraints = Constraints(
        never=mcsv.read_pairs(args.never) if args.never else (),
        must=mcsv.read_pairs(args.locked) if args.locked else (),
    )
    if profiles:
        mentors = mcsv.read_mentors(args.mentors)
        mentees = mcsv.read_mentees(args.mentees)
        bar = _Progress("оценка пар" if ru else "scoring", len(mentees), not args.quiet)
        problem = candidate_problem(
            mentors, mentees, constraints=constraints, k=args.k or None, progress=bar
        )
        bar.close()
    else:
        problem = mcsv.read_problem(args.edges, args.capacities, constraints=constraints)
    if args.method == "optimal":
        result = optimal(problem, objective=args.objective)
    elif args.method == "stable":
        result = stable(problem)
    else:
        result = greedy(problem)
    out = mcsv.write_pairs(result, args.out)
    rest = mcsv.write_unmatched(result, mcsv.unmatched_path(args.out))
    print(result.method.label.get(args.lang))
    for label, value in result.figures.rows(args.lang):
        print(f"  {label}: {value}")
    print(("Пары: " if ru else "Pairs: ") + str(out))
    print(("Без наставника: " if ru else "Unmatched: ") + str(rest))
    return 0


def _groups(args: argparse.Namespace) -> int:
    from pedcommunity.adapters import groups_csv  # noqa: PLC0415
    from pedcommunity.matching.groups import form_groups  # noqa: PLC0415

    rankings = groups_csv.read_rankings(args.rankings)
    bar = _Progress("группы" if args.lang == "ru" else "groups", len(rankings), not args.quiet)
    bar(0, len(rankings))
    plan = form_groups(rankings, min_size=args.min_size, max_size=args.max_size)
    bar(len(rankings), len(rankings))
    bar.close()
    out = Path(args.out)
    groups_csv.write_groups(plan, out)
    rest = out.with_name(f"{out.stem}.unplaced{out.suffix or '.csv'}")
    groups_csv.write_unplaced(plan, rest)
    print(plan.describe(args.lang))
    print(("Группы: " if args.lang == "ru" else "Groups: ") + str(out))
    print(("Без группы: " if args.lang == "ru" else "Unplaced: ") + str(rest))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 2 refused input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"pedcommunity {__version__}")
        return 0
    try:
        if args.command == "demo":
            from pedcommunity.demo import run_demo  # noqa: PLC0415 (load the demo only when asked)

            run_demo(args.lang)
            return 0
        if args.command == "schema":
            import json  # noqa: PLC0415

            from pedcommunity.adapters.json_schema import contract_schema  # noqa: PLC0415

            print(json.dumps(contract_schema(), ensure_ascii=False, indent=2, sort_keys=True))
            return 0
        if args.command == "match":
            return _match(args)
        if args.command == "groups":
            return _groups(args)
    except PedcommunityError as exc:
        print(f"pedcommunity: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A missing or unreadable file: say which, without a traceback.
        print(f"pedcommunity: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `pedcommunity demo | head`: the reader left; that is not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stays open until exit)
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
