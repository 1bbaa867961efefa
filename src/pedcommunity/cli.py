"""The ``pedcommunity`` command.

``pedcommunity demo [--lang ru|en]`` runs School 95's PLC through a whole cycle;
``pedcommunity schema`` prints the JSON Schema of the JSON contract.

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

from pedcommunity._version import __version__
from pedcommunity.errors import PedcommunityError

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
    return parser


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
    except PedcommunityError as exc:
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
