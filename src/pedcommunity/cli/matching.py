"""``pedcommunity match`` and ``pedcommunity groups``: matching from CSV files.

The commands read files with the adapters and call :mod:`pedcommunity.services.matching`;
numpy, scipy and the solvers load only when a command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from pedcommunity.cli._common import Progress, Usage

__all__ = ["add_commands", "run_groups", "run_match"]

# The columns below are the adapters' MENTOR_COLUMNS, MENTEE_COLUMNS... written out so that
# --help needs no import of the matching package; a unit test keeps the two in step.
MATCH_EPILOG = """\
Columns (the first line is the header; comma-separated; UTF-8; lists inside a cell are
separated by ';'; columns marked * are required, an unknown column is refused):
  --mentors     id*, organisation_id, subjects, years_experience (0-70),
                teaches (competency:level;... with level 1-4 or novice, developing,
                proficient, expert), capacity (0-10000, default 1),
                formats (in_person;online, default both), available (time slots),
                prefers (mentee ids, best first)
  --mentees     id*, organisation_id, subjects, years_experience (0-70),
                needs (competency:level;...), formats, available, wishes (mentor ids)
  --edges       mentor_id*, mentee_id*, score* (a number from 0 to 1000000)
  --capacities  mentor_id*, capacity* (0-10000)
  --never, --locked
                mentor_id*, mentee_id* (ids that the other files name)
Output: --out (mentor_id,mentee_id,score) and, beside it, NAME.unmatched.csv
(mentee_id,reason,eligible), both or neither. Samples: examples/data/; a walk-through:
docs/how-to/match-mentors-csv.md (по-русски: match-mentors-csv.ru.md).

A refused file prints one line naming the file, the line and the column, for example
  pedcommunity: error in mentors.csv, line 4, column capacity: capacity must be ...
writes nothing and exits with code 2.
Столбцы перечислены выше; ошибка в файле печатается одной строкой (файл, строка, столбец),
ничего не записывается, код выхода 2."""

GROUPS_EPILOG = """\
Columns of --rankings (the first line is the header; comma-separated; UTF-8;
columns marked * are required):
  teacher_id*, topic_id*, rank* (1 for the first choice, up to 1000; each teacher's ranks
  run 1, 2, 3... without gaps); other columns (a comment) are ignored.
Output: --out (topic_id,teacher_id,rank) and, beside it, NAME.unplaced.csv
(teacher_id,reason), both or neither. Sample: examples/data/rankings.csv; a walk-through:
docs/how-to/form-plc-groups.md (по-русски: form-plc-groups.ru.md).

A refused file prints one line naming the file, the line and the column, for example
  pedcommunity: error in R.csv, line 7, column rank: rank must be a whole number of ...
writes nothing and exits with code 2.
Столбцы перечислены выше; ошибка в файле печатается одной строкой (файл, строка, столбец),
ничего не записывается, код выхода 2."""


def add_commands(sub: Any) -> None:
    """Register ``match`` and ``groups`` on the command's subparsers."""
    match = sub.add_parser(
        "match",
        help="pair mentors with mentees from CSV files / подбор наставнических пар из CSV",
        # Raw text keeps the column table below as written, so the lines are wrapped here.
        description="Read mentor and mentee profiles (--mentors, --mentees) or scored edges\n"
        "(--edges, --capacities), match them and write the pairs CSV and the unmatched\n"
        "beside it. The columns of each file are listed below.",
        epilog=MATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        description="Read teacher_id,topic_id,rank rows and form groups within the size\n"
        "bounds; write topic_id,teacher_id,rank rows and the unplaced beside them.",
        epilog=GROUPS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    match.set_defaults(run=run_match)
    groups.set_defaults(run=run_groups)


def run_match(args: argparse.Namespace) -> int:
    """``pedcommunity match``: read the CSV files, match, write the pairs and the unmatched."""
    # Imported here, not at the top: numpy, scipy and the solvers take most of a second.
    from pedcommunity.adapters import matching_csv as mcsv  # noqa: PLC0415
    from pedcommunity.services.matching import match_mentors, solve_problem  # noqa: PLC0415

    ru = args.lang == "ru"
    profiles = args.mentors or args.mentees
    edges = args.edges or args.capacities
    if (
        bool(profiles) == bool(edges)
        or (profiles and not (args.mentors and args.mentees))
        or (edges and not (args.edges and args.capacities))
    ):
        raise Usage(
            "give either --mentors and --mentees, or --edges and --capacities",
            "укажите либо --mentors и --mentees, либо --edges и --capacities",
        )
    if args.k < 0:
        raise Usage(
            f"--k must be 0 or more, got {args.k}", f"--k должно быть 0 или больше, а не {args.k}"
        )
    if profiles:
        mentors = mcsv.read_mentors(args.mentors)
        mentees = mcsv.read_mentees(args.mentees)
        constraints = mcsv.read_constraints(
            args.never,
            args.locked,
            mentor_ids=[m.id for m in mentors],
            mentee_ids=[t.id for t in mentees],
            capacities={m.id: m.capacity for m in mentors},
        )
        bar = Progress("оценка пар" if ru else "scoring", len(mentees), not args.quiet)
        # The files hold pairs and scores, not the reasons: explaining 100,000 pairs
        # criterion by criterion would cost seconds for nothing written.
        result = match_mentors(
            mentors,
            mentees,
            constraints=constraints,
            k=args.k or None,
            method=args.method,
            objective=args.objective,
            explain=False,
            progress=bar,
        )
        bar.close()
    else:
        problem = mcsv.read_problem(
            args.edges, args.capacities, never=args.never, locked=args.locked
        )
        result = solve_problem(problem, method=args.method, objective=args.objective, explain=False)
    out, rest = mcsv.write_result(result, args.out)
    print(result.method.label.get(args.lang))
    for label, value in result.figures.rows(args.lang):
        print(f"  {label}: {value}")
    print(("Пары: " if ru else "Pairs: ") + str(out))
    print(("Без наставника: " if ru else "Unmatched: ") + str(rest))
    return 0


def run_groups(args: argparse.Namespace) -> int:
    """``pedcommunity groups``: read the rankings, form the groups, write them."""
    from pedcommunity.adapters import groups_csv  # noqa: PLC0415
    from pedcommunity.services.matching import form_plc_groups  # noqa: PLC0415

    rankings = groups_csv.read_rankings(args.rankings)
    bar = Progress("группы" if args.lang == "ru" else "groups", len(rankings), not args.quiet)
    bar(0, len(rankings))
    plan = form_plc_groups(rankings, min_size=args.min_size, max_size=args.max_size)
    bar(len(rankings), len(rankings))
    bar.close()
    out, rest = groups_csv.write_plan(plan, args.out)
    print(plan.describe(args.lang))
    print(("Группы: " if args.lang == "ru" else "Groups: ") + str(out))
    print(("Без группы: " if args.lang == "ru" else "Unplaced: ") + str(rest))
    return 0
