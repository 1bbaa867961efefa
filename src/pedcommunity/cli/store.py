"""``pedcommunity store init|check|export|import`` and ``pedcommunity show``.

A store is a SQLite file or a PostgreSQL URL (the ``store`` and ``postgres`` extras).
Export and import are JSON lines: one JSON contract document of a ``Workflow`` (its whole
event log) per line, so a file moves a school's workflows between stores, or to any system
that reads the contract (its JSON Schema is ``pedcommunity schema``). Every command goes
through :func:`pedcommunity.services.bootstrap`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pedcommunity.cli._common import add_lang, add_store, add_tenant, say

__all__ = ["add_commands", "open_services", "run_show", "run_store"]

_TEXT = {
    "ready": (
        "Хранилище готово: {store} (версия схемы {version})",
        "Store ready: {store} (schema version {version})",
    ),
    "exported": ("Выгружено процессов: {n}", "Workflows exported: {n}"),
    "imported": ("Загружено процессов: {n}", "Workflows imported: {n}"),
    "state": ("Этап", "Stage"),
    "version": ("Версия", "Version"),
    "events": ("Последние события", "Last events"),
}


def _t(key: str, lang: str, **values: object) -> str:
    return say(_TEXT, key, lang, **values)


def add_commands(sub: Any) -> None:
    """Register ``store`` (with its four actions) and ``show`` on the subparsers."""
    store = sub.add_parser(
        "store",
        help="create, check, export or import a store / хранилище: создать, проверить, "
        "выгрузить, загрузить",
        description="Keep workflows in a SQLite file or a PostgreSQL database.",
    )
    actions = store.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the tables (idempotent) / создать таблицы")
    check = actions.add_parser(
        "check", help="replay every workflow and report problems / проверить хранилище"
    )
    export = actions.add_parser(
        "export", help="write the tenant's workflows as JSON lines / выгрузить в JSON lines"
    )
    load = actions.add_parser(
        "import", help="read workflows from JSON lines / загрузить из JSON lines"
    )
    move = actions.add_parser(
        "migrate",
        help="move workflows to a new version of their definition (try --dry-run first) / "
        "перевести процессы на новую версию",
    )
    for parser in (init, check, export, load, move):
        add_store(parser)
        add_lang(parser)
    for parser in (export, load, move):
        add_tenant(parser)
    move.add_argument("file", metavar="MIGRATION", help="the migration, a JSON object")
    move.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    move.add_argument("--actor", default="system", help="who runs it (recorded; default system)")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    export.add_argument("--definition", help="only workflows of this definition (plc_cycle...)")
    load.add_argument("file", metavar="FILE", help="a JSON lines file from store export")
    store.set_defaults(run=run_store)

    show = sub.add_parser("show", help="print a stored workflow / показать процесс")
    add_store(show)
    show.add_argument("workflow_id", metavar="ID", help="the workflow's id")
    add_tenant(show)
    add_lang(show)
    show.add_argument(
        "--events", type=int, default=10, help="how many last events to list (default 10)"
    )
    show.set_defaults(run=run_show)


def open_services(target: str) -> Any:
    """The services over the store at ``target``, on the system clock (the commands' time)."""
    from pedcommunity.clock import SystemClock  # noqa: PLC0415 (commands import what they use)
    from pedcommunity.services import bootstrap  # noqa: PLC0415

    return bootstrap(target, clock=SystemClock())


def run_store(args: argparse.Namespace) -> int:
    """``pedcommunity store ACTION STORE``: run one action on a store."""
    app = open_services(args.store)
    try:
        if args.action == "init":
            version = app.init_store()
            from pedcommunity.adapters.store._target import hide_password  # noqa: PLC0415

            print(_t("ready", args.lang, store=hide_password(args.store), version=version))
            return 0
        if args.action == "check":
            report = app.check_store()
            print(report)
            return 0 if report.ok else 1
        if args.action == "export":
            return _export(app, args)
        if args.action == "migrate":
            return _migrate(app, args)
        return _import(app, args)
    finally:
        app.close()


def _export(app: Any, args: argparse.Namespace) -> int:
    workflows = app.export(definition=args.definition, tenant=args.tenant)
    if args.out == "-":
        from pedcommunity.adapters.json import to_json  # noqa: PLC0415

        for workflow in workflows:
            sys.stdout.write(to_json(workflow, definitions=app.definitions) + "\n")
        count = len(workflows)
    else:
        from pedcommunity.adapters.json_lines import write_json_lines  # noqa: PLC0415

        count = write_json_lines(args.out, workflows, definitions=app.definitions)
    print(_t("exported", args.lang, n=count), file=sys.stderr)
    return 0


def _import(app: Any, args: argparse.Namespace) -> int:
    from pedcommunity.adapters.json_lines import read_json_lines  # noqa: PLC0415
    from pedcommunity.workflows import Workflow  # noqa: PLC0415

    workflows = read_json_lines(args.file, Workflow, definitions=app.definitions)
    count = app.import_workflows(workflows, tenant=args.tenant)
    print(_t("imported", args.lang, n=count))
    return 0


def _migrate(app: Any, args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    from pedcommunity.errors import InvalidData  # noqa: PLC0415
    from pedcommunity.services.migrations import migration_from  # noqa: PLC0415

    try:
        with open(args.file, encoding="utf-8") as f:
            document = json.load(f)
    except OSError as exc:
        raise InvalidData(f"cannot read the file: {exc.strerror or exc}", path=args.file) from None
    except ValueError as exc:
        raise InvalidData(f"not JSON: {exc}", path=args.file) from None
    plan = app.migrate(
        migration_from(document), actor=args.actor, dry_run=args.dry_run, tenant=args.tenant
    )
    print(plan.describe(args.lang))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """``pedcommunity show STORE ID``: a stored workflow's stage, version and last events."""
    app = open_services(args.store)
    try:
        workflow = app.get(args.workflow_id, tenant=args.tenant)
        events = app.events(
            args.workflow_id,
            after=max(0, workflow.version - max(args.events, 0)),
            tenant=args.tenant,
        )
    finally:
        app.close()
    lang = args.lang
    definition = workflow.definition
    print(f"{workflow.id} ({definition.key}): {definition.label.get(lang)}")
    print(f"  {_t('state', lang)}: {workflow.state_label.get(lang)} ({workflow.state})")
    print(f"  {_t('version', lang)}: {workflow.version}")
    if events:
        print(f"  {_t('events', lang)}:")
    from pedcommunity.workflows.engine import ENGINE_EVENTS  # noqa: PLC0415

    for e in events:
        if e.trigger in ENGINE_EVENTS:
            label = ENGINE_EVENTS[e.trigger]
        else:  # an event before a migration is labelled by the version it ran on
            name, _, version = e.definition.rpartition("@")
            label = app.definitions.get(name, version).trigger(e.trigger).label
        print(f"    {e.sequence:>4}  {e.at.isoformat()}  {e.actor}: {label.get(lang)}")
    return 0
