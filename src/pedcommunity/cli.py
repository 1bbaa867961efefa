"""The ``pedcommunity`` command.

``pedcommunity demo [--lang ru|en]`` runs School 95's PLC through a whole cycle;
``pedcommunity schema`` prints the JSON Schema of the JSON contract;
``pedcommunity match`` pairs mentors with mentees from CSV files (``match --help`` lists the
columns; :mod:`pedcommunity.adapters.matching_csv` has the details);
``pedcommunity groups`` forms PLC groups from teachers' ranked topics.

A refused input never prints a traceback: it prints one line on stderr that names the file,
the line and the column (in Russian or English, after ``--lang``), writes nothing, and exits
with code 2. Outputs are written all or nothing (see
:func:`pedcommunity.adapters.csv_io.write_tables`).

This module imports only the standard library and two small modules at the top, so
``pedcommunity --version`` and ``--help`` start fast; each command imports what it needs.

Examples:
    >>> main(["--version"])  # doctest: +ELLIPSIS
    pedcommunity ...
    0
    >>> main(["groups", "--rankings", "no-such-file.csv", "--lang", "en"])
    2
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from pedcommunity._version import __version__
from pedcommunity.errors import InvalidData, PedcommunityError

__all__ = ["main"]

# The columns below are the adapters' MENTOR_COLUMNS, MENTEE_COLUMNS... written out so that
# --help needs no import of the matching package; a unit test keeps the two in step.
_MATCH_EPILOG = """\
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
(mentee_id,reason,eligible), both or neither.

A refused file prints one line naming the file, the line and the column, for example
  pedcommunity: error in mentors.csv, line 4, column capacity: capacity must be ...
writes nothing and exits with code 2.
Столбцы перечислены выше; ошибка в файле печатается одной строкой (файл, строка, столбец),
ничего не записывается, код выхода 2."""

_GROUPS_EPILOG = """\
Columns of --rankings (the first line is the header; comma-separated; UTF-8;
columns marked * are required):
  teacher_id*, topic_id*, rank* (1 for the first choice, up to 1000; each teacher's ranks
  run 1, 2, 3... without gaps); other columns (a comment) are ignored.
Output: --out (topic_id,teacher_id,rank) and, beside it, NAME.unplaced.csv
(teacher_id,reason), both or neither.

A refused file prints one line naming the file, the line and the column, for example
  pedcommunity: error in R.csv, line 7, column rank: rank must be a whole number of ...
writes nothing and exits with code 2.
Столбцы перечислены выше; ошибка в файле печатается одной строкой (файл, строка, столбец),
ничего не записывается, код выхода 2."""


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
        # Raw text keeps the column table below as written, so the lines are wrapped here.
        description="Read mentor and mentee profiles (--mentors, --mentees) or scored edges\n"
        "(--edges, --capacities), match them and write the pairs CSV and the unmatched\n"
        "beside it. The columns of each file are listed below.",
        epilog=_MATCH_EPILOG,
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
        epilog=_GROUPS_EPILOG,
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
    return parser


class _Usage(PedcommunityError):
    """Options that do not fit together, with the explanation in English and Russian."""

    def __init__(self, en: str, ru: str) -> None:
        self.en = en
        self.ru = ru
        super().__init__(en)


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
    # Imported here, not at the top: numpy, scipy and the solvers take most of a second.
    from pedcommunity.adapters import matching_csv as mcsv  # noqa: PLC0415
    from pedcommunity.matching import (  # noqa: PLC0415
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
        raise _Usage(
            "give either --mentors and --mentees, or --edges and --capacities",
            "укажите либо --mentors и --mentees, либо --edges и --capacities",
        )
    if args.k < 0:
        raise _Usage(
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
        bar = _Progress("оценка пар" if ru else "scoring", len(mentees), not args.quiet)
        problem = candidate_problem(
            mentors, mentees, constraints=constraints, k=args.k or None, progress=bar
        )
        bar.close()
    else:
        problem = mcsv.read_problem(
            args.edges, args.capacities, never=args.never, locked=args.locked
        )
    # The files hold pairs and scores, not the reasons: explaining 100,000 pairs criterion by
    # criterion would cost seconds for nothing written.
    if args.method == "optimal":
        result = optimal(problem, objective=args.objective, explain=False)
    elif args.method == "stable":
        result = stable(problem, explain=False)
    else:
        result = greedy(problem, explain=False)
    out, rest = mcsv.write_result(result, args.out)
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
    out, rest = groups_csv.write_plan(plan, args.out)
    print(plan.describe(args.lang))
    print(("Группы: " if args.lang == "ru" else "Groups: ") + str(out))
    print(("Без группы: " if args.lang == "ru" else "Unplaced: ") + str(rest))
    return 0


_AT_LINE = re.compile(r"(?P<file>.+) line (?P<line>\d+)")
_MAX_MESSAGE = 400  # a refused 100,000-character cell must not become a 100,000-character line


def _one_line(text: str) -> str:
    """``text`` with newlines and other control characters escaped, and cut to a sane length."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _summary(exc: PedcommunityError, lang: str) -> str:
    """The one line a refusal prints: where (file, line, column) and what, in ``lang``."""
    from pedcommunity.adapters.csv_io import CsvError  # noqa: PLC0415 (light, stdlib only)

    ru = lang == "ru"
    if isinstance(exc, CsvError):
        return ("ошибка в файле " if ru else "error in ") + exc.summary(lang)
    if isinstance(exc, _Usage):
        return ("ошибка: " + exc.ru) if ru else ("error: " + exc.en)
    if isinstance(exc, InvalidData):
        at = _AT_LINE.fullmatch(exc.path)
        if at is not None:
            where = f"{at['file']}, {'строка' if ru else 'line'} {at['line']}"
            return ("ошибка в файле " if ru else "error in ") + f"{where}: {exc.problem}"
    return ("ошибка: " if ru else "error: ") + str(exc)


def _run(args: argparse.Namespace) -> int | None:
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
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0 is success; 2 is refused input (a bad file or options), reported as one line on stderr
    that names the file, the line and the column; 1 is a bug of ours, also one line.
    ``argparse`` itself exits with 2 on unknown options, as usual.

    Examples:
        >>> main(["match", "--mentors", "m.csv", "--lang", "en"])
        2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"pedcommunity {__version__}")
        return 0
    lang = getattr(args, "lang", "en")
    try:
        code = _run(args)
    except BrokenPipeError:
        # `pedcommunity demo | head`: the reader left; that is not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stays open until exit)
        return 0
    except PedcommunityError as exc:
        print(f"pedcommunity: {_one_line(_summary(exc, lang))}", file=sys.stderr)
        return 2
    except OSError as exc:
        # The readers and writers turn their own OSErrors into CsvError; this is the rest.
        print(f"pedcommunity: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # one line instead of a traceback, even for a bug
        what = (
            "внутренняя ошибка, сообщите о ней"
            if lang == "ru"
            else "internal error, please report it"
        )
        print(f"pedcommunity: {what}: {_one_line(f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return 1
    if code is None:
        parser.print_help()
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
