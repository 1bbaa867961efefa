"""``pedcommunity roster import|export``: a school's staff and organisations from OneRoster CSV.

``roster import ROSTER [--store pc.db] [--tenant T] [--version auto|1.1|1.2]`` reads a
OneRoster package (a folder or a zip) and changes the tenant's directory by it, all or
nothing, printing what changed; ``roster export OUT [--version 1.2]`` writes the directory as
a bulk package (a zip when OUT ends in ``.zip``, else a folder). A refused roster prints every
problem on its own line (file, line, column), imports nothing and exits with code 2, as
every refused input of the command does.

Examples:
    >>> import os, tempfile
    >>> from pedcommunity.cli import main
    >>> db = os.path.join(tempfile.mkdtemp(), "pc.db")
    >>> main(["roster", "import", "tests/data/oneroster/v1p1", "--store", db, "--lang", "en"])
    Imported OneRoster 1.1 into 'default': 2 organisations and 2 staff added or changed, \
0 organisations and 0 staff removed; 2 users skipped (not staff), 0 stale rows.
    0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pedcommunity.cli._common import DEFAULT_STORE, add_lang, add_tenant, say

__all__ = ["add_commands", "run_roster"]

_TEXT = {
    "imported": (
        (
            "OneRoster {version} импортирован в «{tenant}»: организаций добавлено или изменено "
            "{orgs}, сотрудников {people}; удалено организаций {drop_orgs}, сотрудников "
            "{drop_people}; пропущено пользователей (не сотрудники) {skipped}, устаревших строк "
            "{stale}."
        ),
        (
            "Imported OneRoster {version} into '{tenant}': {orgs} organisations and {people} staff "
            "added or changed, {drop_orgs} organisations and {drop_people} staff removed; "
            "{skipped} users skipped (not staff), {stale} stale rows."
        ),
    ),
    "exported": (
        "OneRoster {version}: {orgs} организаций и {people} сотрудников записаны в {out}",
        "OneRoster {version}: {orgs} organisations and {people} staff written to {out}",
    ),
    "refused": (
        "Список отклонён, ничего не импортировано ({count}):",
        "The roster was refused, nothing was imported ({count} problems):",
    ),
}


def _t(key: str, lang: str, **values: object) -> str:
    return say(_TEXT, key, lang, **values)


def add_commands(sub: Any) -> None:
    """Register ``roster import`` and ``roster export`` on the subparsers."""
    roster = sub.add_parser(
        "roster",
        help="OneRoster CSV: import or export a school's staff and organisations / "
        "сотрудники и организации из OneRoster",
    )
    actions = roster.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = actions.add_parser("import", help="import a roster (folder or zip) / импортировать")
    load.add_argument("roster", metavar="ROSTER", help="a OneRoster folder or zip")
    load.add_argument(
        "--version",
        dest="oneroster_version",  # the command's own --version prints the library's
        choices=("auto", "1.1", "1.2"),
        default="auto",
        help="default: the manifest's",
    )
    save = actions.add_parser("export", help="export the directory / выгрузить")
    save.add_argument("out", metavar="OUT", help="a .zip file, or a folder")
    save.add_argument("--version", dest="oneroster_version", choices=("1.1", "1.2"), default="1.2")
    for parser in (load, save):
        parser.add_argument(
            "--store",
            default=DEFAULT_STORE,
            help=f"a SQLite file or a postgresql:// URL (default: {DEFAULT_STORE}) / хранилище",
        )
        add_tenant(parser)
        add_lang(parser)
    roster.set_defaults(run=run_roster)


def run_roster(args: argparse.Namespace) -> int:
    """``pedcommunity roster ACTION``: import a roster into the store, or export it."""
    from pedcommunity.adapters.oneroster import (  # noqa: PLC0415 (loads the adapter)
        RosterError,
        read_roster,
        write_roster,
    )
    from pedcommunity.cli.store import open_services  # noqa: PLC0415 (loads the store code)

    lang = args.lang
    try:
        plan = read_roster(args.roster, args.oneroster_version) if args.action == "import" else None
    except RosterError as error:
        return _refused(error, lang)
    app = open_services(args.store)
    try:
        if plan is None:
            roster = app.directory(args.tenant)
            out = write_roster(roster, args.out, args.oneroster_version)
            counts = {"orgs": len(roster.orgs), "people": len(roster.people)}
            print(_t("exported", lang, version=args.oneroster_version, out=out, **counts))
            return 0
        try:
            change = app.import_roster(plan, tenant=args.tenant)
        except RosterError as error:
            return _refused(error, lang)
    finally:
        app.close()
    print(
        _t(
            "imported",
            lang,
            version=plan.version,
            tenant=args.tenant,
            orgs=len(change.put_orgs),
            people=len(change.put_people),
            drop_orgs=len(change.drop_orgs),
            drop_people=len(change.drop_people),
            skipped=change.skipped_users,
            stale=change.stale_rows,
        )
    )
    return 0


def _refused(error: Any, lang: str) -> int:
    print(f"pedcommunity: {_t('refused', lang, count=len(error.problems))}", file=sys.stderr)
    for line in error.lines(lang):
        print(f"  {line}", file=sys.stderr)
    return 2
