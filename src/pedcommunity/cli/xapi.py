"""``pedcommunity xapi send|statements``: a store's domain events as xAPI 1.0.3 statements.

``xapi send --store pc.db --lrs URL --username U --home-page URL`` drains the tenant's outbox
into an LRS (batches, Basic auth, retries; :class:`~pedcommunity.adapters.xapi.OutboxSender`)
and prints what it sent; the password is read from the environment variable
``--password-env`` names (``PEDCOMMUNITY_LRS_PASSWORD`` by default), never from a prompt or
the command line (which ``ps`` shows). A second run sends only what is new: the outbox's
checkpoint (consumer ``xapi``) moves only past what the LRS accepted. ``xapi statements``
prints every statement of the tenant's workflows (or of one, ``--workflow``) as JSON lines,
for piping to another LRS or a file. ``--accounts directory`` names each teacher by their
``username`` in the tenant's directory (``pedcommunity roster import``), else by the teacher
id, on ``--home-page``.

A refusal (the LRS refused or could not be reached after the retries: ``DeliveryFailed``; a bad
URL, a missing password) prints one line on stderr and exits with code 2.

Examples:
    >>> import os, tempfile
    >>> from pedcommunity.cli import main
    >>> db = os.path.join(tempfile.mkdtemp(), "pc.db")
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):
    ...     made = main(["demo", "--store", db, "--lang", "en"])
    >>> made
    0
    >>> main(["xapi", "statements", "--store", db, "--home-page", "https://lms.example",
    ...       "--workflow", "no-such-plc", "--lang", "en"])
    2
    >>> os.environ.pop("NO_SUCH_PASSWORD", None)
    >>> main(["xapi", "send", "--store", db, "--lrs", "http://127.0.0.1:9/xAPI",
    ...       "--username", "pc", "--password-env", "NO_SUCH_PASSWORD",
    ...       "--home-page", "https://lms.example", "--lang", "en"])
    2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from pedcommunity.cli._common import Usage, add_lang, add_tenant, say

__all__ = ["PASSWORD_ENV", "add_commands", "run_xapi"]

#: The environment variable ``xapi send`` reads the LRS's password from by default.
PASSWORD_ENV = "PEDCOMMUNITY_LRS_PASSWORD"

_TEXT = {
    "sent": (
        (
            "Отправлено в {lrs}: событий {events}, высказываний (statements) {statements}; "
            "отметка получателя «xapi» теперь {position}."
        ),
        (
            "Sent to {lrs}: {events} events, {statements} statements; "
            "the 'xapi' checkpoint is now {position}."
        ),
    ),
    "partly": (
        "До отказа LRS принял высказываний: {statements}; остальное уйдёт при следующем запуске.",
        "The LRS accepted {statements} statements before; the rest goes on the next run.",
    ),
}


def _t(key: str, lang: str, **values: object) -> str:
    return say(_TEXT, key, lang, **values)


def add_commands(sub: Any) -> None:
    """Register ``xapi send`` and ``xapi statements`` on the subparsers."""
    xapi = sub.add_parser(
        "xapi",
        help="xAPI 1.0.3: send the outbox to an LRS, or print statements / xAPI: в LRS",
    )
    actions = xapi.add_subparsers(dest="action", metavar="ACTION", required=True)
    send = actions.add_parser("send", help="drain the outbox into an LRS / отправить в LRS")
    send.add_argument("--lrs", required=True, help="the LRS's xAPI endpoint (https://…/xAPI)")
    send.add_argument("--username", required=True, help="the LRS's Basic auth user")
    send.add_argument(
        "--password-env",
        default=PASSWORD_ENV,
        metavar="VAR",
        help=f"the environment variable holding the password (default: {PASSWORD_ENV})",
    )
    send.add_argument("--batch", type=int, default=100, help="statements per POST (1-1000)")
    send.add_argument("--attempts", type=int, default=5, help="tries per POST (1-20)")
    show = actions.add_parser("statements", help="print statements as JSON lines / вывести")
    show.add_argument("--workflow", help="only this workflow's statements")
    for parser in (send, show):
        parser.add_argument(
            "--store", required=True, help="a SQLite file or a postgresql:// URL / хранилище"
        )
        parser.add_argument(
            "--home-page", required=True, help="the LMS's homePage of the accounts (https://…)"
        )
        parser.add_argument(
            "--accounts",
            choices=("directory", "none"),
            default="none",
            help="directory: each teacher's username in the tenant's directory; "
            "none: the teacher id (default)",
        )
        add_tenant(parser)
        add_lang(parser)
    xapi.set_defaults(run=run_xapi)


def run_xapi(args: argparse.Namespace) -> int:
    """``pedcommunity xapi ACTION``: send the outbox to an LRS, or print the statements."""
    from pedcommunity.adapters.xapi import Actors, StatementBuilder  # noqa: PLC0415 (extra)
    from pedcommunity.cli.store import open_services  # noqa: PLC0415 (loads the store code)

    password = None
    if args.action == "send":
        password = os.environ.get(args.password_env)
        if not password:
            raise Usage(
                f"no LRS password: set the environment variable {args.password_env}",
                f"нет пароля LRS: задайте переменную окружения {args.password_env}",
            )
    app = open_services(args.store)
    try:
        roster = app.directory(args.tenant) if args.accounts == "directory" else None
        home = args.home_page
        actors = Actors(home) if roster is None else Actors.from_roster(roster, home)
        builder = StatementBuilder(actors, definitions=app.definitions)
        if password is None:
            return _print_statements(app, builder, args)
        return _send(app, builder, password, args)
    finally:
        app.close()


def _print_statements(app: Any, builder: Any, args: argparse.Namespace) -> int:
    if args.workflow is not None:
        workflows = [app.history(args.workflow, tenant=args.tenant)]
    else:
        workflows = app.export(tenant=args.tenant)
    for workflow in workflows:
        for statement in builder.build_log(workflow.events, tenant=args.tenant):
            print(json.dumps(statement, ensure_ascii=False, sort_keys=True))
    return 0


def _send(app: Any, builder: Any, password: str, args: argparse.Namespace) -> int:
    from pedcommunity.adapters.xapi import LrsClient, OutboxSender  # noqa: PLC0415 (extra)
    from pedcommunity.errors import DeliveryFailed  # noqa: PLC0415

    lang = args.lang
    with LrsClient(
        args.lrs,
        username=args.username,
        password=password,
        batch=args.batch,
        attempts=args.attempts,
    ) as client:
        sender = _Counting(client)
        try:
            report = OutboxSender(app.store, sender, builder, tenant=args.tenant).drain()
        except DeliveryFailed as exc:
            status = f" (HTTP {exc.status})" if exc.status is not None else ""
            print(
                f"pedcommunity: {exc.summary(lang)}: {exc.target}: {exc.problem}{status}",
                file=sys.stderr,
            )
            if exc.reply:
                print(f"  {exc.reply[:300]!r}", file=sys.stderr)
            print(f"  {_t('partly', lang, statements=sender.sent)}", file=sys.stderr)
            return 2
    print(
        _t(
            "sent",
            lang,
            lrs=client.endpoint,
            events=report.events,
            statements=report.statements,
            position=report.position,
        )
    )
    return 0


class _Counting:
    """The client, counting what the LRS accepted (to say so when a later batch fails)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.sent = 0

    def send(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        ids: list[str] = self.client.send(statements)
        self.sent += len(ids)
        return ids
