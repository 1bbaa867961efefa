"""Run the service: a store opened (its tables created if missing), uvicorn on a host and port.

uvicorn stops gracefully on SIGINT and SIGTERM: it takes no new connection, lets every
request in flight finish (a command commits or not, all or nothing, as always) for up to
``graceful`` seconds, then closes the store.

Examples:
    >>> load_role_map('{"Instructor": ["facilitator", "curator"], "Learner": []}')
    {'Instructor': ('facilitator', 'curator'), 'Learner': ()}
    >>> load_role_map('{"Instructor": "facilitator"}')
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $.Instructor: a role map gives each LMS role a list of \
workflow roles, got "facilitator"
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping

from pedcommunity.adapters.json import parse_json
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import is_id

__all__ = ["load_role_map", "serve"]


def load_role_map(text: str | bytes) -> dict[str, tuple[str, ...]]:
    """Read a role map (JSON: ``{"LMS role": ["workflow role", ...]}``).

    Raises:
        InvalidData: not such a map (``path`` names the entry).
    """
    document = parse_json(text)
    if not isinstance(document, dict):
        raise InvalidData("a role map is a JSON object of LMS role names", path="$")
    roles: dict[str, tuple[str, ...]] = {}
    for name, granted in document.items():
        if not isinstance(granted, list) or not all(is_id(g) for g in granted):
            raise InvalidData(
                "a role map gives each LMS role a list of workflow roles, got "
                f"{json.dumps(granted, ensure_ascii=False)[:60]}",
                path=f"$.{name}",
            )
        roles[name] = tuple(granted)
    return roles


def serve(
    store: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    role_map: Mapping[str, tuple[str, ...]] | None = None,
    graceful: int = 30,
    key_cache: float = 5.0,
    log_level: str = "info",
) -> None:
    """Open ``store`` (a SQLite file or a ``postgresql://`` URL) and serve it until stopped.

    Raises:
        InvalidData, StoreError: the store cannot be opened.
    """
    import uvicorn  # noqa: PLC0415 (the server extra, imported only to serve)

    from pedcommunity.services import bootstrap  # noqa: PLC0415

    from .app import create_app  # noqa: PLC0415

    services = bootstrap(store)
    try:
        services.init_store()
        app = create_app(services, role_map=role_map, key_ttl=key_cache)
        logging.basicConfig(
            stream=sys.stderr, level=log_level.upper(), format="%(message)s", force=False
        )
        logging.getLogger("pedcommunity.http").setLevel(log_level.upper())
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            access_log=False,  # one line per request is ours, with the tenant
            log_level=log_level,
            timeout_graceful_shutdown=graceful,
            lifespan="off",
        )
        uvicorn.Server(config).run()
    finally:
        services.close()
