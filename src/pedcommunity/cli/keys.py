"""``pedcommunity keys create|list|revoke``: the API keys of the HTTP service.

``keys create --tenant school-95 [--name moodle]`` prints the new key's token on stdout, on
a line of its own and nothing else there, so ``KEY=$(pedcommunity keys create --tenant t)``
captures exactly the token; a note on stderr says it is shown once (the store keeps only
its hash). ``keys list [--tenant T]`` prints every key as a table (id, tenant, name, created,
revoked); ``keys revoke KEY_ID`` revokes one. The store is ``--store`` (by default ``pc.db``
here, the ``serve`` command's default, created if missing). Every command goes through
:func:`pedcommunity.services.bootstrap`.

Examples:
    >>> import os, tempfile
    >>> from pedcommunity.cli import main
    >>> db = os.path.join(tempfile.mkdtemp(), "pc.db")
    >>> main(["keys", "list", "--store", db, "--lang", "en"])
    No API keys.
    0
    >>> main(["keys", "revoke", "0123456789ab", "--store", db])
    2
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pedcommunity.cli._common import DEFAULT_STORE, add_lang, in_lang

__all__ = ["add_commands", "run_keys"]

_TEXT = {
    "created": (
        (
            "Ключ {key_id} для «{tenant}» создан. Он показан один раз и хранится только как "
            "хеш: сохраните его сейчас (отозвать: pedcommunity keys revoke {key_id})."
        ),
        (
            "Key {key_id} for '{tenant}' created. It is shown once and stored only as a hash: "
            "keep it now (to revoke it: pedcommunity keys revoke {key_id})."
        ),
    ),
    "none": ("Ключей API нет.", "No API keys."),
    "revoked": ("Ключ {key_id} отозван: {at}", "Key {key_id} revoked: {at}"),
    "header": (
        ("ключ", "школа/регион", "назначение", "создан", "отозван"),
        ("key_id", "tenant", "name", "created", "revoked"),
    ),
}


def _t(key: str, lang: str) -> Any:
    return in_lang(_TEXT, key, lang)


def add_commands(sub: Any) -> None:
    """Register ``keys`` with its three actions on the subparsers."""
    keys = sub.add_parser(
        "keys",
        help="API keys of the HTTP service: create, list, revoke / ключи API: создать, "
        "показать, отозвать",
        description="Each key opens one tenant's workflows; it is shown once, stored as a hash.",
    )
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="make a key for a tenant / создать ключ")
    create.add_argument(
        "--tenant", required=True, help="the school or region the key opens / школа или регион"
    )
    create.add_argument(
        "--name", default="key", help="what the key is for (moodle...) / назначение ключа"
    )
    listing = actions.add_parser("list", help="list the keys / показать ключи")
    listing.add_argument("--tenant", help="only this tenant's keys / только этой школы")
    revoke = actions.add_parser("revoke", help="revoke a key / отозвать ключ")
    revoke.add_argument("key_id", metavar="KEY_ID", help="the key's id (keys list shows it)")
    for parser in (create, listing, revoke):
        parser.add_argument(
            "--store",
            default=DEFAULT_STORE,
            help=f"a SQLite file or a postgresql:// URL (default: {DEFAULT_STORE}) / хранилище",
        )
        add_lang(parser)
    keys.set_defaults(run=run_keys)


def run_keys(args: argparse.Namespace) -> int:
    """``pedcommunity keys ACTION``: run one action on the store's keys."""
    from pedcommunity.cli.store import open_services  # noqa: PLC0415 (loads the store code)

    app = open_services(args.store)
    try:
        if args.action == "create":
            # The first key of a deployment comes before `serve`: make the store if need be
            # (idempotent), so that `keys create` then `serve` works on a new file or database.
            app.init_store()
            new = app.create_key(args.tenant, name=args.name)
            print(new.token, flush=True)
            note = _t("created", args.lang).format(key_id=new.key.key_id, tenant=args.tenant)
            print(note, file=sys.stderr)
        elif args.action == "list":
            _print_table(app.keys(args.tenant), args.lang)
        else:
            key = app.revoke_key(args.key_id)
            assert key.revoked_at is not None
            print(_t("revoked", args.lang).format(key_id=key.key_id, at=_when(key.revoked_at)))
    finally:
        app.close()
    return 0


def _when(at: Any) -> str:
    """A time as the table shows it: UTC, to the second."""
    from datetime import UTC  # noqa: PLC0415

    return str(at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))


def _print_table(keys: list[Any], lang: str) -> None:
    if not keys:
        print(_t("none", lang))
        return
    rows = [_t("header", lang)] + [
        (k.key_id, k.tenant, k.name, _when(k.created_at), _when(k.revoked_at) if k.revoked else "-")
        for k in keys
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
