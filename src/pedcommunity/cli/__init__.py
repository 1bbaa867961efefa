"""The ``pedcommunity`` command.

``pedcommunity demo [--lang ru|en]`` runs School 95's PLC through a whole cycle;
``pedcommunity schema`` prints the JSON Schema of the JSON contract;
``pedcommunity match`` pairs mentors with mentees from CSV files (``match --help`` lists the
columns; :mod:`pedcommunity.adapters.matching_csv` has the details);
``pedcommunity groups`` forms PLC groups from teachers' ranked topics.
``pedcommunity keys create|list|revoke`` manages the HTTP service's API keys
(:mod:`pedcommunity.cli.keys`).
``pedcommunity simulate`` runs an agent-based district on the real workflows
(:mod:`pedcommunity.cli.simulate`).
``pedcommunity xapi send|statements`` sends the outbox to an xAPI LRS or prints statements
(:mod:`pedcommunity.cli.xapi`).

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

from pedcommunity._version import __version__
from pedcommunity.cli import definitions, keys, matching, roster, serve, simulate, store, xapi
from pedcommunity.cli._common import Usage, add_lang, add_tenant
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
    add_lang(demo)
    demo.add_argument(
        "--store",
        help="also keep the PLC in this store (a SQLite file or a postgresql:// URL) / "
        "сохранить ПОС в хранилище",
    )
    add_tenant(demo)
    sub.add_parser(
        "schema",
        help="print the JSON Schema of the JSON contract / JSON-схема формата обмена",
    )
    matching.add_commands(sub)
    store.add_commands(sub)
    serve.add_commands(sub)
    keys.add_commands(sub)
    roster.add_commands(sub)
    xapi.add_commands(sub)
    simulate.add_commands(sub)
    definitions.add_commands(sub)
    return parser


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
    if isinstance(exc, Usage):
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

        plc = run_demo(args.lang)
        if args.store:
            app = store.open_services(args.store)
            try:
                app.import_workflows([plc], tenant=args.tenant)
            finally:
                app.close()
            kept = "ПОС сохранена в хранилище" if args.lang == "ru" else "The PLC is kept in"
            print(f"{kept}: {args.store} ({plc.id}); pedcommunity show {args.store} {plc.id}")
        return 0
    if args.command == "schema":
        import json  # noqa: PLC0415

        from pedcommunity.adapters.json_schema import contract_schema  # noqa: PLC0415

        print(json.dumps(contract_schema(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    run = getattr(args, "run", None)
    return None if run is None else int(run(args))


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
